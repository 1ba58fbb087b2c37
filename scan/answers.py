"""Answer files (one respondent): the model, loading and checking against the banks, saving."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
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

from scan.bank import (
    NVT,
    PARTNER_KINDS,
    WEET_NIET,
    Bank,
    BankSet,
    PartnerKind,
    Question,
    Value,
    normalise_text,
)
from scan.errors import Problem, ScanError, problems_from_validation, suggest
from scan.io.atomic import atomic_write_text
from scan.io.documents import Document, load_document

FORMAT: Final = "samenwerkingsscan/antwoorden-1"
__all__ = ["PARTNER_KINDS", "PartnerKind", "Value"]  # re-exported: answer files hold them

_KIND_WORDS: dict[str, PartnerKind] = {
    **dict.fromkeys(("mbo", "roc", "aoc", "vakschool", "vakcollege", "opleidingencentrum"), "mbo"),
    **dict.fromkeys(
        ("bedrijf", "bedrijven", "bedrijfsleven", "werkgever", "onderneming", "ondernemer"),
        "bedrijf",
    ),
    **dict.fromkeys(
        ("instelling", "zorg", "ziekenhuis", "gemeente", "kinderopvang", "overheid", "stichting"),
        "instelling",
    ),
    **dict.fromkeys(("anders", "overig", "overige", "andere"), "anders"),
}
_WORD = re.compile(r"[^\W\d_]+")


def parse_partner_kind(text: str) -> PartnerKind | None:
    """The partner kind that ``text`` names as people write it, or None when it names none
    (or two): "mbo-school", "ROC", "Bedrijf", "zorginstelling", "Anders, namelijk …", "2" (the
    kind's number in the order mbo, bedrijf, instelling, anders). The one parser of partner
    kinds: the interview, the web form and batch all use it."""
    text = text.strip().casefold()
    if text.isdigit():
        number = int(text)
        return PARTNER_KINDS[number - 1] if 1 <= number <= len(PARTNER_KINDS) else None
    found: set[PartnerKind] = set()
    for word in _WORD.findall(text):
        kind = _KIND_WORDS.get(word)
        if kind is None and word.endswith(("instelling", "instellingen")):
            kind = "instelling"
        if kind is None and word.startswith("mbo"):
            kind = "mbo"
        if kind is not None:
            found.add(kind)
    if len(found) > 1:  # "mbo of bedrijf": ambiguous, unless the rest is just "anders"
        found.discard("anders")
    return found.pop() if len(found) == 1 else None


def _answer(value: Any) -> Value:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"moet een getal, '{WEET_NIET}', '{NVT}' of tekst zijn, niet {value!r}")
    return value


Answer = Annotated[
    Value,
    PlainValidator(_answer),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string"}]}),
]
"""A scale value (int), ``weet_niet``, ``nvt`` (where allowed), or the text of an open question."""


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
    short: bool = Field(False, alias="kort")
    """Answered in the short form (only the bank's ``kort`` questions count)."""
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
        for partner in data["partners"]:
            if not partner["kort"]:
                del partner["kort"]
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
    if (
        isinstance(doc.data, dict)
        and "formaat" not in doc.data
        and {"kant", "onderdelen"} <= set(doc.data)
    ):
        raise ScanError(
            doc.problem(
                "dit is een vragenlijst, geen antwoordbestand; een map met vragenlijsten geeft "
                "u met --vragenlijsten"
            )
        )
    try:
        return AnswerFile.model_validate(doc.data, by_name=False)
    except ValidationError as exc:
        raise ScanError(problems_from_validation(exc, doc.name, doc.line, ANSWER_KEYS)) from None


def load_answers(path: Path, banks: BankSet) -> tuple[AnswerFile, list[Problem]]:
    """Load one answer file and check it against the banks.

    Returns the answers and the warnings (answers given to another bank version; answers that
    do not fit that newer version are left out, named once per bank in a warning);
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
    return _without_outdated(answers, banks), warnings


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
    """(problems, warnings) of these answers against the banks in use.

    An answer to a bank of another version than the file names that does not fit the bank in
    use (its question no longer exists, or its value is no longer allowed) is no problem: the
    answers of each such bank are named in one warning (see :func:`_without_outdated`).
    """
    problems: list[Problem] = []
    outdated: dict[str, dict[str, str]] = {}
    hints = _Hints([qid for b in banks for qid in b.questions])
    changed = _changed_banks(answers, banks)

    def check(qid: str, value: int | str, in_partner: bool, loc: tuple[str | int, ...]) -> None:
        found = _answer_problem(banks, qid, value, in_partner, hints)
        if found is None:
            return
        message, outdated_as = found
        bank_id = qid.partition(".")[0]
        if bank_id in changed and outdated_as:
            outdated.setdefault(bank_id, {}).setdefault(qid, outdated_as)
        else:
            problems.append(doc.problem(message, loc))

    for qid, value in answers.answers.items():
        check(qid, value, False, ("antwoorden", qid))
    seen_partners: set[str] = set()
    for p, partner in enumerate(answers.partners):
        key = normalise_text(partner.name)
        if key in seen_partners:
            problems.append(
                doc.problem(f"partner '{partner.name}' staat er dubbel", ("partners", p))
            )
        seen_partners.add(key)
        for qid, value in partner.answers.items():
            check(qid, value, True, ("partners", p, "antwoorden", qid))
    remarks: list[tuple[tuple[str | int, ...], dict[str, str]]] = [((), answers.remarks)]
    remarks += [(("partners", p), partner.remarks) for p, partner in enumerate(answers.partners)]
    for where, given in remarks:
        for qid in given:
            if banks.question(qid) is None and qid.partition(".")[0] not in changed:
                loc = (*where, "opmerkingen", qid)
                problems.append(doc.problem(f"opmerking bij onbekende vraag{hints(qid)}", loc))
    warnings = [
        doc.problem(
            f"antwoorden gegeven op versie {answers.versions[b.id]!r} van vragenlijst '{b.id}'; "
            f"gescoord met versie {b.version!r}",
            ("vragenlijsten", b.id),
        )
        for b in banks
        if b.id in changed
    ]
    warnings += [
        doc.problem(
            _outdated_message(bank_id, changed[bank_id], reasons), ("vragenlijsten", bank_id)
        )
        for bank_id, reasons in outdated.items()
    ]
    warnings += [
        doc.problem(message, ("partners", p))
        for p, partner in enumerate(answers.partners)
        if (message := _not_asked_message(partner, banks)) is not None
    ]
    return problems, warnings


OUTDATED_SHOWN = 5
"""How many outdated questions a warning names (the rest are counted)."""


def not_asked(qids: Iterable[str], kind: str, short: bool, banks: BankSet) -> list[str]:
    """The questions of ``qids`` a partner of this kind (in the short form when ``short``) is
    not asked (``soorten`` excludes its kind, or outside the short form): they do not count."""
    not_asked = []
    for qid in qids:
        found = banks.question(qid)
        if found is not None and not found[2].applies_to(kind, short):
            not_asked.append(qid)
    return not_asked


def not_asked_message(name: str, kind: str, short: bool, named: list[str]) -> str:
    """The warning for a partner's answers to questions it is not asked (see
    :func:`not_asked`), ``named`` one per answer (its question id, or its column)."""
    counts = "antwoord telt" if len(named) == 1 else "antwoorden tellen"
    form = "de korte vorm (kort: true) of " if short else ""
    return (
        f"partner '{name}': {len(named)} {counts} niet mee, want die vragen horen "
        f"niet bij {form}een partner van soort '{kind}': {_first_named(named)}"
    )


def _not_asked_message(partner: PartnerAnswers, banks: BankSet) -> str | None:
    """The warning naming an answer-file partner's answers to questions it is not asked."""
    qids = not_asked(partner.answers, partner.kind, partner.short, banks)
    return not_asked_message(partner.name, partner.kind, partner.short, qids) if qids else None


def _first_named(items: list[str]) -> str:
    """The first :data:`OUTDATED_SHOWN` items, the rest counted: ``a, b, c en 4 andere``."""
    named = items[:OUTDATED_SHOWN]
    if len(items) > OUTDATED_SHOWN:
        named.append(f"en {len(items) - OUTDATED_SHOWN} andere")
    return ", ".join(named)


def _outdated_message(bank_id: str, version: str, reasons: dict[str, str]) -> str:
    """One warning for the answers to a bank that do not fit its version in use."""
    n = len(reasons)
    named = _first_named([f"{qid} ({reason})" for qid, reason in reasons.items()])
    fits = "antwoord past" if n == 1 else "antwoorden passen"
    counts = "telt" if n == 1 else "tellen"
    return (
        f"{n} {fits} niet bij versie {version!r} van vragenlijst '{bank_id}' en {counts} niet "
        f"mee: {named}"
    )


def _changed_banks(answers: AnswerFile, banks: BankSet) -> dict[str, str]:
    """Bank id → version in use, for the banks the file answered in another version."""
    return {
        b.id: b.version
        for b in banks
        if b.id in answers.versions and answers.versions[b.id] != b.version
    }


class _Hints:
    """:func:`suggest` among the question ids, for the first :data:`HINTS` unknown ids only:
    only the first problems are shown, and difflib for thousands of ids takes seconds."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.left = HINTS

    def __call__(self, word: str) -> str:
        if self.left <= 0:
            return ""
        self.left -= 1
        return suggest(word, self.ids)


HINTS = 50


def _answer_problem(
    banks: BankSet, qid: str, value: int | str, in_partner: bool, hints: _Hints | None
) -> tuple[str, str | None] | None:
    """(message, the reason when another bank version explains it, else None) for an answer
    that does not fit, or None when it does."""
    found = banks.question(qid)
    if found is None:
        hint = hints(qid) if hints else ""
        return f"onbekende vraag{hint}", "vraag bestaat niet meer"
    bank, _, question = found
    if bank.per_partner and not in_partner:
        return "antwoord op een partnervraag hoort onder 'partners'", None
    if in_partner and not bank.per_partner:
        return "deze vraag hoort niet bij een partner; zet hem onder 'antwoorden'", None
    message = value_problem(bank, question, value)
    return None if message is None else (message, message)


def fits(banks: BankSet, qid: str, value: int | str, in_partner: bool) -> bool:
    """Whether an answer fits the banks in use (its question exists, in the right place, and the
    value is allowed)."""
    return _answer_problem(banks, qid, value, in_partner, None) is None


def _without_outdated(answers: AnswerFile, banks: BankSet) -> AnswerFile:
    """The answers without those that do not fit the banks in use (after
    :func:`check_answers`, only answers to a bank of another version can be left out)."""

    def kept(given: dict[str, Answer], in_partner: bool) -> dict[str, Answer]:
        return {q: v for q, v in given.items() if fits(banks, q, v, in_partner)}

    if not _changed_banks(answers, banks):
        return answers
    return answers.model_copy(
        update={
            "answers": kept(answers.answers, False),
            "partners": [
                p.model_copy(
                    update={
                        "answers": kept(p.answers, True),
                        "remarks": {q: r for q, r in p.remarks.items() if banks.question(q)},
                    }
                )
                for p in answers.partners
            ],
            "remarks": {q: r for q, r in answers.remarks.items() if banks.question(q)},
        }
    )


def describe_answer(value: Value, labels: Mapping[int, str]) -> str:
    """An answer as a person reads it: ``3 · Grotendeels`` (the scale's label), ``weet niet``,
    ``niet van toepassing``, or the text of an open question."""
    if value == WEET_NIET:
        return "weet niet"
    if value == NVT:
        return "niet van toepassing"
    if isinstance(value, int):
        label = labels.get(value)
        return f"{value} · {label}" if label else str(value)
    return value


def value_problem(bank: Bank, question: Question, value: int | str) -> str | None:
    """Why ``value`` is not a valid answer to ``question``, or None when it is."""
    if not question.is_scale:
        return None if isinstance(value, str) else "een open vraag krijgt tekst als antwoord"
    if value == WEET_NIET:
        return None
    if value == NVT:
        return (
            None if question.allows_nvt else "'nvt' (niet van toepassing) mag niet bij deze vraag"
        )
    values = [v.value for v in bank.scale_of(question)]
    if isinstance(value, str):
        others = f"{WEET_NIET} of {NVT}" if question.allows_nvt else WEET_NIET
        return f"tekst {value!r} bij een schaalvraag; geef een waarde ({_span(values)}) of {others}"
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
        # the C emitter (when libyaml is there) writes the same text 7x faster than safe_dump:
        # scan formulier saves after every answer of every colleague
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    atomic_write_text(path, text)
