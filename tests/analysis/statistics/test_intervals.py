"""Confidence intervals that respect what a metric can be, and say when the runs all agreed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.experiments.sweeps import parse_requirement
from analysis.experiments.target import FEASIBLE, Candidate, search
from analysis.statistics.intervals import (
    bounds,
    clopper_pearson,
    counts,
    difference_bounds,
    interval,
    one_sided,
    pooled_share,
    share_of_runs,
    student_t,
)
from analysis.statistics.stats import paired_difference, summarise, summary_json

SHARE = "contracts.hotel.on_time_share"
ON_TIME, SETTLED = "contracts.hotel.on_time_orders", "contracts.hotel.orders_settled"


def coverage(p: float, runs: int, orders: int, pooled: bool, trials: int = 1000, seed: int = 0) -> float:
    """Share of simulated experiments (``runs`` runs of ``orders`` independent orders each, each on
    time with chance ``p``) whose 95 % interval contains ``p``."""
    rng = np.random.default_rng(seed)
    covered = 0
    for _ in range(trials):
        on_time = rng.binomial(orders, p, size=runs).astype(float)
        if pooled:
            found = pooled_share(on_time, np.full(runs, float(orders)))
        else:
            found = share_of_runs(on_time / orders)
        covered += found.low <= p <= found.high
    return covered / trials


@pytest.mark.parametrize("p", [0.005, 0.03, 0.97, 0.995])
def test_pooled_on_time_interval_covers_near_0_and_1(p):
    # Measured 0.988-0.992 for these four; the old symmetric t interval on the run shares covered
    # 0.92 at p = 0.97 and 0.33 at p = 0.995 (most samples are all 1: a zero-width interval).
    assert coverage(p, runs=10, orders=8, pooled=True) >= 0.93


@pytest.mark.parametrize("p", [0.03, 0.97])
def test_share_of_runs_interval_covers_near_0_and_1(p):
    assert coverage(p, runs=10, orders=20, pooled=False) >= 0.93


def test_pooled_interval_still_covers_when_orders_of_one_run_hang_together():
    # Orders of one run share its luck (a beta-distributed chance per run, intra-run correlation
    # 0.05): pooling the orders as if independent covers only 0.88; this interval 0.96.
    rng = np.random.default_rng(3)
    p, rho, runs, orders, covered = 0.9, 0.05, 10, 20, 0
    a, b = p * (1 - rho) / rho, (1 - p) * (1 - rho) / rho
    for _ in range(1000):
        on_time = rng.binomial(orders, rng.beta(a, b, size=runs)).astype(float)
        found = pooled_share(on_time, np.full(runs, float(orders)))
        covered += found.low <= p <= found.high
    assert covered / 1000 >= 0.93


def test_runs_all_on_time_support_what_their_orders_pooled_support_not_certainty():
    # Ten runs of 12 orders, every order on time: 120 orders on time out of 120.
    runs = {SHARE: np.ones(10), ON_TIME: np.full(10, 12.0), SETTLED: np.full(10, 12.0)}
    low, high = one_sided(SHARE, runs, 0.95)
    assert low == pytest.approx(0.05 ** (1 / 120)) and low == pytest.approx(0.9753, abs=1e-4)
    assert high == 1.0
    row = summarise(pd.DataFrame(runs)).loc[SHARE]
    assert bool(row["all_equal"]) and row["mean"] == 1.0 and row["method"] == "clopper-pearson-pooled-orders"
    assert row["ci_low"] == pytest.approx(0.025 ** (1 / 120))  # two-sided 95 %: 97 %
    assert row["ci_high"] == 1.0
    record = summary_json(summarise(pd.DataFrame(runs)))[SHARE]
    assert record["all_runs_equal"] is True and 0.96 < record["ci_low"] < 0.97


def test_three_identical_runs_do_not_make_a_band_from_29_percent():
    # Three runs of 13 orders, all on time. Counting each run as one observation gave 29 %-100 %
    # (0.025 ** (1/3)); the 39 orders pooled support 91 %-100 % (0.025 ** (1/39)).
    found = pooled_share(np.full(3, 13.0), np.full(3, 13.0))
    assert found.low == pytest.approx(0.025 ** (1 / 39)) and found.low == pytest.approx(0.9097, abs=1e-4)
    assert found.high == 1.0 and found.all_equal and found.observations == 39
    # Runs that all kept 10 of 13: the same pooled count (30 of 39), not a band of three runs.
    same = pooled_share(np.full(3, 10.0), np.full(3, 13.0))
    assert (same.low, same.high) == pytest.approx(clopper_pearson(30, 39))


def test_a_zero_width_amount_is_flagged_not_widened():
    table = pd.DataFrame({"impact.kg_refused": np.zeros(5), "steps.x.wait_mean": [0.0, 0.0, 0.1, 0.0, 2.0]})
    summary = summarise(table)
    assert bool(summary.loc["impact.kg_refused", "all_equal"])
    assert not bool(summary.loc["steps.x.wait_mean", "all_equal"])


def test_target_is_not_sure_from_ten_runs_that_were_all_on_time():
    candidate = Candidate(FakeVariant("v", 3))  # type: ignore[arg-type]

    def run_more(group, n):
        for c in group:
            c.runs.extend({SHARE: 1.0, ON_TIME: 2.0, SETTLED: 2.0, "cost": 100.0} for _ in range(n))

    result = search([candidate], parse_requirement(f"{SHARE} >= 0.95"), "cost", run_more, initial=10, maximum=10)
    assert result.best is None  # 10 runs of 2 orders: 20 orders bound it at 86 %, which does not show 95 %
    assert result.frontier()[0]["verdict"] != FEASIBLE
    # Enough orders that were all on time do show it: 0.05 ** (1 / 59) >= 0.95, 30 runs of 2 orders.
    more = Candidate(FakeVariant("w", 3))  # type: ignore[arg-type]
    result = search([more], parse_requirement(f"{SHARE} >= 0.95"), "cost", run_more, initial=10, maximum=80)
    assert result.best is more and 30 <= len(more.runs) <= 80


def test_clopper_pearson_matches_its_closed_form_at_the_edges():
    assert clopper_pearson(10, 10, 0.90)[0] == pytest.approx(0.05 ** 0.1)
    assert clopper_pearson(0, 10, 0.90)[1] == pytest.approx(1 - 0.05 ** 0.1)


finite = st.floats(min_value=0.0, max_value=1e6, allow_nan=False)
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(amounts=st.lists(finite, min_size=1, max_size=12), shares=st.lists(unit, min_size=1, max_size=12),
       orders=st.lists(st.integers(0, 40), min_size=1, max_size=12), data=st.data())
def test_no_interval_leaves_what_its_metric_can_be(amounts, shares, orders, data):
    on_time = [float(data.draw(st.integers(0, m))) for m in orders]
    n = min(len(amounts), len(shares), len(orders))
    table = pd.DataFrame({
        "steps.x.wait_mean": amounts[:n], "pools.p.utilisation": shares[:n],
        ON_TIME: on_time[:n], SETTLED: [float(m) for m in orders[:n]],
        SHARE: [t / m if m else math.nan for t, m in zip(on_time[:n], orders[:n], strict=True)],
    })
    summary = summarise(table)
    for metric, row in summary.iterrows():
        lowest, highest = bounds(str(metric))
        for column in ("ci_low", "ci_high", "mean"):
            value = row[column]
            assert math.isnan(value) or lowest - 1e-12 <= value <= highest + 1e-12, (metric, column, value)
        if not math.isnan(row["ci_low"]):
            # Rounding near zero (shares of 5e-324) leaves the bounds a few 1e-12 off the mean.
            assert row["ci_low"] <= row["mean"] + 1e-11 <= row["ci_high"] + 2e-11


class FakeVariant:
    def __init__(self, key: str, people: int) -> None:
        self.key = key
        self.overrides = {"people": people}


# --- small hand-made samples: every formula pinned to its value ---------------------------------

# Student t quantiles from a table (two-sided 95 %: 0.975; two-sided 90 %: 0.95).
T_975 = {2: 4.302652729749462, 4: 2.7764451051977934}
T_95 = {2: 2.9199855803537242}


def _expit(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_the_pooled_share_of_three_runs_is_the_cluster_robust_logit_interval_by_hand():
    # Three runs of 10 orders with 8, 9 and 5 on time: 22 of 30. Residuals from the pooled share
    # x - 22/30 * 10 = 2/3, 5/3, -7/3; squares add up to 78/9 = 26/3. The small-sample factor
    # k / (k - 1) = 3/2 makes that 13: standard error sqrt(13) / 30 on the share, divided by
    # p (1 - p) = 176/900 on the logit scale; t with 2 degrees of freedom.
    found = pooled_share(np.array([8.0, 9.0, 5.0]), np.array([10.0, 10.0, 10.0]))
    half = T_975[2] * math.sqrt(13) / 30 * 900 / 176
    assert found.mean == pytest.approx(22 / 30, rel=1e-12)
    assert found.low == pytest.approx(_expit(math.log(22 / 8) - half), rel=1e-9)
    assert found.high == pytest.approx(_expit(math.log(22 / 8) + half), rel=1e-9)
    assert (found.low, found.high) == pytest.approx((0.16346, 0.97481), abs=5e-5)
    assert found.n == 3 and found.observations == 30 and not found.all_equal
    # The binomial bound alone (Clopper-Pearson on 22 of 30) is narrower, and the interval holds it.
    binomial = clopper_pearson(22, 30)
    assert found.low < binomial[0] and binomial[1] < found.high


def test_the_pooled_share_never_gets_narrower_than_clopper_pearson():
    # Four runs that agree closely (45, 46, 45, 46 of 50): residuals +-1/2, squares 1, times 4/3,
    # standard error sqrt(4/3) / 200 = 0.0058, on the logit scale t(3) x 0.0058 / (0.91 x 0.09) = 0.22:
    # narrower than the binomial interval on 182 of 200 orders, which is what stands.
    found = pooled_share(np.array([45.0, 46.0, 45.0, 46.0]), np.full(4, 50.0))
    assert (found.low, found.high) == pytest.approx(clopper_pearson(182, 200), rel=1e-12)
    assert (found.low, found.high) == pytest.approx((0.86149, 0.94579), abs=5e-5)
    at_90 = pooled_share(np.array([45.0, 46.0, 45.0, 46.0]), np.full(4, 50.0), 0.90)
    assert (at_90.low, at_90.high) == pytest.approx(clopper_pearson(182, 200, 0.90), rel=1e-12)


def test_the_mean_of_run_shares_has_a_logit_t_interval_by_hand():
    # Five runs: 0.5 ... 0.9, mean 0.7, sample variance 0.1 / 4 = 0.025, standard error
    # sqrt(0.025 / 5); on the logit scale divided by 0.7 * 0.3; t with 4 degrees of freedom.
    found = share_of_runs(np.array([0.6, 0.8, 0.7, 0.9, 0.5]))
    half = T_975[4] * math.sqrt(0.005) / 0.21
    centre = math.log(0.7 / 0.3)
    assert found.mean == pytest.approx(0.7, rel=1e-12)
    assert found.low == pytest.approx(_expit(centre - half), rel=1e-9)
    assert found.high == pytest.approx(_expit(centre + half), rel=1e-9)
    assert (found.low, found.high) == pytest.approx((0.47812, 0.85597), abs=5e-5)


def test_amounts_and_money_have_a_student_t_interval_by_hand():
    # 2, 4 and 9: mean 5, sample variance (9 + 1 + 16) / 2 = 13, half width t * sqrt(13 / 3).
    runs = {"economics.net_result": np.array([2.0, 4.0, 9.0]), "impact.kg_reused": np.array([2.0, 4.0, 9.0])}
    half = T_975[2] * math.sqrt(13 / 3)
    money = interval("economics.net_result", runs)
    assert (money.mean, money.low, money.high) == pytest.approx((5, 5 - half, 5 + half), rel=1e-9)
    assert half == pytest.approx(8.9567, abs=1e-4)
    # An amount cannot be negative: the same runs as kg, the lower bound cut at 0.
    kg = interval("impact.kg_reused", runs)
    assert (kg.low, kg.high) == pytest.approx((0.0, 5 + half), rel=1e-9)
    # One-sided 95 % bounds are the ends of the two-sided 90 % interval.
    low, high = one_sided("economics.net_result", runs, 0.95)
    assert (low, high) == pytest.approx((5 - T_95[2] * math.sqrt(13 / 3), 5 + T_95[2] * math.sqrt(13 / 3)), rel=1e-9)


def _record(found) -> tuple:
    """An interval's fields, NaN as None (NaN never equals itself)."""
    return tuple(None if isinstance(v, float) and math.isnan(v) else v
                 for v in (found.mean, found.low, found.high, found.n, found.method, found.all_equal, found.observations))


