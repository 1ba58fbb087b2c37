"""Benchmark: whole-process seconds of ``scan rapport`` against WeasyPrint rendering the
product's own ``--html`` output of the same report.

Each command is timed as a fresh process (interpreter start, imports, work) in the same
environment. The baseline is the report's own standalone HTML (written once beforehand with
``scan rapport --html``, not timed) rendered by WeasyPrint alone, with the options the product
uses (tagged PDF, whole fonts): so the difference is exactly our own work (start-up of the
package, loading and scoring the answers, the template, the charts). Target: ``scan rapport``
at most 1.15x the baseline (our own work within 15% of WeasyPrint's time). The commands take
turns, run after run, so that a busy machine slows them alike; the figures are the fastest run
(the ratio) and the median and slowest run (the spread).

    .venv/bin/python benchmarks/bench_report.py [--runs 5] [--team 5] [--fasen]

Reports: a full personal report (every question of the bundled banks answered, three partners)
and a team report (``--team`` respondents). ``--fasen`` also times the steps of one personal
report inside one process: where the time goes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scan.answers import AnswerFile, PartnerAnswers, Respondent, save_answers
from scan.bank import WEET_NIET, Bank, BankSet, load_bankset

TARGET = 1.15
BASELINE = (
    "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1])"
    ".write_pdf(sys.argv[2], pdf_tags=True, full_fonts=True)"
)
PARTNERS = [
    ("ROC Midden", "mbo"),
    ("Zorggroep De Linde", "instelling"),
    ("Bakkerij Jansen", "bedrijf"),
]
PHASES = """
import sys, time
from pathlib import Path
steps = []
def step(name, start):
    now = time.perf_counter()
    steps.append((name, now - start))
    return now
t = time.perf_counter()
import weasyprint
t = step("import weasyprint (ook in de basislijn)", t)
from scan.cli.commands import load_results
from scan.bank import load_bankset
from scan.util.gc_pause import paused_garbage_collector
from scan.report.render import report_html, weasyprint_document
t = step("imports van scan (cli, modellen, rapport, jinja2)", t)
banks = load_bankset()
t = step("vragenlijsten laden", t)
result, answers = load_results([Path(sys.argv[1])], banks)
t = step("antwoorden laden en scoren", t)
with paused_garbage_collector():  # as report_pdf does
    html = report_html(result, banks, answers, standalone=False)
    t = step("HTML maken (Jinja2, grafieken)", t)
    document = weasyprint_document(html)
    t = step("HTML inlezen", t)
    rendered = document.render(pdf_tags=True, full_fonts=True)
    t = step(f"opmaak: stijlen, vakken, {len(rendered.pages)} pagina's", t)
    rendered.write_pdf(sys.argv[2], pdf_tags=True, full_fonts=True)
    t = step("tekenen en PDF schrijven (met tags)", t)
for name, seconds in steps:
    print(f"{seconds:.3f}\\t{name}")
"""


def _answer(bank: Bank, qid: str, rnd: random.Random) -> int | str:
    _, question = bank.questions[qid]
    if not question.is_scale:
        return rnd.choice(["", "Stages en gastlessen; we willen een gezamenlijk project starten."])
    if rnd.random() < 0.07:
        return WEET_NIET
    return rnd.choice([v.value for v in bank.scale_of(question)])


def answer_file(banks: BankSet, number: int) -> AnswerFile:
    """A complete, deterministic answer file for respondent ``number``."""
    rnd = random.Random(number)
    answers = AnswerFile(
        respondent=Respondent(
            name=f"Respondent {number + 1}",
            role="docent",
            school="Het Baken",
            team="Zorg & Welzijn",
        ),
        date=dt.date(2026, 11, 22),
        versions={b.id: b.version for b in banks},
    )
    for bank in banks:
        if bank.per_partner:
            continue
        for qid in bank.questions:
            answers.answers[qid] = _answer(bank, qid, rnd)
    for name, kind in PARTNERS:
        partner = PartnerAnswers(name=name, kind=kind)
        for bank in banks:
            if bank.per_partner:
                for qid in bank.questions:
                    partner.answers[qid] = _answer(bank, qid, rnd)
        answers.partners.append(partner)
    answers.remarks[next(iter(banks.banks[0].questions))] = (
        "Dit weten we vooral via de stagebegeleider."
    )
    return answers


def take_turns(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Seconds of every run of every command; the commands take turns."""
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            seconds[name].append(time.perf_counter() - start)
    return seconds


def phases(answers: Path, pdf: Path, runs: int) -> list[tuple[str, float]]:
    """The fastest time of each step of one personal report over ``runs`` processes."""
    best: dict[str, float] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PHASES, str(answers), str(pdf)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for line in out.splitlines():
            seconds, name = line.split("\t")
            best[name] = min(best.get(name, float("inf")), float(seconds))
    return list(best.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--team", type=int, default=5, help="respondents in the team report")
    parser.add_argument("--fasen", action="store_true", help="time the steps of one report")
    args = parser.parse_args()
    banks = load_bankset()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for number in range(args.team):
            path = folder / f"antwoorden-{number + 1}.yaml"
            save_answers(answer_file(banks, number), path)
            files.append(str(path))
        scan = [sys.executable, "-m", "scan", "rapport"]
        reports = {"persoonlijk rapport": files[:1], f"teamrapport ({args.team})": files}
        commands: dict[str, list[str]] = {}
        for name, inputs in reports.items():
            html = folder / f"{len(inputs)}.html"
            subprocess.run([*scan, *inputs, "-o", str(html), "--html"], check=True)
            commands[f"{name}: scan rapport"] = [*scan, *inputs, "-o", str(folder / "s.pdf")]
            commands[f"{name}: WeasyPrint op de eigen --html"] = [
                sys.executable,
                "-c",
                BASELINE,
                str(html),
                str(folder / "w.pdf"),
            ]
        seconds = take_turns(commands, args.runs)
        steps = phases(Path(files[0]), folder / "f.pdf", args.runs) if args.fasen else []
    print(f"{args.runs} beurten; snelste (mediaan, traagste) in seconden")
    for name, times in seconds.items():
        print(f"{name}: {min(times):.2f} s ({statistics.median(times):.2f}, {max(times):.2f})")
    for name in reports:
        ours = min(seconds[f"{name}: scan rapport"])
        base = min(seconds[f"{name}: WeasyPrint op de eigen --html"])
        ratio = ours / base
        verdict = "binnen doel" if ratio <= TARGET else "boven doel"
        print(
            f"{name}: {ratio:.2f}x WeasyPrint alleen, eigen werk {ours - base:+.2f} s "
            f"(doel ≤ {TARGET}x: {verdict})"
        )
    if steps:
        print("\nstappen van één persoonlijk rapport in één proces (snelste per stap):")
        for name, step in steps:
            print(f"  {step:6.3f} s  {name}")
        print(f"  {sum(s for _, s in steps):6.3f} s  samen (zonder het starten van Python)")


if __name__ == "__main__":
    main()
