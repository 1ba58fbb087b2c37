"""Batch throughput and memory: ``scan batch`` against a bare ``csv.reader`` pass.

    python benchmarks/bench_batch.py [--respondenten 20000 200000] [--herhalingen 3]

For each size a synthetic export of the bundled banks is generated (one row per respondent,
see generate_export.py), then timed, each as its own process in this environment:

* bare: ``python -c`` that only iterates ``csv.reader`` over the file (the floor: any
  scorer must at least read the file like this);
* scan: ``scan batch EXPORT -o resultaten.csv``;
* start: ``scan batch`` on the same header with one row (start-up, loading the banks; a
  header-only export is refused).

Printed per size, for wall time and for CPU time (user + system; steadier when other work
shares the machine), best of the repeats: the times, the ratio scan / bare, the ratio of the
per-respondent cost (scan minus start) / (bare minus the bare pass over the one-row file), and
the peak RSS of ``scan batch`` (from wait4, so each run is measured on its own). Targets of the
issue: ratio at most 3 and peak under 120 MB, at 20,000 and 200,000 respondents alike.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))

from generate_export import generate

BARE = (
    "import csv, sys\n"
    "with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n"
    "    for row in csv.reader(f, delimiter=';'):\n"
    "        pass\n"
)


class Run(NamedTuple):
    wall: float
    cpu: float
    """User + system time of the process, less disturbed by other load on the machine."""
    peak_mb: float


def run(command: list[str]) -> Run:
    """Wall time, CPU time (seconds) and peak RSS (MB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if code:
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{error}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def best(command: list[str], repeats: int) -> Run:
    runs = [run(command) for _ in range(repeats)]
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs), max(r.peak_mb for r in runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondenten", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--herhalingen", type=int, default=3)
    args = parser.parse_args()
    scan = str(Path(sys.executable).with_name("scan"))
    print(
        f"{'respondenten':>12} {'kale pass':>9} {'scan batch':>10} {'start':>6} {'ratio':>6} "
        f"{'ratio na start':>14} {'piek RSS':>8}"
    )
    with tempfile.TemporaryDirectory() as folder:
        one_row = Path(folder) / "een-rij.csv"
        generate(one_row, 1)
        out = str(Path(folder) / "resultaten.csv")
        start = best([scan, "batch", str(one_row), "-o", out], args.herhalingen)
        bare_one_row = best([sys.executable, "-c", BARE, str(one_row)], args.herhalingen)
        for n in args.respondenten:
            export = Path(folder) / f"export-{n}.csv"
            generate(export, n)
            bare = best([sys.executable, "-c", BARE, str(export)], args.herhalingen)
            took = best([scan, "batch", str(export), "-o", out], args.herhalingen)
            for label, pick in (("wand", lambda r: r.wall), ("cpu", lambda r: r.cpu)):
                marginal = (pick(took) - pick(start)) / max(pick(bare) - pick(bare_one_row), 1e-9)
                print(
                    f"{n:>12,} {pick(bare):>8.2f}s {pick(took):>9.2f}s {pick(start):>5.2f}s "
                    f"{pick(took) / pick(bare):>6.1f} {marginal:>14.1f} {took.peak_mb:>5.0f} MB"
                    f"  ({label})"
                )
            export.unlink()


if __name__ == "__main__":
    main()
