"""The web form as a Starlette app: plain HTML forms, POST-redirect-GET, no script.

Addresses (every token is derived from the team's secret, see :mod:`scan.formulier.store`):

* ``/f/<form>``: the introduction for colleagues, ``Beginnen`` and resuming by code;
* ``/r/<respondent>/...``: one colleague's pages: ``over-u``, ``partners``, ``kort/<n>`` (the
  short form offered for partner n), ``vraag/<id>[/partner/<n>]`` and ``klaar``;
  ``/r/<respondent>`` goes on where they were;
* ``/t/<leader>``: the team leader's page, its QR code and the team report;
* ``/static/formulier.css``.

Anything else, including a wrong token, is a plain 404. Every answer is saved (atomically, in a
worker thread) before the redirect to the next page is sent.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Route

from scan.answers import AnswerFile
from scan.formulier import pages
from scan.formulier.security import MAX_BODY, Guard, RateLimiter, check_matches, same_origin
from scan.formulier.store import FormStore, format_code
from scan.interview.flow import plan
from scan.report.render import templates_folder
from scan.util.text import document_safe

STYLESHEET = "formulier.css"


@dataclass(frozen=True)
class FormSettings:
    min_group: int = 3
    form_url: str | None = None
    """The colleagues' link as printed (the QR code on the leader's page shows it, not the
    address the leader happened to use, which may be ``localhost``)."""


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_folder() / "formulier"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=document_safe,
    )


PLAIN_ERRORS = {404: "Niet gevonden.", 405: "Dat kan hier niet."}
"""The router's own errors in Dutch (also for a wrong token: nothing tells it from no page)."""


class NotFound(HTTPException):
    def __init__(self) -> None:
        super().__init__(404)


def create_app(
    store: FormStore, settings: FormSettings | None = None, limiter: RateLimiter | None = None
) -> Any:
    """The ASGI app of one team's form, wrapped in its guard (:mod:`scan.formulier.security`)."""
    form = WebForm(store, settings or FormSettings())
    app = Starlette(
        routes=form.routes(),
        exception_handlers={HTTPException: _plain_error},
    )
    return Guard(app, limiter)


async def _plain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    text = PLAIN_ERRORS.get(exc.status_code, str(exc.detail))
    return PlainTextResponse(text, status_code=exc.status_code, headers=exc.headers)


Handler = Callable[[Request], Awaitable[Response]]


