"""A three-year case booked by hand: VAT, employer cost, capital charges, indexation, a paying
partner and a pass-through fee match the ledger, the budget and the NPV to the euro."""

from __future__ import annotations

import math

import pytest

from analysis.economics.booking import (
    AS_IN_FILE,
    Adjust,
    book,
    book_value_at_end,
    capital_entries,
    deadweights,
    programme_job_rate,
    vat_share_of_sales,
)
from analysis.economics.budget import GAP, OWN_INCOME, baseline, budget_rows
from analysis.economics.business_case import replication_figures
from analysis.economics.ledger import net_present_value
from sim.scenario.market import Contract
from sim.scenario.model import Scenario, Trajectory
from tests.analysis.economics.hand_case import CASE, YEAR, scenario_with

YEARS = {1: YEAR, 2: YEAR, 3: YEAR}

# By hand, per year (wages indexed 10 % a year: factor 1, 1.1, 1.21):
#   sales: 12,100 paid, of which 1,210 by the partner (6.05 orders x 50 kg x 4 EUR);
#          VAT 21 % under the margin scheme on donated goods is 21/121 of the price:
#          partner 1,000 net + 210 VAT, other buyers 10,890 -> 9,000 net.
#   partner's avoided cost: 302.5 kg x 5 EUR = 1,512.50.
#   paid pool: (1,000 present + 100 sick) h x 10 EUR x 1.08 x 1.25 / 0.9 = 16,500 x index.
#   shop staff: 10 h x 52 x 15 EUR x 1.08 x 1.25 = 10,530 x index.
#   coaches (the care provider's): 40,000 x index.
#   hall 30,000 over 3 years at 5 %: 10,000 + 1,500 / 10,000 + 1,000 / 10,000 + 500.
NETS = {
    # income 3,000, grant 30,000, capital charges, disposal saved 2,000
    "gemeente": [-3_000 - 30_000 - 11_500 + 2_000, -3_000 - 30_000 - 11_000 + 2_000, -3_000 - 30_000 - 10_500 + 2_000],
    # 10,000 sales + 3,000 + 30,000 - wages - staff - overhead 5,000 - gate fee 1,000
    "centrum": [43_000 - 27_030 - 6_000, 43_000 - 29_733 - 6_000, 43_000 - 32_706.30 - 6_000],
    "zorg": [-40_000, -44_000, -48_400],
    "afval": [0.0, 0.0, 0.0],  # receives the gate fee and passes it on
    "woonstichting": [302.5, 302.5, 302.5],  # pays 1,210 (VAT included), avoids 1,512.50
}


def test_the_ledger_matches_the_hand_calculation_to_the_euro() -> None:
    figures = replication_figures(scenario_with(), YEARS)
    pos = {(p.year, p.stakeholder): p.net for p in figures["positions"]}
    for party, nets in NETS.items():
        for year, net in enumerate(nets, start=1):
            assert pos[(year, party)] == pytest.approx(net, abs=0.005), (party, year)
    named = [-72_227.5, -78_430.5, -85_303.8]
    assert figures["named"] == pytest.approx(named, abs=0.005)
    # NPV in euros of year 1 at 10 %: -72,227.50 - 78,430.50 / 1.1 - 85,303.80 / 1.21
    assert figures["figures"]["economics.npv"] == pytest.approx(-214_026.96, abs=0.005)
    assert figures["figures"]["ledger.zorg.net_total"] == pytest.approx(-40_000 - 40_000 - 40_000, abs=0.005)


