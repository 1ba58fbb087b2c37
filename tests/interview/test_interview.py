"""The questionnaire flow of ``scan start``, driven by scripted input (no terminal needed)."""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Iterable
from pathlib import Path

import pytest
from rich.console import Console

from scan.answers import AnswerFile, PartnerAnswers, Respondent, load_answers, save_answers
from scan.bank import WEET_NIET, BankSet
from scan.errors import ScanError
from scan.interview import flow as interview
from scan.interview import view
from scan.interview.flow import (
    Interview,
    OptionError,
    Outcome,
    StartRequest,
    default_path,
    open_session,
    parse_partner,
    parse_partners,
    parse_sides,
    shielded_saver,
)

JAN = Respondent(name="Jan Jansen", role="teamleider", school="Het Baken", team="Z&W")
ROC = PartnerAnswers(name="ROC Midden", kind="mbo")
ZORG = PartnerAnswers(name="Zorggroep Oost", kind="instelling")
A_IDS = [
    "regio.honkvast",
    "regio.bevolking",
    "regio.krimp",
    "regio.werkgelegenheid",
    "regio.innovatie",
    "regio.bedrijven",
]
B_IDS = [
    "partner.regels",
    "partner.examens",
    "partner.contactpersoon",
    "partner.vorm",
    "partner.persoon",
]
C_IDS = ["team.steun", "team.urgentie", "team.uren", "team.tijdgebrek", "team.wens"]


class Script:
    """Scripted user: answers prompts in order and records everything shown, as plain text."""

    def __init__(self, replies: Iterable[str]) -> None:
        self.replies = list(replies)
        self.prompts: list[str] = []
        self.out = io.StringIO()
        self.console = Console(file=self.out, width=80, color_system=None, highlight=False)

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        self.out.write(prompt)
        if not self.replies:
            raise EOFError
        reply = self.replies.pop(0)
        self.out.write(reply + "\n")
        return reply

    def show(self, renderable: object) -> None:
        self.console.print(renderable)

    @property
    def text(self) -> str:
        return self.out.getvalue()

    @property
    def flat(self) -> str:
        """The text with all white space (also rich's line wrapping) as single spaces."""
        return " ".join(self.text.split())


