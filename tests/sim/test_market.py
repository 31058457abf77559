"""The market: shop fill rate and lost sales, online only for listed items, contracts, ageing."""

from __future__ import annotations

import pytest

from sim.loader import ScenarioError
from sim.model import Centre
from sim.run import run_replication
from tests.sim.scenarios import build, centre, over_window

BASE = {"experiment.horizon": "26 weeks", "experiment.warm_up": "2 weeks"}


def metrics(seed: int = 3, **changes):
    return run_replication(build(centre(**{**BASE, "experiment.seed": seed, **changes})), 0).metrics


def test_shop_without_stock_loses_every_sale():
    m = metrics(**{"materials.meubels.arrivals.rate": "0 per week"})
    assert m["shop.fill_rate"] == 0
    assert m["shop.lost_sales"] > 0


def test_shop_sells_what_is_in_stock():
    m = metrics()
    assert 0.5 < m["shop.fill_rate"] <= 1
    asked = over_window(m, "shop.units_sold") + over_window(m, "shop.lost_sales")
    assert asked == pytest.approx(400 * 0.1 * 24, rel=0.15)


def test_online_sells_only_listed_items():
    online = {"orders": "30 per week", "demand": {"meubel": {"probability": 1}}}
    listing = {"skill": "schoonmaken", "work_content": {"default": "5 min"}, "lists_online": True}
    # The listing step exists but only on the repair route: only repaired furniture sells online.
    m = metrics(**{"market.online": online, "steps.fotograferen": listing,
                   "routes.reparatie.steps": ["sorteren", "repareren", "fotograferen"]})
    assert 0 < m["online.units_sold"]
    repaired_per_week = m["steps.fotograferen.throughput_per_week"]
    assert over_window(m, "online.units_sold") <= repaired_per_week * 24 + 1
    none_listed = metrics(**{"market.online": online, "steps.fotograferen": listing,
                             "routes.demontage.steps": ["demonteren"],
                             "materials.meubels.grades": {"goed": {"share": 1, "route": "verkoop"}},
                             "routes.extra": {"steps": ["fotograferen"], "to": "waste"}})
    assert none_listed["online.units_sold"] == 0


def test_contract_lead_time_runs_from_order_to_complete_delivery():
    # No stock at all: orders are never delivered, so none is on time.
    m = metrics(**{"materials.meubels.arrivals.rate": "0 per week"})
    assert m["contracts.hotel.delivered"] == 0
    assert m["contracts.hotel.on_time_share"] == 0
    assert over_window(m, "contracts.hotel.orders") >= 5
    # Orders of 200 every 4 weeks against ~41 pieces made a week (60 in, half sellable as is,
    # 30 % repairable of which 60 % succeed): each order waits for about 200 / 41 = 4.9 weeks of
    # production, well past the promise of 2 weeks. Every order is late.
    big = run_replication(build(centre(**{**BASE, "market.contracts.hotel.quantity": 200,
                                          "market.shop.customers": "0 per week"})), 0)
    made_per_week = 60 * (0.5 + 0.3 * 0.6)
    production_time = 200 / made_per_week * 168  # hours
    leads = big.lead_times["hotel"]
    assert len(leads) >= 3
    assert production_time > 2 * 336
    assert min(leads) >= 0.8 * production_time  # 0.8: arrivals vary around their rate; halved fails
    assert big.metrics["contracts.hotel.on_time_share"] == 0
    assert big.metrics["contracts.hotel.lead_time_p95"] >= big.metrics["contracts.hotel.lead_time_mean"]


def test_channel_priority_decides_who_gets_scarce_stock():
    scarce = {"market.contracts.hotel.quantity": 40, "market.shop.customers": "2000 per week"}
    contracts_first = metrics(**scarce, **{"market.priority": ["contracts", "shop", "online"]})
    shop_first = metrics(**scarce, **{"market.priority": ["shop", "contracts", "online"]})
    assert contracts_first["products.meubel.sold_contracts"] > shop_first["products.meubel.sold_contracts"]
    assert contracts_first["shop.fill_rate"] < shop_first["shop.fill_rate"]


def test_unsold_stock_is_marked_down_then_disposed():
    slow = {"market.shop.customers": "20 per week", "market.contracts": {}}
    m = metrics(**slow, **{"products.meubel.markdown_after": "1 week", "products.meubel.dispose_after": "3 weeks"})
    assert m["products.meubel.disposed"] > 0
    assert m["products.meubel.markdown_share"] > 0
    kept = metrics(**slow, **{"products.meubel.dispose_after": None})
    assert kept["products.meubel.disposed"] == 0
    assert m["impact.kg_recycled"] > kept["impact.kg_recycled"]  # disposed furniture goes to recycling


def test_a_promise_in_working_days_follows_the_calendar():
    from sim.model import Centre

    data = centre(**{"calendar.start_date": "2026-12-21", "market.contracts.hotel.promised_lead_time": "3 werkdagen"})
    model = Centre(build(data), 0, 0)
    contract = model.contracts[0]
    # Ordered on Monday 21 December: Tuesday 22, Wednesday 23, Thursday 24 (Christmas closes 25-26).
    assert contract.due(10.0) == 4 * 24
    # Ordered on Thursday 24: Monday 28, Tuesday 29, Wednesday 30 December.
    assert contract.due(3 * 24 + 10) == 10 * 24
    m = run_replication(build(data), 0).metrics
    assert 0 <= m["contracts.hotel.on_time_share"] <= 1


