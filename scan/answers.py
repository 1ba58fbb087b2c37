"""Answer files (one respondent): the model, loading and checking against the banks, saving."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Final, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
)

from scan.bank import WEET_NIET, Bank, BankSet, Question, normalise_text
from scan.errors import Problem, ScanError, problems_from_validation, suggest
from scan.io.atomic import atomic_write_text
from scan.io.documents import Document, load_document

FORMAT: Final = "samenwerkingsscan/antwoorden-1"
PartnerKind = Literal["mbo", "bedrijf", "instelling", "anders"]
PARTNER_KINDS: tuple[PartnerKind, ...] = ("mbo", "bedrijf", "instelling", "anders")


def _answer(value: Any) -> Value:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"moet een getal, '{WEET_NIET}' of tekst zijn, niet {value!r}")
    return value


Value = int | str
"""A scale value (int), ``weet_niet``, or the text of an open question: one answer."""

Answer = Annotated[
    Value,
    PlainValidator(_answer),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string"}]}),
]
"""A :data:`Value` as the answer-file model reads it (no bool, no float)."""


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", strict=True, populate_by_name=True, validate_by_alias=True
    )


class Respondent(_Model):
    name: str | None = Field(None, alias="naam")
    role: str | None = Field(None, alias="rol")
    school: str | None = None
    team: str | None = None


class PartnerAnswers(_Model):
    """The answers to the per-partner bank(s) for one cooperation partner."""

    name: str = Field(alias="naam", min_length=1)
    kind: PartnerKind = Field("anders", alias="soort")
    answers: dict[str, Answer] = Field(default_factory=dict, alias="antwoorden")
    remarks: dict[str, str] = Field(default_factory=dict, alias="opmerkingen")


class AnswerFile(_Model):
    format: Literal["samenwerkingsscan/antwoorden-1"] = Field(FORMAT, alias="formaat")
    respondent: Respondent = Field(default_factory=Respondent)
    date: dt.date | None = Field(None, alias="datum", strict=False)
    versions: dict[str, str] = Field(default_factory=dict, alias="vragenlijsten")
    answers: dict[str, Answer] = Field(default_factory=dict, alias="antwoorden")
    partners: list[PartnerAnswers] = Field(default_factory=list)
    remarks: dict[str, str] = Field(default_factory=dict, alias="opmerkingen")

    def to_data(self) -> dict[str, Any]:
        """The file's content as plain data with the Dutch keys, ready for YAML/JSON."""
        data = self.model_dump(by_alias=True, mode="json", exclude_none=True)
        for holder in (data, *data["partners"]):
            if not holder["opmerkingen"]:
                del holder["opmerkingen"]
        return data


ANSWER_KEYS = {
    f.alias or n
    for m in (AnswerFile, PartnerAnswers, Respondent)
    for n, f in m.model_fields.items()
}


def new_answers(banks: BankSet, respondent: Respondent, today: dt.date | None = None) -> AnswerFile:
    """An empty answer file for these banks, dated today."""
    return AnswerFile(
        respondent=respondent,
        date=today or dt.date.today(),
        versions={b.id: b.version for b in banks},
    )


def parse_answers(doc: Document) -> AnswerFile:
    try:
        return AnswerFile.model_validate(doc.data, by_name=False)
    except ValidationError as exc:
        raise ScanError(problems_from_validation(exc, doc.name, doc.line, ANSWER_KEYS)) from None


def load_answers(path: Path, banks: BankSet) -> tuple[AnswerFile, list[Problem]]:
    """Load one answer file and check it against the banks.

    Returns the answers and the warnings (answers given to another bank version);
    raises ScanError listing every invalid answer.
    """
    doc = load_document(path)
    if doc.data.get("formaat") not in (None, FORMAT):
        raise ScanError(
            doc.problem(
                f"onbekend formaat {doc.data.get('formaat')!r}; verwacht '{FORMAT}'", ("formaat",)
            )
        )
    answers = parse_answers(doc)
    move_partner_remarks(answers, banks)
    problems, warnings = check_answers(answers, banks, doc)
    if problems:
        raise ScanError(problems)
    return answers, warnings


