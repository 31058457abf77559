"""``ambacht target`` as a function: the cheapest option that meets a requirement, with confidence.

:func:`find_target` runs the options (variants by parameter path) through the search of
:mod:`analysis.experiments.target` (replications go where the answer is in doubt), and with ``out`` writes
the frontier and every run into a results folder. It returns a :class:`TargetRun`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.experiments.executors import Executor
from analysis.experiments.runner import (
    Experiment,
    Progress,
    metrics_table,
    tasks_for,
)
from analysis.experiments.sweeps import Requirement, SweepError, grid, parse_requirement
from analysis.experiments.target import Candidate, TargetResult, search
from analysis.results.folder import settings
from sim import text
from sim.loader import LoadedScenario
from sim.text import N_


@dataclass
class TargetRun:
    """The search's outcome: the chosen option (``result.best``, None when none is sure to meet
    the requirement), every option's frontier row, and where it was written."""

    result: TargetResult
    frontier: pd.DataFrame
    """One row per option, cheapest first: the varied values, cost, metric mean and bounds,
    replications, verdict (feasible, infeasible, unsure), chosen, on_frontier."""
    vary: dict[str, list[Any]]
    runs: list[dict[str, Any]]
    folder: Path | None = None

    @property
    def unsure_cheaper(self) -> list[dict[str, Any]]:
        """Options cheaper than the chosen one that stayed unsure at the most replications."""
        best = self.result.best
        if best is None:
            return []
        cost = best.mean(self.result.minimise)
        return [r for r in self.frontier.to_dict("records") if r["verdict"] == "unsure" and r["cost"] < cost]


def find_target(scenario: LoadedScenario | str | Path, vary: dict[str, list[Any]], requirement: Requirement | str,
                minimise: str = "economics.costs", initial: int = 10, max_replications: int = 80,
                confidence: float = 0.95, executor: Executor | None = None, progress: Progress | None = None,
                out: Path | None = None, replace: bool = False, lang: str | None = None) -> TargetRun:
    """Search the options of ``vary`` (path -> values) for the cheapest (mean of ``minimise``) that
    meets ``requirement`` ('METRIC >= VALUE') with ``confidence``: ``initial`` replications each,
    doubled for doubtful options up to ``max_replications``.

    A metric the scenario does not have raises :class:`analysis.experiments.sweeps.SweepError` after the
    first runs; ``out``, ``replace`` and interrupts as for
    :func:`analysis.experiments.replications.run_replications`.
    """
    experiment = Experiment.start(scenario, initial, None, lang, executor, progress)
    loaded, lang, seed = experiment.loaded, experiment.lang, experiment.seed
    if isinstance(requirement, str):
        requirement = parse_requirement(requirement)
    candidates = [Candidate(v) for v in grid(loaded, vary)]
    experiment.open_folder("target", out, replace)
    writer = experiment.writer
    all_runs: list[dict[str, Any]] = []

    def run_more(group: list[Candidate], n: int) -> None:
        tasks = [t for c in group for t in tasks_for(c.variant.loaded, n, seed, c.variant.key, False, first=len(c.runs))]
        results = experiment.run(tasks, text.translation(lang).gettext("runs"), all_runs.extend)
        by_key = {c.variant.key: c for c in group}
        for r in results:
            by_key[r["key"]].runs.append(r["metrics"])

    with experiment:
        try:
            result = search(candidates, requirement, minimise, run_more, initial, max_replications, confidence)
        except KeyError as error:
            raise SweepError(N_("'{metric}' is not a metric of this scenario (see 'ambacht run FILE --format json')"),
                             metric=error.args[0]) from None
        found = TargetRun(result, pd.DataFrame(result.frontier()), vary, all_runs)
        if writer is not None:
            writer.table("frontier", found.frontier, parquet=False)
            writer.table("replications", metrics_table(sorted(all_runs, key=lambda r: (r["key"], r["replication"]))))
            writer.json("settings.json", settings(
                "target", loaded.scenario.name, loaded.content_hash, loaded.source, seed, initial, lang,
                requirement=str(requirement), minimise=minimise, confidence=confidence, vary=vary,
                chosen=result.best.variant.overrides if result.best else None))
            writer.copy(Path(loaded.source), "scenario.yaml")
            found.folder = writer.commit()
    return found
