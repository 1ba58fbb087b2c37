"""Scoring (design 3.3): a :class:`Scorer` compiled once per bank set, exact and fast.

Two layers:

* the **lean path** — :meth:`Scorer.score_lean` takes plain data and returns plain tuples
  (:class:`SideScore`, :class:`DimensionScore`, :class:`PartnerScore`). It does little more than
  dict lookups and integer sums, for batch scoring of many respondents::

      scorer = Scorer(banks)                      # once per BankSet
      sides = scorer.score_lean(
          {"regio.honkvast": 3, "regio.krimp": "weet_niet", "regio.bedrijven": "tekst"},
          [("ROC Midden", "mbo", {"partner.regels": 2})],
      )
      for side in sides:                          # one SideScore per bank, in side order A, B, C
          side.side, side.bank, side.score, side.level
          for dim_id, dim in zip(scorer.dimension_ids(side.bank), side.dimensions):
              dim.score, dim.level, dim.answered, dim.dont_know, dim.questions

* the **model path** — :func:`build_result` turns that into the pydantic
  :class:`~scan.result.Result` (advice, blind spots; for JSON, report and terminal), and
  :func:`score` does both for an :class:`~scan.answers.AnswerFile`.

Exactness: every weight and item score is a fraction, scaled at compile time to integers per
dimension, so a dimension score is an exact ratio of two integers and is rounded half up to one
decimal without binary-float surprises (66.65 → 66.7). Scores are kept as integer tenths; each
level (side-B dimension means over partners, side means over dimensions) is computed from the
*rounded* scores of the level below — the numbers the user sees — so a result can be checked by
hand. The level of a score is looked up in a table indexed by those tenths.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from scan.answers import AnswerFile, PartnerAnswers, Respondent
from scan.bank import SIDES, WEET_NIET, Bank, BankSet, Side
from scan.errors import ScanError, suggest
from scan.result import (
    Advice,
    BlindSpot,
    DimensionResult,
    PartnerResult,
    PartnerSideDimension,
    PartnerSideResult,
    Result,
    SideResult,
)

Value = int | str
"""A plain answer: a scale value, ``"weet_niet"``, or the text of an open question."""

PartnerInput = tuple[str, str, Mapping[str, Value]]
"""(partner name, partner kind, {full question id: value}) — answers to per-partner banks."""


class DimensionScore(NamedTuple):
    """One dimension (onderdeel) of one respondent, or of one partner.

    ``score`` is rounded half up to one decimal (None when too little was answered), ``level``
    the level id for that rounded score. ``answered`` counts the counted scale answers,
    ``dont_know`` the ``weet_niet`` answers, ``questions`` the dimension's scale questions. On
    the side level of a per-partner bank, these three are summed over the partners and
    ``partners`` counts the partners whose score for this dimension is not None (else 0).
    """

    score: float | None
    level: str | None
    answered: int
    dont_know: int
    questions: int
    partners: int = 0


class PartnerScore(NamedTuple):
    """One partner of a per-partner bank, scored on its own answers; ``kind`` as given."""

    name: str
    kind: str
    score: float | None
    level: str | None
    dimensions: tuple[DimensionScore, ...]


class SideScore(NamedTuple):
    """One side (one bank): score and level, its dimensions in bank order.

    ``partners`` is None for a bank answered once, and the partners in input order for a
    per-partner bank (whose ``dimensions`` are then the means over the partners).
    """

    side: Side
    bank: str
    score: float | None
    level: str | None
    dimensions: tuple[DimensionScore, ...]
    partners: tuple[PartnerScore, ...] | None


Scores = tuple[SideScore, ...]
"""The lean result of one respondent: one :class:`SideScore` per bank, in side order."""

_Hit = tuple[int, int, int]
"""(dimension slot, weighted item score numerator, weight numerator); weight 0 = weet_niet."""


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up to an integer (both ≥ 0, denominator > 0).

    Exact: with scores in tenths, this is rounding half up to one decimal.
    """
    return (2 * numerator + denominator) // (2 * denominator)


def _exact(number: float) -> Fraction:
    """The decimal a YAML author wrote (``0.1`` is 1/10, not the nearest binary float)."""
    return Fraction(repr(number))


