"""Partner remarks are stored per partner (docs/formaten.md); old ``Naam: tekst`` lines are read."""

from __future__ import annotations

from pathlib import Path

from scan.answers import (
    AnswerFile,
    PartnerAnswers,
    Respondent,
    load_answers,
    new_answers,
    save_answers,
)
from scan.bank import BankSet
from scan.interview.flow import QuestionStep, plan, remark_of, set_remark
from scan.report.render import report_html
from scan.scoring.build import score

OLD_FILE = """\
formaat: samenwerkingsscan/antwoorden-1
respondent: {naam: Jan, school: Het Baken}
partners:
  - {naam: ROC, soort: mbo, antwoorden: {partner.regels: 2}}
  - {naam: "ROC: Midden", soort: mbo, antwoorden: {partner.regels: 3}}
opmerkingen:
  regio.honkvast: Veel jongeren blijven.
  partner.regels: "ROC: Midden: eigen examens\\nROC: gedeelde regels\\nlos van een partner"
"""


def partner_step(banks: BankSet, answers: object, partner: int) -> QuestionStep:
    steps = plan(banks, ("B",), answers)  # type: ignore[arg-type]
    return next(s for s in steps if isinstance(s, QuestionStep) and s.partner == partner)


def test_partner_remarks_are_kept_apart_whatever_the_names(
    test_banks: BankSet, tmp_path: Path
) -> None:
    names = ["ROC", "ROC: Midden", "Regel\nbreuk: b.v.", ": "]
    answers = new_answers(test_banks, Respondent(name="Jan", school="Het Baken"))
    answers.partners = [PartnerAnswers(name=n, kind="mbo") for n in names]
    for number, _ in enumerate(names):
        set_remark(answers, partner_step(test_banks, answers, number), f"opmerking {number}")
    for suffix in (".yaml", ".json"):
        path = tmp_path / f"scan{suffix}"
        save_answers(answers, path)
        loaded, _ = load_answers(path, test_banks)
        assert [p.name for p in loaded.partners] == names
        for number, _ in enumerate(names):
            step = partner_step(test_banks, loaded, number)
            assert remark_of(loaded, step) == f"opmerking {number}"
        assert loaded.remarks == {}


def old_file(banks: BankSet, tmp_path: Path) -> tuple[AnswerFile, Path]:
    """An answer file in the old form, loaded (and where it is)."""
    path = tmp_path / "oud.yaml"
    path.write_text(OLD_FILE, encoding="utf-8")
    return load_answers(path, banks)[0], path


def test_old_name_prefixed_remarks_are_moved_to_their_partner(
    test_banks: BankSet, tmp_path: Path
) -> None:
    answers, path = old_file(test_banks, tmp_path)
    roc, midden = answers.partners
    assert roc.remarks == {"partner.regels": "gedeelde regels"}
    assert midden.remarks == {"partner.regels": "eigen examens"}
    assert answers.remarks == {
        "regio.honkvast": "Veel jongeren blijven.",
        "partner.regels": "los van een partner",
    }
    # saved again, the file has the new form and reads the same
    save_answers(answers, path)
    text = path.read_text(encoding="utf-8")
    assert "ROC: gedeelde" not in text
    again, _ = load_answers(path, test_banks)
    assert again == answers


def test_report_shows_each_partner_remark_with_its_partner(
    test_banks: BankSet, tmp_path: Path
) -> None:
    answers, _ = old_file(test_banks, tmp_path)
    html = report_html(score(test_banks, answers), test_banks, [answers])
    assert "ROC: gedeelde regels" in html
    assert "ROC: Midden: eigen examens" in html
