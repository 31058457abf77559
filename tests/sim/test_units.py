"""Quantities as a user types them become base units: hours, kg, EUR, per hour."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.units import KINDS, UnitError, format_quantity, parse

FINITE = st.floats(allow_nan=False, allow_infinity=False)
AMOUNT = st.floats(min_value=0.001, max_value=1e6, allow_nan=False)


@pytest.mark.parametrize(("kind", "text", "base"), [
    ("duration", "6 min", 0.1),
    ("duration", "2 h", 2.0),
    ("duration", "3 days", 72.0),
    ("duration", "4 weeks", 672.0),
    ("duration", "1 year", 8760.0),
    ("mass", "500 g", 0.5),
    ("mass", "2 t", 2000.0),
    ("money", "€ 75", 75.0),
    ("money", "14,06 EUR", 14.06),
    ("rate", "40 per week", 40 / 168),
    ("rate", "12/day", 0.5),
    ("mass_rate", "350 kg per week", 350 / 168),
    ("money_rate", "65000 EUR per year", 65000 / 8760),
    ("money_per_kg", "120 EUR per t", 0.12),
])
def test_quantities_become_base_units(kind, text, base):
    assert parse(kind, text) == pytest.approx(base)


@pytest.mark.parametrize(("dutch", "english"), [
    ("3 uur", "3 h"), ("2 dagen", "2 days"), ("4 weken", "4 weeks"), ("1 jaar", "1 year"),
    ("6 minuten", "6 min"), ("2 maanden", "2 months"),
])
def test_dutch_units_mean_the_same(dutch, english):
    assert parse("duration", dutch) == parse("duration", english)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(KINDS)), FINITE)
def test_a_written_quantity_reads_back_to_exactly_the_same_number(kind, value):
    assert parse(kind, format_quantity(kind, value)) == value


@settings(max_examples=200, deadline=None)
@given(AMOUNT)
def test_units_scale_as_expected(x):
    text = format_quantity("mass", x).split()[0]  # '1.125' is written '1.1250': not a thousand
    assert parse("duration", f"{text} min") == pytest.approx(x / 60)
    assert parse("duration", f"{text} weeks") == pytest.approx(x * 168)
    assert parse("mass", f"{text} t") == pytest.approx(x * 1000)
    assert parse("rate", f"{text} per day") == pytest.approx(x / 24)
    assert parse("money_per_kg", f"{text} EUR per t") == pytest.approx(x / 1000)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(KINDS)), st.one_of(FINITE, st.integers(-10**6, 10**6)), st.booleans())
def test_a_bare_number_is_refused_because_it_has_no_unit(kind, number, as_text):
    with pytest.raises(UnitError) as caught:
        parse(kind, str(number) if as_text else number)
    assert caught.value.reason == "no_unit" and caught.value.kind == kind


@pytest.mark.parametrize("text", ["65.000 EUR per year", "1,000 kg", "1.000,50 EUR", "12.500 kg"])
def test_a_separator_that_may_mean_thousands_is_refused(text):
    kind = "money_rate" if "per" in text else ("mass" if "kg" in text else "money")
    with pytest.raises(UnitError) as caught:
        parse(kind, text)
    assert caught.value.reason == "thousands"


@pytest.mark.parametrize("text", ["0.125 kg", "1.5 kg", "1.2500 kg", "1000 kg", "1.125e-3 kg"])
def test_decimals_that_cannot_mean_thousands_are_read(text):
    assert parse("mass", text) == float(text.split()[0])


@pytest.mark.parametrize(("kind", "text", "found"), [
    ("duration", "8 kg", "mass"),
    ("duration", "40 per week", "rate"),
    ("mass", "3 h", "duration"),
    ("money", "65000 EUR per year", "money_rate"),
    ("mass_rate", "5 EUR per kg", "money_per_kg"),
])
def test_a_quantity_of_another_kind_is_named(kind, text, found):
    with pytest.raises(UnitError) as caught:
        parse(kind, text)
    assert (caught.value.reason, caught.value.found) == ("other_kind", found)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(KINDS)), st.one_of(st.text(max_size=30), st.none(), st.booleans(), st.lists(st.integers())))
def test_any_text_is_a_number_or_a_unit_error(kind, value):
    try:
        result = parse(kind, value)
    except UnitError as error:
        assert error.kind == kind and str(error).startswith("expected ")
    else:
        assert isinstance(result, float) and math.isfinite(result)


