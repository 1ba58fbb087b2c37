"""The safe loader: whatever a YAML or JSON file holds, the answer is ``bestand:regel: melding``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app
from scan.errors import ScanError
from scan.io.documents import MAX_BYTES, load_document

FIXTURES = Path(__file__).parents[1] / "fixtures"
BANKS = FIXTURES / "banken"
JAN = FIXTURES / "antwoorden" / "jan.yaml"

DEEP_JSON = '{\n"a":\n' + "[" * 60 + "1" + "]" * 60 + "\n}"
CASES = {
    "stuurteken.yaml": ("respondent:\n  naam: a\x01b\n", 2, "het teken U+0001 (een stuurteken)"),
    "nul.yaml": ("a: 1\nb: a\x00b\n", 2, "het NUL-teken"),
    "c1.json": ('{\n"naam": "a\u0096b"}', 2, "het teken U+0096 (een stuurteken)"),
    "fffe.json": ('{"naam":\n"a\ufffe"}', 2, "het teken U+FFFE (geen teken)"),
    "diep.yaml": ("a: 1\nb: " + "[" * 5000 + "]" * 5000 + "\n", 2, "te diep genest"),
    "diep.json": (DEEP_JSON, 3, "te diep genest"),
    "heel-diep.json": ("[" * 100_000 + "]" * 100_000, 1, "te diep genest"),
    "groot-getal.yaml": ("a: 1\nb: " + "9" * 5000 + "\n", 2, "getal met 5.000 cijfers"),
    "groot-getal.json": ('{"a": 1,\n"b": ' + "9" * 5000 + "}", 2, "getal met 5.000 cijfers"),
    "datum.yaml": ("a: 1\ndatum: 2026-02-30\n", 2, "'2026-02-30' is geen bestaande datum"),
    "sleutel.yaml": ("a: 1\n? [a, b]\n: 1\n", 2, "een sleutel moet een gewone tekst zijn"),
    "dubbel.json": ('{"a": 1,\n "b": {"c": 1,\n "c": 2}}', 3, "sleutel 'c' staat er dubbel"),
    "kapot.json": ('{"a": 1,\n "b" 2}', 2, "ongeldige JSON: dubbele punt verwacht"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_document_is_a_located_dutch_error(name: str, tmp_path: Path) -> None:
    text, line, message = CASES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScanError) as info:
        load_document(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:{line}: {message}"] or (
        str(info.value).startswith(f"{path}:{line}: {message}")
    ), str(info.value)


def test_hostile_answer_file_exits_1_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    for name, (text, line, message) in CASES.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["resultaat", str(path), "--vragenlijsten", str(BANKS)])
        assert result.exit_code == 1, (name, result.output)
        assert f"{path}:{line}: {message}" in result.output, name


def test_one_bad_bank_does_not_stop_valideer_checking_the_others(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "kapot.yaml"
    bad.write_text("id: x\ndatum: 2026-02-30\n", encoding="utf-8")
    result = runner.invoke(app, ["valideer", str(bad), str(BANKS / "regio.yaml"), str(BANKS)])
    assert result.exit_code == 1
    assert f"{bad}:2: '2026-02-30' is geen bestaande datum" in result.output
    assert "in orde:" in result.output and f"in orde: {BANKS}:" in " ".join(result.output.split())


def test_json_answer_file_with_duplicate_keys_is_refused_like_yaml(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "dubbel.json"
    path.write_text('{"respondent": {"naam": "A"},\n"respondent": {"naam": "B"}}', encoding="utf-8")
    result = runner.invoke(app, ["resultaat", str(path), "--vragenlijsten", str(BANKS)])
    assert result.exit_code == 1
    assert f"{path}:2: sleutel 'respondent' staat er dubbel" in result.output


def test_the_same_file_given_twice_is_one_respondent(runner: CliRunner, tmp_path: Path) -> None:
    link = tmp_path / "ook-jan.yaml"
    link.symlink_to(JAN)
    result = runner.invoke(
        app, ["resultaat", "--json", str(JAN), str(link), "--vragenlijsten", str(BANKS)]
    )
    assert result.exit_code == 0, result.output
    assert '"formaat": "samenwerkingsscan/resultaat-1"' in result.stdout  # one respondent
    assert "is hetzelfde bestand als" in result.stderr


def test_inputs_that_are_not_regular_files_are_refused_or_read_with_the_limit(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "pijp.yaml"
    os.mkfifo(fifo)
    # a FIFO without writer must not hang (in a subprocess, so a hang fails instead of blocking)
    code = "from pathlib import Path; from scan.io.documents import load_document as l; l(Path(%r))"
    run = subprocess.run(
        [sys.executable, "-c", code % str(fifo)], capture_output=True, text=True, timeout=30
    )
    assert "bestand is leeg" in run.stderr
    with pytest.raises(ScanError, match="is geen gewoon bestand"):
        load_document(Path("/dev/zero"))
    big = tmp_path / "groot.yaml"
    big.write_text("a: " + "x" * MAX_BYTES, encoding="utf-8")
    with pytest.raises(ScanError, match=r"te groot \(2\.000\.003 bytes; hoogstens 2\.000\.000\)"):
        load_document(big)


@pytest.mark.slow
def test_a_fifo_in_a_banks_folder_does_not_hang(tmp_path: Path) -> None:
    for bank in BANKS.iterdir():
        (tmp_path / bank.name).write_bytes(bank.read_bytes())
    os.mkfifo(tmp_path / "zz.yaml")
    scan = Path(sys.executable).parent / "scan"
    run = subprocess.run(
        [str(scan), "valideer", str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1
    assert f"{tmp_path / 'zz.yaml'}: bestand is leeg" in run.stderr
