"""Statistics over replications: intervals, paired differences, warm-up detection."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.experiments.runner import execute, metrics_table, tasks_for
from analysis.statistics.stats import estimate, mser5, paired_difference
from sim.loader import load_scenario
from tests.analysis.helpers import SHORT, write_scenario


def test_student_t_interval_covers_the_mean_about_95_percent_of_the_time():
    rng = np.random.default_rng(1)
    covered = sum(
        (e := estimate(rng.normal(10, 3, size=8))).low <= 10 <= e.high for _ in range(2000)
    )
    assert covered / 2000 == pytest.approx(0.95, abs=0.015)


def test_undefined_replications_are_left_out():
    e = estimate([1.0, float("nan"), 3.0])
    assert e.n == 2 and e.mean == 2.0


def test_common_random_numbers_make_differences_sharper(tmp_path):
    a = load_scenario(write_scenario(tmp_path / "a.yaml", **SHORT))
    b = load_scenario(write_scenario(tmp_path / "b.yaml", **SHORT, **{"steps.repareren.success.probability": 0.5}))
    results = execute(None, tasks_for(a, 10, 5, "a") + tasks_for(b, 10, 5, "b"))
    table = metrics_table(results)
    ta = table[table.key == "a"].drop(columns=["key", "replication"]).reset_index(drop=True)
    tb = table[table.key == "b"].drop(columns=["key", "replication"]).reset_index(drop=True)
    diff = paired_difference(ta, tb)
    # Repairs that fail more often leave fewer units to sell: a small but real difference,
    # measured with far less noise than two independent samples would give.
    row = diff.loc["shop.units_sold"]
    assert row["significant"] and row["difference"] < 0
    assert row["variance_reduction"] > 0.8
    # The material side is identical in both: no difference at all.
    assert diff.loc["impact.kg_in", "difference"] == 0
    assert not diff.loc["impact.kg_in", "significant"]


def test_mser5_finds_an_initial_transient():
    rng = np.random.default_rng(2)
    series = np.concatenate([np.linspace(50, 5, 100), 5 + rng.normal(0, 1, 900)])
    cut = mser5(series)
    assert 60 <= cut <= 200
    assert mser5(5 + rng.normal(0, 1, 1000)) < 100


def test_displayed_intervals_stay_within_what_is_possible():
    from analysis.reporting.tables import bounded

    assert bounded("contracts.x.on_time_share", 0.8, 1.07) == (0.8, 1.0)
    assert bounded("contracts.x.lead_time_p95", -9.1, 46.7) == (0.0, 46.7)
    assert bounded("economics.net_result", -5000.0, 300.0) == (-5000.0, 300.0)
