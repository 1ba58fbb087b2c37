"""Answer files whose partners answered questions they are not asked (found by probing main)."""

from __future__ import annotations

from pathlib import Path

from scan.answers import load_answers
from scan.bank import load_bankset
from scan.scoring.build import score
from tests.conftest import FIXTURES

BANKS_2026_2 = FIXTURES / "banken-2026.2"

ANSWERS = """\
formaat: samenwerkingsscan/antwoorden-1
respondent: {naam: Jan, school: Het Baken, team: Zorg}
vragenlijsten: {regio: "2026.2", partner: "2026.2", team: "2026.2"}
partners:
  - naam: ROC
    soort: mbo
    antwoorden: {partner.regels: 2, partner.examens: 3, partner.contactpersoon: 4}
  - naam: Bakker
    soort: bedrijf
    kort: true
    antwoorden: {partner.contactpersoon: 1, partner.vorm: 1, partner.persoon: 4, partner.regels: 4}
"""


def test_answers_a_partner_is_not_asked_are_named_in_a_warning_and_not_counted(
    tmp_path: Path,
) -> None:
    banks = load_bankset(BANKS_2026_2)
    path = tmp_path / "jan.yaml"
    path.write_text(ANSWERS, encoding="utf-8")
    answers, warnings = load_answers(path, banks)
    mine = [str(w) for w in warnings if "tellen niet mee, want" in str(w)]
    # ROC (mbo, full form) is asked all three; Bakker (bedrijf, short form) is not asked
    # persoon (outside the short form) nor regels (mbo only)
    assert mine == [
        f"{path}:8: partners[1]: partner 'Bakker': 2 antwoorden tellen niet mee, want die "
        "vragen horen niet bij de korte vorm (kort: true) of een partner van soort 'bedrijf': "
        "partner.persoon, partner.regels"
    ]
    bakker = score(banks, answers).sides["B"].partners[1]
    assert bakker.dimensions["regelgeving"].questions == 0  # the warning says what scoring does
    assert bakker.dimensions["borging"].answered == 2


def test_a_bank_given_as_answers_or_answers_given_as_a_bank_is_one_clear_message(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from scan.cli.commands import app

    runner = CliRunner()
    bank = BANKS_2026_2 / "team.yaml"
    result = runner.invoke(app, ["resultaat", str(bank), "--vragenlijsten", str(BANKS_2026_2)])
    assert result.exit_code == 1
    assert " ".join(result.stderr.split()) == (
        f"fout: {bank}:2: dit is een vragenlijst, geen antwoordbestand; een map met "
        "vragenlijsten geeft u met --vragenlijsten"
    )  # line 2: its first key (line 1 is a comment)
    answers = tmp_path / "jan.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    result = runner.invoke(app, ["valideer", str(answers)])
    assert result.exit_code == 1
    assert " ".join(result.stderr.split()) == (
        f"fout: {answers}:1: formaat: dit is geen vragenlijst maar een bestand in formaat "
        "'samenwerkingsscan/antwoorden-1' (antwoorden of een resultaat)"
    )
