"""The compiled engine equals the plain reference scorer (scan/scoring/rules.py) on random
bank sets in format 2026.2 and random answers, and on the test and bundled banks."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scan.answers import Respondent
from scan.bank import Bank, BankSet
from scan.result import result_data
from scan.scoring import engine, rules
from scan.scoring.build import build_result, build_result_data, progress_of
from scan.scoring.engine import DimensionScore, Scorer, Scores
from tests.scoring.strategies import Respondent as Answers
from tests.scoring.strategies import bank_sets, respondents

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def as_float(score: Fraction | None) -> float | None:
    return None if score is None else float(score)


def reference(banks: BankSet, given: Answers) -> list[rules.Scored]:
    answers, partners = given
    plain = [rules.Partner(p[0], p[1], p[2], len(p) > 3 and bool(p[3])) for p in partners]
    return [rules.score_bank(b, answers, plain) for b in banks]


def reference_progress(banks: BankSet, given: Answers) -> tuple[int, int]:
    answers, partners = given
    found = [rules.progress(b, answers) for b in banks if not b.per_partner]
    found += [
        rules.progress(b, p[2], rules.Partner(p[0], p[1], p[2], len(p) > 3 and bool(p[3])))
        for b in banks
        if b.per_partner
        for p in partners
    ]
    return sum(a for a, _ in found), sum(q for _, q in found)


def same_dimension(found: DimensionScore, expected: rules.Counted, level: str | None) -> None:
    assert found == (
        as_float(expected.score),
        level,
        expected.answered,
        expected.dont_know,
        expected.not_applicable,
        expected.questions,
        expected.partners,
    )


def assert_equal(banks: BankSet, scores: Scores, expected: list[rules.Scored]) -> None:
    for bank, side, ref in zip(banks, scores, expected, strict=True):
        assert (side.score, side.level) == (as_float(ref.score), rules.level(bank, ref.score))
        for dim, ref_dim in zip(side.dimensions, ref.dimensions, strict=True):
            same_dimension(dim, ref_dim, rules.level(bank, ref_dim.score))
        assert (side.partners is None) == (ref.partners is None)
        for partner, ref_partner in zip(side.partners or (), ref.partners or (), strict=True):
            assert partner.score == as_float(ref_partner.score)
            assert partner.level == rules.level(bank, ref_partner.score)
            for dim, ref_dim in zip(partner.dimensions, ref_partner.dimensions, strict=True):
                same_dimension(dim, ref_dim, rules.level(bank, ref_dim.score))


@SETTINGS
@given(data=st.data())
def test_engine_equals_the_reference_on_random_banks(data: st.DataObject) -> None:
    banks = data.draw(bank_sets())
    scorer = Scorer(banks)
    for _ in range(3):  # several respondents per compiled scorer: the memo tables fill
        given = data.draw(respondents(banks))
        scores = scorer.score_lean(*given)
        assert_equal(banks, scores, reference(banks, given))
        assert progress_of(scores) == reference_progress(banks, given)


@SETTINGS
@given(data=st.data())
def test_engine_equals_the_reference_with_memo_tables_of_one(
    data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "CACHE_LIMIT", 1)
    banks = data.draw(bank_sets())
    scorer = Scorer(banks)
    for _ in range(3):
        given = data.draw(respondents(banks))
        assert_equal(banks, scorer.score_lean(*given), reference(banks, given))


@pytest.fixture(params=["test", "bundled"])
def banks(request: pytest.FixtureRequest) -> BankSet:
    return request.getfixturevalue(f"{request.param}_banks")


@SETTINGS
@given(data=st.data())
def test_engine_equals_the_reference_on_the_fixture_banks(
    banks: BankSet, data: st.DataObject
) -> None:
    given = data.draw(respondents(banks))
    scores = engine.scorer_for(banks).score_lean(*given)
    assert_equal(banks, scores, reference(banks, given))
    assert progress_of(scores) == reference_progress(banks, given)


@SETTINGS
@given(data=st.data())
def test_plain_result_data_equals_the_model_on_random_banks(data: st.DataObject) -> None:
    banks = data.draw(bank_sets())
    scorer = Scorer(banks)
    given = data.draw(respondents(banks))
    scores = scorer.score_lean(*given)
    who = Respondent(name="Jan")
    plain = build_result_data(scorer, scores, who, dt.date(2026, 11, 22))
    assert plain == result_data(build_result(scorer, scores, who, dt.date(2026, 11, 22)))
    # side B advice: the weakest partner of the dimension, filled into the text
    side_b = plain["kanten"]["B"]
    for advice in plain["adviezen"]:
        if advice["kant"] != "B":
            assert advice["partner"] is None
            continue
        scored = [
            (p["onderdelen"][advice["onderdeel"]]["score"], i, p["naam"])
            for i, p in enumerate(side_b["partners"])
            if p["onderdelen"][advice["onderdeel"]]["score"] is not None
        ]
        assert advice["partner"] == min(scored)[2]
        assert "{partner}" not in advice["tekst"]


def wide_bank_set() -> BankSet:
    """One dimension of 40 questions with odd decimal weights and a 7-point scale: its tallies
    need more than 8 bytes per slot, the struct path for wide slots."""
    questions = [
        {
            "id": f"q{i}",
            "tekst": f"Vraag {i}?",
            "schaal": "s",
            "gewicht": [0.123, 1.789, 2.9, 0.7][i % 4],
            "nvt": i % 3 == 0,
            "omgekeerd": i % 5 == 0,
        }
        for i in range(40)
    ]
    data = {
        "id": "regio",
        "kant": "A",
        "titel": "Breed",
        "versie": "1",
        "schalen": {"s": [{"waarde": v, "label": f"L{v}"} for v in (1, 2, 4, 7, 11, 16, 22)]},
        "niveaus": [{"id": "a", "naam": "A", "vanaf": 0}, {"id": "b", "naam": "B", "vanaf": 50}],
        "onderdelen": [
            {"id": "d", "titel": "D", "vragen": questions, "advies": {"a": "x", "b": "y"}}
        ],
    }
    return BankSet((Bank.model_validate(data, by_name=False),), Path("."))


@SETTINGS
@given(data=st.data())
def test_engine_equals_the_reference_with_slots_wider_than_8_bytes(data: st.DataObject) -> None:
    banks = wide_bank_set()
    scorer = Scorer(banks)
    assert scorer.dimension_tally("regio", 0).as_bytes  # the wide path is taken
    given = data.draw(respondents(banks, max_partners=0))
    assert_equal(banks, scorer.score_lean(*given), reference(banks, given))
    # a tally summed per answer (the batch interface) gives the same dimension
    tally = scorer.dimension_tally("regio", 0)
    total = sum(tally.tally(qid, value) for qid, value in given[0].items())
    assert tally.hit(total)[0] == scorer.score_lean(*given)[0].dimensions[0]
