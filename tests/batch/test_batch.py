"""``scan batch`` and ``scan sjabloon`` end to end: every respondent of an export scored exactly
as the same answers in an answer file would be (``scan.scoring.build.score``), bad respondents
named and left out, Dutch Excel output, group and quality tables."""

from __future__ import annotations

import csv
import io
import json
import statistics
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from scan.answers import AnswerFile, PartnerAnswers, Respondent
from scan.bank import WEET_NIET, BankSet
from scan.batch.rows import result_columns
from scan.batch.tables import _Sums
from scan.cli.commands import app
from scan.result import result_data
from scan.scoring.build import score
from scan.scoring.team import spread

FIXTURES = Path(__file__).parent.parent / "fixtures"
EXPORTS = FIXTURES / "exports"
BANKS = str(FIXTURES / "banken")
W = WEET_NIET


def batch(runner: CliRunner, *args: str | Path) -> Any:
    return runner.invoke(app, ["batch", *map(str, args), "--vragenlijsten", BANKS])


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def af(
    name: str,
    answers: dict[str, Any],
    partners: list[tuple[str, str, dict[str, Any]]] = (),  # type: ignore[assignment]
    **who: str,
) -> AnswerFile:
    return AnswerFile(
        respondent=Respondent(name=name, **who),
        answers=answers,
        partners=[PartnerAnswers(name=n, kind=k, answers=a) for n, k, a in partners],
    )


