"""Survey-tool exports laid out as each tool writes them (tests/fixtures/exports/tools/<tool>/),
scored with the bundled banks by ``scan batch`` as it comes, without a koppeling, against the
scores computed by hand in each tool's ``expected.json``."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scan.bank import load_bankset
from scan.cli.commands import app

TOOLS = Path(__file__).parent.parent / "fixtures" / "exports" / "tools"


BANKS = os.environ.get("SCAN_FIXTURE_BANKS")
"""The banks the fixtures were made for, when they are not the bundled ones (a folder)."""


def bank_versions() -> dict[str, str]:
    return {bank.id: bank.version for bank in load_bankset(Path(BANKS) if BANKS else None)}


def scenarios() -> list[Any]:
    found = []
    versions = bank_versions()
    for expected in sorted(TOOLS.glob("*/expected.json")):
        data = json.loads(expected.read_text(encoding="utf-8"))
        stale = data["vragenlijsten"] != versions
        marks = (
            [
                pytest.mark.skip(
                    reason=f"fixtures gemaakt voor {data['vragenlijsten']}, vragenlijsten zijn "
                    f"{versions}: draai make_fixtures.py opnieuw (of zet SCAN_FIXTURE_BANKS)"
                )
            ]
            if stale
            else []
        )
        for name, scenario in data["scenarios"].items():
            found.append(
                pytest.param(expected.parent, scenario, id=f"{data['bron']}-{name}", marks=marks)
            )
    return found


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def run(tmp_path: Path, folder: Path, scenario: dict[str, Any]) -> tuple[Any, list[dict[str, str]]]:
    out = tmp_path / "uit.csv"
    args = ["batch", *(str(folder / f) for f in scenario["bestanden"]), "-o", str(out)]
    if BANKS:
        args += ["--vragenlijsten", BANKS]
    options = scenario.get("opties", {})
    text = (folder / options["koppeling"]).read_text("utf-8") if "koppeling" in options else ""
    if options.get("sleutel"):
        text += f"\nsleutel: {options['sleutel']!r}\n"
    if text:
        koppeling = tmp_path / "koppeling.yaml"
        koppeling.write_text(text, encoding="utf-8")
        args += ["--koppeling", str(koppeling)]
    result = CliRunner().invoke(app, args)
    rows: list[dict[str, str]] = []
    if out.exists():
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
    return result, rows


@pytest.mark.parametrize(("folder", "scenario"), scenarios())
def test_tool_export_scores_as_computed_by_hand(
    tmp_path: Path, folder: Path, scenario: dict[str, Any]
) -> None:
    result, rows = run(tmp_path, folder, scenario)
    expected = scenario["respondenten"]
    assert [r["respondent"] for r in rows] == [e["batchrij"]["respondent"] for e in expected]
    for row, each in zip(rows, expected, strict=True):
        assert {k: row[k] for k in each["batchrij"]} == {
            k: cell(v) for k, v in each["batchrij"].items()
        }
        assert row["onvolledig"] == ("ja" if each["onvolledig"] else "")
    if scenario.get("verwachte_meldingen"):
        assert result.exit_code == 1
    else:
        assert result.exit_code == 0, result.stderr
    assert "bron herkend:" in result.stderr


def current(folder: Path) -> dict[str, Any]:
    """The scenarios of a tool's fixtures, when they were made for the banks in use."""
    data = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    if data["vragenlijsten"] != bank_versions():
        pytest.skip(f"fixtures gemaakt voor {data['vragenlijsten']}: make_fixtures.py opnieuw")
    scenarios: dict[str, Any] = data["scenarios"]
    return scenarios


def test_anonymous_partner_form_is_one_message(tmp_path: Path) -> None:
    folder = TOOLS / "forms"
    scenario = current(folder)
    result, rows = run(tmp_path, folder, scenario["anoniem"])
    errors = [line for line in result.stderr.splitlines() if line.startswith("fout:")]
    assert len(errors) == 1
    assert "dezelfde waarde 'anonymous'" in errors[0]
    assert "kolom D 'E-mail'" in errors[0]
    assert len(rows) == 4


def test_partner_form_joins_on_the_e_mail_column_without_koppeling(tmp_path: Path) -> None:
    folder = TOOLS / "google"
    scenario = current(folder)
    joined = dict(scenario["partnerformulier"], opties={})
    result, rows = run(tmp_path, folder, joined)
    assert result.exit_code == 0, result.stderr
    assert rows[0]["B"] == cell(joined["respondenten"][0]["batchrij"]["B"])


ROUND_TRIP = [
    "forms/partners-herhaald.xlsx",
    "google/partners-herhaald.csv",
    "limesurvey/partners-herhaald.csv",
    "limesurvey/antwoorden-codes.csv",
    "qualtrics/partners-herhaald.csv",
    "surveymonkey/partners-herhaald.csv",
]
"""One export per tool, with repeated partner sections (and LimeSurvey's codes-only one)."""


@pytest.mark.slow
@pytest.mark.parametrize("name", ROUND_TRIP)
def test_starter_koppeling_round_trips(tmp_path: Path, name: str) -> None:
    """Used unedited, the koppeling of 'scan koppeling' gives what the automatic match gives."""
    export = TOOLS / name
    runner = CliRunner()
    koppeling = tmp_path / "koppeling.yaml"
    made = runner.invoke(app, ["koppeling", str(export), "-o", str(koppeling)])
    assert made.exit_code == 0, made.stderr
    text = koppeling.read_text(encoding="utf-8")
    assert "kolommen:" in text and "negeren:" in text
    outputs = []
    for extra in ([], ["--koppeling", str(koppeling)]):
        out = tmp_path / f"uit{len(extra)}.csv"
        result = runner.invoke(app, ["batch", str(export), "-o", str(out), *extra])
        assert result.exit_code in (0, 1), result.stderr
        outputs.append((result.exit_code, out.read_bytes() if out.exists() else None))
    assert outputs[0] == outputs[1]  # codes only (LimeSurvey "Vraagcode"): both fail alike
    assert "ruim gekoppeld" not in result.stderr  # the koppeling names every column exactly


def test_starter_koppeling_comments_a_column_it_cannot_place(tmp_path: Path) -> None:
    koppeling = tmp_path / "koppeling.yaml"
    export = TOOLS / "google" / "partners-herhaald.csv"
    CliRunner().invoke(app, ["koppeling", str(export), "-o", str(koppeling)])
    text = koppeling.read_text(encoding="utf-8")
    assert '  # "Wilt u nog een partner beoordelen?": ?' in text
    assert '  "Naam van de partner": partner' in text
    assert '  - "Tijdstempel"' in text


def test_starter_koppeling_never_overwrites_its_export(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_bytes((TOOLS / "google" / "antwoorden-nl.csv").read_bytes())
    result = CliRunner().invoke(app, ["koppeling", str(export), "-o", str(export)])
    assert result.exit_code == 1
    assert "-o: de uitvoer is ook een invoerbestand" in result.stderr
    assert export.read_bytes() == (TOOLS / "google" / "antwoorden-nl.csv").read_bytes()
