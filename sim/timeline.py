"""Open periods made as the clock reaches them: memory flat in the horizon.

A :class:`Timeline` holds the sorted, disjoint periods [start, end) of a function or a schedule
the way :class:`sim.calendar.Intervals` does, but it never holds them all: it makes them from a
stream (the calendar walking day by day) in chunks of :data:`CHUNK` periods and keeps the last
:data:`KEEP` chunks. Lookups ("is it open", "when does it open next", "when does this period
end") are a bisect in the chunk that holds the time asked, as before; the clock only moves
forward, so the chunk asked for is the current one or the next. Asking for an earlier time than
the chunks kept (another run of a shared calendar starting again, a test looking back) makes the
stream again from the start: slower, never different, since a chunk is a pure function of its
index.

The streams here are the eager code's steps, one period at a time: :func:`merged` is the
merging of :class:`sim.calendar.Intervals` over an already sorted stream, and
:func:`intersection` is :meth:`sim.calendar.Intervals.intersect`.
"""

from __future__ import annotations

import math
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator

Period = tuple[float, float]

CHUNK = 64
"""Periods per chunk (a pool's shifts: a few months)."""
KEEP = 4
"""Chunks a timeline keeps: the one at the clock, the next, and two behind for slower readers."""


def merged(periods: Iterable[Period], join_touching: bool = True) -> Iterator[Period]:
    """Periods sorted by start, merged where they overlap (or touch): what ``Intervals`` keeps."""
    current: Period | None = None
    for start, end in periods:
        if end <= start:
            continue
        if current is not None and (start < current[1] or (join_touching and start == current[1])):
            current = (current[0], max(current[1], end))
        else:
            if current is not None:
                yield current
            current = (start, end)
    if current is not None:
        yield current


def with_rates(periods: Iterable[Period], rates: list[tuple[float, float]]) -> Iterator[tuple[float, float, float]]:
    """Each period with the rate that holds in it, as (start, end, rate): ``rates`` are (from,
    rate) in time order, the first from 0; a period that spans a change is cut at its moment."""
    i = 0
    last = len(rates) - 1
    for start, end in periods:
        while i < last and rates[i + 1][0] <= start:
            i += 1
        while i < last and rates[i + 1][0] < end:
            cut = rates[i + 1][0]
            if cut > start:
                yield start, cut, rates[i][1]
                start = cut
            i += 1
        yield start, end, rates[i][1]


def intersection(first: Iterable[Period], second: Iterable[Period]) -> Iterator[Period]:
    """Where two sorted streams of disjoint periods are both open."""
    a, b = iter(first), iter(second)
    x, y = next(a, None), next(b, None)
    while x is not None and y is not None:
        start = max(x[0], y[0])
        end = min(x[1], y[1])
        if start < end:
            yield (start, end)
        if x[1] < y[1]:
            x = next(a, None)
        else:
            y = next(b, None)


class Chunk:
    """Periods ``index * CHUNK`` on of a timeline; ``low`` and ``following`` bound the times
    whose lookup it answers (the first period's start, the next chunk's first start)."""

    __slots__ = ("index", "starts", "ends", "low", "following")

    def __init__(self, index: int, starts: array, ends: array, following: float) -> None:
        self.index = index
        self.starts = starts
        self.ends = ends
        self.low = -math.inf if index == 0 or not starts else starts[0]
        self.following = following


def _index(chunk: Chunk) -> int:
    return chunk.index


class Timeline:
    """Sorted, disjoint open periods made a chunk at a time from ``make()``, a fresh stream of
    them in time order. Same lookups as :class:`sim.calendar.Intervals`."""

    def __init__(self, make: Callable[[], Iterator[Period]]) -> None:
        self._make = make
        self._lock = threading.Lock()  # a shared calendar may serve runs in several threads
        self._kept: dict[int, Chunk] = {}
        self._source: Iterator[Period] | None = None
        self._pending: Period | None = None  # the first period of the next chunk to make
        self._made = 0  # chunks made from the current source
        self._cur = self.chunk(0)

    # --- chunks ---------------------------------------------------------------------------

    def chunk(self, index: int) -> Chunk:
        """Chunk ``index``: kept, made next, or made again from the start of the stream."""
        found = self._kept.get(index)
        if found is not None:
            return found
        with self._lock:
            found = self._kept.get(index)
            if found is not None:
                return found
            if index < self._made or self._source is None:
                self._source = self._make()
                self._pending = next(self._source, None)
                self._made = 0
            while True:
                made = self._next_chunk()
                if made.index == index:
                    return made

    def _next_chunk(self) -> Chunk:
        source = self._source
        assert source is not None
        starts, ends = array("d"), array("d")
        period = self._pending
        while period is not None and len(starts) < CHUNK:
            starts.append(period[0])
            ends.append(period[1])
            period = next(source, None)
        self._pending = period
        made = Chunk(self._made, starts, ends, math.inf if period is None else period[0])
        self._made += 1
        kept = self._kept
        kept.pop(made.index, None)
        kept[made.index] = made
        if len(kept) > KEEP:
            # The chunk made longest ago goes (not the lowest index: after a reader went back to
            # the start, the chunks it makes again are the ones in use, the later ones are not).
            del kept[next(iter(kept))]
        return made

    def _locate(self, t: float) -> Chunk:
        """The chunk holding the last period that starts at or before ``t`` (or the first)."""
        c = self._cur
        if t < c.low:
            # Back: from the latest chunk kept that starts at or before t, else from the first.
            # (Stepping back one chunk at a time would make the stream again from its start for
            # each step: quadratic in the horizon when a reader looks back at the end of a run.)
            with self._lock:  # another run's thread may be making a chunk of a shared timeline
                behind = [k for k in self._kept.values() if k.low <= t]
            c = max(behind, key=_index) if behind else self.chunk(0)
        while t >= c.following:
            c = self.chunk(c.index + 1)
        self._cur = c
        return c

    # --- what Intervals offers ------------------------------------------------------------

    def __iter__(self) -> Iterator[Period]:
        index = 0
        while True:
            c = self.chunk(index)
            yield from zip(c.starts, c.ends, strict=True)
            if c.following == math.inf:
                return
            index += 1

    def is_open(self, t: float) -> bool:
        c = self._cur
        if not c.low <= t < c.following:
            c = self._locate(t)
        i = bisect_right(c.starts, t) - 1
        return i >= 0 and t < c.ends[i]

    def next_open(self, t: float) -> float:
        """``t`` itself when open, else the next opening time (``inf`` when none is left)."""
        c = self._cur
        if not c.low <= t < c.following:
            c = self._locate(t)
        i = bisect_right(c.starts, t) - 1
        if i >= 0 and t < c.ends[i]:
            return t
        return c.starts[i + 1] if i + 1 < len(c.starts) else c.following

    def end_of(self, t: float) -> float:
        """End of the open period that contains ``t`` (``t`` itself when closed)."""
        c = self._cur
        if not c.low <= t < c.following:
            c = self._locate(t)
        i = bisect_right(c.starts, t) - 1
        return c.ends[i] if i >= 0 and t < c.ends[i] else t

    def open_hours(self, start: float = 0.0, end: float = math.inf) -> float:
        total = 0.0
        for s, e in self:
            if s >= end:
                break
            total += max(0.0, min(e, end) - max(s, start))
        return total

    def starts_between(self, first: float, last: float) -> Iterator[float]:
        """Starts of the periods that start in [first, last)."""
        c = self._locate(first)
        while True:
            for s in c.starts:
                if s >= last:
                    return
                if s >= first:
                    yield s
            if c.following == math.inf:
                return
            c = self.chunk(c.index + 1)
