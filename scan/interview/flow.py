"""The questionnaire of ``scan start``: a state machine over the banks and one answer file.

The answer file is the only state. A question absent from it has not been asked, so resuming means
starting at the first absent question, in the order A, B (every question for the first partner,
then the next partner), C. Input and output are injected — ``ask(prompt) -> str`` reads one line,
``show(renderable)`` prints — so the flow runs the same in a terminal, with piped input and in
tests. The file is saved (atomically) after every answer, remark and partner through ``save``;
an interrupt therefore loses at most the answer being typed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from scan.answers import (
    PARTNER_KINDS,
    AnswerFile,
    PartnerAnswers,
    PartnerKind,
    Respondent,
    Value,
    load_answers,
    new_answers,
    parse_partner_kind,
    save_answers,
)
from scan.bank import (
    NVT,
    NVT_WORDS,
    SIDES,
    WEET_NIET,
    Bank,
    BankSet,
    Dimension,
    Question,
    Side,
    normalise_text,
)
from scan.errors import Problem, ScanError, suggest
from scan.interview import view
from scan.io.documents import load_document
from scan.io.locking import FileLock, Fingerprint, changed_since
from scan.util.names import slug
from scan.util.signals import signals_held

Ask = Callable[[str], str]
Show = Callable[[Any], None]
Save = Callable[[AnswerFile], None]


class OptionError(ValueError):
    """A malformed command-line value (a usage error); the message is Dutch."""


class Outcome(Enum):
    FINISHED = "klaar"
    STOPPED = "gestopt"


# --- options -------------------------------------------------------------------------------


def parse_partner(text: str) -> PartnerAnswers:
    """``"ROC Midden:mbo"`` → a partner without answers (the last colon separates the kind)."""
    name, colon, kind = text.rpartition(":")
    name, written = name.strip(), kind.strip()
    if not colon or not name:
        raise OptionError(
            f"--partner {text!r}: geef naam en soort als NAAM:SOORT, "
            'bijvoorbeeld --partner "ROC Midden:mbo"'
        )
    parsed = parse_partner_kind(written)
    if parsed is None:
        raise OptionError(
            f"--partner {text!r}: onbekende soort {written!r}{suggest(written, PARTNER_KINDS)}; "
            f"kies uit {view.choices(PARTNER_KINDS)}"
        )
    return PartnerAnswers(name=name, kind=parsed)


def parse_partners(texts: Sequence[str]) -> tuple[PartnerAnswers, ...]:
    partners = tuple(parse_partner(t) for t in texts)
    seen: set[str] = set()
    for partner in partners:
        if normalise_text(partner.name) in seen:
            raise OptionError(f"--partner: partner {partner.name!r} staat er twee keer")
        seen.add(normalise_text(partner.name))
    return partners


def parse_sides(text: str) -> tuple[Side, ...]:
    """``"a, C"`` → ``("A", "C")``: in side order, without duplicates."""
    letters = {part.strip().upper() for part in text.split(",") if part.strip()}
    unknown = sorted(letters - set(SIDES))
    if unknown or not letters:
        raise OptionError(
            f"--kanten {text!r}: geef een of meer van A, B en C, gescheiden door komma's "
            "(bijvoorbeeld --kanten A,C)"
        )
    return tuple(s for s in SIDES if s in letters)


def check_output_path(path: Path) -> None:
    if path.suffix.lower() not in {".yaml", ".yml", ".json"}:
        raise OptionError(
            f"--uit {str(path)!r}: het antwoordbestand moet eindigen op .yaml of .json"
        )


def default_path(name: str | None, folder: Path) -> Path:
    """``antwoorden-jan-jansen.yaml`` in ``folder`` (``antwoorden.yaml`` without a usable name)."""
    part = slug(name or "")
    return folder / (f"antwoorden-{part}.yaml" if part else "antwoorden.yaml")


def personal_path(name: str, folder: Path) -> Path:
    """The answer file of this person: the first of ``antwoorden-<naam>.yaml``, ``…-2.yaml``,
    ``…-3.yaml`` that does not exist yet or already holds this name. Two people whose names
    make the same file name ("Jan Jansen", "Jan Jänsen") therefore never share a file."""
    base = default_path(name, folder)
    for number in itertools.count(1):
        path = base if number == 1 else base.with_name(f"{base.stem}-{number}{base.suffix}")
        if not path.exists():
            return path
        stored = stored_name(path)
        if stored is None or normalise_text(stored) == normalise_text(name):
            return path
    raise AssertionError("unreachable")


def stored_name(path: Path) -> str | None:
    """The respondent's name in an answer file (ScanError when the file cannot be read)."""
    respondent = load_document(path).data.get("respondent")
    name = respondent.get("naam") if isinstance(respondent, dict) else None
    return name if isinstance(name, str) and name.strip() else None


