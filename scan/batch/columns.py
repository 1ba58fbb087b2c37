"""What the columns and cells of an export mean (docs/analisten.md), worked out once per file.

A header names an identity column (``respondent``, ``school`` …), a question by its full id
(``regio.honkvast``) or by its text, or whatever a ``--koppeling`` file maps it to. For every
answer column a lookup table from the cell text to the answer value is built up front, so that
reading a row is a dictionary lookup per filled cell; unusual spellings go through a slower
normalising path whose findings are cached in the same table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scan.answers import PARTNER_KINDS, Value, parse_partner_kind, value_problem
from scan.bank import NVT, NVT_WORDS, WEET_NIET, Bank, BankSet, Question, normalise_text
from scan.batch.sources import Layout, recognise
from scan.errors import Problem, ScanError, problems_from_validation, suggest
from scan.io.documents import Document, load_document
from scan.io.exports import column_letter

IDENTITY_COLUMNS = ("respondent", "school", "team", "rol", "partner", "partner_soort")
"""Identity columns in template order; only ``respondent`` is required."""

DONT_KNOW_WORDS = ("weet niet", "weet_niet", "weet ik niet", "don't know")
NOT_APPLICABLE_WORDS = (*NVT_WORDS, "n/a")
"""Cells that mean 'niet van toepassing' (survey tools' "N/A" too): ``nvt`` where the question
allows it, else 'weet niet' (the respondent could not answer it)."""

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]0*)?$")
_CACHE_LIMIT = 512


class CellError(ValueError):
    """A cell whose text is not a valid answer; the message is Dutch and names the value."""


# --- koppeling ---


class _KoppelingModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    kolommen: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, int | str | dict[str, int | str]] = Field(default_factory=dict)
    negeren: list[str] = Field(default_factory=list)
    sleutel: str | None = None


@dataclass(frozen=True)
class Koppeling:
    """A mapping of a survey tool's own headers and answer labels (``--koppeling``).

    Keys are stored normalised (case and whitespace); ``scale_labels`` is per scale name.
    """

    columns: dict[str, str] = field(default_factory=dict)
    labels: dict[str, Value] = field(default_factory=dict)
    scale_labels: dict[str, dict[str, Value]] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    key: str | None = None
    """The header of the column that joins a partner form to the main form."""
    warnings: tuple[Problem, ...] = ()


def load_koppeling(path: Path, banks: BankSet) -> Koppeling:
    """Read and check a koppeling file (YAML or JSON); every problem located by line."""
    doc = load_document(path)
    try:
        model = _KoppelingModel.model_validate(doc.data)
    except ValidationError as exc:
        keys = ("kolommen", "labels", "negeren")
        raise ScanError(problems_from_validation(exc, doc.name, doc.line, keys)) from None
    problems: list[Problem] = []
    targets = [*IDENTITY_COLUMNS, *(qid for b in banks for qid in b.questions)]
    columns: dict[str, str] = {}
    for header, target in model.kolommen.items():
        name = _identity_name(target) or target.strip().casefold()
        if name not in targets:
            problems.append(
                doc.problem(
                    f"onbekend doel {target!r}; geef een vraag-id of een identiteitskolom"
                    f"{suggest(target, targets)}",
                    ("kolommen", header),
                )
            )
        columns[normalise_text(header)] = name
    scales = {name for b in banks for name in b.scales}
    labels: dict[str, Value] = {}
    scale_labels: dict[str, dict[str, Value]] = {}
    for key, value in model.labels.items():
        if isinstance(value, dict):
            if key not in scales:
                problems.append(
                    doc.problem(f"onbekende schaal {key!r}{suggest(key, scales)}", ("labels", key))
                )
                continue
            scale_labels[key] = {}
            for label, each in value.items():
                checked = _label_value(each, doc, ("labels", key, label), problems)
                if checked is not None:
                    scale_labels[key][normalise_text(label)] = checked
                    _check_on_scale(banks, key, checked, doc, ("labels", key, label), problems)
        else:
            checked = _label_value(value, doc, ("labels", key), problems)
            if checked is not None:
                labels[normalise_text(key)] = checked
    if problems:
        raise ScanError(problems)
    ignore = frozenset(normalise_text(h) for h in model.negeren)
    warnings = _contradicting_labels(banks, labels, scale_labels, doc)
    join = normalise_text(model.sleutel) if model.sleutel else None
    return Koppeling(columns, labels, scale_labels, ignore, join, tuple(warnings))


def _contradicting_labels(
    banks: BankSet,
    labels: dict[str, Value],
    scale_labels: dict[str, dict[str, Value]],
    doc: Document,
) -> list[Problem]:
    """One warning per label of the koppeling that is a label of a scale too, with another
    value, naming every such scale."""
    found: dict[tuple[str, Value], list[str]] = {}
    for bank in banks:
        for scale, options in bank.scales.items():
            mapped = {**labels, **scale_labels.get(scale, {})}
            for option in options:
                value = mapped.get(normalise_text(option.label))
                if value is not None and value != option.value:
                    found.setdefault((option.label, value), []).append(
                        f"op schaal '{scale}' van '{bank.id}' {option.value}"
                    )
    return [
        doc.problem(
            f"label {label!r} is in de koppeling {_shown(value)}, maar {' en '.join(where)}; "
            "de koppeling wint",
            ("labels",),
        )
        for (label, value), where in found.items()
    ]


def _shown(value: Value) -> str:
    return "'weet niet'" if value == WEET_NIET else str(value)


def _label_value(
    value: int | str, doc: Document, loc: tuple[str, ...], problems: list[Problem]
) -> Value | None:
    if isinstance(value, int):
        return value
    if normalise_text(value) in DONT_KNOW_WORDS:
        return WEET_NIET
    problems.append(doc.problem(f"verwacht een waarde (getal) of 'weet niet', niet {value!r}", loc))
    return None


def _check_on_scale(
    banks: BankSet,
    scale: str,
    value: Value,
    doc: Document,
    loc: tuple[str, ...],
    problems: list[Problem],
) -> None:
    if value == WEET_NIET:
        return
    for bank in banks:
        values = {v.value for v in bank.scales.get(scale, [])}
        if values and value not in values:
            span = ", ".join(str(v) for v in sorted(values))
            problems.append(
                doc.problem(
                    f"waarde {value} staat niet op schaal '{scale}' van '{bank.id}' ({span})", loc
                )
            )
            return


# --- columns ---


@dataclass
class AnswerColumn:
    """One answer column: which question, and a growing table from cell text to value."""

    index: int
    header: str
    qid: str
    bank: Bank
    question: Question
    table: dict[str, Value]
    normal: dict[str, Value]
    off_scale: dict[str, str]

    @property
    def where(self) -> str:
        """``kolom D 'regio.honkvast'``, for messages."""
        return column_name(self.index, self.header)

    def resolve(self, cell: str) -> Value:
        """The value of a cell missing from the fast table; caches what it finds."""
        key = normalise_text(cell)
        value = self.normal.get(key)
        if value is None and _NUMBER.match(key):
            number = int(key.replace(",", ".").split(".")[0])
            problem = value_problem(self.bank, self.question, number)
            if problem:
                raise CellError(problem)
            value = number
        if value is None:
            if key in self.off_scale:
                raise CellError(self.off_scale[key])
            labels = [v.label for v in self.bank.scale_of(self.question)]
            hint = suggest(cell.strip(), labels)
            values = ", ".join(str(v.value) for v in self.bank.scale_of(self.question))
            raise CellError(
                f"onbekend antwoord {cell!r}{hint}; geef een waarde ({values}), "
                "een label van de schaal of 'weet niet'"
            )
        if len(self.table) < _CACHE_LIMIT:
            self.table[cell] = value
        return value


_new = tuple.__new__


class Accepted(NamedTuple):
    """A row as :meth:`ColumnPlan.accept` found it."""

    row: list[str]
    partners: list[tuple[str, str, PartnerSlot]]
    problems: list[tuple[str, str | None]]


@dataclass
class PartnerSlot:
    """One partner's columns: one for the template, one per repeated section of a form."""

    name: int | None
    kind: int | None
    answers: list[AnswerColumn] = field(default_factory=list)

    @cached_property
    def cells(self) -> Callable[[list[str]], tuple[str, ...]]:
        """The cells of this partner's answer columns from a row."""
        return cells_at([c.index for c in self.answers])


@dataclass
class ColumnPlan:
    """The meaning of every column of one export file, worked out once per file."""

    file: str
    width: int
    layout: Layout
    identity: dict[str, int]
    """``school``, ``team``, ``rol`` → their column."""
    answers: list[AnswerColumn]
    slots: list[PartnerSlot]
    blank: list[int]
    key: int | None
    """The respondent id column (None: the row number is the id)."""
    header: list[str]
    loose: list[str] = field(default_factory=list)
    """``kolom E 'Op welke school werkt u?' → school``: what was matched loosely."""
    skipped: list[str] = field(default_factory=list)
    """Columns of a survey tool's export that match nothing (and are left out)."""
    banks: list[tuple[int, ...]] = field(default_factory=list)
    """The answer columns of every once-only bank (for the unfinished check)."""
    join: int | None = None
    """The column that joins a partner form to the main form (e-mail or name)."""

    kinds: dict[str, str] = field(default_factory=dict)
    """Partner-kind cells → their kind (a bounded memo)."""

    other: dict[str, int] = field(default_factory=dict)
    """``rol`` (school, team) → the column with the text typed after choosing "Anders"."""

    def identity_cell(self, row: list[str], name: str) -> str:
        """The school, team or rol of a row; for "Anders" (or nothing) chosen in a list, the
        text typed in the question's "other" column."""
        index = self.identity.get(name)
        value = row[index].strip() if index is not None and index < len(row) else ""
        other = self.other.get(name)
        if other is not None and normalise_text(value) in _OTHER_CHOICES | {""}:
            typed = row[other].strip() if other < len(row) else ""
            return typed or value
        return value

    def accept(self, row: list[str]) -> Accepted:
        """The one rule for accepting a row, used by the fast and the checking path alike:
        the row at the header's width, its partners (name, kind, slot) and what is wrong with
        it (message, column). A row with problems is never scored as it is."""
        problems: list[tuple[str, str | None]] = []
        width = self.width
        if len(row) != width:
            if any(cell.strip() for cell in row[width:]):
                problems.append(
                    (f"de rij heeft meer cellen ({len(row)}) dan er kolommen zijn ({width})", None)
                )
            row = row[:width] + [""] * (width - len(row))
        for index in self.blank:
            if row[index].strip():
                problems.append(
                    (f"waarde {row[index]!r} in een kolom zonder kop", self.where(index))
                )
        partners: list[tuple[str, str, PartnerSlot]] = []
        for slot in self.slots:
            name = row[slot.name].strip() if slot.name is not None else ""
            if not name:
                if any(map(str.strip, slot.cells(row))):
                    filled = next(c for c in slot.answers if row[c.index].strip())
                    problems.append(
                        (
                            "antwoorden op partnervragen zonder partner; vul de naam van de "
                            f"partner in ({self.where(slot.name) or 'kolom partner'})",
                            filled.where,
                        )
                    )
                continue
            cell = row[slot.kind] if slot.kind is not None else ""
            kind = self.kinds.get(cell)
            if kind is None:
                try:
                    kind = partner_kind(cell)
                except CellError as exc:
                    problems.append((str(exc), self.where(slot.kind)))
                    kind = "anders"
                else:
                    if len(self.kinds) < _CACHE_LIMIT:
                        self.kinds[cell] = kind
            partners.append((name, kind, slot))
        return _new(Accepted, (row, partners, problems))  # the class call is 3x slower

    @property
    def partner_answers(self) -> list[AnswerColumn]:
        return [c for slot in self.slots for c in slot.answers]

    def where(self, index: int | None) -> str | None:
        return None if index is None else column_name(index, self.header[index])

    def unfinished(self, rows: list[list[str]]) -> bool:
        """The rows of a respondent did not finish the scan: the tool marks them so, or a
        once-only bank got no answer at all (the respondent stopped before it)."""
        width = self.width
        rows = [row if len(row) >= width else row + [""] * (width - len(row)) for row in rows]
        if len(rows) == 1:
            return self.unfinished_row(rows[0])
        marked = self.layout.unfinished
        if marked is not None and any(map(marked, rows)):
            return True
        take, spans = self._bank_cells
        cells = [take(row) for row in rows]
        return not all("".join("".join(each[span]) for each in cells).strip() for span in spans)

    def unfinished_row(self, row: list[str]) -> bool:
        """:meth:`unfinished` of a respondent's only row (at the header's width). It runs for
        every row of the fast path, so it is one lookup and a few calls in C: per bank its
        cells joined, stripped, and empty or not."""
        marked = self.layout.unfinished
        if marked is not None and marked(row):
            return True
        if all(map(str.strip, self._first_cells(row))):
            return False  # every bank has its first question answered: the usual row
        take, spans = self._bank_cells
        cells = take(row)
        return not all(map(str.strip, map("".join, map(cells.__getitem__, spans))))

    @cached_property
    def _bank_cells(self) -> tuple[Callable[[list[str]], tuple[str, ...]], list[slice]]:
        """The cells of every once-only bank's columns (one tuple), and each bank's span."""
        spans: list[slice] = []
        for columns in self.banks:
            start = spans[-1].stop if spans else 0
            spans.append(slice(start, start + len(columns)))
        return cells_at([i for columns in self.banks for i in columns]), spans

    @cached_property
    def _first_cells(self) -> Callable[[list[str]], tuple[str, ...]]:
        """The cell of every once-only bank's first column."""
        return cells_at([columns[0] for columns in self.banks])


def cells_at(indexes: Sequence[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """Takes the cells at ``indexes`` from a row, as a tuple."""
    if len(indexes) > 1:
        return itemgetter(*indexes)
    if indexes:
        index = indexes[0]
        return lambda row: (row[index],)
    return lambda row: ()


def column_name(index: int, header: str) -> str:
    return f"kolom {column_letter(index)} {header!r}"


_PARTNER_TARGETS = ("partner", "partner_soort")


def plan_columns(
    header: list[str],
    banks: BankSet,
    file: str,
    koppeling: Koppeling | None = None,
    layout: Layout | None = None,
) -> ColumnPlan:
    """Map every header to its meaning; ScanError listing every unknown or doubled column.

    A question is found by its id, its text, or loosely (see :func:`loose_text`); a header
    that a partner question or partner column already had starts the next partner section.
    """
    koppeling = koppeling or Koppeling()
    layout = layout or recognise(header, [], "sjabloon")
    header = layout.header
    matcher = Matcher(banks, koppeling)
    problems: list[Problem] = []
    identity: dict[str, int] = {}
    answers: list[AnswerColumn] = []
    slots: list[PartnerSlot] = []
    blank: list[int] = []
    seen: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    loose: list[str] = []
    for index, raw in enumerate(header):
        text = raw.strip()
        key = normalise_text(text)
        if not key:
            blank.append(index)
            continue
        if key in koppeling.ignore or (index in layout.metadata and key not in koppeling.columns):
            continue
        found = matcher.target(text)
        if found is None and is_follow_up(text):
            continue
        if found is None:
            unknown.append((index, text))
            continue
        target, how = found
        if how:
            loose.append(f"{column_name(index, text)} → {how}")
        if target == _AMBIGUOUS:
            problems.append(
                Problem(
                    "deze vraagtekst staat in meer vragenlijsten; gebruik de vraag-id als kop",
                    file,
                    1,
                    column_name(index, text),
                )
            )
            continue
        bank = matcher.ids.get(target)
        if target in _PARTNER_TARGETS or (bank is not None and bank.per_partner):
            number = seen.get(f"{target}#", 0)
            seen[f"{target}#"] = number + 1
            while len(slots) <= number:
                slots.append(PartnerSlot(None, None))
            slot = slots[number]
            if target == "partner":
                slot.name = index
            elif target == "partner_soort":
                slot.kind = index
            else:
                assert bank is not None
                _, question = bank.questions[target]
                if question.is_scale:
                    slot.answers.append(
                        _answer_column(index, text, target, bank, question, koppeling)
                    )
            continue
        if target in seen:
            problems.append(
                Problem(
                    f"staat al in {column_name(seen[target], header[seen[target]].strip())}"
                    f" (beide: {target})",
                    file,
                    1,
                    column_name(index, text),
                )
            )
            continue
        seen[target] = index
        if target in IDENTITY_COLUMNS:
            identity[target] = index
            continue
        assert bank is not None
        _, question = bank.questions[target]
        if question.is_scale:  # open questions are not scored; their text is not needed
            answers.append(_answer_column(index, text, target, bank, question, koppeling))
    other = _other_columns(unknown, header, identity)
    unknown = [(i, t) for i, t in unknown if i not in other.values()]
    skipped: list[str] = []
    if unknown and layout.per_file:  # a tool's export: report, score the rest
        skipped = [column_name(i, t) for i, t in unknown]
    elif unknown:
        problems += [
            Problem(
                f"onbekende kolom{matcher.closest(normalise_text(t))}", file, 1, column_name(i, t)
            )
            for i, t in unknown
        ]
        problems.append(
            Problem(
                "koppel onbekende kolommen aan een vraag met --koppeling (kolommen:) "
                "of sla ze over (negeren:)",
                file,
            )
        )
    respondent = identity.pop("respondent", layout.key)
    if respondent is None and not layout.per_file:
        problems.insert(
            0,
            Problem(
                "verplichte kolom 'respondent' ontbreekt (de id die de rijen van één "
                "respondent samenhoudt)",
                file,
                1,
            ),
        )
    for number, slot in enumerate(slots, 1):
        if slot.answers and slot.name is None:
            section = f" (partnersectie {number})" if len(slots) > 1 else ""
            problems.insert(
                0,
                Problem(
                    f"kolom 'partner' ontbreekt{section}; die is nodig bij de vragen die per "
                    "partner worden beantwoord",
                    file,
                    1,
                ),
            )
    if not answers and not any(s.answers for s in slots) and layout.per_file:
        problems.append(
            Problem(
                "geen enkele kolom is als vraag herkend; maak een koppeling met "
                "'scan koppeling' en geef die met --koppeling",
                file,
                1,
            )
        )
    if problems:
        raise ScanError(problems)
    join = layout.email if layout.email is not None else layout.name
    if koppeling.key is not None:
        join = next(
            (
                i
                for i, names in enumerate(zip(header, layout.ids or header, strict=False))
                if koppeling.key in map(normalise_text, names)
            ),
            None,
        )
    by_bank: dict[str, list[int]] = {}
    for column in answers:
        by_bank.setdefault(column.bank.id, []).append(column.index)
    return ColumnPlan(
        file,
        len(header),
        layout,
        identity,
        answers,
        [s for s in slots if s.name is not None or s.answers],
        blank,
        respondent,
        header,
        loose,
        skipped,
        [tuple(columns) for columns in by_bank.values()],
        join=join,
        other=other,
    )


_OTHER_CHOICES = frozenset(("anders", "other", "overig", "anders, namelijk", "anders namelijk"))
"""What a list question holds when the respondent typed their own answer elsewhere."""
_OTHER_PART = re.compile(
    r"^(?P<base>.*?)\s*(?:\[(?P<bracket>[^\]]*)\]|\s-\s(?P<dash>.*))$", re.IGNORECASE
)
_OTHER_WORDS = frozenset(("anders", "other", "overig", "namelijk", "specify", "text", "tekst"))


def _other_columns(
    unknown: list[tuple[int, str]], header: list[str], identity: dict[str, int]
) -> dict[str, int]:
    """Identity questions' "other" columns among the unknown ones: ``Wat is uw rol? [Anders]``
    (LimeSurvey), ``Wat is uw rol? - Anders - Text`` (Qualtrics), ``ROL[other]``, and the
    column right after the question headed ``Other (please specify)`` (SurveyMonkey)."""
    found: dict[str, int] = {}
    for name, column in identity.items():
        base = normalise_text(header[column])
        for index, text in unknown:
            match = _OTHER_PART.match(text)
            part = match and (match.group("bracket") or match.group("dash") or "")
            words = set(_NOT_WORD.sub(" ", (part or "").casefold()).split())
            if match and normalise_text(match.group("base")) == base and words & _OTHER_WORDS:
                found[name] = index
                break
    return found


_AMBIGUOUS = "?"
_NUMBERING = re.compile(r"^\s*(?:[a-z]*\d+[a-z0-9_]*)\s*[.):]\s+", re.IGNORECASE)
_GRID = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$")
_NOT_WORD = re.compile(r"[^\w]+")
_SUFFIX = re.compile(r"^(.*?\D)\s?(\d{1,2})$")


def loose_text(text: str) -> str:
    """A question text with the differences people and tools make taken out: numbering
    ("5. ", "Q5. ", "G01Q01. "), punctuation, case and spacing."""
    text = _NUMBERING.sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def header_variants(text: str) -> list[str]:
    """The parts of a header that may be a question text: the whole, the row of a grid
    (``Titel [vraag]``), the part after a matrix title (``Titel - vraag``)."""
    variants = [text]
    grid = _GRID.match(text)
    if grid:
        variants.append(grid.group(2))
    if " - " in text:
        variants.append(text.rsplit(" - ", 1)[1])
    return variants


_IDENTITY_STOP = frozenset(
    [
        "op",
        "welke",
        "welk",
        "werkt",
        "werk",
        "je",
        "jij",
        "jouw",
        "u",
        "uw",
        "in",
        "wat",
        "is",
        "de",
        "het",
        "van",
        "een",
        "voor",
        "deze",
        "bij",
        "bent",
        "naam",
        "noem",
        "vul",
        "hier",
        "geef",
        "your",
        "what",
        "which",
        "is",
        "the",
        "of",
        "do",
        "you",
        "work",
        "at",
        "name",
        "in",
    ]
)
_IDENTITY_WORDS = {
    "school": "school",
    "schoolnaam": "school",
    "team": "team",
    "teamnaam": "team",
    "afdeling": "team",
    "sectie": "team",
    "rol": "rol",
    "functie": "rol",
    "role": "rol",
    "partner": "partner",
    "partnernaam": "partner",
    "samenwerkingspartner": "partner",
    "partnersoort": "partner_soort",
}
_KIND_WORDS = frozenset(("soort", "type", "organisatie", "sort", "kind"))


IDENTITY_TITLES = {
    "school": "Op welke school werkt u?",
    "team": "In welk team werkt u?",
    "rol": "Wat is uw rol?",
    "partner": "Naam van de partner",
    "partner_soort": "Wat voor organisatie is deze partner?",
}
"""The identity questions as the scan's form definitions title them (``scan sjabloon
--bron``); they match exactly, without a warning."""
FOLLOW_UP = "Wilt u nog een partner beoordelen?"
"""The branching question between partner sections; its column is not an answer."""
_TITLES = {normalise_text(title): name for name, title in IDENTITY_TITLES.items()}


def is_follow_up(text: str) -> bool:
    """Whether a header is the branching question between partner sections ("Wilt u nog een
    partner beoordelen?", also copied: "…?2"), whose column is left out without a warning."""
    words = set(_NOT_WORD.sub(" ", text.casefold()).split())
    return "partner" in words and bool(words & {"nog", "andere", "volgende", "another"})


def identity_phrase(text: str) -> str | None:
    """The identity column a question names as people title them: "Op welke school werkt
    u?" → school, "In welk team werkt u?" → team, "Wat is uw rol?" / "Functie" → rol,
    "Naam van de partner" → partner, "Wat voor organisatie is deze partner?" → partner_soort.
    """
    words = set(_NOT_WORD.sub(" ", text.casefold()).split()) - _IDENTITY_STOP
    found = {_IDENTITY_WORDS[w] for w in words if w in _IDENTITY_WORDS}
    rest = words - set(_IDENTITY_WORDS)
    if "partner" in found and (rest & _KIND_WORDS or "partner_soort" in found):
        return "partner_soort" if rest <= _KIND_WORDS else None
    if len(found) == 1 and not rest:
        return found.pop()
    return None


class Matcher:
    """Finds what a header means: koppeling, identity column, question id or text (exact,
    then loosely)."""

    def __init__(self, banks: BankSet, koppeling: Koppeling) -> None:
        self.koppeling = koppeling
        self.ids = {qid: bank for bank in banks for qid in bank.questions}
        self.texts: dict[str, str] = {}
        self.loose: dict[str, str] = {}
        for bank in banks:
            for qid, (_, question) in bank.questions.items():
                for table, key in (
                    (self.texts, normalise_text(question.text)),
                    (self.loose, loose_text(question.text)),
                ):
                    table[key] = _AMBIGUOUS if key in table else qid

    def target(self, text: str) -> tuple[str, str] | None:
        """(target, how it was matched loosely, "" when exactly), or None."""
        found = self._exact(text) or self._part(text)
        if found is not None:
            return found, ""
        found = self._loose(text)
        if found is not None:
            return found, found
        suffix = _SUFFIX.match(text)  # Forms numbers a copied question: "…partner?2"
        if suffix and int(suffix.group(2)) >= 2:
            base = suffix.group(1).strip()
            exact = self._exact(base) or self._part(base)
            found = exact or self._loose(base)
            if found is not None and (found in _PARTNER_TARGETS or self._per_partner(found)):
                return found, "" if exact else f"{found} (kopie {suffix.group(2)})"
        return None

    def _per_partner(self, target: str) -> bool:
        bank = self.ids.get(target)
        return bank is not None and bank.per_partner

    def _exact(self, text: str) -> str | None:
        key = normalise_text(text)
        return (
            self.koppeling.columns.get(key)
            or _identity_name(text)
            or _TITLES.get(key)
            or (key if key in self.ids else None)
            or self.texts.get(key)
        )

    def _part(self, text: str) -> str | None:
        """A grid or matrix header whose question part is exactly a question's text."""
        for variant in header_variants(text)[1:]:
            found = self.texts.get(normalise_text(variant))
            if found is not None:
                return found
        return None

    def _loose(self, text: str) -> str | None:
        for variant in header_variants(text):
            found = self.loose.get(loose_text(variant))
            if found is not None:
                return found
        return identity_phrase(text)

    def closest(self, key: str) -> str:
        """`` (bedoelt u 'regio.honkvast'?)``: the nearest question id, by id or by text."""
        return suggest(key, self.ids, {t: q for t, q in self.texts.items() if q != _AMBIGUOUS})


def _identity_name(text: str) -> str | None:
    name = re.sub(r"[\s-]+", "_", text.strip().casefold())
    return name if name in IDENTITY_COLUMNS else None


def _answer_column(
    index: int, header: str, qid: str, bank: Bank, question: Question, koppeling: Koppeling
) -> AnswerColumn:
    scale = bank.scale_of(question)
    on_scale = {v.value for v in scale}
    span = ", ".join(str(v) for v in sorted(on_scale))
    not_applicable = NVT if question.allows_nvt else WEET_NIET
    normal: dict[str, Value] = dict.fromkeys(DONT_KNOW_WORDS, WEET_NIET)
    normal |= dict.fromkeys(NOT_APPLICABLE_WORDS, not_applicable)
    for option in scale:
        normal[normalise_text(option.label)] = option.value
        normal[str(option.value)] = option.value
    off_scale: dict[str, str] = {}
    for label, value in koppeling.labels.items():  # the koppeling wins over the bank's labels
        if value == WEET_NIET or value in on_scale:
            normal[label] = value
        elif label not in normal:
            off_scale[label] = (
                f"label {label!r} is in de koppeling waarde {value}, "
                f"maar die staat niet op de schaal ({span})"
            )
    normal.update(koppeling.scale_labels.get(question.scale or "", {}))
    table: dict[str, Value] = dict(normal)
    for option in scale:  # labels as the bank spells them, unless the koppeling says otherwise
        table[option.label] = normal.get(normalise_text(option.label), option.value)
    table["Weet niet"] = table["Weet ik niet"] = WEET_NIET
    table["Niet van toepassing"] = table["N/A"] = not_applicable
    return AnswerColumn(index, header, qid, bank, question, table, normal, off_scale)


def partner_kind(cell: str) -> str:
    """The partner kind of a ``partner_soort`` cell as people write it (empty → ``anders``);
    CellError for a cell that names no kind."""
    if not cell.strip():
        return "anders"
    kind = parse_partner_kind(cell)
    if kind is None:
        raise CellError(
            f"onbekende partnersoort {cell!r}{suggest(cell.strip(), PARTNER_KINDS)}; kies uit "
            f"{', '.join(PARTNER_KINDS)} "
            "(of schrijf het zoals 'mbo-school', 'ROC', 'bedrijf', 'zorginstelling')"
        )
    return kind


def template_columns(banks: BankSet) -> list[str]:
    """The headers of ``scan sjabloon``: identity columns, then every question id in order."""
    return [*IDENTITY_COLUMNS, *(qid for bank in banks for qid in bank.questions)]
