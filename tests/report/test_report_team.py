"""The team report: N respondents, spread, answer distribution, merged partners."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from scan.answers import AnswerFile, PartnerAnswers, Respondent
from scan.bank import BankSet
from scan.report.render import ReportOptions, build_context, report_html, report_pdf
from scan.scoring.build import score
from scan.scoring.team import team_result
from tests.report.test_report import HOSTILE_PARTNER, HOSTILE_REMARK, answers_for


@pytest.fixture(scope="module")
def team(test_banks: BankSet):  # type: ignore[no-untyped-def]
    answers = [answers_for("Jan"), answers_for("Fatima", low=True), answers_for("Pieter")]
    results = [score(test_banks, a) for a in answers]
    return answers, team_result(test_banks, results)


def test_team_context_has_spread_and_counts(test_banks: BankSet, team) -> None:  # type: ignore[no-untyped-def]
    answers, result = team
    ctx = build_context(result, test_banks, answers)
    assert ctx["team_report"] and ctx["n"] == 3
    side_a = next(s for s in ctx["sides"] if s.letter == "A")
    demo = next(d for d in side_a.dimensions if d.id == "demografisch")
    expected = result.sides["A"].dimensions["demografisch"]
    assert (demo.spread.n, demo.spread.low, demo.spread.high) == (
        expected.n,
        expected.min,
        expected.max,
    )
    assert demo.spread.low < demo.spread.high  # the 'low' respondent differs
    # distribution of answers in the appendix: honkvast was answered 4, 1, 4
    appendix_a = next(ab for ab in ctx["appendix"] if ab.bank.id == "regio")
    rows = {row.question.id: row for d in appendix_a.dimensions for row in d.rows}
    assert rows["honkvast"].counts == [1, 0, 0, 2]
    assert rows["werkgelegenheid"].dont_know == 3
    assert rows["honkvast"].remarks == [HOSTILE_REMARK] * 3
    # partner questions: counted over every respondent–partner pair
    appendix_b = next(ab for ab in ctx["appendix"] if ab.bank.id == "partner")
    regels = next(r for d in appendix_b.dimensions for r in d.rows if r.question.id == "regels")
    assert regels.total == 6


def test_team_heat_map_merges_partners(test_banks: BankSet, team) -> None:  # type: ignore[no-untyped-def]
    answers, result = team
    side_b = next(s for s in build_context(result, test_banks, answers)["sides"] if s.letter == "B")
    assert sorted(p.name for p in side_b.partners) == sorted(
        [HOSTILE_PARTNER, "Zorggroep De Linde"]
    )
    assert all(p.n == 3 for p in side_b.partners)


def test_team_html_says_how_many_respondents(test_banks: BankSet, team) -> None:  # type: ignore[no-untyped-def]
    answers, result = team
    html = report_html(result, test_banks, answers)
    assert "gebaseerd op 3 respondenten" in html
    assert "verdeling van de antwoorden" in html
    for name in ("Jan", "Fatima", "Pieter"):  # anonymous unless --namen
        assert name not in html
    named = report_html(result, test_banks, answers, ReportOptions(names=True))
    for name in ("Jan", "Fatima", "Pieter"):
        assert name in named
    assert "<script>" not in html


@pytest.mark.slow
def test_team_pdf(test_banks: BankSet, team) -> None:  # type: ignore[no-untyped-def]
    answers, result = team
    reader = PdfReader(io.BytesIO(report_pdf(result, test_banks, answers)))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "gebaseerd op 3 respondenten" in text
    assert "Spreiding" in text
    assert "<script>alert(1)</script>" in text


def test_overige_partners_counts_colleagues_not_ratings(test_banks: BankSet) -> None:
    # four colleagues rate ROC Midden; the first also rates two other partners, the second one
    # of them: three ratings, but only two colleagues behind "Overige partners"
    values = {"partner.regels": 3, "partner.examens": 2, "partner.contactpersoon": 4}
    extra = {0: ["Zorg A", "Bouw B"], 1: ["Zorg A"]}
    answers = []
    for i in range(4):
        named = ["ROC Midden", *extra.get(i, [])]
        partners = [PartnerAnswers(name=n, kind="mbo", answers=dict(values)) for n in named]
        answers.append(
            AnswerFile(respondent=Respondent(name=f"R{i}", team="Zorg"), partners=partners)
        )
    result = team_result(test_banks, [score(test_banks, a) for a in answers])
    side_b = next(s for s in build_context(result, test_banks, answers)["sides"] if s.letter == "B")
    assert [p.name for p in side_b.partners] == ["ROC Midden"]
    assert "door minder dan 3 collega's" in (side_b.partners_note or "")
    # a third colleague rating one of them brings the column back
    answers[2].partners.append(PartnerAnswers(name="Bouw B", kind="mbo", answers=dict(values)))
    result = team_result(test_banks, [score(test_banks, a) for a in answers])
    side_b = next(s for s in build_context(result, test_banks, answers)["sides"] if s.letter == "B")
    assert [p.name for p in side_b.partners] == ["ROC Midden", "Overige partners"]
