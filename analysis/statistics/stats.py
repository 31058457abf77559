"""Statistics over replications: summaries with bounded confidence intervals, paired differences,
warm-up detection."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.statistics.intervals import bounded_difference, interval

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Estimate:
    """Mean of a metric over replications with its confidence interval."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


def estimate(values: np.ndarray | list[float], confidence: float = CONFIDENCE) -> Estimate:
    """Mean and Student-t interval; replications where the metric is undefined are left out."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n == 1:
        return Estimate(mean, math.nan, math.nan, 1)
    sd = float(x.std(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)


def summarise(table: pd.DataFrame, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Per metric (column) of a replications x metrics table: mean, CI low/high, half-width, n,
    the interval's method and whether every replication gave the same value (``all_equal``).

    Intervals respect what the metric can be (see analysis.statistics.intervals): shares stay in 0-1 and
    on-time shares pool the orders of all runs; amounts never get a negative bound.
    """
    runs = {str(metric): table[metric].to_numpy(dtype=float) for metric in table.columns}
    rows = []
    for metric in runs:
        e = interval(metric, runs, confidence)
        rows.append({"metric": metric, "mean": e.mean, "ci_low": e.low, "ci_high": e.high,
                     "half_width": e.half_width, "n": e.n, "all_equal": e.all_equal, "method": e.method})
    return pd.DataFrame(rows).set_index("metric")


def summary_json(summary: pd.DataFrame) -> dict[str, dict[str, object]]:
    """The summary per metric as JSON-ready records (NaN becomes null)."""

    def finite(value: float) -> float | None:
        return float(value) if math.isfinite(value) else None

    return {str(metric): {"mean": finite(row["mean"]), "ci_low": finite(row["ci_low"]),
                          "ci_high": finite(row["ci_high"]), "n": int(row["n"]),
                          "all_runs_equal": bool(row.get("all_equal", False)),
                          "interval_method": str(row.get("method", "student-t"))}
            for metric, row in summary.iterrows()}


def paired_difference(a: pd.DataFrame, b: pd.DataFrame, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """B minus A per metric over paired replications (common random numbers), with CI and
    whether the difference is real (the interval excludes zero)."""
    common = [c for c in a.columns if c in b.columns]
    n = min(len(a), len(b))
    rows = []
    for metric in common:
        x = a[metric].to_numpy(dtype=float)[:n]
        y = b[metric].to_numpy(dtype=float)[:n]
        ok = np.isfinite(x) & np.isfinite(y)
        diff = estimate(y[ok] - x[ok], confidence)
        # A difference of shares stays within what the shares allow: A + (B - A) in 0-100 %.
        low, high = bounded_difference(metric, float(np.mean(x[ok])) if ok.any() else math.nan, diff.low, diff.high)
        diff = Estimate(diff.mean, low, high, diff.n)
        var_diff = float(np.var(y[ok] - x[ok], ddof=1)) if ok.sum() > 1 else math.nan
        var_independent = float(np.var(x[ok], ddof=1) + np.var(y[ok], ddof=1)) if ok.sum() > 1 else math.nan
        rows.append({
            "metric": metric, "a": float(np.mean(x[ok])) if ok.any() else math.nan,
            "b": float(np.mean(y[ok])) if ok.any() else math.nan,
            "difference": diff.mean, "ci_low": diff.low, "ci_high": diff.high,
            "significant": bool(diff.n > 1 and (diff.low > 0 or diff.high < 0)),
            "variance_reduction": (1 - var_diff / var_independent) if var_independent and var_independent > 0 else math.nan,
        })
    return pd.DataFrame(rows).set_index("metric")


def mser5(series: np.ndarray) -> int:
    """MSER-5 truncation point: the number of initial observations to delete.

    Batches the series in means of 5, then picks the truncation d that minimises the
    marginal standard error of the rest; returns it in observations of the original series.
    """
    x = np.asarray(series, dtype=float)
    n_batches = len(x) // 5
    if n_batches < 4:
        return 0
    batches = x[: n_batches * 5].reshape(n_batches, 5).mean(axis=1)
    best_d, best = 0, math.inf
    for d in range(n_batches // 2):  # a truncation past half the run is not trusted
        rest = batches[d:]
        value = rest.var() / len(rest)
        if value < best:
            best_d, best = d, value
    return best_d * 5
