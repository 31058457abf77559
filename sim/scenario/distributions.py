"""Random quantities in the scenario language: a distribution by name with its parameters.

``6 min`` alone means a fixed value. Otherwise, for example::

    work_content: {distribution: triangular, min: 5 min, mode: 8 min, max: 20 min}

Each distribution is a small object (as in Ciw): it draws in bulk from a numpy Generator, knows
its mean, variance and support, and describes itself for the reference and the report. Its
parameters are checked once, at load time (``min <= mode <= max``, weights that can be
normalised, a finite mean and variance), so the engine only draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import numpy as np
from pydantic import BeforeValidator, Field, create_model, model_validator

from sim.scenario.base import (
    Duration,
    Mass,
    PositiveDuration,
    PositiveMass,
    Strict,
    Weight,
    number,
    user_error,
)

WEIGHT_TOLERANCE = 1e-9
"""Empirical weights are relative; once divided by their sum the chances must add up to 1 within
this (numbers so small or so far apart that they cannot be are refused at load time)."""

Format = Callable[[float], str]


def _plain(value: float) -> str:
    return f"{value:g}"


class Distribution:
    """What every distribution knows; the scenario models below add the parameters.

    Values are in the base unit of the key (hours, kg or a count).
    """

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    """One line for the reference: what the distribution is."""
    mean_formula: ClassVar[str] = ""
    variance_formula: ClassVar[str] = ""

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` values drawn with ``rng`` (one vectorised numpy call)."""
        raise NotImplementedError

    def expected(self) -> float:
        """The mean."""
        raise NotImplementedError

    def variance(self) -> float:
        raise NotImplementedError

    def support(self) -> tuple[float, float]:
        """(lowest, highest) value a draw can take; ``inf`` when unbounded."""
        raise NotImplementedError

    def fixed_value(self) -> float | None:
        """The value when every draw is the same by definition (``fixed``), else None."""
        return None

    def terms(self, quantity: Format) -> dict[str, str]:
        """The parameters as text, for :meth:`describe`."""
        return {}

    def describe(self, language: str = "en", quantity: Format = _plain) -> str:
        """'triangular between 6 min and 16 min, most often 10 min; mean 10.7 min' (or in Dutch).

        ``quantity`` writes a value in the key's base unit as the reader should see it.
        """
        from sim.messages import render  # the messages module knows the words in both languages

        text = render("describe_" + self.name, self.terms(quantity), language, self.name)
        if self.fixed_value() is not None:
            return text
        return render("describe_mean", {"text": text, "mean": quantity(self.expected())}, language, text)

    def moments_finite(self) -> bool:
        return math.isfinite(self.expected()) and math.isfinite(self.variance())


def _finite(self: Any) -> Any:
    # Parameters within their bounds can still give an endless mean or variance (a huge range
    # squared): refuse those here rather than let the run print NaN.
    low, high = self.support()
    if math.isnan(low) or math.isnan(high) or not self.moments_finite():
        raise user_error("dist_not_finite", "this distribution has no finite mean and variance")
    return self


class Fixed(Distribution):
    if TYPE_CHECKING:  # the scenario models below add these fields
        value: float

    name = "fixed"
    summary = "always the same value"
    mean_formula, variance_formula = "value", "0"

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return np.full(size, float(self.value))

    def expected(self) -> float:
        return float(self.value)

    def variance(self) -> float:
        return 0.0

    def support(self) -> tuple[float, float]:
        return (float(self.value), float(self.value))

    def fixed_value(self) -> float | None:
        return float(self.value)

    def terms(self, quantity: Format) -> dict[str, str]:
        return {"value": quantity(self.value)}


class Exponential(Distribution):
    if TYPE_CHECKING:  # the scenario models below add these fields
        mean: float

    name = "exponential"
    summary = "exponential with the given mean"
    mean_formula, variance_formula = "mean", "mean²"

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.exponential(self.mean, size)

    def expected(self) -> float:
        return float(self.mean)

    def variance(self) -> float:
        return float(self.mean) ** 2

    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def terms(self, quantity: Format) -> dict[str, str]:
        return {}


class Uniform(Distribution):
    if TYPE_CHECKING:  # the scenario models below add these fields
        min: float
        max: float

    name = "uniform"
    summary = "uniform between min and max"
    mean_formula, variance_formula = "(min + max) / 2", "(max − min)² / 12"

    def _check(self) -> Any:
        if self.min > self.max:
            raise user_error("dist_order", "needs {order}", order="min <= max")
        return self

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.uniform(self.min, self.max, size)

    def expected(self) -> float:
        return (self.min + self.max) / 2

    def variance(self) -> float:
        return (self.max - self.min) ** 2 / 12

    def support(self) -> tuple[float, float]:
        return (float(self.min), float(self.max))

    def terms(self, quantity: Format) -> dict[str, str]:
        return {"min": quantity(self.min), "max": quantity(self.max)}


