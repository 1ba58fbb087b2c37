"""Batch scoring with banks of format 2026.2: the fast paths (memoised dimensions per partner
kind for the CSV table, answers read for profile questions in JSON) score exactly like the
engine on the same answers (tests/fixtures/banken-2026.2: partner questions per kind)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from scan.answers import Respondent
from scan.bank import NVT, NVT_WORDS, WEET_NIET, load_bankset
from scan.batch import rows as rows_module
from scan.batch.rows import Identity, csv_line
from scan.cli.commands import app
from scan.scoring import engine
from scan.scoring.build import build_result_data
from scan.scoring.engine import scorer_for
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
NVT_CELLS = {
    q: ["nvt", "N.v.t.", "Niet van toepassing"] for q in ("regio.krimp", "partner.contactpersoon")
}
"""Cells for "niet van toepassing", in the two columns whose question allows it."""


@st.composite
def rows(draw: st.DrawFn) -> list[tuple[str, str, dict[str, str]]]:
    """(partner, kind, {question id: cell}) per respondent."""
    out = []
    for _ in range(draw(st.integers(1, 8))):
        partner = draw(st.sampled_from(["", "ROC", "Bouw"]))
        cells = {
            qid: draw(
                st.sampled_from(
                    ["", "weet niet", *NVT_CELLS.get(qid, []), *map(str, range(1, top + 1))]
                )
            )
            for qid, top in COLUMNS.items()
            if partner or not qid.startswith("partner.")
        }
        cells["regio.honkvast"] = "2"  # a respondent without any answer is not in the table
        out.append((partner, draw(st.sampled_from(KINDS)) if partner else "", cells))
    return out


def value(cell: str) -> Any:
    if cell == "weet niet":
        return WEET_NIET
    return NVT if cell.lower() in NVT_WORDS else int(cell)


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


def check_csv(tmp_path: Path, respondents: list[tuple[str, str, dict[str, str]]]) -> None:
    """The CSV table of ``scan batch`` (the memoised fast path) equals the engine's rows."""
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
def test_csv_fast_path_scores_per_partner_kind(
    tmp_path: Path, respondents: list[tuple[str, str, dict[str, str]]]
) -> None:
    check_csv(tmp_path, respondents)


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


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(respondents=rows())
def test_csv_fast_path_with_memo_tables_of_one(
    tmp_path: Path,
    respondents: list[tuple[str, str, dict[str, str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With every memo full after one entry, the fast path computes every row afresh."""
    monkeypatch.setattr(rows_module, "MEMO_ENTRIES", 1)
    monkeypatch.setattr(engine, "CACHE_LIMIT", 1)
    check_csv(tmp_path, respondents)
