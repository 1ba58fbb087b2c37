"""Checks on output paths before any work is done: an output is never one of the inputs
(and an input that must differ from the others, such as ``--vorige``, is none of them).

Every command that writes files calls :func:`check_outputs` with its outputs (by option) and its
inputs before it reads or writes anything, so ``scan rapport a.yaml -o a.yaml`` or ``scan batch
e.csv -o e.csv`` stop with a Dutch message and exit 1, and the input stays as it was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from scan.errors import Problem, ScanError
from scan.io.atomic import output_kind

Output = tuple[str, Path | None]
"""An output as (option, path); None is stdout."""


def make_folder(folder: Path, label: str = "") -> None:
    """Make an output folder (and its parents) if needed; ScanError in Dutch when it cannot be
    made, ``label`` (such as ``"--map: "``) naming the option it came from."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScanError(
            Problem(f"{label}kan de map niet maken ({exc.strerror})", str(folder))
        ) from None


def file_identity(path: Path) -> tuple[int, int] | str:
    """What makes two paths the same file: device and inode when it exists, else the
    resolved path (symlinks followed, ``..`` removed)."""
    with contextlib.suppress(OSError):
        info = path.stat()
        return info.st_dev, info.st_ino
    return os.path.normcase(os.path.realpath(path))


def check_outputs(outputs: Sequence[Output], inputs: Iterable[Path]) -> None:
    """Refuse outputs that are an input, or that two options share; streams (``/dev/null``,
    a FIFO) may be shared. ScanError lists every clash."""
    inputs_by_id = {file_identity(p): p for p in inputs}
    problems: list[Problem] = []
    seen: dict[tuple[int, int] | str, str] = {}
    for option, path in outputs:
        if path is None:
            continue
        identity = file_identity(path)
        if identity in inputs_by_id:
            problems.append(
                Problem(
                    f"{option}: de uitvoer is ook een invoerbestand "
                    f"({inputs_by_id[identity]}); kies een andere naam, er is niets geschreven",
                    str(path),
                )
            )
        elif identity in seen and output_kind(path) != "stroom":
            problems.append(
                Problem(
                    f"{option}: de uitvoer is hetzelfde bestand als {seen[identity]}; "
                    "kies een andere naam",
                    str(path),
                )
            )
        seen.setdefault(identity, option)
    if problems:
        raise ScanError(problems)


def check_distinct_inputs(
    given: Sequence[tuple[str, Path]], others: Iterable[Path], why: str
) -> None:
    """Refuse an input of an option that is also one of ``others`` (by device and inode, so
    also through another name or link): ``scan resultaat a.yaml --vorige a.yaml``. ``why``
    says in Dutch why they must differ; ScanError lists every clash."""
    others_by_id = {file_identity(p): p for p in others}
    problems = [
        Problem(
            f"{option}: dit is hetzelfde bestand als {others_by_id[identity]}; {why}", str(path)
        )
        for option, path in given
        if (identity := file_identity(path)) in others_by_id
    ]
    if problems:
        raise ScanError(problems)


REPORT_SUFFIXES = {False: (".pdf",), True: (".html", ".htm")}


def check_report_output(path: Path, html: bool) -> None:
    """The extension of ``scan rapport -o`` must say what is written: ``.pdf``, or ``.html``
    with ``--html``. A device or FIFO (``/dev/null``, ``/dev/stdout``) takes either."""
    if output_kind(path) == "stroom":
        return
    suffix = path.suffix.lower()
    if suffix in REPORT_SUFFIXES[html]:
        return
    if suffix in REPORT_SUFFIXES[not html]:
        hint = "laat --html weg voor een PDF" if html else "gebruik --html voor een HTML-bestand"
        what = "HTML" if html else "een PDF"
        raise ScanError(
            Problem(f"-o: de extensie {suffix} past niet bij {what}; {hint}", str(path))
        )
    wanted = " of ".join(REPORT_SUFFIXES[html])
    raise ScanError(
        Problem(
            f"-o: het rapport is {'HTML' if html else 'een PDF'}; laat de naam eindigen op "
            f"{wanted}" + (f" (niet {suffix})" if suffix else ""),
            str(path),
        )
    )


def check_template_target(path: Path) -> None:
    """``scan sjabloon -o`` replaces an existing file only when it is an empty template (a
    header and no answers), so a filled export is never overwritten by an empty one."""
    if output_kind(path) != "bestand" or path.stat().st_size == 0:
        return
    from scan.io.exports import open_export

    try:
        export = open_export(path)
        has_rows = next(iter(export.rows()), None) is not None
    except ScanError:
        has_rows = True  # not a table we can read: not ours to replace
    if has_rows:
        raise ScanError(
            Problem(
                "bestaat al en bevat meer dan een lege kopregel (een ingevulde export?); "
                "kies een andere naam of verwijder het bestand eerst",
                str(path),
            )
        )


def check_no_edited_file(path: Path) -> None:
    """``scan koppeling -o`` writes a starter for the user to edit, so it never replaces an
    existing file (that may be the edited koppeling); a device or FIFO is written into."""
    if output_kind(path) == "bestand" and path.stat().st_size > 0:
        raise ScanError(
            Problem(
                "bestaat al (een koppeling die u hebt aangepast?); kies een andere naam of "
                "verwijder het bestand eerst",
                str(path),
            )
        )


DEFINITION_MARK = b"Samenwerkingsscan"
"""What the opening of every form definition of ``scan sjabloon --bron`` contains (the form's
title; in a ``.docx`` at the start of ``word/document.xml``)."""


def check_definition_target(path: Path) -> None:
    """``scan sjabloon --bron -o`` replaces an existing file only when it is a form definition
    that the scan wrote before, never someone's own notes, script or Word document."""
    if output_kind(path) != "bestand" or path.stat().st_size == 0:
        return
    if not _opens_with_mark(path):
        raise ScanError(
            Problem(
                "bestaat al en is geen formulier van de scan; kies een andere naam of "
                "verwijder het bestand eerst",
                str(path),
            )
        )


def _opens_with_mark(path: Path, size: int = 8192) -> bool:
    import zipfile

    try:
        with path.open("rb") as file:
            head = file.read(size)
        if head.startswith(b"PK"):
            with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as part:
                head = part.read(size)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return DEFINITION_MARK in head
