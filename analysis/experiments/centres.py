"""Many centres side by side, against the sector's published figures.

Programme staff who follow many centres (a province, Rijkswaterstaat) want the same figures
for every centre: kg in, reuse share, revenue per kg, participants and their hours, people per
supervisor achieved, hours lost to missing supervision, net result and cost per participant
place, each with the published sector figure beside it where one exists. All centres' runs go
through one executor, so thirty centres are one command on a cluster.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.experiments.executors import Executor
from analysis.experiments.runner import Progress, metrics_table, run_tasks, tasks_for
from analysis.statistics.stats import estimate
from sim import registry
from sim.loader import LoadedScenario

HOURS_PER_YEAR = 8760.0


@dataclass(frozen=True)
class Figure:
    """One figure the sector reports, and the published value or band to hold it against."""

    id: str
    kind: str  # money, share, number
    low: float | None = None  # the published band, when there is one
    high: float | None = None
    source: str = ""  # docs/sources.md entry, in our words


REVENUE_PER_KG_REUSED = (1.08, 2.66)
"""EUR per kg reused a whole mixed-goods centre may earn (docs/sources.md#opbrengst-per-kg): the Flemish
1.44 per kg sold less 25 % per shop, to 2.66 derived from the Dutch sector totals. One band for the
centres report, the examples' test and the sizing test."""

FIGURES = (
    Figure("kg_in_per_year", "number", 0.75 * 748_000, 1.25 * 785_000,
           "Monitor Kringloop NL 2023/2024: a mid-size kringloop takes in 748-785 t a year (±25 % per shop)"),
    Figure("reuse_share", "share", 0.43, 0.63,
           "Monitor Kringloop NL: 43 % (2019) to 63 % (2024) of the goods collected is reused"),
    Figure("revenue_per_kg_reused", "money", *REVENUE_PER_KG_REUSED,
           "1.08-2.66 EUR per kg reused: 1.44-1.57 per kg sold in Flanders less 25 % per shop, to 2.24-2.66 "
           "derived from the Dutch sector totals"),
    Figure("participants", "number"),
    Figure("participant_hours_per_year", "number"),
    Figure("people_per_supervisor", "number", 7.0, 13.0,
           "supervision norms of 1:7 to 1:13 for work-oriented groups (herwin.be); Estafette about 1:13"),
    Figure("lost_to_missing_supervision_share", "share"),
    Figure("net_result", "money"),
    Figure("net_result_share_of_revenue", "share", -0.10, 0.10,
           "most kringloop centres run around break-even; a surplus of 10 % or more of revenue is rare (estimate)"),
    Figure("cost_per_participant_place", "money", None, 20_000.0,
           "sheltered employment costs about 20,000 EUR per person a year in subsidy, supervision and organisation "
           "(Cedris cost-benefit study)"),
)


def per_year(m: dict[str, float], name: str) -> float:
    """A flow metric as an amount per year, in the time base the registry gives it (flows are per year)."""
    window = m.get("run.measured_hours") or HOURS_PER_YEAR
    return registry.rescale(float(m.get(name, math.nan)), name, registry.TimeBase.PER_YEAR, window)


def centre_figures(loaded: LoadedScenario, m: dict[str, float]) -> dict[str, float]:
    """The sector's figures of one run of one centre."""
    s = loaded.scenario
    participants = [pid for pid, p in s.workforce.items() if s.target_groups[p.group].supervision_ratio]
    places = sum(s.workforce[p].people for p in participants)
    supervised = sum(m.get(f"supervisors.{t}.present_hours", 0.0) for t in s.supervisors)
    hours = m.get("impact.participant_hours", math.nan)
    lost = m.get("impact.hours_lost_to_missing_supervision", 0.0)
    kg_reused = per_year(m, "impact.kg_reused")
    revenue = m.get("economics.revenue", math.nan)
    return {
        "kg_in_per_year": per_year(m, "impact.kg_in"),
        "reuse_share": m.get("impact.reuse_share", math.nan),
        "revenue_per_kg_reused": revenue / kg_reused if kg_reused > 0 else math.nan,
        "participants": float(places),
        "participant_hours_per_year": per_year(m, "impact.participant_hours"),
        "people_per_supervisor": hours / supervised if supervised > 0 else math.nan,
        "lost_to_missing_supervision_share": lost / (lost + hours) if (lost + hours) > 0 else math.nan,
        "net_result": m.get("economics.net_result", math.nan),
        "net_result_share_of_revenue": m.get("economics.net_result", math.nan) / revenue if revenue > 0 else math.nan,
        "cost_per_participant_place": m.get("economics.costs", math.nan) / places if places > 0 else math.nan,
    }


@dataclass
class CentresResult:
    centres: list[dict[str, Any]]  # name, source, hash, figures: {id: {mean, ci_low, ci_high}}
    figures: list[dict[str, Any]] = field(default_factory=list)  # id, kind, low, high, source
    replications: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"replications": self.replications, "figures": self.figures, "centres": self.centres}


def run_centres(centres: list[LoadedScenario], replications: int, executor: Executor | None = None,
                progress: Progress | None = None, label: str = "",
                on_batch: Callable[[list[dict[str, Any]]], None] | None = None) -> CentresResult:
    tasks = []
    for i, loaded in enumerate(centres):
        tasks += tasks_for(loaded, replications, key=f"c{i:04d}", series=False)
    table = metrics_table(run_tasks(tasks, executor, progress, label, on_batch))
    rows = []
    for i, loaded in enumerate(centres):
        runs = table[table["key"] == f"c{i:04d}"].drop(columns=["key", "replication"])
        per_run = [centre_figures(loaded, {k: float(v) for k, v in row.items()}) for _, row in runs.iterrows()]
        figures = {}
        for f in FIGURES:
            e = estimate(np.array([r[f.id] for r in per_run], dtype=float))
            figures[f.id] = {"mean": e.mean, "ci_low": e.low, "ci_high": e.high,
                             "in_band": _in_band(f, e.mean)}
        rows.append({"name": loaded.scenario.name, "source": loaded.source, "hash": loaded.content_hash,
                     "figures": figures})
    return CentresResult(
        centres=rows, replications=replications,
        figures=[{"id": f.id, "kind": f.kind, "low": f.low, "high": f.high, "source": f.source} for f in FIGURES],
    )


def _in_band(figure: Figure, value: float) -> bool | None:
    if not math.isfinite(value) or (figure.low is None and figure.high is None):
        return None
    return (figure.low is None or value >= figure.low) and (figure.high is None or value <= figure.high)


def as_frame(result: CentresResult) -> pd.DataFrame:
    """One row per centre, one column per figure (means)."""
    return pd.DataFrame([{"centre": c["name"], **{k: v["mean"] for k, v in c["figures"].items()}}
                         for c in result.centres])
