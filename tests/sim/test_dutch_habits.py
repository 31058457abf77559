"""Dutch habits in a scenario: decimal commas, percentages, Dutch weekday and month names, and
messages that are Dutch from end to end."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from sim import units
from sim.loader import ScenarioError, load_text
from sim.scenario.base import Share, Weight

ROOT = Path(__file__).resolve().parents[2]
SHARE = TypeAdapter(Share)
NUMBER = TypeAdapter(Weight)


def small_centre() -> str:
    return (ROOT / "tests" / "data" / "small-centre.yaml").read_text(encoding="utf-8")


def problems(text: str, language: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "s.yaml")
    return caught.value.render(language)


def _written(x: float) -> str:
    """A float as a person could type it with a point, never looking like thousands."""
    text = repr(x)
    return text + "0" if re.match(r"^[-+]?[1-9]\d{0,2}\.\d{3}$", text) else text


# --- numbers -------------------------------------------------------------------------------


@given(st.floats(min_value=0, max_value=1_000_000, allow_nan=False))
def test_a_decimal_comma_reads_as_the_same_number_as_a_point(x):
    point = _written(x)
    assert units.parse_number(point.replace(".", ","), percent=False) == x
    assert NUMBER.validate_python(point.replace(".", ",")) == x


@given(st.floats(min_value=0, max_value=100, allow_nan=False), st.sampled_from(["%", " %"]), st.booleans())
def test_a_percentage_is_the_share_divided_by_100(p, sign, comma):
    text = _written(p)
    text = (text.replace(".", ",") if comma else text) + sign
    share = SHARE.validate_python(text)
    assert share == p / 100
    assert 0 <= share <= 1


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_separator_before_three_digits_is_refused_as_maybe_thousands(whole, part):
    with pytest.raises(units.NumberError) as caught:
        units.parse_number(f"{whole},{part:03d}", percent=False)
    assert caught.value.reason == "thousands"


def test_shares_and_fractions_take_percentages_and_decimal_commas():
    text = (small_centre()
            .replace("good: {share: 0.6,", "good: {share: 60%,")
            .replace("bad: {share: 0.4,", "bad: {share: '40 %',")
            .replace("{probability: 0.3}", "{probability: '0,3'}")
            .replace("supervision_ratio: 8}", "supervision_ratio: '7,5'}"))
    scenario = load_text(text, "s.yaml").scenario
    grades = scenario.materials["textile"].grades
    assert (grades["good"].share, grades["bad"].share) == (0.6, 0.4)
    assert scenario.market.shop.demand["clothing"].probability == 0.3
    assert scenario.target_groups["bijstand"].supervision_ratio == 7.5


def test_a_percentage_where_a_plain_number_is_asked_is_refused_in_dutch():
    text = small_centre().replace("supervision_ratio: 8}", "supervision_ratio: 60%}")
    assert problems(text, "nl") == (
        "s.yaml:28:14: target_groups.bijstand.supervision_ratio: '60%' is een percentage, maar hier hoort een "
        "gewoon getal (een percentage past alleen bij een aandeel of een fractie); schrijf het zonder '%'"
    )
    assert "is a percentage" in problems(text, "en")


def test_a_share_above_100_percent_is_refused():
    text = small_centre().replace("{probability: 0.3}", "{probability: 130%}")
    assert "must be at most 1, got '130%'" in problems(text, "en")


# --- weekdays and months -------------------------------------------------------------------


def test_dutch_and_short_weekday_and_month_names_mean_the_english_ones():
    text = small_centre().replace(
        "arrivals: {rate: 40 per week, during: dropoff}",
        "arrivals: {rate: 40 per week, during: dropoff, weekday_weights: {za: 2, dinsdag: '0,5'},"
        " monthly_weights: {mrt: 2, oktober: 3, mei: 1}}",
    ).replace("shop: {weekdays: \"10:00-17:00\"}", "shop: {werkdagen: \"10:00-17:00\", zaterdag: gesloten}")
    text = text.replace("    skills: [sorting]\n", "    skills: [sorting]\n    days: [ma, di, woensdag]\n", 1)
    scenario = load_text(text, "s.yaml").scenario
    arrivals = scenario.materials["textile"].arrivals
    assert arrivals.weekday_weights == {"saturday": 2, "tuesday": 0.5}
    assert arrivals.monthly_weights == {"mar": 2, "oct": 3, "may": 1}
    assert scenario.calendar.opening_hours["shop"] == {"weekdays": "10:00-17:00", "saturday": "gesloten"}
    assert scenario.workforce["participants"].days == ["monday", "tuesday", "wednesday"]


def test_a_misspelt_weekday_gets_a_suggestion_in_the_readers_language():
    text = small_centre().replace("    skills: [sorting]\n", "    skills: [sorting]\n    days: [dinsdgg]\n", 1)
    assert problems(text, "nl") == (
        "s.yaml:34:12: workforce.participants.days.0: 'dinsdgg' is geen naam van een weekdag "
        "(bedoelt u 'dinsdag'?); toegestaan: maandag, dinsdag, woensdag, donderdag, vrijdag, zaterdag, zondag"
    )
    assert "(did you mean 'tuesday'?); allowed: monday, tuesday" in problems(text, "en")


def test_a_misspelt_month_key_gets_a_dutch_suggestion():
    text = small_centre().replace(
        "arrivals: {rate: 40 per week, during: dropoff}",
        "arrivals: {rate: 40 per week, during: dropoff, monthly_weights: {agustus: 2}}",
    )
    assert "(bedoelt u 'augustus'?)" in problems(text, "nl")


# --- the file itself ------------------------------------------------------------------------


def test_a_tab_and_a_yaml_syntax_error_are_told_in_dutch():
    tab = small_centre().replace("    unit: bag", "\tunit: bag")
    assert problems(tab, "nl") == "s.yaml:12:1: er is een tab gebruikt om in te springen; YAML springt alleen in met spaties"
    syntax = small_centre().replace("name: Small centre", "name: [Small centre")
    message = problems(syntax, "nl")
    assert message.startswith("s.yaml:4:9: YAML-syntaxfout: verwachtte ',' of ']', maar kreeg ':'")
    assert not re.search(r"\b(expected|but found|got|while|line|column)\b", message)


@settings(max_examples=30)
@given(st.sampled_from(["name: 'Small centre", "name: Small: centre: x", "materials: [textile",
                        "name: &a Small centre\nquestion: *b"]))
def test_common_yaml_syntax_errors_carry_no_english_in_dutch(broken):
    text = small_centre().replace("name: Small centre", broken, 1)
    message = problems(text, "nl")
    assert "YAML" in message
    assert not re.search(r"\b(expected|found|but|while|scanning|parsing|mapping|block|end of|could not)\b", message), message


def test_a_decimal_comma_inside_braces_is_explained_not_just_refused():
    # YAML reads '{probability: 0,4}' as 'probability: 0' and a key '4'.
    text = small_centre().replace("{probability: 0.3}", "{probability: 0,4}")
    assert problems(text, "nl") == (
        "s.yaml:43:33: market.shop.demand.clothing.4: onbekende sleutel '4' (binnen {...} scheidt een komma de "
        "onderdelen, dus een decimale komma splitst een getal in tweeën: schrijf 0.4, of zet het tussen "
        "aanhalingstekens: '0,4'); hier toegestaan: probability, quantity"
    )
    block = small_centre().replace("      clothing: {probability: 0.3}", "      clothing:\n        probability: 0,4")
    assert load_text(block, "s.yaml").scenario.market.shop.demand["clothing"].probability == 0.4
