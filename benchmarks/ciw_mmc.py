"""The M/M/c queue in Ciw, the queueing-network library: its own idiomatic model.

Ciw draws from Python's global ``random`` (seeded by ``ciw.seed``); that is its API, not ours.
Time is in hours. The wall time covers building the network and simulating; reading the
records for the mean wait afterwards is not timed.
"""

from __future__ import annotations

import time

import ciw


def run(servers: int, arrival_rate: float, service_rate: float, horizon: float, seed: int) -> dict[str, float]:
    """Simulate ``horizon`` hours from empty; customers, mean wait (h) and wall seconds."""
    started = time.perf_counter()
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=arrival_rate)],
        service_distributions=[ciw.dists.Exponential(rate=service_rate)],
        number_of_servers=[servers],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(horizon)
    wall = time.perf_counter() - started
    records = simulation.get_all_records()
    waits = [r.waiting_time for r in records]
    # Arrivals: completed customers plus those still waiting or in service at the horizon.
    in_system = sum(len(node.all_individuals) for node in simulation.transitive_nodes)
    return {
        "customers": float(len(records) + in_system),
        "mean_wait_h": sum(waits) / len(waits),
        "wall_seconds": wall,
    }
