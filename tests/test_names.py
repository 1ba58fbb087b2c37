"""One slug rule for the file names made from names: answer files and batch reports."""

from __future__ import annotations

import pytest

from scan.util.names import slug


@pytest.mark.parametrize(
    ("text", "lower", "expected"),
    [
        ("Jan Jansen", True, "jan-jansen"),
        ("José Pérez-Ümit", True, "jose-perez-umit"),
        ("Het Baken", False, "Het-Baken"),
        ("Zorg & Welzijn", False, "Zorg-Welzijn"),
        ("Scholengemeenschap Ééndracht", False, "Scholengemeenschap-Eendracht"),
        ("../../etc/passwd", True, "etc-passwd"),
        ("a/b\\c:d*e?f", False, "a-b-c-d-e-f"),
        ("Иван Петров", True, "иван-петров"),
        ("王芳", False, "王芳"),
        ("..", True, ""),
        ("", False, ""),
    ],
)
def test_slug(text: str, lower: bool, expected: str) -> None:
    assert slug(text, lower) == expected


def test_slug_is_never_a_path_and_keeps_to_its_limit() -> None:
    for text in ["x" * 200, "/" * 5 + "a" * 100, "Ω" * 90, "..\\..\\" * 30]:
        found = slug(text, limit=80)
        assert len(found) <= 80
        assert "/" not in found and "\\" not in found and not found.startswith(".")
