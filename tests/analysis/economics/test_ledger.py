"""The ledger: every euro booked once, so it balances every year, whatever the bookings."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.economics.booking import book
from analysis.economics.ledger import (
    OUTSIDE,
    Entry,
    Position,
    carried_outcomes,
    net_present_value,
    payback_year,
    positions,
    self_supporting_year,
)
from tests.analysis.economics.hand_case import PARTIES, YEAR, scenario_with


def test_payback_and_self_support_by_hand() -> None:
    assert payback_year([-124_000.0, -1_000.0, 13_000.0]) is None
    assert payback_year([-10.0, 4.0, 6.0]) == 3
    assert payback_year([5.0, -1.0]) == 1
    assert self_supporting_year([-5.0, 1.0, -1.0, 2.0, 3.0]) == 4
    assert self_supporting_year([1.0, 2.0]) == 1
    assert self_supporting_year([1.0, -2.0]) is None


def test_half_a_euro_short_is_not_paid_back() -> None:
    # -10 then +9.50: the cumulative total ends at -0.50, so the case never pays back.
    assert payback_year([-10.0, 9.5]) is None
    assert payback_year([-10.0, 9.5, 0.5]) == 3


def test_payback_and_self_support_forgive_only_rounding() -> None:
    # -0.10 - 0.20 + 0.30 is 0 by hand, -5.6e-17 in floating point: paid back in year 3. A
    # shortfall of at most a micro-euro is such rounding, the boundary included.
    assert payback_year([-0.1, -0.2, 0.3]) == 3
    assert payback_year([-1e-6]) == 1
    assert payback_year([-2e-6]) is None
    # A year that breaks even (here 0.30 - 0.10 - 0.20, -2.8e-17 in floats) counts as self-supporting.
    assert self_supporting_year([-5.0, 0.0, 2.0]) == 2
    assert self_supporting_year([-5.0, 0.3 - 0.1 - 0.2, 2.0]) == 2
    assert self_supporting_year([-1e-6, 1.0]) == 1
    assert self_supporting_year([-2e-6, 1.0]) == 2


def test_positions_by_hand_every_party_every_year_of_the_horizon() -> None:
    # Year 1: a pays b 100. Year 2: a loss-making line of b's, -30 from the outside to b, is a flow
    # the other way: b pays the outside 30. Rows for years 1 and 2 only, zero rows included.
    entries = [Entry(1, "x", "a", "b", 100.0), Entry(2, "y", OUTSIDE, "b", -30.0)]
    assert positions(entries, ["a", "b"], 2) == [
        Position(1, "a", 100.0, 0.0), Position(1, "b", 0.0, 100.0), Position(1, OUTSIDE, 0.0, 0.0),
        Position(2, "a", 0.0, 0.0), Position(2, "b", 30.0, 0.0), Position(2, OUTSIDE, 0.0, 30.0),
    ]


def test_outcomes_carry_over_with_drop_off() -> None:
    # 8k in years 1 and 2, lasting two years, halving: 8k, 8k + 4k, 4k.
    assert carried_outcomes([8_000, 8_000], 2, 0.5) == pytest.approx([8_000, 12_000, 4_000])


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


party = st.sampled_from([*PARTIES, OUTSIDE])
named = st.sampled_from(PARTIES)
metric = st.floats(min_value=0.0, max_value=1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(income_payer=party, income_receiver=named, waste=party, passed_to=st.none() | party, coach_employer=named,
       partner=named, care_to=named, benefits_to=party, disposal_to=party,
       values=st.fixed_dictionaries({name: metric for name in YEAR}))
def test_any_booking_of_any_year_balances(income_payer: str, income_receiver: str, waste: str, passed_to: str | None,
                                          coach_employer: str, partner: str, care_to: str, benefits_to: str,
                                          disposal_to: str, values: dict[str, float]) -> None:
    scenario = scenario_with({
        "bookings": {
            "target_groups": {"bijstand": {"paid_by": income_payer, "received_by": income_receiver,
                                           "benefit_saved": "12000 EUR per year"}},
            "benefit_savings": benefits_to, "disposal_cost_avoided": disposal_to, "waste_cost": waste,
            "waste_cost_passed_to": passed_to, "supervisors": {"coaches": coach_employer},
            "contracts": {"atelier": {"paid_by": partner, "avoided_cost": "5 EUR"}},
        },
        "social_value": {"care_saving": {"bijstand": "3 EUR per hour"}, "care_saving_to": care_to},
    })
    entries = book(scenario, {1: values, 2: values, 3: values})
    pos = positions(entries, list(PARTIES), 3)
    for year in (1, 2, 3):
        nets = [p.net for p in pos if p.year == year]
        assert math.fsum(nets) == pytest.approx(0.0, abs=1e-6 * max(1.0, max(values.values())))
