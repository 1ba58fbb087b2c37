"""What the columns and cells of an export mean (design 3.6), worked out once per file.

A header names an identity column (``respondent``, ``school`` …), a question by its full id
(``regio.honkvast``) or by its text, or whatever a ``--koppeling`` file maps it to. For every
answer column a lookup table from the cell text to the answer value is built up front, so that
reading a row is a dictionary lookup per filled cell; unusual spellings go through a slower
normalising path whose findings are cached in the same table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scan.answers import PARTNER_KINDS, Value, value_problem
from scan.bank import NVT, NVT_WORDS, WEET_NIET, Bank, BankSet, Question, normalise_text
from scan.errors import Problem, ScanError, problems_from_validation, suggest
from scan.io.documents import Document, load_document
from scan.io.exports import column_letter

IDENTITY_COLUMNS = ("respondent", "school", "team", "rol", "partner", "partner_soort")
"""Identity columns in template order; only ``respondent`` is required."""

DONT_KNOW_WORDS = ("weet niet", "weet_niet", "weet ik niet")

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


@dataclass(frozen=True)
class Koppeling:
    """A mapping of a survey tool's own headers and answer labels (``--koppeling``).

    Keys are stored normalised (case and whitespace); ``scale_labels`` is per scale name.
    """

    columns: dict[str, str] = field(default_factory=dict)
    labels: dict[str, Value] = field(default_factory=dict)
    scale_labels: dict[str, dict[str, Value]] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()


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
    return Koppeling(columns, labels, scale_labels, ignore)


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


@dataclass
class ColumnPlan:
    """The meaning of every column of one export file."""

    file: str
    width: int
    identity: dict[str, int]
    answers: list[AnswerColumn]
    partner_answers: list[AnswerColumn]
    blank: list[int]

    def identity_cell(self, row: list[str], name: str) -> str:
        index = self.identity.get(name)
        return row[index].strip() if index is not None else ""


def column_name(index: int, header: str) -> str:
    short = header if len(header) <= 50 else header[:49] + "…"
    return f"kolom {column_letter(index)} {short!r}"


def plan_columns(
    header: list[str], banks: BankSet, file: str, koppeling: Koppeling | None = None
) -> ColumnPlan:
    """Map every header to its meaning; ScanError listing every unknown or doubled column."""
    koppeling = koppeling or Koppeling()
    ids = {qid: bank for bank in banks for qid in bank.questions}
    texts: dict[str, str | None] = {}
    for bank in banks:
        for qid, (_, question) in bank.questions.items():
            key = normalise_text(question.text)
            texts[key] = None if key in texts else qid  # None: the same text in two banks
    problems: list[Problem] = []
    identity: dict[str, int] = {}
    answers: list[AnswerColumn] = []
    partner_answers: list[AnswerColumn] = []
    blank: list[int] = []
    seen: dict[str, int] = {}
    unknown: list[Problem] = []
    for index, raw in enumerate(header):
        text = raw.strip()
        key = normalise_text(text)
        if not key:
            blank.append(index)
            continue
        if key in koppeling.ignore:
            continue
        target = koppeling.columns.get(key) or _identity_name(text)
        if target is None and key in ids:
            target = key
        if target is None and key in texts:
            target = texts[key]
            if target is None:
                problems.append(
                    Problem(
                        "deze vraagtekst staat in meer vragenlijsten; gebruik de vraag-id als kop",
                        file,
                        1,
                        column_name(index, text),
                    )
                )
                continue
        if target is None:
            unknown.append(
                Problem(
                    f"onbekende kolom{_closest(key, ids, texts)}", file, 1, column_name(index, text)
                )
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
        bank = ids[target]
        _, question = bank.questions[target]
        if not question.is_scale:
            continue  # open questions are not scored; their text is not needed
        column = _answer_column(index, text, target, bank, question, koppeling)
        (partner_answers if bank.per_partner else answers).append(column)
    if unknown:
        problems += unknown
        problems.append(
            Problem(
                "koppel onbekende kolommen aan een vraag met --koppeling (kolommen:) "
                "of sla ze over (negeren:)",
                file,
            )
        )
    if "respondent" not in identity:
        problems.insert(
            0,
            Problem(
                "verplichte kolom 'respondent' ontbreekt (de id die de rijen van één "
                "respondent samenhoudt)",
                file,
                1,
            ),
        )
    if partner_answers and "partner" not in identity:
        problems.insert(
            0,
            Problem(
                "kolom 'partner' ontbreekt; die is nodig bij de vragen die per partner "
                "worden beantwoord",
                file,
                1,
            ),
        )
    if problems:
        raise ScanError(problems)
    return ColumnPlan(file, len(header), identity, answers, partner_answers, blank)


def _identity_name(text: str) -> str | None:
    name = re.sub(r"[\s-]+", "_", text.strip().casefold())
    return name if name in IDENTITY_COLUMNS else None


def _closest(key: str, ids: dict[str, Bank], texts: dict[str, str | None]) -> str:
    """`` (bedoelt u 'regio.honkvast'?)``: the nearest question id, by id or by text."""
    return suggest(key, ids, {text: qid for text, qid in texts.items() if qid})


def _answer_column(
    index: int, header: str, qid: str, bank: Bank, question: Question, koppeling: Koppeling
) -> AnswerColumn:
    scale = bank.scale_of(question)
    on_scale = {v.value for v in scale}
    span = ", ".join(str(v) for v in sorted(on_scale))
    normal: dict[str, Value] = dict.fromkeys(DONT_KNOW_WORDS, WEET_NIET)
    if question.allows_nvt:
        normal |= dict.fromkeys(NVT_WORDS, NVT)
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
    for option in scale:
        table[option.label] = option.value
    table["Weet niet"] = WEET_NIET
    if question.allows_nvt:
        table["Niet van toepassing"] = NVT
    return AnswerColumn(index, header, qid, bank, question, table, normal, off_scale)


def partner_kind(cell: str) -> str:
    """The partner kind of a ``partner_soort`` cell (empty → ``anders``)."""
    key = normalise_text(cell)
    if not key:
        return "anders"
    if key in PARTNER_KINDS:
        return key
    raise CellError(
        f"onbekende partnersoort {cell!r}{suggest(key, PARTNER_KINDS)}; "
        f"kies uit {', '.join(PARTNER_KINDS)}"
    )


def template_columns(banks: BankSet) -> list[str]:
    """The headers of ``scan sjabloon``: identity columns, then every question id in order."""
    return [*IDENTITY_COLUMNS, *(qid for bank in banks for qid in bank.questions)]
