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
          for dim in side.dimensions:                 # in the bank's order of dimensions
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
import operator
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from scan.answers import AnswerFile, PartnerAnswers, Respondent, Value
from scan.bank import SIDES, WEET_NIET, Bank, BankSet, Question, Side
from scan.errors import ScanError, suggest
from scan.result import RESULT_FORMAT, Result

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


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up to an integer (both ≥ 0, denominator > 0).

    Exact: with scores in tenths, this is rounding half up to one decimal.
    """
    return (2 * numerator + denominator) // (2 * denominator)


def _exact(number: float) -> Fraction:
    """The decimal a YAML author wrote (``0.1`` is 1/10, not the nearest binary float)."""
    return Fraction(repr(number))


_new = tuple.__new__
"""Builds a NamedTuple from a tuple in C (three times faster than calling the class)."""

CACHE_LIMIT = 4096
"""Most memoised tallies per dimension (bounds memory on huge, varied batches)."""

_MEAN_FIELDS = struct.Struct("<5I")
"""The five fields of a per-partner dimension aggregate, 32 bits each (up to 2**32 partners)."""

_Hit = tuple[DimensionScore, int, int]
"""A scored dimension: (DimensionScore, side part, partner part).

The side part packs (dimension weight × tenths) in its low bits and the dimension weight
above them (both 0 for a null score), so that summing the parts of a side's dimensions gives
the two sums of the side rule. The partner part (per-partner banks only) packs, per dimension,
the fields summed over partners: tenths, 1 if scored, answered, ``weet_niet``, 1 (the partner).
"""

_DIM = operator.itemgetter(0)
_SIDE = operator.itemgetter(1)
_PARTNER = operator.itemgetter(2)


@dataclass(frozen=True, slots=True)
class _Item:
    """A scale question, with its weight and weighted item score per value as integers."""

    full_id: str
    slot: int
    weight: int
    scores: dict[int, int]


class _Table(dict[tuple[str, Value], int]):
    """(full question id, value) → that answer's contribution to the packed tallies.

    Every dimension slot owns a fixed range of bytes in one big integer, its *key*; from the
    low bits up it holds four tallies: the weighted item score sum, the weight of the counted
    answers, the counted answers and the ``weet_niet`` answers. Summing the contributions of
    all answers fills in every tally at once, so the hot loop is the C-level
    ``sum(map(table.__getitem__, answers.items()))``; no tally can overflow into the next,
    because each question is answered at most once. Answers not in the table end up in
    :meth:`__missing__`: open questions count nothing, the rest is an error.
    """

    def __init__(
        self,
        items: list[_Item],
        n_slots: int,
        open_ids: set[str],
        others: set[str],
        misplaced: str,
        all_ids: list[str],
    ) -> None:
        super().__init__()
        self.open_ids = open_ids
        self.scale_ids = {item.full_id for item in items}
        self.others = others
        self.misplaced = misplaced
        """The message for an answer to one of the ``others`` (the other table's questions)."""
        self.all_ids = all_ids
        maxima = [[0, 0, 0, 0] for _ in range(n_slots)]
        for item in items:
            most = maxima[item.slot]
            most[0] += max(item.scores.values())
            most[1] += item.weight
            most[2] += 1
            most[3] += 1
        widths = [max((m[f].bit_length() for m in maxima), default=1) for f in range(4)]
        self.shifts = (0, widths[0], widths[0] + widths[1], widths[0] + widths[1] + widths[2])
        self.masks = tuple((1 << w) - 1 for w in widths)
        need = (sum(widths) + 7) // 8
        self.slot_size = next((s for s in (1, 2, 4, 8) if need <= s), need)
        self.code = {1: "B", 2: "H", 4: "I", 8: "Q"}.get(self.slot_size, f"{need}s")
        self.size = n_slots * self.slot_size
        for item in items:
            place = 8 * self.slot_size * item.slot
            counted = (item.weight << self.shifts[1]) + (1 << self.shifts[2])
            for value, score in item.scores.items():
                self[item.full_id, value] = (score + counted) << place
            self[item.full_id, WEET_NIET] = 1 << (self.shifts[3] + place)

    def buffer(self, answers: Mapping[str, Value]) -> bytes:
        """The packed tallies of these answers, as bytes (each slot a struct field)."""
        return sum(map(self.__getitem__, answers.items())).to_bytes(self.size, "little")

    def decode(self, key: int | bytes) -> tuple[int, int, int, int]:
        """The four tallies of one slot key."""
        value = key if isinstance(key, int) else int.from_bytes(key, "little")
        s, m = self.shifts, self.masks
        return (
            value & m[0],
            (value >> s[1]) & m[1],
            (value >> s[2]) & m[2],
            (value >> s[3]) & m[3],
        )

    def __missing__(self, key: tuple[str, Value]) -> int:
        qid, value = key
        if qid in self.open_ids:
            return 0
        if qid in self.scale_ids:
            raise ScanError(f"{qid}: waarde {value!r} staat niet op de schaal")
        if qid in self.others:
            raise ScanError(f"{qid}: {self.misplaced}")
        raise ScanError(f"{qid}: onbekende vraag{suggest(qid, self.all_ids)}")


class _BankPlan:
    """Everything about one bank that scoring needs, precomputed; dimension results memoised
    on their packed tallies (the same tallies always give the same DimensionScore)."""

    def __init__(self, bank: Bank, first_slot: int) -> None:
        self.bank = bank
        self.first_slot = first_slot
        self.dimension_ids = tuple(d.id for d in bank.dimensions)
        self.advice = tuple((-d.weight, d.id, d.advice) for d in bank.dimensions)
        """Per dimension what advice needs: (−gewicht, id, advice texts by level id)."""
        self.questions = tuple(len(d.scored) for d in bank.dimensions)
        weights = [_exact(d.weight) for d in bank.dimensions]
        scale = math.lcm(*(w.denominator for w in weights))
        self.dimension_weight = tuple(int(w * scale) for w in weights)
        """Per dimension: its ``gewicht`` scaled to integers for the side mean."""
        self.side_weight = sum(self.dimension_weight)
        self.side_shift = (1000 * self.side_weight).bit_length()
        self.side_mask = (1 << self.side_shift) - 1
        self.levels = tuple(_level_id(bank, t) for t in range(1001))
        """Level id for every score in tenths, 0…1000."""
        self.items: list[_Item] = []
        totals: list[int] = []
        for d, dim in enumerate(bank.dimensions):
            items, total = _dimension_items(bank, dim.scored, first_slot + d)
            self.items += items
            totals.append(total)
        self.question_weight = tuple(totals)
        """Per dimension: total scaled weight of its scale questions (the coverage rule's base)."""
        n = len(self.dimension_ids)
        self.caches: tuple[dict[int | bytes, _Hit], ...] = tuple({} for _ in range(n))
        self.mean_caches: tuple[dict[bytes, _Hit], ...] = tuple({} for _ in range(n))
        self.mean_layout = struct.Struct(f"<{f'{_MEAN_FIELDS.size}s' * n}")
        self.table: _Table | None = None
        self.layout = struct.Struct("")
        self.offset = 0
        self.no_partners = self.side_score(self.means(0), ())
        """The (all null) side of a per-partner bank without partners."""

    def attach(self, table: _Table) -> None:
        """Read this bank's slots from ``table``'s buffers."""
        self.table = table
        self.layout = struct.Struct("<" + table.code * len(self.dimension_ids))
        self.offset = self.first_slot * table.slot_size

    def dimensions(self, buffer: bytes) -> list[_Hit]:
        """The scored dimensions of this bank from a table buffer."""
        keys = self.layout.unpack_from(buffer, self.offset)
        hits: list[_Hit | None] = list(map(dict.get, self.caches, keys))
        if None in hits:
            for d, hit in enumerate(hits):
                if hit is None:
                    hits[d] = self._remember(
                        self.caches[d], keys[d], self._score_dimension(d, keys[d])
                    )
        return hits  # type: ignore[return-value]

    def means(self, total: int) -> list[_Hit]:
        """Per dimension the plain mean over partners, from their summed partner parts."""
        keys = self.mean_layout.unpack(total.to_bytes(self.mean_layout.size, "little"))
        hits: list[_Hit | None] = list(map(dict.get, self.mean_caches, keys))
        if None in hits:
            for d, hit in enumerate(hits):
                if hit is None:
                    hits[d] = self._remember(self.mean_caches[d], keys[d], self._mean(d, keys[d]))
        return hits  # type: ignore[return-value]

    @staticmethod
    def _remember(cache: dict, key: int | bytes, hit: _Hit) -> _Hit:
        if len(cache) < CACHE_LIMIT:
            cache[key] = hit
        return hit

    def _score_dimension(self, d: int, key: int | bytes) -> _Hit:
        assert self.table is not None
        num, weight, counted, dont_know = self.table.decode(key)
        if 2 * weight < self.question_weight[d]:
            return self._hit(d, None, counted, dont_know, self.questions[d], 0)
        return self._hit(
            d, round_half_up(10 * num, weight), counted, dont_know, self.questions[d], 0
        )

    def _mean(self, d: int, key: bytes) -> _Hit:
        total, scored, answered, dont_know, partners = _MEAN_FIELDS.unpack(key)
        t = round_half_up(total, scored) if scored else None
        return self._hit(d, t, answered, dont_know, self.questions[d] * partners, scored)

    def _hit(
        self, d: int, t: int | None, answered: int, dont_know: int, questions: int, partners: int
    ) -> _Hit:
        dim: tuple[float | None, str | None, int, int, int, int]
        if t is None:
            dim = (None, None, answered, dont_know, questions, partners)
            side = scored = t0 = 0
        else:
            dim = (t / 10, self.levels[t], answered, dont_know, questions, partners)
            w = self.dimension_weight[d]
            side = w * t + (w << self.side_shift)
            scored, t0 = 1, t
        fields = _MEAN_FIELDS.pack(t0, scored, answered, dont_know, 1)
        part = int.from_bytes(fields, "little") << (8 * _MEAN_FIELDS.size * d)
        return _new(DimensionScore, dim), side, part

    def score_of(self, hits: Sequence[_Hit]) -> tuple[float | None, str | None]:
        """Side rule: weighted mean of the non-null dimensions; None when they carry less than
        half of the side's dimension weight."""
        return self.score_of_parts(sum(map(_SIDE, hits)))

    def score_of_parts(self, total: int) -> tuple[float | None, str | None]:
        """:meth:`score_of` from the sum of the hits' side parts."""
        weight = total >> self.side_shift
        if 2 * weight < self.side_weight:
            return None, None
        t = round_half_up(total & self.side_mask, weight)
        return t / 10, self.levels[t]

    def side_score(
        self, hits: Sequence[_Hit], partners: tuple[PartnerScore, ...] | None
    ) -> SideScore:
        score, level = self.score_of(hits)
        bank = self.bank
        dims = tuple(map(_DIM, hits))
        return _new(SideScore, (bank.side, bank.id, score, level, dims, partners))


def item_scores(bank: Bank, question: Question) -> dict[int, Fraction]:
    """Scale value → item score 0–100 of a scale question, exactly (``omgekeerd`` applied)."""
    values = [v.value for v in bank.scale_of(question)]
    low, high = min(values), max(values)
    scores: dict[int, Fraction] = {}
    for value in values:
        item = Fraction(100 * (value - low), high - low)
        scores[value] = 100 - item if question.reversed else item
    return scores


def _dimension_items(bank: Bank, questions: list[Question], slot: int) -> tuple[list[_Item], int]:
    """The scale questions of one dimension as integers, and their total weight.

    One integer scale per dimension makes every weight and weighted item score whole, so the
    dimension score is an exact ratio of integers.
    """
    raw: list[tuple[str, Fraction, dict[int, Fraction]]] = []
    for question in questions:
        weight = _exact(question.weight)
        scores = {v: weight * s for v, s in item_scores(bank, question).items()}
        raw.append((f"{bank.id}.{question.id}", weight, scores))
    scale = math.lcm(
        *(w.denominator for _, w, _ in raw),
        *(s.denominator for _, _, scores in raw for s in scores.values()),
    )
    items = [
        _Item(full_id, slot, int(weight * scale), {v: int(s * scale) for v, s in scores.items()})
        for full_id, weight, scores in raw
    ]
    return items, sum(item.weight for item in items)


def _level_id(bank: Bank, tenths: int) -> str:
    level = bank.level_for(tenths / 10)
    assert level is not None
    return level.id


class Scorer:
    """Scoring compiled once for a :class:`~scan.bank.BankSet`; reuse it for every respondent.

    Use :func:`scorer_for` to share one Scorer per bank set. Not for concurrent use from
    several threads (its memo tables fill as it goes).
    """

    def __init__(self, banks: BankSet) -> None:
        self.banks = banks
        self._plans: list[_BankPlan] = []
        slots = {False: 0, True: 0}
        for bank in banks:
            self._plans.append(_BankPlan(bank, slots[bank.per_partner]))
            slots[bank.per_partner] += len(bank.dimensions)
        all_ids = [qid for bank in banks for qid in bank.questions]
        items = {
            flag: [i for p in self._plans if p.bank.per_partner == flag for i in p.items]
            for flag in (False, True)
        }
        open_ids = set(all_ids) - {i.full_id for group in items.values() for i in group}
        own_ids = {
            flag: {qid for bank in banks if bank.per_partner == flag for qid in bank.questions}
            for flag in (False, True)
        }
        self._table = _Table(
            items[False],
            slots[False],
            open_ids,
            own_ids[True],
            "antwoord op een partnervraag hoort onder 'partners'",
            all_ids,
        )
        self._partner_table = _Table(
            items[True],
            slots[True],
            open_ids,
            own_ids[False],
            "deze vraag hoort niet bij een partner; zet hem onder 'antwoorden'",
            all_ids,
        )
        for plan in self._plans:
            plan.attach(self._partner_table if plan.bank.per_partner else self._table)
        self._item_scores = {
            f"{bank.id}.{q.id}": {v: float(s) for v, s in item_scores(bank, q).items()}
            for bank in banks
            for d in bank.dimensions
            for q in d.scored
        }

    def item_score(self, full_id: str, value: Value) -> float | None:
        """The 0–100 item score of one answer (``omgekeerd`` applied); None for ``weet_niet``,
        open questions, unknown questions and values not on the scale."""
        scores = self._item_scores.get(full_id)
        return None if scores is None or isinstance(value, str) else scores.get(value)

    def plan(self, bank_id: str) -> _BankPlan:
        return next(p for p in self._plans if p.bank.id == bank_id)

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
        buffer = self._table.buffer(answers)
        partner_buffers = [
            (name, kind, self._partner_table.buffer(mapping)) for name, kind, mapping in partners
        ]
        return self.score_hits(
            [
                [(name, kind, plan.dimensions(b)) for name, kind, b in partner_buffers]
                if plan.bank.per_partner
                else plan.dimensions(buffer)
                for plan in self._plans
            ]
        )

    def dimension_tally(self, bank_id: str, index: int) -> DimensionTally:
        """Dimension ``index`` of a bank scored from tallies summed per answer (see
        :class:`DimensionTally`): for callers that see a dimension's answers as cells."""
        return DimensionTally(self.plan(bank_id), index)

    def side_of_parts(self, bank_id: str, total: int) -> tuple[float | None, str | None]:
        """Score and level of a side from the sum of its dimension hits' side parts
        (:data:`SIDE_PART`), by the side rule; equal to the side's ``score`` and ``level`` in
        :meth:`score_hits`.

        For a per-partner bank with exactly one partner, the side parts of that partner's hits
        give the side too: each side dimension is a mean over one partner, the partner's own
        score, so the side rule sees the same dimension scores.
        """
        return self.plan(bank_id).score_of_parts(total)

    def score_hits(self, sides: Sequence[Sequence[Any]]) -> Scores:
        """The lean scores from scored dimensions (see :class:`DimensionTally`), one entry per
        bank in side order: the hits of a bank answered once, in bank order; for a per-partner
        bank a (name, kind, hits) per partner."""
        return tuple(
            _partner_side(plan, entry) if plan.bank.per_partner else plan.side_score(entry, None)
            for plan, entry in zip(self._plans, sides, strict=True)
        )


DimensionHit = _Hit
"""A scored dimension as :meth:`DimensionTally.hit` returns it: opaque, but for its
:class:`DimensionScore` (:data:`HIT_SCORE`) and its side part (:data:`SIDE_PART`)."""

HIT_SCORE = _DIM
"""The :class:`DimensionScore` of a :data:`DimensionHit`."""
SIDE_PART = _SIDE
"""The side part of a :data:`DimensionHit`: the side parts of a side's dimensions summed give
:meth:`Scorer.side_of_parts` what it needs."""


class DimensionTally:
    """One dimension of one bank, scored from integer tallies summed over its answers.

    ``tally(qid, value)`` is what one answer adds (0 for an open question); the sum over the
    dimension's answers, ``hit(total)``, is that dimension scored on those answers (as
    :meth:`Scorer.score_lean` scores it). Batch scoring precomputes the tally of every
    cell of a column, so scoring a dimension is a few lookups and a sum.
    """

    def __init__(self, plan: _BankPlan, index: int) -> None:
        assert plan.table is not None
        self.plan = plan
        self.index = index
        self.table = plan.table
        self.place = 8 * plan.table.slot_size * (plan.first_slot + index)
        self.mask = (1 << (8 * plan.table.slot_size)) - 1
        self.as_bytes = plan.table.code.endswith("s")
        """Slots wider than 8 bytes are struct byte strings, and so are their cache keys."""

    def tally(self, qid: str, value: Value) -> int:
        """What one answer adds; ScanError for a value not on the scale or a question that is
        not this bank's (as :meth:`Scorer.score_lean`)."""
        return (self.table[qid, value] >> self.place) & self.mask

    def hit(self, total: int) -> DimensionHit:
        """The scored dimension of the summed tallies of its answers."""
        plan, d = self.plan, self.index
        key: int | bytes = (
            total.to_bytes(self.table.slot_size, "little") if self.as_bytes else total
        )
        found = plan.caches[d].get(key)
        if found is None:
            found = plan._remember(plan.caches[d], key, plan._score_dimension(d, key))
        return found


def _partner_side(plan: _BankPlan, scored: Sequence[tuple[str, str, list[_Hit]]]) -> SideScore:
    """A per-partner side: every partner on its own, then per dimension the plain mean over the
    partners that scored it, then the side rule on those means."""
    if not scored:
        return plan.no_partners
    partners: list[PartnerScore] = []
    total = 0
    for name, kind, hits in scored:
        score, level = plan.score_of(hits)
        partners.append(_new(PartnerScore, (name, kind, score, level, tuple(map(_DIM, hits)))))
        total += sum(map(_PARTNER, hits))
    return plan.side_score(plan.means(total), tuple(partners))


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


def _dimension_data(dim: DimensionScore) -> dict[str, Any]:
    return {
        "score": dim.score,
        "niveau": dim.level,
        "beantwoord": dim.answered,
        "weet_niet": dim.dont_know,
        "vragen": dim.questions,
    }


def _side_data(ids: tuple[str, ...], side: SideScore) -> dict[str, Any]:
    """A side of the result JSON (design 3.4) as plain data."""
    data: dict[str, Any] = {"vragenlijst": side.bank, "score": side.score, "niveau": side.level}
    if side.partners is None:
        data["onderdelen"] = dict(zip(ids, map(_dimension_data, side.dimensions), strict=True))
        return data
    data["onderdelen"] = {
        i: {"score": d.score, "niveau": d.level, "partners": d.partners}
        for i, d in zip(ids, side.dimensions, strict=True)
    }
    data["partners"] = [
        {
            "naam": p.name,
            "soort": p.kind,
            "score": p.score,
            "niveau": p.level,
            "onderdelen": dict(zip(ids, map(_dimension_data, p.dimensions), strict=True)),
        }
        for p in side.partners
    ]
    return data


class DimensionView(NamedTuple):
    """What advice and blind spots need of a dimension (of a respondent or a team)."""

    side: Side
    bank: Bank
    position: int  # of the dimension in its bank (``index`` would shadow tuple.index)
    score: float | None
    level: str | None
    dont_know: int
    questions: int


_Advice = tuple[float, float, int, int, str, str, str, dict[str, str]]
"""(score, −dimension weight, side order, dimension index, side, dimension id, level id, the
dimension's advice texts): sorting on the first four gives the advice order."""
_ADVICE_ORDER = operator.itemgetter(0, 1, 2, 3)
_Blind = tuple[int, int, str, str, int, int]
"""(side order, dimension index, side, dimension id, weet_niet, questions)."""
_BLIND_ORDER = operator.itemgetter(0, 1)


def is_blind_spot(dont_know: int, questions: int) -> bool:
    """At least half of the scale questions answered ``weet_niet``."""
    return dont_know > 0 and 2 * dont_know >= questions


def advice_for(views: Iterable[DimensionView]) -> list[dict[str, Any]]:
    """The ``adviezen`` (as plain data): one per scored dimension, by score ascending, then
    dimension ``gewicht`` descending, then side (A, B, C) and bank order."""
    return _advice_data(
        [
            (
                v.score,
                -dim.weight,
                SIDES.index(v.side),
                v.position,
                v.side,
                dim.id,
                v.level or "",
                dim.advice,
            )
            for v in views
            if v.score is not None
            for dim in (v.bank.dimensions[v.position],)
        ]
    )


def blind_spots_for(views: Iterable[DimensionView]) -> list[dict[str, Any]]:
    """The ``blinde_vlekken`` (as plain data): dimensions where at least half of the scale
    questions got ``weet_niet``, in side and bank order."""
    return _blind_data(
        [
            (
                SIDES.index(v.side),
                v.position,
                v.side,
                v.bank.dimensions[v.position].id,
                v.dont_know,
                v.questions,
            )
            for v in views
            if is_blind_spot(v.dont_know, v.questions)
        ]
    )


def _advice_data(entries: list[_Advice]) -> list[dict[str, Any]]:
    entries.sort(key=_ADVICE_ORDER)
    return [
        {"kant": side, "onderdeel": dim_id, "score": score, "niveau": level, "tekst": texts[level]}
        for score, _, _, _, side, dim_id, level, texts in entries
    ]


def _blind_data(entries: list[_Blind]) -> list[dict[str, Any]]:
    entries.sort(key=_BLIND_ORDER)
    return [
        {"kant": side, "onderdeel": dim_id, "weet_niet": dont_know, "vragen": questions}
        for _, _, side, dim_id, dont_know, questions in entries
    ]


def build_result_data(
    banks: BankSet | Scorer,
    scores: Scores,
    respondent: Respondent | None = None,
    date: dt.date | None = None,
) -> dict[str, Any]:
    """The result JSON (design 3.4) of lean scores as plain data, without pydantic.

    Equal to ``result_data(build_result(...))`` and several times faster: for writing the
    JSON of many respondents. ``vragenlijsten`` holds the versions of the banks that scored.
    """
    scorer = scorer_for(banks)
    sides: dict[str, Any] = {}
    advice: list[_Advice] = []
    blind: list[_Blind] = []
    for side in scores:
        plan = scorer.plan(side.bank)
        sides[side.side] = _side_data(plan.dimension_ids, side)
        order = SIDES.index(side.side)
        for d, (dim, static) in enumerate(zip(side.dimensions, plan.advice, strict=True)):
            if dim.score is not None:
                entry = (dim.score, static[0], order, d, side.side, static[1], dim.level or "")
                advice.append((*entry, static[2]))
            if is_blind_spot(dim.dont_know, dim.questions):
                blind.append((order, d, side.side, static[1], dim.dont_know, dim.questions))
    who = respondent or Respondent()
    return {
        "formaat": RESULT_FORMAT,
        "respondent": {"naam": who.name, "rol": who.role, "school": who.school, "team": who.team},
        "datum": date.isoformat() if date else None,
        "vragenlijsten": {b.id: b.version for b in scorer.banks},
        "kanten": sides,
        "adviezen": _advice_data(advice),
        "blinde_vlekken": _blind_data(blind),
    }


def build_result(
    banks: BankSet | Scorer,
    scores: Scores,
    respondent: Respondent | None = None,
    date: dt.date | None = None,
) -> Result:
    """The pydantic :class:`~scan.result.Result` of lean scores (adds advice and blind spots),
    validated once from :func:`build_result_data`."""
    return Result.model_validate(build_result_data(banks, scores, respondent, date))


def partner_inputs(partners: Iterable[PartnerAnswers]) -> list[PartnerInput]:
    """The lean partner input of an answer file's partners."""
    return [(p.name, p.kind, p.answers) for p in partners]


def score(banks: BankSet | Scorer, answers: AnswerFile) -> Result:
    """Score one answer file (already checked by :func:`scan.answers.load_answers`)."""
    scorer = scorer_for(banks)
    scores = scorer.score_lean(answers.answers, partner_inputs(answers.partners))
    return build_result(scorer, scores, answers.respondent, answers.date)