# --- details and the session ---------------------------------------------------------------


@dataclass(frozen=True)
class Detail:
    field: str
    option: str
    prompt: str
    required: bool = False
    default: str | None = None


DETAILS = (
    Detail("name", "--naam", "Uw naam: ", required=True),
    Detail("role", "--rol", "Uw rol [teamleider]: ", default="teamleider"),
    Detail("school", "--school", "Naam van de school: ", required=True),
    Detail("team", "--team", "Team of afdeling (Enter = overslaan): "),
)


def ask_detail(detail: Detail, ask: Ask, show: Show) -> str | None:
    while True:
        reply = " ".join(ask(detail.prompt).split())
        if reply or not detail.required:
            return reply or detail.default
        show(view.note("Vul dit in, a.u.b."))


@dataclass(frozen=True)
class StartRequest:
    """What ``scan start`` was asked to do: its checked options."""

    respondent: Respondent
    partners: tuple[PartnerAnswers, ...] = ()
    sides: tuple[Side, ...] | None = None
    path: Path | None = None
    folder: Path = Path()
    """Where the default answer file goes (the current folder)."""


@dataclass
class Session:
    path: Path
    answers: AnswerFile
    sides: tuple[Side, ...]
    resumed: bool
    seen: Fingerprint | None = None
    """The answer file as it was read (None: it did not exist), to notice outside changes."""


def open_session(
    banks: BankSet, request: StartRequest, ask: Ask, show: Show, today: dt.date | None = None
) -> Session:
    """Find or create the answer file, asking the details that the options left open.

    An existing file is resumed, never overwritten; its stored respondent wins, and options that
    contradict it are an error (so two people never mix their answers in one file).
    """
    missing = [s for s in request.sides or () if banks.by_side(s) is None]
    if missing:
        raise ScanError(
            Problem(
                f"--kanten: kant {view.choices(missing)} staat niet in deze vragenlijsten",
                str(banks.folder),
            )
        )
    respondent = request.respondent.model_copy()
    chosen = [b for b in banks if b.side in (request.sides or SIDES)]
    path = request.path
    welcomed = False
    if path is None and respondent.name is None:
        show(welcome(chosen))
        show(view.details_intro())
        welcomed = True
        respondent.name = ask_detail(DETAILS[0], ask, show)
    if path is None:
        assert respondent.name is not None
        path = personal_path(respondent.name, request.folder)
    if path.exists():
        seen = Fingerprint.of(path)
        answers, warnings = load_answers(path, banks)
        for warning in warnings:
            show(view.note(f"let op: {warning}"))
        _merge_options(path, answers, respondent, request.partners)
        sides = request.sides or _stored_sides(banks, answers)
        _record_versions(banks, answers, sides)
        return Session(path, answers, sides, resumed=True, seen=seen)
    if not path.absolute().parent.is_dir():
        raise ScanError(Problem("de map van het antwoordbestand bestaat niet", str(path)))
    missing_details = [d for d in DETAILS if getattr(respondent, d.field) is None]
    if not welcomed:
        show(welcome(chosen))
        if missing_details:
            show(view.details_intro())
    for detail in missing_details:
        setattr(respondent, detail.field, ask_detail(detail, ask, show))
    sides = request.sides or tuple(b.side for b in banks)
    answers = new_answers(_subset(banks, sides), respondent, today)
    answers.partners = [p.model_copy(deep=True) for p in request.partners]
    return Session(path, answers, sides, resumed=False)