class WebForm:
    def __init__(self, store: FormStore, settings: FormSettings) -> None:
        self.store = store
        self.banks = store.banks
        self.keys = store.keys
        self.settings = settings
        self.env = _environment()
        self.decided: dict[str, set[int]] = {}
        """Per colleague, the partners that chose all questions when the short form was offered
        (kept in memory, as ``scan start`` does: after a restart the offer comes again)."""
        self.stylesheet = (templates_folder() / "formulier" / STYLESHEET).read_bytes()

    def routes(self) -> list[Route]:
        r = "/r/{token}"
        return [
            Route("/f/{token}", self.intro),
            Route("/f/{token}/begin", self.begin, methods=["POST"]),
            Route("/f/{token}/code", self.resume_by_code, methods=["POST"]),
            Route(r, self.resume),
            Route(f"{r}/{pages.DETAILS}", self.details, methods=["GET", "POST"]),
            Route(f"{r}/{pages.PARTNERS}", self.partners, methods=["GET", "POST"]),
            Route(f"{r}/{pages.SHORT_FORM}/{{n:int}}", self.short_form, methods=["GET", "POST"]),
            Route(f"{r}/vraag/{{qid}}", self.question, methods=["GET", "POST"]),
            Route(f"{r}/vraag/{{qid}}/partner/{{n:int}}", self.question, methods=["GET", "POST"]),
            Route(f"{r}/{pages.DONE}", self.done),
            Route("/t/{token}", self.leader),
            Route("/t/{token}/qr.svg", self.leader_qr),
            Route("/t/{token}/teamrapport.pdf", self.team_report),
            Route(f"/static/{STYLESHEET}", self.css),
        ]

    # --- helpers ---

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("errors", [])
        context.setdefault("school", self.keys.school)
        context.setdefault("team", self.keys.team)
        html = self.env.get_template(template).render(context)
        return HTMLResponse(html, status_code=status)

    def _form_token(self, request: Request) -> str:
        if not check_matches(request.path_params["token"], self.keys.form_token):
            raise NotFound
        return str(request.path_params["token"])

    def _respondent(self, request: Request) -> tuple[str, str]:
        token = str(request.path_params["token"])
        rid = self.store.by_token(token)
        if rid is None:
            raise NotFound
        return rid, token

    def _leader(self, request: Request) -> None:
        if not check_matches(request.path_params["token"], self.keys.leader_token):
            raise NotFound

    async def _posted(self, request: Request, scope_token: str) -> tuple[FormData, dict[str, str]]:
        """The posted form and its text fields, after the cross-site checks (403 when they
        fail)."""
        if not same_origin(request.headers, request.url.netloc, request.url.scheme):
            raise HTTPException(403, "Verboden: dit formulier komt van een andere site.")
        form = await request.form(max_files=0, max_fields=100, max_part_size=MAX_BODY)
        check = form.get("controle")
        if not isinstance(check, str) or not check_matches(
            check, self.keys.form_check(scope_token)
        ):
            raise HTTPException(403, "Verboden: dit formulier is verlopen of vervalst.")
        return form, {k: v for k, v in form.items() if isinstance(v, str)}

    def _base(self, request: Request) -> str:
        return str(request.base_url).rstrip("/")

    def _form_url(self, request: Request) -> str:
        return self.settings.form_url or f"{self._base(request)}/f/{self.keys.form_token}"

    def _resume_context(self, request: Request, rid: str, token: str) -> dict[str, Any]:
        return {
            "resume_url": f"{self._base(request)}/r/{token}",
            "resume_code": format_code(self.keys.resume_code(rid)),
            "check": self.keys.form_check(token),
            "max_name": pages.MAX_NAME,
        }

    def _steps(self, rid: str, answers: AnswerFile) -> list[Any]:
        return plan(self.banks, self.store.sides, answers, self.decided.get(rid, set()))

    def _go(self, token: str, address: str) -> RedirectResponse:
        return RedirectResponse(f"/r/{token}/{address}", status_code=303)

    async def _save(self, rid: str, change: Callable[[AnswerFile], Any]) -> Any:
        """Apply ``change`` to the colleague's answers and save them, in a worker thread."""

        def work() -> Any:
            with self.store.change(rid) as answers:
                return change(answers)

        return await run_in_threadpool(work)

    # --- colleagues ---

    async def intro(self, request: Request) -> Response:
        token = self._form_token(request)
        return self._intro_page(token)

    def _intro_page(self, token: str, errors: list[str] | None = None) -> HTMLResponse:
        return self.render(
            "intro.html.j2",
            status=400 if errors else 200,
            title="Welkom",
            errors=errors or [],
            intro=pages.introduction(self.banks),
            form_token=token,
            check=self.keys.form_check(token),
        )

    async def begin(self, request: Request) -> Response:
        token = self._form_token(request)
        await self._posted(request, token)
        rid = await run_in_threadpool(self.store.create)
        return RedirectResponse(
            f"/r/{self.keys.respondent_token(rid)}/{pages.DETAILS}?nieuw=1", status_code=303
        )

    async def resume_by_code(self, request: Request) -> Response:
        token = self._form_token(request)
        _, typed = await self._posted(request, token)
        rid = self.store.by_code(typed.get("code", ""))
        if rid is None:
            return self._intro_page(
                token, ["Deze code kennen we niet. Kijk hem na (bijvoorbeeld ABCD-EFGH)."]
            )
        return RedirectResponse(f"/r/{self.keys.respondent_token(rid)}", status_code=303)

    async def resume(self, request: Request) -> Response:
        rid, token = self._respondent(request)
        answers = self.store.answers(rid)
        return self._go(token, pages.resume_address(self.banks, self._steps(rid, answers), answers))

    async def details(self, request: Request) -> Response:
        rid, token = self._respondent(request)
        errors: list[str] = []
        typed: dict[str, str] = {}
        if request.method == "POST":
            _, typed = await self._posted(request, token)
            try:
                await self._save(rid, functools.partial(pages.read_details, typed))
            except pages.FormError as exc:
                errors.append(str(exc))
            else:
                answers = self.store.answers(rid)
                return self._go(
                    token, pages.resume_address(self.banks, self._steps(rid, answers), answers)
                )
        answers = self.store.answers(rid)
        chosen, typed_role = pages.role_choice(answers)
        return self.render(
            "over_u.html.j2",
            status=400 if errors else 200,
            title="Over u",
            errors=errors,
            fresh=request.query_params.get("nieuw") == "1",
            roles=pages.ROLES,
            chosen=typed.get("rol", chosen),
            typed_role=typed.get("rol_anders", typed_role),
            name=typed.get("naam", answers.respondent.name or ""),
            **self._resume_context(request, rid, token),
        )

    async def partners(self, request: Request) -> Response:
        rid, token = self._respondent(request)
        errors: list[str] = []
        typed: dict[str, str] = {}
        if request.method == "POST":
            form, typed = await self._posted(request, token)
            picked = [v for v in form.getlist("kies") if isinstance(v, str)]
            known = self.store.known_partners()
            action = typed.get("actie", "")
            try:
                await self._save(rid, functools.partial(pages.read_partners, typed, picked, known))
            except pages.FormError as exc:
                errors.append(str(exc))
            else:
                answers = self.store.answers(rid)
                if action == "terug":
                    return self._go(token, pages.DETAILS)
                if action == "verder" or (action == "" and "verwijder" not in typed):
                    if answers.partners:
                        return self._go(
                            token, pages.next_address(self._steps(rid, answers), answers, 0)
                        )
                    errors.append("Noem minstens één partner.")
                else:
                    return self._go(token, pages.PARTNERS)
        answers = self.store.answers(rid)
        failed = bool(errors)
        return self.render(
            "partners.html.j2",
            status=400 if failed else 200,
            title="Partners",
            errors=errors,
            chosen=pages.partner_lines(answers),
            offered=pages.offered_partners(self.store.known_partners(), answers),
            kinds=list(pages.KIND_LABELS.items()),
            typed_name=typed.get("naam", "") if failed else "",
            typed_kind=typed.get("soort", "") if failed else "",
            **self._resume_context(request, rid, token),
        )

    async def short_form(self, request: Request) -> Response:
        rid, token = self._respondent(request)
        answers = self.store.answers(rid)
        steps = self._steps(rid, answers)
        index = pages.find_offer(steps, request.path_params["n"])
        if index is None:  # decided already (or no such partner): go on where they are
            return self._go(token, pages.resume_address(self.banks, steps, answers))
        if request.method == "POST":
            _, typed = await self._posted(request, token)
            action = typed.get("actie")
            step = steps[index]
            if action == "terug":
                return self._go(token, pages.previous_address(self.banks, steps, index))
            if action == "volledig":
                self.decided.setdefault(rid, set()).add(step.partner)
            else:
                await self._save(rid, functools.partial(pages.choose_short_form, step))
            answers = self.store.answers(rid)
            return self._go(token, pages.next_address(self._steps(rid, answers), answers, index))
        return self.render(
            "kort.html.j2",
            title="Korte vorm",
            offer=pages.short_form_page(steps, index, answers),
            **self._resume_context(request, rid, token),
        )

    async def question(self, request: Request) -> Response:
        rid, token = self._respondent(request)
        answers = self.store.answers(rid)
        steps = self._steps(rid, answers)
        partner = request.path_params.get("n")
        index = pages.find_step(steps, request.path_params["qid"], partner)
        if index is None:
            raise NotFound
        errors: list[str] = []
        typed: dict[str, str] | None = None
        step = steps[index]
        if request.method == "POST":
            _, typed = await self._posted(request, token)
            back = typed.get("actie") == "terug"
            read = functools.partial(pages.read_question, typed, step, moving_on=not back)
            try:
                problem = await self._save(rid, read)
            except pages.FormError as exc:
                problem = str(exc)
            answers = self.store.answers(rid)
            steps = self._steps(rid, answers)
            if problem is None:
                if back:
                    return self._go(token, pages.previous_address(self.banks, steps, index))
                return self._go(token, pages.next_address(steps, answers, index))
            errors.append(problem)
        page = pages.question_page(steps, index, answers, typed)
        return self.render(
            "vraag.html.j2",
            status=400 if errors else 200,
            title=f"Vraag {page.number}",
            errors=errors,
            q=page,
            max_open=pages.MAX_OPEN,
            max_remark=pages.MAX_REMARK,
            **self._resume_context(request, rid, token),
        )

    async def done(self, request: Request) -> Response:
        rid, token = self._respondent(request)
        answers = self.store.answers(rid)
        steps = self._steps(rid, answers)
        address = pages.resume_address(self.banks, steps, answers)
        if address != pages.DONE:
            return self._go(token, address)
        return self.render(
            "klaar.html.j2",
            title="Klaar",
            first_url=f"/r/{token}/{pages.step_address(steps[0])}" if steps else f"/r/{token}",
            **self._resume_context(request, rid, token),
        )

    # --- the team leader ---

    async def leader(self, request: Request) -> Response:
        self._leader(request)
        progress = self.store.progress()
        text = None
        if progress.finished >= self.settings.min_group:
            text = await run_in_threadpool(self._team_text)
        return self.render(
            "teamleider.html.j2",
            title="Teamleider",
            progress=progress,
            min_group=self.settings.min_group,
            result_text=text,
            form_url=self._form_url(request),
            leader_token=self.keys.leader_token,
        )

    def _team(self) -> tuple[Any, list[AnswerFile]]:
        """The result of the finished colleagues (as ``scan resultaat`` on their files)."""
        from scan.scoring.group import score_group

        finished = self.store.finished()
        answers = [answers for _, answers in finished]
        sources = [str(path) for path, _ in finished]
        result = score_group(self.banks, answers, sources, min_group=self.settings.min_group)
        return result, answers

    def _team_text(self) -> str:
        from rich.console import Console

        from scan.report.terminal import show_result

        text = io.StringIO()
        console = Console(file=text, width=88, color_system=None, highlight=False)
        show_result(console, self._team()[0], self.banks)
        return text.getvalue()

    async def leader_qr(self, request: Request) -> Response:
        self._leader(request)
        svg = qr_svg(self._form_url(request))
        return Response(svg, media_type="image/svg+xml")

    async def team_report(self, request: Request) -> Response:
        self._leader(request)
        if self.store.progress().finished < self.settings.min_group:
            raise NotFound

        def render() -> bytes:
            from scan.report.render import ReportOptions, report_pdf

            team, answers = self._team()
            options = ReportOptions(min_group=self.settings.min_group)
            return report_pdf(team, self.banks, answers, options)

        pdf = await run_in_threadpool(render)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"content-disposition": 'attachment; filename="teamrapport.pdf"'},
        )

    async def css(self, request: Request) -> Response:
        return Response(
            self.stylesheet,
            media_type="text/css",
            headers={"cache-control": "max-age=3600"},
        )


def qr_svg(url: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=2)
    return buffer.getvalue()
