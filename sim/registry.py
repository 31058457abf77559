"""The metric registry: for every metric a run reports, its unit, time base, direction, bounds,
decimals and its label and description (English message ids, translated where shown).

Tables, charts, the report, exports and ``docs/metrics.md`` read this table; none of them names
or scales a metric on its own. A metric name is ``section.field`` or ``section.<id>.field``,
where ``<id>`` is the user's own id from the scenario (``steps.sorteren.wait_mean`` is an
instance of the pattern ``steps.<id>.wait_mean``).

**One time base.** Every flow (kg, units, lots, orders, people, hours, money) is reported
**per year**: measured over the window after the warm-up and scaled by
``HOURS_PER_YEAR / run.measured_hours`` (:func:`year_factor`), unless its name says otherwise
(``throughput_per_week``, ``arrivals_per_week``). Money and kg therefore always share the year
as base, so EUR per kg computed from any two metrics is right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from sim.text import N_

HOURS_PER_YEAR = 8760.0
"""A year of 365 days, the base every flow is scaled to."""
HOURS_PER_WEEK = 168.0
ID = "<id>"
"""The placeholder for the user's id in a metric pattern."""


class TimeBase(StrEnum):
    """What span of time a metric's number refers to."""

    PER_YEAR = "per_year"
    """A flow scaled from the measured window to one year (365 days)."""
    PER_WEEK = "per_week"
    """A flow per week of 168 clock hours, averaged over the measured window."""
    WINDOW = "window"
    """A quantity of the measured window itself (its length)."""
    TIME_AVERAGE = "time_average"
    """A level averaged over the clock hours of the measured window."""
    PER_ITEM = "per_item"
    """A mean or percentile per lot, order or item finished in the measured window."""
    SHARE = "share"
    """A ratio of two counts of the measured window (no time base)."""
    POINT = "point"
    """A level at one point in time: the end of the run."""
    RUN = "run"
    """A count over the whole run, warm-up included."""


class Direction(StrEnum):
    """Which way a metric is better for the centre."""

    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"


UNITS: dict[str, str] = {
    "h": N_("hours"),
    "kg": N_("kg"),
    "kg CO2": N_("kg CO2"),
    "EUR": N_("EUR"),
    "lots": N_("lots"),
    "units": N_("units"),
    "orders": N_("orders"),
    "people": N_("people"),
    "trajectories": N_("trajectories"),
    "events": N_("events"),
    "days": N_("days"),
    "share": N_("share"),
}
"""Unit code -> its name as shown. ``units`` are the stream's or product's own unit (items,
bags, or kg for products counted in kg)."""

TIME_BASES: dict[TimeBase, str] = {
    TimeBase.PER_YEAR: N_("per year"),
    TimeBase.PER_WEEK: N_("per week"),
    TimeBase.WINDOW: N_("measured window"),
    TimeBase.TIME_AVERAGE: N_("time average"),
    TimeBase.PER_ITEM: N_("per lot or order"),
    TimeBase.SHARE: N_("share"),
    TimeBase.POINT: N_("at the end of the run"),
    TimeBase.RUN: N_("whole run"),
}

SECTIONS: dict[str, str] = {
    "steps": N_("step"),
    "pools": N_("pool"),
    "groups": N_("target group"),
    "supervisors": N_("supervisors"),
    "materials": N_("material"),
    "products": N_("product"),
    "shop": N_("shop"),
    "online": N_("webshop"),
    "contracts": N_("contract"),
    "package_items": N_("package item"),
    "impact": N_("impact"),
    "economics": N_("economics"),
    "run": N_("run"),
    "levers": N_("lever"),
}