class Triangular(Distribution):
    if TYPE_CHECKING:  # the scenario models below add these fields
        min: float
        mode: float
        max: float

    name = "triangular"
    summary = "triangular with min <= mode <= max"
    mean_formula = "(min + mode + max) / 3"
    variance_formula = "(min² + mode² + max² − min·mode − min·max − mode·max) / 18"

    def _check(self) -> Any:
        if not self.min <= self.mode <= self.max:
            raise user_error("dist_order", "needs {order}", order="min <= mode <= max")
        if self.min == self.max:
            raise user_error("dist_order", "needs {order}", order="min < max")
        return self

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return rng.triangular(self.min, self.mode, self.max, size)

    def expected(self) -> float:
        return (self.min + self.mode + self.max) / 3

    def variance(self) -> float:
        a, c, b = self.min, self.mode, self.max
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18

    def support(self) -> tuple[float, float]:
        return (float(self.min), float(self.max))

    def terms(self, quantity: Format) -> dict[str, str]:
        return {k: quantity(getattr(self, k)) for k in ("min", "mode", "max")}


class Normal(Distribution):
    """Normal, truncated at zero (a duration or mass below zero means nothing)."""

    if TYPE_CHECKING:  # the scenario models below add these fields
        mean: float
        sd: float

    name = "normal"
    summary = "normal with mean and sd, truncated at zero"
    mean_formula = "mean + sd·φ(a)/(1 − Φ(a)), a = −mean/sd"
    variance_formula = "sd²·(1 + a·φ(a)/(1 − Φ(a)) − (φ(a)/(1 − Φ(a)))²)"

    def _lower(self) -> float:
        return (0.0 - float(self.mean)) / float(self.sd)

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        mean, sd = float(self.mean), float(self.sd)
        if sd == 0:
            return np.full(size, max(mean, 0.0))
        from scipy.stats import truncnorm

        # scipy takes only a numpy Generator: one on the same bit generator draws the same numbers
        # (the engine hands out generators made on first use, which scipy does not recognise).
        own = np.random.Generator(rng.bit_generator)
        return np.asarray(truncnorm.rvs(self._lower(), math.inf, loc=mean, scale=sd, size=size, random_state=own))

    def expected(self) -> float:
        if self.sd == 0:
            return max(self.mean, 0.0)
        from scipy.stats import truncnorm

        return float(truncnorm.mean(self._lower(), math.inf, loc=self.mean, scale=self.sd))

    def variance(self) -> float:
        if self.sd == 0:
            return 0.0
        from scipy.stats import truncnorm

        return float(truncnorm.var(self._lower(), math.inf, loc=self.mean, scale=self.sd))

    def moments_finite(self) -> bool:
        # The closed form, so that checking a scenario needs no scipy: finite when mean >= 0
        # (the truncation point lies at or below the mean) and both parameters are finite.
        mean, sd = float(self.mean), float(self.sd)
        return math.isfinite(mean) and math.isfinite(sd) and (sd == 0 or mean >= 0 or -mean / sd < 30)

    def support(self) -> tuple[float, float]:
        if self.sd == 0:
            value = max(float(self.mean), 0.0)
            return (value, value)
        return (0.0, math.inf)

    def terms(self, quantity: Format) -> dict[str, str]:
        return {"mean": quantity(self.mean), "sd": quantity(self.sd)}


class Lognormal(Distribution):
    if TYPE_CHECKING:  # the scenario models below add these fields
        mean: float
        sd: float

    name = "lognormal"
    summary = "lognormal given by its mean and sd"
    mean_formula, variance_formula = "mean", "sd²"

    def _log_parameters(self) -> tuple[float, float]:
        """(mu, sigma squared) of the underlying normal."""
        sigma2 = math.log(1 + (self.sd / self.mean) ** 2)
        return math.log(self.mean) - sigma2 / 2, sigma2

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        mu, sigma2 = self._log_parameters()
        return rng.lognormal(mu, math.sqrt(sigma2), size)

    def moments_finite(self) -> bool:
        # A tiny mean with a large sd has a finite mean and variance but an endless spread
        # of the underlying normal: every draw would be NaN.
        try:
            mu, sigma2 = self._log_parameters()
        except (OverflowError, ValueError, ZeroDivisionError):
            return False
        return super().moments_finite() and math.isfinite(mu) and math.isfinite(sigma2)

    def expected(self) -> float:
        return float(self.mean)

    def variance(self) -> float:
        return float(self.sd) ** 2

    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def terms(self, quantity: Format) -> dict[str, str]:
        return {"sd": quantity(self.sd)}


