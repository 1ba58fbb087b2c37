"""Reading exports: encoding and delimiter detection, CSV/XLSX rows, header and cell mapping,
koppeling files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scan.bank import WEET_NIET, BankSet
from scan.batch.columns import (
    CellError,
    Koppeling,
    load_koppeling,
    partner_kind,
    plan_columns,
    template_columns,
)
from scan.errors import ScanError
from scan.io.exports import (
    check_encoding,
    column_letter,
    detect_delimiter,
    detect_encoding,
    open_export,
    parse_delimiter,
)

EXPORTS = Path(__file__).parent.parent / "fixtures" / "exports"


# --- encoding and delimiter ---


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("respondent;school\r\n1;Café".encode("utf-8-sig"), "utf-8-sig"),
        ("respondent;school\r\n1;Café".encode(), "utf-8"),
        ("respondent;school\r\n1;Café – Noord".encode("cp1252"), "cp1252"),
        ("respondent\tschool\r\n1\tCafé".encode("utf-16"), "utf-16"),
        (b"respondent;school\r\n1;plain ascii", "utf-8"),
    ],
)
def test_detect_encoding(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert detect_encoding(path) == expected


def test_cp1252_found_even_when_the_accent_comes_late(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(
        b"respondent;school\r\n" + b"1;a\r\n" * 100_000 + "2;Caf\xe9".encode("latin-1")
    )
    assert detect_encoding(path) == "cp1252"


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        # commas inside question texts and decimal commas must not fool it
        ("respondent;Hoe honkvast, denkend aan jongeren?;b\r\n1;3,0;2\r\n2;4;1\r\n", ";"),
        ('respondent,"Tekst; met puntkomma",b\n1,3,2\n2,"a;b",1\n', ","),
        ("respondent\tschool\tregio.honkvast\n1\tHet Baken, Noord\t3\n", "\t"),
        ("respondent;school;team\r\n", ";"),
        ("respondent\r\n1\r\n", ";"),
    ],
)
def test_detect_delimiter(sample: str, expected: str) -> None:
    assert detect_delimiter(sample) == expected


def test_delimiter_and_encoding_options() -> None:
    assert parse_delimiter("tab") == "\t"
    assert parse_delimiter(";") == ";"
    assert check_encoding("CP1252") == "cp1252"
    with pytest.raises(ScanError, match="scheidingsteken"):
        parse_delimiter("x")
    with pytest.raises(ScanError, match="tekencodering"):
        check_encoding("klingon")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


# --- rows ---


def test_dutch_excel_csv(test_banks: BankSet) -> None:
    export = open_export(EXPORTS / "excel-puntkomma.csv")
    assert (export.encoding, export.delimiter) == ("cp1252", ";")
    assert export.header[:3] == ["respondent", "school", "team"]
    rows = list(export.rows())
    assert len(rows) == 5
    assert rows[3][3] == "coördinator"
    assert rows[4][1] == "De Vaart – locatie Noord"
    assert rows[4][-1] == "Tijd; uren"  # a quoted cell holding the delimiter


def test_xlsx_cells_become_text() -> None:
    export = open_export(EXPORTS / "antwoorden.xlsx")
    assert export.kind == "xlsx"
    rows = list(export.rows())
    assert rows[0][6:9] == ["3", "4", "Helemaal niet"]  # 4.0 in the sheet reads as "4"
    assert rows[1][3] == '=HYPERLINK("http://x")'
    assert not any(rows[2])  # the empty row stays, as an empty row


_cell = st.text(st.sampled_from('ab;,"\n\r é='), max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    table=st.lists(st.lists(_cell, min_size=3, max_size=3), min_size=1, max_size=8),
    delimiter=st.sampled_from([";", ",", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
)
def test_rows_read_back_what_csv_wrote(
    tmp_path_factory: pytest.TempPathFactory, table: list[list[str]], delimiter: str, quoting: int
) -> None:
    """The fast line-splitting reader agrees with the csv module on any table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    writer.writerow(["respondent", "x", "y"])
    writer.writerows(table)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    export = open_export(path, "utf-8", delimiter)
    expected = list(csv.reader(io.StringIO(buffer.getvalue(), newline=""), delimiter=delimiter))
    assert [r for r in export.rows() if r] == [r for r in expected[1:] if r]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("leeg.csv", b"", "leeg"),
        ("oud.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("kapot.xlsx", b"PK\x03\x04 not really a zip", "Excel-bestand"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ScanError, match=message) as caught:
        open_export(path)
    assert caught.value.problems[0].file == str(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScanError, match="bestaat niet"):
        open_export(tmp_path / "nergens.csv")


def test_wrong_encoding_named_with_row(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"respondent;school\r\n1;a\r\n2;Caf\xe9\r\n")
    with pytest.raises(ScanError, match="--codering") as caught:
        list(open_export(path, "utf-8", ";").rows())
    assert caught.value.problems[0].line == 3


# --- header mapping ---


def test_headers_by_id_text_and_identity(test_banks: BankSet) -> None:
    header = [
        "Respondent",
        "SCHOOL",
        "Partner Soort",
        "regio.honkvast",
        "  kent u de opbouw   van de BEVOLKING? ",
        "regio.bedrijven",
        "",
    ]
    plan = plan_columns(header, test_banks, "x.csv")
    assert (plan.key, plan.identity) == (0, {"school": 1})
    assert plan.slots == []  # a kind without partner name and answers: no partner
    assert [c.qid for c in plan.answers] == ["regio.honkvast", "regio.bevolking"]
    assert plan.blank == [6]  # open question regio.bedrijven is known but not scored


def test_unknown_columns_listed_with_closest_question(test_banks: BankSet) -> None:
    header = ["respondent", "regio.honkvst", "Hoe honkvast is de regionale bevolkin?", "Tijdstip"]
    with pytest.raises(ScanError) as caught:
        plan_columns(header, test_banks, "x.csv")
    messages = [str(p) for p in caught.value.problems]
    assert "x.csv:1: kolom B 'regio.honkvst': onbekende kolom (bedoelt u 'regio.honkvast'?)" in (
        messages
    )
    assert any("kolom C" in m and "'regio.honkvast'?" in m for m in messages)
    assert any("kolom D 'Tijdstip': onbekende kolom" in m for m in messages)
    assert "--koppeling" in messages[-1]


def test_missing_respondent_and_partner_columns(test_banks: BankSet) -> None:
    with pytest.raises(ScanError) as caught:
        plan_columns(["school", "partner.regels"], test_banks, "x.csv")
    text = str(caught.value)
    assert "'respondent' ontbreekt" in text
    assert "'partner' ontbreekt" in text


def test_doubled_column(test_banks: BankSet) -> None:
    header = ["respondent", "regio.honkvast", "Hoe honkvast is de regionale bevolking?"]
    with pytest.raises(ScanError, match="staat al in kolom B"):
        plan_columns(header, test_banks, "x.csv")


def test_template_columns(test_banks: BankSet) -> None:
    columns = template_columns(test_banks)
    assert columns[:6] == ["respondent", "school", "team", "rol", "partner", "partner_soort"]
    assert columns[6:] == [qid for bank in test_banks for qid in bank.questions]
    plan_columns(columns, test_banks, "sjabloon.csv")  # a template maps as it is


# --- cell mapping ---


def _column(banks: BankSet, qid: str, koppeling: Koppeling | None = None):  # type: ignore[no-untyped-def]
    plan = plan_columns(["respondent", qid], banks, "x.csv", koppeling)
    return (plan.answers + plan.partner_answers)[0]


def _value(column, cell: str):  # type: ignore[no-untyped-def]
    found = column.table.get(cell)
    return found if found is not None else column.resolve(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3", 3),
        (" 3 ", 3),
        ("3,0", 3),
        ("3.0", 3),
        ("Grotendeels", 3),
        ("GROTENDEELS", 3),
        ("  een   beetje ", 2),
        ("weet niet", WEET_NIET),
        ("Weet niet", WEET_NIET),
        ("weet_niet", WEET_NIET),
    ],
)
def test_cells_by_value_or_label(test_banks: BankSet, cell: str, expected: object) -> None:
    assert _value(_column(test_banks, "regio.honkvast"), cell) == expected