@dataclass(frozen=True)
class Metric:
    """One metric (or one pattern of metrics, one per id)."""

    pattern: str
    """``section.field`` or ``section.<id>.field``."""
    unit: str
    """A key of :data:`UNITS`."""
    time_base: TimeBase
    direction: Direction
    low: float
    """Least value the metric can take (``-inf`` for money)."""
    high: float
    """Greatest value the metric can take (``1`` for shares, else ``inf``)."""
    decimals: int
    """Decimals shown; for shares, decimals of the percentage."""
    label: str
    """Short English name (a message id)."""
    description: str
    """What the number means, in one English sentence (a message id)."""

    @property
    def section(self) -> str:
        return self.pattern.split(".", 1)[0]

    @property
    def field(self) -> str:
        return self.pattern.rsplit(".", 1)[-1]

    @property
    def kind(self) -> str:
        """How the number is written: ``percent``, ``money`` or ``number``."""
        if self.unit == "share":
            return "percent"
        if self.unit == "EUR":
            return "money"
        return "number"

    def clip(self, value: float) -> float:
        """``value`` kept within the bounds (NaN stays NaN)."""
        if math.isnan(value):
            return value
        return min(max(value, self.low), self.high)


INF = math.inf
SHARE = (0.0, 1.0)
COUNT = (0.0, INF)
MONEY = (-INF, INF)
Y, W, T, E, S, P = (TimeBase.PER_YEAR, TimeBase.PER_WEEK, TimeBase.TIME_AVERAGE, TimeBase.PER_ITEM,
                    TimeBase.SHARE, TimeBase.POINT)
UP, DOWN, FLAT = Direction.HIGHER, Direction.LOWER, Direction.NEITHER


def _m(pattern: str, unit: str, base: TimeBase, direction: Direction, bounds: tuple[float, float],
       decimals: int, label: str, description: str) -> Metric:
    return Metric(pattern, unit, base, direction, bounds[0], bounds[1], decimals, label, description)


