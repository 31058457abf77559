"""Where the model reduces to a textbook queue, it must match queueing theory.

Fixed seeds, 20 replications, 99 % confidence intervals over the replication means.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sim.run import run_replication
from tests.sim.scenarios import build, queue, with_opening_hours

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


def assert_covers(values: np.ndarray, exact: float, width: float = 0.35) -> None:
    low, high = interval(values)
    assert low <= exact <= high, f"simulated {values.mean():.4f} [{low:.4f}, {high:.4f}] vs exact {exact:.4f}"
    # The interval must also be tight enough to mean something.
    assert high - low < width * exact


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


def test_littles_law_holds_per_step_with_opening_hours():
    # Open 09:00-17:00 on weekdays: work that does not fit in the day is paused overnight and
    # back in the queue; the wait counts that time too, so queue_mean = arrivals per clock hour x wait_mean.
    data = with_opening_hours(queue(0.2, [(1, {"distribution": "exponential", "mean": "45 min"}),
                                          (2, {"distribution": "exponential", "mean": "1 h"})], horizon=4000))
    scenario = build(data)
    runs = [run_replication(scenario, r).metrics for r in range(10)]
    for step in ("s0", "s1"):
        ratios = np.array([m[f"steps.{step}.queue_mean"] / (m[f"steps.{step}.arrivals_per_week"] / 168 * m[f"steps.{step}.wait_mean"])
                           for m in runs])
        low, high = interval(ratios)
        assert low <= 1 <= high and high - low < 0.05, (step, ratios)
        # The first-start wait leaves the nights out: it is much shorter.
        assert all(m[f"steps.{step}.first_wait_mean"] < 0.8 * m[f"steps.{step}.wait_mean"] for m in runs)


def test_step_utilisation_with_opening_hours_is_the_offered_load():
    # 0.2 lots per clock hour = 33.6 a week, 45 min each, one person present 40 h a week:
    # busy 25.2 of 40 hours, utilisation 0.63 (not busy over clock hours, not over open hours x 2 people).
    data = with_opening_hours(queue(0.2, [(1, {"distribution": "exponential", "mean": "45 min"})], horizon=4000))
    data["workforce"]["p1"] = {"group": "staff", "people": 1, "skills": ["k0"], "hours": "09:00-11:00"}
    values = replicate(data, "steps.s0.utilisation", n=10)
    assert (values <= 1).all()
    assert_covers(values, 0.2 * 168 * 0.75 / (40 + 10))


def erlang_b(offered: float, servers: int) -> float:
    """Share of arrivals lost in an M/M/c/c loss system (Erlang B)."""
    terms = [offered**k / math.factorial(k) for k in range(servers + 1)]
    return terms[-1] / sum(terms)


def test_no_storage_is_a_loss_system_matching_erlang_b():
    # storage: none - material that finds every worker busy is refused: M/M/3/3.
    data = queue(2.0, [(3, {"distribution": "exponential", "mean": "1 h"})], horizon=5000)
    data["materials"]["items"]["storage"] = "none"
    # A half-width under 10 % of the exact value: a result 10 % off would not pass.
    assert_covers(replicate(data, "materials.items.refused_share", n=10), erlang_b(2.0, 3), width=0.2)


def test_finite_storage_is_a_finite_queue_matching_mm1k():
    # One worker and room for 3 waiting (1 kg each): M/M/1/4, refused when 4 are in the system.
    rho, k = 0.8, 4
    data = queue(rho, [(1, {"distribution": "exponential", "mean": "1 h"})], horizon=8000)
    data["materials"]["items"]["storage"] = "3 kg"
    exact = (1 - rho) * rho**k / (1 - rho ** (k + 1))
    assert_covers(replicate(data, "materials.items.refused_share", n=10), exact, width=0.2)


def test_a_lot_larger_than_the_storage_is_taken_only_when_a_worker_starts_at_once():
    # Lots of 5 kg, storage 2 kg: every lot that finds the worker busy is refused (M/M/1/1).
    data = queue(0.5, [(1, {"distribution": "exponential", "mean": "1 h"})], horizon=5000)
    data["materials"]["items"].update(storage="2 kg", weight_per_unit="5 kg")
    assert_covers(replicate(data, "materials.items.refused_share", n=10), erlang_b(0.5, 1), width=0.2)


def tandem_with_blocking_loss(arrival_rate: float, first: float, second: float, buffer: int) -> float:
    """Share lost in a loss station followed by a finite buffer (exact, from the Markov chain).

    State (a, n): the first station idle (0), working (1) or holding a finished lot it cannot pass
    on (2); n lots at the second station, in work and waiting. Arrivals that find the first
    station not idle are lost.
    """
    states = [(a, n) for a in (0, 1) for n in range(buffer + 2)] + [(2, buffer + 1)]
    index = {s: i for i, s in enumerate(states)}
    q = np.zeros((len(states), len(states)))
    for (a, n), i in index.items():
        moves = []
        if a == 0:
            moves.append(((1, n), arrival_rate))
        if a == 1:
            moves.append(((0, n + 1) if n <= buffer else (2, n), first))
        if n >= 1:
            moves.append(((0, n) if a == 2 else (a, n - 1), second))
        for target, rate in moves:
            q[i, index[target]] += rate
            q[i, i] -= rate
    # Stationary distribution: pi Q = 0, sum pi = 1.
    a_matrix = np.vstack([q.T, np.ones(len(states))])
    pi = np.linalg.lstsq(a_matrix, np.r_[np.zeros(len(states)), 1.0], rcond=None)[0]
    return float(sum(p for (a, _), p in zip(states, pi, strict=True) if a != 0))


def test_a_full_buffer_blocks_the_earlier_step():
    # Two steps of one place each; room for 1 lot between them; nothing may wait before the first.
    data = queue(0.8, [(1, {"distribution": "exponential", "mean": "1 h"}),
                       (1, {"distribution": "exponential", "mean": "2 h"})], horizon=6000)
    data["materials"]["items"]["storage"] = "none"
    data["steps"]["s0"]["work_places"] = data["steps"]["s1"]["work_places"] = 1
    data["steps"]["s1"]["buffer"] = 1
    exact = tandem_with_blocking_loss(0.8, 1.0, 0.5, 1)
    assert exact > erlang_b(0.8, 1) * 1.1  # blocking matters here
    assert_covers(replicate(data, "materials.items.refused_share", n=20), exact, width=0.2)


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