def expected_row(banks: BankSet, answers: AnswerFile) -> dict[str, str]:
    """The result columns of an answer file scored by the ordinary path, as Dutch CSV text."""
    result = score(banks, answers)
    row = {"respondent": answers.respondent.name or ""}
    for bank in banks:
        side = result.sides[bank.side]
        row[bank.side] = _text(side.score)
        row[f"{bank.side}.niveau"] = side.level or ""
        for dim in bank.dimensions:
            row[f"{bank.side}.{dim.id}"] = _text(side.dimensions[dim.id].score)
    return row


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def scores_only(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [
        {k: v for k, v in r.items() if k not in {"school", "team", "rol", "onvolledig"}}
        for r in rows
    ]


REGIO = ("honkvast", "bevolking", "krimp", "werkgelegenheid", "innovatie")
PARTNER = ("regels", "examens", "contactpersoon", "vorm", "persoon")
TEAM = ("steun", "urgentie", "uren", "tijdgebrek")


def answers_of(regio: tuple[Any, ...], team: tuple[Any, ...], **extra: Any) -> dict[str, Any]:
    found = {f"regio.{q}": v for q, v in zip(REGIO, regio, strict=True) if v is not None}
    found |= {f"team.{q}": v for q, v in zip(TEAM, team, strict=True) if v is not None}
    return found | extra


def partner(name: str, kind: str, values: tuple[Any, ...]) -> tuple[str, str, dict[str, Any]]:
    answers = {f"partner.{q}": v for q, v in zip(PARTNER, values, strict=True) if v is not None}
    return name, kind, answers


# --- the fixture exports ---


def test_dutch_excel_export(runner: CliRunner, tmp_path: Path, test_banks: BankSet) -> None:
    out = tmp_path / "resultaten.csv"
    result = batch(runner, EXPORTS / "excel-puntkomma.csv", "-o", out)
    assert result.exit_code == 0, result.output
    rows = read_csv(out)
    expected = [
        af(
            "1001",
            answers_of((3, 4, 1, 2, W), (3, 2, 3, 1)),
            [
                partner("ROC Midden", "mbo", (2, 3, 4, 3, 2)),
                partner("Zorggroep Noord", "instelling", (4, 4, 3, 5, 1)),
            ],
        ),
        af(
            "1002",
            answers_of((2, 3, 2, 3, 3), (2, 2, 2, 2)),
            [partner("ROC Midden", "mbo", (1, 1, 2, 2, 4))],
        ),
        af("1003", answers_of((4, 4, 1, 4, 4), (3, 3, 3, 1))),
        af(
            "2001",
            answers_of((1, 1, 4, W, W), (1, 1, 2, 3)),
            [partner("Installatiebedrijf Jansen", "bedrijf", (1, 2, 1, 1, 4))],
        ),
    ]
    assert scores_only(rows) == [expected_row(test_banks, a) for a in expected]
    # by hand: demografisch (66.7 + 2·100 + 100) / 4 = 91.7; economisch 33.3 (innovatie weet
    # niet, but half the weight is answered); side A (91.7 + 2·33.3) / 3 = 52.8
    assert (rows[0]["A.demografisch"], rows[0]["A.economisch"], rows[0]["A"]) == (
        "91,7",
        "33,3",
        "52,8",
    )
    assert rows[3]["school"] == "De Vaart – locatie Noord"
    assert rows[2]["rol"] == "coördinator"


def test_output_is_csv_for_dutch_excel(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet
) -> None:
    out = tmp_path / "resultaten.csv"
    assert batch(runner, EXPORTS / "excel-puntkomma.csv", "-o", out).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrespondent;school;team;rol;onvolledig;A;A.niveau;")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and not any(b"\n" in line for line in lines)
    assert b";52,8;structureel;91,7;33,3;" in raw
    assert raw.decode("utf-8-sig").splitlines()[0].split(";") == result_columns(test_banks)


def test_forms_export_with_question_texts_and_labels(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet
) -> None:
    out = tmp_path / "uit.csv"
    result = batch(runner, EXPORTS / "forms-bom.csv", "-o", out)
    assert result.exit_code == 0, result.output
    expected = [
        af("anna@baken.nl", answers_of((3, 4, 1, 2, W), (3, 2, 3, 1))),
        af("bram@baken.nl", answers_of((4, 3, 2, 4, 3), (2, 3, 2, 2))),
        af("carla@baken.nl", answers_of((2, 2, 3, W, 1), (1, 1, 1, 3))),
    ]
    assert scores_only(read_csv(out)) == [expected_row(test_banks, a) for a in expected]


def test_xlsx_export_to_xlsx(runner: CliRunner, tmp_path: Path, test_banks: BankSet) -> None:
    out = tmp_path / "uit.xlsx"
    result = batch(runner, EXPORTS / "antwoorden.xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == result_columns(test_banks)
    assert len(rows) == 4  # the empty row in the export is skipped
    first = af(
        "R-01",
        answers_of((3, 4, 1, 3, W), (3, 2, 3, 1)),
        [partner("ROC Midden", "mbo", (2, 3, None, None, None))],
    )
    expected = score(test_banks, first)
    assert rows[1][5] == expected.sides["A"].score
    assert isinstance(rows[1][5], float | int)  # a number cell, not text
    # text a spreadsheet would run as a formula is neutralised
    assert rows[2][0] == "'@R-02"
    assert rows[2][3] == '\'=HYPERLINK("http://x")'
    assert sheet["D3"].data_type == "s"


def test_limesurvey_export_with_koppeling(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet
) -> None:
    out = tmp_path / "uit.csv"
    result = batch(
        runner,
        EXPORTS / "limesurvey.csv",
        "--koppeling",
        EXPORTS / "limesurvey-koppeling.yaml",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    expected = [
        af("17", answers_of((3, 4, 1, 2, W), (3, 2, 3, 1))),
        af("18", answers_of((2, 2, 3, 3, 3), (2, 2, 1, 2))),
        af("21", answers_of((4, 4, 1, 4, 4), (3, 3, 3, 1))),
    ]
    rows = read_csv(out)
    assert scores_only(rows) == [expected_row(test_banks, a) for a in expected]
    assert rows[1]["rol"] == "mentor"


def test_stdout(runner: CliRunner) -> None:
    result = batch(runner, EXPORTS / "forms-bom.csv", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.lstrip("\ufeff").startswith("respondent;school;team;rol;onvolledig;A;")
    assert "anna@baken.nl;Het Baken;Techniek;docent;;52,8;" in result.stdout
    assert "3 respondenten gescoord" in result.stderr


def test_json_output(runner: CliRunner, tmp_path: Path, test_banks: BankSet) -> None:
    out = tmp_path / "uit.json"
    assert batch(runner, EXPORTS / "forms-bom.csv", "-o", out).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    first = af(
        "anna@baken.nl",
        answers_of((3, 4, 1, 2, W), (3, 2, 3, 1)),
        school="Het Baken",
        team="Techniek",
        role="docent",
    )
    assert len(data) == 3
    assert data[0] == result_data(score(test_banks, first))


# --- bad input ---


def write_export(tmp_path: Path, lines: list[str], name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


HEADER = "respondent;team;partner;regio.honkvast;regio.krimp;partner.regels"


def test_bad_cells_leave_out_only_their_respondent(runner: CliRunner, tmp_path: Path) -> None:
    export = write_export(
        tmp_path,
        [
            HEADER,
            "r1;A;;3;2;",
            "r2;A;;7;2;",  # not on the scale
            "r3;A;;3;Soms;",  # unknown label
            "r4;A;ROC;3;2;2",
            "r4;A;ROC;3;2;3",  # conflicting answers for the same partner
            "r5;B;;2;2;",
            "r6;B;;3;1;4",  # a partner answer without partner
            "r5;B;;2;2;",  # respondent r5 again, not adjacent
        ],
    )
    out = tmp_path / "uit.csv"
    result = batch(runner, export, "-o", out)
    assert result.exit_code == 1
    errors = " ".join(result.stderr.split())
    where = f"{export}:"
    assert f"{where}3: kolom D 'regio.honkvast': respondent 'r2': waarde 7 staat niet op" in errors
    assert f"{where}4: kolom E 'regio.krimp': respondent 'r3': onbekend antwoord 'Soms'" in errors
    assert (
        f"{where}6: kolom F 'partner.regels': respondent 'r4': tegenstrijdige antwoorden 2 (rij 5)"
        " en 3" in errors
    )
    assert f"{where}8: kolom F 'partner.regels': respondent 'r6': antwoorden op partnervragen" in (
        errors
    )
    assert (
        f"{where}9: kolom A 'respondent': respondent 'r5': komt eerder in de export al voor"
        in errors
    )
    assert "5 respondenten overgeslagen" in errors
    assert [r["respondent"] for r in read_csv(out)] == ["r1", "r5"]


def test_every_row_without_respondent_is_named(runner: CliRunner, tmp_path: Path) -> None:
    export = write_export(tmp_path, [HEADER, ";A;;3;2;", ";B;;2;2;", "r1;A;;3;2;"])
    out = tmp_path / "uit.csv"
    result = batch(runner, export, "-o", out)
    assert result.exit_code == 1
    errors = " ".join(result.stderr.split())
    for row in (2, 3):  # not only the first: the second is no respondent with an empty id
        assert f"{export}:{row}: kolom A 'respondent': rij zonder respondent" in errors
    assert [r["respondent"] for r in read_csv(out)] == ["r1"]


def test_merged_rows_of_one_respondent(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet
) -> None:
    export = write_export(
        tmp_path,
        [
            HEADER,
            "r1;A;ROC Midden;3;;1",
            "r1;A;roc  midden;;2;",  # the same partner, spelled differently: merged
            "r1;A;Bedrijf;3;;4",  # the same answer again is no conflict
        ],
    )
    out = tmp_path / "uit.csv"
    assert batch(runner, export, "-o", out).exit_code == 0
    expected = af(
        "r1",
        {"regio.honkvast": 3, "regio.krimp": 2},
        [
            ("ROC Midden", "anders", {"partner.regels": 1}),
            ("Bedrijf", "anders", {"partner.regels": 4}),
        ],
    )
    assert scores_only(read_csv(out)) == [expected_row(test_banks, expected)]


def test_header_problems_write_nothing(runner: CliRunner, tmp_path: Path) -> None:
    good = write_export(tmp_path, [HEADER, "r1;A;;3;2;"], "goed.csv")
    bad = write_export(tmp_path, ["naam;regio.honkvst", "x;3"], "fout.csv")
    out = tmp_path / "uit.csv"
    out.write_text("oud", encoding="utf-8")
    result = batch(runner, good, bad, "-o", out)
    assert result.exit_code == 1
    text = " ".join(result.stderr.split())
    assert "'respondent' ontbreekt" in text
    assert "kolom B 'regio.honkvst': onbekende kolom (bedoelt u 'regio.honkvast'?)" in text
    assert "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fout.csv", "goed.csv", "uit.csv"]


def test_unknown_extension_and_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = batch(runner, EXPORTS / "forms-bom.csv", "-o", tmp_path / "uit.txt")
    assert result.exit_code == 1 and "onbekende extensie" in result.stderr
    result = batch(runner, tmp_path / "nergens.csv", "-o", tmp_path / "uit.csv")
    assert result.exit_code == 1 and "bestaat niet" in result.stderr
    result = batch(runner, EXPORTS / "forms-bom.csv", "-o", "-", "--groepeer", "klas")
    assert result.exit_code == 2


# --- group and quality tables ---


def test_group_table(runner: CliRunner, tmp_path: Path, test_banks: BankSet) -> None:
    lines = [HEADER]
    values = {"Zorg": [(1, 1), (2, 1), (4, 1), (4, 2)], "Techniek": [(3, 3), (2, 2)]}
    for team, pairs in values.items():
        lines += [f"{team}{i};{team};;{a};{b};" for i, (a, b) in enumerate(pairs)]
    export = write_export(tmp_path, lines)
    out = tmp_path / "uit.csv"
    result = batch(runner, export, "-o", out, "--groepeer", "team")
    assert result.exit_code == 0, result.output
    groups = (tmp_path / "uit-groepen.csv").read_text(encoding="utf-8-sig").splitlines()
    table = list(csv.DictReader(groups[:-1], delimiter=";"))
    assert [(g["team"], g["respondenten"]) for g in table] == [("Zorg", "4")]
    assert groups[-1].startswith("1 groep met minder dan 3 respondenten weggelaten")
    results = [
        score(test_banks, af("x", {"regio.honkvast": a, "regio.krimp": b}))
        for a, b in values["Zorg"]
    ]
    found = spread(r.sides["A"].dimensions["demografisch"].score for r in results)
    assert table[0]["A.demografisch"] == _text(found.mean)
    assert table[0]["A.demografisch.sd"] == _text(found.sd)
    assert table[0]["A.demografisch.n"] == "4"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=30))
def test_group_sums_agree_with_team_spread(tenths: list[int]) -> None:
    sums = _Sums()
    for t in tenths:
        sums.add(t)
    found = spread(t / 10 for t in tenths)
    assert (_points(sums.mean_tenths()), sums.sd(), sums.n) == (found.mean, found.sd, found.n)


def _points(tenths: int | None) -> float | None:
    return None if tenths is None else tenths / 10


def test_quality_table(runner: CliRunner, tmp_path: Path) -> None:
    header = "respondent;regio.honkvast;regio.bevolking;regio.krimp;regio.werkgelegenheid"
    demografisch = [
        (1, 1, 4), (2, 1, 4), (2, 2, 3), (3, 2, 3), (3, 3, 2), (4, 3, 2),
        (4, 4, 1), (3, 4, 1), (2, 3, 2), (1, 2, 4), (4, 4, 2), (3, 3, 3),
    ]  # fmt: skip
    lines = [header] + [f"r{i};{a};{b};{c};weet niet" for i, (a, b, c) in enumerate(demografisch)]
    lines.append("r99;weet niet;weet niet;;2")
    export = write_export(tmp_path, lines)
    quality = tmp_path / "kwaliteit.csv"
    result = batch(runner, export, "-o", tmp_path / "uit.csv", "--kwaliteit", quality)
    assert result.exit_code == 0, result.output
    rows = {r["onderdeel"]: r for r in read_csv(quality)}
    # Cronbach's alpha by the textbook formula on the item scores (krimp turned round)
    items = [
        [(a - 1) / 3 * 100, (b - 1) / 3 * 100, 100 - (c - 1) / 3 * 100] for a, b, c in demografisch
    ]
    k = 3
    item_var = sum(statistics.variance(col) for col in zip(*items, strict=True))
    total_var = statistics.variance([sum(row) for row in items])
    alpha = k / (k - 1) * (1 - item_var / total_var)
    demo = rows["demografisch"]
    assert demo["alfa"] == f"{alpha:.2f}".replace(".", ",")
    assert (demo["n"], demo["volledig"], demo["vragen"]) == ("13", "12", "3")
    assert demo["weet_niet_%"] == _text(round(100 * 2 / (36 + 2), 1))
    eco = rows["economisch"]
    assert (eco["n"], eco["alfa"]) == ("13", "")
    assert "te weinig" in eco["waarschuwing"]
    assert eco["weet_niet_%"] == _text(round(100 * 12 / 13, 1))


def test_low_alpha_is_flagged(runner: CliRunner, tmp_path: Path) -> None:
    # two questions that disagree: alpha is negative
    pairs = [(1, 4), (4, 1), (2, 3), (3, 2)] * 3
    lines = ["respondent;team.steun;team.urgentie"] + [
        f"r{i};{min(a, 3)};{min(b, 3)}" for i, (a, b) in enumerate(pairs)
    ]
    quality = tmp_path / "kwaliteit.xlsx"
    result = batch(
        runner, write_export(tmp_path, lines), "-o", tmp_path / "u.csv", "--kwaliteit", quality
    )
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(quality).active.iter_rows(values_only=True))
    draagvlak = next(r for r in rows if r[2] == "draagvlak")
    assert draagvlak[8] < 0.6
    assert "lage samenhang" in draagvlak[9]


# --- the template ---


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_imports_as_it_is(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet, suffix: str
) -> None:
    template = tmp_path / f"sjabloon{suffix}"
    result = runner.invoke(app, ["sjabloon", "-o", str(template), "--vragenlijsten", BANKS])
    assert result.exit_code == 0, result.output
    header = ["respondent", "school", "team", "rol", "partner", "partner_soort"]
    header += [qid for bank in test_banks for qid in bank.questions]
    if suffix == ".csv":
        assert template.read_bytes() == ("\ufeff" + ";".join(header) + "\r\n").encode()
        with template.open("a", encoding="utf-8", newline="") as handle:
            handle.write("r1;S;T;docent;ROC;mbo;3;4;1;2;3;tekst;2;2;2;2;2;3;3;3;1;\r\n")
    else:
        book = load_workbook(template)
        assert [c.value for c in book.active[1]] == header
        book.active.append(["r1", "S", "T", "docent", "ROC", "mbo", 3, 4, 1, 2, 3, "tekst"])
        book.save(template)
    out = tmp_path / "uit.csv"
    assert batch(runner, template, "-o", out).exit_code == 0
    assert [r["respondent"] for r in read_csv(out)] == ["r1"]


# --- both reading paths score like answer files ---

_VALUES = st.sampled_from(["", "1", "2", "3", "4", "weet niet", "Grotendeels", "EEN BEETJE"])
_EENS = st.sampled_from(["", "1", "2", "3", "Weet niet", "eens", "Oneens"])
_LABELS = {"grotendeels": 3, "een beetje": 2, "eens": 3, "oneens": 1, "weet niet": W}


def _parse(cell: str) -> Any:
    return _LABELS.get(cell.lower(), int(cell) if cell.isdigit() else None)


_ROW = st.tuples(
    st.sampled_from(["", "ROC Midden", "Bedrijf"]),
    st.lists(_VALUES, min_size=5, max_size=5),
    st.lists(_VALUES, min_size=2, max_size=2),
    st.lists(_EENS, min_size=4, max_size=4),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(_ROW, st.booleans()), min_size=1, max_size=12), st.booleans())
