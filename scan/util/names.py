"""File-name parts made from untrusted text (a person's, a school's or a team's name)."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, lower: bool = True, limit: int = 60) -> str:
    """Letters and digits of ``text`` joined by ``-``: safe in any file name, never a path.

    Latin letters lose their accents (``José`` → ``jose``, or ``Jose`` when not ``lower``); a
    text without any (``Иван``, ``王芳``) keeps its own letters rather than becoming empty. At
    most ``limit`` characters; empty when the text has no letter or digit at all.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    found = _joined(ascii_text.lower() if lower else ascii_text, r"[^A-Za-z0-9]+", limit)
    if found:
        return found
    own = unicodedata.normalize("NFC", text)
    return _joined(own.casefold() if lower else own, r"[\W_]+", limit)


def _joined(text: str, separators: str, limit: int) -> str:
    return re.sub(separators, "-", text).strip("-")[:limit].strip("-")
