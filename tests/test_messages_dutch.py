"""Bank and answer-file messages are Dutch and sensible (no pydantic English)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app
from scan.errors import suggest
from tests.test_weights import BANKS, bank_with

ENGLISH = re.compile(
    r"Input should|should be|Field required|Extra inputs|valid (dictionary|string)"
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    gewicht: 2\n", "    gewicht: [1]\n"),
        ("    gewicht: 2\n", "    gewicht: 2026-01-01\n"),
        ("kant: A", "kant: [A]"),
        ("kant: A", "kant: Z"),
        ("kant: A", "kant: A\nper_partner: misschien"),
        ("niveaus:", "niveaus: 3\noud:"),
        ("onderdelen:", "vragen: []\nonderdelen:"),
    ],
)
def test_validation_messages_are_dutch(
    runner: CliRunner, tmp_path: Path, old: str, new: str
) -> None:
    result = runner.invoke(app, ["valideer", str(bank_with(tmp_path, old, new))])
    assert result.exit_code == 1
    assert not ENGLISH.search(result.output), result.output


def test_a_known_key_in_the_wrong_place_is_not_suggested_as_itself(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["valideer", str(bank_with(tmp_path, "onderdelen:", "vragen: []\nonderdelen:"))]
    )
    assert "onbekend veld 'vragen' (dit veld hoort op een andere plaats)" in result.output
    assert "bedoelt u 'vragen'" not in result.output
    assert suggest("vragn", ["vragen", "titel"]) == " (bedoelt u 'vragen'?)"


def test_answer_file_messages_are_dutch(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        "respondent: {naam: [1], rol: 3}\ndatum: gisteren\npartners: [{soort: roc}]\n"
        "antwoorden: {regio.honkvast: [1]}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["resultaat", str(path), "--vragenlijsten", str(BANKS)])
    assert result.exit_code == 1
    assert "respondent.naam: moet tekst zijn" in result.output
    assert not ENGLISH.search(result.output), result.output
