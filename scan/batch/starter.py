"""``scan koppeling``: a starter koppeling for an export, to edit instead of to write.

Every column of the export gets a line: the best guess of what it is (the same match that
``scan batch`` makes without koppeling) and the other likely questions as a comment. Columns of
the survey tool's own are listed under ``negeren``; columns that match nothing are written as
comments with their likely questions, so that they stay left out until someone chooses. Used as
it is, the koppeling gives the same result as the automatic match.
"""

from __future__ import annotations

import contextlib
import difflib
import itertools
import json
from pathlib import Path

from scan.bank import BankSet, normalise_text
from scan.batch.columns import Koppeling, Matcher, header_variants, loose_text
from scan.batch.sources import Layout, recognise
from scan.io.atomic import atomic_write_text
from scan.io.exports import open_export

ALTERNATIVES = 3


def write_starter(
    export: Path,
    output: Path,
    banks: BankSet,
    source: str | None = None,
    encoding: str | None = None,
) -> Layout:
    """Read an export's header (once), write its starter koppeling; the layout it found."""
    opened = open_export(export, encoding)
    with contextlib.closing(opened.rows()) as rows:
        layout = recognise(opened.header, list(itertools.islice(rows, 2)), source)
    atomic_write_text(output, starter_koppeling(layout, banks, export))
    return layout


def starter_koppeling(layout: Layout, banks: BankSet, export: Path) -> str:
    """The text of a starter koppeling (YAML with comments) for an export's layout."""
    matcher = Matcher(banks, Koppeling())
    texts = {
        loose_text(question.text): qid
        for bank in banks
        for qid, (_, question) in bank.questions.items()
    }
    lines = [
        f"# Koppeling voor {export.name} ({layout.tool.title}), geschreven door 'scan koppeling'.",
        "# Elke kolom staat hieronder met de beste gok; andere mogelijkheden staan erachter als",
        "# commentaar. Pas aan wat niet klopt en geef het bestand aan scan batch met --koppeling.",
        "# Ongewijzigd geeft het hetzelfde resultaat als zonder koppeling.",
        "kolommen:",
    ]
    ignored: list[str] = []
    seen: set[str] = set()
    for index, header in enumerate(layout.header):
        text = header.strip()
        key = normalise_text(text)
        if not key or key in seen:
            continue  # a repeated header (a repeated partner section) maps like the first
        seen.add(key)
        if index in layout.metadata:
            ignored.append(text)
            continue
        found = matcher.target(text)
        others = _alternatives(text, texts, found[0] if found else None)
        hint = f"  # of: {', '.join(others)}" if others else ""
        if found is None:
            lines.append(f"  # {_quoted(text)}: ?{hint or '  # geen vraag gevonden'}")
        else:
            lines.append(f"  {_quoted(text)}: {found[0]}{hint}")
    lines.append("negeren:" if ignored else "negeren: []")
    lines += [f"  - {_quoted(text)}" for text in ignored]
    lines += [
        '# sleutel: "E-mail"  # de kolom die een apart partnerformulier hieraan koppelt',
        "labels: {}",
        "# labels: voorbeeld per schaal ('weet niet' mag ook):",
    ]
    for bank in banks:
        for name, options in bank.scales.items():
            shown = ", ".join(f"{_quoted(o.label)}: {o.value}" for o in options)
            lines.append(f"#   {name}: {{{shown}}}  # schaal van '{bank.id}'")
    return "\n".join(lines) + "\n"


def _alternatives(text: str, texts: dict[str, str], best: str | None) -> list[str]:
    """The questions most like this header (by their loose text), other than the best guess."""
    found: list[str] = []
    for variant in header_variants(text):
        for match in difflib.get_close_matches(loose_text(variant), texts, ALTERNATIVES + 1, 0.5):
            qid = texts[match]
            if qid != best and qid not in found:
                found.append(qid)
    return found[:ALTERNATIVES]


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
