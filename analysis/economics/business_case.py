"""The business case over years: simulate the years as one run, book every euro, sum up per stakeholder.

:func:`run_business_case` simulates a scenario's ``business_case`` as one run per replication
over all its years, from the start the scenario states (a centre that opens, or one that runs),
with every change applied at its date inside the run (:mod:`sim.phases`); it takes each year's
flows from that run, turns each replication's yearly lines into ledger entries (:mod:`analysis.economics.ledger`), and returns per stakeholder per year what
it paid, received and netted, the NPV, the payback year and the social value, each over
replications as a mean with a 95 % interval.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis.economics import impact
from analysis.economics.booking import AS_IN_FILE, Adjust, book, book_value_at_end
from analysis.economics.budget import baseline, budget_rows, gaps, line_order, line_owners
from analysis.economics.ledger import (
    OUTSIDE,
    discount_factor,
    net_present_value,
    payback_year,
    positions,
    self_supporting_year,
)
from analysis.economics.sensitivity import range_sensitivity, sensitivity
from analysis.economics.sroi import sroi
from analysis.experiments.executors import Executor
from analysis.experiments.runner import Progress, run_tasks, tasks_for
from analysis.experiments.warmup import warm_up_check
from analysis.statistics.intervals import interval
from sim import registry
from sim.loader import LoadedScenario, with_overrides
from sim.phases import Segment, add_years, change_moments, phases, warm_up_days, year_segments
from sim.scenario.business import HOURS_PER_YEAR, BusinessCase, years_of
from sim.scenario.model import Scenario


class BusinessCaseMissing(ValueError):
    """The scenario has no ``business_case`` section."""


@dataclass
class BusinessCaseResult:
    """Plain results of a business case: everything the table, the charts and the JSON show."""

    scenario: str
    years: list[int]  # calendar years in which the business-case years start
    stakeholders: dict[str, Any]  # id -> label (text or {nl, en})
    centre: str
    discount_rate: float
    replications: int
    ledger: list[dict[str, Any]]  # year, calendar_year, stakeholder, paid, received, net (means)
    lines: list[dict[str, Any]]  # year, line, payer, receiver, amount (means)
    cash_flow: list[dict[str, Any]]  # year, calendar_year, net, cumulative, discounted
    metrics: dict[str, dict[str, Any]]  # name -> {mean, ci_low, ci_high, n}
    payback_year: int | None  # calendar year, from the mean cash flow
    self_supporting_year: int | None  # calendar year from which the centre needs no grants
    payback_range: tuple[int | None, int | None]  # earliest and latest over replications
    segments: list[dict[str, Any]] = field(default_factory=list)  # the changes: the day each takes effect
    caveats: list[str] = field(default_factory=list)
    budget: list[dict[str, Any]] = field(default_factory=list)  # year, calendar_year, stakeholder, line, kind, amount, funded_by
    gaps: dict[str, Any] = field(default_factory=dict)  # the centre's unfunded deficit, lines without a budget
    baseline: dict[str, Any] = field(default_factory=dict)  # the do-nothing alternative per stakeholder
    sensitivity: dict[str, Any] = field(default_factory=dict)  # spread over replications, tornado of money inputs
    budgets: dict[str, Any] = field(default_factory=dict)  # budget id -> label
    book_value_end: float = 0.0  # EUR still on the books after the last year
    start: str = "opening"  # how the run started: opening or running
    per_year: list[dict[str, Any]] = field(default_factory=list)  # year, calendar_year, metrics (interval each)
    owners: dict[str, Any] = field(default_factory=dict)  # section.id -> label of what a booked line belongs to
    warm_up: dict[str, Any] = field(default_factory=dict)  # a running start: the warm-up check, product names

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "years": self.years, "stakeholders": self.stakeholders,
            "centre": self.centre, "discount_rate": self.discount_rate, "replications": self.replications,
            "metrics": self.metrics, "payback_year": self.payback_year,
            "self_supporting_year": self.self_supporting_year,
            "payback_range": list(self.payback_range), "cash_flow": self.cash_flow,
            "ledger": self.ledger, "lines": self.lines, "segments": self.segments, "caveats": self.caveats,
            "budget": self.budget, "gaps": self.gaps, "baseline": self.baseline, "sensitivity": self.sensitivity,
            "budgets": self.budgets, "book_value_end": self.book_value_end,
            "start": self.start, "per_year": self.per_year, "owners": self.owners, "warm_up": self.warm_up,
        }


def _case(loaded: LoadedScenario) -> BusinessCase:
    case = loaded.scenario.business_case
    if case is None:
        raise BusinessCaseMissing(loaded.source)
    return case


def per_year(metrics: dict[str, float], name: str) -> float:
    """A flow metric as an amount per year, in the time base the registry gives it (flows are per year)."""
    value = float(metrics.get(name, 0.0))
    if not math.isfinite(value):
        return 0.0
    window = float(metrics.get("run.measured_hours", HOURS_PER_YEAR)) or HOURS_PER_YEAR
    return registry.rescale(value, name, registry.TimeBase.PER_YEAR, window)


def yearly_lines(case: BusinessCase, parts: list[tuple[Segment, dict[str, float]]]) -> dict[int, dict[str, float]]:
    """Per business-case year, one replication's metrics: flows per year and time averages, the
    segments of a year weighted by their share of it. This is what the booking takes."""
    out: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for segment, m in parts:
        w = segment.share_of_year
        year = out[segment.year]
        for name, value in m.items():
            metric = registry.find(name)
            if metric is None:
                continue
            base = metric.time_base
            if base is registry.TimeBase.PER_YEAR:
                year[name] += w * per_year(m, name)
            elif base is registry.TimeBase.TIME_AVERAGE and math.isfinite(float(value)):
                year[name] += w * float(value)
    return out


def staff_hours(case: BusinessCase) -> float:
    """Hours the staff roles are present over the business case: paid hours less leave."""
    leave = case.employer_cost.paid_leave
    return sum(s.hours_per_week * 52.0 * (1.0 - leave) * len(years_of(s.years, case.years)) for s in case.staff.values())


def replication_figures(scenario: Scenario, years: dict[int, dict[str, float]], adjust: Adjust = AS_IN_FILE,
                        rate: float | None = None) -> dict[str, Any]:
    """One replication's ledger and headline figures (``rate``: another discount rate)."""
    case = scenario.business_case
    assert case is not None
    rate = case.discount_rate if rate is None else rate
    entries = book(scenario, years, adjust)
    parties = list(case.stakeholders)
    pos = positions(entries, parties, case.years)
    named = [sum(p.net for p in pos if p.year == y and p.stakeholder != OUTSIDE) for y in range(1, case.years + 1)]
    figures: dict[str, float] = {"economics.npv": net_present_value(named, rate)}
    for party in parties:
        flows = [sum(p.net for p in pos if p.year == y and p.stakeholder == party) for y in range(1, case.years + 1)]
        figures[f"ledger.{party}.net_per_year"] = sum(flows) / case.years
        figures[f"ledger.{party}.net_total"] = net_present_value(flows, rate)
    social = sroi(impact.outcomes(scenario, years, adjust), impact.inputs(scenario, entries), rate)
    figures["impact.social_value"] = social.value
    figures["impact.social_inputs"] = social.inputs
    figures["impact.sroi_ratio"] = social.ratio
    pso_hours = sum(years[y].get(f"groups.{g}.hours", 0.0) for y in years for g in case.social_value.pso_groups)
    all_hours = sum(years[y].get(f"pools.{p}.hours_worked", 0.0) for y in years for p in scenario.workforce) \
        + sum(years[y].get(f"supervisors.{t}.present_hours", 0.0) for y in years for t in scenario.supervisors) \
        + staff_hours(case)
    # A share of hours, not a PSO score (which counts people by their starting position).
    figures["impact.target_group_hours_share"] = pso_hours / all_hours if all_hours > 0 else math.nan
    centre_own = [sum(p.net for p in pos if p.year == y and p.stakeholder == case.centre)
                  - sum(e.amount for e in entries if e.year == y and e.receiver == case.centre and e.line.startswith("grant."))
                  for y in range(1, case.years + 1)]
    return {"entries": entries, "positions": pos, "named": named, "figures": figures, "centre_own": centre_own}


