"""Time integrals of a level (queue length, people present): the basis of time averages."""

from __future__ import annotations


class Level:
    """A level that changes at events, with its integral over time kept up to date.

    ``area`` is the integral up to ``last``; :meth:`area_at` brings it up to any later time.
    """

    __slots__ = ("value", "last", "area")

    def __init__(self, value: float = 0.0) -> None:
        self.value = value
        self.last = 0.0
        self.area = 0.0

    def add(self, delta: float, now: float) -> None:
        self.area += self.value * (now - self.last)
        self.last = now
        self.value += delta

    def area_at(self, now: float) -> float:
        return self.area + self.value * (now - self.last)