def test_bad_cells_say_why(test_banks: BankSet) -> None:
    column = _column(test_banks, "regio.honkvast")
    with pytest.raises(CellError, match=r"waarde 7 staat niet op de schaal \(1, 2, 3, 4\)"):
        _value(column, "7")
    with pytest.raises(
        CellError, match="onbekend antwoord 'Grotendels' \\(bedoelt u 'Grotendeels'"
    ):
        _value(column, "Grotendels")


def test_partner_kinds() -> None:
    assert partner_kind("MBO") == "mbo"
    assert partner_kind("") == "anders"
    with pytest.raises(CellError, match="bedoelt u 'bedrijf'"):
        partner_kind("bedrijff")


# --- koppeling ---


def _koppeling(tmp_path: Path, text: str, banks: BankSet) -> Koppeling:
    path = tmp_path / "koppeling.yaml"
    path.write_text(text, encoding="utf-8")
    return load_koppeling(path, banks)


def test_koppeling_maps_headers_and_labels(tmp_path: Path, test_banks: BankSet) -> None:
    koppeling = _koppeling(
        tmp_path,
        "kolommen:\n  'A1[SQ001]': regio.honkvast\n  Naam school: school\n"
        "labels:\n  Nauwelijks: 2\n  '-': weet niet\n  eens:\n    AO01: 1\n"
        "negeren: [Tijdstip]\n",
        test_banks,
    )
    plan = plan_columns(
        ["respondent", "naam  school", "A1[SQ001]", "Tijdstip", "team.steun"],
        test_banks,
        "x.csv",
        koppeling,
    )
    assert (plan.key, plan.identity) == (0, {"school": 1})
    honkvast, steun = plan.answers
    assert honkvast.qid == "regio.honkvast"
    assert _value(honkvast, "nauwelijks") == 2
    assert _value(honkvast, "-") == WEET_NIET
    assert _value(steun, "AO01") == 1
    with pytest.raises(CellError):
        _value(honkvast, "AO01")  # a label of another scale only


