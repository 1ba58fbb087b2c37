"""``scan batch --rapporten``: one PDF report per school and team, rendered in parallel.

Each worker process loads the banks once and renders whole reports; the answers travel as
plain data. File names come from the school and team names, which are untrusted text: they
are reduced to safe characters, so that nothing can be written outside the chosen folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from scan.bank import BankSet
from scan.errors import Problem, ScanError
from scan.io.outputs import make_folder
from scan.util.names import slug
from scan.util.signals import ignore_stop_signals

_banks: BankSet | None = None


def report_paths(folder: Path, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Path]:
    """``rapport-<school>-<team>.pdf`` per group, unique (``-2``, ``-3`` …) and inside folder."""
    paths: dict[tuple[str, str], Path] = {}
    used: set[str] = set()
    root = folder.resolve()
    for school, team in keys:
        stem = f"rapport-{slug(school, False, 80) or 'school'}-{slug(team, False, 80) or 'team'}"
        name, n = stem, 1
        while name.lower() in used:
            n += 1
            name = f"{stem}-{n}"
        used.add(name.lower())
        path = root / f"{name}.pdf"
        if path.parent != root:  # cannot happen with slug; a last line of defence
            raise ScanError(Problem(f"onveilige bestandsnaam {name!r}", str(folder)))
        paths[school, team] = path
    return paths


def render_reports(
    banks: BankSet,
    folder: Path,
    groups: Mapping[tuple[str, str], list[dict[str, Any]]],
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Render one report per group on all cores; returns the files written."""
    make_folder(folder)
    paths = report_paths(folder, list(groups))
    total = len(paths)
    if progress:
        progress(0, total)
    if not total:
        return []
    workers = min(os.cpu_count() or 1, total)
    done = 0
    problems: list[Problem] = []
    # the workers' temporary files go in one folder that is removed however the run ends (a
    # worker that is stopped halfway cannot clean up after itself: it ends with os._exit)
    scratch = tempfile.TemporaryDirectory(prefix="scan-rapporten-")
    pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(banks, scratch.name))
    try:
        futures = {pool.submit(_render, groups[key], path): path for key, path in paths.items()}
        for future in as_completed(futures):
            try:
                future.result()
            except ScanError as exc:
                problems += exc.problems
            done += 1
            if progress:
                progress(done, total)
    except BaseException:
        # ^C, SIGTERM, a full disk: start no more reports; the workers (which ignore those
        # signals) finish the one they are writing and end, so none is left running
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        scratch.cleanup()
    if problems:
        raise ScanError(problems)
    return list(paths.values())


def _init_worker(banks: BankSet, scratch: str) -> None:
    global _banks
    _banks = banks
    tempfile.tempdir = scratch
    ignore_stop_signals()


def _render(answer_data: list[dict[str, Any]], path: Path) -> None:
    from scan.answers import AnswerFile
    from scan.report.render import render_pdf
    from scan.scoring.group import score_group

    assert _banks is not None
    answers = [AnswerFile.model_validate(data) for data in answer_data]
    render_pdf(score_group(_banks, answers), _banks, answers, path)
