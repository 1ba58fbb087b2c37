"""Batch scoring of exported answers (design 3.6): rows → respondents → scores, streaming.

Rows are read one at a time; the rows of one respondent (adjacent, as survey tools write them)
are merged, scored with the shared :class:`~scan.scoring.Scorer` and handed to a sink straight
away, so memory does not grow with the number of respondents: the group and quality tables keep
running sums, never rows. A respondent with a bad cell or conflicting answers is reported
(file, row, column, value) and left out; every other respondent is still scored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import getitem, itemgetter
from typing import Any, NamedTuple

from scan.answers import PARTNER_KINDS
from scan.bank import WEET_NIET, BankSet, normalise_text
from scan.columns import AnswerColumn, CellError, ColumnPlan, Value, column_name, partner_kind
from scan.errors import Problem, ScanError
from scan.exports import Export
from scan.scoring import PartnerInput, Scorer, Scores

IDENTITY_OUT = ("respondent", "school", "team", "rol")


class Identity(NamedTuple):
    respondent: str
    school: str
    team: str
    role: str


class Scored(NamedTuple):
    """One scored respondent: who, the lean scores, and the answers they came from."""

    identity: Identity
    scores: Scores
    answers: dict[str, Value]
    partners: list[PartnerInput]


@dataclass
class Summary:
    """What a batch run did; ``problems`` > 0 means exit code 1."""

    rows: int = 0
    written: int = 0
    skipped: int = 0
    problems: int = 0


def result_columns(banks: BankSet) -> list[str]:
    """The header of the result table: identity, then per side its score, level, dimensions."""
    columns = list(IDENTITY_OUT)
    for bank in banks:
        columns += [bank.side, f"{bank.side}.niveau"]
        columns += [f"{bank.side}.{d.id}" for d in bank.dimensions]
    return columns


def result_row(identity: Identity, scores: Scores) -> list[Any]:
    """A row of the result table (scores as floats with one decimal, None for null)."""
    row: list[Any] = list(identity)
    for side in scores:
        row.append(side.score)
        row.append(side.level)
        row.extend(map(_SCORE, side.dimensions))
    return row


_SCORE = itemgetter(0)
"""The score of a DimensionScore."""


# --- reading rows into respondents ---


@dataclass
class _Respondent:
    """The merged rows of one respondent while they are read."""

    key: str
    file: str
    first_row: int
    identity: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Value] = field(default_factory=dict)
    given_at: dict[tuple[str, str], int] = field(default_factory=dict)
    partners: dict[str, tuple[str, str, dict[str, Value]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, row: int, where: str | None = None) -> None:
        self.problems.append(Problem(f"respondent {self.key!r}: {message}", self.file, row, where))


class BatchScorer:
    """Scores the respondents of one or more exports; see :meth:`run`."""

    def __init__(
        self,
        banks: BankSet,
        scorer: Scorer,
        on_problem: Callable[[Problem], None],
    ) -> None:
        self.banks = banks
        self.scorer = scorer
        self.on_problem = on_problem
        self.summary = Summary()
        self._seen: set[int] = set()

    def run(self, exports: Sequence[tuple[Export, ColumnPlan]]) -> Iterator[Scored]:
        """Every respondent that scored without problems, in file order; problems go to
        ``on_problem`` as they are found."""
        for export, plan in exports:
            yield from self._file(export, plan)

    def _report(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.summary.problems += 1
            self.on_problem(problem)

    def _file(self, export: Export, plan: ColumnPlan) -> Iterator[Scored]:
        rid = plan.identity["respondent"]
        fast = _FastRows(plan)
        key: str | None = None
        rows: list[tuple[int, list[str]]] = []
        try:
            for row_number, row in enumerate(export.rows(), 2):
                self.summary.rows += 1
                cell = row[rid].strip() if rid < len(row) else ""
                if cell == key:
                    rows.append((row_number, row))
                    continue
                if rows:
                    yield from self._respondent(plan, fast, rows)
                    rows = []
                key = cell
                if cell:
                    rows = [(row_number, row)]
                elif any(c.strip() for c in row):
                    self._report(
                        [
                            Problem(
                                "rij zonder respondent; vul de kolom 'respondent' in",
                                plan.file,
                                row_number,
                                column_name(rid, "respondent"),
                            )
                        ]
                    )
        except ScanError as exc:  # the file became unreadable halfway (encoding, CSV syntax)
            self._report(exc.problems)
        if rows:
            yield from self._respondent(plan, fast, rows)

    def _respondent(
        self, plan: ColumnPlan, fast: _FastRows, rows: list[tuple[int, list[str]]]
    ) -> Iterator[Scored]:
        """Score the rows of one respondent: a single clean row directly (the usual case),
        anything else through the checking merge."""
        row_number, row = rows[0]
        key = row[plan.identity["respondent"]].strip()
        marker = hash(key)
        repeated = marker in self._seen
        self._seen.add(marker)
        if len(rows) == 1 and not repeated:
            read = fast.read(row)
            if read is not None:
                answers, partners = read
                try:
                    scores = self.scorer.score_lean(answers, partners)
                except ScanError:
                    pass  # reported with row and column by the checking path below
                else:
                    self.summary.written += 1
                    ident = Identity(
                        key,
                        plan.identity_cell(row, "school"),
                        plan.identity_cell(row, "team"),
                        plan.identity_cell(row, "rol"),
                    )
                    yield Scored(ident, scores, answers, partners)
                    return
        respondent = _Respondent(key, plan.file, row_number)
        if repeated:
            respondent.problem(
                "komt eerder in de export al voor; zet alle rijen van één respondent onder "
                "elkaar (deze rijen zijn overgeslagen)",
                row_number,
                "respondent",
            )
        for number, each in rows:
            self._merge(respondent, plan, number, each)
        yield from self._finish(respondent)

    def _merge(self, r: _Respondent, plan: ColumnPlan, row_number: int, row: list[str]) -> None:
        """Add one row to its respondent, checking every cell and every conflict."""
        if len(row) > plan.width and any(cell.strip() for cell in row[plan.width :]):
            r.problem(
                f"de rij heeft meer cellen ({len(row)}) dan er kolommen zijn ({plan.width})",
                row_number,
            )
        if len(row) < plan.width:
            row = row + [""] * (plan.width - len(row))
        for index in plan.blank:
            if row[index].strip():
                r.problem(
                    f"waarde {row[index]!r} in een kolom zonder kop",
                    row_number,
                    column_name(index, ""),
                )
        for name in ("school", "team", "rol"):
            value = plan.identity_cell(row, name)
            if not value:
                continue
            known = r.identity.setdefault(name, value)
            if known != value:
                r.problem(
                    f"tegenstrijdige waarden {known!r} en {value!r}",
                    row_number,
                    column_name(plan.identity[name], name),
                )
        self._answers(r, plan.answers, row, row_number, r.answers, "")
        partner = plan.identity_cell(row, "partner")
        if not partner:
            filled = [c for c in plan.partner_answers if row[c.index].strip()]
            if filled:
                r.problem(
                    "antwoorden op partnervragen zonder partner; vul de kolom 'partner' in",
                    row_number,
                    filled[0].where,
                )
            return
        try:
            kind = partner_kind(plan.identity_cell(row, "partner_soort"))
        except CellError as exc:
            r.problem(
                str(exc), row_number, column_name(plan.identity["partner_soort"], "partner_soort")
            )
            kind = "anders"
        name_key = normalise_text(partner)
        entry = r.partners.setdefault(name_key, (partner, kind, {}))
        if entry[1] != kind and plan.identity_cell(row, "partner_soort"):
            if entry[1] == "anders":
                entry = r.partners[name_key] = (entry[0], kind, entry[2])
            else:
                r.problem(
                    f"partner {partner!r} heeft tegenstrijdige soorten {entry[1]!r} en {kind!r}",
                    row_number,
                    column_name(plan.identity["partner_soort"], "partner_soort"),
                )
        self._answers(r, plan.partner_answers, row, row_number, entry[2], name_key)

    def _answers(
        self,
        r: _Respondent,
        columns: list[AnswerColumn],
        row: list[str],
        row_number: int,
        into: dict[str, Value],
        scope: str,
    ) -> None:
        for column in columns:
            cell = row[column.index]
            if not cell or not cell.strip():
                continue
            value = column.table.get(cell)
            if value is None:
                try:
                    value = column.resolve(cell)
                except CellError as exc:
                    r.problem(str(exc), row_number, column.where)
                    continue
            known = into.get(column.qid)
            if known is None:
                into[column.qid] = value
                r.given_at[scope, column.qid] = row_number
            elif known != value:
                first = r.given_at[scope, column.qid]
                r.problem(
                    f"tegenstrijdige antwoorden {_describe(known)} (rij {first}) en "
                    f"{_describe(value)}",
                    row_number,
                    column.where,
                )

    def _finish(self, r: _Respondent) -> Iterator[Scored]:
        if r.problems:
            self._report(r.problems)
            self.summary.skipped += 1
            return
        partners = [(name, kind, answers) for name, kind, answers in r.partners.values()]
        try:
            scores = self.scorer.score_lean(r.answers, partners)
        except ScanError as exc:  # cannot happen for checked cells; reported all the same
            self._report(
                Problem(f"respondent {r.key!r}: {p.message}", r.file, r.first_row)
                for p in exc.problems
            )
            self.summary.skipped += 1
            return
        self.summary.written += 1
        ident = Identity(
            r.key,
            r.identity.get("school", ""),
            r.identity.get("team", ""),
            r.identity.get("rol", ""),
        )
        yield Scored(ident, scores, r.answers, partners)


def _describe(value: Value) -> str:
    return "'weet niet'" if value == WEET_NIET else repr(value)


class _FastRows:
    """Reads a clean single row of a respondent with C-level iteration only.

    The cells of all answer columns are taken at once; the filled ones are looked up in
    their column's table. Any surprise (a cell not in its table, a value in a column without
    header, a partner answer without partner, an odd width) returns None, and the row goes
    through the checking path, which names the problem.
    """

    def __init__(self, plan: ColumnPlan) -> None:
        self.width = plan.width
        self.blank = plan.blank
        self.answers = _Cells(plan.answers)
        self.partner_answers = _Cells(plan.partner_answers)
        self.partner = plan.identity.get("partner")
        self.kind = plan.identity.get("partner_soort")

    def read(self, row: list[str]) -> tuple[dict[str, Value], list[PartnerInput]] | None:
        if len(row) != self.width or any(row[i] for i in self.blank):
            return None
        try:
            answers = self.answers.values(row)
            if self.partner is None:
                return answers, []
            partner_answers = self.partner_answers.values(row)
        except KeyError:
            return None
        name = row[self.partner].strip()
        if not name:
            return (answers, []) if not partner_answers else None
        kind = _KINDS.get(row[self.kind]) if self.kind is not None else "anders"
        if kind is None:
            return None
        return answers, [(name, kind, partner_answers)]


class _Cells:
    """The answer columns of one kind (once-only or per partner) of a plan."""

    def __init__(self, columns: list[AnswerColumn]) -> None:
        self.qids = [c.qid for c in columns]
        self.tables = [c.table for c in columns]
        indexes = [c.index for c in columns]
        if len(indexes) > 1:
            self.take: Callable[[list[str]], tuple[str, ...]] = itemgetter(*indexes)
        elif indexes:
            only = indexes[0]
            self.take = lambda row: (row[only],)
        else:
            self.take = lambda row: ()

    def values(self, row: list[str]) -> dict[str, Value]:
        """{question id: value} of the filled cells; KeyError for a cell not in its table."""
        cells = self.take(row)
        return dict(
            zip(
                compress(self.qids, cells),
                map(getitem, compress(self.tables, cells), filter(None, cells)),
                strict=True,
            )
        )


_KINDS = {kind: kind for kind in PARTNER_KINDS} | {k.upper(): k for k in PARTNER_KINDS}
_KINDS |= {k.capitalize(): k for k in PARTNER_KINDS} | {"": "anders"}