def test_batch_scores_like_answer_files(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet, respondents: list[Any], keep: bool
) -> None:
    """Random exports — one row per respondent (the direct paths: memoised dimensions, or
    answers kept for the quality table) or a second, partner-only row (the merging path) —
    give exactly the scores of the same answers in answer files."""
    lines = [
        "respondent;partner;regio.honkvast;regio.bevolking;regio.krimp;regio.werkgelegenheid;"
        "regio.innovatie;partner.regels;partner.examens;team.steun;team.urgentie;team.uren;"
        "team.tijdgebrek"
    ]
    expected = []
    for i, ((name, regio, regels, team), second) in enumerate(respondents):
        regels = regels if name else ["", ""]
        lines.append(";".join([f"r{i}", name, *regio, *regels, *team]))
        partners = []
        if name:
            partners.append((name, "anders", _answers("partner", ("regels", "examens"), regels)))
        if second:
            lines.append(f"r{i};Extra;;;;;;4;weet niet;;;;")
            partners.append(("Extra", "anders", {"partner.regels": 4, "partner.examens": W}))
        answers = _answers("regio", REGIO, regio) | _answers("team", TEAM, team)
        expected.append(expected_row(test_banks, af(f"r{i}", answers, partners)))
    path = tmp_path / "random.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    quality = ["--kwaliteit", str(tmp_path / "kwaliteit.csv")] if keep else []
    arguments = ["batch", str(path), "-o", "-", "--vragenlijsten", BANKS, *quality]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert scores_only(rows) == expected