def test_the_budget_names_kind_and_cover_of_every_line() -> None:
    scenario = scenario_with()
    case = scenario.business_case
    assert case is not None
    entries = replication_figures(scenario, YEARS)["entries"]
    lines = [{"year": e.year, "line": e.line, "payer": e.payer, "receiver": e.receiver, "amount": e.amount} for e in entries]
    rows = budget_rows(case, lines, {1: 2026, 2: 2027, 3: 2028})

    def row(party: str, line: str, year: int) -> dict:  # type: ignore[type-arg]
        return next(r for r in rows if r["stakeholder"] == party and r["line"] == line and r["year"] == year)

    assert row("gemeente", "depreciation.hal", 2) | {} == {
        "year": 2, "calendar_year": 2027, "stakeholder": "gemeente", "line": "depreciation.hal",
        "kind": "capital_charge", "amount": pytest.approx(-10_000), "funded_by": "algemeen"}
    assert row("gemeente", "interest.hal", 3)["amount"] == pytest.approx(-500)
    assert row("gemeente", "income.bijstand", 1)["funded_by"] == "participatie"
    assert row("zorg", "supervisors.coaches", 3)["funded_by"] == GAP  # no budget named
    assert row("centrum", "wages.participants", 3)["amount"] == pytest.approx(-19_965, abs=0.005)
    assert row("centrum", "wages.participants", 3)["funded_by"] == OWN_INCOME
    assert row("centrum", "sales.contracts.atelier", 1)["kind"] == "revenue"
    assert row("woonstichting", "avoided_cost.contracts.atelier", 1)["kind"] == "saving"
    assert row("afval", "waste_cost.passed_on", 1)["amount"] == pytest.approx(-1_000)
    # Every stakeholder's budget adds up to its ledger net; the centre is in the black: no gap.
    for party, nets in NETS.items():
        for year, net in enumerate(nets, start=1):
            total = sum(r["amount"] for r in rows if r["stakeholder"] == party and r["year"] == year)
            assert total == pytest.approx(net, abs=0.005)
    assert not [r for r in rows if r["kind"] == "gap"]


def test_a_centre_in_the_red_shows_its_gap() -> None:
    scenario = scenario_with({"grants": {}})
    case = scenario.business_case
    assert case is not None
    entries = replication_figures(scenario, YEARS)["entries"]
    lines = [{"year": e.year, "line": e.line, "payer": e.payer, "receiver": e.receiver, "amount": e.amount} for e in entries]
    gap = [r for r in budget_rows(case, lines, {1: 2026, 2: 2027, 3: 2028}) if r["kind"] == "gap"]
    # Without the 30,000 grant the centre's years end at -20,030, -22,733 and -25,706.30.
    assert [r["amount"] for r in gap] == pytest.approx([20_030, 22_733, 25_706.30], abs=0.005)
    assert {r["funded_by"] for r in gap} == {GAP}
    # Do nothing: the gemeente pays the disposal the centre saves, the partner buys new.
    base = baseline(case, lines)
    assert base["stakeholders"]["gemeente"]["per_year"] == pytest.approx([-2_000] * 3)
    assert base["stakeholders"]["woonstichting"]["npv"] == pytest.approx(net_present_value([-1_512.5] * 3, 0.1))


def test_a_range_on_a_money_input_of_the_business_case_spreads_the_money() -> None:
    from analysis.economics.sensitivity import range_sensitivity
    from sim.uncertain import extract
    from tests.analysis.economics.hand_case import CASE

    written = {**CASE, "staff": {"winkel": {"hours_per_week": 10, "wage": {"range": ["10 EUR per hour", "20 EUR per hour"]}}}}
    plain, inputs = extract({"business_case": written})
    assert [i.path for i in inputs] == ["business_case.staff.winkel.wage"]
    result = range_sensitivity(scenario_with(plain["business_case"]), plain["business_case"], inputs,
                               [YEARS], replication_figures, seed=1)
    # Shop staff cost 10 h x 52 x wage x 1.35 = 702 EUR per euro of wage a year, indexed 1, 1.1, 1.21
    # and discounted 1, 1.1, 1.21: 3 x 702 = 2,106 of NPV per euro of wage. The likely wage is 15.
    (wage,) = result["tornado"]
    assert wage["low"]["economics.npv"] == pytest.approx(-214_026.96 + 5 * 2_106, abs=0.005)
    assert wage["high"]["economics.npv"] == pytest.approx(-214_026.96 - 5 * 2_106, abs=0.005)
    # 64 samples of a uniform wage, one per 1/64 stratum: the NPV falls with the wage, so its p5, p50
    # and p95 lie near the wages 19.5, 15 and 10.5 EUR.
    spread = result["spread"]["economics.npv"]
    for key, wage_at in (("p5", 19.5), ("p50", 15.0), ("p95", 10.5)):
        assert spread[key] == pytest.approx(-214_026.96 - (wage_at - 15) * 2_106, abs=2_106 * 10 / 64)


