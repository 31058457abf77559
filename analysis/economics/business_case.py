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

from analysis.economics.ledger import (
    OUTSIDE,
    Entry,
    carried_outcomes,
    discount_factor,
    net_present_value,
    payback_year,
    positions,
    self_supporting_year,
    social_value,
)
from analysis.experiments.executors import Executor
from analysis.experiments.runner import Progress, run_tasks, tasks_for
from analysis.statistics.stats import estimate
from sim import registry
from sim.loader import LoadedScenario, with_overrides
from sim.phases import Segment, add_years, change_moments, warm_up_days, year_segments
from sim.scenario.business import HOURS_PER_YEAR, BusinessCase, years_of

OPERATING_LINES = ("revenue", "recycling_revenue", "staff_cost", "participant_cost", "overhead", "work_place_cost",
                   "waste_cost", "disposal_cost_avoided")


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
    start: str = "opening"  # how the run started: opening or running
    per_year: list[dict[str, Any]] = field(default_factory=list)  # year, calendar_year, metrics (interval each)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "years": self.years, "stakeholders": self.stakeholders,
            "centre": self.centre, "discount_rate": self.discount_rate, "replications": self.replications,
            "metrics": self.metrics, "payback_year": self.payback_year,
            "self_supporting_year": self.self_supporting_year,
            "payback_range": list(self.payback_range), "cash_flow": self.cash_flow,
            "ledger": self.ledger, "lines": self.lines, "segments": self.segments, "caveats": self.caveats,
            "start": self.start, "per_year": self.per_year,
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


def yearly_lines(case: BusinessCase, parts: list[tuple[Segment, dict[str, float]]], groups: list[str],
                 pools: dict[str, str], teams: list[str]) -> dict[int, dict[str, float]]:
    """Per business-case year, each simulated line (EUR, hours per year) of one replication:
    the segments of a year weighted by their share of it."""
    out: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for segment, m in parts:
        w = segment.share_of_year
        year = out[segment.year]
        for line in OPERATING_LINES:
            year[line] += w * per_year(m, f"economics.{line}")
        for g in groups:
            year[f"income.{g}"] += w * per_year(m, f"groups.{g}.income")
            year[f"benefit_savings.{g}"] += w * per_year(m, f"groups.{g}.benefit_savings")
            year[f"hours.{g}"] += w * per_year(m, f"groups.{g}.hours")
        for pool in pools:
            year["hours_all"] += w * per_year(m, f"pools.{pool}.hours_worked")
        for team in teams:
            year["hours_all"] += w * per_year(m, f"supervisors.{team}.present_hours")
    return out


def entries_for(case: BusinessCase, lines: dict[int, dict[str, float]], groups: dict[str, float]) -> list[Entry]:
    """Every euro of one replication as an entry from payer to receiver.

    ``groups`` maps each target group to its deadweight: the simulated benefit savings are
    already net of it; care savings are netted here.
    """
    centre, b, sv = case.centre, case.bookings, case.social_value
    entries: list[Entry] = []
    new_savings = {g: [lines[y][f"benefit_savings.{g}"] for y in range(1, case.years + 1)] for g in groups}
    for y in range(1, case.years + 1):
        line = lines[y]
        entries += [
            Entry(y, "revenue", OUTSIDE, centre, line["revenue"]),
            Entry(y, "recycling_revenue", OUTSIDE, centre, line["recycling_revenue"]),
            Entry(y, "staff_cost", centre, OUTSIDE, line["staff_cost"]),
            Entry(y, "participant_cost", centre, OUTSIDE, line["participant_cost"]),
            Entry(y, "overhead", centre, OUTSIDE, line["overhead"]),
            Entry(y, "work_place_cost", centre, OUTSIDE, line["work_place_cost"]),
            Entry(y, "waste_cost", centre, b.waste_cost, line["waste_cost"]),
            Entry(y, "disposal_cost_avoided", OUTSIDE, b.disposal_cost_avoided, line["disposal_cost_avoided"]),
        ]
        for g in groups:
            flow = b.target_groups.get(g)
            payer = flow.paid_by if flow else OUTSIDE
            receiver = (flow.received_by if flow else None) or centre
            entries.append(Entry(y, f"income.{g}", payer, receiver, line[f"income.{g}"]))
            rate = sv.care_saving.get(g, 0.0) * (1.0 - groups[g])  # EUR per participant hour
            if rate:
                entries.append(Entry(y, f"care_savings.{g}", OUTSIDE, sv.care_saving_to, rate * line[f"hours.{g}"]))
    # Benefits saved by people who found a job (net of deadweight), lasting with drop-off.
    for g in groups:
        carried = carried_outcomes(new_savings[g], sv.duration, sv.drop_off)[: case.years]
        entries += [Entry(y, f"benefit_savings.{g}", OUTSIDE, b.benefit_savings, v)
                    for y, v in enumerate(carried, start=1)]
    for iid, investment in case.investments.items():
        entries.append(Entry(investment.year, f"investment.{iid}", investment.paid_by, OUTSIDE, investment.amount))
    for gid, grant in case.grants.items():
        entries += [Entry(y, f"grant.{gid}", grant.paid_by, grant.received_by, grant.yearly_amount())
                    for y in years_of(grant.years, case.years)]
    return [e for e in entries if e.amount != 0.0 and e.payer != e.receiver]


