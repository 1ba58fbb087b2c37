"""`--vorige` given hostile or mistaken files (found by probing main as a user would)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.answers import load_answers
from scan.bank import BankSet
from scan.cli.commands import app
from scan.result import result_data
from scan.scoring.build import score
from tests.conftest import FIXTURES, TEST_BANKS

ANSWERS = FIXTURES / "antwoorden"
JAN = ANSWERS / "jan.yaml"
BANKS = ["--vragenlijsten", str(TEST_BANKS)]


def earlier_result(banks: BankSet, tmp_path: Path, **side_a: object) -> Path:
    """Jan's result JSON dated a year earlier, with side A's fields replaced by ``side_a``."""
    data = result_data(score(banks, load_answers(JAN, banks)[0]))
    data["datum"] = "2025-11-22"
    data["kanten"]["A"].update(side_a)
    path = tmp_path / "vorig.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("score", "message"),
    [
        (1e400, "moet een eindig getal zijn"),
        ("NaN", "moet een eindig getal zijn"),
        (-5000, "moet ≥ 0 zijn"),
        (100.1, "moet ≤ 100 zijn"),
    ],
)
def test_an_earlier_result_with_an_impossible_score_is_a_located_dutch_error(
    test_banks: BankSet, tmp_path: Path, runner: CliRunner, score: object, message: str
) -> None:
    earlier = earlier_result(test_banks, tmp_path, score=score)
    result = runner.invoke(app, ["resultaat", str(JAN), "--vorige", str(earlier), *BANKS])
    assert result.exit_code == 1, result.output
    assert f"vorig.json:1: kanten.A.score: {message}" in result.stderr
    assert "Traceback" not in result.output


def test_an_earlier_team_result_with_a_negative_count_is_refused_at_its_line(
    tmp_path: Path, runner: CliRunner
) -> None:
    team = [str(ANSWERS / name) for name in ("jan.yaml", "piet.yaml", "klaas.json")]
    data = json.loads(runner.invoke(app, ["resultaat", *team, "--json", *BANKS]).stdout)
    data["kanten"]["C"]["n"] = -1
    for person in data["deelnemers"]:
        person["datum"] = "2025-11-22"
    earlier = tmp_path / "team.json"
    earlier.write_text(json.dumps(data, indent=2), encoding="utf-8")
    line = next(
        i for i, text in enumerate(earlier.read_text().splitlines(), 1) if '"n": -1' in text
    )
    result = runner.invoke(app, ["resultaat", *team, "--vorige", str(earlier), *BANKS])
    assert result.exit_code == 1
    assert f"team.json:{line}: kanten.C.n: moet ≥ 0 zijn, niet -1" in result.stderr


@pytest.mark.parametrize("command", ["resultaat", "rapport"])
def test_the_scan_itself_is_never_its_own_earlier_scan(
    tmp_path: Path, runner: CliRunner, command: str
) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(JAN)
    out = ["-o", str(tmp_path / "r.html"), "--html"] if command == "rapport" else []
    for earlier in (JAN, link):
        args = [command, str(JAN), "--vorige", str(earlier), *out, *BANKS]
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        assert "--vorige: dit is hetzelfde bestand als" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_an_earlier_scan_dated_after_this_one_is_warned(
    test_banks: BankSet, tmp_path: Path, runner: CliRunner
) -> None:
    later = earlier_result(test_banks, tmp_path)
    data = json.loads(later.read_text(encoding="utf-8"))
    data["datum"] = "2027-01-01"
    later.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["resultaat", str(JAN), "--vorige", str(later), "--json", *BANKS])
    assert result.exit_code == 0
    assert "waarschuwing: " in result.stderr and "na deze scan (2026-11-22)" in result.stderr
    assert json.loads(result.stdout)["vorige_datum"] == "2027-01-01"


def test_an_earlier_scan_of_another_group_names_both_as_written(
    test_banks: BankSet, tmp_path: Path, runner: CliRunner
) -> None:
    earlier = earlier_result(test_banks, tmp_path)
    data = json.loads(earlier.read_text(encoding="utf-8"))
    data["respondent"]["team"] = "Techniek"
    earlier.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(app, ["resultaat", str(JAN), "--vorige", str(earlier), *BANKS])
    assert result.exit_code == 1
    assert "een ander team ('Techniek', nu 'Zorg & Welzijn')" in result.stderr


def test_a_team_compared_with_one_respondent_is_warned(
    test_banks: BankSet, tmp_path: Path, runner: CliRunner
) -> None:
    earlier = earlier_result(test_banks, tmp_path)
    team = [str(ANSWERS / name) for name in ("jan.yaml", "piet.yaml", "klaas.json")]
    result = runner.invoke(app, ["resultaat", *team, "--vorige", str(earlier), "--json", *BANKS])
    assert result.exit_code == 0
    assert "deze scan is van een team, de vorige van één respondent" in result.stderr
    alone = runner.invoke(app, ["resultaat", str(JAN), "--vorige", str(earlier), *BANKS])
    assert alone.exit_code == 0 and "de vorige van" not in alone.stderr
