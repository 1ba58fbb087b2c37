"""`scan start` probed as an unlucky user would type."""

from __future__ import annotations

from scan.bank import BankSet
from scan.interview.flow import Action, read_reply


def test_typing_nvt_where_it_is_not_allowed_says_so(bundled_banks: BankSet) -> None:
    bank, _, question = bundled_banks.question("regio.honkvast") or (None, None, None)
    assert bank is not None and question is not None and not question.allows_nvt
    for typed in ("n", "nvt", "Niet van toepassing"):
        reply = read_reply(typed, bank, question, None)
        assert reply.action is Action.REFUSED
        assert reply.message == (
            f"‘{typed}’: niet van toepassing kan bij deze vraag niet. Typ 1, 2, 3 of 4, of w "
            "voor weet niet."
        )
    assert "staat niet op de schaal" in read_reply("9", bank, question, None).message
