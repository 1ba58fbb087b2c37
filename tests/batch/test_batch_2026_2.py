"""Batch scoring with banks of format 2026.2: the fast paths (memoised dimensions per partner
kind for the CSV table, answers read for profile questions in JSON) score exactly like the
engine on the same answers (tests/fixtures/banken-2026.2: partner questions per kind)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from scan.answers import Respondent
from scan.bank import WEET_NIET, load_bankset
from scan.batch.rows import Identity, csv_line
from scan.cli.commands import app
from scan.scoring.engine import build_result_data, scorer_for
from tests.conftest import FIXTURES

NEW = FIXTURES / "banken-2026.2"
BANKS = load_bankset(NEW)
COLUMNS = {
    "regio.honkvast": 4,
    "regio.bevolking": 4,
    "regio.krimp": 4,
    "regio.bron": 3,
    "regio.werkgelegenheid": 4,
    "partner.regels": 4,
    "partner.examens": 4,
    "partner.contactpersoon": 4,
    "partner.vorm": 6,
    "partner.persoon": 4,
    "partner.zoeker": 2,
}
KINDS = ["mbo", "bedrijf", "instelling", "anders", ""]


@st.composite
def rows(draw: st.DrawFn) -> list[tuple[str, str, dict[str, str]]]:
    """(partner, kind, {question id: cell}) per respondent."""
    out = []
    for _ in range(draw(st.integers(1, 8))):
        partner = draw(st.sampled_from(["", "ROC", "Bouw"]))
        cells = {
            qid: draw(st.sampled_from(["", "weet niet", *map(str, range(1, top + 1))]))
            for qid, top in COLUMNS.items()
            if partner or not qid.startswith("partner.")
        }
        cells["regio.honkvast"] = "2"  # a respondent without any answer is not in the table
        out.append((partner, draw(st.sampled_from(KINDS)) if partner else "", cells))
    return out


def value(cell: str) -> Any:
    return WEET_NIET if cell == "weet niet" else int(cell)


def export(tmp_path: Path, respondents: list[tuple[str, str, dict[str, str]]]) -> Path:
    lines = [";".join(["respondent", "partner", "partner_soort", *COLUMNS])]
    for i, (partner, kind, cells) in enumerate(respondents):
        lines.append(";".join([f"r{i}", partner, kind, *(cells.get(q, "") for q in COLUMNS)]))
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def engine_scores(partner: str, kind: str, cells: dict[str, str]) -> Any:
    given = {q: value(c) for q, c in cells.items() if c}
    answers = {q: v for q, v in given.items() if not q.startswith("partner.")}
    mine = {q: v for q, v in given.items() if q.startswith("partner.")}
    partners = [(partner, kind or "anders", mine)] if partner else []
    return scorer_for(BANKS).score_lean(answers, partners)


SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(respondents=rows())
def test_csv_fast_path_scores_per_partner_kind(
    tmp_path: Path, respondents: list[tuple[str, str, dict[str, str]]]
) -> None:
    result = CliRunner().invoke(
        app, ["batch", str(export(tmp_path, respondents)), "-o", "-", "--vragenlijsten", str(NEW)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout_bytes.decode("utf-8").lstrip("\ufeff").split("\r\n")[1:-1]
    assert lines == [
        csv_line(Identity(f"r{i}", "", "", ""), engine_scores(*r)).removesuffix("\r\n")
        for i, r in enumerate(respondents)
    ]


@SETTINGS
@given(respondents=rows())
def test_json_has_the_profile_answers(
    tmp_path: Path, respondents: list[tuple[str, str, dict[str, str]]]
) -> None:
    out = tmp_path / "uit.json"
    result = CliRunner().invoke(
        app,
        ["batch", str(export(tmp_path, respondents)), "-o", str(out), "--vragenlijsten", str(NEW)],
    )
    assert result.exit_code == 0, result.output
    found = json.loads(out.read_text(encoding="utf-8"))
    assert found == [
        build_result_data(BANKS, engine_scores(*r), Respondent(name=f"r{i}"))
        for i, r in enumerate(respondents)
    ]
