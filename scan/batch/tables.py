"""The extra tables of batch scoring, kept as running sums (never rows of respondents).

* :class:`GroupTable` (``--groepeer``): per school or team the mean, n and sd of every score;
  groups smaller than ``--min-groep`` are left out, for the respondents' anonymity.
* :class:`QualityTable` (``--kwaliteit``): for bank authors, per dimension the number of
  observations, the share of ``weet niet`` and Cronbach's alpha of its questions.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scan.bank import SIDES, WEET_NIET, BankSet
from scan.batch.rows import Scored
from scan.scoring.engine import round_half_up, scorer_for
from scan.scoring.stats import sample_sd
from scan.scoring.team import group_key

GROUPINGS = ("school", "team")
MIN_COMPLETE = 10
"""Fewest complete answer sets for which Cronbach's alpha is worth reporting."""
LOW_ALPHA = 0.6


# --- group table: running sums per school or team ---


class _Sums:
    """Running sums of scores in tenths (exact integers): count, sum, sum of squares."""

    __slots__ = ("n", "s", "ss")

    def __init__(self) -> None:
        self.n = 0
        self.s = 0
        self.ss = 0

    def add(self, tenths: int) -> None:
        self.n += 1
        self.s += tenths
        self.ss += tenths * tenths

    def mean_tenths(self) -> int | None:
        return round_half_up(self.s, self.n) if self.n else None

    def sd(self) -> float | None:
        """Sample standard deviation in points, exact and rounded half up to one decimal as
        :func:`scan.scoring.team.spread` does (None when n < 2)."""
        return sample_sd(self.n, self.s, self.ss)


class GroupTable:
    """Means, n and sd per school (or school and team) of every score column."""

    def __init__(self, banks: BankSet, by: str, min_group: int) -> None:
        self.banks = banks
        self.by = by
        self.min_group = min_group
        self.groups: dict[tuple[str, ...], tuple[list[int], list[_Sums]]] = {}
        self.spellings: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
        """Per group (school and team compared as :func:`group_key` does) how it was written."""
        self.width = sum(1 + len(b.dimensions) for b in banks)

    def key_columns(self) -> list[str]:
        return ["school", "team"] if self.by == "team" else ["school"]

    def add(self, scored: Scored) -> None:
        ident = scored.identity
        written = (ident.school, ident.team) if self.by == "team" else (ident.school,)
        key = group_key(ident.school, ident.team)[: len(written)]
        entry = self.groups.get(key)
        if entry is None:
            entry = self.groups[key] = ([0], [_Sums() for _ in range(self.width)])
            self.spellings[key] = Counter()
        self.spellings[key][written] += 1
        entry[0][0] += 1
        sums = iter(entry[1])
        for side in scored.scores:
            for score in (side.score, *(d.score for d in side.dimensions)):
                bucket = next(sums)
                if score is not None:
                    bucket.add(round(score * 10))

    def header(self) -> list[str]:
        columns = [*self.key_columns(), "respondenten"]
        for bank in self.banks:
            s = bank.side
            columns += [s, f"{s}.niveau", f"{s}.n", f"{s}.sd"]
            for d in bank.dimensions:
                columns += [f"{s}.{d.id}", f"{s}.{d.id}.n", f"{s}.{d.id}.sd"]
        return columns

    def rows(self) -> tuple[list[list[Any]], int]:
        """The rows of the groups with at least ``min_group`` respondents, and how many
        smaller groups were left out."""
        rows: list[list[Any]] = []
        left_out = 0
        for key in sorted(self.groups):
            count, sums = self.groups[key]
            if count[0] < self.min_group:
                left_out += 1
                continue
            row: list[Any] = [*_most_common(self.spellings[key]), count[0]]
            it = iter(sums)
            for bank in self.banks:
                side = next(it)
                mean = side.mean_tenths()
                level = bank.level_for(mean / 10) if mean is not None else None
                row += [_points(mean), level.id if level else None, side.n, side.sd()]
                for _ in bank.dimensions:
                    dim = next(it)
                    row += [_points(dim.mean_tenths()), dim.n, dim.sd()]
            rows.append(row)
        return rows, left_out

    def note(self, left_out: int) -> str:
        word = "groep" if left_out == 1 else "groepen"
        return (
            f"{left_out} {word} met minder dan {self.min_group} respondenten weggelaten "
            "(anonimiteit)"
        )


def _most_common(spellings: Counter[tuple[str, ...]]) -> tuple[str, ...]:
    """The most frequent way a group was written (ties: the one that sorts first)."""
    return min(spellings, key=lambda w: (-spellings[w], w))


