"""What each lever buys, measured: the triad diagnosis by paired experiments.

Every candidate lever (see :mod:`analysis.experiments.lever_candidates`) runs as a variant of the scenario
with the same seed as the base runs, so replication r of the lever and of the base share their
random numbers (common random numbers): the paired difference per replication is the lever's
effect, with a Student-t interval over replications. The base runs are shared by all levers.

Replications are spent where the answer is unsure: every lever starts with two; a lever gets
more (doubling, up to the maximum) while it could still beat the lever that buys most by more than
a tenth of that lever's gain: while both the paired difference between the two (per replication)
and their intervals against the base leave it open. The lever that buys most gets more
while its interval straddles zero or another may beat it. A lever with the same gain as the best
in every run is a tie, named with it. A smaller step of a lever (+10 % inflow after
+25 %) is measured where the larger step buys something. The binding leg is the leg of the lever
that buys most, among those whose gain is distinguishable from zero; when none is, the centre
is balanced for this objective.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.experiments.executors import Executor, Task
from analysis.experiments.lever_candidates import LEGS, Lever, Skipped, candidates
from analysis.experiments.runner import execute, metrics_table, tasks_for
from analysis.results.files import write_text_atomic
from analysis.statistics.intervals import bounded_difference
from analysis.statistics.stats import Estimate, estimate
from sim.loader import LoadedScenario, ScenarioError, load_scenario, with_overrides

DEFAULT_OBJECTIVE = "economics.net_result"
REPORTED = ("impact.kg_reused", "impact.participant_hours", "economics.net_result")
"""Metrics every lever reports besides the objective."""
START = 2
"""Replications every lever starts with: two give a paired interval; more go where it is unsure."""
CONTENDERS = 4
"""At most this many levers get more replications per round (the leader first, then the most
promising): a sharper leader settles the others without runs of their own."""
INDIFFERENT = 0.1
"""Levers whose gain may differ from the best one's by less than this share of it are not separated
by more replications (a difference that small does not change the advice)."""
BASE_KEY = "base"
_LOWER_IS_BETTER = ("lead_time", "hours_lost", "refused", "lost_sales", "kg_wasted", "backlog", "wait_mean",
                    "queue_", "costs", "cost", "disposed", "markdown_share", "idle_hours")


class ObjectiveError(KeyError):
    """The objective is not a metric of this scenario."""


def lower_is_better(metric: str) -> bool:
    """True for metrics a centre wants small (lead times, hours lost, costs, waste ...)."""
    last = metric.rsplit(".", 1)[-1]
    return any(last.startswith(p) or last.endswith(p) for p in _LOWER_IS_BETTER)


def objective_of(loaded: LoadedScenario, requested: str | None = None) -> str:
    """The metric levers are judged by: asked for, else the file's ``objective``, else net result."""
    return requested or getattr(loaded.scenario, "objective", None) or DEFAULT_OBJECTIVE


@dataclass
class MeasuredLever:
    lever: Lever
    effects: dict[str, Estimate]  # paired difference (lever minus base) per metric
    replications: int
    direction: float  # +1 when more of the objective is better, -1 when less is
    objective: str

    @property
    def gain(self) -> Estimate:
        """The effect in the objective, signed so that more is better."""
        e = self.effects[self.objective]
        if self.direction > 0:
            return e
        return Estimate(-e.mean, -e.high, -e.low, e.n)

    @property
    def real(self) -> bool:
        """The gain is distinguishable from zero and positive (its interval excludes zero)."""
        g = self.gain
        return g.n > 1 and math.isfinite(g.low) and g.low > 0

    @property
    def per_euro(self) -> float | None:
        """Gain in the objective per euro a year; None when the cost is unknown or zero."""
        cost = self.lever.cost_per_year
        if cost is None or cost <= 0 or not math.isfinite(self.gain.mean):
            return None
        return self.gain.mean / cost


