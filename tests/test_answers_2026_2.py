"""Answer files against banks of format 2026.2: ``nvt`` only where allowed, partner ``kort``,
and answers of an older bank version that no longer fit (warnings, never errors)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan.answers import AnswerFile, PartnerAnswers, load_answers, save_answers
from scan.bank import BankSet, load_bankset
from scan.errors import ScanError
from tests.conftest import FIXTURES

NEW = FIXTURES / "banken-2026.2"


@pytest.fixture(scope="module")
def banks() -> BankSet:
    return load_bankset(NEW)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_nvt_is_accepted_where_the_question_allows_it(tmp_path: Path, banks: BankSet) -> None:
    path = write(
        tmp_path,
        "antwoorden: {regio.krimp: nvt}\n"
        "partners:\n  - {naam: ROC, soort: mbo, antwoorden: {partner.contactpersoon: nvt}}\n",
    )
    answers, warnings = load_answers(path, banks)
    assert warnings == []
    assert answers.answers == {"regio.krimp": "nvt"}
    assert answers.partners[0].answers == {"partner.contactpersoon": "nvt"}


def test_nvt_elsewhere_is_an_error_with_its_line(tmp_path: Path, banks: BankSet) -> None:
    path = write(
        tmp_path,
        "antwoorden:\n  regio.honkvast: nvt\n  regio.bevolking: nvtt\n"
        "partners:\n  - naam: ROC\n    antwoorden: {partner.vorm: nvt}\n",
    )
    with pytest.raises(ScanError) as caught:
        load_answers(path, banks)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: antwoorden.regio.honkvast: 'nvt' (niet van toepassing) mag niet bij deze vraag",
        f"{path}:3: antwoorden.regio.bevolking: tekst 'nvtt' bij een schaalvraag; geef een "
        "waarde (1, 2, 3, 4) of weet_niet",
        f"{path}:6: partners[0].antwoorden.partner.vorm: 'nvt' (niet van toepassing) mag niet "
        "bij deze vraag",
    ]


def test_a_question_that_allows_nvt_says_so_in_the_hint(tmp_path: Path, banks: BankSet) -> None:
    path = write(tmp_path, "antwoorden: {regio.krimp: misschien}\n")
    with pytest.raises(ScanError) as caught:
        load_answers(path, banks)
    assert "geef een waarde (1, 2, 3, 4) of weet_niet of nvt" in str(caught.value)


def test_partner_short_form_is_saved_only_when_true(tmp_path: Path, banks: BankSet) -> None:
    answers = AnswerFile(
        partners=[
            PartnerAnswers(name="ROC", kind="mbo"),
            PartnerAnswers(name="Bouw", kind="bedrijf", short=True),
        ]
    )
    path = tmp_path / "a.yaml"
    save_answers(answers, path)
    text = path.read_text(encoding="utf-8")
    assert text.count("kort:") == 1 and "kort: true" in text
    loaded, _ = load_answers(path, banks)
    assert [p.short for p in loaded.partners] == [False, True]
    bad = write(tmp_path, "partners:\n  - naam: ROC\n    kort: ja\n")
    with pytest.raises(ScanError) as caught:
        load_answers(bad, banks)
    assert f"{bad}:3: partners[0].kort: moet true of false zijn, niet 'ja'" in str(caught.value)


def test_outdated_answers_are_one_warning_per_bank(tmp_path: Path, banks: BankSet) -> None:
    path = write(
        tmp_path,
        "vragenlijsten: {regio: '2026.1', partner: '2026.1'}\n"
        "antwoorden:\n  regio.innovatie: 3\n  regio.oud: 2\n  regio.krimp: 3\n"
        "partners:\n  - naam: ROC\n    antwoorden: {partner.vorm: 9, partner.regels: 2}\n"
        "opmerkingen: {regio.innovatie: weg}\n",
    )
    answers, warnings = load_answers(path, banks)
    assert [str(w).split(": ", 2)[2] for w in warnings] == [
        "antwoorden gegeven op versie '2026.1' van vragenlijst 'regio'; gescoord met versie "
        "'2026.2'",
        "antwoorden gegeven op versie '2026.1' van vragenlijst 'partner'; gescoord met versie "
        "'2026.2'",
        "2 antwoorden passen niet bij versie '2026.2' van vragenlijst 'regio' en tellen niet "
        "mee: regio.innovatie (vraag bestaat niet meer), regio.oud (vraag bestaat niet meer)",
        "1 antwoord past niet bij versie '2026.2' van vragenlijst 'partner' en telt niet mee: "
        "partner.vorm (waarde 9 staat niet op de schaal (1, 2, 3, 4, 5, 6))",
        # regels is asked of mbo partners only now, and ROC has no soort (so 'anders')
        "partner 'ROC': 1 antwoord telt niet mee, want die vragen horen niet bij een partner "
        "van soort 'anders': partner.regels",
    ]
    assert answers.answers == {"regio.krimp": 3}
    assert answers.partners[0].answers == {"partner.regels": 2}
    assert answers.remarks == {}


def test_same_version_unknown_question_stays_an_error(tmp_path: Path, banks: BankSet) -> None:
    path = write(tmp_path, "vragenlijsten: {regio: '2026.2'}\nantwoorden: {regio.innovatie: 3}\n")
    with pytest.raises(ScanError) as caught:
        load_answers(path, banks)
    assert "onbekende vraag" in str(caught.value)


def test_a_long_list_of_outdated_answers_is_cut(tmp_path: Path, banks: BankSet) -> None:
    gone = "".join(f"  regio.weg{i}: 1\n" for i in range(8))
    path = write(tmp_path, f"vragenlijsten: {{regio: '2026.1'}}\nantwoorden:\n{gone}")
    _, warnings = load_answers(path, banks)
    assert str(warnings[-1]).endswith(
        "8 antwoorden passen niet bij versie '2026.2' van vragenlijst 'regio' en tellen niet "
        "mee: regio.weg0 (vraag bestaat niet meer), regio.weg1 (vraag bestaat niet meer), "
        "regio.weg2 (vraag bestaat niet meer), regio.weg3 (vraag bestaat niet meer), "
        "regio.weg4 (vraag bestaat niet meer), en 3 andere"
    )
