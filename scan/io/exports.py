"""Reading exported answer tables (CSV or XLSX) row by row, as lists of strings.

Survey tools and Excel write CSV in several dialects: Dutch Excel writes ``;`` in cp1252
(or UTF-8 with a BOM for "CSV UTF-8"), Google Forms and LimeSurvey write ``,`` in UTF-8, and
Excel's "Unicode-tekst" is tab-separated UTF-16. The encoding is found from the BOM and a full
UTF-8 validity check (a cp1252 file is rarely valid UTF-8 once it holds an accented letter), the
delimiter from how consistently each candidate splits the first records; both can be overridden.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import os
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from scan.errors import Problem, ScanError

DELIMITERS = (";", ",", "\t")
"""Candidates in order of preference when they split equally well."""

DELIMITER_NAMES = {";": ";", ",": ",", "tab": "\t", "\\t": "\t", "\t": "\t", "|": "|"}

_SAMPLE_CHARS = 64_000
_SAMPLE_RECORDS = 50
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Export:
    """An export file whose format is known: where it is, how to decode it, its header."""

    path: Path
    kind: str  # "csv" | "xlsx"
    encoding: str | None
    delimiter: str | None
    header: list[str]

    @property
    def name(self) -> str:
        return str(self.path)

    def rows(self) -> Generator[list[str]]:
        """The data rows (after the header), each a list of cell texts; streaming."""
        if self.kind == "xlsx":
            return _xlsx_rows(self)
        return _csv_rows(self)


def open_export(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Export:
    """Find the format of an export and read its header; ScanError when it cannot be read."""
    name = str(path)
    if not path.exists():
        raise ScanError(Problem("bestand bestaat niet", name))
    if path.is_dir():
        raise ScanError(Problem("is een map, geen bestand", name))
    suffix = path.suffix.lower()
    if suffix in {".xls", ".ods", ".numbers"}:
        raise ScanError(
            Problem(
                f"bestanden van het type {suffix} kan de scan niet lezen; sla op als .xlsx", name
            )
        )
    if suffix in {".xlsx", ".xlsm"} or _is_zip(path):
        return Export(path, "xlsx", None, None, _xlsx_header(path))
    encoding = encoding or detect_encoding(path)
    with _open_text(path, encoding, errors="replace") as handle:  # bad bytes: named later
        sample = handle.read(_SAMPLE_CHARS)
    if not sample.strip():
        raise ScanError(Problem("bestand is leeg", name))
    delimiter = delimiter or detect_delimiter(sample)
    with contextlib.closing(_csv_rows(Export(path, "csv", encoding, delimiter, []), False)) as rows:
        header = next(rows, None)
    if header is None:
        raise ScanError(Problem("bestand is leeg", name))
    return Export(path, "csv", encoding, delimiter, header)


def parse_delimiter(text: str) -> str:
    """The delimiter named on the command line (``;``, ``,``, ``tab``)."""
    found = DELIMITER_NAMES.get(text.strip().lower() if text.strip() else text)
    if found is None:
        raise ScanError(Problem(f"onbekend scheidingsteken {text!r}; kies ';', ',' of 'tab'"))
    return found


def check_encoding(name: str) -> str:
    """The codec name given on the command line, or a ScanError for an unknown one."""
    try:
        codec = codecs.lookup(name).name
        "".encode(codec)  # LookupError for codecs that are no text encoding (base64, rot13)
    except LookupError:
        raise ScanError(
            Problem(f"onbekende tekencodering {name!r}; bijvoorbeeld utf-8 of cp1252")
        ) from None
    return codec


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` / ``utf-16`` by BOM, else ``utf-8`` when the whole file is valid UTF-8,
    else ``cp1252`` (what Dutch Excel writes as "CSV (gescheiden door lijstscheidingsteken)")."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if head.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            handle.seek(0)
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    except OSError as exc:
        raise ScanError(Problem(f"kan bestand niet lezen ({exc.strerror})", str(path))) from None
    return "utf-8"


def detect_delimiter(sample: str) -> str:
    """The candidate that splits the first records into the most consistent widths.

    csv.Sniffer guesses from character frequencies and is easily fooled by commas inside
    question texts or decimal commas; here each candidate really parses the sample, and the
    one whose records most often have the header's width (more than one column) wins, then
    the one giving the widest header.
    """
    if len(sample) == _SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best: tuple[float, int, int] | None = None
    chosen = DELIMITERS[0]
    for rank, candidate in enumerate(DELIMITERS):
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=candidate)
        try:
            widths = [len(r) for _, r in zip(range(_SAMPLE_RECORDS), reader, strict=False) if r]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        consistency = sum(w == widths[0] for w in widths) / len(widths)
        score = (consistency, widths[0], -rank)
        if best is None or score > best:
            best, chosen = score, candidate
    return chosen


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _open_text(path: Path, encoding: str, errors: str = "strict") -> IO[str]:
    try:
        return path.open(encoding=encoding, newline="", errors=errors)
    except OSError as exc:
        raise ScanError(Problem(f"kan bestand niet lezen ({exc.strerror})", str(path))) from None


class BrokenRow(list[str]):
    """A record of a CSV that could not be read (an unbalanced quote, a cell over the size
    limit): empty, with the Dutch ``problem``. The rows after it are read as usual."""

    def __init__(self, problem: Problem) -> None:
        super().__init__()
        self.problem = problem


class _Lines:
    """The lines after a quoted line, as the csv module takes them for one record: remembers
    what it took, so that the lines of a broken record can be read again."""

    def __init__(self, source: Iterator[str]) -> None:
        self.source = source
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.source)
        self.taken.append(line)
        return line


def _csv_rows(export: Export, skip_header: bool = True) -> Generator[list[str]]:
    """Records as lists of cells. A line without quotes is simply split (twice as fast as the
    csv module, and most lines of an export have none); a line with a quote is parsed by the
    csv module, which reads on as far as a quoted cell spans more lines.

    A quote that is never closed would swallow every following line into one cell: a record
    spanning several lines whose width is not the header's, or whose closing quote does not
    end its cell (read strictly), is given as a :class:`BrokenRow` naming the row where the
    quote opened, and the lines after it are read again. A quoted cell over the csv module's
    size limit is a BrokenRow too (its lines are skipped up to the closing quote). NUL bytes
    are left out of every cell."""
    assert export.encoding is not None and export.delimiter is not None
    delimiter = export.delimiter
    width = len(export.header) if skip_header else 0
    row_number = 0
    with _open_text(export.path, export.encoding) as handle:
        source: Iterator[str] = iter(handle)
        try:
            while True:
                again: list[str] = []
                for line in source:
                    row_number += 1
                    if "\x00" in line:
                        line = line.replace("\x00", "")
                    if '"' not in line:
                        row = line.rstrip("\r\n").split(delimiter)
                        if row == [""]:
                            row = []
                    else:
                        row, again = _quoted_row(export, line, source, width, row_number)
                    if row_number > 1 or not skip_header:
                        yield row
                    if again:
                        break
                else:
                    return
                source = itertools.chain(again, source)  # read a broken record's lines again
        except UnicodeDecodeError:
            raise ScanError(
                Problem(
                    f"tekst is geen geldige {export.encoding}; geef de codering op met --codering",
                    export.name,
                    _undecodable_line(export.path, export.encoding),
                )
            ) from None


def _quoted_row(
    export: Export, line: str, source: Iterator[str], width: int, row_number: int
) -> tuple[list[str], list[str]]:
    """The record that starts with ``line`` (which holds a quote) and the lines to read again
    (those of a broken record), read strictly: a closing quote must end its cell, as every
    CSV writer does; anything else is an unbalanced quote."""
    assert export.delimiter is not None
    lines = _Lines(source)
    reader = csv.reader(itertools.chain([line], lines), delimiter=export.delimiter, strict=True)
    try:
        row = next(reader)
    except csv.Error as exc:
        if "field limit" not in str(exc):
            return _unbalanced(export, row_number), lines.taken
        quotes = (line.count('"') + sum(t.count('"') for t in lines.taken)) % 2
        while quotes:  # skip the rest of the record, up to its closing quote
            following = next(source, None)
            if following is None:
                break
            quotes ^= following.count('"') % 2
        limit = f"{csv.field_size_limit():_}".replace("_", ".")
        problem = Problem(
            f"een cel is groter dan {limit} tekens; deze rij is overgeslagen",
            export.name,
            row_number,
        )
        return BrokenRow(problem), []
    if lines.taken and width and len(row) != width:
        return _unbalanced(export, row_number), lines.taken
    return ([cell.replace("\x00", "") for cell in row] if lines.taken else row), []


def _unbalanced(export: Export, row_number: int) -> BrokenRow:
    """The row where a quote opens that does not close where it should."""
    return BrokenRow(
        Problem(
            'hier opent een aanhalingsteken (") dat niet wordt gesloten; deze rij is '
            "overgeslagen, de rijen eronder zijn gewoon gelezen",
            export.name,
            row_number,
        )
    )


def _undecodable_line(path: Path, encoding: str) -> int | None:
    """The first line that does not decode (text is decoded in blocks, so the reader's own
    position says little)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                decoder.decode(line)
            except UnicodeDecodeError:
                return number
    return None


