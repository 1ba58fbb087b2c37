"""Which survey tool wrote an export, and what that means for reading it (docs/exports.md).

Each tool adds its own metadata columns, names its respondent id in its own way and some write
more than one header row. :func:`recognise` looks at the first row (and, for Qualtrics and
SurveyMonkey, the rows under it) once per file and gives a :class:`Layout`: the header with the
question texts, the metadata columns to skip, the respondent id column, how many rows under the
header are not respondents, which rows are not respondents at all (Qualtrics previews) and which
respondents did not finish (Qualtrics ``Finished``, LimeSurvey's empty ``submitdate``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from scan.bank import normalise_text
from scan.errors import Problem, ScanError


@dataclass(frozen=True)
class Tool:
    """What is known of one tool's exports (header names normalised: case and spaces)."""

    name: str
    """The name given to ``--bron``."""
    title: str
    """The name shown to the user."""
    markers: frozenset[str]
    """Headers that only this tool writes; most of them present means this tool."""
    metadata: frozenset[str]
    """Headers of the tool's own columns, skipped."""
    keys: tuple[str, ...]
    """Headers of the respondent id, in order of preference (none: the row number)."""
    emails: tuple[str, ...] = ()
    """Headers of the respondent's e-mail address (a join key for a partner form)."""
    names: tuple[str, ...] = ()
    """Headers of the respondent's name (the other join key)."""
    needed: int = 2
    """How many markers must be present."""


def _names(*headers: str) -> frozenset[str]:
    return frozenset(normalise_text(h) for h in headers)


FORMS = Tool(
    "forms",
    "Microsoft Forms",
    _names("ID", "Begintijd", "Tijd van voltooien", "Start time", "Completion time"),
    _names(
        "ID",
        "Begintijd",
        "Tijd van voltooien",
        "E-mail",
        "Naam",
        "Tijd van laatste wijziging",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Last modified time",
        "Totaal aantal punten",
        "Total points",
        "Quiz feedback",
    ),
    ("id",),
    ("e-mail", "email"),
    ("naam", "name"),
)
GOOGLE = Tool(
    "google",
    "Google Forms",
    _names("Tijdstempel", "Timestamp"),
    _names("Tijdstempel", "Timestamp", "E-mailadres", "Email Address", "Score"),
    (),
    ("e-mailadres", "email address"),
    needed=1,
)
LIMESURVEY = Tool(
    "limesurvey",
    "LimeSurvey",
    _names(
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "Date submitted",
        "Last page",
        "Start language",
    ),
    _names(
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "token",
        "Response ID",
        "Date submitted",
        "Last page",
        "Start language",
        "Seed",
        "Date started",
        "Date last action",
        "IP address",
        "Referrer URL",
        "Token",
        "interviewtime",
        "Total time",
    ),
    ("id", "response id"),
    ("email",),
)
QUALTRICS = Tool(
    "qualtrics",
    "Qualtrics",
    _names("ResponseId", "ResponseID", "Finished", "RecordedDate", "DistributionChannel"),
    _names(
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "ResponseID",
        "ResponseSet",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "ExternalDataReference",
        "LocationLatitude",
        "LocationLongitude",
        "LocationAccuracy",
        "DistributionChannel",
        "UserLanguage",
        "Name",
        "EmailAddress",
    ),
    ("responseid",),
    ("recipientemail", "emailaddress"),
)
SURVEYMONKEY = Tool(
    "surveymonkey",
    "SurveyMonkey",
    _names("Respondent ID", "Collector ID"),
    _names(
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
        "Custom Data",
    ),
    ("respondent id",),
    ("email address",),
)
TEMPLATE = Tool(
    "sjabloon", "sjabloon van de scan", _names("respondent"), frozenset(), ("respondent",), needed=1
)
TOOLS = {t.name: t for t in (FORMS, GOOGLE, LIMESURVEY, QUALTRICS, SURVEYMONKEY, TEMPLATE)}

_QUALTRICS_PREVIEW = _names("Survey Preview", "Survey Test", "Spam", "1", "2", "8")
"""``Status`` of responses that are no respondents: previews, test responses and spam (the
numeric export writes 1, 2 and 8); only ``IP Address`` (0) and ``Imported`` (4) are real
(Qualtrics Support, "Understanding Your Dataset")."""
_UNFINISHED = _names("False", "0", "Onwaar")


@dataclass
class Layout:
    """How to read one export: its header (question texts), its extra header rows, its key."""

    tool: Tool
    header: list[str]
    """One text per column: the row with the question texts (SurveyMonkey: title and
    sub-question combined)."""
    metadata: set[int] = field(default_factory=set)
    """Columns of the tool's own, skipped."""
    skip: int = 0
    """Rows under the first that are header rows, not respondents."""
    key: int | None = None
    """The respondent id column; None: each row is a respondent, named by its row number."""
    email: int | None = None
    name: int | None = None
    not_respondent: Callable[[list[str]], bool] | None = None
    """Rows that are no respondents (Qualtrics previews), skipped and counted."""
    unfinished: Callable[[list[str]], bool] | None = None
    """Respondents that the tool marks as not finished."""
    forced: bool = False
    numbered: bool = False
    """A row with an empty id is a respondent all the same, named by its row number (Google
    Forms' e-mail column, empty for a response without address)."""
    ids: list[str] = field(default_factory=list)
    """The tool's own names of the columns, when they are not the header (Qualtrics' first
    row: ``ResponseId``, ``RecipientEmail``, ``Q5_1``)."""

    @property
    def per_file(self) -> bool:
        """Whether respondent ids are the tool's own, so that they only hold within one file."""
        return self.tool is not TEMPLATE


