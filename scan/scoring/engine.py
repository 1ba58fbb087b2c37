"""Scoring (docs/formaten.md): a :class:`Scorer` compiled once per bank set, exact and fast.

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

* the **model path** — in :mod:`scan.scoring.build`: ``build_result`` turns that into the
  pydantic :class:`~scan.result.Result` (advice, blind spots; for JSON, report and terminal),
  and ``score`` does both for an :class:`~scan.answers.AnswerFile`.

Exactness: every weight and item score is a fraction, scaled at compile time to integers per
dimension, so a dimension score is an exact ratio of two integers and is rounded half up to one
decimal without binary-float surprises (66.65 → 66.7). Scores are kept as integer tenths; each
level (side-B dimension means over partners, side means over dimensions) is computed from the
*rounded* scores of the level below — the numbers the user sees — so a result can be checked by
hand. The level of a score is looked up in a table indexed by those tenths.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from scan.bank import (
    NVT,
    PARTNER_KINDS,
    WEET_NIET,
    Bank,
    BankSet,
    Question,
    Side,
    Value,
)
from scan.errors import ScanError, suggest
from scan.scoring.highlights import side_rule

PartnerInput = tuple[str, str, Mapping[str, Value]]
"""(partner name, partner kind, {full question id: value}) — answers to per-partner banks."""
PartnerFormInput = tuple[str, str, Mapping[str, Value], bool]
"""A :data:`PartnerInput` and whether it was answered in the short form (only the bank's
``kort`` questions count)."""


class DimensionScore(NamedTuple):
    """One dimension (onderdeel) of one respondent, or of one partner.

    ``score`` is rounded half up to one decimal (None when too little was answered or nothing
    applies), ``level`` the level id for that rounded score. ``answered`` counts the counted
    scale answers, ``dont_know`` the ``weet_niet`` answers, ``not_applicable`` the ``nvt``
    answers, ``questions`` the dimension's scale questions that apply (without the ``nvt``
    ones and, for a partner, those left out for its kind or the short form). On the side level
    of a per-partner bank, these four are summed over the partners and ``partners`` counts the
    partners whose score for this dimension is not None (else 0). The first six fields are
    the fields of :class:`~scan.result.DimensionResult`, by name and in order.
    """

    score: float | None
    level: str | None
    answered: int
    dont_know: int
    not_applicable: int
    questions: int
    partners: int = 0


Profile = tuple[tuple[str, Value], ...]
"""The answered profile questions (``gescoord: false``, not a desired one) that are asked:
(full id, value)."""
Wishes = tuple[tuple[str, Value | None, Value | None], ...]
"""Every ``gewenst_van`` pair whose desired question is asked: (full id of the scored
question, its answer, the desired answer); None where not answered or not asked."""


class PartnerScore(NamedTuple):
    """One partner of a per-partner bank, scored on its own answers; ``kind`` as given.

    ``asked``: the unscored scale questions asked of this partner (for ``voortgang``).
    """

    name: str
    kind: str
    score: float | None
    level: str | None
    dimensions: tuple[DimensionScore, ...]
    short: bool = False
    profile: Profile = ()
    wishes: Wishes = ()
    asked: int = 0


class SideScore(NamedTuple):
    """One side (one bank): score and level, its dimensions in bank order.

    ``partners`` is None for a bank answered once, and the partners in input order for a
    per-partner bank (whose ``dimensions`` are then the means over the partners, and whose
    profile and wishes are the partners'). ``asked``: the unscored scale questions of the side.
    """

    side: Side
    bank: str
    score: float | None
    level: str | None
    dimensions: tuple[DimensionScore, ...]
    partners: tuple[PartnerScore, ...] | None
    profile: Profile = ()
    wishes: Wishes = ()
    asked: int = 0


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

_MEAN_FIELDS = struct.Struct("<7I")
"""The seven fields of a per-partner dimension aggregate, 32 bits each (up to 2**32 partners)."""

_TALLIES = 7
"""The tallies of a dimension slot, from the low bits up: weighted item score sum, weight of
the counted answers, counted answers, ``weet_niet``, ``nvt``, and the weight and number of the
scale questions left out of the total (``nvt`` answers and, for a partner, questions that do
not apply to its kind or form)."""
_LEFT_WEIGHT, _LEFT = 5, 6

_Hit = tuple[DimensionScore, int, int]
"""A scored dimension: (DimensionScore, side part, partner part).

The side part packs (dimension weight × tenths) in its low bits and the dimension weight
above them (both 0 for a null score), so that summing the parts of a side's dimensions gives
the two sums of the side rule. The partner part (per-partner banks only) packs, per dimension,
the fields summed over partners: tenths, 1 if scored, answered, ``weet_niet``, ``nvt``,
questions, 1 (the partner).
"""

_DIM = operator.itemgetter(0)
_SIDE = operator.itemgetter(1)
_PARTNER = operator.itemgetter(2)

Variant = tuple[str, bool]
"""(partner kind, short form): what decides which questions of a per-partner bank apply."""
ONCE: Variant = ("", False)
"""The variant of a bank answered once: every question applies."""


@dataclass(frozen=True, slots=True)
class _Item:
    """A scale question, with its weight and weighted item score per value as integers."""

    full_id: str
    slot: int
    weight: int
    scores: dict[int, int]
    nvt: bool
    question: Question


class _Layout:
    """Where the tallies of every dimension slot sit in one big integer (see :class:`_Table`)."""

    def __init__(self, items: list[_Item], n_slots: int) -> None:
        maxima = [[0] * _TALLIES for _ in range(n_slots)]
        for item in items:
            most = maxima[item.slot]
            most[0] += max(item.scores.values())
            for f in (1, _LEFT_WEIGHT):
                most[f] += item.weight
            for f in (2, 3, 4, _LEFT):
                most[f] += 1
        widths = [max((m[f].bit_length() for m in maxima), default=1) for f in range(_TALLIES)]
        self.shifts = tuple(sum(widths[:f]) for f in range(_TALLIES))
        self.masks = tuple((1 << w) - 1 for w in widths)
        need = (sum(widths) + 7) // 8
        self.slot_size = next((s for s in (1, 2, 4, 8) if need <= s), need)
        self.code = {1: "B", 2: "H", 4: "I", 8: "Q"}.get(self.slot_size, f"{need}s")
        self.size = n_slots * self.slot_size

    def decode(self, key: int | bytes) -> tuple[int, ...]:
        """The tallies of one slot key."""
        value = key if isinstance(key, int) else int.from_bytes(key, "little")
        return tuple((value >> s) & m for s, m in zip(self.shifts, self.masks, strict=True))

    def place(self, slot: int) -> int:
        return 8 * self.slot_size * slot


class _Table(dict[tuple[str, Value], int]):
    """(full question id, value) → that answer's contribution to the packed tallies.

    Every dimension slot owns a fixed range of bytes in one big integer, its *key*, holding the
    tallies of :data:`_TALLIES`. Summing the contributions of all answers (and :attr:`base`,
    the questions left out for this variant) fills in every tally at once, so the hot loop is
    the C-level ``sum(map(table.__getitem__, answers.items()))``; no tally can overflow into
    the next, because each question is answered at most once. Profile questions and questions
    left out count nothing; answers not in the table end up in :meth:`__missing__`: open
    questions count nothing, the rest is an error.
    """

    def __init__(
        self,
        layout: _Layout,
        items: list[_Item],
        profile: Mapping[str, Iterable[Value]],
        left_out: frozenset[str],
        open_ids: set[str],
        others: set[str],
        misplaced: str,
        all_ids: list[str],
    ) -> None:
        super().__init__()
        self.layout = layout
        self.open_ids = open_ids
        self.scale_ids = {item.full_id for item in items} | set(profile)
        self.others = others
        self.misplaced = misplaced
        """The message for an answer to one of the ``others`` (the other table's questions)."""
        self.all_ids = all_ids
        self.base = 0
        """The tallies of the questions left out, which every buffer starts from."""
        s = layout.shifts
        for qid, values in profile.items():
            for value in values:
                self[qid, value] = 0
        for item in items:
            place = layout.place(item.slot)
            left = (item.weight << s[_LEFT_WEIGHT]) + (1 << s[_LEFT])
            special = (WEET_NIET, NVT) if item.nvt else (WEET_NIET,)
            if item.full_id in left_out:
                self.base += left << place
                for value in (*item.scores, *special):
                    self[item.full_id, value] = 0
                continue
            counted = (item.weight << s[1]) + (1 << s[2])
            for value, score in item.scores.items():
                self[item.full_id, value] = (score + counted) << place
            self[item.full_id, WEET_NIET] = 1 << (s[3] + place)
            if item.nvt:
                self[item.full_id, NVT] = ((1 << s[4]) + left) << place

    def buffer(self, answers: Mapping[str, Value]) -> bytes:
        """The packed tallies of these answers, as bytes (each slot a struct field)."""
        total = sum(map(self.__getitem__, answers.items()), self.base)
        return total.to_bytes(self.layout.size, "little")

    def __missing__(self, key: tuple[str, Value]) -> int:
        qid, value = key
        if qid in self.open_ids:
            return 0
        if qid in self.scale_ids:
            raise ScanError(f"{qid}: waarde {value!r} staat niet op de schaal")
        if qid in self.others:
            raise ScanError(f"{qid}: {self.misplaced}")
        raise ScanError(f"{qid}: onbekende vraag{suggest(qid, self.all_ids)}")


class _Asked(NamedTuple):
    """The unscored questions of a bank that one variant is asked."""

    profile: tuple[str, ...]
    """The profile questions shown under ``profiel`` (full ids; not the desired ones)."""
    pairs: tuple[tuple[str, str, bool], ...]
    """Per ``gewenst_van`` pair: full id of the scored question, of the desired one, and
    whether the scored one is asked too."""
    unscored: int
    """How many unscored scale questions are asked (profile and desired ones)."""


class BankPlan:
    """Everything about one bank that scoring needs, precomputed; dimension results memoised
    on their packed tallies (the same tallies always give the same DimensionScore)."""

    def __init__(self, bank: Bank, first_slot: int) -> None:
        self.bank = bank
        self.first_slot = first_slot
        self.dimension_ids = tuple(d.id for d in bank.dimensions)
        self.advice = tuple((-d.weight, d.id, d.advice) for d in bank.dimensions)
        """Per dimension what advice needs: (−gewicht, id, advice texts by level id)."""
        self.rule = side_rule(bank)
        """The static part of the highlight rule for this bank."""
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
        """Per dimension: total scaled weight of its scale questions (the coverage rule's base,
        before the questions left out for a respondent or partner)."""
        self.profile_questions = {
            f"{bank.id}.{q.id}": q for d in bank.dimensions for q in d.questions if q.is_profile
        }
        self.labels = {
            qid: {v: bank.label_of(q, v) for v in _allowed(bank, q)}
            for qid, q in self.profile_questions.items()
        }
        """Per profile question: every allowed answer → its label."""
        self.asked: dict[Variant, _Asked] = {}
        self.profile_once = self.asked_of(ONCE).unscored
        """The unscored questions of a bank answered once."""
        n = len(self.dimension_ids)
        self.caches: tuple[dict[int | bytes, _Hit], ...] = tuple({} for _ in range(n))
        self.mean_caches: tuple[dict[bytes, _Hit], ...] = tuple({} for _ in range(n))
        self.mean_layout = struct.Struct(f"<{f'{_MEAN_FIELDS.size}s' * n}")
        self.layout: _Layout | None = None
        self.struct = struct.Struct("")
        self.offset = 0
        self.no_partners = self.side_score(self.means(0), ())
        """The (all null) side of a per-partner bank without partners."""

    def attach(self, layout: _Layout) -> None:
        """Read this bank's slots from buffers of ``layout``."""
        self.layout = layout
        self.struct = struct.Struct("<" + layout.code * len(self.dimension_ids))
        self.offset = self.first_slot * layout.slot_size

    def asked_of(self, variant: Variant) -> _Asked:
        """The unscored questions that this variant is asked."""
        found = self.asked.get(variant)
        if found is None:
            kind, short = variant
            bank = self.bank

            def applies(question: Question) -> bool:
                return not bank.per_partner or question.applies_to(kind, short)

            asked = {qid: q for qid, q in self.profile_questions.items() if applies(q)}
            found = self.asked[variant] = _Asked(
                tuple(qid for qid, q in asked.items() if q.desired_of is None),
                tuple(
                    (f"{bank.id}.{now.id}", f"{bank.id}.{wish.id}", applies(now))
                    for now, wish in bank.desired_pairs
                    if applies(wish)
                ),
                len(asked),
            )
        return found

    def extras(self, answers: Mapping[str, Value], variant: Variant) -> tuple[Profile, Wishes]:
        """The profile answers and wishes of these answers."""
        asked = self.asked_of(variant)
        profile = tuple((qid, answers[qid]) for qid in asked.profile if qid in answers)
        wishes = tuple(
            (now, answers.get(now) if both else None, answers.get(wish))
            for now, wish, both in asked.pairs
        )
        return profile, wishes

    def dimensions(self, buffer: bytes) -> list[_Hit]:
        """The scored dimensions of this bank from a table buffer."""
        keys = self.struct.unpack_from(buffer, self.offset)
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
        """Coverage rule: null when the counted weight is below half of the weight of the
        questions that apply (or nothing applies); else the weighted mean, rounded."""
        assert self.layout is not None
        num, weight, counted, dont_know, nvt, left_weight, left = self.layout.decode(key)
        total = self.question_weight[d] - left_weight
        questions = self.questions[d] - left
        if not total or 2 * weight < total:
            return self._hit(d, None, counted, dont_know, nvt, questions, 0)
        t = round_half_up(10 * num, weight)
        return self._hit(d, t, counted, dont_know, nvt, questions, 0)

    def _mean(self, d: int, key: bytes) -> _Hit:
        total, scored, answered, dont_know, nvt, questions, _ = _MEAN_FIELDS.unpack(key)
        t = round_half_up(total, scored) if scored else None
        return self._hit(d, t, answered, dont_know, nvt, questions, scored)

    def _hit(
        self,
        d: int,
        t: int | None,
        answered: int,
        dont_know: int,
        nvt: int,
        questions: int,
        partners: int,
    ) -> _Hit:
        dim: tuple[float | None, str | None, int, int, int, int, int]
        if t is None:
            dim = (None, None, answered, dont_know, nvt, questions, partners)
            side = scored = t0 = 0
        else:
            dim = (t / 10, self.levels[t], answered, dont_know, nvt, questions, partners)
            w = self.dimension_weight[d]
            side = w * t + (w << self.side_shift)
            scored, t0 = 1, t
        fields = _MEAN_FIELDS.pack(t0, scored, answered, dont_know, nvt, questions, 1)
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
        self,
        hits: Sequence[_Hit],
        partners: tuple[PartnerScore, ...] | None,
        profile: Profile = (),
        wishes: Wishes = (),
    ) -> SideScore:
        score, level = self.score_of(hits)
        bank = self.bank
        dims = tuple(map(_DIM, hits))
        asked = 0 if partners is not None else self.profile_once
        return _new(
            SideScore,
            (bank.side, bank.id, score, level, dims, partners, profile, wishes, asked),
        )

    def partner_score(
        self, name: str, kind: str, short: bool, hits: list[_Hit], answers: Mapping[str, Value]
    ) -> tuple[PartnerScore, int]:
        """One partner on its own answers, and the sum of its hits' partner parts."""
        score, level = self.score_of(hits)
        variant = (kind, short)
        profile, wishes = self.extras(answers, variant)
        asked = self.asked_of(variant).unscored
        dims = tuple(map(_DIM, hits))
        partner = (name, kind, score, level, dims, short, profile, wishes, asked)
        return _new(PartnerScore, partner), sum(map(_PARTNER, hits))


def _allowed(bank: Bank, question: Question) -> list[Value]:
    """Every answer a scale question accepts."""
    special = [WEET_NIET, NVT] if question.allows_nvt else [WEET_NIET]
    return [*(v.value for v in bank.scale_of(question)), *special]


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
    """The scored questions of one dimension as integers, and their total weight.

    One integer scale per dimension makes every weight and weighted item score whole, so the
    dimension score is an exact ratio of integers.
    """
    raw: list[tuple[Question, Fraction, dict[int, Fraction]]] = []
    for question in questions:
        weight = _exact(question.weight)
        scores = {v: weight * s for v, s in item_scores(bank, question).items()}
        raw.append((question, weight, scores))
    scale = math.lcm(
        *(w.denominator for _, w, _ in raw),
        *(s.denominator for _, _, scores in raw for s in scores.values()),
    )
    items = [
        _Item(
            f"{bank.id}.{question.id}",
            slot,
            int(weight * scale),
            {v: int(s * scale) for v, s in scores.items()},
            question.allows_nvt,
            question,
        )
        for question, weight, scores in raw
    ]
    return items, sum(item.weight for item in items)


def _level_id(bank: Bank, tenths: int) -> str:
    level = bank.level_for(tenths / 10)
    assert level is not None
    return level.id


VARIANTS: tuple[Variant, ...] = tuple(
    (kind, short) for kind in PARTNER_KINDS for short in (False, True)
)


class Scorer:
    """Scoring compiled once for a :class:`~scan.bank.BankSet`; reuse it for every respondent.

    Use :func:`scorer_for` to share one Scorer per bank set. Not for concurrent use from
    several threads (its memo tables fill as it goes).
    """

    def __init__(self, banks: BankSet) -> None:
        self.banks = banks
        self._plans: list[BankPlan] = []
        slots = {False: 0, True: 0}
        for bank in banks:
            self._plans.append(BankPlan(bank, slots[bank.per_partner]))
            slots[bank.per_partner] += len(bank.dimensions)
        all_ids = [qid for bank in banks for qid in bank.questions]
        items = {
            flag: [i for p in self._plans if p.bank.per_partner == flag for i in p.items]
            for flag in (False, True)
        }
        profile = {
            flag: {
                qid: labels
                for p in self._plans
                if p.bank.per_partner == flag
                for qid, labels in p.labels.items()
            }
            for flag in (False, True)
        }
        open_ids = (
            set(all_ids)
            - {i.full_id for group in items.values() for i in group}
            - {qid for group in profile.values() for qid in group}
        )
        own_ids = {
            flag: {qid for bank in banks if bank.per_partner == flag for qid in bank.questions}
            for flag in (False, True)
        }
        layouts = {flag: _Layout(items[flag], slots[flag]) for flag in (False, True)}
        self._table = _Table(
            layouts[False],
            items[False],
            profile[False],
            frozenset(),
            open_ids,
            own_ids[True],
            "antwoord op een partnervraag hoort onder 'partners'",
            all_ids,
        )
        by_left_out: dict[frozenset[str], _Table] = {}
        self._partner_tables: dict[Variant, _Table] = {}
        """Per (partner kind, short form) the table that leaves out what does not apply;
        variants that leave out the same questions share a table."""
        for variant in VARIANTS:
            left_out = frozenset(
                i.full_id for i in items[True] if not i.question.applies_to(*variant)
            )
            if left_out not in by_left_out:
                by_left_out[left_out] = _Table(
                    layouts[True],
                    items[True],
                    profile[True],
                    left_out,
                    open_ids,
                    own_ids[False],
                    "deze vraag hoort niet bij een partner; zet hem onder 'antwoorden'",
                    all_ids,
                )
            self._partner_tables[variant] = by_left_out[left_out]
        for plan in self._plans:
            plan.attach(layouts[plan.bank.per_partner])
        self._item_scores = {
            f"{bank.id}.{q.id}": {v: float(s) for v, s in item_scores(bank, q).items()}
            for bank in banks
            for d in bank.dimensions
            for q in d.scored
        }
        self.needs_answers = any(p.profile_questions or p.bank.desired_pairs for p in self._plans)
        """Profile questions or wishes: results need the answers, not only the tallies."""
        self.varies_by_kind = len(by_left_out) > 1
        """Whether a partner's kind or form changes which questions count."""

    def item_score(self, full_id: str, value: Value) -> float | None:
        """The 0–100 item score of one answer (``omgekeerd`` applied); None for ``weet_niet``,
        ``nvt``, open and profile questions, unknown questions and values not on the scale."""
        scores = self._item_scores.get(full_id)
        return None if scores is None or isinstance(value, str) else scores.get(value)

    def plan(self, bank_id: str) -> BankPlan:
        return next(p for p in self._plans if p.bank.id == bank_id)

    def _partner_table(self, kind: str, short: bool) -> _Table:
        table = self._partner_tables.get((kind, short))
        if table is None:
            raise ScanError(f"onbekende partnersoort {kind!r}{suggest(kind, PARTNER_KINDS)}")
        return table

    def score_lean(
        self,
        answers: Mapping[str, Value],
        partners: Iterable[PartnerInput | PartnerFormInput] = (),
    ) -> Scores:
        """Score one respondent from plain, already validated data.

        ``answers``: {full question id: scale value (int) | ``"weet_niet"`` | ``"nvt"`` | text}
        for the banks answered once; ``partners``: (name, kind, {full id: value}[, short]) for
        the per-partner banks. Open-question texts are ignored. Check values beforehand (see
        :func:`scan.answers.value_problem`); an unknown question, a value not on its scale, or
        an answer in the wrong place raises ScanError.
        """
        buffer = self._table.buffer(answers)
        given = [(p[0], p[1], len(p) > 3 and bool(p[3]), p[2]) for p in partners]
        partner_buffers = [
            (name, kind, short, self._partner_table(kind, short).buffer(mapping), mapping)
            for name, kind, short, mapping in given
        ]
        sides: list[SideScore] = []
        for plan in self._plans:
            if plan.bank.per_partner:
                scored = [
                    plan.partner_score(name, kind, short, plan.dimensions(b), mapping)
                    for name, kind, short, b, mapping in partner_buffers
                ]
                sides.append(_partner_side(plan, scored))
            elif plan.profile_questions or plan.bank.desired_pairs:
                extras = plan.extras(answers, ONCE)
                sides.append(plan.side_score(plan.dimensions(buffer), None, *extras))
            else:
                sides.append(plan.side_score(plan.dimensions(buffer), None))
        return tuple(sides)

    def dimension_tally(
        self, bank_id: str, index: int, kind: str = "anders", short: bool = False
    ) -> DimensionTally:
        """Dimension ``index`` of a bank scored from tallies summed per answer (see
        :class:`DimensionTally`): for callers that see a dimension's answers as cells. For a
        per-partner bank, ``kind`` and ``short`` say which of its questions apply."""
        plan = self.plan(bank_id)
        table = self._partner_table(kind, short) if plan.bank.per_partner else self._table
        return DimensionTally(plan, index, table)

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
        bank a (name, kind, hits) per partner. Without answers, no profile or wishes: when
        :attr:`needs_answers`, use :meth:`score_lean`."""
        return tuple(
            _partner_side(
                plan,
                [plan.partner_score(name, kind, False, hits, {}) for name, kind, hits in entry],
            )
            if plan.bank.per_partner
            else plan.side_score(entry, None)
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

    ``tally(qid, value)`` is what one answer adds (0 for an open or profile question, or one
    that does not apply); the sum over the dimension's answers, ``hit(total)``, is the same
    :data:`DimensionHit` as :meth:`Scorer.score_lean` gives for those answers. Batch scoring
    precomputes the tally of every cell of a column, so scoring a dimension is a few lookups
    and a sum.
    """

    def __init__(self, plan: BankPlan, index: int, table: _Table) -> None:
        self.plan = plan
        self.index = index
        self.table = table
        layout = table.layout
        self.place = layout.place(plan.first_slot + index)
        self.mask = (1 << (8 * layout.slot_size)) - 1
        self.base = (table.base >> self.place) & self.mask
        """The tallies of the questions that do not apply, added to every total."""
        self.as_bytes = layout.code.endswith("s")
        """Slots wider than 8 bytes are struct byte strings, and so are their cache keys."""

    def tally(self, qid: str, value: Value) -> int:
        """What one answer adds; ScanError for a value not on the scale or a question that is
        not this bank's (as :meth:`Scorer.score_lean`)."""
        return (self.table[qid, value] >> self.place) & self.mask

    def hit(self, total: int) -> DimensionHit:
        """The scored dimension of the summed tallies of its answers."""
        plan, d = self.plan, self.index
        total += self.base
        key: int | bytes = (
            total.to_bytes(self.table.layout.slot_size, "little") if self.as_bytes else total
        )
        found = plan.caches[d].get(key)
        if found is None:
            found = plan._remember(plan.caches[d], key, plan._score_dimension(d, key))
        return found


def _partner_side(plan: BankPlan, scored: list[tuple[PartnerScore, int]]) -> SideScore:
    """A per-partner side: every partner on its own (with the sum of its hits' partner parts),
    then per dimension the plain mean over the partners that scored it, then the side rule on
    those means."""
    if not scored:
        return plan.no_partners
    total = sum(map(_SIDE, scored))
    return plan.side_score(plan.means(total), tuple(map(_DIM, scored)))


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
