"""Batch scoring of exported answers (docs/analisten.md): rows → respondents → scores, streaming.

Rows are read one at a time; the rows of one respondent (adjacent, as survey tools write them)
are merged, scored with the shared :class:`~scan.scoring.engine.Scorer` and handed on straight away,
so memory does not grow with the number of respondents: the group and quality tables keep
running sums, never rows (only a hash per respondent is kept, to catch one that comes back
further down). A respondent with a bad cell or conflicting answers is reported (file, row,
column, value) and left out; every other respondent is still scored.

Two paths: the usual respondent, one clean row, is scored from dimensions memoised on the cells
of their columns (:class:`_FastRows`); everything else — several rows, odd cells, a repeated
respondent — goes through the checking merge, which names every problem. Both score through
the same Scorer, so they agree exactly (a property test checks this).

Two outputs: :meth:`BatchScorer.run` hands on every respondent's scores (for JSON, XLSX and the
extra tables); :meth:`BatchScorer.lines` only the CSV lines of the result table, which on the
fast path are joined from texts memoised with the dimensions — no score objects per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from operator import getitem, itemgetter
from typing import Any, NamedTuple, TypeVar

from scan.answers import PARTNER_KINDS, Value, not_asked, not_asked_message
from scan.bank import WEET_NIET, BankSet, normalise_text
from scan.batch.columns import AnswerColumn, CellError, ColumnPlan, cells_at
from scan.errors import Problem, ScanError
from scan.io.exports import BrokenRow, Export
from scan.io.writers import csv_field, csv_fields, csv_texts
from scan.scoring.engine import (
    HIT_SCORE,
    SIDE_PART,
    DimensionHit,
    DimensionTally,
    PartnerInput,
    Scorer,
    Scores,
    SideScore,
)

IDENTITY_OUT = ("respondent", "school", "team", "rol", "onvolledig")
UNFINISHED = "ja"
"""The ``onvolledig`` cell of a respondent who did not finish (scored on what they answered)."""
SAME_KEY_ROWS = 20
"""More rows than this under one respondent id, with conflicts: one message, not one per row."""
MEMO_ENTRIES = 150_000
"""Most remembered cell combinations over all dimensions together (about 60 MB at worst;
an export with more variety is still scored right, just with more work per row)."""
IDENTITY_ENTRIES = 10_000
"""Most remembered (school, team, rol) cells with their CSV text (a few MB at most)."""


class Identity(NamedTuple):
    respondent: str
    school: str
    team: str
    role: str
    unfinished: str = ""


class Scored(NamedTuple):
    """One scored respondent: who, the lean scores, and (when the run keeps them, else None)
    the answers they came from."""

    identity: Identity
    scores: Scores
    answers: dict[str, Value] | None
    partners: list[PartnerInput] | None


@dataclass
class Summary:
    """What a batch run did; ``problems`` > 0 means exit code 1."""

    rows: int = 0
    written: int = 0
    skipped: int = 0
    problems: int = 0
    not_respondents: int = 0
    """Rows that the tool marks as no respondent (Qualtrics previews), left out."""


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
        row += side_cells(side)
    return row


def side_cells(side: SideScore) -> list[Any]:
    """The cells of one side in the result table: score, level, the dimensions' scores."""
    return [side.score, side.level, *map(_SCORE, side.dimensions)]


def csv_line(identity: Identity, scores: Scores) -> str:
    """A line of the result table as CSV (see :func:`scan.io.writers.csv_fields`)."""
    return csv_fields(result_row(identity, scores)) + "\r\n"


_SCORE = itemgetter(0)
"""The score of a DimensionScore."""
T = TypeVar("T")


# --- reading rows into respondents ---


