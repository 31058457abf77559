"""Years and phases of a run: which settings hold from which moment, and where the years fall.

A scenario's ``business_case.changes`` set new values from a year or a date on (a ramp-up in
phases). A centre's years are one run: the changes take effect inside it, at their dates, so
stock, queues, backlog and trajectories carry over (see docs/business-case.md). This module
turns the changes into *phases* (the moment each starts, in hours since the run's start, and the
scenario values that hold from then) and the business-case years into *windows* of the run.

Business-case year 1 starts on the first day after the warm-up (the start date itself when the
run has none); the changes' years count from that day.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from sim.scenario.model import Scenario

HOURS_PER_DAY = 24.0

RUNNING_CHANGES = (
    re.compile(r"workforce\.[^.]+\.people"),
    re.compile(r"supervisors\.[^.]+\.people"),
    re.compile(r"materials\.[^.]+\.arrivals\.rate"),
    re.compile(r"products\.[^.]+\.price"),
    re.compile(r"market\.contracts\.[^.]+\.price"),
    re.compile(r"materials\.[^.]+\.storage"),
    re.compile(r"materials\.[^.]+\.grades\.[^.]+\.share"),
    re.compile(r"steps\.[^.]+\.work_places"),
    re.compile(r"market\.shop\.customers"),
    re.compile(r"market\.online\.orders"),
    re.compile(r"workforce\.[^.]+\.trajectory\.outflow(\.[^.]+)?"),
    re.compile(r"calendar\.opening_hours\.[^.]+(\.[^.]+)?"),
)
"""Paths a change may set in a running centre: people joining or leaving a pool or a team, a
stream's arrival rate, storage and grade shares, prices (a product's, a contract's), a step's
work places (a number to a number), the shop's customers and the webshop's orders, where a pool's
people go after their trajectory, and opening hours (a function's table or one day group of it).
Any other path is refused when the file loads, at its line."""
RUNNING_CHANGE_NAMES = ("workforce.<pool>.people", "supervisors.<team>.people", "materials.<stream>.arrivals.rate",
                        "products.<product>.price", "market.contracts.<contract>.price", "materials.<stream>.storage",
                        "materials.<stream>.grades.<grade>.share", "steps.<step>.work_places",
                        "market.shop.customers", "market.online.orders",
                        "workforce.<pool>.trajectory.outflow[.<destination>]",
                        "calendar.opening_hours.<function>[.<day group>]")


@dataclass(frozen=True)
class Phase:
    """From ``at`` (hours since the run's start) on, ``scenario`` holds (until the next phase)."""

    at: float
    scenario: Scenario
    changes: int  # how many changes are in force (0 = the file as written)


@dataclass(frozen=True)
class Segment:
    """One business-case year of the run, as the booking takes it (a whole year: share 1)."""

    year: int  # 1-based business-case year
    start: dt.date  # first day (included)
    end: dt.date  # first day after it

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def share_of_year(self) -> float:
        """The segment's share of its business-case year: the run measures whole years."""
        return 1.0


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def warm_up_days(scenario: Scenario) -> int:
    """The warm-up in whole days (rounded up)."""
    return math.ceil(scenario.experiment.warm_up / HOURS_PER_DAY - 1e-9)


def first_day(scenario: Scenario) -> dt.date:
    """The first day of business-case year 1: the start date plus the warm-up."""
    return scenario.calendar.start_date + dt.timedelta(days=warm_up_days(scenario))


def year_starts(scenario: Scenario) -> list[dt.date]:
    """First day of every business-case year, and the day after the last year."""
    case = scenario.business_case
    assert case is not None, "only a scenario with a business_case has years"
    first = first_day(scenario)
    return [add_years(first, y) for y in range(case.years + 1)]


def hours_since_start(scenario: Scenario, day: dt.date) -> float:
    """Midnight at the start of ``day`` in hours since the run's start."""
    return (day - scenario.calendar.start_date).days * HOURS_PER_DAY


def change_moments(scenario: Scenario) -> list[tuple[dt.date, int, dict[str, Any]]]:
    """Every change as (first day it holds, its index in the file, values it sets), in the
    order they take effect; changes on the same day apply in the order of the file."""
    case = scenario.business_case
    if case is None:
        return []
    starts = year_starts(scenario)
    moments = []
    for index, change in enumerate(case.changes):
        day = starts[change.year - 1] if change.year is not None else change.on
        assert day is not None
        moments.append((day, index, dict(change.set)))
    moments.sort(key=lambda m: (m[0], m[1]))
    return moments


def phase_data(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A copy of plain scenario data with values set by dotted path."""
    out = copy.deepcopy(data)
    for path, value in overrides.items():
        node = out
        parts = path.split(".")
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = {}
                node[part] = child
            node = child
        node[parts[-1]] = value
    return out


def phases(scenario: Scenario) -> list[Phase]:
    """The phases of one run: the file as written from 0, then one per day on which changes
    take effect inside the horizon (each with every change in force by then)."""
    first = Phase(0.0, scenario, 0)
    moments = change_moments(scenario)
    if not moments:
        return [first]
    data = scenario.model_dump(mode="json", by_alias=True)
    out = [first]
    overrides: dict[str, Any] = {}
    count = 0
    for day, _, values in moments:
        at = hours_since_start(scenario, day)
        overrides.update(values)
        count += 1
        if at >= scenario.experiment.horizon:
            break
        phase = Phase(max(at, 0.0), Scenario.model_validate(phase_data(data, overrides)), count)
        if out[-1].at == phase.at:
            out[-1] = phase
        else:
            out.append(phase)
    return out


def plan(values: list[tuple[float, Any]]) -> list[tuple[float, Any]]:
    """A value per phase as (from, value), with the moments it does not change dropped."""
    out: list[tuple[float, Any]] = []
    for at, value in values:
        if not out or out[-1][1] != value:
            out.append((at, value))
    return out


def year_windows(scenario: Scenario) -> list[tuple[float, float]]:
    """The business-case years that lie wholly inside the run, as (start, end) in hours since
    its start; none without a ``business_case``."""
    if scenario.business_case is None:
        return []
    bounds = [hours_since_start(scenario, day) for day in year_starts(scenario)]
    horizon = scenario.experiment.horizon
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b <= horizon + 1e-6]


def year_segments(scenario: Scenario) -> list[Segment]:
    """The business-case years of the run, in order."""
    starts = year_starts(scenario)
    return [Segment(year, starts[year - 1], starts[year]) for year in range(1, len(starts))]


def phase_problems(scenario: Scenario, data: dict[str, Any]) -> list[Any]:
    """Changes a running centre cannot take, and values the scenario language refuses, checked
    at load time at the line of the change that set them, so ``validate`` accepts only what a
    run can do."""
    from pydantic import ValidationError

    from sim.scenario.problems import shown
    from sim.scenario.references import Reference

    case = scenario.business_case
    if case is None or not case.changes:
        return []
    problems: list[Any] = []
    for index, change in enumerate(case.changes):
        for path, value in change.set.items():
            parts = path.split(".")
            if not any(pattern.fullmatch(path) for pattern in RUNNING_CHANGES):
                problems.append(Reference(("business_case", "changes", index, "set", path), "change_not_running",
                                          {"path": path, "allowed": ", ".join(RUNNING_CHANGE_NAMES)}))
            elif parts[0] == "calendar" and scenario.calendar.always_open:
                problems.append(Reference(("business_case", "changes", index, "set", path), "change_hours_always_open",
                                          {}))
            elif parts[0] == "steps" and parts[1] in scenario.steps and (
                    value == "unlimited" or scenario.steps[parts[1]].work_places == "unlimited"):
                problems.append(Reference(("business_case", "changes", index, "set", path), "change_places_unlimited",
                                          {"step": parts[1]}))
    if problems:
        return problems
    seen: set[str] = set()
    overrides: dict[str, Any] = {}
    for _, _, values in change_moments(scenario):
        overrides.update(values)
        if str(overrides) in seen:
            continue
        seen.add(str(overrides))
        try:
            Scenario.model_validate(phase_data(data, overrides))
        except ValidationError as error:
            for problem in error.errors():
                loc = ".".join(str(part) for part in problem["loc"])
                index, path = _setter(case.changes, loc)
                # The phase's own problem, at the line of the change that set the value.
                context = {**problem.get("ctx", {}), "got": shown(problem.get("input"))}
                problems.append(Reference(("business_case", "changes", index, "set", path), problem["type"], context))
    return problems


def _setter(changes: list[Any], loc: str) -> tuple[int, str]:
    """The last change whose path is (a prefix of) an error's location."""
    found = (0, next(iter(changes[0].set)))
    for index, change in enumerate(changes):
        for path in change.set:
            if loc == path or loc.startswith(path + ".") or path.startswith(loc + "."):
                found = (index, path)
    return found
