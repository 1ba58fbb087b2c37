"""Load test of ``scan formulier``: 60 colleagues answer the whole questionnaire at once.

Starts ``scan formulier`` on 127.0.0.1 (its own process, a fresh answer folder, the bundled
banks), and lets N simulated colleagues (default 60) fill in everything concurrently, each from
its own address (127.0.0.2, 127.0.0.3, ...: on a school network every phone has its own, and the
form's rate limit is per address): start, role, two partners, then every question with a short
think time, posting each answer and following the redirect as a browser without script does.

Reports the median and 95th percentile of the response times of all requests, the answers lost
(every answer confirmed by a redirect must be in the colleague's answer file afterwards; must be
0) and the server's peak memory (VmHWM). As the baseline it runs the same load against a bare
Starlette app on uvicorn that answers every request with a fixed page (``--zonder-basis`` skips
it) and prints the ratio of the 95th percentiles. Stops by itself (``--grens`` seconds at most).

Usage: python benchmarks/bench_formulier.py [--collegas 60] [--denktijd 0.5] [--grens 600]
Targets: 95th percentile < 150 ms, answers lost 0, peak memory < 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

CHECK = re.compile(r'name="controle" value="([^"]+)"')
RADIO = re.compile(r'name="antwoord" value="([^"]+)"')
SCAN = [sys.executable, "-m", "scan"]


@dataclass
class Colleague:
    number: int
    timings: list[float] = field(default_factory=list)
    confirmed: dict[tuple[str, int | None], str] = field(default_factory=dict)
    link: str = ""
    done: bool = False


async def timed(colleague: Colleague, call: asyncio.Future | object) -> httpx2.Response:
    start = time.perf_counter()
    response = await call  # type: ignore[misc]
    colleague.timings.append(time.perf_counter() - start)
    return response


async def post_and_follow(
    client: httpx2.AsyncClient, colleague: Colleague, url: str, data: dict[str, str]
) -> httpx2.Response:
    """POST a form, expect 303, GET where it points (each request timed)."""
    response = await timed(colleague, client.post(url, data=data))
    if response.status_code != 303:
        raise RuntimeError(f"POST {url}: {response.status_code} {response.text[:200]}")
    return await timed(colleague, client.get(response.headers["location"]))


def answer_for(page: str, rng: random.Random) -> str:
    values = RADIO.findall(page)
    scale = [v for v in values if v.isdigit()]
    if scale:
        return rng.choice(scale)
    if values:
        return values[0]
    return f"tekst {rng.randrange(1000)}"


async def fill_in(
    base: str, form: str, colleague: Colleague, think: float, rng: random.Random
) -> None:
    transport = httpx2.AsyncHTTPTransport(local_address=f"127.0.0.{colleague.number + 2}")
    async with httpx2.AsyncClient(base_url=base, transport=transport, timeout=60) as client:
        await asyncio.sleep(rng.uniform(0, think * 4))  # colleagues do not all start at once
        page = await timed(colleague, client.get(form))
        check = CHECK.search(page.text).group(1)  # type: ignore[union-attr]
        page = await post_and_follow(client, colleague, f"{form}/begin", {"controle": check})
        here = str(page.url.path)
        colleague.link = here.rsplit("/", 1)[0]
        check = CHECK.search(page.text).group(1)  # type: ignore[union-attr]
        page = await post_and_follow(client, colleague, here, {"controle": check, "rol": "docent"})
        for name, kind, action in (
            ("ROC Midden", "mbo", "toevoegen"),
            ("Zorg Oost", "instelling", "verder"),
        ):
            data = {"controle": check, "naam": name, "soort": kind, "actie": action}
            page = await post_and_follow(client, colleague, str(page.url.path), data)
        while "/vraag/" in page.url.path or "/kort/" in page.url.path:
            await asyncio.sleep(rng.uniform(think / 2, think * 1.5))
            path = str(page.url.path)
            if "/kort/" in path:  # the second partner: half take the short form
                choice = "kort" if colleague.number % 2 else "volledig"
                data = {"controle": check, "actie": choice}
                page = await post_and_follow(client, colleague, path, data)
                continue
            value = answer_for(page.text, rng)
            data = {"controle": check, "antwoord": value, "actie": "volgende"}
            page = await post_and_follow(client, colleague, path, data)
            tail = path.split("/vraag/", 1)[1]
            qid, _, partner = tail.partition("/partner/")
            colleague.confirmed[(qid, int(partner) - 1 if partner else None)] = value
        colleague.done = page.url.path.endswith("/klaar")


def start_server(args: list[str]) -> tuple[subprocess.Popen[str], str, str]:
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    form = ""
    for line in process.stdout:
        if line.startswith("Formulier: "):
            form = line.split(" ", 1)[1].strip()
            break
    base, _, token = form.partition("/f/")
    return process, base, f"/f/{token}"


def peak_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    kb = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]
    return kb / 1024


def lost_answers(folder: Path, colleagues: list[Colleague]) -> int:
    """Confirmed answers that are not in the colleague's answer file as confirmed (each file is
    found from the colleague's link, as the server finds it: the token derived from its name)."""
    from scan.answers import load_answers
    from scan.bank import load_bankset
    from scan.formulier.store import FILE_PATTERN, open_keys

    banks = load_bankset()
    keys = open_keys(folder, "Bench", "Last")
    files = {}
    for path in folder.glob("antwoorden-*.yaml"):
        rid = FILE_PATTERN.match(path.name).group(1)  # type: ignore[union-attr]
        files[keys.respondent_token(rid)] = path
    lost = 0
    for colleague in colleagues:
        path = files.get(colleague.link.rsplit("/", 1)[-1])
        if path is None:
            lost += len(colleague.confirmed)
            continue
        answers, _ = load_answers(path, banks)
        for (qid, partner), value in colleague.confirmed.items():
            given = answers.answers if partner is None else answers.partners[partner].answers
            lost += str(given.get(qid)) != value
    return lost


