"""What a run tells: cumulative totals, the measured window, and the flat metric namespace.

Counters in the engine are cumulative over the whole run. At the end of the warm-up a snapshot
of all totals is taken; a metric is the difference between the end and that snapshot, so the
hot path never checks whether the warm-up is over. Every metric is first taken over the
measured window; then each flow the registry (:mod:`sim.registry`) marks ``per year`` is scaled
to one year, so kg, hours and money share one time base. See ``docs/metrics.md`` for every name.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.registry import HOURS_PER_WEEK, TimeBase, lookup, year_factor

if TYPE_CHECKING:
    from sim.model import Centre
    from sim.supervision import Team


def totals(centre: Centre) -> dict[str, float]:
    """Every cumulative counter and time integral, brought up to the current time."""
    now = centre.env.now
    t: dict[str, float] = {}
    for step in centre.steps:
        k = f"steps.{step.id}."
        t[k + "queue_area"] = step.queue_level.area_at(now)
        t[k + "busy_area"] = step.busy_level.area_at(now)
        t[k + "wait_sum"] = step.wait_sum
        t[k + "first_wait_sum"] = step.first_wait_sum
        t[k + "able_area"] = step.able_level.area_at(now)
        t[k + "waits"] = step.waits
        t[k + "entries"] = step.entries
        t[k + "completions"] = step.completions
        t[k + "failures"] = step.failures
        t[k + "place_refusals"] = step.place_refusals
    for pool in centre.pools:
        k = f"pools.{pool.id}."
        t[k + "present_area"] = pool.present.area_at(now)
        t[k + "busy_area"] = pool.busy.area_at(now)
        t[k + "waiting_area"] = pool.waiting.area_at(now)
        t[k + "filled_area"] = pool.filled.area_at(now)
        t[k + "filled"] = pool.filled.value
        t[k + "absent_hours"] = pool.absent_hours
        t[k + "day_parts"] = pool.day_parts
        t[k + "starts"] = pool.starts
        for destination, n in pool.outflow.items():
            t[k + "outflow_" + destination] = n
    for team in centre.teams:
        k = f"supervisors.{team.id}."
        t[k + "used_area"] = team.used_level.area_at(now)
        t[k + "busy_area"] = team.busy_level.area_at(now)
        t[k + "present_hours"] = team.present_hours_until(now)
    for stream in centre.streams:
        k = f"materials.{stream.id}."
        t[k + "kg_in"] = stream.kg_in
        t[k + "units_in"] = stream.units_in
        t[k + "refused_kg"] = stream.refused_kg
        t[k + "refused_units"] = stream.refused_units
        t[k + "recycled_kg"] = stream.recycled_kg
        t[k + "storage_area"] = stream.storage.area_at(now)
    for product in centre.products:
        k = f"products.{product.id}."
        t[k + "produced"] = product.produced
        t[k + "stock_area"] = product.level.area_at(now)
        t[k + "disposed"] = product.disposed
        t[k + "age_sum"] = product.age_sum
        t[k + "markdowns"] = product.markdowns
        for channel in ("shop", "online", "contracts"):
            t[k + "sold_" + channel] = product.sold[channel]
            t[k + "revenue_" + channel] = product.revenue[channel]
        for channel in ("shop", "online"):
            t[k + "demanded_" + channel] = product.demanded[channel]
    for contract in centre.contracts:
        t[f"contracts.{contract.id}.backlog_area"] = contract.backlog.area_at(now)
        t[f"contracts.{contract.id}.revenue"] = contract.revenue
    flow, market = centre.flow, centre.market
    t["impact.kg_reused"] = market.sold_kg
    t["impact.co2_reused"] = market.co2_avoided
    t["impact.kg_wasted"] = flow.wasted_kg + market.disposed_wasted_kg
    return t


def derive(centre: Centre, start: dict[str, float], end: dict[str, float], begin: float | None = None) -> dict[str, float]:
    """The flat metric namespace of a window of the run, flows per year.

    The window runs from ``begin`` (the end of the warm-up unless given) to now; ``start`` and
    ``end`` are the totals at its two ends (``start`` empty when it begins at 0).
    """
    s = centre.scenario
    if begin is None:
        begin = centre.warm_up
        window = centre.horizon - centre.warm_up
    else:
        window = centre.env.now - begin
    per_year = year_factor(window)
    d = {k: end[k] - start.get(k, 0.0) for k in end}
    m: dict[str, float] = {"run.measured_hours": window}
    # Not yet published school holidays are projected: a result that rests on them says so.
    m["run.projected_school_holiday_days"] = float(centre.calendar.projected_school_holiday_days)

    # Queue and wait average over clock hours (nights and weekends included), and the wait
    # includes the time a paused lot spends back in the queue: Little's law holds per step.
    # Utilisation: busy hours over the hours that could have been worked at the step (at every
    # moment the present people with the skill, at most the work places), so never above 1.
    for step in centre.steps:
        k = f"steps.{step.id}."
        busy_mean = d[k + "busy_area"] / window
        m[k + "wait_mean"] = _ratio(d[k + "wait_sum"], d[k + "waits"])
        m[k + "first_wait_mean"] = _ratio(d[k + "first_wait_sum"], d[k + "waits"])
        m[k + "queue_mean"] = d[k + "queue_area"] / window
        m[k + "queue_end"] = float(len(step.queue))
        m[k + "busy_mean"] = busy_mean
        m[k + "available_hours"] = d[k + "able_area"]
        m[k + "utilisation"] = _share(d[k + "busy_area"], d[k + "able_area"])
        m[k + "arrivals_per_week"] = d[k + "entries"] / window * HOURS_PER_WEEK
        m[k + "throughput_per_week"] = d[k + "completions"] / window * HOURS_PER_WEEK
        m[k + "failure_share"] = _ratio(d[k + "failures"], d[k + "completions"])
        m[k + "place_refusals_per_week"] = d[k + "place_refusals"] / window * HOURS_PER_WEEK

    groups: dict[str, dict[str, float]] = {g: {} for g in s.target_groups}
    for pool in centre.pools:
        k = f"pools.{pool.id}."
        present = d[k + "present_area"]
        m[k + "hours_worked"] = present
        m[k + "busy_hours"] = d[k + "busy_area"]
        m[k + "idle_hours"] = present - d[k + "busy_area"]
        m[k + "utilisation"] = _share(d[k + "busy_area"], present)
        m[k + "hours_lost_to_missing_supervision"] = d[k + "waiting_area"]
        m[k + "absent_hours"] = d[k + "absent_hours"]
        # An opening centre's first occupants are counted as starts, not as people in place.
        filled_at_start = start[k + "filled"] if start else pool.in_place_at_start
        # Per year once scaled below: the people in place at the start plus a year's starts.
        m[k + "people_served"] = filled_at_start / per_year + d[k + "starts"]
        m[k + "people_in_place"] = d[k + "filled_area"] / window
        for destination in ("job", "education", "other"):
            m[k + "outflow_to_" + destination] = d[k + "outflow_" + destination]
        g = groups[pool.group_id]
        group = pool.group
        income = (
            d[k + "day_parts"] * group.tariff_per_day_part
            + d[k + "filled_area"] * group.subsidy
            + d[k + "starts"] * group.fee_per_trajectory
        )
        for key, value in (
            ("hours", present), ("hours_lost_to_missing_supervision", d[k + "waiting_area"]),
            ("people_served", m[k + "people_served"]), ("outflow_to_job", d[k + "outflow_job"]),
            ("outflow_to_education", d[k + "outflow_education"]), ("outflow_to_other", d[k + "outflow_other"]),
            ("income", income), ("benefit_savings", d[k + "outflow_job"] * group.benefit_saving_per_job * (1.0 - group.deadweight)),
            ("wage_cost", present * pool.spec.wage), ("allowance_cost", present * pool.spec.allowance),
        ):
            g[key] = g.get(key, 0.0) + value
    for gid, values in groups.items():
        for key, value in values.items():
            m[f"groups.{gid}.{key}"] = value

    supervisor_cost = 0.0
    for team in centre.teams:
        k = f"supervisors.{team.id}."
        present = d[k + "present_hours"]
        m[k + "present_hours"] = present
        m[k + "supervision_hours"] = d[k + "used_area"]
        m[k + "productive_hours"] = d[k + "busy_area"]
        m[k + "utilisation"] = _share(d[k + "used_area"] + d[k + "busy_area"], present)
        m[k + "cost"] = _team_cost(team, begin, window)
        supervisor_cost += m[k + "cost"]

    kg_in = refused = recycled = co2_recycled = 0.0
    for stream in centre.streams:
        k = f"materials.{stream.id}."
        for key in ("kg_in", "units_in", "refused_kg", "refused_units", "recycled_kg"):
            m[k + key] = d[k + key]
        m[k + "storage_mean_kg"] = d[k + "storage_area"] / window
        m[k + "refused_share"] = _ratio(d[k + "refused_kg"], d[k + "kg_in"])
        kg_in += d[k + "kg_in"]
        refused += d[k + "refused_kg"]
        recycled += d[k + "recycled_kg"]
        co2_recycled += d[k + "recycled_kg"] * stream.spec.co2_per_kg_recycled

    revenue = {"shop": 0.0, "online": 0.0, "contracts": 0.0}
    demanded = {"shop": 0.0, "online": 0.0}
    sold = {"shop": 0.0, "online": 0.0}
    for product in centre.products:
        k = f"products.{product.id}."
        sold_total = sum(d[k + "sold_" + c] for c in ("shop", "online", "contracts"))
        m[k + "produced"] = d[k + "produced"]
        m[k + "sold"] = sold_total
        for channel in ("shop", "online", "contracts"):
            m[k + "sold_" + channel] = d[k + "sold_" + channel]
            revenue[channel] += d[k + "revenue_" + channel]
        for channel in ("shop", "online"):
            demanded[channel] += d[k + "demanded_" + channel]
            sold[channel] += d[k + "sold_" + channel]
        m[k + "stock_mean"] = d[k + "stock_area"] / window
        m[k + "stock_end"] = product.level.value
        m[k + "disposed"] = d[k + "disposed"]
        m[k + "age_sold_mean"] = _ratio(d[k + "age_sum"], sold_total)
        m[k + "markdown_share"] = _ratio(d[k + "markdowns"], sold_total)
    m["shop.fill_rate"] = _ratio(sold["shop"], demanded["shop"])
    m["shop.lost_sales"] = demanded["shop"] - sold["shop"]
    m["shop.units_sold"] = sold["shop"]
    m["online.fill_rate"] = _ratio(sold["online"], demanded["online"])
    m["online.units_sold"] = sold["online"]

    for contract in centre.contracts:
        _contract_metrics(m, contract, begin, centre.env.now, window, d)

    kg_recycled = recycled
    m["impact.kg_in"] = kg_in
    m["impact.kg_reused"] = d["impact.kg_reused"]
    m["impact.kg_recycled"] = kg_recycled
    m["impact.kg_wasted"] = d["impact.kg_wasted"]
    m["impact.kg_refused"] = refused
    m["impact.reuse_share"] = _ratio(d["impact.kg_reused"], d["impact.kg_reused"] + kg_recycled + d["impact.kg_wasted"])
    m["impact.co2_avoided_kg"] = d["impact.co2_reused"] + co2_recycled
    participants = [p for p in centre.pools if p.group.supervision_ratio]
    m["impact.participant_hours"] = sum(m[f"pools.{p.id}.hours_worked"] for p in participants)
    m["impact.people_served"] = sum(m[f"pools.{p.id}.people_served"] for p in participants)
    m["impact.outflow_to_job"] = sum(m[f"pools.{p.id}.outflow_to_job"] for p in centre.pools)
    m["impact.hours_lost_to_missing_supervision"] = sum(
        m[f"pools.{p.id}.hours_lost_to_missing_supervision"] for p in centre.pools
    )

    economics = s.economics
    total_revenue = sum(revenue.values())
    income = sum(v.get("income", 0.0) for v in groups.values())
    wage_cost = sum(v.get("wage_cost", 0.0) for v in groups.values())
    allowance_cost = sum(v.get("allowance_cost", 0.0) for v in groups.values())
    recycling_revenue = kg_recycled * economics.recycling_revenue
    waste_cost = d["impact.kg_wasted"] * economics.disposal_cost
    overhead = economics.overhead * window
    # Work places cost per place whether used or not; an 'unlimited' step has no count to pay for.
    work_place_cost = _place_cost(centre, begin, window)
    e = "economics."
    for channel, value in revenue.items():
        m[e + "revenue_" + channel] = value
    m[e + "revenue"] = total_revenue
    m[e + "income_target_groups"] = income
    m[e + "recycling_revenue"] = recycling_revenue
    m[e + "wage_cost"] = wage_cost
    m[e + "staff_cost"] = wage_cost + supervisor_cost
    m[e + "supervisor_cost"] = supervisor_cost
    m[e + "participant_cost"] = allowance_cost
    m[e + "overhead"] = overhead
    m[e + "work_place_cost"] = work_place_cost
    m[e + "waste_cost"] = waste_cost
    m[e + "costs"] = wage_cost + supervisor_cost + allowance_cost + overhead + work_place_cost + waste_cost
    m[e + "net_result"] = total_revenue + income + recycling_revenue - m[e + "costs"]
    m[e + "benefit_savings"] = sum(v.get("benefit_savings", 0.0) for v in groups.values())
    m[e + "disposal_cost_avoided"] = d["impact.kg_reused"] * economics.disposal_cost
    m[e + "social_result"] = m[e + "net_result"] + m[e + "benefit_savings"] + m[e + "disposal_cost_avoided"]
    return to_year(m, per_year)


def to_year(metrics: dict[str, float], per_year: float) -> dict[str, float]:
    """Scale every metric the registry marks per year from the measured window to one year."""
    for name, value in metrics.items():
        if lookup(name).time_base is TimeBase.PER_YEAR:
            metrics[name] = value * per_year
    return metrics


def _team_cost(team: Team, begin: float, window: float) -> float:
    """What the team costs over the window: its members per phase times the phase's hours."""
    members = team.members
    if len(members) == 1:
        return team.spec.cost * members[0][1] * window
    end = begin + window
    total = 0.0
    for i, (day, count) in enumerate(members):
        since = max(day * 24.0, begin)
        until = min(members[i + 1][0] * 24.0 if i + 1 < len(members) else math.inf, end)
        total += count * max(0.0, until - since)
    return team.spec.cost * total


