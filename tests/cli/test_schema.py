"""The JSON Schema tells an editor what the loader will say: standard, strict, and refusing the
same wrong units as the loader."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema_specifications
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from cli.main import schema_text
from sim import units
from sim.loader import ScenarioError, validate
from tests.sim.scenarios import plain

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "scenarios" / "scenario.schema.json"
EXAMPLES = sorted((ROOT / "scenarios").glob("*.yaml")) + [ROOT / "cli" / "starter.yaml"]


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _strict() -> Draft202012Validator:
    return Draft202012Validator(_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)




def _keywords() -> set[str]:
    """Every keyword of the Draft 2020-12 vocabularies (core, applicator, validation, ...)."""
    registry = jsonschema_specifications.REGISTRY
    found: set[str] = set()
    for uri in registry:
        if "draft/2020-12/meta/" in uri:
            found |= set(registry.contents(uri).get("properties", {}))
    return found


def _used(node: Any) -> list[tuple[str, Any]]:
    """(keyword, value) of every keyword in a schema, walking only into subschemas."""
    out: list[tuple[str, Any]] = []
    if not isinstance(node, dict):
        return out
    for key, value in node.items():
        out.append((key, value))
        if key in ("properties", "patternProperties", "$defs", "dependentSchemas"):
            for sub in value.values():
                out += _used(sub)
        elif key in ("items", "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains"):
            out += _used(value)
        elif key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            for sub in value:
                out += _used(sub)
    return out


def test_the_schema_file_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_the_schema_is_standard_draft_2020_12_without_unknown_keywords():
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)  # every pattern a valid regex, every keyword well formed
    known = _keywords()
    unknown = sorted({key for key, _ in _used(schema) if key not in known})
    assert unknown == []  # e.g. pydantic's 'discriminator' is not a standard keyword
    formats = {value for key, value in _used(schema) if key == "format"}
    assert formats <= Draft202012Validator.FORMAT_CHECKER.checkers.keys()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_and_the_starter_validate_strictly(path):
    data = plain(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _strict().iter_errors(data)]
    assert errors == []


def _small_centre() -> dict[str, Any]:
    return plain(YAML(typ="safe").load((ROOT / "tests" / "data" / "small-centre.yaml").read_text(encoding="utf-8")))


def _with(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(_small_centre())
    node = data
    *parents, last = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return data


def _loader_accepts(data: dict[str, Any]) -> bool:
    try:
        validate(data, "s.yaml")
    except ScenarioError:
        return False
    return True


def _schema_accepts(data: dict[str, Any]) -> bool:
    return not list(_strict().iter_errors(data))


WRONG = [
    ("supervisors.coaches.cost", "62000 EUR"),  # an amount where an amount per time is asked
    ("materials.textile.arrivals.rate", "62000 EUR"),
    ("products.clothing.price", "25 m3"),
    ("materials.textile.storage", "25 m3"),
    ("calendar.opening_hours.workshop.weekdays", "9.30-12.30 uur"),
    ("calendar.opening_hours.workshop.weekdays", "9-17"),
    ("calendar.opening_hours.workshop.weekdays", "09:00-17:75"),
    ("market.contracts.atelier.interval", "4 wekn"),
    ("market.contracts.atelier.interval", "0 weeks"),  # must be more than 0
    ("market.contracts.atelier.interval", "4"),
    ("market.contracts.atelier.promised_lead_time", "10 werkdagn"),
    ("market.contracts.atelier.promised_lead_time", "0 werkdagen"),
    ("materials.textile.arrivals.rate", "40 per fortnight"),
    ("materials.textile.arrivals.rate", "40 kg per week"),
    ("materials.textile.storage", "1,500 kg"),  # thousands or decimals?
    ("materials.textile.storage", "-5 kg"),
    ("materials.textile.storage", "5 kgper week"),
    ("products.clothing.price", "4 EUR per kg"),
    ("products.clothing.price", "€ 4 EUR"),
    ("economics.disposal_cost", "0.15 EUR per m3"),
    ("market.shop.demand.clothing.probability", "30 procent"),
    ("market.shop.demand.clothing.probability", "1,250"),
    ("target_groups.bijstand.supervision_ratio", "60%"),
    ("materials.textile.arrivals.weekday_weights", {"dinsdgg": 2}),
    ("workforce.participants.days", ["maandag", "woensdg"]),
]
RIGHT = [
    ("market.contracts.atelier.interval", "1,5 weeks"),
    ("market.contracts.atelier.interval", "90 min"),
    ("market.contracts.atelier.interval", "2 weken"),
    ("market.contracts.atelier.interval", "2 WEEKS"),
    ("products.clothing.price", "€ 75"),
    ("products.clothing.price", "75 €"),
    ("products.clothing.price", "4,50 euro"),
    ("supervisors.coaches.cost", "65000 EUR per year"),
    ("supervisors.coaches.cost", "€ 30/hour"),
    ("supervisors.coaches.cost", "30 EUR/uur"),
    ("materials.textile.arrivals.rate", "40/week"),
    ("materials.textile.arrivals.rate", "40 units per week"),
    ("materials.textile.arrivals.rate", "40per WEEK"),
    ("materials.textile.storage", "1,5 t"),
    ("materials.textile.storage", "500kg"),
    ("market.contracts.atelier.promised_lead_time", "10 werkdagen"),
    ("market.contracts.atelier.promised_lead_time", "10 working days"),
    ("market.contracts.atelier.promised_lead_time", "3 weeks"),
    ("calendar.opening_hours.workshop.weekdays", "09:00-12:30, 13:00-17:00"),
    ("calendar.opening_hours.workshop.weekdays", "gesloten"),
    ("calendar.opening_hours.workshop.weekdays", "Closed"),
    ("market.shop.demand.clothing.probability", "30%"),
    ("market.shop.demand.clothing.probability", "30 %"),
    ("market.shop.demand.clothing.probability", "0,3"),
    ("target_groups.bijstand.supervision_ratio", "7,5"),
    ("materials.textile.arrivals.weekday_weights", {"dinsdag": 2, "za": "1,5"}),
    ("materials.textile.arrivals.monthly_weights", {"mrt": 2, "december": 0}),
    ("workforce.participants.days", ["ma", "di", "woensdag", "thursday"]),
    ("economics.disposal_cost", "0,15 EUR per kg"),
    ("economics.disposal_cost", "120 EUR per t"),
]


@pytest.mark.parametrize(("path", "value"), WRONG, ids=[f"{p}={v}" for p, v in WRONG])
def test_a_wrong_value_is_refused_by_the_schema_and_by_the_loader(path, value):
    data = _with(path, value)
    assert not _loader_accepts(data)
    assert not _schema_accepts(data)


@pytest.mark.parametrize(("path", "value"), RIGHT, ids=[f"{p}={v}" for p, v in RIGHT])
def test_a_right_value_is_accepted_by_the_schema_and_by_the_loader(path, value):
    data = _with(path, value)
    assert _loader_accepts(data)
    assert _schema_accepts(data)


_NUMBERS = st.sampled_from(["4", "4.5", "4,5", "0", "0,0", ".5", "5.", "1,250", "1.2500", "1e3", "+2", "-3", "1,5e2"])
_UNITS = st.sampled_from([*units.HOURS, *units.KG, *units.EUR, "m3", "units", "x", "", "EUR", "Kg", "perweek"])
_SEPARATORS = st.sampled_from([" ", "", "  "])
_PERS = st.sampled_from(["", " per ", "/", " / ", "per ", " Per "])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(list(units.KINDS)), st.booleans(), _NUMBERS, _SEPARATORS, _UNITS, _PERS, _UNITS)
def test_the_schema_pattern_of_a_quantity_reads_what_the_loader_reads(kind, euro_first, number, space, unit, per, per_unit):
    text = ("€ " if euro_first else "") + number + space + unit + (per + per_unit if per else "")
    try:
        value = units.parse(kind, text)
        loader = value >= 0 or kind.startswith("money")  # the pattern refuses a sign where the loader refuses negatives
    except units.UnitError:
        loader = False
    pattern = units.quantity_pattern(kind, None if kind.startswith("money") else 0.0)
    assert (re.search(pattern, text) is not None) == loader, (kind, text)
