"""Who pays and who gains: a ledger per stakeholder per year, NPV, payback and social value.

Pure bookkeeping on plain numbers, so a hand calculation can check it. Every amount is an
:class:`Entry` from a payer to a receiver (a stakeholder id or :data:`OUTSIDE`), so the ledger
balances by construction: what one party pays, another receives, or it leaves the system
(customers, employees, suppliers, the state's benefit system are "outside").

Conventions (stated in docs/business-case.md):
* years are numbered 1..N; year 1 is not discounted, year y is discounted by (1 + r)^(y - 1);
* the payback year is the first year in which the cumulative (undiscounted) net cash flow of all
  named stakeholders together is at least zero, or None when that never happens;
* outcomes that last (:func:`carried_outcomes`) drop off by a share a year after their first;
  social value itself is :mod:`analysis.economics.sroi`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

OUTSIDE = "outside"


@dataclass(frozen=True)
class Entry:
    """One amount (EUR) in one year from a payer to a receiver, for one line of the budget."""

    year: int
    line: str
    payer: str
    receiver: str
    amount: float


@dataclass(frozen=True)
class Position:
    """One stakeholder in one year: what it paid, what it received, and the difference."""

    year: int
    stakeholder: str
    paid: float
    received: float

    @property
    def net(self) -> float:
        return self.received - self.paid


def positions(entries: list[Entry], parties: list[str], years: int) -> list[Position]:
    """Paid and received per party (``outside`` included) per year, every combination present."""
    paid: dict[tuple[int, str], float] = defaultdict(float)
    received: dict[tuple[int, str], float] = defaultdict(float)
    for e in entries:
        # A negative amount is a flow the other way (a loss-making line): book it as such.
        payer, receiver, amount = (e.payer, e.receiver, e.amount) if e.amount >= 0 else (e.receiver, e.payer, -e.amount)
        paid[(e.year, payer)] += amount
        received[(e.year, receiver)] += amount
    return [Position(y, p, paid[(y, p)], received[(y, p)]) for y in range(1, years + 1) for p in [*parties, OUTSIDE]]


def discount_factor(year: int, rate: float) -> float:
    """What a euro in business-case year ``year`` is worth in year 1."""
    return 1.0 / (1.0 + rate) ** (year - 1)


def net_present_value(flows: list[float], rate: float) -> float:
    """NPV of yearly amounts, the first of year 1."""
    return sum(amount * discount_factor(year, rate) for year, amount in enumerate(flows, start=1))


def payback_year(flows: list[float]) -> int | None:
    """First year (1-based) in which the cumulative amount is at least zero; None when never.

    A case that starts in the black pays back in year 1.
    """
    total = 0.0
    for year, amount in enumerate(flows, start=1):
        total += amount
        if total >= -1e-6:
            return year
    return None


def self_supporting_year(flows: list[float]) -> int | None:
    """First year from which every remaining yearly amount is at least zero; None when never."""
    found = None
    for year in range(len(flows), 0, -1):
        if flows[year - 1] < -1e-6:
            break
        found = year
    return found


def carried_outcomes(new_per_year: list[float], duration: int, drop_off: float) -> list[float]:
    """Yearly value of outcomes that last: an outcome first worth V in year y is worth
    V (1 - drop_off)^k in year y + k for k < ``duration``. Returns one value per year up to the
    last year any outcome still counts (beyond the horizon when ``duration`` > 1)."""
    length = len(new_per_year) + duration - 1
    out = [0.0] * length
    for year, value in enumerate(new_per_year):
        for k in range(duration):
            out[year + k] += value * (1.0 - drop_off) ** k
    return out
