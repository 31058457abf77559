"""A run's week-by-week figures (sim/weekly.py): they add up to the run's own metrics, and
asking for them changes no result."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim.loader import load_scenario, with_overrides
from sim.registry import HOURS_PER_WEEK, HOURS_PER_YEAR
from sim.run import run_replication
from sim.weekly import RECORDABLE, recordable, week_starts

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def runs():  # type: ignore[no-untyped-def]
    # 1 week of warm-up and 9 weeks: 8 whole measured weeks, so the weeks tile the window.
    loaded = with_overrides(load_scenario(DATA / "small-centre.yaml"), {"experiment.horizon": "9 weeks"})
    return run_replication(loaded.scenario, 0, weeks=True), run_replication(loaded.scenario, 0)


def test_the_weeks_start_after_the_warm_up_and_tile_the_window() -> None:
    assert week_starts(168.0, 9 * 168.0) == [168.0 * k for k in range(1, 10)]
    # a part week at the end is not a week
    assert week_starts(0.0, 2.5 * 168.0) == [0.0, 168.0, 336.0]


def test_asking_for_weeks_changes_no_metric(runs) -> None:  # type: ignore[no-untyped-def]
    with_weeks, plain = runs
    changed = {k for k in plain.metrics if not (plain.metrics[k] == with_weeks.metrics[k]
                                                 or (math.isnan(plain.metrics[k]) and math.isnan(with_weeks.metrics[k])))}
    assert changed == {"run.events"}  # the week boundaries are events of their own
    assert with_weeks.series == plain.series
    assert "weeks" not in plain.to_dict()


@pytest.mark.parametrize("name", [
    "materials.textile.kg_in", "materials.textile.units_in", "pools.participants.hours_worked",
    "groups.bijstand.hours", "products.clothing.produced", "products.clothing.sold", "shop.units_sold",
    "economics.revenue", "economics.revenue_contracts", "impact.kg_reused", "impact.kg_wasted",
    "contracts.atelier.orders", "contracts.atelier.delivered",
])
def test_the_weeks_add_up_to_the_run(runs, name: str) -> None:  # type: ignore[no-untyped-def]
    with_weeks, _ = runs
    weeks = with_weeks.weeks[name]
    assert len(weeks) == 8
    per_year = HOURS_PER_YEAR / (8 * HOURS_PER_WEEK)
    assert sum(weeks) * per_year == pytest.approx(with_weeks.metrics[name], rel=1e-12, abs=1e-9)


def test_a_weeks_on_time_share_is_of_the_orders_delivered_that_week(runs) -> None:  # type: ignore[no-untyped-def]
    with_weeks, _ = runs
    shares = with_weeks.weeks["contracts.atelier.on_time_share"]
    delivered = with_weeks.weeks["contracts.atelier.delivered"]
    for share, count in zip(shares, delivered, strict=True):
        assert math.isnan(share) == (count == 0)
        if count:
            assert 0.0 <= share <= 1.0


def test_every_recordable_figure_is_written(runs) -> None:  # type: ignore[no-untyped-def]
    with_weeks, _ = runs
    written = {n for n in with_weeks.weeks if n != "time"}
    assert all(recordable(n) for n in written)
    from sim.registry import pattern_of

    assert {pattern_of(n) for n in written} == set(RECORDABLE)
    assert with_weeks.weeks["time"] == [168.0 * k for k in range(1, 9)]
