"""Steps and routes: work places, productivity, failing repairs, disassembly, upcycling."""

from __future__ import annotations

import pytest

from sim.run import run_replication
from tests.sim.scenarios import build, centre, over_window, queue

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