@dataclass
class _Respondent:
    """The merged rows of one respondent while they are read."""

    key: str
    file: str
    first_row: int
    identity: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Value] = field(default_factory=dict)
    given_at: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    """(scope, question id) → the row and column of its answer (scope: "" or the partner)."""
    partners: dict[str, tuple[str, str, dict[str, Value]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, row: int, where: str | None = None) -> None:
        self.problems.append(Problem(f"respondent {self.key!r}: {message}", self.file, row, where))

    def add_partner(self, partner: _JoinedPartner) -> None:
        """A partner from a separate partner form."""
        key = normalise_text(partner.name)
        if key in self.partners:
            self.problems.append(
                Problem(
                    f"respondent {self.key!r}: partner {partner.name!r} staat er dubbel "
                    "(ook in het partnerformulier)",
                    partner.file,
                    partner.row,
                )
            )
            return
        self.partners[key] = (partner.name, partner.kind, partner.answers)


class BatchScorer:
    """Scores the respondents of one or more exports; see :meth:`run`."""

    def __init__(
        self,
        banks: BankSet,
        scorer: Scorer,
        on_problem: Callable[[Problem], None],
        keep_answers: bool = False,
        on_warning: Callable[[Problem], None] | None = None,
    ) -> None:
        self.keep_answers = keep_answers
        """Hand on every respondent's answers (for the quality table and reports); without,
        single-row respondents are scored from memoised dimensions, which is faster."""
        self.banks = banks
        self.scorer = scorer
        self.on_problem = on_problem
        self.on_warning = on_warning
        """Gets what is scored but should be known, such as answers that do not count."""
        self.summary = Summary()
        self._seen: set[int] = set()

    def run(self, exports: Sequence[tuple[Export, ColumnPlan]]) -> Iterator[Scored]:
        """Every respondent that scored without problems, in file order; problems go to
        ``on_problem`` as they are found."""

        return self._stream(exports, _FastRows.score, _same)

    def lines(self, exports: Sequence[tuple[Export, ColumnPlan]]) -> Iterator[str]:
        """The result table's CSV line (with CRLF) of every respondent that scored without
        problems, as :meth:`run` would give them; nothing else is kept."""
        return self._stream(exports, _FastRows.line, _csv_line)

    def _stream(
        self,
        exports: Sequence[tuple[Export, ColumnPlan]],
        fast: Callable[[_FastRows, str, list[str]], T | None],
        full: Callable[[Scored], T],
    ) -> Iterator[T]:
        """``fast`` of a respondent's single row (None: no fast answer), else ``full`` of the
        respondent scored through the checking merge."""
        mains, partner_forms = split_partner_forms(exports)
        joined = _Joined(self, mains, partner_forms)
        for export, plan in mains:
            rows_of = _FastRows(plan, self.scorer, self.keep_answers)
            if plan.layout.per_file:  # a tool's own ids: "1" in two files are two people
                self._seen = set()
            joins = plan.join if partner_forms else None
            for key, rows in self._respondents(export, plan):
                marker = hash(key)
                repeated = marker in self._seen
                self._seen.add(marker)
                extra = joined.take(rows[0][1], joins) if joins is not None else None
                if len(rows) == 1 and not repeated and not extra:
                    found = fast(rows_of, key, rows[0][1])
                    if found is not None:
                        self.summary.written += 1
                        yield found
                        continue
                scored = self._checked(plan, key, rows, repeated, extra)
                if scored is not None:
                    yield full(scored)
        joined.report_left_over()

    def _report(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.summary.problems += 1
            self.on_problem(problem)

    def rows(self, export: Export, plan: ColumnPlan) -> Iterator[tuple[int, list[str]]]:
        """The (row number, row) of every respondent row of an export: the tool's extra
        header rows and its rows that are no respondents (previews) are left out; a file
        that becomes unreadable halfway is reported and ends there."""
        layout = plan.layout
        summary = self.summary
        rows = islice(enumerate(export.rows(), 2), layout.skip, None)
        skip = layout.not_respondent
        try:
            for row_number, row in rows:
                if type(row) is BrokenRow:  # named by the reader; the other rows still count
                    self._report([row.problem])
                    summary.skipped += 1
                    continue
                if skip is not None and skip(row):
                    summary.not_respondents += 1
                    continue
                summary.rows += 1
                yield row_number, row
        except ScanError as exc:  # the file became unreadable halfway (encoding, CSV syntax)
            self._report(exc.problems)

    def _respondents(
        self, export: Export, plan: ColumnPlan
    ) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
        """The respondent id and the (row number, row) of every respondent, in file order;
        a filled row without respondent id is reported. Without id column, each row is one
        respondent, named by its row number."""
        rid = plan.key
        key = ""
        rows: list[tuple[int, list[str]]] = []
        for row_number, row in self.rows(export, plan):
            if rid is None:
                if any(c.strip() for c in row):
                    yield str(row_number), [(row_number, row)]
                continue
            cell = row[rid].strip() if rid < len(row) else ""
            if not cell and plan.layout.numbered:
                cell = str(row_number)
            if cell == key and rows:
                rows.append((row_number, row))
                continue
            if rows:
                yield key, rows
                rows = []
            key = cell
            if cell:
                rows = [(row_number, row)]
            elif any(c.strip() for c in row):
                self._report(
                    [
                        Problem(
                            "rij zonder respondent; vul de respondent-id in",
                            plan.file,
                            row_number,
                            plan.where(rid),
                        )
                    ]
                )
        if rows:
            yield key, rows

    def _checked(
        self,
        plan: ColumnPlan,
        key: str,
        rows: list[tuple[int, list[str]]],
        repeated: bool,
        joined: list[_JoinedPartner] | None = None,
    ) -> Scored | None:
        """Score a respondent through the checking merge, which names every problem."""
        respondent = _Respondent(key, plan.file, rows[0][0])
        if repeated:
            respondent.problem(
                "komt eerder in de export al voor; zet alle rijen van één respondent onder "
                "elkaar (deze rijen zijn overgeslagen)",
                rows[0][0],
                plan.where(plan.key),
            )
        for number, each in rows:
            self._merge(respondent, plan, number, each)
        own = list(respondent.partners.items())
        for partner in joined or []:
            respondent.add_partner(partner)
        if len(rows) > SAME_KEY_ROWS and respondent.problems:
            respondent.problems = [
                Problem(
                    f"{len(rows)} rijen hebben dezelfde respondent-id {key!r} "
                    f"({plan.where(plan.key)}), met verschillende antwoorden; is het formulier "
                    "anoniem? Geef met --koppeling een kolom die per respondent verschilt "
                    "(deze rijen zijn overgeslagen)",
                    plan.file,
                    rows[0][0],
                )
            ]
        unfinished = plan.unfinished([row for _, row in rows])
        scored = self._finish(respondent, unfinished)
        if scored is not None:
            self._warn_not_asked(respondent, own)
        return scored

    def _warn_not_asked(
        self, r: _Respondent, partners: Iterable[tuple[str, tuple[str, str, dict[str, Value]]]]
    ) -> None:
        """One warning per (scope, partner) of a respondent that answered questions it is not
        asked (:func:`~scan.answers.not_asked`): the first row and the columns of those answers."""
        if self.on_warning is None:
            return
        for scope, (name, kind, answers) in partners:
            qids = not_asked(answers, kind, False, self.banks)
            if not qids:
                continue
            at = [r.given_at[scope, qid] for qid in qids]
            message = not_asked_message(name, kind, False, [where for _, where in at])
            row = min(number for number, _ in at)
            self.on_warning(Problem(f"respondent {r.key!r}: {message}", r.file, row))

    def _merge(self, r: _Respondent, plan: ColumnPlan, row_number: int, row: list[str]) -> None:
        """Add one row to its respondent, checking every cell and every conflict."""
        row, partners, problems = plan.accept(row)
        for message, where in problems:
            r.problem(message, row_number, where)
        for name in ("school", "team", "rol"):
            value = plan.identity_cell(row, name)
            if not value:
                continue
            known = r.identity.setdefault(name, value)
            if known != value:
                r.problem(
                    f"tegenstrijdige waarden {known!r} en {value!r}",
                    row_number,
                    plan.where(plan.identity[name]),
                )
        self._answers(r, plan.answers, row, row_number, r.answers, "")
        for partner, kind, slot in partners:
            name_key = normalise_text(partner)
            entry = r.partners.setdefault(name_key, (partner, kind, {}))
            if entry[1] != kind and slot.kind is not None and row[slot.kind].strip():
                if entry[1] == "anders":
                    entry = r.partners[name_key] = (entry[0], kind, entry[2])
                else:
                    r.problem(
                        f"partner {partner!r} heeft tegenstrijdige soorten {entry[1]!r} en "
                        f"{kind!r}",
                        row_number,
                        plan.where(slot.kind),
                    )
            self._answers(r, slot.answers, row, row_number, entry[2], name_key)

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
                r.given_at[scope, column.qid] = (row_number, column.where)
            elif known != value:
                first = r.given_at[scope, column.qid][0]
                r.problem(
                    f"tegenstrijdige antwoorden {_describe(known)} (rij {first}) en "
                    f"{_describe(value)}",
                    row_number,
                    column.where,
                )

    def _finish(self, r: _Respondent, unfinished: bool) -> Scored | None:
        if r.problems:
            self._report(r.problems)
            self.summary.skipped += 1
            return None
        partners: list[PartnerInput] = [
            (name, kind, answers) for name, kind, answers in r.partners.values()
        ]
        try:
            scores = self.scorer.score_lean(r.answers, partners)
        except ScanError as exc:  # cannot happen for checked cells; reported all the same
            self._report(
                Problem(f"respondent {r.key!r}: {p.message}", r.file, r.first_row)
                for p in exc.problems
            )
            self.summary.skipped += 1
            return None
        self.summary.written += 1
        ident = Identity(
            r.key,
            r.identity.get("school", ""),
            r.identity.get("team", ""),
            r.identity.get("rol", ""),
            UNFINISHED if unfinished else "",
        )
        return Scored(ident, scores, r.answers, partners)


class _JoinedPartner(NamedTuple):
    """A partner from a separate partner form, waiting for its respondent."""

    name: str
    kind: str
    answers: dict[str, Value]
    file: str
    row: int


def split_partner_forms(
    exports: Sequence[tuple[Export, ColumnPlan]],
) -> tuple[list[tuple[Export, ColumnPlan]], list[tuple[Export, ColumnPlan]]]:
    """(main forms, partner forms): a partner form has only partner columns; it is joined to
    the main forms when there are any (alone, its rows are respondents)."""
    forms = [(e, p) for e, p in exports if p.slots and not p.answers]
    mains = [(e, p) for e, p in exports if (e, p) not in forms]
    return (mains, forms) if mains else (forms, [])


class _Joined:
    """The partners of the separate partner forms, by the value of their join column."""

    def __init__(
        self,
        batch: BatchScorer,
        mains: list[tuple[Export, ColumnPlan]],
        forms: list[tuple[Export, ColumnPlan]],
    ) -> None:
        self.batch = batch
        self.waiting: dict[str, list[_JoinedPartner]] = {}
        for export, plan in forms:
            self._read(export, plan)

    def _read(self, export: Export, plan: ColumnPlan) -> None:
        assert plan.join is not None
        found: dict[str, list[_JoinedPartner]] = {}
        values: set[str] = set()
        rows = 0
        for row_number, row in self.batch.rows(export, plan):
            value = row[plan.join].strip() if plan.join < len(row) else ""
            if not any(c.strip() for c in row):
                continue
            rows += 1
            values.add(normalise_text(value))
            r = _Respondent(value, plan.file, row_number)
            if not value:
                r.problem("geen waarde om op te koppelen", row_number, plan.where(plan.join))
            row, partners, problems = plan.accept(row)
            for message, where in problems:
                r.problem(message, row_number, where)
            entries: list[_JoinedPartner] = []
            for name, kind, slot in partners:
                answers: dict[str, Value] = {}
                self.batch._answers(r, slot.answers, row, row_number, answers, name)
                entries.append(_JoinedPartner(name, kind, answers, plan.file, row_number))
            if r.problems:  # a bad row is named and left out, like a bad respondent
                self.batch._report(r.problems)
                continue
            self.batch._warn_not_asked(r, ((e.name, (e.name, e.kind, e.answers)) for e in entries))
            found.setdefault(normalise_text(value), []).extend(entries)
        if rows > 1 and len(values) == 1:
            self.batch._report(
                [
                    Problem(
                        f"alle {rows} rijen hebben dezelfde waarde {value!r} in "
                        f"{plan.where(plan.join)}; zo zijn de partners niet aan respondenten "
                        "te koppelen (is het formulier anoniem?). Kant B blijft leeg; laat "
                        "het formulier naam of e-mail vastleggen",
                        plan.file,
                    )
                ]
            )
            return
        for value, joined in found.items():
            self.waiting.setdefault(value, []).extend(joined)

    def take(self, row: list[str], column: int | None) -> list[_JoinedPartner]:
        """The waiting partners of a main-form respondent (they are handed out once)."""
        if column is None or not self.waiting or column >= len(row):
            return []
        return self.waiting.pop(normalise_text(row[column]), [])

    def report_left_over(self) -> None:
        """Partners whose respondent never came: named, not lost silently."""
        for value, partners in self.waiting.items():
            self.batch._report(
                Problem(
                    f"partner {p.name!r}: geen respondent met {value!r} in het hoofdformulier",
                    p.file,
                    p.row,
                )
                for p in partners
            )
        self.waiting = {}


def _describe(value: Value) -> str:
    return "'weet niet'" if value == WEET_NIET else repr(value)


def _same(scored: Scored) -> Scored:
    return scored


def _csv_line(scored: Scored) -> str:
    return csv_line(scored.identity, scored.scores)


class _FastRows:
    """Scores a clean single row of a respondent with little more than C-level lookups.

    Without answers to keep, every dimension is looked up in a memo keyed by the cells of its
    columns (the same cells always score the same), and the sides come from those scored
    dimensions; with answers to keep, the filled cells are looked up in their columns' tables
    and scored as answers. Any surprise (a cell not in its table, a value in a column without
    header, a partner answer without partner, an answer to a question the partner's kind is not
    asked, an odd width) returns None, and the row goes through the checking path, which names
    the problem.
    """

    def __init__(self, plan: ColumnPlan, scorer: Scorer, keep_answers: bool) -> None:
        self.scorer = scorer
        self.keep_answers = keep_answers
        self.plan = plan
        self.accept = plan.accept
        self.unfinished = plan.unfinished_row
        self.single = len(plan.slots) <= 1
        """At most one partner per row: rows with more go through the checking path."""
        slot = plan.slots[0].answers if plan.slots else []
        self.not_asked: dict[str, Callable[[list[str]], tuple[str, ...]]] = {
            kind: cells_at(skipped)
            for kind in PARTNER_KINDS
            if (skipped := [c.index for c in slot if not c.question.applies_to(kind)])
        }
        """Per partner kind the cells of the questions it is not asked: a row that answers one
        goes through the checking path, which warns that they do not count."""
        self.answers = _Cells(plan.answers)
        self.partner_answers = _Cells(slot)
        self.school, self.team, self.role = (
            plan.identity.get(n) for n in ("school", "team", "rol")
        )
        others = (self.school, self.team, self.role)
        self.others = itemgetter(*others) if None not in others and not plan.other else None
        """school, team and rol of a row, when the export has all three columns (and no
        "other" column for any of them)."""
        self.others_texts: dict[tuple[str, str, str], str] = {}
        """Their cells → their CSV text (a bounded memo: they repeat from row to row)."""
        by_qid = {c.qid: c for c in plan.answers + slot}
        limit = MEMO_ENTRIES // max(1, sum(len(b.dimensions) for b in scorer.banks))
        budget = _Budget(MEMO_ENTRIES)
        kinds = PARTNER_KINDS if scorer.varies_by_kind else ("anders",)
        self.memos: dict[str, list[_Memo]] = {kind: [] for kind in kinds}
        """Per partner kind the memo of every dimension of every bank (the kinds share the
        memos of the banks answered once; one set when the kind changes nothing)."""
        self.slices: list[slice] = []
        """Per dimension of every bank: where its cells are in :attr:`take`'s tuple."""
        self.banks: list[_BankCells] = []
        indexes: list[int] = []
        for bank in scorer.banks:
            first = len(self.slices)
            for index, dimension in enumerate(bank.dimensions):
                qids = (f"{bank.id}.{q.id}" for q in dimension.scored)
                columns = [by_qid[qid] for qid in qids if qid in by_qid]
                self.slices.append(slice(len(indexes), len(indexes) + len(columns)))
                indexes += [c.index for c in columns]
                shared = None
                for kind in kinds:
                    if shared is None or bank.per_partner:
                        tally = scorer.dimension_tally(bank.id, index, kind)
                        shared = _Memo(tally, columns, budget, limit)
                    self.memos[kind].append(shared)
            where = slice(first, len(self.slices))
            self.banks.append(_BankCells(bank.per_partner, where, _SideTexts(scorer, bank.id)))
        self.take = cells_at(indexes)
        """The cells of every dimension's columns from a row, as one tuple."""
        self.read_answers = keep_answers or scorer.needs_answers
        """Score from the answers (profile questions and wishes need them), not the memos."""

    def _clean(self, row: list[str]) -> tuple[list[str], tuple[str, str]] | None:
        """The row (at the header's width) and its partner (name, kind; empty for none) when
        :meth:`ColumnPlan.accept` accepts it as it is, else None."""
        if not self.single:
            return None
        row, partners, problems = self.accept(row)
        if problems:
            return None
        if not partners:
            return row, ("", "")
        partner = partners[0][:2]
        not_asked = self.not_asked.get(partner[1])
        if not_asked is not None and any(not_asked(row)):
            return None
        return row, partner

    def score(self, key: str, row: list[str]) -> Scored | None:
        """The scores (and answers, when kept) of a clean row, or None."""
        if self.read_answers:
            read = self._read(row)
            if read is None:
                return None
            row, answers, partners = read
            try:
                scores = self.scorer.score_lean(answers, partners)
            except ScanError:
                return None
            kept = (answers, partners) if self.keep_answers else (None, None)
            return Scored(self.identity(key, row), scores, *kept)
        memoised = self._memoised(row)
        if memoised is None:
            return None
        row, partner, entries = memoised
        sides: list[Any] = []
        for bank in self.banks:
            hits = list(map(_HIT, entries[bank.where]))
            if not bank.per_partner:
                sides.append(hits)
            else:
                sides.append([(*partner, hits)] if partner[0] else [])
        return Scored(self.identity(key, row), self.scorer.score_hits(sides), None, None)

    def line(self, key: str, row: list[str]) -> str | None:
        """The result table's CSV line of a clean row, or None.

        Per bank: the memoised dimensions (each with its CSV text and side part), the side's
        text from the sum of their side parts. A per-partner bank has at most one partner on a
        row, whose dimensions are the side's (see :meth:`Scorer.side_of_parts`); without
        partner, its empty cells give the same empty side.
        """
        memoised = self._memoised(row)
        if memoised is None:
            return None
        row, _, entries = memoised
        texts = list(map(_TEXT, entries))
        for bank in reversed(self.banks):  # from the back, so that inserting shifts nothing
            texts.insert(bank.where.start, bank.sides[sum(map(_PART, entries[bank.where]))])
        return f"{self._identity_text(key, row)};{';'.join(texts)}\r\n"

    def _identity_text(self, key: str, row: list[str]) -> str:
        """The identity cells of the result table as CSV text."""
        if self.others is None:
            return csv_texts(self.identity(key, row))
        cells = self.others(row)
        text = self.others_texts.get(cells)
        if text is None:
            text = csv_texts(tuple(map(str.strip, cells)))
            if len(self.others_texts) < IDENTITY_ENTRIES:
                self.others_texts[cells] = text
        flag = UNFINISHED if self.unfinished(row) else ""
        return f"{csv_field(key)};{text};{flag}"

    def _memoised(self, row: list[str]) -> tuple[list[str], tuple[str, str], list[_Entry]] | None:
        """A clean row (see :meth:`_clean`), its partner and the memoised dimensions of every
        bank for that partner's kind; None when the row or a cell needs the checking path."""
        clean = self._clean(row)
        if clean is None:
            return None
        row, partner = clean
        memos = self.memos.get(partner[1]) or next(iter(self.memos.values()))
        cells = map(getitem, repeat(self.take(row)), self.slices)
        try:
            entries: list[_Entry] = list(map(getitem, memos, cells))  # type: ignore[arg-type]
        except KeyError:  # a cell not in its table
            return None
        return row, partner, entries

    def identity(self, key: str, row: list[str]) -> Identity:
        cell = self.plan.identity_cell
        return Identity(
            key,
            cell(row, "school"),
            cell(row, "team"),
            cell(row, "rol"),
            UNFINISHED if self.unfinished(row) else "",
        )

    def _read(
        self, row: list[str]
    ) -> tuple[list[str], dict[str, Value], list[PartnerInput]] | None:
        """The row (at the header's width), its answers and its partner's, or None."""
        clean = self._clean(row)
        if clean is None:
            return None
        row, partner = clean
        try:
            answers = self.answers.values(row)
            if not partner[0]:
                return row, answers, []
            return row, answers, [(*partner, self.partner_answers.values(row))]
        except KeyError:
            return None


_Entry = tuple[str, int, DimensionHit]
"""A memoised dimension: its score as CSV text, its side part, the hit itself."""
_TEXT = itemgetter(0)
_PART = itemgetter(1)
_HIT = itemgetter(2)


class _BankCells(NamedTuple):
    """What :class:`_FastRows` needs of one bank, in side order."""

    per_partner: bool
    where: slice
    """Its dimensions among all memoised dimensions."""
    sides: _SideTexts


class _Memo(dict[tuple[str, ...], _Entry]):
    """The cells of one dimension's columns → that dimension scored (a bounded memo).

    A new combination of cells is scored from the tallies of its cells (one lookup per
    column). A cell that is not a plain value or label of its column raises KeyError, so the
    row goes through the checking path. The memos of a file share one budget of combinations,
    so that a dimension with many questions (and so many combinations) can use what the small
    ones leave; ``limit`` bounds the tallies and entries of each.
    """

    def __init__(
        self, tally: DimensionTally, columns: list[AnswerColumn], budget: _Budget, limit: int
    ) -> None:
        super().__init__()
        self.budget = budget
        self.limit = limit
        self.tally = tally
        self.columns = columns
        self.tallies: list[dict[str, int]] = [{"": 0} for _ in columns]
        """Per column: cell → its tally, filled from the column's table as cells come."""
        self.entries: dict[int, _Entry] = {}
        """Summed tallies → entry (far fewer than combinations of cells)."""

    def __missing__(self, cells: tuple[str, ...]) -> _Entry:
        total = sum(map(self._cell_tally, self.tallies, self.columns, cells))
        entry = self.entries.get(total)
        if entry is None:
            hit = self.tally.hit(total)
            entry = (csv_field(HIT_SCORE(hit).score), SIDE_PART(hit), hit)
            if len(self.entries) < self.limit:
                self.entries[total] = entry
        if self.budget.left > 0:
            self.budget.left -= 1
            self[cells] = entry
        return entry

    def _cell_tally(self, tallies: dict[str, int], column: AnswerColumn, cell: str) -> int:
        found = tallies.get(cell)
        if found is None:
            found = self.tally.tally(column.qid, column.table[cell])  # KeyError: checking path
            if len(tallies) < self.limit:
                tallies[cell] = found
        return found


class _Budget:
    """How many more cell combinations the memos of a file may remember together."""

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left


class _SideTexts(dict[int, str]):
    """Summed side parts → the CSV text of a side's score and level (a bounded memo)."""

    def __init__(self, scorer: Scorer, bank_id: str) -> None:
        super().__init__()
        self.scorer = scorer
        self.bank_id = bank_id

    def __missing__(self, total: int) -> str:
        text = ";".join(map(csv_field, self.scorer.side_of_parts(self.bank_id, total)))
        if len(self) < MEMO_ENTRIES:
            self[total] = text
        return text


class _Cells:
    """The answer columns of one kind (once-only or per partner) of a plan."""

    def __init__(self, columns: list[AnswerColumn]) -> None:
        self.qids = [c.qid for c in columns]
        self.tables = [c.table for c in columns]
        self.take = cells_at([c.index for c in columns])

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
