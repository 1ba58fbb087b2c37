"""``scan sjabloon --bron``: form definitions that make a survey tool's export match by
construction (see docs/exports-bronnen.md for the formats followed).

One outline of the form is made from the banks — the identity questions, every once-only bank
as a section (a grid per dimension where its questions share a scale, else a choice question),
the per-partner bank as repeated partner sections with a branching question between them — and
written for three tools:

* LimeSurvey: the tab-separated survey structure (``.txt``) that "Enquête importeren" reads;
* Google Forms: an Apps Script (``.gs``) that builds the form with FormApp;
* Microsoft Forms: a Word document (``.docx``) for "Snel importeren" (python-docx).

Every title is a question text of the bank (or :data:`~scan.batch.columns.IDENTITY_TITLES`), and
every answer option a label of its scale or "Weet ik niet", so the export's headers and cells
are exactly what ``scan batch`` knows.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scan.bank import Bank, BankSet, Question
from scan.batch.columns import FOLLOW_UP, IDENTITY_TITLES
from scan.errors import Problem, ScanError
from scan.io.atomic import atomic_write_bytes, atomic_write_text

DONT_KNOW = "Weet ik niet"
ROLES = ("docent", "mentor", "teamleider", "schoolleider")
PARTNER_KINDS = ("mbo-school", "bedrijf", "zorginstelling", "anders")
"""Partner kinds as people write them (scan.answers.parse_partner_kind understands them)."""
YES_NO = ("Ja", "Nee")
TITLE = "Samenwerkingsscan"
PARTNERS = 3
SUFFIXES = {"limesurvey": ".txt", "google": ".gs", "forms": ".docx"}
"""The file each tool's definition is written as (``scan sjabloon --bron``)."""


def write_definition(source: str, banks: BankSet, path: Path, partners: int = PARTNERS) -> None:
    """Write the form definition for ``source`` (limesurvey, google, forms) to ``path``."""
    suffix = SUFFIXES.get(source)
    if suffix is None:
        raise ScanError(
            Problem(f"onbekende bron {source!r} voor een formulier; kies uit {', '.join(SUFFIXES)}")
        )
    if path.suffix.lower() != suffix:
        raise ScanError(
            Problem(f"het formulier voor {source} is een {suffix}-bestand; noem het zo", str(path))
        )
    if source == "forms":
        atomic_write_bytes(path, forms_document(banks, partners))
    elif source == "google":
        atomic_write_text(path, google_script(banks, partners))
    else:
        atomic_write_text(path, limesurvey_structure(banks, partners))


@dataclass(frozen=True)
class Choice:
    title: str
    options: tuple[str, ...]
    other: bool = False
    required: bool = False


@dataclass(frozen=True)
class Grid:
    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Text:
    title: str
    long: bool = False


Item = Choice | Grid | Text


@dataclass
class Section:
    title: str
    description: str = ""
    items: list[Item] = field(default_factory=list)
    partner: int = 0
    """1, 2, … for the repeated partner sections; 0 for the others."""


def outline(banks: BankSet, partners: int = PARTNERS) -> list[Section]:
    """The form: "Over u", then every bank in side order (the per-partner bank as
    ``partners`` sections, each but the last ending in the branching question)."""
    sections = [
        Section(
            "Over u",
            items=[
                Text(IDENTITY_TITLES["school"]),
                Text(IDENTITY_TITLES["team"]),
                Choice(IDENTITY_TITLES["rol"], ROLES, other=True, required=True),
            ],
        )
    ]
    for bank in banks:
        items = list(_bank_items(bank))
        if not bank.per_partner:
            sections.append(Section(bank.title, bank.intro or "", items))
            continue
        for number in range(1, partners + 1):
            head: list[Item] = [
                Text(IDENTITY_TITLES["partner"]),
                Choice(IDENTITY_TITLES["partner_soort"], PARTNER_KINDS),
            ]
            tail: list[Item] = [Choice(FOLLOW_UP, YES_NO)] if number < partners else []
            intro = (bank.intro or "") if number == 1 else ""
            sections.append(Section(f"Partner {number}", intro, head + items + tail, number))
    return sections


