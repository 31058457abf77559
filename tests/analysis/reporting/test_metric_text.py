"""How a metric reads, pinned word for word in both languages: name, unit, section, label, value,
and the names of what a metric belongs to (a contract by its partner and what it orders)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from analysis.reporting import metric_text as m
from sim.loader import load_scenario, with_overrides

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"


@pytest.mark.parametrize(("metric", "lang", "expected"), [
    ("steps.sorteren.wait_mean", "en", ("mean wait", "hours", "step", "step Sorteren: mean wait (hours)")),
    ("steps.sorteren.wait_mean", "nl", ("gemiddelde wachttijd", "uur", "stap", "stap Sorteren: gemiddelde wachttijd (uur)")),
    ("economics.net_result", "en", ("net result", "EUR per year", "economics", "economics: net result (EUR per year)")),
    ("economics.net_result", "nl", ("nettoresultaat", "euro per jaar", "economie", "economie: nettoresultaat (euro per jaar)")),
    ("contracts.atelier.on_time_share", "en", ("on-time share", "", "contract", "contract Atelier: on-time share")),
    ("pools.bijstand.hours_worked", "nl", ("gewerkte uren", "uur per jaar", "groep", "groep bijstand: gewerkte uren (uur per jaar)")),
    ("foo.bar_baz", "en", ("bar baz", "", "foo", "foo: bar baz")),  # not registered: its own words
])
def test_a_metric_reads_the_same_everywhere(metric: str, lang: str, expected: tuple[str, ...]) -> None:
    # 'steps.sorteren' is named; 'atelier' by its bare id; 'bijstand' not at all: its id.
    names = {"steps.sorteren": "Sorteren", "atelier": "Atelier"}
    assert (m.name(metric, lang), m.unit(metric, lang), m.section(metric, lang), m.label(metric, lang, names)) == expected


def test_a_value_is_written_as_its_kind_says() -> None:
    assert [m.kind(x) for x in ("economics.net_result", "contracts.a.on_time_share", "impact.kg_reused", "x.y")] == [
        "money", "percent", "number", "number"]
    assert m.value("contracts.a.on_time_share", 0.4712, "nl") == "47%"
    assert m.value("economics.net_result", 12345.6, "nl") == "€\xa012.346"  # a space that does not break
    assert m.value("economics.net_result", 12345.6, "en") == "€12,346"
    assert m.value("impact.kg_reused", 12345.6, "nl") == "12.346"


def test_a_lead_time_is_shown_in_the_unit_of_its_contracts_promise() -> None:
    units = {"atelier": ("week", 168.0)}
    assert m.lead_time_unit("contracts.atelier.lead_time_p95", units) == ("week", 168.0)
    assert m.lead_time_unit("package_items.atelier.bed.lead_time_mean", units) == ("week", 168.0)
    assert m.lead_time_unit("contracts.atelier.on_time_share", units) is None
    assert m.lead_time_unit("contracts.other.lead_time_p95", units) is None
    assert m.lead_time_unit("contracts.atelier.lead_time_p95", None) is None
    assert m.lead_time_unit("package_items.atelier.lead_time_p95", units) is None  # not an item's
    assert m.axis_label("contracts.atelier.lead_time_p95", "en", units) == "lead time P95 (weeks)"
    assert m.axis_label("contracts.atelier.lead_time_p95", "nl", units) == "levertijd P95 (weken)"
    assert m.axis_label("contracts.atelier.lead_time_p95", "en") == "lead time P95 (hours)"
    assert m.label("contracts.atelier.lead_time_p95", "en", {"contracts.atelier": "Atelier"}, units) == \
        "contract Atelier: lead time P95 (weeks)"


def test_a_contract_is_named_by_its_partner_and_what_it_orders_and_told_apart_by_its_id() -> None:
    loaded = load_scenario(SCENARIOS / "startpakketten.yaml")
    names = m.owner_names(loaded.scenario, "en")
    assert names["contracts.startpakket"] == "Woonstichting De Linge – Beds + Tables + Chairs + Fridges"
    assert names["package_items.startpakket.stoel"] == "Woonstichting De Linge – Chairs"
    assert (names["steps.inname"], m.owner_names(loaded.scenario, "nl")["steps.inname"]) == (
        "Furniture intake", "Inname meubels")
    # A second, identical package of the same partner: both told apart by their ids.
    second = copy.deepcopy(loaded.data["market"]["contracts"]["startpakket"])
    twice = with_overrides(loaded, {"market.contracts.tweede": second}).scenario
    names = m.owner_names(twice, "en")
    assert names["contracts.startpakket"] == "Woonstichting De Linge – Beds + Tables + Chairs + Fridges (startpakket)"
    assert names["contracts.tweede"] == "Woonstichting De Linge – Beds + Tables + Chairs + Fridges (tweede)"
    assert names["package_items.tweede.bed"] == "Woonstichting De Linge – Beds (tweede)"
    assert m.contract_names(None, "en") == {}