@dataclass(frozen=True, slots=True)
class _BankPlan:
    """Everything about one bank that scoring needs, precomputed."""

    bank: Bank
    first_slot: int
    dimension_ids: tuple[str, ...]
    question_weight: tuple[int, ...]
    """Per dimension: total scaled weight of its scale questions (the coverage rule's base)."""
    questions: tuple[int, ...]
    dimension_weight: tuple[int, ...]
    """Per dimension: its ``gewicht`` scaled to integers for the side mean."""
    side_weight: int
    levels: tuple[str, ...]
    """Level id for every score in tenths, 0…1000."""

    def dimensions(
        self, nums: list[int], weights: list[int], counted: list[int], dont_know: list[int]
    ) -> tuple[list[int | None], tuple[DimensionScore, ...]]:
        """The rounded tenths and the DimensionScores of this bank's slots."""
        tenths: list[int | None] = []
        out: list[DimensionScore] = []
        levels = self.levels
        slot = self.first_slot
        for total, n_questions in zip(self.question_weight, self.questions, strict=True):
            weight = weights[slot]
            if 2 * weight < total:
                tenths.append(None)
                out.append(DimensionScore(None, None, counted[slot], dont_know[slot], n_questions))
            else:
                t = (20 * nums[slot] + weight) // (2 * weight)  # round_half_up(10 * num, weight)
                tenths.append(t)
                out.append(
                    DimensionScore(t / 10, levels[t], counted[slot], dont_know[slot], n_questions)
                )
            slot += 1
        return tenths, tuple(out)

    def side(self, tenths: Sequence[int | None]) -> int | None:
        """The side score in tenths: weighted mean of the non-null dimensions, or None."""
        total = 0
        weight = 0
        for t, w in zip(tenths, self.dimension_weight, strict=True):
            if t is not None:
                total += w * t
                weight += w
        if 2 * weight < self.side_weight:
            return None
        return round_half_up(total, weight)


def _compile_bank(
    bank: Bank, first_slot: int, table: dict[str, dict[Value, _Hit]], open_ids: set[str]
) -> _BankPlan:
    totals: list[int] = []
    for d, dim in enumerate(bank.dimensions):
        slot = first_slot + d
        items: list[tuple[str, Fraction, dict[int, Fraction]]] = []
        for question in dim.questions:
            full_id = f"{bank.id}.{question.id}"
            if not question.is_scored:
                open_ids.add(full_id)
                continue
            values = [v.value for v in bank.scale_of(question)]
            low, high = min(values), max(values)
            weight = _exact(question.weight)
            item_scores: dict[int, Fraction] = {}
            for value in values:
                item = Fraction(100 * (value - low), high - low)
                item_scores[value] = weight * (100 - item if question.reversed else item)
            items.append((full_id, weight, item_scores))
        scale = math.lcm(
            *(w.denominator for _, w, _ in items),
            *(s.denominator for _, _, scores in items for s in scores.values()),
        )
        for full_id, weight, item_scores in items:
            w = int(weight * scale)
            row: dict[Value, _Hit] = {v: (slot, int(s * scale), w) for v, s in item_scores.items()}
            row[WEET_NIET] = (slot, 0, 0)
            table[full_id] = row
        totals.append(int(sum(w for _, w, _ in items) * scale))
    dim_weights = [_exact(d.weight) for d in bank.dimensions]
    dim_scale = math.lcm(*(w.denominator for w in dim_weights))
    scaled = tuple(int(w * dim_scale) for w in dim_weights)
    levels = tuple(_level_id(bank, t) for t in range(1001))
    return _BankPlan(
        bank=bank,
        first_slot=first_slot,
        dimension_ids=tuple(d.id for d in bank.dimensions),
        question_weight=tuple(totals),
        questions=tuple(len(d.scored) for d in bank.dimensions),
        dimension_weight=scaled,
        side_weight=sum(scaled),
        levels=levels,
    )


def _level_id(bank: Bank, tenths: int) -> str:
    level = bank.level_for(tenths / 10)
    assert level is not None
    return level.id


