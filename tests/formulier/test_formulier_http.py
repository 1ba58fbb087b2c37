"""The web form without JavaScript, over plain HTTP (Starlette's test client): a colleague
fills in the whole questionnaire with two partners, goes back, adds a remark, reloads, resumes by
link and by code, and finishes; the answer file gives the expected ``scan resultaat --json``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from scan.answers import load_answers
from scan.bank import BankSet
from scan.cli.commands import app as cli
from scan.formulier.app import create_app
from scan.formulier.security import RateLimiter
from scan.formulier.store import FormStore, open_keys
from scan.result import result_json
from scan.scoring.build import score
from tests.conftest import TEST_BANKS
from tests.formulier.nojs import NoJsBrowser, Page
from tests.formulier.scenario import (
    BACK_AT,
    PARTNERS,
    REMARK,
    REMARK_AT,
    SCHOOL,
    TEAM,
    Expected,
    choice,
    parse_question_url,
)

GENEROUS = RateLimiter(rate=10_000, burst=10_000)


def make_store(folder: Path, banks: BankSet) -> FormStore:
    return FormStore(folder, banks, open_keys(folder, SCHOOL, TEAM))


@pytest.fixture
def store(tmp_path: Path, test_banks: BankSet) -> FormStore:
    return make_store(tmp_path, test_banks)


def client_for(store: FormStore, **settings: object) -> TestClient:
    return TestClient(create_app(store, limiter=GENEROUS), base_url="http://school.lan:8765")


def resume_link(page: Page) -> tuple[str, str]:
    """(the personal link, the code) from the footer of a colleague's page."""
    link = re.search(r'<a href="(http://[^"]+/r/[^"]+)">', page.text)
    code = re.search(r'<strong class="code">([A-Z0-9-]+)</strong>', page.text)
    assert link and code, page.text
    return link.group(1), code.group(1)


def begin(browser: NoJsBrowser, store: FormStore) -> Page:
    page = browser.open(f"/f/{store.keys.form_token}")
    assert page.status == 200 and "Beginnen" in page.text
    page = browser.submit(form=0)
    assert page.redirected and "/over-u" in page.url
    return page


def answer_question(browser: NoJsBrowser, expected: Expected, banks: BankSet) -> Page:
    assert browser.page is not None
    qid, partner = parse_question_url(browser.page.url)
    posted = choice(banks, qid, partner)
    expected.record(qid, partner, posted)
    return browser.submit({"antwoord": posted}, ("actie", "volgende"))


def test_whole_questionnaire_without_javascript(
    store: FormStore, test_banks: BankSet, tmp_path: Path
) -> None:
    browser = NoJsBrowser(client_for(store))
    page = begin(browser, store)
    link, code = resume_link(page)
    assert "Uw naam" in page.text and "anoniem" in page.text

    page = browser.submit({"rol": "docent"}, ("actie", "verder"))
    assert page.url.endswith("/partners")
    page = browser.submit({"naam": "Verder", "soort": ""}, ("actie", "verder"))
    assert page.status == 400 and "Kies wat voor partner" in page.text
    name, kind = PARTNERS[0]
    page = browser.submit({"naam": name, "soort": kind}, ("actie", "toevoegen"))
    assert page.url.endswith("/partners") and name in page.text
    name, kind = PARTNERS[1]
    page = browser.submit({"naam": name, "soort": kind}, ("actie", "verder"))
    assert "/vraag/regio." in page.url

    expected = Expected()
    reloaded = resumed = False
    while "/vraag/" in page.url:
        qid, partner = parse_question_url(page.url)
        if qid == BACK_AT and REMARK_AT not in expected.remarks:
            page = browser.submit({}, ("actie", "terug"))
            assert parse_question_url(page.url) == (REMARK_AT, None)
            assert "checked" in page.text  # the answer given before is shown
            page = browser.submit({"opmerking": REMARK}, ("actie", "volgende"))
            expected.remarks[REMARK_AT] = REMARK
            assert parse_question_url(page.url) == (BACK_AT, None)
            continue
        if partner == 1 and not reloaded:
            again = browser.reload()
            assert again.url == page.url and again.status == 200
            reloaded = True
        if qid.startswith("team.") and not resumed:
            # another device: the personal link, then the code, both lead to this question
            other = NoJsBrowser(client_for(store))
            assert other.open(link).url == page.url
            other.open(f"/f/{store.keys.form_token}")
            assert other.submit({"code": code.lower().replace("-", " ")}, form=1).url == page.url
            resumed = True
        page = answer_question(browser, expected, test_banks)
    assert page.url.endswith("/klaar") and "Klaar" in page.text
    assert reloaded and resumed

    [path] = store.all_paths()
    assert path.parent == tmp_path and re.fullmatch(r"antwoorden-[a-z2-7]{10}\.yaml", path.name)
    stored, warnings = load_answers(path, test_banks)
    assert not warnings
    assert stored == expected.answer_file(stored)
    shown = CliRunner().invoke(
        cli, ["resultaat", str(path), "--json", "--vragenlijsten", str(TEST_BANKS)]
    )
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == result_json(score(test_banks, expected.answer_file(stored)))


