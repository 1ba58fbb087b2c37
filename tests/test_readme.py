"""The README and docs/ stay true: the set-up commands are what CI runs, the command table is
`scan --help`, every `scan ...` command they show exists with the options it uses, and they
point only at files inside the repository."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.cli.commands import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


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


def _code(text: str) -> list[str]:
    """The lines of fenced code blocks and the inline code spans of a Markdown page."""
    text = text.replace("\\\n", " ")  # a shell line continued on the next line
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    inline = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return [line for block in blocks for line in block.splitlines()] + re.findall(
        r"`([^`\n]+)`", inline
    )


def _scan_commands(text: str) -> list[list[str]]:
    """Each ``scan COMMAND ...`` shown in code, as words up to a comment, pipe or redirect."""
    found = []
    for line in _code(text):
        for match in re.finditer(r"(?:^|[\s(])(?:\S*/)?scan\s+([a-z][a-z-]*\b.*)", line):
            try:
                words = shlex.split(match[1], comments=True)
            except ValueError:  # an unbalanced quote in a shortened example
                words = match[1].split()
            cut = next((i for i, w in enumerate(words) if w in {"|", ">", "<", "&&", ";"}), None)
            found.append(words[:cut])
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_documented_commands_and_options_exist(runner: CliRunner, page: Path) -> None:
    commands = _scan_commands(page.read_text(encoding="utf-8"))
    helps: dict[str, str] = {}
    for words in commands:
        command = words[0]
        if command not in helps:
            result = runner.invoke(app, [command, "--help"], terminal_width=200)
            assert result.exit_code == 0, f"{page.name}: scan {command} bestaat niet"
            helps[command] = result.stdout
        for word in words[1:]:
            option = word.split("=")[0]
            if re.fullmatch(r"--?[a-zA-Z][\w-]*", option):
                assert re.search(rf"(^|[\s,]){re.escape(option)}\b", helps[command]), (
                    f"{page.name}: scan {command} kent {option} niet"
                )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_point_only_inside_the_repository(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text and "shared/design" not in text
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if not re.match(r"[a-z]+:", target):
            assert (page.parent / target).resolve().is_relative_to(ROOT), target
            assert (page.parent / target).exists(), f"{page.name}: {target} bestaat niet"
