"""The bank commands as a user runs them: `scan vragenlijsten`, `scan valideer`, `scan schema`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from scan import __version__
from scan.cli.commands import app
from tests.conftest import TEST_BANKS


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"samenwerkingsscan {__version__}"


def test_list_bundled_banks(runner: CliRunner) -> None:
    result = runner.invoke(app, ["vragenlijsten"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    for bank_id in ("regio", "partner", "team"):
        assert bank_id in result.stdout


def test_list_other_folder_shows_question_counts(runner: CliRunner) -> None:
    result = runner.invoke(app, ["vragenlijsten", "--vragenlijsten", str(TEST_BANKS)])
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if "│" in line}
    assert rows["regio"].rstrip(" │").endswith("5")
    assert rows["team"].rstrip(" │").endswith("4")


def test_valideer_good_and_bad_files(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "kapot.yaml"
    bad.write_text("id: regio\nkant: A\ntitle: x\n", encoding="utf-8")
    result = runner.invoke(app, ["valideer", str(TEST_BANKS / "regio.yaml"), str(bad)])
    assert result.exit_code == 1
    assert "in orde:" in result.stderr and "regio, kant A, 5 vragen" in result.stderr
    assert f"{bad}:3: title: onbekend veld 'title' (bedoelt u 'titel'?)" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_valideer_a_folder(runner: CliRunner) -> None:
    result = runner.invoke(app, ["valideer", str(TEST_BANKS)])
    assert result.exit_code == 0
    assert "regio (5 vragen), partner (5 vragen), team (4 vragen)" in result.stderr


def test_missing_bank_folder_is_a_dutch_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["vragenlijsten", "--vragenlijsten", str(tmp_path / "nergens")])
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.output


def test_empty_bank_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["vragenlijsten", "--vragenlijsten", str(tmp_path)])
    assert result.exit_code == 1
    assert "geen vragenlijsten (*.yaml) in deze map" in result.stderr


def test_schema_on_stdout_is_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Samenwerkingsscan vragenlijst"


def test_python_dash_m_scan() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scan", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("samenwerkingsscan ")


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from scan.cli.commands import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'openpyxl', 'pydantic', 'yaml', 'jinja2') "
        "if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "HEAVY="


def test_help_and_usage_errors_are_dutch(runner: CliRunner) -> None:
    help_text = runner.invoke(app, ["valideer", "-h"]).stdout
    assert "Gebruik: scan valideer [OPTIES]" in help_text
    assert "Toon deze hulp en stop." in help_text and "Usage" not in help_text
    missing = runner.invoke(app, ["valideer"])
    assert missing.exit_code == 2
    assert "Fout: Argument 'BESTAND' ontbreekt." in missing.stderr
    unknown = runner.invoke(app, ["onbekend"])
    assert unknown.exit_code == 2
    assert "Onbekend commando 'onbekend'" in unknown.stderr
    option = runner.invoke(app, ["vragenlijsten", "--foo"])
    assert "Onbekende optie: --foo" in option.stderr


def test_valideer_and_schema_know_format_2026_2(runner: CliRunner, tmp_path: Path) -> None:
    new = TEST_BANKS.parent / "banken-2026.2"
    assert runner.invoke(app, ["valideer", str(new)]).exit_code == 0
    text = (new / "partner.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "partner.yaml"
    bad.write_text(text.replace("gewenst_van: vorm,", "gewenst_van: persoon,"), encoding="utf-8")
    result = runner.invoke(app, ["valideer", str(bad)])
    assert result.exit_code == 1
    lines = bad.read_text(encoding="utf-8").splitlines()
    line = next(i for i, s in enumerate(lines, 1) if "gewenst_van: persoon" in s)
    assert (
        f"{bad}:{line}: onderdelen[1].vragen[3].gewenst_van: 'persoon' heeft schaal 'mate'"
        in result.stderr
    )
    question = json.loads(runner.invoke(app, ["schema"]).stdout)["$defs"]["Question"]
    assert {"gescoord", "soorten", "nvt", "kort", "gewenst_van"} <= set(question["properties"])
