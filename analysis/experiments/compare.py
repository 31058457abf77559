"""``ambacht compare`` as a function: scenarios side by side with common random numbers.

Replication r of every scenario uses the same seed, so each source of randomness draws the same
numbers in all of them and the paired differences B - A are far less noisy than the
difference of two independent means (:func:`analysis.statistics.stats.paired_difference`).
:func:`compare_scenarios` takes scenario files (or loaded scenarios), :func:`compare_variants`
variants of one file by parameter path; both return a :class:`Comparison` of plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.experiments.diagnosis import diagnose_scenario
from analysis.experiments.executors import Executor
from analysis.experiments.replications import finite, undefined_reasons, write_folder
from analysis.experiments.runner import (
    Experiment,
    Progress,
    loaded_of,
    metrics_table,
    tasks_for,
)
from analysis.experiments.sweeps import grid
from analysis.statistics.stats import paired_difference, summarise
from sim import text
from sim.loader import LoadedScenario
from sim.registry import time_base_statement


@dataclass
class Comparison:
    """Scenarios run with common random numbers; every one after the first is compared with it."""

    keys: list[str]
    """One key per scenario, ``'<i>:<name>'``; the first is A, the base of every difference."""
    names: list[str]
    """What the user calls each scenario: its file, or the file and the varied values."""
    loaded: list[LoadedScenario]
    seed: int
    replications: int
    runs: list[dict[str, Any]]
    summaries: dict[str, pd.DataFrame]
    """Per key: per metric (index) mean, ci_low, ci_high, half_width, n."""
    diagnoses: dict[str, dict[str, Any]]
    differences: dict[str, pd.DataFrame] = field(default_factory=dict)
    """Per key but the first: per metric (index) a, b, difference (B - A), ci_low, ci_high,
    significant (the interval excludes 0), variance_reduction (by pairing)."""
    folder: Path | None = None

    @property
    def base(self) -> str:
        return self.keys[0]

    def to_json(self) -> dict[str, Any]:
        """What ``ambacht compare --format json`` prints: per pair and metric the paired difference."""
        return {
            "seed": self.seed, "replications": self.replications, "objective": self.loaded[0].scenario.objective,
            "version": self.runs[0]["version"] if self.runs else None,
            "time_base": time_base_statement(self.runs[0]["metrics"]["run.measured_hours"]) if self.runs else None,
            "scenarios": [{"key": k, "name": n, "scenario": ls.scenario.name, "scenario_hash": ls.content_hash}
                          for k, n, ls in zip(self.keys, self.names, self.loaded, strict=True)],
            "comparisons": [
                {"a": self.base, "b": key, "metrics": {
                    metric: {"a": finite(row["a"]), "b": finite(row["b"]), "mean": finite(row["difference"]),
                             "ci_low": finite(row["ci_low"]), "ci_high": finite(row["ci_high"]),
                             "significant": bool(row["significant"])}
                    for metric, row in diff.iterrows()},
                 "undefined": self.undefined(key)}
                for key, diff in self.differences.items()
            ],
            "diagnosis": self.diagnoses,
        }


    def undefined(self, key: str) -> dict[str, str]:
        """Why a paired difference is null in JSON: the reason the runs of A or B give (e.g.
        'no_orders_due'), or 'no_pairs' when no replication has the metric on both sides."""
        reasons: dict[str, str] = {}
        for side in (key, self.base):
            runs = [r for r in self.runs if r.get("key") == side]
            reasons.update(undefined_reasons(runs, self.summaries[side]))
        return {str(metric): reasons.get(str(metric), "no_pairs")
                for metric, row in self.differences[key].iterrows() if finite(row["difference"]) is None}


def compare_scenarios(scenarios: Sequence[LoadedScenario | str | Path], replications: int | None = None,
                      seed: int | None = None, executor: Executor | None = None, progress: Progress | None = None,
                      out: Path | None = None, replace: bool = False, lang: str | None = None, excel: bool = False,
                      names: Sequence[str] | None = None, keys: Sequence[str] | None = None) -> Comparison:
    """Run every scenario ``replications`` times (default: the first's, at least 2) with one ``seed``
    (default: the first's) and compare each with the first.

    ``names``: how the user calls the scenarios (default: their files); ``keys`` (default
    ``'<i>:<file stem>'``). ``out``, ``replace``, ``lang`` and interrupts as for
    :func:`analysis.experiments.replications.run_replications`.
    """
    loaded = [loaded_of(s) for s in scenarios]
    if len(loaded) < 2:
        raise ValueError("a comparison needs at least two scenarios")
    names = list(names) if names is not None else [str(s) if not isinstance(s, LoadedScenario) else s.source
                                                  for s in scenarios]
    keys = list(keys) if keys is not None else [f"{i}:{Path(ls.source).stem}" for i, ls in enumerate(loaded)]
    experiment = Experiment.start(loaded[0], replications or max(2, loaded[0].scenario.experiment.replications),
                                  seed, lang, executor, progress)
    experiment.open_folder("compare", out, replace)
    lang, seed, n = experiment.lang, experiment.seed, experiment.replications
    scenarios_meta = [{"key": k, "file": f, "hash": ls.content_hash} for k, f, ls in zip(keys, names, loaded, strict=True)]
    with experiment:
        tasks = [t for key, ls in zip(keys, loaded, strict=True) for t in tasks_for(ls, n, seed, key)]
        runs = experiment.run(tasks, text.translation(lang).gettext("runs"))
        result = comparison_of(runs, keys, names, loaded, seed, n, lang)
        writer = experiment.writer
        if writer is not None:
            summary_all = pd.concat([s.assign(key=k).reset_index() for k, s in result.summaries.items()],
                                    ignore_index=True).set_index("metric")
            write_folder(writer, loaded[0], runs, summary_all, result.diagnoses, lang, "compare", seed, n, excel,
                         scenarios=scenarios_meta)
            result.folder = writer.commit()
    return result


def comparison_of(runs: list[dict[str, Any]], keys: list[str], names: list[str], loaded: list[LoadedScenario],
                  seed: int, replications: int, lang: str) -> Comparison:
    """Summaries, diagnoses and paired differences of runs already made (keyed as ``keys``)."""
    table = metrics_table(runs)
    parts = {key: table[table["key"] == key].drop(columns=["key", "replication"]).reset_index(drop=True) for key in keys}
    summaries, diagnoses, differences = {}, {}, {}
    for key, ls in zip(keys, loaded, strict=True):
        summary = summarise(parts[key])
        summaries[key] = summary
        diagnoses[key] = diagnose_scenario({k: float(v) for k, v in summary["mean"].items()}, ls.scenario, lang)
        if key != keys[0]:
            differences[key] = paired_difference(parts[keys[0]], parts[key])
    return Comparison(keys, names, loaded, seed, replications, runs, summaries, diagnoses, differences)


def compare_variants(scenario: LoadedScenario | str | Path, vary: dict[str, list[Any]], **options: Any) -> Comparison:
    """Compare variants of one scenario: every combination of ``vary`` (path -> values); the
    first combination is A. Other options as for :func:`compare_scenarios`."""
    loaded = loaded_of(scenario)
    variants = grid(loaded, vary)
    if len(variants) < 2:
        raise ValueError("a comparison needs at least two variants")
    described = [", ".join(f"{k}={x}" for k, x in v.overrides.items()) for v in variants]
    return compare_scenarios([v.loaded for v in variants], names=[f"{loaded.source} [{d}]" for d in described],
                             keys=[f"{i}:{d}" for i, d in enumerate(described)], **options)
