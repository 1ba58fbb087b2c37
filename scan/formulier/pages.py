"""What each page of the web form shows and how a posted form becomes answers.

The order of the questions, what counts as answered and where a colleague resumes come from the
flow of ``scan start`` (:mod:`scan.interview.flow`: ``plan``, ``first_open``, ``numbering``,
``set_answer``, ``set_remark``); answers are checked by the answer model's own rule
(:func:`scan.answers.value_problem`). Pages are addressed by question id (and partner number),
never by position, so a link stays right when a partner is added. No HTTP here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scan.answers import PARTNER_KINDS, AnswerFile, PartnerAnswers, value_problem
from scan.bank import ANSWER_WORDS, NVT, WEET_NIET, BankSet, normalise_text
from scan.interview.flow import (
    PartnerEntry,
    QuestionStep,
    ShortFormOffer,
    Step,
    Value,
    current_answer,
    expected_minutes,
    first_open,
    numbering,
    question_count,
    remark_of,
    set_answer,
    set_remark,
)
from scan.interview.view import SIDE_QUESTIONS

ROLES = ("docent", "mentor", "stagecoördinator", "teamleider", "onderwijsassistent")
"""The roles offered as buttons; ``anders`` lets a colleague type one."""
KIND_LABELS = {
    "mbo": "mbo-school",
    "bedrijf": "bedrijf",
    "instelling": "(zorg)instelling",
    "anders": "anders",
}
MAX_NAME = 80
MAX_REMARK = 1000
MAX_OPEN = 2000
MAX_PARTNERS = 12

DETAILS = "over-u"
PARTNERS = "partners"
DONE = "klaar"
SHORT_FORM = "kort"


class FormError(ValueError):
    """A posted form that cannot be taken as it is; the message is Dutch and shown on the page."""


# --- addresses ------------------------------------------------------------------------------


def step_address(step: Step) -> str:
    """The page of a step, relative to the colleague's link."""
    if isinstance(step, PartnerEntry):
        return PARTNERS
    if isinstance(step, ShortFormOffer):
        return f"{SHORT_FORM}/{step.partner + 1}"
    if step.partner is None:
        return f"vraag/{step.qid}"
    return f"vraag/{step.qid}/partner/{step.partner + 1}"


def find_step(steps: Sequence[Step], qid: str, partner: int | None) -> int | None:
    """Index of the question ``qid`` (for partner number ``partner``, 1-based) in ``steps``."""
    index = None if partner is None else partner - 1
    return next(
        (
            i
            for i, s in enumerate(steps)
            if isinstance(s, QuestionStep) and s.qid == qid and s.partner == index
        ),
        None,
    )


def find_offer(steps: Sequence[Step], partner: int) -> int | None:
    """Index of the short-form offer for partner number ``partner`` (1-based), if planned."""
    return next(
        (
            i
            for i, s in enumerate(steps)
            if isinstance(s, ShortFormOffer) and s.partner == partner - 1
        ),
        None,
    )


def has_partner_bank(banks: BankSet) -> bool:
    return any(b.per_partner for b in banks)


def resume_address(banks: BankSet, steps: Sequence[Step], answers: AnswerFile) -> str:
    """Where a colleague goes on: details, partners, the first unanswered question, or done."""
    if answers.respondent.role is None:
        return DETAILS
    if has_partner_bank(banks) and not answers.partners:
        return PARTNERS
    index = first_open(steps, answers)
    return DONE if index == len(steps) else step_address(steps[index])


def next_address(steps: Sequence[Step], answers: AnswerFile, index: int) -> str:
    """After a question: the first unanswered one from here on (as ``scan start`` moves on)."""
    following = first_open(steps, answers, index)
    return DONE if following == len(steps) else step_address(steps[following])


def previous_address(banks: BankSet, steps: Sequence[Step], index: int) -> str:
    if index > 0:
        return step_address(steps[index - 1])
    return PARTNERS if has_partner_bank(banks) else DETAILS


# --- the introduction ----------------------------------------------------------------------


@dataclass(frozen=True)
class Introduction:
    sides: list[SideLine]
    minutes: int
    per_partner: int | None
    """Minutes per further partner (in the short form where the bank has one), or None."""