@dataclass
class LeverStudy:
    """The measured levers of one scenario, ranked, with the binding leg."""

    objective: str
    base: dict[str, Estimate]
    levers: list[MeasuredLever]  # ranked: most gain in the objective first
    skipped: list[Skipped]
    base_replications: int
    runs: int
    seconds: float
    extra: dict[str, Any] = field(default_factory=dict)
    ties: list[str] = field(default_factory=list)
    """Levers with the same gain as the recommended one in every run (ranked after it by cost)."""
    unsettled: dict[str, int] = field(default_factory=dict)
    """Levers the replications could not separate from the recommended one (or, when none is
    recommended, could not show to buy something or nothing), with the replications each would
    need at the spread measured. Empty: the verdict is decided."""

    @property
    def decided(self) -> bool:
        """Whether the replications separate the lever that buys most from the others (or show
        that none buys anything): the verdict may be given."""
        return not self.unsettled

    @property
    def replications_needed(self) -> int | None:
        """The replications per lever that should decide the verdict; None when decided.

        The estimate (at the spread measured) of the lever that would change the verdict most:
        the unsettled one with the largest mean gain; rounded up the way the study spends
        replications, by doubling what the levers had (2 -> 4 -> 8)."""
        if not self.unsettled:
            return None
        by_id = {x.lever.id: x for x in self.levers}
        contender = max(self.unsettled, key=lambda lid: _ranking(by_id[lid]) if lid in by_id else -math.inf)
        had = max([x.replications for x in self.levers] or [START])
        needed = max(self.unsettled[contender], had + 1)
        doubled = max(had, 1)
        while doubled < needed:
            doubled *= 2
        return min(doubled, MOST_NEEDED)

    @property
    def recommended(self) -> MeasuredLever | None:
        real = [x for x in self.levers if x.real]
        return real[0] if real else None

    @property
    def binding_leg(self) -> str | None:
        """The leg of the lever that buys most, 'balanced' when none does; None when the
        replications cannot decide it (:attr:`decided`)."""
        if not self.decided:
            return None
        best = self.recommended
        return best.lever.leg if best is not None else "balanced"

    @property
    def leading(self) -> list[MeasuredLever]:
        """The lever ahead and those not yet separated from it (an undecided verdict names them)."""
        ranked = [x for x in self.levers if math.isfinite(x.gain.mean)]
        best = self.recommended or (ranked[0] if ranked else None)
        others = [x for x in self.levers if x.lever.id in self.unsettled and x is not best]
        return ([best] if best is not None else []) + others

    def by_euro(self) -> list[MeasuredLever]:
        """Levers with a real gain and a known cost, most gain per euro first; free ones before all
        (the one that buys most first)."""
        real = [x for x in self.levers if x.real and x.lever.cost_per_year is not None]
        return sorted(real, key=lambda x: (-(x.per_euro if x.per_euro is not None else math.inf), -_ranking(x),
                                           x.lever.id))

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The JSON contract of ``ambacht levers --format json``."""
        best = self.recommended
        return {
            "objective": self.objective,
            "levers": [{
                "id": x.lever.id, "leg": x.lever.leg, "label": x.lever.label(lang), "vary": x.lever.vary,
                "cost_per_year": _finite(x.lever.cost_per_year),
                "effects": {metric: {"mean": _finite(e.mean), "ci_low": _finite(e.low), "ci_high": _finite(e.high)}
                            for metric, e in x.effects.items()},
            } for x in self.levers],
            "binding_leg": self.binding_leg,
            "recommendation": best.lever.id if best is not None and self.decided else None,
            "decided": self.decided,
            **({"replications_needed": self.replications_needed,
                "leading": [x.lever.id for x in self.leading]} if not self.decided else {}),
        }


    def to_record(self) -> dict[str, Any]:
        """Everything measured, as plain data (``levers.json`` of a results folder)."""
        return {
            "objective": self.objective, "base_replications": self.base_replications, "runs": self.runs,
            "seconds": round(self.seconds, 1),
            "base": {metric: _estimate_record(e) for metric, e in self.base.items()},
            "levers": [{**asdict(x.lever), "replications": x.replications, "direction": x.direction,
                        "effects": {metric: _estimate_record(e) for metric, e in x.effects.items()}}
                       for x in self.levers],
            "skipped": [asdict(x) for x in self.skipped],
            "ties": list(self.ties),
            "unsettled": dict(self.unsettled),
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> LeverStudy:
        objective = record["objective"]
        fields = {f for f in Lever.__dataclass_fields__}
        levers = [MeasuredLever(Lever(**{k: v for k, v in x.items() if k in fields}),
                                {metric: _estimate_of(e) for metric, e in x["effects"].items()},
                                int(x["replications"]), float(x["direction"]), objective)
                  for x in record["levers"]]
        return cls(objective, {metric: _estimate_of(e) for metric, e in record["base"].items()}, levers,
                   [Skipped(**x) for x in record.get("skipped", [])], int(record["base_replications"]),
                   int(record["runs"]), float(record["seconds"]), ties=list(record.get("ties", [])),
                   unsettled={str(k): int(v) for k, v in (record.get("unsettled") or {}).items()})


def measure_folder(folder: Path | str, executor: Executor | None = None, replications: int | None = None,
                   on_runs: Callable[[int, int], None] | None = None) -> LeverStudy | None:
    """Measure the levers of a results folder's scenario (same seed) and store them as
    ``levers.json``; None when the folder holds no scenario that still loads."""
    folder = Path(folder)
    file = folder / "scenario.yaml"
    if not file.exists():
        return None
    try:
        loaded = load_scenario(file)
    except ScenarioError:
        return None
    settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    result = study(loaded, None, replications, executor, settings.get("seed"), on_runs=on_runs,
                   base_runs=_runs_of(folder, settings, loaded))
    write_text_atomic(folder / "levers.json", json.dumps(result.to_record(), indent=2, ensure_ascii=False) + "\n")
    return result


def _runs_of(folder: Path, settings: dict[str, Any], loaded: LoadedScenario) -> pd.DataFrame | None:
    """The folder's own runs of its scenario (``ambacht run``: same file, seed and replications
    0..n-1), which are the levers' base runs: shared instead of run again. None for other folders."""
    file = folder / "replications.parquet"
    if settings.get("command") != "run" or settings.get("scenario_hash") != loaded.content_hash or not file.exists():
        return None
    table = pd.read_parquet(file)
    if "key" not in table.columns or "replication" not in table.columns:
        return None
    own = table[table["key"].fillna("").astype(str) == ""]
    reps = sorted(int(r) for r in own["replication"])
    if not reps or reps != list(range(len(reps))):
        return None
    return own.assign(key=BASE_KEY)


