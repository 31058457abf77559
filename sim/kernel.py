"""Timed callbacks on SimPy's kernel: the cheap alternative to a process for a simple chain of events.

A process costs a generator round-trip per event; a chain of callbacks (arrivals, customers,
sampling) costs one call. Both are ordered by SimPy's heap in the same way: by time, priority and
the order in which they were scheduled, so a chain that schedules its events when the process
did gives the same run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from simpy.events import NORMAL, URGENT, Event


class Call(Event):
    """An event, triggered on creation, that calls ``callback(event)`` after ``delay`` hours."""

    def __init__(self, env: Any, delay: float, callback: Callable[[Any], None], priority: int = NORMAL) -> None:
        # Inlined Event.__init__ and succeed(), as simpy.Timeout does, for speed.
        self.env = env
        self.callbacks: Any = [callback]
        self._value = None
        self._ok = True
        env.schedule(self, priority, delay)


def start(env: Any, callback: Callable[[Any], None]) -> None:
    """Call ``callback`` now, ordered as the start of a process started at this point would be."""
    Call(env, 0.0, callback, URGENT)


def at(env: Any, when: float, callback: Callable[[Any], None]) -> None:
    """Call ``callback`` at exactly ``when`` (hours): SimPy adds the delay to its clock, and
    ``now + (when - now)`` can differ from ``when`` in the last bit, so the delay is corrected."""
    now = env.now
    delay = when - now
    if now + delay != when:
        delay = exact_delay(now, when)
    Call(env, delay, callback)


def exact_delay(now: float, when: float) -> float:
    """A delay ``d >= 0`` with ``now + d == when`` in floating point (the nearest when none exists)."""
    delay = when - now
    for direction in (math.inf, -math.inf):
        d = delay
        for _ in range(4):
            d = math.nextafter(d, direction)
            if d >= 0 and now + d == when:
                return d
    return delay
