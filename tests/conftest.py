"""Fixtures every test package may use: where the repository's files are."""

from __future__ import annotations

from pathlib import Path

import pytest

import sim

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo() -> Path:
    """The repository root (scenarios/, cli/starter.yaml, tests/data/ ...)."""
    return ROOT


@pytest.fixture
def broken() -> Path:
    """tests/data/broken: scenario files with one mistake each, named on their first line."""
    return ROOT / "tests" / "data" / "broken"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that instrument the engine's classes (a patched method, a subclass) need its source:
    a compiled class cannot be patched. ``make test`` runs them a second time as source."""
    if sim.ENGINE != "compiled":
        return
    skip = pytest.mark.skip(reason="instruments the engine's classes; runs as source in make test "
                                   "(AMBACHT_ENGINE=python pytest -m source_engine)")
    for item in items:
        if item.get_closest_marker("source_engine"):
            item.add_marker(skip)
