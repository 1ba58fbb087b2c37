"""Team results (docs/formaten.md) from the three fixture respondents, worked out by hand.

Individual results (see tests/test_scoring.py for how they are computed):

| | Jan | Piet | Klaas |
|---|---|---|---|
| A | null (demografisch 83.3, economisch null) | 16.7 (16.7, 16.7) | 88.9 (100.0, 83.3) |
| B | 63.1 (regelgeving 75.0, borging 51.1) | 83.4 (100.0, 66.7) | null (no partners) |
| C | 37.5 (draagvlak 75.0, tijd 0.0) | 50.0 (0.0, 100.0) | 100.0 (100.0, 100.0) |

Partners: Jan names "ROC Midden" (50.6: 50.0, 51.1) and "Zorgcentrum De Linde" (100.0: 100.0,
null); Piet names "roc  midden" (83.4: 100.0, 66.7).
"""

from __future__ import annotations

import math

import pytest

from scan.answers import Respondent, load_answers
from scan.bank import BankSet
from scan.errors import ScanError
from scan.result import Result, TeamResult, result_data
from scan.scoring.build import build_result, score
from scan.scoring.engine import Scorer
from scan.scoring.team import spread, team_result
from tests.conftest import FIXTURES

ANSWERS = FIXTURES / "antwoorden"
FILES = ["jan.yaml", "piet.yaml", "klaas.json"]


@pytest.fixture(scope="module")
def team(test_banks: BankSet) -> TeamResult:
    results = [score(test_banks, load_answers(ANSWERS / f, test_banks)[0]) for f in FILES]
    return team_result(test_banks, results, FILES)


def test_spread() -> None:
    assert spread([]) == (None, 0, None, None, None, False)
    assert spread([None, 42.0]) == (42.0, 1, 42.0, 42.0, None, False)
    # two values: sd = |a - b| / √2 = 100 / 1.41421… = 70.71 → 70.7; n < 3: never divided
    assert spread([0.0, 100.0]) == (50.0, 2, 0.0, 100.0, 70.7, False)
    # 0, 0, 60: mean 20.0; variance (400 + 400 + 1600) / 2 = 1200; sd 34.64 → 34.6
    assert spread([0.0, 0.0, 60.0]) == (20.0, 3, 0.0, 60.0, 34.6, True)
    # 40, 50, 60: sd exactly 10.0, below 20 → not divided
    assert spread([40.0, 50.0, 60.0]).sd == 10.0
    assert not spread([40.0, 50.0, 60.0]).divided
    # mean rounded half up: (63.1 + 83.4) / 2 = 73.25 → 73.3
    assert spread([63.1, 83.4]).mean == 73.3


def test_team_header(team: TeamResult) -> None:
    data = result_data(team)
    assert data["formaat"] == "samenwerkingsscan/teamresultaat-1"
    # "Het Baken"/"het baken" and "Zorg & Welzijn"/"Zorg &  Welzijn" are the same school and
    # team; the most common spelling wins
    assert (data["school"], data["team"], data["respondenten"]) == (
        "Het Baken",
        "Zorg & Welzijn",
        3,
    )
    assert list(data) == [
        "formaat",
        "school",
        "team",
        "respondenten",
        "kanten",
        "adviezen",
        "blinde_vlekken",
        "aandachtspunten",
        "sterke_punten",
        "bespreken",
        "min_groep",
        "rollen",
        "rolverschillen",
        "deelnemers",
    ]
    # participants: the individual results without 'formaat', sorted by name
    assert [p["respondent"]["naam"] for p in data["deelnemers"]] == [
        "Jan Jansen",
        "Klaas Bakker",
        "Piet de Vries",
    ]
    assert all("formaat" not in p for p in data["deelnemers"])


