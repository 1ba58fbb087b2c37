"""``scan sjabloon --bron limesurvey|google|forms``: the form definitions match by construction.
Each generated file is read back the way the tool turns it into export headers (LimeSurvey
"Volledige vraagtekst", Google's grid headers, Forms' numbered copies), and those headers, behind
the tool's own metadata columns, map onto every question of the bundled banks without a
koppeling, without a loose match and without a column left out; every answer option is a value."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from scan.bank import BankSet, load_bankset
from scan.batch.columns import ColumnPlan, plan_columns
from scan.batch.definitions import DONT_KNOW, Choice, Grid, outline
from scan.batch.sources import recognise
from scan.cli.commands import app


@pytest.fixture(scope="module")
def banks() -> BankSet:
    return load_bankset()


def limesurvey_headers(path: Path) -> list[str]:
    """Headers of a LimeSurvey export with full question texts of this structure."""
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8")), delimiter="\t"))
    headers = ["Response ID", "Date submitted", "Last page", "Start language", "Seed"]
    question: dict[str, str] = {}
    for row in rows:
        if row["class"] == "Q":
            question = row
            if row["type/scale"] != "F":
                headers.append(row["text"])
            if row["other"] == "Y":
                headers.append(f"{row['text']} [Anders]")
        elif row["class"] == "SQ":
            headers.append(f"{question['text']} [{row['text']}]")
    return headers


def google_headers(path: Path) -> list[str]:
    """Headers of the response sheet of the form this script builds."""
    headers = ["Tijdstempel", "E-mailadres"]
    for line in path.read_text("utf-8").splitlines():
        title = re.search(r"\.setTitle\((\"(?:[^\"\\]|\\.)*\")\)", line)
        if not title or "addPageBreakItem" in line:
            continue
        rows = re.search(r"\.setRows\((\[.*?\])\)", line)
        text = json.loads(title.group(1))
        if rows:
            headers += [f"{text} [{row}]" for row in json.loads(rows.group(1))]
        else:
            headers.append(text)
    return headers


def forms_headers(path: Path) -> list[str]:
    """Headers of the Forms export: every question title, copies numbered 2, 3 (no space)."""
    headers = ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam"]
    headers.append("Tijd van laatste wijziging")
    seen: Counter[str] = Counter()
    for paragraph in Document(str(path)).paragraphs:
        if paragraph.style.name == "List Number":
            seen[paragraph.text] += 1
            count = seen[paragraph.text]
            headers.append(paragraph.text + (str(count) if count > 1 else ""))
    return headers


READERS = {
    "limesurvey": (".txt", limesurvey_headers),
    "google": (".gs", google_headers),
    "forms": (".docx", forms_headers),
}


def plan_of(headers: list[str], banks: BankSet) -> ColumnPlan:
    return plan_columns(headers, banks, "export", layout=recognise(headers, []))


@pytest.mark.parametrize("source", READERS)
def test_definition_headers_match_every_question(
    tmp_path: Path, banks: BankSet, source: str
) -> None:
    suffix, read = READERS[source]
    path = tmp_path / f"formulier{suffix}"
    result = CliRunner().invoke(app, ["sjabloon", "--bron", source, "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    plan = plan_of(read(path), banks)
    assert plan.layout.tool.name == source
    assert (plan.loose, plan.skipped) == ([], [])
    once = [
        q for b in banks if not b.per_partner for q, (_, x) in b.questions.items() if x.is_scale
    ]
    each = [q for b in banks if b.per_partner for q, (_, x) in b.questions.items() if x.is_scale]
    assert [c.qid for c in plan.answers] == once
    assert len(plan.slots) == 3
    for slot in plan.slots:
        assert slot.name is not None and slot.kind is not None
        assert [c.qid for c in slot.answers] == each
    assert set(plan.identity) == {"school", "team", "rol"}


def test_every_option_of_the_definitions_is_a_value(banks: BankSet) -> None:
    columns = {c.qid: c for c in plan_of(google_headers_of(banks), banks).answers}
    texts = {q.text: qid for b in banks for qid, (_, q) in b.questions.items()}
    for section in outline(banks):
        for item in section.items:
            rows = item.rows if isinstance(item, Grid) else (item.title,)
            options = item.columns if isinstance(item, Grid) else getattr(item, "options", ())
            for row in rows:
                column = columns.get(texts.get(row, ""))
                if column is None:
                    continue  # identity, partner and open questions
                for option in options:
                    value = column.resolve(option)
                    assert (value == "weet_niet") == (option == DONT_KNOW)


def google_headers_of(banks: BankSet) -> list[str]:
    headers = ["Tijdstempel", "E-mailadres"]
    for section in outline(banks, partners=1):
        for item in section.items:
            if isinstance(item, Grid):
                headers += [f"{item.title} [{row}]" for row in item.rows]
            else:
                headers.append(item.title)
    return headers


def test_the_follow_up_question_is_no_column_left_out(banks: BankSet) -> None:
    headers = [*google_headers_of(banks), "Wilt u nog een partner beoordelen?"]
    assert plan_of(headers, banks).skipped == []
    assert any(isinstance(i, Choice) for s in outline(banks) for i in s.items)


def test_wrong_extension_and_unknown_tool(tmp_path: Path) -> None:
    runner = CliRunner()
    wrong = runner.invoke(app, ["sjabloon", "--bron", "google", "-o", str(tmp_path / "x.txt")])
    assert wrong.exit_code == 1
    assert "het formulier voor google is een .gs-bestand" in wrong.stderr
    unknown = runner.invoke(app, ["sjabloon", "--bron", "typeform", "-o", str(tmp_path / "x")])
    assert unknown.exit_code == 1
    assert "onbekende bron 'typeform'" in unknown.stderr
    assert not list(tmp_path.iterdir())
