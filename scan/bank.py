"""Question banks: the pydantic models (single source of truth of the YAML format) and loading.

Field names are English; the Dutch YAML keys are their aliases. The JSON Schema that
``scan schema`` prints is generated from these models.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from scan.errors import RULES, Loc, Problem, ScanError, problems_from_validation, suggest
from scan.io.documents import Document, load_document
from scan.util.resources import data_folder

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=60)]
Text = Annotated[str, Field(min_length=1)]
Side = Literal["A", "B", "C"]
SIDES: tuple[Side, ...] = ("A", "B", "C")
WEET_NIET = "weet_niet"
NVT = "nvt"
"""The answer "niet van toepassing", allowed on questions with ``nvt: true``."""
Value = int | str
"""One answer: a scale value (int), ``weet_niet``, ``nvt`` (where allowed), or the text of an
open question."""
PartnerKind = Literal["mbo", "bedrijf", "instelling", "anders"]
PARTNER_KINDS: tuple[PartnerKind, ...] = ("mbo", "bedrijf", "instelling", "anders")
NVT_WORDS = (NVT, "n.v.t.", "niet van toepassing")
"""How people write "niet van toepassing" (compared in lower case)."""
ANSWER_WORDS = {WEET_NIET: "Weet niet", NVT: "Niet van toepassing"}
"""The label of the answers that are not on a scale."""
PARTNER_PLACEHOLDER = "{partner}"
"""In an advice text of a per-partner bank: filled with the partner the advice is about."""


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        populate_by_name=True,
        validate_by_alias=True,
        # the docstrings are for developers; bank authors see the Dutch field descriptions
        json_schema_extra=lambda schema: schema.pop("description", None),
    )


class ScaleValue(_Model):
    """One answer option of a scale."""

    value: int = Field(alias="waarde", description="Het getal dat wordt gescoord.")
    label: Text = Field(alias="label", description="De tekst van het antwoord.")


class Level(_Model):
    """A rung of the maturity ladder; ``vanaf`` is the lowest 0–100 score of the level."""

    id: Id
    name: Text = Field(alias="naam", description="Naam van het niveau.")
    start: float = Field(
        alias="vanaf", ge=0, le=100, description="Laagste score (0–100) van dit niveau."
    )
    description: str | None = Field(
        None, alias="omschrijving", description="Wat dit niveau betekent (één zin)."
    )


MAX_WEIGHT = 1000
Weight = Annotated[float, Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]
"""A weight: a finite number above 0 (and not so large that sums overflow)."""


class Question(_Model):
    id: Id = Field(description="Uniek in de vragenlijst; de volledige id is '<vragenlijst>.<id>'.")
    text: Text = Field(alias="tekst", description="De vraag zoals de respondent hem ziet.")
    help: str | None = Field(
        None, alias="toelichting", description="Waar u aan kunt denken bij het antwoord ('?')."
    )
    scale: Id | None = Field(None, alias="schaal", description="Naam van een schaal uit 'schalen'.")
    type: Literal["schaal", "open"] = Field(
        "schaal", description="'open' voor een vrije-tekstvraag die niet meetelt."
    )
    weight: Weight = Field(1.0, alias="gewicht", description="Gewicht binnen het onderdeel.")
    reversed: bool = Field(
        False, alias="omgekeerd", description="true als een hoog antwoord minder klaar betekent."
    )
    scored: bool = Field(
        True,
        alias="gescoord",
        description="false: een profielvraag; gevraagd, bewaard en getoond, nooit gescoord.",
    )
    kinds: list[PartnerKind] | None = Field(
        None,
        alias="soorten",
        min_length=1,
        description="Alleen bij een vragenlijst per partner: de soorten partners die deze vraag "
        "krijgen (mbo, bedrijf, instelling, anders); zonder: alle soorten.",
    )
    allows_nvt: bool = Field(
        False, alias="nvt", description="true: het antwoord 'niet van toepassing' mag."
    )
    short: bool = Field(
        False,
        alias="kort",
        description="Alleen bij een vragenlijst per partner: true als de vraag bij de korte "
        "vorm hoort (voor de tweede en volgende partners).",
    )
    desired_of: Id | None = Field(
        None,
        alias="gewenst_van",
        description="De gewenste tegenhanger van een gescoorde vraag op dezelfde schaal (id in "
        "deze vragenlijst); zelf niet gescoord.",
    )

    @model_validator(mode="after")
    def _scale_or_open(self) -> Question:
        if self.type == "open" and self.scale is not None:
            raise ValueError("een open vraag (type: open) heeft geen schaal")
        if self.type == "schaal" and self.scale is None:
            raise ValueError("geef een 'schaal' op, of 'type: open' voor een open vraag")
        if self.type == "open" and (not self.scored or self.allows_nvt or self.desired_of):
            raise ValueError(
                "'gescoord', 'nvt' en 'gewenst_van' horen bij een schaalvraag, "
                "niet bij een open vraag"
            )
        if self.desired_of is not None and self.scored:
            raise ValueError(
                "een vraag met 'gewenst_van' telt zelf niet mee; zet er 'gescoord: false' bij"
            )
        return self

    @property
    def is_scale(self) -> bool:
        """Answered on a scale (scored or a profile question); else an open question."""
        return self.type == "schaal"

    @property
    def counts(self) -> bool:
        """A scale question that counts in the score (not a profile question)."""
        return self.type == "schaal" and self.scored

    @property
    def is_profile(self) -> bool:
        """A scale question that is asked and shown but never scored (``gescoord: false``)."""
        return self.type == "schaal" and not self.scored

    def applies_to(self, kind: str, short: bool = False) -> bool:
        """Asked of a partner of this kind (``soorten``), in the short form only when ``kort``."""
        return (self.kinds is None or kind in self.kinds) and (self.short or not short)


class Dimension(_Model):
    """An onderdeel: one dimension of a side, with advice per level."""

    id: Id
    title: Text = Field(alias="titel")
    description: str | None = Field(
        None, alias="omschrijving", description="Waar dit onderdeel over gaat (één zin)."
    )
    weight: Weight = Field(1.0, alias="gewicht", description="Gewicht binnen de kant.")
    questions: list[Question] = Field(alias="vragen", min_length=1)
    advice: dict[str, Text] = Field(
        alias="advies", description="Eén advies per niveau-id; de eerste zin is de eerste stap."
    )

    @property
    def scored(self) -> list[Question]:
        """The questions that count in the score (scale questions without ``gescoord: false``)."""
        return [q for q in self.questions if q.counts]


class Bank(_Model):
    """One question bank (vragenlijst): one side of the scan."""

    id: Id = Field(description="Unieke id van de vragenlijst, bijvoorbeeld 'regio'.")
    side: Side = Field(alias="kant", description="De kant van de scan: A, B of C.")
    title: Text = Field(alias="titel")
    version: Text = Field(alias="versie", description='Versie als tekst, bijvoorbeeld "2026.1".')
    key_question: str | None = Field(
        None, alias="kernvraag", description="De vraag van deze kant aan het team."
    )
    intro: str | None = Field(
        None, alias="inleiding", description="Getoond voor de eerste vraag van deze lijst."
    )
    per_partner: bool = Field(False, description="true: per samenwerkingspartner beantwoorden.")
    scales: dict[str, list[ScaleValue]] = Field(
        alias="schalen", description="Benoemde antwoordschalen; 'weet niet' hoort er altijd bij."
    )
    levels: list[Level] = Field(
        alias="niveaus", min_length=1, description="Oplopend; het eerste begint bij vanaf: 0."
    )
    dimensions: list[Dimension] = Field(alias="onderdelen", min_length=1)

    @model_validator(mode="after")
    def _rules(self) -> Bank:
        problems = list(self._rule_problems())
        if problems:
            raise PydanticCustomError(
                RULES,
                "{aantal} regel(s) geschonden",
                {
                    "aantal": len(problems),
                    "problemen": problems,
                },
            )
        return self

    def _rule_problems(self) -> Iterator[tuple[Loc, str]]:
        for name, values in self.scales.items():
            if len({v.value for v in values}) < 2 or len(values) != len({v.value for v in values}):
                yield (
                    ("schalen", name),
                    "een schaal heeft minstens twee verschillende waarden nodig",
                )
            if len({v.label.casefold() for v in values}) != len(values):
                yield ("schalen", name), "twee waarden van deze schaal hebben hetzelfde label"
        if self.levels[0].start != 0:
            yield ("niveaus", 0, "vanaf"), "het eerste niveau moet beginnen bij vanaf: 0"
        for i in range(1, len(self.levels)):
            if self.levels[i].start <= self.levels[i - 1].start:
                yield ("niveaus", i, "vanaf"), "de niveaus moeten strikt oplopen"
        yield from _duplicates("niveaus", [lv.id for lv in self.levels])
        yield from _duplicates("onderdelen", [d.id for d in self.dimensions])
        level_ids = [lv.id for lv in self.levels]
        seen: dict[str, Loc] = {}
        texts: dict[str, Loc] = {}
        for d, dim in enumerate(self.dimensions):
            if not dim.scored:
                yield (
                    ("onderdelen", d, "vragen"),
                    "elk onderdeel heeft minstens één schaalvraag nodig die meetelt "
                    "(zonder 'gescoord: false')",
                )
            for level in level_ids:
                if level not in dim.advice:
                    yield ("onderdelen", d, "advies"), f"advies ontbreekt voor niveau '{level}'"
            for key in dim.advice:
                if key not in level_ids:
                    yield (
                        ("onderdelen", d, "advies", key),
                        f"onbekend niveau '{key}'{suggest(key, level_ids)}",
                    )
            for q, question in enumerate(dim.questions):
                loc: Loc = ("onderdelen", d, "vragen", q)
                if question.id in seen:
                    yield (*loc, "id"), f"vraag-id '{question.id}' komt al eerder voor"
                seen[question.id] = loc
                norm = normalise_text(question.text)
                if norm in texts:
                    yield (*loc, "tekst"), "deze vraagtekst komt al eerder voor"
                texts[norm] = loc
                if question.scale is not None and question.scale not in self.scales:
                    hint = suggest(question.scale, self.scales)
                    yield (*loc, "schaal"), f"onbekende schaal '{question.scale}'{hint}"
                yield from self._partner_key_problems(loc, question)
        yield from self._desired_problems()
        yield from self._per_kind_problems()
        yield from self._placeholder_problems()

    def _partner_key_problems(self, loc: Loc, question: Question) -> Iterator[tuple[Loc, str]]:
        """``soorten`` and ``kort`` only in a bank answered per partner."""
        if self.per_partner:
            return
        for key, given in (("soorten", question.kinds is not None), ("kort", question.short)):
            if given:
                yield (
                    (*loc, key),
                    f"'{key}' kan alleen in een vragenlijst per partner (per_partner: true)",
                )

    def _desired_problems(self) -> Iterator[tuple[Loc, str]]:
        """``gewenst_van`` names a scored question of this bank on the same scale."""
        by_id = {q.id: q for d in self.dimensions for q in d.questions}
        for d, dim in enumerate(self.dimensions):
            for q, question in enumerate(dim.questions):
                target_id = question.desired_of
                if target_id is None:
                    continue
                loc: Loc = ("onderdelen", d, "vragen", q, "gewenst_van")
                target = by_id.get(target_id)
                if target is None:
                    hint = suggest(target_id, by_id)
                    yield loc, f"onbekende vraag '{target_id}' in deze vragenlijst{hint}"
                elif not target.counts:
                    yield loc, f"'{target_id}' is geen gescoorde schaalvraag"
                elif target.scale != question.scale:
                    yield (
                        loc,
                        f"'{target_id}' heeft schaal '{target.scale}'; een gewenste tegenhanger "
                        "gebruikt dezelfde schaal",
                    )
                elif not _asked_within(question, target):
                    yield (
                        loc,
                        f"deze vraag wordt ook gesteld waar '{target_id}' niet gesteld wordt; "
                        "geef haar dezelfde 'soorten' en 'kort' (of minder)",
                    )

    def _per_kind_problems(self) -> Iterator[tuple[Loc, str]]:
        """Every partner kind is asked a scored question, in the full form and in the short
        form (when the bank has one): else that partner's scores would all be empty."""
        if not self.per_partner:
            return
        questions = [q for dim in self.dimensions for q in dim.questions]
        short = [
            ("onderdelen", d, "vragen", q, "kort")
            for d, dim in enumerate(self.dimensions)
            for q, question in enumerate(dim.questions)
            if question.short
        ]
        forms: list[tuple[Loc, bool, str, str]] = [
            (("onderdelen",), False, "de vragenlijst", "voeg er een toe voor die soort")
        ]
        if short:
            fix = "zet 'kort: true' ook bij een gescoorde vraag voor die soort"
            forms.append((short[0], True, "de korte vorm (kort: true)", fix))
        for loc, in_short, form, fix in forms:
            empty = [
                f"'{kind}'"
                for kind in PARTNER_KINDS
                if not any(q.counts and q.applies_to(kind, in_short) for q in questions)
            ]
            if empty:
                yield (
                    loc,
                    f"{form} heeft geen gescoorde vraag voor een partner van soort "
                    f"{', '.join(empty)}; {fix}",
                )

    def _placeholder_problems(self) -> Iterator[tuple[Loc, str]]:
        """``{partner}`` in advice only where there is a partner to fill in."""
        if self.per_partner:
            return
        for d, dim in enumerate(self.dimensions):
            for level, text in dim.advice.items():
                if PARTNER_PLACEHOLDER in text:
                    yield (
                        ("onderdelen", d, "advies", level),
                        f"'{PARTNER_PLACEHOLDER}' kan alleen in het advies van een vragenlijst "
                        "per partner",
                    )

    # --- derived views, used by scoring, interview, report and batch ---

    @cached_property
    def questions(self) -> dict[str, tuple[Dimension, Question]]:
        """Full question id (``regio.honkvast``) → its dimension and question, in bank order."""
        return {f"{self.id}.{q.id}": (d, q) for d in self.dimensions for q in d.questions}

    @cached_property
    def desired_pairs(self) -> tuple[tuple[Question, Question], ...]:
        """(current, desired) question of every ``gewenst_van`` pair, in bank order."""
        by_id = {q.id: q for d in self.dimensions for q in d.questions}
        return tuple(
            (by_id[q.desired_of], q)
            for d in self.dimensions
            for q in d.questions
            if q.desired_of is not None
        )

    def scale_of(self, question: Question) -> list[ScaleValue]:
        return self.scales[question.scale] if question.scale else []

    def label_of(self, question: Question, value: int | str) -> str:
        """The label of an answer to a scale question (``Weet niet``, ``Niet van toepassing``)."""
        if isinstance(value, str):
            return ANSWER_WORDS.get(value, value)
        return next((v.label for v in self.scale_of(question) if v.value == value), str(value))

    def level_for(self, score: float | None) -> Level | None:
        """The last level whose ``vanaf`` ≤ the (already rounded) score."""
        if score is None:
            return None
        found = self.levels[0]
        for level in self.levels:
            if level.start <= score:
                found = level
        return found

    def level_by_id(self, level_id: str | None) -> Level | None:
        """The level with this id (None for None or an id this bank does not have)."""
        return next((level for level in self.levels if level.id == level_id), None)

    @property
    def n_scored(self) -> int:
        return sum(len(d.scored) for d in self.dimensions)


