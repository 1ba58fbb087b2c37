"""Hostile-but-valid inputs: many problems in one answer file, and many partners in a report.

    python benchmarks/bench_hostile.py [--problemen 2000 20000] [--partners 500]

Each measurement runs in a fresh process (peak memory is that process's maximum RSS).
Problems: an answer file with N unknown question ids; the time per problem should not grow
with N (ratio of the per-problem times near 1; quadratic work would make it N2/N1).
Partners: one respondent's PDF report with P partners against one with a single partner.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from scan.answers import load_answers
from scan.bank import load_bankset
from scan.errors import ScanError
banks = load_bankset()
path, what = Path(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
if what == "problemen":
    try:
        load_answers(path, banks)
    except ScanError as exc:
        count = len(exc.problems)
else:
    from scan.report.render import report_pdf
    from scan.scoring.group import score_group
    answers, _ = load_answers(path, banks)
    report_pdf(score_group(banks, [answers]), banks, [answers])
    count = len(answers.partners)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"n": count, "s": seconds, "mb": peak}))
"""


def answer_file(folder: Path, problems: int = 0, partners: int = 0) -> Path:
    from scan.bank import load_bankset

    banks = load_bankset()
    data: dict[str, object] = {
        "formaat": "samenwerkingsscan/antwoorden-1",
        "respondent": {"naam": "Bench", "school": "School"},
    }
    if problems:
        data["antwoorden"] = {f"regio.onbekend{i}": 9 for i in range(problems)}
    else:
        per = next(b for b in banks if b.per_partner)

        def value(bank: object, qid: str) -> object:
            return 2 if bank.questions[qid][1].scale else ""  # type: ignore[attr-defined]

        data["antwoorden"] = {
            q: value(b, q) for b in banks if not b.per_partner for q in b.questions
        }
        data["partners"] = [
            {
                "naam": f"Partner {i}",
                "soort": "mbo",
                "antwoorden": {q: value(per, q) for q in per.questions},
            }
            for i in range(partners)
        ]
    path = folder / f"bench-{problems}-{partners}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def measure(path: Path, what: str) -> dict[str, float]:
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), what], capture_output=True, text=True, check=True
    )
    return json.loads(run.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problemen", type=int, nargs=2, default=[2000, 20000])
    parser.add_argument("--partners", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small, large = (
            measure(answer_file(folder, problems=n), "problemen") for n in args.problemen
        )
        per_small, per_large = small["s"] / small["n"], large["s"] / large["n"]
        for result, per in ((small, per_small), (large, per_large)):
            ms = per * 1e3
            print(f"problemen {result['n']:>6}: {result['s']:6.2f} s  ({ms:.3f} ms per probleem)")
        print(f"  tijd per probleem, groot/klein: {per_large / per_small:.2f}x (1 = lineair)")
        one = measure(answer_file(folder, partners=1), "partners")
        many = measure(answer_file(folder, partners=args.partners), "partners")
        for result in (one, many):
            n, seconds, mb = result["n"], result["s"], result["mb"]
            print(f"rapport, {n:>3} partner(s): {seconds:6.1f} s  {mb:6.0f} MB piek")
        print(
            f"  {args.partners} partners tegen 1: {many['s'] / one['s']:.1f}x de tijd, "
            f"{many['mb'] / one['mb']:.1f}x het geheugen"
        )


if __name__ == "__main__":
    main()