@dataclass(frozen=True)
class SideLine:
    side: str
    question: str
    count: str


def introduction(banks: BankSet) -> Introduction:
    """The sides with their question counts and the expected time, as ``scan start`` says."""
    minutes, per_partner = expected_minutes(list(banks))
    sides = [
        SideLine(
            b.side,
            b.key_question or SIDE_QUESTIONS[b.side],
            f"{question_count(b)} vragen" + (" per partner" if b.per_partner else ""),
        )
        for b in banks
    ]
    return Introduction(sides, minutes, per_partner)


# --- details --------------------------------------------------------------------------------


def read_details(form: Mapping[str, str], answers: AnswerFile) -> None:
    """Role (required: a button or typed) and name (optional) into ``answers``."""
    role = clean_line(form.get("rol", ""), "rol")
    if role == "anders":
        role = clean_line(form.get("rol_anders", ""), "rol")
        if not role:
            raise FormError("Typ uw rol bij ‘Anders’, of kies een van de rollen.")
    if not role:
        raise FormError("Kies uw rol.")
    answers.respondent.role = role
    answers.respondent.name = clean_line(form.get("naam", ""), "naam") or None


def role_choice(answers: AnswerFile) -> tuple[str, str]:
    """(the checked button, the typed role) for the details page."""
    role = answers.respondent.role
    if role is None:
        return "", ""
    return (role, "") if role in ROLES else ("anders", role)


def clean_line(text: str, what: str, limit: int = MAX_NAME) -> str:
    line = " ".join(text.split())
    if len(line) > limit:
        raise FormError(f"De {what} is te lang (hoogstens {limit} tekens).")
    return line


# --- partners -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerLine:
    number: int
    name: str
    kind: str
    removable: bool


def partner_lines(answers: AnswerFile) -> list[PartnerLine]:
    return [
        PartnerLine(i + 1, p.name, KIND_LABELS[p.kind], not p.answers)
        for i, p in enumerate(answers.partners)
    ]


def offered_partners(known: Sequence[PartnerAnswers], answers: AnswerFile) -> list[PartnerLine]:
    """The partners colleagues named that this colleague has not chosen yet."""
    chosen = {normalise_text(p.name) for p in answers.partners}
    return [
        PartnerLine(0, p.name, KIND_LABELS[p.kind], False)
        for p in known
        if normalise_text(p.name) not in chosen
    ]


def read_partners(
    form: Mapping[str, str],
    picked: Sequence[str],
    known: Sequence[PartnerAnswers],
    answers: AnswerFile,
) -> None:
    """Remove, pick and add partners as posted (a picked name takes its kind from the team)."""
    remove = form.get("verwijder", "")
    if remove.isdigit():
        index = int(remove) - 1
        if 0 <= index < len(answers.partners) and not answers.partners[index].answers:
            del answers.partners[index]
        return
    by_name = {normalise_text(p.name): p for p in known}
    for name in picked:
        partner = by_name.get(normalise_text(name))
        if partner is not None:
            _add_partner(answers, partner.name, partner.kind)
    name = clean_line(form.get("naam", ""), "naam van de partner")
    kind = form.get("soort", "")
    if name:
        if kind not in PARTNER_KINDS:
            raise FormError(f"Kies wat voor partner {name} is.")
        _add_partner(answers, name, kind)


def _add_partner(answers: AnswerFile, name: str, kind: str) -> None:
    if any(normalise_text(p.name) == normalise_text(name) for p in answers.partners):
        return
    if len(answers.partners) >= MAX_PARTNERS:
        raise FormError(f"Noem hoogstens {MAX_PARTNERS} partners.")
    answers.partners.append(PartnerAnswers(name=name, kind=kind))  # type: ignore[arg-type]


# --- the short form -------------------------------------------------------------------------


@dataclass(frozen=True)
class ShortFormPage:
    partner: str
    short: int
    full: int


def short_form_page(steps: Sequence[Step], index: int, answers: AnswerFile) -> ShortFormPage:
    step = steps[index]
    assert isinstance(step, ShortFormOffer)
    partner = answers.partners[step.partner]
    short = sum(q.applies_to(partner.kind, True) for _, q in step.bank.questions.values())
    return ShortFormPage(partner.name, short, question_count(step.bank))