def social_outcomes(case: BusinessCase, lines: dict[int, dict[str, float]], groups: dict[str, float]) -> list[float]:
    """Social outcomes (EUR, net of each group's deadweight) that start in each year: benefits
    saved in the first year of each job found, and care cost avoided by participation hours."""
    sv = case.social_value
    return [
        sum(lines[y][f"benefit_savings.{g}"]
            + sv.care_saving.get(g, 0.0) * (1.0 - deadweight) * lines[y][f"hours.{g}"]
            for g, deadweight in groups.items())
        for y in range(1, case.years + 1)
    ]


def replication_figures(case: BusinessCase, lines: dict[int, dict[str, float]], groups: dict[str, float]) -> dict[str, Any]:
    """One replication's ledger and headline figures."""
    entries = entries_for(case, lines, groups)
    parties = list(case.stakeholders)
    pos = positions(entries, parties, case.years)
    named = [sum(p.net for p in pos if p.year == y and p.stakeholder != OUTSIDE) for y in range(1, case.years + 1)]
    figures: dict[str, float] = {"economics.npv": net_present_value(named, case.discount_rate)}
    for party in parties:
        flows = [sum(p.net for p in pos if p.year == y and p.stakeholder == party) for y in range(1, case.years + 1)]
        figures[f"ledger.{party}.net_per_year"] = sum(flows) / case.years
        figures[f"ledger.{party}.net_total"] = net_present_value(flows, case.discount_rate)
    sv = case.social_value
    value = social_value(social_outcomes(case, lines, groups), 0.0, sv.attribution, sv.drop_off,
                         sv.duration, case.discount_rate)
    # What the stakeholders put in: investments, and what they pay the centre (grants, tariffs).
    inputs = sum(e.amount * discount_factor(e.year, case.discount_rate) for e in entries
                 if e.line.startswith("investment.")
                 or (e.payer in case.stakeholders and e.payer != case.centre and e.receiver == case.centre))
    figures["impact.social_value"] = value
    figures["impact.sroi_ratio"] = value / inputs if inputs > 0 else math.nan
    pso_hours = sum(lines[y][f"hours.{g}"] for y in lines for g in sv.pso_groups)
    all_hours = sum(lines[y]["hours_all"] for y in lines)
    figures["impact.pso_share"] = pso_hours / all_hours if all_hours > 0 else math.nan
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
    tasks = tasks_for(run, replications, seed, key="years", series=False)
    results = run_tasks(tasks, executor, progress, label, on_batch)
    groups = {g: spec.deadweight for g, spec in scenario.target_groups.items()}
    pools = {pid: p.group for pid, p in scenario.workforce.items()}
    teams = list(scenario.supervisors)
    parts = year_segments(scenario)
    per_rep = []
    years_of_runs = []
    for r in range(replications):
        years = next(res for res in results if res["replication"] == r)["years"]
        metrics = [{k: math.nan if v is None else float(v) for k, v in year.items()} for year in years]
        years_of_runs.append(metrics)
        rows = list(zip(parts, metrics, strict=True))
        per_rep.append(replication_figures(case, yearly_lines(case, rows, list(groups), pools, teams), groups))
    result = _summarise(loaded, case, parts, per_rep, replications)
    result.start = scenario.experiment.start or "opening"
    if result.start == "running":
        result.caveats.insert(0, "start_running")
    result.per_year = per_year_flows(years_of_runs, result.years)
    result.segments = [{"from": day.isoformat(), "change": index, "set": values}
                       for day, index, values in change_moments(scenario)]
    return result


def per_year_flows(runs: list[list[dict[str, float]]], calendar_years: list[int]) -> list[dict[str, Any]]:
    """Every flow per year (the registry's per-year metrics) over replications: mean and 95 % interval."""
    out = []
    for index, calendar_year in enumerate(calendar_years):
        names = [n for n in runs[0][index] if registry.lookup(n).time_base is registry.TimeBase.PER_YEAR]
        metrics = {}
        for name in names:
            e = estimate([run[index][name] for run in runs])
            metrics[name] = {"mean": e.mean, "ci_low": e.low, "ci_high": e.high}
        out.append({"year": index + 1, "calendar_year": calendar_year, "metrics": metrics})
    return out


def figure_interval(name: str, values: list[float]) -> dict[str, Any]:
    """Mean and 95 % interval over replications, kept within what the figure can be: social
    value and its ratio are never below zero, a share lies in [0, 1]; money may be anything."""
    e = estimate(values)
    low, high = e.low, e.high
    if name.startswith("impact.") and math.isfinite(low):
        low = max(0.0, low)
    if name.endswith("_share") and math.isfinite(high):
        high = min(1.0, high)
    return {"mean": e.mean, "ci_low": low, "ci_high": high, "n": e.n}


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
    )