START_KINDS = ("opening", "running", "state")
"""How a business case's run may start: a new centre that opens empty, a warmed-up one, or an
existing centre's stated state."""


def case_run(loaded: LoadedScenario, start: str | None = None) -> LoadedScenario:
    """The scenario as the one run of its business case: all its years, from the start given
    (else the file's ``experiment.start``, else ``opening``). A running start runs its warm-up
    before year 1, so year 1 begins on the start date either way."""
    scenario = loaded.scenario
    case = _case(loaded)
    start = start or scenario.experiment.start or "opening"
    first = scenario.calendar.start_date
    days = (add_years(first, case.years) - first).days
    if start in ("opening", "state"):
        # A new centre, or an existing one as its start_state describes it: no warm-up either way.
        return with_overrides(loaded, {"experiment.start": start, "experiment.warm_up": "0 h",
                                       "experiment.horizon": f"{days * 24} h"}, origin="business_case")
    warm = warm_up_days(scenario)
    earlier = first - dt.timedelta(days=warm)
    # Changes dated by year count from year 1; their calendar dates stay as written.
    return with_overrides(loaded, {"experiment.start": "running", "calendar.start_date": earlier.isoformat(),
                                   "experiment.warm_up": f"{warm * 24} h",
                                   "experiment.horizon": f"{(warm + days) * 24} h"}, origin="business_case")


