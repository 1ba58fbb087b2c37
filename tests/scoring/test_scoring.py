"""Scoring (docs/formaten.md) on the small test banks, every expected number worked out by hand.

Test banks (tests/fixtures/banken):
- regio (A): demografisch (gewicht 1): honkvast (w1), bevolking (w2), krimp (w1, omgekeerd),
  scale 1–4, so the items are 0, 33.3…, 66.6…, 100; economisch (gewicht 2): werkgelegenheid,
  innovatie (w1 each) and an open question.
- partner (B, per partner): regelgeving: regels, examens (1–4); borging: contactpersoon (1–4),
  vorm (1–6, items 0, 20, 40, 60, 80, 100), persoon (1–4, omgekeerd).
- team (C): draagvlak: steun, urgentie (1–3: items 0, 50, 100); tijd: uren, tijdgebrek
  (omgekeerd) and an open question.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scan.answers import load_answers
from scan.bank import BankSet, load_bankset
from scan.errors import ScanError
from scan.result import PartnerSideResult, SideResult, result_data
from scan.scoring.build import build_result, score
from scan.scoring.engine import PartnerInput, Scorer, SideScore, round_half_up, scorer_for
from tests.conftest import FIXTURES

ANSWERS = FIXTURES / "antwoorden"


@pytest.fixture(scope="module")
def scorer(test_banks: BankSet) -> Scorer:
    return Scorer(test_banks)


def side(
    scorer: Scorer,
    answers: dict[str, int | str],
    partners: list[PartnerInput] | None = None,
    which: int = 0,
) -> SideScore:
    return scorer.score_lean(answers, partners or [])[which]


def test_round_half_up_is_exact() -> None:
    # 66.65 in tenths is 6665 / 10 = 666.5 → 667, i.e. 66.7; 66.64 → 66.6
    assert round_half_up(6665, 10) == 667
    assert round_half_up(6664, 10) == 666
    assert round_half_up(1, 2) == 1
    assert round_half_up(2, 3) == 1
    assert round_half_up(0, 7) == 0


def test_dimension_weighted_mean_with_reversed_question(scorer: Scorer) -> None:
    # honkvast 3 → 66.67 (w1), bevolking 4 → 100 (w2), krimp 2 → 33.33, omgekeerd → 66.67 (w1)
    # (66.67 + 2 * 100 + 66.67) / 4 = 83.33 → 83.3
    a = side(scorer, {"regio.honkvast": 3, "regio.bevolking": 4, "regio.krimp": 2})
    demografisch = a.dimensions[0]
    assert (demografisch.score, demografisch.level) == (83.3, "leerlijn")
    assert (demografisch.answered, demografisch.dont_know, demografisch.questions) == (3, 0, 3)


def test_coverage_rule_for_dimensions(scorer: Scorer) -> None:
    # demografisch has weight 1 + 2 + 1 = 4; bevolking alone carries 2 = half → counted
    a = side(scorer, {"regio.bevolking": 2, "regio.honkvast": "weet_niet"})
    assert a.dimensions[0].score == 33.3  # 1/3 of 100, rounded
    assert (a.dimensions[0].answered, a.dimensions[0].dont_know) == (1, 1)
    # honkvast alone carries 1 < 2 → null, and so is its level
    a = side(scorer, {"regio.honkvast": 4, "regio.bevolking": "weet_niet"})
    assert (a.dimensions[0].score, a.dimensions[0].level) == (None, None)


def test_side_rule_uses_dimension_weights(scorer: Scorer) -> None:
    # economisch (gewicht 2) scored, demografisch (1) null: 2 of 3 ≥ half → side = economisch
    a = side(scorer, {"regio.werkgelegenheid": 4, "regio.innovatie": 2})
    # (100 + 33.33) / 2 = 66.67 → 66.7
    assert a.dimensions[1].score == 66.7
    assert (a.score, a.level) == (66.7, "structureel")
    # demografisch (1) scored, economisch (2) null: 1 of 3 < half → side null
    a = side(scorer, {"regio.honkvast": 4, "regio.bevolking": 4, "regio.krimp": 1})
    assert a.dimensions[0].score == 100.0
    assert (a.score, a.level) == (None, None)


def test_side_mean_is_taken_over_the_rounded_dimension_scores(scorer: Scorer) -> None:
    # demografisch: honkvast 2 (33.33), bevolking 2 (33.33 w2), krimp 4 (0 after omgekeerd)
    #   → (33.33 + 66.67 + 0) / 4 = 25.0
    # economisch: werkgelegenheid 2 (33.33), innovatie 3 (66.67) → 50.0
    # side: (1 * 25.0 + 2 * 50.0) / 3 = 41.67 → 41.7
    a = side(
        scorer,
        {
            "regio.honkvast": 2,
            "regio.bevolking": 2,
            "regio.krimp": 4,
            "regio.werkgelegenheid": 2,
            "regio.innovatie": 3,
        },
    )
    assert [d.score for d in a.dimensions] == [25.0, 50.0]
    assert (a.score, a.level) == (41.7, "structureel")


def test_open_answers_do_not_count(scorer: Scorer) -> None:
    a = side(scorer, {"regio.bedrijven": "De Linde", "regio.werkgelegenheid": 1})
    assert (a.dimensions[1].answered, a.dimensions[1].score) == (1, 0.0)


def test_per_partner_side(scorer: Scorer) -> None:
    partners = [
        # regelgeving: (33.33 + 66.67) / 2 = 50.0; borging: contactpersoon 4 → 100,
        # vorm 2 → 20, persoon 3 → 66.67 omgekeerd 33.33: 153.33 / 3 = 51.1;
        # partner: (50.0 + 51.1) / 2 = 50.55 → 50.6
        ("ROC Midden", "mbo", {"partner.regels": 2, "partner.examens": 3,
                               "partner.contactpersoon": 4, "partner.vorm": 2,
                               "partner.persoon": 3}),
        # regelgeving: regels 4 → 100, examens weet_niet: weight 1 of 2 → 100.0
        # borging: only persoon (1 of 3 weight) → null; partner: 1 of 2 dims → 100.0
        ("De Linde", "instelling", {"partner.regels": 4, "partner.examens": "weet_niet",
                                    "partner.persoon": 1, "partner.vorm": "weet_niet"}),
    ]  # fmt: skip
    b = side(scorer, {}, partners, which=1)
    roc, linde = b.partners
    assert (roc.score, roc.level, [d.score for d in roc.dimensions]) == (
        50.6,
        "structureel",
        [50.0, 51.1],
    )
    assert (linde.score, [d.score for d in linde.dimensions]) == (100.0, [100.0, None])
    # side dimensions: plain mean over partners that scored them
    # regelgeving (50.0 + 100.0) / 2 = 75.0 (2 partners); borging 51.1 (1 partner)
    assert [(d.score, d.partners) for d in b.dimensions] == [(75.0, 2), (51.1, 1)]
    # counts summed over partners: regelgeving 3 answered, 1 weet_niet, 2 * 2 questions
    dim = b.dimensions[0]
    assert (dim.answered, dim.dont_know, dim.questions) == (3, 1, 4)
    # side: (75.0 + 51.1) / 2 = 63.05 → 63.1 (half up)
    assert (b.score, b.level) == (63.1, "structureel")


def test_no_partners_means_side_b_is_null(scorer: Scorer) -> None:
    b = side(scorer, {}, [], which=1)
    assert (b.score, b.level, b.partners) == (None, None, ())
    assert all(d.score is None and d.partners == 0 for d in b.dimensions)


def test_answers_in_the_wrong_place_or_unknown_raise(scorer: Scorer) -> None:
    with pytest.raises(ScanError, match="onder 'partners'"):
        scorer.score_lean({"partner.regels": 2})
    with pytest.raises(ScanError, match="niet bij een partner"):
        scorer.score_lean({}, [("X", "mbo", {"regio.honkvast": 2})])
    with pytest.raises(ScanError, match=r"bedoelt u 'regio\.honkvast'"):
        scorer.score_lean({"regio.honkvst": 2})
    with pytest.raises(ScanError, match="niet op de schaal"):
        scorer.score_lean({"regio.honkvast": 7})


def test_item_score(scorer: Scorer) -> None:
    assert scorer.item_score("regio.honkvast", 2) == pytest.approx(100 / 3)
    assert scorer.item_score("regio.krimp", 1) == 100.0  # omgekeerd
    assert scorer.item_score("partner.vorm", 3) == 40.0
    assert scorer.item_score("regio.honkvast", "weet_niet") is None
    assert scorer.item_score("regio.bedrijven", "tekst") is None


def test_scorer_is_shared_per_bank_set(test_banks: BankSet, scorer: Scorer) -> None:
    assert scorer_for(test_banks) is scorer_for(test_banks)
    assert scorer_for(scorer) is scorer


def _bank_yaml(
    weights: tuple[str, str], dim_weights: tuple[str, str] = ("1", "1"), level: str = "50"
) -> str:
    """A bank whose items on scale 0–20 are 5 × value (so 14 → 70, 12 → 60)."""
    values = ", ".join(f"{{waarde: {v}, label: w{v}}}" for v in range(21))
    dims = ""
    for d in range(2):
        dims += f"""
  - id: d{d}
    titel: Onderdeel {d}
    gewicht: {dim_weights[d]}
    vragen:
      - {{id: q{d}a, tekst: Vraag {d}a, schaal: s, gewicht: {weights[0]}}}
      - {{id: q{d}b, tekst: Vraag {d}b, schaal: s, gewicht: {weights[1]}}}
    advies: {{laag: a, hoog: b}}"""
    return f"""id: x