ENTRIES = [
    # --- steps ------------------------------------------------------------------------------
    _m("steps.<id>.wait_mean", "h", E, DOWN, COUNT, 1, N_("mean wait"),
       N_("mean clock hours a lot spends in the queue, including nights and weekends it waits "
          "again after its work was paused at closing time")),
    _m("steps.<id>.first_wait_mean", "h", E, DOWN, COUNT, 1, N_("mean wait before the first start"),
       N_("mean clock hours from a lot's arrival at the step until its work first starts")),
    _m("steps.<id>.queue_mean", "lots", T, DOWN, COUNT, 1, N_("mean queue"),
       N_("time-average number of lots waiting, over clock hours, paused lots included")),
    _m("steps.<id>.queue_end", "lots", P, DOWN, COUNT, 0, N_("queue at the end"),
       N_("lots waiting at the end of the run (a growing queue: more than its mean)")),
    _m("steps.<id>.busy_mean", "lots", T, FLAT, COUNT, 2, N_("lots in work"),
       N_("time-average number of lots being worked on, over clock hours")),
    _m("steps.<id>.available_hours", "h", Y, FLAT, COUNT, 0, N_("hours available"),
       N_("hours that could have been worked at the step: at every moment the people present, "
          "supervised and able to do it, at most the work places")),
    _m("steps.<id>.utilisation", "share", S, FLAT, SHARE, 0, N_("utilisation"),
       N_("busy hours over available hours; for always-open textbook queues, rho")),
    _m("steps.<id>.arrivals_per_week", "lots", W, FLAT, COUNT, 1, N_("lots arriving"),
       N_("lots entering the step per week of 168 clock hours (Little's law: "
          "queue_mean = arrivals_per_week / 168 x wait_mean)")),
    _m("steps.<id>.throughput_per_week", "lots", W, UP, COUNT, 1, N_("throughput"),
       N_("lots finished per week of 168 clock hours")),
    _m("steps.<id>.failure_share", "share", S, DOWN, SHARE, 0, N_("failure share"),
       N_("share of finished lots that failed (steps with a success probability)")),
    _m("steps.<id>.place_refusals_per_week", "events", W, DOWN, COUNT, 1, N_("turned away by full work places"),
       N_("times per week of 168 clock hours a worker looking for work found lots waiting at the step and every "
          "work place taken (and took other work or stood idle), or a lot came to the full step while a worker "
          "stood idle: only then can one more work place be used")),
    # --- pools ------------------------------------------------------------------------------
    _m("pools.<id>.hours_worked", "h", Y, UP, COUNT, 0, N_("hours worked"),
       N_("hours present and supervised (participation hours)")),
    _m("pools.<id>.busy_hours", "h", Y, FLAT, COUNT, 0, N_("hours busy"),
       N_("of the hours worked, hours spent working on a lot")),
    _m("pools.<id>.idle_hours", "h", Y, FLAT, COUNT, 0, N_("hours idle"),
       N_("of the hours worked, hours waiting for work")),
    _m("pools.<id>.utilisation", "share", S, FLAT, SHARE, 0, N_("utilisation"),
       N_("busy hours over hours worked")),
    _m("pools.<id>.hours_lost_to_missing_supervision", "h", Y, DOWN, COUNT, 0,
       N_("hours lost to missing supervision"),
       N_("hours a participant was there but could not work for lack of qualified supervision")),
    _m("pools.<id>.absent_hours", "h", Y, FLAT, COUNT, 0, N_("hours absent"),
       N_("hours missed through daily absence")),
    _m("pools.<id>.people_in_place", "people", T, FLAT, COUNT, 1, N_("people in place"),
       N_("time-average number of the pool's places taken by a person (vacancies left out)")),
    _m("pools.<id>.people_served", "people", Y, UP, COUNT, 1, N_("people served"),
       N_("people in a place at the start of the measured window plus a year's starts")),
    _m("pools.<id>.outflow_to_job", "trajectories", Y, UP, COUNT, 1, N_("outflow to a job"),
       N_("trajectories that ended in a job")),
    _m("pools.<id>.outflow_to_education", "trajectories", Y, UP, COUNT, 1, N_("outflow to education"),
       N_("trajectories that ended in education")),
    _m("pools.<id>.outflow_to_other", "trajectories", Y, FLAT, COUNT, 1, N_("outflow elsewhere"),
       N_("trajectories that ended otherwise")),
    # --- target groups (the pools of a group summed) ----------------------------------------
    _m("groups.<id>.hours", "h", Y, UP, COUNT, 0, N_("hours worked"),
       N_("hours worked, summed over the pools of the target group")),
    _m("groups.<id>.hours_lost_to_missing_supervision", "h", Y, DOWN, COUNT, 0,
       N_("hours lost to missing supervision"),
       N_("hours lost to missing supervision, summed over the pools of the target group")),
    _m("groups.<id>.people_served", "people", Y, UP, COUNT, 1, N_("people served"),
       N_("people served, summed over the pools of the target group")),
    _m("groups.<id>.outflow_to_job", "trajectories", Y, UP, COUNT, 1, N_("outflow to a job"),
       N_("trajectories of the group that ended in a job")),
    _m("groups.<id>.outflow_to_education", "trajectories", Y, UP, COUNT, 1, N_("outflow to education"),
       N_("trajectories of the group that ended in education")),
    _m("groups.<id>.outflow_to_other", "trajectories", Y, FLAT, COUNT, 1, N_("outflow elsewhere"),
       N_("trajectories of the group that ended otherwise")),
    _m("groups.<id>.income", "EUR", Y, UP, COUNT, 0, N_("income"),
       N_("day-part tariffs, subsidy per filled place and fees per trajectory")),
    _m("groups.<id>.benefit_savings", "EUR", Y, UP, COUNT, 0, N_("benefit savings"),
       N_("outflow to a job times the benefit saving per job, net of the group's deadweight")),
    _m("groups.<id>.wage_cost", "EUR", Y, DOWN, COUNT, 0, N_("wage cost"),
       N_("wages for the hours present")),
    _m("groups.<id>.allowance_cost", "EUR", Y, DOWN, COUNT, 0, N_("allowance cost"),
       N_("participant allowances for the hours present")),
    # --- supervisors ------------------------------------------------------------------------
    _m("supervisors.<id>.present_hours", "h", Y, FLAT, COUNT, 0, N_("hours present"),
       N_("hours the team's supervisors were present")),
    _m("supervisors.<id>.supervision_hours", "h", Y, FLAT, COUNT, 0, N_("supervision hours"),
       N_("supervision capacity used by participants")),
    _m("supervisors.<id>.productive_hours", "h", Y, UP, COUNT, 0, N_("productive hours"),
       N_("spare capacity spent on productive work")),
    _m("supervisors.<id>.cost", "EUR", Y, DOWN, COUNT, 0, N_("cost"),
       N_("cost of the team's supervisors")),
    _m("supervisors.<id>.utilisation", "share", S, FLAT, SHARE, 0, N_("utilisation"),
       N_("(supervision hours + productive hours) over hours present")),
    # --- materials --------------------------------------------------------------------------
    _m("materials.<id>.kg_in", "kg", Y, FLAT, COUNT, 0, N_("material in"),
       N_("kg offered (taken in or refused)")),
    _m("materials.<id>.units_in", "units", Y, FLAT, COUNT, 0, N_("units in"),
       N_("units offered, in the stream's own unit")),
    _m("materials.<id>.refused_kg", "kg", Y, DOWN, COUNT, 0, N_("material refused"),
       N_("kg refused because storage was full: lost circular value")),
    _m("materials.<id>.refused_units", "units", Y, DOWN, COUNT, 0, N_("units refused"),
       N_("units refused because storage was full")),
    _m("materials.<id>.recycled_kg", "kg", Y, FLAT, COUNT, 0, N_("material recycled"),
       N_("kg sent to recycling, including unsold stock")),
    _m("materials.<id>.storage_mean_kg", "kg", T, FLAT, COUNT, 0, N_("mean storage"),
       N_("time-average kg in storage before processing")),
    _m("materials.<id>.refused_share", "share", S, DOWN, SHARE, 0, N_("refused share"),
       N_("kg refused over kg offered")),
    # --- products ---------------------------------------------------------------------------
    _m("products.<id>.produced", "units", Y, UP, COUNT, 0, N_("produced"),
       N_("units made (kg for products counted in kg)")),
    _m("products.<id>.sold", "units", Y, UP, COUNT, 0, N_("sold"),
       N_("units sold through every channel")),
    _m("products.<id>.sold_shop", "units", Y, UP, COUNT, 0, N_("sold in the shop"),
       N_("units sold in the shop")),
    _m("products.<id>.sold_online", "units", Y, UP, COUNT, 0, N_("sold online"),
       N_("units sold in the webshop")),
    _m("products.<id>.sold_contracts", "units", Y, UP, COUNT, 0, N_("delivered to partners"),
       N_("units delivered on contracts")),
    _m("products.<id>.stock_mean", "units", T, FLAT, COUNT, 1, N_("mean stock"),
       N_("time-average units in stock")),
    _m("products.<id>.stock_end", "units", P, FLAT, COUNT, 0, N_("stock at the end"),
       N_("units in stock at the end of the run")),
    _m("products.<id>.disposed", "units", Y, DOWN, COUNT, 0, N_("disposed of"),
       N_("units disposed of unsold")),
    _m("products.<id>.age_sold_mean", "h", E, DOWN, COUNT, 0, N_("mean age when sold"),
       N_("mean time from making to selling")),
    _m("products.<id>.markdown_share", "share", S, DOWN, SHARE, 0, N_("markdown share"),
       N_("share of units sold at a markdown")),
    # --- shop and webshop -------------------------------------------------------------------
    _m("shop.fill_rate", "share", S, UP, SHARE, 0, N_("fill rate"),
       N_("units sold over units asked for in the shop")),
    _m("shop.lost_sales", "units", Y, DOWN, COUNT, 0, N_("lost sales"),
       N_("units asked for in the shop but not in stock")),
    _m("shop.units_sold", "units", Y, UP, COUNT, 0, N_("units sold"),
       N_("units sold in the shop")),
    _m("online.fill_rate", "share", S, UP, SHARE, 0, N_("fill rate"),
       N_("units sold over units asked for in the webshop (listed items only)")),
    _m("online.units_sold", "units", Y, UP, COUNT, 0, N_("units sold"),
       N_("units sold in the webshop")),
    # --- contracts --------------------------------------------------------------------------
    _m("contracts.<id>.orders", "orders", Y, FLAT, COUNT, 1, N_("orders"),
       N_("orders placed")),
    _m("contracts.<id>.delivered", "orders", Y, UP, COUNT, 1, N_("orders delivered"),
       N_("orders placed in the measured window and delivered complete")),
    _m("contracts.<id>.on_time_share", "share", S, UP, SHARE, 0, N_("on-time share"),
       N_("delivered within the promised lead time, over delivered plus overdue open plus cancelled orders; "
          "for a package, every item within the promise")),
    _m("contracts.<id>.on_time_orders", "orders", TimeBase.WINDOW, UP, COUNT, 0, N_("orders on time"),
       N_("orders delivered on time in the measured window (a count, not scaled: the basis of the on-time interval)")),
    _m("contracts.<id>.orders_settled", "orders", TimeBase.WINDOW, FLAT, COUNT, 0, N_("orders settled"),
       N_("orders delivered, open past their due date or cancelled in the measured window (a count, not scaled)")),
    _m("contracts.<id>.lead_time_mean", "h", E, DOWN, COUNT, 0, N_("mean lead time"),
       N_("mean time from order to complete delivery")),
    _m("contracts.<id>.lead_time_p90", "h", E, DOWN, COUNT, 0, N_("lead time P90"),
       N_("90th percentile of the time from order to complete delivery")),
    _m("contracts.<id>.lead_time_p95", "h", E, DOWN, COUNT, 0, N_("lead time P95"),
       N_("95th percentile of the time from order to complete delivery")),
    _m("contracts.<id>.backlog_mean", "orders", T, DOWN, COUNT, 1, N_("mean backlog"),
       N_("time-average open orders")),
    _m("contracts.<id>.backlog_end", "orders", P, DOWN, COUNT, 0, N_("backlog at the end"),
       N_("open orders at the end of the run")),
    _m("contracts.<id>.revenue", "EUR", Y, UP, COUNT, 0, N_("revenue"),
       N_("what the partner paid for the goods set aside for its orders (at the prices then in force, VAT "
          "included): the partner's part of economics.revenue_contracts")),
    _m("contracts.<id>.cancelled", "orders", Y, DOWN, COUNT, 1, N_("orders cancelled"),
       N_("orders the partner cancelled because they were later than the contract's cancel_after allows "
          "(only for a contract that sets it)")),
    _m("contracts.<id>.deliveries", "orders", Y, FLAT, COUNT, 1, N_("deliveries"),
       N_("shipments to the partner: one per package, or one per item when items go out as they are ready "
          "(only for a package)")),
    # --- package items: each product of a package contract, as package_items.<contract>.<product> ---
    _m("package_items.<id>.on_time_share", "share", S, UP, SHARE, 0, N_("on-time share"),
       N_("orders in which this item was ready within the promised lead time, over those ready plus those "
          "still missing it past the due date or cancelled without it: the item that binds has the lowest")),
    _m("package_items.<id>.on_time_orders", "orders", TimeBase.WINDOW, UP, COUNT, 0, N_("orders with the item on time"),
       N_("orders in the measured window in which this item was ready on time (a count, not scaled)")),
    _m("package_items.<id>.orders_settled", "orders", TimeBase.WINDOW, FLAT, COUNT, 0,
       N_("orders settled for the item"),
       N_("orders in the measured window in which this item was ready, or missing past the due date or at "
          "cancellation (a count, not scaled)")),
    _m("package_items.<id>.lead_time_p95", "h", E, DOWN, COUNT, 0, N_("lead time P95"),
       N_("95th percentile of the time from order until this item was ready")),
    # --- impact -----------------------------------------------------------------------------
    _m("impact.kg_in", "kg", Y, FLAT, COUNT, 0, N_("material in"),
       N_("kg offered over all streams")),
    _m("impact.kg_reused", "kg", Y, UP, COUNT, 0, N_("material reused"),
       N_("kg sold or delivered")),
    _m("impact.kg_recycled", "kg", Y, FLAT, COUNT, 0, N_("material recycled"),
       N_("kg sent to recycling")),
    _m("impact.kg_wasted", "kg", Y, DOWN, COUNT, 0, N_("material wasted"),
       N_("kg sent to waste")),
    _m("impact.kg_refused", "kg", Y, DOWN, COUNT, 0, N_("material refused"),
       N_("kg refused because storage was full")),
    _m("impact.reuse_share", "share", S, UP, SHARE, 0, N_("reuse share"),
       N_("kg reused over kg reused, recycled and wasted")),
    _m("impact.co2_avoided_kg", "kg CO2", Y, UP, COUNT, 0, N_("CO2 avoided"),
       N_("kg CO2 avoided by reuse and recycling (factors per stream)")),
    _m("impact.participant_hours", "h", Y, UP, COUNT, 0, N_("participant hours"),
       N_("hours worked in pools whose target group needs supervision")),
    _m("impact.people_served", "people", Y, UP, COUNT, 1, N_("people served"),
       N_("people served in pools whose target group needs supervision")),
    _m("impact.outflow_to_job", "trajectories", Y, UP, COUNT, 1, N_("outflow to a job"),
       N_("trajectories that ended in a job, all pools")),
    _m("impact.hours_lost_to_missing_supervision", "h", Y, DOWN, COUNT, 0,
       N_("hours lost to missing supervision"), N_("hours lost to missing supervision, all pools")),
    # --- economics --------------------------------------------------------------------------
    _m("economics.revenue_shop", "EUR", Y, UP, COUNT, 0, N_("shop sales"), N_("revenue of the shop, including VAT")),
    _m("economics.revenue_online", "EUR", Y, UP, COUNT, 0, N_("webshop sales"),
       N_("revenue of the webshop, including VAT")),
    _m("economics.revenue_contracts", "EUR", Y, UP, COUNT, 0, N_("contract sales"),
       N_("revenue of contract deliveries, including VAT")),
    _m("economics.revenue", "EUR", Y, UP, COUNT, 0, N_("revenue"),
       N_("revenue of all sales, including VAT (the business case books sales without it)")),
    _m("economics.income_target_groups", "EUR", Y, UP, COUNT, 0, N_("income for target groups"),
       N_("tariffs, subsidies and trajectory fees of all target groups")),
    _m("economics.recycling_revenue", "EUR", Y, UP, COUNT, 0, N_("recycling revenue"),
       N_("kg recycled times the recycling revenue per kg")),
    _m("economics.wage_cost", "EUR", Y, DOWN, COUNT, 0, N_("wages"),
       N_("wages of the pools for their hours present")),
    _m("economics.supervisor_cost", "EUR", Y, DOWN, COUNT, 0, N_("supervisors"),
       N_("cost of the supervisor teams")),
    _m("economics.staff_cost", "EUR", Y, DOWN, COUNT, 0, N_("staff cost"),
       N_("wages plus supervisors")),
    _m("economics.participant_cost", "EUR", Y, DOWN, COUNT, 0, N_("participant allowances"),
       N_("allowances of participants for their hours present")),
    _m("economics.overhead", "EUR", Y, DOWN, COUNT, 0, N_("overhead"), N_("rent, energy and other overhead")),
    _m("economics.work_place_cost", "EUR", Y, DOWN, COUNT, 0, N_("work places"),
       N_("work places of each step times its cost per work place")),
    _m("economics.waste_cost", "EUR", Y, DOWN, COUNT, 0, N_("waste disposal"),
       N_("kg wasted times the disposal cost per kg")),
    _m("economics.costs", "EUR", Y, DOWN, COUNT, 0, N_("costs"),
       N_("staff cost + participant allowances + overhead + work places + waste disposal")),
    _m("economics.net_result", "EUR", Y, UP, MONEY, 0, N_("net result"),
       N_("revenue (including VAT) + income for target groups + recycling revenue - costs")),
    _m("economics.benefit_savings", "EUR", Y, UP, COUNT, 0, N_("benefit savings"),
       N_("outflow to a job times the benefit saving per job net of deadweight, all target groups")),
    _m("economics.disposal_cost_avoided", "EUR", Y, UP, COUNT, 0, N_("disposal cost avoided"),
       N_("kg reused times the disposal cost per kg")),
    _m("economics.social_result", "EUR", Y, UP, MONEY, 0, N_("social result"),
       N_("net result + benefit savings + disposal cost avoided")),
    # --- run --------------------------------------------------------------------------------
    _m("run.measured_hours", "h", TimeBase.WINDOW, FLAT, COUNT, 0, N_("measured window"),
       N_("length of the measured window: the horizon minus the warm-up")),
    _m("run.projected_school_holiday_days", "days", TimeBase.RUN, FLAT, COUNT, 0,
       N_("projected school-holiday days"),
       N_("days of the run whose school holidays are projected, not yet published")),
    _m("run.events", "events", TimeBase.RUN, FLAT, COUNT, 0, N_("events"),
       N_("simulation events scheduled, warm-up included: a measure of work")),
]

