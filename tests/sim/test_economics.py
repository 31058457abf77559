"""Economics and impact of a run: money per year, kg and CO2, social savings."""

from __future__ import annotations

import pytest

from sim.registry import HOURS_PER_YEAR
from sim.run import run_replication
from tests.sim.scenarios import build, centre


def test_money_flows_add_up():
    data = centre(**{"products.meubel.markdown_after": None})
    m = run_replication(build(data), 0).metrics
    assert m["run.measured_hours"] < HOURS_PER_YEAR  # a window shorter than a year: scaling is visible
    # Money, units, hours and kg are all per year: a price times a quantity needs no factor.
    assert m["economics.revenue_shop"] == pytest.approx(m["shop.units_sold"] * 25)
    assert m["economics.supervisor_cost"] == pytest.approx(65000)
    assert m["groups.vakkrachten.wage_cost"] == pytest.approx(m["pools.reparateurs.hours_worked"] * 35)
    assert m["economics.wage_cost"] + m["economics.supervisor_cost"] == pytest.approx(m["economics.staff_cost"])
    assert m["economics.participant_cost"] == pytest.approx(m["pools.deelnemers.hours_worked"] * 1.5)
    assert m["economics.overhead"] == pytest.approx(40000)
    assert m["economics.waste_cost"] == pytest.approx(m["impact.kg_wasted"] * 0.15)
    costs = m["economics.staff_cost"] + m["economics.participant_cost"] + m["economics.overhead"] + m["economics.waste_cost"]
    assert m["economics.costs"] == pytest.approx(costs)
    assert m["economics.net_result"] == pytest.approx(
        m["economics.revenue"] + m["economics.income_target_groups"] + m["economics.recycling_revenue"] - costs)
    assert m["economics.benefit_savings"] == pytest.approx(m["impact.outflow_to_job"] * 16883)


def test_work_places_cost_per_place_and_count_in_the_costs():
    data = centre(**{"steps.repareren.cost_per_work_place": "1500 EUR per year", "steps.sorteren.cost_per_work_place": "€ 900 per year"})
    m = run_replication(build(data), 0).metrics
    # repareren has 2 work places; sorteren has unlimited ones, which have no count to pay for.
    assert m["economics.work_place_cost"] == pytest.approx(2 * 1500)
    costs = (m["economics.staff_cost"] + m["economics.participant_cost"] + m["economics.overhead"]
             + m["economics.work_place_cost"] + m["economics.waste_cost"])
    assert m["economics.costs"] == pytest.approx(costs)


def test_subsidy_is_paid_per_filled_place():
    data = centre(**{"workforce.deelnemers.trajectory": None, "experiment.warm_up": "0 h"})
    m = run_replication(build(data), 0).metrics
    assert m["groups.bijstand.income"] == pytest.approx(6 * 3000)


def test_co2_avoided_follows_the_stream_factors():
    m = run_replication(build(centre()), 0).metrics
    assert m["impact.co2_avoided_kg"] == pytest.approx(1.45 * m["impact.kg_reused"] + 0.5 * m["impact.kg_recycled"])
    assert 0 < m["impact.reuse_share"] < 1


def test_trajectory_fees_are_earned_for_newcomers_only():
    data = centre(**{"workforce.deelnemers.trajectory": None, "experiment.warm_up": "0 h",
                     "target_groups.bijstand.subsidy": "0 EUR per year", "target_groups.bijstand.fee_per_trajectory": "1000 EUR"})
    m = run_replication(build(data), 0).metrics
    assert m["groups.bijstand.income"] == 0  # the six were there from the start: nobody new
    assert m["groups.bijstand.people_served"] == 6
