"""Replications of one or more scenario variants, fed through an executor.

The experiments (:mod:`analysis.experiments.replications`, :mod:`analysis.experiments.compare`, :mod:`analysis.sweep`,
:mod:`analysis.experiments.target_run`, :mod:`analysis.experiments.warmup`) build tasks here and run them with
:func:`run_tasks`, telling the caller how far they are through a :class:`Progress`.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from analysis.experiments.executors import Executor, InProcess, Task
from analysis.results.files import FolderWriter
from analysis.results.folder import settings
from sim.loader import LoadedScenario, load_scenario


class Progress(Protocol):
    """What an experiment tells its caller while it works (a progress bar, a log, nothing)."""

    def folder(self, path: Path) -> None:
        """The results folder chosen, told before the first run."""

    def start(self, total: int, label: str) -> None:
        """``total`` runs are about to start; ``label`` is user text in the run's language."""

    def advance(self, done: int) -> None:
        """``done`` more runs have finished."""

    def note(self, message: str) -> None:
        """Something the user should know that is not an error (a damaged store repaired)."""


class Silent:
    """A :class:`Progress` that shows nothing."""

    def folder(self, path: Path) -> None:
        pass

    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, done: int) -> None:
        pass

    def note(self, message: str) -> None:
        pass


class Stopped(BaseException):  # noqa: N818 - it is a stop request, like KeyboardInterrupt
    """Raised in the main thread by a signal handler (SIGTERM) to stop the way Ctrl-C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Interrupted(Exception):  # noqa: N818 - named for what happened to the experiment
    """An experiment stopped by Ctrl-C (SIGINT) or SIGTERM.

    ``folder``: where the finished runs are kept (a sweep), or None when nothing was kept;
    ``finished`` of ``total`` runs were done.
    """

    def __init__(self, folder: Path | None, finished: int, total: int, signum: int) -> None:
        super().__init__(f"interrupted after {finished} of {total} runs")
        self.folder = folder
        self.finished = finished
        self.total = total
        self.signum = signum


def signum_of(stop: BaseException) -> int:
    """The signal that stopped an experiment: SIGTERM's (:class:`Stopped`) or SIGINT's number."""
    return stop.signum if isinstance(stop, Stopped) else int(signal.SIGINT)


def loaded_of(scenario: LoadedScenario | str | Path) -> LoadedScenario:
    """A loaded scenario, loading it when given a path (errors: :class:`sim.loader.ScenarioError`)."""
    return scenario if isinstance(scenario, LoadedScenario) else load_scenario(scenario)


@dataclass
class Experiment:
    """The start every experiment shares: the scenario loaded, its language, seed and number of
    replications resolved, the progress to tell, and the results folder being written, if any.

    Use it as a context manager around the runs and the writing: an exception (an interrupt, an
    error) abandons the folder, so nothing partial is left. :meth:`run` runs tasks with progress
    and turns Ctrl-C or SIGTERM into :class:`Interrupted`.
    """

    loaded: LoadedScenario
    lang: str
    seed: int
    replications: int
    progress: Progress
    executor: Executor | None = None
    writer: FolderWriter | None = None
    finished: int = 0
    """Runs finished so far, over every :meth:`run`."""
    planned: int = 0
    """Runs started so far, over every :meth:`run`."""

    @classmethod
    def start(cls, scenario: LoadedScenario | str | Path, replications: int | None = None, seed: int | None = None,
              lang: str | None = None, executor: Executor | None = None,
              progress: Progress | None = None) -> Experiment:
        """Load the scenario; ``replications``, ``seed`` and ``lang`` default to the scenario's."""
        loaded = loaded_of(scenario)
        exp = loaded.scenario.experiment
        return cls(loaded, lang or loaded.scenario.language, exp.seed if seed is None else seed,
                   replications or exp.replications, progress or Silent(), executor)

    def open_folder(self, command: str, out: Path | str | None, replace: bool = False, **extra: Any) -> None:
        """Choose the results folder of ``command`` before any run (nothing when ``out`` is None):
        :class:`analysis.results.files.FolderError` now rather than after the runs."""
        if out is None:
            return
        s = self.loaded.scenario
        self.writer = FolderWriter(Path(out), settings(command, s.name, self.loaded.content_hash, self.loaded.source,
                                                       self.seed, self.replications, self.lang, **extra), replace)
        self.progress.folder(self.writer.target)

    def __enter__(self) -> Experiment:
        return self

    def __exit__(self, kind: Any, *rest: Any) -> None:
        if self.writer is not None:
            self.writer.__exit__(kind, *rest)

    def run(self, tasks: list[Task], label: str,
            on_batch: Callable[[list[dict[str, Any]]], None] | None = None) -> list[dict[str, Any]]:
        """:func:`run_tasks` with this experiment's executor and progress; Ctrl-C or SIGTERM raise
        :class:`Interrupted` (no folder kept) counting the runs of every call so far."""
        self.planned += len(tasks)

        def keep(batch: list[dict[str, Any]]) -> None:
            self.finished += len(batch)
            if on_batch is not None:
                on_batch(batch)

        try:
            return run_tasks(tasks, self.executor, self.progress, label, keep)
        except (KeyboardInterrupt, Stopped) as stop:
            raise Interrupted(None, self.finished, self.planned, signum_of(stop)) from None


