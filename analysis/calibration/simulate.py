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

from analysis.experiments.executors import Executor, Task
from analysis.experiments.runner import Progress, run_tasks, scenario_json
from sim.loader import LoadedScenario, with_overrides
from sim.registry import HOURS_PER_WEEK


def aligned(loaded: LoadedScenario, first: dt.date, weeks: int) -> LoadedScenario:
    """The scenario moved so that its measured window is the ``weeks`` weeks from ``first``."""
    warm_days = math.ceil(loaded.scenario.experiment.warm_up / 24.0 - 1e-9)
    start = first - dt.timedelta(days=warm_days)
    return with_overrides(loaded, {
        "calendar.start_date": start.isoformat(),
        "experiment.warm_up": f"{warm_days * 24} h",
        "experiment.horizon": f"{warm_days * 24 + weeks * HOURS_PER_WEEK:g} h",
    }, origin="records")


def week_dates(start_date: dt.date, times: list[float]) -> list[dt.date]:
    """The first day of each week that starts at clock hour ``times[k]`` of a run from ``start_date``."""
    return [start_date + dt.timedelta(hours=t) for t in times]


def weekly_runs(variants: list[LoadedScenario], replications: int, seed: int, executor: Executor | None = None,
                progress: Progress | None = None, label: str = "", common: bool = True) -> list[dict[str, np.ndarray]]:
    """Per variant, each figure as an array (replication x week) of every run's weekly values.

    ``common``: every variant runs the same replications (common random numbers: differences
    between variants are the inputs'); else each variant runs replications of its own, so
    that all runs together show chance in full (a band)."""
    tasks = [Task(f"v{i:05d}", scenario_json(v), r + (0 if common else i * replications), seed, weeks=True)
             for i, v in enumerate(variants) for r in range(replications)]
    results = run_tasks(tasks, executor, progress, label)
    out: list[dict[str, np.ndarray]] = []
    for i in range(len(variants)):
        runs = [r for r in results if r["key"] == f"v{i:05d}"]
        names = [n for n in runs[0]["weeks"] if n != "time"]
        out.append({n: np.array([[_number(x) for x in r["weeks"][n]] for r in runs], dtype=float) for n in names})
    return out


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)


def run_records(loaded: LoadedScenario, seed: int | None = None, replication: int = 0,
                ) -> tuple[list[dt.date], dict[str, list[float]]]:
    """One run's weekly figures as records: the week's first day and each figure per week."""
    from analysis.experiments.executors import run_task

    seed = loaded.scenario.experiment.seed if seed is None else seed
    result = run_task(Task("", scenario_json(loaded), replication, seed, weeks=True))
    weeks = result["weeks"]
    if not weeks:
        return [], {}
    dates = week_dates(loaded.scenario.calendar.start_date, weeks["time"])
    return dates, {n: [_number(x) for x in v] for n, v in weeks.items() if n != "time"}


def write_run_records(loaded: LoadedScenario, seed: int | None, path: str | Path) -> Path:
    """Write replication 0's weekly figures to ``path`` (``ambacht run --series``)."""
    from analysis.calibration.records import write_records

    dates, figures = run_records(loaded, seed)
    return write_records(path, dates, figures)
