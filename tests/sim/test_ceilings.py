"""Every documented ceiling on an input value, tried at its boundary: the ceiling itself is
accepted, the next step above it is refused with the ceiling named (a '<' for '<=' or a ceiling
off by a factor would let one of the two through)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from sim import units
from sim.scenario import base, distributions
from sim.scenario.base import _quantity

# kind, the ceiling as a user writes it in another unit than units.CEILINGS, just above it
QUANTITIES = [
    ("duration", "876000 h", "876001 h"),
    ("duration", "100 years", "100.01 years"),
    ("mass", "10000000 kg", "10000001 kg"),
    ("mass", "10000 t", "10000.001 t"),
    ("money", "1000000000 EUR", "1000000001 EUR"),
    ("rate", "10000 per hour", "10001 per hour"),
    ("rate", "1680000 per week", "1680001 per week"),
    ("mass_rate", "1000 t per hour", "1000.001 t per hour"),
    ("money_rate", "1000000000 EUR per year", "1000000010 EUR per year"),
    ("money_per_kg", "1000000 EUR per kg", "1000001 EUR per kg"),
    ("money_per_kg", "1000000000 EUR per t", "1000001000 EUR per t"),
]


@pytest.mark.parametrize(("kind", "at", "above"), QUANTITIES)
def test_a_quantity_at_its_ceiling_loads_and_one_step_above_is_refused(kind: str, at: str, above: str) -> None:
    ceiling, ceiling_text = units.CEILINGS[kind]
    adapter: TypeAdapter[float] = TypeAdapter(_quantity(kind))
    assert adapter.validate_python(at) == pytest.approx(ceiling, rel=1e-12)
    with pytest.raises(ValidationError) as refused:
        adapter.validate_python(above)
    error = refused.value.errors()[0]
    assert error["type"] == "quantity_too_large"
    assert error.get("ctx") == {"maximum": ceiling_text, "got": above}


@pytest.mark.parametrize("kind", ["money", "money_rate", "money_per_kg"])
def test_money_may_be_negative_down_to_minus_its_ceiling(kind: str) -> None:
    ceiling, ceiling_text = units.CEILINGS[kind]
    unit = {"money": "EUR", "money_rate": "EUR per hour", "money_per_kg": "EUR per kg"}[kind]
    adapter: TypeAdapter[float] = TypeAdapter(_quantity(kind, minimum=None))
    at = f"-{ceiling!r} {unit}"
    assert adapter.validate_python(at) == -ceiling
    above = f"-{ceiling * (1 + 1e-9)!r} {unit}"
    with pytest.raises(ValidationError) as refused:
        adapter.validate_python(above)
    assert refused.value.errors()[0].get("ctx") == {"maximum": "-" + ceiling_text, "got": above}


def test_the_ceilings_are_the_documented_sizes() -> None:
    # What docs/scenario-reference.md and the messages promise, in base units (h, kg, EUR, per hour).
    assert units.CEILINGS == {
        "duration": (100 * 8760.0, "100 years"),
        "mass": (10_000 * 1000.0, "10000 t"),
        "money": (1e9, "1000000000 EUR"),
        "rate": (10_000.0, "10000 per hour"),
        "mass_rate": (1000 * 1000.0, "1000 t per hour"),
        "money_rate": (1e9 / 8760.0, "1000000000 EUR per year"),
        "money_per_kg": (1_000_000.0, "1000000 EUR per kg"),
    }


# A plain number type, its largest allowed value, a value just above; and its lowest, just below.
NUMBERS: list[tuple[str, Any, float, float, float, float]] = [
    ("Weight", base.Weight, 1_000_000, 1_000_000.001, 0, -0.001),
    ("Share", base.Share, 1, 1.000001, 0, -0.000001),
    ("PositiveShare", base.PositiveShare, 1, 1.000001, 1e-9, 0),
    ("Productivity", base.Productivity, 2, 2.000001, 1e-9, 0),
    ("PriceFactor", base.PriceFactor, 100, 100.001, 1e-9, 0),
    ("DiscountRate", base.DiscountRate, 0.5, 0.500001, 0, -0.000001),
    ("Co2PerKg", base.Co2PerKg, 1000, 1000.001, 0, -0.001),
    ("Reserve", base.Reserve, 1e9, 1e9 + 1, 0, -0.001),
    ("Count", distributions.Count, distributions.MAX_COUNT, distributions.MAX_COUNT + 0.001, 0, -0.001),
    ("PositiveCount", distributions.PositiveCount, distributions.MAX_COUNT, distributions.MAX_COUNT + 0.001, 1e-9, 0),
]


@pytest.mark.parametrize(("name", "kind", "highest", "above", "lowest", "below"), NUMBERS,
                         ids=[n[0] for n in NUMBERS])
def test_a_plain_number_at_its_bounds_loads_and_just_outside_is_refused(
        name: str, kind: Any, highest: float, above: float, lowest: float, below: float) -> None:
    adapter: TypeAdapter[float] = TypeAdapter(kind)
    assert adapter.validate_python(highest) == highest
    assert adapter.validate_python(lowest) == lowest
    for outside in (above, below):
        with pytest.raises(ValidationError):
            adapter.validate_python(outside)


def test_a_chance_may_come_close_to_1_but_not_reach_it() -> None:
    adapter: TypeAdapter[float] = TypeAdapter(base.Chance)
    assert adapter.validate_python(0.999999) == 0.999999 and adapter.validate_python(0) == 0
    for outside in (1, -0.000001):
        with pytest.raises(ValidationError):
            adapter.validate_python(outside)


@pytest.mark.parametrize(("path", "highest"), [
    ("workforce.deelnemers.people", 10_000),
    ("supervisors.begeleiders.people", 10_000),
    ("experiment.replications", 10_000),
])
def test_a_head_count_or_replication_count_at_its_ceiling_loads_and_one_more_is_refused(path: str, highest: int) -> None:
    from sim.loader import ScenarioError
    from tests.sim.scenarios import build, centre

    assert build(centre(**{path: highest})) is not None
    with pytest.raises(ScenarioError) as refused:
        build(centre(**{path: highest + 1}))
    assert f"{path}: must be at most {highest}, got '{highest + 1}'" in refused.value.render("en")
