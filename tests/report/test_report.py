"""The advice report: content, escaping of untrusted text, standalone HTML, PDF metadata, CLI."""

from __future__ import annotations

import datetime as dt
import gc
import io
import re
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from pypdf import PdfReader

from scan.answers import AnswerFile, PartnerAnswers, Respondent, save_answers
from scan.bank import BankSet
from scan.cli.commands import app
from scan.report import render as report
from scan.report.fetcher import weasyprint_fetcher
from scan.report.render import (
    build_context,
    first_sentence,
    heat_head,
    report_html,
    report_pdf,
    templates_folder,
    weasyprint_document,
)
from scan.scoring.engine import score
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


def test_attention_points_are_the_lowest_scores_and_strengths_the_highest(
    test_banks: BankSet, personal: tuple[AnswerFile, object]
) -> None:
    answers, result = personal
    ctx = build_context(result, test_banks, [answers])  # type: ignore[arg-type]
    scores = sorted(a.score for a in result.advice)  # type: ignore[attr-defined]
    attention = [h.dimension.score for h in ctx["attention"]]
    strengths = [h.dimension.score for h in ctx["strengths"]]
    assert attention == scores[: len(attention)]
    assert strengths == sorted(scores, reverse=True)[: len(strengths)]
    assert not {(h.side.letter, h.dimension.id) for h in ctx["attention"]} & {
        (h.side.letter, h.dimension.id) for h in ctx["strengths"]
    }
    for h in ctx["attention"]:
        assert h.first_step and h.dimension.advice.startswith(h.first_step)


def test_side_b_has_one_heat_map_row_per_partner(
    test_banks: BankSet, personal: tuple[AnswerFile, object]
) -> None:
    answers, result = personal
    ctx = build_context(result, test_banks, [answers])  # type: ignore[arg-type]
    side_b = next(s for s in ctx["sides"] if s.letter == "B")
    assert [p.name for p in side_b.partners] == [HOSTILE_PARTNER, "Zorggroep De Linde"]
    assert all(len(p.cells) == len(test_banks.by_side("B").dimensions) for p in side_b.partners)
    assert len(side_b.heat_head.labels) == len(test_banks.by_side("B").dimensions) + 1
    partner = result.sides["B"].partners[0]  # type: ignore[attr-defined]
    assert side_b.partners[0].cells[0][0] == partner.dimensions["regelgeving"].score


def test_turned_heat_map_headings_fit_in_their_row() -> None:
    titles = [
        "Kort",
        "Elkaars positie in de organisatie kennen",
        "Vorm van samenwerking en beroepspraktijkvorming",
        "Een titel die zo lang is dat hij zelfs in drie regels nauwelijks past",
    ]
    head = heat_head(titles)
    assert [" ".join(lines) for lines in head.labels] == titles  # no word lost
    assert head.labels[0] == ["Kort"]
    assert all(1 <= len(lines) <= 3 for lines in head.labels)
    assert all(len(line) <= 22 for line in head.labels[1] + head.labels[2])
    longest = max(len(line) for lines in head.labels for line in lines)
    # the row holds the longest line (7 pt semibold measures 1.2-1.4 mm a character) and the
    # 2 mm the heading stands above the foot of its cell
    assert head.height_mm >= longest * 1.4 + 2


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


def test_html_is_standalone(personal_html: str) -> None:
    assert "<link" not in personal_html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|file:|//)""", personal_html)
    urls = re.findall(r"url\(\s*[\"']?([^\"')]+)", personal_html)
    assert urls and all(u.startswith("data:") for u in urls)
    assert '<html lang="nl">' in personal_html


def test_html_has_the_dutch_sections(personal_html: str) -> None:
    for heading in (
        "In één oogopslag",
        "Aandachtspunten",
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


def test_the_pdf_html_is_well_formed_xhtml(
    test_banks: BankSet, personal: tuple[AnswerFile, object]
) -> None:
    answers, result = personal
    html = report_html(result, test_banks, [answers], standalone=False)  # type: ignore[arg-type]
    root = ElementTree.fromstring(html)  # what weasyprint_document's fast path needs
    assert root.tag == "html" and root.get("lang") == "nl"


@pytest.mark.slow
def test_the_fast_xhtml_path_gives_the_same_pdf_as_the_html5_parser(
    test_banks: BankSet, personal: tuple[AnswerFile, object], personal_pdf: bytes
) -> None:
    import weasyprint

    answers, result = personal
    html = report_html(result, test_banks, [answers], standalone=False)  # type: ignore[arg-type]
    root = templates_folder()
    html5 = weasyprint.HTML(
        string=html, base_url=root.as_uri() + "/", url_fetcher=weasyprint_fetcher(root)
    ).write_pdf(pdf_tags=True, full_fonts=True)
    assert pdf_text(html5) == pdf_text(personal_pdf)
    assert len(PdfReader(io.BytesIO(html5)).pages) == len(PdfReader(io.BytesIO(personal_pdf)).pages)


def test_html_that_is_not_xml_goes_through_the_html5_parser() -> None:
    html = "<!DOCTYPE html><html lang=nl><p>één<br>twee &nbsp;drie \x0b vier</p></html>"
    document = weasyprint_document(html)
    body = document.etree_element.find("body")  # implied by the HTML5 parser, not by XML
    assert body is not None and body.find("p/br") is not None
    assert "twee \xa0drie" in "".join(body.itertext())
    assert len(document.render().pages) == 1


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
