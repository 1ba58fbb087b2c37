"""The result of lean scores (docs/formaten.md): result JSON, advice order, blind spots, voortgang.

:func:`build_result_data` writes the result JSON of :class:`~scan.scoring.engine.Scores` as
plain data (fast, for batch JSON), :func:`build_result` validates it into the pydantic
:class:`~scan.result.Result`, and :func:`score` scores an answer file and builds its result.
The advice order, the blind-spot rule and the weakest partner of side-B advice are shared with
team results (:mod:`scan.scoring.team`) through :func:`advice_for` and :func:`blind_spots_for`.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Container, Iterable
from typing import Any, NamedTuple

from scan.answers import AnswerFile, PartnerAnswers, Respondent
from scan.bank import PARTNER_PLACEHOLDER, SIDES, Bank, BankSet, Side
from scan.result import (
    RESULT_FORMAT,
    Advice,
    BlindSpot,
    DimensionResult,
    PartnerResult,
    PartnerSideDimension,
    PartnerSideResult,
    ProfileAnswer,
    Progress,
    Result,
    SideResult,
    Wish,
    json_record,
)
from scan.scoring.engine import (
    BankPlan,
    DimensionScore,
    PartnerFormInput,
    Profile,
    Scorer,
    Scores,
    SideScore,
    Wishes,
    scorer_for,
)
from scan.scoring.highlights import Candidate, candidates, highlights, weakest_partner

# --- the model path ---
# The result JSON is written here as plain data, for speed; its keys are the aliases of the
# result models (scan/result.py): json_record makes a builder per model from its fields, and
# checks that every field of the model is named here, in model order.

_dimension_json = json_record(DimensionResult, *DimensionScore._fields[:6])
"""A :class:`DimensionScore` (``_dimension_json(*dim)``) as JSON data."""
_side_dimension_json = json_record(
    PartnerSideDimension, "score", "level", "not_applicable", "partners"
)
_side_json = json_record(SideResult, "bank", "score", "level", "dimensions", "profile", "wishes")
_partner_side_json = json_record(
    PartnerSideResult, "bank", "score", "level", "dimensions", "partners"
)
_partner_json = json_record(
    PartnerResult, "name", "kind", "score", "level", "dimensions", "profile", "wishes", "short"
)
_profile_json = json_record(ProfileAnswer, "answer", "label")
_wish_json = json_record(Wish, "question", "current", "desired", "difference")
_advice_json = json_record(Advice, "side", "dimension", "score", "level", "text", "partner")
_blind_json = json_record(BlindSpot, "side", "dimension", "dont_know", "questions")
_progress_json = json_record(Progress, "answered", "questions")
_respondent_json = json_record(Respondent, "name", "role", "school", "team")
_result_json = json_record(
    Result,
    "format",
    "respondent",
    "date",
    "versions",
    "sides",
    "advice",
    "blind_spots",
    "attention",
    "strengths",
    "discuss",
    "progress",
)


def _dimensions_data(ids: tuple[str, ...], dims: tuple[DimensionScore, ...]) -> dict[str, Any]:
    return {i: _dimension_json(*d) for i, d in zip(ids, dims, strict=True)}


def _profile_data(plan: BankPlan, profile: Profile) -> dict[str, Any]:
    labels = plan.labels
    return {qid: _profile_json(v, labels[qid][v]) for qid, v in profile}


def _wish_data(wishes: Wishes) -> list[dict[str, Any]]:
    out = []
    for qid, now, desired in wishes:
        now = now if isinstance(now, int) else None
        desired = desired if isinstance(desired, int) else None
        gap = None if now is None or desired is None else desired - now
        out.append(_wish_json(qid, now, desired, gap))
    return out


def _side_data(plan: BankPlan, side: SideScore) -> dict[str, Any]:
    """A side of the result JSON (docs/formaten.md) as plain data."""
    ids = plan.dimension_ids
    if side.partners is None:
        dims = _dimensions_data(ids, side.dimensions)
        profile = _profile_data(plan, side.profile) if side.profile else {}
        wishes = _wish_data(side.wishes) if side.wishes else []
        return _side_json(side.bank, side.score, side.level, dims, profile, wishes)
    side_dims = {
        i: _side_dimension_json(d.score, d.level, d.not_applicable, d.partners)
        for i, d in zip(ids, side.dimensions, strict=True)
    }
    partners = [
        _partner_json(
            p.name,
            p.kind,
            p.score,
            p.level,
            _dimensions_data(ids, p.dimensions),
            _profile_data(plan, p.profile) if p.profile else {},
            _wish_data(p.wishes) if p.wishes else [],
            p.short,
        )
        for p in side.partners
    ]
    return _partner_side_json(side.bank, side.score, side.level, side_dims, partners)


def progress_of(scores: Scores, asked: Container[str] | None = None) -> tuple[int, int]:
    """``voortgang``: (scale questions answered, ``weet_niet`` and ``nvt`` included; scale
    questions that apply), profile questions included, over all sides and partners — or only
    the sides of the banks ``asked`` (by id: the sides the respondent chose)."""
    answered = questions = 0
    for side in scores:
        if asked is not None and side.bank not in asked:
            continue
        for part in side.partners if side.partners is not None else (side,):
            answered += len(part.profile) + sum(w[2] is not None for w in part.wishes)
            questions += part.asked
            for counts in map(_COUNTS, part.dimensions):
                answered += counts[0] + counts[1] + counts[2]
                questions += counts[2] + counts[3]
    return answered, questions


_COUNTS = operator.itemgetter(2, 3, 4, 5)
"""answered, dont_know, not_applicable, questions of a DimensionScore."""


class DimensionView(NamedTuple):
    """What advice and blind spots need of a dimension (of a respondent or a team);
    ``partner``: side B, the partner the advice is about."""

    side: Side
    bank: Bank
    position: int  # of the dimension in its bank (``index`` would shadow tuple.index)
    score: float | None
    level: str | None
    dont_know: int
    questions: int
    partner: str | None = None


_Advice = tuple[float, float, int, int, str, str, str, dict[str, str], str | None]
"""(score, −dimension weight, side order, dimension index, side, dimension id, level id, the
dimension's advice texts, partner): sorting on the first four gives the advice order."""
_ADVICE_ORDER = operator.itemgetter(0, 1, 2, 3)
_Blind = tuple[int, int, str, str, int, int]
"""(side order, dimension index, side, dimension id, weet_niet, questions)."""
_BLIND_ORDER = operator.itemgetter(0, 1)


def is_blind_spot(dont_know: int, questions: int) -> bool:
    """At least half of the scale questions that apply answered ``weet_niet``."""
    return dont_know > 0 and 2 * dont_know >= questions


def advice_for(views: Iterable[DimensionView]) -> list[dict[str, Any]]:
    """The ``adviezen`` (as plain data): one per scored dimension, by score ascending, then
    dimension ``gewicht`` descending, then side (A, B, C) and bank order."""
    return _advice_data(
        [
            (
                v.score,
                -dim.weight,
                SIDES.index(v.side),
                v.position,
                v.side,
                dim.id,
                v.level or "",
                dim.advice,
                v.partner,
            )
            for v in views
            if v.score is not None
            for dim in (v.bank.dimensions[v.position],)
        ]
    )


def blind_spots_for(views: Iterable[DimensionView]) -> list[dict[str, Any]]:
    """The ``blinde_vlekken`` (as plain data): dimensions where at least half of the scale
    questions got ``weet_niet``, in side and bank order."""
    return _blind_data(
        [
            (
                SIDES.index(v.side),
                v.position,
                v.side,
                v.bank.dimensions[v.position].id,
                v.dont_know,
                v.questions,
            )
            for v in views
            if is_blind_spot(v.dont_know, v.questions)
        ]
    )


UNNAMED_PARTNER = "uw partners"
"""Fills ``{partner}`` when no partner may be named (a team's partners rated by fewer than
``--min-groep`` respondents)."""


def advice_text(text: str, partner: str | None) -> str:
    """An advice text with ``{partner}`` filled in (side B)."""
    return text.replace(PARTNER_PLACEHOLDER, partner or UNNAMED_PARTNER)


def _advice_data(entries: list[_Advice]) -> list[dict[str, Any]]:
    entries.sort(key=_ADVICE_ORDER)
    return [
        _advice_json(
            side,
            dim_id,
            score,
            level,
            texts[level] if partner is None else advice_text(texts[level], partner),
            partner,
        )
        for score, _, _, _, side, dim_id, level, texts, partner in entries
    ]


def _blind_data(entries: list[_Blind]) -> list[dict[str, Any]]:
    entries.sort(key=_BLIND_ORDER)
    return [
        _blind_json(side, dim_id, dont_know, questions)
        for _, _, side, dim_id, dont_know, questions in entries
    ]


def build_result_data(
    banks: BankSet | Scorer,
    scores: Scores,
    respondent: Respondent | None = None,
    date: dt.date | None = None,
    asked: Container[str] | None = None,
) -> dict[str, Any]:
    """The result JSON (docs/formaten.md) of lean scores as plain data, without pydantic.

    Equal to ``result_data(build_result(...))`` and several times faster: for writing the
    JSON of many respondents. ``vragenlijsten`` holds the versions of the banks that scored;
    ``voortgang`` counts the sides of the banks ``asked`` (ids; default: all).
    """
    scorer = scorer_for(banks)
    sides: dict[str, Any] = {}
    advice: list[_Advice] = []
    blind: list[_Blind] = []
    found: list[Candidate] = []
    for side in scores:
        plan = scorer.plan(side.bank)
        sides[side.side] = _side_data(plan, side)
        order = SIDES.index(side.side)
        rated = []
        for d, (dim, static) in enumerate(zip(side.dimensions, plan.advice, strict=True)):
            partner = None
            if dim.score is not None:
                if side.partners is not None:
                    partner = weakest_partner(
                        (p.name, p.dimensions[d].score) for p in side.partners
                    )
                entry = (dim.score, static[0], order, d, side.side, static[1], dim.level or "")
                advice.append((*entry, static[2], partner))
            rated.append((dim.score, dim.level, False, partner))
            if is_blind_spot(dim.dont_know, dim.questions):
                blind.append((order, d, side.side, static[1], dim.dont_know, dim.questions))
        found += candidates(plan.rule, rated)
    who = respondent or Respondent()
    return _result_json(
        RESULT_FORMAT,
        _respondent_json(who.name, who.role, who.school, who.team),
        date.isoformat() if date else None,
        {b.id: b.version for b in scorer.banks},
        sides,
        _advice_data(advice),
        _blind_data(blind),
        *highlights(found).values(),
        _progress_json(*progress_of(scores, asked)),
    )


def build_result(
    banks: BankSet | Scorer,
    scores: Scores,
    respondent: Respondent | None = None,
    date: dt.date | None = None,
    asked: Container[str] | None = None,
) -> Result:
    """The pydantic :class:`~scan.result.Result` of lean scores (adds advice and blind spots),
    validated once from :func:`build_result_data`."""
    return Result.model_validate(build_result_data(banks, scores, respondent, date, asked))


def partner_inputs(partners: Iterable[PartnerAnswers]) -> list[PartnerFormInput]:
    """The lean partner input of an answer file's partners."""
    return [(p.name, p.kind, p.answers, p.short) for p in partners]


def score(banks: BankSet | Scorer, answers: AnswerFile) -> Result:
    """Score one answer file (already checked by :func:`scan.answers.load_answers`)."""
    scorer = scorer_for(banks)
    scores = scorer.score_lean(answers.answers, partner_inputs(answers.partners))
    asked = set(answers.versions) or None  # the sides the respondent chose (scan start)
    return build_result(scorer, scores, answers.respondent, answers.date, asked)
