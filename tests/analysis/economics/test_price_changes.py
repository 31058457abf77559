"""A partner's payment in the business case is what the run measured it paid (contracts.<id>.revenue)."""

from __future__ import annotations

import pytest

from analysis.economics.booking import book
from tests.analysis.economics.hand_case import YEAR, scenario_with


def _lines(years: dict[int, dict[str, float]], scenario=None) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for e in book(scenario or scenario_with(), years):
        out.setdefault(e.line, {})[e.year] = out.get(e.line, {}).get(e.year, 0.0) + e.amount
    return out


def test_the_partner_pays_what_the_run_measured_at_the_prices_then_in_force():
    # 6.05 orders of 50 kg at 4 EUR are 1,210 EUR; in year 2 the run measured 2,420 EUR (the price
    # doubled, or more was set aside for open orders): the partner pays that, net of VAT, and the
    # anonymous sales are what is left of the revenue.
    measured = {1: {**YEAR, "contracts.atelier.revenue": 1210.0}, 2: {**YEAR, "contracts.atelier.revenue": 2420.0},
                3: YEAR}
    lines = _lines(measured)
    vat = 0.21 / 1.21  # margin scheme without purchases: all of the price is margin
    assert lines["sales.contracts.atelier"][1] == pytest.approx(1210 * (1 - vat))
    assert lines["sales.contracts.atelier"][2] == pytest.approx(2420 * (1 - vat))
    assert lines["vat.contracts.atelier"][2] == pytest.approx(2420 * vat)
    # Results written before the metric existed: orders delivered times the file's prices.
    assert lines["sales.contracts.atelier"][3] == pytest.approx(6.05 * 50 * 4 * (1 - vat))
    assert lines["sales"][2] == pytest.approx((12_100 - 2420) * (1 - vat))


def test_a_package_partner_saves_its_avoided_cost_per_package_and_pays_vat_by_item_value():
    # The partner orders packages of 50 kg of clothing and 10 kg of rags (4 and 1 EUR a kg) and
    # would pay 5 EUR a package elsewhere: 6.05 packages save 30.25 EUR, not 5 EUR per kg.
    from sim.scenario.market import Contract

    scenario = scenario_with()
    scenario.products["rags"] = scenario.products["clothing"].model_copy(update={"price": 1.0})
    scenario.market.contracts["atelier"] = Contract.model_validate(
        {"partner": "Atelier", "items": {"clothing": 50, "rags": 10}, "interval": "4 weeks",
         "promised_lead_time": "14 days"})
    lines = _lines({1: {**YEAR, "contracts.atelier.revenue": 6.05 * 210}, 2: YEAR, 3: YEAR}, scenario)
    assert lines["avoided_cost.contracts.atelier"][1] == pytest.approx(6.05 * 5)
    vat = 0.21 / 1.21
    assert lines["sales.contracts.atelier"][1] == pytest.approx(6.05 * 210 * (1 - vat))
