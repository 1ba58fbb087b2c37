"""Dutch help screens and usage errors, through public seams of Typer only.

Typer 0.29 vendors a trimmed click without a message catalogue, so nothing is translated here
by patching: the command classes (``typer.Typer(cls=...)``, ``app.command(cls=...)``) override
the public click methods that write help (``format_help``, ``format_usage``) and that raise the
common usage errors (``parse_args``, ``resolve_command``), and :func:`usage_message` words a
usage error in Dutch from the exception's documented attributes (``param``, ``option_name``,
``possibilities``, ``message``). Where an exception carries no such data (for instance a value
Typer could not convert to a number), Typer's own English wording is shown after ``Fout:``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

OPTIONS = "[OPTIES]"
SUBCOMMAND = "COMMANDO [ARGUMENTEN]..."
HELP_TEXT = "Toon deze hulp en stop."

# Typer's wording of the usage errors whose exception carries no Dutch-able data
_KNOWN = [
    (re.compile(r"Option '([^']*)' requires an argument\."), r"Optie '\1' heeft een waarde nodig."),
    (
        re.compile(r"Option '([^']*)' requires (\d+) arguments\."),
        r"Optie '\1' heeft \2 waarden nodig.",
    ),
    (re.compile(r"Option '([^']*)' does not take a value\."), r"Optie '\1' krijgt geen waarde."),
]

# click's wording of a bad path (``typer.Argument(dir_okay=False)`` and the like)
_PATH = r"(?:[Ff]ile|[Dd]ir(?:ectory)?|[Pp]ath) ('.*')"
_KNOWN_VALUES = [
    (re.compile(_PATH + r" is a directory\."), r"\1 is een map; geef een bestand."),
    (re.compile(_PATH + r" is a file\."), r"\1 is een bestand; geef een map."),
    (re.compile(_PATH + r" does not exist\."), r"\1 bestaat niet."),
    (re.compile(_PATH + r" is not (?:readable|writable)\."), r"\1 mag niet worden gebruikt."),
]


def _dutch(message: str, known: list[tuple[re.Pattern[str], str]]) -> str:
    """``message`` in Dutch when it is one of click's ``known`` wordings, else as it is."""
    for pattern, dutch in known:
        if pattern.fullmatch(message):
            return pattern.sub(dutch, message)
    return message