def _merge_options(
    path: Path,
    answers: AnswerFile,
    respondent: Respondent,
    partners: Sequence[PartnerAnswers],
) -> None:
    """Fill empty stored details from the options (or the name typed at the prompt); refuse
    those that contradict the file, so nobody continues someone else's answers."""
    problems: list[Problem] = []
    stored = answers.respondent
    for detail in DETAILS:
        given = getattr(respondent, detail.field)
        have = getattr(stored, detail.field)
        if given is None:
            continue
        if have is None:
            setattr(stored, detail.field, given)
        elif normalise_text(have) != normalise_text(given):
            alias = Respondent.model_fields[detail.field].alias or detail.field
            problems.append(
                Problem(
                    f"dit antwoordbestand hoort bij {have!r}, niet bij {given!r} "
                    f"({detail.option}); laat {detail.option} weg om verder te gaan, "
                    "of kies met --uit een ander bestand",
                    str(path),
                    field=f"respondent.{alias}",
                )
            )
    if partners:
        if not answers.partners:
            answers.partners = [p.model_copy(deep=True) for p in partners]
        elif _partner_keys(answers.partners) != _partner_keys(partners):
            names = ", ".join(p.name for p in answers.partners)
            problems.append(
                Problem(
                    f"dit antwoordbestand heeft al de partners {names}; laat --partner weg om "
                    "verder te gaan, of kies met --uit een ander bestand",
                    str(path),
                    field="partners",
                )
            )
    if problems:
        raise ScanError(problems)


def _partner_keys(partners: Sequence[PartnerAnswers]) -> set[tuple[str, str]]:
    return {(normalise_text(p.name), p.kind) for p in partners}


def _stored_sides(banks: BankSet, answers: AnswerFile) -> tuple[Side, ...]:
    """The sides chosen when the file was started: those whose bank version it records."""
    sides = tuple(b.side for b in banks if b.id in answers.versions)
    return sides or tuple(b.side for b in banks)


def _record_versions(banks: BankSet, answers: AnswerFile, sides: Sequence[Side]) -> None:
    for bank in _subset(banks, sides):
        answers.versions.setdefault(bank.id, bank.version)


def _subset(banks: BankSet, sides: Sequence[Side]) -> BankSet:
    return BankSet(tuple(b for b in banks if b.side in sides), banks.folder)


# --- the steps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionStep:
    bank: Bank
    dimension: Dimension
    question: Question
    qid: str
    partner: int | None = None
    """Index in ``AnswerFile.partners`` for a per-partner bank."""


@dataclass(frozen=True)
class PartnerEntry:
    """Stands in for a per-partner bank while no partner is known: asks for the partners."""

    bank: Bank


@dataclass(frozen=True)
class ShortFormOffer:
    """Before the questions of a second, third... partner: offers the bank's short form."""

    bank: Bank
    partner: int


Step = QuestionStep | PartnerEntry | ShortFormOffer


def plan(
    banks: BankSet, sides: Sequence[Side], answers: AnswerFile, decided: Set[int] = frozenset()
) -> list[Step]:
    """Every step in order: A, then B for each partner in turn, then C (only ``sides``).

    A partner is asked the questions for its kind (``soorten``), and in the short form only
    the ``kort`` ones. Before the questions of a further partner that has no answers yet, the
    short form is offered (when the bank has one) unless the partner's form is ``decided``.
    """
    steps: list[Step] = []
    for bank in banks:
        if bank.side not in sides:
            continue
        if bank.per_partner and not answers.partners:
            steps.append(PartnerEntry(bank))
            continue
        if not bank.per_partner:
            steps += [QuestionStep(bank, d, q, qid) for qid, (d, q) in bank.questions.items()]
            continue
        for index, partner in enumerate(answers.partners):
            if index and _offers_short_form(bank, partner) and index not in decided:
                steps.append(ShortFormOffer(bank, index))
            steps += [
                QuestionStep(bank, d, q, qid, index)
                for qid, (d, q) in bank.questions.items()
                if q.applies_to(partner.kind, partner.short)
            ]
    return steps


def _offers_short_form(bank: Bank, partner: PartnerAnswers) -> bool:
    """A short form exists, and the partner is not in it and has answered nothing yet."""
    has_short = any(q.short for _, q in bank.questions.values())
    answered = any(qid in bank.questions for qid in partner.answers)
    return has_short and not partner.short and not answered


def _most_asked(bank: Bank, cost: Callable[[Question], int], short: bool = False) -> int:
    """The summed ``cost`` of the questions of a bank; per partner the most that any kind is
    asked (in the short form only the ``kort`` questions)."""
    if not bank.per_partner:
        return sum(cost(q) for _, q in bank.questions.values())
    return max(
        sum(cost(q) for _, q in bank.questions.values() if q.applies_to(kind, short))
        for kind in PARTNER_KINDS
    )


def question_count(bank: Bank, short: bool = False) -> int:
    """How many questions a bank asks (per partner: of the kind that is asked most)."""
    return _most_asked(bank, lambda q: 1, short)


