"""School holidays, for student pools that are away in school holidays.

Two kinds of preset, kept apart:

* **regional** (``regio-noord``, ``regio-midden``, ``regio-zuid``): the school holidays the
  Ministry of Education sets for primary and secondary schools per region, for every school
  year it has published, read from the ``holidays`` package (its Dutch ``SCHOOL`` category,
  which cites the *Regeling vaststelling schoolvakanties* 2013-2016 up to 2025-2030). For a
  school year not yet published the dates are **projected**, and marked so: Christmas and May
  by the package's rules (from the Saturday on or before 25 December, 16 days; the week of ISO
  week 18), autumn, spring and summer in the same ISO weeks as six school years earlier (the
  regions rotate on a six-year cycle). Tried on the published years 2019/20-2029/30 this gives
  the exact dates of most periods and is a week off for the others (see docs/sources.md);
* **MBO** (e.g. ``landstede-noord-2025-2026``): MBO schools set their own holidays. Each preset
  is one school's published list for one school year and covers only that year (1 September
  to 30 September a year later: no school year's first holiday, the autumn break, starts
  before October). A run reaching outside it is refused at load time; the message names the
  school year and says how to list the periods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

D = dt.date

OFFICIAL, PROJECTED, LISTED = "official", "projected", "listed"

REGIONS = {"regio-noord": "Noord", "regio-midden": "Midden", "regio-zuid": "Zuid"}
FIRST_PUBLISHED = 2013
"""First school year (2013/14) of the published regional table."""
LAST_PUBLISHED = 2029
"""Last school year (2029/30) of the published regional table (Regeling 2025-2030)."""
ROTATION_YEARS = 6
"""The regions' holidays repeat their order every six school years."""

SOURCE_REGIONAL = "Rijksoverheid, Regeling vaststelling schoolvakanties (via the holidays package)"
SOURCE_PROJECTED = "projected: ISO weeks of school year {base}/{next} (six-year rotation); Christmas and May by rule"

NAMES = {
    "Autumn Break": "herfstvakantie", "Christmas Break": "kerstvakantie", "Spring Break": "voorjaarsvakantie",
    "May Break": "meivakantie", "Summer Break": "zomervakantie",
}


@dataclass(frozen=True)
class SchoolHoliday:
    """One holiday period, first and last day included, with where its dates come from."""

    name: str
    first: dt.date
    last: dt.date
    status: str
    """'official', 'projected' (a rule, not a published date) or 'listed' (the scenario's own)."""
    source: str


@dataclass(frozen=True)
class MboPreset:
    """One MBO school's published holidays for one school year."""

    school: str
    school_year: int
    """The year the school year starts (2025 for 2025/26)."""
    source: str
    periods: tuple[tuple[str, dt.date, dt.date], ...]

    @property
    def covers(self) -> tuple[dt.date, dt.date]:
        return D(self.school_year, 9, 1), D(self.school_year + 1, 9, 30)


MBO_PRESETS: dict[str, MboPreset] = {
    "landstede-noord-2025-2026": MboPreset("Landstede (regio noord)", 2025, "Landstede 2025/26 (rocmn.nl)", (
        ("herfstvakantie", D(2025, 10, 18), D(2025, 10, 26)),
        ("kerstvakantie", D(2025, 12, 20), D(2026, 1, 4)),
        ("voorjaarsvakantie", D(2026, 2, 21), D(2026, 3, 1)),
        ("meivakantie", D(2026, 4, 18), D(2026, 5, 3)),
        ("zomervakantie", D(2026, 7, 11), D(2026, 8, 23)),
    )),
    "landstede-midden-2025-2026": MboPreset("Landstede (regio midden)", 2025, "Landstede 2025/26 (rocmn.nl)", (
        ("herfstvakantie", D(2025, 10, 18), D(2025, 10, 26)),
        ("kerstvakantie", D(2025, 12, 20), D(2026, 1, 4)),
        ("voorjaarsvakantie", D(2026, 2, 14), D(2026, 2, 22)),
        ("meivakantie", D(2026, 4, 18), D(2026, 5, 3)),
        ("zomervakantie", D(2026, 7, 11), D(2026, 8, 23)),
    )),
}

SCHOOL_HOLIDAY_PRESETS: list[str] = [*REGIONS, *MBO_PRESETS]
"""Every preset name a scenario may give for ``calendar.school_holidays``."""


def school_year(day: dt.date) -> int:
    """The school year a day belongs to, by the year it starts (August counts to the year before:
    summer holidays run into it)."""
    return day.year if day.month >= 9 else day.year - 1


def uncovered_school_years(preset: str, first: dt.date, last: dt.date) -> list[int]:
    """School years between ``first`` and ``last`` that an MBO preset does not list ([] if covered)."""
    mbo = MBO_PRESETS.get(preset)
    if mbo is None:
        return []
    start, end = mbo.covers
    years: list[int] = []
    if first < start:
        years += range(school_year(first), mbo.school_year)
    if last > end:
        years += range(mbo.school_year + 1, school_year(last) + 1)
    return sorted(set(years))


