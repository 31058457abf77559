"""An existing centre's state: put into a centre before its run starts, or read from one that ran.

:func:`place` fills a new :class:`~sim.model.Centre` with the ``start_state`` of its scenario:
participants part-way through their trajectories (the rest of the places vacant and being
refilled), stock with its age, units waiting at steps (in storage at a stream's first step), and
partners' open orders with the time they were placed.
:func:`end_state` reads the same section from a centre at the current time, so a run can go on
from where another one stopped. :func:`state_problems` checks the section against the scenario
when the file loads, at the line of each problem.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sim.steps import Lot

if TYPE_CHECKING:
    from sim.model import Centre
    from sim.scenario.model import Scenario


def place(centre: Centre) -> float:
    """Put the scenario's ``start_state`` into the centre at time 0; the kg it brings in."""
    state = centre.scenario.start_state
    if state is None:
        return 0.0
    for pool in centre.pools:
        listed = state.participants.get(pool.id)
        if listed is not None:
            pool.elapsed = list(listed)
            pool.in_place_at_start = float(len(listed))
    kg_in = 0.0
    scenario = centre.scenario
    for product in centre.products:
        batches = state.stock.get(product.id, [])
        if not batches:
            continue
        maker = _maker(centre, product.index)
        kg_per_unit = 1.0 if product.by_kg else scenario.materials[centre.streams[maker].id].weight_per_unit.expected()
        # Oldest first, as the stock keeps them.
        for batch in sorted(batches, key=lambda b: -b.age):
            if batch.units <= 0:
                continue
            product.unlisted.append(batch.units, kg_per_unit, -batch.age, maker)
            product.level.add(batch.units, 0.0)
            kg_in += batch.units * kg_per_unit
    # Open partner orders, oldest first (they are served in the order they were placed).
    for contract in centre.contracts:
        listed = [(o, {}) if isinstance(o, float | int) else (o.age, o.still_needs) for o in state.orders.get(contract.id, [])]
        for age, needs in sorted(listed, key=lambda entry: -entry[0]):
            wanted = [float(needs.get(product.id, quantity)) for product, quantity in contract.lines]
            centre.market.place_order(contract, placed=-age, needs=wanted)
    flow = centre.flow
    steps = {step.id: step for step in centre.steps}
    for step_id, per_stream in state.waiting.items():
        step = steps[step_id]
        for stream_id, units in per_stream.items():
            stream = next(candidate for candidate in centre.streams if candidate.id == stream_id)
            route_index, position = _route_through(centre, stream_routes(scenario, stream_id), step.index)
            weight = scenario.materials[stream_id].weight_per_unit.expected()
            left = int(round(units))
            while left > 0:
                n = min(left, stream.lot_size)
                left -= n
                lot = Lot(stream.index, weight * n, float(n), route_index)
                flow.draw(lot)
                lot.position = position
                if position == 0:
                    lot.in_storage = True
                    stream.storage.add(lot.kg, 0.0)
                flow.enter(lot, step, 0.0)
                kg_in += lot.kg
    return kg_in


def _maker(centre: Centre, product: int) -> int:
    """The first stream whose routes end (partly) in the product: the stream its stock came from."""
    for stream in centre.streams:
        for r in stream.grade_routes:
            if any(code == product for code, _ in centre.routes[r].ends):
                return stream.index
    return 0


def stream_routes(scenario: Scenario, stream_id: str) -> list[str]:
    """The routes a stream's material may take: its grades' routes, then where failures send it."""
    found = [g.route for g in scenario.materials[stream_id].grades.values()]
    for route in found:  # grows as failure routes are found
        for step_id in scenario.routes[route].steps:
            success = scenario.steps[step_id].success
            if success is not None and success.on_failure in scenario.routes and success.on_failure not in found:
                found.append(success.on_failure)
    return found


def _route_through(centre: Centre, routes: list[str], step: int) -> tuple[int, int]:
    names = list(centre.scenario.routes)
    for name in routes:
        r = names.index(name)
        steps = centre.routes[r].steps
        if step in steps:
            return r, steps.index(step)
    raise AssertionError("checked when the file loaded: a route of the stream passes the step")


