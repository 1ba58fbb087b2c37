"""The commands scan prints (resume, make the report) work as printed, also without `scan` on
the PATH (as right after the README's install, before the venv is activated)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from scan.cli.invocation import scan_program
from tests.conftest import TEST_BANKS

SCAN = Path(sys.executable).with_name("scan")


def test_scan_on_the_path_is_printed_as_scan() -> None:
    assert scan_program(str(SCAN), which=lambda name: str(SCAN)) == ("scan",)


def test_scan_not_on_the_path_is_printed_with_its_full_path(tmp_path: Path) -> None:
    other = tmp_path / "scan"
    other.write_text("")
    relative = os.path.relpath(SCAN)
    assert scan_program(relative, which=lambda name: None) == (str(SCAN),)
    assert scan_program(relative, which=lambda name: str(other)) == (str(SCAN),)


def test_python_dash_m_scan_is_printed_with_the_interpreter() -> None:
    main = str(Path("scan", "__main__.py").resolve())
    python = sys.executable
    assert scan_program(main, which=lambda name: None, executable=python) == (
        os.path.abspath(python),
        "-m",
        "scan",
    )
    assert scan_program(main, which=lambda name: python, executable=python) == (
        Path(python).name,
        "-m",
        "scan",
    )


@pytest.mark.slow
def test_the_printed_resume_command_works_without_scan_on_the_path(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": os.defpath, "COLUMNS": "200", "TERM": "dumb"}
    details = ["--naam", "Jan", "--rol", "teamleider", "--school", "Baken", "--team", "Z&W"]
    args = ["start", *details, "--kanten", "C", "--uit", "jan.yaml"]

    def run(command: list[str], replies: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, input=replies, capture_output=True, text=True, cwd=tmp_path, env=env
        )

    first = run([str(SCAN), *args, "--vragenlijsten", str(TEST_BANKS)], "1\ns\n")
    assert first.returncode == 0, first.stderr
    printed = first.stderr.rstrip().split("verder gaan: ")[-1].strip()
    assert printed == f"{SCAN} start --uit jan.yaml --vragenlijsten {TEST_BANKS}"
    again = run(shlex.split(printed), "s\n")
    assert again.returncode == 0, again.stderr
    assert "Verder met jan.yaml" in again.stdout
