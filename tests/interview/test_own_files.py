"""``scan start``: each person answers in their own file, never in someone else's."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan.answers import Respondent
from scan.bank import BankSet
from scan.errors import ScanError
from scan.interview.flow import Interview, StartRequest, default_path, open_session, shielded_saver
from tests.interview.test_interview import Script


def begin(banks: BankSet, folder: Path, name: str, path: Path | None = None) -> Path:
    """Type ``name`` at the prompt (no --naam), give the other details, answer one question."""
    script = Script([name, "docent", "Het Baken", "", "2", "s"])
    session = open_session(
        banks, StartRequest(Respondent(), path=path, folder=folder), script.ask, script.show
    )
    Interview(banks, session, script.ask, script.show, shielded_saver(session.path)).run()
    return session.path


def test_names_typed_at_the_prompt_never_share_a_file(test_banks: BankSet, tmp_path: Path) -> None:
    names = ["Jan Jansen", "Jan Jänsen", "Иван Петров", "王芳", "Jan Jansen-"]
    paths = [begin(test_banks, tmp_path, name) for name in names]
    assert [p.name for p in paths] == [
        "antwoorden-jan-jansen.yaml",
        "antwoorden-jan-jansen-2.yaml",
        "antwoorden-иван-петров.yaml",
        "antwoorden-王芳.yaml",
        "antwoorden-jan-jansen-3.yaml",
    ]
    # the same person (case and spaces aside) comes back to their own file
    assert begin(test_banks, tmp_path, "jan  jänsen") == paths[1]
    assert begin(test_banks, tmp_path, "JAN JANSEN") == paths[0]
    assert len(list(tmp_path.iterdir())) == 5


def test_a_file_whose_stored_name_differs_is_not_continued(
    test_banks: BankSet, tmp_path: Path
) -> None:
    path = begin(test_banks, tmp_path, "Jan Jansen")
    before = path.read_bytes()
    script = Script(["s"])
    request = StartRequest(Respondent(name="Jan Jänsen"), path=path, folder=tmp_path)
    with pytest.raises(ScanError, match="hoort bij 'Jan Jansen', niet bij 'Jan Jänsen'"):
        open_session(test_banks, request, script.ask, script.show)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("Иван", "antwoorden-иван.yaml"),
        ("a/../b", "antwoorden-a-b.yaml"),
        ("😀", "antwoorden.yaml"),
    ],
)
def test_default_path_keeps_non_latin_names_apart(name: str, file: str, tmp_path: Path) -> None:
    assert default_path(name, tmp_path) == tmp_path / file