def test_what_a_metric_can_be_follows_its_name():
    assert bounds("steps.sorteren.utilisation") == (0.0, 1.0)
    assert bounds("market.shop.fill_rate") == (0.0, 1.0)
    assert bounds("contracts.hotel.on_time_share") == (0.0, 1.0)
    assert bounds("impact.kg_reused") == (0.0, math.inf)
    assert bounds("economics.net_result") == (-math.inf, math.inf)
    # Only a contract's on-time share is pooled from its order counts.
    assert counts(SHARE) == (ON_TIME, SETTLED)
    assert counts("contracts.hotel.orders_settled") is None
    assert counts("steps.x.on_time_share") is None


def test_a_contracts_on_time_share_is_pooled_from_its_counts_when_the_runs_have_them():
    runs = {SHARE: np.array([0.8, 0.9, 0.5]), ON_TIME: np.array([8.0, 9.0, 5.0]), SETTLED: np.array([10.0, 10.0, 10.0])}
    assert _record(interval(SHARE, runs)) == _record(pooled_share(runs[ON_TIME], runs[SETTLED]))
    assert interval(SHARE, runs).method == "pooled-clopper-pearson-or-cluster-logit"
    # Without both counts: the mean of the runs' shares.
    for missing in (ON_TIME, SETTLED):
        partial = {k: v for k, v in runs.items() if k != missing}
        assert _record(interval(SHARE, partial)) == _record(share_of_runs(runs[SHARE]))
    assert interval(SHARE, {SHARE: runs[SHARE]}).method == "logit-t"


