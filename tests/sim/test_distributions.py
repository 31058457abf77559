"""Distributions as objects: bulk draws agree with the mean, variance and support they state."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from sim.scenario.distributions import FORMS, CountDistribution, DurationDistribution

DURATION = TypeAdapter(DurationDistribution)
COUNT = TypeAdapter(CountDistribution)

CASES = [
    {"distribution": "exponential", "mean": "2 h"},
    {"distribution": "uniform", "min": "1 h", "max": "3 h"},
    {"distribution": "triangular", "min": "1 h", "mode": "2 h", "max": "6 h"},
    {"distribution": "normal", "mean": "1 h", "sd": "1 h"},
    {"distribution": "lognormal", "mean": "2 h", "sd": "1 h"},
    {"distribution": "empirical", "values": ["1 h", "2 h", "5 h"], "weights": [3, 2, 1]},
]


@pytest.mark.parametrize("spec", CASES, ids=[c["distribution"] for c in CASES])
def test_draws_agree_with_the_stated_mean_variance_and_support(spec):
    dist = DURATION.validate_python(spec)
    draws = dist.draw(np.random.default_rng(7), 200_000)
    low, high = dist.support()
    assert draws.min() >= low and draws.max() <= high
    # 200,000 draws: the sample mean lies within 5 standard errors of the stated mean.
    assert abs(draws.mean() - dist.expected()) < 5 * math.sqrt(dist.variance() / len(draws))
    assert draws.var() == pytest.approx(dist.variance(), rel=0.03)


def test_a_fixed_value_is_drawn_without_randomness_and_has_no_variance():
    dist = DURATION.validate_python("30 min")
    assert dist.fixed_value() == 0.5 and dist.variance() == 0 and dist.support() == (0.5, 0.5)
    assert list(dist.draw(np.random.default_rng(1), 3)) == [0.5, 0.5, 0.5]


def test_each_distribution_describes_itself_in_english_and_dutch():
    dist = DURATION.validate_python({"distribution": "triangular", "min": "6 min", "mode": "10 min", "max": "20 min"})
    minutes = lambda hours: f"{hours * 60:g} min"  # noqa: E731
    assert dist.describe("en", minutes) == "triangular between 6 min and 20 min, most often 10 min; mean 12 min"
    assert dist.describe("nl", minutes) == "driehoekig tussen 6 min en 20 min, meestal 10 min; gemiddeld 12 min"
    for name in FORMS:
        spec = next((c for c in CASES if c["distribution"] == name), "1 h")
        assert DURATION.validate_python(spec).describe("nl")  # every form has its Dutch words


def test_weights_are_relative_and_normalised():
    dist = COUNT.validate_python({"distribution": "empirical", "values": [1, 2], "weights": [0.333, 0.666]})
    assert dist.chances().sum() == pytest.approx(1.0, abs=1e-12)
    assert dist.expected() == pytest.approx(5 / 3)


@pytest.mark.parametrize("weights", [[1e308, 1e308], [1e7, 1]])
def test_weights_that_cannot_be_normalised_are_refused(weights):
    # Weights whose sum overflows once reached numpy as "probabilities do not sum to 1".

    with pytest.raises(ValidationError) as error:
        COUNT.validate_python({"distribution": "empirical", "values": [1, 2], "weights": weights})
    assert error.value.errors()[0]["type"] in ("dist_weights_normalise", "less_than_equal")
