"""Loading and validating question banks: every broken file gets a located Dutch message."""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path

import pytest

from scan.bank import BankSet, bank_schema, load_bank, load_bankset
from scan.errors import ScanError
from tests.conftest import TEST_BANKS

REGIO = (TEST_BANKS / "regio.yaml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "bank.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScanError) as info:
        load_bank(path)
    return [str(p) for p in info.value.problems]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_fixture_bank_loads_with_derived_views() -> None:
    bank = load_bank(TEST_BANKS / "regio.yaml")
    assert bank.side == "A" and bank.version == "2026.1"
    assert list(bank.questions)[:2] == ["regio.honkvast", "regio.bevolking"]
    dim, question = bank.questions["regio.krimp"]
    assert dim.id == "demografisch" and question.reversed and question.weight == 1
    assert bank.n_scored == 5
    assert bank.level_for(39.9).id == "incidenteel"
    assert bank.level_for(40.0).id == "structureel"
    assert bank.level_for(100).id == "leerlijn"
    assert bank.level_for(None) is None


def test_unknown_key_is_located_and_gets_a_suggestion(tmp_path: Path) -> None:
    text = REGIO.replace("    gewicht: 2\n", "    gewigt: 2\n")
    [message] = problems(write(tmp_path, text))
    assert message == (
        f"{tmp_path / 'bank.yaml'}:{line_of(text, 'gewigt')}: "
        "onderdelen[1].gewigt: onbekend veld 'gewigt' (bedoelt u 'gewicht'?)"
    )


def test_unknown_scale_suggests_the_closest(tmp_path: Path) -> None:
    text = REGIO.replace('toelichting: "Denk aan vacatures.", schaal: mate', "schaal: maat")
    [message] = problems(write(tmp_path, text))
    assert f":{line_of(text, 'schaal: maat')}: onderdelen[1].vragen[0].schaal:" in message
    assert "onbekende schaal 'maat' (bedoelt u 'mate'?)" in message


def test_duplicate_question_and_dimension_ids(tmp_path: Path) -> None:
    text = REGIO.replace("id: bevolking", "id: honkvast").replace(
        "id: economisch", "id: demografisch"
    )
    found = problems(write(tmp_path, text))
    assert any("vragen[1].id: vraag-id 'honkvast' komt al eerder voor" in m for m in found)
    assert any("onderdelen[1].id: id 'demografisch' komt al eerder voor" in m for m in found)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("vanaf: 0}", "vanaf: 10}", "het eerste niveau moet beginnen bij vanaf: 0"),
        ("vanaf: 70}", "vanaf: 40}", "de niveaus moeten strikt oplopen"),
        (
            "      leerlijn: Houd het regioprofiel bij. Stem het af met het mbo.\n",
            "",
            "advies ontbreekt voor niveau 'leerlijn'",
        ),
        ("incidenteel: Zoek", "incidenteeel: Zoek", "onbekend niveau 'incidenteeel'"),
        ("{waarde: 2, label: Een beetje}", "{waarde: 1, label: Een beetje}", "twee verschillende"),
        (
            "{waarde: 1, label: Helemaal niet}",
            "{waarde: een, label: Helemaal niet}",
            "geheel getal",
        ),
        ('versie: "2026.1"', "versie: 2026.1", "versie: moet tekst zijn, niet 2026.1"),
        ("id: honkvast", "id: Honkvast", "ongeldige id 'Honkvast'"),
        ("kant: A", "kant: D", "kant: ongeldige waarde 'D'"),
        ("gewicht: 2}", "gewicht: 0}", "moet > 0 zijn"),
        ("omgekeerd: true}", "omgekeerd: misschien}", "moet true of false zijn"),
    ],
)
def test_rule_violations_are_named(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in REGIO
    found = problems(write(tmp_path, REGIO.replace(old, new, 1)))
    assert any(expected in m for m in found), found
    assert all(m.startswith(f"{tmp_path / 'bank.yaml'}:") for m in found)


def test_dimension_without_scale_question(tmp_path: Path) -> None:
    text = REGIO.replace(
        '      - {id: werkgelegenheid, tekst: "Wat is het arbeidsperspectief in de regio?", '
        'toelichting: "Denk aan vacatures.", schaal: mate}\n'
        '      - {id: innovatie, tekst: "Hoeveel ruimte is er voor innovatieve bedrijven?", '
        'toelichting: "Denk aan nieuwe beroepen.", schaal: mate}\n',
        "",
    )
    assert text != REGIO
    found = problems(write(tmp_path, text))
    assert any(
        "onderdelen[1].vragen: elk onderdeel heeft minstens één schaalvraag" in m for m in found
    )


def test_open_question_with_scale_and_scale_question_without(tmp_path: Path) -> None:
    text = REGIO.replace("type: open}", "type: open, schaal: mate}").replace(
        ", schaal: mate, gewicht: 2}", ", gewicht: 2}"
    )
    found = problems(write(tmp_path, text))
    assert any("een open vraag (type: open) heeft geen schaal" in m for m in found)
    assert any("geef een 'schaal' op" in m for m in found)


def test_missing_required_field(tmp_path: Path) -> None:
    found = problems(write(tmp_path, REGIO.replace("    titel: Demografisch\n", "")))
    assert any("onderdelen[0].titel: verplicht veld ontbreekt" in m for m in found)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = REGIO.replace("    titel: Demografisch\n", "    titel: [Demografisch\n")
    [message] = problems(write(tmp_path, text))
    assert "ongeldige YAML" in message
    assert f"bank.yaml:{line_of(text, '[Demografisch') + 1}:" in message or "bank.yaml:" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "bestand is leeg"),
        (b"   \n\n", "bestand is leeg"),
        (b"id: regio\ntitel: caf\xe9\n", "bestand is geen UTF-8-tekst"),
        (b"- een\n- lijst\n", "verwacht een verzameling van sleutels en waarden"),
        (b"id: regio\nid: team\n", "sleutel 'id' staat er dubbel"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(content)
    [message] = problems(path)
    assert expected in message


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(b"id: regio\nkant: A\ntitel: caf\xe9\n")
    assert problems(path) == [f"{path}:3: bestand is geen UTF-8-tekst; sla het op als UTF-8"]


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "id: regio\n" + "# opvulling\n" * 300_000)
    [message] = problems(path)
    assert "bestand is te groot" in message


