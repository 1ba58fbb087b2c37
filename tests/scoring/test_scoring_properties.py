"""Properties of scoring and team results that must hold for any answers (hypothesis)."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import ROUND_HALF_UP, Decimal, getcontext
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scan.answers import Respondent
from scan.bank import WEET_NIET, Bank, BankSet, Question
from scan.result import Result, result_data, result_json
from scan.scoring.build import build_result, build_result_data
from scan.scoring.engine import PartnerInput, Scores, scorer_for
from scan.scoring.team import spread, team_result

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def scale_questions(banks: BankSet, per_partner: bool) -> list[tuple[Bank, str, Question]]:
    return [
        (bank, qid, q)
        for bank in banks
        if bank.per_partner == per_partner
        for qid, (_, q) in bank.questions.items()
        if q.is_scale
    ]


@st.composite
def respondents(draw: st.DrawFn, banks: BankSet) -> tuple[dict[str, Any], list[PartnerInput]]:
    """Random answers: each scale question a value, weet_niet, or left out."""

    def answers(per_partner: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for bank, qid, q in scale_questions(banks, per_partner):
            values = [v.value for v in bank.scale_of(q)]
            choice = draw(st.sampled_from([*values, WEET_NIET, None]))
            if choice is not None:
                out[qid] = choice
        return out

    n_partners = draw(st.integers(0, 3))
    partners = [(f"Partner {i}", "mbo", answers(True)) for i in range(n_partners)]
    return answers(False), partners


def all_scores(scores: Scores) -> list[float | None]:
    out: list[float | None] = []
    for side in scores:
        out.append(side.score)
        out += [d.score for d in side.dimensions]
        for partner in side.partners or ():
            out.append(partner.score)
            # a dimension none of whose questions applies to the partner's kind has no score
            out += [d.score for d in partner.dimensions if d.questions]
    return out


@pytest.fixture(params=["test", "bundled"])
def banks(request: pytest.FixtureRequest) -> BankSet:
    return request.getfixturevalue(f"{request.param}_banks")


@SETTINGS
@given(data=st.data())
def test_scores_are_within_0_and_100(banks: BankSet, data: st.DataObject) -> None:
    scorer = scorer_for(banks)
    answers, partners = data.draw(respondents(banks))
    scores = scorer.score_lean(answers, partners)
    for value in all_scores(scores):
        assert value is None or 0 <= value <= 100
        if value is not None:
            assert value == round(value, 1)


@SETTINGS
@given(data=st.data())
def test_raising_one_answer_moves_its_dimension_the_right_way(
    banks: BankSet, data: st.DataObject
) -> None:
    scorer = scorer_for(banks)
    answers, _ = data.draw(respondents(banks))
    bank, qid, question = data.draw(st.sampled_from(scale_questions(banks, False)))
    values = sorted(v.value for v in bank.scale_of(question))
    low, high = sorted(data.draw(st.lists(st.sampled_from(values), min_size=2, max_size=2)))
    side = [b.id for b in banks].index(bank.id)
    dim_index = next(i for i, d in enumerate(bank.dimensions) if question in d.questions)

    def dimension_score(value: int) -> float | None:
        scores = scorer.score_lean({**answers, qid: value})
        return scores[side].dimensions[dim_index].score

    before, after = dimension_score(low), dimension_score(high)
    assert (before is None) == (after is None)  # the same weight is counted
    if before is not None and after is not None:
        assert (before >= after) if question.reversed else (before <= after)


def extreme_answers(banks: BankSet, ready: bool) -> tuple[dict[str, int], list[PartnerInput]]:
    """The most (or least) ready answer to every scale question."""

    def pick(bank: Bank, q: Question) -> int:
        values = [v.value for v in bank.scale_of(q)]
        return max(values) if ready != q.reversed else min(values)

    def answers(per_partner: bool) -> dict[str, int]:
        return {qid: pick(bank, q) for bank, qid, q in scale_questions(banks, per_partner)}

    return answers(False), [("P", "mbo", answers(True)), ("Q", "bedrijf", answers(True))]


@pytest.mark.parametrize(("ready", "expected"), [(False, 0.0), (True, 100.0)])
def test_all_lowest_is_0_and_all_highest_is_100(
    banks: BankSet, ready: bool, expected: float
) -> None:
    # "lowest" is the least ready answer: the lowest value, or the highest for omgekeerd
    scores = scorer_for(banks).score_lean(*extreme_answers(banks, ready))
    assert set(all_scores(scores)) == {expected}


def test_all_lowest_values_without_reversed_questions(test_banks: BankSet) -> None:
    # on a bank without omgekeerd questions (regio has one: drop it) the literal lowest is 0
    answers = {
        qid: min(v.value for v in test_banks.by_id("regio").scale_of(q))  # type: ignore[union-attr]
        for bank, qid, q in scale_questions(test_banks, False)
        if bank.id == "regio" and not q.reversed
    }
    side_a = scorer_for(test_banks).score_lean(answers)[0]
    assert [d.score for d in side_a.dimensions] == [0.0, 0.0]


@SETTINGS
@given(data=st.data())
def test_team_result_does_not_depend_on_order(test_banks: BankSet, data: st.DataObject) -> None:
    scorer = scorer_for(test_banks)
    results: list[Result] = []
    for i in range(data.draw(st.integers(2, 5))):
        answers, partners = data.draw(respondents(test_banks))
        # partner names that differ only in case and spaces are the same partner
        partners = [
            (data.draw(st.sampled_from(["ROC", "roc", " Roc ", "Bedrijf"])), kind, a)
            for _, kind, a in partners[:1]
        ]
        results.append(build_result(scorer, scorer.score_lean(answers, partners)))
        results[-1].respondent.name = f"R{i % 2}"  # equal names: ties are broken by content
    shuffled = list(results)
    random.Random(data.draw(st.integers(0, 1000))).shuffle(shuffled)
    assert team_result(scorer, shuffled) == team_result(scorer, results)


@SETTINGS
@given(st.lists(st.integers(0, 1000), min_size=0, max_size=12))
def test_spread_is_exact(tenths: list[int]) -> None:
    getcontext().prec = 50
    values = [t / 10 for t in tenths]
    found = spread(values)
    assert found.n == len(values)
    if not values:
        return
    mean = Decimal(sum(tenths)) / len(tenths) / 10
    assert found.mean == float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    if len(values) < 2:
        assert found.sd is None
        return
    dev = sum((Decimal(t) / 10 - mean) ** 2 for t in tenths) / (len(tenths) - 1)
    sd = dev.sqrt().quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert found.sd == float(sd)
    assert found.divided == (len(values) >= 3 and sd >= 20)
    assert math.isclose(found.min or 0, min(values)) and math.isclose(found.max or 0, max(values))


@SETTINGS
@given(data=st.data())
def test_plain_result_data_equals_the_model_and_round_trips(
    banks: BankSet, data: st.DataObject
) -> None:
    scorer = scorer_for(banks)
    answers, partners = data.draw(respondents(banks))
    scores = scorer.score_lean(answers, partners)
    respondent = Respondent(name="Jan", school="Het Baken")
    plain = build_result_data(scorer, scores, respondent, dt.date(2026, 11, 22))
    model = build_result(scorer, scores, respondent, dt.date(2026, 11, 22))
    assert plain == result_data(model)
    assert Result.model_validate_json(result_json(model)) == model
