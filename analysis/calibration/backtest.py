"""Back-test: the calibrated model against weeks of the records it has not seen.

The calibrated scenario (its ranges narrowed to the posterior) runs ``samples`` draws of its
ranges times ``replications`` runs through the validation weeks, every run with random numbers of
its own. The runs start from the centre's state on ``--from`` when the file states one
(``experiment.start: state`` with its ``start_state``: no warm-up, only the checked weeks are
simulated), else from the records' first week after the warm-up (the records' weeks after ``--from`` played no part in the calibration). Per figure and week the
runs give a 90 % prediction band and a median. The band is the k-th smallest to the k-th
largest of the n runs, k = 5 % of n + 1 rounded down (at least 1): a new week from the same
model falls inside it with probability (n + 1 - 2k) / (n + 1), at least 90 %, whatever the
distribution. (The 5th and 95th percentiles of 20 runs would hold only about 81 %.) the figure's *coverage* is the
share of weeks whose recorded value lies in the band, its *MAPE* the mean absolute percentage
error of the median, its *bias* the model's mean total over the recorded total minus one. A figure
is *reproduced* unless its coverage lies more than two binomial standard errors below the
band's own (90 % from 19 runs on): by chance alone that happens to a few figures in a hundred (3.8 % with 8 weeks).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.calibration.calibrate import figure_names
from analysis.calibration.records import Records, check_against
from analysis.calibration.simulate import aligned, from_state, period_bounds, weekly_runs
from analysis.calibration.table import TableError, TableProblem
from analysis.experiments.executors import Executor
from analysis.experiments.runner import Progress
from analysis.experiments.uncertainty import latin_hypercube, variants
from sim.loader import LoadedScenario
from sim.phases import warm_up_days
from sim.text import N_

NOMINAL = 0.90
"""The band's nominal coverage: the 5th to the 95th percentile of the runs."""


def band_rank(n: int) -> int:
    """k of the band over ``n`` runs: 5 % of n + 1, rounded down, at least 1."""
    return max(1, int(math.floor((1 - NOMINAL) / 2 * (n + 1) + 1e-9)))  # 0.05 x 40 is 1.99999...


def band_coverage(n: int) -> float:
    """The probability that the band over ``n`` runs holds a new week: (n + 1 - 2k) / (n + 1).
    At least 90 % from 19 runs on; below that the band is min to max and holds less."""
    return (n + 1 - 2 * band_rank(n)) / (n + 1) if n > 1 else 0.0


