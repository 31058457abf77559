"""Uncertain inputs written as ranges: read, checked at their line, drawn within their range."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.loader import ScenarioError, load_text
from sim.uncertain import RangeError, extract, parse_range, with_values
from tests.sim.scenarios import centre


def _load(**changes: object):  # type: ignore[no-untyped-def]
    return load_text(json.dumps(centre(**changes), indent=1), "centre.yaml")


def test_a_range_holds_its_likely_value_for_validate_and_run() -> None:
    loaded = _load(**{"materials.meubels.arrivals.rate": {"range": ["40 per week", "60 per week", "90 per week"]},
                      "workforce.deelnemers.people": {"bereik": [4, 8]}})
    assert loaded.scenario.materials["meubels"].arrivals.rate == pytest.approx(60 / 168)
    assert loaded.scenario.workforce["deelnemers"].people == 6  # the middle of a two-value range
    paths = {i.path: i for i in loaded.inputs}
    rate = paths["materials.meubels.arrivals.rate"]
    assert (rate.low, rate.likely, rate.high, rate.unit, rate.shape) == (40, 60, 90, "per week", "triangular")
    people = paths["workforce.deelnemers.people"]
    assert people.integer and people.shape == "uniform"


@pytest.mark.parametrize(("value", "expected"), [
    ({"range": ["40 per week"]}, "two values (low, high) or three"),
    ({"range": ["40 per week", "20 per hour"]}, "same unit"),
    ({"range": ["90 per week", "40 per week"]}, "from low to high"),
    ({"range": ["lots", "more"]}, "a number, with its unit"),
])
def test_a_range_written_wrongly_is_refused_at_its_line(value: object, expected: str) -> None:
    with pytest.raises(ScenarioError) as error:
        _load(**{"materials.meubels.arrivals.rate": value})
    message = error.value.render("en")
    assert message.startswith("centre.yaml:") and ":0:" not in message.split(" ")[0]
    assert "materials.meubels.arrivals.rate" in message and expected in message


def test_both_ends_of_a_range_must_be_valid_values_of_the_field() -> None:
    with pytest.raises(ScenarioError) as error:
        _load(**{"workforce.deelnemers.absence": {"range": [0.1, 0.3, 1.2]}})
    assert "workforce.deelnemers.absence" in error.value.render("en")


def test_experiment_settings_cannot_be_uncertain() -> None:
    with pytest.raises(ScenarioError) as error:
        _load(**{"experiment.replications": {"range": [5, 10]}})
    assert "cannot be uncertain" in error.value.render("en")


bounds = st.tuples(st.floats(0.0, 1e4), st.floats(0.0, 1e4), st.floats(0.0, 1e4)).map(sorted).filter(
    lambda b: b[0] < b[2])


@given(bounds, st.floats(0.0, 1.0), st.sampled_from(["per week", "kg", "EUR per year", ""]))
def test_every_drawn_value_lies_in_its_range_and_reads_back(b: list[float], u: float, unit: str) -> None:
    low, likely, high = b
    values = [f"{v!r} {unit}" if unit else v for v in (low, likely, high)]
    uncertain = parse_range({"range": values}, ("x",))
    drawn = uncertain.ppf(u)
    assert low - 1e-9 <= drawn <= high + 1e-9
    data, inputs = extract({"x": {"range": values}})
    back = with_values(data, inputs, [drawn])["x"]
    number = float(str(back).split()[0]) if unit else float(back)
    assert number == pytest.approx(drawn, rel=1e-5, abs=1e-9)


def test_a_drawn_amount_never_reads_as_thousands() -> None:
    data, inputs = extract({"fee": {"range": ["0 EUR", "100 EUR"]}})
    assert with_values(data, inputs, [27.454])["fee"] == "27.4540 EUR"


def test_the_triangular_draw_has_its_mode_where_written() -> None:
    uncertain = parse_range({"range": [0.0, 2.0, 10.0]}, ("x",))
    # The CDF at the mode is (mode - low) / (high - low).
    assert uncertain.ppf(0.2) == pytest.approx(2.0)
    assert uncertain.ppf(0.0) == 0.0 and uncertain.ppf(1.0) == pytest.approx(10.0)
    with pytest.raises(RangeError):
        parse_range({"range": [True, 3]}, ("x",))

