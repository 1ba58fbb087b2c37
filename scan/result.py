"""Result models: the public result JSON of one respondent and of a team (design 3.4).

Field names are English; the Dutch JSON keys are their aliases, and every model serialises by
alias, so ``model_dump(mode="json", by_alias=True)`` (or :func:`result_json`) gives exactly the
contract: null scores present, no extra keys. Scores are floats already rounded half up to one
decimal; levels are level ids of the bank.

One respondent: :class:`Result` (``samenwerkingsscan/resultaat-1``). A team:
:class:`TeamResult` (``samenwerkingsscan/teamresultaat-1``), whose side, dimension and partner
objects add the spread fields ``n``, ``min``, ``max``, ``sd`` and ``verdeeld``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    field_serializer,
)

from scan.answers import PartnerKind, Respondent
from scan.bank import Side

RESULT_FORMAT: Final = "samenwerkingsscan/resultaat-1"
TEAM_FORMAT: Final = "samenwerkingsscan/teamresultaat-1"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class _Scored(_Model):
    score: float | None = None
    level: str | None = Field(None, alias="niveau")


class _Spread(_Model):
    """Team statistics over the respondents' non-null scores (``n`` = how many counted)."""

    n: int = 0
    min: float | None = None
    max: float | None = None
    sd: float | None = None
    divided: bool = Field(False, alias="verdeeld")


# --- one respondent ---


class DimensionResult(_Scored):
    """A dimension (onderdeel) scored on one set of answers."""

    answered: int = Field(0, alias="beantwoord")
    dont_know: int = Field(0, alias="weet_niet")
    questions: int = Field(0, alias="vragen")


class PartnerSideDimension(_Scored):
    """A dimension of a per-partner side: the mean over the ``partners`` that scored it."""

    partners: int = 0


class PartnerResult(_Model):
    """One cooperation partner scored on its own answers."""

    name: str = Field(alias="naam")
    kind: PartnerKind = Field("anders", alias="soort")
    score: float | None = None
    level: str | None = Field(None, alias="niveau")
    dimensions: dict[str, DimensionResult] = Field(default_factory=dict, alias="onderdelen")


class SideResult(_Model):
    """A side (kant) answered once per respondent."""

    bank: str = Field(alias="vragenlijst")
    score: float | None = None
    level: str | None = Field(None, alias="niveau")
    dimensions: dict[str, DimensionResult] = Field(default_factory=dict, alias="onderdelen")


class PartnerSideResult(_Model):
    """A per-partner side (B): dimension means over the partners, and every partner."""

    bank: str = Field(alias="vragenlijst")
    score: float | None = None
    level: str | None = Field(None, alias="niveau")
    dimensions: dict[str, PartnerSideDimension] = Field(default_factory=dict, alias="onderdelen")
    partners: list[PartnerResult] = Field(default_factory=list)


class Advice(_Model):
    """The advice for one scored dimension at its level."""

    side: Side = Field(alias="kant")
    dimension: str = Field(alias="onderdeel")
    score: float
    level: str = Field(alias="niveau")
    text: str = Field(alias="tekst")


class BlindSpot(_Model):
    """A dimension where at least half of the scale questions got ``weet_niet``."""

    side: Side = Field(alias="kant")
    dimension: str = Field(alias="onderdeel")
    dont_know: int = Field(alias="weet_niet")
    questions: int = Field(alias="vragen")


def _side_kind(value: Any) -> str:
    """Which side model fits: one with partners (per-partner bank) or one without."""
    if isinstance(value, dict):
        return "partner" if "partners" in value else "kant"
    return "partner" if hasattr(value, "partners") else "kant"


AnySide = Annotated[
    Annotated[SideResult, Tag("kant")] | Annotated[PartnerSideResult, Tag("partner")],
    Discriminator(_side_kind),
]


class Result(_Model):
    """The result of one respondent (``scan resultaat --json`` with one file)."""

    format: Literal["samenwerkingsscan/resultaat-1"] = Field(RESULT_FORMAT, alias="formaat")
    respondent: Respondent = Field(default_factory=Respondent)
    date: dt.date | None = Field(None, alias="datum")
    versions: dict[str, str] = Field(default_factory=dict, alias="vragenlijsten")
    sides: dict[Side, AnySide] = Field(default_factory=dict, alias="kanten")
    advice: list[Advice] = Field(default_factory=list, alias="adviezen")
    blind_spots: list[BlindSpot] = Field(default_factory=list, alias="blinde_vlekken")


# --- a team ---


class TeamDimensionResult(_Spread, DimensionResult):
    """A dimension's team mean; ``beantwoord``/``weet_niet``/``vragen`` are summed over the
    respondents (or partner mentions) that answered at least one of its questions."""


class TeamPartnerSideDimension(_Spread, PartnerSideDimension):
    """A per-partner side's dimension: team mean; ``partners`` = merged partners scoring it."""


class TeamPartnerResult(_Spread, PartnerResult):
    """A partner named by one or more respondents; ``n`` counts the non-null partner scores."""

    dimensions: dict[str, TeamDimensionResult] = Field(  # type: ignore[assignment]
        default_factory=dict, alias="onderdelen"
    )


class TeamSideResult(_Spread, SideResult):
    """A side's team mean over the respondents' non-null side scores."""

    dimensions: dict[str, TeamDimensionResult] = Field(  # type: ignore[assignment]
        default_factory=dict, alias="onderdelen"
    )


class TeamPartnerSideResult(_Spread, PartnerSideResult):
    """A per-partner side of a team, with the merged partner table: every partner named by any
    respondent (names compared case- and whitespace-insensitively), ordered by that name."""

    dimensions: dict[str, TeamPartnerSideDimension] = Field(  # type: ignore[assignment]
        default_factory=dict, alias="onderdelen"
    )
    partners: list[TeamPartnerResult] = Field(default_factory=list)  # type: ignore[assignment]


AnyTeamSide = Annotated[
    Annotated[TeamSideResult, Tag("kant")] | Annotated[TeamPartnerSideResult, Tag("partner")],
    Discriminator(_side_kind),
]


class TeamResult(_Model):
    """The result of several respondents of one school and team."""

    format: Literal["samenwerkingsscan/teamresultaat-1"] = Field(TEAM_FORMAT, alias="formaat")
    school: str | None = None
    team: str | None = None
    respondents: int = Field(0, alias="respondenten")
    sides: dict[Side, AnyTeamSide] = Field(default_factory=dict, alias="kanten")
    advice: list[Advice] = Field(default_factory=list, alias="adviezen")
    blind_spots: list[BlindSpot] = Field(default_factory=list, alias="blinde_vlekken")
    participants: list[Result] = Field(default_factory=list, alias="deelnemers")

    @field_serializer("participants", mode="wrap")
    def _without_format(
        self, participants: list[Result], handler: SerializerFunctionWrapHandler
    ) -> list[dict[str, Any]]:
        """Participants are individual results without their ``formaat`` key."""
        out: list[dict[str, Any]] = handler(participants)
        for item in out:
            item.pop("formaat", None)
            item.pop("format", None)
        return out


AnyResult = Result | TeamResult


def result_data(result: AnyResult) -> dict[str, Any]:
    """The contract JSON of a result as plain data."""
    return result.model_dump(mode="json", by_alias=True)


def result_json(result: AnyResult) -> str:
    """The contract JSON of a result as text (UTF-8, indented, ends with a newline)."""
    return json.dumps(result_data(result), ensure_ascii=False, indent=2) + "\n"
