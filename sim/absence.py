"""Who is absent on which day: drawn a block of days at a time, as the clock reaches them.

Each seat of a pool (member of a team) has its own stream, ``generator(seed, replication,
source, seat)``, and draws one uniform number per day from the first day on: absent when it is
below the absence chance. Those are the same numbers however many days are drawn at once, so
drawing :data:`BLOCK_DAYS` at a time gives every seat the days it would have had from one draw
over the whole horizon, and a long run holds no more of them than a short one. A block asked out
of order (a look back) is drawn again from fresh streams moved ahead to its first day.
"""

from __future__ import annotations

import numpy as np

from sim.random import generator

BLOCK_DAYS = 56
"""Days drawn at a time (eight weeks)."""


class Absence:
    """Days absent, bool [day, seat], for ``people`` seats of one source."""

    __slots__ = ("_seed", "_replication", "_source", "people", "chance", "_streams", "_next",
                 "_first", "_rows", "_kept")

    def __init__(self, seed: int, replication: int, source: str, people: int, chance: float) -> None:
        self._seed, self._replication, self._source = seed, replication, source
        self.people = people
        self.chance = chance
        self._streams: list[np.random.Generator] | None = None
        self._next = 0  # the block the streams will draw next
        self._kept: dict[int, np.ndarray] = {}
        self._first = 0
        self._rows: list[bytes] = []  # the block in use: a byte per seat (1 = absent) per day
        self._use(0)

    def block(self, index: int) -> np.ndarray:
        """Days ``index * BLOCK_DAYS`` on: bool [BLOCK_DAYS, seat]."""
        found = self._kept.get(index)
        if found is not None:
            return found
        absent = np.zeros((BLOCK_DAYS, self.people), dtype=bool)
        if self.chance > 0 and self.people:
            streams = self._streams
            if streams is None or index != self._next:
                streams = self._streams = [
                    generator(self._seed, self._replication, self._source, seat) for seat in range(self.people)
                ]
                for stream in streams:
                    stream.bit_generator.advance(index * BLOCK_DAYS)  # type: ignore[attr-defined]  # PCG64: one number a day
            for seat, stream in enumerate(streams):
                absent[:, seat] = stream.random(BLOCK_DAYS) < self.chance
        self._next = index + 1
        kept = self._kept
        kept[index] = absent
        if len(kept) > 2:
            del kept[min(kept)]
        return absent

    def days(self, first: int, last: int) -> np.ndarray:
        """Days ``first`` to ``last`` (excluded): bool [day, seat]."""
        if last <= first:
            return np.zeros((0, self.people), dtype=bool)
        blocks = range(first // BLOCK_DAYS, (last - 1) // BLOCK_DAYS + 1)
        offset = first - blocks[0] * BLOCK_DAYS
        return np.concatenate([self.block(b) for b in blocks])[offset:offset + last - first]

    def _use(self, index: int) -> None:
        self._first = index * BLOCK_DAYS
        self._rows = [row.tobytes() for row in self.block(index)]

    def __call__(self, day: int, seat: int) -> int:
        """Whether ``seat`` is absent on day ``day`` (1) or not (0)."""
        i = day - self._first
        if not 0 <= i < BLOCK_DAYS:
            self._use(day // BLOCK_DAYS)
            i = day - self._first
        return self._rows[i][seat]