def _bank_items(bank: Bank) -> Iterator[Item]:
    """Per dimension: its scale questions in runs of one scale (a grid titled with the
    dimension; a lone question a choice), its open questions as text."""
    for dimension in bank.dimensions:
        run: list[Question] = []
        for question in [*dimension.questions, None]:
            if run and (question is None or question.scale != run[0].scale):
                options = (*(v.label for v in bank.scale_of(run[0])), DONT_KNOW)
                if len(run) == 1:
                    yield Choice(run[0].text, options)
                else:
                    yield Grid(dimension.title, tuple(q.text for q in run), options)
                run = []
            if question is None:
                break
            if question.is_scale:
                run.append(question)
            else:
                yield Text(question.text, long=True)


# --- LimeSurvey -----------------------------------------------------------------------------

_LS_COLUMNS = (
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
)


def limesurvey_structure(banks: BankSet, partners: int = PARTNERS) -> str:
    """The tab-separated survey structure: S and SL rows, then G, Q, SQ and A rows in order.

    Arrays are type F (one choice per row), lists L, texts S and T, the branching question Y.
    Export the responses with "Volledige vraagtekst" and "Volledige antwoorden"."""
    rows: list[dict[str, str]] = [
        {"class": "S", "name": "language", "text": "nl"},
        {"class": "S", "name": "format", "text": "G"},
        {"class": "S", "name": "anonymized", "text": "N"},
        {"class": "S", "name": "datestamp", "text": "Y"},
        {"class": "SL", "name": "surveyls_title", "text": TITLE, "language": "nl"},
    ]
    for group, section in enumerate(outline(banks, partners), 1):
        prefix = f"P{section.partner}" if section.partner else ""
        relevance = f'P{section.partner - 1}MEER == "Y"' if section.partner > 1 else "1"
        rows.append(
            {
                "class": "G",
                "type/scale": f"G{group}",
                "name": section.title,
                "relevance": relevance,
                "text": section.description,
                "language": "nl",
            }
        )
        for number, item in enumerate(section.items, 1):
            code = f"{prefix}G{group}Q{number}"
            if isinstance(item, Choice) and item.title == FOLLOW_UP:
                code = f"P{section.partner}MEER"
            rows += _ls_item(item, code)
    lines = ["\t".join(_LS_COLUMNS)]
    for row in rows:
        row.setdefault("language", "nl" if row["class"] in {"G", "Q", "SQ", "A"} else "")
        lines.append("\t".join(_tsv(row.get(column, "")) for column in _LS_COLUMNS))
    return "\n".join(lines) + "\n"


def _ls_item(item: Item, code: str) -> list[dict[str, str]]:
    question = {"class": "Q", "name": code, "relevance": "1", "text": item.title}
    if isinstance(item, Text):
        return [{**question, "type/scale": "T" if item.long else "S", "mandatory": "N"}]
    if isinstance(item, Choice) and item.options == YES_NO:
        return [{**question, "type/scale": "Y", "mandatory": "Y"}]
    if isinstance(item, Choice):
        head = {
            **question,
            "type/scale": "L",
            "mandatory": "Y" if item.required else "N",
            "other": "Y" if item.other else "N",
        }
        return [head, *_ls_answers(item.options)]
    subquestions = [
        {"class": "SQ", "type/scale": "0", "name": f"SQ{n:03d}", "relevance": "1", "text": row}
        for n, row in enumerate(item.rows, 1)
    ]
    return [
        {**question, "type/scale": "F", "mandatory": "N", "other": "N"},
        *subquestions,
        *_ls_answers(item.columns),
    ]


def _ls_answers(options: tuple[str, ...]) -> list[dict[str, str]]:
    """Answer rows; codes of at most 5 characters (A1, A2 …; WN for "Weet ik niet")."""
    return [
        {
            "class": "A",
            "type/scale": "0",
            "name": "WN" if label == DONT_KNOW else f"A{n}",
            "text": label,
        }
        for n, label in enumerate(options, 1)
    ]


def _tsv(text: str) -> str:
    """A cell of the tab-separated file: tabs and line breaks become spaces."""
    return " ".join(text.replace("\t", " ").splitlines())


# --- Google Forms ---------------------------------------------------------------------------