def _estimate_record(e: Estimate) -> dict[str, Any]:
    return {"mean": _finite(e.mean), "ci_low": _finite(e.low), "ci_high": _finite(e.high), "n": e.n}


def _estimate_of(record: dict[str, Any]) -> Estimate:
    def number(key: str) -> float:
        value = record.get(key)
        return math.nan if value is None else float(value)

    return Estimate(number("mean"), number("ci_low"), number("ci_high"), int(record.get("n", 0)))


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _paired(base: pd.DataFrame, variant: pd.DataFrame, metric: str) -> Estimate:
    """Mean and interval of variant minus base over the replications both have."""
    if metric not in base.columns or metric not in variant.columns:
        return Estimate(math.nan, math.nan, math.nan, 0)
    joined = base[["replication", metric]].merge(variant[["replication", metric]], on="replication", suffixes=("_a", "_b"))
    a, b = joined[f"{metric}_a"].to_numpy(dtype=float), joined[f"{metric}_b"].to_numpy(dtype=float)
    ok = np.isfinite(a) & np.isfinite(b)
    found = estimate(b[ok] - a[ok])
    # A change in a share stays within what the share allows: base + change in 0-100 %.
    low, high = bounded_difference(metric, float(a[ok].mean()) if ok.any() else math.nan, found.low, found.high)
    return Estimate(found.mean, low, high, found.n)


