"""How the questionnaire of ``scan start`` looks and reads in a terminal (Dutch, fits 80 columns).

The flow (``scan.interview.flow``) decides *what* to show; this module turns it into rich
renderables and supplies the terminal's ``ask``/``show``. User text (names, question texts) is
always put in ``Text`` objects, never in markup, so a ``[`` in a school name cannot break the
screen.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from scan.answers import PartnerAnswers, Respondent, describe_answer
from scan.bank import NVT, WEET_NIET, Bank, Question, ScaleValue
from scan.util.text import valid_text

SIDE_QUESTIONS = {
    "A": "Hoe goed kent u de eigen regio?",
    "B": "Hoe goed kent u uw samenwerkingspartners?",
    "C": "Hoe goed past uw team bij (intensieve) samenwerking?",
}
"""The key question of each side, from the seed talk; a bank's own ``kernvraag`` wins."""

KEYS_LINE = "? toelichting · t terug · o opmerking · s opslaan en stoppen"
SCAN = ("scan",)
"""The program in the commands shown; the CLI passes the words that work on this machine."""


class Rule:
    """``── left ─────── right ──`` across the full width; the left part is cut when too long."""

    def __init__(self, left: str, right: str = "") -> None:
        self.left = left
        self.right = right

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        right = f" {self.right} ──" if self.right else ""
        room = width - cell_len(right) - 6
        left = Text(self.left, style="bold")
        if room < 10:
            yield Text.assemble(left, right)
            return
        left.truncate(room, overflow="ellipsis")
        fill = width - 4 - cell_len(left.plain) - cell_len(right)
        yield Text.assemble(("── ", "dim"), left, " ", ("─" * fill, "dim"), right)


def note(message: str) -> Text:
    """A short message between questions (refusals, confirmations)."""
    return Text(message, style="yellow")


def heading(respondent: Respondent) -> RenderableType:
    who = ", ".join(v for v in (respondent.name, respondent.school, respondent.team) if v)
    return Group(Text(""), Rule("Samenwerkingsscan" + (f" · {who}" if who else "")))


def details_intro() -> RenderableType:
    return Group(Text(""), Text("Eerst een paar gegevens over u en uw school."))