kant: A
titel: Afronding
versie: "1"
schalen:
  s: [{values}]
niveaus:
  - {{id: laag, naam: Laag, vanaf: 0}}
  - {{id: hoog, naam: Hoog, vanaf: {level}}}
onderdelen:{dims}
"""


def test_rounding_half_up_without_binary_float_error(tmp_path: Path) -> None:
    # weights 0.1 and 1.1, items 0 and 75: (0.1 * 0 + 1.1 * 75) / 1.2 = 68.75 exactly,
    # but in binary floats it is 68.7499…, which naive rounding turns into 68.7
    naive = (0.1 * 0 + 1.1 * 75) / (0.1 + 1.1)
    assert naive < 68.75 and round(naive, 1) == 68.7
    (tmp_path / "x.yaml").write_text(_bank_yaml(("0.1", "1.1"), level="68.8"), encoding="utf-8")
    scorer = Scorer(load_bankset(tmp_path))
    a = scorer.score_lean({"x.q0a": 0, "x.q0b": 15})[0]
    # … the score is 68.8, and its level follows the rounded score (vanaf 68.8)
    assert (a.dimensions[0].score, a.dimensions[0].level) == (68.8, "hoog")


def test_side_rounding_half_up(tmp_path: Path) -> None:
    # d0: values 14 and 12 → items 70 and 60 → 65.0; d1: 14 and 13 → 70 and 65 → 67.5
    # side with dimension weights 0.3 / 0.7: 0.3 * 65.0 + 0.7 * 67.5 = 66.75 → 66.8
    (tmp_path / "x.yaml").write_text(_bank_yaml(("1", "1"), ("0.3", "0.7")), encoding="utf-8")
    scorer = Scorer(load_bankset(tmp_path))
    a = scorer.score_lean({"x.q0a": 14, "x.q0b": 12, "x.q1a": 14, "x.q1b": 13})[0]
    assert [d.score for d in a.dimensions] == [65.0, 67.5]
    assert a.score == 66.8


def test_result_json_of_a_respondent(test_banks: BankSet) -> None:
    answers, warnings = load_answers(ANSWERS / "jan.yaml", test_banks)
    assert warnings == []
    data = result_data(score(test_banks, answers))
    assert data["formaat"] == "samenwerkingsscan/resultaat-1"
    assert data["respondent"] == {
        "naam": "Jan Jansen",
        "rol": "teamleider",
        "school": "Het Baken",
        "team": "Zorg & Welzijn",
    }
    assert data["datum"] == "2026-11-22"
    assert data["vragenlijsten"] == {"regio": "2026.1", "partner": "2026.1", "team": "2026.1"}
    a, b, c = (data["kanten"][s] for s in "ABC")
    # A: demografisch 83.3 (see above); economisch two weet_niet → null; side: 1 of 3 → null
    assert a == {
        "vragenlijst": "regio",
        "score": None,
        "niveau": None,
        "onderdelen": {
            "demografisch": {
                "score": 83.3,
                "niveau": "leerlijn",
                "beantwoord": 3,
                "weet_niet": 0,
                "nvt": 0,
                "vragen": 3,
            },
            "economisch": {
                "score": None,
                "niveau": None,
                "beantwoord": 0,
                "weet_niet": 2,
                "nvt": 0,
                "vragen": 2,
            },
        },
        "profiel": {},
        "wensen": [],
    }
    # B: the partners of test_per_partner_side (De Linde also has contactpersoon weet_niet)
    assert b["onderdelen"] == {
        "regelgeving": {"score": 75.0, "niveau": "leerlijn", "nvt": 0, "partners": 2},
        "borging": {"score": 51.1, "niveau": "structureel", "nvt": 0, "partners": 1},
    }
    assert (b["score"], b["niveau"]) == (63.1, "structureel")
    assert [(p["naam"], p["soort"], p["score"]) for p in b["partners"]] == [
        ("ROC Midden", "mbo", 50.6),
        ("Zorgcentrum De Linde", "instelling", 100.0),
    ]
    assert set(b["partners"][0]) == {
        "naam",
        "soort",
        "score",
        "niveau",
        "onderdelen",
        "profiel",
        "wensen",
        "kort",
    }
    # C: draagvlak steun 3 (100), urgentie 2 (50) → 75.0; tijd: uren 1 (0), tijdgebrek 3
    # (100, omgekeerd 0) → 0.0; side (75.0 + 0.0) / 2 = 37.5 → incidenteel (< 40)
    assert [(k, v["score"], v["niveau"]) for k, v in c["onderdelen"].items()] == [
        ("draagvlak", 75.0, "leerlijn"),
        ("tijd", 0.0, "incidenteel"),
    ]
    assert (c["score"], c["niveau"]) == (37.5, "incidenteel")
    # advice: score ascending (tijd 0.0, borging 51.1, regelgeving 75.0 = draagvlak 75.0 → side
    # order B before C, then demografisch 83.3); texts from the level reached
    assert [(x["kant"], x["onderdeel"], x["score"]) for x in data["adviezen"]] == [
        ("C", "tijd", 0.0),
        ("B", "borging", 51.1),
        ("B", "regelgeving", 75.0),
        ("C", "draagvlak", 75.0),
        ("A", "demografisch", 83.3),
    ]
    assert data["adviezen"][0] == {
        "kant": "C",
        "onderdeel": "tijd",
        "score": 0.0,
        "niveau": "incidenteel",
        "tekst": "Reserveer uren. Bespreek dit met de directie.",
        "partner": None,
    }
    # side B advice names the partner with the lowest score for that dimension
    assert [x["partner"] for x in data["adviezen"][1:3]] == ["ROC Midden", "ROC Midden"]
    # voortgang: A 5 scale answers of 5; B 5 + 5 of 2 * 5; C 4 of 4
    assert data["voortgang"] == {"beantwoord": 19, "vragen": 19}
    # blind spots: economisch 2 of 2 weet_niet; borging summed over partners: ROC 0 + De Linde
    # 2 (contactpersoon, vorm) = 2 of 2 * 3 = 6 → not half; regelgeving 1 of 4 → no
    assert data["blinde_vlekken"] == [
        {"kant": "A", "onderdeel": "economisch", "weet_niet": 2, "vragen": 2}
    ]


def test_advice_ties_go_to_heavier_dimension_then_side_then_bank_order(scorer: Scorer) -> None:
    answers = {
        # demografisch: 2, 2, krimp 3 (omgekeerd 33.33) → 33.3; economisch 2, 2 → 33.3
        "regio.honkvast": 2,
        "regio.bevolking": 2,
        "regio.krimp": 3,
        "regio.werkgelegenheid": 2,
        "regio.innovatie": 2,
        # draagvlak 1, 2 → 25.0; tijd 2, 2 (omgekeerd 50) → 50.0 … make both 25.0:
        "team.steun": 1,
        "team.urgentie": 2,
        "team.uren": 1,
        "team.tijdgebrek": 2,
    }
    partners = [("P", "mbo", {"partner.regels": 2, "partner.examens": 2})]  # regelgeving 33.3
    result = build_result(scorer, scorer.score_lean(answers, partners))
    order = [(a.side, a.dimension, a.score) for a in result.advice]
    assert order == [
        ("C", "draagvlak", 25.0),
        ("C", "tijd", 25.0),  # equal score and weight: bank order
        ("A", "economisch", 33.3),  # gewicht 2 before gewicht 1
        ("A", "demografisch", 33.3),  # same weight as regelgeving: side A before B
        ("B", "regelgeving", 33.3),
    ]


def test_blind_spots_side_b_sums_over_partners(scorer: Scorer) -> None:
    partners = [
        ("P", "mbo", {"partner.regels": "weet_niet", "partner.examens": 3}),
        ("Q", "mbo", {"partner.regels": "weet_niet", "partner.examens": 2}),
    ]
    # regelgeving: 2 weet_niet of 2 × 2 questions = half → blind spot, although each partner
    # still scores (1 of 2 weight counted)
    result = build_result(scorer, scorer.score_lean({}, partners))
    assert [(s.side, s.dimension, s.dont_know, s.questions) for s in result.blind_spots] == [
        ("B", "regelgeving", 2, 4)
    ]


def test_result_lists_every_bank_and_dimension(scorer: Scorer) -> None:
    result = build_result(scorer, scorer.score_lean({}))
    assert list(result.sides) == ["A", "B", "C"]
    assert isinstance(result.sides["A"], SideResult)
    assert isinstance(result.sides["B"], PartnerSideResult)
    assert list(result.sides["C"].dimensions) == ["draagvlak", "tijd"]
    assert result.advice == [] and result.blind_spots == []
