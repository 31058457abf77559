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


# --- what the campaign of `make mutate` on sim/calendar.py found unpinned -----------------------


def _calendar(horizon_days: int = 14, **changes) -> Calendar:
    base = {"calendar.start_date": "2026-01-12", "calendar.public_holidays": "none"}
    return Calendar(build(centre(**{**base, **changes})).calendar, 24.0 * horizon_days)


def test_school_holidays_that_touch_or_overlap_are_one_span_and_each_day_counts():
    from sim.calendar import _spans

    assert _spans([(5, 9), (0, 2), (3, 4), (12, 12), (8, 10), (7, 6)]) == [(0, 10), (12, 12)]
    assert _spans([(0, 2), (4, 5)]) == [(0, 2), (4, 5)]  # a day between: two spans
    assert _spans([(3, 3)]) == [(3, 3)] and _spans([]) == []
    assert _spans([(20, 14)]) == []  # a holiday wholly after the calendar: clipped to nothing
    cal = _calendar(**{"calendar.school_holidays": [{"from": "2026-01-13", "to": "2026-01-14"},
                                     {"from": "2026-01-15", "to": "2026-01-15"},
                                     {"from": "2026-01-20", "to": "2026-01-21"}]})
    assert cal.school_holiday_days == {1, 2, 3, 8, 9}
    assert [cal.in_school_holiday(d) for d in range(11)] == [d in {1, 2, 3, 8, 9} for d in range(11)]


def test_around_the_clock_every_day_is_its_own_period_up_to_the_horizon():
    cal = Calendar(build(centre(**{"calendar.always_open": True})).calendar, 60.0)
    assert list(cal.functions["workshop"]) == [(0.0, 60.0)]
    assert list(cal.schedule(["monday"], None)) == [(0.0, 24.0), (24.0, 48.0), (48.0, 60.0)]
    one_hour_more = Calendar(build(centre(**{"calendar.always_open": True})).calendar, 49.0)
    assert list(one_hour_more.schedule(["monday"], None)) == [(0.0, 24.0), (24.0, 48.0), (48.0, 49.0)]
    assert cal.closed_days == set() and cal.days == 4


def test_the_calendar_covers_the_horizon_and_its_last_day():
    cal = _calendar(horizon_days=3)
    assert cal.horizon == 72.0 and cal.days == 4 and cal.last_date == dt.date(2026, 1, 15)
    assert _calendar(horizon_days=1).days == 2
    assert Calendar(build(centre(**{"calendar.start_date": "2026-01-12"})).calendar, 25.0).days == 3
    assert [cal.day_of(t) for t in (0.0, 23.99, 24.0, 71.5)] == [0, 0, 1, 2]
    # A closing period past the calendar's end closes every day up to its last (day 3), no further.
    late = _calendar(horizon_days=3, **{"calendar.closed_days": [{"from": "2026-01-14", "to": "2026-01-31"}]})
    assert late.closed_days == {2, 3}


def test_a_public_holiday_on_the_calendars_last_day_and_across_new_year_is_closed():
    # Start 29 December 2025 for 3 days: day 3 (1 January 2026, New Year's Day) is the last day.
    cal = Calendar(build(centre(**{"calendar.start_date": "2025-12-29"})).calendar, 72.0)
    assert cal.last_date == dt.date(2026, 1, 1) and cal.closed_days == {3}
    # Christmas 2026 and New Year 2027 in one calendar: both closed (both years' holidays).
    cal = Calendar(build(centre(**{"calendar.start_date": "2026-12-24"})).calendar, 24.0 * 10)
    assert cal.closed_days == {1, 2, 8}  # 25 and 26 December, 1 January
    # Extra closing days and public holidays add up.
    cal = Calendar(build(centre(**{"calendar.start_date": "2026-12-21", "calendar.closed_days": [
        {"from": "2026-12-21", "to": "2026-12-22"}]})).calendar, 24.0 * 7)
    assert cal.closed_days == {0, 1, 4, 5}


def test_the_most_specific_opening_hours_of_a_day_win():
    cal = _calendar(**{"calendar.opening_hours.workshop": {"daily": "08:00-20:00", "weekdays": "09:00-17:00",
                                                           "friday": "09:00-12:00"}})
    assert cal.hours_of_day("workshop", 0) == ((9.0, 17.0),)
    assert cal.hours_of_day("workshop", 4) == ((9.0, 12.0),)
    assert cal.hours_of_day("workshop", 6) == ((8.0, 20.0),)
    assert cal.weekly_open_hours("workshop") == 4 * 8 + 3 + 2 * 12
    assert cal.weekly_open_hours("workshop", (2, 0, 0, 0, 0, 0, 0)) == 16
    only_weekdays = _calendar(**{"calendar.opening_hours.workshop": {"weekdays": "09:00-17:00",
                                                                     "daily": "10:00-11:00"}})
    assert only_weekdays.hours_of_day("workshop", 2) == ((9.0, 17.0),)
    assert _calendar().hours_of_day("kiosk", 0) == ()


def test_open_days_are_each_working_day_once_in_order():
    cal = _calendar(**{"calendar.opening_hours.workshop": {"weekdays": "09:00-12:00, 13:00-17:00"}})
    assert list(cal.open_days("workshop")) == [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 14]  # and the day after the horizon


