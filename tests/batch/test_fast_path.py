"""The batch fast path against the ordinary scorer in the branches the usual run never takes
(review §1.3, issue #14): memos that are full (the budget of combinations spent, every memo at
its limit, the engine's dimension caches full) and slots wider than 8 bytes (weights with many
decimals), for the CSV lines and for kept answers alike; and one predicate accepting rows for
both paths."""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scan.answers import AnswerFile, PartnerAnswers, Respondent
from scan.bank import WEET_NIET, BankSet, load_bankset
from scan.batch import rows as batch_rows
from scan.batch.columns import plan_columns
from scan.cli.commands import app
from scan.scoring import engine
from scan.scoring.engine import scorer_for
from tests.batch.test_batch import expected_row

FIXTURES = Path(__file__).parent.parent / "fixtures" / "banken"
QUESTIONS = {
    "regio": ("honkvast", "bevolking", "krimp", "werkgelegenheid", "innovatie"),
    "team": ("steun", "urgentie", "uren", "tijdgebrek"),
    "partner": ("regels", "examens", "contactpersoon", "vorm", "persoon"),
}
MAX = {"regio": 4, "team": 3, "partner": 4}


def wide_banks(tmp_path: Path) -> Path:
    """The test banks with weights of many decimals: slots of 10 bytes."""
    folder = tmp_path / "breed"
    shutil.copytree(FIXTURES, folder)
    regio = folder / "regio.yaml"
    text = regio.read_text(encoding="utf-8").replace("gewicht: 2}", "gewicht: 1.23456789}")
    text = text.replace("omgekeerd: true}", "omgekeerd: true, gewicht: 0.987654321}", 1)
    regio.write_text(text, encoding="utf-8")
    return folder