class Empirical(Distribution):
    if TYPE_CHECKING:  # the scenario models below add these fields
        values: list[float]
        weights: list[float] | None

    name = "empirical"
    summary = "one of the listed values, equally likely or with the given weights"
    mean_formula, variance_formula = "Σ chance·value", "Σ chance·(value − mean)²"

    def _check(self) -> Any:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise user_error("dist_weights", "needs one weight per value ({n} values)", n=len(self.values))
            if sum(self.weights) <= 0:
                raise user_error("dist_weights_sum", "weights must add up to more than 0")
            total = float(self.chances().sum())
            if abs(total - 1.0) > WEIGHT_TOLERANCE:
                raise user_error(
                    "dist_weights_normalise",
                    "these weights cannot be turned into chances that add up to 1 (they give {total})",
                    total=f"{total:.12g}", tolerance=f"{WEIGHT_TOLERANCE:g}",
                )
        return self

    def chances(self) -> np.ndarray:
        """The weights divided by their sum (the chance of each value)."""
        if self.weights is None:
            return np.full(len(self.values), 1.0 / len(self.values))
        weights = np.array(self.weights, dtype=float)
        return weights / weights.sum()

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        values = np.array(self.values, dtype=float)
        chances = None if self.weights is None else self.chances()
        return rng.choice(values, size, p=chances)

    def expected(self) -> float:
        weights = self.weights or [1.0] * len(self.values)
        return sum(v * w for v, w in zip(self.values, weights, strict=True)) / sum(weights)

    def variance(self) -> float:
        mean = self.expected()
        values = np.array(self.values, dtype=float)
        return float(np.sum(self.chances() * (values - mean) ** 2))

    def support(self) -> tuple[float, float]:
        chosen = [v for v, c in zip(self.values, self.chances(), strict=True) if c > 0]
        return (float(min(chosen)), float(max(chosen)))

    def terms(self, quantity: Format) -> dict[str, str]:
        return {"values": ", ".join(quantity(v) for v in self.values[:10]) + (" …" if len(self.values) > 10 else "")}


FORMS: dict[str, type[Distribution]] = {
    d.name: d for d in (Fixed, Exponential, Uniform, Triangular, Normal, Lognormal, Empirical)
}
"""Every distribution by the name a scenario gives it, in the order the reference lists them."""
NAMES = tuple(FORMS)

_EXAMPLES = {"duration": "'6 min'", "mass": "'8 kg'", "count": "3"}


def _make(kind: str, quantity: Any, positive: Any) -> Any:
    prefix = kind.title()
    example = _EXAMPLES[kind]

    def param(what: str) -> Any:
        return Field(description=f"{what}, e.g. {example}")

    parameters: dict[str, dict[str, Any]] = {
        "fixed": {"value": (quantity, param("the value"))},
        "exponential": {"mean": (positive, param("the mean"))},
        "uniform": {"min": (quantity, param("the smallest value")), "max": (quantity, param("the largest value"))},
        "triangular": {
            "min": (quantity, param("the smallest value")),
            "mode": (quantity, param("the most likely value")),
            "max": (quantity, param("the largest value")),
        },
        "normal": {"mean": (quantity, param("the mean")), "sd": (quantity, param("the standard deviation"))},
        "lognormal": {"mean": (positive, param("the mean")), "sd": (positive, param("the standard deviation"))},
        "empirical": {
            "values": (Annotated[list[quantity], Field(min_length=1, max_length=10_000)],
                       param("the values to choose from, a list")),
            "weights": (
                list[Weight] | None,
                Field(None, description="relative chance of each value, e.g. [3, 1] (default: all equal)"),
            ),
        },
    }

    def model(form: type[Distribution]) -> Any:
        def check(self: Any) -> Any:
            if hasattr(form, "_check"):
                form._check(self)
            return _finite(self)

        validators: dict[str, Any] = {"check": model_validator(mode="after")(check)}
        return create_model(  # type: ignore[call-overload]
            f"{prefix}{form.name.title()}",
            __base__=(Strict, form),
            __validators__=validators,
            __doc__=form.summary,
            distribution=(Literal[form.name], Field(description=form.summary)),  # type: ignore[valid-type,arg-type]
            **parameters[form.name],
        )

    models = [model(form) for form in FORMS.values()]
    union = Annotated[
        models[0] | models[1] | models[2] | models[3] | models[4] | models[5] | models[6],  # type: ignore[valid-type]
        Field(discriminator="distribution"),
    ]

    def shorthand(value: Any) -> Any:
        # A bare quantity means a fixed value: ``6 min`` is ``{distribution: fixed, value: 6 min}``.
        if isinstance(value, dict):
            if "distribution" not in value:
                raise user_error(
                    "dist_missing",
                    "a distribution needs 'distribution:' (one of {choices}) or a single value",
                    choices=", ".join(NAMES),
                )
            return value
        return {"distribution": "fixed", "value": value}

    # Editors must accept the shorthand too: a single quantity, or a distribution mapping.
    return Annotated[union, BeforeValidator(shorthand, json_schema_input_type=quantity | union)]


MAX_COUNT = 1_000_000
"""The largest plain number of units (a batch, an order, a supervision ratio)."""
Count = number(ge=0, le=MAX_COUNT)
PositiveCount = number(gt=0, le=MAX_COUNT)
Positive = number(gt=0, le=MAX_COUNT)

DurationDistribution = _make("duration", Duration, PositiveDuration)
MassDistribution = _make("mass", Mass, PositiveMass)
CountDistribution = _make("count", Count, PositiveCount)
