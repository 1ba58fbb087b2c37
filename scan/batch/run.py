"""``scan batch`` as a whole: exports in, result table (and group, quality tables, reports) out.

Every export's header is checked before anything is written, so a wrong column fails the run
at once; then respondents stream from the exports through the scorer into the output files,
which appear (atomically) only when the run completes.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, cast

from scan.answers import AnswerFile, PartnerAnswers, PartnerKind, Respondent
from scan.bank import BankSet
from scan.batch.columns import ColumnPlan, Koppeling, load_koppeling, plan_columns
from scan.batch.rows import (
    BatchScorer,
    Scored,
    Summary,
    result_columns,
    result_row,
    split_partner_forms,
)
from scan.batch.sources import recognise
from scan.batch.tables import QUALITY_COLUMNS, GroupTable, QualityTable
from scan.errors import Problem, ScanError
from scan.io.atomic import atomic_write_text
from scan.io.exports import Export, open_export
from scan.io.outputs import make_folder
from scan.io.writers import (
    CsvTable,
    JsonList,
    TableFile,
    committed,
    open_table,
    table_format,
    write_table,
)
from scan.scoring.build import build_result_data
from scan.scoring.engine import Scorer, scorer_for
from scan.scoring.team import group_key
from scan.util.gc_pause import paused_garbage_collector

Progress = Callable[[int, int], None]
"""Called with (done, total) while reports are rendered."""
LINES_PER_WRITE = 1000


@dataclass(frozen=True)
class BatchRequest:
    """The options of ``scan batch``; ``output`` None means CSV on stdout."""

    exports: Sequence[Path]
    output: Path | None
    koppeling: Path | None = None
    reports: Path | None = None
    group_by: str | None = None
    min_group: int = 3
    quality: Path | None = None
    encoding: str | None = None
    delimiter: str | None = None
    source: str | None = None
    """``--bron``: the survey tool, when not recognised from the columns."""


Notice = Callable[[str, Problem], None]
"""Called with ("info" or "waarschuwing", the notice) for what the user should know."""


def prepare(
    request: BatchRequest, banks: BankSet, on_notice: Notice | None = None
) -> list[tuple[Export, ColumnPlan]]:
    """Open every export, recognise its tool and map its header, once per file; every file
    and header problem at once. What was recognised and what was matched loosely or left
    out goes to ``on_notice``."""
    koppeling = load_koppeling(request.koppeling, banks) if request.koppeling else Koppeling()
    notices: list[tuple[str, Problem]] = [("waarschuwing", w) for w in koppeling.warnings]
    prepared: list[tuple[Export, ColumnPlan]] = []
    problems: list[Problem] = []
    for path in request.exports:
        try:
            export = open_export(path, request.encoding, request.delimiter)
            with contextlib.closing(export.rows()) as rows:
                following = list(islice(rows, PEEK_ROWS))
            layout = recognise(export.header, following[:2], request.source)
            if len(following) <= layout.skip:
                raise ScanError(Problem(_no_rows_message(layout.skip), export.name))
            plan = plan_columns(layout.header, banks, export.name, koppeling, layout)
        except ScanError as exc:
            problems += exc.problems
            continue
        prepared.append((export, plan))
        notices += [(kind, Problem(text, export.name)) for kind, text in describe_plan(plan)]
    mains, forms = split_partner_forms(prepared)
    for export, plan in (*forms, *(mains if forms else [])):
        if plan.join is None:
            problems.append(
                Problem(
                    "geen kolom om het partnerformulier en het hoofdformulier op te koppelen; "
                    "noem die (e-mail of naam, in beide formulieren) met 'sleutel:' in de "
                    "koppeling",
                    export.name,
                )
            )
    if problems:
        raise ScanError(problems)
    if on_notice is not None:
        for kind, notice in notices:
            on_notice(kind, notice)
    return prepared


PEEK_ROWS = 3
"""Rows read ahead of the header: up to two more header rows of a tool, and one answer."""


def _no_rows_message(header_rows: int) -> str:
    """An export without answers: only its header (and a tool's extra header rows)."""
    header = "een kopregel" if not header_rows else f"{header_rows + 1} kopregels"
    return f"bevat geen antwoorden: alleen {header}; exporteer opnieuw als er wel antwoorden zijn"


def describe_plan(plan: ColumnPlan) -> list[tuple[str, str]]:
    """What the user should know of how an export was read: the tool, its key, what was
    matched loosely and what was left out."""
    layout = plan.layout
    how = "opgegeven" if layout.forced else "herkend"
    key = (
        f"respondent-id uit {plan.where(plan.key)}"
        if plan.key is not None
        else "geen respondent-id: elke rij is een respondent, genoemd naar het rijnummer"
    )
    sections = f"; {len(plan.slots)} partnersecties" if len(plan.slots) > 1 else ""
    notes = [("info", f"bron {how}: {layout.tool.title} ({key}{sections})")]
    if plan.loose:
        notes.append(
            (
                "waarschuwing",
                f"{len(plan.loose)} kolommen ruim gekoppeld (controleer ze): "
                + "; ".join(plan.loose),
            )
        )
    if plan.skipped:
        notes.append(
            (
                "waarschuwing",
                f"{len(plan.skipped)} kolommen niet herkend en overgeslagen (koppel ze met "
                "--koppeling als het vragen zijn): " + "; ".join(plan.skipped),
            )
        )
    return notes


def groups_path(output: Path) -> Path:
    """``resultaten.csv`` → ``resultaten-groepen.csv`` (the group table beside the results)."""
    return output.with_name(f"{output.stem}-groepen{output.suffix}")


def run_batch(
    request: BatchRequest,
    banks: BankSet,
    on_problem: Callable[[Problem], None],
    progress: Progress | None = None,
    on_notice: Notice | None = None,
) -> Summary:
    """Score every respondent of the exports and write the requested files.

    Bad respondents go to ``on_problem`` and are left out; the returned summary counts them.
    Raises ScanError (nothing written) for unreadable files, unknown columns and bad options.
    """
    fmt = table_format(request.output)
    if request.output is None and request.group_by:
        raise ScanError("--groepeer schrijft een tweede tabel; geef een uitvoerbestand met -o")
    if request.quality is not None:
        table_format(request.quality)
    extra = [
        request.quality,
        groups_path(request.output) if request.output and request.group_by else None,
    ]
    _check_folders([p for p in extra if p is not None], request.reports)
    prepared = prepare(request, banks, on_notice)
    scorer = scorer_for(banks)
    batch = BatchScorer(
        banks,
        scorer,
        on_problem,
        keep_answers=bool(request.quality or request.reports),
        on_warning=functools.partial(on_notice, "waarschuwing") if on_notice else None,
    )
    groups = GroupTable(banks, request.group_by, request.min_group) if request.group_by else None
    quality = QualityTable(banks) if request.quality else None
    reports = _ReportJobs() if request.reports else None
    sinks: list[Callable[[Scored], None]] = [
        s.add for s in (groups, quality, reports) if s is not None
    ]
    _score_into(request, banks, fmt, prepared, batch, groups, sinks)
    if quality is not None and request.quality is not None:
        write_table(request.quality, [("Kwaliteit", QUALITY_COLUMNS, quality.rows())])
    if reports is not None and request.reports is not None:
        reports.render(banks, request.reports, progress)
    return batch.summary


def _score_into(
    request: BatchRequest,
    banks: BankSet,
    fmt: str,
    prepared: list[tuple[Export, ColumnPlan]],
    batch: BatchScorer,
    groups: GroupTable | None,
    sinks: list[Callable[[Scored], None]],
) -> None:
    """Stream the respondents into the result table (and the group table, and the sinks)."""
    if fmt == ".json":
        with committed(JsonList(request.output)) as out:
            for scored in batch.run(prepared):
                out.write(_result_data(batch.scorer, scored))
                for sink in sinks:
                    sink(scored)
        if groups is not None:
            assert request.output is not None
            _write_groups_json(groups, groups_path(request.output))
    else:
        table = open_table(request.output)
        with committed(table):
            table.add_sheet("Resultaten", result_columns(banks))
            if isinstance(table, CsvTable) and not sinks:
                # this loop makes no cycles; the other path (JSON, tables) does, so there
                # the collector keeps running
                with paused_garbage_collector():
                    _write_lines(table, batch.lines(prepared))
            else:
                write = table.write_result_row
                for scored in batch.run(prepared):
                    write(result_row(scored.identity, scored.scores))
                    for sink in sinks:
                        sink(scored)
            if groups is not None:
                assert request.output is not None
                _write_groups(groups, table, fmt, request.output)


def _write_lines(table: CsvTable, lines: Iterator[str]) -> None:
    """Write CSV lines in blocks (one write per block, not per line)."""
    while block := "".join(islice(lines, LINES_PER_WRITE)):
        table.write_text(block)


def _check_folders(paths: list[Path], reports: Path | None) -> None:
    """Fail before the work, not after it, when an output cannot be written."""
    for path in paths:
        if path.is_dir():
            raise ScanError(Problem("is een map; geef een bestandsnaam", str(path)))
        folder = path.absolute().parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            raise ScanError(
                Problem(
                    "kan hier niet schrijven (map bestaat niet of is niet beschrijfbaar)", str(path)
                )
            )
    if reports is not None:
        make_folder(reports)


def _respondent(scored: Scored) -> Respondent:
    ident = scored.identity
    return Respondent(
        name=ident.respondent,
        role=ident.role or None,
        school=ident.school or None,
        team=ident.team or None,
    )


def _result_data(scorer: Scorer, scored: Scored) -> dict[str, Any]:
    return build_result_data(scorer, scored.scores, _respondent(scored))


def _write_groups(groups: GroupTable, table: TableFile, fmt: str, output: Path) -> None:
    rows, left_out = groups.rows()
    notes = [[groups.note(left_out)]] if left_out else []
    if fmt == ".xlsx":
        table.add_sheet("Groepen", groups.header())
        for row in [*rows, *notes]:
            table.write_row(row)
        return
    write_table(groups_path(output), [("Groepen", groups.header(), [*rows, *notes])])


def _write_groups_json(groups: GroupTable, path: Path) -> None:
    rows, left_out = groups.rows()
    header = groups.header()
    data = {
        "groeperen_op": groups.by,
        "min_groep": groups.min_group,
        "weggelaten_groepen": left_out,
        "groepen": [dict(zip(header, row, strict=True)) for row in rows],
    }
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


class _ReportJobs:
    """Collects the answers per school and team for ``--rapporten`` (kept in memory)."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.spelled: dict[tuple[str, str], tuple[str, str]] = {}
        """Group identity (:func:`group_key`) → the school and team as first written."""

    def add(self, scored: Scored) -> None:
        assert scored.answers is not None and scored.partners is not None
        ident = scored.identity
        answers = AnswerFile(
            respondent=_respondent(scored),
            answers=scored.answers,
            partners=[
                PartnerAnswers(name=name, kind=cast(PartnerKind, kind), answers=dict(answers))
                for name, kind, answers in scored.partners
            ],
        )
        data = answers.model_dump(by_alias=True, mode="json", exclude_none=True)
        key = self.spelled.setdefault(
            group_key(ident.school, ident.team), (ident.school, ident.team)
        )
        self.groups.setdefault(key, []).append(data)

    def render(self, banks: BankSet, folder: Path, progress: Progress | None) -> None:
        from scan.batch.reports import render_reports

        render_reports(banks, folder, self.groups, progress)
