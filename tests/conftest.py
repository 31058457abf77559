"""Fixtures every test package may use: where the repository's files are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo() -> Path:
    """The repository root (scenarios/, cli/starter.yaml, tests/data/ ...)."""
    return ROOT


@pytest.fixture
def broken() -> Path:
    """tests/data/broken: scenario files with one mistake each, named on their first line."""
    return ROOT / "tests" / "data" / "broken"