def study(loaded: LoadedScenario, objective: str | None = None, replications: int | None = None,
          executor: Executor | None = None, seed: int | None = None, start: int = START,
          on_runs: Callable[[int, int], None] | None = None, base_runs: pd.DataFrame | None = None) -> LeverStudy:
    """Measure every candidate lever of a scenario against shared base runs.

    ``replications``: the most any lever gets (default: the scenario's); ``start``: what every
    lever gets first. ``on_runs(done, planned)`` reports progress. ``base_runs``: the metrics
    table of runs of this very scenario and seed already made (replications 0..n-1), used as the
    base instead of running it again. Raises :class:`ObjectiveError` when the objective is not a
    metric of the scenario (checked after the first base runs).
    """
    began = time.perf_counter()
    objective = objective_of(loaded, objective)
    most = max(2, replications or loaded.scenario.experiment.replications)
    first = min(max(2, start), most)
    seed = loaded.scenario.experiment.seed if seed is None else seed
    done = 0
    planned = first

    def run(tasks: list[Task]) -> list[dict[str, Any]]:
        nonlocal done
        return execute(executor, tasks, lambda batch: _advance(len(batch)))

    def _advance(n: int) -> None:
        nonlocal done
        done += n
        if on_runs is not None:
            on_runs(done, planned)

    if base_runs is not None and len(base_runs) >= first:
        base_table = base_runs
    else:
        base_table = metrics_table(run(tasks_for(loaded, first, seed, BASE_KEY, series=False)))
    if objective not in base_table.columns:
        raise ObjectiveError(objective)
    means = {c: float(base_table[c].mean()) for c in base_table.columns if c not in ("key", "replication")}
    levers, skipped = candidates(loaded, means)
    variants = {lever.id: with_overrides(loaded, {lever.path: lever.new}, origin=f"lever {lever.id}") for lever in levers}
    have = {lever.id: 0 for lever in levers}
    want = {lever.id: first if lever.after is None else 0 for lever in levers}
    base_have = len(base_table)
    tables: dict[str, pd.DataFrame] = {BASE_KEY: base_table}
    direction = -1.0 if lower_is_better(objective) else 1.0
    metrics = list(dict.fromkeys([objective, *REPORTED]))
    measured: dict[str, MeasuredLever] = {}
    per_run: dict[str, pd.Series] = {}
    while True:
        base_need = max([base_have, *want.values()])
        tasks = tasks_for(loaded, base_need - base_have, seed, BASE_KEY, series=False, first=base_have)
        for lever in levers:
            if want[lever.id] > have[lever.id]:
                tasks += tasks_for(variants[lever.id], want[lever.id] - have[lever.id], seed, lever.id, series=False,
                                   first=have[lever.id])
        if not tasks:
            break
        planned = done + len(tasks)
        table = metrics_table(run(tasks))
        for key, part in table.groupby("key"):
            tables[str(key)] = pd.concat([tables[str(key)], part]) if str(key) in tables else part
        base_have = base_need
        have.update(want)
        base = tables[BASE_KEY]
        for lever in levers:
            if have[lever.id]:
                effects = {metric: _paired(base, tables[lever.id], metric) for metric in metrics}
                measured[lever.id] = MeasuredLever(lever, effects, have[lever.id], direction, objective)
        per_run = {lid: _per_run(base, tables[lid], objective, direction) for lid in measured}
        unsure = _unsure(measured, per_run)[:CONTENDERS]
        want = {lid: min(most, 2 * have[lid]) if lid in unsure and have[lid] < most else have[lid] for lid in have}
        for lever in levers:
            # A smaller step of a lever that buys something: is less enough?
            if not have[lever.id] and lever.after in measured and measured[lever.after].real:
                want[lever.id] = first
    # Equal gains (a share that reaches 1 either way): the cheaper lever first, unknown costs last.
    ranked = sorted(measured.values(), key=lambda x: (-_ranking(x), _cost_rank(x), LEGS.index(x.lever.leg), x.lever.id))
    base_table = tables[BASE_KEY]
    base = {metric: estimate(base_table[metric].to_numpy(dtype=float)) for metric in metrics if metric in base_table}
    result = LeverStudy(objective, base, ranked, skipped, base_have, done, time.perf_counter() - began)
    best = result.recommended
    if best is not None:  # per_run: the last round's gains, from the tables as they stand
        result.ties = [x.lever.id for x in ranked if x is not best and x.real
                       and _tied(per_run[x.lever.id], per_run[best.lever.id])]
    result.unsettled = unsettled(result, per_run)
    return result