def end_state(centre: Centre) -> dict[str, Any]:
    """The centre's state now, as a ``start_state`` section (plain data, durations in hours)."""
    now = centre.env.now
    participants = {}
    for pool in centre.pools:
        if pool.spec.trajectory is None:
            continue
        participants[pool.id] = [f"{now - since:.6f} h" for since in pool.since if not math.isnan(since)]
    stock: dict[str, list[dict[str, Any]]] = {}
    for product in centre.products:
        batches = []
        for queue in (product.listed, product.unlisted):
            for i in range(queue.head, len(queue.since)):
                batches.append({"units": float(queue.quantity[i]), "age": f"{now - queue.since[i]:.6f} h"})
        if batches:
            stock[product.id] = batches
    waiting: dict[str, dict[str, float]] = {}
    for step in centre.steps:
        counts: dict[str, float] = {}
        for lot in step.queue:
            name = centre.streams[lot.stream].id
            counts[name] = counts.get(name, 0.0) + lot.units
        if counts:
            waiting[step.id] = counts
    orders = {c.id: [_open_order(c, order, now) for order in c.open] for c in centre.contracts if c.open}
    return {"participants": participants, "stock": stock, "waiting": waiting, "orders": orders}


def _open_order(contract: Any, order: Any, now: float) -> Any:
    """An open order as the start state writes it: its age, and what it still needs when part is set aside."""
    age = f"{now - order.placed:.6f} h"
    needs = {product.id: float(rest) for (product, quantity), rest in zip(contract.lines, order.remaining, strict=True)}
    if all(needs[product.id] >= quantity for product, quantity in contract.lines):
        return age
    return {"age": age, "still_needs": needs}


def state_problems(scenario: Scenario) -> list[Any]:
    """What the ``start_state`` names that the scenario does not have, at its line."""
    from sim.scenario.references import Reference, _unknown
    from sim.text import N_

    state = scenario.start_state
    start = scenario.experiment.start
    filling = [Reference(("workforce", pid, "filled_over"), "filled_over_not_opening", {"start": start})
               for pid, pool in scenario.workforce.items() if pool.filled_over is not None and start in ("running", "state")]
    if filling:
        return filling
    if state is None:
        if start == "state":
            return [Reference(("experiment", "start"), "start_without_state", {})]
        return []
    if start != "state":
        return [Reference(("start_state",), "state_without_start", {})]
    problems: list[Any] = []

    def unknown(loc: tuple[Any, ...], what: str, name: str, choices: list[str]) -> None:
        problems.append(_unknown(loc, what, name, choices))

    for pid, listed in state.participants.items():
        pool = scenario.workforce.get(pid)
        if pool is None:
            unknown(("start_state", "participants", pid), N_("pool"), pid, list(scenario.workforce))
        elif len(listed) > pool.people:
            problems.append(Reference(("start_state", "participants", pid), "state_too_many",
                                      {"count": len(listed), "people": pool.people}))
    for product in state.stock:
        if product not in scenario.products:
            unknown(("start_state", "stock", product), N_("product"), product, list(scenario.products))
    for contract, listed in state.orders.items():
        if contract not in scenario.market.contracts:
            unknown(("start_state", "orders", contract), N_("contract"), contract, list(scenario.market.contracts))
            continue
        items = scenario.market.contracts[contract].lines()
        for index, entry in enumerate(listed):
            for product in getattr(entry, "still_needs", {}):
                if product not in items:
                    unknown(("start_state", "orders", contract, index, "still_needs", product), N_("product"), product,
                            list(items))
    for step, per_stream in state.waiting.items():
        if step not in scenario.steps:
            unknown(("start_state", "waiting", step), N_("step"), step, list(scenario.steps))
            continue
        for stream in per_stream:
            material = scenario.materials.get(stream)
            if material is None:
                unknown(("start_state", "waiting", step, stream), N_("stream"), stream, list(scenario.materials))
            elif not any(step in scenario.routes[r].steps for r in stream_routes(scenario, stream)):
                problems.append(Reference(("start_state", "waiting", step, stream), "state_no_route",
                                          {"stream": stream, "step": step}))
    return problems
