"""Confidence intervals over replications that respect what a metric can be.

Shares lie in [0, 1], amounts (hours, kg, counts) are never negative, money can be anything.
The method follows the metric:

* **on-time shares** pool the orders of all replications (``on_time_orders`` over
  ``orders_settled``). Orders of one run are not independent (a backlog makes the next order late
  as well), so the interval is the wider of a Clopper-Pearson interval on the pooled orders (the
  least a binomial count allows) and a cluster-robust interval on the logit scale, whose spread
  comes from the differences between runs (Student t with runs - 1 degrees of freedom);
* **other shares** (utilisation, fill rate, reuse share): a Student-t interval on the logit
  scale around the mean of the runs (delta method), so the bounds stay inside (0, 1);
* **non-negative amounts**: Student t, the lower bound cut at 0 (this never lowers coverage: the
  true mean is not below 0);
* **money**: Student t.

When every replication gave the same value the interval has zero width, which claims more than
the runs can tell. That case is flagged (``all_equal``). For an on-time share the interval is then
Clopper-Pearson on the orders of all runs pooled (ten runs of 12 orders all on time: 97 %-100 %);
for another share (no orders to count) each run counts as one observation and the interval is
Clopper-Pearson on the runs (ten runs at 100 %: 69 %-100 %). Amounts and money have no such
bound: their interval stays zero-width and flagged.

A **difference** of two means of a share (a lever against the base, scenario B against A) is a
difference in percentage points: its interval is kept within what the two shares allow
(:func:`difference_bounds`): never beyond ±100 pp, and base plus difference within 0-100 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

CONFIDENCE = 0.95

SHARE, AMOUNT, MONEY = "share", "amount", "money"
SHARE_SUFFIXES = ("share", "fill_rate", "utilisation")


def kind(metric: str) -> str:
    """What values ``metric`` can take: a share (0-1), an amount (>= 0) or money (any sign)."""
    last = metric.rsplit(".", 1)[-1]
    if last.endswith(SHARE_SUFFIXES):
        return SHARE
    if metric.startswith(("economics.", "ledger.")):  # ledger: a stakeholder's net, gain or loss
        return MONEY
    return AMOUNT


def bounds(metric: str) -> tuple[float, float]:
    """The lowest and highest value ``metric`` can take."""
    return {SHARE: (0.0, 1.0), AMOUNT: (0.0, math.inf), MONEY: (-math.inf, math.inf)}[kind(metric)]


def difference_bounds(metric: str, base: float) -> tuple[float, float]:
    """The lowest and highest a difference (other minus base) of ``metric`` can be, given the
    base's mean: for a share -base to 1 - base (so base + difference stays in 0-1, the
    difference within ±1); otherwise unbounded."""
    if kind(metric) != SHARE:
        return -math.inf, math.inf
    if not math.isfinite(base):
        return -1.0, 1.0
    base = min(max(base, 0.0), 1.0)
    return -base, 1.0 - base


def bounded_difference(metric: str, base: float, low: float, high: float) -> tuple[float, float]:
    """A difference's interval cut to :func:`difference_bounds` (NaN stays NaN)."""
    lowest, highest = difference_bounds(metric, base)
    return (max(low, lowest) if math.isfinite(low) else low, min(high, highest) if math.isfinite(high) else high)


def counts(metric: str) -> tuple[str, str] | None:
    """The (successes, trials) metrics a share is the ratio of, when runs report them."""
    if metric.startswith(("contracts.", "package_items.")) and metric.endswith(".on_time_share"):
        stem = metric[: -len("on_time_share")]
        return stem + "on_time_orders", stem + "orders_settled"
    return None


@dataclass(frozen=True)
class Interval:
    """A point estimate over replications with its confidence interval.

    ``n``: replications used; ``observations``: what the interval rests on (orders for pooled
    shares, else replications); ``all_equal``: every replication gave the same value.
    """

    mean: float
    low: float
    high: float
    n: int
    method: str
    all_equal: bool = False
    observations: float = 0.0

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2


NAN = Interval(math.nan, math.nan, math.nan, 0, "none")


