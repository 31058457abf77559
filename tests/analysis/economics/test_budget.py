"""The council's operating budget from booked lines, by hand: kinds, the budget a line is paid
from, the centre's funding gap, unfunded lines, the do-nothing alternative, names and order."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from analysis.economics.budget import (
    GAP,
    GAP_LINE,
    OWN_INCOME,
    baseline,
    budget_rows,
    cover,
    gaps,
    kind_paid,
    kind_received,
    line_order,
    line_owners,
)
from analysis.economics.ledger import OUTSIDE
from sim.loader import load_scenario, with_overrides

EXAMPLE = Path(__file__).resolve().parents[3] / "scenarios" / "gemeente-businesscase.yaml"


@pytest.fixture(scope="module")
def loaded():  # type: ignore[no-untyped-def]
    # The waste company names no budget of its own: its cost lines are a gap.
    return with_overrides(load_scenario(EXAMPLE), {"business_case.stakeholders.afvalbedrijf.funded_by": None})


def test_a_line_is_a_cost_a_capital_charge_a_one_off_or_a_grant_for_who_pays_it() -> None:
    assert [kind_paid(x) for x in ("depreciation.bus", "interest.bus", "one_off.verbouwing", "grant.start",
                                   "wages.bijstand", "overhead")] == [
        "capital_charge", "capital_charge", "one_off", "grant", "cost", "cost"]
    assert [kind_received(x) for x in ("grant.start", "benefit_savings.bijstand", "care_savings.wmo",
                                       "disposal_cost_avoided", "avoided_cost.contracts.x", "sales")] == [
        "grant", "saving", "saving", "saving", "saving", "revenue"]


def test_a_cost_line_is_paid_from_the_most_specific_budget_the_file_names(loaded) -> None:  # type: ignore[no-untyped-def]
    case = loaded.scenario.business_case
    assert cover(case, "centrum", "wages.bijstand") == OWN_INCOME  # the centre pays from its income
    assert cover(case, "gemeente", "income.bijstand") == "participatiebudget"  # the line's own budget
    assert cover(case, "gemeente", "income.bijstand.extra") == "participatiebudget"  # its prefix
    assert cover(case, "gemeente", "income") == "algemene_middelen"  # no line budget: the stakeholder's
    assert cover(case, "zorgaanbieder", "supervisors.zorgbegeleider") == "wmo_tarief"
    assert cover(case, "afvalbedrijf", "waste_cost") == GAP  # neither
    # A budget named for a one-word line: that line and everything under it.
    own = with_overrides(loaded, {"business_case.funding.overhead": "wmo"}).scenario.business_case
    assert cover(own, "gemeente", "overhead") == cover(own, "gemeente", "overhead.huur") == "wmo"


def test_booked_lines_become_signed_rows_with_the_centres_deficit_named_as_a_gap(loaded) -> None:  # type: ignore[no-untyped-def]
    case = loaded.scenario.business_case
    years = {y: 2026 + y for y in range(1, 6)}
    lines = [
        {"year": 1, "line": "sales", "payer": OUTSIDE, "receiver": "centrum", "amount": 1000.0},
        {"year": 1, "line": "wages.bijstand", "payer": "centrum", "receiver": OUTSIDE, "amount": 1500.0},
        {"year": 1, "line": "income.bijstand", "payer": "gemeente", "receiver": "centrum", "amount": 300.0},
        {"year": 2, "line": "sales", "payer": OUTSIDE, "receiver": "centrum", "amount": 800.0},
        {"year": 2, "line": "overhead", "payer": "centrum", "receiver": OUTSIDE, "amount": 800.005},
        {"year": 3, "line": "waste_cost", "payer": "afvalbedrijf", "receiver": OUTSIDE, "amount": 40.0},
        {"year": 4, "line": "waste_cost", "payer": "afvalbedrijf", "receiver": OUTSIDE, "amount": 60.0},
        {"year": 4, "line": "overhead", "payer": "centrum", "receiver": OUTSIDE, "amount": 0.005},
        {"year": 5, "line": "overhead", "payer": "centrum", "receiver": OUTSIDE, "amount": 0.5},
    ]
    rows = budget_rows(case, lines, years, line_order(loaded.scenario, case))
    key = [(r["stakeholder"], r["line"], r["year"], r["kind"], r["amount"], r["funded_by"]) for r in rows]
    # Year 1: the centre receives 1,000 + 300 and pays 1,500: 200 short, named as a gap.
    # Years 2 and 4: 0.005 short (at most) is a rounding, not a gap; year 5, the last: 0.50 is. The stakeholders in the file's order, a gap
    # last within its stakeholder, lines in the booking's order (sales, wages, overhead, then the
    # groups' income), then the years.
    assert key == [
        ("gemeente", "income.bijstand", 1, "cost", -300.0, "participatiebudget"),
        ("centrum", "sales", 1, "revenue", 1000.0, None),
        ("centrum", "sales", 2, "revenue", 800.0, None),
        ("centrum", "wages.bijstand", 1, "cost", -1500.0, OWN_INCOME),
        ("centrum", "overhead", 2, "cost", -800.005, OWN_INCOME),
        ("centrum", "overhead", 4, "cost", -0.005, OWN_INCOME),
        ("centrum", "overhead", 5, "cost", -0.5, OWN_INCOME),
        ("centrum", "income.bijstand", 1, "revenue", 300.0, None),
        ("centrum", GAP_LINE, 1, "gap", pytest.approx(200.0), GAP),
        ("centrum", GAP_LINE, 5, "gap", 0.5, GAP),
        ("afvalbedrijf", "waste_cost", 3, "cost", -40.0, GAP),
        ("afvalbedrijf", "waste_cost", 4, "cost", -60.0, GAP),
    ]
    assert all(r["calendar_year"] == 2026 + r["year"] for r in rows)
    found = gaps(rows)
    assert found["centre_deficit"] == {2027: pytest.approx(200.0), 2031: 0.5}
    assert found["unfunded_lines"] == [{"stakeholder": "afvalbedrijf", "line": "waste_cost", "amount": 100.0}]


def test_without_the_centre_each_party_pays_back_what_it_saves_discounted(loaded) -> None:  # type: ignore[no-untyped-def]
    case = loaded.scenario.business_case  # 5 years at 2.25 %
    lines = [
        {"year": 1, "line": "benefit_savings.bijstand", "payer": OUTSIDE, "receiver": "gemeente", "amount": 1000.0},
        {"year": 3, "line": "care_savings.dagbesteding", "payer": OUTSIDE, "receiver": "gemeente", "amount": 500.0},
        {"year": 2, "line": "disposal_cost_avoided", "payer": OUTSIDE, "receiver": "afvalbedrijf", "amount": 200.0},
        {"year": 2, "line": "sales", "payer": OUTSIDE, "receiver": "centrum", "amount": 9999.0},  # not a saving
        {"year": 2, "line": "benefit_savings.bijstand", "payer": OUTSIDE, "receiver": OUTSIDE, "amount": 7.0},
    ]
    found = baseline(case, lines)
    assert found["stakeholders"]["gemeente"]["per_year"] == [-1000.0, 0.0, -500.0, 0.0, 0.0]
    assert found["stakeholders"]["afvalbedrijf"]["per_year"] == [0.0, -200.0, 0.0, 0.0, 0.0]
    assert found["stakeholders"]["centrum"]["per_year"] == [0.0] * 5
    r = 1.0225  # worth in year 1: year 1 as is, year 2 over r, year 3 over r squared
    gemeente = -1000.0 - 500.0 / r**2
    assert found["stakeholders"]["gemeente"]["npv"] == pytest.approx(gemeente)
    assert found["npv"] == pytest.approx(gemeente - 200.0 / r)


def test_lines_are_named_and_ordered_as_the_file_lists_them(loaded) -> None:  # type: ignore[no-untyped-def]
    scenario = loaded.scenario
    case = scenario.business_case
    owners = line_owners(scenario, case)
    assert owners["pools.bijstand"] == {"nl": "Deelnemers bijstand", "en": "Social-assistance participants"}
    assert owners["supervisors.werkbegeleider"]["en"] == "Work supervisor"
    assert set(owners) >= {"groups.bijstand", "staff.winkel", "investments.bus", "grants.startsubsidie"}
    groups = ("bijstand", "lks", "dagbesteding", "vrijwilligers")  # as the file lists them
    assert line_order(scenario, case) == [
        "sales", "recycling_revenue",
        "wages.bijstand", "wages.vrijwilligers", "wages.lks", "wages.dagbesteding", "allowances",
        "supervisors.werkbegeleider", "supervisors.zorgbegeleider", "staff.winkel", "overhead",
        "work_places", "waste_cost", "waste_cost.passed_on", "disposal_cost_avoided",
        *(f"{kind}.{g}" for g in groups for kind in ("income", "benefit_saved_employed", "care_savings")),
        *(f"benefit_savings.{g}" for g in groups),
        "one_off.verbouwing", "depreciation.verbouwing", "interest.verbouwing",
        "one_off.bus", "depreciation.bus", "interest.bus",
        "grant.startsubsidie", "grant.exploitatiebijdrage", "grant.loonkostensubsidie", "grant.werkplekvergoeding"]


def test_a_partners_lines_are_named_by_partner_and_product_and_booked_first(loaded) -> None:  # type: ignore[no-untyped-def]
    case = loaded.scenario.business_case
    partner = load_scenario(EXAMPLE.parent / "textiel-partner.yaml").scenario
    owners = line_owners(partner, case)
    assert owners["contracts.atelier"] == {"nl": "Atelier Tweede Draad – Wol en denim",
                                           "en": "Atelier Tweede Draad – Wool and denim"}
    # A case that books the partner (only the names of its booked contracts matter for the order).
    booked = SimpleNamespace(bookings=SimpleNamespace(contracts={"atelier": None}), staff=case.staff,
                             investments=case.investments, grants=case.grants)
    assert line_order(partner, booked)[:4] == ["sales.contracts.atelier", "vat.contracts.atelier",
                                               "avoided_cost.contracts.atelier", "sales"]