def _asked_within(question: Question, target: Question) -> bool:
    """Whether ``question`` is asked only where ``target`` is (``soorten`` and ``kort``)."""
    kinds_within = target.kinds is None or (
        question.kinds is not None and set(question.kinds) <= set(target.kinds)
    )
    return kinds_within and (target.short or not question.short)


def _duplicates(kind: str, ids: list[str]) -> Iterator[tuple[Loc, str]]:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            yield (kind, i, "id"), f"id '{ident}' komt al eerder voor"
        seen.add(ident)


def normalise_text(text: str) -> str:
    """Case- and whitespace-insensitive form of a question text or name."""
    return " ".join(text.split()).casefold()


def _aliases(model: type[BaseModel]) -> set[str]:
    keys: set[str] = set()
    for field in model.model_fields.values():
        keys.add(field.alias or "")
    return keys


BANK_KEYS = set().union(*(_aliases(m) for m in (Bank, Dimension, Question, Level, ScaleValue))) - {
    ""
}


def parse_bank(doc: Document) -> Bank:
    given = doc.data.get("formaat") if isinstance(doc.data, dict) else None
    if isinstance(given, str) and given.startswith("samenwerkingsscan/"):
        raise ScanError(
            doc.problem(
                f"dit is geen vragenlijst maar een bestand in formaat '{given}' (antwoorden of "
                "een resultaat)",
                ("formaat",),
            )
        )
    try:
        return Bank.model_validate(doc.data, by_name=False)
    except ValidationError as exc:
        raise ScanError(problems_from_validation(exc, doc.name, doc.line, BANK_KEYS)) from None


