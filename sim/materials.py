"""Material streams: arrivals over the drop-off's opening hours, grades, finite storage.

Storage is the room for material that waits for its first step. Material that a worker can start
on at the moment it arrives needs none; other material is refused when it does not fit in the room
left. With no room at all (``storage: none``) a stream is a loss system: material that finds every
worker busy is refused.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sim import kernel
from sim.calendar import Calendar
from sim.integral import Level
from sim.random import Sampler, Uniforms
from sim.scenario.base import DAYS, MONTHS
from sim.scenario.model import Stream as StreamSpec
from sim.steps import Lot

if TYPE_CHECKING:
    from sim.model import Centre


class Stream:
    """One material stream's state and counters (kg and units, cumulative over the run)."""

    def __init__(self, index: int, stream_id: str, spec: StreamSpec, routes: list[int],
                 grade_shares: list[float], rng: dict[str, Any]) -> None:
        self.index = index
        self.id = stream_id
        self.spec = spec
        self.phases: list[tuple[float, StreamSpec]] = [(0.0, spec)]  # (from, the stream's values then)
        self.capacity = capacity(spec)
        self.storage = Level()  # kg waiting for their first step
        self.grade_routes = routes
        self.only_route = routes[0] if len(routes) == 1 else -1
        self.lot_size = spec.lot_size
        self.grade_cumulative = cumulative(grade_shares)
        self.weight: Sampler = rng["weight"]
        self.batch: Sampler = rng["batch"]
        fixed = self.batch.fixed
        self.fixed_units = max(1, int(round(fixed))) if fixed is not None else 0  # 0: drawn per batch
        self.grades: Uniforms = rng["grades"]
        self.gaps: Uniforms = rng["gaps"]
        self.kg_in = 0.0
        self.units_in = 0.0
        self.refused_kg = 0.0
        self.refused_units = 0.0
        self.recycled_kg = 0.0


def capacity(spec: StreamSpec) -> float:
    """Kg of a stream that storage holds."""
    storage = spec.storage
    return math.inf if storage == "unlimited" else 0.0 if storage == "none" else float(storage)


def cumulative(shares: list[float]) -> list[float]:
    """The grades' shares added up, the last made infinite (it guards against rounding)."""
    out, total = [], 0.0
    for share in shares:
        total += share
        out.append(total)
    out[-1] = math.inf
    return out


def intensity(calendar: Calendar, spec: StreamSpec) -> Iterator[tuple[float, float, float]]:
    """Arrival intensity (units per hour) over the open periods of the arrival function, as
    (start, end, rate) per period in time order, made as the run reaches them.

    The weekly rate is spread over the open hours of a normal week by the weekday weights, and
    scaled by the monthly weights (whose mean is 1), so a week without holidays brings the rate.
    A rate per open hour holds in every open hour (on average over the weekday weights), so a
    holiday brings nothing and a long week brings more.
    """
    arrivals = spec.arrivals
    periods = calendar.functions[arrivals.during]
    if calendar.always_open:
        for start, end in periods:
            yield start, end, arrivals.rate
        return
    weekday = [arrivals.weekday_weights.get(d, 1.0) for d in DAYS]  # type: ignore[call-overload]
    month = [arrivals.monthly_weights.get(m, 1.0) for m in MONTHS]  # type: ignore[call-overload]
    month_mean = sum(month) / 12 or 1.0
    bases: dict[int, float] = {}  # per opening-hours regime (a change may set new hours)
    for start, end in calendar.cut_at_regimes(periods):
        day = calendar.day_of(start)
        regime = calendar.regime(day)
        base = bases.get(regime)
        if base is None:
            weekly_weighted_hours = calendar.weekly_open_hours(arrivals.during, weekday, day)
            per_week = arrivals.rate * (calendar.weekly_open_hours(arrivals.during, (1.0,) * 7, day)
                                        if arrivals.per_open_hour else 168.0)
            base = bases[regime] = per_week / weekly_weighted_hours if weekly_weighted_hours > 0 else 0.0
        date = calendar.date(day)
        yield start, end, base * weekday[date.weekday()] * month[date.month - 1] / month_mean


