"""The advice report (design 3.4, 3.5): a result made readable for a school, as PDF or HTML.

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
import datetime as dt
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from markupsafe import Markup

from scan import __version__
from scan.answers import AnswerFile
from scan.bank import SIDES, WEET_NIET, Bank, BankSet, Dimension, Question
from scan.io.atomic import atomic_write_bytes, atomic_write_text
from scan.report.charts import Band, Bar, bar_chart, ladder_chart, level_colours
from scan.report.charts import radar_chart as radar
from scan.report.fetcher import MIME_TYPES, weasyprint_fetcher
from scan.report.text import format_score
from scan.result import AnyResult, Result, TeamResult
from scan.util.gc_pause import paused_garbage_collector
from scan.util.resources import data_folder

TEMPLATE = "rapport.html.j2"
STYLESHEET = "rapport.css"
ATTENTION = 3
"""How many points of attention and strengths the overview shows (and the action plan plans)."""

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


# --- the view objects the template reads ---


@dataclass(frozen=True)
class LevelView:
    id: str
    name: str
    index: int
    colour: str

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
    """A team's spread over respondents (``n`` counted, lowest, highest, sd, divided)."""

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


@dataclass(frozen=True)
class PartnerView:
    name: str
    kind: str
    score: float | None
    level: LevelView | None
    cells: list[tuple[float | None, LevelView | None]]
    n: int | None


@dataclass(frozen=True)
class HeatHead:
    """The turned column headings of the heat map: each label in lines, and the row height.

    The lines are broken here (balanced, at most three) so that WeasyPrint never has to wrap a
    turned box, and the row is made as high as the longest line is long, so that no heading can
    stick out above its row.
    """

    labels: list[list[str]]
    height_mm: float


@dataclass(frozen=True)
class SideView:
    letter: str
    bank: Bank
    score: float | None
    level: LevelView | None
    spread: Spread | None
    dimensions: list[DimensionView]
    chart: Markup
    blind_spots: list[DimensionView]
    partners: list[PartnerView] | None
    levels: list[LevelView]
    heat_head: HeatHead | None
    """Side B: the turned column headings of the partner heat map."""


@dataclass(frozen=True)
class Highlight:
    """A point of attention or a strength: one dimension of one side."""

    side: SideView
    dimension: DimensionView
    first_step: str


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


@dataclass(frozen=True)
class AppendixBank:
    bank: Bank
    scale_legend: list[tuple[str, str]]
    width: int
    dimensions: list[tuple[Dimension, list[AnswerRow]]]
    partner_names: list[str]


# --- context ---


def build_context(
    result: AnyResult, banks: BankSet, answers: Sequence[AnswerFile]
) -> dict[str, Any]:
    """Everything the template shows, computed here so the template stays plain layout."""
    team = isinstance(result, TeamResult)
    advice: dict[tuple[str, str], str] = {(a.side, a.dimension): a.text for a in result.advice}
    sides = [
        _side_view(side, banks.by_side(side), result, advice, team)
        for side in SIDES
        if side in result.sides and banks.by_side(side) is not None
    ]
    views = {(s.letter, d.id): (s, d) for s in sides for d in s.dimensions}
    ordered = [
        views[(a.side, a.dimension)] for a in result.advice if (a.side, a.dimension) in views
    ]
    attention_n = min(ATTENTION, math.ceil(len(ordered) / 2))
    attention = [Highlight(s, d, first_sentence(d.advice or "")) for s, d in ordered[:attention_n]]
    strengths = [
        Highlight(s, d, first_sentence(d.advice or ""))
        for s, d in reversed(ordered[attention_n:][-ATTENTION:])
    ]
    shared = _shared_bands(banks)
    respondents = [a.respondent for a in answers]
    school, team_name = _school_team(result)
    dates = [a.date for a in answers if a.date is not None]
    if isinstance(result, Result) and result.date is not None:
        dates = [result.date]
    subject = " – ".join(x for x in (school, team_name) if x)
    return {
        "team_report": team,
        "n": len(answers) if team else 1,
        "school": school,
        "team": team_name,
        "title": "Samenwerkingsscan – adviesrapport" + (f" {subject}" if subject else ""),
        "date": dutch_date(max(dates)) if dates else None,
        "period": _period(dates),
        "made": dutch_date(dt.date.today()),
        "respondents": respondents,
        "banks": list(banks),
        "answer_versions": _answer_versions(answers, banks),
        "version": __version__,
        "sides": sides,
        "bands": shared,
        "level_styles": level_styles(banks),
        "overview_chart": bar_chart(
            [_value(f"{s.letter}. {s.bank.title}", s.score, s.spread) for s in sides],
            shared or [],
            "Score per kant: " + "; ".join(f"{s.letter} {format_score(s.score)}" for s in sides),
        ),
        "ladder": ladder_chart(
            shared,
            [(s.letter, s.score) for s in sides if s.score is not None],
            "De samenwerkingsladder met de plaats van elke kant",
        )
        if shared
        else None,
        "attention": attention,
        "strengths": strengths,
        "divided": [(s, d) for s in sides for d in s.dimensions if d.spread and d.spread.divided],
        "blind_spots": [(s, d) for s in sides for d in s.blind_spots],
        "appendix": [_appendix_bank(bank, answers, team) for bank in banks],
    }