@pytest.mark.parametrize("metric", ["impact.kg_reused", "steps.x.utilisation", "economics.net_result"])
def test_one_run_gives_its_value_and_no_interval(metric):
    found = interval(metric, {metric: np.array([0.4])})
    assert _record(found) == (0.4, None, None, 1, "none", False, 1)
    assert one_sided(metric, {metric: np.array([0.4])}) == (-math.inf, math.inf)
    assert _record(interval(metric, {metric: np.array([])})) == (None, None, None, 0, "none", False, 0.0)


def test_every_interval_says_what_it_rests_on():
    assert _record(student_t(np.array([2.0, 4.0, 9.0])))[3:] == (3, "student-t", False, 3)
    assert _record(student_t(np.array([5.0, 5.0])))[1:] == (5.0, 5.0, 2, "student-t", True, 2)
    assert _record(share_of_runs(np.array([0.6, 0.8])))[3:] == (2, "logit-t", False, 2)
    assert _record(pooled_share(np.array([8.0, 9.0, 5.0]), np.full(3, 10.0)))[3:] == (
        3, "pooled-clopper-pearson-or-cluster-logit", False, 30.0)
    assert _record(pooled_share(np.array([7.0]), np.array([10.0])))[3:] == (1, "clopper-pearson", False, 10.0)