def recognise(header: list[str], following: list[list[str]], forced: str | None = None) -> Layout:
    """The layout of an export from its first row and the (up to two) rows under it."""
    if forced is not None:
        tool = TOOLS.get(forced)
        if tool is None:
            raise ScanError(Problem(f"onbekende bron {forced!r}; kies uit {', '.join(TOOLS)}"))
    else:
        tool = _guess(header, following)
    layout = _READERS.get(tool.name, _plain)(tool, header, following)
    layout.forced = forced is not None
    return layout


def _guess(header: list[str], following: list[list[str]]) -> Tool:
    """The tool with most of its markers in the first row (Qualtrics: or the second); the
    scan's own template when none has enough."""
    names = {normalise_text(h) for h in header}
    second = {normalise_text(h) for h in following[0]} if following else set()
    best, found = 0.0, TEMPLATE
    for tool in TOOLS.values():
        seen = tool.markers & (names | second if tool is QUALTRICS else names)
        share = len(seen) / len(tool.markers)
        if len(seen) >= tool.needed and share > best:
            best, found = share, tool
    return found


def _index(names: list[str], wanted: tuple[str, ...]) -> int | None:
    for name in wanted:
        if name in names:
            return names.index(name)
    return None


def _plain(tool: Tool, header: list[str], following: list[list[str]]) -> Layout:
    names = [normalise_text(h) for h in header]
    layout = Layout(tool, list(header))
    layout.metadata = {i for i, n in enumerate(names) if n in tool.metadata}
    layout.key = _index(names, tool.keys)
    layout.email = _index(names, tool.emails)
    layout.name = _index(names, tool.names)
    if tool is GOOGLE and layout.email is not None:
        layout.key, layout.numbered = layout.email, True
    if tool is LIMESURVEY:
        done = _index(names, ("submitdate", "date submitted"))
        if done is not None:
            layout.unfinished = lambda row: done < len(row) and not row[done].strip()
    return layout


def _qualtrics(tool: Tool, header: list[str], following: list[list[str]]) -> Layout:
    """Three header rows (ids, texts, ImportId JSON), or two in the legacy export; the tool's
    own columns are known by their id (first row) or their name (second row)."""
    texts = following[0] if following else header
    texts = texts + [""] * (len(header) - len(texts))
    both = [{normalise_text(h), normalise_text(t)} for h, t in zip(header, texts, strict=False)]
    layout = Layout(tool, [t if t.strip() else h for t, h in zip(texts, header, strict=False)])
    layout.ids = list(header)
    layout.skip = 1 if following else 0
    if len(following) > 1 and _is_import_ids(following[1]):
        layout.skip = 2

    def find(*wanted: str) -> int | None:
        return next((i for i, n in enumerate(both) if n & set(wanted)), None)

    layout.metadata = {i for i, n in enumerate(both) if n & tool.metadata}
    layout.key = find(*tool.keys)
    layout.email = find(*tool.emails)
    status = find("status")
    if status is not None:
        layout.not_respondent = lambda row: (
            status < len(row) and normalise_text(row[status]) in _QUALTRICS_PREVIEW
        )
    finished = find("finished")
    if finished is not None:
        layout.unfinished = lambda row: (
            finished < len(row) and normalise_text(row[finished]) in _UNFINISHED
        )
    return layout


def _is_import_ids(row: list[str]) -> bool:
    cell = next((c for c in row if c.strip()), "")
    try:
        return isinstance(json.loads(cell), dict)
    except ValueError:
        return False


_SURVEYMONKEY_PLAIN = _names("Response", "Open-Ended Response", "Antwoord", "Open antwoord")


def _surveymonkey(tool: Tool, header: list[str], following: list[list[str]]) -> Layout:
    """Two header rows: the question (only over the first column of a matrix), then
    "Response", "Open-Ended Response" or the matrix row; combined as ``Titel - rij``."""
    names = [normalise_text(h) for h in header]
    subs = following[0] if following else []
    combined: list[str] = []
    title = ""
    for index, text in enumerate(header):
        if text.strip():
            title = text.strip()
        sub = subs[index].strip() if index < len(subs) else ""
        plain = not sub or normalise_text(sub) in _SURVEYMONKEY_PLAIN
        combined.append(title if plain else f"{title} - {sub}")
    layout = Layout(tool, combined, skip=1 if following else 0)
    layout.metadata = {i for i, n in enumerate(names) if n in tool.metadata}
    layout.key = _index(names, tool.keys)
    layout.email = _index(names, tool.emails)
    return layout


_READERS: dict[str, Callable[[Tool, list[str], list[list[str]]], Layout]] = {
    "qualtrics": _qualtrics,
    "surveymonkey": _surveymonkey,
}
