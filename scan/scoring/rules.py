"""The scoring rules of docs/formaten.md, written plainly: the reference for the compiled engine.

Nothing here is fast and nothing is packed: fractions, lists and sums, one function per rule,
so that a person can check the rules against the design. Property tests hold the compiled
:class:`~scan.scoring.engine.Scorer` (and the batch fast path) equal to this module on random
banks and answers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from scan.bank import NVT, WEET_NIET, Bank, Dimension, Question

Answers = Mapping[str, int | str]


class Partner(NamedTuple):
    """A partner's answers to a per-partner bank."""

    name: str
    kind: str
    answers: Answers
    short: bool = False


class Counted(NamedTuple):
    """A scored dimension (of a respondent, a partner, or a per-partner side)."""

    score: Fraction | None
    answered: int
    dont_know: int
    not_applicable: int
    questions: int
    partners: int = 0


class Scored(NamedTuple):
    """A side, or one partner: its score and its dimensions in bank order."""

    score: Fraction | None
    dimensions: list[Counted]
    partners: list[Scored] | None = None


def rounded(value: Fraction) -> Fraction:
    """Half up to one decimal (66.65 → 66.7)."""
    return Fraction(math.floor(value * 10 + Fraction(1, 2)), 10)


def weight(number: float) -> Fraction:
    """A ``gewicht`` as the decimal the author wrote."""
    return Fraction(repr(number))


def item_score(bank: Bank, question: Question, value: int) -> Fraction:
    """``100 * (value - min) / (max - min)`` of its scale; ``omgekeerd`` → 100 minus that."""
    values = [v.value for v in bank.scale_of(question)]
    item = Fraction(100 * (value - min(values)), max(values) - min(values))
    return 100 - item if question.reversed else item


def applies(question: Question, partner: Partner | None) -> bool:
    """A scored question that is asked: of a partner only for its kind and, in the short form,
    only when ``kort``."""
    if not question.counts:
        return False
    return partner is None or question.applies_to(partner.kind, partner.short)


def score_dimension(
    bank: Bank, dimension: Dimension, answers: Answers, partner: Partner | None = None
) -> Counted:
    """Weighted mean of the counted items; null below half of the weight of the questions
    that apply (``nvt`` answers apply not), or when none apply."""
    asked = [q for q in dimension.questions if applies(q, partner)]
    given = {q.id: answers.get(f"{bank.id}.{q.id}") for q in asked}
    nvt = [q for q in asked if given[q.id] == NVT]
    apply = [q for q in asked if given[q.id] != NVT]
    counted = [(q, v) for q in apply if isinstance(v := given[q.id], int)]
    dont_know = sum(given[q.id] == WEET_NIET for q in apply)
    total = sum((weight(q.weight) for q in apply), Fraction(0))
    answered = sum((weight(q.weight) for q, _ in counted), Fraction(0))
    score = None
    if apply and 2 * answered >= total:
        items = sum((weight(q.weight) * item_score(bank, q, v) for q, v in counted), Fraction(0))
        score = rounded(items / answered)
    return Counted(score, len(counted), dont_know, len(nvt), len(apply))


def side_score(bank: Bank, scores: Sequence[Fraction | None]) -> Fraction | None:
    """Weighted mean (dimension ``gewicht``) of the non-null dimension scores; null when those
    carry less than half of the side's dimension weight."""
    weights = [weight(d.weight) for d in bank.dimensions]
    scored = [(w, s) for w, s in zip(weights, scores, strict=True) if s is not None]
    carried = sum((w for w, _ in scored), Fraction(0))
    if not scored or 2 * carried < sum(weights):
        return None
    return rounded(sum((w * s for w, s in scored), Fraction(0)) / carried)


def score_answers(bank: Bank, answers: Answers, partner: Partner | None = None) -> Scored:
    """A bank answered once, or one partner of a per-partner bank."""
    dims = [score_dimension(bank, d, answers, partner) for d in bank.dimensions]
    return Scored(side_score(bank, [d.score for d in dims]), dims)


def partner_mean(scored: Sequence[Scored], index: int) -> Counted:
    """A per-partner side's dimension: the plain mean over the partners that scored it; the
    counts summed over all partners."""
    dims = [p.dimensions[index] for p in scored]
    scores = [d.score for d in dims if d.score is not None]
    mean = rounded(sum(scores, Fraction(0)) / len(scores)) if scores else None
    return Counted(
        mean,
        sum(d.answered for d in dims),
        sum(d.dont_know for d in dims),
        sum(d.not_applicable for d in dims),
        sum(d.questions for d in dims),
        len(scores),
    )


def score_bank(bank: Bank, answers: Answers, partners: Sequence[Partner] = ()) -> Scored:
    """A side: the bank on the answers; a per-partner bank on every partner (no partners:
    every score null)."""
    if not bank.per_partner:
        return score_answers(bank, answers)
    scored = [score_answers(bank, p.answers, p) for p in partners]
    dims = [partner_mean(scored, i) for i in range(len(bank.dimensions))]
    score = side_score(bank, [d.score for d in dims]) if scored else None
    return Scored(score, dims, scored)


def level(bank: Bank, score: Fraction | None) -> str | None:
    """The last level whose ``vanaf`` ≤ the rounded score."""
    if score is None:
        return None
    return [lv.id for lv in bank.levels if Fraction(repr(lv.start)) <= score][-1]


def progress(bank: Bank, answers: Answers, partner: Partner | None = None) -> tuple[int, int]:
    """``voortgang`` of one bank (or one partner): scale questions answered (``weet_niet`` and
    ``nvt`` included) of the scale questions asked, profile questions included."""
    asked = [
        q
        for d in bank.dimensions
        for q in d.questions
        if q.is_scale and (partner is None or q.applies_to(partner.kind, partner.short))
    ]
    answered = sum(f"{bank.id}.{q.id}" in answers for q in asked)
    return answered, len(asked)
