"""Hypothesis strategies: random bank sets in format 2026.2 and random answers to them.

The banks use every key that changes scoring: weights (also decimal ones), ``omgekeerd``,
``nvt``, ``gescoord: false`` (profile questions), ``gewenst_van``, open questions, and in the
per-partner bank ``soorten`` and ``kort``; scales have 2–5 values that need not start at 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from scan.bank import NVT, PARTNER_KINDS, WEET_NIET, Bank, BankSet
from scan.scoring.engine import PartnerFormInput

WEIGHTS = [0.1, 0.5, 1, 1.5, 2, 3]
Respondent = tuple[dict[str, Any], list[PartnerFormInput]]


@st.composite
def scales(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for name in ("s0", "s1"):
        values = draw(st.lists(st.integers(-3, 9), min_size=2, max_size=5, unique=True))
        out[name] = [{"waarde": v, "label": f"Antwoord {v}"} for v in values]
    return out


@st.composite
def question(draw: st.DrawFn, ident: str, per_partner: bool, first: bool) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": ident,
        "tekst": f"Vraag {ident}?",
        "schaal": draw(st.sampled_from(["s0", "s1"])),
    }
    if draw(st.booleans()):
        found["gewicht"] = draw(st.sampled_from(WEIGHTS))
    if draw(st.booleans()):
        found["omgekeerd"] = True
    if draw(st.booleans()):
        found["nvt"] = True
    if not first and draw(st.integers(0, 4)) == 0:
        found["gescoord"] = False
    if per_partner:
        if draw(st.integers(0, 2)) == 0 and not (first and ident.endswith("0q0")):
            # the bank's very first question is asked of every kind (valideer's rule)
            kinds = st.lists(st.sampled_from(PARTNER_KINDS), min_size=1, max_size=3, unique=True)
            found["soorten"] = draw(kinds)
        if draw(st.booleans()):
            found["kort"] = True
    return found


@st.composite
def bank(draw: st.DrawFn, ident: str, side: str, per_partner: bool) -> Bank:
    dims = []
    for d in range(draw(st.integers(1, 3))):
        first = f"{ident[0]}{d}q0"
        questions = [
            draw(question(f"{ident[0]}{d}q{q}", per_partner, q == 0))
            for q in range(draw(st.integers(1, 4)))
        ]
        if draw(st.integers(0, 3)) == 0:
            wish = {"id": f"{ident[0]}{d}wens", "tekst": f"Gewenst {d}?", "gescoord": False}
            wish |= {"gewenst_van": first, "schaal": questions[0]["schaal"]}
            # asked only where its counterpart is (valideer's rule)
            wish |= {k: questions[0][k] for k in ("soorten", "kort") if k in questions[0]}
            questions.append(wish)
        if draw(st.booleans()):
            questions.append({"id": f"{ident[0]}{d}open", "tekst": f"Open {d}?", "type": "open"})
        dims.append(
            {
                "id": f"d{d}",
                "titel": f"Onderdeel {d}",
                "gewicht": draw(st.sampled_from(WEIGHTS)),
                "vragen": questions,
                "advies": {"a": "Begin.", "b": "Ga door met {partner}.", "c": "Houd vast."}
                if per_partner
                else {"a": "Begin.", "b": "Ga door.", "c": "Houd vast."},
            }
        )
    levels = [
        {"id": "a", "naam": "Laag", "vanaf": 0},
        {"id": "b", "naam": "Midden", "vanaf": draw(st.sampled_from([20, 33.3, 40, 50]))},
        {"id": "c", "naam": "Hoog", "vanaf": draw(st.sampled_from([66.7, 70, 90]))},
    ]
    if per_partner and any(q.get("kort") for dim in dims for q in dim["vragen"]):
        dims[0]["vragen"][0]["kort"] = True  # the short form scores every kind (valideer's rule)
    data = {
        "id": ident,
        "kant": side,
        "titel": f"Vragenlijst {ident}",
        "versie": "2026.2",
        "per_partner": per_partner,
        "schalen": draw(scales()),
        "niveaus": levels,
        "onderdelen": dims,
    }
    return Bank.model_validate(data, by_name=False)


@st.composite
def bank_sets(draw: st.DrawFn) -> BankSet:
    return BankSet(
        (
            draw(bank("regio", "A", False)),
            draw(bank("partner", "B", True)),
            draw(bank("team", "C", False)),
        ),
        Path("."),
    )


@st.composite
def respondents(draw: st.DrawFn, banks: BankSet, max_partners: int = 3) -> Respondent:
    """Random answers: each scale question a value, ``weet_niet``, ``nvt`` (where allowed),
    or left out; open questions text or left out; 0–``max_partners`` partners of random kind,
    in the short form or not."""

    def answers(per_partner: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for b in banks:
            if b.per_partner != per_partner:
                continue
            for qid, (_, q) in b.questions.items():
                if not q.is_scale:
                    choices: list[Any] = ["tekst", "", None]
                else:
                    choices = [v.value for v in b.scale_of(q)] + [WEET_NIET, None]
                    choices += [NVT] if q.allows_nvt else []
                choice = draw(st.sampled_from(choices))
                if choice is not None:
                    out[qid] = choice
        return out

    partners: list[PartnerFormInput] = [
        (f"Partner {i}", draw(st.sampled_from(PARTNER_KINDS)), answers(True), draw(st.booleans()))
        for i in range(draw(st.integers(0, max_partners)))
    ]
    return answers(False), partners
