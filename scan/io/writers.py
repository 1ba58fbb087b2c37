"""Writing result tables as CSV (for Dutch Excel), XLSX or JSON, streaming and atomically.

A table is written row by row into a temp file beside the target and renamed over it only on
:meth:`TableFile.commit`, so an error halfway leaves no half-written file. CSV is what Dutch
Excel opens without an import dialog: UTF-8 with a BOM, ``;``, decimal comma, CRLF. Text cells
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR)
get a ``'`` in front, in CSV and XLSX alike (docs/analisten.md); in CSV also such a text after
a ``,`` inside a cell, which starts a cell when the file is opened as comma-separated.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from scan.errors import Problem, ScanError
from scan.io.atomic import AtomicFile

Cell = str | float | int | None

FORMATS = (".csv", ".xlsx", ".json")
RISKY = ("=", "+", "-", "@", "\t", "\r")
_CSV_TEXT: dict[Any, str] = {t / 10: f"{t // 10},{t % 10}" for t in range(1001)}
"""Every score with one decimal (0,0 … 100,0) as Dutch CSV text, plus None → empty."""
_CSV_TEXT[None] = ""
_NEEDS_CARE = re.compile(r'["\r\n]|[;,][=+@\t\r-]')
"""In a joined CSV line: a cell that needs quotes, or one after the first that needs
neutralising (a ``,`` too: opened as comma-separated, what follows it starts a cell)."""
_RISKY_AFTER_COMMA = re.compile(r",(?=[=+@\t\r-])")
_QUOTED = re.compile(r'[;"\r\n]')
"""What makes csv.writer (``;``, minimal quoting) put a cell between quotes."""
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """Prefix a text a spreadsheet would run as a formula with ``'``."""
    return "'" + text if text.startswith(RISKY) else text


def table_format(path: Path | None) -> str:
    """``.csv``, ``.xlsx`` or ``.json`` by the extension (None = stdout = CSV)."""
    if path is None:
        return ".csv"
    suffix = path.suffix.lower()
    if suffix == "":
        return ".csv"
    if suffix not in FORMATS:
        raise ScanError(
            Problem(f"onbekende extensie {suffix!r}; kies .csv, .xlsx of .json", str(path))
        )
    return suffix


def csv_cell(cell: Cell) -> str:
    """One cell as Dutch CSV text: decimal comma, empty for None, neutralised text."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        text = neutralise(cell)
        return _RISKY_AFTER_COMMA.sub(",'", text) if "," in text else text
    if isinstance(cell, int):
        return str(cell)
    known = _CSV_TEXT.get(cell)
    return known if known is not None else f"{cell:.10g}".replace(".", ",")


def csv_field(cell: Cell) -> str:
    """One cell exactly as it stands in a CSV line of :class:`CsvTable`: :func:`csv_cell`,
    then quoted as csv.writer quotes it."""
    text = csv_cell(cell)
    if _QUOTED.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_fields(cells: Sequence[Cell]) -> str:
    """Cells joined into CSV text (no line end), as csv.writer writes them.

    Fast for the usual row of text, None and scores with one decimal: joined at once, and
    only cell by cell when a cell needs quotes or neutralising.
    """
    try:
        line = ";".join(map(_CSV_TEXT.get, cells, cells))  # type: ignore[arg-type]
    except TypeError:  # a number that is no score (cannot happen for result rows)
        return ";".join(map(csv_field, cells))
    return line if _plain(line, len(cells)) else ";".join(map(csv_field, cells))


def csv_texts(cells: Sequence[str]) -> str:
    """:func:`csv_fields` of text cells only."""
    line = ";".join(cells)
    return line if _plain(line, len(cells)) else ";".join(map(csv_field, cells))


def _plain(line: str, cells: int) -> bool:
    """Whether a line of ``cells`` cells joined with ``;`` is as csv.writer writes them: no
    cell holds a ``;``, a quote or a line break, and none needs neutralising."""
    return (
        not line.startswith(RISKY)
        and line.count(";") == cells - 1
        and _NEEDS_CARE.search(line) is None
    )


class _Target:
    """An atomic file beside ``path`` (renamed over it on commit), or stdout when path is None."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.file = AtomicFile(path) if path is not None else None
        self.handle: IO[bytes] = self.file.handle if self.file else sys.stdout.buffer
        self._text: io.TextIOWrapper | None = None

    def text(self, newline: str) -> io.TextIOWrapper:
        """A UTF-8 text layer; :meth:`commit` flushes it (and leaves stdout open)."""
        self._text = io.TextIOWrapper(self.handle, encoding="utf-8", newline=newline)
        return self._text

    def commit(self) -> None:
        if self._text is not None:
            self._text.flush()
            if self.file is None:
                self._text.detach()
        if self.file is None:
            self.handle.flush()
            return
        self.file.commit()
        self.file = None

    def abort(self) -> None:
        if self.file is not None:
            self.file.abort()
            self.file = None


