"""The calendar: opening hours, public and school holidays, work that pauses and resumes."""

from __future__ import annotations

import datetime as dt

from sim.calendar import Calendar
from sim.model import Centre
from sim.run import run_replication
from sim.steps import Lot
from tests.sim.scenarios import build, centre


def test_opening_hours_per_function_and_weekday():
    scenario = build(centre())
    cal = Calendar(scenario.calendar, 24 * 14)
    monday, saturday, sunday = 0, 5 * 24, 6 * 24
    shop, workshop = cal.functions["shop"], cal.functions["workshop"]
    assert shop.is_open(monday + 10.5) and not shop.is_open(monday + 9.5)
    assert shop.is_open(saturday + 15.5) and not shop.is_open(saturday + 16.5)
    assert not workshop.is_open(saturday + 10) and not shop.is_open(sunday + 12)
    assert workshop.next_open(monday + 17.5) == 24 + 9
    assert workshop.open_hours(0, 24 * 7) == 5 * 8


def test_dutch_public_holidays_close_the_centre():
    scenario = build(centre(**{"calendar.start_date": "2026-12-21"}))
    cal = Calendar(scenario.calendar, 24 * 10)
    christmas = (dt.date(2026, 12, 25) - dt.date(2026, 12, 21)).days * 24
    assert not cal.functions["workshop"].is_open(christmas + 12)
    assert cal.functions["workshop"].is_open(christmas - 24 + 12)  # 24 December is a normal Thursday


def test_no_material_arrives_on_a_public_holiday():
    closed = centre(**{"calendar.start_date": "2026-12-25", "experiment.horizon": "1 day", "experiment.warm_up": "0 h"})
    assert run_replication(build(closed), 0).metrics["impact.kg_in"] == 0
    opened = centre(**{"calendar.start_date": "2026-12-25", "calendar.public_holidays": "none",
                       "experiment.horizon": "1 day", "experiment.warm_up": "0 h"})
    assert run_replication(build(opened), 0).metrics["impact.kg_in"] > 0


def test_students_are_absent_in_school_holidays():
    def hours(start: str) -> float:
        data = centre(**{
            "calendar.start_date": start, "calendar.school_holidays": "landstede-noord-2025-2026",
            "workforce.deelnemers.absent_in_school_holidays": True, "workforce.deelnemers.absence": 0,
            "workforce.deelnemers.trajectory": None, "experiment.horizon": "2 weeks", "experiment.warm_up": "0 h",
        })
        return run_replication(build(data), 0).metrics["pools.deelnemers.hours_worked"]

    assert hours("2026-07-20") == 0  # summer holiday North
    assert hours("2026-09-07") > 0


def test_work_in_progress_pauses_at_closing_and_resumes_next_morning():
    data = centre(**{"steps.sorteren.work_content": {"default": "12 h"}, "workforce.deelnemers.people": 0,
                     "workforce.reparateurs.people": 1, "materials.meubels.arrivals.rate": "0 per week",
                     "experiment.warm_up": "0 h"})
    model = Centre(build(data), 0, 0)
    sorting = model.steps[0]
    lot = Lot(0, 20.0, 1.0, 0)
    model.flow.draw(lot)  # its work content, drawn on arrival (common random numbers per lot)
    model.flow.enqueue(lot, sorting, model.env.now)  # one item waiting on Monday at midnight
    model.env.run(until=24 + 12.9)  # Monday 09:00-17:00 does 8 of the 12 hours
    assert sorting.completions == 0
    model.env.run(until=24 + 13.1)  # Tuesday from 09:00: the last 4 hours, done at 13:00
    assert sorting.completions == 1


def test_replications_share_a_calendar_that_no_run_changes():
    # The calendar is made once per process and shared: a run must leave it as a fresh one is.
    from sim.calendar import forget_shared_calendars, shared_calendar

    scenario = build(centre())
    forget_shared_calendars()
    first = run_replication(scenario, 0)
    shared = shared_calendar(scenario.calendar, scenario.experiment.horizon)
    assert Centre(scenario, 1, 3).calendar is shared
    fresh = Calendar(scenario.calendar, scenario.experiment.horizon)
    for function, periods in fresh.functions.items():
        assert list(shared.functions[function]) == list(periods)
    forget_shared_calendars()
    again = run_replication(scenario, 0)
    assert again.metrics == first.metrics and again.series == first.series


def test_a_closing_period_closes_every_day_from_its_first_to_its_last():
    # Closed Tuesday 13 to Thursday 15 January 2026, both days included; the workshop is open
    # 09:00-17:00 on weekdays. Two weeks from Monday 12 January: 10 weekdays, 3 of them closed.
    scenario = build(centre(**{"calendar.start_date": "2026-01-12", "calendar.public_holidays": "none",
                               "calendar.closed_days": [{"name": "verhuizing", "from": "2026-01-13",
                                                         "to": "2026-01-15"}]}))
    cal = Calendar(scenario.calendar, 24 * 14)
    workshop = cal.functions["workshop"]
    noon = [day * 24 + 12 for day in range(5)]
    assert [workshop.is_open(t) for t in noon] == [True, False, False, False, True]
    assert workshop.next_open(1 * 24 + 12) == 4 * 24 + 9  # from the first closed day: Friday 09:00
    assert workshop.open_hours(0, 24 * 14) == (10 - 3) * 8
    # A period of one day closes that day only.
    one_day = build(centre(**{"calendar.start_date": "2026-01-12", "calendar.public_holidays": "none",
                              "calendar.closed_days": [{"from": "2026-01-14", "to": "2026-01-14"}]}))
    assert Calendar(one_day.calendar, 24 * 14).functions["workshop"].open_hours(0, 24 * 14) == (10 - 1) * 8
    # People's schedules follow the closing: a pool's hours over the first week.
    pool = cal.schedule(["monday", "tuesday", "wednesday", "thursday", "friday"], "09:00-15:00")
    assert pool.open_hours(0, 24 * 7) == (5 - 3) * 6
