"""A real browser (Debian's headless Chromium, driven by Playwright) fills in the whole
questionnaire with two partners on a phone-sized screen with JavaScript switched off: goes back,
adds a remark, reloads mid-way, resumes by link on another "device", and finishes; the answer file
it produced gives the expected ``scan resultaat --json``."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.answers import load_answers
from scan.bank import BankSet
from scan.cli.commands import app as cli
from scan.result import result_json
from scan.scoring.build import score
from tests.conftest import TEST_BANKS
from tests.formulier.scenario import (
    BACK_AT,
    PARTNERS,
    REMARK,
    REMARK_AT,
    Expected,
    choice,
    parse_question_url,
)
from tests.formulier.test_formulier_server import Server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]


@pytest.fixture
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, timeout=30_000)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "antwoorden")
    yield running
    running.process.kill()
    running.process.communicate()


def test_a_colleague_fills_in_everything_in_a_browser(
    browser: object, server: Server, test_banks: BankSet, tmp_path: Path
) -> None:
    phone = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="nl-NL")  # type: ignore[attr-defined]
    phone.set_default_timeout(10_000)
    page = phone.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(server.form)
    page.get_by_role("button", name="Beginnen").click()
    page.wait_for_url(re.compile(r"/over-u\?nieuw=1$"))
    link = page.locator("footer a").get_attribute("href")
    assert link is not None and "/r/" in link
    page.get_by_label("docent").check()
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url("**/partners")
    for (name, kind), button in zip(PARTNERS, ("Toevoegen", "Naar de vragen"), strict=True):
        page.get_by_label("Naam van de partner").fill(name)
        page.locator(f"input[name=soort][value={kind}]").check()
        page.get_by_role("button", name=button).click()
    page.wait_for_url("**/vraag/**")

    expected = Expected()
    reloaded = resumed = False
    while "/vraag/" in page.url:
        qid, partner = parse_question_url(page.url)
        if qid == BACK_AT and REMARK_AT not in expected.remarks:
            page.get_by_role("button", name="Vorige").click()
            page.wait_for_url(f"**/vraag/{REMARK_AT}")
            page.get_by_text("Opmerking bij deze vraag").click()
            page.get_by_label("Opmerking", exact=True).fill(REMARK)
            page.get_by_role("button", name="Volgende").click()
            page.wait_for_url(f"**/vraag/{BACK_AT}")
            expected.remarks[REMARK_AT] = REMARK
            continue
        if partner == 1 and not reloaded:
            page.reload()
            assert parse_question_url(page.url) == (qid, partner)
            reloaded = True
        if qid.startswith("team.") and not resumed:
            laptop = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
            other = laptop.new_page()
            other.goto(link)
            assert parse_question_url(other.url) == (qid, partner)
            laptop.close()
            resumed = True
        posted = choice(test_banks, qid, partner)
        expected.record(qid, partner, posted)
        if posted.isdigit() or posted == "weet_niet":
            page.locator(f'input[name=antwoord][value="{posted}"]').check()
        else:
            page.locator("#antwoord").fill(posted)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()
    assert page.url.endswith("/klaar")
    assert page.get_by_role("heading", level=1).inner_text() == "Klaar, dank u wel!"
    assert reloaded and resumed and not refused
    phone.close()

    [path] = (tmp_path / "antwoorden").glob("antwoorden-*.yaml")
    stored, _ = load_answers(path, test_banks)
    assert stored == expected.answer_file(stored)
    shown = CliRunner().invoke(
        cli, ["resultaat", str(path), "--json", "--vragenlijsten", str(TEST_BANKS)]
    )
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == result_json(score(test_banks, expected.answer_file(stored)))


def test_the_pages_fit_a_phone_and_guide_the_keyboard(browser: object, server: Server) -> None:
    phone = browser.new_context(viewport=PHONE)  # type: ignore[attr-defined]
    page = phone.new_page()
    page.goto(server.form)
    page.get_by_role("button", name="Beginnen").click()
    page.get_by_label("mentor").check()
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Naam van de partner").fill("ROC Midden")
    page.locator("input[name=soort][value=mbo]").check()
    page.get_by_role("button", name="Naar de vragen").click()
    page.wait_for_url("**/vraag/regio.honkvast")
    # the question is a fieldset with its text as legend, and the first answer has the focus
    assert page.locator("fieldset legend").inner_text() == "Hoe honkvast is de regionale bevolking?"
    assert page.evaluate("document.activeElement.name") == "antwoord"
    page.keyboard.press("ArrowDown")  # the arrow keys move through the scale
    page.keyboard.press("Enter")  # and Enter sends the form
    page.wait_for_url("**/vraag/regio.bevolking")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # the app's own stylesheet is applied (the CSP lets it through)
    colour = page.get_by_role("button", name="Volgende").evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert colour == "rgb(11, 92, 138)"
    phone.close()