# --- Each line by hand: its payer, receiver, index and sensitivity factor --------------------------

Key = tuple[int, str, str, str]


def _booked(scenario: Scenario, years: dict[int, dict[str, float]], adjust: Adjust = AS_IN_FILE) -> dict[Key, float]:
    """Amount per (year, line, payer, receiver)."""
    out: dict[Key, float] = {}
    for e in book(scenario, years, adjust):
        key = (e.year, e.line, e.payer, e.receiver)
        out[key] = out.get(key, 0.0) + e.amount
    return out


def _of_year(booked: dict[Key, float], year: int) -> dict[tuple[str, str, str], float]:
    return {key[1:]: amount for key, amount in booked.items() if key[0] == year}


def _contract(**fields: object) -> Contract:
    return Contract.model_validate({"partner": "Partner", "interval": "4 weeks", "promised_lead_time": "14 days", **fields})


WHOLE_YEAR = {**YEAR, "economics.recycling_revenue": 500.0, "economics.participant_cost": 800.0,
              "economics.work_place_cost": 600.0}


def test_every_line_is_indexed_by_its_kind_and_scaled_by_the_sensitivity() -> None:
    # Indexation: wages 10 %, prices 20 %, tariffs 5 %, benefits 30 %: year 2 factors 1.1, 1.2,
    # 1.05, 1.3. The sensitivity: prices x 1.5, wages x 2, benefits x 0.5, deadweight + 0.1.
    # So in year 2: wages x 2.2, prices x 1.2 (sales and avoided costs x 1.8), tariffs x 1.05,
    # benefits x 0.65, and 90 % of the care and job savings count.
    scenario = scenario_with({
        "indexation": {"wages": 0.1, "prices": 0.2, "tariffs": 0.05, "benefits": 0.3},
        "bookings": {**CASE["bookings"], "benefit_savings": "gemeente",
                     "target_groups": {"bijstand": {"paid_by": "gemeente", "benefit_saved": "12000 EUR per year"}}},
        "social_value": {"care_saving": {"bijstand": "3 EUR per hour"}, "care_saving_to": {"zorg": 0.75, "gemeente": 0.25},
                         "duration": 2, "drop_off": 0.5},
    })
    spec = scenario.target_groups["bijstand"]
    scenario.target_groups["bijstand"] = spec.model_copy(update={"benefit_saving_per_job": 14_000.0})
    years = {1: {**WHOLE_YEAR, "groups.bijstand.outflow_to_job": 1.0}, 2: WHOLE_YEAR, 3: WHOLE_YEAR}
    booked = _booked(scenario, years, Adjust(prices=1.5, wages=2.0, benefits=0.5, deadweight=0.1))
    assert _of_year(booked, 2) == pytest.approx({
        # The partner: 1,210 x 1.5 = 1,815 paid, 21/121 of it VAT: 1,500 net + 315 VAT, x 1.2.
        ("sales.contracts.atelier", "woonstichting", "centrum"): 1_800.0,
        ("vat.contracts.atelier", "woonstichting", "outside"): 378.0,
        # 302.5 kg x 5 EUR x 1.5 x 1.2.
        ("avoided_cost.contracts.atelier", "outside", "woonstichting"): 2_722.5,
        # The other buyers: 12,100 x 1.5 - 1,815 = 16,335, net 13,500, x 1.2.
        ("sales", "outside", "centrum"): 16_200.0,
        ("recycling_revenue", "outside", "centrum"): 600.0,
        # 1,100 h x 10 EUR x 1.5 (employer cost) x 2.2; allowances 800 x 2.2; coaches 40,000 x 2.2;
        # the shop's staff 10,530 x 2.2.
        ("wages.participants", "centrum", "outside"): 36_300.0,
        ("allowances", "centrum", "outside"): 1_760.0,
        ("supervisors.coaches", "zorg", "outside"): 88_000.0,
        ("staff.winkel", "centrum", "outside"): 23_166.0,
        ("overhead", "centrum", "outside"): 6_000.0,
        ("work_places", "centrum", "outside"): 720.0,
        ("waste_cost", "centrum", "afval"): 1_200.0,
        ("waste_cost.passed_on", "afval", "outside"): 1_200.0,
        ("disposal_cost_avoided", "outside", "gemeente"): 2_400.0,
        ("income.bijstand", "gemeente", "centrum"): 3_150.0,
        # Two people in place, 12,000 EUR a year of benefit each, x 0.65.
        ("benefit_saved_employed.bijstand", "outside", "gemeente"): 15_600.0,
        # 1,000 h x 3 EUR x 0.9 x 0.65 = 1,755, three quarters to the care provider.
        ("care_savings.bijstand", "outside", "zorg"): 1_316.25,
        ("care_savings.bijstand", "outside", "gemeente"): 438.75,
        # The job found in year 1 saves 14,000 x 0.9 x 0.5 = 6,300 then, half of it in year 2.
        ("benefit_savings.bijstand", "outside", "gemeente"): 3_150.0,
        ("depreciation.hal", "gemeente", "outside"): 10_000.0,
        ("interest.hal", "gemeente", "outside"): 1_000.0,
        ("grant.start", "gemeente", "centrum"): 30_000.0,
    })
    assert booked[(1, "benefit_savings.bijstand", "outside", "gemeente")] == pytest.approx(6_300.0)
    assert (3, "benefit_savings.bijstand", "outside", "gemeente") not in booked  # it lasts two years


