"""Every safety rule of the web form: tokens, cross-site posts, sizes, path-like input,
escaping, headers and the rate limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from scan.answers import load_answers
from scan.bank import BankSet
from scan.formulier.app import create_app
from scan.formulier.pages import MAX_REMARK
from scan.formulier.security import CSP, MAX_BODY, RateLimiter
from scan.formulier.store import FormStore
from tests.formulier.nojs import NoJsBrowser
from tests.formulier.scenario import REMARK
from tests.formulier.test_formulier_http import GENEROUS, begin, client_for, make_store


@pytest.fixture
def store(tmp_path: Path, test_banks: BankSet) -> FormStore:
    return make_store(tmp_path, test_banks)


def at_first_question(store: FormStore) -> NoJsBrowser:
    browser = NoJsBrowser(client_for(store))
    begin(browser, store)
    browser.submit({"rol": "docent"}, ("actie", "verder"))
    page = browser.submit({"naam": "ROC Midden", "soort": "mbo"}, ("actie", "verder"))
    assert page.url.endswith("/vraag/regio.honkvast")
    return browser


def stored(store: FormStore, banks: BankSet) -> object:
    [path] = store.all_paths()
    return load_answers(path, banks)[0]


def test_a_wrong_or_missing_token_is_a_plain_404(store: FormStore) -> None:
    client = client_for(store)
    keys = store.keys
    browser = at_first_question(store)
    own = browser.page.url.split("/r/")[1].split("/")[0]  # type: ignore[union-attr]
    wrong = own[:-1] + ("A" if own[-1] != "A" else "B")
    for url in (
        "/",
        "/f/",
        f"/f/{keys.form_token[:-1]}",
        f"/f/{keys.leader_token}",  # the leader's token does not open the form ...
        f"/t/{keys.form_token}",  # ... nor the form token the leader's page
        f"/t/{own}",
        f"/r/{wrong}",
        f"/r/{wrong}/over-u",
        f"/r/{keys.form_token}/klaar",
        f"/t/{keys.leader_token}/teamrapport.pdf",  # fewer than --min-groep finished
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("text/plain")
        assert response.text == "Niet gevonden."
    forged = client.post(f"/f/{wrong}/begin", data={"controle": keys.form_check(wrong)})
    assert forged.status_code == 404
    assert store.progress().started == 1


def test_posts_from_another_site_are_refused(store: FormStore, test_banks: BankSet) -> None:
    browser = at_first_question(store)
    url = browser.page.url  # type: ignore[union-attr]
    check = browser.page.forms[0].hidden[0]  # type: ignore[union-attr]
    data = {check[0]: check[1], "antwoord": "4", "actie": "volgende"}
    client = browser.client
    for headers, body in (
        ({"origin": "http://evil.example"}, data),
        ({"origin": "null"}, data),
        ({"sec-fetch-site": "cross-site"}, data),
        ({"sec-fetch-site": "same-site"}, data),
        ({}, {k: v for k, v in data.items() if k != "controle"}),
        ({}, {**data, "controle": "x" * 22}),
        ({}, {**data, "controle": store.keys.form_check(store.keys.form_token)}),
    ):
        response = client.post(url, data=body, headers=headers, follow_redirects=False)
        assert response.status_code == 403, (headers, body)
    assert stored(store, test_banks).answers == {}  # type: ignore[attr-defined]
    same = client.post(
        url, data=data, headers={"origin": "http://school.lan:8765"}, follow_redirects=False
    )
    assert same.status_code == 303
    assert stored(store, test_banks).answers == {"regio.honkvast": 4}  # type: ignore[attr-defined]


def test_oversized_bodies_and_texts_are_refused(store: FormStore, test_banks: BankSet) -> None:
    browser = at_first_question(store)
    url = browser.page.url  # type: ignore[union-attr]
    client = browser.client
    big = client.post(url, content=b"a=" + b"x" * MAX_BODY, follow_redirects=False)
    assert big.status_code == 413

    def chunks():  # no Content-Length: the limit is counted while reading
        for _ in range(MAX_BODY // 1000 + 2):
            yield b"x" * 1000

    streamed = client.post(
        url,
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert streamed.status_code == 413
    page = browser.submit(
        {"antwoord": "2", "opmerking": "y" * (MAX_REMARK + 1)}, ("actie", "volgende")
    )
    assert page.status == 400 and "te lang" in page.text
    assert stored(store, test_banks).answers == {}  # type: ignore[attr-defined]


def test_path_like_input_names_no_file(store: FormStore, test_banks: BankSet) -> None:
    browser = at_first_question(store)
    base = browser.page.url.rsplit("/vraag/", 1)[0]  # type: ignore[union-attr]
    for tail in (
        "vraag/..%2F..%2F.formulier.json",
        "vraag/regio.honkvast%2F..%2Fx",
        "vraag/../../etc/passwd",
        "vraag/regio.honkvast/partner/0",
        "vraag/regio.honkvast/partner/1",  # a non-partner question has no partner pages
        "vraag/partner.regels/partner/2",  # only one partner
        "vraag/regio",
    ):
        assert browser.client.get(f"{base}/{tail}").status_code == 404, tail
    browser.open(base + "/partners")
    browser.submit({"naam": "../../etc/passwd", "soort": "anders"}, ("actie", "toevoegen"))
    browser.open(base + "/over-u")
    browser.submit({"rol": "docent", "naam": "../../../tmp/x\x00y"}, ("actie", "verder"))
    answers = stored(store, test_banks)
    assert [p.name for p in answers.partners] == ["ROC Midden", "../../etc/passwd"]  # type: ignore[attr-defined]
    names = sorted(p.name for p in store.folder.iterdir())
    assert names[0] == ".formulier.json" and len(names) == 2
    assert names[1].startswith("antwoorden-")


def test_script_in_a_remark_is_shown_literally(store: FormStore, test_banks: BankSet) -> None:
    browser = at_first_question(store)
    question = browser.page.url  # type: ignore[union-attr]
    browser.open(question.replace("vraag/regio.honkvast", "partners"))
    browser.submit({"naam": "<b>Partner</b>", "soort": "bedrijf"}, ("actie", "toevoegen"))
    browser.open(question)
    browser.submit({"antwoord": "3", "opmerking": REMARK}, ("actie", "volgende"))
    page = browser.submit({}, ("actie", "terug"))
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; meer" in page.text
    assert "<script" not in page.text
    assert page.forms[0].texts["opmerking"] == REMARK
    partners = browser.open(page.url.rsplit("/vraag/", 1)[0] + "/partners")
    assert "&lt;b&gt;Partner&lt;/b&gt;" in partners.text and "<b>" not in partners.text


def test_every_response_carries_the_security_headers(store: FormStore) -> None:
    client = client_for(store)
    for url in (f"/f/{store.keys.form_token}", "/nergens", f"/t/{store.keys.leader_token}"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CSP
        assert "script-src" not in CSP and "'unsafe" not in CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
    page = client.get(f"/f/{store.keys.form_token}").text
    assert "http://" not in page and "https://" not in page  # nothing from outside


def test_a_burst_from_one_address_is_slowed_then_refused(store: FormStore) -> None:
    limiter = RateLimiter(rate=1, burst=3, max_wait=0.5)
    client = TestClient(create_app(store, limiter=limiter))
    statuses = [client.get(f"/f/{store.keys.form_token}").status_code for _ in range(6)]
    assert statuses[:3] == [200, 200, 200]
    assert 429 in statuses
    assert RateLimiter(rate=10, burst=1).delay("a", now=0.0) == 0.0
    limited = RateLimiter(rate=10, burst=1, max_wait=1)
    limited.delay("a", now=0.0)
    assert limited.delay("a", now=0.0) == pytest.approx(0.1)  # slowed down, not refused
    assert limited.delay("b", now=0.0) == 0.0  # another address has its own budget
    _ = GENEROUS


def test_a_wrong_resume_code_says_so(store: FormStore) -> None:
    browser = NoJsBrowser(client_for(store))
    browser.open(f"/f/{store.keys.form_token}")
    page = browser.submit({"code": "ABCD-EFGH"}, form=1)
    assert page.status == 400 and "Deze code kennen we niet" in page.text


def test_the_key_file_is_private(store: FormStore) -> None:
    assert (store.folder / ".formulier.json").stat().st_mode & 0o777 == 0o600
