"""Weights that would break scoring (infinite, NaN, not above 0, huge) are refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app

FIXTURES = Path(__file__).parent / "fixtures"
REGIO = (FIXTURES / "banken" / "regio.yaml").read_text(encoding="utf-8")
BANKS = FIXTURES / "banken"


def bank_with(tmp_path: Path, old: str, new: str) -> Path:
    assert old in REGIO
    path = tmp_path / "regio.yaml"
    path.write_text(REGIO.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        (".inf", "moet een eindig getal zijn, niet inf"),
        ("-.inf", "moet een eindig getal zijn"),
        (".nan", "moet een eindig getal zijn"),
        ("-1", "moet > 0 zijn, niet -1"),
        ("0", "moet > 0 zijn, niet 0"),
        ("1.0e+300", "moet ≤ 1000 zijn"),
    ],
)
def test_weights_that_break_scoring_are_refused_by_valideer(
    runner: CliRunner, tmp_path: Path, weight: str, message: str
) -> None:
    path = bank_with(tmp_path, "    gewicht: 2\n", f"    gewicht: {weight}\n")
    result = runner.invoke(app, ["valideer", str(path)])
    assert result.exit_code == 1
    assert re.search(
        rf"regio.yaml:\d+: onderdelen\[\d\]\.gewicht: {re.escape(message)}", result.output
    )
    question = bank_with(
        tmp_path, "schaal: mate, gewicht: 2}", f"schaal: mate, gewicht: {weight}}}"
    )
    result = runner.invoke(app, ["valideer", str(question)])
    assert result.exit_code == 1 and message in result.output
