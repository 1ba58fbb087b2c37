"""Untrusted text reaches the terminal harmlessly; lone surrogates crash no output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from scan.cli.commands import app
from scan.util.text import terminal_safe, valid_text

FIXTURES = Path(__file__).parents[1] / "fixtures"
BANKS = FIXTURES / "banken"
JAN = FIXTURES / "antwoorden" / "jan.yaml"

ATTACKS = {
    "klembord (OSC 52)": "\x1b]52;c;cm0gLXJmIH4K\x07",
    "scherm wissen": "\x1b[2J\x1b[H",
    "venstertitel": "\x1b]0;gehackt\x1b\\",
    "verborgen link": "\x1b]8;;https://kwaad.example\x1b\\klik\x1b]8;;\x1b\\",
    "terminal reset": "\x1bc",
    "8-bit CSI": "\x9b31m",
    "bidi": "\u202egnp.exe\u202c",
    "C0": "\x00\x07\x08\r",
}
FORBIDDEN = ["\x1b", "\x9b", "\x9d", "\x07", "\x00", "\u202e", "\r", "\x08"]


@pytest.mark.parametrize("payload", list(ATTACKS.values()), ids=list(ATTACKS))
def test_terminal_safe_leaves_no_control_character(payload: str) -> None:
    safe = terminal_safe(f"Het {payload} Baken")
    assert not any(c in safe for c in FORBIDDEN)
    assert safe.startswith("Het ") and safe.endswith(" Baken")


def test_terminal_safe_keeps_ordinary_text_and_newlines_only_when_asked() -> None:
    assert terminal_safe("José · Zorg & Welzijn [x]") == "José · Zorg & Welzijn [x]"
    assert terminal_safe("a\nb") == "a b"
    assert terminal_safe("a\nb\tc", multiline=True) == "a\nb\tc"


def test_lone_surrogates_are_repaired_as_the_bytes_they_stand_for() -> None:
    assert valid_text("J\udce4nsen") == "Jänsen"  # Latin-1 byte E4
    assert valid_text("J\udcc3\udca4nsen") == "Jänsen"  # UTF-8 bytes C3 A4
    assert valid_text("x\ud800y") == "x\ufffdy"
    assert terminal_safe("J\udce4nsen") == "Jänsen"


def hostile_answers(tmp_path: Path) -> Path:
    data = yaml.safe_load(JAN.read_text(encoding="utf-8"))
    payload = "".join(ATTACKS.values())
    data["respondent"]["naam"] = f"Jan{payload}"
    data["respondent"]["school"] = f"Baken{payload}"
    data["partners"][0]["naam"] = f"ROC{payload}"
    data["opmerkingen"]["regio.honkvast"] = f"Opmerking{payload}"
    data["antwoorden"]["regio.bedrijven"] = f"Open{payload}"
    path = tmp_path / "kwaad.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return path


def assert_harmless(output: str) -> None:
    assert "Traceback" not in output
    assert not [c for c in FORBIDDEN if c in output], repr(output)


def test_result_view_shows_untrusted_text_without_control_characters(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["resultaat", str(hostile_answers(tmp_path)), "--vragenlijsten", str(BANKS)]
    )
    assert result.exit_code == 0, result.output
    assert "Jan" in result.output and "ROC" in result.output
    assert_harmless(result.output)


def test_errors_quoting_file_content_show_no_control_characters(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text(
        'antwoorden:\n  "regio.x\\e]52;c;abc\\a\\e[2J": 3\n  regio.honkvast: "\\e]0;t\\a"\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["resultaat", str(path), "--vragenlijsten", str(BANKS)])
    assert result.exit_code == 1
    assert "onbekende vraag" in result.output
    assert_harmless(result.output)


def test_scan_start_screens_show_no_control_characters(runner: CliRunner, tmp_path: Path) -> None:
    resumed = tmp_path / "scan.json"
    resumed.write_bytes(hostile_answers(tmp_path).read_bytes())
    result = runner.invoke(
        app,
        ["start", "--uit", str(resumed), "--vragenlijsten", str(BANKS)],
        input="s\n",
    )
    assert result.exit_code == 0, result.output
    assert_harmless(result.output)
    payload = ATTACKS["klembord (OSC 52)"] + ATTACKS["bidi"]
    result = runner.invoke(
        app,
        [
            "start",
            "--uit",
            str(tmp_path / "nieuw.yaml"),
            "--vragenlijsten",
            str(BANKS),
            "--kanten",
            "B",
        ],
        input=f"Els{payload}\n\nBaken{payload}\n\nROC{payload}\n1\n\nq{payload}\ns\n",
    )
    assert result.exit_code == 0, result.output
    assert_harmless(result.output)


def test_lone_surrogates_crash_no_output(runner: CliRunner, tmp_path: Path) -> None:
    data = yaml.safe_load(JAN.read_text(encoding="utf-8"))
    data["respondent"]["naam"] = "J\udce4nsen \ud800"
    data["partners"][0]["naam"] = "ROC \udcff"
    path = tmp_path / "surrogaat.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")  # \udce4 escapes
    args = [str(path), "--vragenlijsten", str(BANKS)]
    shown = runner.invoke(app, ["resultaat", *args])
    assert shown.exit_code == 0, shown.output
    assert "Jänsen �" in shown.output
    as_json = runner.invoke(app, ["resultaat", "--json", *args])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["respondent"]["naam"] == "Jänsen �"
    report = runner.invoke(app, ["rapport", *args, "-o", str(tmp_path / "r.html"), "--html"])
    assert report.exit_code == 0, report.output
    assert "Jänsen" in (tmp_path / "r.html").read_text(encoding="utf-8")