class TableFile:
    """One or more tables (sheets) written to one file; see :func:`open_table`."""

    def add_sheet(self, title: str, header: Sequence[str]) -> None:
        raise NotImplementedError

    def write_row(self, cells: Sequence[Cell]) -> None:
        raise NotImplementedError

    def write_result_row(self, cells: Sequence[Cell]) -> None:
        """A result row (text, None and scores); formats may take a faster path."""
        self.write_row(cells)

    def commit(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError


class CsvTable(TableFile):
    """A CSV table for Dutch Excel; one sheet only (further tables go in their own file)."""

    def __init__(self, path: Path | None) -> None:
        self.target = _Target(path)
        self.text = self.target.text(newline="")
        self.text.write("\ufeff")
        self.writer = csv.writer(self.text, delimiter=";", lineterminator="\r\n")
        self.width = 0

    def add_sheet(self, title: str, header: Sequence[str]) -> None:
        self.width = len(header)
        self.write_row(header)

    def write_row(self, cells: Sequence[Cell]) -> None:
        self.writer.writerow([csv_cell(c) for c in cells])

    def write_result_row(self, cells: Sequence[Cell]) -> None:
        """A row of text, None and scores with one decimal (see :func:`csv_fields`)."""
        self.text.write(csv_fields(cells) + "\r\n")

    def write_text(self, text: str) -> None:
        """Lines already formatted as this table's rows (each ending in CRLF)."""
        self.text.write(text)

    def commit(self) -> None:
        self.target.commit()

    def abort(self) -> None:
        self.target.abort()


class XlsxTable(TableFile):
    """An XLSX workbook written with openpyxl's write-only mode (rows stream to disk)."""

    def __init__(self, path: Path) -> None:
        from scan.io.exports import openpyxl

        self.target = _Target(path)  # fails now, not after all the work, when path is unwritable
        self.book = openpyxl().Workbook(write_only=True)
        self.sheet: Any = None

    def add_sheet(self, title: str, header: Sequence[str]) -> None:
        self.sheet = self.book.create_sheet(title[:31])
        self.write_row(header)

    def write_row(self, cells: Sequence[Cell]) -> None:
        self.sheet.append([_xlsx_cell(c) for c in cells])

    def commit(self) -> None:
        try:
            self.book.save(self.target.handle)
        except BaseException:
            self.target.abort()
            raise
        self.target.commit()

    def abort(self) -> None:
        self.target.abort()


def _xlsx_cell(cell: Cell) -> Cell:
    if isinstance(cell, str):
        return neutralise(_ILLEGAL_XML.sub("", cell))
    return cell


def open_table(path: Path | None) -> TableFile:
    """A table file by extension: CSV (also for stdout, path None) or XLSX."""
    if table_format(path) == ".xlsx":
        assert path is not None
        return XlsxTable(path)
    return CsvTable(path)


class JsonList:
    """A JSON list written item by item (``[``, items separated by commas, ``]``).

    One compact object per line: ``json.dumps`` with ``indent`` runs in pure Python and
    costs about 1 ms per respondent; without it the C encoder does the work.
    """

    def __init__(self, path: Path | None) -> None:
        self.target = _Target(path)
        self.text = self.target.text(newline="\n")
        self.text.write("[")
        self.first = True

    def write(self, item: Any) -> None:
        body = json.dumps(item, ensure_ascii=False)
        self.text.write(("\n" if self.first else ",\n") + body)
        self.first = False

    def commit(self) -> None:
        self.text.write("\n]\n" if not self.first else "]\n")
        self.target.commit()

    def abort(self) -> None:
        self.target.abort()


def write_table(
    path: Path | None, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]]
) -> None:
    """Write small tables at once: CSV/XLSX as sheets (CSV: the first only), JSON as objects."""
    if table_format(path) == ".json":
        out = JsonList(path)
        try:
            for _, header, rows in sheets[:1]:
                for row in rows:
                    out.write(dict(zip(header, row, strict=True)))
        except BaseException:
            out.abort()
            raise
        out.commit()
        return
    table = open_table(path)
    try:
        for title, header, rows in sheets:
            table.add_sheet(title, header)
            for row in rows:
                table.write_row(row)
    except BaseException:
        table.abort()
        raise
    table.commit()


@contextlib.contextmanager
def committed(table: TableFile | JsonList) -> Iterator[Any]:
    """Commit the table when the block ends normally, abort it on any error."""
    try:
        yield table
    except BaseException:
        table.abort()
        raise
    table.commit()