def test_a_group_without_booking_is_paid_from_outside_and_a_team_without_employer_is_the_centres() -> None:
    # No booking for the bijstand, none for the coaches: the tariff comes from outside to the
    # centre, the coaches are the centre's; the care saving goes whole to the one party named.
    scenario = scenario_with({"bookings": {"waste_cost": "afval"},
                              "social_value": {"care_saving": {"bijstand": "3 EUR per hour"}, "care_saving_to": "zorg"}})
    year = _of_year(_booked(scenario, {1: YEAR}), 1)
    assert year[("income.bijstand", "outside", "centrum")] == pytest.approx(3_000.0)
    assert year[("supervisors.coaches", "centrum", "outside")] == pytest.approx(40_000.0)
    assert year[("care_savings.bijstand", "outside", "zorg")] == pytest.approx(3_000.0)
    assert not [key for key in year if key[0].startswith("benefit_saved_employed.")]


def test_a_groups_tariff_goes_to_the_party_that_receives_it() -> None:
    scenario = scenario_with({"bookings": {**CASE["bookings"],
                                           "target_groups": {"bijstand": {"paid_by": "gemeente", "received_by": "zorg"}}}})
    year = _of_year(_booked(scenario, {1: YEAR}), 1)
    assert year[("income.bijstand", "gemeente", "zorg")] == pytest.approx(3_000.0)
    assert ("income.bijstand", "gemeente", "centrum") not in year


def test_two_partners_pay_their_own_contracts_and_the_shop_sells_the_rest() -> None:
    # A second partner, the gemeente, buys 10 kg an order at its own contract price of 3 EUR (not
    # the product's 4 EUR): 2 orders, 60 EUR. The revenue is the two partners' 1,270 EUR, so
    # nothing is left for anonymous sales.
    scenario = scenario_with({"bookings": {**CASE["bookings"], "contracts": {
        "atelier": {"paid_by": "woonstichting", "avoided_cost": "5 EUR"}, "kringloop": {"paid_by": "gemeente"}}}})
    scenario.market.contracts["kringloop"] = _contract(product="clothing", quantity=10, price="3 EUR")
    year = {**YEAR, "contracts.kringloop.delivered": 2.0, "economics.revenue": 1_270.0}
    booked = _of_year(_booked(scenario, {1: year}), 1)
    assert booked[("sales.contracts.kringloop", "gemeente", "centrum")] == pytest.approx(60 * 100 / 121)
    assert booked[("vat.contracts.kringloop", "gemeente", "outside")] == pytest.approx(60 * 21 / 121)
    assert booked[("sales.contracts.atelier", "woonstichting", "centrum")] == pytest.approx(1_000.0)
    assert ("sales", "outside", "centrum") not in booked


