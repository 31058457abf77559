"""A three-year case booked by hand: VAT, employer cost, capital charges, indexation, a paying
partner and a pass-through fee match the ledger, the budget and the NPV to the euro."""

from __future__ import annotations

import pytest

from analysis.economics.budget import GAP, OWN_INCOME, baseline, budget_rows
from analysis.economics.business_case import replication_figures
from analysis.economics.ledger import net_present_value
from tests.analysis.economics.hand_case import YEAR, scenario_with

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
