"""Batch throughput and memory: ``scan batch`` against a bare ``csv.reader`` pass.

    python benchmarks/bench_batch.py [--respondenten 20000 200000] [--herhalingen 3]

For each size a synthetic export of the bundled banks is generated (one row per respondent,
see generate_export.py), then timed, each as its own process in this environment:

* bare: ``python -c`` that only iterates ``csv.reader`` over the file (the floor: any
  scorer must at least read the file like this);
* scan: ``scan batch EXPORT -o resultaten.csv``;
* start: ``scan batch`` on the same header with no rows (start-up, loading the banks).

Printed per size: best wall times, the ratio scan / bare, the ratio of the per-respondent
cost (scan minus start) / (bare minus the bare pass over the empty file), and the peak RSS of
``scan batch`` (from wait4, so each run is measured on its own). Targets of the issue: ratio at
most 3 and peak under 120 MB, at 20,000 and 200,000 respondents alike.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_export import generate

BARE = (
    "import csv, sys\n"
    "with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n"
    "    for row in csv.reader(f, delimiter=';'):\n"
    "        pass\n"
)


def run(command: list[str]) -> tuple[float, float]:
    """Wall time in seconds and peak RSS in MB of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error}")
    if process.stderr:
        process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def best(command: list[str], repeats: int) -> tuple[float, float]:
    runs = [run(command) for _ in range(repeats)]
    return min(t for t, _ in runs), max(m for _, m in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondenten", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--herhalingen", type=int, default=3)
    args = parser.parse_args()
    scan = str(Path(sys.executable).with_name("scan"))
    print(
        f"{'respondenten':>12} {'bare s':>7} {'scan s':>7} {'start s':>7} {'ratio':>6} "
        f"{'ratio zonder start':>18} {'piek RSS MB':>11}"
    )
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "leeg.csv"
        generate(empty, 0)
        out = str(Path(folder) / "resultaten.csv")
        start, _ = best([scan, "batch", str(empty), "-o", out], args.herhalingen)
        bare_empty, _ = best([sys.executable, "-c", BARE, str(empty)], args.herhalingen)
        for n in args.respondenten:
            export = Path(folder) / f"export-{n}.csv"
            generate(export, n)
            bare, _ = best([sys.executable, "-c", BARE, str(export)], args.herhalingen)
            took, peak = best([scan, "batch", str(export), "-o", out], args.herhalingen)
            marginal = (took - start) / max(bare - bare_empty, 1e-9)
            print(
                f"{n:>12,} {bare:>7.2f} {took:>7.2f} {start:>7.2f} {took / bare:>6.1f} "
                f"{marginal:>18.1f} {peak:>11.0f}"
            )
            export.unlink()


if __name__ == "__main__":
    main()