@cache
def _official(region: str, year: int) -> tuple[tuple[str, dt.date, dt.date], ...]:
    """The package's school holidays of one calendar year, as (English name, first, last) periods."""
    import holidays  # imported here: only scenarios with regional presets need it

    found = holidays.country_holidays("NL", subdiv=region, years=year, categories=("school",), language="en_US")
    periods: list[list[object]] = []
    for day in sorted(found):
        name = str(found[day])
        if periods and periods[-1][0] == name and (day - periods[-1][2]).days == 1:  # type: ignore[operator]
            periods[-1][2] = day
        else:
            periods.append([name, day, day])
    return tuple((str(n), a, b) for n, a, b in periods)  # type: ignore[misc]


def _year_of_period(name: str, first: dt.date) -> int:
    """The school year a period belongs to: autumn and December's Christmas start one."""
    if name == "Autumn Break" or (name == "Christmas Break" and first.month == 12):
        return first.year
    return first.year - 1


def _published(region: str, year: int) -> list[SchoolHoliday]:
    """The official periods of school year ``year`` (within the published range)."""
    out = []
    for calendar_year in (year, year + 1):
        for name, first, last in _official(region, calendar_year):
            if _year_of_period(name, first) == year:
                out.append(SchoolHoliday(NAMES.get(name, name), first, last, OFFICIAL, SOURCE_REGIONAL))
    # Christmas is split at New Year by the package; join the two halves.
    out.sort(key=lambda h: h.first)
    joined: list[SchoolHoliday] = []
    for h in out:
        if joined and joined[-1].name == h.name and (h.first - joined[-1].last).days == 1:
            joined[-1] = SchoolHoliday(h.name, joined[-1].first, h.last, h.status, h.source)
        else:
            joined.append(h)
    return joined


def _christmas(year: int) -> tuple[dt.date, dt.date]:
    """From the Saturday on or before 25 December ``year``, 16 days (the binding rule)."""
    christmas = D(year, 12, 25)
    first = christmas - dt.timedelta(days=(christmas.weekday() - 5) % 7)
    return first, first + dt.timedelta(days=15)


def _may(year: int) -> tuple[dt.date, dt.date]:
    """The Saturday before ISO week 18 of ``year`` and the nine days from it (the usual week)."""
    first = dt.date.fromisocalendar(year, 17, 6)
    return first, first + dt.timedelta(days=8)


def _projected(region: str, year: int) -> list[SchoolHoliday]:
    """School year ``year`` projected from the published year in the same place of the rotation."""
    shift = ROTATION_YEARS * -(-(year - LAST_PUBLISHED) // ROTATION_YEARS) if year > LAST_PUBLISHED else \
        -ROTATION_YEARS * -(-(FIRST_PUBLISHED - year) // ROTATION_YEARS)
    base = year - shift
    source = SOURCE_PROJECTED.format(base=base, next=base + 1)
    out = []
    for h in _published(region, base):
        if h.name == "kerstvakantie":
            first, last = _christmas(year)
        elif h.name == "meivakantie":
            first, last = _may(year + 1)
        else:
            iso = h.first.isocalendar()
            week = min(iso.week, D(iso.year + shift, 12, 28).isocalendar().week)
            first = dt.date.fromisocalendar(iso.year + shift, week, iso.weekday)
            last = first + (h.last - h.first)
        out.append(SchoolHoliday(h.name, first, last, PROJECTED, source))
    return out


def regional_holidays(preset: str, first: dt.date, last: dt.date) -> list[SchoolHoliday]:
    """The regional school holidays touching ``first``..``last``, official or projected."""
    region = REGIONS[preset]
    out = []
    for year in range(school_year(first) - 1, school_year(last) + 1):
        periods = _published(region, year) if FIRST_PUBLISHED <= year <= LAST_PUBLISHED else _projected(region, year)
        out += [h for h in periods if h.last >= first and h.first <= last]
    return sorted(out, key=lambda h: h.first)


def school_holidays(spec: str | list[tuple[dt.date, dt.date]], first: dt.date, last: dt.date) -> list[SchoolHoliday]:
    """The school holiday periods of a calendar between ``first`` and ``last`` (days included).

    ``spec``: a preset name, or the scenario's own list of (first, last) periods. An MBO preset
    must cover the run (the loader checks :func:`uncovered_school_years`).
    """
    if isinstance(spec, str):
        if spec in REGIONS:
            return regional_holidays(spec, first, last)
        mbo = MBO_PRESETS[spec]
        return [SchoolHoliday(name, a, b, OFFICIAL, mbo.source) for name, a, b in mbo.periods
                if b >= first and a <= last]
    return [SchoolHoliday("", a, b, LISTED, "scenario") for a, b in spec if b >= first and a <= last]
