"""Dutch for the help screens and usage errors of Typer's (vendored) click.

Click has no Dutch catalogue and writes most of these texts as plain f-strings, so we translate
its output at the few places where it is written: the help formatter and the usage-error display.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO, Any

_PATH = "(?i:file|directory|dir|path)"
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"^Usage: ", "Gebruik: "),
        (r"\bUsage: ", "Gebruik: "),
        (r"Show this message and exit\.", "Toon deze hulp en stop."),
        (r"\[OPTIONS\]", "[OPTIES]"),
        (r"COMMAND \[ARGS\]\.\.\.", "COMMANDO [ARGUMENTEN]..."),
        (r"\[required\]", "[verplicht]"),
        (r"\[default: ([^\]]*)\]", r"[standaard: \1]"),
        (r"Missing argument '([^']*)'\.", r"Argument '\1' ontbreekt."),
        (r"Missing option '([^']*)'\.", r"Optie '\1' ontbreekt."),
        (r"Missing command\.", "Geef een commando op."),
        (r"No such option: (\S+)", r"Onbekende optie: \1"),
        (r"No such command '([^']*)'\.", r"Onbekend commando '\1'."),
        (r"Did you mean (.*)\?", r"Bedoelt u \1?"),
        (r"\(Possible options: ([^)]*)\)", r"(mogelijke opties: \1)"),
        (r"Option '([^']*)' requires an argument\.", r"Optie '\1' heeft een waarde nodig."),
        (r"Option '([^']*)' does not take a value\.", r"Optie '\1' krijgt geen waarde."),
        (r"Got unexpected extra arguments? \(([^)]*)\)", r"Onverwacht extra argument (\1)"),
        (r"Invalid value for ([^:]*): ", r"Ongeldige waarde voor \1: "),
        (r"Invalid value: ", "Ongeldige waarde: "),
        (rf"{_PATH} '([^']*)' does not exist\.", r"'\1' bestaat niet."),
        (rf"{_PATH} '([^']*)' is a directory\.", r"'\1' is een map."),
        (rf"{_PATH} '([^']*)' is a file\.", r"'\1' is een bestand, geen map."),
        (rf"{_PATH} '([^']*)' is not readable\.", r"'\1' is niet leesbaar."),
        (rf"{_PATH} '([^']*)' is not writable\.", r"'\1' is niet schrijfbaar."),
        (r"<list\[Path\]>", "<paden>"),
        (r"<list\[str\]>", "<teksten>"),
        (r"<Path>", "<pad>"),
        (r"<(int|float) ?(range)?>", "<getal>"),
        (r"<(str|text)>", "<tekst>"),
        (r"'([^']*)' is not a valid integer( range)?\.", r"'\1' is geen geheel getal."),
        (r"'([^']*)' is not a valid float( range)?\.", r"'\1' is geen getal."),
        (r"'([^']*)' is not (.*)\.", r"'\1' is niet \2."),
    ]
]
_ONE_OF = re.compile(r"'([^']*)' is not one of (.*)\.")
_HEADINGS = {
    "Options": "Opties",
    "Arguments": "Argumenten",
    "Commands": "Commando's",
    "Error": "Fout",
    "Aborted!": "Afgebroken.",
    "Aborted.": "Afgebroken.",
    "required": "verplicht",
    "default: {default}": "standaard: {default}",
    "[default: {}]": "[standaard: {}]",
    "[required]": "[verplicht]",
    "Missing command.": "Geef een commando op.",
    "No such command {name!r}.": "Onbekend commando {name!r}.",
}


def translate(text: str) -> str:
    """Dutch for click's English phrases; unknown text passes unchanged."""
    text = _ONE_OF.sub(lambda m: f"'{m[1]}' is niet een van {m[2].replace(' or ', ' of ')}.", text)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    return text


def _heading(message: str) -> str:
    return _HEADINGS.get(message, message)


def install() -> None:
    """Patch Typer's click so that help screens and usage errors are Dutch."""
    try:
        from typer import core
        from typer._click import exceptions, formatting
        from typer._click.utils import echo
    except ImportError:  # another Typer layout: stay English rather than break
        return
    core._ = _heading
    original_getvalue: Callable[[Any], str] = formatting.HelpFormatter.getvalue
    setattr(formatting.HelpFormatter, "getvalue", lambda self: translate(original_getvalue(self)))  # noqa: B010

    def show_usage_error(self: Any, file: IO[Any] | None = None) -> None:
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            hint = f"Zie '{self.ctx.command_path} {self.ctx.help_option_names[0]}' voor hulp.\n"
        if self.ctx is not None:
            echo(f"{translate(self.ctx.get_usage())}\n{hint}", file=file, err=file is None)
        echo(f"Fout: {translate(self.format_message())}", file=file, err=file is None)

    def show_error(self: Any, file: IO[Any] | None = None) -> None:
        echo(f"Fout: {translate(self.format_message())}", file=file, err=file is None)

    setattr(exceptions.UsageError, "show", show_usage_error)  # noqa: B010
    setattr(exceptions.ClickException, "show", show_error)  # noqa: B010