class Arrivals:
    """Material arriving in batches over the arrival function's open periods; each batch splits
    into lots. A chain of timed callbacks, one per batch."""

    __slots__ = ("centre", "stream", "env", "times", "tick")

    def __init__(self, centre: Centre, stream: Stream) -> None:
        self.centre = centre
        self.stream = stream
        self.env = centre.env
        self.times = _arrival_times(centre, stream)
        self.tick = kernel.Tick(self.env, self._arrive)
        kernel.start(self.env, self._next)

    def _next(self, _event: Any) -> None:
        t = next(self.times, None)
        if t is not None:
            self.tick.after(t - self.env._now)

    def _arrive(self, event: Any) -> None:
        receive(self.centre, self.stream)
        self._next(event)


def _arrival_times(centre: Centre, stream: Stream) -> Iterator[float]:
    """When the batches of ``stream`` arrive (hours), walking the cumulative intensity."""
    periods = intensity(centre.calendar, stream.spec) if len(stream.phases) == 1 else _phased(centre.calendar, stream)
    regular = stream.spec.arrivals.pattern == "regular"
    gaps = stream.gaps
    horizon = centre.horizon
    period = next(periods, None)
    t = 0.0
    while period is not None:
        # A unit-mean gap in "expected arrivals".
        need = 1.0 if regular else gaps.exponential(1.0)
        while period is not None:
            start, end, rate = period
            if t < start:
                t = start
            room = rate * (end - t)
            if need <= room and rate > 0:
                t += need / rate
                break
            need -= room
            period = next(periods, None)
            if period is not None:
                t = period[0]
        else:
            return
        if t >= horizon:
            return
        yield t


def _phased(calendar: Calendar, stream: Stream) -> Iterator[tuple[float, float, float]]:
    """The intensity of each phase of the stream in its own stretch of time: a batch's place in
    the cumulative intensity is the same before a change, so the run is too."""
    phases = stream.phases
    for i, (begin, spec) in enumerate(phases):
        until = phases[i + 1][0] if i + 1 < len(phases) else math.inf
        for start, end, rate in intensity(calendar, spec):
            if end <= begin:
                continue
            if start >= until:
                break
            yield max(start, begin), min(end, until), rate


def receive(centre: Centre, stream: Stream) -> None:
    """A batch arrives: weigh it, grade each lot, store it or refuse it when storage is full."""
    # The hot path of every arrival: attributes are looked up once, outside the loop.
    units = stream.fixed_units or max(1, int(round(stream.batch())))
    lot_size = stream.lot_size
    flow = centre.flow
    now = centre.env._now
    weight = stream.weight
    per_unit = weight.fixed
    storage = stream.storage
    while units > 0:
        n = units if units < lot_size else lot_size
        units -= n
        if per_unit is not None:
            kg = per_unit * n
        else:
            kg = weight() if n == 1 else sum(weight() for _ in range(n))
        stream.kg_in += kg
        stream.units_in += n
        # One grade needs no draw: its chances are a stream of their own, used nowhere else.
        route_index = stream.only_route
        if route_index < 0:
            route_index = stream.grade_routes[bisect_right(stream.grade_cumulative, stream.grades())]
        route = flow.routes[route_index]
        lot = Lot(stream.index, kg, float(n), route_index)
        if not route.steps:
            flow.end(lot, route.ends, now)
            continue
        flow.draw(lot)  # before storage decides: a refused lot takes its draws too
        first = route.first
        assert first is not None
        if storage.value + kg > stream.capacity + 1e-9:
            # No room to wait: taken only when a worker starts on it now, without storage.
            if flow.can_start_now(first):
                flow.enqueue(lot, first, now)
            else:
                stream.refused_kg += kg
                stream.refused_units += n
            continue
        lot.in_storage = True
        storage.add(kg, now)
        flow.enqueue(lot, first, now)
