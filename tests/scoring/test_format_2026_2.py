"""Scoring and the result JSON with the keys of bank format 2026.2, on the small test banks in
tests/fixtures/banken-2026.2, every number worked out by hand.

regio (A): demografisch: honkvast (w1), bevolking (w2), krimp (w1, omgekeerd, nvt), bron
(profile, scale 1–3); economisch (gewicht 2): werkgelegenheid, an open question.
partner (B): regelgeving: regels, examens (mbo only; examens kort); borging: contactpersoon
(nvt, kort), vorm (1–6, kort), persoon (omgekeerd), vorm_gewenst (profile, gewenst_van vorm,
kort), zoeker (profile, bedrijf and instelling only). team (C): as in 2026.1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scan.answers import AnswerFile, PartnerAnswers, load_answers
from scan.bank import BankSet, load_bankset
from scan.result import Progress, json_record, result_data
from scan.scoring.build import score
from scan.scoring.team import team_result
from tests.conftest import FIXTURES

NEW_BANKS = FIXTURES / "banken-2026.2"


@pytest.fixture(scope="module")
def banks() -> BankSet:
    return load_bankset(NEW_BANKS)


def result_of(banks: BankSet, answers: dict[str, Any], partners: list[PartnerAnswers]) -> Any:
    return result_data(score(banks, AnswerFile(answers=answers, partners=partners)))


ANSWERS: dict[str, Any] = {
    "regio.honkvast": 3,
    "regio.bevolking": 4,
    "regio.krimp": "nvt",
    "regio.bron": 3,
    "regio.werkgelegenheid": 2,
    "team.steun": 3,
    "team.urgentie": 2,
    "team.uren": 1,
    "team.tijdgebrek": 3,
}
ROC = PartnerAnswers(
    name="ROC Midden",
    kind="mbo",
    answers={
        "partner.regels": 3,
        "partner.examens": 4,
        "partner.contactpersoon": "nvt",
        "partner.vorm": 4,
        "partner.persoon": 2,
        "partner.vorm_gewenst": 6,
        "partner.zoeker": 1,  # not asked of an mbo partner: not shown
    },
)
BOUW = PartnerAnswers(
    name="Bouwbedrijf Jansen",
    kind="bedrijf",
    short=True,
    answers={
        "partner.contactpersoon": 2,
        "partner.vorm": 2,
        "partner.vorm_gewenst": 3,
        "partner.persoon": 4,  # outside the short form: not counted
    },
)


def test_nvt_leaves_the_total_and_profile_answers_are_shown(banks: BankSet) -> None:
    a = result_of(banks, ANSWERS, [])["kanten"]["A"]
    # demografisch: krimp nvt leaves the total (3); honkvast 3 → 66.67, bevolking 4 → 100 (w2)
    # (66.67 + 200) / 3 = 88.9; economisch werkgelegenheid 2 → 33.3
    assert a["onderdelen"]["demografisch"] == {
        "score": 88.9,
        "niveau": "actueel",
        "beantwoord": 2,
        "weet_niet": 0,
        "nvt": 1,
        "vragen": 2,
    }
    assert a["onderdelen"]["economisch"]["score"] == 33.3
    # side: (88.9 + 2 * 33.3) / 3 = 51.8 on the bank's own ladder
    assert (a["score"], a["niveau"]) == (51.8, "gedeeld")
    # the profile question is shown, never scored
    assert a["profiel"] == {"regio.bron": {"antwoord": 3, "label": "Arbeidsmarktregio"}}
    assert a["wensen"] == []


def test_nvt_only_answers_give_a_null_dimension_without_blind_spot(banks: BankSet) -> None:
    data = result_of(banks, {"regio.krimp": "nvt", "regio.werkgelegenheid": "weet_niet"}, [])
    demo = data["kanten"]["A"]["onderdelen"]["demografisch"]
    assert (demo["score"], demo["nvt"], demo["vragen"]) == (None, 1, 2)
    # weet_niet on the one question of economisch is a blind spot; nvt never is one
    assert data["blinde_vlekken"] == [
        {"kant": "A", "onderdeel": "economisch", "weet_niet": 1, "vragen": 1}
    ]


def test_partner_kinds_and_the_short_form(banks: BankSet) -> None:
    b = result_of(banks, ANSWERS, [ROC, BOUW])["kanten"]["B"]
    roc, bouw = b["partners"]
    # ROC (mbo, full form): regelgeving (66.67 + 100) / 2 = 83.3; borging: contactpersoon nvt,
    # vorm 4 → 60, persoon 2 (omgekeerd) → 66.67: 63.3; partner (83.3 + 63.3) / 2 = 73.3
    assert [(k, v["score"], v["nvt"], v["vragen"]) for k, v in roc["onderdelen"].items()] == [
        ("regelgeving", 83.3, 0, 2),
        ("borging", 63.3, 1, 2),
    ]
    assert (roc["score"], roc["kort"], roc["profiel"]) == (73.3, False, {})
    assert roc["wensen"] == [{"vraag": "partner.vorm", "nu": 4, "gewenst": 6, "verschil": 2}]
    # Bouwbedrijf (bedrijf, short form): regelgeving asks nothing of a bedrijf → null with 0
    # questions; borging: contactpersoon 2 → 33.3 and vorm 2 → 20 (persoon is not in the short
    # form) → 26.7; the partner score is borging alone (half of the dimension weight)
    assert [(k, v["score"], v["vragen"]) for k, v in bouw["onderdelen"].items()] == [
        ("regelgeving", None, 0),
        ("borging", 26.7, 2),
    ]
    assert (bouw["score"], bouw["niveau"], bouw["kort"]) == (26.7, "incidenteel", True)
    # zoeker is asked of a bedrijf, but it is not in the short form
    assert bouw["profiel"] == {}
    assert bouw["wensen"] == [{"vraag": "partner.vorm", "nu": 2, "gewenst": 3, "verschil": 1}]
    # side: regelgeving 83.3 (1 partner); borging (63.3 + 26.7) / 2 = 45.0; (83.3 + 45) / 2
    assert b["onderdelen"] == {
        "regelgeving": {"score": 83.3, "niveau": "leerlijn", "nvt": 0, "partners": 1},
        "borging": {"score": 45.0, "niveau": "structureel", "nvt": 1, "partners": 2},
    }
    assert b["score"] == 64.2


def test_side_b_advice_names_the_weakest_partner(banks: BankSet) -> None:
    advice = {a["onderdeel"]: a for a in result_of(banks, ANSWERS, [ROC, BOUW])["adviezen"]}
    assert advice["borging"]["partner"] == "Bouwbedrijf Jansen"
    assert advice["borging"]["tekst"] == "Maak een jaarplan. Evalueer het."
    assert advice["regelgeving"]["partner"] == "ROC Midden"
    assert advice["regelgeving"]["tekst"] == "Stem de regels af met ROC Midden. Evalueer ze samen."
    assert advice["demografisch"]["partner"] is None


def test_voortgang_counts_the_scale_questions_that_apply(banks: BankSet) -> None:
    # A: honkvast, bevolking, krimp, bron, werkgelegenheid (5); C: 4; ROC (mbo, full form):
    # regels, examens, contactpersoon, vorm, persoon, vorm_gewenst (6; not zoeker);
    # Bouwbedrijf (short form): contactpersoon, vorm, vorm_gewenst (3)
    data = result_of(banks, ANSWERS, [ROC, BOUW])
    assert data["voortgang"] == {"beantwoord": 18, "vragen": 18}
    empty = result_of(banks, {}, [PartnerAnswers(name="X", kind="instelling")])
    # X (instelling, full form): contactpersoon, vorm, persoon, vorm_gewenst, zoeker
    assert empty["voortgang"] == {"beantwoord": 0, "vragen": 5 + 4 + 5}


def test_a_2026_1_answer_file_scores_against_2026_2_banks(banks: BankSet) -> None:
    answers, warnings = load_answers(FIXTURES / "antwoorden" / "jan.yaml", banks)
    texts = [str(w) for w in warnings]
    assert len(texts) == 4
    assert "versie '2026.1' van vragenlijst 'regio'; gescoord met versie '2026.2'" in texts[0]
    # regels and examens are asked of mbo partners only since 2026.2
    assert texts[3].endswith(
        "partner 'Zorgcentrum De Linde': 2 antwoorden tellen niet mee, want die vragen horen "
        "niet bij een partner van soort 'instelling': partner.regels, partner.examens"
    )
    assert "versie '2026.1' van vragenlijst 'partner'" in texts[1]
    # the question that no longer exists is named once, not as an error
    assert texts[2].endswith(
        "vragenlijsten.regio: 1 antwoord past niet bij versie '2026.2' van vragenlijst 'regio' "
        "en telt niet mee: regio.innovatie (vraag bestaat niet meer)"
    )
    assert "regio.innovatie" not in answers.answers
    data = result_data(score(banks, answers))
    # economisch: werkgelegenheid weet_niet, the only question left → null, a blind spot
    assert data["kanten"]["A"]["onderdelen"]["economisch"]["weet_niet"] == 1
    assert data["kanten"]["A"]["onderdelen"]["demografisch"]["score"] == 83.3


def test_bundled_banks_score_a_2026_1_answer_file(bundled_banks: BankSet, tmp_path: Path) -> None:
    """Whatever version the bundled banks have, an answer file of another version loads with
    warnings only, for answers that no longer fit."""
    path = tmp_path / "oud.yaml"
    qids = [q for b in bundled_banks if not b.per_partner for q in b.questions]
    lines = [f"  {q}: weet_niet" for q in qids[:5]] + ["  regio.verdwenen: 3"]
    path.write_text(
        "vragenlijsten: {regio: '2000.1'}\nantwoorden:\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    answers, warnings = load_answers(path, bundled_banks)
    assert any("regio.verdwenen" in str(w) for w in warnings)
    assert "regio.verdwenen" not in answers.answers
    score(bundled_banks, answers)
    # the 2026.1 test answers: every bank warns, each once, and the file scores
    jan, warnings = load_answers(FIXTURES / "antwoorden" / "jan.yaml", bundled_banks)
    outdated = [str(w) for w in warnings if "tellen niet mee" in str(w)]
    assert len(outdated) == len({w.split(": ")[1] for w in outdated})  # one per bank
    partner = next(w for w in outdated if "vragenlijst 'partner'" in w)
    assert partner.count("partner.regels") == 1  # named once, though two partners answered
    assert result_data(score(bundled_banks, jan))["voortgang"]["beantwoord"] >= 0


def test_team_counts_nvt_and_names_the_weakest_merged_partner(banks: BankSet) -> None:
    first = score(banks, AnswerFile(answers=ANSWERS, partners=[ROC, BOUW]))
    second = score(banks, AnswerFile(answers=ANSWERS, partners=[ROC]))
    data = result_data(team_result(banks, [first, second]))
    demo = data["kanten"]["A"]["onderdelen"]["demografisch"]
    assert (demo["nvt"], demo["vragen"]) == (2, 4)
    assert data["kanten"]["B"]["onderdelen"]["borging"]["nvt"] == 2  # ROC twice
    borging = next(a for a in data["adviezen"] if a["onderdeel"] == "borging")
    # Bouwbedrijf Jansen is rated by one colleague: below --min-groep (3) it is not named
    assert borging["partner"] is None and "{partner}" not in borging["tekst"]
    data = result_data(team_result(banks, [first, second], min_group=1))
    borging = next(a for a in data["adviezen"] if a["onderdeel"] == "borging")
    assert borging["partner"] == "Bouwbedrijf Jansen"


def test_json_records_take_their_keys_from_the_model() -> None:
    make = json_record(Progress, "answered", "questions")
    assert make(3, 4) == {"beantwoord": 3, "vragen": 4}
    with pytest.raises(TypeError, match="Progress"):
        json_record(Progress, "answered")  # a field left out cannot go unnoticed
    with pytest.raises(TypeError):
        json_record(Progress, "questions", "answered")