def test_a_package_pays_the_vat_of_each_item_by_its_value() -> None:
    # 50 kg of clothing (4 EUR, margin scheme: 21/121 VAT) and 10 kg of rags (1 EUR, normal 9 %:
    # 9/109): of each package's 210 EUR, 200 bear the clothing's VAT and 10 the rags'.
    scenario = scenario_with({"vat": {"default": {"rate": 0.21, "scheme": "margin"},
                                      "products": {"rags": {"rate": 0.09, "scheme": "normal"}}}})
    scenario.products["rags"] = scenario.products["clothing"].model_copy(update={"price": 1.0})
    scenario.market.contracts["atelier"] = _contract(items={"clothing": 50, "rags": 10})
    booked = _of_year(_booked(scenario, {1: {**YEAR, "contracts.atelier.revenue": 6.05 * 210}}), 1)
    vat = 6.05 * (200 * 21 / 121 + 10 * 9 / 109)
    assert booked[("vat.contracts.atelier", "woonstichting", "outside")] == pytest.approx(vat)
    assert booked[("sales.contracts.atelier", "woonstichting", "centrum")] == pytest.approx(6.05 * 210 - vat)


@pytest.mark.parametrize(("clothing", "rags", "clothing_share"), [(0.4, 0.1, 0.8), (0.0, 0.0, 0.5)])
def test_a_cheap_or_free_package_splits_its_vat_by_value_or_else_evenly(clothing: float, rags: float,
                                                                       clothing_share: float) -> None:
    # A package of 1 kg of clothing and 1 kg of rags worth 0.50 EUR together (0.40 and 0.10): the
    # clothing bears 80 % of the price. Given away in the file (both 0 EUR) but sold for 100 EUR
    # in the run (a later phase priced it): no value to weigh by, so half each.
    scenario = scenario_with({"vat": {"default": {"rate": 0.21, "scheme": "margin"},
                                      "products": {"rags": {"rate": 0.09, "scheme": "normal"}}}})
    scenario.products["clothing"] = scenario.products["clothing"].model_copy(update={"price": clothing})
    scenario.products["rags"] = scenario.products["clothing"].model_copy(update={"price": rags})
    scenario.market.contracts["atelier"] = _contract(items={"clothing": 1, "rags": 1})
    booked = _of_year(_booked(scenario, {1: {**YEAR, "contracts.atelier.revenue": 100.0}}), 1)
    vat = 100 * (clothing_share * 21 / 121 + (1 - clothing_share) * 9 / 109)
    assert booked[("vat.contracts.atelier", "woonstichting", "outside")] == pytest.approx(vat)


def test_the_vat_of_the_shops_sales_is_weighted_by_what_each_product_sold_for() -> None:
    # Clothing 3,000 kg at 4 EUR (21/121 VAT) and rags 2,000 kg at 1 EUR (exempt): 12,000 and
    # 2,000 EUR. Furniture, not sold this year, weighs nothing.
    scenario = scenario_with({"vat": {"default": {"rate": 0.21, "scheme": "margin"},
                                      "products": {"rags": {"scheme": "exempt"}, "meubels": {"rate": 0.09}}}})
    scenario.products["rags"] = scenario.products["clothing"].model_copy(update={"price": 1.0})
    scenario.products["meubels"] = scenario.products["clothing"].model_copy(update={"price": 100.0})
    sold = {"products.clothing.sold": 3_000.0, "products.rags.sold": 2_000.0}
    assert vat_share_of_sales(scenario, sold) == pytest.approx(12_000 * 21 / 121 / 14_000)
    # Half a kilo of rags, 0.50 EUR: exempt, whatever the default rule.
    assert vat_share_of_sales(scenario, {"products.rags.sold": 0.5}) == 0.0
    # Nothing sold: the default rule.
    assert vat_share_of_sales(scenario, {}) == pytest.approx(21 / 121)


