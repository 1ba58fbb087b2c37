"""Survey tools recognised from their columns (docs/exports.md): metadata skipped, the tool's own id
as key, extra header rows read or skipped, question texts matched loosely with one warning, identity
questions as people title them, partial responses flagged; small exports written here in each
tool's layout, scored with the test banks."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scan.answers import parse_partner_kind
from scan.batch.columns import header_variants, identity_phrase, loose_text
from scan.batch.sources import recognise
from scan.cli.commands import app

BANKS = str(Path(__file__).parent.parent / "fixtures" / "banken")

REGIO = [
    "Hoe honkvast is de regionale bevolking?",
    "Kent u de opbouw van de bevolking?",
    "Hoe sterk krimpt de regio?",
    "Wat is het arbeidsperspectief in de regio?",
    "Hoeveel ruimte is er voor innovatieve bedrijven?",
]
TEAM = [
    "Steunt het team de samenwerking?",
    "Voelt het team urgentie?",
    "Is er tijd voor overleg?",
    "Belemmert tijdgebrek de samenwerking?",
]


def write(tmp_path: Path, rows: list[list[str]], name: str = "export.csv") -> Path:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    path = tmp_path / name
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def batch(tmp_path: Path, *args: str | Path) -> tuple[Any, list[dict[str, str]]]:
    out = tmp_path / "uit.csv"
    result = CliRunner().invoke(
        app, ["batch", *map(str, args), "-o", str(out), "--vragenlijsten", BANKS]
    )
    rows: list[dict[str, str]] = []
    if out.exists():
        with out.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
    return result, rows


ANSWERS = ["Grotendeels", "Volledig", "Helemaal niet", "Een beetje", "Weet ik niet"]
TEAM_ANSWERS = ["Eens", "3", "Oneens", "N/A"]


def test_qualtrics_three_header_rows_previews_and_unfinished(tmp_path: Path) -> None:
    ids = ["StartDate", "EndDate", "Status", "Progress", "Finished", "RecordedDate", "ResponseId"]
    ids += ["DistributionChannel", "Q1", "Q2"] + [f"Q3_{i}" for i in range(1, 6)]
    ids += [f"Q4_{i}" for i in range(1, 5)]
    texts = ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Recorded Date"]
    texts += ["Response ID", "Distribution Channel", "Op welke school werkt u?", "Functie"]
    texts += [f"Regio - {q}" for q in REGIO] + [f"Team - {q}" for q in TEAM]
    imports = ['{"ImportId":"startDate","timeZone":"Europe/Amsterdam"}'] + ['{"ImportId":"x"}'] * (
        len(ids) - 1
    )
    meta = ["2026-11-20 10:00:00", "2026-11-20 10:09:00"]
    rows = [
        ids,
        texts,
        imports,
        [
            *meta,
            "IP Address",
            "100",
            "True",
            "x",
            "R_1aa",
            "anonymous",
            "Het Baken",
            "docent",
            *ANSWERS,
            *TEAM_ANSWERS,
        ],
        [
            *meta,
            "Survey Preview",
            "100",
            "True",
            "x",
            "R_2bb",
            "preview",
            "Het Baken",
            "docent",
            *ANSWERS,
            *TEAM_ANSWERS,
        ],
        [*meta, "IP Address", "40", "False", "x", "R_3cc", "anonymous", "Het Baken", "mentor"]
        + ANSWERS
        + [""] * 4,
    ]
    result, out = batch(tmp_path, write(tmp_path, rows))
    assert result.exit_code == 0, result.stderr
    assert "bron herkend: Qualtrics (respondent-id uit kolom G 'Response ID')" in result.stderr
    assert "1 rij(en) overgeslagen: voorbeeld-, test- of spamantwoorden" in result.stderr
    assert [(r["respondent"], r["school"], r["rol"], r["onvolledig"]) for r in out] == [
        ("R_1aa", "Het Baken", "docent", ""),
        ("R_3cc", "Het Baken", "mentor", "ja"),
    ]
    assert out[0]["A"] == out[1]["A"] != ""
    assert out[1]["C"] == ""  # stopped before side C: scored on what was answered


def test_qualtrics_legacy_two_header_rows(tmp_path: Path) -> None:
    rows = [
        ["V1", "V5", "V10", "Q1", "Q2"],
        ["ResponseID", "Status", "Finished", REGIO[0], REGIO[1]],
        ["R_1", "0", "1", "Volledig", "Volledig"],
    ]
    result, out = batch(tmp_path, write(tmp_path, rows), "--bron", "qualtrics")
    assert result.exit_code == 0, result.stderr
    assert "bron opgegeven: Qualtrics" in result.stderr
    assert [r["respondent"] for r in out] == ["R_1"]


def test_surveymonkey_matrix_title_and_sub_question(tmp_path: Path) -> None:
    first = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
    first += ["Email Address", "First Name", "Last Name", "Custom Data 1", "Wat is uw rol?"]
    first += ["Regio", "", "", "", "", "Team", "", "", ""]
    second = [""] * 9 + ["Response", *REGIO, *TEAM]
    row = ["11", "4", "x", "x", "1.2.3.4", "", "", "", "", "docent", *ANSWERS, *TEAM_ANSWERS]
    other = ["12", "4", "x", "x", "1.2.3.4", "", "", "", "", "mentor", *ANSWERS, *TEAM_ANSWERS]
    result, out = batch(tmp_path, write(tmp_path, [first, second, row, other]))
    assert result.exit_code == 0, result.stderr
    assert "bron herkend: SurveyMonkey" in result.stderr
    assert [(r["respondent"], r["rol"]) for r in out] == [("11", "docent"), ("12", "mentor")]
    assert "ruim gekoppeld" not in result.stderr  # matrix "Titel - vraag", identity as titled


def test_limesurvey_full_texts_empty_submitdate_and_per_file_ids(tmp_path: Path) -> None:
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "In welk team werkt u?"]
    header += [f"Regio [{q}]" for q in REGIO] + [
        f"{i}. {q.rstrip('?')}" for i, q in enumerate(TEAM, 1)
    ]
    done = ["1", "2026-11-20 10:00:00", "3", "nl", "123", "Techniek", *ANSWERS, *TEAM_ANSWERS]
    partial = ["2", "", "2", "nl", "456", "Techniek", *ANSWERS, "", "", "", ""]
    first = write(tmp_path, [header, done, partial], "a.csv")
    second = write(tmp_path, [header, done], "b.csv")
    result, out = batch(tmp_path, first, second)
    assert result.exit_code == 0, result.stderr
    assert [(r["respondent"], r["team"], r["onvolledig"]) for r in out] == [
        ("1", "Techniek", ""),
        ("2", "Techniek", "ja"),
        ("1", "Techniek", ""),  # another file: another person, not a repeated respondent
    ]
    warnings = [line for line in result.stderr.splitlines() if "ruim gekoppeld" in line]
    assert len(warnings) == 2  # one per file, listing every loose match
    assert "kolom L '1. Steunt het team de samenwerking' → team.steun" in warnings[0]


def test_google_without_e_mail_names_respondents_by_row(tmp_path: Path) -> None:
    header = ["Tijdstempel", "Op welke school werkt u?", *REGIO]
    rows = [header, ["1-1-2026 9:00:00", "Het Baken", *ANSWERS], ["x", "De Vaart", *ANSWERS]]
    result, out = batch(tmp_path, write(tmp_path, rows))
    assert result.exit_code == 0, result.stderr
    assert [(r["respondent"], r["school"]) for r in out] == [("2", "Het Baken"), ("3", "De Vaart")]


def test_google_response_without_e_mail_is_named_by_its_row(tmp_path: Path) -> None:
    header = ["Tijdstempel", "E-mailadres", *REGIO]
    rows = [header, ["x", "an@school.nl", *ANSWERS], ["x", "", *ANSWERS], ["x", "", *ANSWERS]]
    result, out = batch(tmp_path, write(tmp_path, rows))
    assert result.exit_code == 0, result.stderr
    assert [r["respondent"] for r in out] == ["an@school.nl", "3", "4"]


def test_forms_anonymous_main_form_scores_on_id(tmp_path: Path) -> None:
    header = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", *REGIO]
    rows = [header] + [[str(i), "x", "x", "anonymous", "", *ANSWERS] for i in range(1, 4)]
    result, out = batch(tmp_path, write(tmp_path, rows))
    assert result.exit_code == 0, result.stderr
    assert [r["respondent"] for r in out] == ["1", "2", "3"]


def test_same_respondent_id_on_every_row_is_one_message(tmp_path: Path) -> None:
    header = ["respondent", *REGIO]
    rows = [header] + [["anoniem", *(ANSWERS[i % 3 :] + ANSWERS[: i % 3])] for i in range(30)]
    result, out = batch(tmp_path, write(tmp_path, rows))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("fout:")]
    assert len(errors) == 1
    assert "30 rijen hebben dezelfde respondent-id 'anoniem'" in errors[0]
    assert out == []


def test_unknown_tool_name() -> None:
    with pytest.raises(Exception, match="onbekende bron 'typeform'"):
        recognise(["a"], [], "typeform")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5. Hoe honkvast is de regionale bevolking", "hoe honkvast is de regionale bevolking"),
        ("G01Q03. Kent u  de opbouw?", "kent u de opbouw"),
        ("Q5) Voelt het team urgentie ?", "voelt het team urgentie"),
        ("In 2026: wat verandert er?", "in 2026 wat verandert er"),
    ],
)
def test_loose_text(text: str, expected: str) -> None:
    assert loose_text(text) == expected


def test_header_variants() -> None:
    assert header_variants("Regio [Hoe sterk krimpt de regio?]")[1] == "Hoe sterk krimpt de regio?"
    assert header_variants("Team - Voelt het team urgentie?")[1] == "Voelt het team urgentie?"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Op welke school werkt u?", "school"),
        ("In welk team werkt u?", "team"),
        ("Wat is uw rol?", "rol"),
        ("Functie", "rol"),
        ("Naam van de partner", "partner"),
        ("Soort partner", "partner_soort"),
        ("Wat voor organisatie is deze partner?", "partner_soort"),
        ("Wilt u nog een partner beoordelen?", None),
        ("Hoe goed kent deze partner uw school?", None),
        ("Naam", None),
    ],
)
def test_identity_phrase(text: str, expected: str | None) -> None:
    assert identity_phrase(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mbo-school", "mbo"),
        ("ROC Midden", "mbo"),
        ("MBO", "mbo"),
        ("bedrijf", "bedrijf"),
        ("Zorginstelling", "instelling"),
        ("Anders, namelijk: gemeente", "instelling"),
        ("anders", "anders"),
        ("3", "instelling"),
        ("mbo of bedrijf", None),
        ("", None),
        ("bedrijff", None),
        ("7", None),
    ],
)
def test_parse_partner_kind(text: str, expected: str | None) -> None:
    assert parse_partner_kind(text) == expected


def test_koppeling_labels_against_the_scale(tmp_path: Path) -> None:
    koppeling = tmp_path / "koppeling.yaml"
    koppeling.write_text(
        "labels:\n  Nauwelijks: 1\n  Volledig: 2\n  mate:\n    Een beetje: 2\n", encoding="utf-8"
    )
    rows = [["respondent", *REGIO[:3]], ["r1", *["Volledig"] * 3], ["r2", *["Een beetje"] * 3]]
    result, out = batch(tmp_path, write(tmp_path, rows), "--koppeling", koppeling)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("waarschuwing")]
    assert len(warnings) == 1
    assert (
        "label 'Volledig' is in de koppeling 2, maar op schaal 'mate' van 'regio' 4" in warnings[0]
    )
    assert out[0]["A.demografisch"] == out[1]["A.demografisch"] != ""  # the koppeling wins


def test_partner_form_joined_on_the_koppeling_key(tmp_path: Path) -> None:
    main = write(
        tmp_path,
        [
            ["ID", "Begintijd", "Tijd van voltooien", "Naam", "Wat is uw naam?", REGIO[0]],
            ["1", "x", "x", "", "An", "Volledig"],
            ["2", "x", "x", "", "Bo", "Volledig"],
        ],
        "main.csv",
    )
    partners = write(
        tmp_path,
        [
            [
                "ID",
                "Begintijd",
                "Tijd van voltooien",
                "Wat is uw naam?",
                "Partner",
                "Soort partner",
                "Kent u de regels van deze partner?",
            ],
            ["1", "x", "x", "an ", "ROC Midden", "ROC", "Volledig"],
            ["2", "x", "x", "An", "Garage De Wit", "bedrijf", "Een beetje"],
            ["3", "x", "x", "Cor", "Zorggroep", "zorginstelling", "Volledig"],
        ],
        "partners.csv",
    )
    koppeling = tmp_path / "koppeling.yaml"
    koppeling.write_text(
        'sleutel: "Wat is uw naam?"\nnegeren: ["Wat is uw naam?"]\n', encoding="utf-8"
    )
    result, out = batch(tmp_path, main, partners, "--koppeling", koppeling)
    assert result.exit_code == 1  # Cor has no answers in the main form: named, not lost
    assert "partner 'Zorggroep': geen respondent met 'cor' in het hoofdformulier" in result.stderr
    assert [(r["respondent"], r["B"] != "") for r in out] == [("1", True), ("2", False)]
