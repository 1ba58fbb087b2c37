"""Team results (design 3.3, 3.4): several respondents of one school and team, combined.

Per side and per dimension the team score is the mean of the respondents' non-null (rounded)
scores — not recomputed from the answers — with ``n``, ``min``, ``max``, the sample standard
deviation ``sd`` (None when n < 2) and ``verdeeld`` (n ≥ 3 and sd ≥ 20 points). Means and sd are
exact and rounded half up to one decimal; the level follows the rounded mean, ``verdeeld`` the
rounded sd.

Choices where the contract leaves room (documented in the README as well):

* ``beantwoord``, ``weet_niet`` and ``vragen`` of a team dimension are summed over the
  respondents (for per-partner sides: over the respondent–partner pairs) that answered at least
  one of its questions, ``weet_niet`` included; someone who skipped a side does not dilute it.
* Team blind spots use those sums: a dimension where the team, taken together, answered
  ``weet_niet`` to at least half of the questions it saw. Team advice comes from the team means.
* The merged partner table of a per-partner side lists every partner named by any respondent,
  matched on the name compared case- and whitespace-insensitively, shown with its most common
  spelling and kind, and ordered by that name.
* Respondents whose (normalised) school or team differ are an error unless ``mixed``; an empty
  school or team differs from nothing. The team's school and team are the common ones (the
  most common spelling), or None when they differ.

Nothing depends on the order of the results: participants are sorted, sums are exact.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from scan.bank import Bank, BankSet, normalise_text
from scan.errors import Problem, ScanError
from scan.result import (
    DimensionResult,
    PartnerResult,
    PartnerSideResult,
    Result,
    SideResult,
    TeamDimensionResult,
    TeamPartnerResult,
    TeamPartnerSideDimension,
    TeamPartnerSideResult,
    TeamResult,
    TeamSideResult,
    result_json,
)
from scan.scoring.engine import DimensionView, Scorer, advice_for, blind_spots_for, round_half_up
from scan.scoring.stats import sample_sd

DIVIDED_SD = 20.0
"""A side or dimension is ``verdeeld`` when n ≥ 3 and its sd is at least this many points."""


class Spread(NamedTuple):
    """Mean and spread of some rounded scores; all None (and n = 0) when there are none."""

    mean: float | None
    n: int
    min: float | None
    max: float | None
    sd: float | None
    divided: bool


def spread(scores: Iterable[float | None]) -> Spread:
    """Mean, n, min, max, sample sd and ``verdeeld`` of the non-null scores.

    Computed exactly on the scores in tenths, rounded half up to one decimal.
    """
    tenths = [round(s * 10) for s in scores if s is not None]
    n = len(tenths)
    if not n:
        return Spread(None, 0, None, None, None, False)
    total = sum(tenths)
    mean = round_half_up(total, n) / 10
    if n < 2:
        return Spread(mean, n, tenths[0] / 10, tenths[0] / 10, None, False)
    sd = sample_sd(n, total, sum(t * t for t in tenths))
    assert sd is not None
    return Spread(mean, n, min(tenths) / 10, max(tenths) / 10, sd, n >= 3 and sd >= DIVIDED_SD)


def _stats(found: Spread, bank: Bank) -> dict[str, object]:
    """The score, level and spread fields of a team object."""
    level = bank.level_for(found.mean)
    return {
        "score": found.mean,
        "level": level.id if level else None,
        "n": found.n,
        "min": found.min,
        "max": found.max,
        "sd": found.sd,
        "divided": found.divided,
    }


def _counts(dims: Iterable[DimensionResult]) -> dict[str, int]:
    """``beantwoord``/``weet_niet``/``vragen`` summed over the dims that saw any answer."""
    seen = [d for d in dims if d.answered or d.dont_know]
    return {
        "answered": sum(d.answered for d in seen),
        "dont_know": sum(d.dont_know for d in seen),
        "questions": sum(d.questions for d in seen),
    }


def _team_dimension(bank: Bank, dims: list[DimensionResult]) -> TeamDimensionResult:
    return TeamDimensionResult(**_stats(spread(d.score for d in dims), bank), **_counts(dims))


def _most_common(values: Iterable[str]) -> str:
    """The most frequent value; ties go to the smallest, so order does not matter."""
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def team_result(
    banks: BankSet | Scorer,
    results: Sequence[Result],
    sources: Sequence[str] | None = None,
    mixed: bool = False,
) -> TeamResult:
    """Combine the results of several respondents (scored with ``banks``) into a team result.

    ``sources`` names the file of each result for error messages. Raises ScanError when the
    respondents belong to different schools or teams, unless ``mixed``.
    """
    bank_set = banks.banks if isinstance(banks, Scorer) else banks
    names = (
        list(sources)
        if sources is not None
        else [f"respondent {i + 1}" for i in range(len(results))]
    )
    school, team = _school_and_team(results, names, mixed)
    participants = sorted(results, key=_participant_key)
    sides: dict[str, TeamSideResult | TeamPartnerSideResult] = {}
    views: list[DimensionView] = []
    for bank in bank_set:
        side_results = [r.sides[bank.side] for r in participants if bank.side in r.sides]
        side: TeamSideResult | TeamPartnerSideResult
        if bank.per_partner:
            side = per_partner = _team_partner_side(bank, side_results)  # type: ignore[arg-type]
            counted = {
                dim_id: _counts(p.dimensions[dim_id] for p in per_partner.partners)
                for dim_id in per_partner.dimensions
            }
        else:
            side = once = _team_side(bank, side_results)  # type: ignore[arg-type]
            counted = {
                dim_id: {"dont_know": d.dont_know, "questions": d.questions}
                for dim_id, d in once.dimensions.items()
            }
        sides[bank.side] = side
        for index, dim in enumerate(bank.dimensions):
            team_dim = side.dimensions[dim.id]
            views.append(
                DimensionView(
                    bank.side,
                    bank,
                    index,
                    team_dim.score,
                    team_dim.level,
                    counted[dim.id]["dont_know"],
                    counted[dim.id]["questions"],
                )
            )
    return TeamResult(
        school=school,
        team=team,
        respondents=len(participants),
        sides=sides,
        advice=advice_for(views),
        blind_spots=blind_spots_for(views),
        participants=participants,
    )


def _team_side(bank: Bank, sides: list[SideResult]) -> TeamSideResult:
    return TeamSideResult(
        bank=bank.id,
        dimensions={
            dim.id: _team_dimension(bank, [s.dimensions[dim.id] for s in sides])
            for dim in bank.dimensions
        },
        **_stats(spread(s.score for s in sides), bank),
    )


def _team_partner_side(bank: Bank, sides: list[PartnerSideResult]) -> TeamPartnerSideResult:
    groups: defaultdict[str, list[PartnerResult]] = defaultdict(list)
    for side in sides:
        for partner in side.partners:
            groups[normalise_text(partner.name)].append(partner)
    partners = [
        TeamPartnerResult(
            name=_most_common(p.name for p in group),
            kind=_most_common(p.kind for p in group),
            dimensions={
                dim.id: _team_dimension(bank, [p.dimensions[dim.id] for p in group])
                for dim in bank.dimensions
            },
            **_stats(spread(p.score for p in group), bank),
        )
        for _, group in sorted(groups.items())
    ]
    return TeamPartnerSideResult(
        bank=bank.id,
        dimensions={
            dim.id: TeamPartnerSideDimension(
                partners=sum(p.dimensions[dim.id].score is not None for p in partners),
                **_stats(spread(s.dimensions[dim.id].score for s in sides), bank),
            )
            for dim in bank.dimensions
        },
        partners=partners,
        **_stats(spread(s.score for s in sides), bank),
    )


def _participant_key(result: Result) -> tuple[str, ...]:
    r = result.respondent
    fields = (r.school, r.team, r.name, r.role)
    return (*(normalise_text(f or "") for f in fields), str(result.date), result_json(result))


def _school_and_team(
    results: Sequence[Result], names: Sequence[str], mixed: bool
) -> tuple[str | None, str | None]:
    common: list[str | None] = []
    differ = False
    for field in ("school", "team"):
        given = [getattr(r.respondent, field) for r in results]
        given = [g for g in given if g and g.strip()]
        if len({normalise_text(g) for g in given}) > 1:
            differ = True
            common.append(None)
        else:
            common.append(_most_common(given) if given else None)
    if differ and not mixed:
        problems = [
            Problem(
                "de antwoorden komen van verschillende scholen of teams; geef elk team een eigen "
                "resultaat, of gebruik --gemengd om ze toch samen te nemen"
            )
        ]
        problems += [
            Problem(
                f"school {_shown(r.respondent.school)}, team {_shown(r.respondent.team)}",
                name,
            )
            for r, name in zip(results, names, strict=True)
        ]
        raise ScanError(problems)
    return common[0], common[1]


def _shown(value: str | None) -> str:
    return f"'{value}'" if value and value.strip() else "(leeg)"