def test_clopper_pearson_for_one_success_and_one_trial_by_its_closed_form():
    # One success in ten: the lower end solves P(X >= 1) = 2.5 %, i.e. 1 - (1 - p)^10 = 0.025.
    low, high = clopper_pearson(1, 10)
    assert low == pytest.approx(1 - 0.975 ** (1 / 10), rel=1e-9)
    assert high == pytest.approx(0.44501, abs=5e-5)  # beta(2, 9) at 97.5 %, from a table
    # One trial, on time: the lower end of a 90 % interval is 0.05.
    assert clopper_pearson(1, 1, 0.90) == pytest.approx((0.05, 1.0), rel=1e-9)
    assert all(math.isnan(v) for v in clopper_pearson(0, 0))


def test_the_logistic_function_stays_finite_far_out():
    from analysis.statistics.intervals import _expit

    assert _expit(800.0) == 1.0 and _expit(-800.0) == 0.0
    assert _expit(0.0) == 0.5 and _expit(math.log(3)) == pytest.approx(0.75, rel=1e-12)


def test_a_run_with_a_single_order_still_counts():
    # One order in each of two runs, one on time: 1 of 2, each run its own observation.
    found = pooled_share(np.array([1.0, 0.0]), np.array([1.0, 1.0]))
    assert _record(found)[0] == 0.5 and found.n == 2 and found.observations == 2.0


def test_one_run_of_orders_is_clopper_pearson_at_the_asked_confidence():
    found = pooled_share(np.array([7.0]), np.array([10.0]), 0.90)
    assert (found.low, found.high) == pytest.approx(clopper_pearson(7, 10, 0.90), rel=1e-12)
    assert found.low > clopper_pearson(7, 10)[0]  # a 90 % interval is narrower than a 95 % one


def test_the_cluster_interval_at_90_percent_by_hand():
    found = pooled_share(np.array([8.0, 9.0, 5.0]), np.full(3, 10.0), 0.90)
    half = T_95[2] * math.sqrt(13) / 30 * 900 / 176
    assert (found.low, found.high) == pytest.approx((_expit(math.log(22 / 8) - half), _expit(math.log(22 / 8) + half)),
                                                    rel=1e-9)


