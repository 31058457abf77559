"""The council's budget in the user's words: lines named by what the file calls them, kinds in the
language, rows in the order the file lists them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from analysis.economics.business_case import run_business_case
from analysis.reporting import council
from sim.loader import load_scenario

EXAMPLE = Path(__file__).resolve().parents[3] / "scenarios" / "gemeente-businesscase.yaml"


@pytest.fixture(scope="module")
def result() -> Any:
    return run_business_case(load_scenario(EXAMPLE), replications=1)


def sheet_rows(result: Any, lang: str) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(council.budget_workbook(result, lang))).active
    assert sheet is not None
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_dutch_workbook_names_kinds_and_lines_in_dutch(result: Any) -> None:
    rows = sheet_rows(result, "nl")
    kinds = {row[2] for row in rows[1:]}
    assert not kinds & {"saving", "cost", "grant", "capital_charge", "gap", "revenue", "one_off"}
    assert {"kosten", "opbrengst", "besparing"} <= kinds
    lines = [row[1] for row in rows[1:]]
    assert "begeleiders: Werkbegeleiders" in lines or any(
        line.startswith("begeleiders: ") and not line.endswith(": werkbegeleider") for line in lines)
    assert any(line.startswith("lonen, volledige werkgeverslasten: Werknemers met loonkostensubsidie") for line in lines)
    assert not any(line.endswith((": lks", ": werkbegeleider", ": bijstand")) for line in lines)


def test_the_budget_lists_the_lines_in_the_files_order(result: Any) -> None:
    # Each stakeholder's grants and target groups as the file lists them, not sorted by their ids.
    scenario = load_scenario(EXAMPLE).scenario
    unsorted = 0
    for prefix, ids in (("grant.", list(scenario.business_case.grants)), ("income.", list(scenario.target_groups))):
        for party in result.stakeholders:
            booked = list(dict.fromkeys(row["line"].removeprefix(prefix) for row in result.budget
                                        if row["stakeholder"] == party and row["line"].startswith(prefix)))
            assert booked == [i for i in ids if i in booked]
            unsorted += booked != sorted(booked)
    assert unsorted >= 1
    # The workbook in the page's order.
    page = [record.iloc[0] for _, table in council.budget_tables(result, "en") for _, record in table.iterrows()]
    sheet = [row[1] for row in sheet_rows(result, "en")[1:]]
    assert [line for line in page if line in sheet] == sheet


def test_the_ranges_are_named_in_the_users_words(result: Any) -> None:
    assert result.sensitivity["ranges"]["inputs"] == ["business_case.staff.winkel.hours_per_week"]
    for lang, label in (("nl", "Winkelmedewerker: uren per week"), ("en", "Shop assistant: hours per week")):
        [(_, sentences, tables, _)] = council.range_section(result, lang)
        shown = " ".join(sentences) + " ".join(table.to_string() for _, table in tables)
        assert label in sentences[0] and label in tables[-1][1].iloc[:, 0].tolist()
        assert "business_case." not in shown and "hours_per_week" not in shown


def _hand_made(**changes: Any) -> Any:
    """A business case's results written by hand: two stakeholders, numbers chosen to check."""
    from types import SimpleNamespace

    fields: dict[str, Any] = {
        "stakeholders": {"gemeente": {"nl": "Gemeente", "en": "Municipality"}, "centrum": "Centrum"},
        "centre": "centrum", "owners": {"pools.bijstand": {"nl": "Deelnemers", "en": "Participants"}},
        "years": [2027, 2028], "book_value_end": 0.0, "budgets": {"wmo": {"nl": "Wmo-budget", "en": "Wmo budget"}},
        "budget": [
            {"stakeholder": "centrum", "line": "sales", "funded_by": None, "calendar_year": 2027, "amount": 500.0},
            {"stakeholder": "centrum", "line": "wages.bijstand", "funded_by": "own_income", "calendar_year": 2027,
             "amount": -800.0},
            {"stakeholder": "centrum", "line": "wages.bijstand", "funded_by": "own_income", "calendar_year": 2028,
             "amount": -100.0},
            {"stakeholder": "centrum", "line": "funding_gap", "funded_by": "gap", "calendar_year": 2027, "amount": 300.0},
            {"stakeholder": "gemeente", "line": "overhead", "funded_by": "wmo", "calendar_year": 2028, "amount": -80.0},
        ],
        "baseline": {"stakeholders": {"gemeente": {"npv": -1000.0}}, "npv": -1000.0},
        "metrics": {"ledger.gemeente.net_total": {"mean": 300.0}, "ledger.centrum.net_total": {"mean": -50.0},
                    "economics.npv": {"mean": 250.0}},
        "sensitivity": {"spread": {"economics.npv": {"p5": -10.0, "p50": 250.0, "p95": 400.0},
                                   "ledger.gemeente.net_total": {"p5": 100.0, "p50": 300.0, "p95": 500.0}},
                        "tornado": [{"input": "wages", "low": {"economics.npv": 900.0}, "high": {"economics.npv": -400.0}},
                                    {"input": "prices", "low": {"economics.npv": 100.0}, "high": {"economics.npv": 400.0}}],
                        "base_npv": 250.0},
        "gaps": {"centre_deficit": {"2027": 1200.0, "2028": 300.0},
                 "unfunded_lines": [{"stakeholder": "gemeente", "line": "overhead", "amount": 80.0}]},
    }
    fields.update(changes)
    return SimpleNamespace(**fields)