def _place_cost(centre: Centre, begin: float, window: float) -> float:
    """What the work places cost over the window, phase by phase (a change may set their number)."""
    phases = centre.phases
    end = begin + window
    total = 0.0
    for i, phase in enumerate(phases):
        since = max(phase.at, begin) if i else begin
        until = min(phases[i + 1].at if i + 1 < len(phases) else math.inf, end)
        if until <= since:
            continue
        per_hour = sum(step.cost_per_work_place * step.work_places for step in phase.scenario.steps.values()
                       if isinstance(step.work_places, int))
        total += per_hour * (until - since) if len(phases) > 1 else window * per_hour
    return total


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.nan


def _share(part: float, whole: float) -> float:
    """A part of a whole that are summed apart (busy hours of the hours available): a step busy
    every available hour gives 1, not 1 + the rounding of two sums. A real excess stays visible."""
    share = _ratio(part, whole)
    return 1.0 if 1.0 < share <= 1.0 + 1e-9 else share


def mass_balance(centre: Centre) -> dict[str, float]:
    """Where every kg that came in is at the end of the run (whole run, warm-up included)."""
    flow, market = centre.flow, centre.market
    storage = sum(s.storage.value for s in centre.streams)
    queued = flow.queued_kg()
    balance = {
        "in": sum(s.kg_in for s in centre.streams),
        "refused": sum(s.refused_kg for s in centre.streams),
        "in_storage": storage,
        "in_queues": queued - storage,
        "in_work": flow.in_progress_kg,
        "in_stock": market.stock_kg(),
        "sold": market.sold_kg,
        "recycled": flow.recycled_kg + market.disposed_recycled_kg,
        "wasted": flow.wasted_kg + market.disposed_wasted_kg,
        "left": flow.left_kg,
    }
    if centre.kg_at_start:
        balance["at_start"] = centre.kg_at_start  # an existing centre's stock and waiting work
    balance["unaccounted"] = balance["in"] + centre.kg_at_start - sum(v for k, v in balance.items() if k not in ("in", "at_start"))
    return balance


