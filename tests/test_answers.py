"""Answer files (docs/formaten.md): loading and checking against the banks, and atomic saving."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from scan.answers import (
    AnswerFile,
    PartnerAnswers,
    Respondent,
    describe_answer,
    load_answers,
    new_answers,
    save_answers,
)
from scan.bank import BankSet
from scan.errors import ScanError
from tests.conftest import FIXTURES

ANSWERS = FIXTURES / "antwoorden"


def problems_of(path: Path, banks: BankSet) -> list[str]:
    with pytest.raises(ScanError) as caught:
        load_answers(path, banks)
    return [str(p) for p in caught.value.problems]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_files_load(test_banks: BankSet) -> None:
    jan, warnings = load_answers(ANSWERS / "jan.yaml", test_banks)
    assert warnings == []
    assert jan.respondent == Respondent(
        name="Jan Jansen", role="teamleider", school="Het Baken", team="Zorg & Welzijn"
    )
    assert jan.date == dt.date(2026, 11, 22)
    assert jan.answers["regio.werkgelegenheid"] == "weet_niet"
    assert jan.answers["team.wens"] == ""
    assert [(p.name, p.kind) for p in jan.partners] == [
        ("ROC Midden", "mbo"),
        ("Zorgcentrum De Linde", "instelling"),
    ]
    assert jan.remarks == {"regio.honkvast": "Veel jongeren blijven."}
    klaas, _ = load_answers(ANSWERS / "klaas.json", test_banks)
    assert klaas.answers["regio.innovatie"] == 3 and klaas.partners == []


def test_every_invalid_answer_is_reported_with_its_line(
    tmp_path: Path, test_banks: BankSet
) -> None:
    path = write(
        tmp_path,
        "fout.yaml",
        """formaat: samenwerkingsscan/antwoorden-1
respondent: {naam: Jan}
antwoorden:
  regio.honkvst: 3
  regio.bevolking: 7
  regio.krimp: "veel"
  regio.bedrijven: 3
  partner.regels: 2
partners:
  - naam: ROC
    antwoorden: {regio.honkvast: 2, partner.vorm: 9}
  - naam: " roc"
