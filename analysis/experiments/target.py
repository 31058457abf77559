"""Target search: the cheapest configuration that meets a service requirement with confidence.

Every candidate first gets a few replications. A candidate is *feasible* when the one-sided
confidence bound of the required metric meets the threshold (bounds from analysis.statistics.intervals:
within 0-1 for shares, pooled over orders for on-time shares, and never tighter than the number
of runs supports when every run gave the same value), *infeasible* when the opposite
bound misses it, and *unsure* otherwise. Replications are added only to unsure candidates that
are cheaper than the cheapest feasible one: effort goes where the answer is in doubt.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.experiments.sweeps import Requirement, Variant
from analysis.statistics.intervals import counts, interval, one_sided

FEASIBLE, INFEASIBLE, UNSURE = "feasible", "infeasible", "unsure"


@dataclass
class Candidate:
    variant: Variant
    runs: list[dict[str, float]] = field(default_factory=list)

    def values(self, metric: str) -> np.ndarray:
        x = np.array([r.get(metric, math.nan) for r in self.runs], dtype=float)
        return x[np.isfinite(x)]

    def _runs(self, metric: str) -> dict[str, np.ndarray]:
        """Per-run values of ``metric`` and of the counts it is pooled from, if any."""
        names = [metric, *(counts(metric) or ())]
        return {m: np.array([r.get(m, math.nan) for r in self.runs], dtype=float) for m in names}

    def mean(self, metric: str) -> float:
        """The estimate of ``metric``: for an on-time share, orders on time over all runs' orders."""
        if not self.runs:
            return math.nan
        return interval(metric, self._runs(metric)).mean

    def bounds(self, metric: str, confidence: float) -> tuple[float, float]:
        """One-sided lower and upper confidence bounds (see analysis.statistics.intervals): a share's bounds
        stay in 0-1 and runs that all gave the same share count as that many observations, so
        ten runs all on time bound the on-time share below by 74 % at 95 % confidence."""
        if len(self.runs) < 2:
            return -math.inf, math.inf
        return one_sided(metric, self._runs(metric), confidence)

    def verdict(self, requirement: Requirement, confidence: float) -> str:
        low, high = self.bounds(requirement.metric, confidence)
        if requirement.at_least:
            return FEASIBLE if low >= requirement.threshold else INFEASIBLE if high < requirement.threshold else UNSURE
        return FEASIBLE if high <= requirement.threshold else INFEASIBLE if low > requirement.threshold else UNSURE


@dataclass
class TargetResult:
    best: Candidate | None
    candidates: list[Candidate]
    requirement: Requirement
    minimise: str
    confidence: float

    def frontier(self) -> list[dict[str, Any]]:
        rows = []
        for c in sorted(self.candidates, key=lambda c: (c.mean(self.minimise), _size(c), c.variant.key)):
            low, high = c.bounds(self.requirement.metric, self.confidence)
            rows.append({
                "key": c.variant.key, **c.variant.overrides,
                "cost": c.mean(self.minimise), "metric_mean": c.mean(self.requirement.metric),
                "metric_lower_bound": low, "metric_upper_bound": high, "replications": len(c.runs),
                "verdict": c.verdict(self.requirement, self.confidence),
                "chosen": self.best is not None and c is self.best,
            })
        best_level = -math.inf if self.requirement.at_least else math.inf
        for row in rows:  # Pareto: no cheaper candidate reaches at least this level
            level = row["metric_mean"]
            better = level > best_level if self.requirement.at_least else level < best_level
            row["on_frontier"] = bool(better)
            if better:
                best_level = level
        return rows


def _size(candidate: Candidate) -> float:
    """Sum of the varied numbers: at equal cost, fewer people (smaller values) come first."""
    return sum(v for v in candidate.variant.overrides.values() if isinstance(v, (int, float)) and not isinstance(v, bool))


RunMore = Callable[[list[Candidate], int], None]
"""Adds ``n`` more replications to each of the given candidates (fills ``candidate.runs``)."""


def search(candidates: list[Candidate], requirement: Requirement, minimise: str, run_more: RunMore,
           initial: int = 10, maximum: int = 80, confidence: float = 0.95) -> TargetResult:
    run_more(candidates, initial)
    for metric in (requirement.metric, minimise):
        if candidates and candidates[0].runs and metric not in candidates[0].runs[0]:
            raise KeyError(metric)  # a typing mistake: say so before spending the budget
    while True:
        verdicts = {c.variant.key: c.verdict(requirement, confidence) for c in candidates}
        feasible = [c for c in candidates if verdicts[c.variant.key] == FEASIBLE]
        best = min(feasible, key=lambda c: (c.mean(minimise), _size(c), c.variant.key)) if feasible else None
        limit = best.mean(minimise) if best is not None else math.inf
        doubtful = [c for c in candidates if verdicts[c.variant.key] == UNSURE
                    and c.mean(minimise) < limit and len(c.runs) < maximum]
        if not doubtful:
            return TargetResult(best, candidates, requirement, minimise, confidence)
        # Double the replications of the doubtful ones (up to the maximum).
        by_size: dict[int, list[Candidate]] = {}
        for c in doubtful:
            by_size.setdefault(min(maximum, 2 * len(c.runs)) - len(c.runs), []).append(c)
        for n, group in by_size.items():
            run_more(group, n)
