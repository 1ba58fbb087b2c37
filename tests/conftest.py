"""Shared fixtures: the small, stable test banks and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scan.bank import BankSet, load_bankset

FIXTURES = Path(__file__).parent / "fixtures"
TEST_BANKS = FIXTURES / "banken"


@pytest.fixture(scope="session")
def test_banks() -> BankSet:
    """Three small banks (tests/fixtures/banken) whose exact numbers the tests rely on."""
    return load_bankset(TEST_BANKS)


@pytest.fixture(scope="session")
def bundled_banks() -> BankSet:
    """The banks shipped with the product (content may change; do not assert exact scores)."""
    return load_bankset()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