def test_python_tags_are_refused_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "uitgevoerd"
    text = f"id: !!python/object/apply:os.system ['touch {marker}']\n"
    [message] = problems(write(tmp_path, text))
    assert "YAML-tag" in message and "niet toegestaan" in message
    assert not marker.exists()


def test_billion_laughs_fails_fast_without_memory(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    tracemalloc.start()
    try:
        [message] = problems(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "bank.yaml:1: ankers (&naam) zijn niet toegestaan" in message
    assert peak < 5_000_000


def test_bankset_refuses_two_banks_for_one_side(tmp_path: Path) -> None:
    write(tmp_path, REGIO, "regio.yaml")
    write(tmp_path, REGIO.replace("id: regio", "id: regio2"), "regio2.yaml")
    with pytest.raises(ScanError) as info:
        load_bankset(tmp_path)
    assert "kant A staat ook al in regio.yaml" in str(info.value)


def test_bankset_may_leave_a_side_out(tmp_path: Path) -> None:
    write(tmp_path, REGIO, "regio.yaml")
    banks = load_bankset(tmp_path)
    assert [b.side for b in banks] == ["A"] and banks.by_side("B") is None


def test_bankset_reports_problems_of_all_files(tmp_path: Path) -> None:
    write(tmp_path, "", "a.yaml")
    write(tmp_path, "id: x\n", "b.yaml")
    with pytest.raises(ScanError) as info:
        load_bankset(tmp_path)
    files = {Path(p.file).name for p in info.value.problems}
    assert files == {"a.yaml", "b.yaml"}


def test_bundled_banks_are_valid_and_complete(bundled_banks) -> None:
    assert [b.side for b in bundled_banks] == ["A", "B", "C"]
    assert sum(b.n_scored for b in bundled_banks) >= 60
    assert bundled_banks.by_side("B").per_partner
    for bank in bundled_banks:
        for dim in bank.dimensions:
            for question in dim.scored:
                assert question.help, f"{bank.id}.{question.id} heeft geen toelichting"
            for text in dim.advice.values():
                # a first step and at least one more sentence (a question mark ends one too)
                assert re.search(r"[.?!]\s+\S", text), f"{bank.id}.{dim.id}: te kort advies"


def test_schema_is_generated_from_the_models_with_dutch_keys() -> None:
    schema = bank_schema()
    assert set(schema["required"]) >= {"id", "kant", "titel", "versie", "schalen", "niveaus"}
    assert "onderdelen" in schema["properties"] and "dimensions" not in schema["properties"]
    assert schema["additionalProperties"] is False
    json.dumps(schema)


def test_level_by_id(test_banks: BankSet) -> None:
    bank = test_banks.banks[0]
    first = bank.levels[0]
    assert bank.level_by_id(first.id) == first
    assert bank.level_by_id("bestaat-niet") is None
    assert bank.level_by_id(None) is None