def clopper_pearson(successes: float, trials: float, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Two-sided Clopper-Pearson interval; fractional counts are allowed (beta quantiles)."""
    if trials <= 0:
        return math.nan, math.nan
    alpha = 1.0 - confidence
    low = 0.0 if successes <= 0 else float(stats.beta.ppf(alpha / 2, successes, trials - successes + 1))
    high = 1.0 if successes >= trials else float(stats.beta.ppf(1 - alpha / 2, successes + 1, trials - successes))
    return low, high


def _expit(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def _logit_interval(share: float, standard_error: float, degrees: int, confidence: float) -> tuple[float, float]:
    """Student t on the logit scale (delta method), back to a share: always inside (0, 1)."""
    t = float(stats.t.ppf(0.5 + confidence / 2, degrees))
    centre = math.log(share / (1.0 - share))
    half = t * standard_error / (share * (1.0 - share))
    return _expit(centre - half), _expit(centre + half)


def pooled_share(successes: np.ndarray, trials: np.ndarray, confidence: float = CONFIDENCE) -> Interval:
    """Share of successes over all runs' trials (e.g. orders on time over orders settled)."""
    x, m = np.asarray(successes, dtype=float), np.asarray(trials, dtype=float)
    ok = np.isfinite(x) & np.isfinite(m) & (m > 0)
    x, m = x[ok], m[ok]
    k = len(m)
    if k == 0:
        return NAN
    total, hits = float(m.sum()), float(x.sum())
    share = hits / total
    if k == 1:
        low, high = clopper_pearson(hits, total, confidence)
        return Interval(share, low, high, 1, "clopper-pearson", observations=total)
    if np.ptp(x / m) == 0:
        # Every run the same share: no spread between runs to widen it, so the interval is what
        # the orders of all runs pooled support (three runs of 13 orders all on time: 91 %-100 %).
        low, high = clopper_pearson(hits, total, confidence)
        return Interval(share, low, high, k, "clopper-pearson-pooled-orders", all_equal=True, observations=total)
    low, high = clopper_pearson(hits, total, confidence)
    if 0.0 < share < 1.0:
        residuals = x - share * m
        standard_error = math.sqrt(k / (k - 1) * float(np.sum(residuals**2))) / total
        logit_low, logit_high = _logit_interval(share, standard_error, k - 1, confidence)
        low, high = min(low, logit_low), max(high, logit_high)
    return Interval(share, low, high, k, "pooled-clopper-pearson-or-cluster-logit", observations=total)


def share_of_runs(values: np.ndarray, confidence: float = CONFIDENCE) -> Interval:
    """Mean of per-run shares with a logit-scale Student-t interval."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return NAN
    mean = float(np.clip(x.mean(), 0.0, 1.0))
    if n == 1:
        return Interval(mean, math.nan, math.nan, 1, "none", observations=1)
    if np.ptp(x) == 0:
        low, high = clopper_pearson(mean * n, n, confidence)
        return Interval(mean, low, high, n, "clopper-pearson-per-run", all_equal=True, observations=n)
    standard_error = float(x.std(ddof=1)) / math.sqrt(n)
    if mean <= 0.0 or mean >= 1.0:  # cannot happen with unequal values in [0, 1]; kept safe
        return Interval(mean, 0.0, 1.0, n, "logit-t", observations=n)
    low, high = _logit_interval(mean, standard_error, n - 1, confidence)
    return Interval(mean, low, high, n, "logit-t", observations=n)


def student_t(values: np.ndarray, confidence: float = CONFIDENCE, lowest: float = -math.inf,
              highest: float = math.inf) -> Interval:
    """Mean and Student-t interval, cut to [lowest, highest]."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n == 0:
        return NAN
    mean = float(x.mean())
    if n == 1:
        return Interval(mean, math.nan, math.nan, 1, "none", observations=1)
    if np.ptp(x) == 0:
        return Interval(mean, mean, mean, n, "student-t", all_equal=True, observations=n)
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * float(x.std(ddof=1)) / math.sqrt(n)
    low, high = max(mean - half, lowest), min(mean + half, highest)
    return Interval(mean, low, high, n, "student-t", observations=n)


def interval(metric: str, runs: dict[str, np.ndarray], confidence: float = CONFIDENCE) -> Interval:
    """The interval of ``metric`` from per-run values; ``runs`` maps metric names to arrays of
    one value per replication (the counts of a pooled share are looked up in it)."""
    pair = counts(metric)
    if pair is not None and pair[0] in runs and pair[1] in runs:
        return pooled_share(runs[pair[0]], runs[pair[1]], confidence)
    values = np.asarray(runs[metric], dtype=float)
    what = kind(metric)
    if what == SHARE:
        return share_of_runs(values, confidence)
    low, high = bounds(metric)
    return student_t(values, confidence, low, high)


def one_sided(metric: str, runs: dict[str, np.ndarray], confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Lower and upper one-sided confidence bounds of ``metric`` at ``confidence`` each: the ends
    of the two-sided interval at 2 x confidence - 1. Too few runs: (-inf, inf)."""
    found = interval(metric, runs, 2 * confidence - 1)
    if not (math.isfinite(found.low) and math.isfinite(found.high)):
        return -math.inf, math.inf
    return found.low, found.high