def _contract_metrics(m: dict[str, float], contract: Any, begin: float, now: float, window: float,
                      d: dict[str, float]) -> None:
    """A contract's orders of the measured window: on time, late, open past their date, cancelled;
    for a package also each item's readiness and the deliveries."""
    k = f"contracts.{contract.id}."
    due = contract.due
    completed = [(placed, lead) for placed, lead in contract.completed if placed >= begin]
    measured = [lead for _, lead in completed]
    open_orders = [o for o in contract.open if o.placed >= begin]
    overdue = sum(1 for o in open_orders if now > due(o.placed))
    cancelled = [o for o in contract.cancelled if o.placed >= begin]
    on_time = sum(1 for placed, lead in completed if placed + lead <= due(placed) + 1e-9)
    m[k + "orders"] = float(len(measured) + len(open_orders) + len(cancelled))
    m[k + "delivered"] = float(len(measured))
    # The counts behind the share, so that replications can be pooled order by order.
    m[k + "on_time_orders"] = float(on_time)
    # Settled: delivered, open past the due date, or cancelled (late by the partner's own limit).
    m[k + "orders_settled"] = float(len(measured) + overdue + len(cancelled))
    m[k + "on_time_share"] = _ratio(on_time, len(measured) + overdue + len(cancelled))
    m[k + "lead_time_mean"] = float(np.mean(measured)) if measured else math.nan
    m[k + "lead_time_p90"] = float(np.percentile(measured, 90)) if measured else math.nan
    m[k + "lead_time_p95"] = float(np.percentile(measured, 95)) if measured else math.nan
    m[k + "backlog_mean"] = d[k + "backlog_area"] / window
    m[k + "backlog_end"] = float(len(contract.open))
    m[k + "revenue"] = d[k + "revenue"]
    if contract.spec.cancel_after is not None:
        m[k + "cancelled"] = float(len(cancelled))
    if not contract.spec.is_package:
        return
    m[k + "deliveries"] = float(sum(1 for placed in contract.shipped if placed >= begin))  # as 'delivered': by order
    for line, (product, _) in enumerate(contract.lines):
        item = f"package_items.{contract.id}.{product.id}."
        ready = [(placed, lead) for placed, lead in contract.lines_ready[line] if placed >= begin]
        # Late: open past the due date and this item not ready, or cancelled before it was.
        late = sum(1 for o in open_orders if math.isnan(o.ready[line]) and now > due(o.placed))
        late += sum(1 for o in cancelled if math.isnan(o.ready[line]))
        on_time_items = sum(1 for placed, lead in ready if placed + lead <= due(placed) + 1e-9)
        leads = [lead for _, lead in ready]
        m[item + "on_time_orders"] = float(on_time_items)
        m[item + "orders_settled"] = float(len(ready) + late)
        m[item + "on_time_share"] = _ratio(on_time_items, len(ready) + late)
        m[item + "lead_time_p95"] = float(np.percentile(leads, 95)) if leads else math.nan
