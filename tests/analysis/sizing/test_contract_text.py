"""A partner's order in the user's own words, Dutch or English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.sizing.contract_text import ContractTextError, parse_contract


def test_the_dutch_example_reads():
    c = parse_contract("gemeente: 20 fietsen per maand, binnen 3 weken")
    assert (c.partner, c.quantity, c.product_word) == ("gemeente", 20, "fietsen")
    assert c.interval == "1 month" and c.promised_lead_time == "3 weeks"
    assert c.orders_per_year() == pytest.approx(12)


def test_the_english_example_reads():
    c = parse_contract("municipality: 20 bikes per month, within 3 weeks")
    assert (c.partner, c.quantity, c.product_word, c.interval, c.promised_lead_time) == (
        "municipality", 20, "bikes", "1 month", "3 weeks")


@pytest.mark.parametrize("text, interval, lead", [
    ("atelier: 200 kg textiel elke 4 weken, binnen 10 werkdagen", "4 weeks", "10 working days"),
    ("Atelier Naald & Draad: 200 kg textile every 4 weeks within 10 working days", "4 weeks", "10 working days"),
    ("shop: 2,5 meubels per week binnen 5 dagen", "1 week", "5 days"),
    ("5 bikes a week, in 2 weeks", "1 week", "2 weeks"),
])
def test_other_wordings(text, interval, lead):
    c = parse_contract(text)
    assert (c.interval, c.promised_lead_time) == (interval, lead)


def test_no_partner_is_a_partner_named_partner():
    assert parse_contract("20 fietsen per maand, binnen 3 weken").partner == "Partner"


@pytest.mark.parametrize("text", [
    "gemeente 20 fietsen", "gemeente: twintig fietsen per maand, binnen 3 weken",
    "gemeente: 20 fietsen per eeuw, binnen 3 weken", "gemeente: 0 fietsen per maand, binnen 3 weken",
    "gemeente: 20 fietsen per maand, binnen 2,5 weken", "",
])
def test_what_cannot_be_read_is_explained_in_both_languages(text):
    with pytest.raises(ContractTextError) as caught:
        parse_contract(text)
    assert caught.value.render("en").startswith("--contract") and caught.value.render("nl").startswith("--contract")
    assert caught.value.render("en") != caught.value.render("nl")


@given(st.text(max_size=80))
def test_any_text_either_reads_or_is_refused_cleanly(text):
    try:
        c = parse_contract(text)
    except ContractTextError:
        return
    assert c.quantity > 0 and c.interval_weeks > 0 and c.lead_count >= 1


@given(quantity=st.integers(1, 10_000), every=st.integers(1, 12), lead=st.integers(1, 60),
       period=st.sampled_from(["week", "weken", "maand", "maanden", "month", "months", "jaar", "year"]),
       lead_unit=st.sampled_from(["dagen", "weken", "werkdagen", "days", "weeks", "working days"]))
def test_written_numbers_come_back(quantity, every, lead, period, lead_unit):
    c = parse_contract(f"partner: {quantity} fietsen elke {every} {period}, binnen {lead} {lead_unit}")
    assert (c.quantity, c.interval_count, c.lead_count) == (quantity, every, lead)
