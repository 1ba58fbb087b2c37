"""The README stays true: its set-up commands are what CI runs; its table is `scan --help`."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from scan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    [command] = [line for line in ci.splitlines() if line.startswith("python3 -m venv")]
    assert f"```bash\n{command}\n```" in README


def test_ci_runs_the_lint_and_type_gates_after_the_tests() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "set -euo pipefail" in ci
    tests = next(i for i, line in enumerate(ci) if line.startswith("python3 -m venv"))
    gates = [".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy scan"]
    assert [line for line in ci[tests:] if line in gates] == gates


def test_readme_install_command_installs_and_starts_the_scan() -> None:
    assert (
        "```bash\npython3 -m venv .venv && .venv/bin/pip install . && .venv/bin/scan start\n```"
        in README
    )


def test_command_table_matches_help(runner: CliRunner) -> None:
    help_text = runner.invoke(app, ["--help"]).stdout
    listed = set(re.findall(r"^  (\w+)  ", help_text.split("Commando's:")[1], re.MULTILINE))
    documented = set(re.findall(r"^\| `scan (\w+)", README, re.MULTILINE))
    assert listed == documented
