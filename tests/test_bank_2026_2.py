"""Bank format 2026.2: the keys gescoord, soorten, nvt, kort, gewenst_van and niveaus with
omschrijving; good banks load, every misuse gets a located Dutch message."""

from __future__ import annotations

from pathlib import Path

import pytest

from scan.bank import bank_schema, load_bank
from scan.errors import ScanError
from tests.conftest import FIXTURES

NEW = FIXTURES / "banken-2026.2"
PARTNER = (NEW / "partner.yaml").read_text(encoding="utf-8")
REGIO = (NEW / "regio.yaml").read_text(encoding="utf-8")


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScanError) as info:
        load_bank(path)
    return [str(p) for p in info.value.problems]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_new_keys_load_into_the_model() -> None:
    bank = load_bank(NEW / "partner.yaml")
    _, regels = bank.questions["partner.regels"]
    _, vorm_gewenst = bank.questions["partner.vorm_gewenst"]
    _, zoeker = bank.questions["partner.zoeker"]
    _, contact = bank.questions["partner.contactpersoon"]
    assert regels.kinds == ["mbo"] and regels.counts and not regels.short
    assert regels.applies_to("mbo") and not regels.applies_to("bedrijf")
    assert not regels.applies_to("mbo", short=True)  # not in the short form
    assert contact.allows_nvt and contact.short and contact.applies_to("anders", short=True)
    assert vorm_gewenst.is_profile and vorm_gewenst.is_scale and not vorm_gewenst.counts
    assert vorm_gewenst.desired_of == "vorm"
    assert [(now.id, wish.id) for now, wish in bank.desired_pairs] == [("vorm", "vorm_gewenst")]
    assert zoeker.kinds == ["bedrijf", "instelling"] and not zoeker.scored
    # profile questions are not among the scored questions of their dimension
    assert [q.id for q in bank.dimensions[1].scored] == ["contactpersoon", "vorm", "persoon"]
    assert bank.label_of(zoeker, 2) == "De school"
    assert bank.label_of(zoeker, "nvt") == "Niet van toepassing"
    regio = load_bank(NEW / "regio.yaml")
    assert regio.levels[0].description == "Het team kent de regio uit eigen ervaring."


@pytest.mark.parametrize(
    ("old", "new", "fragment", "expected"),
    [
        (
            "schaal: mate, soorten: [mbo]}",
            "schaal: mate, soorten: [roc]}",
            "soorten: [roc]",
            "onderdelen[0].vragen[0].soorten[0]: ongeldige waarde 'roc': kies uit 'mbo', "
            "'bedrijf', 'instelling' of 'anders'",
        ),
        (
            "schaal: mate, soorten: [mbo]}",
            "schaal: mate, soorten: []}",
            "soorten: []",
            "onderdelen[0].vragen[0].soorten: mag niet leeg zijn",
        ),
        (
            "gewenst_van: vorm,",
            "gewenst_van: vrom,",
            "gewenst_van: vrom",
            "onderdelen[1].vragen[3].gewenst_van: onbekende vraag 'vrom' in deze vragenlijst "
            "(bedoelt u 'vorm'?)",
        ),
        (
            "gewenst_van: vorm,",
            "gewenst_van: zoeker,",
            "gewenst_van: zoeker",
            "onderdelen[1].vragen[3].gewenst_van: 'zoeker' is geen gescoorde schaalvraag",
        ),
        (
            "gewenst_van: vorm,",
            "gewenst_van: persoon,",
            "gewenst_van: persoon",
            "onderdelen[1].vragen[3].gewenst_van: 'persoon' heeft schaal 'mate'; een gewenste "
            "tegenhanger gebruikt dezelfde schaal",
        ),
        (
            "schaal: vorm, gescoord: false, gewenst_van: vorm",
            "schaal: vorm, gewenst_van: vorm",
            "gewenst_van: vorm",
            "onderdelen[1].vragen[3]: een vraag met 'gewenst_van' telt zelf niet mee; zet er "
            "'gescoord: false' bij",
        ),
        (
            "schaal: mate, soorten: [mbo], kort: true}",
            "schaal: mate, soorten: [mbo], kort: ja}",
            "kort: ja",
            "onderdelen[0].vragen[1].kort: moet true of false zijn, niet 'ja'",
        ),
    ],
)
def test_misused_partner_keys_are_located(
    tmp_path: Path, old: str, new: str, fragment: str, expected: str
) -> None:
    assert old in PARTNER
    text = PARTNER.replace(old, new, 1)
    found = problems(tmp_path, text)
    assert f"{tmp_path / 'bank.yaml'}:{line_of(text, fragment)}: {expected}" in found, found


