"""The calendar: when each function of the centre is open, and when people can come.

The clock runs in **hours since midnight of the start date**. Open periods are precomputed as
sorted arrays, so "is it open", "when does it open next" and "how long until closing" are a
bisect, not a loop over days.
"""

from __future__ import annotations

import datetime as dt
import math
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence

import holidays as holiday_data

from sim.scenario.base import DAY_GROUPS, DAYS, parse_hours
from sim.scenario.model import Calendar as CalendarSpec
from sim.scenario.school_holidays import PROJECTED, SchoolHoliday, school_holidays

FUNCTIONS = ("workshop", "shop", "dropoff")
# A specific day overrides a group of days; 'daily' is the weakest.
_SPECIFICITY = {"daily": 0, "weekdays": 1, "weekend": 1, **{d: 2 for d in DAYS}}

Periods = list[tuple[float, float]]


class Intervals:
    """Sorted, disjoint open periods [start, end) in hours, with fast lookups."""

    __slots__ = ("starts", "ends")

    def __init__(self, periods: Iterable[tuple[float, float]], join_touching: bool = True) -> None:
        merged: Periods = []
        for start, end in sorted(periods):
            if end <= start:
                continue
            if merged and (start < merged[-1][1] or (join_touching and start == merged[-1][1])):
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        # Compact arrays of doubles: a pool's shifts over 16 years are tens of thousands of them.
        self.starts = array("d", (s for s, _ in merged))
        self.ends = array("d", (e for _, e in merged))

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return zip(self.starts, self.ends, strict=True)

    def is_open(self, t: float) -> bool:
        i = bisect_right(self.starts, t) - 1
        return i >= 0 and t < self.ends[i]

    def next_open(self, t: float) -> float:
        """``t`` itself when open, else the next opening time (``inf`` when none is left)."""
        i = bisect_right(self.starts, t) - 1
        if i >= 0 and t < self.ends[i]:
            return t
        return self.starts[i + 1] if i + 1 < len(self.starts) else math.inf

    def end_of(self, t: float) -> float:
        """End of the open period that contains ``t`` (``t`` itself when closed)."""
        i = bisect_right(self.starts, t) - 1
        return self.ends[i] if i >= 0 and t < self.ends[i] else t

    def open_hours(self, start: float = 0.0, end: float = math.inf) -> float:
        return sum(max(0.0, min(e, end) - max(s, start)) for s, e in self)

    def intersect(self, other: Intervals) -> Intervals:
        result: Periods = []
        i = j = 0
        while i < len(self.starts) and j < len(other.starts):
            start = max(self.starts[i], other.starts[j])
            end = min(self.ends[i], other.ends[j])
            if start < end:
                result.append((start, end))
            if self.ends[i] < other.ends[j]:
                i += 1
            else:
                j += 1
        return Intervals(result)


def calendar_school_holidays(spec: CalendarSpec, last: dt.date) -> list[SchoolHoliday]:
    """The school holidays of a calendar from its start date to ``last``, each official,
    projected or listed by the scenario (see sim.scenario.school_holidays)."""
    holidays = spec.school_holidays
    listed = holidays if isinstance(holidays, str) else [(p.start, p.end) for p in holidays]
    return school_holidays(listed, spec.start_date, last)