def _answers(bank: str, ids: tuple[str, ...], cells: list[str]) -> dict[str, Any]:
    return {f"{bank}.{q}": _parse(c) for q, c in zip(ids, cells, strict=True) if c}


def test_many_respondents_in_a_workbook(runner: CliRunner, tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["respondent", "regio.honkvast"])
    for i in range(300):
        sheet.append([f"r{i}", i % 4 + 1])
    export = tmp_path / "veel.xlsx"
    book.save(export)
    out = tmp_path / "uit.csv"
    assert batch(runner, export, "-o", out).exit_code == 0
    assert len(read_csv(out)) == 300


def test_formulas_are_neutralised_in_csv(runner: CliRunner, tmp_path: Path) -> None:
    export = write_export(
        tmp_path,
        [
            "respondent;school;team;rol;regio.honkvast",
            "=1+1;+31 6;-2;@SUM(A1);3",
            '"\tx";"a;b";"say ""hi""";=cmd|x;2',
            "gewoon;De Vaart;Zorg;docent-mentor;1",
        ],
    )
    out = tmp_path / "uit.csv"
    assert batch(runner, export, "-o", out).exit_code == 0
    rows = read_csv(out)
    assert [(r["respondent"], r["school"], r["team"], r["rol"]) for r in rows] == [
        ("'=1+1", "'+31 6", "'-2", "'@SUM(A1)"),
        ("x", "a;b", 'say "hi"', "'=cmd|x"),  # identity cells are stripped
        ("gewoon", "De Vaart", "Zorg", "docent-mentor"),
    ]