def google_script(banks: BankSet, partners: int = PARTNERS) -> str:
    """An Apps Script that builds the form (paste into script.google.com and run
    ``maakSamenwerkingsscan``); grids give ``Titel [vraag]`` columns, repeated partner
    sections repeat their headers, "Wilt u nog een partner beoordelen?" jumps."""
    sections = outline(banks, partners)
    lines = [
        "// Samenwerkingsscan: maakt het Google-formulier dat scan batch zonder koppeling leest.",
        "// Geschreven door 'scan sjabloon --bron google'. Plak in script.google.com, kies",
        "// maakSamenwerkingsscan en klik op Uitvoeren. Verander geen vraagteksten.",
        "function maakSamenwerkingsscan() {",
        f"  const form = FormApp.create({_js(TITLE)});",
        "  form.setCollectEmail(true);  // de kolom E-mailadres: sleutel voor een partnerformulier",
        "  form.setProgressBar(true);",
    ]
    follow_ups: list[tuple[str, int]] = []
    after_partners = ""
    for index, section in enumerate(sections):
        page = f"pagina{index}"
        if index:
            lines.append(
                f"  const {page} = form.addPageBreakItem().setTitle({_js(section.title)})"
                f".setHelpText({_js(section.description)});"
            )
            previous = sections[index - 1]
            if previous.partner and not section.partner:
                after_partners = page
        for item in section.items:
            if isinstance(item, Choice) and item.title == FOLLOW_UP:
                name = f"meer{section.partner}"
                lines.append(
                    f"  const {name} = form.addMultipleChoiceItem().setTitle({_js(FOLLOW_UP)});"
                )
                follow_ups.append((name, index + 1))
                continue
            lines.append(f"  {_gs_item(item)};")
    for name, next_page in follow_ups:
        other = after_partners or "FormApp.PageNavigationType.SUBMIT"
        lines.append(
            f"  {name}.setChoices([{name}.createChoice('Ja', pagina{next_page}), "
            f"{name}.createChoice('Nee', {other})]);"
        )
    lines += [
        "  Logger.log('Invullen: ' + form.getPublishedUrl());",
        "  Logger.log('Bewerken: ' + form.getEditUrl());",
        "}",
    ]
    return "\n".join(lines) + "\n"


def _gs_item(item: Item) -> str:
    if isinstance(item, Text):
        kind = "addParagraphTextItem" if item.long else "addTextItem"
        return f"form.{kind}().setTitle({_js(item.title)})"
    if isinstance(item, Choice):
        text = (
            f"form.addMultipleChoiceItem().setTitle({_js(item.title)})"
            f".setChoiceValues({_js(list(item.options))})"
        )
        if item.other:
            text += ".showOtherOption(true)"
        return text + (".setRequired(true)" if item.required else "")
    return (
        f"form.addGridItem().setTitle({_js(item.title)}).setRows({_js(list(item.rows))})"
        f".setColumns({_js(list(item.columns))})"
    )


def _js(value: object) -> str:
    """A JavaScript literal (JSON is one)."""
    return json.dumps(value, ensure_ascii=False)


# --- Microsoft Forms ------------------------------------------------------------------------


def forms_document(banks: BankSet, partners: int = PARTNERS) -> bytes:
    """A Word document for Forms' "Snel importeren": the title, a heading per section, every
    question a numbered paragraph with its options as bullets under it (grids become one
    choice question per row: Quick import makes no Likert grids reliably)."""
    from docx import Document

    document = Document()
    document.add_heading(TITLE, level=0)
    for section in outline(banks, partners):
        document.add_heading(section.title, level=1)
        if section.description:
            document.add_paragraph(section.description)
        for item in section.items:
            for title, options in _forms_questions(item):
                document.add_paragraph(title, style="List Number")
                for option in options:
                    document.add_paragraph(option, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _forms_questions(item: Item) -> Iterator[tuple[str, tuple[str, ...]]]:
    if isinstance(item, Text):
        yield item.title, ()
    elif isinstance(item, Choice):
        yield item.title, (*item.options, "Anders") if item.other else item.options
    else:
        for row in item.rows:
            yield row, item.columns
