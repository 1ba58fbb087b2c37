"""The advice report: content, escaping of untrusted text, standalone HTML, PDF metadata, CLI."""

from __future__ import annotations

import datetime as dt
import gc
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from scan.answers import AnswerFile, PartnerAnswers, Respondent, save_answers
from scan.bank import BankSet
from scan.cli.commands import app
from scan.report import render as report
from scan.report.render import (
    build_context,
    first_sentence,
    heat_class,
    report_html,
    report_pdf,
)
from scan.scoring.build import score
from scan.util.gc_pause import paused_garbage_collector

HOSTILE_SCHOOL = "De <b>Brug</b> {{ 7*7 }}"
HOSTILE_PARTNER = '<img src="http://127.0.0.1:9/x.png"> ROC'
HOSTILE_REMARK = "Zie <script>alert(1)</script> en {% if 1 %}ja{% endif %}"
HOSTILE_OPEN = "Bakker <img src=x> & Zn {{ 7*7 }}"


def answers_for(name: str = "Jan Jansen", low: bool = False) -> AnswerFile:
    """A complete answer file for the small test banks (tests/fixtures/banken)."""
    a, b = (1, 2) if low else (4, 3)
    return AnswerFile(
        respondent=Respondent(name=name, role="teamleider", school=HOSTILE_SCHOOL, team="Z&W"),
        date=dt.date(2026, 11, 22),
        versions={"regio": "2026.1", "partner": "2026.1", "team": "2026.1"},
        answers={
            "regio.honkvast": a,
            "regio.bevolking": b,
            "regio.krimp": 1,
            "regio.werkgelegenheid": "weet_niet",
            "regio.innovatie": "weet_niet",
            "regio.bedrijven": HOSTILE_OPEN,
            "team.steun": 3 if not low else 1,
            "team.urgentie": 2,
            "team.uren": 1,
            "team.tijdgebrek": 3,
            "team.wens": "",
        },
        partners=[
            PartnerAnswers(
                name=HOSTILE_PARTNER,
                kind="mbo",
                answers={
                    "partner.regels": a,
                    "partner.examens": b,
                    "partner.contactpersoon": 2,
                    "partner.vorm": 5,
                    "partner.persoon": 1,
                },
            ),
            PartnerAnswers(
                name="Zorggroep De Linde",
                kind="instelling",
                answers={"partner.regels": 1, "partner.examens": 1, "partner.contactpersoon": 4},
            ),
        ],
        remarks={"regio.honkvast": HOSTILE_REMARK},
    )


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture(scope="module")
def personal(test_banks: BankSet) -> tuple[AnswerFile, object]:
    answers = answers_for()
    return answers, score(test_banks, answers)


@pytest.fixture(scope="module")
def personal_pdf(test_banks: BankSet, personal: tuple[AnswerFile, object]) -> bytes:
    answers, result = personal
    return report_pdf(result, test_banks, [answers])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def personal_text(personal_pdf: bytes) -> str:
    return pdf_text(personal_pdf)


@pytest.fixture(scope="module")
def personal_html(test_banks: BankSet, personal: tuple[AnswerFile, object]) -> str:
    answers, result = personal
    return report_html(result, test_banks, [answers])  # type: ignore[arg-type]


# --- context (no rendering) ---


def test_the_report_shows_what_the_highlight_rule_chose(
    test_banks: BankSet, personal: tuple[AnswerFile, object]
) -> None:
    answers, result = personal
    ctx = build_context(result, test_banks, [answers])  # type: ignore[arg-type]
    for key, field in (("attention", "attention"), ("strengths", "strengths")):
        shown = [(h.side.letter, h.dimension.id, h.partner) for h in ctx[key]]
        chosen = [(p.side, p.dimension, p.partner) for p in getattr(result, field)]
        assert shown == chosen
    for h in ctx["attention"]:
        assert h.first_step and h.dimension.advice.startswith(h.first_step)
        assert h.dimension.priority  # its whole advice is printed on the side's page


def test_side_b_has_one_heat_map_column_per_partner(
    test_banks: BankSet, personal: tuple[AnswerFile, object]
) -> None:
    answers, result = personal
    ctx = build_context(result, test_banks, [answers])  # type: ignore[arg-type]
    side_b = next(s for s in ctx["sides"] if s.letter == "B")
    assert [p.name for p in side_b.partners] == [HOSTILE_PARTNER, "Zorggroep De Linde"]
    assert all(len(p.cells) == len(test_banks.by_side("B").dimensions) for p in side_b.partners)
    partner = result.sides["B"].partners[0]  # type: ignore[attr-defined]
    assert side_b.partners[0].cells[0] == partner.dimensions["regelgeving"].score


