"""`suggest`: the one closest-match hint of every Dutch message."""

from __future__ import annotations

from scan.errors import suggest


def test_suggest_matches_aliases_and_names_their_choice() -> None:
    assert suggest("regio.honkvst", ["regio.honkvast", "regio.krimp"]) == (
        " (bedoelt u 'regio.honkvast'?)"
    )
    aliases = {"Hoe lang werkt u al hier?": "regio.honkvast"}
    assert suggest("Hoe lang werkt u hier?", ["regio.krimp"], aliases) == (
        " (bedoelt u 'regio.honkvast'?)"
    )
    assert suggest("iets anders", ["regio.krimp"]) == ""
