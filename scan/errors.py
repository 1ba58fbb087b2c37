"""Domain errors: every problem with user input names its file, line and field, in Dutch.

The core raises :class:`ScanError`; only the CLI turns it into a message and an exit code.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from pydantic_core import ErrorDetails

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {text}" if where else text


class ScanError(Exception):
    """Bad input or a domain rule broken; carries one or more problems."""

    def __init__(self, problems: Problem | Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def format_loc(loc: Loc) -> str:
    """``('onderdelen', 2, 'vragen', 0, 'schaal')`` → ``onderdelen[2].vragen[0].schaal``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def suggest(word: str, choices: Iterable[str], aliases: Mapping[str, str] | None = None) -> str:
    """`` (bedoelt u 'x'?)`` for the closest other choice, or nothing. ``aliases`` (other names of
    choices, such as a question's text → its id) are matched too; their choice is suggested. A
    word that is itself a choice (a known key in the wrong place) is said to belong elsewhere."""
    named = {c: c for c in choices} | dict(aliases or {})
    if word in named:
        return " (dit veld hoort op een andere plaats)"
    match = difflib.get_close_matches(word, list(named), n=1, cutoff=0.6)
    return f" (bedoelt u '{named[match[0]]}'?)" if match else ""


_TYPE_MESSAGES = {
    "missing": "verplicht veld ontbreekt",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een verzameling van sleutels en waarden zijn",
    "model_type": "moet een verzameling van sleutels en waarden zijn",
    "model_attributes_type": "moet een verzameling van sleutels en waarden zijn",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_inexact": "moet een datum zijn (JJJJ-MM-DD), zonder tijd",
    "finite_number": "moet een eindig getal zijn",
    "int_parsing_size": "is een te groot getal",
    "string_unicode": "moet geldige tekst zijn",
    "set_type": "moet een lijst zijn",
    "tuple_type": "moet een lijst zijn",
    "none_required": "moet leeg zijn",
    "enum": "ongeldige waarde",
    "union_tag_invalid": "ongeldige soort",
    "union_tag_not_found": "geef de soort op",
    "is_instance_of": "ongeldige waarde",
    "string_sub_type": "moet tekst zijn",
}


def _message(error: ErrorDetails, known_keys: Iterable[str]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind in _TYPE_MESSAGES:
        text = _TYPE_MESSAGES[kind]
        if kind != "missing" and not isinstance(value, dict | list):
            text += f", niet {value!r}"
        return text
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        return f"onbekend veld '{key}'{suggest(key, known_keys)}"
    if kind == "literal_error":
        return f"ongeldige waarde {value!r}: kies uit {ctx.get('expected', '')}".replace(
            " or ", " of "
        )
    if kind == "string_pattern_mismatch":
        return (
            f"ongeldige id {value!r}: gebruik kleine letters, cijfers, '-' en '_', "
            "en begin met een letter"
        )
    if kind in {"string_too_short", "too_short"}:
        return "mag niet leeg zijn"
    if kind == "string_too_long":
        return f"is te lang (hoogstens {ctx.get('max_length')} tekens)"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        sign = {
            "greater_than": ">",
            "greater_than_equal": "≥",
            "less_than": "<",
            "less_than_equal": "≤",
        }[kind]
        limit = next(iter(ctx.values()), "")
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)
        return f"moet {sign} {limit} zijn, niet {value!r}"
    if kind in {"value_error", "assertion_error"}:
        return str(ctx.get("error", "ongeldige waarde"))
    if kind == "too_long":
        return f"is te lang (hoogstens {ctx.get('max_length')})"
    if kind == "multiple_of":
        return f"moet een veelvoud zijn van {ctx.get('multiple_of')}, niet {value!r}"
    # pydantic's own text is English; never show it
    shown = "" if isinstance(value, dict | list) else f" {value!r}"
    return f"ongeldige waarde{shown}"


def validation_message(exc: ValidationError) -> str:
    """The Dutch text of a pydantic error about one value (no file, no location)."""
    return "; ".join(_message(error, ()) for error in exc.errors(include_url=False))


def problems_from_validation(
    exc: ValidationError,
    file: str,
    locate: Callable[[Loc], int | None],
    known_keys: Iterable[str] = (),
) -> list[Problem]:
    """Translate a pydantic error into Dutch problems with file, line and field.

    Rules that span several fields (see ``RuleError``) carry their own list of
    ``(loc, message)`` pairs in the error context, so each gets its own line.
    """
    keys = sorted(set(known_keys))
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        base: Loc = tuple(p for p in error["loc"] if not _is_union_tag(p))
        ctx = error.get("ctx") or {}
        if error["type"] == RULES:
            for loc, message in ctx["problemen"]:
                full = base + tuple(loc)
                problems.append(Problem(message, file, locate(full), format_loc(full) or None))
            continue
        problems.append(
            Problem(_message(error, keys), file, locate(base), format_loc(base) or None)
        )
    return sorted(problems, key=lambda p: p.line or 0)


def _is_union_tag(part: str | int) -> bool:
    # pydantic adds the member type ("int", "str", "function-after[...]") to the loc of union errors
    return isinstance(part, str) and (part in {"int", "str"} or "[" in part)


RULES = "regels"
"""Error type of model validators that report several located problems at once."""
