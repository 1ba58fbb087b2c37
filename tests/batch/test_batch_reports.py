"""``scan batch --rapporten``: one PDF per school and team, with safe file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from scan.batch.reports import report_paths
from scan.cli.commands import app

BANKS = str(Path(__file__).parent.parent / "fixtures" / "banken")


def test_report_paths_stay_inside_the_folder_and_are_unique(tmp_path: Path) -> None:
    keys = [("../Het Baken", "Zorg"), ("Het Baken", "Zorg"), ("/", "/"), ("Het/Baken", "Zorg")]
    paths = report_paths(tmp_path, keys)
    assert [p.name for p in paths.values()] == [
        "rapport-Het-Baken-Zorg.pdf",
        "rapport-Het-Baken-Zorg-2.pdf",
        "rapport-school-team.pdf",
        "rapport-Het-Baken-Zorg-3.pdf",
    ]
    assert all(p.parent == tmp_path.resolve() for p in paths.values())


@pytest.mark.slow
def test_reports_per_team(runner: CliRunner, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "respondent;school;team;regio.honkvast;regio.krimp;team.steun\n"
        "a;../../buiten;Zorg;3;2;3\n"
        "b;../../buiten;Zorg;4;1;2\n"
        "c;De Vaart;Techniek;2;2;1\n",
        encoding="utf-8",
    )
    folder = tmp_path / "rapporten"
    out = tmp_path / "uit.csv"
    arguments = ["batch", str(export), "-o", str(out), "--rapporten", str(folder)]
    result = runner.invoke(app, [*arguments, "--vragenlijsten", BANKS])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["rapport-De-Vaart-Techniek.pdf", "rapport-buiten-Zorg.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "rapporten", "uit.csv"]
    team = "".join(page.extract_text() for page in PdfReader(folder / names[1]).pages)
    assert "2 respondenten" in team
    assert "Rapporten" in result.stderr  # the progress bar