def test_koppeling_label_off_the_scale_of_a_column(tmp_path: Path, test_banks: BankSet) -> None:
    koppeling = _koppeling(tmp_path, "labels:\n  Heel erg: 4\n", test_banks)
    steun = _column(test_banks, "team.steun", koppeling)  # scale 'eens' runs 1-3
    with pytest.raises(CellError, match="waarde 4, maar die staat niet op de schaal"):
        _value(steun, "heel erg")


def test_koppeling_errors_are_located(tmp_path: Path, test_banks: BankSet) -> None:
    with pytest.raises(ScanError) as caught:
        _koppeling(
            tmp_path,
            "kolommen:\n  X: regio.honkvst\nlabels:\n  Soms: vaak\n  mate:\n    Ok: 9\n"
            "  schaaal:\n    Ok: 1\n",
            test_banks,
        )
    found = [(p.line, p.message) for p in caught.value.problems]
    assert any(line == 2 and m.startswith("onbekend doel 'regio.honkvst'") for line, m in found)
    assert (4, "verwacht een waarde (getal) of 'weet niet', niet 'vaak'") in found
    assert any(line == 6 and "waarde 9 staat niet op schaal 'mate'" in m for line, m in found)
    assert any(line == 8 and "onbekende schaal 'schaaal'" in m for line, m in found)
    with pytest.raises(ScanError, match="onbekend veld"):
        _koppeling(tmp_path, "kolomen: {}\n", test_banks)
