"""Reading untrusted YAML/JSON files safely, keeping line numbers for error messages.

Only plain YAML is accepted: no tags (``!!python/object`` …), no anchors or aliases (so a
"billion laughs" file fails at its first anchor), no duplicate keys, and a size limit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scan.errors import Loc, Problem, ScanError, format_loc
from scan.util.text import valid_text

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
        for key, value in node.value:
            if key.value == str(part):
                return value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return node.value[part]
    return None


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases, non-plain tags and duplicate keys."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, "verwijzingen (*naam) zijn niet toegestaan")
        if getattr(event, "anchor", None):
            raise _Refused(line, "ankers (&naam) zijn niet toegestaan")
        node = super().compose_node(parent, index)
        if node.tag not in _PLAIN_TAGS:
            raise _Refused(line, f"YAML-tag '{node.tag}' is niet toegestaan")
        return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise _Refused(key_node.start_mark.line + 1, f"sleutel '{key}' staat er dubbel")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a ScanError for missing, huge, empty or non-UTF-8 files."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ScanError(
                Problem(f"bestand is te groot ({size:,} bytes; hoogstens {max_bytes:,})", name)
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScanError(Problem("bestand bestaat niet", name)) from None
    except IsADirectoryError:
        raise ScanError(Problem("is een map, geen bestand", name)) from None
    except OSError as exc:
        raise ScanError(Problem(f"kan bestand niet lezen ({exc.strerror})", name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScanError(
            Problem("bestand is geen UTF-8-tekst; sla het op als UTF-8", name, line)
        ) from None
    if not text.strip():
        raise ScanError(Problem("bestand is leeg", name))
    return text


def load_document(path: Path, max_bytes: int = MAX_BYTES) -> Document:
    """Parse a YAML or JSON file (by extension) into a :class:`Document`."""
    text = read_text(path, max_bytes)
    name = str(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScanError(Problem(f"ongeldige JSON: {exc.msg}", name, exc.lineno)) from None
        node = _json_positions(text)
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
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except _Refused as exc:
        raise ScanError(Problem(exc.message, name, exc.line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "onleesbare YAML"
        raise ScanError(Problem(f"ongeldige YAML: {what}", name, line)) from None
    except yaml.YAMLError as exc:
        raise ScanError(Problem(f"ongeldige YAML: {exc}", name)) from None
    finally:
        loader.dispose()


def _json_positions(text: str) -> yaml.Node | None:
    """Line numbers for valid JSON: almost all JSON is also YAML, so compose it as YAML.

    Only the node tree is used (the data comes from ``json``); when YAML cannot read
    this JSON, messages simply go without a line number.
    """
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
