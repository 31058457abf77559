"""Uncertain inputs: how sure is the answer, and which input does it hinge on.

Every number written as a range (:mod:`sim.uncertain`) is drawn once per *sample* from a Latin
hypercube (``scipy.stats.qmc``), so each input's range is covered evenly whatever the number of
samples. Each sample runs its replications with common random numbers (the same seeds in every
sample), so differences between samples come from the inputs, not from chance. The output gives
each metric's spread over the inputs (p5, p50, p95 of the sample means) apart from the spread by
chance (the standard deviation of one run around its sample's mean), and a global sensitivity
ranking: RBD-FAST first-order indices (SALib), the share of the metric's variance over the
samples that each input explains on its own, with Spearman's rank correlation beside it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import qmc

from analysis.experiments.executors import Executor
from analysis.experiments.runner import Progress, metrics_table, run_tasks, tasks_for
from analysis.experiments.sweeps import Requirement, Store
from sim.loader import LoadedScenario, with_overrides
from sim.uncertain import UncertainInput

KEY_METRICS = ("economics.net_result", "impact.kg_reused", "impact.participant_hours")
"""Always analysed besides the objective (issue: net result, kg reused, participant hours)."""


class NoUncertainInputs(ValueError):
    """The scenario has no number written as a range that changes the simulation."""


BOOKED_ONLY = "business_case."
"""Ranges under this key are money the business case books after the runs: drawing them changes
no run, so sampling them here would report a spread of zero (``ambacht businesscase`` samples them)."""


def simulated_inputs(loaded: LoadedScenario) -> list[UncertainInput]:
    """The ranges that change the simulation: every range but the business case's."""
    return [u for u in loaded.inputs if not u.path.startswith(BOOKED_ONLY)]


def booked_only(loaded: LoadedScenario) -> list[str]:
    """The paths of the ranges only ``ambacht businesscase`` books (left out of a study's design)."""
    return [u.path for u in loaded.inputs if u.path.startswith(BOOKED_ONLY)]


@dataclass
class UncertaintyResult:
    """Plain results: what the table, the tornado chart, the text and the JSON show."""

    scenario: str
    samples: int
    replications: int
    seed: int
    objective: str
    inputs: list[dict[str, Any]]
    design: list[list[float]]  # the drawn value of every input, per sample
    outputs: dict[str, dict[str, float]]  # metric -> p5, p50, p95, mean, input_sd, chance_sd
    sensitivity: dict[str, list[dict[str, Any]]]  # metric -> inputs, most influential first
    requirement: str | None
    holds_share: float | None
    sample_means: dict[str, list[float]] = field(default_factory=dict)  # metric -> mean per sample
    caveats: list[str] = field(default_factory=list)
    objective_source: str = "default"
    """Where the objective came from: 'option' (--objective), 'file' (its ``objective``), 'default'."""
    booked_only_by_businesscase: list[str] = field(default_factory=list)
    """Ranges of the business case left out of the design: they change no run."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "samples": self.samples, "replications": self.replications,
            "seed": self.seed, "objective": self.objective, "objective_source": self.objective_source,
            "inputs": self.inputs, "outputs": self.outputs, "sensitivity": self.sensitivity,
            "requirement": self.requirement, "holds_share": self.holds_share,
            "design": self.design, "sample_means": self.sample_means, "caveats": self.caveats,
            "booked_only_by_businesscase": self.booked_only_by_businesscase,
        }


def default_objective(loaded: LoadedScenario) -> str:
    """The file's ``objective``; without one the first contract's on-time share when there is a
    contract, else the net result."""
    if loaded.scenario.objective:
        return loaded.scenario.objective
    contracts = list(loaded.scenario.market.contracts)
    return f"contracts.{contracts[0]}.on_time_share" if contracts else "economics.net_result"


def objective_source(loaded: LoadedScenario, requested: str | None) -> str:
    """Where the objective came from: 'option' (--objective), 'file' (its ``objective``) or 'default'."""
    return "option" if requested else "file" if loaded.scenario.objective else "default"


def default_requirement(loaded: LoadedScenario, objective: str | None = None) -> Requirement | None:
    """The file's own promise: the target share on time of the contract the objective is about
    (``contracts.<id>.on_time_share``), else of the first contract, if it has a contract."""
    contracts = loaded.scenario.market.contracts
    if not contracts:
        return None
    parts = (objective or "").split(".")
    if len(parts) == 3 and parts[0] == "contracts" and parts[1] in contracts and parts[2] == "on_time_share":
        cid = parts[1]
    else:
        cid = next(iter(contracts))
    return Requirement(f"contracts.{cid}.on_time_share", True, contracts[cid].target_on_time_share)


def latin_hypercube(inputs: tuple[UncertainInput, ...] | list[UncertainInput], samples: int, seed: int) -> np.ndarray:
    """``samples`` x inputs drawn values: one stratum of each input's range per sample."""
    sampler = qmc.LatinHypercube(d=len(inputs), seed=np.random.default_rng(seed))
    u = sampler.random(samples)
    values = np.empty_like(u)
    for j, uncertain in enumerate(inputs):
        column = [uncertain.ppf(float(x)) for x in u[:, j]]
        values[:, j] = [round(v) if uncertain.integer else v for v in column]
    return values


