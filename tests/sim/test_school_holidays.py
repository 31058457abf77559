"""School holidays for any year: official regional dates, projections marked as such, MBO
presets that refuse a run outside their school year. Never silently none."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.reporting.assumptions import school_holiday_caveats
from sim.calendar import Calendar
from sim.loader import ScenarioError
from sim.run import run_replication
from sim.scenario.school_holidays import OFFICIAL, PROJECTED, school_holidays
from tests.sim.scenarios import build, centre

STUDENTS = {"workforce.deelnemers.absent_in_school_holidays": True, "workforce.deelnemers.absence": 0,
            "workforce.deelnemers.trajectory": None}


def test_regional_holidays_of_a_published_year_are_official():
    found = school_holidays("regio-noord", dt.date(2027, 9, 1), dt.date(2028, 8, 31))
    names = [h.name for h in found]
    for name in ("herfstvakantie", "kerstvakantie", "voorjaarsvakantie", "meivakantie", "zomervakantie"):
        assert name in names
    assert all(h.status == OFFICIAL for h in found)
    summer = next(h for h in found if h.name == "zomervakantie" and h.first.year == 2028)
    assert (summer.last - summer.first).days + 1 >= 6 * 7  # six weeks and the weekends around them
    christmas = next(h for h in found if h.name == "kerstvakantie")
    assert christmas.first <= dt.date(2027, 12, 25) <= christmas.last and christmas.last.year == 2028


def test_the_regions_have_their_own_summer():
    def summer(preset: str) -> dt.date:
        return next(h.first for h in school_holidays(preset, dt.date(2027, 6, 1), dt.date(2027, 9, 30))
                    if h.name == "zomervakantie")

    assert len({summer("regio-noord"), summer("regio-midden"), summer("regio-zuid")}) == 3


def test_years_not_yet_published_are_projected_and_marked():
    found = school_holidays("regio-midden", dt.date(2031, 1, 5), dt.date(2032, 1, 4))
    assert found and all(h.status == PROJECTED for h in found)
    assert all("projected" in h.source for h in found)
    assert {h.name for h in found} >= {"voorjaarsvakantie", "meivakantie", "zomervakantie", "herfstvakantie"}


def test_a_run_on_projected_holidays_says_so_in_its_result_and_report():
    data = centre(**STUDENTS, **{"calendar.start_date": "2031-01-06", "calendar.school_holidays": "regio-midden",
                                 "experiment.horizon": "52 weeks"})
    scenario = build(data)
    cal = Calendar(scenario.calendar, scenario.experiment.horizon)
    assert cal.school_holiday_days  # students are away: never silently none
    metrics = run_replication(scenario, 0).metrics
    assert metrics["run.projected_school_holiday_days"] >= 7 * 6
    for lang, word in (("en", "projection"), ("nl", "prognose")):
        caveats = school_holiday_caveats(scenario, lang)
        assert len(caveats) == 1 and word in caveats[0] and "2030/31" in caveats[0]
    published = build(centre(**STUDENTS, **{"calendar.start_date": "2027-01-04",
                                            "calendar.school_holidays": "regio-midden"}))
    assert run_replication(published, 0).metrics["run.projected_school_holiday_days"] == 0
    assert school_holiday_caveats(published, "en") == []


def test_an_mbo_preset_refuses_a_run_in_2027_and_says_how_to_list_the_periods():
    data = centre(**STUDENTS, **{"calendar.start_date": "2027-01-04",
                                 "calendar.school_holidays": "landstede-noord-2025-2026"})
    with pytest.raises(ScenarioError) as refused:
        build(data)
    english, dutch = refused.value.render("en"), refused.value.render("nl")
    assert "calendar.school_holidays" in english
    assert "2026/27" in english and "from:" in english and "regio-noord" in english
    assert "schooljaar 2026/27" in dutch and "regio-noord" in dutch


def test_an_mbo_preset_still_covers_its_own_school_year():
    data = centre(**STUDENTS, **{"calendar.start_date": "2025-09-01", "experiment.horizon": "52 weeks",
                                 "calendar.school_holidays": "landstede-noord-2025-2026"})
    assert Calendar(build(data).calendar, 52 * 168).school_holiday_days


def test_students_away_in_school_holidays_need_school_holidays():
    with pytest.raises(ScenarioError) as refused:
        build(centre(**STUDENTS))
    assert "absent_in_school_holidays" in refused.value.render("en")
    assert "regio-noord" in refused.value.render("nl")
