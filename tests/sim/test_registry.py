"""The metric registry: every metric a run reports is registered, within its bounds, one time base."""

from __future__ import annotations

import math

import pytest

from sim import registry
from sim.registry import HOURS_PER_YEAR, TimeBase
from sim.run import run_replication
from tests.sim.scenarios import build, centre, over_window

ONLINE = {"market.online": {"orders": "30 per week", "demand": {"meubel": {"probability": 1}}},
          "steps.fotograferen": {"skill": "schoonmaken", "work_content": {"default": "5 min"}, "lists_online": True},
          "routes.reparatie.steps": ["sorteren", "repareren", "fotograferen"]}
# A partner who orders a package and cancels late orders: the metrics only such a contract has.
PACKAGE = {"market.contracts.pakket": {"partner": "Corporatie", "items": {"meubel": 2}, "interval": "2 weeks",
                                       "promised_lead_time": "1 week", "cancel_after": "2 weeks"}}


def outside_bounds(metrics: dict[str, float]) -> list[str]:
    out = []
    for name, value in metrics.items():
        metric = registry.lookup(name)
        if math.isfinite(value) and not metric.low - 1e-9 <= value <= metric.high + 1e-9:
            out.append(f"{name} = {value} outside [{metric.low}, {metric.high}]")
    return out


@pytest.mark.parametrize("changes", [{}, ONLINE, {"experiment.warm_up": "0 h"}, PACKAGE])
def test_every_metric_of_a_run_is_registered_and_within_its_bounds(changes):
    m = run_replication(build(centre(**changes)), 0).metrics
    assert [n for n in m if registry.find(n) is None] == []
    assert outside_bounds(m) == []


def test_every_registered_pattern_is_reported_by_a_centre_that_has_everything():
    names = {registry.pattern_of(n) for n in run_replication(build(centre(**ONLINE, **PACKAGE)), 0).metrics}
    assert set(registry.METRICS) - names == set()


def test_patterns_stand_for_the_users_ids():
    assert registry.pattern_of("steps.sorteren.wait_mean") == "steps.<id>.wait_mean"
    assert registry.owner_of("steps.sorteren.wait_mean") == "sorteren"
    assert registry.pattern_of("shop.fill_rate") == "shop.fill_rate"
    assert registry.lookup("contracts.hotel.on_time_share").unit == "share"
    assert registry.find("steps.sorteren.no_such_thing") is None
    with pytest.raises(KeyError, match="no_such_thing"):
        registry.lookup("steps.sorteren.no_such_thing")


def test_every_entry_is_complete():
    assert len(registry.ENTRIES) == len(registry.METRICS), "a pattern is registered twice"
    for metric in registry.ENTRIES + registry.LEVER_ENTRIES:
        assert metric.unit in registry.UNITS, metric.pattern
        assert metric.section in registry.SECTIONS, metric.pattern
        assert metric.label and metric.description, metric.pattern
        assert metric.low < metric.high
        if metric.unit == "share":
            assert (metric.low, metric.high, metric.time_base) == (0.0, 1.0, TimeBase.SHARE), metric.pattern


def test_money_kg_and_hours_flows_share_one_time_base():
    # Money and kg flows are per year, so EUR per kg from any two metrics needs no factor.
    for metric in registry.ENTRIES:
        if metric.unit in ("EUR", "kg", "kg CO2", "h", "units", "orders", "people", "trajectories"):
            flow = metric.time_base not in (TimeBase.TIME_AVERAGE, TimeBase.PER_ITEM, TimeBase.POINT,
                                             TimeBase.WINDOW)
            assert not flow or metric.time_base is TimeBase.PER_YEAR, metric.pattern
    for metric in registry.ENTRIES:
        if metric.time_base is TimeBase.PER_WEEK:
            assert metric.field.endswith("_per_week"), "a per-week metric says so in its name"


def test_flows_are_scaled_from_the_window_to_a_year():
    # 24 weeks measured: every flow is the window's count times 52.14 / 24.
    data = centre(**{"experiment.horizon": "26 weeks", "experiment.warm_up": "2 weeks"})
    m = run_replication(build(data), 0).metrics
    assert m["run.measured_hours"] == 24 * 168
    kg = over_window(m, "impact.kg_in")
    assert m["impact.kg_in"] == pytest.approx(kg * HOURS_PER_YEAR / (24 * 168))
    # kg in over the window is what the arrivals brought: 60 pieces of 20 kg a week, +- chance.
    assert kg == pytest.approx(24 * 60 * 20, rel=0.1)
    # Money per kg: the disposal cost avoided is kg reused times the cost per kg, no factor between.
    assert m["economics.disposal_cost_avoided"] == pytest.approx(m["impact.kg_reused"] * 0.15)
    # A level is not scaled: the mean queue stays a number of lots.
    assert registry.lookup("steps.sorteren.queue_mean").time_base is TimeBase.TIME_AVERAGE


def test_people_served_per_year_counts_those_in_place_once():
    # Nobody leaves and nobody new comes: a year serves the six in place, whatever the window.
    data = centre(**{"workforce.deelnemers.trajectory": None, "experiment.horizon": "26 weeks",
                     "experiment.warm_up": "2 weeks"})
    m = run_replication(build(data), 0).metrics
    assert m["pools.deelnemers.people_served"] == pytest.approx(6)


def test_rescale_converts_between_flow_time_bases():
    assert registry.rescale(5214.2857, "impact.kg_in", TimeBase.PER_WEEK, 4032) == pytest.approx(100, rel=1e-6)
    assert registry.rescale(8760, "impact.kg_in", TimeBase.WINDOW, 4380) == pytest.approx(4380)
    with pytest.raises(ValueError):
        registry.rescale(0.5, "shop.fill_rate", TimeBase.PER_WEEK, 4032)
    assert registry.year_factor(4380) == 2
