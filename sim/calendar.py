"""The calendar: when each function of the centre is open, and when people can come.

The clock runs in **hours since midnight of the start date**. Open periods are sorted arrays,
made a chunk at a time as the clock reaches them (:mod:`sim.timeline`), so "is it open", "when
does it open next" and "how long until closing" are a bisect, not a loop over days, and a long
horizon costs no more memory than a short one.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any

import holidays as holiday_data

from sim.scenario.base import DAY_GROUPS, DAYS, parse_hours
from sim.scenario.model import Calendar as CalendarSpec
from sim.scenario.school_holidays import PROJECTED, SchoolHoliday, school_holidays
from sim.timeline import Period, Timeline, intersection, merged

FUNCTIONS = ("workshop", "shop", "dropoff")
# A specific day overrides a group of days; 'daily' is the weakest.
_SPECIFICITY = {"daily": 0, "weekdays": 1, "weekend": 1, **{d: 2 for d in DAYS}}


def calendar_school_holidays(spec: CalendarSpec, last: dt.date) -> list[SchoolHoliday]:
    """The school holidays of a calendar from its start date to ``last``, each official,
    projected or listed by the scenario (see sim.scenario.school_holidays)."""
    holidays = spec.school_holidays
    listed = holidays if isinstance(holidays, str) else [(p.start, p.end) for p in holidays]
    return school_holidays(listed, spec.start_date, last)


class Calendar:
    """Open periods of the workshop, shop and drop-off point over the simulated horizon.

    The periods are :class:`sim.timeline.Timeline` s, made a few months at a time as the clock
    reaches them (memory flat in the horizon); days are indices from the start date.

    ``regimes`` are opening hours that a change sets from a day on, as (first day, opening hours
    in the scenario's form); before the first of them, the spec's opening hours hold.
    """

    def __init__(self, spec: CalendarSpec, horizon: float,
                 regimes: Sequence[tuple[int, Mapping[Any, Any]]] = ()) -> None:
        self.spec = spec
        self.horizon = horizon
        self.always_open = spec.always_open
        self._regime_days = [0] + [day for day, _ in regimes]
        self._regime_hours: list[Mapping[Any, Any]] = [spec.opening_hours, *(h for _, h in regimes)]
        self._hours: dict[tuple[str, int, int], tuple[tuple[float, float], ...]] = {}  # once per weekday and regime
        self.days = int(math.ceil(horizon / 24.0)) + 1
        self.start_date = spec.start_date
        self.last_date = self.date(self.days - 1)
        self._first_weekday = self.start_date.weekday()
        self.closed_days = self._closed_days()
        self.school_holidays = calendar_school_holidays(spec, self.last_date)
        self._school_spans = _spans([self._day_span(h.first, h.last) for h in self.school_holidays])
        self._school_firsts = [first for first, _ in self._school_spans]
        self.functions = {f: Timeline(partial(self._function_periods, f)) for f in FUNCTIONS}
        self._schedules: dict[tuple[object, ...], Timeline] = {}

    def day_of(self, t: float) -> int:
        return int(t // 24.0)

    def date(self, day: int) -> dt.date:
        """The date of day index ``day``."""
        return self.start_date + dt.timedelta(days=day)

    def weekday(self, day: int) -> int:
        """Weekday of day index ``day`` (0 = Monday)."""
        return (self._first_weekday + day) % 7

    def _day_span(self, first: dt.date, last: dt.date) -> tuple[int, int]:
        """Day indices of ``first`` to ``last`` (included), clipped to the calendar's days."""
        return max(0, (first - self.start_date).days), min(self.days - 1, (last - self.start_date).days)

    def _closed_days(self) -> set[int]:
        if self.always_open:
            return set()
        closed: set[int] = set()
        if self.spec.public_holidays == "NL":
            years = list(range(self.start_date.year, self.last_date.year + 1))
            public = holiday_data.country_holidays("NL", years=years)
            closed |= {(d - self.start_date).days for d in public if self.start_date <= d <= self.last_date}
        for period in self.spec.closed_days:
            first, last = self._day_span(period.start, period.end)
            closed.update(range(first, last + 1))
        return closed

    def in_school_holiday(self, day: int) -> bool:
        i = bisect_right(self._school_firsts, day) - 1
        return i >= 0 and day <= self._school_spans[i][1]

    @property
    def school_holiday_days(self) -> set[int]:
        """Day indices in school holidays (made on demand: the model asks day by day)."""
        return {d for first, last in self._school_spans for d in range(first, last + 1)}

    @property
    def projected_school_holiday_days(self) -> int:
        """Days of the run in school holidays that are projected, not published."""
        projected = [self._day_span(h.first, h.last) for h in self.school_holidays if h.status == PROJECTED]
        # Days of the run: all but the calendar's last day.
        return sum(min(last, self.days - 2) - first + 1 for first, last in _spans(projected) if first <= self.days - 2)

    def open_days(self, function: str) -> array:
        """Day indices on which a function opens (its working days), in order."""
        days = array("l")
        for start, _ in self.functions[function]:
            day = int(start // 24)
            if not days or days[-1] != day:
                days.append(day)
        return days

    def cut_at_regimes(self, periods: Iterable[tuple[float, float]]) -> Iterator[tuple[float, float]]:
        """``periods`` cut where new opening hours take effect (a period open across midnight may
        span the day of a change)."""
        cuts = [day * 24.0 for day in self._regime_days[1:]]
        if not cuts:
            yield from periods
            return
        for start, end in periods:
            for cut in cuts:
                if start < cut < end:
                    yield start, cut
                    start = cut
            yield start, end

    def regime(self, day: int) -> int:
        """Which opening hours hold on day index ``day``: 0 for the file's, k for the k-th change."""
        return bisect_right(self._regime_days, day) - 1

    def weekly_open_hours(self, function: str, weights: Sequence[float] = (1.0,) * 7, day: int = 0) -> float:
        """Open hours of a function in a normal week (no holidays), each weekday weighted, with
        the opening hours that hold on day index ``day``."""
        return sum(weights[w] * sum(e - s for s, e in self.hours_of_day(function, w, day)) for w in range(7))

    def hours_of_day(self, function: str, weekday: int, day: int = 0) -> tuple[tuple[float, float], ...]:
        """Opening hours of a function on a weekday (0 = Monday), as the scenario gives them (as a
        change has set them by day index ``day``)."""
        key = (function, weekday, self.regime(day) if len(self._regime_days) > 1 else 0)
        hours = self._hours.get(key)
        if hours is None:
            hours = self._hours[key] = self._hours_of_day(*key)
        return hours

    def _hours_of_day(self, function: str, weekday: int, regime: int) -> tuple[tuple[float, float], ...]:
        table = self._regime_hours[regime].get(function, {})
        best: tuple[tuple[float, float], ...] = ()
        rank = -1
        for group, text in table.items():
            if weekday in DAY_GROUPS[group] and _SPECIFICITY[group] > rank:
                best, rank = parse_hours(text), _SPECIFICITY[group]
        return best

    def _function_periods(self, function: str) -> Iterator[Period]:
        """The open periods of a function, day by day, merged."""
        if self.always_open:
            yield from merged([(0.0, self.horizon)])
            return

        def days() -> Iterator[Period]:
            closed = self.closed_days
            for day in range(self.days):
                if day in closed:
                    continue
                for start, end in self.hours_of_day(function, self.weekday(day), day):
                    yield (day * 24.0 + start, day * 24.0 + end)

        yield from merged(days())

    def schedule(
        self,
        days: Sequence[str],
        hours: str | None,
        school_days: Sequence[str] = (),
        school_holidays: bool = False,
        function: str = "workshop",
    ) -> Timeline:
        """When a person with this schedule can be at work: their days and hours, while the
        function is open, except on ``school_days`` and, with ``school_holidays``, in the
        calendar's school holidays (students). Pools and teams with the same schedule share one
        timeline."""
        key = (tuple(days), hours, tuple(sorted(school_days)), school_holidays, function)
        found = self._schedules.get(key)
        if found is None:
            found = self._schedules[key] = Timeline(partial(self._schedule_periods, *key))
        return found

    def _schedule_periods(self, days: Sequence[str], hours: str | None, school_days: Sequence[str],
                          school_holidays: bool, function: str) -> Iterator[Period]:
        if self.always_open:
            # Around the clock, but still day by day: absence, trajectories and supervision
            # are decided per day.
            every_day = range(int(math.ceil(self.horizon / 24.0)))
            yield from merged(((d * 24.0, min((d + 1) * 24.0, self.horizon)) for d in every_day), join_touching=False)
            return
        weekdays = {DAYS.index(d) for d in days}
        school = {DAYS.index(d) for d in school_days}
        own = parse_hours(hours) if hours else None

        def at_work() -> Iterator[Period]:
            closed = self.closed_days
            for day in range(self.days):
                weekday = self.weekday(day)
                if (weekday not in weekdays or weekday in school or day in closed
                        or (school_holidays and self.in_school_holiday(day))):
                    continue
                for start, end in own if own is not None else self.hours_of_day(function, weekday, day):
                    yield (day * 24.0 + start, day * 24.0 + end)

        yield from merged(intersection(merged(at_work()), self._function_periods(function)))


def _spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Day spans (first, last included) sorted and joined where they overlap or touch."""
    out: list[tuple[int, int]] = []
    for first, last in sorted(s for s in spans if s[0] <= s[1]):
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


_SHARED: dict[tuple[str, float, str], Calendar] = {}


def shared_calendar(spec: CalendarSpec, horizon: float,
                    regimes: Sequence[tuple[int, Mapping[Any, Any]]] = ()) -> Calendar:
    """The calendar of ``spec`` over ``horizon`` (with the opening hours changes set from a day
    on), made once per process: it holds no state that a run changes, and replications and
    variants of one centre share it (a few are kept)."""
    key = (spec.model_dump_json(), horizon, repr(regimes))
    calendar = _SHARED.get(key)
    if calendar is None:
        if len(_SHARED) >= 8:
            _SHARED.pop(next(iter(_SHARED)))
        calendar = _SHARED[key] = Calendar(spec, horizon, regimes)
    return calendar


def forget_shared_calendars() -> None:
    """Drop the calendars kept by :func:`shared_calendar` (a benchmark measures a first run)."""
    _SHARED.clear()
