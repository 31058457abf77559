"""The scenario language as a user writes it: units, shorthands, YAML 1.2, round trips, schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from sim.loader import ScenarioError, load_scenario, load_text, with_overrides
from sim.scenario.base import label_text
from sim.scenario.references import path_exists
from tests.sim.scenarios import plain

ROOT = Path(__file__).resolve().parents[2]


def valid_scenarios() -> list[Path]:
    """Every scenario the project ships or tests with (others add examples to scenarios/)."""
    files = sorted((ROOT / "scenarios").glob("*.yaml")) + [ROOT / "cli" / "starter.yaml"]
    return files + sorted((ROOT / "tests" / "data").glob("*.yaml"))


def small_centre() -> str:
    return (ROOT / "tests" / "data" / "small-centre.yaml").read_text(encoding="utf-8")


def test_quantities_are_held_in_hours_kg_and_eur():
    s = load_text(small_centre(), "s.yaml").scenario
    contract = s.market.contracts["atelier"]
    assert contract.promised_lead_time == 14 * 24
    assert contract.interval == 4 * 168
    assert s.materials["textile"].arrivals.rate == pytest.approx(40 / 168)
    assert s.products["clothing"].price == 4.0


def test_a_single_value_is_a_fixed_distribution():
    text = small_centre().replace("{distribution: triangular, min: 6 min, mode: 10 min, max: 16 min}", "6 min")
    work = load_text(text, "s.yaml").scenario.steps["sorting"].work_content["textile"]
    assert work.distribution == "fixed" and work.value == pytest.approx(0.1) and work.expected() == pytest.approx(0.1)


def test_a_distribution_knows_its_mean():
    s = load_text(small_centre(), "s.yaml").scenario
    assert s.steps["sorting"].work_content["textile"].expected() == pytest.approx((6 + 10 + 16) / 3 / 60)
    assert s.workforce["participants"].vacancy_refill.expected() == pytest.approx(5 * 168)


def test_yaml_1_2_keeps_no_and_on_as_text():
    # In YAML 1.1 these were booleans: a centre called "No" would have become False.
    text = small_centre().replace("name: Small centre", "name: no\nquestion: on")
    scenario = load_text(text, "s.yaml").scenario
    assert (scenario.name, scenario.question) == ("no", "on")


def test_labels_come_in_the_asked_language_with_fallbacks():
    assert label_text({"nl": "Textiel", "en": "Textile"}, "nl", "textile") == "Textiel"
    assert label_text({"nl": "Textiel"}, "en", "textile") == "Textiel"
    assert label_text(None, "en", "textile") == "textile"


def test_overlapping_opening_hours_are_refused():
    text = small_centre().replace('workshop: {weekdays: "09:00-17:00"}', 'workshop: {weekdays: "09:00-13:00, 12:00-17:00"}')
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "s.yaml")
    assert caught.value.problems[0].path == "calendar.opening_hours.workshop.weekdays"
    assert "periods overlap" in caught.value.render()


def test_the_hash_ignores_comments_and_key_order():
    text = small_centre()
    reordered = text.replace("name: Small centre\n", "") + "name: Small centre  # moved\n"
    assert load_text(text, "a.yaml").content_hash == load_text(reordered, "b.yaml").content_hash


def test_sweep_paths_may_name_defaults_the_file_leaves_out():
    s = load_text(small_centre(), "s.yaml").scenario
    assert path_exists(s, "experiment.replications")
    assert path_exists(s, "workforce.participants.absence")
    assert not path_exists(s, "workforce.nobody.people")
    assert not path_exists(s, "market.online.orders")  # no webshop in this scenario


def test_a_variant_is_checked_and_names_its_origin():
    loaded = load_text(small_centre(), "s.yaml")
    variant = with_overrides(loaded, {"workforce.participants.people": 7})
    assert variant.scenario.workforce["participants"].people == 7
    with pytest.raises(ScenarioError) as caught:
        with_overrides(loaded, {"workforce.participants.people": -1}, origin="sweep staffing")
    assert caught.value.render().startswith("s.yaml (sweep staffing): workforce.participants.people: must be at least 0")


@pytest.mark.parametrize("path", valid_scenarios(), ids=lambda p: p.name)
def test_model_to_yaml_to_model_gives_the_same_scenario(path):
    scenario = load_scenario(path).scenario
    yaml = YAML()
    buffer = io.StringIO()
    yaml.dump(scenario.model_dump(mode="json", by_alias=True), buffer)
    again = load_text(buffer.getvalue(), f"{path.name} (dumped)").scenario
    assert again == scenario




@pytest.mark.parametrize("path", valid_scenarios(), ids=lambda p: p.name)
def test_the_json_schema_accepts_every_valid_scenario(path):
    # Editors check files against this schema: a valid scenario must not show red lines.
    schema = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8"))
    data = plain(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


def test_the_json_schema_flags_an_unknown_key():
    schema = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8"))
    data = plain(YAML(typ="safe").load((ROOT / "tests" / "data" / "broken" / "unknown-key.yaml").read_text()))
    assert any("work_place" in e.message for e in Draft202012Validator(schema).iter_errors(data))


def test_every_key_of_the_language_is_documented():
    schema = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]

    def documented(prop):
        target = defs[prop["$ref"].rsplit("/", 1)[-1]] if "$ref" in prop else {}
        return bool(prop.get("description") or target.get("description"))

    models = [("Scenario", schema), *defs.items()]
    undocumented = [f"{name}.{key}" for name, model in models for key, prop in model.get("properties", {}).items()
                    if not documented(prop)]
    assert undocumented == []
