"""Reading untrusted YAML/JSON files safely, keeping line numbers for error messages.

Only plain YAML is accepted: no tags (``!!python/object`` …), no anchors or aliases (so a
"billion laughs" file fails at its first anchor), no duplicate keys, and a size limit.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None
from scan.errors import Loc, Problem, ScanError, format_loc
from scan.util.text import dutch_number, valid_text

MAX_BYTES = 2_000_000
"""Largest bank or answer file we read; real ones are a few dozen kilobytes."""

_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


@dataclass(frozen=True)
class Document:
    """Parsed data plus a way to find the line of any location in it."""

    path: Path
    data: Any
    node: yaml.Node | None

    @property
    def name(self) -> str:
        return str(self.path)

    def line(self, loc: Loc) -> int | None:
        """1-based line of the deepest node that ``loc`` reaches (None for JSON)."""
        node = self.node
        if node is None:
            return None
        for part in loc:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1

    def problem(self, message: str, loc: Loc = (), field: str | None = None) -> Problem:
        return Problem(message, self.name, self.line(loc), field or format_loc(loc) or None)


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return _keys(node).get(str(part))
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return node.value[part]
    return None


MAX_DEPTH = 50
"""Deepest nesting of lists and mappings; real files need five or six levels."""
MAX_DIGITS = 18
"""Longest whole number; scale values and versions need a few digits."""


def _keys(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    """The children of a mapping node by key, built once per node (so that locating
    thousands of problems in one file is not quadratic)."""
    index: dict[str, yaml.Node] | None = getattr(node, "_scan_keys", None)
    if index is None:
        index = {}
        for key, value in node.value:
            index.setdefault(str(key.value), value)
        node._scan_keys = index
    return index


class _Checks(Composer, SafeConstructor, Resolver):
    """Composing and constructing that refuse anchors, aliases, non-plain tags, duplicate and
    complex keys, deep nesting, huge numbers and impossible dates (on either parser below)."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, "verwijzingen (*naam) zijn niet toegestaan")
        if getattr(event, "anchor", None):
            raise _Refused(line, "ankers (&naam) zijn niet toegestaan")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(line, _TOO_DEEP)
        node = super().compose_node(parent, index)
        self.depth -= 1
        if node.tag not in _PLAIN_TAGS:
            raise _Refused(line, f"YAML-tag '{node.tag}' is niet toegestaan")
        return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(
                    line, "een sleutel moet een gewone tekst zijn, geen lijst of mapping"
                )
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise _Refused(line, f"sleutel '{key}' staat er dubbel")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = sum(c.isdigit() for c in str(node.value))
        if digits > MAX_DIGITS:
            raise _Refused(node.start_mark.line + 1, _too_many_digits(digits))
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise _Refused(
                node.start_mark.line + 1,
                f"'{node.value}' is geen bestaande datum (JJJJ-MM-DD)",
            ) from None


_Checks.add_constructor("tag:yaml.org,2002:int", _Checks.construct_yaml_int)
_Checks.add_constructor("tag:yaml.org,2002:timestamp", _Checks.construct_yaml_timestamp)


class _PyLoader(_Checks, yaml.SafeLoader):
    """The checks on PyYAML's pure-Python scanner and parser."""


