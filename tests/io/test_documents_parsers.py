"""libyaml (when PyYAML has it) and the pure-Python parser give the same data, the same line
numbers and the same refusals: only the events come from C, the checks stay in Python."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scan.errors import ScanError
from scan.io import documents
from scan.io.documents import load_document
from tests.io.test_hostile_documents import CASES

BUNDLED = sorted((Path(__file__).parents[2] / "vragenlijsten").glob("*.yaml"))
LOADERS = {"libyaml": documents._Loader, "python": documents._PyLoader}


def lines(node: Any, found: list[tuple[str, int]], path: str = "") -> list[tuple[str, int]]:
    """Every node's place in the document and its line."""
    found.append((path, node.start_mark.line))
    if isinstance(node.value, list):
        for i, child in enumerate(node.value):
            if isinstance(child, tuple):
                lines(child[1], found, f"{path}/{child[0].value}")
            else:
                lines(child, found, f"{path}/{i}")
    return found


def test_libyaml_is_used_when_pyyaml_has_it() -> None:
    assert documents._Loader is (documents._CLoader if documents.CParser else documents._PyLoader)


def test_both_parsers_read_the_bundled_banks_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    read = {}
    for name, loader in LOADERS.items():
        monkeypatch.setattr(documents, "_Loader", loader)
        docs = [load_document(path) for path in BUNDLED]
        read[name] = [(d.data, lines(d.node, [])) for d in docs]
    assert read["libyaml"] == read["python"]


@pytest.mark.parametrize("loader", list(LOADERS))
@pytest.mark.parametrize("name", [n for n in CASES if n.endswith(".yaml")])
def test_both_parsers_refuse_alike(
    name: str, loader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(documents, "_Loader", LOADERS[loader])
    text, line, message = CASES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScanError) as info:
        load_document(path)
    assert str(info.value).startswith(f"{path}:{line}: {message}"), str(info.value)
