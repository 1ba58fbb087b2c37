"""`scan start` with piped input (as a script runs it): options, exit codes and messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scan.answers import load_answers
from scan.bank import BankSet
from scan.cli.commands import app
from tests.conftest import TEST_BANKS

OPTIONS = ["--naam", "Jan Jansen", "--rol", "teamleider", "--school", "Het Baken", "--team", "Z&W"]
ALL_ANSWERS = "\n".join(["2"] * 5 + ["Bosch"] + ["3"] * 5 + ["2"] * 4 + [""]) + "\n"


def run(runner: CliRunner, args: list[str], replies: str = "") -> Any:
    banks = ["--vragenlijsten", str(TEST_BANKS)]
    return runner.invoke(app, ["start", *args, *banks], input=replies, env={"COLUMNS": "80"})


def resume_command(stderr: str) -> str:
    """The command at the end of a stop message (on its own line when it would not fit)."""
    return stderr.rstrip().splitlines()[-1].split("verder gaan: ")[-1].strip()


def flat(text: str) -> str:
    return " ".join(text.split())


def test_piped_answers_run_to_the_end(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet
) -> None:
    path = tmp_path / "jan.yaml"
    args = [*OPTIONS, "--partner", "ROC Midden:mbo", "--uit", str(path)]
    result = run(runner, args, ALL_ANSWERS)
    assert result.exit_code == 0, result.output
    answers, _ = load_answers(path, test_banks)
    assert answers.answers["regio.bedrijven"] == "Bosch"
    assert answers.partners[0].answers["partner.persoon"] == 3
    assert answers.answers["team.wens"] == ""
    out = flat(result.stdout)
    assert "Uw antwoord: Bosch" in out  # piped replies are echoed, so the transcript reads well
    assert f"scan rapport {path} -o rapport.pdf --vragenlijsten {TEST_BANKS}" in out
    assert result.stderr == ""
    shown = runner.invoke(app, ["resultaat", str(path), "--vragenlijsten", str(TEST_BANKS)])
    assert flat(shown.stdout) in out
    assert out.index(flat(shown.stdout)) < out.index("Uw antwoorden staan in")


def test_input_that_ends_early_says_how_to_go_on(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet
) -> None:
    path = tmp_path / "jan.yaml"
    args = [*OPTIONS, "--partner", "ROC Midden:mbo", "--uit", str(path)]
    result = run(runner, args, "2\n3\n")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"De invoer hield op vóór de laatste vraag. Uw antwoorden staan in {path}"
    )
    assert resume_command(result.stderr) == f"scan start --uit {path} --vragenlijsten {TEST_BANKS}"
    assert load_answers(path, test_banks)[0].answers == {
        "regio.honkvast": 2,
        "regio.bevolking": 3,
    }


def test_s_stops_with_exit_0_and_the_resume_command(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "jan.yaml"
    result = run(runner, [*OPTIONS, "--kanten", "a,c", "--uit", str(path)], "1\ns\n")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Gestopt. Uw antwoorden staan in {path}")
    assert resume_command(result.stderr) == f"scan start --uit {path} --vragenlijsten {TEST_BANKS}"
    assert "vraag 2 van 11" in result.stdout


def test_default_file_in_the_current_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(runner, ["--naam", "Ümit Öztürk", "--kanten", "C"], "\nBaken\n\ns\n")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "antwoorden-umit-ozturk.yaml").exists()
    assert resume_command(result.stderr) == (
        f"scan start --uit antwoorden-umit-ozturk.yaml --vragenlijsten {TEST_BANKS}"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partner", "ROC Midden"], "geef naam en soort als NAAM:SOORT"),
        (["--partner", "ROC:school"], "onbekende soort 'school'"),
        (["--partner", "ROC:mbo", "--partner", "roc:bedrijf"], "staat er twee keer"),
        (["--kanten", "A,D"], "--kanten 'A,D': geef een of meer van A, B en C"),
        (["--uit", "antwoorden.txt"], "moet eindigen op .yaml of .json"),
    ],
)
def test_malformed_options_are_usage_errors(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    result = run(runner, args)
    assert result.exit_code == 2
    assert message in flat(result.stderr)
    assert result.stderr.lstrip().startswith("Gebruik: scan start")
    assert "Traceback" not in result.output and "Error" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_domain_problems_exit_1_and_write_nothing(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, [*OPTIONS, "--uit", str(tmp_path / "nergens" / "a.yaml")])
    assert result.exit_code == 1
    assert "de map van het antwoordbestand bestaat niet" in result.stderr
    path = tmp_path / "jan.yaml"
    run(runner, [*OPTIONS, "--kanten", "C", "--uit", str(path)], "s\n")
    before = path.read_text(encoding="utf-8")
    result = run(runner, ["--naam", "Piet", "--uit", str(path)], "1\n")
    assert result.exit_code == 1
    assert "respondent.naam: dit antwoordbestand hoort bij 'Jan Jansen', niet bij 'Piet'" in (
        flat(result.stderr)
    )
    assert path.read_text(encoding="utf-8") == before