def scenario_json(loaded: LoadedScenario) -> str:
    """The scenario's plain data as JSON: what a task ships to a worker.

    Keys keep the file's order: the order of pools and grades is part of the model (who checks
    in first, which grade a random number picks), so sorting them would change the results.
    """
    return json.dumps(loaded.scenario.model_dump(mode="json", by_alias=True), default=str)


def tasks_for(loaded: LoadedScenario, replications: int, seed: int | None = None, key: str = "",
              series: bool = True, first: int = 0) -> list[Task]:
    """Tasks for replications ``first .. first + replications - 1`` of one scenario (variant).

    Every variant uses the same seed, so replication r of each variant shares its random
    numbers per source: common random numbers.
    """
    data = scenario_json(loaded)
    seed = loaded.scenario.experiment.seed if seed is None else seed
    return [Task(key, data, r, seed, series) for r in range(first, first + replications)]


def execute(executor: Executor | None, tasks: list[Task],
            on_batch: Callable[[list[dict[str, Any]]], None] | None = None) -> list[dict[str, Any]]:
    """Run tasks; results come back sorted by (key, replication) whatever the executor."""
    executor = executor or InProcess()
    results: list[dict[str, Any]] = []
    for batch in executor.run(tasks):
        results.extend(batch)
        if on_batch is not None:
            on_batch(batch)
    return sorted(results, key=lambda r: (r["key"], r["replication"]))


def run_tasks(tasks: list[Task], executor: Executor | None = None, progress: Progress | None = None,
              label: str = "", on_batch: Callable[[list[dict[str, Any]]], None] | None = None) -> list[dict[str, Any]]:
    """:func:`execute` with progress: ``on_batch`` sees every finished batch before the next."""
    shown = progress or Silent()
    shown.start(len(tasks), label)

    def finished(batch: list[dict[str, Any]]) -> None:
        if on_batch is not None:
            on_batch(batch)
        shown.advance(len(batch))

    return execute(executor, tasks, finished)


def metrics_table(results: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per run: key, replication, then every metric."""
    rows = [{"key": r["key"], "replication": r["replication"], **r["metrics"]} for r in results]
    table = pd.DataFrame(rows)
    return table.astype({c: float for c in table.columns if c not in ("key", "replication")})


def series_table(results: list[dict[str, Any]]) -> pd.DataFrame:
    """Sampled series in long form: key, replication, time (h), series, value."""
    frames = []
    for r in results:
        series = r.get("series") or {}
        if not series:
            continue
        times = series["time"]
        for name, values in series.items():
            if name == "time":
                continue
            frames.append(pd.DataFrame({"key": r["key"], "replication": r["replication"], "time": times,
                                        "series": name, "value": values}))
    if not frames:
        return pd.DataFrame(columns=["key", "replication", "time", "series", "value"])
    return pd.concat(frames, ignore_index=True)


def lead_time_table(results: list[dict[str, Any]]) -> pd.DataFrame:
    rows = [
        {"key": r["key"], "replication": r["replication"], "contract": c, "lead_time_h": lead}
        for r in results for c, leads in (r.get("lead_times") or {}).items() for lead in leads
    ]
    return pd.DataFrame(rows, columns=["key", "replication", "contract", "lead_time_h"])


def mass_balance_table(results: list[dict[str, Any]]) -> pd.DataFrame:
    rows = [{"key": r["key"], "replication": r["replication"], **r["mass_balance"]} for r in results]
    return pd.DataFrame(rows)
