"""Small texts shared by the terminal view and the report."""

from __future__ import annotations


def format_score(score: float | None) -> str:
    """A score the Dutch way (decimal comma, one decimal: ``61,1``), or a dash when there is
    none."""
    return "–" if score is None else f"{score:.1f}".replace(".", ",")