class Scorer:
    """Scoring compiled once for a :class:`~scan.bank.BankSet`; reuse it for every respondent.

    Use :func:`scorer_for` to share one Scorer per bank set.
    """

    def __init__(self, banks: BankSet) -> None:
        self.banks = banks
        self._table: dict[str, dict[Value, _Hit]] = {}
        self._partner_table: dict[str, dict[Value, _Hit]] = {}
        self._open: set[str] = set()
        self._plans: list[_BankPlan] = []
        slots = partner_slots = 0
        for bank in banks:
            if bank.per_partner:
                plan = _compile_bank(bank, partner_slots, self._partner_table, self._open)
                partner_slots += len(bank.dimensions)
            else:
                plan = _compile_bank(bank, slots, self._table, self._open)
                slots += len(bank.dimensions)
            self._plans.append(plan)
        self._slots = slots
        self._partner_slots = partner_slots
        self._all_ids = [qid for bank in banks for qid in bank.questions]

    def dimension_ids(self, bank_id: str) -> tuple[str, ...]:
        """The dimension ids of a bank in bank order (the order of ``SideScore.dimensions``)."""
        return next(p.dimension_ids for p in self._plans if p.bank.id == bank_id)

    def score_lean(
        self, answers: Mapping[str, Value], partners: Iterable[PartnerInput] = ()
    ) -> Scores:
        """Score one respondent from plain, already validated data.

        ``answers``: {full question id: scale value (int) | ``"weet_niet"`` | text} for the
        banks answered once; ``partners``: (name, kind, {full id: value}) for the per-partner
        banks. Open-question texts are ignored. Check values beforehand (see
        :func:`scan.answers.value_problem`); an unknown question, a value not on its scale, or
        an answer in the wrong place raises ScanError.
        """
        n = self._slots
        nums, weights, counted, dont_know = [0] * n, [0] * n, [0] * n, [0] * n
        self._accumulate(answers, self._table, False, nums, weights, counted, dont_know)
        partner_tallies = [
            (name, kind, self._partner_tally(mapping)) for name, kind, mapping in partners
        ]
        out: list[SideScore] = []
        for plan in self._plans:
            if plan.bank.per_partner:
                out.append(self._partner_side(plan, partner_tallies))
                continue
            tenths, dims = plan.dimensions(nums, weights, counted, dont_know)
            side = plan.side(tenths)
            out.append(
                SideScore(
                    plan.bank.side,
                    plan.bank.id,
                    None if side is None else side / 10,
                    None if side is None else plan.levels[side],
                    dims,
                    None,
                )
            )
        return tuple(out)

    def _partner_tally(self, mapping: Mapping[str, Value]) -> tuple[list[int], ...]:
        n = self._partner_slots
        tally = ([0] * n, [0] * n, [0] * n, [0] * n)
        self._accumulate(mapping, self._partner_table, True, *tally)
        return tally

    def _accumulate(
        self,
        answers: Mapping[str, Value],
        table: dict[str, dict[Value, _Hit]],
        in_partner: bool,
        nums: list[int],
        weights: list[int],
        counted: list[int],
        dont_know: list[int],
    ) -> None:
        # the hot loop: two dict lookups and a few integer additions per answer
        for qid, value in answers.items():
            row = table.get(qid)
            if row is None:
                self._check_unscored(qid, in_partner)
                continue
            hit = row.get(value)
            if hit is None:
                raise ScanError(f"{qid}: waarde {value!r} staat niet op de schaal")
            slot, num, weight = hit
            if weight:
                nums[slot] += num
                weights[slot] += weight
                counted[slot] += 1
            else:
                dont_know[slot] += 1

    def _check_unscored(self, qid: str, in_partner: bool) -> None:
        if qid in self._open:
            return
        if qid in (self._table if in_partner else self._partner_table):
            where = "niet bij een partner" if in_partner else "onder 'partners'"
            raise ScanError(f"{qid}: deze vraag hoort {where}")
        raise ScanError(f"{qid}: onbekende vraag{suggest(qid, self._all_ids)}")

    def _partner_side(
        self, plan: _BankPlan, tallies: list[tuple[str, str, tuple[list[int], ...]]]
    ) -> SideScore:
        bank = plan.bank
        n_dims = len(plan.dimension_ids)
        sums = [0] * n_dims
        scored = [0] * n_dims
        answered = [0] * n_dims
        dont_know = [0] * n_dims
        partners: list[PartnerScore] = []
        for name, kind, tally in tallies:
            tenths, dims = plan.dimensions(*tally)
            for d, (t, dim) in enumerate(zip(tenths, dims, strict=True)):
                if t is not None:
                    sums[d] += t
                    scored[d] += 1
                answered[d] += dim.answered
                dont_know[d] += dim.dont_know
            own = plan.side(tenths)
            partners.append(
                PartnerScore(
                    name,
                    kind,
                    None if own is None else own / 10,
                    None if own is None else plan.levels[own],
                    dims,
                )
            )
        means: list[int | None] = [
            round_half_up(s, k) if k else None for s, k in zip(sums, scored, strict=True)
        ]
        dims_out = tuple(
            DimensionScore(
                None if t is None else t / 10,
                None if t is None else plan.levels[t],
                answered[d],
                dont_know[d],
                plan.questions[d] * len(tallies),
                scored[d],
            )
            for d, t in enumerate(means)
        )
        side = plan.side(means)
        return SideScore(
            bank.side,
            bank.id,
            None if side is None else side / 10,
            None if side is None else plan.levels[side],
            dims_out,
            tuple(partners),
        )


_SCORERS: dict[int, tuple[BankSet, Scorer]] = {}


