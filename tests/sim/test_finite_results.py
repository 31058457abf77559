"""No NaN or infinity leaves a run: an undefined metric is null with its reason, anything else fails loudly."""

from __future__ import annotations

import json
import math

import pytest

from sim.run import NonFiniteResult, RunResult, finite_result, run_replication
from tests.sim.scenarios import build, centre


def test_a_contract_without_orders_in_the_window_has_null_lead_times_with_a_reason():
    # The first order comes after the horizon: nothing is delivered, so no lead time exists.
    scenario = build(centre(**{"market.contracts.hotel.first_order": "30 weeks", "experiment.horizon": "8 weeks",
                               "experiment.warm_up": "1 week"}))
    result = run_replication(scenario, 0)
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))  # no NaN anywhere
    assert data["metrics"]["contracts.hotel.lead_time_mean"] is None
    assert data["undefined"]["contracts.hotel.lead_time_mean"] == "no_orders_delivered"
    assert data["undefined"]["contracts.hotel.on_time_share"] == "no_orders_due"
    assert data["metrics"]["contracts.hotel.orders"] == 0
    assert set(data["undefined"]) == {k for k, v in data["metrics"].items() if v is None}


def _result(**metrics: float) -> RunResult:
    return RunResult("s", "hash", 1, 0, "0", dict(metrics), series={"time": [0.0, 24.0]})


def test_the_result_guard_fails_loudly_on_an_infinity_or_an_unexplained_nan():
    with pytest.raises(NonFiniteResult, match="economics.net_result is inf"):
        finite_result(_result(**{"economics.net_result": math.inf}))
    with pytest.raises(NonFiniteResult, match="impact.kg_in is nan"):
        finite_result(_result(**{"impact.kg_in": math.nan}))
    with pytest.raises(NonFiniteResult, match="contracts.x.lead_time_mean is -inf"):
        finite_result(_result(**{"contracts.x.lead_time_mean": -math.inf}))  # only NaN means 'undefined'
    broken = _result(**{"impact.kg_in": 1.0})
    broken.series["queue.x"] = [0.0, math.nan]
    with pytest.raises(NonFiniteResult, match="series queue.x"):
        finite_result(broken)


def test_the_result_guard_lists_undefined_metrics_with_their_reason():
    result = finite_result(_result(**{"shop.fill_rate": math.nan, "impact.kg_in": 3.0}))
    assert result.undefined == {"shop.fill_rate": "no_demand"}
