"""Social value by the SROI method: outcomes per stakeholder with a financial proxy, net of
deadweight, displacement and attribution, lasting a benefit period with drop-off, against the
present value of every euro put in.

For an outcome first reached in year s with value V = quantity x proxy, its value in year s + k
(k = 0 .. period - 1) is V (1 - deadweight) (1 - displacement) (1 - attribution) (1 - drop_off)^k;
drop-off only touches the years after the first. Year y is discounted by (1 + r)^(y - 1), also
beyond the horizon. SROI = present value of outcomes / present value of inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.economics.ledger import carried_outcomes, net_present_value


@dataclass(frozen=True)
class Outcome:
    """One outcome for one stakeholder: its gross value (quantity x proxy, EUR) first reached in each year."""

    name: str
    stakeholder: str
    values: list[float]  # EUR, index 0 = year 1
    deadweight: float = 0.0
    displacement: float = 0.0
    attribution: float = 0.0
    drop_off: float = 0.0
    period: int = 1  # years the outcome lasts, its first included

    def net_values(self) -> list[float]:
        """Value per year (beyond the horizon when it lasts), net of the four factors."""
        net = (1.0 - self.deadweight) * (1.0 - self.displacement) * (1.0 - self.attribution)
        return carried_outcomes([v * net for v in self.values], self.period, self.drop_off)


@dataclass(frozen=True)
class Sroi:
    """Present values (EUR of year 1) and their ratio; per stakeholder the value of its outcomes."""

    value: float
    inputs: float
    by_stakeholder: dict[str, float]

    @property
    def ratio(self) -> float:
        return self.value / self.inputs if self.inputs > 0 else float("nan")


def sroi(outcomes: list[Outcome], inputs: list[float], rate: float) -> Sroi:
    """SROI of ``outcomes`` against ``inputs`` (EUR put in per year, index 0 = year 1)."""
    by: dict[str, float] = {}
    for outcome in outcomes:
        by[outcome.stakeholder] = by.get(outcome.stakeholder, 0.0) + net_present_value(outcome.net_values(), rate)
    return Sroi(sum(by.values()), net_present_value(inputs, rate), by)
