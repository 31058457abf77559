"""The report's assumptions tables, word for word: what a reader checks against the file.

Every number below is worked out from scenarios/gemeente-businesscase.yaml by hand: a triangular
distribution's mean is (min + mode + max) / 3, a uniform trajectory of 6 to 18 months is 52 weeks
on average, a weekly rate is written per week."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.reporting.assumptions import promise, sections, unit_name, weekday
from sim.loader import load_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


@pytest.fixture(scope="module")
def english():  # type: ignore[no-untyped-def]
    return {x.title: x for x in sections(load_scenario(SCENARIOS / "gemeente-businesscase.yaml").scenario, "en")}


def test_material_streams_with_supply_mean_weight_storage_and_routes(english) -> None:  # type: ignore[no-untyped-def]
    assert english["Material streams"].rows == [
        ["Furniture", "45 × item", "26.7 kg", "3,000 kg",  # (5 + 15 + 60) / 3
         "40%: Intake and assessment → Cleaning and pricing → Stocking the shop → Furniture; "
         "20%: Intake and assessment → Refurbishing → Stocking the shop → Furniture; "
         "40%: Intake and assessment → recycling 70%, waste 30%"],
        ["Textile", "100 × bag", "7.67 kg", "1,500 kg", "100%: Textile sorting → Clothing 35%, recycling 50%, waste 15%"],
    ]


def test_steps_with_skill_places_mean_work_and_success(english) -> None:  # type: ignore[no-untyped-def]
    assert english["Processing steps"].rows == [
        ["Intake and assessment", "inname", "1", "triangular between 5 min and 20 min, most often 10 min; mean 11.7 min", "–"],
        ["Cleaning and pricing", "schoonmaken", "2", "triangular between 10 min and 45 min, most often 20 min; mean 25 min", "–"],
        ["Refurbishing", "opknappen", "1", "triangular between 45 min and 180 min, most often 90 min; mean 105 min", "85%"],
        ["Stocking the shop", "schoonmaken", "unlimited", "triangular between 5 min and 20 min, most often 10 min; mean 11.7 min", "–"],
        ["Textile sorting", "sorteren", "2", "triangular between 6 min and 15 min, most often 10 min; mean 10.3 min", "–"],
    ]


def test_people_supervisors_sales_money_and_simulation(english) -> None:  # type: ignore[no-untyped-def]
    assert english["People and target groups"].rows[:2] == [
        ["Social-assistance participants", "Social-assistance clients", "5", "60%", "Mon Tue Wed Thu", "10%", "1 : 10",
         "52 weeks; job 30%, education 10%, other 60%"],
        ["Volunteers", "Volunteers", "3", "75%", "Tue Thu", "10%", "1 : 20", "–"],
    ]
    assert english["Supervisors"].rows == [
        ["Work supervisor", "1", "Social-assistance clients, Employees with wage-cost subsidy, Volunteers", "yes",
         "€67,000 per year"],
        ["Care provider's supervisor", "0", "Day activities (Wmo)", "no", "€22,000 per year"],
    ]
    assert english["Sales"].rows == [["shop", "200 customers per week"]]
    assert english["Money"].rows == [["overhead per year", "€30,000"], ["disposal cost per kg", "€0.15"],
                                     ["recycling income per kg", "€0.03"]]
    assert english["Simulation"].rows == [["start date", "4 January 2027"], ["simulated period", "1 year"],
                                          ["warm-up (not counted)", "4 weeks"],
                                          ["replications in the scenario file", "5"], ["seed", "2027"]]


def test_the_same_tables_in_dutch() -> None:
    dutch = sections(load_scenario(SCENARIOS / "gemeente-businesscase.yaml").scenario, "nl")
    assert [x.title for x in dutch] == ["Materiaalstromen", "Bewerkingsstappen", "Mensen en doelgroepen",
                                        "Begeleiders", "Afzet", "Geld", "Simulatie"]
    assert dutch[0].rows[1] == ["Textiel", "100 × zak", "7,67 kg", "1.500 kg",
                                "100%: Textiel sorteren → Kleding 35%, recycling 50%, afval 15%"]
    assert dutch[2].rows[0] == ["Deelnemers bijstand", "Bijstand (Participatiewet)", "5", "60%", "ma di wo do", "10%",
                                "1 : 10", "52 weken; werk 30%, opleiding 10%, anders 60%"]
    assert dutch[3].rows[0][3:] == ["ja", "€\xa067.000 per jaar"]
    assert dutch[6].rows[0] == ["startdatum", "4 januari 2027"]


def test_a_contract_reads_as_partner_order_interval_promise_and_target() -> None:
    partner = load_scenario(SCENARIOS / "textiel-partner.yaml").scenario
    sales = next(x for x in sections(partner, "en") if x.title == "Sales")
    assert sales.rows == [["shop", "450 customers per week"],
                          ["contract with Atelier Tweede Draad – Wool and denim",
                           "200 Wool and denim every 4 weeks, lead time 10 working days, target 95% on time"]]
    assert promise(partner.market.contracts["atelier"], "nl") == "10 werkdagen"


def test_units_and_weekdays_in_the_readers_language() -> None:
    assert [unit_name(u, "nl") for u in ("item", "bag", "kg", "m3")] == ["stuk", "zak", "kg", "m3"]
    assert [weekday(d, "en") for d in ("monday", "sunday")] == ["Mon", "Sun"]
    assert weekday("tuesday", "nl") == "di"