def test_a_metric_the_run_could_not_measure_books_nothing() -> None:
    year = _of_year(_booked(scenario_with(), {1: {**YEAR, "economics.overhead": math.nan,
                                                  "economics.waste_cost": math.inf}}), 1)
    assert ("overhead", "centrum", "outside") not in year
    assert ("waste_cost", "centrum", "afval") not in year
    assert year[("sales", "outside", "centrum")] == pytest.approx(9_000.0)


def test_years_the_run_did_not_reach_book_only_what_the_case_fixes() -> None:
    # Results for year 1 only (and a fourth year beyond the three-year case): years 2 and 3 hold
    # the shop's staff, the hall's charges and the grant, indexed; year 4 nothing.
    booked = _booked(scenario_with(), {1: YEAR, 4: YEAR})
    assert _of_year(booked, 2) == pytest.approx({
        ("staff.winkel", "centrum", "outside"): 10_530 * 1.1,
        ("depreciation.hal", "gemeente", "outside"): 10_000.0,
        ("interest.hal", "gemeente", "outside"): 1_000.0,
        ("grant.start", "gemeente", "centrum"): 30_000.0,
    })
    assert {key[0] for key in booked} == {1, 2, 3}


def _with_pools(counterfactual: float, jobs: tuple[float, ...] = (0.3, 0.1)) -> Scenario:
    """The hand case with bijstand pools whose trajectories end in a job at the rates ``jobs``, one
    bijstand pool without trajectories, and a wajong pool (its own deadweight 0.25) at 90 %."""
    scenario = scenario_with({"social_value": {"counterfactual_job_rate": {"bijstand": counterfactual}}})
    pool = scenario.workforce.pop("participants")

    def trajectory(job: float) -> Trajectory:
        return Trajectory.model_validate({"length": "1 year", "outflow": {"job": job, "other": 1 - job}})

    for i, job in enumerate(jobs):
        scenario.workforce[f"bijstand{i}"] = pool.model_copy(update={"trajectory": trajectory(job)})
    scenario.workforce["without"] = pool.model_copy(update={"trajectory": None})
    scenario.workforce["wajong"] = pool.model_copy(update={"trajectory": trajectory(0.9), "group": "wajong"})
    scenario.target_groups["wajong"] = scenario.target_groups["bijstand"].model_copy(update={"deadweight": 0.25})
    return scenario


def test_deadweight_is_the_counterfactual_over_the_programmes_job_rate() -> None:
    # Two bijstand pools end 30 % and 10 % of their trajectories in a job: 20 % (the pool without
    # trajectories and the wajong's do not count). Without the centre 12 % of the bijstand would
    # find a job: deadweight 0.12 / 0.2 = 0.6. The wajong keeps its own deadweight, 0.25.
    scenario = _with_pools(0.12)
    assert programme_job_rate(scenario, "bijstand") == pytest.approx(0.2)
    assert deadweights(scenario) == pytest.approx({"bijstand": 0.6, "wajong": 0.25})
    # Shifted by the sensitivity, kept in [0, 1].
    assert deadweights(scenario, 0.5) == pytest.approx({"bijstand": 1.0, "wajong": 0.75})
    assert deadweights(scenario, -0.5) == pytest.approx({"bijstand": 0.1, "wajong": 0.0})


@pytest.mark.parametrize(("counterfactual", "jobs"), [(0.5, (0.3, 0.1)), (0.12, (0.0,))])
def test_deadweight_is_all_when_as_many_would_find_a_job_anyway(counterfactual: float, jobs: tuple[float, ...]) -> None:
    # 50 % would find a job without the centre, 20 % do through it; or no trajectory ends in a
    # job: all of it is deadweight, 1 (0.5 after a sensitivity shift of -0.5).
    scenario = _with_pools(counterfactual, jobs)
    assert deadweights(scenario)["bijstand"] == 1.0
    assert deadweights(scenario, -0.5)["bijstand"] == pytest.approx(0.5)


def test_a_scenario_without_business_case_is_refused_by_name() -> None:
    scenario = scenario_with().model_copy(update={"business_case": None})
    with pytest.raises(ValueError, match="^the scenario has no business_case$"):
        book(scenario, {1: YEAR})


