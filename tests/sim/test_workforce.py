"""Workforce pools: absence, school days, learning curve, trajectories and vacancies."""

from __future__ import annotations

import numpy as np
import pytest

from sim.run import run_replication
from tests.sim.scenarios import build, centre

YEAR = {"experiment.horizon": "52 weeks", "experiment.warm_up": "0 h", "supervisors.begeleiders.absence": 0}


def metrics(**changes):
    return run_replication(build(centre(**{**YEAR, **changes})), 0).metrics


def test_daily_absence_takes_its_share_of_the_hours():
    m = metrics(**{"workforce.deelnemers.absence": 0.3, "workforce.deelnemers.trajectory": None})
    share = m["pools.deelnemers.absent_hours"] / (m["pools.deelnemers.absent_hours"] + m["pools.deelnemers.hours_worked"])
    assert share == pytest.approx(0.3, abs=0.03)


def test_school_days_are_not_working_days():
    base = {"workforce.deelnemers.absence": 0, "workforce.deelnemers.trajectory": None}
    full = metrics(**base)["pools.deelnemers.hours_worked"]
    school = metrics(**base, **{"workforce.deelnemers.school_days": ["wednesday"]})["pools.deelnemers.hours_worked"]
    assert school / full == pytest.approx(4 / 5, abs=0.01)


def test_learning_curve_makes_new_people_slower():
    base = {"workforce.deelnemers.trajectory": None, "workforce.deelnemers.absence": 0,
            "steps.sorteren.work_content": {"default": "1 h"}}
    trained = metrics(**base)
    learning = metrics(**base, **{"workforce.deelnemers.learning_curve": {"start_factor": 0.5, "full_after": "2 years"}})
    # Without a trajectory people count as trained; give them a trajectory to see the curve.
    new = metrics(**{**base, "workforce.deelnemers.trajectory": {"length": "52 weeks", "outflow": {"job": 1}},
                     "workforce.deelnemers.learning_curve": {"start_factor": 0.5, "full_after": "2 years"}})
    per_lot = lambda m: m["pools.deelnemers.busy_hours"] / max(m["steps.sorteren.throughput_per_week"], 1e-9)  # noqa: E731
    assert per_lot(learning) == pytest.approx(per_lot(trained), rel=0.15)
    assert per_lot(new) > 1.2 * per_lot(trained)


def test_trajectories_end_in_outflow_by_destination():
    runs = [run_replication(build(centre(**{**YEAR, "workforce.deelnemers.people": 20,
                                            "supervisors.begeleiders.people": 3})), r).metrics for r in range(3)]
    job = sum(m["pools.deelnemers.outflow_to_job"] for m in runs)
    total = sum(m["pools.deelnemers.outflow_to_job"] + m["pools.deelnemers.outflow_to_education"]
                + m["pools.deelnemers.outflow_to_other"] for m in runs)
    # 20 places, 26-week trajectories, a year: about 40 leave per run.
    assert total / 3 == pytest.approx(20 * 52 / (26 + 4), rel=0.25)
    assert job / total == pytest.approx(0.3, abs=0.1)
    assert np.mean([m["pools.deelnemers.people_served"] for m in runs]) > 20


def test_vacancies_that_stay_open_cost_participation_hours():
    quick = metrics(**{"workforce.deelnemers.vacancy_refill": "0 h"})["pools.deelnemers.hours_worked"]
    slow = metrics(**{"workforce.deelnemers.vacancy_refill": "12 weeks"})["pools.deelnemers.hours_worked"]
    assert slow < 0.85 * quick


def test_around_the_clock_people_are_still_absent_day_by_day():
    from tests.sim.scenarios import queue

    data = queue(1.0, [(5, {"distribution": "exponential", "mean": "1 h"})], horizon=24 * 200, warm_up=0)
    data["workforce"]["p0"]["absence"] = 0.2
    m = run_replication(build(data), 0).metrics
    share = m["pools.p0.absent_hours"] / (m["pools.p0.absent_hours"] + m["pools.p0.hours_worked"])
    assert share == pytest.approx(0.2, abs=0.03)
