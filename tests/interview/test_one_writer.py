"""Two writers on one answer file: one session at a time, and outside changes are never lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan.answers import Respondent, load_answers, new_answers
from scan.bank import BankSet
from scan.errors import ScanError
from scan.interview.flow import Interview, SessionSaver, StartRequest, open_session
from scan.io.locking import FileLock
from tests.interview.test_interview import Script

JAN = Respondent(name="Jan", role="docent", school="Het Baken", team="Zorg")


def session_for(banks: BankSet, path: Path, replies: list[str]) -> tuple[Script, SessionSaver]:
    script = Script(replies)
    session = open_session(banks, StartRequest(JAN, path=path), script.ask, script.show)
    return script, SessionSaver(session, script.show)


def test_a_second_session_on_one_answer_file_is_refused_while_the_first_runs(
    test_banks: BankSet, tmp_path: Path
) -> None:
    path = tmp_path / "scan.yaml"
    _, first = session_for(test_banks, path, [])
    with first:
        _, second = session_for(test_banks, path, [])
        with pytest.raises(ScanError, match="al open in een andere 'scan start'"), second:
            pass
    assert list(tmp_path.iterdir()) == []  # the lock file goes with the session
    with second:  # free again
        pass


def test_an_outside_change_is_kept_and_the_answers_go_on_in_a_copy(
    test_banks: BankSet, tmp_path: Path
) -> None:
    path = tmp_path / "scan.yaml"
    script = Script([])
    replies = iter(["2", "3", "s"])

    def ask(prompt: str) -> str:
        reply = next(replies)
        if reply == "3":  # meanwhile, someone edits the file in an editor
            text = path.read_text(encoding="utf-8").replace(
                "regio.honkvast: 2", "regio.honkvast: 4"
            )
            path.write_text(text + "# bewerkt\n", encoding="utf-8")
        return reply

    session = open_session(test_banks, StartRequest(JAN, path=path), ask, script.show)
    with SessionSaver(session, script.show) as saver:
        Interview(test_banks, session, ask, script.show, saver).run()
    assert saver.path == tmp_path / "scan-kopie.yaml"
    assert "scan.yaml is buiten deze scan gewijzigd" in script.flat
    edited, _ = load_answers(path, test_banks)
    assert edited.answers == {"regio.honkvast": 4}
    ours, _ = load_answers(saver.path, test_banks)
    assert ours.answers == {"regio.honkvast": 2, "regio.bevolking": 3}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan-kopie.yaml", "scan.yaml"]


def test_a_file_created_by_someone_else_meanwhile_is_not_overwritten(
    test_banks: BankSet, tmp_path: Path
) -> None:
    path = tmp_path / "scan.yaml"
    _, saver = session_for(test_banks, path, [])
    path.write_text("van een ander\n", encoding="utf-8")
    with saver:
        saver(new_answers(test_banks, JAN))
    assert path.read_text(encoding="utf-8") == "van een ander\n"
    assert saver.path.name == "scan-kopie.yaml"


def test_lock_is_exclusive_between_two_holders(tmp_path: Path) -> None:
    target = tmp_path / "a.yaml"
    with FileLock(target), pytest.raises(ScanError):
        FileLock(target).acquire()
    assert list(tmp_path.iterdir()) == []