def test_a_refused_answer_keeps_the_remark(store: FormStore, test_banks: BankSet) -> None:
    browser = NoJsBrowser(client_for(store))
    begin(browser, store)
    browser.submit({"rol": "anders", "rol_anders": "  bpv  coördinator "}, ("actie", "verder"))
    page = browser.submit({"naam": "ROC Midden", "soort": "mbo"}, ("actie", "verder"))
    page = browser.submit({"opmerking": "eerst nadenken"}, ("actie", "volgende"))
    assert page.status == 400 and "Kies een antwoord" in page.text
    assert "eerst nadenken" in page.text
    [path] = store.all_paths()
    stored, _ = load_answers(path, test_banks)
    assert stored.respondent.role == "bpv coördinator"
    assert stored.remarks == {"regio.honkvast": "eerst nadenken"}
    assert stored.answers == {}


def test_partners_named_by_colleagues_are_offered(store: FormStore, test_banks: BankSet) -> None:
    first = NoJsBrowser(client_for(store))
    begin(first, store)
    first.submit({"rol": "mentor"}, ("actie", "verder"))
    first.submit({"naam": "ROC  Midden", "soort": "mbo"}, ("actie", "verder"))
    second = NoJsBrowser(client_for(store))
    begin(second, store)
    page = second.submit({"rol": "docent"}, ("actie", "verder"))
    assert page.forms[0].checkboxes == {"kies": ["ROC Midden"]}
    page = second.submit({"kies": ["roc midden"]}, ("actie", "toevoegen"))
    assert "ROC Midden" in page.text and page.forms[0].checkboxes == {}
    paths = store.all_paths()
    partners = [load_answers(p, test_banks)[0].partners for p in paths]
    assert sorted((p[0].name, p[0].kind) for p in partners) == [("ROC Midden", "mbo")] * 2


def test_a_restarted_server_knows_every_colleague(store: FormStore, test_banks: BankSet) -> None:
    browser = NoJsBrowser(client_for(store))
    page = begin(browser, store)
    link, _ = resume_link(page)
    browser.submit({"rol": "docent"}, ("actie", "verder"))
    page = browser.submit({"naam": "ROC Midden", "soort": "mbo"}, ("actie", "verder"))
    page = browser.submit({"antwoord": "3"}, ("actie", "volgende"))
    restarted = make_store(store.folder, test_banks)
    again = NoJsBrowser(client_for(restarted))
    assert again.open(link).url == page.url
    assert restarted.progress().started == 1