METRICS: dict[str, Metric] = {m.pattern: m for m in ENTRIES}
"""Every metric by its pattern, in the order of ``docs/metrics.md``."""

LEVER_ENTRIES = [
    _m("levers.<id>.cost_per_year", "EUR", Y, DOWN, COUNT, 0, N_("cost"),
       N_("what the lever costs a year where the scenario knows it: for one more person, the wage with the "
          "employer's full cost (business_case.employer_cost) and the allowance at the pool's measured hours, "
          "plus their share of a qualified supervisor (the cheapest team's yearly cost over the group's "
          "supervision ratio); for one more supervisor, the team's cost per hour times a year; absent where the "
          "file says nothing (training, a work bench, attracting more inflow)")),
]
"""Numbers of ``ambacht levers`` (``levers.json``) that are not metrics of a run. A lever's
``effects`` are paired differences (lever minus base) of run metrics, each in the unit and time
base of the metric it names: those entries above cover them."""
LEVER_METRICS: dict[str, Metric] = {m.pattern: m for m in LEVER_ENTRIES}


def pattern_of(name: str) -> str:
    """The registry pattern of a metric name: ``steps.sorteren.wait_mean`` -> ``steps.<id>.wait_mean``."""
    parts = name.split(".")
    if len(parts) >= 3:
        return f"{parts[0]}.{ID}.{parts[-1]}"
    return name


