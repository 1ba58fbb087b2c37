"""Page flow on the bundled banks: no page mostly empty because of a forced break, and the
personal report stays within 16 pages (a team of five, one person, one with --vorige)."""

from __future__ import annotations

import datetime as dt
import io
import random
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from scan.answers import AnswerFile, PartnerAnswers, Respondent, save_answers
from scan.bank import NVT, WEET_NIET, BankSet
from scan.cli.commands import app

MM = 72 / 25.4
TOP, BOTTOM = 22 * MM, 20 * MM  # the page margins of templates/rapport.css
PARTNERS = [("ROC Midden", "mbo"), ("Zorggroep De Linde", "instelling"), ("Bouw Jansen", "bedrijf")]


def answer_file(banks: BankSet, seed: int, level: float, partners: int, day: int) -> AnswerFile:
    """Every question answered around ``level`` (0–1) of its scale, some weet niet and nvt."""
    rnd = random.Random(seed)
    roles = ["teamleider", "docent", "docent", "praktijkbegeleider", "docent"]
    answers = AnswerFile(
        respondent=Respondent(name=f"R{seed}", role=roles[seed % 5], school="Baken", team="Zorg"),
        versions={b.id: b.version for b in banks},
        date=dt.date(2026, 11, day),
    )
    answers.partners = [PartnerAnswers(name=n, kind=k) for n, k in PARTNERS[:partners]]
    for bank in banks:
        for qid, (_, q) in bank.questions.items():
            targets = (
                [p.answers for p in answers.partners if q.applies_to(p.kind)]
                if bank.per_partner
                else [answers.answers]
            )
            for target in targets:
                if not q.is_scale:
                    target[qid] = "Meer tijd om samen de stages voor te bereiden."
                    continue
                values = [v.value for v in bank.scale_of(q)]
                draw = rnd.random()
                pos = round(min(1.0, max(0.0, level + rnd.uniform(-0.3, 0.3))) * (len(values) - 1))
                target[qid] = (
                    WEET_NIET
                    if draw < 0.06
                    else NVT
                    if q.allows_nvt and draw < 0.1
                    else values[pos]
                )
    return answers


def _low(text: str, cm: list[float], tm: list[float], ys: list[float]) -> None:
    if text.strip():
        ys.append(tm[5] * cm[3] + cm[5])


def fills(pdf: Path) -> list[float | None]:
    """Per page how far down its text reaches, as a share of the text area (None: landscape)."""
    out: list[float | None] = []
    for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if width > height:
            out.append(None)
            continue
        ys: list[float] = []
        page.extract_text(visitor_text=lambda text, cm, tm, *_, ys=ys: _low(text, cm, tm, ys))
        body = [y for y in ys if BOTTOM + 5 < y < height - TOP - 5]  # not header or footer
        top = height - TOP
        out.append((top - min(body)) / (top - BOTTOM) if body else 0.0)
    return out


@pytest.mark.slow
def test_no_page_is_mostly_empty(runner: CliRunner, tmp_path: Path, bundled_banks: BankSet) -> None:
    paths = []
    for i, level in enumerate([0.75, 0.35, 0.55, 0.2, 0.9]):
        paths.append(tmp_path / f"r{i}.yaml")
        save_answers(answer_file(bundled_banks, i, level, 1 + i % 3, 20 + i), paths[-1])
    roles = []  # two roles of three: the roles section with its table
    for i, level in enumerate([0.75, 0.35, 0.55, 0.2, 0.9, 0.6]):
        answers = answer_file(bundled_banks, i, level, 1 + i % 3, 20 + i)
        answers.respondent.role = "docent" if i % 2 else "teamleider"
        roles.append(tmp_path / f"rol{i}.yaml")
        save_answers(answers, roles[-1])
    earlier = tmp_path / "vorig.yaml"
    save_answers(answer_file(bundled_banks, 0, 0.4, 2, 1), earlier)
    reports = {
        "team": paths,
        "rollen": roles,
        "persoonlijk": paths[:1],
        "vorige": [paths[0], "--vorige", earlier],
    }
    for name, args in reports.items():
        out = tmp_path / f"{name}.pdf"
        result = runner.invoke(app, ["rapport", *map(str, args), "-o", str(out)])
        assert result.exit_code == 0, result.output
        pages = fills(out)
        # every portrait page but the last is at least half full (the cover too)
        shown = " ".join("L" if f is None else f"{f:.2f}" for f in pages)
        assert all(f is None or f >= 0.5 for f in pages[:-1]), f"{name}: {shown}"
        if name == "persoonlijk":
            assert len(pages) <= 16
