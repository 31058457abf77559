"""Steps and routes: work places, productivity, failing repairs, disassembly, upcycling."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.loader import validate
from sim.run import run_replication
from tests.sim.scenarios import build, centre, over_window, queue, with_opening_hours

YEAR = {"experiment.horizon": "52 weeks", "experiment.warm_up": "4 weeks"}


def test_time_is_work_content_divided_by_productivity():
    for productivity in (1.0, 0.5, 0.25):
        data = queue(0.1, [(1, "1 h")], horizon=2000, warm_up=0)
        data["workforce"]["p0"]["productivity"] = productivity
        m = run_replication(build(data), 0).metrics
        completions = m["steps.s0.throughput_per_week"] * 2000 / 168
        assert over_window(m, "pools.p0.busy_hours") / completions == pytest.approx(1 / productivity, rel=0.01)


def test_work_places_limit_how_many_work_at_once():
    data = queue(6, [(8, {"distribution": "exponential", "mean": "1 h"})], horizon=1000)
    data["steps"]["s0"]["work_places"] = 3
    m = run_replication(build(data), 0).metrics
    assert m["steps.s0.busy_mean"] <= 3 + 1e-9
    assert m["steps.s0.utilisation"] > 0.95  # three places cannot keep up with six per hour


def test_failed_repairs_follow_the_failure_route():
    m = run_replication(build(centre(**YEAR)), 0).metrics
    assert m["steps.repareren.failure_share"] == pytest.approx(0.4, abs=0.06)
    # Every failure goes on to disassembly.
    assert m["steps.demonteren.throughput_per_week"] == pytest.approx(
        m["steps.repareren.throughput_per_week"] * m["steps.repareren.failure_share"], rel=0.1)


def test_disassembly_splits_mass_into_fractions():
    data = centre(**{**YEAR, "materials.meubels.grades": {"kapot": {"share": 1, "route": "reparatie"}},
                     "steps.repareren.success.probability": 0.0})
    m = run_replication(build(data), 0).metrics
    assert m["impact.kg_recycled"] / (m["impact.kg_recycled"] + m["impact.kg_wasted"]) == pytest.approx(0.8, abs=0.01)


def test_upcycling_consumes_several_lots_per_product():
    data = centre(**{**YEAR, "steps.opknappen": {"skill": "schoonmaken", "work_content": {"default": "1 h"},
                                                 "units_per_product": 4},
                     "routes.verkoop.steps": ["sorteren", "opknappen"],
                     "materials.meubels.grades": {"goed": {"share": 1, "route": "verkoop"}}})
    m = run_replication(build(data), 0).metrics
    assert over_window(m, "products.meubel.produced") * 4 == pytest.approx(m["steps.sorteren.throughput_per_week"] * 48, rel=0.05)
    assert m["steps.opknappen.throughput_per_week"] * 4 == pytest.approx(m["steps.sorteren.throughput_per_week"], rel=0.05)


def test_no_work_waits_while_a_worker_who_can_do_it_is_idle():
    from sim.model import Centre

    # Worker x does both steps (a first), worker y only b: when x is woken for b but takes a,
    # y must be called for b.
    data = queue(1.2, [(1, {"distribution": "exponential", "mean": "30 min"}),
                       (1, {"distribution": "exponential", "mean": "30 min"})], horizon=600, warm_up=0)
    data["materials"]["items"]["grades"] = {"a": {"share": 0.5, "route": "ra"}, "b": {"share": 0.5, "route": "rb"}}
    data["materials"]["items"]["arrivals"]["batch_size"] = 2
    data["routes"] = {"ra": {"steps": ["s0"], "to": "leaves"}, "rb": {"steps": ["s1"], "to": "leaves"}}
    data["workforce"]["p0"]["skills"] = ["k0", "k1"]
    data["workforce"]["p1"]["skills"] = ["k1"]
    model = Centre(build(data), 0, 0)
    idle_beside_work = []

    def watch():  # type: ignore[no-untyped-def]
        while True:
            yield model.env.timeout(0.37)
            for step in model.steps:
                idle = [w for w in model.flow.idle[step.skill] if w.waiting]
                if step.ready() and idle:
                    idle_beside_work.append(model.env.now)

    model.env.process(watch())
    model.env.run(until=600)
    assert model.steps[0].completions > 100
    assert idle_beside_work == []


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rate=st.sampled_from([0.5, 1.0, 2.0]), places=st.integers(1, 3), people=st.integers(1, 3),
       part_time=st.integers(0, 2), buffer=st.one_of(st.none(), st.integers(1, 3)),
       storage=st.sampled_from(["unlimited", "none", "2 kg"]), opening_hours=st.booleans(), seed=st.integers(0, 99))
def test_every_utilisation_stays_within_one_and_mass_balances(rate, places, people, part_time, buffer, storage,
                                                               opening_hours, seed):
    data = queue(rate, [(people, {"distribution": "exponential", "mean": "1 h"}),
                        (people, {"distribution": "exponential", "mean": "90 min"})], horizon=2 * 168, warm_up=0, seed=seed)
    data["steps"]["s0"]["work_places"] = data["steps"]["s1"]["work_places"] = places
    data["materials"]["items"]["storage"] = storage
    if buffer is not None:
        data["steps"]["s1"]["buffer"] = buffer
    if part_time:
        data["workforce"]["part"] = {"group": "staff", "people": part_time, "skills": ["k0", "k1"],
                                     "hours": "10:00-13:00"}
    if opening_hours:
        data = with_opening_hours(data)
    result = run_replication(build(data), 0)
    for name, value in result.metrics.items():
        if name.endswith("utilisation") and not math.isnan(value):
            assert value <= 1 + 1e-9, name
    assert abs(result.mass_balance["unaccounted"]) < 1e-6


def _place_refusals(places: int, people: int, replications: int = 4) -> tuple[float, float]:
    """Mean over replications of the times per week lots waiting for a place met a worker who could
    have used one more, and of the lots arriving per week, at an M/M/1 step (0.5 lots an hour, one
    hour of work each)."""
    from sim.run import run_replication
    from tests.sim.scenarios import queue

    data = queue(0.5, [(people, {"distribution": "exponential", "mean": "1 h"})], horizon=5000)
    data["steps"]["s0"]["work_places"] = places
    scenario = validate(data, "test")
    runs = [run_replication(scenario, r).metrics for r in range(replications)]
    return (sum(m["steps.s0.place_refusals_per_week"] for m in runs) / replications,
            sum(m["steps.s0.arrivals_per_week"] for m in runs) / replications)


def test_a_second_worker_at_a_single_place_is_turned_away_as_often_as_theory_says() -> None:
    # Two workers, one place (rho = 0.5). The second worker could always use a second place:
    # - a lot that arrives to find the place taken meets them idle: rho of the arrivals (PASTA);
    # - when the first worker finishes and takes the next lot, the second, called for it, finds
    #   the place taken again if lots are still waiting: rho^2 of the departures (N >= 3 before);
    # - at midnight the shift restarts and one of them finds the place taken and lots waiting
    #   with chance rho^2 (one more a day).
    refusals, arrivals = _place_refusals(places=1, people=2)
    expected = (0.5 + 0.25) * arrivals + 0.25 * 7
    assert refusals == pytest.approx(expected, rel=0.08)


def test_nobody_is_turned_away_with_a_place_for_everyone_or_nobody_spare() -> None:
    assert _place_refusals(places=2, people=2, replications=2)[0] == 0.0  # a place for each worker
    assert _place_refusals(places=1, people=1, replications=2)[0] == 0.0  # the one worker frees it


def test_a_worker_busy_elsewhere_while_lots_wait_for_a_place_counts_too() -> None:
    # Three people do both steps, downstream first; the downstream step has one place and is
    # always full, the upstream one never runs out of work. Nobody stands idle, yet every time a
    # worker picks work they pass lots waiting downstream for a place: a second place is used.
    from sim.run import run_replication
    from tests.sim.scenarios import queue

    data = queue(20.0, [(3, "20 min"), (0, "30 min")], horizon=2000, warm_up=200)
    data["workforce"]["p0"]["skills"] = ["k0", "k1"]
    data["steps"]["s1"]["work_places"] = 1
    one = run_replication(validate(data, "test"), 0).metrics
    data["steps"]["s1"]["work_places"] = 2
    two = run_replication(validate(data, "test"), 0).metrics
    assert one["pools.p0.idle_hours"] == pytest.approx(0.0, abs=1.0)
    assert one["steps.s1.place_refusals_per_week"] > 100
    assert two["steps.s1.throughput_per_week"] > 1.3 * one["steps.s1.throughput_per_week"]