def _points(tenths: int | None) -> float | None:
    return None if tenths is None else tenths / 10


# --- quality table: per dimension n, share of weet niet, Cronbach's alpha ---


class _DimensionQuality:
    __slots__ = ("answered", "complete", "dont_know", "n", "s", "ss", "t", "tt")

    def __init__(self, k: int) -> None:
        self.n = 0
        self.answered = 0
        self.dont_know = 0
        self.complete = 0
        self.s = [0.0] * k
        self.ss = [0.0] * k
        self.t = 0.0
        self.tt = 0.0

    def add(self, items: list[float | None], dont_know: int) -> None:
        answered = sum(v is not None for v in items)
        if answered + dont_know == 0:
            return
        self.n += 1
        self.answered += answered
        self.dont_know += dont_know
        if answered < len(items):
            return
        self.complete += 1
        total = 0.0
        for i, v in enumerate(items):
            assert v is not None
            self.s[i] += v
            self.ss[i] += v * v
            total += v
        self.t += total
        self.tt += total * total

    def alpha(self) -> float | None:
        k, n = len(self.s), self.complete
        if k < 2 or n < 2:
            return None
        item_var = sum(ss - s * s / n for s, ss in zip(self.s, self.ss, strict=True))
        total_var = self.tt - self.t * self.t / n
        if total_var <= 1e-9:
            return None
        return k / (k - 1) * (1 - item_var / total_var)


QUALITY_COLUMNS = [
    "kant",
    "vragenlijst",
    "onderdeel",
    "titel",
    "vragen",
    "n",
    "weet_niet_%",
    "volledig",
    "alfa",
    "waarschuwing",
]


class QualityTable:
    """Per dimension: how many answered, the share of ``weet niet``, Cronbach's alpha.

    An observation is a respondent for the banks answered once, and a partner (of a
    respondent) for a per-partner bank. Alpha uses the item scores (reversed questions turned
    round) of the observations that answered every scale question of the dimension.
    """

    def __init__(self, banks: BankSet) -> None:
        self.banks = banks
        self.item_score = scorer_for(banks).item_score
        """Question id, value → item score (reversed questions turned round), None if none."""
        self.dims: list[tuple[str, list[str], _DimensionQuality]] = []
        for bank in banks:
            for d in bank.dimensions:
                qids = [f"{bank.id}.{q.id}" for q in d.scored]
                self.dims.append((bank.id, qids, _DimensionQuality(len(qids))))
        self.by_bank = {b.id: [x for x in self.dims if x[0] == b.id] for b in banks}

    def add(self, scored: Scored) -> None:
        for bank in self.banks:
            assert scored.answers is not None and scored.partners is not None
            sets = [p[2] for p in scored.partners] if bank.per_partner else [scored.answers]
            for answers in sets:
                for _, qids, quality in self.by_bank[bank.id]:
                    values = [answers.get(q) for q in qids]
                    items = [
                        None if v is None else self.item_score(q, v)
                        for q, v in zip(qids, values, strict=True)
                    ]
                    quality.add(items, sum(v == WEET_NIET for v in values))

    def rows(self) -> list[list[Any]]:
        rows: list[list[Any]] = []
        dims = iter(self.dims)
        for side in SIDES:
            bank = self.banks.by_side(side)
            if bank is None:
                continue
            for d in bank.dimensions:
                _, qids, q = next(dims)
                given = q.answered + q.dont_know
                share = round(100 * q.dont_know / given, 1) if given else None
                alpha = q.alpha()
                rows.append(
                    [
                        side,
                        bank.id,
                        d.id,
                        d.title,
                        len(qids),
                        q.n,
                        share,
                        q.complete,
                        None if alpha is None or q.complete < MIN_COMPLETE else round(alpha, 2),
                        _quality_warning(len(qids), q.complete, alpha),
                    ]
                )
        return rows


def _quality_warning(k: int, complete: int, alpha: float | None) -> str:
    if k < 2:
        return "één schaalvraag: geen alfa"
    if complete < MIN_COMPLETE:
        return f"te weinig volledige antwoorden ({complete}) om iets over de samenhang te zeggen"
    if alpha is None:
        return "geen spreiding in de antwoorden: geen alfa"
    if alpha < LOW_ALPHA:
        low = str(LOW_ALPHA).replace(".", ",")
        return f"lage samenhang (alfa < {low}): meten deze vragen wel hetzelfde?"
    return ""