class Calendar:
    """Open periods of the workshop, shop and drop-off point over the simulated horizon."""

    def __init__(self, spec: CalendarSpec, horizon: float) -> None:
        self.spec = spec
        self.horizon = horizon
        self.always_open = spec.always_open
        self._hours: dict[tuple[str, int], tuple[tuple[float, float], ...]] = {}  # read once per weekday
        self.days = int(math.ceil(horizon / 24.0)) + 1
        self.dates = [spec.start_date + dt.timedelta(days=d) for d in range(self.days)]
        self.closed_days = self._closed_days()
        self.school_holiday_days = self._school_holiday_days()
        self.functions = {f: self._function_intervals(f) for f in FUNCTIONS}
        self._schedules: dict[tuple[object, ...], Intervals] = {}

    def day_of(self, t: float) -> int:
        return int(t // 24.0)

    def _closed_days(self) -> set[int]:
        if self.always_open:
            return set()
        closed: set[int] = set()
        if self.spec.public_holidays == "NL":
            years = sorted({d.year for d in self.dates})
            public = holiday_data.country_holidays("NL", years=years)
            closed |= {i for i, d in enumerate(self.dates) if d in public}
        for period in self.spec.closed_days:
            closed |= {i for i, d in enumerate(self.dates) if period.start <= d <= period.end}
        return closed

    def _school_holiday_days(self) -> set[int]:
        self.school_holidays = calendar_school_holidays(self.spec, self.dates[-1])
        periods = [(h.first, h.last) for h in self.school_holidays]
        return {i for i, d in enumerate(self.dates) if any(s <= d <= e for s, e in periods)}

    @property
    def projected_school_holiday_days(self) -> int:
        """Days of the run in school holidays that are projected, not published."""
        projected = [(h.first, h.last) for h in self.school_holidays if h.status == PROJECTED]
        return sum(1 for d in self.dates[:-1] if any(s <= d <= e for s, e in projected))

    def open_days(self, function: str) -> list[int]:
        """Day indices on which a function is open at all (its working days)."""
        return sorted({int(start // 24) for start in self.functions[function].starts})

    def weekly_open_hours(self, function: str, weights: Sequence[float] = (1.0,) * 7) -> float:
        """Open hours of a function in a normal week (no holidays), each weekday weighted."""
        return sum(weights[w] * sum(e - s for s, e in self.hours_of_day(function, w)) for w in range(7))

    def hours_of_day(self, function: str, weekday: int) -> tuple[tuple[float, float], ...]:
        """Opening hours of a function on a weekday (0 = Monday), as the scenario gives them."""
        key = (function, weekday)
        hours = self._hours.get(key)
        if hours is None:
            hours = self._hours[key] = self._hours_of_day(function, weekday)
        return hours

    def _hours_of_day(self, function: str, weekday: int) -> tuple[tuple[float, float], ...]:
        table = self.spec.opening_hours.get(function, {})  # type: ignore[call-overload]
        best: tuple[tuple[float, float], ...] = ()
        rank = -1
        for group, text in table.items():
            if weekday in DAY_GROUPS[group] and _SPECIFICITY[group] > rank:
                best, rank = parse_hours(text), _SPECIFICITY[group]
        return best

    def _function_intervals(self, function: str) -> Intervals:
        if self.always_open:
            return Intervals([(0.0, self.horizon)])
        periods = []
        for day, date in enumerate(self.dates):
            if day in self.closed_days:
                continue
            for start, end in self.hours_of_day(function, date.weekday()):
                periods.append((day * 24.0 + start, day * 24.0 + end))
        return Intervals(periods)

    def schedule(
        self,
        days: Sequence[str],
        hours: str | None,
        absent_days: set[int] = frozenset(),  # type: ignore[assignment]
        function: str = "workshop",
    ) -> Intervals:
        """When a person with this schedule can be at work: their days and hours, while the
        function is open, minus ``absent_days`` (school days, school holidays). Pools and
        teams with the same schedule share one (read-only) result."""
        key = (tuple(days), hours, frozenset(absent_days), function)
        if key not in self._schedules:
            self._schedules[key] = self._schedule(days, hours, absent_days, function)
        return self._schedules[key]

    def _schedule(self, days: Sequence[str], hours: str | None, absent_days: set[int], function: str) -> Intervals:
        open_ = self.functions[function]
        if self.always_open:
            # Around the clock, but still day by day: absence, trajectories and supervision
            # are decided per day.
            every_day = range(int(math.ceil(self.horizon / 24.0)))
            return Intervals(((d * 24.0, min((d + 1) * 24.0, self.horizon)) for d in every_day), join_touching=False)
        weekdays = {DAYS.index(d) for d in days}
        own = parse_hours(hours) if hours else None
        periods = []
        for day, date in enumerate(self.dates):
            if date.weekday() not in weekdays or day in absent_days or day in self.closed_days:
                continue
            for start, end in own if own is not None else self.hours_of_day(function, date.weekday()):
                periods.append((day * 24.0 + start, day * 24.0 + end))
        return Intervals(periods).intersect(open_)

    def weekly_days(self, names: Sequence[str]) -> set[int]:
        """Day indices that fall on the named weekdays."""
        wanted = {DAYS.index(n) for n in names}
        return {i for i, d in enumerate(self.dates) if d.weekday() in wanted}


_SHARED: dict[tuple[str, float], Calendar] = {}


def shared_calendar(spec: CalendarSpec, horizon: float) -> Calendar:
    """The calendar of ``spec`` over ``horizon``, made once per process: it holds no state that a
    run changes, and replications and variants of one centre share it (a few are kept)."""
    key = (spec.model_dump_json(), horizon)
    calendar = _SHARED.get(key)
    if calendar is None:
        if len(_SHARED) >= 8:
            _SHARED.pop(next(iter(_SHARED)))
        calendar = _SHARED[key] = Calendar(spec, horizon)
    return calendar


def forget_shared_calendars() -> None:
    """Drop the calendars kept by :func:`shared_calendar` (a benchmark measures a first run)."""
    _SHARED.clear()
