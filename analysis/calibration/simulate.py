"""The model's weekly figures over the weeks of a centre's records, run by run.

To be compared with records, a run's measured weeks must be the records' weeks: the scenario
is moved to start its warm-up just before the first week asked for (whole days) and to end
after the last, so the calendar (holidays, school holidays, seasons) is the records' calendar.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np

from analysis.calibration.records import Records
from analysis.experiments.executors import Executor, Task
from analysis.experiments.runner import Progress, run_tasks, scenario_json
from sim.loader import LoadedScenario, with_overrides
from sim.phases import warm_up_days


def aligned(loaded: LoadedScenario, first: dt.date, end: dt.date) -> LoadedScenario:
    """The scenario moved so that its measured window runs from ``first`` to ``end`` (exclusive)."""
    warm_days = warm_up_days(loaded.scenario)
    start = first - dt.timedelta(days=warm_days)
    return with_overrides(loaded, {
        "calendar.start_date": start.isoformat(),
        "experiment.warm_up": f"{warm_days * 24} h",
        "experiment.horizon": f"{(warm_days + (end - first).days) * 24} h",
    }, origin="records")


def from_state(loaded: LoadedScenario, day: dt.date, end: dt.date) -> LoadedScenario:
    """The scenario (``experiment.start: state``) moved so that its stated state is the centre on
    ``day`` and the run, with no warm-up, ends at ``end`` (exclusive)."""
    return with_overrides(loaded, {
        "calendar.start_date": day.isoformat(),
        "experiment.horizon": f"{(end - day).days * 24} h",
    }, origin="records")


def period_bounds(loaded: LoadedScenario, records: Records, last: int, first: int = 0,
                  start: dt.date | None = None) -> tuple[float, ...]:
    """Clock hours at which the records' periods ``first``..``last`` start, and the end of the last:
    of the ``aligned`` scenario, or of a run that starts on ``start`` (from a stated state)."""
    if start is None:
        start = records.dates[0] - dt.timedelta(days=warm_up_days(loaded.scenario))
    days = [*records.dates[first: last + 1], records.end(last)]
    return tuple((d - start).days * 24.0 for d in days)


def week_dates(start_date: dt.date, times: list[float]) -> list[dt.date]:
    """The first day of each week that starts at clock hour ``times[k]`` of a run from ``start_date``."""
    return [start_date + dt.timedelta(hours=t) for t in times]


def weekly_runs(variants: list[LoadedScenario], replications: int, seed: int, executor: Executor | None = None,
                progress: Progress | None = None, label: str = "", common: bool = True,
                bounds: tuple[float, ...] = ()) -> list[dict[str, np.ndarray]]:
    """Per variant, each figure as an array (replication x week) of every run's weekly values.

    ``common``: every variant runs the same replications (common random numbers: differences
    between variants are the inputs'); else each variant runs replications of its own, so
    that all runs together show chance in full (a band). ``bounds``: the periods (months) to
    count in instead of whole weeks."""
    tasks = [Task(f"v{i:05d}", scenario_json(v), r + (0 if common else i * replications), seed, weeks=True,
                  bounds=bounds) for i, v in enumerate(variants) for r in range(replications)]
    results = run_tasks(tasks, executor, progress, label)
    out: list[dict[str, np.ndarray]] = []
    for i in range(len(variants)):
        runs = [r for r in results if r["key"] == f"v{i:05d}"]
        names = [n for n in runs[0]["weeks"] if n != "time"]
        out.append({n: np.array([[_number(x) for x in r["weeks"][n]] for r in runs], dtype=float) for n in names})
    return out


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)


def run_records(loaded: LoadedScenario, seed: int | None = None, replication: int = 0, period: str = "week",
                ) -> tuple[list[dt.date], dict[str, list[float]]]:
    """One run's figures as records: each period's first day (every whole week after the
    warm-up, or every whole calendar month) and each figure per period."""
    from analysis.calibration.records import next_start
    from analysis.experiments.executors import run_task

    seed = loaded.scenario.experiment.seed if seed is None else seed
    start = loaded.scenario.calendar.start_date
    bounds: tuple[float, ...] = ()
    if period == "month":
        exp = loaded.scenario.experiment
        day = start + dt.timedelta(hours=exp.warm_up)
        day = day if day.day == 1 and (day - start).days * 24 >= exp.warm_up else next_start(day.replace(day=1), "month")
        hours = []
        while (day - start).days * 24 <= exp.horizon:
            hours.append((day - start).days * 24.0)
            day = next_start(day, "month")
        bounds = tuple(hours) if len(hours) > 1 else (0.0,)
    result = run_task(Task("", scenario_json(loaded), replication, seed, weeks=True, bounds=bounds))
    weeks = result["weeks"]
    if not weeks:
        return [], {}
    dates = week_dates(start, weeks["time"])
    return dates, {n: [_number(x) for x in v] for n, v in weeks.items() if n != "time"}


def write_run_records(loaded: LoadedScenario, seed: int | None, path: str | Path) -> Path:
    """Write replication 0's weekly figures to ``path`` (``ambacht run --series``)."""
    from analysis.calibration.records import write_records

    dates, figures = run_records(loaded, seed)
    return write_records(path, dates, figures)
