"""Result models: the public result JSON of one respondent and of a team (docs/formaten.md).

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
from collections.abc import Callable
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    field_serializer,
    model_serializer,
)

from scan.answers import Answer, PartnerKind, Respondent
from scan.bank import Side

Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
"""A score on the 0–100 scale (a result JSON read back, e.g. for ``--vorige``, holds no other)."""
Change = Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]
"""The difference of two scores."""
Count = Annotated[int, Field(ge=0)]
"""A number of questions, answers, partners or respondents."""

RESULT_FORMAT: Final = "samenwerkingsscan/resultaat-1"
TEAM_FORMAT: Final = "samenwerkingsscan/teamresultaat-1"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class _Compared(_Model):
    """A side or dimension that may be compared with an earlier scan (``--vorige``): the earlier
    score and level, and the change (score − vorige). These keys appear only in a compared
    result, so that a result without ``--vorige`` keeps exactly the keys of docs/formaten.md."""

    previous: Score | None = Field(None, alias="vorige")
    change: Change | None = Field(None, alias="verschil")
    previous_level: str | None = Field(None, alias="vorig_niveau")

    @model_serializer(mode="wrap")
    def _only_when_compared(self, handler: SerializerFunctionWrapHandler) -> Any:
        return _drop_unset(self, handler(self), _COMPARED)


_COMPARED = ("previous", "change", "previous_level")
COMPARED_FIELDS = frozenset((*_COMPARED, "previous_date", "previous_versions"))
"""Fields present only in a result compared with an earlier scan (``--vorige``)."""


def _drop_unset(model: BaseModel, data: Any, fields: tuple[str, ...]) -> Any:
    """``data`` without the keys of ``fields`` that were never set on ``model``; the ones that
    were set move to the end (after the keys of docs/formaten.md)."""
    if isinstance(data, dict):
        for name in fields:
            for key in (type(model).model_fields[name].alias or name, name):
                if key in data:
                    value = data.pop(key)
                    if name in model.model_fields_set:
                        data[key] = value
    return data


class _Scored(_Compared):
    score: Score | None = None
    level: str | None = Field(None, alias="niveau")


class _Spread(_Model):
    """Team statistics over the respondents' non-null scores (``n`` = how many counted)."""

    n: Count = 0
    min: Score | None = None
    max: Score | None = None
    sd: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    divided: bool = Field(False, alias="verdeeld")


# --- one respondent ---


class DimensionResult(_Scored):
    """A dimension (onderdeel) scored on one set of answers.

    ``vragen`` counts the scale questions that apply (not answered ``nvt``, not left out for
    the partner's kind or the short form); ``beantwoord`` the counted answers among them.
    """

    answered: Count = Field(0, alias="beantwoord")
    dont_know: Count = Field(0, alias="weet_niet")
    not_applicable: Count = Field(0, alias="nvt")
    questions: Count = Field(0, alias="vragen")


class PartnerSideDimension(_Scored):
    """A dimension of a per-partner side: the mean over the ``partners`` that scored it;
    ``nvt`` summed over all partners."""

    not_applicable: Count = Field(0, alias="nvt")
    partners: Count = 0


class ProfileAnswer(_Model):
    """The answer to a profile question (``gescoord: false``) and its label."""

    answer: Answer = Field(alias="antwoord")
    label: str


class Wish(_Model):
    """A ``gewenst_van`` pair: the scored question (``vraag``, full id), its answer now and the
    desired answer (scale values; None when not answered on the scale), and desired − now."""

    question: str = Field(alias="vraag")
    current: int | None = Field(alias="nu")
    desired: int | None = Field(alias="gewenst")
    difference: int | None = Field(alias="verschil")


class _Profiled(_Model):
    """The profile answers (by full question id) and wishes of one set of answers."""

    profile: dict[str, ProfileAnswer] = Field(default_factory=dict, alias="profiel")
    wishes: list[Wish] = Field(default_factory=list, alias="wensen")


class _PartnerBase(_Model):
    name: str = Field(alias="naam")
    kind: PartnerKind = Field("anders", alias="soort")
    score: Score | None = None
    level: str | None = Field(None, alias="niveau")
    dimensions: dict[str, DimensionResult] = Field(default_factory=dict, alias="onderdelen")


class PartnerResult(_Profiled, _PartnerBase):
    """One cooperation partner scored on its own answers (``kort``: in the short form)."""

    short: bool = Field(False, alias="kort")


class _SideBase(_Compared):
    bank: str = Field(alias="vragenlijst")
    score: Score | None = None
    level: str | None = Field(None, alias="niveau")
    dimensions: dict[str, DimensionResult] = Field(default_factory=dict, alias="onderdelen")


