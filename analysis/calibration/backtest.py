"""Back-test: the calibrated model against weeks of the records it has not seen.

The calibrated scenario (its ranges narrowed to the posterior) runs ``samples`` draws of its
ranges times ``replications`` runs over the validation weeks, with seeds of its own (the
records' weeks after ``--from`` played no part in the calibration). Per figure and week the
runs give a 90 % band (5th to 95th percentile) and a median; the figure's *coverage* is the
share of weeks whose recorded value lies in the band, its *MAPE* the mean absolute percentage
error of the median, its *bias* the model's total over the recorded total minus one. A figure
is *reproduced* unless its coverage lies more than two binomial standard errors below the
band's 90 %: by chance alone that happens to about one figure in forty.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.calibration.calibrate import figure_names
from analysis.calibration.records import Records, check_against
from analysis.calibration.simulate import aligned, weekly_runs
from analysis.calibration.table import TableError, TableProblem
from analysis.experiments.executors import Executor
from analysis.experiments.runner import Progress
from analysis.experiments.uncertainty import latin_hypercube, variants
from sim.loader import LoadedScenario
from sim.text import N_

NOMINAL = 0.90
"""The band's nominal coverage: the 5th to the 95th percentile of the runs."""


def flagged(coverage: float, weeks: int) -> bool:
    """Coverage too far below :data:`NOMINAL` for chance: more than two binomial standard errors."""
    return coverage < NOMINAL - 2 * math.sqrt(NOMINAL * (1 - NOMINAL) / max(1, weeks))


@dataclass
class Backtest:
    """Per figure: the recorded values, the model's band and median per week, and the scores."""

    scenario: str
    records: str
    records_digest: str
    calibration_weeks: list[str]
    validation_weeks: list[str]
    samples: int
    replications: int
    seed: int
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)

    def reproduced(self) -> list[str]:
        return [m for m, v in self.metrics.items() if not v["flagged"]]

    def to_dict(self) -> dict[str, Any]:
        keep = ("coverage", "mape", "bias", "weeks", "flagged", "observed", "low", "median", "high")
        return {"metrics": {m: {k: v[k] for k in keep} for m, v in self.metrics.items()},
                "calibration_weeks": self.calibration_weeks, "validation_weeks": self.validation_weeks,
                "nominal": NOMINAL, "samples": self.samples, "replications": self.replications, "seed": self.seed,
                "records": self.records, "records_sha256": self.records_digest,
                "reproduced": self.reproduced()}


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def backtest(loaded: LoadedScenario, records: Records, start: dt.date, samples: int = 10, replications: int = 4,
             seed: int | None = None, executor: Executor | None = None, progress: Progress | None = None,
             label: str = "") -> Backtest:
    """Run ``loaded`` (calibrated) over the records' weeks from ``start`` and score every figure."""
    weeks = records.from_(start)
    if not weeks:
        raise TableError([TableProblem(records.file, 0, "", N_(
            "no week from {start} on to check (the records end {last})"),
            {"start": start.isoformat(), "last": records.dates[-1].isoformat()})])
    check_against(records, figure_names(loaded))
    # Seeds apart from the calibration's (which used the scenario's seed): fresh chance.
    seed = (loaded.scenario.experiment.seed if seed is None else seed) + 1_000_003
    base = aligned(loaded, records.dates[weeks[0]], len(weeks))
    if loaded.inputs:
        values = latin_hypercube(list(loaded.inputs), samples, seed)
        scenarios = variants(base, values)
    else:
        scenarios, samples = [base], 1
    runs = weekly_runs(scenarios, replications, seed, executor, progress, label)
    result = Backtest(loaded.scenario.name, records.file, records.digest,
                      [records.dates[i].isoformat() for i in records.before(start)],
                      [records.dates[i].isoformat() for i in weeks], samples, replications, seed)
    for metric, recorded in records.figures.items():
        observed = np.asarray(recorded, dtype=float)[weeks]
        simulated = np.vstack([r[metric] for r in runs])  # runs x weeks
        with np.errstate(all="ignore"):
            low, median, high = (np.nanpercentile(simulated, q, axis=0) if np.isfinite(simulated).any(axis=0).all()
                                 else np.full(len(weeks), math.nan) for q in (5, 50, 95))
        mask = np.isfinite(observed) & np.isfinite(median)
        n = int(mask.sum())
        if n == 0:
            continue
        inside = (observed[mask] >= low[mask] - 1e-9) & (observed[mask] <= high[mask] + 1e-9)
        coverage = float(inside.mean())
        nonzero = mask & (observed != 0)
        mape = float(np.mean(np.abs(median[nonzero] - observed[nonzero]) / np.abs(observed[nonzero]))) \
            if nonzero.any() else math.nan
        total = float(observed[mask].sum())
        bias = float(median[mask].sum()) / total - 1 if total else math.nan
        result.metrics[metric] = {
            "coverage": coverage, "mape": _finite(mape), "bias": _finite(bias), "weeks": n,
            "flagged": flagged(coverage, n),
            "observed": [_finite(float(v)) for v in observed], "low": [_finite(float(v)) for v in low],
            "median": [_finite(float(v)) for v in median], "high": [_finite(float(v)) for v in high],
        }
    return result