def load_bank(path: Path) -> Bank:
    """Load and validate one bank file; raises ScanError with located Dutch problems."""
    return parse_bank(load_document(path))


@dataclass(frozen=True)
class BankSet:
    """The banks in use, at most one per side, in side order A, B, C."""

    banks: tuple[Bank, ...]
    folder: Path

    def __iter__(self) -> Iterator[Bank]:
        return iter(self.banks)

    def by_side(self, side: Side) -> Bank | None:
        return next((b for b in self.banks if b.side == side), None)

    def by_id(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def question(self, full_id: str) -> tuple[Bank, Dimension, Question] | None:
        bank_id, _, _ = full_id.partition(".")
        bank = self.by_id(bank_id)
        if bank is None or full_id not in bank.questions:
            return None
        return (bank, *bank.questions[full_id])


def bundled_folder() -> Path:
    """The banks shipped with the package.

    In a wheel they live inside the package (``scan/vragenlijsten``); in a source checkout
    (editable install) they are the top-level ``vragenlijsten/`` beside the package.
    """
    return data_folder("vragenlijsten")


def bank_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in {".yaml", ".yml"})


def load_bankset(folder: Path | None = None) -> BankSet:
    """Load every bank in ``folder`` (default: the bundled banks); all problems at once."""
    folder = folder or bundled_folder()
    if not folder.is_dir():
        raise ScanError(Problem("map met vragenlijsten bestaat niet", str(folder)))
    files = bank_files(folder)
    if not files:
        raise ScanError(Problem("geen vragenlijsten (*.yaml) in deze map", str(folder)))
    banks: list[Bank] = []
    problems: list[Problem] = []
    for path in files:
        try:
            banks.append(load_bank(path))
        except ScanError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScanError(problems)
    return BankSet(_ordered(banks, files), folder)


def _ordered(banks: list[Bank], files: list[Path]) -> tuple[Bank, ...]:
    by_side: dict[str, tuple[Bank, Path]] = {}
    ids: dict[str, Path] = {}
    problems: list[Problem] = []
    for bank, path in zip(banks, files, strict=True):
        if bank.side in by_side:
            other = by_side[bank.side][1].name
            problems.append(
                Problem(
                    f"kant {bank.side} staat ook al in {other}; één vragenlijst per kant", str(path)
                )
            )
        if bank.id in ids:
            problems.append(
                Problem(f"id '{bank.id}' staat ook al in {ids[bank.id].name}", str(path))
            )
        by_side[bank.side] = (bank, path)
        ids[bank.id] = path
    if problems:
        raise ScanError(problems)
    return tuple(by_side[s][0] for s in SIDES if s in by_side)


def bank_schema() -> dict[str, Any]:
    """JSON Schema of the bank format, for editors (yaml-language-server)."""
    schema = Bank.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Samenwerkingsscan vragenlijst"
    return schema
