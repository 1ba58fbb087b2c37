"""Untrusted text on its way out: safe for a terminal, and always encodable.

Names, schools, partners, remarks and answers come from files other people made. In a
terminal their control characters would act instead of being shown: ``ESC ] 52`` writes the
clipboard, ``ESC [ 2 J`` clears the screen, ``ESC ] 0`` sets the window title, ``ESC ] 8``
makes hidden links, and bidi overrides turn text around. :func:`terminal_safe` removes all of
them; :func:`valid_text` repairs lone surrogates (a name typed in a Latin-1 terminal reaches
Python as ``\\udce9``), which no encoder accepts.
"""

from __future__ import annotations

import codecs
import re

_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?             # CSI: cursor, erase, colours
    | \x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC, DCS, SOS, PM, APC up to BEL/ST
    | \x1b[ -/]*[0-~]?                   # other ESC sequences (ESC c resets the terminal)
    | \x9b[0-?]*[ -/]*[@-~]?             # 8-bit CSI
    | [\x90\x98\x9d-\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c)?   # 8-bit OSC, DCS, SOS, PM, APC
    """,
    re.VERBOSE,
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 (except tab and newline), DEL, C1, and the bidi controls."""
_NEEDS_WORK = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
    "\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NO_BYTE = re.compile("[\ud800-\udc7f\udd00-\udfff]")
"""Surrogates that ``surrogateescape`` never makes (it maps the bytes 80–FF to DC80–DCFF)."""


def valid_text(text: str) -> str:
    """``text`` without lone surrogates: bytes smuggled in by ``surrogateescape`` are read as
    UTF-8 or else as Windows-1252 (``J\\udce4nsen`` → ``Jänsen``); any other becomes ``�``."""
    if not _SURROGATE.search(text):
        return text
    raw = _NO_BYTE.sub("\ufffd", text).encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "scan-cp1252")


def _cp1252(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("cp1252", "replace"), exc.end


codecs.register_error("scan-cp1252", _cp1252)


def terminal_safe(text: str, *, multiline: bool = False) -> str:
    """``text`` as it may be printed in a terminal: escape sequences and control characters
    removed (C0, DEL, C1, bidi overrides), lone surrogates repaired; newlines become spaces
    unless ``multiline``."""
    if not _NEEDS_WORK.search(text) and (multiline or "\n" not in text):
        return text
    text = valid_text(text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text.replace("\u2028", "\n").replace("\u2029", "\n"))
    return text if multiline else text.replace("\n", " ")


def document_safe(value: object) -> object:
    """A Jinja2 ``finalize`` hook for HTML and PDF output: a plain string (untrusted text from an
    answer file, export or form) loses its control characters and bidi overrides, which would
    otherwise reorder what a reader sees (``ROC \u202eneddiM`` reads as "ROC Midden"); newlines
    stay. Markup built by the scan itself (a ``str`` subclass) and other values pass unchanged."""
    if type(value) is str:
        return terminal_safe(value, multiline=True)
    return value


def dutch_number(number: int) -> str:
    """``2000000`` → ``2.000.000`` (Dutch thousands separator)."""
    return f"{number:,}".replace(",", ".")