SECONDS_PER_QUESTION = {"schaal": 20, "open": 45}
"""About how long one question takes (reading, thinking, typing), for the expected time."""


def expected_minutes(banks: Sequence[Bank]) -> tuple[int, int | None]:
    """(minutes for these banks with one partner, minutes per further partner — in the short
    form where the bank has one — or None without a per-partner bank), rounded up."""

    def seconds(q: Question) -> int:
        return SECONDS_PER_QUESTION[q.type]

    total = sum(_most_asked(b, seconds) for b in banks)
    partner_banks = [b for b in banks if b.per_partner]
    if not partner_banks:
        return _minutes(total), None
    further = sum(
        _most_asked(b, seconds, any(q.short for _, q in b.questions.values()))
        for b in partner_banks
    )
    return _minutes(total), _minutes(further)


def welcome(banks: Sequence[Bank]) -> Any:
    """The introduction with the question counts and the expected time of these banks."""
    return view.welcome(banks, [question_count(b) for b in banks], expected_minutes(banks))


def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


def _store(answers: AnswerFile, step: QuestionStep) -> dict[str, Value]:
    if step.partner is None:
        return answers.answers
    return answers.partners[step.partner].answers


def current_answer(answers: AnswerFile, step: QuestionStep) -> Value | None:
    return _store(answers, step).get(step.qid)


def set_answer(answers: AnswerFile, step: QuestionStep, value: Value) -> None:
    _store(answers, step)[step.qid] = value


def is_done(answers: AnswerFile, step: Step) -> bool:
    if isinstance(step, PartnerEntry):
        return bool(answers.partners)
    if isinstance(step, ShortFormOffer):
        return False  # it leaves the plan once the form is decided
    return current_answer(answers, step) is not None


def first_open(steps: Sequence[Step], answers: AnswerFile, start: int = 0) -> int:
    """Index of the first step from ``start`` that is not done (``len(steps)`` when none)."""
    return next((i for i in range(start, len(steps)) if not is_done(answers, steps[i])), len(steps))


def numbering(steps: Sequence[Step]) -> tuple[list[int], int]:
    """The question number of every step and the total; a partner entry counts as one partner."""
    numbers: list[int] = []
    count = 0
    for step in steps:
        numbers.append(count + 1)
        if isinstance(step, PartnerEntry):
            count += question_count(step.bank)
        elif isinstance(step, QuestionStep):
            count += 1
    return numbers, count


# --- remarks --------------------------------------------------------------------------------


def remark_of(answers: AnswerFile, step: QuestionStep) -> str:
    """The remark on this question (for a partner question: this partner's own)."""
    return _remarks(answers, step).get(step.qid, "")


def set_remark(answers: AnswerFile, step: QuestionStep, text: str) -> None:
    """Store a remark (one line) or, when empty, remove it."""
    text = " ".join(text.split())
    remarks = _remarks(answers, step)
    if text:
        remarks[step.qid] = text
    else:
        remarks.pop(step.qid, None)


def _remarks(answers: AnswerFile, step: QuestionStep) -> dict[str, str]:
    if step.partner is None:
        return answers.remarks
    return answers.partners[step.partner].remarks


# --- replies --------------------------------------------------------------------------------


class Action(Enum):
    ANSWER = "antwoord"
    KEEP = "houden"
    HELP = "toelichting"
    BACK = "terug"
    REMARK = "opmerking"
    STOP = "stoppen"
    REFUSED = "geweigerd"


@dataclass(frozen=True)
class Reply:
    action: Action
    value: Value | None = None
    message: str = ""


_KEYS = {"?": Action.HELP, "t": Action.BACK, "o": Action.REMARK, "s": Action.STOP}
TYPED_NVT = {"n", *NVT_WORDS}
"""What may be typed for "niet van toepassing" (where the question allows it)."""