def _level(bank: Bank, level_id: str | None) -> LevelView | None:
    level = bank.level_by_id(level_id)
    if level is None:
        return None
    i = bank.levels.index(level)
    return LevelView(level.id, level.name, i, level_colours(len(bank.levels))[i])


def _spread(obj: Any, team: bool) -> Spread | None:
    if not team:
        return None
    return Spread(obj.n, obj.min, obj.max, obj.sd, obj.divided)


def _value(label: str, score: float | None, spread: Spread | None) -> Bar:
    if spread is None:
        return Bar(label, score)
    return Bar(label, score, spread.low, spread.high)


def _side_view(
    letter: str,
    bank: Bank | None,
    result: AnyResult,
    advice: dict[tuple[str, str], str],
    team: bool,
) -> SideView:
    assert bank is not None
    side = result.sides[letter]  # type: ignore[index]
    dims = []
    for dim in bank.dimensions:
        scored = side.dimensions.get(dim.id)
        dims.append(
            DimensionView(
                id=dim.id,
                title=dim.title,
                description=dim.description,
                score=scored.score if scored else None,
                level=_level(bank, scored.level) if scored else None,
                advice=advice.get((letter, dim.id)),
                answered=getattr(scored, "answered", 0),
                dont_know=getattr(scored, "dont_know", 0),
                questions=getattr(scored, "questions", 0),
                spread=_spread(scored, team) if scored else None,
                partners=getattr(scored, "partners", 0) if bank.per_partner else None,
            )
        )
    blind = {b.dimension for b in result.blind_spots if b.side == letter}
    values = [_value(d.title, d.score, d.spread) for d in dims]
    bands = [Band(lv.name, lv.start) for lv in bank.levels]
    summary = f"Scores van de onderdelen van kant {letter}: " + "; ".join(
        f"{d.title} {format_score(d.score)}" for d in dims
    )
    chart = radar(values, bands, summary) if len(dims) >= 3 else bar_chart(values, bands, summary)
    partners = None
    if bank.per_partner:
        partners = [
            PartnerView(
                name=p.name,
                kind=p.kind,
                score=p.score,
                level=_level(bank, p.level),
                cells=[
                    (
                        (p.dimensions[d.id].score, _level(bank, p.dimensions[d.id].level))
                        if d.id in p.dimensions
                        else (None, None)
                    )
                    for d in bank.dimensions
                ],
                n=getattr(p, "n", None) if team else None,
            )
            for p in getattr(side, "partners", [])
        ]
    return SideView(
        letter=letter,
        bank=bank,
        score=side.score,
        level=_level(bank, side.level),
        spread=_spread(side, team),
        dimensions=dims,
        chart=chart,
        blind_spots=[d for d in dims if d.id in blind],
        partners=partners,
        levels=[lv for lv in (_level(bank, level.id) for level in bank.levels) if lv],
        heat_head=heat_head([d.title for d in dims] + ["Score partner"]) if partners else None,
    )


