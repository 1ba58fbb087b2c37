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

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
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


def candidates(
    bank: Bank,
    dimensions: Mapping[str, tuple[float | None, str | None, bool]],
    partners: Sequence[tuple[str, Mapping[str, float | None]]] = (),
) -> list[Candidate]:
    """The candidates of one side: ``dimensions`` maps a dimension id to (score, level id,
    verdeeld); ``partners`` (side B) are (name, {dimension id: score}) of the partners that may
    be named."""
    levels = {level.id: i for i, level in enumerate(bank.levels)}
    found = []
    for index, dim in enumerate(bank.dimensions):
        score, level, divided = dimensions.get(dim.id, (None, None, False))
        if score is None or level not in levels:
            continue
        partner = (
            weakest_partner((name, scores.get(dim.id)) for name, scores in partners)
            if bank.per_partner
            else None
        )
        found.append(
            Candidate(
                bank.side,
                dim.id,
                index,
                dim.weight,
                score,
                levels[level],
                len(bank.levels) - 1,
                divided,
                partner,
            )
        )
    return found


def highlights(found: Iterable[Candidate]) -> dict[str, list[dict[str, Any]]]:
    """``aandachtspunten``, ``sterke_punten`` and ``bespreken`` as plain result data."""
    pool = sorted(found, key=lambda c: (SIDES.index(c.side), c.position))
    discuss = [c for c in pool if c.divided]
    open_ = [c for c in pool if not c.divided]
    attention: list[Candidate] = []
    taken: Counter[str] = Counter()
    rest = [c for c in open_ if c.level < c.top]
    while rest and len(attention) < ATTENTION:
        best = min(
            rest,
            key=lambda c: (
                c.level,
                taken[c.side],
                c.score,
                -c.weight,
                SIDES.index(c.side),
                c.position,
            ),
        )
        attention.append(best)
        taken[best.side] += 1
        rest.remove(best)
    strengths = sorted(
        (c for c in open_ if c.level > 0 and c not in attention),
        key=lambda c: (-c.level, -c.score, -c.weight, SIDES.index(c.side), c.position),
    )[:STRENGTHS]
    lists = ([_entry(c) for c in attention], [_entry(c._replace(partner=None)) for c in strengths])
    return dict(zip(_LISTS, (*lists, [_entry(c) for c in discuss]), strict=True))


_LISTS = tuple(Result.model_fields[f].alias or f for f in ("attention", "strengths", "discuss"))
_highlight_json = json_record(Highlight, "side", "dimension", "partner")


def _entry(c: Candidate) -> dict[str, Any]:
    return _highlight_json(c.side, c.dimension, c.partner)
