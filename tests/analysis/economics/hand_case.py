"""A three-year business case small enough to book by hand (tests/data/small-centre.yaml with a
paid pool, a partner that buys, a pass-through gate fee, an investment and indexed wages)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.loader import load_text
from sim.scenario.model import Scenario

SMALL = Path(__file__).resolve().parents[2] / "data" / "small-centre.yaml"
PARTIES = ("gemeente", "centrum", "zorg", "afval", "woonstichting")

CASE: dict[str, Any] = {
    "years": 3,
    "discount_rate": 0.1,
    "centre": "centrum",
    "stakeholders": {"gemeente": {"funded_by": "algemeen"}, "centrum": {}, "zorg": {}, "afval": {},
                     "woonstichting": {}},
    "budgets": {"algemeen": {"name": "General means"}, "participatie": {"name": "Participation budget"}},
    "funding": {"income.bijstand": "participatie"},
    "bookings": {
        "target_groups": {"bijstand": {"paid_by": "gemeente"}},
        "disposal_cost_avoided": "gemeente",
        "waste_cost": "afval",
        "waste_cost_passed_to": "outside",
        "supervisors": {"coaches": "zorg"},
        "contracts": {"atelier": {"paid_by": "woonstichting", "avoided_cost": "5 EUR"}},
    },
    "vat": {"default": {"rate": 0.21, "scheme": "margin", "purchase_share": 0}},
    "employer_cost": {"holiday_pay": 0.08, "paid_leave": 0.1, "premiums": 0.25},
    "staff": {"winkel": {"hours_per_week": 10, "wage": "15 EUR per hour"}},
    "indexation": {"wages": 0.1},
    "interest_rate": 0.05,
    "investments": {"hal": {"amount": "30000 EUR", "year": 1, "paid_by": "gemeente", "depreciation": 3}},
    "grants": {"start": {"per_year": "30000 EUR per year", "paid_by": "gemeente", "received_by": "centrum"}},
}

# One simulated year (the same in each year; year 1 prices, flows per year).
YEAR: dict[str, float] = {
    "economics.revenue": 12_100.0,  # what buyers paid, VAT included
    "contracts.atelier.delivered": 6.05,  # orders of 50 kg at 4 EUR: 1,210 EUR from the partner
    "products.clothing.sold": 3_000.0,
    "pools.participants.hours_worked": 1_000.0,
    "pools.participants.absent_hours": 100.0,
    "pools.participants.people_in_place": 2.0,
    "supervisors.coaches.cost": 40_000.0,
    "economics.overhead": 5_000.0,
    "economics.waste_cost": 1_000.0,
    "economics.disposal_cost_avoided": 2_000.0,
    "groups.bijstand.income": 3_000.0,
    "groups.bijstand.hours": 1_000.0,
    "groups.bijstand.outflow_to_job": 0.0,
}


def scenario_with(case: dict[str, Any] | None = None) -> Scenario:
    """The small centre with a paid pool (10 EUR an hour) and the business case ``CASE`` updated by ``case``."""
    text = SMALL.read_text(encoding="utf-8").replace("    people: 4\n", "    people: 4\n    wage: 10 EUR per hour\n")
    loaded = load_text(text, "small-centre.yaml")
    merged = {**CASE, **(case or {})}
    from sim.scenario.business import BusinessCase

    return loaded.scenario.model_copy(update={"business_case": BusinessCase.model_validate(merged)})
