"""Start-up time of `scan --help` against a bare Typer hello-world app, as a ratio.

Both run as whole processes with the same interpreter, interleaved, so machine noise hits both.
Usage: python benchmarks/bench_startup.py [--runs N]     Target: ratio ≤ 1.3.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELLO = '''
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "wereld") -> None:
    """Zeg hallo."""
    typer.echo(f"Hallo {name}")


@app.command()
def bye() -> None:
    """Zeg dag."""


app()
'''


def run(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        commands = {
            "typer hello --help": [sys.executable, str(hello), "--help"],
            "scan --help": [sys.executable, "-m", "scan", "--help"],
        }
        for cmd in commands.values():  # warm the file cache
            run(cmd)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(run(cmd))
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        print(f"{name:22s} median {median * 1000:7.1f} ms over {args.runs} runs")
    ratio = medians["scan --help"] / medians["typer hello --help"]
    print(f"ratio scan/typer-hello: {ratio:.2f} (target ≤ 1.30)")


if __name__ == "__main__":
    main()
