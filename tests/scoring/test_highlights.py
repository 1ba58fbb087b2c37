"""The one highlight rule (docs/formaten.md): priorities, strengths and "eerst samen bespreken"."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from scan.answers import load_answers
from scan.bank import BankSet
from scan.cli.commands import app
from scan.scoring.build import score
from scan.scoring.highlights import Candidate, highlights, weakest_partner
from tests.conftest import FIXTURES, TEST_BANKS

ANSWERS = FIXTURES / "antwoorden"


def cand(side: str, dim: str, score: float, level: int, **kw: object) -> Candidate:
    index = int(kw.pop("index", 0))  # type: ignore[call-overload]
    return Candidate(side, dim, index, float(kw.pop("weight", 1.0)), score, level, 2, **kw)  # type: ignore[arg-type]


def names(entries: list[dict[str, object]]) -> list[str]:
    return [f"{e['kant']}.{e['onderdeel']}" for e in entries]


def test_ties_are_spread_over_the_sides_not_filled_from_side_a() -> None:
    # the review's case: three side-A dimensions at 33.3 and one each on B and C, all tied
    found = [
        cand("A", "economisch", 33.3, 0, index=1),
        cand("A", "technologisch", 33.3, 0, index=2),
        cand("A", "ecologisch", 33.3, 0, index=3),
        cand("B", "doelstellingen", 33.3, 0),
        cand("C", "tijd", 33.3, 0),
    ]
    assert names(highlights(found)["aandachtspunten"]) == [
        "A.economisch",
        "B.doelstellingen",
        "C.tijd",
    ]


def test_the_lowest_level_goes_first_then_the_lowest_score() -> None:
    found = [
        cand("A", "a1", 30.0, 0, index=0),
        cand("A", "a2", 35.0, 0, index=1),
        cand("B", "b1", 41.0, 1),
        cand("C", "c1", 20.0, 0),
    ]
    # level 0 first: one from each side that has one (A 30, C 20 → C first by score? no:
    # the side that has no priority yet goes first, then score), then the rest of level 0
    assert names(highlights(found)["aandachtspunten"]) == ["C.c1", "A.a1", "A.a2"]


def test_the_highest_level_is_never_a_priority_and_divided_is_never_a_strength() -> None:
    found = [
        cand("A", "top", 100.0, 2),
        cand("B", "split", 90.0, 2, divided=True),
        cand("C", "low", 10.0, 0),
        cand("C", "mid", 50.0, 1, index=1),
    ]
    out = highlights(found)
    assert names(out["aandachtspunten"]) == ["C.low", "C.mid"]
    assert names(out["sterke_punten"]) == ["A.top"]
    assert names(out["bespreken"]) == ["B.split"]


def test_no_strengths_when_everything_is_at_the_bottom() -> None:
    found = [cand("A", f"d{i}", 0.0, 0, index=i) for i in range(5)]
    out = highlights(found)
    assert out["sterke_punten"] == []
    assert len(out["aandachtspunten"]) == 3


def test_side_b_names_the_lowest_scoring_partner() -> None:
    assert weakest_partner([("ROC Midden", 44.4), ("Zorggroep Oost", 77.8), ("X", None)]) == (
        "ROC Midden"
    )
    assert weakest_partner([("b", 10.0), ("A", 10.0)]) == "b"  # the first of equals
    assert weakest_partner([("X", None)]) is None


def test_result_json_carries_the_rule(test_banks: BankSet) -> None:
    # klaas: draagvlak at 100 was a priority in the terminal and a strength in the PDF
    result = score(test_banks, load_answers(ANSWERS / "klaas.json", test_banks)[0])
    data = result.model_dump(mode="json", by_alias=True)
    by_dim = {(a["kant"], a["onderdeel"]): a for a in data["adviezen"]}
    for point in data["aandachtspunten"]:
        level = by_dim[(point["kant"], point["onderdeel"])]["niveau"]
        assert level != "leerlijn"
    for point in data["sterke_punten"]:
        assert by_dim[(point["kant"], point["onderdeel"])]["niveau"] != "incidenteel"
    assert data["bespreken"] == []
    side_b = [p for p in data["aandachtspunten"] if p["kant"] == "B"]
    assert all(p["partner"] for p in side_b)


def test_all_lowest_answers_give_no_strengths_anywhere(
    tmp_path: Path, test_banks: BankSet, runner: CliRunner
) -> None:
    lowest = {}
    for bank in test_banks:
        if bank.per_partner:
            continue
        for qid, (_, q) in bank.questions.items():
            if q.counts:
                values = [v.value for v in bank.scale_of(q)]
                lowest[qid] = max(values) if q.reversed else min(values)
    path = tmp_path / "laag.json"
    path.write_text(
        json.dumps(
            {
                "formaat": "samenwerkingsscan/antwoorden-1",
                "respondent": {"naam": "Laag"},
                "antwoorden": lowest,
                "partners": [],
            }
        ),
        encoding="utf-8",
    )
    args = ["resultaat", str(path), "--vragenlijsten", str(TEST_BANKS)]
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert data["sterke_punten"] == [] and data["aandachtspunten"]
    out = runner.invoke(app, args, env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    assert "Nog geen onderdeel boven het eerste niveau" in out


def reference_highlights(found: list[Candidate]) -> dict[str, list[str]]:
    """The rule exactly as design 3.4 and docs/rapport.md state it, written the slow way: each
    priority is the least of (level, priorities of its side, score, −gewicht, side, position)."""
    order = {side: i for i, side in enumerate("ABC")}
    open_ = [c for c in found if not c.divided]
    rest = [c for c in open_ if c.level < c.top]
    attention: list[Candidate] = []
    while rest and len(attention) < 3:
        taken = Counter(c.side for c in attention)
        best = min(
            rest,
            key=lambda c: (c.level, taken[c.side], c.score, -c.weight, order[c.side], c.position),
        )
        attention.append(best)
        rest.remove(best)
    strengths = sorted(
        (c for c in open_ if c.level > 0 and c not in attention),
        key=lambda c: (-c.level, -c.score, -c.weight, order[c.side], c.position),
    )[:3]
    discuss = sorted((c for c in found if c.divided), key=lambda c: (order[c.side], c.position))
    return {
        "aandachtspunten": [f"{c.side}.{c.dimension}" for c in attention],
        "sterke_punten": [f"{c.side}.{c.dimension}" for c in strengths],
        "bespreken": [f"{c.side}.{c.dimension}" for c in discuss],
    }


@st.composite
def candidate_lists(draw: st.DrawFn) -> list[Candidate]:
    found = []
    for side in draw(st.permutations("ABC")):
        top = draw(st.integers(1, 3))
        for position in range(draw(st.integers(0, 6))):
            found.append(
                Candidate(
                    side,  # type: ignore[arg-type]
                    f"d{position}",
                    position,
                    draw(st.sampled_from([0.5, 1.0, 2.0])),
                    draw(st.sampled_from([0.0, 25.0, 33.3, 50.0, 100.0])),
                    draw(st.integers(0, top)),
                    top,
                    draw(st.booleans()),
                )
            )
    return draw(st.permutations(found))


@given(candidate_lists())
def test_the_fast_rule_equals_the_rule_as_stated(found: list[Candidate]) -> None:
    assert {k: names(v) for k, v in highlights(found).items()} == reference_highlights(found)
