"""The result of a set of answer files: one respondent's Result, or a team's TeamResult.

``scan resultaat``, ``scan rapport`` and the reports of ``scan batch --rapporten`` all build
their result here, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scan.answers import AnswerFile, load_answers
from scan.bank import BankSet
from scan.errors import Problem, ScanError
from scan.io.outputs import file_identity
from scan.result import AnyResult
from scan.scoring.build import score
from scan.scoring.team import MIN_GROUP, team_result


def score_group(
    banks: BankSet,
    answers: Sequence[AnswerFile],
    sources: Sequence[str] | None = None,
    mixed: bool = False,
    min_group: int = MIN_GROUP,
) -> AnyResult:
    """One answer file gives a Result, several a TeamResult (``sources`` name them in errors).

    Several files of different schools or teams are an error (ScanError) unless ``mixed``;
    ``min_group`` is the team's ``--min-groep``.
    """
    results = [score(banks, a) for a in answers]
    if len(results) == 1:
        return results[0]
    return team_result(banks, results, sources, mixed=mixed, min_group=min_group)


def score_files(
    paths: Sequence[Path], banks: BankSet, mixed: bool = False, min_group: int = MIN_GROUP
) -> tuple[AnyResult, list[AnswerFile], list[Problem]]:
    """Load, check and score answer files: the result, the answers and the warnings.

    Every invalid file is reported in one ScanError before anything is scored.
    """
    answers: list[AnswerFile] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    paths = distinct_files(paths, warnings)
    for path in paths:
        try:
            loaded, found = load_answers(path, banks)
        except ScanError as exc:
            problems.extend(exc.problems)
            continue
        warnings.extend(found)
        answers.append(loaded)
    if problems:
        raise ScanError(problems)
    sources = [str(p) for p in paths]
    return score_group(banks, answers, sources, mixed, min_group), answers, warnings


def distinct_files(paths: Sequence[Path], warnings: list[Problem]) -> list[Path]:
    """Each file once: a file given twice (also by another name) is one respondent; a
    warning says so."""
    seen: dict[object, Path] = {}
    for path in paths:
        first = seen.setdefault(file_identity(path), path)
        if first is not path:
            warnings.append(
                Problem(f"is hetzelfde bestand als {first}; het telt één keer", str(path))
            )
    return list(seen.values())