def prediction_band(runs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column (week) of ``runs`` (runs x weeks): the low and high ends of the 90 % prediction
    band and the median, over the runs with a value (NaN where none has one)."""
    weeks = runs.shape[1]
    low, median, high = (np.full(weeks, math.nan) for _ in range(3))
    for w in range(weeks):
        values = np.sort(runs[np.isfinite(runs[:, w]), w])
        n = len(values)
        if n == 0:
            continue
        k = band_rank(n)
        low[w], high[w], median[w] = values[k - 1], values[n - k], float(np.median(values))
    return low, median, high


def flagged(coverage: float, weeks: int, nominal: float = NOMINAL) -> bool:
    """Coverage too far below the band's ``nominal`` for chance: more than two binomial standard errors."""
    return coverage < nominal - 2 * math.sqrt(nominal * (1 - nominal) / max(1, weeks))


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
    period: str = "week"
    """What one row of the records covers: ``week`` or ``month``."""
    start: str = "records"
    """How the runs started: ``state`` (from the centre's state the file states, on --from) or
    ``records`` (from the records' first week, after the warm-up)."""
    simulated_from: str = ""
    """The first simulated day (ISO date): --from for a ``state`` start, else the warm-up's first day."""

    def reproduced(self) -> list[str]:
        return [m for m, v in self.metrics.items() if not v["flagged"]]

    def to_dict(self) -> dict[str, Any]:
        keep = ("coverage", "nominal", "mape", "bias", "weeks", "flagged", "observed", "low", "median", "high")
        return {"metrics": {m: {k: v[k] for k in keep} for m, v in self.metrics.items()},
                "calibration_weeks": self.calibration_weeks, "validation_weeks": self.validation_weeks,
                "nominal": NOMINAL, "samples": self.samples, "replications": self.replications, "seed": self.seed,
                "records": self.records, "records_sha256": self.records_digest, "period": self.period,
                "start": self.start, "simulated_from": self.simulated_from, "reproduced": self.reproduced()}


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def backtest(loaded: LoadedScenario, records: Records, start: dt.date, samples: int = 10, replications: int = 4,
             seed: int | None = None, executor: Executor | None = None, progress: Progress | None = None,
             label: str = "") -> Backtest:
    """Run ``loaded`` (calibrated) over the records' weeks from ``start`` and score every figure: from
    the centre's state on ``start`` when the file states one (``experiment.start: state``), else
    from the records' first week."""
    weeks = records.from_(start)
    if not weeks:
        raise TableError([TableProblem(records.file, 0, "", N_(
            "no week from {start} on to check (the records end {last})"),
            {"start": start.isoformat(), "last": records.dates[-1].isoformat()})])
    check_against(records, figure_names(loaded))
    # Seeds apart from the calibration's (which used the scenario's seed): fresh chance.
    seed = (loaded.scenario.experiment.seed if seed is None else seed) + 1_000_003
    end = records.end(weeks[-1])
    if loaded.scenario.experiment.start == "state":
        # The file states the centre as it stood on --from: the runs start there, with that
        # stock, those queues and people, no warm-up, and cover only the checked weeks.
        how, simulated_from, columns = "state", start, list(range(len(weeks)))
        base = from_state(loaded, start, end)
        bounds = period_bounds(loaded, records, weeks[-1], weeks[0], start)
    else:
        # No stated state: the model runs from the records' first week on (after its warm-up), so
        # that the checked weeks start from the state it reached by then (stock, queues, people
        # part-way), not from an empty centre; only the checked weeks are scored.
        how, simulated_from, columns = "records", records.dates[0] - dt.timedelta(days=warm_up_days(loaded.scenario)), weeks
        base = aligned(loaded, records.dates[0], end)
        bounds = period_bounds(loaded, records, weeks[-1])
    if loaded.inputs:
        values = latin_hypercube(list(loaded.inputs), samples, seed)
        scenarios = variants(base, values)
    else:
        scenarios, samples = [base], 1
    # Every run its own random numbers: the band must hold chance in full, not 'replications' histories.
    runs = weekly_runs(scenarios, replications, seed, executor, progress, label, common=False, bounds=bounds)
    result = Backtest(loaded.scenario.name, records.file, records.digest,
                      [records.dates[i].isoformat() for i in records.before(start)],
                      [records.dates[i].isoformat() for i in weeks], samples, replications, seed,
                      period=records.period, start=how, simulated_from=simulated_from.isoformat())
    for metric, recorded in records.figures.items():
        observed = np.asarray(recorded, dtype=float)[weeks]
        simulated = np.vstack([r[metric][:, columns] for r in runs])  # runs x checked weeks
        low, median, high = prediction_band(simulated)
        nominal = band_coverage(int(np.isfinite(simulated).sum(axis=0).min()))
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
        with np.errstate(all="ignore"):
            mean = np.nanmean(simulated, axis=0)  # the mean, not the median: a figure mostly 0 has median 0
        bias = float(mean[mask].sum()) / total - 1 if total else math.nan
        result.metrics[metric] = {
            "coverage": coverage, "nominal": nominal, "mape": _finite(mape), "bias": _finite(bias), "weeks": n,
            "flagged": flagged(coverage, n, nominal),
            "observed": [_finite(float(v)) for v in observed], "low": [_finite(float(v)) for v in low],
            "median": [_finite(float(v)) for v in median], "high": [_finite(float(v)) for v in high],
        }
    return result