def test_not_applicable_and_profile_questions(tmp_path: Path) -> None:
    from scan.bank import load_bankset

    banks = load_bankset(TEST_BANKS.with_name("banken-2026.2"))
    store = make_store(tmp_path, banks)
    browser = NoJsBrowser(client_for(store))
    begin(browser, store)
    browser.submit({"rol": "docent"}, ("actie", "verder"))
    page = browser.submit({"naam": "ROC Midden", "soort": "mbo"}, ("actie", "verder"))
    assert page.forms[0].radios["antwoord"][-1] == "weet_niet"
    assert "Niet van toepassing" not in page.text  # only where the bank allows it
    refused = browser.submit({"antwoord": "nvt"}, ("actie", "volgende"))
    assert refused.status == 400 and "Kies een van de antwoorden" in refused.text
    while not page.url.endswith("/vraag/regio.krimp"):
        page = browser.submit({"antwoord": "2"}, ("actie", "volgende"))
    assert page.forms[0].radios["antwoord"][-2:] == ["weet_niet", "nvt"]
    assert "Niet van toepassing" in page.text
    page = browser.submit({"antwoord": "nvt"}, ("actie", "volgende"))
    assert page.url.endswith("/vraag/regio.bron")  # a profile question: on its own scale
    labels = [v.label for v in banks.by_side("A").scales["bron"]]  # type: ignore[union-attr]
    assert all(label in page.text for label in labels)
    [path] = store.all_paths()
    assert load_answers(path, banks)[0].answers["regio.krimp"] == "nvt"


def test_kinds_and_the_short_form_for_a_further_partner(tmp_path: Path) -> None:
    from scan.bank import load_bankset

    banks = load_bankset(TEST_BANKS.with_name("banken-2026.2"))
    store = make_store(tmp_path, banks)
    browser = NoJsBrowser(client_for(store))
    page = browser.open(f"/f/{store.keys.form_token}")
    assert "minuten voor elke extra partner" in page.text
    begin(browser, store)
    browser.submit({"rol": "docent"}, ("actie", "verder"))
    browser.submit({"naam": "ROC Midden", "soort": "mbo"}, ("actie", "toevoegen"))
    page = browser.submit({"naam": "Garage Jansen", "soort": "bedrijf"}, ("actie", "verder"))
    asked: list[tuple[str, int | None]] = []
    offers = 0
    while not page.url.endswith("/klaar"):
        if "/kort/" in page.url:
            offers += 1
            assert page.url.endswith("/kort/2") and "Garage Jansen" in page.text
            if offers == 1:  # look, go back, come again, then take the short form
                page = browser.submit({}, ("actie", "terug"))
                assert parse_question_url(page.url)[1] == 0
                page = browser.submit({}, ("actie", "volgende"))
                continue
            page = browser.submit({}, ("actie", "kort"))
            continue
        asked.append(parse_question_url(page.url))
        radios = page.forms[0].radios.get("antwoord")
        page = browser.submit({"antwoord": radios[0] if radios else "x"}, ("actie", "volgende"))
    assert offers == 2
    bank = banks.by_side("B")
    assert bank is not None
    for index, kind, short in ((0, "mbo", False), (1, "bedrijf", True)):
        expected = [q for q, (_, item) in bank.questions.items() if item.applies_to(kind, short)]
        assert [qid for qid, partner in asked if partner == index] == expected
    [path] = store.all_paths()
    stored = load_answers(path, banks)[0]
    assert [p.short for p in stored.partners] == [False, True]
    assert store.progress().finished == 1


def test_all_questions_for_a_further_partner(tmp_path: Path) -> None:
    from scan.bank import load_bankset

    banks = load_bankset(TEST_BANKS.with_name("banken-2026.2"))
    store = make_store(tmp_path, banks)
    browser = NoJsBrowser(client_for(store))
    begin(browser, store)
    browser.submit({"rol": "docent"}, ("actie", "verder"))
    browser.submit({"naam": "ROC Midden", "soort": "mbo"}, ("actie", "toevoegen"))
    page = browser.submit({"naam": "Garage Jansen", "soort": "bedrijf"}, ("actie", "verder"))
    while "/kort/" not in page.url:
        radios = page.forms[0].radios.get("antwoord")
        page = browser.submit({"antwoord": radios[0] if radios else "x"}, ("actie", "volgende"))
    page = browser.submit({}, ("actie", "volledig"))
    bank = banks.by_side("B")
    assert bank is not None
    full = [q for q, (_, item) in bank.questions.items() if item.applies_to("bedrijf")]
    assert parse_question_url(page.url) == (full[0], 1)
    assert browser.reload().url == page.url  # the choice holds: no second offer
    link = page.url.split("/vraag/")[0]
    assert browser.open(link).url == page.url
