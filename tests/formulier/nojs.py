"""A browser without JavaScript, for tests: reads the forms of a page and submits them as a
browser would (hidden fields included, the pressed button's name and value added)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin


@dataclass
class Form:
    action: str
    method: str
    hidden: list[tuple[str, str]] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)
    checkboxes: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text")
            if kind == "hidden":
                form.hidden.append((name, a.get("value", "")))
            elif kind == "radio":
                form.radios.setdefault(name, []).append(a.get("value", ""))
                if "checked" in a:
                    form.checked[name] = a.get("value", "")
            elif kind == "checkbox":
                form.checkboxes.setdefault(name, []).append(a.get("value", ""))
            else:
                form.texts[name] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            form.texts[name] = ""
        elif tag == "button" and name:
            form.buttons.append((name, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.forms[-1].texts[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None


@dataclass
class Page:
    url: str
    status: int
    text: str
    forms: list[Form]
    redirected: bool


class NoJsBrowser:
    """Drives an ``httpx.Client`` (or Starlette's TestClient) like a browser without script."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.page: Page | None = None

    def open(self, url: str) -> Page:
        return self._load(self.client.get(url, follow_redirects=True))

    def reload(self) -> Page:
        assert self.page is not None
        return self.open(self.page.url)

    def submit(
        self,
        fields: dict[str, str | list[str]] | None = None,
        button: tuple[str, str] | None = None,
        form: int = -1,
        keep_checked: bool = True,
    ) -> Page:
        """Post a form of the current page: its hidden fields, checked radios and filled texts
        (as shown), then ``fields`` over them, then the pressed ``button``."""
        assert self.page is not None
        chosen = self.page.forms[form]
        data: dict[str, Any] = dict(chosen.hidden)
        data.update(chosen.texts)
        if keep_checked:
            data.update(chosen.checked)
        data.update(fields or {})
        if button is not None:
            data[button[0]] = button[1]
        url = urljoin(self.page.url, chosen.action or self.page.url)
        return self._load(self.client.post(url, data=data, follow_redirects=True))

    def _load(self, response: Any) -> Page:
        parser = _Parser()
        parser.feed(response.text)
        self.page = Page(
            str(response.url),
            response.status_code,
            response.text,
            parser.forms,
            bool(response.history),
        )
        return self.page
