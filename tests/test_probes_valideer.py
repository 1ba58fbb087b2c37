"""`scan valideer` on banks that use the 2026.2 keys so that a partner would get empty scores
(found by probing main as a bank author would)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app
from tests.conftest import FIXTURES

PARTNER = (FIXTURES / "banken-2026.2" / "partner.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        (  # the desired form asked of every kind, its counterpart of mbo partners only
            [
                ("gewenst_van: vorm, kort: true}", "gewenst_van: regels, kort: true}"),
                (
                    "schaal: vorm, gescoord: false, gewenst_van: regels",
                    "schaal: mate, gescoord: false, gewenst_van: regels",
                ),
            ],
            ":45: onderdelen[1].vragen[3].gewenst_van: deze vraag wordt ook gesteld waar "
            "'regels' niet gesteld wordt",
        ),
        (  # the desired form in the short form, its counterpart not
            [("schaal: vorm, kort: true}", "schaal: vorm}")],
            ":45: onderdelen[1].vragen[3].gewenst_van: deze vraag wordt ook gesteld waar "
            "'vorm' niet gesteld wordt",
        ),
        (  # a short form of profile questions only
            [(", kort: true}", "}"), ("gewenst_van: vorm}", "gewenst_van: vorm, kort: true}")],
            ":45: onderdelen[1].vragen[3].kort: de korte vorm (kort: true) heeft geen gescoorde "
            "vraag voor een partner van soort 'mbo', 'bedrijf', 'instelling', 'anders'",
        ),
        (  # every scored question for mbo partners only
            [
                ("nvt: true, kort: true}", "nvt: true, kort: true, soorten: [mbo]}"),
                ("schaal: vorm, kort: true}", "schaal: vorm, kort: true, soorten: [mbo]}"),
                ("omgekeerd: true}", "omgekeerd: true, soorten: [mbo]}"),
                (
                    "gewenst_van: vorm, kort: true}",
                    "gewenst_van: vorm, kort: true, soorten: [mbo]}",
                ),
            ],
            ":30: onderdelen: de vragenlijst heeft geen gescoorde vraag voor een partner van "
            "soort 'bedrijf', 'instelling', 'anders'",
        ),
    ],
)
def test_valideer_refuses_banks_that_leave_a_partner_without_scores(
    tmp_path: Path, runner: CliRunner, edits: list[tuple[str, str]], message: str
) -> None:
    text = PARTNER
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    bank = tmp_path / "partner.yaml"
    bank.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["valideer", str(bank)])
    assert result.exit_code == 1
    assert f"{bank}{message}" in result.stderr


def test_valideer_accepts_the_bundled_and_test_banks_under_these_rules(runner: CliRunner) -> None:
    banks = [*FIXTURES.glob("banken*/partner.yaml"), FIXTURES.parent.parent / "vragenlijsten"]
    assert runner.invoke(app, ["valideer", *map(str, banks)]).exit_code == 0
