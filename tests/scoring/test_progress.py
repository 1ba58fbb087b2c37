"""Roles side by side and progress since an earlier scan (docs/formaten.md)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scan.answers import load_answers
from scan.bank import BankSet
from scan.cli.commands import app
from scan.result import result_data
from scan.scoring.build import score
from scan.scoring.progress import change, compare
from scan.scoring.team import group_key, team_result
from tests.conftest import FIXTURES, TEST_BANKS

ANSWERS = FIXTURES / "antwoorden"
FILES = ["jan.yaml", "piet.yaml", "klaas.json"]
BANKS = ["--vragenlijsten", str(TEST_BANKS)]


def results(banks: BankSet, roles: list[str]) -> list:
    found = []
    for name, role in zip(FILES * 2, roles, strict=False):
        one = score(banks, load_answers(ANSWERS / name, banks)[0])
        one.respondent.role = role
        found.append(one)
    return found


def test_group_key_ignores_case_and_spaces() -> None:
    assert group_key("Het Baken", " Zorg &  Welzijn") == group_key("het  baken", "zorg & welzijn")
    assert group_key(None, "") == ("", "")


def test_roles_of_at_least_min_group_and_their_gaps(test_banks: BankSet) -> None:
    found = results(test_banks, ["docent", "Docent ", "docent", "teamleider", "teamleider", "x"])
    team = team_result(test_banks, found, min_group=2)
    assert list(team.roles) == ["docent", "teamleider"]  # "x" (n=1) left out
    assert team.roles["docent"].n == 3
    # docent = jan, piet, klaas; teamleider = jan, piet: the group means of draagvlak
    draagvlak = [r.sides["C"].dimensions["draagvlak"].score for r in found]
    docent = team.roles["docent"].sides["C"].dimensions["draagvlak"]
    assert docent == round(sum(draagvlak[:3]) / 3, 1)
    for gap in team.role_gaps:
        means = [g.sides[gap.side].dimensions[gap.dimension] for g in team.roles.values()]
        assert gap.gap == change(max(means), min(means)) and gap.gap >= 20
    assert team_result(test_banks, found).roles.keys() == {"docent"}  # default 3
    data = result_data(team)
    assert data["rollen"]["docent"]["kanten"]["C"]["onderdelen"]["draagvlak"] == docent


def test_compare_adds_previous_change_and_level(test_banks: BankSet) -> None:
    jan = score(test_banks, load_answers(ANSWERS / "jan.yaml", test_banks)[0])
    piet = score(test_banks, load_answers(ANSWERS / "piet.yaml", test_banks)[0])
    assert "vorige" not in result_data(jan)["kanten"]["B"]  # only with --vorige
    assert "vorige_datum" not in result_data(jan)
    data = result_data(compare(jan, piet))
    side_b = data["kanten"]["B"]
    assert side_b["vorige"] == piet.sides["B"].score
    assert side_b["verschil"] == change(jan.sides["B"].score, piet.sides["B"].score)
    assert side_b["vorig_niveau"] == piet.sides["B"].level
    dim = data["kanten"]["A"]["onderdelen"]["demografisch"]
    assert (dim["score"], dim["vorige"], dim["verschil"]) == (83.3, 16.7, 66.6)
    assert data["vorige_datum"] == "2026-11-23"
    assert list(data)[-2:] == ["vorige_datum", "vorige_vragenlijsten"]


def test_an_older_bank_version_compares_only_shared_dimensions(
    tmp_path: Path, test_banks: BankSet, runner: CliRunner
) -> None:
    earlier = result_data(score(test_banks, load_answers(ANSWERS / "piet.yaml", test_banks)[0]))
    earlier["vragenlijsten"]["regio"] = "2025.1"
    del earlier["kanten"]["A"]["onderdelen"]["economisch"]
    old = tmp_path / "vorig.json"
    old.write_text(json.dumps(earlier), encoding="utf-8")
    args = ["resultaat", str(ANSWERS / "jan.yaml"), "--vorige", str(old), *BANKS]
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    side_a = data["kanten"]["A"]
    assert side_a["onderdelen"]["economisch"]["vorige"] is None
    assert side_a["onderdelen"]["demografisch"]["vorige"] == 16.7
    assert side_a["vorige"] is None  # the side's dimensions differ: its score is not compared
    out = runner.invoke(app, args, env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    assert "Vergeleken met de vorige scan (2026-11-23)" in out
    assert "versie 2025.1" in " ".join(out.split())


def test_vorige_with_answer_files_of_another_team_is_refused(
    tmp_path: Path, runner: CliRunner
) -> None:
    other = tmp_path / "ander.yaml"
    text = (ANSWERS / "piet.yaml").read_text(encoding="utf-8")
    other.write_text(text.replace("school: het baken", "school: De Vaart"), encoding="utf-8")
    args = ["resultaat", str(ANSWERS / "jan.yaml"), "--vorige", str(other), "--json", *BANKS]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "andere school" in result.stderr and "Traceback" not in result.output
