"""A respondent with very many partners: the report counts answers instead of a column each."""

from __future__ import annotations

from scan.answers import PartnerAnswers, Respondent, new_answers
from scan.bank import BankSet
from scan.report.render import HEAT_COLUMNS, MAX_PARTNER_COLUMNS, report_html
from scan.scoring.build import score


def with_partners(banks: BankSet, count: int) -> object:
    answers = new_answers(banks, Respondent(name="Jan", school="Het Baken"))
    per = next(b for b in banks if b.per_partner)
    answers.partners = [
        PartnerAnswers(
            name=f"Partner {i}",
            kind="mbo",
            answers={q: 2 for q, (_, question) in per.questions.items() if question.scale},
        )
        for i in range(count)
    ]
    return answers


def test_many_partners_make_a_count_table_not_hundreds_of_columns(test_banks: BankSet) -> None:
    few = with_partners(test_banks, MAX_PARTNER_COLUMNS)
    html = report_html(score(test_banks, few), test_banks, [few])  # type: ignore[arg-type]
    assert html.count('class="num c pn"') == MAX_PARTNER_COLUMNS * 2  # two partner-bank tables
    many = with_partners(test_banks, 200)
    html = report_html(score(test_banks, many), test_banks, [many])  # type: ignore[arg-type]
    assert 'class="num c pn"' not in html
    assert "Bij zoveel partners staat per vraag hoeveel partners elke waarde kregen" in html
    assert ">200</td>" in html  # all 200 partners chose 2 on each scale question


def test_the_partner_heat_map_is_split_into_tables_that_fit_the_page(
    test_banks: BankSet,
) -> None:
    answers = with_partners(test_banks, 2 * HEAT_COLUMNS + 1)
    html = report_html(score(test_banks, answers), test_banks, [answers])  # type: ignore[arg-type]
    assert html.count('<table class="heat">') == 3
    assert html.count('class="partner-col"') == 2 * HEAT_COLUMNS + 1