def owner_of(name: str) -> str | None:
    """The user's id in a metric name (``sorteren`` in ``steps.sorteren.wait_mean``), or None."""
    parts = name.split(".")
    return ".".join(parts[1:-1]) if len(parts) >= 3 else None


def find(name: str) -> Metric | None:
    """The registry entry of a metric name (of a run or of a lever), or None when it is not registered."""
    pattern = pattern_of(name)
    return METRICS.get(pattern) or LEVER_METRICS.get(pattern)


def lookup(name: str) -> Metric:
    """The registry entry of a metric name; KeyError names the metric when it is not registered."""
    metric = find(name)
    if metric is None:
        raise KeyError(f"metric {name!r} is not in the registry (sim/registry.py)")
    return metric


def select(names: list[str], pattern: str) -> list[str]:
    """The names of ``names`` that are instances of ``pattern``, in their order."""
    return [n for n in names if pattern_of(n) == pattern or n == pattern]


def year_factor(measured_hours: float) -> float:
    """Factor that scales a flow over a measured window of ``measured_hours`` to one year."""
    return HOURS_PER_YEAR / measured_hours if measured_hours > 0 and math.isfinite(measured_hours) else math.nan


def rescale(value: float, metric: str, to: TimeBase, measured_hours: float) -> float:
    """``value`` of ``metric`` in another flow time base (per year, per week or the whole window)."""
    base = lookup(metric).time_base
    per_hour = {TimeBase.PER_YEAR: 1 / HOURS_PER_YEAR, TimeBase.PER_WEEK: 1 / HOURS_PER_WEEK,
                TimeBase.WINDOW: 1 / measured_hours if measured_hours > 0 else math.nan}
    if base not in per_hour or to not in per_hour:
        raise ValueError(f"metric {metric!r} ({base}) cannot be expressed {to}")
    return value * per_hour[base] / per_hour[to]



def time_base_statement(measured_hours: float) -> dict[str, float | str]:
    """How the numbers of a run relate to time, stated once in every JSON output."""
    return {
        "flows": "per_year",
        "measured_hours": measured_hours,
        "hours_per_year": HOURS_PER_YEAR,
        "scale_to_year": year_factor(measured_hours),
        "rule": "every flow metric (kg, units, lots, orders, people, hours, EUR) is measured over the "
                "window after the warm-up and multiplied by scale_to_year, unless its name says "
                "per_week; see docs/metrics.md for each metric's time base",
    }