def read_reply(text: str, bank: Bank, question: Question, current: Value | None) -> Reply:
    """What a typed line means at this question."""
    typed = text.strip()
    key = typed.lower()
    if key in _KEYS:
        return Reply(_KEYS[key])
    if not typed and current is not None:
        return Reply(Action.KEEP)
    if not question.is_scale:
        return Reply(Action.ANSWER, "" if key == "w" else " ".join(typed.split()))
    if key in {"w", "weet niet", WEET_NIET}:
        return Reply(Action.ANSWER, WEET_NIET)
    values = [v.value for v in bank.scale_of(question)]
    hint = f"Typ {view.choices(values)}, of w voor weet niet."
    if question.allows_nvt:
        if key in TYPED_NVT:
            return Reply(Action.ANSWER, NVT)
        hint = f"Typ {view.choices(values)}, w voor weet niet of n voor niet van toepassing."
    if not typed:
        return Reply(Action.REFUSED, message=hint)
    if key in TYPED_NVT:
        message = f"‘{typed}’: niet van toepassing kan bij deze vraag niet. {hint}"
        return Reply(Action.REFUSED, message=message)
    with contextlib.suppress(ValueError):
        if int(typed) in values:
            return Reply(Action.ANSWER, int(typed))
    return Reply(Action.REFUSED, message=f"‘{typed}’ staat niet op de schaal. {hint}")


# --- the interview --------------------------------------------------------------------------


class Interview:
    """Walks the steps from the first unanswered one, saving after every change."""

    def __init__(self, banks: BankSet, session: Session, ask: Ask, show: Show, save: Save) -> None:
        self.banks = banks
        self.session = session
        self.answers = session.answers
        self.ask = ask
        self.show = show
        self.save = save
        self._place: tuple[str, int | None] | None = None
        """(bank id, partner) of the last step shown, to announce a new side or partner."""
        self.decided: set[int] = set()
        """The partners that chose the full form when the short form was offered."""

    def steps(self) -> list[Step]:
        return plan(self.banks, self.session.sides, self.answers, self.decided)

    def run(self) -> Outcome:
        self.save(self.answers)
        steps = self.steps()
        index = first_open(steps, self.answers)
        numbers, total = numbering(steps)
        if self.session.resumed:
            done = sum(isinstance(s, QuestionStep) for s in steps[:index])
            self.show(view.heading(self.answers.respondent))
            self.show(view.resumed(self.session.path, done, total))
        else:
            self.show(view.saved_in(self.session.path))
        forward = True
        while index < len(steps):
            step = steps[index]
            self._announce(step, forward)
            if isinstance(step, PartnerEntry):
                action = self._enter_partners()
            elif isinstance(step, ShortFormOffer):
                action = self._offer_short_form(step)
            else:
                action = self._ask_question(step, numbers[index], total)
            if action is Action.STOP:
                return Outcome.STOPPED
            steps = self.steps()
            numbers, total = numbering(steps)
            if action is Action.BACK:
                if index == 0:
                    self.show(view.note("Dit is de eerste vraag."))
                index = max(index - 1, 0)
                forward = False
            else:
                index = first_open(steps, self.answers, index)
                forward = True
        return Outcome.FINISHED

    def _announce(self, step: Step, forward: bool) -> None:
        partner = None if isinstance(step, PartnerEntry) else step.partner
        place = (step.bank.id, partner)
        if forward and place != self._place:
            if self._place is None or self._place[0] != step.bank.id:
                self.show(view.side_intro(step.bank))
            if partner is not None:
                count = len(self.answers.partners)
                self.show(view.partner_intro(self.answers.partners[partner], partner + 1, count))
        self._place = place

    def _ask_question(self, step: QuestionStep, number: int, total: int) -> Action:
        current = current_answer(self.answers, step)
        partner = self.answers.partners[step.partner] if step.partner is not None else None
        self.show(
            view.question(
                step.bank, step.dimension.title, step.question, number, total, partner, current
            )
        )
        while True:
            reply = read_reply(
                self.ask(view.answer_prompt(current)), step.bank, step.question, current
            )
            if reply.action is Action.ANSWER:
                assert reply.value is not None
                set_answer(self.answers, step, reply.value)
                self.save(self.answers)
                return Action.ANSWER
            if reply.action in {Action.KEEP, Action.BACK, Action.STOP}:
                return reply.action
            if reply.action is Action.HELP:
                self.show(view.help_text(step.question))
            elif reply.action is Action.REMARK:
                self._remark(step)
            else:
                self.show(view.note(reply.message))

    def _remark(self, step: QuestionStep) -> None:
        existing = remark_of(self.answers, step)
        if existing:
            self.show(view.note(f"Huidige opmerking: {existing}"))
            text = self.ask("Nieuwe opmerking (Enter = zo laten, - = wissen): ").strip()
            if not text:
                return
            text = "" if text == "-" else text
        else:
            text = self.ask("Opmerking bij deze vraag (Enter = geen): ").strip()
            if not text:
                return
        set_remark(self.answers, step, text)
        self.save(self.answers)
        self.show(view.note("Opmerking bewaard." if text else "Opmerking gewist."))

    def _offer_short_form(self, step: ShortFormOffer) -> Action:
        """Full or short form for a further partner; ``t`` and ``s`` work as at a question."""
        partner = self.answers.partners[step.partner]
        full = question_count(step.bank)
        short = sum(q.applies_to(partner.kind, True) for _, q in step.bank.questions.values())
        self.show(view.short_form_offer(partner, short, full))
        while True:
            reply = self.ask(view.short_form_prompt()).strip().lower()
            if reply in _KEYS and _KEYS[reply] in {Action.BACK, Action.STOP}:
                return _KEYS[reply]
            if reply in {"", "k", "kort"}:
                partner.short = True
                self.save(self.answers)
                return Action.ANSWER
            if reply in {"v", "volledig"}:
                self.decided.add(step.partner)
                return Action.ANSWER
            self.show(view.note("Typ k voor de korte vorm of v voor alle vragen."))

    def _enter_partners(self) -> Action:
        """Ask the partners one by one, saving each; ``t`` and ``s`` work as at a question."""
        self.show(view.partners_intro())
        while True:
            first = not self.answers.partners
            prompt = "Naam van de partner: " if first else "Nog een partner? Naam (Enter = klaar): "
            name = " ".join(self.ask(prompt).split())
            if name.lower() in _KEYS and _KEYS[name.lower()] in {Action.BACK, Action.STOP}:
                return _KEYS[name.lower()]
            if not name:
                if not first:
                    return Action.ANSWER
                self.show(view.note("Noem minstens één partner (of typ s om te stoppen)."))
            elif any(normalise_text(p.name) == normalise_text(name) for p in self.answers.partners):
                self.show(view.note(f"{name} staat er al bij."))
            else:
                kind = self._ask_kind()
                self.answers.partners.append(PartnerAnswers(name=name, kind=kind))
                self.save(self.answers)

    def _ask_kind(self) -> PartnerKind:
        while True:
            kind = parse_partner_kind(self.ask(view.kind_prompt()))
            if kind is not None:
                return kind
            self.show(view.note(f"Typ 1, 2, 3 of 4 (of {view.choices(PARTNER_KINDS)})."))