def scorer_for(banks: BankSet | Scorer) -> Scorer:
    """The shared Scorer of a bank set (compiled on first use)."""
    if isinstance(banks, Scorer):
        return banks
    cached = _SCORERS.get(id(banks))
    if cached is None or cached[0] is not banks:
        cached = (banks, Scorer(banks))
        _SCORERS[id(banks)] = cached
    return cached[1]


# --- the model path ---


def _dimension_result(dim: DimensionScore) -> DimensionResult:
    return DimensionResult(
        score=dim.score,
        level=dim.level,
        answered=dim.answered,
        dont_know=dim.dont_know,
        questions=dim.questions,
    )


def _side_result(scorer: Scorer, side: SideScore) -> SideResult | PartnerSideResult:
    ids = scorer.dimension_ids(side.bank)
    if side.partners is None:
        return SideResult(
            bank=side.bank,
            score=side.score,
            level=side.level,
            dimensions={i: _dimension_result(d) for i, d in zip(ids, side.dimensions, strict=True)},
        )
    return PartnerSideResult(
        bank=side.bank,
        score=side.score,
        level=side.level,
        dimensions={
            i: PartnerSideDimension(score=d.score, level=d.level, partners=d.partners)
            for i, d in zip(ids, side.dimensions, strict=True)
        },
        partners=[
            PartnerResult(
                name=p.name,
                kind=p.kind,
                score=p.score,
                level=p.level,
                dimensions={
                    i: _dimension_result(d) for i, d in zip(ids, p.dimensions, strict=True)
                },
            )
            for p in side.partners
        ],
    )


class DimensionView(NamedTuple):
    """What advice and blind spots need of a dimension (of a respondent or a team)."""

    side: Side
    bank: Bank
    index: int
    score: float | None
    level: str | None
    dont_know: int
    questions: int


def advice_for(views: Iterable[DimensionView]) -> list[Advice]:
    """One advice per scored dimension: score ascending, then dimension ``gewicht``
    descending, then side (A, B, C) and bank order."""
    scored = [v for v in views if v.score is not None and v.level is not None]
    scored.sort(
        key=lambda v: (
            v.score,
            -v.bank.dimensions[v.index].weight,
            SIDES.index(v.side),
            v.index,
        )
    )
    return [
        Advice(
            side=v.side,
            dimension=v.bank.dimensions[v.index].id,
            score=v.score,
            level=v.level,
            text=v.bank.dimensions[v.index].advice[v.level],
        )
        for v in scored
        if v.score is not None and v.level is not None
    ]


def blind_spots_for(views: Iterable[DimensionView]) -> list[BlindSpot]:
    """Dimensions where at least half of the scale questions got ``weet_niet``, in side and
    bank order."""
    found = [v for v in views if v.dont_know > 0 and 2 * v.dont_know >= v.questions]
    found.sort(key=lambda v: (SIDES.index(v.side), v.index))
    return [
        BlindSpot(
            side=v.side,
            dimension=v.bank.dimensions[v.index].id,
            dont_know=v.dont_know,
            questions=v.questions,
        )
        for v in found
    ]


def build_result(
    banks: BankSet | Scorer,
    scores: Scores,
    respondent: Respondent | None = None,
    date: dt.date | None = None,
) -> Result:
    """The pydantic :class:`~scan.result.Result` of lean scores (adds advice and blind spots).

    ``vragenlijsten`` holds the versions of the banks that scored the answers.
    """
    scorer = scorer_for(banks)
    views = [
        DimensionView(side.side, bank, d, dim.score, dim.level, dim.dont_know, dim.questions)
        for side in scores
        for bank in (_bank(scorer, side.bank),)
        for d, dim in enumerate(side.dimensions)
    ]
    return Result(
        respondent=respondent or Respondent(),
        date=date,
        versions={b.id: b.version for b in scorer.banks},
        sides={side.side: _side_result(scorer, side) for side in scores},
        advice=advice_for(views),
        blind_spots=blind_spots_for(views),
    )


def _bank(scorer: Scorer, bank_id: str) -> Bank:
    bank = scorer.banks.by_id(bank_id)
    assert bank is not None
    return bank


def partner_inputs(partners: Iterable[PartnerAnswers]) -> list[PartnerInput]:
    """The lean partner input of an answer file's partners."""
    return [(p.name, p.kind, p.answers) for p in partners]


def score(banks: BankSet | Scorer, answers: AnswerFile) -> Result:
    """Score one answer file (already checked by :func:`scan.answers.load_answers`)."""
    scorer = scorer_for(banks)
    scores = scorer.score_lean(answers.answers, partner_inputs(answers.partners))
    return build_result(scorer, scores, answers.respondent, answers.date)