def test_team_side_a(team: TeamResult) -> None:
    a = result_data(team)["kanten"]["A"]
    # side: Jan null; (16.7 + 88.9) / 2 = 52.8; sd 72.2 / √2 = 51.05 → 51.1
    assert {k: a[k] for k in ("score", "niveau", "n", "min", "max", "sd", "verdeeld")} == {
        "score": 52.8,
        "niveau": "structureel",
        "n": 2,
        "min": 16.7,
        "max": 88.9,
        "sd": 51.1,
        "verdeeld": False,
    }
    # demografisch: 83.3, 16.7, 100.0 → mean 66.67 → 66.7; deviations 16.63, −49.97, 33.33:
    # variance (276.7 + 2496.7 + 1111.1) / 2 = 1942.2 → sd 44.07 → 44.1 ≥ 20 with n = 3
    assert a["onderdelen"]["demografisch"] == {
        "score": 66.7,
        "niveau": "structureel",
        "beantwoord": 9,
        "weet_niet": 0,
        "nvt": 0,
        "vragen": 9,
        "n": 3,
        "min": 16.7,
        "max": 100.0,
        "sd": 44.1,
        "verdeeld": True,
    }
    # economisch: Jan null (two weet_niet, so he counts in the sums); (16.7 + 83.3) / 2 = 50.0
    assert a["onderdelen"]["economisch"] == {
        "score": 50.0,
        "niveau": "structureel",
        "beantwoord": 4,
        "weet_niet": 2,
        "nvt": 0,
        "vragen": 6,
        "n": 2,
        "min": 16.7,
        "max": 83.3,
        "sd": 47.1,
        "verdeeld": False,
    }


def test_team_side_b_and_merged_partners(team: TeamResult) -> None:
    b = result_data(team)["kanten"]["B"]
    # side: 63.1 and 83.4 → 73.25 → 73.3 (half up); sd 20.3 / √2 = 14.35 → 14.4
    assert (b["score"], b["niveau"], b["n"], b["sd"]) == (73.3, "leerlijn", 2, 14.4)
    # regelgeving: 75.0 and 100.0 → 87.5, scored for 2 merged partners; borging 51.1 and 66.7
    assert b["onderdelen"] == {
        "regelgeving": {
            "score": 87.5,
            "niveau": "leerlijn",
            "nvt": 0,
            "partners": 2,
            "n": 2,
            "min": 75.0,
            "max": 100.0,
            "sd": 17.7,
            "verdeeld": False,
        },
        "borging": {
            "score": 58.9,
            "niveau": "structureel",
            "nvt": 0,
            "partners": 1,
            "n": 2,
            "min": 51.1,
            "max": 66.7,
            "sd": 11.0,
            "verdeeld": False,
        },
    }
    roc, linde = b["partners"]
    # "ROC Midden" and "roc  midden" are one partner: 50.6 and 83.4 → 67.0; sd 23.19 → 23.2
    assert {k: roc[k] for k in ("naam", "soort", "score", "niveau", "n", "sd")} == {
        "naam": "ROC Midden",
        "soort": "mbo",
        "score": 67.0,
        "niveau": "structureel",
        "n": 2,
        "sd": 23.2,
    }
    assert roc["onderdelen"]["regelgeving"] == {
        "score": 75.0,
        "niveau": "leerlijn",
        "beantwoord": 4,
        "weet_niet": 0,
        "nvt": 0,
        "vragen": 4,
        "n": 2,
        "min": 50.0,
        "max": 100.0,
        "sd": 35.4,
        "verdeeld": False,
    }
    assert (linde["naam"], linde["score"], linde["n"], linde["sd"]) == (
        "Zorgcentrum De Linde",
        100.0,
        1,
        None,
    )
    # borging of De Linde: only persoon answered (contactpersoon, vorm weet_niet) → null
    assert linde["onderdelen"]["borging"]["score"] is None
    assert linde["onderdelen"]["borging"]["weet_niet"] == 2


