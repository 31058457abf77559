"""Material streams: arrival rates and patterns, batches, grades, finite storage."""

from __future__ import annotations

import numpy as np
import pytest

from sim.run import run_replication
from tests.sim.scenarios import build, centre

WEEKS_PER_YEAR = 8760 / 168  # units_in is per year
YEAR = {"experiment.horizon": "52 weeks", "experiment.warm_up": "0 h"}


def units_in(**changes) -> float:
    return run_replication(build(centre(**{**YEAR, **changes})), 0).metrics["materials.meubels.units_in"]


def test_weekly_rate_is_kept_whatever_the_weekday_and_month_pattern():
    # 60 per week over 52 weeks, minus the public holidays of the drop-off.
    plain = units_in()
    weighted = units_in(**{"materials.meubels.arrivals.weekday_weights": {"saturday": 4, "monday": 2},
                           "materials.meubels.arrivals.monthly_weights": {"dec": 3, "jan": 0.5}})
    assert plain == pytest.approx(60 * 52, rel=0.06)
    assert weighted == pytest.approx(60 * 52, rel=0.08)


def test_monthly_pattern_moves_material_between_months():
    def first_quarter(weights):
        data = centre(**{"experiment.horizon": "13 weeks", "experiment.warm_up": "0 h",
                         "materials.meubels.arrivals.monthly_weights": weights})
        return np.mean([run_replication(build(data), r).metrics["materials.meubels.units_in"] for r in range(3)])

    # Weights 3 for three months and 1 for nine have mean 1.5: the first quarter gets 3 / 1.5 = 2x.
    assert first_quarter({"jan": 3, "feb": 3, "mar": 3}) == pytest.approx(2 * first_quarter({}), rel=0.1)


def test_batches_bring_several_units_per_arrival():
    single = units_in()
    batches = units_in(**{"materials.meubels.arrivals.batch_size": {"distribution": "uniform", "min": 2, "max": 4}})
    assert batches == pytest.approx(3 * single, rel=0.1)


def test_grade_mix_decides_the_route():
    m = run_replication(build(centre(**YEAR)), 0).metrics
    # The 'afval' grade (20 %) goes straight to waste; the failed repairs add 20 % of 40 % of 30 %.
    expected = 0.2 + 0.3 * 0.4 * 0.2
    assert m["impact.kg_wasted"] / m["impact.kg_in"] == pytest.approx(expected, abs=0.03)


def test_full_storage_refuses_material_and_counts_it():
    data = centre(**{**YEAR, "materials.meubels.storage": "400 kg", "workforce.deelnemers.people": 1,
                     "workforce.reparateurs.people": 0})
    result = run_replication(build(data), 0)
    m = result.metrics
    assert m["materials.meubels.refused_kg"] > 0
    assert m["materials.meubels.refused_units"] * 20 == pytest.approx(m["materials.meubels.refused_kg"])
    assert max(result.series["storage_kg.meubels"]) <= 400
    unlimited = run_replication(build(centre(**YEAR, **{"workforce.deelnemers.people": 1})), 0).metrics
    assert unlimited["materials.meubels.refused_kg"] == 0


def test_bulk_material_moves_in_lots():
    data = centre(**{**YEAR, "materials.meubels.lot_size": 10, "materials.meubels.storage": "unlimited",
                     "materials.meubels.arrivals.batch_size": 10})
    m = run_replication(build(data), 0).metrics
    # Ten units per lot: sorting receives a tenth of the units (the 20 % waste grade skips it).
    lots = m["steps.sorteren.arrivals_per_week"] / 168 * m["run.measured_hours"]
    assert lots == pytest.approx(m["materials.meubels.units_in"] * 0.8 / 10, rel=0.1)


def test_a_rate_per_open_hour_counts_open_hours_only():
    # Open 09:00-17:00 on weekdays: '1.5 per open hour' is 60 a week; '1.5 per hour' 252 a week.
    from tests.sim.scenarios import queue, with_opening_hours

    def weekly(rate: str) -> np.ndarray:
        data = with_opening_hours(queue(1.0, [(20, "1 min")], horizon=10 * 168, warm_up=0))
        data["materials"]["items"]["arrivals"]["rate"] = rate
        scenario = build(data)
        return np.array([run_replication(scenario, r).metrics["materials.items.units_in"] / WEEKS_PER_YEAR
                         for r in range(8)])

    per_open_hour, per_hour = weekly("1.5 per open hour"), weekly("1.5 per hour")
    assert per_open_hour.mean() == pytest.approx(60, rel=0.05)  # sd of the mean: sqrt(60 / 80) = 0.9
    assert per_hour.mean() == pytest.approx(252, rel=0.05)
    assert build(with_opening_hours(queue(1.0, [(1, "1 min")]))).materials["items"].arrivals.per_open_hour is False
