"""Timed callbacks on SimPy's kernel: the cheap alternative to a process for a simple chain of events.

A process costs a generator round-trip per event; a chain of callbacks (arrivals, customers,
sampling, a person's work loop) costs one call. Both are ordered by SimPy's heap in the same way:
by time, priority and the order in which they were scheduled, so a chain that schedules its events
when the process did gives the same run.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from heapq import heappop, heappush
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


class Tick:
    """A timed callback of a chain that has at most one event pending at a time, scheduled again
    and again without making a new event: :meth:`after` puts it on SimPy's heap as
    ``env.schedule`` would (time, normal priority, next event id).

    The environment processes it as an event that succeeded: it takes ``callbacks`` (setting
    them to None) and calls them with the tick. Scheduling it while it is pending is a bug.
    """

    __slots__ = ("callbacks", "calls", "env", "queue", "ids")
    _ok = True  # SimPy checks that a processed event did not fail

    def __init__(self, env: Any, callback: Callable[[Any], None]) -> None:
        self.callbacks: list[Callable[[Any], None]] | None = None
        self.calls = [callback]  # never changed: SimPy only reads it, after taking it off the tick
        self.env = env
        self.queue = env._queue
        self.ids = env._eid

    def after(self, delay: float) -> None:
        """Call back after ``delay`` hours (0: now, after the events already due now)."""
        self.callbacks = self.calls
        heappush(self.queue, (self.env._now + delay, NORMAL, next(self.ids), self))

    def at(self, when: float) -> None:
        """Call back at ``when`` (hours); see :func:`at`."""
        self.after(when - self.env._now)


def timer(env: Any, delay: float, callback: Callable[[Any], None]) -> None:
    """Call ``callback(event)`` after ``delay`` hours, as a Timeout with that callback would."""
    tick = Tick(env, callback)
    tick.after(delay)


def start(env: Any, callback: Callable[[Any], None]) -> None:
    """Call ``callback`` now, ordered as the start of a process started at this point would be."""
    Call(env, 0.0, callback, URGENT)


def at(env: Any, when: float, callback: Callable[[Any], None]) -> None:
    """Call ``callback`` at ``when`` (hours). SimPy adds the delay to its clock: a moment in whole
    hours (or any number with few binary digits, as a date, a period's boundary or a week's end)
    is reached exactly; an arbitrary moment more than twice the clock away may be reached one step
    of the floating-point clock early or late (about 1e-13 h at a year), and then no delay at all
    would reach it exactly (checked over thousands of such pairs in tests/sim/test_kernel.py)."""
    Call(env, when - env.now, callback)


def run(env: Any, until: float) -> None:
    """Process events until the clock reaches ``until``, as ``env.run(until=until)`` does: the stop
    is scheduled the same way (urgent, before the events due then), so the events, their order
    and their ids are SimPy's; the loop is compiled instead of a call of ``env.step()`` per event."""
    now: float = env._now
    if until <= now:
        raise ValueError(f"until ({until}) must be greater than the current simulation time")
    stop = Event(env)
    stop._ok = True
    stop._value = None
    env.schedule(stop, URGENT, until - now)
    queue = env._queue
    while queue:
        entry: Any = heappop(queue)
        event: Any = entry[3]
        env._now = entry[0]
        # The callbacks are taken off the event first, as SimPy does: it counts as processed.
        callbacks = event.callbacks
        event.callbacks = None
        if event is stop:
            # SimPy puts the stop back on the heap, first in line, for a run that goes on later.
            stop.callbacks = []
            env.schedule(stop, -1)
            return
        for callback in callbacks:
            callback(event)
        if not event._ok and not hasattr(event, "_defused"):
            # A failed event nobody handled: the run stops with (a copy of) its error, as in SimPy.
            error = event._value
            copy = type(error)(*error.args)
            copy.__cause__ = error
            raise copy
    raise RuntimeError(f"No scheduled events left but the run did not reach {until}")


COLLECT_EVERY = 50_000
"""Container objects made between two runs of the cycle collector's youngest generation while a
run goes on (Python's default is 700: a collection every few hundred events)."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """While a run goes on, the cycle collector runs less often: a run makes and drops many small
    containers (heap entries, lots, orders), and every few hundred of them set off a collection.
    Garbage is still collected, the older generations as before (freezing what existed before the
    run, tried too, kept every finished run's centre alive); the setting is restored afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(COLLECT_EVERY, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
