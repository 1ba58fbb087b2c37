"""Imports go one way only (docs/architectuur.md): a module never imports from a layer above it,
not even lazily inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

SCAN = Path(__file__).resolve().parent.parent / "scan"
LAYERS = [
    ("scan.util", "scan.__init__"),
    ("scan.errors",),
    ("scan.io",),
    ("scan.bank",),
    ("scan.answers",),
    ("scan.result",),
    ("scan.scoring",),
    ("scan.interview", "scan.report", "scan.batch", "scan.formulier"),
    ("scan.cli", "scan.__main__"),
]


def layer(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} staat in geen laag van LAYERS")


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m == "scan" or m.startswith("scan.")}


def test_no_module_imports_from_a_layer_above_it() -> None:
    upward = []
    for path in sorted(SCAN.rglob("*.py")):
        parts = path.relative_to(SCAN.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 2 else parts)
        for target in imports(path):
            if target != "scan" and layer(target) > layer(module):
                upward.append(f"{module} → {target}")
    assert upward == []