class SideResult(_Profiled, _SideBase):
    """A side (kant) answered once per respondent."""


class PartnerSideResult(_Compared):
    """A per-partner side (B): dimension means over the partners, and every partner."""

    bank: str = Field(alias="vragenlijst")
    score: Score | None = None
    level: str | None = Field(None, alias="niveau")
    dimensions: dict[str, PartnerSideDimension] = Field(default_factory=dict, alias="onderdelen")
    partners: list[PartnerResult] = Field(default_factory=list)


class Advice(_Model):
    """The advice for one scored dimension at its level."""

    side: Side = Field(alias="kant")
    dimension: str = Field(alias="onderdeel")
    score: Score
    level: str = Field(alias="niveau")
    text: str = Field(alias="tekst")
    partner: str | None = None
    """Side B: the partner with the lowest score for this dimension (filled into the text)."""


class BlindSpot(_Model):
    """A dimension where at least half of the scale questions got ``weet_niet``."""

    side: Side = Field(alias="kant")
    dimension: str = Field(alias="onderdeel")
    dont_know: Count = Field(alias="weet_niet")
    questions: Count = Field(alias="vragen")


class Highlight(_Model):
    """A dimension named by the highlight rule (:mod:`scan.scoring.highlights`); side B names
    the partner meant (the lowest-scoring one) in ``partner``."""

    side: Side = Field(alias="kant")
    dimension: str = Field(alias="onderdeel")
    partner: str | None = None


PER_PARTNER, ONCE = "[per partner]", "[eenmalig]"
"""The tags of the two side models (pydantic puts them in an error's location; the brackets
mark them as union members there, so that messages name ``kanten.A.score``)."""


def _side_kind(value: Any) -> str:
    """Which side model fits: one with partners (per-partner bank) or one without."""
    if isinstance(value, dict):
        return PER_PARTNER if "partners" in value else ONCE
    return PER_PARTNER if hasattr(value, "partners") else ONCE


AnySide = Annotated[
    Annotated[SideResult, Tag(ONCE)] | Annotated[PartnerSideResult, Tag(PER_PARTNER)],
    Discriminator(_side_kind),
]


class Progress(_Model):
    """Scale questions answered (``weet_niet`` and ``nvt`` included) of those that apply."""

    answered: Count = Field(0, alias="beantwoord")
    questions: Count = Field(0, alias="vragen")


class _Progress(_Model):
    """A result that may be compared with an earlier scan (``--vorige``): its last fields
    ``vorige_datum`` and ``vorige_vragenlijsten`` (date and bank versions of that scan) are
    present only in a compared result."""

    @model_serializer(mode="wrap")
    def _only_when_compared(self, handler: SerializerFunctionWrapHandler) -> Any:
        return _drop_unset(self, handler(self), ("previous_date", "previous_versions"))


class Result(_Progress):
    """The result of one respondent (``scan resultaat --json`` with one file)."""

    format: Literal["samenwerkingsscan/resultaat-1"] = Field(RESULT_FORMAT, alias="formaat")
    respondent: Respondent = Field(default_factory=Respondent)
    date: dt.date | None = Field(None, alias="datum")
    versions: dict[str, str] = Field(default_factory=dict, alias="vragenlijsten")
    sides: dict[Side, AnySide] = Field(default_factory=dict, alias="kanten")
    advice: list[Advice] = Field(default_factory=list, alias="adviezen")
    blind_spots: list[BlindSpot] = Field(default_factory=list, alias="blinde_vlekken")
    attention: list[Highlight] = Field(default_factory=list, alias="aandachtspunten")
    strengths: list[Highlight] = Field(default_factory=list, alias="sterke_punten")
    discuss: list[Highlight] = Field(default_factory=list, alias="bespreken")
    progress: Progress = Field(default_factory=Progress, alias="voortgang")
    previous_date: dt.date | None = Field(None, alias="vorige_datum")
    previous_versions: dict[str, str] | None = Field(None, alias="vorige_vragenlijsten")


# --- a team ---


class TeamDimensionResult(_Spread, DimensionResult):
    """A dimension's team mean; ``beantwoord``/``weet_niet``/``vragen`` are summed over the
    respondents (or partner mentions) that answered at least one of its questions."""


class TeamPartnerSideDimension(_Spread, PartnerSideDimension):
    """A per-partner side's dimension: team mean; ``partners`` = merged partners scoring it."""