def test_a_schedule_leaves_out_days_off_school_days_closed_days_and_school_holidays():
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"]
    cal = _calendar(**{"calendar.closed_days": [{"from": "2026-01-16", "to": "2026-01-16"}],
                       "calendar.school_holidays": [{"from": "2026-01-19", "to": "2026-01-23"}]})
    week1 = cal.schedule(weekdays, "09:00-15:00", school_days=["wednesday"])
    assert week1.open_hours(0, 24 * 7) == 3 * 6  # Monday, Tuesday, Thursday (Friday closed)
    assert cal.schedule(weekdays, "09:00-15:00").open_hours(24 * 7, 24 * 14) == 5 * 6
    assert cal.schedule(weekdays, "09:00-15:00", school_holidays=True).open_hours(24 * 7, 24 * 14) == 0
    # The same schedule asked twice is one timeline; another is another.
    assert cal.schedule(weekdays, "09:00-15:00") is cal.schedule(weekdays, "09:00-15:00")
    assert cal.schedule(weekdays, "09:00-15:00") is not cal.schedule(weekdays, "09:00-14:00")


def test_a_few_calendars_are_kept_for_the_runs_that_share_them():
    from sim.calendar import _SHARED, forget_shared_calendars, shared_calendar

    forget_shared_calendars()
    specs = [build(centre(**{"calendar.start_date": f"2026-02-{day:02d}"})).calendar for day in range(1, 11)]
    first = shared_calendar(specs[0], 240.0)
    assert shared_calendar(specs[0], 240.0) is first
    for spec in specs[1:8]:
        shared_calendar(spec, 240.0)
    assert len(_SHARED) == 8 and shared_calendar(specs[0], 240.0) is first
    shared_calendar(specs[8], 240.0)  # the ninth pushes out the oldest
    assert len(_SHARED) == 8 and shared_calendar(specs[0], 240.0) is not first
    forget_shared_calendars()


def test_new_opening_hours_hold_from_the_day_of_their_change_in_every_period_made_from_them():
    from sim.calendar import forget_shared_calendars, shared_calendar

    # From day 7 (Monday 19 January) the workshop opens 10:00-12:00 on weekdays instead of 09:00-17:00.
    spec = build(centre(**{"calendar.start_date": "2026-01-12", "calendar.public_holidays": "none"})).calendar
    later = {"workshop": {"weekdays": "10:00-12:00"}}
    cal = Calendar(spec, 24.0 * 14, [(7, later)])
    assert [cal.regime(day) for day in (0, 6, 7, 13)] == [0, 0, 1, 1]
    assert cal.hours_of_day("workshop", 0, 6) == ((9.0, 17.0),) and cal.hours_of_day("workshop", 0, 7) == ((10.0, 12.0),)
    assert (cal.weekly_open_hours("workshop", day=6), cal.weekly_open_hours("workshop", day=7)) == (40.0, 10.0)
    # The function's periods, and schedules made from them (with and without hours of their own).
    periods = [(s, e) for s, e in cal.functions["workshop"] if s < 24 * 14]
    assert periods == [(d * 24 + 9.0, d * 24 + 17.0) for d in range(5)] + [(d * 24 + 10.0, d * 24 + 12.0) for d in range(7, 12)]
    weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday"]
    assert [cal.schedule(weekdays, None).open_hours(a, a + 168) for a in (0, 168)] == [40.0, 10.0]
    assert [cal.schedule(weekdays, "09:00-15:00").open_hours(a, a + 168) for a in (0, 168)] == [30.0, 10.0]
    # Periods open across the day of the change are cut there (and only there).
    assert list(cal.cut_at_regimes([(100.0, 200.0), (168.0, 180.0), (0.0, 24.0)])) == [
        (100.0, 168.0), (168.0, 200.0), (168.0, 180.0), (0.0, 24.0)]
    assert list(Calendar(spec, 24.0 * 14).cut_at_regimes([(100.0, 200.0)])) == [(100.0, 200.0)]
    assert list(cal.cut_at_regimes([(100.0, 168.0)])) == [(100.0, 168.0)]  # ends at the change: no empty piece
    # Wider new hours (08:00-20:00): a schedule without hours of its own follows them too.
    wider = Calendar(spec, 24.0 * 14, [(7, {"workshop": {"weekdays": "08:00-20:00"}})])
    assert [wider.schedule(weekdays, None).open_hours(a, a + 168) for a in (0, 168)] == [40.0, 60.0]
    # Without a day, the hours asked for are the file's (day 0), even when a change comes on day 1.
    soon = Calendar(spec, 24.0 * 14, [(1, later)])
    assert soon.hours_of_day("workshop", 0) == ((9.0, 17.0),) and soon.weekly_open_hours("workshop") == 40.0
    # Runs that share a calendar share it only with the same opening hours.
    forget_shared_calendars()
    assert shared_calendar(spec, 336.0, ((7, later),)).weekly_open_hours("workshop", day=7) == 10.0
    assert shared_calendar(spec, 336.0).weekly_open_hours("workshop", day=7) == 40.0
    forget_shared_calendars()
