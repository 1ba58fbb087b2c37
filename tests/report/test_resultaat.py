"""`scan resultaat` as a user runs it: exit codes, JSON on stdout only, the terminal view."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from scan.answers import load_answers
from scan.bank import BankSet
from scan.cli.commands import app
from scan.report.terminal import bar, show_result
from scan.report.text import format_score
from scan.scoring.build import score
from tests.conftest import FIXTURES, TEST_BANKS

ANSWERS = FIXTURES / "antwoorden"
JAN = str(ANSWERS / "jan.yaml")
TEAM = [JAN, str(ANSWERS / "piet.yaml"), str(ANSWERS / "klaas.json")]
BANKS = ["--vragenlijsten", str(TEST_BANKS)]
NARROW = {"COLUMNS": "80", "NO_COLOR": "1"}


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["resultaat", *args, *BANKS], env=NARROW)


def test_json_of_one_respondent(runner: CliRunner, test_banks: BankSet) -> None:
    result = run(runner, JAN, "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    expected = score(test_banks, load_answers(Path(JAN), test_banks)[0])
    assert data == expected.model_dump(mode="json", by_alias=True)
    assert data["formaat"] == "samenwerkingsscan/resultaat-1"
    assert data["kanten"]["B"]["score"] == 63.1


def test_json_of_a_team(runner: CliRunner) -> None:
    result = run(runner, *TEAM, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["formaat"] == "samenwerkingsscan/teamresultaat-1"
    assert (data["respondenten"], data["kanten"]["B"]["score"]) == (3, 73.3)


def test_warnings_go_to_stderr_and_json_stays_clean(runner: CliRunner, tmp_path: Path) -> None:
    old = tmp_path / "oud.yaml"
    old.write_text(
        Path(JAN).read_text(encoding="utf-8").replace('regio: "2026.1"', 'regio: "2025.1"'),
        encoding="utf-8",
    )
    result = run(runner, str(old), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["kanten"]["A"]["onderdelen"]["demografisch"]["score"] == 83.3
    assert "waarschuwing:" in result.stderr and "versie '2025.1'" in result.stderr


def test_bad_files_are_all_reported_with_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "fout.yaml"
    bad.write_text("antwoorden:\n  regio.honkvast: 9\n", encoding="utf-8")
    result = run(runner, str(bad), str(tmp_path / "weg.yaml"), "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{bad}:2: antwoorden.regio.honkvast: waarde 9 staat niet op de schaal" in (
        result.stderr
    )
    assert f"{tmp_path / 'weg.yaml'}: bestand bestaat niet" in result.stderr
    assert "Traceback" not in result.output


def test_different_schools_need_gemengd(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "ander.yaml"
    other.write_text(
        Path(JAN).read_text(encoding="utf-8").replace("school: Het Baken", "school: De Linde"),
        encoding="utf-8",
    )
    result = run(runner, JAN, str(other), "--json")
    assert result.exit_code == 1
    assert "--gemengd" in result.stderr
    assert f"{other}: school 'De Linde', team 'Zorg & Welzijn'" in result.stderr
    result = run(runner, JAN, str(other), "--json", "--gemengd")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["school"] is None


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(app, ["resultaat"]).exit_code == 2
    assert runner.invoke(app, ["resultaat", JAN, "--onbekend"]).exit_code == 2


def test_terminal_view_of_one_respondent(runner: CliRunner) -> None:
    result = run(runner, JAN)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Jan Jansen · teamleider · Het Baken · Zorg & Welzijn" in out
    assert "Kant B · Samenwerkingspartners kennen (test)" in out
    assert "Score 63,1 · Structureel" in out
    assert "Ladder: Incidenteel → [Structureel] → Doorlopende leerlijn" in out
    assert "Score – · onvoldoende beantwoord" in out  # side A is null
    # the priorities (the highlight rule) with their advice; side B names its partner; a
    # dimension at the highest level (B regelgeving, 75,0) is not a priority
    urgent = out[out.index("Eerst aan de slag met") : out.index("Sterke punten")]
    assert "1. Kant C · Tijd en facilitering — 0,0 (Incidenteel)" in urgent
    assert "Reserveer uren. Bespreek dit met de directie." in urgent
    assert "2. Kant B · Borging · ROC Midden — 51,1 (Structureel)" in urgent
    assert "3." not in urgent
    assert "+ Kant A · Demografisch — 83,3 (Doorlopende leerlijn)" in out
    assert "? Kant A · Economisch — 2 van 2 keer 'weet niet'" in out
    assert "\x1b[" not in out  # NO_COLOR: no escape codes
    assert max(len(line) for line in out.splitlines()) <= 80


def test_terminal_view_of_a_team(runner: CliRunner) -> None:
    result = run(runner, *TEAM)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Het Baken · Zorg & Welzijn · 3 respondenten" in out
    assert "n=3 · 16,7–100,0 · sd 44,1 · verdeeld" in out  # demografisch
    assert "Score 62,5 · Structureel  n=3 · 37,5–100,0 · sd 33,1  verdeeld" in out  # side C
    assert "ROC Midden (mbo)" in out and "roc  midden" not in out
    assert "'verdeeld':" in out
    discuss = out[out.index("Eerst samen bespreken") : out.index("Sterke punten")]
    assert "! Kant A · Demografisch" in discuss
    assert "Demografisch" not in out[out.index("Sterke punten") :]
    assert max(len(line) for line in out.splitlines()) <= 80


def test_show_result_escapes_user_text(test_banks: BankSet) -> None:
    answers = load_answers(Path(JAN), test_banks)[0]
    answers.respondent.name = "[bold red]Jan[/]"
    console = Console(width=80, record=True, no_color=True)
    show_result(console, score(test_banks, answers), test_banks)
    assert "[bold red]Jan[/]" in console.export_text()


@pytest.mark.parametrize(
    ("score_", "filled"), [(None, 0), (0.0, 0), (4.1, 0), (4.2, 1), (50.0, 6), (100.0, 12)]
)
def test_bar_and_format_score(score_: float | None, filled: int) -> None:
    # 12 characters: 4.2 % of 12 = 0.504 → 1 (half up), 4.1 % → 0.49 → 0
    assert bar(score_).plain.count("█") == filled
    assert len(bar(score_).plain) == 12
    assert format_score(score_) == ("–" if score_ is None else f"{score_:.1f}".replace(".", ","))
