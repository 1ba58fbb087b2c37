"""The advice report (docs/rapport.md): a result made readable for a school, as PDF or HTML.

Three steps, each usable on its own:

* :func:`build_context` turns a :class:`~scan.result.Result` (one respondent) or a
  :class:`~scan.result.TeamResult` (a team), the banks and the answer files into plain view
  objects for the template (levels named, charts drawn, advice ordered, answers tallied);
* :func:`report_html` renders ``templates/rapport.html.j2`` with Jinja2 (autoescape on: every
  name, remark and open answer is untrusted and appears literally);
* :func:`report_pdf` renders that HTML with WeasyPrint (:func:`weasyprint_document`), which may
  load nothing but the template files and ``data:`` URIs (:mod:`scan.report.fetcher`).

:func:`render_pdf` and :func:`render_html` write the file atomically; they are module-level
functions of picklable arguments, so that batch workers can call them in parallel.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import functools
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from scan import __version__
from scan.answers import AnswerFile, describe_answer
from scan.bank import (
    SIDES,
    WEET_NIET,
    Bank,
    BankSet,
    Dimension,
    Question,
    normalise_text,
)
from scan.errors import Problem, ScanError
from scan.io.atomic import atomic_write_bytes, atomic_write_text
from scan.report.charts import Band, Bar, bar_chart, level_colours, level_strip
from scan.report.fetcher import MIME_TYPES, weasyprint_fetcher
from scan.report.text import format_score
from scan.result import AnyResult, Result, TeamResult
from scan.result import Highlight as ResultHighlight
from scan.scoring.engine import round_half_up
from scan.scoring.progress import unfinished, version_notes
from scan.scoring.team import MIN_GROUP, role_groups
from scan.util.gc_pause import paused_garbage_collector
from scan.util.resources import data_folder
from scan.util.scratch import private_temp_folder
from scan.util.text import document_safe

TEMPLATE = "rapport.html.j2"
STYLESHEET = "rapport.css"

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def templates_folder() -> Path:
    """The templates: ``scan/templates`` in a wheel, top-level ``templates/`` in a checkout."""
    return data_folder("templates")


@dataclass(frozen=True)
class ReportOptions:
    """Choices for a team report: ``min_group`` (``--min-groep``): the fewest respondents behind
    a partner row, role group or attributed open answer; ``names`` (``--namen``): name the
    respondents (team reports name nobody by default)."""

    min_group: int = MIN_GROUP
    names: bool = False


DEFAULT_OPTIONS = ReportOptions()


# --- the view objects the template reads ---


@dataclass(frozen=True)
class LevelView:
    id: str
    name: str
    index: int
    colour: str
    start: float

    @property
    def css_class(self) -> str:
        """The class that gives an element this level's colour (see :func:`level_styles`).

        A class, not a ``style`` attribute: WeasyPrint shares the computed style of elements
        with the same classes, but computes it afresh for every element with its own style.
        """
        return colour_class(self.colour)


def colour_class(colour: str) -> str:
    return "lv-" + colour.lstrip("#")


def level_styles(banks: BankSet) -> Markup:
    """CSS rules for the level colours of every bank: ``.lv-f8ddcf { background: #f8ddcf; }``."""
    colours = sorted({c for bank in banks for c in level_colours(len(bank.levels))})
    return Markup("".join(f".{colour_class(c)} {{ background: {c}; }}\n" for c in colours))


@dataclass(frozen=True)
class Spread:
    """A team's spread over respondents (``n`` counted, lowest, highest, sd, divided).

    ``low`` and ``high`` are individual scores: they are shown only when at least
    ``--min-groep`` respondents counted (else None), so a team report never shows one
    person's score.
    """

    n: int
    low: float | None
    high: float | None
    sd: float | None
    divided: bool


@dataclass(frozen=True)
class DimensionView:
    id: str
    title: str
    description: str | None
    score: float | None
    level: LevelView | None
    advice: str | None
    answered: int
    dont_know: int
    questions: int
    spread: Spread | None
    partners: int | None
    """Side B: how many partners scored this dimension (None on other sides)."""
    priority: bool = False
    """A point of attention: the report prints its whole advice (the rest: the first step)."""
    discuss: bool = False
    """``verdeeld``: the team first discusses the difference."""
    previous: float | None = None
    change: float | None = None
    previous_level: LevelView | None = None
    few: bool = False
    """Team: the mean rests on fewer than ``--min-groep`` respondents, so no score, level,
    advice or change is shown (:func:`too_few`)."""


@dataclass(frozen=True)
class PartnerView:
    """A column of the heat map: a partner (or, in a team, the partners rated by fewer than
    ``--min-groep`` respondents together as "overige partners")."""

    name: str
    kind: str
    score: float | None
    cells: list[float | None]
    """Per dimension of the bank, in bank order."""
    n: int | None
    merged: bool = False
    few: list[bool] = field(default_factory=list)
    """Per cell: rests on fewer than ``--min-groep`` ratings, so not shown (anonymity)."""


HEAT_STEPS = 5
"""Colour steps of the heat map: 0–20, 20–40, 40–60, 60–80, 80–100."""


def heat_class(score: float | None) -> str:
    """The heat-map class of a score: ``heat-0`` (0–20) … ``heat-4`` (80–100), ``none``."""
    if score is None:
        return "none"
    return f"heat-{min(int(score // (100 / HEAT_STEPS)), HEAT_STEPS - 1)}"


@dataclass(frozen=True)
class SideView:
    letter: str
    bank: Bank
    score: float | None
    level: LevelView | None
    spread: Spread | None
    dimensions: list[DimensionView]
    chart: Markup
    strip: Markup
    """The score card's small bar on the side's own levels."""
    blind_spots: list[DimensionView]
    partners: list[PartnerView] | None
    levels: list[LevelView]
    partners_note: str | None = None
    """Team: which partners were merged into "overige partners" or left out, and why."""
    forms: Forms | None = None
    """Side B: the form ladders (now → wanted) and profile answers per partner."""
    previous: float | None = None
    change: float | None = None
    previous_level: LevelView | None = None
    compared: bool = False
    few: bool = False
    """Team: the side's mean rests on fewer than ``--min-groep`` respondents (not shown)."""

    @property
    def any_few(self) -> bool:
        """Whether a number of this side is held back (the footnote under its tables)."""
        return self.few or any(d.few for d in self.dimensions)

    @property
    def heat_few(self) -> bool:
        """Whether a heat-map cell is held back (the footnote under the heat map)."""
        return any(any(p.few) for p in self.partners or [])


@dataclass(frozen=True)
class Highlight:
    """A point of attention or a strength: one dimension of one side."""

    side: SideView
    dimension: DimensionView
    first_step: str
    partner: str | None = None

    @property
    def goal(self) -> str:
        """The next level on the side's ladder ("naar Structureel"), or "vasthouden"."""
        level = self.dimension.level
        if level is None:
            return ""
        above = [lv for lv in self.side.levels if lv.index == level.index + 1]
        return f"Naar {above[0].name}" if above else f"{level.name} vasthouden"


@dataclass(frozen=True)
class AnswerRow:
    """One question in the appendix: the answer(s) or the distribution, and remarks."""

    question: Question
    is_open: bool
    answer: str | None = None
    partner_answers: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    dont_know: int = 0
    total: int = 0
    texts: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    scale: str | None = None
    """The legend of its scale, printed under the question (in a dimension with many scales)."""
    held: bool = False
    """Team: answered fewer than ``--min-groep`` times, so the distribution is not shown (it
    would show one colleague's answer)."""


@dataclass(frozen=True)
class AppendixDimension:
    dimension: Dimension
    legend: list[str]
    """The scales its questions use ("1 = Helemaal niet · 2 = …"), except those the dimension
    before it already showed; with more than :data:`LEGEND_LINES` of them each question gets
    its own scale instead (:attr:`AnswerRow.scale`): no long block away from the questions."""
    rows: list[AnswerRow]


@dataclass(frozen=True)
class AppendixBank:
    bank: Bank
    width: int
    dimensions: list[AppendixDimension]
    partner_names: list[str]
    distribution: bool
    """Counts per answer (a team, or more partners than fit as columns) instead of answers."""

    @property
    def has_reversed(self) -> bool:
        """Whether a question is marked "(omgekeerd)" (the legend line of the appendix)."""
        return any(r.question.reversed for d in self.dimensions for r in d.rows)


HEAT_COLUMNS = 8
"""Partners per heat-map table: more partners make more tables (each fits the page width,
and hundreds of partners never make one table WeasyPrint must lay out at once)."""
MAX_PARTNER_COLUMNS = 12
"""More partners than this: the appendix counts their answers instead of a column each (500
columns neither fit on a page nor render in reasonable time or memory)."""


# --- context ---


def build_context(
    result: AnyResult,
    banks: BankSet,
    answers: Sequence[AnswerFile],
    options: ReportOptions = DEFAULT_OPTIONS,
) -> dict[str, Any]:
    """Everything the template shows, computed here so the template stays plain layout."""
    team = isinstance(result, TeamResult)
    min_group = options.min_group if team else 1
    marks = {
        "priority": {(h.side, h.dimension) for h in result.attention},
        "discuss": {(h.side, h.dimension) for h in result.discuss},
    }
    advice: dict[tuple[str, str], str] = {(a.side, a.dimension): a.text for a in result.advice}
    sides = [
        _side_view(side, bank, result, advice, marks, min_group)
        for side in SIDES
        if side in result.sides and (bank := banks.by_side(side)) is not None
    ]
    sides = [
        dataclasses.replace(s, forms=forms_view(result, banks, s, team, min_group))
        if s.bank.per_partner
        else s
        for s in sides
    ]
    views = {(s.letter, d.id): (s, d) for s in sides for d in s.dimensions}

    def shown(points: Sequence[ResultHighlight]) -> list[Highlight]:
        """The view of what the highlight rule chose (scan.scoring.highlights)."""
        return [
            Highlight(s, d, first_sentence(d.advice or ""), p.partner)
            for p in points
            if (p.side, p.dimension) in views
            for s, d in (views[(p.side, p.dimension)],)
            if not d.few
        ]

    shared = _shared_bands(banks)
    school, team_name = _school_team(result)
    dates = [a.date for a in answers if a.date is not None]
    if isinstance(result, Result) and result.date is not None:
        dates = [result.date]
    subject = " – ".join(x for x in (school, team_name) if x)
    return {
        "team_report": team,
        "n": len(answers) if team else 1,
        "names_shown": not team or options.names,
        "min_group": min_group,
        "school": school,
        "team": team_name,
        "title": "Samenwerkingsscan – adviesrapport" + (f" {subject}" if subject else ""),
        "date": dutch_date(max(dates)) if dates else None,
        "period": _period(dates),
        "made": dutch_date(dt.date.today()),
        "respondents": [a.respondent for a in answers],
        "banks": list(banks),
        "answer_versions": _answer_versions(answers, banks),
        "version": __version__,
        "sides": sides,
        "bands": shared,
        "level_styles": level_styles(banks),
        "unfinished": unfinished(result),
        "attention": shown(result.attention),
        "strengths": shown(result.strengths),
        "discuss": shown(result.discuss),
        "held_back": {
            name: sum(
                views[(p.side, p.dimension)][1].few
                for p in points
                if (p.side, p.dimension) in views
            )
            for name, points in (("attention", result.attention), ("strengths", result.strengths))
        },
        "blind_spots": [(s, d) for s in sides for d in s.blind_spots],
        "voices": open_answers(banks, answers, sides, team),
        "roles": _roles_view(result, banks, min_group) if isinstance(result, TeamResult) else None,
        "progress": _progress_view(result, banks, sides),
        "appendix": [_appendix_bank(bank, answers, team, min_group) for bank in banks],
        "heat_columns": HEAT_COLUMNS,
    }


def _bands(bank: Bank) -> tuple[Band, ...]:
    return tuple(Band(lv.name, lv.start) for lv in bank.levels)


def _level(bank: Bank, level_id: str | None) -> LevelView | None:
    level = bank.level_by_id(level_id)
    if level is None:
        return None
    i = bank.levels.index(level)
    return LevelView(level.id, level.name, i, level_colours(len(bank.levels))[i], level.start)


def _spread(obj: Any, min_group: int) -> Spread | None:
    """A team's spread (None in a personal report); lowest, highest and sd only from
    ``min_group`` respondents on (two scores and their sd give both scores away)."""
    if not hasattr(obj, "sd"):
        return None
    if obj.n >= max(min_group, 2):
        return Spread(obj.n, obj.min, obj.max, obj.sd, obj.divided)
    return Spread(obj.n, None, None, None, obj.divided)


def too_few(obj: Any, min_group: int) -> bool:
    """A team mean that rests on fewer than ``min_group`` respondents (or ratings): a team
    report does not show it, nor its level, advice or change (one respondent's score would
    show). Personal results have no ``n``; an unscored mean (n = 0) has nothing to show."""
    return 0 < getattr(obj, "n", min_group) < min_group


_HELD_BACK: dict[str, Any] = {
    "score": None,
    "level": None,
    "advice": None,
    "previous": None,
    "change": None,
    "previous_level": None,
}
"""The fields of a dimension or side view a team report holds back under ``--min-groep``."""


def _value(
    label: str, score: float | None, spread: Spread | None, bands: tuple[Band, ...] = ()
) -> Bar:
    if spread is None:
        return Bar(label, score, bands=bands)
    return Bar(label, score, spread.low, spread.high, bands)


def _compared(bank: Bank, obj: Any) -> dict[str, Any]:
    """The ``--vorige`` fields of a side or dimension for its view (empty when not compared)."""
    if "previous" not in obj.model_fields_set:
        return {}
    return {
        "previous": obj.previous,
        "change": obj.change,
        "previous_level": _level(bank, obj.previous_level),
    }


def _side_view(
    letter: str,
    bank: Bank,
    result: AnyResult,
    advice: dict[tuple[str, str], str],
    marks: Mapping[str, AbstractSet[tuple[str, str]]],
    min_group: int,
) -> SideView:
    side = result.sides[letter]  # type: ignore[index]
    dims = []
    for dim in bank.dimensions:
        scored = side.dimensions.get(dim.id)
        view = DimensionView(
            id=dim.id,
            title=dim.title,
            description=dim.description,
            score=scored.score if scored else None,
            level=_level(bank, scored.level) if scored else None,
            advice=advice.get((letter, dim.id)),
            answered=getattr(scored, "answered", 0),
            dont_know=getattr(scored, "dont_know", 0),
            questions=getattr(scored, "questions", 0),
            spread=_spread(scored, min_group) if scored else None,
            partners=getattr(scored, "partners", 0) if bank.per_partner else None,
            priority=(letter, dim.id) in marks["priority"],
            discuss=(letter, dim.id) in marks["discuss"],
            **(_compared(bank, scored) if scored else {}),
        )
        if scored and too_few(scored, min_group):
            view = dataclasses.replace(view, few=True, **_HELD_BACK)
        dims.append(view)
    blind = {b.dimension for b in result.blind_spots if b.side == letter}
    values = [
        dataclasses.replace(
            _value(d.title, d.score, d.spread), missing=f"minder dan {min_group} beoordelingen"
        )
        if d.few
        else _value(d.title, d.score, d.spread)
        for d in dims
    ]
    summary = f"Scores van de onderdelen van kant {letter}: " + "; ".join(
        f"{d.title} {format_score(d.score)}" for d in dims
    )
    partners, note = None, None
    if bank.per_partner:
        partners, note = _partner_columns(
            bank, getattr(side, "partners", []), min_group, getattr(result, "participants", [])
        )
    spread = _spread(side, min_group)
    few = too_few(side, min_group)
    score = None if few else side.score
    return SideView(
        letter=letter,
        bank=bank,
        score=score,
        level=None if few else _level(bank, side.level),
        spread=spread,
        dimensions=dims,
        chart=bar_chart(values, _bands(bank), summary),
        strip=level_strip(
            _value(bank.title, score, spread),
            _bands(bank),
            f"Kant {letter}: {format_score(score)} op de niveaus van deze kant",
        ),
        blind_spots=[d for d in dims if d.id in blind],
        partners=partners,
        levels=[lv for lv in (_level(bank, level.id) for level in bank.levels) if lv],
        partners_note=note,
        compared="previous" in side.model_fields_set,
        few=few,
        **({} if few else _compared(bank, side)),
    )


def _partner_columns(
    bank: Bank, partners: Sequence[Any], min_group: int, participants: Sequence[Result] = ()
) -> tuple[list[PartnerView], str | None]:
    """The heat-map columns: every partner of a respondent; in a team only the partners rated
    by at least ``min_group`` respondents, the others together as "Overige partners" (or left
    out when fewer than ``min_group`` respondents rated them together), with a note saying so.
    A cell of "Overige partners" is held back when fewer than ``min_group`` respondents scored
    that dimension for one of them (one colleague rating two such partners counts once)."""
    ids = [d.id for d in bank.dimensions]
    own = [p for p in partners if getattr(p, "n", min_group) >= min_group]
    few = [p for p in partners if getattr(p, "n", min_group) < min_group]
    columns = []
    for p in own:
        dims = [p.dimensions.get(i) for i in ids]
        held = [d is not None and too_few(d, min_group) for d in dims]
        cells = [
            None if d is None or hidden else d.score for d, hidden in zip(dims, held, strict=True)
        ]
        columns.append(PartnerView(p.name, p.kind, p.score, cells, getattr(p, "n", None), few=held))
    if not few:
        return columns, None
    together = sum(p.n for p in few)
    what = f"{len(few)} partner" if len(few) == 1 else f"{len(few)} partners"
    verb = "is" if len(few) == 1 else "zijn"
    names = {normalise_text(p.name) for p in few}
    if _raters(participants, bank.side, names, None) < min_group:
        note = (
            f"{what} die samen door minder dan {min_group} collega's beoordeeld {verb}, "
            f"{'is' if len(few) == 1 else 'zijn'} weggelaten (anonimiteit)."
        )
        return columns, note
    pairs = [[(p.dimensions[i].score, p.dimensions[i].n) for p in few] for i in ids]
    held = [0 < _raters(participants, bank.side, names, i) < min_group for i in ids]
    columns.append(
        PartnerView(
            "Overige partners",
            "samen",
            _weighted([(p.score, p.n) for p in few]),
            [None if hidden else _weighted(cell) for cell, hidden in zip(pairs, held, strict=True)],
            together,
            merged=True,
            few=held,
        )
    )
    note = (
        f"{what} die door minder dan {min_group} collega's beoordeeld {verb}, staan samen "
        "onder 'Overige partners' (anonimiteit)."
    )
    return columns, note


def _raters(
    participants: Sequence[Result], side: str, names: AbstractSet[str], dim: str | None
) -> int:
    """How many respondents gave one of the partners ``names`` (normalised) a score: for the
    dimension ``dim``, or a partner score (None)."""
    count = 0
    for one in participants:
        for p in getattr(one.sides.get(side), "partners", None) or []:  # type: ignore[call-overload]
            scored = p.dimensions.get(dim) if dim is not None else p
            if normalise_text(p.name) in names and scored is not None and scored.score is not None:
                count += 1
                break
    return count


def _weighted(pairs: Sequence[tuple[float | None, int]]) -> float | None:
    """The mean of means weighted by their n (the mean over all the scores behind them),
    rounded half up to one decimal."""
    counted = [(round(score * 10), n) for score, n in pairs if score is not None and n]
    weight = sum(n for _, n in counted)
    if not weight:
        return None
    return round_half_up(sum(t * n for t, n in counted), weight) / 10


@dataclass(frozen=True)
class Voice:
    """An open answer as the report quotes it: never with a name; about a partner only when
    that partner may be named (a personal report, or rated by ``--min-groep`` colleagues)."""

    text: str
    about: str | None = None


@dataclass(frozen=True)
class OpenQuestion:
    side: str
    text: str
    voices: list[Voice]


def open_answers(
    banks: BankSet, answers: Sequence[AnswerFile], sides: Sequence[SideView], team: bool
) -> list[OpenQuestion]:
    """The open answers per open question, in bank order, for the summary and action plan."""
    named = {
        normalise_text(p.name): p.name for s in sides for p in s.partners or [] if not p.merged
    }
    found = []
    for bank in banks:
        for qid, (_, question) in bank.questions.items():
            if question.is_scale:
                continue
            voices = []
            for a in answers:
                if bank.per_partner:
                    for p in a.partners:
                        text = str(p.answers.get(qid, "")).strip()
                        if text:
                            about = named.get(normalise_text(p.name))
                            voices.append(Voice(text, about or "een andere partner"))
                elif text := str(a.answers.get(qid, "")).strip():
                    voices.append(Voice(text))
            if voices:
                found.append(OpenQuestion(bank.side, question.text, voices))
    return found


@dataclass(frozen=True)
class RolesView:
    names: list[str]
    counts: list[int]
    rows: list[tuple[str, list[tuple[str, list[float | None], list[bool], bool]]]]
    """Per side (its title): per dimension its title, the group means, per mean whether it is
    held back (fewer than ``min_group`` scores behind it), and whether it is a gap."""
    gaps: list[tuple[str, str, str, str, float]]
    """(side, dimension title, highest group, lowest group, difference)."""
    left_out: int
    min_group: int

    @property
    def any_few(self) -> bool:
        """Whether a group mean is held back (the footnote under the table)."""
        return any(any(few) for _, dims in self.rows for _, _, few, _ in dims)


def _roles_view(result: TeamResult, banks: BankSet, min_group: int) -> RolesView | None:
    """Roles side by side (``rollen``), their largest gaps, and how many groups were too small.
    A group mean resting on fewer than ``min_group`` scores is held back, and so is a gap
    that uses one."""
    groups = role_groups(result.participants)
    if not groups:
        return None
    names = list(result.roles)

    def few(name: str, side: str, dim_id: str) -> bool:
        scores = [
            r.sides[side].dimensions.get(dim_id) for r in groups.get(name, []) if side in r.sides
        ]
        return 0 < sum(d is not None and d.score is not None for d in scores) < min_group

    flagged = {
        (g.side, g.dimension)
        for g in result.role_gaps
        if not few(g.high, g.side, g.dimension) and not few(g.low, g.side, g.dimension)
    }
    rows = []
    for bank in banks:
        if not names:
            break
        dims = []
        for dim in bank.dimensions:
            held = [few(n, bank.side, dim.id) for n in names]
            means = [result.roles[n].sides[bank.side].dimensions.get(dim.id) for n in names]
            shown = [None if h else m for m, h in zip(means, held, strict=True)]
            dims.append((dim.title, shown, held, (bank.side, dim.id) in flagged))
        rows.append((f"{bank.side}. {bank.title}", dims))
    titles = {(b.side, d.id): d.title for b in banks for d in b.dimensions}
    return RolesView(
        names=names,
        counts=[result.roles[n].n for n in names],
        rows=rows,
        gaps=[
            (g.side, titles.get((g.side, g.dimension), g.dimension), g.high, g.low, g.gap)
            for g in result.role_gaps
            if (g.side, g.dimension) in flagged
        ],
        left_out=len(groups) - len(names),
        min_group=result.min_group,
    )


def _progress_view(
    result: AnyResult, banks: BankSet, sides: Sequence[SideView]
) -> dict[str, Any] | None:
    """ "Wat is er veranderd": the date of the earlier scan and the notes on bank versions."""
    if result.previous_versions is None:
        return None
    notes = version_notes(result, banks)
    moved = sorted(
        (d for s in sides for d in s.dimensions if d.change),
        key=lambda d: -abs(d.change or 0),
    )
    return {
        "date": dutch_date(result.previous_date) if result.previous_date else None,
        "notes": notes,
        "up": sum(1 for d in moved if (d.change or 0) > 0),
        "down": sum(1 for d in moved if (d.change or 0) < 0),
        "levels_up": sum(
            1
            for s in sides
            for d in s.dimensions
            if d.level and d.previous_level and d.level.index > d.previous_level.index
        ),
        "levels_down": sum(
            1
            for s in sides
            for d in s.dimensions
            if d.level and d.previous_level and d.level.index < d.previous_level.index
        ),
    }


@dataclass(frozen=True)
class LadderRow:
    """One partner on a form ladder: per step how many chose it as now and as wanted (a
    personal report: 0 or 1)."""

    partner: str
    now: list[int]
    wanted: list[int]


@dataclass(frozen=True)
class FormLadder:
    """A ``gewenst_van`` pair shown on its own ladder (the scale), not as a 0–100 score."""

    question: str
    steps: list[str]
    rows: list[LadderRow]


@dataclass(frozen=True)
class ProfileRow:
    """A profile question (``gescoord: false``) and per partner the answers given."""

    question: str
    answers: list[str]


@dataclass(frozen=True)
class Forms:
    ladders: list[FormLadder]
    partners: list[str]
    profile: list[ProfileRow]
    note: str | None


def forms_view(
    result: AnyResult, banks: BankSet, side: SideView, team: bool, min_group: int
) -> Forms | None:
    """The form ladders ("nu → gewenst") and profile answers per partner of a per-partner
    side. A team shows only the partners it may name (rated by ``min_group`` colleagues)."""
    named = {normalise_text(p.name): p.name for p in side.partners or [] if not p.merged}
    sources = result.participants if isinstance(result, TeamResult) else [result]
    found: dict[str, list[Any]] = {}
    for one in sources:
        own = one.sides.get(side.letter)  # type: ignore[call-overload]
        for partner in getattr(own, "partners", []):
            name = named.get(normalise_text(partner.name))
            if name is not None:
                found.setdefault(name, []).append(partner)
    ladders: dict[str, FormLadder] = {}
    profile: dict[str, dict[str, Counter[str]]] = {}
    for name, partners in found.items():
        for partner in partners:
            for wish in partner.wishes:
                located = banks.question(wish.question)
                if located is None:
                    continue
                bank, _, question = located
                values = [v.value for v in bank.scale_of(question)]
                ladder = ladders.setdefault(
                    wish.question,
                    FormLadder(question.text, [v.label for v in bank.scale_of(question)], []),
                )
                row = next((r for r in ladder.rows if r.partner == name), None)
                if row is None:
                    row = LadderRow(name, [0] * len(values), [0] * len(values))
                    ladder.rows.append(row)
                if wish.current in values:
                    row.now[values.index(wish.current)] += 1
                if wish.desired in values:
                    row.wanted[values.index(wish.desired)] += 1
            for qid, answer in partner.profile.items():
                located = banks.question(qid)
                text = located[2].text if located else qid
                profile.setdefault(text, {}).setdefault(name, Counter())[answer.label] += 1
    if not ladders and not profile:
        return None
    names = list(found)
    rows = [
        ProfileRow(
            text,
            [
                "; ".join(
                    f"{label} ({count}×)" if team else label
                    for label, count in by_partner.get(name, Counter()).most_common()
                )
                or "–"
                for name in names
            ],
        )
        for text, by_partner in profile.items()
    ]
    left_out = len(side.partners or []) - len(named) if team else 0
    note = (
        f"Alleen partners die door minstens {min_group} collega's zijn beoordeeld (anonimiteit)."
        if team and (left_out or any(p.merged for p in side.partners or []))
        else None
    )
    return Forms(list(ladders.values()), names, rows, note)


def _shared_bands(banks: BankSet) -> list[Band] | None:
    """The levels as bands when every bank uses the same ladder (else None: no common ladder)."""
    ladders = {tuple((lv.name, lv.start) for lv in bank.levels) for bank in banks}
    if len(ladders) != 1:
        return None
    return [Band(name, start) for name, start in next(iter(ladders))]


def _school_team(result: AnyResult) -> tuple[str | None, str | None]:
    if isinstance(result, TeamResult):
        return result.school, result.team
    return result.respondent.school, result.respondent.team


def _period(dates: list[dt.date]) -> str | None:
    if len(set(dates)) < 2:
        return None
    return f"{dutch_date(min(dates))} tot en met {dutch_date(max(dates))}"


def _answer_versions(answers: Sequence[AnswerFile], banks: BankSet) -> list[str]:
    """Notes for answers given to another version of a bank than the one that scored them."""
    notes = []
    for bank in banks:
        other = sorted(
            {a.versions[bank.id] for a in answers if bank.id in a.versions} - {bank.version}
        )
        if other:
            notes.append(
                f"Er zijn antwoorden gegeven op versie {', '.join(other)} van '{bank.title}'; "
                f"gescoord met versie {bank.version}."
            )
    return notes


# --- the appendix: answers, or their distribution in a team ---


def _appendix_bank(
    bank: Bank, answers: Sequence[AnswerFile], team: bool, min_group: int
) -> AppendixBank:
    scales = {q.scale for _, q in bank.questions.values() if q.scale}
    width = max((len(bank.scales[s]) for s in scales), default=0)
    partner_names: list[str] = []
    if bank.per_partner and not team and answers:
        partner_names = [p.name for p in answers[0].partners]
    distribution = team or len(partner_names) > MAX_PARTNER_COLUMNS
    if distribution:
        partner_names = []
    dims = []
    before: set[str] = set()
    labelled = not distribution and not bank.per_partner  # the answers carry their labels
    for dim in bank.dimensions:
        used = {q.scale for q in dim.questions if q.scale}
        new = [name for name in bank.scales if name in used - before]
        per_question = len(new) > LEGEND_LINES and not labelled
        rows = []
        shown = None
        for q in dim.questions:
            row = _answer_row(bank, f"{bank.id}.{q.id}", q, answers, team, distribution, min_group)
            if per_question and q.scale and q.scale != shown:
                row = dataclasses.replace(row, scale=_scale_legend(bank, q.scale))
                shown = q.scale
            rows.append(row)
        legend = [] if labelled or per_question else [_scale_legend(bank, n) for n in new]
        dims.append(AppendixDimension(dim, legend, rows))
        before = set() if per_question else used
    return AppendixBank(bank, width, dims, partner_names, distribution)


LEGEND_LINES = 2
"""At most this many scale legends above a dimension's table of the appendix."""


def _scale_legend(bank: Bank, scale: str) -> str:
    return " · ".join(f"{v.value} = {v.label}" for v in bank.scales[scale])


def _given(bank: Bank, answers: AnswerFile, qid: str) -> list[int | str]:
    """Every answer to ``qid`` in one file (one per partner for a per-partner bank)."""
    if bank.per_partner:
        return [p.answers[qid] for p in answers.partners if qid in p.answers]
    return [answers.answers[qid]] if qid in answers.answers else []


def _answer_row(
    bank: Bank,
    qid: str,
    question: Question,
    answers: Sequence[AnswerFile],
    team: bool,
    distribution: bool,
    min_group: int,
) -> AnswerRow:
    labels = {v.value: v.label for v in bank.scale_of(question)}
    remarks = [a.remarks[qid] for a in answers if a.remarks.get(qid, "").strip()]
    remarks += [
        f"{p.name}: {p.remarks[qid]}"
        for a in answers
        for p in a.partners
        if p.remarks.get(qid, "").strip()
    ]
    if not question.is_scale:
        if bank.per_partner and not team:
            given = [(p.name, p.answers.get(qid)) for a in answers for p in a.partners]
            texts = [f"{name}: {value}" for name, value in given if str(value or "").strip()]
        else:
            texts = [str(v) for a in answers for v in _given(bank, a, qid) if str(v).strip()]
        return AnswerRow(question, True, texts=texts, remarks=remarks)
    if not distribution:
        one = answers[0] if answers else None
        if bank.per_partner:
            cells = [_short_answer(p.answers.get(qid)) for p in (one.partners if one else [])]
            return AnswerRow(question, False, partner_answers=cells, remarks=remarks)
        value = one.answers.get(qid) if one else None
        return AnswerRow(question, False, answer=_label(value, labels), remarks=remarks)
    tally: Counter[int | str] = Counter(v for a in answers for v in _given(bank, a, qid))
    total = sum(tally.values())
    if 0 < total < min_group:
        return AnswerRow(question, False, total=total, remarks=remarks, held=True)
    return AnswerRow(
        question,
        False,
        counts=[tally[v] for v in labels],
        dont_know=tally[WEET_NIET],
        total=total,
        remarks=remarks,
    )


def _label(value: int | str | None, labels: dict[int, str]) -> str | None:
    return None if value is None else describe_answer(value, labels)


def _short_answer(value: int | str | None) -> str:
    if value is None:
        return "–"
    return "?" if value == WEET_NIET else str(value)


# --- small text helpers (also Jinja filters) ---


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9'‘“\"(])")


def first_sentence(text: str) -> str:
    """The first sentence of an advice: the concrete first step for the action plan."""
    text = " ".join(text.split())
    return _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


# --- rendering ---


@functools.cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_folder()),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(),
        finalize=document_safe,
    )
    env.filters["score"] = format_score
    env.filters["percent"] = percent
    env.filters["heat"] = heat_class
    env.filters["first_sentence"] = first_sentence
    return env


