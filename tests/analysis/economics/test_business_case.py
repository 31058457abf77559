"""The business case of the example: five years, who pays and who gains, in both languages."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from analysis.economics.business_case import run_business_case
from analysis.reporting.business_report import answer, read_business_case, study
from sim.loader import load_scenario

EXAMPLE = Path(__file__).resolve().parents[3] / "scenarios" / "gemeente-businesscase.yaml"


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    return run_business_case(load_scenario(EXAMPLE), replications=2)


def test_the_example_runs_five_years_as_one_run_from_its_opening(result) -> None:  # type: ignore[no-untyped-def]
    assert result.years == [2027, 2028, 2029, 2030, 2031]
    assert result.start == "opening"
    # Phase 2 from year 2 (4 January 2028), the day activities from 2 July 2029: inside the run.
    assert [(s["from"], s["change"]) for s in result.segments] == [("2028-01-04", 0), ("2029-07-02", 1)]
    assert "phases_restart" not in result.caveats
    assert [y["calendar_year"] for y in result.per_year] == result.years
    for name in ("impact.kg_reused", "impact.outflow_to_job", "economics.revenue", "economics.costs",
                 "pools.bijstand.hours_worked"):
        for year in result.per_year:
            assert set(year["metrics"][name]) == {"mean", "ci_low", "ci_high"}
    # The day-activity participants work from July of year 3 on: half a year of hours, then whole years.
    hours = [y["metrics"]["pools.dagbesteding.hours_worked"]["mean"] for y in result.per_year]
    assert hours[0] == hours[1] == 0 and 0.3 * hours[3] < hours[2] < 0.7 * hours[3]


def test_every_euro_is_received_by_someone_every_year(result) -> None:  # type: ignore[no-untyped-def]
    for year in range(1, 6):
        nets = [row["net"] for row in result.ledger if row["year"] == year]
        assert math.fsum(nets) == pytest.approx(0.0, abs=1e-6)


def test_the_phases_change_who_pays(result) -> None:  # type: ignore[no-untyped-def]
    def net(party: str, year: int) -> float:
        return next(r["net"] for r in result.ledger if r["stakeholder"] == party and r["year"] == year)

    # The care provider only receives day-part tariffs, and pays its own supervisor, once the day
    # activities start (July 2029).
    assert net("zorgaanbieder", 1) == 0 and net("zorgaanbieder", 2) == 0
    assert net("zorgaanbieder", 3) != 0
    # The waste company passes the gate fees on: it neither gains nor pays.
    assert all(net("afvalbedrijf", y) == pytest.approx(0.0, abs=1e-6) for y in range(1, 6))
    # The state pays its start-up grant in the first year only.
    assert net("rijk", 1) == pytest.approx(-50_000) and net("rijk", 2) == 0
    # A second supervisor and a van from year 2: the centre's costs rise.
    centre_paid = {r["year"]: r["paid"] for r in result.ledger if r["stakeholder"] == "centrum"}
    assert centre_paid[2] > centre_paid[1] + 67_000


def test_the_page_answers_who_pays_and_who_gains_per_year(result, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    short = load_scenario(EXAMPLE)
    _, folder = study(short, replications=1, out=tmp_path / "bc")
    assert folder is not None and (folder / ".ambacht-results.json").exists()
    result = read_business_case(folder)
    nl = (folder / "businesscase-nl.html").read_text(encoding="utf-8")
    en = (folder / "businesscase-en.html").read_text(encoding="utf-8")
    assert "Wie betaalt per saldo" in nl and "Who pays on balance" in en
    for year in range(2027, 2032):
        assert str(year) in nl
    assert "Gemeente" in nl and "Municipality" in en
    # The council's page: budget with its cover, the gap, doing nothing beside it, the sensitivity.
    for words in ("Exploitatiebegroting", "gedekt uit", "Dekkingstekort", "Naast niets doen", "Waar het geld van afhangt"):
        assert words in nl
    for words in ("Operating budget", "paid from", "Funding gap", "Beside doing nothing", "What the money hinges on"):
        assert words in en
    assert {"year", "calendar_year", "stakeholder", "line", "kind", "amount", "funded_by"} == set(result.budget[0])
    assert result.baseline["stakeholders"]["gemeente"]["npv"] < 0 and result.sensitivity["tornado"]
    from openpyxl import load_workbook

    sheet = load_workbook(folder / "businesscase-en.xlsx").active
    assert sheet is not None and [c.value for c in sheet[1]][:4] == ["stakeholder", "line", "kind", "paid from"]
    assert "Risks and what to follow" in en and "en wat te volgen" in nl
    for chart in ("cash-flow", "stakeholders", "tornado"):
        for lang in ("nl", "en"):
            assert (folder / "charts" / f"{chart}-{lang}.png").stat().st_size > 10_000
    assert answer(result, "en")


def test_a_folder_from_before_the_councils_page_still_reads(result) -> None:  # type: ignore[no-untyped-def]
    import copy

    from analysis.economics.business_case import BusinessCaseResult
    from analysis.reporting.business_report import page

    old = copy.deepcopy(result.to_dict())  # the module's result is shared: leave it as it was
    for key in ("budget", "gaps", "baseline", "sensitivity", "budgets", "book_value_end"):
        old.pop(key)
    old["metrics"]["impact.pso_share"] = old["metrics"].pop("impact.target_group_hours_share")
    old["payback_range"] = tuple(old["payback_range"])
    text = page(BusinessCaseResult(**old), "en")
    assert "Who pays on balance" in text and "Operating budget" not in text


def test_the_ramp_up_chart_shows_the_people_in_place_each_year(result) -> None:  # type: ignore[no-untyped-def]
    from analysis.reporting.charts.ramp_up import ramp_up

    # Five bijstand places from the opening day: every year has people in place on average.
    for year in result.per_year:
        assert year["metrics"]["pools.bijstand.people_in_place"]["mean"] > 0
    chart = ramp_up(result, "en", "test")
    assert chart is not None
    assert all(value > 0 for value in chart.data["people in place (average)"])


def test_no_yearly_interval_leaves_what_its_metric_can_be(result) -> None:  # type: ignore[no-untyped-def]
    # Two replications give wide intervals: an outflow is never below 0, a share never beyond 0-1.
    for year in result.per_year:
        for name, found in year["metrics"].items():
            if math.isfinite(found["ci_low"]) and not name.startswith("economics."):
                assert found["ci_low"] >= 0, (year["year"], name)
            if name.endswith("_share") and math.isfinite(found["ci_high"]):
                assert found["ci_high"] <= 1, (year["year"], name)
    assert result.per_year[0]["metrics"]["impact.outflow_to_job"]["ci_low"] >= 0
    assert result.metrics["impact.social_value"]["ci_low"] >= 0
    share = result.metrics["impact.target_group_hours_share"]
    assert 0 <= share["ci_low"] <= share["mean"] <= share["ci_high"] <= 1
    # A stakeholder's net is money: its interval may run below 0 (a payer), not cut at 0.
    nets = [v for k, v in result.metrics.items() if k.startswith("ledger.") and v["mean"] < 0]
    assert nets and all(v["ci_low"] < 0 for v in nets)


def test_a_replication_is_named_as_one_run_of_all_the_years(result) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from analysis.reporting.business_report import caveat_texts
    from analysis.reporting.charts.business import provenance

    one = replace(result, replications=1, caveats=["few_replications"])
    assert caveat_texts(one, "en")[0].startswith("Only 1 replication of all the years: it gives no interval")
    assert caveat_texts(one, "nl")[0].startswith("Maar 1 replicatie van alle jaren")
    assert "· 1 replication ·" in provenance(one, "en", "x") and "· 1 replicatie ·" in provenance(one, "nl", "x")
    assert "· 2 replications ·" in provenance(result, "en", "x")
    for lang in ("en", "nl"):
        assert not any(words in provenance(result, lang, "x") for words in ("a year", "per jaar"))


def test_the_ramp_up_charts_revenue_says_it_includes_vat_unlike_the_booked_sales(result) -> None:  # type: ignore[no-untyped-def]
    from analysis.reporting.charts.ramp_up import ramp_up
    from sim import registry, text

    # The simulation's revenue includes VAT; the ledger's sales lines are without it.
    for lang, words in (("en", "revenue incl. VAT"), ("nl", "omzet incl. btw")):
        chart = ramp_up(result, lang, "x")
        assert chart is not None and any(words in str(column) for column in chart.data.columns), lang
    revenue = registry.lookup("economics.revenue").description
    assert "including VAT" in revenue and "inclusief btw" in text.translation("nl").gettext(revenue)
    assert "including VAT" in registry.lookup("economics.net_result").description