_Loader: type[_Checks] = _PyLoader
if CParser is not None:

    class _CLoader(_Checks, CParser):
        """The checks on libyaml's scanner and parser (about ten times faster): only the
        events come from C; composing (where the checks are) stays in Python, so every check
        and every line number is the same."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _Loader = _CLoader
_TOO_DEEP = f"te diep genest (meer dan {MAX_DEPTH} niveaus lijsten of mappings)"


def _too_many_digits(digits: int) -> str:
    return f"getal met {dutch_number(digits)} cijfers; hoogstens {MAX_DIGITS}"


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a ScanError for missing, huge, empty or non-UTF-8 files, and for
    text with control characters (which neither YAML nor a person should have to read)."""
    name = str(path)
    raw = read_bytes(path, max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScanError(
            Problem("bestand is geen UTF-8-tekst; sla het op als UTF-8", name, line)
        ) from None
    if not text.strip():
        raise ScanError(Problem("bestand is leeg", name))
    bad = _FORBIDDEN_CHARACTER.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ScanError(Problem(_character_message(bad.group()), name, line))
    return text


_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Control characters (C0 but tab and line ends, DEL, C1 but NEL) and the non-characters
U+FFFE/U+FFFF: YAML refuses them; JSON would let them through to terminals and reports."""


def _character_message(char: str) -> str:
    what = "het NUL-teken" if char == "\x00" else f"het teken U+{ord(char):04X}"
    kind = "geen teken" if char in "\ufffe\uffff" else "een stuurteken"
    return f"{what} ({kind}) mag niet in het bestand staan; verwijder het"


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """At most ``max_bytes`` of a regular file or a pipe (``<(…)``); ScanError in Dutch for
    anything else (a device such as ``/dev/zero``, a socket, a folder) and for bigger files.

    A pipe without a writer is not waited on: it reads as empty.
    """
    name = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ScanError(Problem("is een map, geen bestand", name))
        if stat.S_ISREG(info.st_mode):
            if info.st_size > max_bytes:
                raise ScanError(Problem(_too_big(max_bytes, info.st_size), name))
            return path.read_bytes()
        if not stat.S_ISFIFO(info.st_mode):
            raise ScanError(
                Problem("is geen gewoon bestand (een apparaat of socket); geef een bestand", name)
            )
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ScanError(Problem("bestand bestaat niet", name)) from None
    except IsADirectoryError:
        raise ScanError(Problem("is een map, geen bestand", name)) from None
    except OSError as exc:
        raise ScanError(Problem(f"kan bestand niet lezen ({exc.strerror})", name)) from None
    if len(raw) > max_bytes:
        raise ScanError(Problem(_too_big(max_bytes), name))
    return raw


def _too_big(limit: int, size: int | None = None) -> str:
    if size is None:
        return f"bestand is te groot (meer dan {dutch_number(limit)} bytes)"
    return f"bestand is te groot ({dutch_number(size)} bytes; hoogstens {dutch_number(limit)})"


def load_document(path: Path, max_bytes: int = MAX_BYTES) -> Document:
    """Parse a YAML or JSON file (by extension) into a :class:`Document`."""
    text = read_text(path, max_bytes)
    name = str(path)
    if path.suffix.lower() == ".json":
        data, node = _parse_json(text, name)
    else:
        data, node = _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise ScanError(Problem("verwacht een verzameling van sleutels en waarden", name, 1))
    if _ESCAPED_SURROGATE.search(text):
        data = _without_surrogates(data)
    return Document(path, data, node)


_ESCAPED_SURROGATE = re.compile(r"\\[uU]0{0,4}[dD][89a-fA-F]")
"""A ``\\udc80``-style escape: the only way a lone surrogate gets into a parsed document."""


def _without_surrogates(data: Any) -> Any:
    """``data`` with every text passed through :func:`valid_text` (keys too)."""
    if isinstance(data, str):
        return valid_text(data)
    if isinstance(data, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_without_surrogates(v) for v in data]
    return data


def _parse_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    loader = _Loader(text)  # the text was checked for the characters YAML's reader refuses
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except _Refused as exc:
        raise ScanError(Problem(exc.message, name, exc.line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "onleesbare YAML"
        if "maximum nesting depth" in what:  # libyaml's own limit, met while scanning ahead
            raise ScanError(Problem(_TOO_DEEP, name, line)) from None
        raise ScanError(Problem(f"ongeldige YAML: {what}", name, line)) from None
    except yaml.YAMLError as exc:
        raise ScanError(Problem(f"ongeldige YAML: {exc}", name)) from None
    finally:
        loader.dispose()


def _parse_json(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """JSON with the rules of the YAML loader: no duplicate keys, no deep nesting, no huge
    numbers; every refusal with its line where it can be found."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        message = f"ongeldige JSON: {_JSON_MESSAGES.get(exc.msg, exc.msg)}"
        raise ScanError(Problem(message, name, exc.lineno)) from None
    except RecursionError:
        raise ScanError(Problem(_TOO_DEEP, name, _deep_line(text))) from None
    except _Refused as exc:
        raise ScanError(Problem(exc.message, name, _line_of(text))) from None
    if _depth(data) > MAX_DEPTH:
        raise ScanError(Problem(_TOO_DEEP, name, _deep_line(text)))
    return data, _json_positions(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _Refused(0, f"sleutel '{key}' staat er dubbel")
        data[key] = value
    return data


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _Refused(0, _too_many_digits(len(digits.lstrip("-"))))
    return int(digits)


def _line_of(text: str) -> int | None:
    """The line of a JSON refusal: JSON's decoder gives none, so the YAML composer of
    :func:`_json_positions` finds duplicate keys, and a search finds long numbers."""
    node = _json_positions(text)
    if node is not None:
        line = _duplicate_key_line(node)
        if line is not None:
            return line
    match = re.search(rf"\d{{{MAX_DIGITS + 1},}}", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _duplicate_key_line(root: yaml.Node) -> int | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys: set[Any] = set()
            for key, value in node.value:
                if key.value in keys:
                    return int(key.start_mark.line) + 1
                keys.add(key.value)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def _deep_line(text: str) -> int | None:
    """The line where JSON nesting first goes deeper than allowed (brackets in strings aside)."""
    depth = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            escaped = not escaped and char == "\\"
            in_string = escaped or char != '"'
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, index) + 1
        elif char in "]}":
            depth -= 1
    return None


def _depth(data: Any) -> int:
    """Nesting depth of parsed data, without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend(
                (v, level + 1) for v in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


_JSON_MESSAGES = {
    "Expecting value": "waarde verwacht",
    "Expecting property name enclosed in double quotes": 'sleutel tussen "…" verwacht',
    "Expecting ',' delimiter": "komma verwacht",
    "Expecting ':' delimiter": "dubbele punt verwacht",
    "Extra data": "er staat nog iets na het einde",
    "Unterminated string starting at": "tekst zonder afsluitend aanhalingsteken",
    "Invalid control character at": "stuurteken in tekst",
    "Invalid \\escape": "ongeldige \\-code",
    "Invalid \\uXXXX escape": "ongeldige \\u-code",
}


def _json_positions(text: str) -> yaml.Node | None:
    """Line numbers for valid JSON: almost all JSON is also YAML, so compose it as YAML.

    Only the node tree is used (the data comes from ``json``); when YAML cannot read
    this JSON, messages simply go without a line number.
    """
    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError:
        return None
    try:
        return loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
