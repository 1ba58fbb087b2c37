"""Reading YAML and JSON input files: line numbers for both, the same refusals for both."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan.errors import ScanError
from scan.io.documents import load_document

JSON = '{\n  "a": 1,\n  "b": {\n    "c": [1,\n          2]\n  }\n}\n'


def test_json_documents_know_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(JSON, encoding="utf-8")
    doc = load_document(path)
    assert doc.data == {"a": 1, "b": {"c": [1, 2]}}
    assert doc.line(("a",)) == 2
    assert doc.line(("b", "c", 1)) == 5
    assert doc.line(("b", "onbekend")) == 3  # the deepest node that exists


def test_json_syntax_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{\n  "a": 1,\n  "b": \n}\n', encoding="utf-8")
    with pytest.raises(ScanError) as info:
        load_document(path)
    assert str(info.value).startswith(f"{path}:4: ongeldige JSON")


@pytest.mark.parametrize("name", ["x.json", "x.yaml"])
def test_root_must_be_a_mapping(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(ScanError, match="verwacht een verzameling van sleutels en waarden"):
        load_document(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ScanError, match="bestand bestaat niet"):
        load_document(tmp_path / "nergens.yaml")
    with pytest.raises(ScanError, match="is een map, geen bestand"):
        load_document(tmp_path)