class TeamPartnerResult(_Spread, _PartnerBase):
    """A partner named by one or more respondents; ``n`` counts the non-null partner scores."""

    dimensions: dict[str, TeamDimensionResult] = Field(  # type: ignore[assignment]
        default_factory=dict, alias="onderdelen"
    )


class TeamSideResult(_Spread, _SideBase):
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
    Annotated[TeamSideResult, Tag(ONCE)] | Annotated[TeamPartnerSideResult, Tag(PER_PARTNER)],
    Discriminator(_side_kind),
]


class RoleSide(_Model):
    """A side as one role group sees it: the group's mean side and dimension scores."""

    score: Score | None = None
    dimensions: dict[str, Score | None] = Field(default_factory=dict, alias="onderdelen")


class RoleGroup(_Model):
    """The respondents of one role (``rol``, compared case- and space-insensitively)."""

    n: Count
    sides: dict[Side, RoleSide] = Field(default_factory=dict, alias="kanten")


class RoleGap(_Model):
    """A dimension where two role groups differ most: the highest and lowest group mean."""

    side: Side = Field(alias="kant")
    dimension: str = Field(alias="onderdeel")
    high: str = Field(alias="hoogste")
    low: str = Field(alias="laagste")
    gap: Change = Field(alias="verschil")


class TeamResult(_Progress):
    """The result of several respondents of one school and team."""

    format: Literal["samenwerkingsscan/teamresultaat-1"] = Field(TEAM_FORMAT, alias="formaat")
    school: str | None = None
    team: str | None = None
    respondents: Count = Field(0, alias="respondenten")
    sides: dict[Side, AnyTeamSide] = Field(default_factory=dict, alias="kanten")
    advice: list[Advice] = Field(default_factory=list, alias="adviezen")
    blind_spots: list[BlindSpot] = Field(default_factory=list, alias="blinde_vlekken")
    attention: list[Highlight] = Field(default_factory=list, alias="aandachtspunten")
    strengths: list[Highlight] = Field(default_factory=list, alias="sterke_punten")
    discuss: list[Highlight] = Field(default_factory=list, alias="bespreken")
    min_group: int = Field(3, alias="min_groep")
    roles: dict[str, RoleGroup] = Field(default_factory=dict, alias="rollen")
    role_gaps: list[RoleGap] = Field(default_factory=list, alias="rolverschillen")
    participants: list[Result] = Field(default_factory=list, alias="deelnemers")
    previous_date: dt.date | None = Field(None, alias="vorige_datum")
    previous_versions: dict[str, str] | None = Field(None, alias="vorige_vragenlijsten")

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


def json_keys(model: type[BaseModel], *fields: str) -> tuple[str, ...]:
    """The JSON keys (aliases) of a model's fields, for code that writes the contract as plain
    data without building the models (see ``scan.scoring.engine``). ``fields`` must name every
    field of the model in model order, so that a field added to a model cannot be forgotten
    there: anything else raises TypeError at import time. The fields of a comparison with an
    earlier scan (:data:`COMPARED_FIELDS`) are left out: plain data is never compared."""
    names = tuple(name for name in model.model_fields if name not in COMPARED_FIELDS)
    if names != fields:
        raise TypeError(f"{model.__name__}: fields {names}, not {fields}")
    return tuple(model.model_fields[name].alias or name for name in names)


def json_record(model: type[BaseModel], *fields: str) -> Callable[..., dict[str, Any]]:
    """A function from the values of ``fields`` (every field of ``model``, in model order, as
    :func:`json_keys` checks) to the model's JSON object as a plain dict, keyed by the aliases.

    For the fast path that writes the result JSON without building models (the models stay
    the single source of the keys). It is generated as a dict display, the fastest way to
    build a dict in Python, the way :func:`collections.namedtuple` generates its ``__new__``;
    extra positional values are ignored (a NamedTuple with more fields can be passed with *).
    """
    keys = json_keys(model, *fields)
    names = [f"_{i}" for i in range(len(keys))]
    body = ", ".join(f"{key!r}: {name}" for key, name in zip(keys, names, strict=True))
    make: Callable[..., dict[str, Any]] = eval(f"lambda {', '.join(names)}, *_: {{{body}}}", {})
    make.__name__ = f"{model.__name__}_json"
    return make


def result_data(result: AnyResult) -> dict[str, Any]:
    """The contract JSON of a result as plain data."""
    return result.model_dump(mode="json", by_alias=True)


def result_json(result: AnyResult) -> str:
    """The contract JSON of a result as text (UTF-8, indented, ends with a newline)."""
    return json.dumps(result_data(result), ensure_ascii=False, indent=2) + "\n"