def test_runs_with_the_same_share_of_different_order_counts_pool_their_orders():
    # 5 of 10 and 10 of 20: the same share in both runs (no spread between runs to widen it), so the
    # interval is Clopper-Pearson on the 15 of 30 orders of both runs.
    found = pooled_share(np.array([5.0, 10.0]), np.array([10.0, 20.0]))
    assert _record(found) == (0.5, *clopper_pearson(15, 30), 2, "clopper-pearson-pooled-orders", True, 30.0)


def test_run_shares_that_all_agree_are_clopper_pearson_on_the_runs():
    assert _record(share_of_runs(np.full(4, 0.5))) == (0.5, *clopper_pearson(2, 4), 4, "clopper-pearson-per-run", True, 4)
    assert share_of_runs(np.ones(10), 0.90).low == pytest.approx(0.05 ** (1 / 10), rel=1e-9)
    # 0 and 1 differ: a logit-t interval, not one of agreeing runs.
    assert share_of_runs(np.array([0.0, 1.0])).method == "logit-t"


def test_run_shares_whose_mean_rounds_to_0_or_1_get_the_whole_range():
    # Unequal values whose mean rounds to exactly 0 or 1: no logit exists there; the interval is all of [0, 1].
    assert _record(share_of_runs(np.array([0.0, 5e-324]))) == (0.0, 0.0, 1.0, 2, "logit-t", False, 2)
    assert _record(share_of_runs(np.array([1.0, 1 - 2**-53]))) == (1.0, 0.0, 1.0, 2, "logit-t", False, 2)


def test_one_sided_bounds_of_a_share_of_runs_are_the_ends_of_the_90_percent_interval():
    runs = {"steps.x.utilisation": np.array([0.6, 0.8, 0.7, 0.9, 0.5])}
    low, high = one_sided("steps.x.utilisation", runs, 0.95)
    expected = share_of_runs(runs["steps.x.utilisation"], 0.90)
    assert (low, high) == pytest.approx((expected.low, expected.high), rel=1e-12)
    assert high - low < share_of_runs(runs["steps.x.utilisation"]).high - share_of_runs(runs["steps.x.utilisation"]).low


@settings(max_examples=80, deadline=None)
@given(a=st.lists(unit, min_size=2, max_size=10), data=st.data())
def test_a_difference_of_shares_stays_within_what_the_shares_allow(a, data):
    b = [data.draw(unit) for _ in a]
    frame_a, frame_b = pd.DataFrame({"pools.p.utilisation": a}), pd.DataFrame({"pools.p.utilisation": b})
    row = paired_difference(frame_a, frame_b).loc["pools.p.utilisation"]
    base = float(np.mean(a))
    for value in (row["ci_low"], row["ci_high"]):
        if not math.isnan(value):
            assert -1.0 <= value <= 1.0 and -1e-12 <= base + value <= 1.0 + 1e-12


def test_a_lever_gain_from_a_base_of_27_percent_is_not_102_points():
    # B - A per run: +75, +45 and +99 pp from a base of 27 % on average: a Student-t interval reaches
    # beyond +73 pp (B would be above 100 %); it stops at 100 % - 27 % = +73 pp.
    a = pd.DataFrame({SHARE: [0.25, 0.55, 0.01]})
    b = pd.DataFrame({SHARE: [1.0, 1.0, 1.0]})
    row = paired_difference(a, b).loc[SHARE]
    assert row["difference"] == pytest.approx(0.73)
    assert row["ci_high"] == pytest.approx(1 - 0.27) and row["ci_low"] < 0.73

    assert difference_bounds(SHARE, 0.27) == pytest.approx((-0.27, 0.73))
    assert difference_bounds("economics.net_result", 0.27) == (-math.inf, math.inf)


def test_a_difference_of_shares_is_bounded_by_the_base_and_an_undefined_base_by_100_points():
    from analysis.statistics.intervals import bounded_difference, difference_bounds

    share = "pools.p.utilisation"
    assert difference_bounds(share, math.nan) == (-1.0, 1.0)
    assert difference_bounds(share, 0.3) == pytest.approx((-0.3, 0.7))
    assert difference_bounds(share, 1.5) == (-1.0, 0.0) and difference_bounds(share, -0.2) == (0.0, 1.0)
    assert difference_bounds("impact.kg_reused", 0.3) == (-math.inf, math.inf)
    # Only finite ends are cut; an end that is infinite or undefined stays as it is.
    assert bounded_difference(share, 0.5, -math.inf, math.inf) == (-math.inf, math.inf)
    assert bounded_difference(share, 0.5, -0.9, 0.9) == (-0.5, 0.5)
