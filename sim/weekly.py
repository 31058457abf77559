"""A run's figures week by week, as a centre records them (intake, hours, till, deliveries).

A centre's own records are weekly totals: kg taken in, hours worked, sales. To compare a model
with them (``ambacht calibrate``, ``ambacht backtest``) and to show what the model would have
recorded (``ambacht run --series``), a run takes a snapshot of its cumulative totals at every
week boundary after the warm-up; a week's figure is the difference of two snapshots. Figures
are named by the metric registry (``materials.<id>.kg_in``) but, unlike a run's metrics, are
the total of one week, not scaled to a year. Shares (``contracts.<id>.on_time_share``) are the
share of the orders delivered in that week.
"""

from __future__ import annotations

import bisect
import math
from typing import TYPE_CHECKING

from sim.registry import HOURS_PER_WEEK, pattern_of

if TYPE_CHECKING:
    from sim.model import Centre

RECORDABLE = (
    "materials.<id>.kg_in", "materials.<id>.units_in", "materials.<id>.refused_kg", "materials.<id>.recycled_kg",
    "pools.<id>.hours_worked", "pools.<id>.absent_hours", "pools.<id>.hours_lost_to_missing_supervision",
    "groups.<id>.hours",
    "products.<id>.produced", "products.<id>.sold", "products.<id>.disposed",
    "shop.units_sold", "online.units_sold",
    "contracts.<id>.orders", "contracts.<id>.delivered", "contracts.<id>.on_time_share",
    "impact.kg_in", "impact.kg_reused", "impact.kg_recycled", "impact.kg_wasted", "impact.kg_refused",
    "economics.revenue", "economics.revenue_shop", "economics.revenue_online", "economics.revenue_contracts",
)
"""Metric patterns a week's records can hold: flows a centre counts (and shares of them)."""


def recordable(name: str) -> bool:
    """Whether metric ``name`` (``materials.textiel.kg_in``) is a figure weekly records can hold."""
    return pattern_of(name) in RECORDABLE


def week_starts(warm_up: float, horizon: float) -> list[float]:
    """Clock hours at which the whole weeks after the warm-up start (the last ends by the horizon)."""
    count = int(math.floor((horizon - warm_up) / HOURS_PER_WEEK + 1e-9))
    return [warm_up + HOURS_PER_WEEK * k for k in range(count + 1)]


def _week_of(time: float, bounds: list[float]) -> int | None:
    """Index of the period (week, month) holding clock hour ``time``, or None outside them all."""
    if not bounds or time < bounds[0] or time >= bounds[-1]:
        return None
    return bisect.bisect_right(bounds, time) - 1


def figures(centre: Centre, snapshots: list[dict[str, float]], bounds: list[float]) -> dict[str, list[float]]:
    """Every recordable figure per period: ``snapshots[k]`` are the totals at ``bounds[k]`` (clock
    hours, increasing; whole weeks by default, or the months of monthly records)."""
    weeks = len(snapshots) - 1
    out: dict[str, list[float]] = {}

    def flow(name: str, key: str | list[str]) -> list[float]:
        keys = [key] if isinstance(key, str) else key
        values = [sum(snapshots[k + 1].get(x, 0.0) - snapshots[k].get(x, 0.0) for x in keys) for k in range(weeks)]
        out[name] = values
        return values

    streams = [s.id for s in centre.streams]
    for sid in streams:
        for field in ("kg_in", "units_in", "refused_kg", "recycled_kg"):
            flow(f"materials.{sid}.{field}", f"materials.{sid}.{field}")
    groups: dict[str, list[str]] = {}
    for pool in centre.pools:
        k = f"pools.{pool.id}."
        flow(k + "hours_worked", k + "present_area")
        flow(k + "absent_hours", k + "absent_hours")
        flow(k + "hours_lost_to_missing_supervision", k + "waiting_area")
        groups.setdefault(pool.group_id, []).append(k + "present_area")
    for gid, keys in groups.items():
        flow(f"groups.{gid}.hours", keys)
    channels = ("shop", "online", "contracts")
    for product in centre.products:
        k = f"products.{product.id}."
        flow(k + "produced", k + "produced")
        flow(k + "sold", [k + "sold_" + c for c in channels])
        flow(k + "disposed", k + "disposed")
    products = [p.id for p in centre.products]
    flow("shop.units_sold", [f"products.{p}.sold_shop" for p in products])
    flow("online.units_sold", [f"products.{p}.sold_online" for p in products])
    for channel in channels:
        flow(f"economics.revenue_{channel}", [f"products.{p}.revenue_{channel}" for p in products])
    flow("economics.revenue", [f"products.{p}.revenue_{c}" for p in products for c in channels])
    flow("impact.kg_in", [f"materials.{s}.kg_in" for s in streams])
    flow("impact.kg_refused", [f"materials.{s}.refused_kg" for s in streams])
    flow("impact.kg_recycled", [f"materials.{s}.recycled_kg" for s in streams])
    flow("impact.kg_reused", "impact.kg_reused")
    flow("impact.kg_wasted", "impact.kg_wasted")
    for contract in centre.contracts:
        k = f"contracts.{contract.id}."
        placed = [0.0] * weeks
        delivered = [0.0] * weeks
        on_time = [0.0] * weeks
        for start, lead in contract.completed:
            w = _week_of(start, bounds)
            if w is not None:
                placed[w] += 1
            w = _week_of(start + lead, bounds)
            if w is not None:
                delivered[w] += 1
                on_time[w] += start + lead <= contract.due(start) + 1e-9
        for order in (*contract.open, *contract.cancelled):  # placed that week, still open or cancelled since
            w = _week_of(order.placed, bounds)
            if w is not None:
                placed[w] += 1
        out[k + "orders"] = placed
        out[k + "delivered"] = delivered
        out[k + "on_time_share"] = [o / d if d > 0 else math.nan for o, d in zip(on_time, delivered, strict=True)]
    return out
