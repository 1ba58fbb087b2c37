"""Calibration of the bundled banks: the top level needs (nearly) top answers everywhere.

For every dimension of every bundled bank (side B: for every partner kind, over the questions that
apply to that kind):
- the least ready option on every scored question gives the bottom level;
- the most ready option everywhere gives the top level;
- the second most ready option on half of the scored questions and the most ready on the rest stays
  below the top level, for both halves of an odd count (rounded down and up) and for every choice of
  which questions get the second option.

The scores are computed here from the YAML with exact fractions, following docs/formaten.md (item
``100 * (v - min) / (max - min)``, reversed ``100 - that``; weighted mean; rounded half up to one
decimal; the last level whose ``vanaf`` is at most the score), so the test does not depend on the
scoring engine it is meant to check the content against.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations
from typing import Any

import pytest

from tests.test_bundled_banks import ALL, BANKS, KINDS, NAMES, scored


def applies(question: dict[str, Any], kind: str | None) -> bool:
    return kind is None or kind in question.get("soorten", KINDS)


def cases() -> list[tuple[str, str | None, str]]:
    """(bank, partner kind or None, dimension id) for every calibrated dimension."""
    out = []
    for name in NAMES:
        bank = ALL[name]
        kinds: tuple[str | None, ...] = KINDS if bank.get("per_partner") else (None,)
        for kind in kinds:
            for dim in bank["onderdelen"]:
                if any(scored(q) and applies(q, kind) for q in dim["vragen"]):
                    out.append((name, kind, dim["id"]))
    return out


def item(bank: dict[str, Any], question: dict[str, Any], value: int) -> Fraction:
    values = [v["waarde"] for v in bank["schalen"][question["schaal"]]]
    share = Fraction(100 * (value - min(values)), max(values) - min(values))
    return 100 - share if question.get("omgekeerd", False) else share


def ranked(bank: dict[str, Any], question: dict[str, Any]) -> list[int]:
    """The scale's values from the most to the least ready answer."""
    values = sorted((v["waarde"] for v in bank["schalen"][question["schaal"]]), reverse=True)
    return values[::-1] if question.get("omgekeerd", False) else values


def rounded(score: Fraction) -> Fraction:
    """Half up to one decimal, as docs/formaten.md prescribes (66.65 -> 66.7)."""
    return Fraction(math.floor(score * 10 + Fraction(1, 2)), 10)


def level(bank: dict[str, Any], score: Fraction) -> str:
    found = bank["niveaus"][0]["id"]
    for lv in bank["niveaus"]:
        if Fraction(str(lv["vanaf"])) <= score:
            found = lv["id"]
    return found


def dimension_score(
    bank: dict[str, Any], questions: list[dict[str, Any]], answers: list[int]
) -> Fraction:
    weights = [Fraction(str(q.get("gewicht", 1))) for q in questions]
    total = sum(w * item(bank, q, a) for w, q, a in zip(weights, questions, answers, strict=True))
    return rounded(total / sum(weights))


def setup(name: str, kind: str | None, dim_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    bank = ALL[name]
    [dim] = [d for d in bank["onderdelen"] if d["id"] == dim_id]
    return bank, [q for q in dim["vragen"] if scored(q) and applies(q, kind)]


CASES = cases()
IDS = [f"{name}-{kind or 'alle'}-{dim}" for name, kind, dim in CASES]


def test_every_side_and_partner_kind_is_calibrated() -> None:
    sides = {name for name, _, _ in CASES}
    kinds = {kind for name, kind, _ in CASES if name == "partner"}
    assert sides == {"regio", "partner", "team"}
    assert kinds == set(KINDS)


@pytest.mark.parametrize(("name", "kind", "dim_id"), CASES, ids=IDS)
def test_lowest_answers_give_the_bottom_level(name: str, kind: str | None, dim_id: str) -> None:
    bank, questions = setup(name, kind, dim_id)
    score = dimension_score(bank, questions, [ranked(bank, q)[-1] for q in questions])
    assert score == 0
    assert level(bank, score) == bank["niveaus"][0]["id"]


@pytest.mark.parametrize(("name", "kind", "dim_id"), CASES, ids=IDS)
def test_highest_answers_give_the_top_level(name: str, kind: str | None, dim_id: str) -> None:
    bank, questions = setup(name, kind, dim_id)
    score = dimension_score(bank, questions, [ranked(bank, q)[0] for q in questions])
    assert score == 100
    assert level(bank, score) == bank["niveaus"][-1]["id"]


@pytest.mark.parametrize(("name", "kind", "dim_id"), CASES, ids=IDS)
def test_second_best_on_half_the_questions_stays_below_the_top(
    name: str, kind: str | None, dim_id: str
) -> None:
    bank, questions = setup(name, kind, dim_id)
    top = bank["niveaus"][-1]
    n = len(questions)
    for half in sorted({n // 2, (n + 1) // 2}):
        for second in combinations(range(n), half):
            answers = [ranked(bank, q)[1 if i in second else 0] for i, q in enumerate(questions)]
            score = dimension_score(bank, questions, answers)
            picked = [questions[i]["id"] for i in second]
            assert level(bank, score) != top["id"], (
                f"{name}.{dim_id} ({kind or 'alle soorten'}): tweede antwoord op {picked} "
                f"geeft {float(score)} en dus '{top['naam']}' (vanaf {top['vanaf']})"
            )


def test_the_rule_can_fail() -> None:
    """A dimension of one question, or a top level as low as the old 70, breaks the rule."""
    bank, questions = setup("regio", None, "demografisch")
    one = questions[:1]
    assert dimension_score(bank, one, [ranked(bank, q)[0] for q in one]) == 100
    lenient = {**bank, "niveaus": [*bank["niveaus"][:-1], {**bank["niveaus"][-1], "vanaf": 70}]}
    answers = [ranked(bank, q)[1 if i == 0 else 0] for i, q in enumerate(questions)]
    assert level(lenient, dimension_score(bank, questions, answers)) == "leerlijn"


def test_the_package_scores_the_three_cases_the_same() -> None:
    """The scoring engine agrees with the exact computation above, case by case."""
    from scan.bank import BANK_KEYS, load_bankset

    if "gescoord" not in BANK_KEYS:
        pytest.skip("het bankmodel kent de sleutels van 2026.2 nog niet (branch format)")
    from scan.scoring.engine import scorer_for

    banks = load_bankset(BANKS)
    scorer = scorer_for(banks)
    position = {bank.id: i for i, bank in enumerate(banks)}
    for name, kind, dim_id in CASES:
        bank, questions = setup(name, kind, dim_id)
        index = [d["id"] for d in bank["onderdelen"]].index(dim_id)
        n = len(questions)
        for second in [(), tuple(range(n)), tuple(range(n // 2)), tuple(range(n - n // 2, n))]:
            answers = [ranked(bank, q)[1 if i in second else 0] for i, q in enumerate(questions)]
            given = {f"{name}.{q['id']}": a for q, a in zip(questions, answers, strict=True)}
            if kind is None:
                side = scorer.score_lean(given)[position[name]]
                got = side.dimensions[index]
            else:
                side = scorer.score_lean({}, [("P", kind, given)])[position[name]]
                got = (side.partners or ())[0].dimensions[index]
            expected = dimension_score(bank, questions, answers)
            assert got.score == float(expected), (name, kind, dim_id, second)
            assert got.level == level(bank, expected), (name, kind, dim_id, second)
