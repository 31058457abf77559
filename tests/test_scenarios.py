"""The example scenarios: they validate, run, give plausible results, and answer their questions.

Plausibility is checked against published figures (docs/sources.md), each named with its
source and a stated tolerance: the per-shop figures rest on news reports of the original studies
and are taken as +-25 % (PER_SHOP), so a halved or doubled result fails every band. A figure that
a scenario was calibrated to (its ``calibrated`` block: parameters tuned to make that figure come
out) is no check of that scenario, and a figure for a general kringloop is no check of a
specialised workshop; such pairs are left out with the reason. Participants per supervisor is a
consistency check with the scenario's own supervision ratios, not a validation. Each example
runs a couple of replications of its own horizon; the question-specific checks compare variants
with common random numbers.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from analysis.experiments.centres import REVENUE_PER_KG_REUSED
from sim import registry
from sim.loader import LoadedScenario, load_scenario, with_overrides
from sim.registry import HOURS_PER_YEAR
from sim.run import RunResult, run_replication

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
EXAMPLES = ["kernteam-start", "regionale-hub", "textiel-partner", "zorgtekort", "mbo-zomer", "gemeente-businesscase",
            "startpakketten"]
REPLICATIONS = 2


@cache
def loaded(name: str) -> LoadedScenario:
    return load_scenario(SCENARIOS / f"{name}.yaml")


@cache
def runs(name: str, overrides: tuple[tuple[str, object], ...] = (), replications: int = REPLICATIONS) -> list[RunResult]:
    scenario = loaded(name)
    if overrides:
        scenario = with_overrides(scenario, dict(overrides))
    return [run_replication(scenario.scenario, r) for r in range(replications)]


def mean(results: list[RunResult], metric: str) -> float:
    values = [r.metrics[metric] for r in results if not math.isnan(r.metrics[metric])]
    return float(np.mean(values)) if values else math.nan


def revenue_per_kg_reused(result: RunResult) -> float:
    """Revenue over kg reused: both per year, so the ratio needs no factor."""
    m = result.metrics
    return m["economics.revenue"] / m["impact.kg_reused"]


def participants_per_supervisor(name: str, result: RunResult) -> float:
    """Supervised participants at work per supervisor present, averaged over the hours."""
    teams = loaded(name).scenario.supervisors
    present = sum(result.metrics[f"supervisors.{t}.present_hours"] for t in teams)
    return result.metrics["impact.participant_hours"] / present


# --- the files ------------------------------------------------------------------------------


def test_every_example_is_there():
    assert sorted(p.stem for p in SCENARIOS.glob("*.yaml")) == sorted(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_loads_without_error(name):
    loaded(name)  # raises ScenarioError with file, line and field when it does not; the tests below pin what it holds


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_is_written_for_dutch_users_and_editors(name):
    text = (SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=scenario.schema.json"
    s = loaded(name).scenario
    assert s.language == "nl"
    assert isinstance(s.question, dict) and s.question.get("nl") and s.question.get("en")
    assert len(s.sources) >= 3, "an example names where its numbers come from"
    named = [*s.materials.values(), *s.steps.values(), *s.target_groups.values(),
             *s.workforce.values(), *s.supervisors.values(), *s.products.values()]
    missing = [item for item in named if not isinstance(item.name, dict) or "nl" not in item.name]
    assert not missing, "every stream, step, group, pool, team and product has a Dutch name"


def test_default_scenario_stays_quick():
    # 'make run' uses kernteam-start: one year, a short warm-up, at most ten replications.
    experiment = loaded("kernteam-start").scenario.experiment
    assert experiment.horizon <= HOURS_PER_YEAR
    assert experiment.warm_up <= 4 * 168
    assert experiment.replications <= 10


def test_the_hub_is_the_largest_example():
    # The benchmark uses the hub as its big case.
    hub = loaded("regionale-hub").scenario
    assert len(hub.materials) >= 5 and len(hub.target_groups) >= 6 and len(hub.market.contracts) >= 2
    for name in EXAMPLES:
        other = loaded(name).scenario
        assert len(other.materials) <= len(hub.materials)
        assert sum(p.people for p in other.workforce.values()) <= sum(p.people for p in hub.workforce.values())


# --- plausible against the reference figures ------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_metric_is_registered_and_within_its_bounds(name):
    # What `ambacht run --format json`, compare and sweep print of an example: the same names.
    for result in runs(name):
        assert sorted(n for n in result.metrics if registry.find(n) is None) == []
        outside = [n for n, v in result.metrics.items()
                   if math.isfinite(v) and not registry.lookup(n).low - 1e-9 <= v <= registry.lookup(n).high + 1e-9]
        assert outside == []


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_kg_is_accounted_for(name):
    for result in runs(name):
        balance = result.mass_balance
        assert abs(balance["unaccounted"]) <= 1e-6 * balance["in"]


PER_SHOP = 0.25
"""Tolerance on a per-shop published figure (the reference figures are news reports: +-25 %)."""

REUSE_SHARE = {
    # Mixed goods: 43 % (2019) to 63 % (2024) of what comes in is reused (Monitor Kringloop NL).
    "kernteam-start": (0.43, 0.63), "regionale-hub": (0.43, 0.63), "zorgtekort": (0.43, 0.63),
    "mbo-zomer": (0.43, 0.63), "gemeente-businesscase": (0.43, 0.63), "startpakketten": (0.43, 0.63),
    # Textile only: Kringloop Zwolle finds 35 % sellable (WaardeRing), as the example cites.
    "textiel-partner": (0.35, 0.35),
}

REVENUE_PER_KG = REVENUE_PER_KG_REUSED  # docs/sources.md#opbrengst-per-kg, the 25 % per shop included
NOT_A_GENERAL_SHOP = {
    "regionale-hub": "calibrated: its estimated prices were set for this figure",
    "textiel-partner": "sells textile only, much of it by the kg to a partner",
    "mbo-zomer": "sells bikes and appliances only (a bike alone is 95 EUR for ~16 kg)",
}


def test_every_example_is_placed_for_each_published_figure():
    assert set(REUSE_SHARE) == set(EXAMPLES)
    assert set(NOT_A_GENERAL_SHOP) < set(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_reuse_share_is_plausible(name):
    low, high = REUSE_SHARE[name]
    share = mean(runs(name), "impact.reuse_share")
    assert (1 - PER_SHOP) * low <= share <= (1 + PER_SHOP) * high


@pytest.mark.parametrize("name", [n for n in EXAMPLES if n not in NOT_A_GENERAL_SHOP])
def test_revenue_per_kg_reused_is_plausible(name):
    low, high = REVENUE_PER_KG
    for result in runs(name):
        assert low <= revenue_per_kg_reused(result) <= high


def test_calibrated_parameters_are_labelled_and_left_out_of_validation():
    hub = loaded("regionale-hub").scenario
    assert "market.shop.demand" in hub.calibrated
    assert any(path.endswith(".price") for path in hub.calibrated)
    assert "calibrated" in NOT_A_GENERAL_SHOP["regionale-hub"]
    from analysis.reporting.assumptions import sections

    for lang, title in (("nl", "Gekalibreerd"), ("en", "Calibrated")):
        listed = [sec for sec in sections(hub, lang) if sec.title.startswith(title)]
        assert len(listed) == 1 and [row[0] for row in listed[0].rows] == list(hub.calibrated)


@pytest.mark.parametrize("name", EXAMPLES)
def test_participants_per_supervisor_is_plausible(name):
    # Supervision ratios run from 1:4 (MBO level 1-2, GHZ) to 1:20 (volunteers); part-time
    # schedules and absence put fewer at work at once than the ratio allows.
    for result in runs(name):
        assert 2.0 <= participants_per_supervisor(name, result) <= 13.0


@pytest.mark.parametrize("name", EXAMPLES)
def test_supervision_used_never_exceeds_supervision_present(name):
    teams = loaded(name).scenario.supervisors
    for result in runs(name):
        for team in teams:
            m = result.metrics
            assert m[f"supervisors.{team}.supervision_hours"] <= m[f"supervisors.{team}.present_hours"] + 1e-6


@pytest.mark.parametrize("name", EXAMPLES)
def test_utilisations_stay_within_capacity(name):
    s = loaded(name).scenario
    for result in runs(name):
        m = result.metrics
        for step in s.steps:
            assert 0.0 <= m[f"steps.{step}.utilisation"] <= 1.0
        for pool, spec in s.workforce.items():
            if spec.people == 0:  # a pool that starts in a later phase: nobody to be busy
                continue
            assert 0.0 <= m[f"pools.{pool}.utilisation"] <= 1.0
        for team, spec in s.supervisors.items():
            if spec.people == 0:
                continue
            assert 0.0 <= m[f"supervisors.{team}.utilisation"] <= 1.0 + 1e-9


def test_a_productive_supervisor_is_not_busier_than_present():
    # kernteam-start's one begeleider supervises and refurbishes furniture in the time left.
    for result in runs("kernteam-start"):
        assert result.metrics["supervisors.werkbegeleider.utilisation"] <= 1.0


def test_regional_hub_keeps_its_promises():
    s = loaded("regionale-hub").scenario
    results = runs("regionale-hub")
    for contract_id, contract in s.market.contracts.items():
        assert mean(results, f"contracts.{contract_id}.on_time_share") >= contract.target_on_time_share
    # A mid-size kringloop takes in ~785 t a year (Monitor Kringloop NL 2023). The hub's arrival
    # rates were set from that figure, so this checks that the model takes in what it is given
    # (consistency, not validation): within 5 %, the spread of a year of random arrivals.
    kg_per_year = mean(results, "impact.kg_in")  # per year
    assert 0.95 * 785_000 <= kg_per_year <= 1.05 * 785_000
    assert mean(results, "impact.kg_refused") == 0


# --- the questions --------------------------------------------------------------------------


def test_textile_partner_needs_enough_people_and_supervisors():
    # Too few participants with one coach clearly miss the 95 % target; enough meet it.
    few = mean(runs("textiel-partner", (("workforce.deelnemers.people", 3), ("supervisors.textielcoach.people", 1)), 3),
               "contracts.atelier.on_time_share")
    enough = mean(runs("textiel-partner", (("workforce.deelnemers.people", 8), ("supervisors.textielcoach.people", 2)), 3),
                  "contracts.atelier.on_time_share")
    assert few < 0.5
    assert enough >= 0.95


def test_textile_partner_needs_a_second_coach_above_the_ratio():
    # Ten participants at 1:8: with one coach some wait; a second coach gives them work.
    one = runs("textiel-partner", (("workforce.deelnemers.people", 10), ("supervisors.textielcoach.people", 1)))
    two = runs("textiel-partner", (("workforce.deelnemers.people", 10), ("supervisors.textielcoach.people", 2)))
    lost = "impact.hours_lost_to_missing_supervision"
    assert mean(one, lost) > 5 * mean(two, lost)


def test_textile_partner_sorts_what_its_calibration_says_per_participant():
    # Calibrated (not validated): fine sorting was slowed so that a participant sorts ~12 t a
    # year, the WaardeRing hub's ~8 t per person with a third of its people in other roles
    # (docs/sources.md#textiel-per-persoon). This keeps the example at its calibration.
    s = loaded("textiel-partner").scenario
    assert "steps.fijnsorteren.work_content" in s.calibrated
    people = s.workforce["deelnemers"].people
    per_participant = mean(runs("textiel-partner"), "impact.kg_in") / people
    assert 0.75 * 12_000 <= per_participant <= 1.25 * 12_000
    # ... and they are busy doing it: with the shop-grade sorting speed they would be idle half the time.
    assert mean(runs("textiel-partner"), "pools.deelnemers.utilisation") >= 0.7


def test_care_shortage_costs_participation_and_delivery():
    short = runs("zorgtekort")
    normal = runs("zorgtekort", (("supervisors.zorgbegeleiders.absence", 0.07),))
    assert loaded("zorgtekort").scenario.supervisors["zorgbegeleiders"].absence > 0.07
    lost = "impact.hours_lost_to_missing_supervision"
    assert mean(short, lost) > 1.5 * mean(normal, lost)
    assert mean(short, "impact.participant_hours") < mean(normal, "impact.participant_hours")
    assert mean(short, "contracts.tuincentrum.on_time_share") < mean(normal, "contracts.tuincentrum.on_time_share")


def test_small_start_breaks_on_supervision_when_participants_grow():
    # One begeleider at 1:10: three times the participants lose a larger share of their hours.
    def lost_share(results: list[RunResult]) -> float:
        lost = mean(results, "impact.hours_lost_to_missing_supervision")
        return lost / (lost + mean(results, "impact.participant_hours"))

    grown = runs("kernteam-start", (("workforce.bijstand.people", 15),))
    assert lost_share(grown) > 1.5 * lost_share(runs("kernteam-start"))


def test_students_away_in_school_holidays_leave_material_refused():
    away = runs("mbo-zomer")
    staying = runs("mbo-zomer", (("workforce.bol.absent_in_school_holidays", False),))
    assert mean(away, "pools.bol.hours_worked") < mean(staying, "pools.bol.hours_worked")
    assert mean(away, "impact.kg_refused") > mean(staying, "impact.kg_refused") + 1000


CO2_ALL_GOODS = (1.0, 1.1)
"""kg CO2 avoided per kg collected over all goods (TNO via delokatie.org, docs/sources.md#co2-alle-goederen)."""
NOT_MIXED_GOODS = {
    "textiel-partner": "textile only: reused textile avoids more per kg than the average good",
    "mbo-zomer": "bikes and appliances only",
    "startpakketten": "furniture and white goods only, no textile (which avoids the most per kg)",
}


@pytest.mark.parametrize("name", [n for n in EXAMPLES if n not in NOT_MIXED_GOODS])
def test_co2_per_kg_collected_is_plausible_with_its_counterfactual(name):
    # Reuse credited against new production, recycling only against the material's fate without
    # the centre (docs/sources.md#co2-tegenscenario): a centre of mixed goods lands near the
    # all-goods factor. Crediting textile recycling against new fibre (3.4 kg per kg) put
    # kernteam-start at 1.76 kg per kg, outside this band.
    low, high = CO2_ALL_GOODS
    for result in runs(name):
        per_kg = result.metrics["impact.co2_avoided_kg"] / result.metrics["impact.kg_in"]
        assert (1 - PER_SHOP) * low <= per_kg <= (1 + PER_SHOP) * high, (name, per_kg)


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_example_is_rosier_than_the_sector(name):
    # Most kringloop centres run around break-even; a surplus of 10 % of income or more is rare
    # (docs/sources.md#break-even, an estimate). A larger one means missing costs.
    for result in runs(name):
        m = result.metrics
        income = m["economics.revenue"] + m["economics.income_target_groups"] + m["economics.recycling_revenue"]
        assert m["economics.net_result"] <= 0.10 * income, name


def test_students_on_a_job_are_paid():
    # A BBL student has an employment contract: at least the (youth) minimum wage.
    for name in EXAMPLES:
        s = loaded(name).scenario
        for pool in s.workforce.values():
            if pool.group in ("mbo_bbl",):
                assert pool.wage > 0, (name, pool)


def test_starter_packages_wait_for_fridges_and_fridges_kept_back_help():
    # The housing corporation's package is late when a fridge is missing: the fridge is the
    # item that binds (lowest on-time share, every other item on time far more often), and the
    # package is never on time more often than its fridge. Keeping six fridges back from the shop
    # (the file's sweep) makes more packages complete in time, with the same random numbers.
    base = runs("startpakketten", replications=3)
    items = {p: mean(base, f"package_items.startpakket.{p}.on_time_share") for p in ("bed", "tafel", "stoel", "koelkasten")}
    package = mean(base, "contracts.startpakket.on_time_share")
    assert min(items, key=lambda p: items[p]) == "koelkasten"
    assert items["koelkasten"] < 0.9 and min(items["bed"], items["tafel"], items["stoel"]) > 0.95
    assert package <= items["koelkasten"] + 1e-9
    kept = runs("startpakketten", (("market.contracts.startpakket.reserve.koelkasten", 6),), replications=3)
    gains = [k.metrics["contracts.startpakket.on_time_share"] - b.metrics["contracts.startpakket.on_time_share"]
             for k, b in zip(kept, base, strict=True)]
    assert min(gains) > 0 and np.mean(gains) > 0.05
