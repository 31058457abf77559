"""Years and phases of a business case: segments, and changes checked when the file loads."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.loader import ScenarioError, load_text, validate
from sim.phases import segment_overrides, segments
from tests.sim.scenarios import centre

CASE = {
    "years": 3,
    "centre": "centrum",
    "stakeholders": {"centrum": {}, "gemeente": {}},
    "changes": [
        {"year": 2, "set": {"workforce.deelnemers.people": 8}},
        {"from": "2027-07-05", "set": {"supervisors.begeleiders.people": 2}},
    ],
}


def test_years_are_cut_at_every_change_and_segments_fill_each_year() -> None:
    s = validate(centre(business_case=CASE), "test")
    parts = segments(s)
    assert [(p.year, p.start, p.end) for p in parts] == [
        (1, dt.date(2026, 1, 5), dt.date(2027, 1, 5)),
        (2, dt.date(2027, 1, 5), dt.date(2027, 7, 5)),
        (2, dt.date(2027, 7, 5), dt.date(2028, 1, 5)),
        (3, dt.date(2028, 1, 5), dt.date(2029, 1, 5)),
    ]
    for year in (1, 2, 3):
        assert sum(p.share_of_year for p in parts if p.year == year) == pytest.approx(1.0)
    assert parts[0].overrides == {}
    assert parts[1].overrides == {"workforce.deelnemers.people": 8}
    # Changes accumulate: the second phase keeps the first one's values.
    assert parts[3].overrides == {"workforce.deelnemers.people": 8, "supervisors.begeleiders.people": 2}


def test_a_segment_runs_its_warm_up_before_it_and_measures_exactly_the_segment() -> None:
    s = validate(centre(business_case=CASE), "test")
    second = segments(s)[1]
    values = segment_overrides(s, second)
    assert values["calendar.start_date"] == "2026-12-08"  # 4 weeks of warm-up before 5 January
    assert values["experiment.warm_up"] == "672 h"
    assert values["experiment.horizon"] == f"{(28 + second.days) * 24:g} h"


def test_a_change_to_a_path_that_does_not_exist_is_refused_at_its_line() -> None:
    text = _yaml({"changes": [{"year": 2, "set": {"workforce.deelnemer.people": 8}}]})
    with pytest.raises(ScenarioError) as error:
        load_text(text, "case.yaml")
    message = error.value.render("en")
    assert "case.yaml:" in message and "workforce.deelnemer.people" in message
    assert "did you mean" in message and "workforce.deelnemers.people" in message


def test_a_change_to_a_value_the_language_refuses_is_refused_when_loading() -> None:
    text = _yaml({"changes": [{"year": 2, "set": {"workforce.deelnemers.people": -3}}]})
    with pytest.raises(ScenarioError) as error:
        load_text(text, "case.yaml")
    message = error.value.render("nl")
    assert "business_case.changes.0.set.workforce.deelnemers.people" in message
    assert "moet minstens 0 zijn" in message


def test_a_stakeholder_that_is_not_named_is_refused() -> None:
    text = _yaml({"grants": {"start": {"amount": "5000 EUR", "years": 1, "paid_by": "rijk", "received_by": "centrum"}}})
    with pytest.raises(ScenarioError) as error:
        load_text(text, "case.yaml")
    assert "'rijk' is not a stakeholder" in error.value.render("en")


def _yaml(extra: dict) -> str:
    import json

    case = {**CASE, "changes": [], **extra}
    # JSON is YAML: a file whose lines the loader can point at.
    return json.dumps(centre(business_case=case), indent=1)
