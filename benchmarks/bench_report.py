"""Benchmark: whole-process seconds of ``scan rapport`` against a minimal WeasyPrint render.

Both are timed as a fresh process (interpreter start, imports, work), best of N runs, in the same
environment, so the ratio says what the report itself costs on top of WeasyPrint's own start-up.

    .venv/bin/python benchmarks/bench_report.py [--runs 3] [--team 8]

Reports: a full personal report (every question of the bundled banks answered, three partners)
and a team report (``--team`` respondents). Target: at most 1.5× the minimal render.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scan.answers import AnswerFile, PartnerAnswers, Respondent, save_answers
from scan.bank import WEET_NIET, Bank, BankSet, load_bankset

TARGET = 1.5
BASELINE = "import weasyprint, sys; weasyprint.HTML(string='<p>x</p>').write_pdf(sys.argv[1])"
PARTNERS = [
    ("ROC Midden", "mbo"),
    ("Zorggroep De Linde", "instelling"),
    ("Bakkerij Jansen", "bedrijf"),
]


def _answer(bank: Bank, qid: str, rnd: random.Random) -> int | str:
    _, question = bank.questions[qid]
    if not question.is_scored:
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


def best_of(command: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--team", type=int, default=8, help="respondents in the team report")
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
        baseline = best_of([sys.executable, "-c", BASELINE, str(folder / "x.pdf")], args.runs)
        timings = {
            "persoonlijk rapport": best_of(
                [*scan, files[0], "-o", str(folder / "p.pdf")], args.runs
            ),
            f"teamrapport ({args.team} respondenten)": best_of(
                [*scan, *files, "-o", str(folder / "t.pdf")], args.runs
            ),
            "persoonlijk rapport, --html": best_of(
                [*scan, files[0], "-o", str(folder / "p.html"), "--html"], args.runs
            ),
        }
    print(f"minimale WeasyPrint-render (basislijn): {baseline:.2f} s")
    for name, seconds in timings.items():
        ratio = seconds / baseline
        verdict = "binnen doel" if ratio <= TARGET else "boven doel"
        print(f"{name}: {seconds:.2f} s = {ratio:.2f}x basislijn (doel ≤ {TARGET}x: {verdict})")


if __name__ == "__main__":
    main()