HEAT_LABEL_LINE = 22
"""Characters on one line of a turned heat-map heading before it is split."""
HEAT_LABEL_CHAR_MM = 1.45
"""A generous width of one character of a turned heading (7 pt semibold; text measures
1.2–1.4 mm a character) in millimetres."""


def heat_head(titles: Sequence[str]) -> HeatHead:
    """Turned headings for the heat map, each broken into one to three balanced lines."""
    labels = [balanced_lines(title, HEAT_LABEL_LINE) for title in titles]
    longest = max((len(line) for lines in labels for line in lines), default=0)
    return HeatHead(labels, max(18.0, round(longest * HEAT_LABEL_CHAR_MM + 4, 1)))


def balanced_lines(text: str, width: int, most: int = 3) -> list[str]:
    """``text`` in as few lines as keep each within ``width`` characters (at most ``most``),
    broken between words so that the longest line is as short as possible."""
    words = text.split()
    best = [" ".join(words)]
    for count in range(2, min(most, len(words)) + 1):
        if max(len(line) for line in best) <= width:
            break
        best = min(
            (
                [" ".join(words[a:b]) for a, b in itertools.pairwise((0, *cuts, len(words)))]
                for cuts in itertools.combinations(range(1, len(words)), count - 1)
            ),
            key=lambda lines: (max(map(len, lines)), sum(len(line) ** 2 for line in lines)),
        )
    return best


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


def _appendix_bank(bank: Bank, answers: Sequence[AnswerFile], team: bool) -> AppendixBank:
    scales = {q.scale for _, q in bank.questions.values() if q.scale}
    width = max((len(bank.scales[s]) for s in scales), default=0)
    legend = [
        (name, " · ".join(f"{v.value} = {v.label}" for v in bank.scales[name]))
        for name in bank.scales
        if name in scales
    ]
    partner_names: list[str] = []
    if bank.per_partner and not team and answers:
        partner_names = [p.name for p in answers[0].partners]
    dims = [
        (dim, [_answer_row(bank, f"{bank.id}.{q.id}", q, answers, team) for q in dim.questions])
        for dim in bank.dimensions
    ]
    return AppendixBank(bank, legend, width, dims, partner_names)


def _given(bank: Bank, answers: AnswerFile, qid: str) -> list[int | str]:
    """Every answer to ``qid`` in one file (one per partner for a per-partner bank)."""
    if bank.per_partner:
        return [p.answers[qid] for p in answers.partners if qid in p.answers]
    return [answers.answers[qid]] if qid in answers.answers else []


def _answer_row(
    bank: Bank, qid: str, question: Question, answers: Sequence[AnswerFile], team: bool
) -> AnswerRow:
    labels = {v.value: v.label for v in bank.scale_of(question)}
    remarks = [a.remarks[qid] for a in answers if a.remarks.get(qid, "").strip()]
    remarks += [
        f"{p.name}: {p.remarks[qid]}"
        for a in answers
        for p in a.partners
        if p.remarks.get(qid, "").strip()
    ]
    if not question.is_scored:
        if bank.per_partner and not team:
            given = [(p.name, p.answers.get(qid)) for a in answers for p in a.partners]
            texts = [f"{name}: {value}" for name, value in given if str(value or "").strip()]
        else:
            texts = [str(v) for a in answers for v in _given(bank, a, qid) if str(v).strip()]
        return AnswerRow(question, True, texts=texts, remarks=remarks)
    if not team:
        one = answers[0] if answers else None
        if bank.per_partner:
            cells = [_short_answer(p.answers.get(qid)) for p in (one.partners if one else [])]
            return AnswerRow(question, False, partner_answers=cells, remarks=remarks)
        value = one.answers.get(qid) if one else None
        return AnswerRow(question, False, answer=_label(value, labels), remarks=remarks)
    tally: Counter[int | str] = Counter(v for a in answers for v in _given(bank, a, qid))
    return AnswerRow(
        question,
        False,
        counts=[tally[v] for v in labels],
        dont_know=tally[WEET_NIET],
        total=sum(tally.values()),
        remarks=remarks,
    )


