"""Run one replication of a scenario and return its result as plain data."""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

import sim
from sim import kernel, overload, weekly
from sim.loader import scenario_hash
from sim.metrics import derive, mass_balance, totals
from sim.model import Centre
from sim.phases import year_windows
from sim.scenario.model import Scenario


@dataclass
class RunResult:
    """One replication: metrics over the measured window, sampled series, lead times, balance.

    Plain data: it pickles, turns into JSON, and any later stage can read it without SimPy.
    """

    scenario: str
    scenario_hash: str
    seed: int
    replication: int
    version: str
    metrics: dict[str, float]
    series: dict[str, list[float]] = field(default_factory=dict)
    lead_times: dict[str, list[float]] = field(default_factory=dict)
    mass_balance: dict[str, float] = field(default_factory=dict)
    events: int = 0
    wall_seconds: float = 0.0
    undefined: dict[str, str] = field(default_factory=dict)
    """Metrics without a value in this run (``null`` in JSON), each with the reason's code."""
    weeks: dict[str, list[float]] = field(default_factory=dict)
    """Figures per whole week after the warm-up (:mod:`sim.weekly`), ``time`` the week's first
    clock hour; only when asked for (``run_replication(weeks=True)``), else empty and left out."""
    years: list[dict[str, float]] = field(default_factory=list)
    """The metrics of each business-case year inside the run (none without a business case)."""

    def to_dict(self, timing: bool = True) -> dict[str, Any]:
        data = asdict(self)
        if not timing:
            data.pop("wall_seconds")
        if not self.weeks:
            data.pop("weeks")
        if not self.years:
            data.pop("years")
        return _json_safe(data)


UNDEFINED_WHEN = {
    "wait_mean": "no_waits",
    "first_wait_mean": "no_waits",
    "failure_share": "no_completions",
    "utilisation": "no_hours_present",
    "refused_share": "no_material_in",
    "age_sold_mean": "nothing_sold",
    "markdown_share": "nothing_sold",
    "fill_rate": "no_demand",
    "on_time_share": "no_orders_due",
    "lead_time_mean": "no_orders_delivered",
    "lead_time_p90": "no_orders_delivered",
    "lead_time_p95": "no_orders_delivered",
    "reuse_share": "no_material_out",
}
"""Metrics that are a ratio or a statistic of something that may not happen in a run (no order
delivered, no customer in the shop), by the last part of their name, and the reason's code.
Any other non-finite number is a bug."""


class NonFiniteResult(ArithmeticError):
    """A run produced an infinite or unexplained NaN number: a bug in the model, never output."""


def finite_result(result: RunResult) -> RunResult:
    """``result`` with its undefined metrics and their reasons listed; raises
    :class:`NonFiniteResult` on any other number that is not finite."""
    for name, value in [*result.metrics.items(), *(item for year in result.years for item in year.items())]:
        if math.isfinite(value):
            continue
        reason = UNDEFINED_WHEN.get(name.rsplit(".", 1)[-1])
        if reason is None or not math.isnan(value):
            raise NonFiniteResult(f"metric {name} is {value} in replication {result.replication}")
        result.undefined[name] = reason
    parts = [("series", result.series), ("lead_times", result.lead_times)]
    for part, columns in parts:
        for name, values in columns.items():
            if not np.all(np.isfinite(values)):
                raise NonFiniteResult(f"{part} {name} holds a number that is not finite")
    for name, value in result.mass_balance.items():
        if not math.isfinite(value):
            raise NonFiniteResult(f"mass balance {name} is {value}")
    return result


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class _Sampler:
    """Records the state at fixed times into one list per column: a timed callback per sample.
    Each sample also checks that the queues are not growing without bound (:mod:`sim.overload`).

    A whole number read again (a queue length, people present) is the same float object as the
    first time, so a long run's series cost a pointer a sample for them, not a float each.
    """

    __slots__ = ("centre", "env", "times", "reads", "columns", "i", "_same")

    def __init__(self, centre: Centre, times: np.ndarray, columns: list[tuple[str, Any]]) -> None:
        self.centre = centre
        self.env = centre.env
        self.times = times
        self.reads = [read for _, read in columns]
        self.columns: list[list[float]] = [[] for _ in columns]
        self._same: dict[float, float] = {}
        self.i = 0
        kernel.start(self.env, self._next)

    def _next(self, _event: Any) -> None:
        env = self.env
        times = self.times
        while self.i < len(times):
            t = float(times[self.i])
            if t > env.now:
                kernel.Call(env, t - env.now, self._record)
                return
            self._record(None)

    def _record(self, event: Any) -> None:
        same = self._same
        for column, read in zip(self.columns, self.reads, strict=True):
            value = float(read())
            if value.is_integer() and (value or math.copysign(1.0, value) > 0):  # not -0.0
                value = same.setdefault(value, value)
            column.append(value)
        self.i += 1
        overload.check(self.centre)  # a queue that grows without bound stops the run here
        if event is not None:
            self._next(event)


