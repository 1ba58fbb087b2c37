"""One exact sd for team and batch, and one function for the result of a set of answer files."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scan.answers import load_answers
from scan.bank import BankSet
from scan.errors import ScanError
from scan.result import Result, TeamResult, result_data
from scan.scoring.build import score
from scan.scoring.group import score_files, score_group
from scan.scoring.stats import sample_sd
from scan.scoring.team import team_result
from tests.conftest import FIXTURES

ANSWERS = FIXTURES / "antwoorden"
FILES = [ANSWERS / "jan.yaml", ANSWERS / "piet.yaml", ANSWERS / "klaas.json"]


@given(st.lists(st.integers(0, 1000), min_size=2, max_size=40))
def test_sample_sd_is_the_exact_sd_rounded_half_up(tenths: list[int]) -> None:
    n = len(tenths)
    mean = Fraction(sum(tenths), n)
    variance = sum((t - mean) ** 2 for t in tenths) / (n - 1)  # in tenths²
    sd = sample_sd(n, sum(tenths), sum(t * t for t in tenths))
    assert sd is not None
    rounded = round(sd * 10)  # the sd in tenths of a point, an integer
    assert rounded == 0 or (rounded - Fraction(1, 2)) ** 2 <= variance
    assert variance < (rounded + Fraction(1, 2)) ** 2


def test_sample_sd_needs_two_scores() -> None:
    assert sample_sd(0, 0, 0) is None
    assert sample_sd(1, 500, 250000) is None
    assert sample_sd(2, 100 + 200, 100**2 + 200**2) == 7.1  # stdev(10.0, 20.0) = 7.07


def test_one_file_gives_its_result(test_banks: BankSet) -> None:
    answers = load_answers(FILES[0], test_banks)[0]
    found, loaded, warnings = score_files(FILES[:1], test_banks)
    assert isinstance(found, Result)
    assert result_data(found) == result_data(score(test_banks, answers))
    assert loaded == [answers] and warnings == []


def test_several_files_give_the_team_result(test_banks: BankSet) -> None:
    answers = [load_answers(p, test_banks)[0] for p in FILES]
    expected = team_result(test_banks, [score(test_banks, a) for a in answers])
    found = score_group(test_banks, answers)
    assert isinstance(found, TeamResult)
    assert result_data(found) == result_data(expected)


def test_every_invalid_file_is_reported_before_scoring(test_banks: BankSet, tmp_path: Path) -> None:
    with pytest.raises(ScanError) as caught:
        score_files([tmp_path / "a.yaml", FILES[0], tmp_path / "b.yaml"], test_banks)
    assert [Path(p.file or "").name for p in caught.value.problems] == ["a.yaml", "b.yaml"]