def unsettled(result: LeverStudy, per_run: dict[str, pd.Series]) -> dict[str, int]:
    """The levers the replications leave open against the verdict, with the replications each
    would need (at the spread measured, Student t) to settle it.

    With a recommended lever: another lever whose paired difference with it could still be more
    than ``INDIFFERENT`` of its gain in its favour, while their intervals against the base overlap
    (the test that decides where replications go). Without one (balanced): the lever with the
    largest mean gain while its interval straddles zero."""
    best = result.recommended
    out: dict[str, int] = {}
    if best is None:
        # Balanced unless the lever ahead may still buy more than a trifle (MATERIAL of the base).
        ranked = [x for x in result.levers if x.gain.n > 1 and math.isfinite(x.gain.mean)]
        base = result.base.get(result.objective)
        material = MATERIAL * (1.0 if _is_share(result.objective) else abs(base.mean) if base is not None else math.nan)
        if ranked and math.isfinite(material) and material > 0:
            ahead, g = ranked[0], ranked[0].gain
            if math.isfinite(g.high) and g.high > material and g.high != g.low:
                spread = float(per_run[ahead.lever.id].std(ddof=1)) if ahead.lever.id in per_run else math.nan
                out[ahead.lever.id] = _needed(spread, max(material - g.mean, g.mean), g.n)
        return out
    gain = best.gain
    trifle = INDIFFERENT * abs(gain.mean)
    for x in result.levers:
        g = x.gain
        if x is best or x.lever.id in result.ties or g.n < 2 or not (math.isfinite(g.low) and math.isfinite(g.high)):
            continue
        if g.high == g.low or x.lever.id not in per_run:
            continue
        both = pd.concat([per_run[x.lever.id], per_run[best.lever.id]], axis=1, join="inner").dropna()
        d = _versus(per_run[x.lever.id], per_run[best.lever.id])
        if d.n < 2 or not (math.isfinite(d.low) and math.isfinite(d.high)) or d.high == d.low:
            continue
        if d.high > trifle and g.high >= gain.low:
            # Settled once the interval of the difference leaves out either 'more than a trifle
            # better' or 'not better': half-width below the larger of the two distances.
            target = max(trifle - d.mean, d.mean)
            spread = float((both.iloc[:, 0] - both.iloc[:, 1]).std(ddof=1))
            out[x.lever.id] = _needed(spread, target, d.n)
    return out


MATERIAL = 0.01
"""A gain below this share of the base's objective (1 percentage point for a share) changes no
advice: a balanced verdict stands when no lever can buy more."""


def _is_share(metric: str) -> bool:
    from analysis.statistics.intervals import SHARE, kind

    return kind(metric) == SHARE


MOST_NEEDED = 10_000
"""The most replications :func:`_needed` names (the CLI's limit)."""


