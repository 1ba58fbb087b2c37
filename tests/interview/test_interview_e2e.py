"""`scan start` in a real pseudo-terminal (pexpect): answer, go back, ask for help, get killed,
resume, press Ctrl-C, lose the terminal, finish — and then score the file."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from scan.answers import AnswerFile, load_answers
from scan.bank import WEET_NIET, BankSet, load_bankset
from scan.cli.commands import app
from scan.result import result_data
from scan.scoring.build import score
from tests.conftest import TEST_BANKS

SCAN = str(Path(sys.executable).with_name("scan"))
DETAILS = ["--naam", "Jan Jansen", "--rol", "teamleider", "--school", "Het Baken", "--team", "Z&W"]
PROMPT = "Uw antwoord"
ENV = {
    **os.environ,
    "TERM": "dumb",
    "PATH": os.pathsep.join([str(Path(SCAN).parent), os.environ.get("PATH", "")]),
}
"""A terminal without styles, so that the tests read plain text; `scan` on the PATH."""


def spawn(tmp_path: Path, *extra: str) -> pexpect.spawn:
    args = ["start", *DETAILS, "--uit", "scan.yaml", "--vragenlijsten", str(TEST_BANKS), *extra]
    return terminal(args, tmp_path)


def terminal(args: list[str], cwd: Path) -> pexpect.spawn:
    """``scan`` in an 80x24 pseudo-terminal; replies are sent as soon as a prompt shows."""
    child = pexpect.spawn(
        SCAN, args, cwd=cwd, env=ENV, dimensions=(24, 80), encoding="utf-8", timeout=10
    )
    child.delaybeforesend = None
    return child


def answer(child: pexpect.spawn, *replies: str) -> None:
    """Wait for each answer prompt and type the reply."""
    for reply in replies:
        child.expect_exact(PROMPT)
        child.sendline(reply)


def finish(child: pexpect.spawn) -> tuple[str, int | None]:
    child.expect(pexpect.EOF)
    output = child.before
    child.close()
    return output, child.exitstatus


def stored(tmp_path: Path, banks: BankSet) -> AnswerFile:
    return load_answers(tmp_path / "scan.yaml", banks)[0]


@pytest.mark.slow
def test_answer_back_help_kill_resume_interrupt_and_finish(
    tmp_path: Path, test_banks: BankSet
) -> None:
    child = spawn(tmp_path, "--partner", "ROC Midden:mbo")
    child.expect_exact("vraag 1 van 16")
    answer(child, "?")
    child.expect_exact("Toelichting: Blijven jongeren in de regio wonen?")
    answer(child, "3", "2", "t")
    child.expect_exact("Huidig antwoord: 2 · Een beetje (Enter = zo laten)")
    answer(child, "", "4")
    child.expect_exact("vraag 4 van 16")
    child.expect_exact(PROMPT)
    child.send("1")  # typed, not yet confirmed with Enter: this is all that may be lost
    child.kill(signal.SIGKILL)
    child.wait()
    assert stored(tmp_path, test_banks).answers == {
        "regio.honkvast": 3,
        "regio.bevolking": 2,
        "regio.krimp": 4,
    }

    child = spawn(tmp_path)
    child.expect_exact("Verder met scan.yaml: 3 van 16 vragen zijn al beantwoord")
    child.expect_exact("vraag 4 van 16")
    answer(child, "1", "w", "Bosch", "3", "2")
    child.expect_exact("vraag 9 van 16")
    child.expect_exact(PROMPT)
    child.sendintr()
    output, status = finish(child)
    assert status == 130
    assert output.splitlines()[-2:] == [
        "Gestopt. Uw antwoorden staan in scan.yaml. Verder gaan:",
        f"  scan start --uit scan.yaml --vragenlijsten {TEST_BANKS}",
    ]
    assert "Traceback" not in output

    child = spawn(tmp_path)
    child.expect_exact("8 van 16 vragen zijn al beantwoord")
    answer(child, "6")
    child.expect_exact("‘6’ staat niet op de schaal")
    answer(child, "4", "6", "1", "3", "2", "1", "w", "")
    output, status = finish(child)
    assert status == 0
    flat = " ".join(output.split())
    assert "Uw antwoorden staan in scan.yaml" in flat
    assert f"scan rapport scan.yaml -o rapport.pdf --vragenlijsten {TEST_BANKS}" in flat

    answers = stored(tmp_path, test_banks)
    assert answers.answers == {
        "regio.honkvast": 3,
        "regio.bevolking": 2,
        "regio.krimp": 4,
        "regio.werkgelegenheid": 1,
        "regio.innovatie": WEET_NIET,
        "regio.bedrijven": "Bosch",
        "team.steun": 3,
        "team.urgentie": 2,
        "team.uren": 1,
        "team.tijdgebrek": WEET_NIET,
        "team.wens": "",
    }
    assert answers.partners[0].answers == {
        "partner.regels": 3,
        "partner.examens": 2,
        "partner.contactpersoon": 4,
        "partner.vorm": 6,
        "partner.persoon": 1,
    }
    result = score(test_banks, answers)
    # by hand (docs/formaten.md). A: demogr. (66.7 + 2×33.3 + 0 reversed) / 4 = 33.3, economisch
    # 0 (weet niet leaves exactly half the weight: still scored); (33.3 + 2×0) / 3 = 11.1.
    # B: regelgeving (66.7 + 33.3) / 2 = 50, borging 100 → 75. C: draagvlak 75, tijd 0 → 37.5.
    assert [result.sides[s].score for s in "ABC"] == [11.1, 75.0, 37.5]
    # the end of the scan showed exactly what `scan resultaat` shows for the file
    shown = CliRunner().invoke(
        app,
        ["resultaat", str(tmp_path / "scan.yaml"), "--vragenlijsten", str(TEST_BANKS)],
        env={"COLUMNS": "80"},
    )
    assert shown.exit_code == 0
    assert "Score 11,1" in shown.stdout
    assert " ".join(shown.stdout.split()) in flat


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGHUP", "close"])
def test_a_closed_terminal_keeps_every_confirmed_answer(
    tmp_path: Path, test_banks: BankSet, how: str
) -> None:
    child = spawn(tmp_path, "--partner", "ROC Midden:mbo")
    answer(child, "2", "3")
    child.expect_exact("vraag 3 van 16")
    child.expect_exact(PROMPT)
    child.send("4")
    if how == "SIGHUP":
        child.kill(signal.SIGHUP)
        child.expect(pexpect.EOF)
        child.close()
        status = child.exitstatus
    else:
        # closing the terminal: the kernel sends SIGHUP; wait for the exit ourselves, since
        # pexpect's close() gives a slow (loaded) machine only a tenth of a second
        child.ptyproc.fileobj.close()
        child.ptyproc.closed = child.closed = True
        _, raw = os.waitpid(child.pid, 0)
        status = os.waitstatus_to_exitcode(raw)
    assert status == 128 + signal.SIGHUP
    assert stored(tmp_path, test_banks).answers == {"regio.honkvast": 2, "regio.bevolking": 3}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scan.yaml"]


@pytest.mark.slow
def test_partners_asked_in_the_terminal_and_details_first(tmp_path: Path) -> None:
    child = terminal(["start", "--kanten", "B", "--vragenlijsten", str(TEST_BANKS)], tmp_path)
    for prompt, reply in [
        ("Uw naam: ", "Anna de Vries"),
        ("Uw rol [teamleider]: ", ""),
        ("Naam van de school: ", "Het Baken"),
        ("Team of afdeling (Enter = overslaan): ", ""),
        ("Naam van de partner: ", "Zorggroep Oost"),
        ("Soort partner: ", "3"),
        ("Nog een partner? Naam (Enter = klaar): ", ""),
    ]:
        child.expect_exact(prompt)
        child.sendline(reply)
    child.expect_exact("vraag 1 van 5")
    child.expect_exact("Partner: Zorggroep Oost")
    answer(child, "s")
    output, status = finish(child)
    assert status == 0
    assert output.splitlines()[-1].strip() == (
        f"scan start --uit antwoorden-anna-de-vries.yaml --vragenlijsten {TEST_BANKS}"
    )
    assert (tmp_path / "antwoorden-anna-de-vries.yaml").exists()


@pytest.mark.slow
def test_2026_2_banks_nvt_short_form_and_expected_time(tmp_path: Path) -> None:
    """Format 2026.2 in a real terminal: the expected time, ``n`` where allowed, a second
    partner in the short form; the file then scores."""
    new = TEST_BANKS.parent / "banken-2026.2"
    args = ["start", *DETAILS, "--uit", "scan.yaml", "--vragenlijsten", str(new), "--kanten", "A,B"]
    args += ["--partner", "ROC Midden:mbo", "--partner", "Bouw BV:bedrijf"]
    child = terminal(args, tmp_path)
    child.expect_exact("Duur: ± 5 minuten; per extra partner ± 2 minuten.")
    child.expect_exact("vraag 1 van ")
    answer(child, "n")
    child.expect_exact("‘n’: niet van toepassing kan bij deze vraag niet")
    answer(child, "2", "3")
    child.expect_exact("n  Niet van toepassing")
    answer(child, "n", "3", "2", "", "3", "4", "n", "4", "2", "6")
    child.expect_exact("Voor Bouw BV kunt u de korte vorm invullen: 3 vragen in plaats van 6.")
    child.expect_exact("Korte vorm (k) of alle vragen (v)? [k]: ")
    child.sendline("k")
    answer(child, "2", "2", "3")
    output, status = finish(child)
    assert status == 0, output
    banks = load_bankset(new)
    answers = load_answers(tmp_path / "scan.yaml", banks)[0]
    assert answers.answers["regio.krimp"] == "nvt"
    assert [p.short for p in answers.partners] == [False, True]
    data = result_data(score(banks, answers))
    assert data["kanten"]["B"]["partners"][1]["kort"] is True
    assert data["voortgang"] == {"beantwoord": 14, "vragen": 14}