def test_working_days_are_written_as_the_user_wrote_them():
    from sim.scenario.model import Contract

    c = Contract.model_validate({"partner": "x", "product": "p", "quantity": 1, "interval": "4 weeks",
                                 "promised_lead_time": "10 working days"})
    assert c.promised_working_days == 10 and c.promised_lead_time == 14 * 24
    assert Contract.model_validate(c.model_dump(mode="json")) == c


# A shop that wants more than the workshop makes, and a partner who orders 30 at a time with a
# promise of two days: between orders the shop sells everything, so each order waits for new work.
SHOP_TAKES_THE_STOCK = {"market.shop.customers": "2000 per week", "market.contracts.hotel.quantity": 30,
                        "market.contracts.hotel.promised_lead_time": "2 days"}


def test_stock_reserved_for_a_partner_makes_the_next_order_on_time():
    without = [metrics(**SHOP_TAKES_THE_STOCK, seed=s) for s in (1, 2)]
    reserved = [metrics(**SHOP_TAKES_THE_STOCK, **{"market.contracts.hotel.reserve": 30}, seed=s) for s in (1, 2)]
    for a, b in zip(without, reserved, strict=True):
        assert a["contracts.hotel.on_time_share"] <= 0.2
        assert b["contracts.hotel.on_time_share"] == 1.0
        assert b["contracts.hotel.orders"] == a["contracts.hotel.orders"] >= 5
        # The reserve comes out of the shop: never more sold there than without it.
        assert b["shop.units_sold"] <= a["shop.units_sold"]


def test_a_reserve_smaller_than_an_order_helps_less():
    small = metrics(**SHOP_TAKES_THE_STOCK, **{"market.contracts.hotel.reserve": 10})
    full = metrics(**SHOP_TAKES_THE_STOCK, **{"market.contracts.hotel.reserve": 30})
    assert small["contracts.hotel.lead_time_mean"] > full["contracts.hotel.lead_time_mean"]


def test_holding_open_orders_protects_them_from_a_shop_ranked_first():
    shop_first = {**SHOP_TAKES_THE_STOCK, "market.contracts.hotel.promised_lead_time": "1 week",
                  "market.priority": ["shop", "contracts"]}
    plain = metrics(**shop_first)
    held = metrics(**shop_first, **{"market.contracts.hotel.hold_open_orders": True})
    contracts_first = metrics(**{**shop_first, "market.priority": ["contracts", "shop"]})
    # Ranked after a shop that wants everything, the partner gets less, and later, without the hold.
    assert plain["contracts.hotel.delivered"] < held["contracts.hotel.delivered"]
    assert plain["contracts.hotel.on_time_share"] < held["contracts.hotel.on_time_share"]
    # Held open orders are served as stock comes in, as if contracts ranked first.
    assert held["contracts.hotel.lead_time_mean"] == pytest.approx(contracts_first["contracts.hotel.lead_time_mean"])


def test_no_reserve_by_default_changes_nothing():
    assert metrics(**{"market.contracts.hotel.reserve": 0}) == metrics()


def test_customers_made_a_few_at_a_time_draw_the_same(monkeypatch):
    # A webshop is open day and night: one opening period for the whole run. Its customers are
    # made a bounded number at a time (memory flat in the horizon) without changing any draw.
    from sim import market

    online = {"orders": "300 per week", "demand": {"meubel": {"probability": 0.5, "quantity": {"distribution": "triangular", "min": 1, "mode": 1, "max": 3}}}}
    listing = {"skill": "schoonmaken", "work_content": {"default": "5 min"}, "lists_online": True}
    changes = {"market.online": online, "steps.fotograferen": listing,
               "routes.reparatie.steps": ["sorteren", "repareren", "fotograferen"]}
    whole = run_replication(build(centre(**{**BASE, **changes})), 0).to_dict(timing=False)
    monkeypatch.setattr(market, "CUSTOMERS_AT_ONCE", 7)
    few = run_replication(build(centre(**{**BASE, **changes})), 0).to_dict(timing=False)
    assert whole["metrics"]["online.units_sold"] > 0
    assert few == whole


def test_a_contract_orders_from_its_first_day_until_its_last():
    # The test centre starts on Monday 5 January 2026; the hotel orders every 4 weeks. A contract
    # from 2 March (day 56) until 31 May (day 146) orders on days 56, 84, 112 and 140 only.
    base = {**BASE, "experiment.horizon": "40 weeks", "experiment.warm_up": "0 h"}
    model = Centre(build(centre(**base, **{"market.contracts.hotel.from": "2026-03-02",
                                           "market.contracts.hotel.until": "2026-05-31"})), seed=3, replication=0)
    model.env.run(until=40 * 168.0)
    hotel = model.contracts[0]
    placed = sorted([o.placed for o in hotel.open] + [p for p, _ in hotel.completed])
    assert placed == [56 * 24.0, 84 * 24.0, 112 * 24.0, 140 * 24.0]
    # Already running since before the start (from 1 December 2025, day -35): its schedule goes
    # on from there, so the first order in the run is on day 21, then every 28 days.
    model = Centre(build(centre(**base, **{"market.contracts.hotel.from": "2025-12-01"})), seed=3, replication=0)
    model.env.run(until=12 * 168.0)
    hotel = model.contracts[0]
    assert sorted([o.placed for o in hotel.open] + [p for p, _ in hotel.completed]) == [21 * 24.0, 49 * 24.0, 77 * 24.0]
    with pytest.raises(ScenarioError, match="ends"):
        build(centre(**{"market.contracts.hotel.from": "2026-05-01", "market.contracts.hotel.until": "2026-04-01"}))