def _needed(spread: float, half_width: float, have: int) -> int:
    """The fewest replications (more than ``have``) whose 95 % Student-t half-width at standard
    deviation ``spread`` is below ``half_width``; MOST_NEEDED when none is."""
    from scipy import stats

    if not (math.isfinite(spread) and math.isfinite(half_width)) or half_width <= 0 or spread <= 0:
        return MOST_NEEDED
    n = max(have + 1, 3)
    while n < MOST_NEEDED:
        if float(stats.t.ppf(0.975, n - 1)) * spread / math.sqrt(n) < half_width:
            return n
        n += 1 if n < 64 else n // 8
    return MOST_NEEDED


def _per_run(base: pd.DataFrame, variant: pd.DataFrame, metric: str, direction: float) -> pd.Series:
    """The gain in ``metric`` per replication (variant minus base, signed so that more is better)."""
    if metric not in base.columns or metric not in variant.columns:
        return pd.Series(dtype=float)
    a = base.set_index("replication")[metric].astype(float)
    b = variant.set_index("replication")[metric].astype(float)
    return (direction * (b - a)).dropna()


def _versus(x: pd.Series, y: pd.Series) -> Estimate:
    """Paired difference x minus y over the replications both have (common random numbers make
    the difference between two levers sharper than either's interval against the base)."""
    both = pd.concat([x, y], axis=1, join="inner").dropna()
    return estimate((both.iloc[:, 0] - both.iloc[:, 1]).to_numpy(dtype=float))


def _tied(x: pd.Series, y: pd.Series) -> bool:
    """The same gain in every replication both have (e.g. both bring a share to 1)."""
    d = _versus(x, y)
    return d.n > 1 and d.mean == 0 and d.low == d.high


def _ranking(x: MeasuredLever) -> float:
    mean = x.gain.mean
    return mean if math.isfinite(mean) else -math.inf


def _cost_rank(x: MeasuredLever) -> float:
    cost = x.lever.cost_per_year
    return math.inf if cost is None else cost


def _unsure(measured: dict[str, MeasuredLever], per_run: dict[str, pd.Series]) -> list[str]:
    """Levers that could still beat the lever that buys most by more than a trifle (``INDIFFERENT``
    of its gain), judged by their paired difference with it; and that lever while it is unsure
    whether it buys anything at all, or while another may beat it. Most promising first.

    A lever with the same gain in every run (its runs identical to the base), with the same gain as
    the leader in every run (a tie: both bring a share to 1), or a difference without spread is
    settled: more replications would not narrow it."""
    gains = {lid: x.gain for lid, x in measured.items() if x.gain.n > 1 and math.isfinite(x.gain.mean)}
    if not gains:
        return []
    leader = max(gains, key=lambda lid: gains[lid].mean)
    lead = gains[leader]
    out = set()
    for lid in gains:
        g = gains[lid]
        if lid == leader or not (math.isfinite(g.low) and math.isfinite(g.high)) or g.high == g.low:
            continue  # the same gain in every run (often: the runs are identical to the base)
        d = _versus(per_run[lid], per_run[leader])
        if d.n < 2 or not (math.isfinite(d.low) and math.isfinite(d.high)):
            continue
        if d.high == d.low:
            # The same difference in every run both have: settled once it has as many runs as the leader.
            if g.n < gains[leader].n:
                out.add(lid)
            continue
        # Could it still beat the leader by more than a trifle? Settled when the paired difference
        # says no, or when the two intervals against the base do not overlap (sharper when the
        # leader's gain varies much from run to run and this lever's hardly at all).
        if d.high > INDIFFERENT * abs(lead.mean) and g.high >= lead.low:
            out.add(lid)
    # The best lever gets more while it is unsure whether it buys anything, or while others may match it.
    first = [leader] if lead.high != lead.low and (lead.low <= 0 or out) else []
    # Most promising first: the leader, then by mean gain.
    return first + sorted(out, key=lambda lid: (-gains[lid].mean, lid))
