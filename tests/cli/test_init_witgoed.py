"""`ambacht init --streams witgoed`: white goods sized from a few facts (issue 28, item 3).

The preset stream takes appliances in, tests them (NEN 3140), repairs those worth it, and strips
those that cannot be repaired for parts (donors): a failed repair goes to the donor route, whose
mass becomes spare parts (onderdelen), recycling and waste. Fridges that do not work go whole to a
certified recycler.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from analysis.sizing.presets import UNSOURCED, Sourced, catalogue
from cli.main import main
from sim.loader import load_scenario, with_overrides
from sim.run import run_replication

ROOT = Path(__file__).resolve().parents[2]
GROUPS = "bijstand,bbl,vrijwilligers"


def invoke(*args: str):
    return CliRunner(env={"LANG": "C", "LC_ALL": None, "LC_MESSAGES": None}).invoke(main, list(args))


def sized(tmp_path: Path, streams: str, *more: str) -> Path:
    target = tmp_path / "witgoed.yaml"
    result = invoke("init", str(target), "--inhabitants", "60000", "--streams", streams, "--groups", GROUPS, *more)
    assert result.exit_code == 0, result.output
    return target


@pytest.mark.parametrize("streams", ["witgoed", "meubels,elektrisch,witgoed", "witgoed,textiel,fietsen"])
def test_init_sizes_white_goods_into_a_scenario_that_loads_and_runs(tmp_path, streams):
    target = sized(tmp_path, streams, "--lang", "nl")
    scenario = load_scenario(target).scenario
    assert list(scenario.materials) == streams.split(",")
    assert {"witgoed", "koelkasten", "onderdelen"} <= set(scenario.products)
    result = invoke("run", str(target), "-n", "2", "--out", str(tmp_path / "run"), "-q")
    assert result.exit_code == 0, result.output


def test_a_failed_repair_goes_to_the_donor_route_and_a_dead_fridge_whole_to_the_recycler(tmp_path):
    s = load_scenario(sized(tmp_path, "witgoed")).scenario
    stream = s.materials["witgoed"]
    repair = s.steps["witgoed_repareren"]
    assert repair.success is not None and repair.success.on_failure == "witgoed_donor"
    assert 0 < repair.success.probability < 1
    donor = s.routes["witgoed_donor"]
    assert donor.steps == ["demonteren"] and isinstance(donor.to, dict)
    assert donor.to["onderdelen"] > 0 and donor.to["recycling"] > 0
    # every grade's route exists; the repair route ends in the product, the donor grade in parts
    routes = {grade: s.routes[g.route] for grade, g in stream.grades.items()}
    assert routes["repareerbaar"].steps == ["witgoed_inname", "witgoed_repareren", "veiligheidstest"]
    assert routes["repareerbaar"].to == "witgoed" and routes["koelkast_werkend"].to == "koelkasten"
    assert "demonteren" in routes["donor"].steps and routes["donor"].to == donor.to
    assert routes["koelkast_defect"].to == "recycling"
    assert "witgoed" in s.steps["veiligheidstest"].work_content  # the NEN 3140 step, with white-goods work


def test_repaired_appliances_reach_the_shop_and_failed_repairs_become_parts_and_recycling(tmp_path):
    # Every appliance is sent to repair: parts can then only come from repairs that fail.
    loaded = load_scenario(sized(tmp_path, "witgoed"))
    only_repair = with_overrides(loaded, {
        "materials.witgoed.grades": {"repareerbaar": {"share": 1, "route": "witgoed_repareren"}},
        "experiment.horizon": "26 weeks", "experiment.warm_up": "2 weeks"})
    m = run_replication(only_repair.scenario, 0).metrics
    assert m["products.witgoed.produced"] > 0 and m["products.onderdelen.produced"] > 0
    assert m["impact.kg_recycled"] > 0 and m["impact.kg_reused"] > 0
    assert 0.2 < m["steps.witgoed_repareren.failure_share"] < 0.8
    assert m["steps.demonteren.throughput_per_week"] > 0
    assert m.get("products.koelkasten.produced", 0) == 0


def test_a_partner_can_order_fridges(tmp_path):
    target = sized(tmp_path, "meubels,witgoed", "--contract", "corporatie: 10 koelkasten per maand, binnen 3 weken")
    contract = load_scenario(target).scenario.market.contracts["contract"]
    assert (contract.partner, contract.product, contract.quantity) == ("corporatie", "koelkasten", 10)


def _sourced(node, found):
    if isinstance(node, Sourced):
        found.append(node)
        _sourced(node.value, found)
    elif isinstance(node, dict):
        for value in node.values():
            _sourced(value, found)
    elif isinstance(node, list):
        for value in node:
            _sourced(value, found)
    return found


def test_every_white_goods_figure_names_its_source_or_says_estimate():
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")))
    c = catalogue()
    stream = c.streams["witgoed"]
    steps = {step_id: step for step_id, step in c.steps.items() if "witgoed" in step["work_content"]}
    figures = _sourced([stream, [s["work_content"]["witgoed"] for s in steps.values()],
                        [s.get("success") for s in steps.values()], c.products["witgoed"], c.products["koelkasten"]], [])
    for key in ("share_of_goods", "weight_per_unit", "grades", "co2_per_kg_reused", "co2_per_kg_recycled"):
        assert isinstance(stream[key], Sourced), key
    for product in ("witgoed", "koelkasten"):
        assert isinstance(c.products[product]["price"], Sourced), product
    assert set(steps) >= {"witgoed_inname", "veiligheidstest", "witgoed_repareren", "demonteren"}
    assert len(figures) >= 15
    assert {f.source for f in figures} <= anchors | set(UNSOURCED)
    # the published white-goods entries are cited, and every note that cites an entry names one that exists
    assert {"witgoed-gewicht", "witgoed-reparatie"} <= {f.source for f in figures}
    for f in figures:
        for anchor in re.findall(r"sources\.md#([a-z0-9-]+)", f.note):
            assert anchor in anchors, (f.note, anchor)
