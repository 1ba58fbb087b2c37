"""Dutch help and usage errors through public Typer seams, and the one exit-code mapping."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app
from scan.cli.exits import ExitCode, Reported, exit_code
from scan.errors import ScanError
from scan.util.signals import Hangup

ROOT = Path(__file__).resolve().parents[2]
JAN = str(ROOT / "tests" / "fixtures" / "antwoorden" / "jan.yaml")


def test_scan_help_is_dutch_and_lists_the_everyday_commands_first(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("Gebruik: scan [OPTIES] COMMANDO [ARGUMENTEN]...")
    assert "Opties:" in text and "Commando's:" in text and "Toon deze hulp en stop." in text
    listed = [
        line.split()[0] for line in text.split("Commando's:")[1].splitlines() if line[2:3].strip()
    ]
    assert listed[:3] == ["start", "resultaat", "rapport"]
    assert listed.index("batch") < listed.index("vragenlijsten") < listed.index("schema")
    assert "..." not in text.split("Commando's:")[1]  # descriptions wrap, never cut off
    assert "gaat verder waar u was." in " ".join(text.split())


def test_command_help_is_dutch(runner: CliRunner) -> None:
    text = runner.invoke(app, ["batch", "--help"], terminal_width=100).stdout
    assert text.startswith("Gebruik: scan batch [OPTIES]")
    assert "Argumenten:" in text and "Opties:" in text
    assert "[standaard: 3; minstens 1]" in text and "[verplicht]" in text
    for english in ("Usage", "Options", "Arguments", "default", "required", "Show this"):
        assert english not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rapport", JAN], "Fout: Optie '-o' / '--uitvoer' ontbreekt."),
        (["valideer"], "Fout: Argument 'BESTAND' ontbreekt."),
        (["resultaat", JAN, "--onbekend"], "Fout: Onbekende optie: --onbekend"),
        (["resultat"], "Fout: Onbekend commando 'resultat'. Bedoelt u resultaat"),
        (["schema", "extra"], "Fout: Onverwacht extra argument: extra"),
        (["rapport", JAN, "-o"], "Fout: Optie '-o' heeft een waarde nodig."),
        (
            ["batch", "x.csv", "-o", "uit.csv", "--min-groep", "twee"],
            "Fout: Ongeldige waarde voor '--min-groep': moet een geheel getal zijn, niet 'twee'",
        ),
        (["--bogus"], "Fout: Onbekende optie: --bogus"),
    ],
)
def test_usage_errors_are_dutch_with_exit_2(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == ExitCode.USAGE
    assert message in result.stderr
    assert "Error" not in result.stderr and "Traceback" not in result.stderr


def test_usage_error_shows_the_dutch_usage_and_where_help_is(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rapport", JAN])
    assert result.stderr.startswith("Gebruik: scan rapport [OPTIES]")
    assert "Zie 'scan rapport -h' voor hulp." in result.stderr


def test_scan_without_a_command_shows_the_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Gebruik: scan")


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (ScanError("kapot"), 1),
        (EOFError(), 1),
        (KeyboardInterrupt(), 130),
        (Hangup(signal.SIGHUP), 129),
        (Hangup(signal.SIGTERM), 143),
        (Reported(), 1),
        (Reported(KeyboardInterrupt()), 130),
        (OSError(28, "No space left on device"), 1),
        (BrokenPipeError(), 1),
    ],
)
def test_one_mapping_from_exceptions_to_exit_codes(exc: BaseException, code: int) -> None:
    assert exit_code(exc) == code


def test_a_bug_is_not_mapped_but_raised() -> None:
    with pytest.raises(ZeroDivisionError):
        exit_code(ZeroDivisionError())


def test_exit_codes_name_the_signals() -> None:
    assert ExitCode.HANGUP == 128 + signal.SIGHUP
    assert ExitCode.TERMINATED == 128 + signal.SIGTERM
    assert ExitCode.INTERRUPTED == 128 + signal.SIGINT


def test_bad_input_is_a_dutch_message_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["resultaat", str(tmp_path / "weg.yaml")])
    assert result.exit_code == ExitCode.ERROR
    assert "weg.yaml" in result.stderr and "Traceback" not in result.output
