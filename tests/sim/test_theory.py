"""Where the model reduces to a textbook queue, it must match queueing theory.

Fixed seeds, 20 replications, 99 % confidence intervals over the replication means.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sim.run import run_replication
from tests.sim.scenarios import build, queue

REPLICATIONS = 20


def erlang_c_wait(arrival_rate: float, service_mean: float, servers: int) -> float:
    """Mean wait in queue of an M/M/c queue (Erlang C)."""
    a = arrival_rate * service_mean
    rho = a / servers
    summed = sum(a**k / math.factorial(k) for k in range(servers))
    top = a**servers / math.factorial(servers) / (1 - rho)
    p_wait = top / (summed + top)
    return p_wait * service_mean / (servers * (1 - rho))


def replicate(data: dict, metric: str, n: int = REPLICATIONS) -> np.ndarray:
    scenario = build(data)
    return np.array([run_replication(scenario, r).metrics[metric] for r in range(n)])


def interval(values: np.ndarray, confidence: float = 0.99) -> tuple[float, float]:
    half = stats.t.ppf(0.5 + confidence / 2, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))
    return values.mean() - half, values.mean() + half


def assert_covers(values: np.ndarray, exact: float) -> None:
    low, high = interval(values)
    assert low <= exact <= high, f"simulated {values.mean():.4f} [{low:.4f}, {high:.4f}] vs exact {exact:.4f}"
    # The interval must also be tight enough to mean something.
    assert high - low < 0.35 * exact


def test_mm1_mean_wait_matches_theory():
    # rho = 0.7: Wq = rho / (mu - lambda) = 0.7 / 0.3 h
    data = queue(0.7, [(1, {"distribution": "exponential", "mean": "1 h"})], horizon=6000)
    assert_covers(replicate(data, "steps.s0.wait_mean"), 0.7 / 0.3)


def test_mmc_mean_wait_matches_erlang_c():
    data = queue(2.4, [(3, {"distribution": "exponential", "mean": "60 min"})], horizon=5000)
    assert_covers(replicate(data, "steps.s0.wait_mean"), erlang_c_wait(2.4, 1.0, 3))


def test_mmc_utilisation_is_rho():
    data = queue(2.4, [(3, {"distribution": "exponential", "mean": "60 min"})], horizon=5000)
    assert_covers(replicate(data, "pools.p0.utilisation"), 0.8)


def test_md1_mean_wait_matches_pollaczek_khinchine():
    # M/D/1: Wq = rho / (2 mu (1 - rho)) with D = 1 h, rho = 0.7
    data = queue(0.7, [(1, "1 h")], horizon=6000)
    assert_covers(replicate(data, "steps.s0.wait_mean"), 0.7 / (2 * 0.3))


def test_tandem_of_mmc_steps_matches_burke():
    # Burke: the output of an M/M/c queue is Poisson, so each station is its own M/M/c.
    data = queue(1.5, [(2, {"distribution": "exponential", "mean": "1 h"}),
                       (2, {"distribution": "exponential", "mean": "48 min"})], horizon=5000)
    scenario = build(data)
    runs = [run_replication(scenario, r).metrics for r in range(REPLICATIONS)]
    assert_covers(np.array([m["steps.s0.wait_mean"] for m in runs]), erlang_c_wait(1.5, 1.0, 2))
    assert_covers(np.array([m["steps.s1.wait_mean"] for m in runs]), erlang_c_wait(1.5, 0.8, 2))


@pytest.mark.parametrize("work", [{"distribution": "exponential", "mean": "1 h"}, "1 h"])
def test_littles_law_holds_in_every_run(work):
    scenario = build(queue(0.75, [(1, work)], horizon=4000))
    for replication in range(5):
        m = run_replication(scenario, replication).metrics
        lq = m["steps.s0.queue_mean"]
        assert lq == pytest.approx(m["steps.s0.arrivals_per_week"] / 168 * m["steps.s0.wait_mean"], rel=0.05)


def test_arrivals_are_poisson_with_the_given_rate():
    scenario = build(queue(3.0, [(5, {"distribution": "exponential", "mean": "10 min"})], horizon=2000, warm_up=0))
    counts = np.array([run_replication(scenario, r).metrics["steps.s0.arrivals_per_week"] / 168
                       for r in range(REPLICATIONS)])
    assert_covers(counts, 3.0)


def test_arrival_counts_have_the_poisson_spread():
    # Arrivals in 10 hours at 3 an hour: Poisson(30), so the variance equals the mean. The index
    # of dispersion sum((n - mean)^2) / mean over R runs is chi-square with R - 1 degrees of
    # freedom. Regular arrivals (variance 0), Erlang-2 gaps (variance halved) or batches
    # (variance doubled) all land far in a tail; a correct engine fails 1 time in 500.
    runs = 200
    scenario = build(queue(3.0, [(50, "1 min")], horizon=10, warm_up=0))
    counts = np.array([
        round(m["steps.s0.arrivals_per_week"] / 168 * m["run.measured_hours"])
        for m in (run_replication(scenario, r).metrics for r in range(runs))
    ])
    assert abs(counts.mean() - 30) <= 3 * math.sqrt(30 / runs)
    dispersion = float(((counts - counts.mean()) ** 2).sum() / counts.mean())
    assert stats.chi2.ppf(0.001, runs - 1) <= dispersion <= stats.chi2.ppf(0.999, runs - 1), counts.var(ddof=1)