# --- saving without being cut off -----------------------------------------------------------


def shielded_saver(path: Path) -> Save:
    """``save_answers`` to ``path`` with Ctrl-C and hangup held back until the write is done.

    The write is atomic anyway; holding the signals means the answer just given is kept too.
    """

    def save(answers: AnswerFile) -> None:
        with signals_held():
            save_answers(answers, path)

    return save


class SessionSaver:
    """Saves a session's answers while nobody else may: the answer file is locked for the whole
    session, and before every save it is checked for outside changes (an editor, a second scan).

    When it changed, that version is kept as it is and the answers go on in a copy beside it
    (``…-kopie.yaml``, ``…-kopie-2.yaml``); ``show`` tells the user where. ``path`` is always
    the file that holds this session's answers.
    """

    def __init__(self, session: Session, show: Show) -> None:
        self.path = session.path
        self.seen = session.seen
        self.show = show
        self.locks: list[FileLock] = []

    def __enter__(self) -> SessionSaver:
        self._lock(self.path)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the locks (again, when a hangup cut the first try short: it is idempotent)."""
        with signals_held():
            for lock in self.locks:
                lock.release()

    def _lock(self, path: Path) -> None:
        lock = FileLock(path)
        lock.acquire()
        self.locks.append(lock)

    def __call__(self, answers: AnswerFile) -> None:
        if changed_since(self.path, self.seen):
            original = self.path
            self.path = _free_copy(original)
            self._lock(self.path)
            self.show(view.changed_outside(original, self.path))
        with signals_held():
            save_answers(answers, self.path)
        self.seen = Fingerprint.of(self.path)


def _free_copy(path: Path) -> Path:
    """``scan.yaml`` → ``scan-kopie.yaml`` (``-kopie-2`` … when taken)."""
    for number in itertools.count(1):
        suffix = "-kopie" if number == 1 else f"-kopie-{number}"
        copy = path.with_name(f"{path.stem}{suffix}{path.suffix}")
        if not copy.exists():
            return copy
    raise AssertionError("unreachable")