def _label(value: int | str | None, labels: dict[int, str]) -> str | None:
    if value is None:
        return None
    if value == WEET_NIET:
        return "weet niet"
    return f"{value} · {labels.get(value, value)}" if isinstance(value, int) else str(value)


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
    )
    env.filters["score"] = format_score
    env.filters["percent"] = percent
    return env


def _bytecode_cache() -> Any:
    """Jinja2's cache of compiled templates, or None when no safe cache folder can be made.

    Compiling the report template costs about 0.1 s, as much as laying out two pages. The cache
    lives in Jinja2's per-user folder in the temp folder (mode 0700, checked to be the user's own)
    and is keyed on the template's source, so an edited template is compiled afresh. A cache that
    cannot be read or written costs only the compile time, never the report.
    """
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
        return QuietBytecodeCache(pattern="samenwerkingsscan-%s.cache")
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
    result: AnyResult, banks: BankSet, answers: Sequence[AnswerFile], *, standalone: bool = True
) -> str:
    """The report as HTML. ``standalone``: fonts inlined as ``data:`` URIs (no file references)."""
    context = build_context(result, banks, answers)
    context["stylesheet"] = Markup(_stylesheet(standalone))
    return str(_environment().get_template(TEMPLATE).render(context))


def weasyprint_document(html: str) -> Any:
    """A ``weasyprint.HTML`` of the report that may load only template files and ``data:`` URIs.

    The template writes well-formed XHTML, so the page is parsed with the C XML parser (expat)
    instead of WeasyPrint's pure-Python HTML5 parser, which costs 0.1–0.15 s per report. What is
    not well-formed XML (a template edited by hand, a control character in an answer) goes
    through WeasyPrint's own parser, with the same result.
    """
    import weasyprint

    root = templates_folder()
    base_url = root.as_uri() + "/"
    fetcher = weasyprint_fetcher(root)
    try:
        tree = ElementTree.fromstring(html)
    except ElementTree.ParseError:
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return _parsed_html(tree, base_url, fetcher)


def _parsed_html(tree: ElementTree.Element, base_url: str, fetcher: Any) -> Any:
    """A ``weasyprint.HTML`` built from a parsed tree: what its constructor does after parsing."""
    import cssselect2
    import weasyprint

    document = weasyprint.HTML.__new__(weasyprint.HTML)
    document.base_url = base_url
    document.url_fetcher = fetcher
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


def report_pdf(result: AnyResult, banks: BankSet, answers: Sequence[AnswerFile]) -> bytes:
    """The report as PDF bytes (tagged, with title, author and language ``nl``)."""
    with paused_garbage_collector():
        document = weasyprint_document(report_html(result, banks, answers, standalone=False))
        # full_fonts: the bundled fonts are already small Latin subsets, so embedding them whole
        # skips WeasyPrint's per-document subsetting (slow without the HarfBuzz subsetter).
        pdf = document.write_pdf(pdf_tags=True, full_fonts=True)
    assert pdf is not None
    return bytes(pdf)


def render_pdf(
    result: AnyResult, banks: BankSet, answers: Sequence[AnswerFile], path: Path
) -> None:
    """Write the PDF report to ``path`` atomically (ScanError in Dutch when it cannot)."""
    atomic_write_bytes(path, report_pdf(result, banks, answers))


def render_html(
    result: AnyResult, banks: BankSet, answers: Sequence[AnswerFile], path: Path
) -> None:
    """Write the report as one standalone HTML file to ``path`` atomically."""
    atomic_write_text(path, report_html(result, banks, answers, standalone=True))