def sample_key(i: int) -> str:
    return f"s{i:05d}"


def _m_for(n: int) -> int:
    """RBD-FAST's number of harmonics: its bias correction needs n > 2M (SALib's default is 10)."""
    return max(1, min(10, n // 8))


def sensitivity(names: list[str], bounds: list[list[float]], x: np.ndarray, y: np.ndarray,
                seed: int) -> list[dict[str, Any]]:
    """First-order RBD-FAST indices and Spearman correlations, most influential first."""
    from SALib.analyze import rbd_fast

    ok = np.isfinite(y)
    x, y = x[ok], y[ok]
    out: list[dict[str, Any]] = []
    if len(y) < 4 or float(np.var(y)) == 0.0:
        indices = [0.0] * len(names)
        spreads = [0.0] * len(names)
    else:
        problem = {"num_vars": len(names), "names": names, "bounds": bounds}
        with warnings.catch_warnings():
            # An input whose resampled outputs are all equal gives 0/0 in a bootstrap: no index.
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                found = rbd_fast.analyze(problem, x, y, M=_m_for(len(y)), num_resamples=50, seed=seed)
            except ZeroDivisionError:  # too few samples for its bootstrap's bias correction (4 samples)
                found = {"S1": [math.nan] * len(names), "S1_conf": [math.nan] * len(names)}
        indices = [float(v) if math.isfinite(v) else 0.0 for v in found["S1"]]
        spreads = [float(v) if math.isfinite(v) else 0.0 for v in found["S1_conf"]]
    for j, name in enumerate(names):
        column = x[:, j] if len(y) else np.array([])
        rho = float(stats.spearmanr(column, y).statistic) if len(y) > 2 and np.var(column) > 0 and np.var(y) > 0 else 0.0
        low, high = _quartile_means(column, y)
        out.append({"path": name, "index": max(0.0, indices[j]), "index_conf": spreads[j],
                    "spearman": rho if math.isfinite(rho) else 0.0,
                    "mean_when_low": low, "mean_when_high": high})
    out.sort(key=lambda row: (-float(row["index"]), -abs(float(row["spearman"]))))
    return out


def _quartile_means(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Mean output over the samples with the input in its lowest and in its highest quarter."""
    if len(y) < 4:
        return math.nan, math.nan
    low_cut, high_cut = np.quantile(x, [0.25, 0.75])
    low, high = y[x <= low_cut], y[x >= high_cut]
    return (float(low.mean()) if len(low) else math.nan, float(high.mean()) if len(high) else math.nan)


def variants(loaded: LoadedScenario, values: np.ndarray,
             inputs: list[UncertainInput] | None = None) -> list[LoadedScenario]:
    """The scenario with each sample's drawn values of ``inputs`` (default: all its ranges)."""
    inputs = list(loaded.inputs) if inputs is None else inputs
    return [
        with_overrides(loaded, {u.path: u.text(float(v)) for u, v in zip(inputs, row, strict=True)},
                       origin="uncertainty")
        for row in values
    ]


def run_uncertainty(loaded: LoadedScenario, samples: int, replications: int, seed: int | None = None,
                    executor: Executor | None = None, objective: str | None = None,
                    requirement: Requirement | None = None, store: Store | None = None,
                    progress: Progress | None = None, label: str = "",
                    on_batch: Callable[[list[dict[str, Any]]], None] | None = None) -> UncertaintyResult:
    """Draw the inputs, run every sample's replications (skipping what ``store`` holds), and
    summarise spreads and sensitivities. The business case's ranges are left out of the design
    (:func:`booked_only`): they change no run."""
    inputs = simulated_inputs(loaded)
    if not inputs:
        raise NoUncertainInputs(loaded.source)
    seed = loaded.scenario.experiment.seed if seed is None else seed
    values = latin_hypercube(inputs, samples, seed)
    done = store.done() if store is not None else set()
    tasks = []
    for i, variant in enumerate(variants(loaded, values, inputs)):
        tasks += [t for t in tasks_for(variant, replications, seed, key=sample_key(i), series=False)
                  if (t.key, t.replication) not in done]

    def keep(batch: list[dict[str, Any]]) -> None:
        if store is not None:
            store.add(batch)
        if on_batch is not None:
            on_batch(batch)

    results = run_tasks(tasks, executor, progress, label, keep)
    if store is not None:
        results = store.results()
    table = metrics_table(results)
    source = objective_source(loaded, objective)
    objective = objective or default_objective(loaded)
    requirement = requirement if requirement is not None else default_requirement(loaded, objective)
    result = summarise(loaded, values, table, samples, replications, seed, objective, requirement)
    result.objective_source = source
    return result


def summarise(loaded: LoadedScenario, values: np.ndarray, table: pd.DataFrame, samples: int, replications: int,
              seed: int, objective: str, requirement: Requirement | None) -> UncertaintyResult:
    inputs = simulated_inputs(loaded)
    table = table[table["key"].isin([sample_key(i) for i in range(samples)])]
    metrics = [c for c in table.columns if c not in ("key", "replication")]
    grouped = table.groupby("key")[metrics]
    means = grouped.mean().reindex([sample_key(i) for i in range(samples)])
    variances = grouped.var(ddof=1).reindex(means.index)
    outputs: dict[str, dict[str, float]] = {}
    for metric in metrics:
        y = means[metric].to_numpy(dtype=float)
        y = y[np.isfinite(y)]
        if len(y) == 0:
            continue
        chance = float(np.nanmean(variances[metric].to_numpy(dtype=float))) if replications > 1 else math.nan
        between = float(np.var(y, ddof=1)) if len(y) > 1 else 0.0
        input_var = between - (chance / replications if math.isfinite(chance) else 0.0)
        p5, p50, p95 = (float(v) for v in np.percentile(y, [5, 50, 95]))
        outputs[metric] = {"p5": p5, "p50": p50, "p95": p95, "mean": float(y.mean()),
                           "input_sd": math.sqrt(max(0.0, input_var)),
                           "chance_sd": math.sqrt(chance) if math.isfinite(chance) else math.nan}
    names = [u.path for u in inputs]
    bounds = [[u.low, u.high] for u in inputs]
    wanted = [objective, *KEY_METRICS, *([requirement.metric] if requirement is not None else [])]
    analysed = [m for m in dict.fromkeys(wanted) if m in means.columns]
    sens = {m: sensitivity(names, bounds, values, means[m].to_numpy(dtype=float), seed) for m in analysed}
    holds = None
    if requirement is not None and requirement.metric in means.columns:
        column = means[requirement.metric].to_numpy(dtype=float)
        kept = [float(v) for v in column if math.isfinite(v)]
        holds = float(np.mean([(v >= requirement.threshold) if requirement.at_least else (v <= requirement.threshold)
                               for v in kept])) if kept else None
    caveats = []
    if samples < 20:
        caveats.append("few_samples")
    if replications < 3:
        caveats.append("few_replications")
    return UncertaintyResult(
        scenario=loaded.scenario.name, samples=samples, replications=replications, seed=seed,
        objective=objective,
        inputs=[{"path": u.path, "low": u.low, "likely": u.likely, "high": u.high, "unit": u.unit,
                 "shape": u.shape} for u in inputs],
        design=[[float(v) for v in row] for row in values], outputs=outputs, sensitivity=sens,
        requirement=str(requirement) if requirement else None,
        holds_share=holds,
        sample_means={m: [float(v) for v in means[m].to_numpy(dtype=float)] for m in analysed},
        caveats=caveats, booked_only_by_businesscase=booked_only(loaded),
    )