def test_the_book_value_left_after_the_last_year() -> None:
    # A three-year case. A bus of 30,000 over 5 years bought in year 2: 2 years charged, 3/5 left,
    # 18,000. The hall, 30,000 over 3 years from year 1: nothing left. A cupboard of 10,000 over 4
    # years from year 1: 1/4 left, 2,500. A one-off cost is not on the books.
    investments = {"bus": {"amount": "30000 EUR", "year": 2, "paid_by": "gemeente", "depreciation": 5},
                   **CASE["investments"],
                   "repair": {"amount": "5000 EUR", "paid_by": "gemeente", "capitalised": False},
                   "cupboard": {"amount": "10000 EUR", "paid_by": "centrum", "depreciation": 4}}
    case = scenario_with({"investments": investments}).business_case
    assert case is not None
    assert book_value_at_end(case) == pytest.approx(18_000 + 2_500)


def test_investments_are_charged_by_hand() -> None:
    # A three-year case at 5 % interest. A repair of 5,000 in year 2, not capitalised: a one-off
    # cost then. The hall, 30,000 over 3 years: 10,000 a year plus 5 % of 30,000, 20,000, 10,000.
    # A van of 8,000 over 2 years from year 2 at its own 10 %: 4,000 plus 800, then 400. A
    # cupboard of 4,000 over 2 years from year 1: 2,000 plus 200, then 100, and nothing in year 3.
    investments = {"repair": {"amount": "5000 EUR", "year": 2, "paid_by": "gemeente", "capitalised": False},
                   **CASE["investments"],
                   "van": {"amount": "8000 EUR", "year": 2, "paid_by": "centrum", "depreciation": 2, "interest_rate": 0.1},
                   "cupboard": {"amount": "4000 EUR", "paid_by": "centrum", "depreciation": 2}}
    case = scenario_with({"investments": investments}).business_case
    assert case is not None
    charged = {(e.year, e.line, e.payer, e.receiver): e.amount for e in capital_entries(case)}
    assert charged == pytest.approx({
        (2, "one_off.repair", "gemeente", "outside"): 5_000.0,
        (1, "depreciation.hal", "gemeente", "outside"): 10_000.0, (1, "interest.hal", "gemeente", "outside"): 1_500.0,
        (2, "depreciation.hal", "gemeente", "outside"): 10_000.0, (2, "interest.hal", "gemeente", "outside"): 1_000.0,
        (3, "depreciation.hal", "gemeente", "outside"): 10_000.0, (3, "interest.hal", "gemeente", "outside"): 500.0,
        (2, "depreciation.van", "centrum", "outside"): 4_000.0, (2, "interest.van", "centrum", "outside"): 800.0,
        (3, "depreciation.van", "centrum", "outside"): 4_000.0, (3, "interest.van", "centrum", "outside"): 400.0,
        (1, "depreciation.cupboard", "centrum", "outside"): 2_000.0, (1, "interest.cupboard", "centrum", "outside"): 200.0,
        (2, "depreciation.cupboard", "centrum", "outside"): 2_000.0, (2, "interest.cupboard", "centrum", "outside"): 100.0,
    })


def test_a_group_without_a_care_saving_saves_no_care() -> None:
    # The care saving goes to the zorg, but the bijstand has none: its 1,000 hours save nothing.
    booked = _booked(scenario_with({"social_value": {"care_saving_to": "zorg"}}), {1: YEAR})
    assert not [key for key in booked if key[1].startswith("care_savings.")]


def test_no_job_rate_for_a_group_whose_trajectories_never_end_in_a_job() -> None:
    # The hand case's pool has no trajectories; in the second, they all end in 'other' (no job
    # outflow named): either way no job through the centre, so every job found is deadweight.
    assert programme_job_rate(scenario_with(), "bijstand") == 0.0
    scenario = scenario_with({"social_value": {"counterfactual_job_rate": {"bijstand": 0.12}}})
    pool = scenario.workforce["participants"]
    others = Trajectory.model_validate({"length": "1 year", "outflow": {"other": 1.0}})
    scenario.workforce["participants"] = pool.model_copy(update={"trajectory": others})
    assert programme_job_rate(scenario, "bijstand") == 0.0
    assert deadweights(scenario, -0.5) == {"bijstand": 0.5}