def run_business_case(loaded: LoadedScenario, replications: int, seed: int | None = None,
                      executor: Executor | None = None, progress: Progress | None = None,
                      label: str = "", on_batch: Callable[[list[dict[str, Any]]], None] | None = None,
                      start: str | None = None) -> BusinessCaseResult:
    """Simulate the business case's years as one run per replication and book the results per
    stakeholder."""
    case = _case(loaded)
    run = case_run(loaded, start)
    scenario = run.scenario
    running = (scenario.experiment.start or "opening") == "running"
    # A running start keeps the sampled series: is the stock settled when year 1 begins?
    tasks = tasks_for(run, replications, seed, key="years", series=running)
    results = run_tasks(tasks, executor, progress, label, on_batch)
    parts = year_segments(scenario)
    per_rep, years_per_rep = [], []
    years_of_runs = []
    for r in range(replications):
        found = next(res for res in results if res["replication"] == r)["years"]
        metrics = [{k: math.nan if v is None else float(v) for k, v in year.items()} for year in found]
        years_of_runs.append(metrics)
        years = yearly_lines(case, list(zip(parts, metrics, strict=True)))
        years_per_rep.append(years)
        per_rep.append(replication_figures(scenario, years))
    result = _summarise(loaded, case, parts, per_rep, replications)
    result.start = scenario.experiment.start or "opening"
    if result.start == "running":
        result.caveats.insert(0, "start_running")
        # Only what comes before the first dated change: growth a change sets off is not the start's.
        moments = [p.at for p in phases(scenario)[1:]]
        check = warm_up_check(results, run, min(moments) if moments else None)
        found = [c for c, unsettled in (("warm_up_short", not check.enough), ("stock_unsettled", check.stock_h))
                 if unsettled]
        result.caveats[1:1] = found
        if found:
            result.warm_up = {**check.to_dict(), "names": {
                pid: getattr(scenario.products[pid], "name", None) or pid for pid in check.stock_h}}
    result.per_year = per_year_flows(years_of_runs, result.years)
    result.segments = [{"from": day.isoformat(), "change": index, "set": values}
                       for day, index, values in change_moments(scenario)]
    result.sensitivity = sensitivity(scenario, years_per_rep, per_rep, replication_figures)
    money = [i for i in loaded.inputs if i.path.startswith("business_case.")]
    if money:
        result.sensitivity["ranges"] = range_sensitivity(
            scenario, loaded.data["business_case"], money, years_per_rep, replication_figures,
            scenario.experiment.seed if seed is None else seed)
    # Ranges elsewhere change the simulation: businesscase runs their likely value ('ambacht uncertainty' samples them).
    result.sensitivity["likely_only"] = [i.path for i in loaded.inputs if not i.path.startswith("business_case.")]
    return result


YEARLY_BASES = (registry.TimeBase.PER_YEAR, registry.TimeBase.TIME_AVERAGE)
"""What ``per_year`` keeps of each year: its flows and its levels averaged over the year (people in place)."""