def test_heat_map_has_five_colour_steps() -> None:
    assert [heat_class(s) for s in (0.0, 19.9, 20.0, 44.4, 63.3, 80.0, 100.0, None)] == [
        "heat-0",
        "heat-0",
        "heat-1",
        "heat-2",
        "heat-3",
        "heat-4",
        "heat-4",
        "none",
    ]


def test_blind_spots_come_from_the_result(
    test_banks: BankSet, personal: tuple[AnswerFile, object]
) -> None:
    answers, result = personal
    ctx = build_context(result, test_banks, [answers])  # type: ignore[arg-type]
    found = [(s.letter, d.id) for s, d in ctx["blind_spots"]]
    assert found == [(b.side, b.dimension) for b in result.blind_spots]  # type: ignore[attr-defined]
    assert ("A", "economisch") in found  # both scale questions answered 'weet niet'


def test_first_sentence_is_the_first_step() -> None:
    assert first_sentence("Zoek cijfers op. Bespreek ze.") == "Zoek cijfers op."
    assert first_sentence("Vraag het UWV, bijv. om cijfers! Nodig iemand uit.") == (
        "Vraag het UWV, bijv. om cijfers!"
    )
    assert first_sentence("  Eén zin  zonder einde ") == "Eén zin zonder einde"


# --- HTML ---


def test_html_escapes_untrusted_text(personal_html: str) -> None:
    for hostile in (HOSTILE_SCHOOL, HOSTILE_PARTNER, HOSTILE_REMARK, HOSTILE_OPEN):
        assert hostile not in personal_html
    assert "De &lt;b&gt;Brug&lt;/b&gt; {{ 7*7 }}" in personal_html
    assert "&lt;img src=&#34;http://127.0.0.1:9/x.png&#34;&gt; ROC" in personal_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; en {% if 1 %}ja{% endif %}" in personal_html
    assert "<script" not in personal_html
    assert "<img" not in personal_html


def test_report_text_cannot_be_turned_around_by_bidi_or_control_characters(
    test_banks: BankSet,
) -> None:
    answers = answers_for()
    answers.partners[0].name = "ROC \u202eneddiM\u2066 \x1b]0;titel\x07"
    answers.remarks["regio.honkvast"] = "regel 1\nregel 2 \u202egnikrepo\x00"
    result = score(test_banks, answers)
    html = report_html(result, test_banks, [answers])
    for control in ("\u202e", "\u2066", "\x1b", "\x07", "\x00"):
        assert control not in html
    assert "ROC neddiM" in html
    assert "regel 1\nregel 2 gnikrepo" in html


def test_html_is_standalone(personal_html: str) -> None:
    assert "<link" not in personal_html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|file:|//)""", personal_html)
    urls = re.findall(r"url\(\s*[\"']?([^\"')]+)", personal_html)
    assert urls and all(u.startswith("data:") for u in urls)
    assert '<html lang="nl">' in personal_html


def test_html_has_the_dutch_sections(personal_html: str) -> None:
    for heading in (
        "In één oogopslag",
        "Eerst aan de slag",
        "Sterke punten",
        "Aan de slag",
        "Succescriterium",
        "Verantwoording",
        "alle vragen en antwoorden",
        "De eigen regio kennen (test)",
        "Per partner: de gouden standaard",
    ):
        assert heading in personal_html, heading


# --- PDF ---


@pytest.mark.slow
def test_pdf_shows_the_report_in_dutch(personal_text: str) -> None:
    text = personal_text
    for expected in (
        "In één oogopslag",
        "Aan de slag",
        "Verantwoording",
        "Blinde vlekken",
        "Zorggroep De Linde",
        "Jan Jansen",
        "pagina 2 van",
    ):
        assert expected in text, expected


@pytest.mark.slow
def test_pdf_shows_untrusted_text_literally(personal_text: str) -> None:
    text = personal_text
    assert HOSTILE_SCHOOL in text
    assert "<img" in text and "ROC" in text
    assert "<script>alert(1)</script>" in text
    assert "{{ 7*7 }}" in text
    assert "49" not in text