def or_list(words: Sequence[str]) -> str:
    """``a``, ``a of b``, ``a, b of c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " of " + words[-1]


def _param_hint(param: Any) -> str:
    if param.param_type_name == "option":
        return " / ".join(f"'{o}'" for o in param.opts)
    return f"'{param.metavar or param.name.upper()}'"


def usage_message(error: typer.TyperException) -> str:
    """The Dutch text of a usage error (what follows ``Fout:``)."""
    param = getattr(error, "param", None)
    if hasattr(error, "param_type") and param is not None:  # a missing option or argument
        kind = "Optie" if param.param_type_name == "option" else "Argument"
        return f"{kind} {_param_hint(param)} ontbreekt."
    if hasattr(error, "possibilities"):  # an unknown option
        text = f"Onbekende optie: {getattr(error, 'option_name', '')}"
        possible = sorted(getattr(error, "possibilities", None) or ())
        return f"{text} (bedoelt u {or_list(possible)}?)" if possible else text
    hint = getattr(error, "param_hint", None) or (_param_hint(param) if param else None)
    if hint:  # a bad value: our own messages are Dutch; Typer converts values with pydantic
        hints = hint if isinstance(hint, str) else " / ".join(f"'{h}'" for h in hint)
        return f"Ongeldige waarde voor {hints}: {_value_message(error)}"
    return _dutch(error.message, _KNOWN)


def _value_message(error: typer.TyperException) -> str:
    from pydantic import ValidationError

    from scan.errors import validation_message

    cause = error.__cause__
    if isinstance(cause, ValidationError):
        return validation_message(cause)
    return _dutch(error.message, _KNOWN_VALUES)


def show_usage_error(error: typer.TyperException) -> None:
    """Usage, a pointer to the help and the Dutch error on stderr, as click lays them out."""
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        typer.echo(f"Zie '{ctx.command_path} {ctx.help_option_names[0]}' voor hulp.\n", err=True)
    typer.echo(f"Fout: {usage_message(error)}", err=True)


def write_usage(command: Any, ctx: Any, formatter: Any) -> None:
    """``Gebruik: scan batch [OPTIES] {EXPORT}...``"""
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Gebruik: ")


def help_without_arguments(command: Any, ctx: Any, args: list[str]) -> None:
    """``scan`` alone shows the help on stderr (exit 2, as click does)."""
    if not args and command.no_args_is_help and not ctx.resilient_parsing:
        typer.echo(ctx.get_help(), err=True)
        raise typer.Exit(2)


class DutchCommand(TyperCommand):
    """A command whose help screen and common usage errors are Dutch."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        write_usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        params = self.get_params(ctx)
        for title, kind in (("Argumenten", "argument"), ("Opties", "option")):
            rows = [
                _record(p)
                for p in params
                if p.param_type_name == kind and not getattr(p, "hidden", False)
            ]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
        self.format_epilog(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        help_without_arguments(self, ctx, args)
        allow_extra = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest: list[str] = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allow_extra
        if rest and not allow_extra and not ctx.resilient_parsing:
            word = "argument" if len(rest) == 1 else "argumenten"
            ctx.fail(f"Onverwacht extra {word}: {' '.join(rest)}")
        return rest


class DutchGroup(TyperGroup):
    """The ``scan`` group: Dutch help, commands listed in ``order`` first, Dutch usage errors."""

    order: Sequence[str] = ()

    def list_commands(self, ctx: Any) -> list[str]:
        names: list[str] = super().list_commands(ctx)
        first = [n for n in self.order if n in names]
        return first + [n for n in names if n not in first]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        write_usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        rows = [_record(p) for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
        if rows:
            with formatter.section("Opties"):
                formatter.write_dl(rows)
        commands = [(n, self.get_command(ctx, n)) for n in self.list_commands(ctx)]
        # the whole first sentence, wrapped rather than cut off
        listed = [(n, c.get_short_help_str(limit=200)) for n, c in commands if c and not c.hidden]
        if listed:
            with formatter.section("Commando's"):
                formatter.write_dl(listed)
        self.format_epilog(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        help_without_arguments(self, ctx, args)
        rest: list[str] = super().parse_args(ctx, args)
        return rest

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3)
            hint = f" Bedoelt u {or_list(close)}?" if close else ""
            ctx.fail(f"Onbekend commando '{name}'.{hint}")
        return super().resolve_command(ctx, args)


def _record(param: Any) -> tuple[str, str]:
    """One line of the Opties or Argumenten section: names and metavar, help and extras."""
    if param.name == "help":
        return ", ".join(param.opts), HELP_TEXT
    if param.param_type_name == "argument":
        names = param.metavar or param.name.upper()
    else:
        names = ", ".join([*param.opts, *param.secondary_opts])
        if not param.is_flag and param.metavar:
            names += f" {param.metavar}"
    extras = []
    default = param.default
    if (
        param.param_type_name == "option"
        and not param.is_flag
        and param.show_default is not False
        and default not in (None, "", [], ())
    ):
        extras.append(f"standaard: {default}")
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        extras.append(f"{low} tot en met {high}")
    elif low is not None:
        extras.append(f"minstens {low}")
    elif high is not None:
        extras.append(f"hoogstens {high}")
    if param.required:
        extras.append("verplicht")
    text = param.help or ""
    if extras:
        text = f"{text}  [{'; '.join(extras)}]".strip()
    return names, text


class DutchTyper(typer.Typer):
    """A Typer app whose commands are :class:`DutchCommand` s unless they ask for another class."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Any:
        kwargs.setdefault("options_metavar", OPTIONS)
        return super().command(name, cls=cls or DutchCommand, **kwargs)