def _is_zip(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


XLSX_MAX_UNPACKED = 1 << 30
"""Most bytes the parts of a workbook may unpack to together (1 GB)."""
XLSX_MAX_RATIO = 200
"""Most times a part may grow when unpacked (real sheets grow 5 to 30 times)."""
_XLSX_SMALL = 1 << 20
"""Parts smaller than this unpacked are not checked for their ratio."""


def check_workbook_zip(path: Path) -> None:
    """Refuse a workbook that would unpack to far more than it is (a "zip bomb") or that is no
    zip of a workbook, before any XML is read: the sizes are in the zip's directory."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ScanError(
            Problem(f"dit Excel-bestand is beschadigd of geen .xlsx ({exc})", name)
        ) from None
    total = sum(info.file_size for info in infos)
    bomb = total > XLSX_MAX_UNPACKED or any(
        info.file_size > _XLSX_SMALL
        and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if bomb:
        raise ScanError(
            Problem(
                f"dit Excel-bestand pakt uit tot {total / 1e6:.0f} MB, veel meer dan een "
                "werkblad met antwoorden kan zijn; het wordt niet gelezen (sla het opnieuw op "
                "als .xlsx of als CSV)",
                name,
            )
        )
    if not any(info.filename.startswith("xl/worksheets/") for info in infos):
        raise ScanError(Problem("dit Excel-bestand heeft geen werkblad", name))


def _unreadable(path: Path, exc: BaseException) -> ScanError:
    return ScanError(
        Problem(
            f"kan dit Excel-bestand niet lezen: het is beschadigd of geen echt .xlsx-bestand "
            f"({type(exc).__name__}: {exc})",
            str(path),
        )
    )


def openpyxl() -> Any:
    """openpyxl, on the standard library's XML parser and writer even where lxml is
    installed (python-docx brings it): lxml resolves entities when reading, and its writer
    turns a full disk into its own error instead of an OSError."""
    os.environ["OPENPYXL_LXML"] = "False"
    import openpyxl as module

    return module


def _workbook(path: Path) -> Any:
    check_workbook_zip(path)
    load_workbook = openpyxl().load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors alike
        raise _unreadable(path, exc) from None
    if not workbook.worksheets:
        workbook.close()
        raise ScanError(Problem("dit Excel-bestand heeft geen werkblad", str(path)))
    return workbook


def _first_sheet(workbook: Any) -> Any:
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # some tools write a wrong size; read all that is there
    return sheet


def _xlsx_header(path: Path) -> list[str]:
    workbook = _workbook(path)
    try:
        first = next(_first_sheet(workbook).iter_rows(values_only=True, max_row=1), None)
    except Exception as exc:  # broken XML in the sheet, found only when it is read
        raise _unreadable(path, exc) from None
    finally:
        workbook.close()
    if first is None:
        raise ScanError(Problem("werkblad is leeg", str(path)))
    header = [_cell_text(v) for v in first]
    while header and not header[-1]:
        header.pop()
    return header


def _xlsx_rows(export: Export) -> Generator[list[str]]:
    workbook = _workbook(export.path)
    try:
        width = len(export.header)
        for values in _first_sheet(workbook).iter_rows(min_row=2, values_only=True):
            row = [_cell_text(v) for v in values]
            while len(row) > width and not row[-1]:
                row.pop()
            yield row
    except ScanError:
        raise
    except Exception as exc:  # broken XML further down the sheet
        raise _unreadable(export.path, exc) from None
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """Text of an XLSX cell as a CSV would hold it: 3.0 → "3", None → ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