def _bytecode_cache() -> Any:
    """Jinja2's cache of compiled templates, or None when no safe cache folder can be made.

    Compiling the report template costs about 0.1 s, as much as laying out two pages. The cache
    lives in Jinja2's per-user folder in the temp folder (mode 0700, checked to be the user's own)
    and is keyed on the template's source, so an edited template is compiled afresh. The compiled
    code also depends on the environment's settings (a ``finalize`` hook is compiled into it), so
    the file names carry a hash of this module, where those settings live: a changed environment
    never runs stale code. A cache that cannot be read or written costs only the compile time,
    never the report.
    """
    import hashlib

    import jinja2

    class QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, ValueError, EOFError, TypeError):
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    try:
        settings = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
        return QuietBytecodeCache(pattern=f"samenwerkingsscan-{settings}-%s.cache")
    except (OSError, RuntimeError):
        return None


@functools.cache
def _stylesheet(inline_fonts: bool) -> str:
    css = (templates_folder() / STYLESHEET).read_text(encoding="utf-8")
    if not inline_fonts:
        return css
    return re.sub(r'url\("(fonts/[^"]+)"\)', _font_data_uri, css)


def _font_data_uri(match: re.Match[str]) -> str:
    path = templates_folder() / match.group(1)
    mime = MIME_TYPES[path.suffix.lower()]
    return f'url("data:{mime};base64,{base64.b64encode(path.read_bytes()).decode("ascii")}")'


