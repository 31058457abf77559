"""Years and phases of a business case: which settings hold in which stretch of time.

A scenario with a ``business_case`` runs for several years, and its ``changes`` set new values
from a year or a date on (a ramp-up in phases). The horizon is cut into *segments* at every
year boundary and every change; each segment is simulated as a run of its own with the values
that hold in it, its own warm-up before it, and the same random numbers per replication
(common random numbers across segments). A segment starts from a warmed-up centre, not from the
exact state the previous segment ended in: stock, queues and trajectories do not carry over.
That is the stated approximation of this design (see docs/business-case.md).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from sim.scenario.model import Scenario

HOURS_PER_DAY = 24.0


@dataclass(frozen=True)
class Segment:
    """A stretch of one business-case year in which the same values hold."""

    year: int  # 1-based business-case year
    start: dt.date  # first day (included)
    end: dt.date  # first day after it
    year_days: int  # days in the whole business-case year
    overrides: dict[str, Any] = field(default_factory=dict)
    phase: int = 0  # number of changes in force (0 = the file as written)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def share_of_year(self) -> float:
        """The segment's share of its business-case year (segments of a year sum to 1)."""
        return self.days / self.year_days

    @property
    def key(self) -> str:
        return f"y{self.year:02d}-{self.start.isoformat()}"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def year_starts(scenario: Scenario) -> list[dt.date]:
    """First day of every business-case year, and the day after the last year."""
    case = scenario.business_case
    assert case is not None, "only a scenario with a business_case has years"
    first = scenario.calendar.start_date
    return [add_years(first, y) for y in range(case.years + 1)]


def change_moments(scenario: Scenario) -> list[tuple[dt.date, dict[str, Any]]]:
    """Every change as (first day it holds, values it sets), in the order they take effect.

    Changes on the same day apply in the order of the file.
    """
    case = scenario.business_case
    assert case is not None
    starts = year_starts(scenario)
    moments = []
    for index, change in enumerate(case.changes):
        day = starts[change.year - 1] if change.year is not None else change.on
        assert day is not None
        moments.append((day, index, dict(change.set)))
    moments.sort(key=lambda m: (m[0], m[1]))
    return [(day, values) for day, _, values in moments]


def segments(scenario: Scenario) -> list[Segment]:
    """The horizon of the business case cut at year boundaries and changes."""
    starts = year_starts(scenario)
    moments = change_moments(scenario)
    out = []
    for year in range(1, len(starts)):
        begin, finish = starts[year - 1], starts[year]
        cuts = sorted({begin, finish} | {day for day, _ in moments if begin < day < finish})
        for start, end in zip(cuts, cuts[1:], strict=False):
            overrides: dict[str, Any] = {}
            phase = 0
            for day, values in moments:
                if day <= start:
                    overrides.update(values)
                    phase += 1
            out.append(Segment(year, start, end, (finish - begin).days, overrides, phase))
    return out


def segment_overrides(scenario: Scenario, segment: Segment) -> dict[str, Any]:
    """Scenario values (by path) that turn the file into the run of one segment.

    The run starts its warm-up before the segment, rounded up to whole days, so that the
    measured window is exactly the segment.
    """
    warm_up_days = math.ceil(scenario.experiment.warm_up / HOURS_PER_DAY - 1e-9)
    start = segment.start - dt.timedelta(days=warm_up_days)
    hours = (warm_up_days + segment.days) * HOURS_PER_DAY
    return {
        **segment.overrides,
        "calendar.start_date": start.isoformat(),
        "experiment.horizon": f"{hours:g} h",
        "experiment.warm_up": f"{warm_up_days * HOURS_PER_DAY:g} h",
    }


def phase_data(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A copy of plain scenario data with values set by dotted path."""
    import copy

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


def phase_problems(scenario: Scenario, data: dict[str, Any]) -> list[Any]:
    """Values set by the changes that the scenario language refuses, checked at load time.

    Each phase (the file with the changes in force from some moment on) is validated as a whole;
    a problem is reported at the change that set the value, so ``validate`` accepts only what
    ``businesscase`` can run.
    """
    from pydantic import ValidationError

    from sim.scenario.problems import shown
    from sim.scenario.references import Reference

    case = scenario.business_case
    if case is None or not case.changes:
        return []
    problems: list[Any] = []
    seen: set[str] = set()
    for segment in segments(scenario):
        if segment.phase == 0 or str(segment.overrides) in seen:
            continue
        seen.add(str(segment.overrides))
        try:
            Scenario.model_validate(phase_data(data, segment.overrides))
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