class Saves:
    """Saves to a real file and keeps a snapshot of every save."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.snapshots: list[AnswerFile] = []

    def __call__(self, answers: AnswerFile) -> None:
        save_answers(answers, self.path)
        self.snapshots.append(answers.model_copy(deep=True))


def start(
    banks: BankSet,
    tmp_path: Path,
    replies: Iterable[str],
    *,
    respondent: Respondent = JAN,
    partners: tuple[PartnerAnswers, ...] = (ROC,),
    sides: tuple[str, ...] | None = None,
    name: str = "scan.yaml",
) -> tuple[Outcome, Script, Saves]:
    script = Script(replies)
    request = StartRequest(respondent, partners, sides, tmp_path / name, tmp_path)  # type: ignore[arg-type]
    session = open_session(banks, request, script.ask, script.show)
    saves = Saves(session.path)
    outcome = Interview(banks, session, script.ask, script.show, saves).run()
    return outcome, script, saves


def stored(path: Path, banks: BankSet) -> AnswerFile:
    answers, warnings = load_answers(path, banks)
    assert warnings == []
    return answers


ALL_ONES = ["1"] * 5 + [""] + ["1"] * 5 + ["1"] * 4 + [""]


def test_full_run_answers_every_question_in_side_order(test_banks: BankSet, tmp_path: Path) -> None:
    replies = ["3", "w", "2", "4", "1", "Bosch en Philips", "2", "3", "4", "6", "1"]
    replies += ["3", "2", "1", "3", "meer tijd"]
    outcome, script, saves = start(test_banks, tmp_path, replies)
    assert outcome is Outcome.FINISHED
    assert script.replies == []
    answers = stored(tmp_path / "scan.yaml", test_banks)
    assert answers.respondent == JAN
    assert list(answers.answers) == A_IDS + C_IDS
    assert answers.answers["regio.honkvast"] == 3
    assert answers.answers["regio.bevolking"] == WEET_NIET
    assert answers.answers["regio.bedrijven"] == "Bosch en Philips"
    assert answers.answers["team.wens"] == "meer tijd"
    assert answers.partners[0].answers == dict(zip(B_IDS, [2, 3, 4, 6, 1], strict=True))
    assert answers.versions == {"regio": "2026.1", "partner": "2026.1", "team": "2026.1"}
    # saved at the start and after every answer, each save one answer further
    counts = [len(s.answers) + len(s.partners[0].answers) for s in saves.snapshots]
    assert counts == list(range(17))


def test_every_question_shows_side_dimension_progress_and_scale(
    test_banks: BankSet, tmp_path: Path
) -> None:
    _, script, _ = start(test_banks, tmp_path, ALL_ONES)
    text = script.text
    assert "Kant A · Demografisch" in text and "vraag 1 van 16" in text
    assert "Kant B · Borging" in text and "vraag 10 van 16" in text
    assert "Kant C · Tijd en facilitering" in text and "vraag 16 van 16" in text
    first = text.split("vraag 1 van 16")[1].split("Uw antwoord")[0]
    assert "Hoe honkvast is de regionale bevolking?" in first
    for number, label in [(1, "Helemaal niet"), (4, "Volledig")]:
        assert f"{number}  {label}" in first
    assert "w  Weet niet" in first
    assert all(len(line) <= 80 for line in text.splitlines())


def test_partner_questions_come_per_partner_with_the_name_at_each(
    test_banks: BankSet, tmp_path: Path
) -> None:
    replies = ["1"] * 5 + [""] + ["2"] * 5 + ["3"] * 5 + ["1"] * 4 + [""]
    outcome, script, _ = start(test_banks, tmp_path, replies, partners=(ROC, ZORG))
    assert outcome is Outcome.FINISHED
    answers = stored(tmp_path / "scan.yaml", test_banks)
    assert answers.partners[0].answers == dict.fromkeys(B_IDS, 2)
    assert answers.partners[1].answers == dict.fromkeys(B_IDS, 3)
    blocks = script.text.split("── Kant ")[1:]
    partner_lines = [
        line for block in blocks for line in block.splitlines() if line.startswith("Partner: ")
    ]
    assert partner_lines == ["Partner: ROC Midden"] * 5 + ["Partner: Zorggroep Oost"] * 5
    assert "vraag 21 van 21" in script.text
    assert "Partner 2 van 2: Zorggroep Oost (instelling)" in script.text


def test_a_value_not_on_the_scale_is_refused_and_asked_again(
    test_banks: BankSet, tmp_path: Path
) -> None:
    outcome, script, _ = start(test_banks, tmp_path, ["5", "0", "drie", "", "2", "s"])
    assert outcome is Outcome.STOPPED
    assert script.prompts[:5] == ["Uw antwoord: "] * 5
    assert script.text.count("staat niet op de schaal") == 3
    assert "‘drie’ staat niet op de schaal. Typ 1, 2, 3 of 4, of w voor weet niet." in script.text
    assert stored(tmp_path / "scan.yaml", test_banks).answers == {"regio.honkvast": 2}


def test_question_mark_shows_the_help_and_asks_again(test_banks: BankSet, tmp_path: Path) -> None:
    _, script, _ = start(test_banks, tmp_path, ["?", "4", "s"])
    assert "Toelichting: Blijven jongeren in de regio wonen?" in script.text
    assert script.text.count("Hoe honkvast") == 1
    assert stored(tmp_path / "scan.yaml", test_banks).answers == {"regio.honkvast": 4}


def test_back_shows_the_current_answer_and_enter_keeps_it(
    test_banks: BankSet, tmp_path: Path
) -> None:
    replies = ["3", "2", "t", "", "t", "t", "t", "4", "s"]
    outcome, script, _ = start(test_banks, tmp_path, replies)
    assert outcome is Outcome.STOPPED
    assert "Huidig antwoord: 2 · Een beetje (Enter = zo laten)" in script.text
    assert "Dit is de eerste vraag." in script.text
    # back from 3 to 2, Enter keeps 2 and goes on to 3; back to 2, back to 1, once more: still 1
    assert script.prompts[2:8] == [
        "Uw antwoord: ",
        "Uw antwoord [2]: ",
        "Uw antwoord: ",
        "Uw antwoord [2]: ",
        "Uw antwoord [3]: ",
        "Uw antwoord [3]: ",
    ]
    # a new answer at question 1 replaces the old one and goes on to the first open question
    assert stored(tmp_path / "scan.yaml", test_banks).answers == {
        "regio.honkvast": 4,
        "regio.bevolking": 2,
    }
    assert script.text.rsplit("── Kant", 1)[1].startswith(" A · Demografisch ─")
    assert "vraag 3 van 16" in script.text.rsplit("── Kant", 1)[1]


def test_back_crosses_into_the_previous_side(test_banks: BankSet, tmp_path: Path) -> None:
    replies = ["1"] * 5 + ["notitie", "t", "", "2", "s"]
    _, script, _ = start(test_banks, tmp_path, replies)
    assert "Huidig antwoord: “notitie” (Enter = zo laten)" in script.text
    answers = stored(tmp_path / "scan.yaml", test_banks)
    assert answers.answers["regio.bedrijven"] == "notitie"
    assert answers.partners[0].answers == {"partner.regels": 2}
    # the side B introduction is shown again when the scan moves forward into side B
    assert script.text.count("── Kant B · Samenwerkingspartners kennen (test)") == 2


def test_open_question_left_empty_is_stored_so_a_resume_moves_on(
    test_banks: BankSet, tmp_path: Path
) -> None:
    start(test_banks, tmp_path, ["1"] * 5 + ["", "s"])
    assert stored(tmp_path / "scan.yaml", test_banks).answers["regio.bedrijven"] == ""
    _, script, _ = start(test_banks, tmp_path, ["s"])
    assert "Kent u de regels van deze partner?" in script.text
    assert "Welke bedrijven" not in script.text


def test_w_at_an_open_question_skips_it(test_banks: BankSet, tmp_path: Path) -> None:
    start(test_banks, tmp_path, ["1"] * 5 + ["w", "s"])
    assert stored(tmp_path / "scan.yaml", test_banks).answers["regio.bedrijven"] == ""


def test_remarks_are_saved_at_once_and_per_partner(test_banks: BankSet, tmp_path: Path) -> None:
    replies = ["o", "Cijfers van het CBS", "2"] + ["1"] * 4 + [""]
    replies += ["o", "Nog niet besproken", "1"] + ["1"] * 4
    replies += ["o", "Weten we wel", "o", "", "o", "-", "3", "s"]
    outcome, script, saves = start(test_banks, tmp_path, replies, partners=(ROC, ZORG))
    assert outcome is Outcome.STOPPED
    answers = stored(tmp_path / "scan.yaml", test_banks)
    assert answers.remarks == {"regio.honkvast": "Cijfers van het CBS"}
    assert answers.partners[0].remarks == {"partner.regels": "Nog niet besproken"}
    assert answers.partners[1].remarks == {}
    assert answers.answers["regio.honkvast"] == 2
    assert "Huidige opmerking: Weten we wel" in script.text
    assert "Opmerking gewist." in script.text
    # the remark was saved before the answer to its question
    first = next(s for s in saves.snapshots if s.remarks)
    assert "regio.honkvast" not in first.answers


def test_stop_then_resume_at_the_first_unanswered_question(
    test_banks: BankSet, tmp_path: Path
) -> None:
    outcome, _, _ = start(test_banks, tmp_path, ["2", "3", "4", "s"])
    assert outcome is Outcome.STOPPED
    outcome, script, _ = start(test_banks, tmp_path, ["1", "s"])
    assert f"Verder met {tmp_path / 'scan.yaml'}:" in script.flat
    assert "3 van 16 vragen zijn al beantwoord" in script.flat
    assert "Hoe honkvast" not in script.text and "Wat is het arbeidsperspectief" in script.text
    assert "vraag 4 van 16" in script.text
    assert stored(tmp_path / "scan.yaml", test_banks).answers == {
        "regio.honkvast": 2,
        "regio.bevolking": 3,
        "regio.krimp": 4,
        "regio.werkgelegenheid": 1,
    }


def test_resume_of_a_finished_file_asks_nothing(test_banks: BankSet, tmp_path: Path) -> None:
    start(test_banks, tmp_path, ALL_ONES)
    outcome, script, _ = start(test_banks, tmp_path, [])
    assert outcome is Outcome.FINISHED
    assert script.prompts == []
    assert "16 van 16 vragen zijn al beantwoord" in script.flat


def test_partners_are_asked_before_side_b_when_not_given(
    test_banks: BankSet, tmp_path: Path
) -> None:
    replies = ["1"] * 5 + [""]
    replies += ["", "ROC Midden", "9", "mbo", "roc  midden", "Bakkerij Jansen", "2", ""]
    replies += ["4"] * 5 + ["3"] * 5 + ["s"]
    outcome, script, saves = start(test_banks, tmp_path, replies, partners=())
    assert outcome is Outcome.STOPPED
    text = script.text
    assert (
        text.index("Hoeveel ruimte")
        < text.index("Naam van de partner")
        < text.index("Kent u de regels")
    )
    assert "Noem minstens één partner" in text
    assert "roc midden staat er al bij." in text
    assert script.prompts.count("Nog een partner? Naam (Enter = klaar): ") == 3
    answers = stored(tmp_path / "scan.yaml", test_banks)
    assert [(p.name, p.kind) for p in answers.partners] == [
        ("ROC Midden", "mbo"),
        ("Bakkerij Jansen", "bedrijf"),
    ]
    assert answers.partners[0].answers == dict.fromkeys(B_IDS, 4)
    assert answers.partners[1].answers == dict.fromkeys(B_IDS, 3)
    assert "vraag 16 van 21" in text
    # each partner was saved as soon as it was entered
    assert [len(s.partners) for s in saves.snapshots if s.partners][:2] == [1, 2]


def test_partner_entry_goes_back_and_stops_like_a_question(
    test_banks: BankSet, tmp_path: Path
) -> None:
    replies = ["1"] * 5 + ["", "t", "", "s"]
    outcome, script, _ = start(test_banks, tmp_path, replies, partners=())
    assert outcome is Outcome.STOPPED
    assert script.prompts[-3:] == [
        "Naam van de partner: ",
        "Uw antwoord: ",
        "Naam van de partner: ",
    ]
    assert stored(tmp_path / "scan.yaml", test_banks).partners == []
    # resumed later: the partners are asked first
    _, script, _ = start(test_banks, tmp_path, ["ROC Midden", "1", "", "s"], partners=())
    assert script.prompts[0] == "Naam van de partner: "
    assert "Kent u de regels van deze partner?" in script.text


def test_only_the_chosen_sides_are_asked_and_remembered(
    test_banks: BankSet, tmp_path: Path
) -> None:
    replies = ["1"] * 5 + ["", "2", "s"]
    outcome, script, _ = start(test_banks, tmp_path, replies, partners=(), sides=("A", "C"))
    assert outcome is Outcome.STOPPED
    assert "Naam van de partner" not in script.text and "Kant B" not in script.text
    assert "vraag 7 van 11" in script.text
    answers = stored(tmp_path / "scan.yaml", test_banks)
    assert answers.versions == {"regio": "2026.1", "team": "2026.1"}
    # resumed without --kanten: the file remembers A and C
    outcome, script, _ = start(test_banks, tmp_path, ["3"] * 3 + [""], partners=())
    assert outcome is Outcome.FINISHED
    assert "Kant B" not in script.text
    assert list(stored(tmp_path / "scan.yaml", test_banks).answers) == A_IDS + C_IDS


def test_missing_details_are_asked_first_and_none_when_all_given(
    test_banks: BankSet, tmp_path: Path
) -> None:
    _, script, _ = start(test_banks, tmp_path, ["s"])
    assert script.prompts == ["Uw antwoord: "]
    replies = ["", "", "  Het   Baken ", "", "s"]
    _, script, _ = start(
        test_banks, tmp_path, replies, respondent=Respondent(name="Els"), name="els.yaml"
    )
    assert script.prompts == [
        "Uw rol [teamleider]: ",
        "Naam van de school: ",
        "Naam van de school: ",
        "Team of afdeling (Enter = overslaan): ",
        "Uw antwoord: ",
    ]
    assert "Vul dit in, a.u.b." in script.text
    respondent = stored(tmp_path / "els.yaml", test_banks).respondent
    assert respondent == Respondent(name="Els", role="teamleider", school="Het Baken", team=None)


def test_default_file_is_named_after_the_respondent_and_resumed(
    test_banks: BankSet, tmp_path: Path
) -> None:
    script = Script(["Anna de Vries", "docent", "Het Baken", "Techniek", "s"])
    request = StartRequest(Respondent(), folder=tmp_path)
    session = open_session(test_banks, request, script.ask, script.show)
    assert session.path == tmp_path / "antwoorden-anna-de-vries.yaml"
    assert not session.resumed
    Interview(test_banks, session, script.ask, script.show, shielded_saver(session.path)).run()
    # next time: only the name is asked, then the stored details are used
    script = Script(["anna de vries", "s"])
    session = open_session(test_banks, request, script.ask, script.show)
    assert session.resumed and session.path == tmp_path / "antwoorden-anna-de-vries.yaml"
    assert session.answers.respondent.team == "Techniek"
    assert script.prompts == ["Uw naam: "]


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("Jan Jansen", "antwoorden-jan-jansen.yaml"),
        ("José Pérez-Ümit", "antwoorden-jose-perez-umit.yaml"),
        ("../../etc/passwd", "antwoorden-etc-passwd.yaml"),
        ("???", "antwoorden.yaml"),
        (None, "antwoorden.yaml"),
    ],
)
def test_default_path_is_a_safe_file_name(name: str | None, file: str, tmp_path: Path) -> None:
    assert default_path(name, tmp_path) == tmp_path / file


def test_options_that_contradict_a_resumed_file_are_refused(
    test_banks: BankSet, tmp_path: Path
) -> None:
    start(test_banks, tmp_path, ["2", "s"])
    other = Respondent(name="Piet", school="het  baken")
    with pytest.raises(ScanError) as info:
        start(test_banks, tmp_path, [], respondent=other, partners=(ZORG,))
    messages = [str(p) for p in info.value.problems]
    assert messages == [
        f"{tmp_path / 'scan.yaml'}: respondent.naam: dit antwoordbestand hoort bij 'Jan Jansen', "
        "niet bij 'Piet' (--naam); laat --naam weg om verder te gaan, of kies met --uit een "
        "ander bestand",
        f"{tmp_path / 'scan.yaml'}: partners: dit antwoordbestand heeft al de partners "
        "ROC Midden; laat --partner weg om verder te gaan, of kies met --uit een ander bestand",
    ]
    assert stored(tmp_path / "scan.yaml", test_banks).answers == {"regio.honkvast": 2}


def test_resume_fills_details_the_file_lacks(test_banks: BankSet, tmp_path: Path) -> None:
    start(
        test_banks, tmp_path, ["", "s"], respondent=Respondent(name="Jan", school="Baken", role="x")
    )
    more = Respondent(name="jan", team="Zorg")
    _, script, _ = start(test_banks, tmp_path, ["s"], respondent=more)
    assert stored(tmp_path / "scan.yaml", test_banks).respondent == Respondent(
        name="Jan", role="x", school="Baken", team="Zorg"
    )
    assert script.prompts == ["Uw antwoord: "]


def test_a_side_missing_from_the_banks_is_an_error(test_banks: BankSet, tmp_path: Path) -> None:
    only_a = BankSet(test_banks.banks[:1], test_banks.folder)
    with pytest.raises(ScanError, match="kant B of C staat niet in deze vragenlijsten"):
        start(only_a, tmp_path, [], sides=("B", "C"))
    assert not (tmp_path / "scan.yaml").exists()


def test_a_broken_existing_file_is_reported_and_left_alone(
    test_banks: BankSet, tmp_path: Path
) -> None:
    path = tmp_path / "scan.yaml"
    path.write_text("antwoorden:\n  regio.honkvast: 9\n", encoding="utf-8")
    with pytest.raises(ScanError, match=r"scan.yaml:2: antwoorden.regio.honkvast: waarde 9"):
        start(test_banks, tmp_path, ["1"])
    assert path.read_text(encoding="utf-8") == "antwoorden:\n  regio.honkvast: 9\n"


def test_parse_partner_and_sides() -> None:
    assert parse_partner(" ROC: Midden : MBO ") == PartnerAnswers(name="ROC: Midden", kind="mbo")
    assert parse_sides("c, a,A") == ("A", "C")
    with pytest.raises(OptionError, match="NAAM:SOORT"):
        parse_partner("ROC Midden")
    assert parse_partner("Bakker:bedrijven").kind == "bedrijf"  # as people write it
    assert parse_partner("Zorggroep:zorginstelling").kind == "instelling"
    with pytest.raises(OptionError, match="onbekende soort 'bedrijff' \\(bedoelt u 'bedrijf'"):
        parse_partner("Bakker:bedrijff")
    with pytest.raises(OptionError, match="twee keer"):
        parse_partners(["ROC:mbo", "roc :bedrijf"])
    for bad in ("", "A,D", "AB"):
        with pytest.raises(OptionError, match="--kanten"):
            parse_sides(bad)


def test_save_holds_ctrl_c_until_the_file_is_written(
    test_banks: BankSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "scan.yaml"
    real_save = interview.save_answers

    def save_interrupted_midway(answers: AnswerFile, target: Path) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        real_save(answers, target)

    monkeypatch.setattr(interview, "save_answers", save_interrupted_midway)
    answers = AnswerFile(answers={"regio.honkvast": 3})
    with pytest.raises(KeyboardInterrupt):
        shielded_saver(path)(answers)
    assert stored(path, test_banks).answers == {"regio.honkvast": 3}


def test_stop_message_is_one_line_unless_the_command_would_break(tmp_path: Path) -> None:
    short = view.stopped(Path("jan.yaml"), None, 80)
    assert str(short) == (
        "Gestopt. Uw antwoorden staan in jan.yaml; verder gaan: scan start --uit jan.yaml"
    )
    long = view.stopped(Path("antwoorden-jan-jansen.yaml"), Path("mijn banken"), 80)
    assert str(long).splitlines() == [
        "Gestopt. Uw antwoorden staan in antwoorden-jan-jansen.yaml. Verder gaan:",
        "  scan start --uit antwoorden-jan-jansen.yaml --vragenlijsten 'mijn banken'",
    ]