@given(st.lists(st.one_of(st.text(), st.none(), st.sampled_from([0.0, 66.7, 100.0])), min_size=2))
def test_csv_text_is_what_csv_writer_writes(cells: list[Any]) -> None:
    """The fast CSV lines of the result table are exactly csv.writer's (quotes included)."""
    from scan.io.writers import csv_fields, csv_texts

    assert csv_fields(cells) + "\r\n" == _written(cells)
    texts = [c for c in cells if isinstance(c, str)]
    if len(texts) > 1:
        assert csv_texts(texts) + "\r\n" == _written(texts)


def _written(cells: list[Any]) -> str:
    """A row as CsvTable.write_row writes it, through csv.writer."""
    from scan.io.writers import csv_cell

    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerow(map(csv_cell, cells))
    return text.getvalue()


def test_neutralise() -> None:
    from scan.io.writers import csv_cell, neutralise

    for text in ("=A1", "+1", "-1", "@x", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("a=b") == "a=b"
    assert (csv_cell(66.7), csv_cell(0.25), csv_cell(3), csv_cell(None)) == (
        "66,7",
        "0,25",
        "3",
        "",
    )


@pytest.mark.parametrize("where", ["nergens/uit.csv", "nergens/uit.xlsx", ".", "kwaliteit"])
def test_unwritable_outputs_fail_before_the_work(
    runner: CliRunner, tmp_path: Path, where: str
) -> None:
    out = tmp_path / where if where != "kwaliteit" else tmp_path / "uit.csv"
    extra = ["--kwaliteit", str(tmp_path / "nergens" / "k.csv")] if where == "kwaliteit" else []
    result = batch(runner, EXPORTS / "forms-bom.csv", "-o", out, *extra)
    assert result.exit_code == 1
    assert "kan hier niet schrijven" in result.stderr or "is een map" in result.stderr
    assert "gescoord" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_groups_ignore_case_and_spaces_like_team_results(runner: CliRunner, tmp_path: Path) -> None:
    # "Het Baken"/"het  baken" are one school everywhere (scan.scoring.team.group_key)
    lines = [HEADER]
    lines += [f"r{i};{team};;1;1;" for i, team in enumerate(["Zorg", "zorg ", " ZORG", "Zorg"])]
    export = write_export(tmp_path, lines)
    out = tmp_path / "uit.csv"
    result = batch(runner, export, "-o", out, "--groepeer", "team")
    assert result.exit_code == 0, result.output
    groups = (tmp_path / "uit-groepen.csv").read_text(encoding="utf-8-sig").splitlines()
    table = list(csv.DictReader(groups, delimiter=";"))
    assert [(g["team"], g["respondenten"]) for g in table] == [("Zorg", "4")]
