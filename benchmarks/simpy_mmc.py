"""The M/M/c queue written by hand in SimPy, the way its tutorial teaches it.

A process per customer and a :class:`simpy.Resource` for the servers: the baseline an engine
built on SimPy is compared with. Time is in hours.
"""

from __future__ import annotations

import random
import time

import simpy


def run(servers: int, arrival_rate: float, service_rate: float, horizon: float, seed: int) -> dict[str, float]:
    """Simulate ``horizon`` hours from empty; customers, mean wait (h) and wall seconds."""
    started = time.perf_counter()
    env = simpy.Environment()
    counter = simpy.Resource(env, capacity=servers)
    draws = random.Random(seed)  # the model's own generator, not the global one
    waits = [0.0, 0]  # sum of waits (h), customers who started service

    def customer(env: simpy.Environment):  # type: ignore[no-untyped-def]
        arrived = env.now
        with counter.request() as request:
            yield request
            waits[0] += env.now - arrived
            waits[1] += 1
            yield env.timeout(draws.expovariate(service_rate))

    def source(env: simpy.Environment):  # type: ignore[no-untyped-def]
        arrived = 0
        while True:
            gap = draws.expovariate(arrival_rate)
            if env.now + gap >= horizon:
                break
            yield env.timeout(gap)
            arrived += 1
            env.process(customer(env))
        stats["customers"] = arrived

    stats: dict[str, float] = {}
    env.process(source(env))
    env.run(until=horizon)
    wall = time.perf_counter() - started
    return {
        "customers": float(stats["customers"]),
        "mean_wait_h": waits[0] / waits[1],
        "wall_seconds": wall,
        "events": float(next(env._eid)),
    }
