"""Random quantities in the scenario language: a distribution by name with its parameters.

``6 min`` alone means a fixed value. Otherwise, for example::

    work_content: {distribution: triangular, min: 5 min, mode: 8 min, max: 20 min}

Every distribution is checked at load time (``min <= mode <= max``, ``sd > 0`` ...), and knows its
own mean, so a scenario can be summarised without running it.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, create_model, model_validator

from sim.scenario.base import Duration, Mass, PositiveDuration, PositiveMass, Strict, user_error

NAMES = ("fixed", "exponential", "uniform", "triangular", "normal", "lognormal", "empirical")


def _check_uniform(self: Any) -> Any:
    if self.min > self.max:
        raise user_error("dist_order", "needs {order}", order="min <= max")
    return self


def _check_triangular(self: Any) -> Any:
    if not self.min <= self.mode <= self.max:
        raise user_error("dist_order", "needs {order}", order="min <= mode <= max")
    if self.min == self.max:
        raise user_error("dist_order", "needs {order}", order="min < max")
    return self


def _check_empirical(self: Any) -> Any:
    if self.weights is not None:
        if len(self.weights) != len(self.values):
            raise user_error(
                "dist_weights", "needs one weight per value ({n} values)", n=len(self.values)
            )
        if sum(self.weights) <= 0:
            raise user_error("dist_weights_sum", "weights must add up to more than 0")
    return self


class _DistributionMixin:
    """Mean of any distribution model, in the base unit."""

    def expected(self) -> float:
        d: Any = self
        name = d.distribution
        if name == "fixed":
            return float(d.value)
        if name in ("exponential", "lognormal"):
            return float(d.mean)
        if name == "uniform":
            return (d.min + d.max) / 2
        if name == "triangular":
            return (d.min + d.mode + d.max) / 3
        if name == "normal":  # truncated at zero
            if d.sd == 0:
                return max(d.mean, 0.0)
            from scipy.stats import truncnorm

            a = (0 - d.mean) / d.sd
            return float(truncnorm.mean(a, math.inf, loc=d.mean, scale=d.sd))
        weights = d.weights or [1.0] * len(d.values)
        return sum(v * w for v, w in zip(d.values, weights, strict=True)) / sum(weights)


_EXAMPLES = {"duration": "'6 min'", "mass": "'8 kg'", "count": "3"}


def _make(kind: str, quantity: Any, positive: Any) -> Any:
    prefix = kind.title()
    example = _EXAMPLES[kind]

    def param(what: str) -> Any:
        return Field(description=f"{what}, e.g. {example}")

    def model(name: str, doc: str, validators: dict[str, Any] | None = None, **fields: Any) -> Any:
        cls = create_model(  # type: ignore[call-overload,type-var]
            f"{prefix}{name.title()}",
            __base__=(Strict, _DistributionMixin),
            __validators__=validators or {},
            __doc__=doc,
            distribution=(Literal[name], Field(description=doc)),  # type: ignore[arg-type]  # built at run time
            **fields,
        )
        return cls

    fixed = model("fixed", "always the same value", value=(quantity, param("the value")))
    exponential = model("exponential", "exponential with the given mean", mean=(positive, param("the mean")))
    uniform = model(
        "uniform",
        "uniform between min and max",
        {"check": model_validator(mode="after")(_check_uniform)},
        min=(quantity, param("the smallest value")),
        max=(quantity, param("the largest value")),
    )
    triangular = model(
        "triangular",
        "triangular with min <= mode <= max",
        {"check": model_validator(mode="after")(_check_triangular)},
        min=(quantity, param("the smallest value")),
        mode=(quantity, param("the most likely value")),
        max=(quantity, param("the largest value")),
    )
    normal = model(
        "normal", "normal with mean and sd, truncated at zero",
        mean=(quantity, param("the mean")), sd=(quantity, param("the standard deviation")),
    )
    lognormal = model(
        "lognormal", "lognormal given by its mean and sd",
        mean=(positive, param("the mean")), sd=(positive, param("the standard deviation")),
    )
    empirical = model(
        "empirical",
        "one of the listed values, equally likely or with the given weights",
        {"check": model_validator(mode="after")(_check_empirical)},
        values=(Annotated[list[quantity], Field(min_length=1, max_length=10_000)], param("the values to choose from, a list")),
        weights=(
            list[Annotated[float, Field(ge=0, allow_inf_nan=False)]] | None,
            Field(None, description="relative chance of each value, e.g. [3, 1] (default: all equal)"),
        ),
    )
    union = Annotated[
        fixed | exponential | uniform | triangular | normal | lognormal | empirical,  # type: ignore[valid-type]
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


Count = Annotated[float, Field(ge=0, allow_inf_nan=False)]
PositiveCount = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]

DurationDistribution = _make("duration", Duration, PositiveDuration)
MassDistribution = _make("mass", Mass, PositiveMass)
CountDistribution = _make("count", Count, PositiveCount)
