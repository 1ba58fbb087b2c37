"""Scoring throughput: respondents per second on the bundled banks, with random answers.

    .venv/bin/python benchmarks/bench_scoring.py [--respondents 20000] [--partners 2] [--runs 5]

Paths measured (best of ``--runs``, same data):
- lean: ``Scorer.score_lean`` on plain dicts (what ``scan batch`` uses), first pass with empty
  memo tables ("koud") and steady state;
- lean without partners;
- data: lean + ``build_result_data`` (the result JSON as plain data, for writing JSON);
- model: lean + ``build_result`` (the pydantic Result with advice and blind spots);
- baseline: one plain dict lookup and addition per answer — the least any scorer must do in
  pure Python — so that the ratio lean / baseline holds across machines.
Target: about 10 µs per respondent on the lean path (absolute figures depend on the machine).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from scan.bank import WEET_NIET, BankSet, load_bankset
from scan.scoring.build import build_result, build_result_data
from scan.scoring.engine import PartnerInput, Scorer

Respondent = tuple[dict[str, Any], list[PartnerInput]]


def random_respondents(
    banks: BankSet, count: int, partners: int, seed: int = 1
) -> list[Respondent]:
    """Every scale question answered (7 % weet_niet), open questions with short text."""
    rnd = random.Random(seed)

    def answers(per_partner: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for bank in banks:
            if bank.per_partner != per_partner:
                continue
            for qid, (_, question) in bank.questions.items():
                if not question.is_scale:
                    out[qid] = "stages en gastlessen"
                elif rnd.random() < 0.07:
                    out[qid] = WEET_NIET
                else:
                    out[qid] = rnd.choice([v.value for v in bank.scale_of(question)])
        return out

    return [
        (answers(False), [(f"Partner {p}", "mbo", answers(True)) for p in range(partners)])
        for _ in range(count)
    ]


def best_per_item(run: Callable[[], None], count: int, runs: int) -> float:
    """Best CPU seconds per respondent over ``runs`` passes (CPU time, so that other work on a
    shared machine does not count)."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best / count


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--partners", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    banks = load_bankset()
    data = random_respondents(banks, args.respondents, args.partners)
    n_answers = len(data[0][0]) + sum(len(p[2]) for p in data[0][1])
    lookup = {qid: 1 for bank in banks for qid in bank.questions}

    def baseline() -> None:
        for answers, partners in data:
            total = 0
            for qid in answers:
                total += lookup[qid]
            for _, _, mapping in partners:
                for qid in mapping:
                    total += lookup[qid]

    start = time.perf_counter()
    scorer = Scorer(banks)
    compile_ms = (time.perf_counter() - start) * 1000

    def lean(partners: bool = True) -> None:
        for answers, given in data:
            scorer.score_lean(answers, given if partners else ())

    def model(build: Callable[..., Any], count: int) -> Callable[[], None]:
        def run() -> None:
            for answers, given in data[:count]:
                build(scorer, scorer.score_lean(answers, given))

        return run

    few = min(len(data), 2000)
    cold = best_per_item(lean, len(data), 1)
    figures = {
        "baseline (1 opzoeking per antwoord)": best_per_item(baseline, len(data), args.runs),
        "lean, koud (eerste keer)": cold,
        "lean": best_per_item(lean, len(data), args.runs),
        "lean, zonder partners": best_per_item(lambda: lean(False), len(data), args.runs),
        "lean + build_result_data (JSON-data)": best_per_item(
            model(build_result_data, few), few, args.runs
        ),
        "lean + build_result (pydantic)": best_per_item(model(build_result, few), few, args.runs),
    }
    print(
        f"{args.respondents} respondenten, {n_answers} antwoorden elk "
        f"({args.partners} partners); Scorer compileren: {compile_ms:.1f} ms"
    )
    base = figures["baseline (1 opzoeking per antwoord)"]
    for name, seconds in figures.items():
        print(
            f"  {name:<38} {seconds * 1e6:8.1f} µs  {1 / seconds:>10,.0f} /s  "
            f"{seconds / base:5.1f}× baseline"
        )


if __name__ == "__main__":
    main()
