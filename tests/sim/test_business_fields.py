"""The business case's money fields: a wrong budget, team or share is a located error naming what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.loader import ScenarioError, load_text

EXAMPLE = Path(__file__).resolve().parents[2] / "scenarios" / "gemeente-businesscase.yaml"


@pytest.mark.parametrize(("old", "new", "words"), [
    ("funded_by: wmo_tarief", "funded_by: wmo_tarif",
     "stakeholders.zorgaanbieder.funded_by: 'wmo_tarif' is not a budget; budgets: afvalstoffenheffing"),
    ("supervisors: {zorgbegeleider: zorgaanbieder}", "supervisors: {zorgbegeleidr: zorgaanbieder}",
     "business_case.bookings.supervisors.zorgbegeleidr: unknown supervisor team 'zorgbegeleidr'"),
    ("care_saving_to: gemeente", "care_saving_to: {gemeente: 0.5, zorgaanbieder: 0.4}",
     "social_value.care_saving_to: the shares add up to '0.9', not 1"),
    ("waste_cost_passed_to: outside", "waste_cost_passed_to: verbrander",
     "bookings.waste_cost_passed_to: 'verbrander' is not a stakeholder"),
])
def test_a_wrong_money_field_is_a_located_error(old: str, new: str, words: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ScenarioError) as error:
        load_text(text.replace(old, new), "gemeente-businesscase.yaml")
    assert words in str(error.value)
    assert str(error.value).startswith("gemeente-businesscase.yaml:")