def random_rows(seed: int, n: int) -> list[dict[str, Any]]:
    """Respondents with answers drawn at random (values, 'weet niet', empty), some partners."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        answers = {}
        for bank in ("regio", "team"):
            for q in QUESTIONS[bank]:
                pick = rng.random()
                if pick < 0.7:
                    answers[f"{bank}.{q}"] = rng.randint(1, MAX[bank])
                elif pick < 0.85:
                    answers[f"{bank}.{q}"] = WEET_NIET
        partner = None
        if rng.random() < 0.5:
            partner = {
                f"partner.{q}": rng.randint(1, 6 if q == "vorm" else 4)
                for q in QUESTIONS["partner"]
                if rng.random() < 0.8
            }
        people.append({"id": f"r{i}", "answers": answers, "partner": partner})
    return people


def write_export(path: Path, people: list[dict[str, Any]]) -> None:
    columns = [f"{b}.{q}" for b in ("regio", "team", "partner") for q in QUESTIONS[b]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        out.writerow(["respondent", "partner", "partner_soort", *columns])
        for p in people:
            cells = {**p["answers"], **(p["partner"] or {})}
            partner = ["ROC Midden", "mbo"] if p["partner"] is not None else ["", ""]
            out.writerow(
                [p["id"], *partner]
                + [
                    "weet niet" if cells.get(c) == WEET_NIET else str(cells.get(c, ""))
                    for c in columns
                ]
            )


def expected_rows(banks: BankSet, people: list[dict[str, Any]]) -> list[dict[str, str]]:
    rows = []
    for p in people:
        partners = (
            []
            if p["partner"] is None
            else [PartnerAnswers(name="ROC Midden", kind="mbo", answers=p["partner"])]
        )
        answers = AnswerFile(
            respondent=Respondent(name=p["id"]), answers=p["answers"], partners=partners
        )
        rows.append(expected_row(banks, answers))
    return rows


def run_batch(tmp_path: Path, banks: Path, export: Path, *extra: str) -> list[dict[str, str]]:
    out = tmp_path / "uit.csv"
    result = CliRunner().invoke(
        app, ["batch", str(export), "-o", str(out), "--vragenlijsten", str(banks), *extra]
    )
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    drop = {"school", "team", "rol", "onvolledig"}
    return [{k: v for k, v in r.items() if k not in drop} for r in rows]


@pytest.mark.parametrize("keep", [False, True], ids=["csv-regels", "antwoorden-bewaard"])
def test_wide_slots_score_as_answer_files(tmp_path: Path, keep: bool) -> None:
    folder = wide_banks(tmp_path)
    banks = load_bankset(folder)
    tally = scorer_for(banks).dimension_tally("regio", 0)
    assert tally.as_bytes and tally.table.layout.slot_size > 8  # the branch under test
    people = random_rows(1, 150)
    write_export(tmp_path / "export.csv", people)
    extra = ["--kwaliteit", str(tmp_path / "kwaliteit.csv")] if keep else []
    assert run_batch(tmp_path, folder, tmp_path / "export.csv", *extra) == expected_rows(
        banks, people
    )


@pytest.mark.parametrize("keep", [False, True], ids=["csv-regels", "antwoorden-bewaard"])
def test_full_memos_still_score_as_answer_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: bool
) -> None:
    monkeypatch.setattr(batch_rows, "MEMO_ENTRIES", 12)  # budget and per-memo limit run out
    monkeypatch.setattr(batch_rows, "IDENTITY_ENTRIES", 1)
    monkeypatch.setattr(engine, "CACHE_LIMIT", 3)  # the engine's dimension caches too
    banks = load_bankset(FIXTURES)
    people = random_rows(2, 300)
    write_export(tmp_path / "export.csv", people)
    extra = ["--kwaliteit", str(tmp_path / "kwaliteit.csv")] if keep else []
    assert run_batch(tmp_path, FIXTURES, tmp_path / "export.csv", *extra) == expected_rows(
        banks, people
    )


def test_fast_memos_stay_within_their_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_rows, "MEMO_ENTRIES", 12)
    banks = load_bankset(FIXTURES)
    people = random_rows(3, 200)
    write_export(tmp_path / "export.csv", people)
    header = (tmp_path / "export.csv").read_text(encoding="utf-8").splitlines()[0].split(";")
    plan = plan_columns(header, banks, "export.csv")
    fast = batch_rows._FastRows(plan, scorer_for(banks), keep_answers=False)
    with (tmp_path / "export.csv").open(encoding="utf-8", newline="") as handle:
        for row in list(csv.reader(handle, delimiter=";"))[1:]:
            assert fast.line(row[0], row) is not None
    memos = {id(m): m for kind in fast.memos.values() for m in kind}.values()
    assert sum(len(m) for m in memos) <= 12  # one budget for all of them
    assert all(len(m.entries) <= m.limit for m in memos)


def test_one_predicate_accepts_rows_for_both_paths(tmp_path: Path) -> None:
    """A row the predicate refuses is never scored by the fast path; the checking path names
    what the predicate found."""
    banks = load_bankset(FIXTURES)
    header = ["respondent", "partner", "partner_soort", "regio.honkvast", "", "partner.regels"]
    plan = plan_columns(header, banks, "x.csv")
    fast = batch_rows._FastRows(plan, scorer_for(banks), keep_answers=False)
    cases = {
        "goed": (["r1", "ROC", "mbo-school", "3", "", "2"], []),
        "kort": (["r1", "", "", "3"], []),
        "breed": (["r1", "", "", "3", "", "", "x"], ["de rij heeft meer cellen"]),
        "zonder kop": (["r1", "", "", "3", "x", ""], ["in een kolom zonder kop"]),
        "zonder partner": (["r1", "", "", "3", "", "2"], ["zonder partner"]),
        "soort": (["r1", "ROC", "kerk?", "3", "", "2"], ["onbekende partnersoort"]),
    }
    for name, (row, problems) in cases.items():
        found = [message for message, _ in plan.accept(row).problems]
        assert len(found) == len(problems), name
        assert all(p in f for p, f in zip(problems, found, strict=True)), name
        assert (fast.line("r1", row) is None) == bool(problems), name
        assert (fast.score("r1", row) is None) == bool(problems), name
