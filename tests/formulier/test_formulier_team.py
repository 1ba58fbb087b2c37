"""The team leader's page: counts, and the team result and report only from --min-groep on."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

from scan.answers import PartnerAnswers
from scan.bank import BankSet
from scan.formulier.app import FormSettings, create_app
from scan.formulier.store import FormStore
from scan.interview.flow import QuestionStep, plan, set_answer
from tests.formulier.test_formulier_http import GENEROUS, make_store


def colleague(store: FormStore, role: str, value: int, finish: bool = True) -> str:
    """A colleague who answered every question with ``value`` (or 'weet niet' off the scale)."""
    rid = store.create()
    with store.change(rid) as answers:
        answers.respondent.role = role
        answers.partners = [PartnerAnswers(name="ROC Midden", kind="mbo")]
        steps = [s for s in plan(store.banks, store.sides, answers) if isinstance(s, QuestionStep)]
        for step in steps if finish else steps[:3]:
            scale = [v.value for v in step.bank.scale_of(step.question)]
            chosen = (value if value in scale else "weet_niet") if scale else "geheim antwoord"
            set_answer(answers, step, chosen)
    return rid


@pytest.fixture
def store(tmp_path: Path, test_banks: BankSet) -> FormStore:
    return make_store(tmp_path, test_banks)


def leader_page(store: FormStore, min_group: int = 3) -> str:
    client = TestClient(create_app(store, FormSettings(min_group=min_group), GENEROUS))
    response = client.get(f"/t/{store.keys.leader_token}")
    assert response.status_code == 200
    return response.text


def counts(page: str) -> tuple[str, str]:
    started = page.split("<dt>Begonnen</dt><dd>")[1].split("<")[0]
    finished = page.split("<dt>Klaar</dt><dd>")[1].split("<")[0]
    return started, finished


def test_the_result_waits_for_min_group(store: FormStore) -> None:
    colleague(store, "docent", 2)
    colleague(store, "mentor", 3)
    colleague(store, "docent", 1, finish=False)
    page = leader_page(store)
    assert counts(page) == ("3", "2")
    assert "nog 1" in page and "teamrapport.pdf" not in page
    assert "geheim antwoord" not in page
    assert "Teamresultaat" in page and "<pre" not in page
    assert f"/f/{store.keys.form_token}" in page  # the link and QR code to show the team


@pytest.mark.slow
def test_the_team_result_and_report_from_min_group_on(store: FormStore) -> None:
    for role, value in (("docent", 2), ("mentor", 3), ("docent", 4)):
        colleague(store, role, value)
    page = leader_page(store)
    assert counts(page) == ("3", "3")
    assert '<pre class="resultaat">' in page and "3 respondenten" in page
    assert "geheim antwoord" not in page  # open answers are individual: never on this page
    client = TestClient(create_app(store, FormSettings(min_group=3), GENEROUS))
    pdf = client.get(f"/t/{store.keys.leader_token}/teamrapport.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Het Baken" in text
    qr = client.get(f"/t/{store.keys.leader_token}/qr.svg")
    assert qr.headers["content-type"] == "image/svg+xml" and b"<svg" in qr.content


def test_the_leader_page_shows_the_printed_link(store: FormStore) -> None:
    printed = f"http://192.168.1.23:8765/f/{store.keys.form_token}"
    client = TestClient(create_app(store, FormSettings(form_url=printed), GENEROUS))
    assert printed in client.get(f"/t/{store.keys.leader_token}").text  # not testserver's
