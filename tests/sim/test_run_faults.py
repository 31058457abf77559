"""Odd values that pass the loader never crash a run, and a run that cannot keep up says so.

Two defects a fuzz campaign found: a normal work content (any spread, here a sub-normal one) ended
in a traceback when drawn, and one worker facing 700,000 lots a week ran until MemoryError.
"""

from __future__ import annotations

import math
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from sim.loader import load_text
from sim.overload import MAX_WAITING, Overloaded
from sim.random import Sampler, generator, lazy_generator
from sim.run import run_replication
from sim.scenario.model import Scenario

SMALL = (Path(__file__).resolve().parents[1] / "data" / "small-centre.yaml").read_text(encoding="utf-8")
WORK = "textile: {distribution: triangular, min: 6 min, mode: 10 min, max: 16 min}"


def scenario(*edits: tuple[str, str]) -> Scenario:
    text = SMALL
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    return load_text(text, "centre.yaml").scenario


def _normal(mean: str, sd: str) -> Scenario:
    return scenario((WORK, f"textile: {{distribution: normal, mean: {mean}, sd: {sd}}}"))


def test_a_normal_work_content_with_a_sub_normal_spread_runs_to_its_mean():
    # sd 1e-320 min (before: a traceback at the first draw): every draw is the mean, 0 min, give
    # or take a few times 1e-322 h; the run finishes with every metric finite or explained.
    centre = _normal("0 min", "1e-320 min")
    result = run_replication(centre, 0)
    assert all(math.isfinite(v) or k in result.undefined for k, v in result.metrics.items())
    assert result.metrics["steps.sorting.throughput_per_week"] > 0
    dist = centre.steps["sorting"].work_content["textile"]
    draws = Sampler(dist, lazy_generator(1, 0, "work"))
    values = [draws() for _ in range(1000)]
    assert min(values) >= 0.0 and max(values) < 1e-300


def test_a_normal_work_content_draws_the_same_numbers_from_a_lazy_generator_and_has_its_mean():
    dist = _normal("10 min", "2 min").steps["sorting"].work_content["textile"]
    lazy = Sampler(dist, lazy_generator(7, 0, "work"))
    eager = Sampler(dist, generator(7, 0, "work"))
    values = np.array([lazy() for _ in range(20_000)])
    assert values.tolist() == [eager() for _ in range(20_000)]
    # Truncation at 5 sd below the mean changes nothing visible: mean 1/6 h, sd 1/30 h.
    standard_error = (1 / 30) / math.sqrt(len(values))
    assert abs(values.mean() - 1 / 6) < 4 * standard_error
    assert abs(values.std() - 1 / 30) < 0.02 * (1 / 30)
    assert values.min() >= 0


def _overloaded() -> Scenario:
    return scenario(("rate: 40 per week", "rate: 7e5 per week"), ("people: 4", "people: 1"))


def test_one_worker_facing_700000_lots_a_week_stops_with_the_step_and_its_rates_before_memory_fills():
    tracemalloc.start()
    try:
        with pytest.raises(Overloaded) as stopped:
            run_replication(_overloaded(), 0)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    error = stopped.value
    assert peak < 300, peak  # before: MemoryError at 1.7 GB
    assert error.step == "sorting" and error.waiting > MAX_WAITING
    # The state is sampled daily: drop-off open 7 h each weekday, 700,000 / 35 h = 20,000 lots an open
    # hour, so day 1 brings 140,000 (under the limit) and day 2 280,000: the run stops at 48 h.
    assert error.weeks == pytest.approx(48 / 168)
    expected = 2 * 7 * 20_000 / (48 / 168)  # 980,000 a week at the pace of those two days
    assert error.entered == pytest.approx(expected, rel=0.01)  # Poisson: sd 0.2 % of 280,000
    # One worker, two working days of 8 h, lots of 6 to 16 minutes: between 60 and 160 finished.
    assert 60 <= error.finished * error.weeks <= 160
    # The queue grows by what is not finished.
    assert error.growth == pytest.approx(error.entered - error.finished, abs=2 / error.weeks)
    english, dutch = error.render("en"), error.render("nl")
    assert "the queue at step 'sorting' grows by about" in english and "cannot keep up" in english
    assert "sorting" in dutch and "bijhouden" in dutch


def test_a_centre_that_keeps_up_is_not_stopped():
    # The same centre at 40 lots a week: its queue stays small and the run ends normally.
    result = run_replication(scenario(("people: 4", "people: 1")), 0)
    assert max(result.series["queue.sorting"]) < 100