def report_html(
    result: AnyResult,
    banks: BankSet,
    answers: Sequence[AnswerFile],
    options: ReportOptions = DEFAULT_OPTIONS,
    *,
    standalone: bool = True,
) -> str:
    """The report as HTML. ``standalone``: fonts inlined as ``data:`` URIs (no file references)."""
    context = build_context(result, banks, answers, options)
    context["stylesheet"] = Markup(_stylesheet(standalone))
    return str(_environment().get_template(TEMPLATE).render(context))


def load_weasyprint() -> Any:
    """The ``weasyprint`` module, or a ScanError in Dutch when its system libraries (Pango and
    friends) are missing. WeasyPrint's own English banner (printed on stdout before it raises)
    is swallowed: the user gets one line saying what is missing and that ``--html`` works."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except OSError as exc:
        raise ScanError(
            Problem(
                "het PDF-rapport kan niet gemaakt worden: WeasyPrint vindt de systeembibliotheek "
                f"Pango niet ({exc}). Installeer Pango (zie de README), of maak het rapport met "
                "--html: dat werkt zonder."
            )
        ) from None
    return weasyprint


def weasyprint_document(html: str) -> Any:
    """A ``weasyprint.HTML`` of the report (public API) that may load only template files and
    ``data:`` URIs."""
    weasyprint = load_weasyprint()
    root = templates_folder()
    return weasyprint.HTML(
        string=html, base_url=root.as_uri() + "/", url_fetcher=weasyprint_fetcher(root)
    )


def report_pdf(
    result: AnyResult,
    banks: BankSet,
    answers: Sequence[AnswerFile],
    options: ReportOptions = DEFAULT_OPTIONS,
) -> bytes:
    """The report as PDF bytes (tagged, with title, author and language ``nl``)."""
    with paused_garbage_collector(), private_temp_folder():
        html = report_html(result, banks, answers, options, standalone=False)
        document = weasyprint_document(html)
        # full_fonts: the bundled fonts are already small Latin subsets, so embedding them whole
        # skips WeasyPrint's per-document subsetting (slow without the HarfBuzz subsetter).
        pdf = document.write_pdf(pdf_tags=True, full_fonts=True)
    assert pdf is not None
    return bytes(pdf)


def render_pdf(
    result: AnyResult,
    banks: BankSet,
    answers: Sequence[AnswerFile],
    path: Path,
    options: ReportOptions = DEFAULT_OPTIONS,
) -> None:
    """Write the PDF report to ``path`` atomically (ScanError in Dutch when it cannot)."""
    atomic_write_bytes(path, report_pdf(result, banks, answers, options))


def render_html(
    result: AnyResult,
    banks: BankSet,
    answers: Sequence[AnswerFile],
    path: Path,
    options: ReportOptions = DEFAULT_OPTIONS,
) -> None:
    """Write the report as one standalone HTML file to ``path`` atomically."""
    atomic_write_text(path, report_html(result, banks, answers, options, standalone=True))