def choose_short_form(step: ShortFormOffer, answers: AnswerFile) -> None:
    answers.partners[step.partner].short = True


# --- a question -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    number: str
    checked: bool


@dataclass
class QuestionPage:
    side: str
    bank_title: str
    dimension: str
    number: int
    total: int
    text: str
    help: str | None
    open: bool
    choices: list[Choice]
    text_answer: str
    remark: str
    partner: str | None = None
    partner_number: str = ""
    intro: str | None = None
    errors: list[str] = field(default_factory=list)


def question_page(
    steps: Sequence[Step], index: int, answers: AnswerFile, typed: Mapping[str, str] | None = None
) -> QuestionPage:
    """The page of ``steps[index]``; ``typed`` (a refused form) is shown back as it was."""
    step = steps[index]
    assert isinstance(step, QuestionStep)
    numbers, total = numbering(steps)
    current = current_answer(answers, step)
    chosen = typed.get("antwoord") if typed is not None else _as_field(current)
    scale = step.bank.scale_of(step.question)
    choices = [Choice(str(v.value), v.label, str(v.value), chosen == str(v.value)) for v in scale]
    if step.question.is_scale:
        extra = (WEET_NIET, NVT) if step.question.allows_nvt else (WEET_NIET,)
        choices += [Choice(word, ANSWER_WORDS[word], "", chosen == word) for word in extra]
    partner = answers.partners[step.partner] if step.partner is not None else None
    return QuestionPage(
        side=step.bank.side,
        bank_title=step.bank.title,
        dimension=step.dimension.title,
        number=numbers[index],
        total=total,
        text=step.question.text,
        help=step.question.help,
        open=not step.question.is_scale,
        choices=choices,
        text_answer=(chosen or "") if not step.question.is_scale else "",
        remark=typed.get("opmerking", "") if typed is not None else remark_of(answers, step),
        partner=partner.name if partner else None,
        partner_number=(
            f"partner {step.partner + 1} van {len(answers.partners)}"
            if step.partner is not None
            else ""
        ),
        intro=_intro(steps, index),
    )


def _as_field(value: Value | None) -> str | None:
    return None if value is None else str(value)


def _intro(steps: Sequence[Step], index: int) -> str | None:
    """The bank's introduction, on its first question (as ``scan start`` shows it)."""
    step = steps[index]
    previous = steps[index - 1] if index else None
    if previous is not None and previous.bank.id == step.bank.id:
        return None
    if step.bank.intro:
        return step.bank.intro.strip()
    return "U beantwoordt deze vragen voor elke partner apart." if step.bank.per_partner else None


def read_question(
    form: Mapping[str, str], step: QuestionStep, answers: AnswerFile, moving_on: bool
) -> str | None:
    """The posted answer and remark into ``answers``.

    Returns why the colleague cannot move on yet (no answer chosen; the remark is stored all the
    same), or None. Raises FormError for what cannot be stored at all.
    """
    remark = form.get("opmerking", "")
    if len(remark) > MAX_REMARK:
        raise FormError(f"De opmerking is te lang (hoogstens {MAX_REMARK} tekens).")
    if remark.strip() != remark_of(answers, step):
        set_remark(answers, step, remark)
    value = read_value(step, form.get("antwoord"))
    if value is not None:
        set_answer(answers, step, value)
    elif moving_on and current_answer(answers, step) is None:
        return "Kies een antwoord (of ‘Weet niet’)."
    return None


def read_value(step: QuestionStep, raw: str | None) -> Value | None:
    """A posted answer as the answer file stores it; None when nothing was chosen."""
    question = step.question
    if not question.is_scale:
        if raw is None:
            return None
        if len(raw) > MAX_OPEN:
            raise FormError(f"Het antwoord is te lang (hoogstens {MAX_OPEN} tekens).")
        return " ".join(raw.split())
    if raw is None or raw == "":
        return None
    value: Value = raw
    with contextlib.suppress(ValueError):
        value = int(raw)
    if value_problem(step.bank, question, value) is not None:
        raise FormError("Kies een van de antwoorden.")
    return value