def move_partner_remarks(answers: AnswerFile, banks: BankSet) -> None:
    """Older files kept partner remarks as ``Naam: tekst`` lines in the top-level remark of a
    per-partner question; move each line to its partner (the longest name that fits, so
    "ROC: Midden" is not taken for "ROC"). Lines that fit no partner stay where they are."""
    names = sorted(answers.partners, key=lambda p: len(p.name), reverse=True)
    for qid, text in list(answers.remarks.items()):
        found = banks.question(qid)
        if found is None or not found[0].per_partner:
            continue
        left: list[str] = []
        for line in text.splitlines():
            partner = next((p for p in names if line.startswith(f"{p.name}: ")), None)
            if partner is None:
                left.append(line)
                continue
            remark = line[len(partner.name) + 2 :]
            old = partner.remarks.get(qid)
            partner.remarks[qid] = f"{old}\n{remark}" if old else remark
        if left:
            answers.remarks[qid] = "\n".join(left)
        else:
            del answers.remarks[qid]


def check_answers(
    answers: AnswerFile, banks: BankSet, doc: Document
) -> tuple[list[Problem], list[Problem]]:
    """(problems, warnings) of these answers against the banks in use."""
    problems: list[Problem] = []
    all_ids = [qid for b in banks for qid in b.questions]
    for qid, value in answers.answers.items():
        problems += _check_one(banks, qid, value, False, doc, ("antwoorden", qid), all_ids)
    seen_partners: set[str] = set()
    for p, partner in enumerate(answers.partners):
        key = normalise_text(partner.name)
        if key in seen_partners:
            problems.append(
                doc.problem(f"partner '{partner.name}' staat er dubbel", ("partners", p))
            )
        seen_partners.add(key)
        for qid, value in partner.answers.items():
            loc = ("partners", p, "antwoorden", qid)
            problems += _check_one(banks, qid, value, True, doc, loc, all_ids)
        problems += _unknown_remarks(banks, partner.remarks, doc, ("partners", p), all_ids)
    problems += _unknown_remarks(banks, answers.remarks, doc, (), all_ids)
    warnings = [
        doc.problem(
            f"antwoorden gegeven op versie {answers.versions[b.id]!r} van vragenlijst '{b.id}'; "
            f"gescoord met versie {b.version!r}",
            ("vragenlijsten", b.id),
        )
        for b in banks
        if b.id in answers.versions and answers.versions[b.id] != b.version
    ]
    return problems, warnings


def _unknown_remarks(
    banks: BankSet,
    remarks: dict[str, str],
    doc: Document,
    where: tuple[str | int, ...],
    all_ids: list[str],
) -> list[Problem]:
    return [
        doc.problem(
            f"opmerking bij onbekende vraag{suggest(qid, all_ids)}", (*where, "opmerkingen", qid)
        )
        for qid in remarks
        if banks.question(qid) is None
    ]


def _check_one(
    banks: BankSet,
    qid: str,
    value: int | str,
    in_partner: bool,
    doc: Document,
    loc: tuple[str | int, ...],
    all_ids: list[str],
) -> list[Problem]:
    found = banks.question(qid)
    if found is None:
        return [doc.problem(f"onbekende vraag{suggest(qid, all_ids)}", loc)]
    bank, _, question = found
    if bank.per_partner and not in_partner:
        return [doc.problem("antwoord op een partnervraag hoort onder 'partners'", loc)]
    if in_partner and not bank.per_partner:
        return [
            doc.problem("deze vraag hoort niet bij een partner; zet hem onder 'antwoorden'", loc)
        ]
    message = value_problem(bank, question, value)
    return [doc.problem(message, loc)] if message else []


def value_problem(bank: Bank, question: Question, value: int | str) -> str | None:
    """Why ``value`` is not a valid answer to ``question``, or None when it is."""
    if not question.is_scored:
        return None if isinstance(value, str) else "een open vraag krijgt tekst als antwoord"
    if value == WEET_NIET:
        return None
    values = [v.value for v in bank.scale_of(question)]
    if isinstance(value, str):
        return (
            f"tekst {value!r} bij een schaalvraag; geef een waarde ({_span(values)}) of {WEET_NIET}"
        )
    if value not in values:
        return f"waarde {value} staat niet op de schaal ({_span(values)})"
    return None


def _span(values: list[int]) -> str:
    return ", ".join(str(v) for v in sorted(values))


def save_answers(answers: AnswerFile, path: Path) -> None:
    """Write atomically: a temp file in the same folder, flushed and fsynced, then renamed.

    A crash at any moment leaves either the old or the new file, never a half-written one.
    """
    data = answers.to_data()
    if path.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    atomic_write_text(path, text)