@pytest.mark.slow
def test_pdf_metadata_title_author_language_tags(personal_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(personal_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title and "adviesrapport" in meta.title and HOSTILE_SCHOOL in meta.title
    assert meta.author == "Samenwerkingsscan"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root  # tagged PDF for screen readers
    assert len(reader.pages) >= 6


# --- parsing and the template cache (speed, same result) ---


MISSING_PANGO = """
import sys, cffi
real = cffi.FFI.dlopen
def refuse(self, name, *args):
    if "pango" in str(name):
        raise OSError(f"cannot load library '{name}': not found")
    return real(self, name, *args)
cffi.FFI.dlopen = refuse
sys.argv = ["scan", *sys.argv[1:]]
from scan.cli.commands import main
main()
"""


@pytest.mark.slow
def test_without_pango_one_dutch_line_and_exit_1(answer_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    args = [str(answer_file), "-o", str(out), *banks_args()]
    run = subprocess.run(
        [sys.executable, "-c", MISSING_PANGO, "rapport", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stdout == ""  # WeasyPrint's English banner is swallowed
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "Pango" in lines[0] and "--html" in lines[0] and "Traceback" not in run.stderr
    assert not out.exists()
    html = subprocess.run(
        [
            sys.executable,
            "-c",
            MISSING_PANGO,
            "rapport",
            *args[:2],
            str(out.with_suffix(".html")),
            "--html",
            *banks_args(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert html.returncode == 0, html.stderr


def test_the_garbage_collector_is_paused_only_while_rendering() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_garbage_collector():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_garbage_collector():
            pass
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()


def test_a_broken_template_cache_costs_only_time(
    test_banks: BankSet,
    personal: tuple[AnswerFile, object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers, result = personal
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    try:
        report._environment.cache_clear()
        first = report_html(result, test_banks, [answers])  # type: ignore[arg-type]
        cached = list(tmp_path.glob("*/samenwerkingsscan-*.cache"))
        assert cached, "the compiled template is cached"
        for path in cached:
            path.write_bytes(b"kapot")
        report._environment.cache_clear()
        assert report_html(result, test_banks, [answers]) == first  # type: ignore[arg-type]
        (tmp_path / "geen-map").write_text("")
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "geen-map"))
        assert report._bytecode_cache() is None  # no safe folder: compile every time
    finally:
        report._environment.cache_clear()


# --- CLI ---


@pytest.fixture
def answer_file(tmp_path: Path) -> Path:
    path = tmp_path / "antwoorden.yaml"
    save_answers(answers_for(), path)
    return path


def banks_args() -> list[str]:
    return ["--vragenlijsten", str(Path(__file__).parent.parent / "fixtures" / "banken")]


def test_cli_html_writes_a_standalone_report(runner, answer_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.html"
    result = runner.invoke(
        app, ["rapport", str(answer_file), "-o", str(out), "--html", *banks_args()]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "In één oogopslag" in html and "<link" not in html


def test_cli_unwritable_output_is_a_clear_error_and_leaves_nothing(
    runner, answer_file: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "bestaat-niet" / "rapport.html"
    result = runner.invoke(
        app, ["rapport", str(answer_file), "-o", str(missing), "--html", *banks_args()]
    )
    assert result.exit_code == 1
    assert "map bestaat niet" in result.output and "Traceback" not in result.output
    assert not missing.parent.exists()
    folder = tmp_path / "uit"
    (folder / "rapport.pdf").mkdir(parents=True)
    result = runner.invoke(
        app, ["rapport", str(answer_file), "-o", str(folder / "rapport.pdf"), *banks_args()]
    )
    assert result.exit_code == 1
    assert "is een map; geef een bestandsnaam" in result.output
    assert [p.name for p in folder.iterdir()] == ["rapport.pdf"]  # no temp file left behind


def test_cli_bad_answer_file_is_reported_with_its_name(runner, tmp_path: Path) -> None:
    bad = tmp_path / "kapot.yaml"
    data = answers_for().to_data()
    data["antwoorden"]["regio.honkvast"] = 9
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "rapport.pdf"
    result = runner.invoke(app, ["rapport", str(bad), "-o", str(out), *banks_args()])
    assert result.exit_code == 1
    assert "kapot.yaml" in result.output and "regio.honkvast" in result.output
    assert not out.exists()


@pytest.mark.slow
def test_cli_pdf(runner, answer_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "rapport.pdf"
    result = runner.invoke(app, ["rapport", str(answer_file), "-o", str(out), *banks_args()])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert "In één oogopslag" in pdf_text(out.read_bytes())
