"""Hostile and broken exports (issue #15): an unbalanced quote does not swallow the rows under
it, a cell over the size limit is named, XLSX bombs and malformed workbooks get a Dutch message
(exit 1, nothing written), NUL bytes never reach the output, formulas stay dead in Excel whether
the CSV is opened with ``;`` or with ``,``."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from scan.cli.commands import app
from scan.io.writers import csv_field

BANKS = str(Path(__file__).parent.parent / "fixtures" / "banken")
HEADER = "respondent;regio.honkvast;regio.bevolking"


def batch(tmp_path: Path, export: Path) -> tuple[Any, list[list[str]]]:
    out = tmp_path / "uit.csv"
    result = CliRunner().invoke(
        app, ["batch", str(export), "-o", str(out), "--vragenlijsten", BANKS]
    )
    rows: list[list[str]] = []
    if out.exists():
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
    return result, rows


def errors(result: Any) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("fout:")]


def test_unbalanced_quote_names_its_row_and_every_other_respondent_is_scored(
    tmp_path: Path,
) -> None:
    lines = [HEADER] + [f"r{i};3;4" for i in range(1, 11)]
    lines[3] = 'r3;"3;4'  # the quote opens in row 4 and is never closed
    lines[7] = 'r7;"3";"4"'  # quoted cells that close are fine
    export = tmp_path / "export.csv"
    export.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result, rows = batch(tmp_path, export)
    assert result.exit_code == 1
    assert [r[0] for r in rows[1:]] == [f"r{i}" for i in range(1, 11) if i != 3]
    assert errors(result) == [
        f'fout: {export}:4: hier opent een aanhalingsteken (") dat niet wordt gesloten; deze '
        "rij is overgeslagen, de rijen eronder zijn gewoon gelezen"
    ]


def test_a_quoted_cell_over_several_lines_is_still_one_cell(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        f'{HEADER};regio.bedrijven\r\nr1;3;4;"Smit,\r\nDe Wit"\r\nr2;3;4;\r\n', encoding="utf-8"
    )
    result, rows = batch(tmp_path, export)
    assert result.exit_code == 0, result.stderr
    assert [r[0] for r in rows[1:]] == ["r1", "r2"]


def test_a_cell_over_the_size_limit_is_named_in_dutch(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    huge = "x" * (csv.field_size_limit() + 10)
    export.write_text(
        f'{HEADER}\r\nr1;3;4\r\nr2;"{huge}\r\nmeer";4\r\nr3;3;4\r\n', encoding="utf-8"
    )
    result, rows = batch(tmp_path, export)
    assert result.exit_code == 1
    assert [r[0] for r in rows[1:]] == ["r1", "r3"]
    assert errors(result) == [
        f"fout: {export}:3: een cel is groter dan 131.072 tekens; deze rij is overgeslagen"
    ]


def test_nul_bytes_do_not_reach_the_output(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes(
        b'respondent;school;regio.honkvast\r\nr\x001;Het\x00 Baken;3\r\nr2;"De\x00 Vaart";3\r\n'
    )
    result, _ = batch(tmp_path, export)
    assert result.exit_code == 0, result.stderr
    written = (tmp_path / "uit.csv").read_bytes()
    assert b"\x00" not in written
    assert b"r1;Het Baken;" in written and b"De Vaart" in written


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("a,=HYPERLINK(1)", "a,'=HYPERLINK(1)"),
        ("=1+1", "'=1+1"),
        ("x,+31 6", "x,'+31 6"),
        ("Smit, De Wit", "Smit, De Wit"),
        ("1,5", "1,5"),
    ],
)
def test_formulas_are_dead_with_either_separator(cell: str, expected: str) -> None:
    assert csv_field(cell) == expected
    for separator in (";", ","):  # no field of the line starts a formula, either way read
        for field in csv_field(cell).split(separator):
            assert not field.startswith(("=", "+", "-", "@"))


def workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["respondent", "regio.honkvast"])
    sheet.append(["r1", 3])
    book.save(path)
    return path


def rewrite(source: Path, target: Path, change: Any) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return target


def test_xlsx_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(40):
                sheet.write(b"<row/>" * (1 << 20))
    assert bomb.stat().st_size < 1_000_000
    result, rows = batch(tmp_path, bomb)
    assert result.exit_code == 1 and rows == []
    assert "pakt uit tot 252 MB" in errors(result)[0]


def broken_sheet(name: str, data: bytes) -> bytes:
    return data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data


def without_sheets(name: str, data: bytes) -> bytes | None:
    return None if name.startswith("xl/worksheets/") else data


LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "ha"}">' for i in range(9))


def entity_trick(name: str, data: bytes) -> bytes:
    if name != "xl/worksheets/sheet1.xml":
        return data
    text = data.decode().split("?>", 1)[-1]
    text = f"<!DOCTYPE worksheet [{LAUGHS}]>" + text.replace(">r1<", ">&l8;<")
    return text.encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (broken_sheet, "kan dit Excel-bestand niet lezen: het is beschadigd"),
        (without_sheets, "dit Excel-bestand heeft geen werkblad"),
        (entity_trick, "kan dit Excel-bestand niet lezen: het is beschadigd"),
    ],
)
def test_malformed_xlsx_gets_a_dutch_message(tmp_path: Path, change: Any, message: str) -> None:
    export = rewrite(workbook(tmp_path / "goed.xlsx"), tmp_path / "kapot.xlsx", change)
    result, rows = batch(tmp_path, export)
    assert result.exit_code == 1 and rows == []
    assert message in errors(result)[0]
    assert "Traceback" not in result.stderr


def test_not_a_zip_with_the_xlsx_extension(tmp_path: Path) -> None:
    export = tmp_path / "nep.xlsx"
    export.write_text("respondent;regio.honkvast\r\n", encoding="utf-8")
    result, _ = batch(tmp_path, export)
    assert result.exit_code == 1
    assert "dit Excel-bestand is beschadigd of geen .xlsx" in errors(result)[0]