def test_beside_doing_nothing_each_stakeholder_and_all_of_them() -> None:
    table = council.baseline_table(_hand_made(), "en")
    assert table.to_dict("records") == [
        {"stakeholder": "Municipality", "do nothing": "-€1,000", "with the centre": "-€700", "difference": "€300"},
        {"stakeholder": "Centrum", "do nothing": "€0", "with the centre": "-€50", "difference": "-€50"},
        {"stakeholder": "all stakeholders", "do nothing": "-€1,000", "with the centre": "-€750", "difference": "€250"},
    ]


def test_how_sure_the_money_is_and_what_it_hinges_on() -> None:
    result = _hand_made()
    assert council.spread_table(result, "en").to_dict("records") == [
        {"figure": "net present value, all stakeholders", "p5": "-€10", "p50": "€250", "p95": "€400"},
        {"figure": "Municipality", "p5": "€100", "p50": "€300", "p95": "€500"},
    ]
    assert council.tornado_table(result, "en").to_dict("records") == [
        {"input": "wages ±10%", "NPV at the low end": "€900", "NPV at the high end": "-€400"},
        {"input": "sales prices ±25%", "NPV at the low end": "€100", "NPV at the high end": "€400"},
    ]
    risks = council.risk_sentences(result, "en")
    assert risks[0] == "The money hinges most on wages ±10%: the NPV of all stakeholders then lies between €900 and -€400."
    assert risks[1] == "Until the funding gap of €1,500 is covered, the centre's continuity is at risk."
    assert risks[2].startswith("Follow these figures every year: participant hours per target group")
    calm = council.risk_sentences(_hand_made(gaps={}, sensitivity={}), "en")
    assert len(calm) == 1 and calm[0].startswith("Follow these figures")


def test_the_gap_in_words_per_year_and_the_costs_without_a_budget() -> None:
    assert council.gap_sentences(_hand_made(), "en") == [
        "Funding gap: Centrum runs a deficit that no budget covers (2027: €1,200, 2028: €300; in all €1,500).",
        "Costs for which the file names no budget: Municipality – overhead (€80).",
    ]
    assert council.gap_sentences(_hand_made(gaps={}), "en") == ["No funding gap: Centrum covers its costs every year."]


def test_the_councils_page_has_its_sections_in_order_and_none_for_an_old_folder() -> None:
    titles = [title for title, *_ in council.sections(_hand_made(), "en")]
    assert titles == ["Operating budget per stakeholder, line and year", "Beside doing nothing", "How sure the money is",
                      "Risks and what to follow", "What the money hinges on"]
    assert council.sections(_hand_made(budget=[]), "en") == []


def test_the_budget_per_stakeholder_line_and_year_with_its_cover_and_the_net_without_the_gap() -> None:
    tables = dict(council.budget_tables(_hand_made(), "en"))
    assert list(tables) == ["Municipality", "Centrum"]  # in the file's order of stakeholders
    assert tables["Centrum"].to_dict("records") == [
        {"line": "sales (net of VAT)", "paid from": "", "2027": "€500", "2028": "€0", "total": "€500"},
        {"line": "wages, full employer cost: Participants", "paid from": "own income", "2027": "-€800",
         "2028": "-€100", "total": "-€900"},
        {"line": "funding gap", "paid from": "GAP: no budget named", "2027": "€300", "2028": "€0", "total": "€300"},
        # The gap row is not income: the year's net is what the lines give.
        {"line": "net of the year", "paid from": "", "2027": "-€300", "2028": "-€100", "total": "-€400"},
    ]
    assert tables["Municipality"].to_dict("records")[0] == {
        "line": "overhead", "paid from": "Wmo budget", "2027": "€0", "2028": "-€80", "total": "-€80"}
    assert council.line_label("wages.lks", "en") == "wages, full employer cost: lks"  # unnamed: its id
    assert council.line_label("something.else", "en") == "something.else"
    assert [council.kind_label(k, "nl") for k in ("cost", "gap", "other")] == ["kosten", "dekkingstekort", "other"]

