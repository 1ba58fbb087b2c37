"""Content rules for the bundled banks (version 2026.2), read straight from the YAML.

Length, advice horizons, the {partner} placeholder, help texts without scoring hints, level names
per side and the 2026.2 keys (nvt, soorten, gescoord, kort, gewenst_van) as the content uses them.
The model validation itself is tested with the bank model (`scan valideer`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

BANKS = Path(__file__).resolve().parent.parent / "vragenlijsten"
NAMES = ("regio", "partner", "team")
KINDS = ("mbo", "bedrijf", "instelling", "anders")
ID = re.compile(r"^[a-z][a-z0-9_-]*$")
MAX_WITH_ONE_PARTNER = 70
MAX_SHORT_FORM = 12


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((BANKS / f"{name}.yaml").read_text(encoding="utf-8"))


ALL = {name: load(name) for name in NAMES}


def questions(bank: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for d in bank["onderdelen"] for q in d["vragen"]]


def asked(bank: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    return [q for q in questions(bank) if kind is None or kind in q.get("soorten", KINDS)]


def scored(question: dict[str, Any]) -> bool:
    return question.get("type", "schaal") == "schaal" and question.get("gescoord", True)


def advice(bank: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(d["id"], lv, text) for d in bank["onderdelen"] for lv, text in d["advies"].items()]


def strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return []


def test_banks_are_version_2026_2_with_the_three_sides() -> None:
    assert [ALL[n]["kant"] for n in NAMES] == ["A", "B", "C"]
    assert {ALL[n]["versie"] for n in NAMES} == {"2026.2"}
    assert [n for n in NAMES if ALL[n].get("per_partner")] == ["partner"]


@pytest.mark.parametrize("name", NAMES)
def test_ids_and_structure(name: str) -> None:
    bank = ALL[name]
    level_ids = [lv["id"] for lv in bank["niveaus"]]
    assert level_ids == ["incidenteel", "structureel", "leerlijn"]  # ids are a contract
    ids = [q["id"] for q in questions(bank)]
    assert len(ids) == len(set(ids))
    for ident in [*ids, *(d["id"] for d in bank["onderdelen"]), *bank["schalen"]]:
        assert ID.match(ident), ident
    for dim in bank["onderdelen"]:
        assert any(scored(q) for q in dim["vragen"]), dim["id"]
        assert set(dim["advies"]) == set(level_ids), dim["id"]
        for q in dim["vragen"]:
            if q.get("type", "schaal") == "schaal":
                assert q["schaal"] in bank["schalen"], q["id"]
                assert q.get("toelichting"), f"{name}.{q['id']} heeft geen toelichting"


def test_each_side_names_its_own_levels() -> None:
    names = {n: [lv["naam"] for lv in ALL[n]["niveaus"]] for n in NAMES}
    assert names["partner"] == ["Incidenteel", "Structureel", "Doorlopende leerlijn"]
    assert names["regio"][0] == "Beperkt beeld" and names["regio"][1] == "Gedeeld beeld"
    assert not set(names["regio"]) & set(names["partner"])
    assert not set(names["team"]) & set(names["partner"])
    assert not set(names["regio"]) & set(names["team"])
    for n in NAMES:
        assert all(lv.get("omschrijving") for lv in ALL[n]["niveaus"]), n
    descriptions = [lv["omschrijving"] for n in NAMES for lv in ALL[n]["niveaus"]]
    assert len(set(descriptions)) == len(descriptions)


def test_one_partner_gives_at_most_70_questions() -> None:
    fixed = len(asked(ALL["regio"])) + len(asked(ALL["team"]))
    per_kind = {kind: len(asked(ALL["partner"], kind)) for kind in KINDS}
    assert fixed + max(per_kind.values()) <= MAX_WITH_ONE_PARTNER, per_kind


def test_short_form_asks_at_most_12_questions_for_every_kind() -> None:
    for kind in KINDS:
        short = [q for q in asked(ALL["partner"], kind) if q.get("kort")]
        assert 6 <= len(short) <= MAX_SHORT_FORM, (kind, len(short))
        assert any(scored(q) for q in short)


def test_the_question_counts_in_the_introductions_are_true() -> None:
    partner = ALL["partner"]
    longest = max(len(asked(partner, kind)) for kind in KINDS)
    short = max(len([q for q in asked(partner, k) if q.get("kort")]) for k in KINDS)
    assert f"{len(asked(ALL['regio']))} vragen" in ALL["regio"]["inleiding"]
    assert f"{len(asked(ALL['team']))} vragen" in ALL["team"]["inleiding"]
    assert f"hooguit {longest} vragen" in partner["inleiding"]
    assert f"{short} vragen" in partner["inleiding"]
    for n in NAMES:
        assert "minuten" in ALL[n]["inleiding"]


def test_at_most_a_fifth_of_the_advice_says_deze_maand() -> None:
    texts = [text for n in NAMES for _, _, text in advice(ALL[n])]
    this_month = [t for t in texts if "deze maand" in t.lower()]
    assert len(this_month) * 5 <= len(texts), (len(this_month), len(texts))
    assert this_month  # a step that fits in a month still opens some advice


def test_partner_placeholder_only_in_side_b_advice() -> None:
    for n in ("regio", "team"):
        assert not [s for s in strings(ALL[n]) if "{" in s or "}" in s], n
    partner = ALL["partner"]
    texts = {(d, lv): t for d, lv, t in advice(partner)}
    for key, text in texts.items():
        assert set(re.findall(r"\{[^}]*\}", text)) <= {"{partner}"}, key
        assert "deze partner" not in text.lower(), key
    assert sum("{partner}" in t for t in texts.values()) * 2 > len(texts)
    outside = strings({k: v for k, v in partner.items() if k != "onderdelen"}) + [
        s for d in partner["onderdelen"] for s in strings(d["vragen"])
    ]
    assert not [s for s in outside if "{" in s]


HINT = re.compile(
    r"\bscor|\bpunt(en)?\b|hoger is beter|lager is beter|hoe (meer|minder|hoger|lager) u"
    r"|telt (niet )?mee|hoe meer u het|beste antwoord",
    re.IGNORECASE,
)


def test_no_help_text_hints_at_scoring() -> None:
    for n in NAMES:
        for q in questions(ALL[n]):
            assert not HINT.search(q.get("toelichting", "")), f"{n}.{q['id']}"


def test_hint_pattern_catches_the_2026_1_hint() -> None:
    old = "Hoe meer u het hiermee eens bent, hoe kwetsbaarder de samenwerking is."
    assert HINT.search(old) and HINT.search("Een hogere score is beter.")


def test_reversed_items_are_rare_and_frequency_anchored() -> None:
    reversed_ = [q for n in NAMES for q in questions(ALL[n]) if q.get("omgekeerd")]
    assert len(reversed_) <= 2
    for q in reversed_:
        assert "Hoe vaak" in q["tekst"], q["id"]


def test_the_2026_2_keys_are_used_as_intended() -> None:
    partner = ALL["partner"]
    by_id = {q["id"]: q for q in questions(partner)}
    for n in ("regio", "team"):
        assert not [q for q in questions(ALL[n]) if "soorten" in q or "kort" in q], n
    for q in by_id.values():
        assert set(q.get("soorten", KINDS)) <= set(KINDS), q["id"]
        if "gewenst_van" in q:
            target = by_id[q["gewenst_van"]]
            assert q.get("gescoord") is False and scored(target)
            assert q["schaal"] == target["schaal"]
            assert q.get("soorten") == target.get("soorten")
            assert q.get("kort") == target.get("kort")
    for n in NAMES:
        for q in questions(ALL[n]):
            if q.get("nvt") or q.get("gescoord") is False:
                assert q.get("type", "schaal") == "schaal", q["id"]
    # the form ladders start with "not yet", one per kind, each with a desired counterpart
    for kind in KINDS:
        forms = [q for q in asked(partner, kind) if q["schaal"].startswith("vorm")]
        assert len(forms) == 2, kind
        assert partner["schalen"][forms[0]["schaal"]][0]["label"] == "Nog geen samenwerking"
    # the bpv design choices are profile questions, with one scored question on the choice itself
    profile = {q["id"] for q in by_id.values() if q.get("gescoord") is False}
    assert {"eigenaarschap_stageplek", "begeleiding_school", "afstemming_bpv"} <= profile
    assert scored(by_id["bpv_keuzes"])