opmerkingen: {regio.nope: "x"}
""",
    )
    f = str(path)
    assert problems_of(path, test_banks) == [
        f"{f}:4: antwoorden.regio.honkvst: onbekende vraag (bedoelt u 'regio.honkvast'?)",
        f"{f}:5: antwoorden.regio.bevolking: waarde 7 staat niet op de schaal (1, 2, 3, 4)",
        f"{f}:6: antwoorden.regio.krimp: tekst 'veel' bij een schaalvraag; "
        "geef een waarde (1, 2, 3, 4) of weet_niet",
        f"{f}:7: antwoorden.regio.bedrijven: een open vraag krijgt tekst als antwoord",
        f"{f}:8: antwoorden.partner.regels: antwoord op een partnervraag hoort onder 'partners'",
        f"{f}:11: partners[0].antwoorden.regio.honkvast: deze vraag hoort niet bij een "
        "partner; zet hem onder 'antwoorden'",
        f"{f}:11: partners[0].antwoorden.partner.vorm: waarde 9 staat niet op de schaal "
        "(1, 2, 3, 4, 5, 6)",
        f"{f}:12: partners[1]: partner ' roc' staat er dubbel",
        f"{f}:13: opmerkingen.regio.nope: opmerking bij onbekende vraag "
        "(bedoelt u 'regio.innovatie'?)",
    ]


def test_unknown_format_is_refused(tmp_path: Path, test_banks: BankSet) -> None:
    path = write(tmp_path, "a.yaml", "\nformaat: samenwerkingsscan/antwoorden-9\nantwoorden: {}\n")
    assert problems_of(path, test_banks) == [
        f"{path}:2: formaat: onbekend formaat 'samenwerkingsscan/antwoorden-9'; "
        "verwacht 'samenwerkingsscan/antwoorden-1'"
    ]


def test_old_bank_version_is_a_warning(tmp_path: Path, test_banks: BankSet) -> None:
    path = write(
        tmp_path,
        "oud.yaml",
        "formaat: samenwerkingsscan/antwoorden-1\n"
        'vragenlijsten: {regio: "2025.1", team: "2026.1"}\n'
        "antwoorden: {regio.honkvast: 3}\n",
    )
    answers, warnings = load_answers(path, test_banks)
    assert answers.answers == {"regio.honkvast": 3}
    assert [str(w) for w in warnings] == [
        f"{path}:2: vragenlijsten.regio: antwoorden gegeven op versie '2025.1' van "
        "vragenlijst 'regio'; gescoord met versie '2026.1'"
    ]


def test_json_answer_file_errors(tmp_path: Path, test_banks: BankSet) -> None:
    path = write(tmp_path, "a.json", '{"antwoorden": {"regio.honkvast": true, "x.y": 1}}')
    assert problems_of(path, test_banks) == [
        f"{path}:1: antwoorden.regio.honkvast: "
        "moet een getal, 'weet_niet', 'nvt' of tekst zijn, niet True"
    ]
    path = write(tmp_path, "b.json", '{\n  "antwoorden": {\n    "regio.honkvst": 2\n  }\n}')
    assert problems_of(path, test_banks) == [
        f"{path}:3: antwoorden.regio.honkvst: onbekende vraag (bedoelt u 'regio.honkvast'?)"
    ]
    path = write(tmp_path, "c.json", '{\n  "antwoorden": {\n    "regio.honkvast": 2,\n  }\n}')
    [problem] = problems_of(path, test_banks)
    assert problem.startswith(f"{path}:4: ongeldige JSON")


def test_shape_errors_name_field_and_line(tmp_path: Path, test_banks: BankSet) -> None:
    path = write(
        tmp_path,
        "a.yaml",
        "antwoorden:\n  regio.honkvast: 3\ndatum: gisteren\npartners:\n  - soort: school\n",
    )
    assert problems_of(path, test_banks) == [
        f"{path}:3: datum: moet een datum zijn (JJJJ-MM-DD), niet 'gisteren'",
        f"{path}:5: partners[0].naam: verplicht veld ontbreekt",
        f"{path}:5: partners[0].soort: ongeldige waarde 'school': kies uit "
        "'mbo', 'bedrijf', 'instelling' of 'anders'",
    ]


def test_unreadable_files(tmp_path: Path, test_banks: BankSet) -> None:
    assert problems_of(tmp_path / "nergens.yaml", test_banks) == [
        f"{tmp_path / 'nergens.yaml'}: bestand bestaat niet"
    ]
    path = write(tmp_path, "leeg.yaml", "\n")
    assert problems_of(path, test_banks) == [f"{path}: bestand is leeg"]
    path = write(tmp_path, "lijst.yaml", "- 1\n- 2\n")
    assert problems_of(path, test_banks) == [
        f"{path}:1: verwacht een verzameling van sleutels en waarden"
    ]


def _sample(test_banks: BankSet) -> AnswerFile:
    answers = new_answers(
        test_banks, Respondent(name="Jan", school="Het Baken"), today=dt.date(2026, 11, 22)
    )
    answers.answers.update({"regio.honkvast": 3, "regio.krimp": "weet_niet", "team.wens": ""})
    answers.partners.append(
        PartnerAnswers(name="ROC Midden", kind="mbo", answers={"partner.regels": 2})
    )
    answers.remarks["regio.honkvast"] = "Veel jongeren blijven."
    return answers


@pytest.mark.parametrize("name", ["antwoorden.yaml", "antwoorden.json"])
def test_save_and_load_round_trip(tmp_path: Path, test_banks: BankSet, name: str) -> None:
    answers = _sample(test_banks)
    assert answers.versions == {"regio": "2026.1", "partner": "2026.1", "team": "2026.1"}
    path = tmp_path / name
    save_answers(answers, path)
    loaded, warnings = load_answers(path, test_banks)
    assert warnings == []
    assert loaded == answers
    assert os.listdir(tmp_path) == [name]  # no temp file left behind
    if name.endswith(".json"):
        assert json.loads(path.read_text(encoding="utf-8"))["formaat"] == (
            "samenwerkingsscan/antwoorden-1"
        )


def test_save_writes_the_contract_keys_in_dutch(tmp_path: Path, test_banks: BankSet) -> None:
    path = tmp_path / "a.json"
    save_answers(_sample(test_banks), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data) == [
        "formaat",
        "respondent",
        "datum",
        "vragenlijsten",
        "antwoorden",
        "partners",
        "opmerkingen",
    ]
    assert data["respondent"] == {"naam": "Jan", "school": "Het Baken"}
    assert data["partners"] == [
        {"naam": "ROC Midden", "soort": "mbo", "antwoorden": {"partner.regels": 2}}
    ]


def test_failed_save_keeps_the_old_file(
    tmp_path: Path, test_banks: BankSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("oud\n", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ScanError, match="schijf vol"):
        save_answers(_sample(test_banks), path)
    assert path.read_text(encoding="utf-8") == "oud\n"
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_save_into_missing_folder_is_a_dutch_error(tmp_path: Path, test_banks: BankSet) -> None:
    with pytest.raises(ScanError, match="kan hier niet schrijven"):
        save_answers(_sample(test_banks), tmp_path / "nergens" / "a.yaml")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3, "3 · Grotendeels"),
        (9, "9"),
        ("weet_niet", "weet niet"),
        ("nvt", "niet van toepassing"),
        ("Met de directie", "Met de directie"),
    ],
)
def test_describe_answer(value: int | str, text: str) -> None:
    assert describe_answer(value, {3: "Grotendeels"}) == text
