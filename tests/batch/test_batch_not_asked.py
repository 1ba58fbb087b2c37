"""Batch rows whose partner answered questions it is not asked (``soorten`` excludes its kind):
they are not counted, and one warning per respondent and partner names the row and columns,
as for answer files (tests/test_probes_answers.py). And an export without any answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app
from tests.batch.test_batch_2026_2 import NEW, export

NOT_ASKED = (
    "{path}:{row}: respondent 'r0': partner 'Bakker': 2 antwoorden tellen niet mee, want "
    "die vragen horen niet bij een partner van soort 'bedrijf': kolom I 'partner.regels', "
    "kolom J 'partner.examens'"
)
BAKKER = {"regio.honkvast": "2", "partner.regels": "2", "partner.examens": "3", "partner.vorm": "4"}


def run(runner: CliRunner, path: Path, out: Path) -> tuple[int, str]:
    """The exit code and stderr (whitespace normalised)."""
    result = runner.invoke(app, ["batch", str(path), "-o", str(out), "--vragenlijsten", str(NEW)])
    return result.exit_code, " ".join(result.stderr.split())


def kinds_export(tmp_path: Path, rows: list[tuple[str, str, dict[str, str]]]) -> Path:
    return export(tmp_path, rows).rename(tmp_path / "kinds.csv")


@pytest.mark.parametrize("output", ["uit.csv", "uit.json"])
def test_answers_a_partner_is_not_asked_are_named_in_one_warning_and_not_counted(
    runner: CliRunner, tmp_path: Path, output: str
) -> None:
    path = kinds_export(tmp_path, [("Bakker", "bedrijf", BAKKER)])
    code, text = run(runner, path, tmp_path / output)
    assert code == 0
    assert f"waarschuwing: {NOT_ASKED.format(path=path, row=2)}" in text
    assert text.count("niet mee, want") == 1
    if output == "uit.json":  # the warning says what scoring does
        [result] = json.loads((tmp_path / output).read_text(encoding="utf-8"))
        bakker = result["kanten"]["B"]["partners"][0]["onderdelen"]
        assert bakker["regelgeving"]["vragen"] == 0
        assert bakker["borging"]["beantwoord"] == 1


def test_a_respondent_over_several_rows_gets_one_warning_per_partner_from_its_first_row(
    runner: CliRunner, tmp_path: Path
) -> None:
    rows = [
        ("Bakker", "bedrijf", {"regio.honkvast": "2", "partner.regels": "2"}),
        ("Bakker", "bedrijf", {"partner.examens": "3"}),
        ("ROC", "mbo", {"partner.regels": "4", "partner.examens": "4"}),
    ]
    path = kinds_export(tmp_path, rows)
    text = path.read_text(encoding="utf-8").replace("r1;", "r0;").replace("r2;", "r0;")
    path.write_text(text, encoding="utf-8")
    code, text = run(runner, path, tmp_path / "uit.csv")
    assert code == 0
    assert f"waarschuwing: {NOT_ASKED.format(path=path, row=2)}" in text
    assert text.count("niet mee, want") == 1


def test_answers_a_partner_is_asked_give_no_warning(runner: CliRunner, tmp_path: Path) -> None:
    rows = [("ROC", "mbo", BAKKER), ("Bakker", "bedrijf", {"partner.zoeker": "1"})]
    code, text = run(runner, kinds_export(tmp_path, rows), tmp_path / "uit.csv")
    assert code == 0
    assert "2 respondenten gescoord" in text and "niet mee" not in text


@pytest.mark.parametrize("output", ["uit.csv", "uit.json"])
def test_a_header_only_export_is_an_error_naming_the_file_and_nothing_is_written(
    runner: CliRunner, tmp_path: Path, output: str
) -> None:
    path = kinds_export(tmp_path, [])
    result = runner.invoke(
        app, ["batch", str(path), "-o", str(tmp_path / output), "--vragenlijsten", str(NEW)]
    )
    assert result.exit_code == 1
    assert f"{path}: bevat geen antwoorden: alleen een kopregel" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert not (tmp_path / output).exists()


def test_a_partner_form_row_answering_what_its_partner_is_not_asked_is_warned_about(
    runner: CliRunner, tmp_path: Path
) -> None:
    main = tmp_path / "main.csv"
    main.write_text(
        "ID;Begintijd;Tijd van voltooien;Wat is uw naam?;regio.honkvast\n1;x;x;An;3\n2;x;x;Bo;2\n",
        encoding="utf-8",
    )
    partners = tmp_path / "partners.csv"
    partners.write_text(
        "ID;Begintijd;Tijd van voltooien;Wat is uw naam?;Partner;Soort partner;"
        "Kent u de regels van deze partner?\n"
        "1;x;x;An;ROC Midden;ROC;3\n"
        "2;x;x;An;Garage De Wit;bedrijf;2\n"
        "3;x;x;Bo;ROC Oost;mbo;4\n",
        encoding="utf-8",
    )
    koppeling = tmp_path / "koppeling.yaml"
    koppeling.write_text(
        'sleutel: "Wat is uw naam?"\nnegeren: ["Wat is uw naam?"]\n', encoding="utf-8"
    )
    result = runner.invoke(
        app,
        [
            *("batch", str(main), str(partners), "-o", str(tmp_path / "uit.csv")),
            *("--koppeling", str(koppeling), "--vragenlijsten", str(NEW)),
        ],
    )
    text = " ".join(result.stderr.split())
    assert result.exit_code == 0, text
    assert (
        f"waarschuwing: {partners}:3: respondent 'An': partner 'Garage De Wit': 1 antwoord telt "
        "niet mee, want die vragen horen niet bij een partner van soort 'bedrijf': kolom G "
        "'Kent u de regels van deze partner?'"
    ) in text
    assert text.count("niet mee, want") == 1
