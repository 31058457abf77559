"""The M/M/c queue written by hand in SimPy, the way Ambacht itself works.

Server processes pull customers from a deque; an idle server waits on one shared "work
arrived" event that the arrival process triggers. No process per customer and no
:class:`simpy.Resource`: about two events per customer (an arrival and a service end), the
fairest baseline for an engine built on SimPy with workers pulling from queues. Time is in hours.
"""

from __future__ import annotations

import random
import time
from collections import deque

import simpy


def run(servers: int, arrival_rate: float, service_rate: float, horizon: float, seed: int) -> dict[str, float]:
    """Simulate ``horizon`` hours from empty; customers, mean wait (h) and wall seconds."""
    started = time.perf_counter()
    env = simpy.Environment()
    draws = random.Random(seed)  # the model's own generator, not the global one
    waiting: deque[float] = deque()  # arrival times of customers in the queue
    state = {"wake": env.event(), "idle": 0, "customers": 0}
    waits = [0.0, 0]  # sum of waits (h), customers who started service
    timeout = env.timeout
    service = draws.expovariate

    def server():  # type: ignore[no-untyped-def]
        while True:
            if waiting:
                arrived = waiting.popleft()
                waits[0] += env.now - arrived
                waits[1] += 1
                yield timeout(service(service_rate))
            else:
                state["idle"] += 1
                yield state["wake"]
                state["idle"] -= 1

    def source():  # type: ignore[no-untyped-def]
        arrived = 0
        gap = draws.expovariate
        while True:
            step = gap(arrival_rate)
            if env.now + step >= horizon:
                break
            yield timeout(step)
            arrived += 1
            waiting.append(env.now)
            if state["idle"]:
                # Wake the idle servers; the first to run takes the customer, the others
                # find the queue empty and wait on the next event.
                state["wake"].succeed()
                state["wake"] = env.event()
        state["customers"] = arrived

    for _ in range(servers):
        env.process(server())
    env.process(source())
    env.run(until=horizon)
    wall = time.perf_counter() - started
    return {
        "customers": float(state["customers"]),
        "mean_wait_h": waits[0] / waits[1],
        "wall_seconds": wall,
        "events": float(next(env._eid)),
    }