def _series_columns(centre: Centre) -> list[tuple[str, Any]]:
    cols: list[tuple[str, Any]] = []
    for step in centre.steps:
        cols.append((f"queue.{step.id}", lambda s=step: len(s.queue)))
    for stream in centre.streams:
        cols.append((f"storage_kg.{stream.id}", lambda s=stream: s.storage.value))
    for product in centre.products:
        cols.append((f"stock.{product.id}", lambda p=product: p.level.value))
    for contract in centre.contracts:
        cols.append((f"backlog.{contract.id}", lambda c=contract: len(c.open)))
    for pool in centre.pools:
        cols.append((f"present.{pool.id}", lambda p=pool: p.present.value))
    return cols


def run_replication(scenario: Scenario, replication: int = 0, seed: int | None = None,
                    weeks: bool = False, bounds: tuple[float, ...] = ()) -> RunResult:
    """Simulate one replication; ``seed`` defaults to the scenario's own. ``weeks``: also keep
    the figures of every whole week after the warm-up (reading totals only: results unchanged),
    or of the periods between ``bounds`` (increasing clock hours within the horizon: months)."""
    started = time.perf_counter()
    seed = scenario.experiment.seed if seed is None else seed
    centre = Centre(scenario, seed, replication)
    env = centre.env
    interval = scenario.experiment.sampling_interval
    # Samples strictly inside the horizon: SimPy stops before events at the horizon itself.
    times = np.arange(0.0, centre.horizon - 1e-9, interval)
    columns = _series_columns(centre)
    sampler = _Sampler(centre, times, columns)
    snapshot: dict[str, dict[str, float]] = {}

    def warm_up():  # type: ignore[no-untyped-def]
        yield env.timeout(centre.warm_up)
        snapshot["start"] = totals(centre)

    if centre.warm_up > 0:
        env.process(warm_up())
    else:
        snapshot["start"] = {}
    years = _Years(centre, year_windows(scenario))
    starts = list(bounds) if bounds else weekly.week_starts(centre.warm_up, centre.horizon) if weeks else []
    week_totals: list[dict[str, float]] = []
    for when in starts:
        kernel.at(env, when, lambda _event: week_totals.append(totals(centre)))
    with kernel.fewer_collections():
        kernel.run(env, centre.horizon)
    years.close()
    if starts and len(week_totals) < len(starts):  # the last boundary is the horizon itself
        week_totals.append(totals(centre))
    metrics = derive(centre, snapshot["start"], totals(centre))
    events = next(env._eid)  # SimPy's event counter: every event scheduled in this run
    metrics["run.events"] = float(events)
    series = {"time": times.tolist()}
    for (name, _), values in zip(columns, sampler.columns, strict=True):
        series[name] = values
    lead_times = {
        c.id: [lead for placed, lead in c.completed if placed >= centre.warm_up] for c in centre.contracts
    }
    return finite_result(RunResult(
        scenario=scenario.name,
        scenario_hash=scenario_hash(scenario),
        seed=seed,
        replication=replication,
        version=sim.__version__,
        metrics=metrics,
        series=series,
        lead_times=lead_times,
        mass_balance=mass_balance(centre),
        events=events,
        wall_seconds=time.perf_counter() - started,
        weeks={"time": starts[:-1], **weekly.figures(centre, week_totals, starts)} if len(starts) > 1 else {},
        years=years.metrics,
    ))


class _Years:
    """The metrics of each business-case year, taken as the clock passes its end."""

    def __init__(self, centre: Centre, windows: list[tuple[float, float]]) -> None:
        self.centre = centre
        self.windows = windows
        self.metrics: list[dict[str, float]] = []
        self.start: dict[str, float] = {}
        if not windows:
            return
        env = centre.env
        if windows[0][0] > 0:
            kernel.Call(env, windows[0][0], self._begin)
        for _, end in windows:
            if end < centre.horizon - 1e-6:
                kernel.Call(env, end, self._end)

    def _begin(self, _event: Any) -> None:
        self.start = totals(self.centre)

    def _end(self, _event: Any) -> None:
        end = totals(self.centre)
        begin = self.windows[len(self.metrics)][0]
        self.metrics.append(derive(self.centre, self.start, end, begin))
        self.start = end

    def close(self) -> None:
        """The last year, when it ends with the run."""
        if len(self.metrics) < len(self.windows):
            self._end(None)