BASELINE = textwrap.dedent(
    """
    import socket, sys
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, RedirectResponse
    from starlette.routing import Route

    PAGE = '<form method="post"><input type="hidden" name="controle" value="x">' + "x" * 3000

    async def page(request):
        if request.method == "POST":
            await request.form()
            return RedirectResponse("/f/t/vraag/x", status_code=303)
        return HTMLResponse(PAGE)

    app = Starlette(routes=[Route("/{p:path}", page, methods=["GET", "POST"])])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    print(f"Formulier: http://127.0.0.1:{sock.getsockname()[1]}/f/t", flush=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
    """
)


async def baseline_colleague(
    base: str, colleague: Colleague, steps: int, think: float, rng: random.Random
) -> None:
    transport = httpx2.AsyncHTTPTransport(local_address=f"127.0.0.{colleague.number + 2}")
    async with httpx2.AsyncClient(base_url=base, transport=transport, timeout=60) as client:
        await asyncio.sleep(rng.uniform(0, think * 4))
        await timed(colleague, client.get("/f/t"))
        for _ in range(steps):
            await asyncio.sleep(rng.uniform(think / 2, think * 1.5))
            await post_and_follow(
                client, colleague, "/f/t/vraag/x", {"controle": "x", "antwoord": "3"}
            )
        colleague.done = True


def percentiles(colleagues: list[Colleague]) -> tuple[float, float, int]:
    times = sorted(t for c in colleagues for t in c.timings)
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(times)


async def run_load(make, n: int, limit: float) -> list[Colleague]:
    colleagues = [Colleague(i) for i in range(n)]
    await asyncio.wait_for(asyncio.gather(*(make(c) for c in colleagues)), timeout=limit)
    return colleagues


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--collegas", type=int, default=60)
    parser.add_argument("--denktijd", type=float, default=0.5, help="mean seconds per question")
    parser.add_argument("--grens", type=float, default=600, help="stop after this many seconds")
    parser.add_argument("--zonder-basis", action="store_true", help="skip the baseline run")
    args = parser.parse_args()
    if args.collegas > 250:
        parser.error("--collegas: at most 250 (one loopback address each)")
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "antwoorden"
        server, base, form = start_server(
            [
                *SCAN,
                "formulier",
                "--school",
                "Bench",
                "--team",
                "Last",
                "--map",
                str(folder),
                "--adres",
                "127.0.0.1",
                "--poort",
                "0",
            ]
        )
        try:
            started = time.perf_counter()
            colleagues = asyncio.run(
                run_load(
                    lambda c: fill_in(base, form, c, args.denktijd, random.Random(rng.random())),
                    args.collegas,
                    args.grens,
                )
            )
            elapsed = time.perf_counter() - started
            memory = peak_memory_mb(server.pid)
        finally:
            server.terminate()
            server.communicate(timeout=30)
        median, p95, requests = percentiles(colleagues)
        lost = lost_answers(folder, colleagues)
        finished = sum(c.done for c in colleagues)
        answers = sum(len(c.confirmed) for c in colleagues)
    print(
        f"scan formulier: {args.collegas} colleagues, {finished} finished, {answers} answers, "
        f"{requests} requests in {elapsed:.0f} s (think time ~{args.denktijd} s per question)"
    )
    print(
        f"  response time median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (target < 150 ms)"
    )
    print(f"  answers lost: {lost} (must be 0)")
    print(f"  server peak memory: {memory:.0f} MB (target < 150 MB)")
    if args.zonder_basis:
        return
    steps = max(1, round(answers / max(1, args.collegas)))
    server, base, _ = start_server([sys.executable, "-c", BASELINE])
    try:
        colleagues = asyncio.run(
            run_load(
                lambda c: baseline_colleague(
                    base, c, steps, args.denktijd, random.Random(rng.random())
                ),
                args.collegas,
                args.grens,
            )
        )
        base_memory = peak_memory_mb(server.pid)
    finally:
        server.terminate()
        server.communicate(timeout=30)
    b_median, b_p95, _ = percentiles(colleagues)
    print(
        f"baseline (bare Starlette on uvicorn, fixed page): median {b_median * 1000:.1f} ms, "
        f"p95 {b_p95 * 1000:.1f} ms, peak {base_memory:.0f} MB"
    )
    print(f"ratio p95 formulier/baseline: {p95 / b_p95:.1f}x; memory {memory / base_memory:.1f}x")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
