"""Outputs found unsafe by probing main: `scan sjabloon --bron` over someone's file, and click's
English wording of a path that is a folder (or a file where a folder is asked)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app
from tests.conftest import FIXTURES

SOURCES = [("limesurvey", ".txt"), ("google", ".gs"), ("forms", ".docx")]


@pytest.mark.parametrize(("source", "suffix"), SOURCES)
def test_a_form_definition_never_replaces_someone_elses_file(
    tmp_path: Path, runner: CliRunner, source: str, suffix: str
) -> None:
    target = tmp_path / f"mijn{suffix}"
    if suffix == ".docx":  # a zip that is not ours: an Excel file renamed
        shutil.copy(FIXTURES / "exports" / "antwoorden.xlsx", target)
    else:
        target.write_text("mijn eigen aantekeningen\n", encoding="utf-8")
    before = target.read_bytes()
    result = runner.invoke(app, ["sjabloon", "--bron", source, "-o", str(target)])
    assert result.exit_code == 1
    assert f"{target}: bestaat al en is geen formulier van de scan" in result.stderr
    assert target.read_bytes() == before
    # a definition the scan wrote is replaced when the command is run again
    ours = tmp_path / f"formulier{suffix}"
    for _ in range(2):
        again = runner.invoke(app, ["sjabloon", "--bron", source, "-o", str(ours)])
        assert again.exit_code == 0, again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["resultaat", "{map}"],
            "Ongeldige waarde voor 'ANTWOORDEN': '{map}' is een map; geef een bestand.",
        ),
        (["sjabloon", "-o", "{map}"], "'-o' / '--uitvoer': '{map}' is een map; geef een bestand."),
        (["vragenlijsten", "--vragenlijsten", "{file}"], "'{file}' is een bestand; geef een map."),
    ],
)
def test_a_folder_for_a_file_or_a_file_for_a_folder_is_said_in_dutch(
    tmp_path: Path, runner: CliRunner, args: list[str], message: str
) -> None:
    names = {"map": str(tmp_path), "file": str(FIXTURES / "antwoorden" / "jan.yaml")}
    result = runner.invoke(app, [a.format(**names) for a in args])
    assert result.exit_code == 2
    assert message.format(**names) in result.stderr
    assert " is a " not in result.stderr


def test_a_starter_koppeling_never_replaces_an_existing_file(
    tmp_path: Path, runner: CliRunner
) -> None:
    export = FIXTURES / "exports" / "forms-bom.csv"
    edited = tmp_path / "koppeling.yaml"
    assert runner.invoke(app, ["koppeling", str(export), "-o", str(edited)]).exit_code == 0
    edited.write_text(edited.read_text(encoding="utf-8") + "# mijn aanpassing\n", "utf-8")
    before = edited.read_bytes()
    result = runner.invoke(app, ["koppeling", str(export), "-o", str(edited)])
    assert result.exit_code == 1
    assert f"{edited}: bestaat al (een koppeling die u hebt aangepast?)" in result.stderr
    assert edited.read_bytes() == before
    empty = tmp_path / "leeg.yaml"
    empty.touch()
    assert runner.invoke(app, ["koppeling", str(export), "-o", str(empty)]).exit_code == 0