@pytest.mark.parametrize(
    ("old", "new", "fragment", "expected"),
    [
        (
            "schaal: mate, gewicht: 2}",
            "schaal: mate, gewicht: 2, soorten: [mbo]}",
            "soorten: [mbo]",
            "onderdelen[0].vragen[1].soorten: 'soorten' kan alleen in een vragenlijst per "
            "partner (per_partner: true)",
        ),
        (
            "schaal: mate, gewicht: 2}",
            "schaal: mate, gewicht: 2, kort: true}",
            "kort: true",
            "onderdelen[0].vragen[1].kort: 'kort' kan alleen in een vragenlijst per partner "
            "(per_partner: true)",
        ),
        (
            "type: open}",
            "type: open, nvt: true}",
            "type: open, nvt",
            "onderdelen[1].vragen[1]: 'gescoord', 'nvt' en 'gewenst_van' horen bij een "
            "schaalvraag, niet bij een open vraag",
        ),
        (
            "type: open}",
            "type: open, gescoord: false}",
            "type: open, gescoord",
            "onderdelen[1].vragen[1]: 'gescoord', 'nvt' en 'gewenst_van' horen bij een "
            "schaalvraag, niet bij een open vraag",
        ),
        (
            "schaal: mate, omgekeerd: true, nvt: true}",
            "schaal: mate, omgekeerd: true, nvt: 1}",
            "nvt: 1}",
            "onderdelen[0].vragen[2].nvt: moet true of false zijn, niet 1",
        ),
        (
            "      beperkt: Zoek regionale cijfers op.",
            "      beperkt: Vraag {partner} om cijfers.",
            "{partner}",
            "onderdelen[0].advies.beperkt: '{partner}' kan alleen in het advies van een "
            "vragenlijst per partner",
        ),
        (
            'toelichting: "Denk aan vacatures.", schaal: mate}',
            'toelichting: "Denk aan vacatures.", schaal: mate, gescoord: false}',
            "Denk aan vacatures",
            "onderdelen[1].vragen: elk onderdeel heeft minstens één schaalvraag nodig die "
            "meetelt (zonder 'gescoord: false')",
        ),
    ],
)
def test_misused_keys_in_a_bank_answered_once_are_located(
    tmp_path: Path, old: str, new: str, fragment: str, expected: str
) -> None:
    assert old in REGIO
    text = REGIO.replace(old, new, 1)
    found = problems(tmp_path, text)
    lines = {line_of(text, fragment), line_of(text, fragment) - 1}  # 'vragen:' is one line up
    assert any(f":{n}: {expected}" in m for n in lines for m in found), found


def test_schema_has_the_new_keys() -> None:
    question = bank_schema()["$defs"]["Question"]["properties"]
    assert {"gescoord", "soorten", "nvt", "kort", "gewenst_van"} <= set(question)
    assert question["soorten"]["anyOf"][0]["items"]["enum"] == [
        "mbo",
        "bedrijf",
        "instelling",
        "anders",
    ]
    level = bank_schema()["$defs"]["Level"]["properties"]
    assert "omschrijving" in level