def welcome(
    banks: Sequence[Bank], counts: Sequence[int], minutes: tuple[int, int | None]
) -> RenderableType:
    """The three sides in a few lines, the expected time and how to answer: shown before
    anything is asked. ``counts``: the questions of each bank (per partner: the most that a
    kind of partner is asked); ``minutes``: with one partner, and per further partner (or
    None)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_column(justify="right", style="dim")
    for bank, n in zip(banks, counts, strict=True):
        count = f"{n} vragen" + (" per partner" if bank.per_partner else "")
        table.add_row(bank.side, bank.key_question or SIDE_QUESTIONS[bank.side], count)
    total, per_partner = minutes
    duration = f"Duur: ± {total} minuten"
    if per_partner is not None:
        duration += f"; per extra partner ± {per_partner} minuten"
    return Group(
        Text(""),
        Rule("Samenwerkingsscan"),
        Text(
            "De scan bekijkt samenwerking met mbo en werkveld van drie kanten"
            + (":" if len(banks) == 3 else "; u vult nu in:")
        ),
        table,
        Text(duration + "."),
        Text("Typ bij elke vraag het nummer van uw antwoord en druk op Enter.", style="dim"),
    )


def saved_in(path: Path) -> RenderableType:
    return Text(f"Na elke vraag worden uw antwoorden bewaard in {path}.", style="dim")


def changed_outside(original: Path, copy: Path) -> RenderableType:
    return Text(
        f"Let op: {original} is buiten deze scan gewijzigd (door een editor of een andere "
        f"scan). Die versie blijft zoals hij is; uw antwoorden worden vanaf nu bewaard in {copy}.",
        style="bold yellow",
    )


def resumed(path: Path, answered: int, total: int) -> RenderableType:
    return Text(
        f"Verder met {path}: {answered} van {total} vragen zijn al beantwoord.",
        style="green",
    )


def side_intro(bank: Bank) -> RenderableType:
    parts: list[RenderableType] = [Text(""), Rule(f"Kant {bank.side} · {bank.title}")]
    if bank.intro:
        parts.append(Text(bank.intro.strip(), style="dim"))
    elif bank.per_partner:
        parts.append(Text("U beantwoordt deze vragen voor elke partner apart.", style="dim"))
    return Group(*parts)


def partners_intro() -> RenderableType:
    return Group(
        Text(""),
        Text(
            "Met welke partners werkt uw team samen (of wil het samenwerken)? "
            "Noem ze een voor een: een mbo-school, een bedrijf of een (zorg)instelling."
        ),
    )


def kind_prompt() -> str:
    return "Soort partner: 1 mbo, 2 bedrijf, 3 instelling, 4 anders: "


def partner_intro(partner: PartnerAnswers, number: int, count: int) -> RenderableType:
    return Group(
        Text(""),
        Text.assemble(
            (f"Partner {number} van {count}: ", "bold"),
            (partner.name, "bold cyan"),
            f" ({partner.kind}{', korte vorm' if partner.short else ''})",
        ),
    )


def short_form_offer(partner: PartnerAnswers, short: int, full: int) -> RenderableType:
    return Text.assemble(
        "Voor ",
        (partner.name, "bold cyan"),
        f" kunt u de korte vorm invullen: {short} vragen in plaats van {full}.",
    )


def short_form_prompt() -> str:
    return "Korte vorm (k) of alle vragen (v)? [k]: "


def question(
    bank: Bank,
    dimension_title: str,
    item: Question,
    number: int,
    total: int,
    partner: PartnerAnswers | None,
    current: int | str | None,
) -> RenderableType:
    """One question: side and dimension, progress, partner, the text and the scale to type."""
    parts: list[RenderableType] = [
        Text(""),
        Rule(f"Kant {bank.side} · {dimension_title}", f"vraag {number} van {total}"),
    ]
    if partner is not None:
        parts.append(Text.assemble("Partner: ", (partner.name, "bold cyan")))
    parts.append(Text(item.text, style="bold"))
    scale = bank.scale_of(item)
    if scale:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold cyan")
        table.add_column()
        for value in scale:
            table.add_row(str(value.value), value.label)
        table.add_row("w", "Weet niet")
        if item.allows_nvt:
            table.add_row("n", "Niet van toepassing")
        parts.append(Group(Text(""), table))
    else:
        parts.append(Text("Open vraag: typ uw antwoord, of druk op Enter om over te slaan."))
    parts.append(Text(KEYS_LINE, style="dim"))
    if current is not None:
        parts.append(
            Text(f"Huidig antwoord: {describe(current, scale)} (Enter = zo laten)", style="green")
        )
    return Group(*parts)


def describe(value: int | str, scale: Sequence[ScaleValue]) -> str:
    """An answer as the user saw it: ``3 · Grotendeels``, ``weet niet``, ``niet van
    toepassing``, or the quoted text."""
    if isinstance(value, str) and value != WEET_NIET and (value != NVT or not scale):
        return f"“{value}”" if value else "(leeg)"
    return describe_answer(value, {v.value: v.label for v in scale})


def answer_prompt(current: int | str | None) -> str:
    if current is None or current == "":
        return "Uw antwoord: "
    typed = {WEET_NIET: "w", NVT: "n"}.get(str(current), current)
    return f"Uw antwoord [{typed}]: "


def help_text(item: Question) -> RenderableType:
    if not item.help:
        return note("Bij deze vraag is geen toelichting.")
    return Text.assemble(("Toelichting: ", "bold"), item.help.strip())


def choices(values: Iterable[object]) -> str:
    """``1, 2, 3 of 4``."""
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " of " + words[-1]


def command(*words: str | Path) -> str:
    """A shell command line, quoted where needed, for the user to copy."""
    return " ".join(shlex.quote(str(w)) for w in words)


def resume_command(path: Path, banks_folder: Path | None, program: Sequence[str] = SCAN) -> str:
    extra = ("--vragenlijsten", banks_folder) if banks_folder else ()
    return command(*program, "start", "--uit", path, *extra)


def report_command(path: Path, banks_folder: Path | None, program: Sequence[str] = SCAN) -> str:
    extra = ("--vragenlijsten", banks_folder) if banks_folder else ()
    return command(*program, "rapport", path, "-o", "rapport.pdf", *extra)


def stopped(
    path: Path,
    banks_folder: Path | None,
    width: int,
    reason: str = "Gestopt.",
    program: Sequence[str] = SCAN,
) -> Text:
    """Where the answers are and how to go on: one line, or the command on a line of its own
    when the terminal is too narrow (a command broken in two cannot be copied). ``program``
    is how the user starts scan (see :func:`scan.cli.invocation.scan_program`)."""
    command = resume_command(path, banks_folder, program)
    line = f"{reason} Uw antwoorden staan in {path}; verder gaan: {command}"
    if cell_len(line) > width:
        line = f"{reason} Uw antwoorden staan in {path}. Verder gaan:\n  {command}"
    return Text(line)


def show_finished(
    console: Console, path: Path, banks_folder: Path | None, program: Sequence[str] = SCAN
) -> None:
    """Where the answers are and the command that makes the report."""
    console.print(Text(""))
    console.print(Text.assemble(("Uw antwoorden staan in ", "bold"), (str(path), "bold cyan")))
    console.print(Text("Het adviesrapport (PDF) maakt u met:"))
    # soft wrap: rich must not break the command, or pasting it would run half of it
    report = report_command(path, banks_folder, program)
    console.print(Text("  " + report, style="bold"), soft_wrap=True)


class TerminalIO:
    """``ask``/``show`` on a rich console; piped input is echoed so a transcript stays readable."""

    def __init__(self, console: Console, stdin: TextIO | None = None) -> None:
        self.console = console
        self.echo = not (stdin or sys.stdin).isatty()

    def show(self, renderable: RenderableType) -> None:
        self.console.print(renderable)

    def ask(self, prompt: str) -> str:
        reply = valid_text(self.console.input(Text(prompt, style="bold")))
        if self.echo:
            self.console.print(Text(reply), highlight=False)
        return reply
