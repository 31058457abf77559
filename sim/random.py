"""Randomness: one numpy Generator per source of randomness, derived from the scenario seed.

``SeedSequence(seed, spawn_key=(replication, source_id))`` gives every source (the arrivals of
one stream, the work content of one step ...) its own stream of numbers. Source ids are stable
hashes of their names, so two scenarios that share a source share its random numbers (common
random numbers), whatever else differs between them. Draws that belong to one person come from a
stream of that person's seat (pool id and seat number), so adding a person to a pool leaves every
other person's absence, trajectory, outflow and refill delays as they were.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from functools import partial
from typing import Any, cast

import numpy as np

from sim.scenario.distributions import Distribution

BUFFER = 512
"""Draws fetched from numpy at once: one vectorised call instead of hundreds of small ones."""


def source_id(name: str) -> int:
    """The fixed id of a source of randomness (a CRC-32 of its name)."""
    return zlib.crc32(name.encode("utf-8"))


def generator(seed: int, replication: int, name: str, *key: int) -> np.random.Generator:
    """The Generator of source ``name`` in replication ``replication``.

    ``key`` narrows the source to one entity: ``generator(seed, r, "absence:pool", seat)`` is the
    absence stream of one seat of a pool, whatever the pool's head count. Keys are ids (a seat
    number, a sequence number), never a position that shifts when something is added.
    """
    sequence = np.random.SeedSequence(seed, spawn_key=(replication, source_id(name), *key))
    return np.random.Generator(np.random.PCG64(sequence))


def lazy_generator(seed: int, replication: int, name: str, *key: int) -> np.random.Generator:
    """:func:`generator`, made when first drawn from: a centre has hundreds of sources (a few per
    seat, step and product), and many never draw in a run (a fixed value, a seat whose trajectory
    never ends). The numbers are those of the Generator itself."""
    return cast(np.random.Generator, _LazyGenerator(seed, replication, name, key))


class _LazyGenerator:
    __slots__ = ("_seed", "_replication", "_name", "_key", "_rng")

    def __init__(self, seed: int, replication: int, name: str, key: tuple[int, ...]) -> None:
        self._seed, self._replication, self._name, self._key = seed, replication, name, key
        self._rng: np.random.Generator | None = None

    def __getattr__(self, attribute: str) -> Any:
        rng = self._rng
        if rng is None:
            rng = self._rng = generator(self._seed, self._replication, self._name, *self._key)
        return getattr(rng, attribute)


class Sampler:
    """Draws from one distribution (:mod:`sim.scenario.distributions`) with one Generator,
    fetched in blocks for speed.

    Call it for the next value. A fixed value costs nothing; others cost one numpy call per
    :data:`BUFFER` draws.
    """

    __slots__ = ("_draw", "_values", "fixed")

    def __init__(self, dist: Distribution, rng: np.random.Generator) -> None:
        self.fixed: float | None = dist.fixed_value()
        self._draw: Callable[[int], np.ndarray] = partial(dist.draw, rng)
        self._values: list[float] = []  # the next draws, last one first (list.pop is cheapest)

    def __call__(self) -> float:
        if self.fixed is not None:
            return self.fixed
        values = self._values
        if not values:
            values = self._values = self._draw(BUFFER).tolist()
            values.reverse()
        return values.pop()


class Uniforms:
    """Uniform(0, 1) numbers from one Generator, fetched in blocks (for chance decisions)."""

    __slots__ = ("_rng", "_values")

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._values: list[float] = []  # the next draws, last one first (list.pop is cheapest)

    def __call__(self) -> float:
        values = self._values
        if not values:
            values = self._refill()
        return values.pop()

    def take(self, n: int) -> list[float]:
        """The next ``n`` numbers, in order: the same as ``n`` calls."""
        out: list[float] = []
        values = self._values
        while n > 0:
            if not values:
                values = self._refill()
            k = n if n < len(values) else len(values)
            out += values[:-k - 1:-1]
            del values[-k:]
            n -= k
        return out

    def exponential(self, mean: float) -> float:
        values = self._values
        if not values:
            values = self._refill()
        return -mean * math.log(1.0 - values.pop())

    def _refill(self) -> list[float]:
        values = self._values = self._rng.random(BUFFER).tolist()
        values.reverse()
        return values
