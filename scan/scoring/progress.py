"""Progress since an earlier scan (``--vorige``, docs/formaten.md).

An earlier scan is given as answer files (scored with the banks in use, like the current scan)
or as a result JSON (``scan resultaat --json`` of one respondent or a team). :func:`compare`
adds to every side and dimension the earlier score (``vorige``), its level (``vorig_niveau``) and
the change (``verschil``), and to the result the date and bank versions of the earlier scan.

An earlier scan on another version of a bank compares only what both versions share: the
dimensions with the same id, and a side's score only when both versions have the same
dimensions. Everything else gets ``vorige: null``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from scan.bank import BankSet
from scan.errors import Problem, ScanError, problems_from_validation
from scan.io.documents import Document
from scan.result import RESULT_FORMAT, TEAM_FORMAT, AnyResult, Result, TeamResult
from scan.scoring.team import group_key

RESULT_FORMATS = (RESULT_FORMAT, TEAM_FORMAT)


def is_result_document(doc: Document) -> bool:
    """Whether a loaded file is a result JSON (rather than an answer file)."""
    return isinstance(doc.data, dict) and doc.data.get("formaat") in RESULT_FORMATS


def parse_result(doc: Document) -> AnyResult:
    """A result JSON as a :class:`Result` or :class:`TeamResult` (ScanError in Dutch)."""
    model: type[Result] | type[TeamResult] = (
        TeamResult if doc.data.get("formaat") == TEAM_FORMAT else Result
    )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise ScanError(problems_from_validation(exc, doc.name, doc.line)) from None


def scan_date(result: AnyResult) -> dt.date | None:
    """The date of a scan: a respondent's date, or the latest date in a team."""
    if isinstance(result, Result):
        return result.date
    dates = [p.date for p in result.participants if p.date is not None]
    return max(dates) if dates else None


def versions(result: AnyResult) -> dict[str, str]:
    """The bank versions a result was scored with (a team: those of its participants)."""
    if isinstance(result, Result):
        return dict(result.versions)
    found: dict[str, str] = {}
    for participant in result.participants:
        found.update(participant.versions)
    return found


def identity(result: AnyResult) -> tuple[str | None, str | None]:
    """The school and team of a result as written in it."""
    if isinstance(result, TeamResult):
        return result.school, result.team
    return result.respondent.school, result.respondent.team


def check_same_group(result: AnyResult, earlier: AnyResult, source: str) -> None:
    """ScanError when the earlier scan names another school or team (compared as
    :func:`group_key` does; an empty one is fine)."""
    now_key, then_key = group_key(*identity(result)), group_key(*identity(earlier))
    for i, what in enumerate(("een andere school", "een ander team")):
        if now_key[i] and then_key[i] and now_key[i] != then_key[i]:
            then, now = identity(earlier)[i], identity(result)[i]
            raise ScanError(
                Problem(
                    f"de vorige scan is van {what} ('{then}', nu '{now}'); vergelijk "
                    "alleen scans van dezelfde school en hetzelfde team",
                    source,
                )
            )


def comparison_warnings(result: AnyResult, earlier: AnyResult, source: str) -> list[Problem]:
    """Warnings about a comparison that is probably a mistake: the earlier scan is dated after
    this one (the files swapped?), or one is a team and the other a single respondent."""
    found = []
    now, then = scan_date(result), scan_date(earlier)
    if now is not None and then is not None and then > now:
        found.append(
            Problem(
                f"de vorige scan is van {then.isoformat()}, na deze scan ({now.isoformat()}); zijn "
                "de bestanden verwisseld? Geef bij --vorige de eerdere scan",
                source,
            )
        )
    if isinstance(result, TeamResult) != isinstance(earlier, TeamResult):
        what = ("een team", "één respondent")
        now_is, then_is = what if isinstance(result, TeamResult) else what[::-1]
        found.append(
            Problem(
                f"deze scan is van {now_is}, de vorige van {then_is}; de verschillen zeggen dan "
                "weinig over de voortgang",
                source,
            )
        )
    return found


def change(score: float | None, previous: float | None) -> float | None:
    """score − previous, exact in tenths (both are rounded to one decimal already)."""
    if score is None or previous is None:
        return None
    return (round(score * 10) - round(previous * 10)) / 10


def _compared(now: Any, then: Any | None) -> dict[str, Any]:
    previous = then.score if then is not None else None
    return {
        "previous": previous,
        "previous_level": then.level if then is not None and previous is not None else None,
        "change": change(now.score, previous),
    }


def compare(result: AnyResult, earlier: AnyResult) -> AnyResult:
    """``result`` with every side and dimension compared with ``earlier`` (a new object)."""
    sides = {}
    for letter, side in result.sides.items():
        then = earlier.sides.get(letter)
        if then is not None and then.bank != side.bank:
            then = None
        then_dims: Mapping[str, Any] = then.dimensions if then is not None else {}
        dims = {
            dim_id: dim.model_copy(update=_compared(dim, then_dims.get(dim_id)))
            for dim_id, dim in side.dimensions.items()
        }
        same_dims = then is not None and set(then_dims) == set(side.dimensions)
        update = _compared(side, then if same_dims else None)
        sides[letter] = side.model_copy(update={**update, "dimensions": dims})
    return result.model_copy(
        update={
            "sides": sides,
            "previous_date": scan_date(earlier),
            "previous_versions": versions(earlier),
        }
    )


def version_notes(result: AnyResult, banks: BankSet) -> list[str]:
    """Dutch lines for the banks whose earlier version differs from the one in use."""
    notes = []
    for bank_id, version in (result.previous_versions or {}).items():
        bank = banks.by_id(bank_id)
        if bank is not None and bank.version != version:
            notes.append(
                f"De vorige scan gebruikte versie {version} van '{bank.title}' (nu "
                f"{bank.version}); alleen de onderdelen die in beide versies voorkomen, zijn "
                "vergeleken."
            )
    return notes


def unfinished(result: AnyResult) -> str | None:
    """A Dutch line when a scan is not finished (``voortgang``), for terminal and report:
    "32 van 70 vragen beantwoord"; for a team, how many respondents did not finish."""
    if isinstance(result, Result):
        done = result.progress
        if done.answered >= done.questions:
            return None
        return (
            f"Deze scan is niet afgerond: {done.answered} van {done.questions} vragen "
            "beantwoord. Scores zonder genoeg antwoorden ontbreken."
        )
    open_ = [p.progress for p in result.participants if p.progress.answered < p.progress.questions]
    if not open_:
        return None
    answered = sum(p.answered for p in open_)
    questions = sum(p.questions for p in open_)
    verb = "heeft" if len(open_) == 1 else "hebben"
    return (
        f"{len(open_)} van de {result.respondents} respondenten {verb} de scan niet afgerond "
        f"(samen {answered} van {questions} vragen beantwoord)."
    )
