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
