"""The report tells the same story as the terminal and the JSON, on the extracted PDF text:
highlights, anonymity, progress, the text layer, any bank set, long strings."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from scan.answers import AnswerFile, PartnerAnswers, Respondent, save_answers
from scan.bank import BankSet
from scan.cli.commands import app
from tests.conftest import FIXTURES, TEST_BANKS

ANSWERS = FIXTURES / "antwoorden"
LADDERS = FIXTURES / "banken-ladders"
TEAM = [ANSWERS / "jan.yaml", ANSWERS / "piet.yaml", ANSWERS / "klaas.json"]


def pages(pdf: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def rapport(runner: CliRunner, out: Path, *args: str | Path, banks: Path = TEST_BANKS) -> list[str]:
    result = runner.invoke(
        app, ["rapport", *map(str, args), "-o", str(out), "--vragenlijsten", str(banks)]
    )
    assert result.exit_code == 0, result.output
    return pages(out)


def titles(banks: BankSet) -> dict[tuple[str, str], str]:
    return {(b.side, d.id): d.title for b in banks for d in b.dimensions}


@pytest.mark.slow
def test_summary_page_names_what_the_json_names(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet
) -> None:
    # --min-groep 2: this team's dimensions rest on two or three respondents; below the bar
    # the report holds them back (test_a_mean_of_fewer_than_min_groep_never_shows...)
    lower = ["--min-groep", "2"]
    args = ["resultaat", *map(str, TEAM), *lower, "--json", "--vragenlijsten", str(TEST_BANKS)]
    data = json.loads(runner.invoke(app, args).stdout)
    text = rapport(runner, tmp_path / "team.pdf", *TEAM, *lower)
    summary = next(p for p in text if "In één oogopslag" in p)
    names = titles(test_banks)
    first = summary[summary.index("Eerst aan de slag") : summary.index("Sterke punten")]
    for point in data["aandachtspunten"]:
        assert names[(point["kant"], point["onderdeel"])] in first
        if point["partner"]:
            assert point["partner"] in first
    discuss = summary[summary.index("Eerst samen bespreken") :]
    strengths = summary[summary.index("Sterke punten") : summary.index("Eerst samen bespreken")]
    for point in data["bespreken"][:2]:  # the summary names two; the sides flag every one
        assert names[(point["kant"], point["onderdeel"])] in discuss
    for point in data["bespreken"]:
        assert names[(point["kant"], point["onderdeel"])] not in strengths
    if len(data["bespreken"]) > 2:
        assert f"En {len(data['bespreken']) - 2} ander" in discuss
    for point in data["sterke_punten"]:
        assert names[(point["kant"], point["onderdeel"])] in strengths


@pytest.mark.slow
def test_team_report_is_anonymous_unless_namen(runner: CliRunner, tmp_path: Path) -> None:
    text = " ".join(rapport(runner, tmp_path / "team.pdf", *TEAM))
    for name in ("Jan Jansen", "Piet de Vries", "Klaas Bakker"):
        assert name not in text
    # Zorgcentrum De Linde is rated by one colleague: no column of its own, and said so
    assert "1 beoordeling" not in text
    assert "minder dan 3" in text and "anonimiteit" in text
    named = " ".join(rapport(runner, tmp_path / "namen.pdf", *TEAM, "--namen"))
    assert "Jan Jansen" in named
    lower = " ".join(rapport(runner, tmp_path / "min1.pdf", *TEAM, "--min-groep", "1"))
    assert "Zorgcentrum De Linde instelling · 1 beoordeling" in lower


@pytest.mark.slow
def test_vorige_opens_with_what_changed(runner: CliRunner, tmp_path: Path) -> None:
    jan, piet = ANSWERS / "jan.yaml", ANSWERS / "piet.yaml"
    text = rapport(runner, tmp_path / "vorige.pdf", jan, "--vorige", piet)
    assert "Wat is er veranderd" in text[1]  # the page after the cover
    assert "Vergeleken met de vorige scan van 23 november 2026" in text[1]
    assert "+66,6" in text[1]  # A demografisch: 16,7 → 83,3


@pytest.mark.slow
def test_any_valid_bank_set_renders_with_each_sides_own_levels(
    runner: CliRunner, tmp_path: Path
) -> None:
    # side A has two levels, side B three, side C two with other names
    assert (
        runner.invoke(app, ["valideer", *map(str, sorted(LADDERS.glob("*.yaml")))]).exit_code == 0
    )
    text = " ".join(rapport(runner, tmp_path / "l.pdf", *TEAM, banks=LADDERS))
    for level in ("Beperkt beeld", "Gedeeld en onderbouwd beeld", "Structureel", "Beginnend"):
        assert level in text, level
    export = tmp_path / "export.csv"
    export.write_text(
        "respondent;school;team;partner;regio.honkvast;regio.krimp;partner.regels\r\n"
        "r1;Baken;Zorg;ROC;1;2;3\r\nr2;baken;zorg ;ROC;4;4;4\r\n",
        encoding="utf-8",
    )
    folder = tmp_path / "rapporten"
    result = runner.invoke(
        app,
        [
            "batch",
            str(export),
            "-o",
            str(tmp_path / "uit.csv"),
            "--rapporten",
            str(folder),
            "--vragenlijsten",
            str(LADDERS),
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(list(folder.iterdir())) == 1  # "Baken"/"baken" is one school


@pytest.mark.slow
def test_text_layer_has_no_ligatures(
    runner: CliRunner, tmp_path: Path, bundled_banks: BankSet
) -> None:
    answers = AnswerFile(
        respondent=Respondent(name="Marieke", school="Het Baken", team="Zorg"),
        versions={b.id: b.version for b in bundled_banks},
    )
    partner = PartnerAnswers(name="ROC Midden", kind="mbo")
    for bank in bundled_banks:
        for qid, (_, q) in bank.questions.items():
            if q.is_scale:
                values = [v.value for v in bank.scale_of(q)]
                (partner.answers if bank.per_partner else answers.answers)[qid] = values[1]
    answers.partners.append(partner)
    path = tmp_path / "a.yaml"
    save_answers(answers, path)
    out = tmp_path / "r.pdf"
    result = runner.invoke(app, ["rapport", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(pages(out))
    assert "Demografisch" in text and "profiel" in text


@pytest.mark.slow
def test_long_unbroken_strings_stay_on_the_page(runner: CliRunner, tmp_path: Path) -> None:
    long_name = "Zorggroep" + "X" * 160
    long_remark = "https://example.org/" + "a" * 300
    answers = AnswerFile(
        respondent=Respondent(name="N" * 150, school="S" * 120, team="Zorg"),
        answers={"regio.honkvast": 2, "regio.bevolking": 3, "team.wens": "W" * 250},
        partners=[PartnerAnswers(name=long_name, kind="mbo", answers={"partner.regels": 2})],
        remarks={"regio.honkvast": long_remark},
    )
    path = tmp_path / "a.yaml"
    save_answers(answers, path)
    out = tmp_path / "r.pdf"
    rapport(runner, out, path)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    for page in reader.pages:
        width = float(page.mediabox.width)
        assert max(text_ends(page), default=0) <= width + 1


def text_ends(page: object) -> list[float]:
    """Where each long run of text on a page ends (x, estimated at 0.45 em a character)."""
    ends: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if len(text.strip()) > 25:
            x = tm[4] * cm[0] + cm[4]
            scale = abs(tm[0] * cm[0]) or 1.0
            ends.append(x + 0.45 * size * scale * len(text.rstrip()))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return ends


@pytest.mark.slow
def test_an_unfinished_scan_says_so_everywhere(runner: CliRunner, tmp_path: Path) -> None:
    answers = AnswerFile(
        respondent=Respondent(name="Half", school="Het Baken", team="Zorg & Welzijn"),
        answers={"regio.honkvast": 2, "regio.bevolking": 3},
    )
    path = tmp_path / "half.yaml"
    save_answers(answers, path)
    args = ["resultaat", str(path), "--vragenlijsten", str(TEST_BANKS)]
    data = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    done, total = data["voortgang"]["beantwoord"], data["voortgang"]["vragen"]
    assert done == 2 and total > done
    line = f"{done} van {total} vragen beantwoord"
    out = runner.invoke(app, args, env={"COLUMNS": "200", "NO_COLOR": "1"}).stdout
    assert line in out
    text = rapport(runner, tmp_path / "half.pdf", path)
    assert line in text[1] and "niet afgerond" in text[1]  # the summary page
    team = runner.invoke(app, [*args[:2], str(ANSWERS / "jan.yaml"), *args[2:]]).stdout
    assert "1 van de 2 respondenten heeft de scan niet afgerond" in " ".join(team.split())


def lone_dimension_team(tmp_path: Path, test_banks: BankSet) -> list[Path]:
    """Four colleagues rating ROC Midden; every answer at the bottom of its scale, except that
    only the first answers side A's `demografisch` and side B's `borging`, at the top."""
    paths = []
    for i, name in enumerate(["Anna", "Bert", "Cor", "Dina"]):
        answers = AnswerFile(
            respondent=Respondent(name=name, role="docent", school="Het Baken", team="Zorg")
        )
        partner = PartnerAnswers(name="ROC Midden", kind="mbo")
        for bank in test_banks:
            for dim in bank.dimensions:
                alone = (bank.side, dim.id) in {("A", "demografisch"), ("B", "borging")}
                if alone and i:
                    continue
                for q in dim.questions:
                    if q.is_scale:
                        values = sorted(v.value for v in bank.scale_of(q))
                        top = alone != q.reversed  # the lone dimension scores 100, the rest 0
                        value = values[-1] if top else values[0]
                        qid = f"{bank.id}.{q.id}"
                        (partner.answers if bank.per_partner else answers.answers)[qid] = value
        answers.partners.append(partner)
        paths.append(tmp_path / f"{name}.yaml")
        save_answers(answers, paths[-1])
    return paths


@pytest.mark.slow
def test_a_mean_of_fewer_than_min_groep_never_shows_in_a_team_report(
    runner: CliRunner, tmp_path: Path, test_banks: BankSet
) -> None:
    paths = lone_dimension_team(tmp_path, test_banks)
    args = ["resultaat", *map(str, paths), "--json", "--vragenlijsten", str(TEST_BANKS)]
    data = json.loads(runner.invoke(app, args).stdout)
    # the JSON is the team leader's: it keeps the number, with n saying what it rests on
    demo = data["kanten"]["A"]["onderdelen"]["demografisch"]
    assert (demo["n"], demo["score"]) == (1, 100.0)
    cell = data["kanten"]["B"]["partners"][0]["onderdelen"]["borging"]
    assert (data["kanten"]["B"]["partners"][0]["n"], cell["n"], cell["score"]) == (4, 1, 100.0)
    text = " ".join(rapport(runner, tmp_path / "team.pdf", *paths))
    assert "100,0" not in text  # not in a table, heat map, advice or summary
    assert "Demografisch –*" in text and "Borging –*" in text
    assert "Minder dan 3 beoordelingen" in text
    assert "Demografisch minder dan 3 beoordelingen" in text  # the chart's row
    # the JSON's strengths are those two dimensions: the summary says why it names none
    assert [s["onderdeel"] for s in data["sterke_punten"]] == ["demografisch", "borging"]
    assert "2 sterke punten rusten op minder dan 3 beoordelingen" in text
    # nor one colleague's answers in the appendix; reversed questions are marked
    assert "Hoe honkvast is de regionale bevolking? minder dan 3 antwoorden" in text
    assert "Is er tijd voor overleg? 4 0 0 0" in text
    assert "Belemmert tijdgebrek de samenwerking? (omgekeerd) 0 0 4 0" in text
    # one role: no section of its own, one line in the Verantwoording
    assert "Rollen naast elkaar" not in text.split("Verantwoording")[0]
    assert "Rollen naast elkaar. Rollen vergelijken kan vanaf twee rollen" in text
    # the team leader can lower the bar deliberately: then the number is there
    shown = " ".join(rapport(runner, tmp_path / "min1.pdf", *paths, "--min-groep", "1"))
    assert "100,0" in shown and "–*" not in shown
