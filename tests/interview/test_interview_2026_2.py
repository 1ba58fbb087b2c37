"""The questionnaire with banks of format 2026.2 (tests/fixtures/banken-2026.2): ``n`` for
"niet van toepassing" where allowed, profile questions, partner questions per kind, the short
form for further partners, and the expected time in the introduction."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan.answers import PartnerAnswers, load_answers
from scan.bank import BankSet, load_bankset
from scan.interview.flow import Outcome, expected_minutes, question_count
from tests.conftest import FIXTURES
from tests.interview.test_interview import JAN, start

NEW = FIXTURES / "banken-2026.2"
ROC = PartnerAnswers(name="ROC Midden", kind="mbo")
BOUW = PartnerAnswers(name="Bouwbedrijf Jansen", kind="bedrijf")
# regio: honkvast, bevolking, krimp (nvt), bron (profile, 1-3), werkgelegenheid, bedrijven (open)
A_REPLIES = ["2", "3", "n", "3", "2", ""]
C_REPLIES = ["1", "2", "3", "1", ""]


@pytest.fixture(scope="module")
def banks() -> BankSet:
    return load_bankset(NEW)


def test_n_is_not_applicable_only_where_allowed(banks: BankSet, tmp_path: Path) -> None:
    outcome, script, _ = start(banks, tmp_path, ["n", "2", "3", "n", "s"], sides=("A",))
    assert outcome is Outcome.STOPPED
    not_here = "‘n’: niet van toepassing kan bij deze vraag niet. Typ 1, 2, 3 of 4"
    assert not_here in script.text
    krimp = script.text.split("Hoe sterk krimpt de regio?")[1]
    assert "n  Niet van toepassing" in krimp
    assert "Niet van toepassing" not in script.text.split("Hoe sterk krimpt")[0]
    answers = load_answers(tmp_path / "scan.yaml", banks)[0]
    assert answers.answers == {"regio.honkvast": 2, "regio.bevolking": 3, "regio.krimp": "nvt"}
    # going back shows the stored nvt as the user typed it
    _, script, _ = start(banks, tmp_path, ["t", "", "s"], sides=("A",))
    assert "Huidig antwoord: niet van toepassing (Enter = zo laten)" in script.text
    assert "Uw antwoord [n]: " in script.prompts


def test_profile_questions_are_asked_like_the_others(banks: BankSet, tmp_path: Path) -> None:
    outcome, script, _ = start(banks, tmp_path, A_REPLIES, sides=("A",))
    assert outcome is Outcome.FINISHED
    assert "Welke bron gebruikt u het meest?" in script.text
    assert load_answers(tmp_path / "scan.yaml", banks)[0].answers["regio.bron"] == 3


def test_partner_questions_follow_the_kind_and_the_short_form(
    banks: BankSet, tmp_path: Path
) -> None:
    # ROC (mbo): regels, examens, contactpersoon (nvt), vorm, persoon, vorm_gewenst — not zoeker
    roc = ["3", "4", "n", "4", "2", "6"]
    # Bouwbedrijf: the short form is offered and taken (Enter): contactpersoon, vorm,
    # vorm_gewenst — not the mbo questions, not persoon and zoeker (not in the short form)
    bouw = ["", "2", "2", "3"]
    replies = A_REPLIES + roc + bouw + C_REPLIES
    outcome, script, _ = start(banks, tmp_path, replies, partners=(ROC, BOUW))
    assert outcome is Outcome.FINISHED
    assert (
        "Voor Bouwbedrijf Jansen kunt u de korte vorm invullen: 3 vragen in plaats van 6."
        in script.flat
    )
    assert script.text.count("Wie zoekt de stageplek") == 0
    answers = load_answers(tmp_path / "scan.yaml", banks)[0]
    first, second = answers.partners
    assert (first.short, second.short) == (False, True)
    assert list(first.answers) == [
        "partner.regels",
        "partner.examens",
        "partner.contactpersoon",
        "partner.vorm",
        "partner.persoon",
        "partner.vorm_gewenst",
    ]
    assert second.answers == {
        "partner.contactpersoon": 2,
        "partner.vorm": 2,
        "partner.vorm_gewenst": 3,
    }
    assert "kort: true" in (tmp_path / "scan.yaml").read_text(encoding="utf-8")
    assert "Partner 2 van 2: Bouwbedrijf Jansen (bedrijf)" in script.text


def test_the_full_form_can_be_chosen_for_a_further_partner(banks: BankSet, tmp_path: Path) -> None:
    # Bouwbedrijf, full form: contactpersoon, vorm, persoon, vorm_gewenst, zoeker (profile)
    replies = A_REPLIES + ["1"] * 6 + ["x", "v", "1", "1", "1", "1", "2", "s"]
    outcome, script, _ = start(banks, tmp_path, replies, partners=(ROC, BOUW))
    assert outcome is Outcome.STOPPED
    assert "Typ k voor de korte vorm of v voor alle vragen." in script.text
    assert "Wie zoekt de stageplek bij deze partner?" in script.text
    second = load_answers(tmp_path / "scan.yaml", banks)[0].partners[1]
    assert not second.short
    assert second.answers["partner.zoeker"] == 2 and "partner.regels" not in second.answers


def test_the_introduction_says_how_long_it_takes(banks: BankSet, tmp_path: Path) -> None:
    # regio: 5 scale questions * 20 s + 1 open * 45 s = 145 s; partner (the most for any kind,
    # mbo): 6 * 20 s = 120 s; team: 4 * 20 s + 45 s = 125 s; 390 s → ± 7 minutes.
    # A further partner in the short form (mbo: examens, contactpersoon, vorm, vorm_gewenst):
    # 80 s → ± 2 minutes.
    assert expected_minutes(list(banks)) == (7, 2)
    assert question_count(banks.by_id("partner"), short=True) == 4  # type: ignore[arg-type]
    _, script, _ = start(banks, tmp_path, ["s"], respondent=JAN, partners=(ROC,))
    assert "Duur: ± 7 minuten; per extra partner ± 2 minuten." in script.flat
    _, script, _ = start(banks, tmp_path, ["s"], sides=("A",), name="a.yaml", partners=())
    assert "Duur: ± 3 minuten." in script.flat
