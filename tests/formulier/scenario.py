"""The colleague of the end-to-end tests: what they answer, and the answer file that must result.

Shared by the plain-HTTP test and the real-browser test, so both check the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scan.answers import AnswerFile, PartnerAnswers, Respondent
from scan.bank import WEET_NIET, BankSet

SCHOOL = "Het Baken"
TEAM = "Zorg & Welzijn"
PARTNERS = (("ROC Midden", "mbo"), ("Zorggroep <Oost>", "instelling"))
REMARK = "<script>alert('x')</script> & meer"
BACK_AT = "regio.krimp"
"""At this question the colleague goes back once, and adds :data:`REMARK` to the one before."""
REMARK_AT = "regio.bevolking"


def choice(banks: BankSet, qid: str, partner: int | None) -> str:
    """The colleague's answer to ``qid`` (for partner index ``partner``), as posted."""
    found = banks.question(qid)
    assert found is not None
    bank, _, question = found
    if not question.is_scale:
        return f"Tekst bij {qid}" + (f" voor partner {partner + 1}" if partner is not None else "")
    values = [v.value for v in bank.scale_of(question)]
    if qid == "partner.examens" and partner == 1:
        return WEET_NIET
    return str(values[(len(qid) + (partner or 0)) % len(values)])


@dataclass
class Expected:
    """What the colleague gave, collected while answering."""

    answers: dict[str, int | str] = field(default_factory=dict)
    partner_answers: list[dict[str, int | str]] = field(
        default_factory=lambda: [{} for _ in PARTNERS]
    )
    remarks: dict[str, str] = field(default_factory=dict)

    def record(self, qid: str, partner: int | None, posted: str) -> None:
        value: int | str = int(posted) if posted.isdigit() else posted
        (self.answers if partner is None else self.partner_answers[partner])[qid] = value

    def answer_file(self, stored: AnswerFile) -> AnswerFile:
        """The answer file these answers must give (date and versions as stored)."""
        return AnswerFile(
            respondent=Respondent(role="docent", school=SCHOOL, team=TEAM),
            date=stored.date,
            versions=stored.versions,
            answers=self.answers,
            partners=[
                PartnerAnswers(name=name, kind=kind, answers=answers)  # type: ignore[arg-type]
                for (name, kind), answers in zip(PARTNERS, self.partner_answers, strict=True)
            ],
            remarks=self.remarks,
        )


def parse_question_url(url: str) -> tuple[str, int | None]:
    """``.../vraag/regio.honkvast`` → ("regio.honkvast", None); ``.../partner/2`` → index 1."""
    path = url.split("?")[0]
    tail = path.split("/vraag/", 1)[1]
    qid, _, partner = tail.partition("/partner/")
    return qid, (int(partner) - 1 if partner else None)