def test_team_side_c_is_divided(team: TeamResult) -> None:
    c = result_data(team)["kanten"]["C"]
    # 37.5, 50.0, 100.0: mean 62.5; variance (625 + 156.25 + 1406.25) / 2 = 1093.75 → 33.07
    assert (c["score"], c["sd"], c["verdeeld"]) == (62.5, 33.1, True)
    # draagvlak 75.0, 0.0, 100.0 → 58.33 → 58.3, sd 52.04 → 52.0; tijd 0, 100, 100 → 66.7, 57.7
    dims = c["onderdelen"]
    assert (dims["draagvlak"]["score"], dims["draagvlak"]["sd"]) == (58.3, 52.0)
    assert (dims["tijd"]["score"], dims["tijd"]["sd"], dims["tijd"]["verdeeld"]) == (
        66.7,
        57.7,
        True,
    )


def test_team_advice_follows_the_team_means(team: TeamResult) -> None:
    # demografisch and tijd are both 66.7 with gewicht 1: side A first
    assert [(a.side, a.dimension, a.score, a.level) for a in team.advice] == [
        ("A", "economisch", 50.0, "structureel"),
        ("C", "draagvlak", 58.3, "structureel"),
        ("B", "borging", 58.9, "structureel"),
        ("A", "demografisch", 66.7, "structureel"),
        ("C", "tijd", 66.7, "structureel"),
        ("B", "regelgeving", 87.5, "leerlijn"),
    ]
    assert team.advice[0].text == "Bezoek drie bedrijven. Leg afspraken vast."
    # economisch: 2 weet_niet of 6 questions seen; borging: 2 of 9 → no blind spots
    assert team.blind_spots == []


def _result(scorer: Scorer, answers: dict[str, int | str], **who: str) -> Result:
    return build_result(scorer, scorer.score_lean(answers), Respondent(**who))


def test_team_blind_spots_count_only_who_answered(test_banks: BankSet) -> None:
    scorer = Scorer(test_banks)
    results = [
        _result(scorer, {"regio.werkgelegenheid": "weet_niet", "regio.innovatie": "weet_niet"}),
        _result(scorer, {"regio.werkgelegenheid": "weet_niet", "regio.innovatie": 3}),
        # skipped side A: does not dilute the blind spot
        _result(scorer, {"team.steun": 3, "team.urgentie": 3}),
    ]
    team = team_result(scorer, results)
    assert [(s.side, s.dimension, s.dont_know, s.questions) for s in team.blind_spots] == [
        ("A", "economisch", 3, 4)
    ]
    economisch = team.sides["A"].dimensions["economisch"]
    # the second respondent's innovatie (3 → 66.7) carries half the weight: scored
    assert (economisch.score, economisch.n) == (66.7, 1)


def test_different_schools_are_an_error_naming_the_files(test_banks: BankSet) -> None:
    scorer = Scorer(test_banks)
    results = [
        _result(scorer, {}, naam="A", school="Het Baken", team="Zorg"),
        _result(scorer, {}, naam="B", school="De Linde", team="Zorg"),
        _result(scorer, {}, naam="C", team="zorg"),  # no school: differs from nothing
    ]
    with pytest.raises(ScanError) as caught:
        team_result(scorer, results, ["a.yaml", "b.yaml", "c.yaml"])
    lines = [str(p) for p in caught.value.problems]
    assert "--gemengd" in lines[0]
    assert lines[1:] == [
        "a.yaml: school 'Het Baken', team 'Zorg'",
        "b.yaml: school 'De Linde', team 'Zorg'",
        "c.yaml: school (leeg), team 'zorg'",
    ]
    mixed = team_result(scorer, results, mixed=True)
    # the school differs → None; the team is the same → its most common spelling
    assert (mixed.school, mixed.team, mixed.respondents) == (None, "Zorg", 3)


def test_result_does_not_depend_on_file_order(test_banks: BankSet, team: TeamResult) -> None:
    results = [score(test_banks, load_answers(ANSWERS / f, test_banks)[0]) for f in FILES]
    reordered = team_result(test_banks, results[::-1], FILES[::-1])
    assert reordered == team


def test_sd_is_the_sample_standard_deviation() -> None:
    values = [12.5, 33.3, 47.0, 90.1, 0.0]
    mean = sum(values) / len(values)
    exact = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    assert spread(values).sd == round(exact, 1)
