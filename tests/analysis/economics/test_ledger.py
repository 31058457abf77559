"""The business-case ledger: every euro booked once, NPV and payback as a hand calculation."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.economics.business_case import entries_for, replication_figures
from analysis.economics.ledger import (
    OUTSIDE,
    Entry,
    carried_outcomes,
    net_present_value,
    payback_year,
    positions,
    self_supporting_year,
    social_value,
)
from sim.scenario.business import BusinessCase

CASE = BusinessCase.model_validate({
    "years": 3,
    "discount_rate": 0.1,
    "centre": "centrum",
    "stakeholders": {"gemeente": {}, "centrum": {}, "afval": {}},
    "bookings": {
        "target_groups": {"bijstand": {"paid_by": "gemeente"}},
        "benefit_savings": "gemeente",
        "disposal_cost_avoided": "gemeente",
        "waste_cost": "afval",
    },
    "investments": {"hal": {"amount": "100000 EUR", "year": 1, "paid_by": "gemeente"}},
    "grants": {"start": {"amount": "20000 EUR", "years": 1, "paid_by": "gemeente", "received_by": "centrum"}},
    "social_value": {"attribution": 0.2, "drop_off": 0.5, "duration": 2},
})


def _lines(revenue: float, staff: float, income: float, savings: float) -> dict[str, float]:
    line: dict[str, float] = defaultdict(float)
    line.update({"revenue": revenue, "staff_cost": staff, "income.bijstand": income,
                 "benefit_savings.bijstand": savings, "hours.bijstand": 1000.0, "hours_all": 2000.0})
    return line


# Simulated benefit savings come net of the group's deadweight: 8,000 gross x (1 - 0.25).
LINES = {1: _lines(50_000, 80_000, 10_000, 6_000), 2: _lines(70_000, 80_000, 10_000, 6_000),
         3: _lines(90_000, 80_000, 10_000, 0.0)}
GROUPS = {"bijstand": 0.25}


def test_npv_and_payback_agree_with_a_hand_calculation() -> None:
    # All named stakeholders together (internal transfers cancel):
    # year 1: revenue 50k - staff 80k - investment 100k + savings 6k = -124,000
    # year 2: 70k - 80k + 6k + 3k (year 1's jobs, drop-off 0.5) = -1,000
    # year 3: 90k - 80k + 3k = 13,000
    flows = [-124_000.0, -1_000.0, 13_000.0]
    figures = replication_figures(CASE, LINES, GROUPS)
    assert figures["named"] == pytest.approx(flows)
    assert figures["figures"]["economics.npv"] == pytest.approx(-124_000 - 1_000 / 1.1 + 13_000 / 1.21)
    assert payback_year(flows) is None
    assert payback_year([-10.0, 4.0, 6.0]) == 3
    assert payback_year([5.0, -1.0]) == 1


def test_each_stakeholder_gets_its_own_lines() -> None:
    figures = replication_figures(CASE, LINES, GROUPS)
    pos = {(p.year, p.stakeholder): p for p in figures["positions"]}
    # Year 1, gemeente: pays the hall 100k, the grant 20k, the fees 10k; saves 6k of benefits.
    assert pos[(1, "gemeente")].paid == pytest.approx(130_000)
    assert pos[(1, "gemeente")].received == pytest.approx(6_000)
    # The centre: sales 50k + fees 10k + grant 20k in; staff 80k out.
    assert pos[(1, "centrum")].net == pytest.approx(0.0)
    assert figures["figures"]["ledger.gemeente.net_total"] == pytest.approx(
        -124_000 + (-10_000 + 9_000) / 1.1 + (-10_000 + 3_000) / 1.21)


def test_social_value_nets_deadweight_and_attribution_and_drops_off() -> None:
    # Outcomes of 8k in years 1 and 2 lasting two years, halving: 8k, 8k + 4k, 4k; x 0.75 x 0.8.
    # (The simulated lines already net the deadweight: 6k a year, attribution 0.2 here.)
    assert carried_outcomes([8_000, 8_000], 2, 0.5) == pytest.approx([8_000, 12_000, 4_000])
    expected = 0.6 * (8_000 + 12_000 / 1.1 + 4_000 / 1.21)
    assert social_value([8_000, 8_000], 0.25, 0.2, 0.5, 2, 0.1) == pytest.approx(expected)
    figures = replication_figures(CASE, LINES, GROUPS)["figures"]
    inputs = 100_000 + 20_000 + 10_000 + 10_000 / 1.1 + 10_000 / 1.21
    assert figures["impact.sroi_ratio"] == pytest.approx(expected / inputs)
    assert figures["impact.pso_share"] == 0.0  # no PSO groups named


def test_self_supporting_from_the_first_year_that_stays_in_the_black() -> None:
    assert self_supporting_year([-5.0, 1.0, -1.0, 2.0, 3.0]) == 4
    assert self_supporting_year([1.0, 2.0]) == 1
    assert self_supporting_year([1.0, -2.0]) is None


amounts = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from(["a", "b", "c", OUTSIDE]),
                          st.sampled_from(["a", "b", "c", OUTSIDE]), amounts), max_size=40))
def test_the_ledger_balances_every_year(raw: list[tuple[int, str, str, float]]) -> None:
    entries = [Entry(y, "x", payer, receiver, amount) for y, payer, receiver, amount in raw]
    pos = positions(entries, ["a", "b", "c"], 4)
    for year in range(1, 5):
        nets = [p.net for p in pos if p.year == year]
        assert math.fsum(nets) == pytest.approx(0.0, abs=1e-6)
        assert all(p.paid >= 0 and p.received >= 0 for p in pos)


@given(st.lists(amounts, min_size=1, max_size=10), st.floats(0.0, 0.2))
def test_npv_without_discount_is_the_sum(flows: list[float], rate: float) -> None:
    assert net_present_value(flows, 0.0) == pytest.approx(math.fsum(flows), abs=1e-6)
    if all(f >= 0 for f in flows):
        assert net_present_value(flows, rate) <= math.fsum(flows) + 1e-6


def test_the_simulated_lines_balance_with_the_outside() -> None:
    entries = entries_for(CASE, LINES, GROUPS)
    pos = positions(entries, list(CASE.stakeholders), CASE.years)
    for year in (1, 2, 3):
        assert math.fsum(p.net for p in pos if p.year == year) == pytest.approx(0.0, abs=1e-6)



def test_bounded_figures_never_get_an_impossible_interval() -> None:
    from analysis.economics.business_case import figure_interval

    social = figure_interval("impact.social_value", [0.0, 0.0, 90_000.0])
    assert social["ci_low"] == 0.0 and social["ci_high"] > 90_000 / 3
    share = figure_interval("impact.pso_share", [0.9, 1.0, 0.99])
    assert share["ci_low"] < 0.96 and share["ci_high"] == 1.0  # an unbounded t interval would pass 1
    money = figure_interval("economics.npv", [-10.0, 5.0, 20.0])
    assert money["ci_low"] < -10.0  # money has no bound
