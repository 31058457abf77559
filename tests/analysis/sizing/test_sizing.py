"""A scenario sized from a few facts: it validates, runs, and lands inside the published bands.

The bands are the ones the generated file cites (docs/sources.md): goods collected per
inhabitant (#inzameling-per-inwoner, 126-150 Mkg over ~18 million people: 7.0-8.33 kg a year),
the reuse share (#bestemming-goederen, 35-63 %), revenue per kg reused (#opbrengst-per-kg,
EUR 1.08-2.66) and participants per supervisor within the chosen groups' ratio bands.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.experiments.centres import REVENUE_PER_KG_REUSED
from analysis.sizing.contract_text import parse_contract
from analysis.sizing.presets import catalogue
from analysis.sizing.sizing import Facts, SizingError, size, sized_scenario_text
from sim import registry
from sim.loader import LoadedScenario, load_text, with_overrides
from sim.run import RunResult, run_replication

STREAMS = ("meubels", "textiel", "fietsen")
GROUPS = ("statushouders", "wmo-ggz", "bijstand", "bbl", "vrijwilligers")
CONTRACT = parse_contract("gemeente: 20 fietsen per maand, binnen 3 weken")
TOWNS = [20_000, 60_000, 250_000]
KG_PER_INHABITANT = (126e6 / 18e6, 150e6 / 18e6)   # docs/sources.md#inzameling-per-inwoner
REUSE_SHARE = (0.35, 0.63)                          # docs/sources.md#bestemming-goederen
REVENUE_PER_KG = REVENUE_PER_KG_REUSED              # docs/sources.md#opbrengst-per-kg


def facts(inhabitants: int, streams=STREAMS, groups=GROUPS, contract=CONTRACT) -> Facts:
    return Facts(inhabitants, tuple(streams), tuple(groups), contract, "nl")


@cache
def loaded(inhabitants: int) -> LoadedScenario:
    text, _ = sized_scenario_text(facts(inhabitants), f"centrum-{inhabitants}.yaml")
    return load_text(text, f"centrum-{inhabitants}.yaml")


@cache
def runs(inhabitants: int) -> list[RunResult]:
    # One year (so the holidays weigh as in the sizing) with a short warm-up, two replications.
    short = with_overrides(loaded(inhabitants), {"experiment.warm_up": "4 weeks"})
    return [run_replication(short.scenario, r) for r in range(2)]


def per_year(result: RunResult, metric: str) -> float:
    assert registry.lookup(metric).time_base is registry.TimeBase.PER_YEAR  # flows are reported per year
    return result.metrics[metric]


@pytest.mark.parametrize("inhabitants", TOWNS)
def test_the_sized_scenario_validates_and_every_number_has_a_source(inhabitants):
    text, _ = sized_scenario_text(facts(inhabitants), "centrum.yaml")
    loaded(inhabitants)
    previous = ""
    for line in text.splitlines():
        body = line.split("#", 1)[0]
        if re.search(r":\s*[-\d.]+(\s|$)|:\s*\d+(\.\d+)?\s*(kg|t|EUR|per|min|h)\b", body) and not line.lstrip().startswith("#"):
            key = body.strip().split(":")[0]
            if key in ("start_date", "seed", "replications", "horizon", "warm_up") or key.startswith("workforce."):
                continue
            # the number's own line, or the comment line above it, says where it comes from
            assert "#" in line or previous.lstrip().startswith("#"), line
        previous = line
    assert "EERST VERVANGEN (1)" in text and "EERST VERVANGEN (2)" in text and "EERST VERVANGEN (3)" in text  # Dutch facts
    assert "REPLACE FIRST" not in text


@pytest.mark.parametrize("inhabitants", TOWNS)
def test_inflow_per_inhabitant_is_the_published_figure(inhabitants):
    share = sum(catalogue().streams[s]["share_of_goods"].value for s in STREAMS)
    kg = np.mean([per_year(r, "impact.kg_in") for r in runs(inhabitants)])
    assert KG_PER_INHABITANT[0] <= kg / inhabitants / share <= KG_PER_INHABITANT[1]
    assert all(r.metrics["impact.kg_refused"] == 0 for r in runs(inhabitants))


@pytest.mark.parametrize("inhabitants", TOWNS)
def test_reuse_share_is_inside_the_sector_band(inhabitants):
    for result in runs(inhabitants):
        assert REUSE_SHARE[0] <= result.metrics["impact.reuse_share"] <= REUSE_SHARE[1]


@pytest.mark.parametrize("inhabitants", TOWNS)
def test_revenue_per_kg_reused_is_inside_the_published_band(inhabitants):
    for result in runs(inhabitants):
        revenue_per_kg = result.metrics["economics.revenue"] / per_year(result, "impact.kg_reused")
        assert REVENUE_PER_KG[0] <= revenue_per_kg <= REVENUE_PER_KG[1]


@pytest.mark.parametrize("inhabitants", TOWNS)
def test_people_per_supervisor_is_inside_the_groups_ratio_bands(inhabitants):
    s = loaded(inhabitants).scenario
    bands = [catalogue().groups[g]["supervision_ratio"].extra["band"] for g in GROUPS]
    participants = sum(p.people for p in s.workforce.values())
    supervisors = sum(t.people for t in s.supervisors.values())
    assert min(b[0] for b in bands) <= participants / supervisors <= max(b[1] for b in bands)
    for result in runs(inhabitants):
        m = result.metrics
        present = sum(m[f"supervisors.{t}.present_hours"] for t in s.supervisors)
        assert m["impact.participant_hours"] / present <= max(b[1] for b in bands)
        # enough supervisors: under 5 % of participant hours lost waiting for supervision
        assert m["impact.hours_lost_to_missing_supervision"] < 0.05 * m["impact.participant_hours"]


def test_the_contract_is_kept_where_the_inflow_allows_and_flagged_where_not():
    text, plan = sized_scenario_text(facts(20_000), "klein.yaml")
    assert plan.contract_per_year > plan.contract_made_per_year and "LET OP" in text
    assert np.mean([r.metrics["contracts.contract.on_time_share"] for r in runs(20_000)]) < 0.5
    text, plan = sized_scenario_text(facts(60_000), "middel.yaml")
    assert plan.contract_per_year < plan.contract_made_per_year and "LET OP" not in text
    assert np.mean([r.metrics["contracts.contract.on_time_share"] for r in runs(60_000)]) >= 0.95


@settings(max_examples=30, deadline=None)
@given(small=st.integers(1_000, 1_000_000), factor=st.floats(1.0, 3.0))
def test_inflow_head_counts_and_supervisors_grow_with_the_town(small, factor):
    large = min(2_000_000, int(small * factor))
    a, b = size(facts(small)), size(facts(large))
    assert all(b.kg_per_year[s] >= a.kg_per_year[s] for s in STREAMS)
    assert all(b.people[g] >= a.people[g] for g in GROUPS)
    assert sum(b.supervisors.values()) >= sum(a.supervisors.values())


def test_a_bigger_town_gets_more_of_everything():
    plans = [size(facts(n)) for n in TOWNS]
    for smaller, larger in zip(plans, plans[1:], strict=False):
        assert sum(larger.kg_per_year.values()) > 2 * sum(smaller.kg_per_year.values())
        assert sum(larger.people.values()) > sum(smaller.people.values())
        assert sum(larger.supervisors.values()) >= sum(smaller.supervisors.values())


@pytest.mark.parametrize("streams", [("textiel",), ("elektrisch", "hout"), ("huisraad", "meubels", "elektrisch", "fietsen", "hout", "textiel")])
@pytest.mark.parametrize("groups", [("bijstand",), ("wmo-ghz", "bbl-hoog", "vakkrachten"), tuple(catalogue().groups)])
def test_every_combination_of_presets_loads_with_the_streams_groups_and_head_counts_sized(streams, groups):
    # The file written for any choice of presets loads, and holds what was chosen and sized: the
    # chosen streams and groups, no others, and the plan's head count per group and of supervisors.
    chosen = facts(40_000, streams, groups, None)
    plan = size(chosen)
    text, _ = sized_scenario_text(chosen, "x.yaml")
    scenario = load_text(text, "x.yaml").scenario
    assert list(scenario.materials) == list(streams)
    assert set(scenario.target_groups) == set(groups)
    assert {pool.group: pool.people for pool in scenario.workforce.values()} == plan.people
    assert sum(team.people for team in scenario.supervisors.values()) == sum(plan.supervisors.values())


def test_unknown_presets_and_an_unmade_product_are_refused_in_both_languages():
    with pytest.raises(SizingError) as caught:
        size(facts(60_000, streams=("meubels", "stoelen")))
    assert "stoelen" in caught.value.render("en") and "onbekende stroom" in caught.value.render("nl")
    with pytest.raises(SizingError) as caught:
        size(facts(60_000, streams=("textiel",)))
    assert "fietsen" in caught.value.render("en") and "geen gekozen stroom" in caught.value.render("nl")
