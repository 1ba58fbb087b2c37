"""The ONE rule for points of attention, strengths and "eerst samen bespreken" (docs/formaten.md).

Terminal, JSON and report all show what :func:`highlights` decides; none of them choose.

* ``bespreken``: every ``verdeeld`` dimension of a team (sd ≥ 20 with n ≥ 3), in side and bank
  order. Disagreement comes first: such a dimension is never a strength, nor a priority.
* ``aandachtspunten`` (at most :data:`ATTENTION`): scored dimensions below the highest level of
  their ladder. The lowest level goes first; within a level the priorities are spread over the
  sides (a side that already has a priority waits until the other sides at that level had their
  turn), then the lowest score, the heaviest dimension, side order and bank order decide. So three
  tied dimensions of side A cannot fill the list while side B and C have one at the same level.
* ``sterke_punten`` (at most :data:`STRENGTHS`): scored dimensions above the lowest level that are
  not a priority, highest level and score first. When everything is at the bottom there are none.

Side-B priorities name the partner meant: the partner with the lowest score for that dimension
(:func:`weakest_partner`), among the partners that may be named (in a team: rated by at least
``min_groep`` respondents).
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterable
from typing import Any, NamedTuple

from scan.bank import SIDES, Bank, Side
from scan.result import Highlight, Result, json_record

ATTENTION = 3
"""How many points of attention (priorities) a result names."""
STRENGTHS = 3
"""How many strengths a result names."""


class Candidate(NamedTuple):
    """What the rule needs of one scored dimension."""

    side: Side
    dimension: str
    position: int
    """Position of the dimension in its bank."""
    weight: float
    score: float
    level: int
    """Position of its level on the bank's ladder (0 = lowest)."""
    top: int
    """Position of the highest level of that ladder."""
    divided: bool = False
    partner: str | None = None


def weakest_partner(partners: Iterable[tuple[str, float | None]]) -> str | None:
    """The name of the partner with the lowest (non-null) score; the first of equals. The
    partner a side-B priority and its advice (``{partner}``) name."""
    found: str | None = None
    low = 0.0
    for name, score in partners:
        if score is not None and (found is None or score < low):
            found, low = name, score
    return found


class SideRule(NamedTuple):
    """What the rule needs of a bank that does not change between results: computed once per
    bank (a :class:`~scan.scoring.engine.BankPlan` keeps one) by :func:`side_rule`."""

    side: Side
    levels: dict[str, int]
    """Level id → its position on the bank's ladder."""
    top: int
    dimensions: tuple[tuple[str, int, float], ...]
    """Per dimension in bank order: (id, position, gewicht)."""


def side_rule(bank: Bank) -> SideRule:
    """The static part of the rule for one bank."""
    return SideRule(
        bank.side,
        {level.id: i for i, level in enumerate(bank.levels)},
        len(bank.levels) - 1,
        tuple((d.id, i, d.weight) for i, d in enumerate(bank.dimensions)),
    )


def candidates(
    rule: SideRule, dimensions: Iterable[tuple[float | None, str | None, bool, str | None]]
) -> list[Candidate]:
    """The candidates of one side: ``dimensions`` holds per dimension of the bank, in bank order,
    (score, level id, verdeeld, the partner meant: side B's :func:`weakest_partner` among the
    partners that may be named, else None)."""
    levels, side, top = rule.levels, rule.side, rule.top
    return [
        Candidate(side, dim_id, index, weight, score, levels[level], top, divided, partner)
        for (dim_id, index, weight), (score, level, divided, partner) in zip(
            rule.dimensions, dimensions, strict=True
        )
        if score is not None and level in levels
    ]


def highlights(found: Iterable[Candidate]) -> dict[str, list[dict[str, Any]]]:
    """``aandachtspunten``, ``sterke_punten`` and ``bespreken`` as plain result data."""
    # Sorting is stable: each sort below keeps the order of the one before for equal keys, so
    # bank order (side, position) breaks the last ties, −gewicht the ones before.
    pool = sorted(found, key=_BANK_ORDER)
    discuss = [c for c in pool if c.divided]
    open_ = [c for c in pool if not c.divided]
    rest = sorted((c for c in open_ if c.level < c.top), key=_WEIGHT, reverse=True)
    rest.sort(key=_LEVEL_SCORE)
    attention = _priorities(rest)
    chosen = set(map(id, attention))
    strengths = sorted(
        (c for c in open_ if c.level > 0 and id(c) not in chosen), key=_STRENGTH, reverse=True
    )[:STRENGTHS]
    return dict(
        zip(
            _LISTS,
            (
                [_entry(c.side, c.dimension, c.partner) for c in attention],
                [_entry(c.side, c.dimension, None) for c in strengths],
                [_entry(c.side, c.dimension, c.partner) for c in discuss],
            ),
            strict=True,
        )
    )


def _priorities(rest: list[Candidate]) -> list[Candidate]:
    """Up to :data:`ATTENTION` priorities from ``rest`` (sorted by level, score, −gewicht and
    bank order): each time the first candidate of the lowest level left whose side has the
    fewest priorities so far — the least of (level, priorities of its side, score, −gewicht,
    side, position)."""
    chosen: list[Candidate] = []
    taken: Counter[str] = Counter()
    while rest and len(chosen) < ATTENTION:
        lowest, best, fewest = rest[0].level, 0, taken[rest[0].side]
        for i, c in enumerate(rest):
            if not fewest or c.level != lowest:
                break
            if taken[c.side] < fewest:
                best, fewest = i, taken[c.side]
        pick = rest.pop(best)
        chosen.append(pick)
        taken[pick.side] += 1
    return chosen


assert list(SIDES) == sorted(SIDES), "the side letters sort in side order (_BANK_ORDER)"
_BANK_ORDER = operator.attrgetter("side", "position")
_WEIGHT = operator.attrgetter("weight")
_LEVEL_SCORE = operator.attrgetter("level", "score")
_STRENGTH = operator.attrgetter("level", "score", "weight")
_LISTS = tuple(Result.model_fields[f].alias or f for f in ("attention", "strengths", "discuss"))
_entry = json_record(Highlight, "side", "dimension", "partner")