def per_year_flows(runs: list[list[dict[str, float]]], calendar_years: list[int]) -> list[dict[str, Any]]:
    """Every flow per year and every time average over the year (the registry's per-year and
    time-average metrics) over replications: mean and 95 % interval, within what the metric can be."""
    out = []
    for index, calendar_year in enumerate(calendar_years):
        values = {name: np.array([run[index][name] for run in runs], dtype=float) for name in runs[0][index]}
        metrics = {}
        for name in values:
            if (metric := registry.find(name)) is not None and metric.time_base in YEARLY_BASES:
                found = interval(name, values)
                metrics[name] = {"mean": found.mean, "ci_low": found.low, "ci_high": found.high}
        out.append({"year": index + 1, "calendar_year": calendar_year, "metrics": metrics})
    return out


def figure_interval(name: str, values: list[float]) -> dict[str, Any]:
    """Mean and 95 % interval over replications, kept within what the figure can be
    (:func:`analysis.statistics.intervals.interval`): a share lies in [0, 1], an amount such as
    social value is never below zero, money may be anything."""
    found = interval(name, {name: np.array(values, dtype=float)})
    return {"mean": found.mean, "ci_low": found.low, "ci_high": found.high, "n": found.n}


def _summarise(loaded: LoadedScenario, case: BusinessCase, parts: list[Segment], per_rep: list[dict[str, Any]],
               replications: int) -> BusinessCaseResult:
    first_year = loaded.scenario.calendar.start_date.year
    calendar_year = {y: first_year + y - 1 for y in range(1, case.years + 1)}
    names = per_rep[0]["figures"].keys()
    metrics = {}
    for name in names:
        metrics[name] = figure_interval(name, [rep["figures"][name] for rep in per_rep])
    ledger = []
    for y in range(1, case.years + 1):
        for party in [*case.stakeholders, OUTSIDE]:
            chosen = [p for rep in per_rep for p in rep["positions"] if p.year == y and p.stakeholder == party]
            paid = sum(p.paid for p in chosen) / replications
            received = sum(p.received for p in chosen) / replications
            ledger.append({"year": y, "calendar_year": calendar_year[y], "stakeholder": party,
                           "paid": paid, "received": received, "net": received - paid})
    sums: dict[tuple[int, str, str, str], float] = defaultdict(float)
    for rep in per_rep:
        for e in rep["entries"]:
            sums[(e.year, e.line, e.payer, e.receiver)] += e.amount / replications
    lines = [{"year": y, "calendar_year": calendar_year[y], "line": line, "payer": payer, "receiver": receiver,
              "amount": amount} for (y, line, payer, receiver), amount in sorted(sums.items())]
    mean_named = [sum(rep["named"][y - 1] for rep in per_rep) / replications for y in range(1, case.years + 1)]
    cash_flow, total = [], 0.0
    for y, amount in enumerate(mean_named, start=1):
        total += amount
        cash_flow.append({"year": y, "calendar_year": calendar_year[y], "net": amount, "cumulative": total,
                          "discounted": amount * discount_factor(y, case.discount_rate)})
    paybacks = [payback_year(rep["named"]) for rep in per_rep]
    known = [p for p in paybacks if p is not None]
    payback = payback_year(mean_named)
    centre_own = [sum(rep["centre_own"][y] for rep in per_rep) / replications for y in range(case.years)]
    supporting = self_supporting_year(centre_own)
    caveats = []
    if replications < 10:
        caveats.append("few_replications")
    if any(p is None for p in paybacks) and known:
        caveats.append("payback_uncertain")
    return BusinessCaseResult(
        scenario=loaded.scenario.name,
        years=[calendar_year[y] for y in range(1, case.years + 1)],
        stakeholders={k: v.name or k for k, v in case.stakeholders.items()},
        centre=case.centre, discount_rate=case.discount_rate, replications=replications,
        ledger=ledger, lines=lines, cash_flow=cash_flow, metrics=metrics,
        payback_year=calendar_year[payback] if payback is not None else None,
        self_supporting_year=calendar_year[supporting] if supporting is not None else None,
        payback_range=(calendar_year[min(known)] if known else None,
                       None if len(known) < len(paybacks) else calendar_year[max(known)]),
        caveats=caveats,
        budget=(budget := budget_rows(case, lines, calendar_year, line_order(loaded.scenario, case))),
        gaps=gaps(budget),
        baseline=baseline(case, lines),
        budgets={k: v.name or k for k, v in case.budgets.items()},
        book_value_end=book_value_at_end(case),
        owners=line_owners(loaded.scenario, case),
    )
