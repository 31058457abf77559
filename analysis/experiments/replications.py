"""``ambacht run`` as a function: replications of one scenario, their statistics and diagnosis.

:func:`run_replications` runs a scenario, summarises every metric with its confidence interval,
diagnoses the triad, checks the warm-up and (with ``out``) writes a results folder. It returns a
:class:`RunResult` of plain data; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.experiments.diagnosis import diagnose_scenario
from analysis.experiments.executors import Executor
from analysis.experiments.runner import (
    Experiment,
    Progress,
    lead_time_table,
    mass_balance_table,
    metrics_table,
    series_table,
    tasks_for,
)
from analysis.experiments.warmup import WarmUpCheck, product_names, warm_up_check
from analysis.reporting.assumptions import school_holiday_caveats
from analysis.reporting.metric_text import owner_names
from analysis.reporting.presentation import Presentation
from analysis.reporting.tables import interval_caveats
from analysis.results.files import FolderWriter
from analysis.results.folder import settings
from analysis.statistics.stats import summarise, summary_json
from sim import text
from sim.loader import LoadedScenario
from sim.registry import time_base_statement


@dataclass
class RunResult:
    """Replications of one scenario: the runs, their summary and diagnosis, where they were written."""

    loaded: LoadedScenario
    seed: int
    replications: int
    runs: list[dict[str, Any]]
    """Every run's plain result (sim.run's ``to_dict()`` plus ``key``), by replication."""
    summary: pd.DataFrame
    """Per metric (index): mean, ci_low, ci_high, half_width, n."""
    diagnosis: dict[str, Any]
    warm_up: WarmUpCheck
    folder: Path | None = None

    def means(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.summary["mean"].items()}

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """What ``ambacht run --format json`` prints: every metric's mean and interval (flagged when
        every run gave the same value), the caveats the numbers rest on, every run."""
        scenario = self.loaded.scenario
        return {
            "scenario": scenario.name, "scenario_hash": self.loaded.content_hash, "seed": self.seed,
            "replications": self.replications, "version": self.runs[0]["version"],
            "objective": scenario.objective,
            "time_base": time_base_statement(self.runs[0]["metrics"]["run.measured_hours"]),
            # Every metric in the order every output shows them (file order of contracts, steps ...).
            "metrics": summary_json(self.summary.loc[Presentation.of(scenario, lang).ordered(self.summary.index)]),
            "caveats": self.warm_up.warnings(lang, product_names(scenario, lang))
            + interval_caveats(self.summary, lang, owner_names(scenario, lang))
            + school_holiday_caveats(scenario, lang),
            "undefined": undefined_reasons(self.runs, self.summary),
            "runs": [{"replication": r["replication"], "metrics": r["metrics"], "undefined": r.get("undefined", {})}
                     for r in self.runs],
            "diagnosis": self.diagnosis,
        }


def undefined_reasons(runs: list[dict[str, Any]], summary: pd.DataFrame) -> dict[str, str]:
    """Why a metric has no mean (null in JSON): the reason its runs give, e.g. 'no_orders_delivered'."""
    reasons: dict[str, str] = {}
    for metric, row in summary.iterrows():
        if finite(row["mean"]) is None:
            given = [r["undefined"][metric] for r in runs if metric in r.get("undefined", {})]
            reasons[str(metric)] = given[0] if given else "no_runs"
    return reasons


def finite(value: float) -> float | None:
    """A number for JSON: None for NaN and infinities."""
    return None if value != value or value in (float("inf"), float("-inf")) else float(value)


def summary_of(runs: list[dict[str, Any]]) -> pd.DataFrame:
    """Per metric mean and interval over the runs of one key."""
    return summarise(metrics_table(runs).drop(columns=["key", "replication"]))


def run_replications(scenario: LoadedScenario | str | Path, replications: int | None = None, seed: int | None = None,
                     executor: Executor | None = None, progress: Progress | None = None, out: Path | None = None,
                     replace: bool = False, lang: str | None = None, excel: bool = False) -> RunResult:
    """Run ``replications`` (default: the scenario's) of a scenario with ``seed`` (default: the scenario's).

    With ``out``, the results folder goes there (or to ``out-2`` ... when taken, unless ``replace``:
    then a folder Ambacht wrote is replaced and any other refused with
    :class:`analysis.results.files.FolderError`, before any run). ``lang`` (default: the scenario's)
    names things in the diagnosis and the folder's settings. Ctrl-C or SIGTERM raise
    :class:`analysis.experiments.runner.Interrupted`; nothing is written then.
    """
    experiment = Experiment.start(scenario, replications, seed, lang, executor, progress)
    experiment.open_folder("run", out, replace)
    loaded, lang, seed, n = experiment.loaded, experiment.lang, experiment.seed, experiment.replications
    exp = loaded.scenario.experiment
    with experiment:
        runs = experiment.run(tasks_for(loaded, n, seed), text.translation(lang).gettext("replications"))
        summary = summary_of(runs)
        result = RunResult(loaded, seed, n, runs, summary, diagnose_scenario(
            {k: float(v) for k, v in summary["mean"].items()}, loaded.scenario, lang), warm_up_check(runs, loaded))
        if experiment.writer is not None:
            write_folder(experiment.writer, loaded, runs, summary, {"": result.diagnosis}, lang, "run", seed, n, excel,
                         horizon_h=exp.horizon, warm_up_h=exp.warm_up, warm_up=result.warm_up.to_dict())
            result.folder = experiment.writer.commit()
    return result


def write_folder(writer: FolderWriter, loaded: LoadedScenario, runs: list[dict[str, Any]], summary: pd.DataFrame,
                 diagnoses: dict[str, Any], lang: str, command: str, seed: int, replications: int, excel: bool = False,
                 **extra: Any) -> None:
    """The files of a run or comparison folder (see :mod:`analysis.results.folder`) into ``writer``."""
    extra.setdefault("time_base", time_base_statement(runs[0]["metrics"]["run.measured_hours"]))
    extra.setdefault("run_time_s", round(sum(float(r.get("wall_seconds") or 0.0) for r in runs), 3))
    writer.table("replications", metrics_table(runs))
    writer.table("summary", summary.reset_index(), parquet=False)
    series_table(runs).to_parquet(writer.path("series.parquet"), index=False)
    writer.table("lead_times", lead_time_table(runs), parquet=False)
    writer.table("mass_balance", mass_balance_table(runs), parquet=False)
    writer.json("diagnosis.json", diagnoses)
    writer.json("settings.json", settings(command, loaded.scenario.name, loaded.content_hash, loaded.source, seed,
                                          replications, lang, excel=excel, **extra))
    writer.copy(Path(loaded.source), "scenario.yaml")
    if excel:
        from analysis.reporting.export import (
            write_exports,  # draws on the charts' context (matplotlib)
        )

        write_exports(writer.tmp, lang)

