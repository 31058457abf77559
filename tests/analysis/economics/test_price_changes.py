"""A price that a change sets from a year or a date: partners pay it in the business case from then."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.economics.booking import book
from sim.phases import year_starts
from tests.analysis.economics.hand_case import YEAR, scenario_with


def _sales(scenario) -> dict[int, float]:
    entries = book(scenario, {1: YEAR, 2: YEAR, 3: YEAR})
    return {e.year: e.amount for e in entries if e.line == "sales.contracts.atelier"}


def test_a_price_doubled_from_year_2_doubles_the_partners_payment_from_year_2():
    # 6.05 orders of 50 kg of clothing at 4 EUR a year (prices not indexed): the partner's
    # payment doubles from year 2 when clothing costs 8 EUR, and stays as it was in year 1.
    base = _sales(scenario_with())
    dearer = _sales(scenario_with({"changes": [{"year": 2, "set": {"products.clothing.price": "8 EUR"}}]}))
    assert dearer[1] == base[1] and base[1] == base[2] == base[3] > 0
    assert dearer[2] == pytest.approx(2 * base[2]) and dearer[3] == pytest.approx(2 * base[3])


def test_a_price_changed_mid_year_is_weighted_by_the_days_it_held():
    plain = scenario_with()
    starts = year_starts(scenario_with({"changes": [{"year": 2, "set": {"products.clothing.price": "8 EUR"}}]}))
    day = starts[1] + dt.timedelta(days=73)  # 73 days into year 2, then 8 EUR
    share = (starts[2] - day).days / (starts[2] - starts[1]).days
    mid = _sales(scenario_with({"changes": [{"from": day.isoformat(), "set": {"products.clothing.price": "8 EUR"}}]}))
    base = _sales(plain)
    assert mid[2] == pytest.approx(base[2] * (1 + share))  # 4 EUR for part of the year, 8 EUR for the rest
    assert mid[3] == pytest.approx(2 * base[3])
