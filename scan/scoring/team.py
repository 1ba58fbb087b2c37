"""Team results (docs/formaten.md): several respondents of one school and team, combined.

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

from scan.bank import SIDES, Bank, BankSet, normalise_text
from scan.errors import Problem, ScanError
from scan.result import (
    DimensionResult,
    PartnerResult,
    PartnerSideResult,
    Result,
    RoleGap,
    RoleGroup,
    RoleSide,
    SideResult,
    TeamDimensionResult,
    TeamPartnerResult,
    TeamPartnerSideDimension,
    TeamPartnerSideResult,
    TeamResult,
    TeamSideResult,
    result_json,
)
from scan.scoring.build import DimensionView, advice_for, blind_spots_for
from scan.scoring.engine import Scorer, round_half_up
from scan.scoring.highlights import Candidate, candidates, highlights, side_rule, weakest_partner
from scan.scoring.stats import sample_sd

DIVIDED_SD = 20.0
"""A side or dimension is ``verdeeld`` when n ≥ 3 and its sd is at least this many points."""
MIN_GROUP = 3
"""Default ``--min-groep``: the fewest respondents a role group, partner row or open answer
needs before a team result or report shows it on its own."""
ROLE_GAP = 20.0
"""Role groups whose means for a dimension differ by at least this many points are a finding."""
ROLE_GAPS = 3
"""How many of the largest role gaps a team result flags."""


def group_key(school: str | None, team: str | None) -> tuple[str, str]:
    """The identity of a school and team: compared case- and whitespace-insensitively, so that
    "Het Baken" and " het  baken" are one school (team results and batch grouping alike)."""
    return normalise_text(school or ""), normalise_text(team or "")


def role_groups(results: Iterable[Result]) -> dict[str, list[Result]]:
    """The respondents per role (most common spelling as the name), respondents without a role
    left out; ordered by that name."""
    groups: defaultdict[str, list[Result]] = defaultdict(list)
    for result in results:
        role = result.respondent.role
        if role and role.strip():
            groups[normalise_text(role)].append(result)
    named = {_most_common(r.respondent.role or "" for r in g): g for g in groups.values()}
    return dict(sorted(named.items()))


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
    """``beantwoord``/``weet_niet``/``nvt``/``vragen`` summed over the dims that saw any
    answer."""
    seen = [d for d in dims if d.answered or d.dont_know or d.not_applicable]
    return {
        "answered": sum(d.answered for d in seen),
        "dont_know": sum(d.dont_know for d in seen),
        "not_applicable": sum(d.not_applicable for d in seen),
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
    min_group: int = MIN_GROUP,
) -> TeamResult:
    """Combine the results of several respondents (scored with ``banks``) into a team result.

    ``sources`` names the file of each result for error messages. Raises ScanError when the
    respondents belong to different schools or teams, unless ``mixed``. ``min_group``: the
    fewest respondents of a role group in ``rollen``, and of a partner that a highlight may name.
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
    found: list[Candidate] = []
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
        own = _candidates(bank, side, min_group)
        found += own
        # side-B advice names the partner its priority names (one that may be named)
        weakest = {c.dimension: c.partner for c in own}
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
                    weakest.get(dim.id),
                )
            )
    roles = _roles(bank_set, participants, min_group)
    return TeamResult(
        school=school,
        team=team,
        respondents=len(participants),
        sides=sides,
        advice=advice_for(views),
        blind_spots=blind_spots_for(views),
        **highlights(found),
        min_group=min_group,
        roles=roles,
        role_gaps=_role_gaps(bank_set, roles),
        participants=participants,
    )


def _candidates(
    bank: Bank, side: TeamSideResult | TeamPartnerSideResult, min_group: int
) -> list[Candidate]:
    """The highlight candidates of a team side; side B names only partners rated by at least
    ``min_group`` respondents."""
    named = [p for p in getattr(side, "partners", ()) if p.n >= min_group]
    rated = []
    for dim in bank.dimensions:
        d = side.dimensions[dim.id]
        scores = ((p.name, p.dimensions[dim.id].score) for p in named if dim.id in p.dimensions)
        rated.append((d.score, d.level, d.divided, weakest_partner(scores)))
    return candidates(side_rule(bank), rated)


def _roles(banks: BankSet, results: Sequence[Result], min_group: int) -> dict[str, RoleGroup]:
    """Per role group of at least ``min_group`` respondents its mean side and dimension scores."""
    roles = {}
    for name, group in role_groups(results).items():
        if len(group) < min_group:
            continue
        sides = {}
        for bank in banks:
            own = [r.sides[bank.side] for r in group if bank.side in r.sides]
            sides[bank.side] = RoleSide(
                score=spread(s.score for s in own).mean,
                dimensions={
                    d.id: spread(s.dimensions[d.id].score for s in own).mean
                    for d in bank.dimensions
                },
            )
        roles[name] = RoleGroup(n=len(group), sides=sides)
    return roles


def _role_gaps(banks: BankSet, roles: dict[str, RoleGroup]) -> list[RoleGap]:
    """The largest differences between role groups (at least ROLE_GAP points), largest first."""
    gaps = []
    for bank in banks:
        for index, dim in enumerate(bank.dimensions):
            means = [
                (score, name)
                for name, group in roles.items()
                if (score := group.sides[bank.side].dimensions.get(dim.id)) is not None
            ]
            if len(means) < 2:
                continue
            (low, low_name), (high, high_name) = min(means), max(means)
            gap = round_half_up(round(high * 10) - round(low * 10), 1) / 10
            if gap >= ROLE_GAP:
                gaps.append(
                    (
                        -gap,
                        SIDES.index(bank.side),
                        index,
                        bank.side,
                        dim.id,
                        high_name,
                        low_name,
                        gap,
                    )
                )
    gaps.sort()
    return [
        RoleGap(side=side, dimension=dim_id, high=high, low=low, gap=gap)
        for *_, side, dim_id, high, low, gap in gaps[:ROLE_GAPS]
    ]


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
                not_applicable=sum(p.dimensions[dim.id].not_applicable for p in partners),
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
    keys = [group_key(r.respondent.school, r.respondent.team) for r in results]
    for position, field in enumerate(("school", "team")):
        given = [getattr(r.respondent, field) for r in results]
        given = [g for g in given if g and g.strip()]
        if len({k[position] for k in keys if k[position]}) > 1:
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
