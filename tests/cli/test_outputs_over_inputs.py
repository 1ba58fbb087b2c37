"""Outputs are never inputs; the report's extension says what it is; ``-o -`` is stdout."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app
from tests.io.test_output_targets import BANKS, EXPORT, JAN


def dutch_refusal(result: object) -> str:
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    return result.output  # type: ignore[attr-defined]


def test_output_over_an_input_is_refused_before_anything_is_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_bytes(JAN.read_bytes())
    export = tmp_path / "e.csv"
    export.write_bytes(EXPORT.read_bytes())
    link = tmp_path / "link.csv"
    link.symlink_to(export)
    cases = [
        ["rapport", answers, "-o", answers],
        ["batch", export, "-o", export],
        ["batch", export, "-o", link],
        ["batch", export, "-o", tmp_path / "r.csv", "--kwaliteit", export],
        ["batch", export, "-o", tmp_path / "r.csv", "--kwaliteit", tmp_path / "r.csv"],
        ["batch", export, "-o", tmp_path / "r.csv", "--groepeer", "school"],
    ]
    (tmp_path / "r-groepen.csv").symlink_to(export)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for args in cases:
        output = dutch_refusal(runner.invoke(app, [*map(str, args), "--vragenlijsten", str(BANKS)]))
        assert "ook een invoerbestand" in output or "hetzelfde bestand als" in output, args
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_template_never_replaces_a_filled_export(runner: CliRunner, tmp_path: Path) -> None:
    export = tmp_path / "e.csv"
    export.write_bytes(EXPORT.read_bytes())
    output = dutch_refusal(
        runner.invoke(app, ["sjabloon", "-o", str(export), "--vragenlijsten", str(BANKS)])
    )
    assert "ingevulde export" in output
    assert export.read_bytes() == EXPORT.read_bytes()
    empty = tmp_path / "leeg.csv"
    for _ in range(2):  # an empty template may be refreshed
        result = runner.invoke(app, ["sjabloon", "-o", str(empty), "--vragenlijsten", str(BANKS)])
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "html", "message"),
    [
        ("r.csv", False, "laat de naam eindigen op .pdf (niet .csv)"),
        ("r.html", False, "gebruik --html"),
        ("r.pdf", True, "laat --html weg"),
        ("r", True, "eindigen op .html of .htm"),
    ],
)
def test_report_extension_says_what_is_written(
    runner: CliRunner, tmp_path: Path, name: str, html: bool, message: str
) -> None:
    args = ["rapport", str(JAN), "-o", str(tmp_path / name), "--vragenlijsten", str(BANKS)]
    output = dutch_refusal(runner.invoke(app, args + (["--html"] if html else [])))
    assert message in output
    assert list(tmp_path.iterdir()) == []


def test_report_to_dash_goes_to_stdout_not_a_file_named_dash(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["rapport", str(JAN), "-o", "-", "--html", "--vragenlijsten", str(BANKS)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("<!DOCTYPE html>")
    assert list(tmp_path.iterdir()) == []


def test_web_form_invitation_never_replaces_its_key(runner: CliRunner, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert.write_text("certificaat", encoding="utf-8")
    key.write_text("sleutel", encoding="utf-8")
    args = ["formulier", "--school", "Het Baken", "--map", str(tmp_path / "map")]
    args += ["--cert", str(cert), "--key", str(key), "--uitnodiging", str(key)]
    output = dutch_refusal(runner.invoke(app, args))
    assert "--uitnodiging: de uitvoer is ook een invoerbestand" in output
    assert key.read_text(encoding="utf-8") == "sleutel"
    assert not (tmp_path / "map").exists()
