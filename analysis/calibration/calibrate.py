"""Calibrate the uncertain inputs of a scenario on the weeks of a centre's records.

The method, and why: every input written as a range (``ambacht uncertainty``) is the prior,
drawn in a Latin hypercube. Each drawn sample runs ``replications`` runs over the calibration
weeks with the same seeds (common random numbers), so the model's mean of a figure is a smooth
function of the inputs. A quadratic in the inputs is fitted to each figure's mean over those
weeks (an *emulator*); the record's own mean is taken to be that function plus the spread of
one history, estimated from the replications (a Gaussian *synthetic likelihood*, Wood 2010,
Nature 466:1102). Thousands of cheap prior draws weighted by that likelihood give the posterior
(its 5th, 50th and 95th percentiles). The emulator's misfit and the noise in its means (a whole
curve shifted by common random numbers) are added to the spread, so intervals stay honest.
Plain rejection ABC with common random numbers would collapse (every sample shares the same
noise); ABC libraries (pyabc, ELFI) bring their own schedulers, databases and pinned plotting
versions, which a one-command tool on a laptop does not need. numpy and scipy suffice.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.stats import qmc

from analysis.calibration.records import Records, check_against
from analysis.calibration.simulate import aligned, period_bounds, weekly_runs
from analysis.calibration.table import TableError, TableProblem
from analysis.experiments.executors import Executor
from analysis.experiments.runner import Progress
from analysis.experiments.uncertainty import (
    booked_only,
    latin_hypercube,
    simulated_inputs,
    variants,
)
from sim.loader import LoadedScenario
from sim.text import N_

POSTERIOR_DRAWS = 20_000
"""Prior draws weighted by the likelihood: the emulator makes them cost no run."""

INFORMED_SHIFT = 0.1
"""An input counts as informed by the records when its posterior's 5th, 50th or 95th percentile
lies at least this share of the prior's own 5-95 % width from the prior's; otherwise the records
told nothing about it (no recorded figure depends on it) and its range stays as written."""


class NothingToCalibrate(ValueError):
    """The scenario has no range, or the records no week before the date."""


@dataclass
class Calibration:
    """What ``ambacht calibrate`` found: per input its prior and posterior, and on what."""

    scenario: str
    records: str
    records_digest: str
    calibration_weeks: list[str]
    figures: list[str]
    inputs: list[dict[str, Any]]
    samples: int
    replications: int
    seed: int
    effective_draws: float
    path: str = ""
    """The calibrated scenario written, once written."""
    caveats: list[str] = field(default_factory=list)
    booked_only_by_businesscase: list[str] = field(default_factory=list)
    """Ranges of the business case, left as written: they change no run, so no record informs them."""

    def informed(self) -> list[dict[str, Any]]:
        """The inputs the records told something about (:data:`INFORMED_SHIFT`): the ones narrowed."""
        return [i for i in self.inputs if i.get("informed", True)]

    def not_informed(self) -> list[str]:
        """The paths of the inputs no record told about: left as written."""
        return [i["path"] for i in self.inputs if not i.get("informed", True)]

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": [{"path": i["path"], "prior": i["prior"], "posterior": i["posterior"],
                            "informed": i.get("informed", True)} for i in self.inputs],
                "not_informed": self.not_informed(), "informed_shift": INFORMED_SHIFT,
                "calibration_weeks": self.calibration_weeks, "scenario": self.path, "figures": self.figures,
                "records": self.records, "records_sha256": self.records_digest, "samples": self.samples,
                "replications": self.replications, "seed": self.seed,
                "effective_draws": round(self.effective_draws, 1), "caveats": self.caveats,
                "booked_only_by_businesscase": self.booked_only_by_businesscase}


def figure_names(loaded: LoadedScenario) -> set[str]:
    """Every weekly figure a run of this scenario writes (``sim.weekly``), by name."""
    s = loaded.scenario
    names = {"shop.units_sold", "online.units_sold", "impact.kg_in", "impact.kg_reused", "impact.kg_recycled",
             "impact.kg_wasted", "impact.kg_refused", "economics.revenue", "economics.revenue_shop",
             "economics.revenue_online", "economics.revenue_contracts"}
    for sid in s.materials:
        names |= {f"materials.{sid}.{f}" for f in ("kg_in", "units_in", "refused_kg", "recycled_kg")}
    for pid, pool in s.workforce.items():
        names |= {f"pools.{pid}.{f}" for f in ("hours_worked", "absent_hours", "hours_lost_to_missing_supervision")}
        names.add(f"groups.{pool.group}.hours")
    for pid in s.products:
        names |= {f"products.{pid}.{f}" for f in ("produced", "sold", "disposed")}
    for cid in s.market.contracts:
        names |= {f"contracts.{cid}.{f}" for f in ("orders", "delivered", "on_time_share")}
    return names


def _design(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Quadratic terms of inputs scaled to [-1, 1]: 1, x_j, x_j x_k (j <= k)."""
    z = (x - low) / np.where(high > low, high - low, 1.0) * 2 - 1
    cols = [np.ones(len(z))]
    d = z.shape[1]
    cols += [z[:, j] for j in range(d)]
    cols += [z[:, j] * z[:, k] for j in range(d) for k in range(j, d)]
    return np.column_stack(cols)


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: list[float]) -> list[float]:
    """Quantiles ``qs`` of ``values`` weighted by ``weights`` (midpoint rule; no weight, no say)."""
    keep = weights > 0
    order = np.argsort(values[keep])
    v, w = values[keep][order], weights[keep][order]
    cum = (np.cumsum(w) - 0.5 * w) / w.sum()
    return [float(np.interp(q, cum, v)) for q in qs]


def history_covariance(weekly: np.ndarray) -> np.ndarray:
    """Covariance of one history's summaries (means over its weeks), figures x figures.

    ``weekly``: samples x replications x weeks x figures. Common random numbers make every
    sample's replications alike, so the spread is measured week by week: each run's weeks
    around the mean of its sample's runs in that week (around the run's own mean with one
    replication), pooled, divided by the number of weeks and widened by the weeks' lag-1
    autocorrelation (a busy week followed by a busy one tells less than two apart)."""
    samples, replications, weeks, figures = weekly.shape
    with np.errstate(all="ignore"):
        if replications > 1:
            residual = (weekly - np.nanmean(weekly, axis=1, keepdims=True)) * math.sqrt(replications / (replications - 1))
        else:
            residual = weekly - np.nanmean(weekly, axis=2, keepdims=True)
    finite = np.isfinite(residual)
    e = np.where(finite, residual, 0.0).reshape(-1, weeks, figures)
    counts = np.einsum("nwi,nwj->ij", finite.reshape(-1, weeks, figures).astype(float),
                       finite.reshape(-1, weeks, figures).astype(float))
    weekly_cov = np.einsum("nwi,nwj->ij", e, e) / np.maximum(counts, 1.0)
    lag = np.einsum("nwi,nwi->i", e[:, 1:], e[:, :-1]) / np.maximum(np.einsum("nwi,nwi->i", e, e), 1e-300)
    widen = np.sqrt(np.maximum(1.0, 1.0 + 2.0 * np.clip(lag, 0.0, 0.9)))
    return weekly_cov * np.outer(widen, widen) / weeks


def posterior(x: np.ndarray, summaries: np.ndarray, single: np.ndarray, observed: np.ndarray, low: np.ndarray,
              high: np.ndarray, draws: np.ndarray, replications: int) -> tuple[np.ndarray, float]:
    """Weights of ``draws`` (prior draws of the inputs) given the observed summaries.

    ``summaries``: samples x figures, the mean of the sample's runs; ``single``: the covariance
    of one history's summaries (:func:`history_covariance`; figures that say the same thing,
    revenue and units sold, count once). Returns the weights (sum 1) and their effective
    number (Kish)."""
    samples = len(x)
    design = _design(x, low, high)
    k = design.shape[1]
    if samples <= k + 1:  # too few samples for a quadratic: a straight line
        design = design[:, : 1 + x.shape[1]]
        k = design.shape[1]
    coef, *_ = np.linalg.lstsq(design, summaries, rcond=None)
    residual = summaries - design @ coef
    misfit = (residual ** 2).sum(axis=0) / max(1, samples - k)
    # A floor of 1 % of each figure keeps a figure that hardly varies from deciding alone.
    floor = (0.01 * np.maximum(np.abs(observed), 1e-9)) ** 2
    # The emulator's means carry the noise of their replications, shared by all (common random numbers).
    covariance = single * (1 + 1 / replications) + np.diag(misfit + floor)
    precision = np.linalg.inv(covariance)
    gap = _design(draws, low, high)[:, :k] @ coef - observed
    loglik = -0.5 * np.einsum("ij,jk,ik->i", gap, precision, gap)
    weights = np.exp(loglik - loglik.max())
    weights /= weights.sum()
    return weights, float(1.0 / (weights ** 2).sum())


def calibrate(loaded: LoadedScenario, records: Records, until: dt.date, samples: int = 40, replications: int = 2,
              seed: int | None = None, executor: Executor | None = None, progress: Progress | None = None,
              label: str = "") -> Calibration:
    """The posterior of every range of ``loaded`` that changes the simulation, given the records'
    weeks before ``until``; the business case's ranges change no run and are left as written."""
    inputs = simulated_inputs(loaded)
    if not inputs:
        raise NothingToCalibrate("no_ranges")
    weeks = records.before(until)
    if not weeks:
        raise TableError([TableProblem(records.file, 0, "", N_(
            "no week before {until} to calibrate on (the records start {first})"),
            {"until": until.isoformat(), "first": records.dates[0].isoformat()})])
    check_against(records, figure_names(loaded))
    seed = loaded.scenario.experiment.seed if seed is None else seed
    values = latin_hypercube(inputs, samples, seed)
    base = aligned(loaded, records.dates[0], records.end(weeks[-1]))
    runs = weekly_runs(variants(base, values, inputs), replications, seed, executor, progress, label,
                       bounds=period_bounds(loaded, records, weeks[-1]))
    observed_names = [m for m, v in records.figures.items() if np.isfinite(np.asarray(v)[weeks]).any()]
    weekly, observed, used = [], [], []
    for metric in observed_names:
        obs = np.asarray(records.figures[metric], dtype=float)[weeks]
        masked = np.array([r[metric] for r in runs])  # samples x replications x weeks
        masked[:, :, ~np.isfinite(obs)] = math.nan  # compare only the weeks recorded
        with np.errstate(all="ignore"):
            per_run = np.nanmean(masked, axis=2)  # one history's summary: its mean over the weeks
        if not np.isfinite(per_run).all() or float(np.ptp(per_run)) == 0.0:
            continue  # a figure the model leaves undefined, or that no input moves
        weekly.append(masked)
        observed.append(float(np.nanmean(obs)))
        used.append(metric)
    caveats = []
    if replications < 2:
        caveats.append("one_replication")
    if not used:
        raise TableError([TableProblem(records.file, 1, "", N_("no figure with a value in the calibration weeks"))])
    low = np.array([u.low for u in inputs])
    high = np.array([u.high for u in inputs])
    sampler = qmc.LatinHypercube(d=len(inputs), seed=np.random.default_rng(seed + 1))
    u = sampler.random(POSTERIOR_DRAWS)
    draws = np.column_stack([[inp.ppf(float(q)) for q in u[:, j]] for j, inp in enumerate(inputs)])
    stacked = np.stack(weekly, axis=3)  # samples x replications x weeks x figures
    with np.errstate(all="ignore"):
        summaries = np.nanmean(np.nanmean(stacked, axis=2), axis=1)
    weights, effective = posterior(values, summaries, history_covariance(stacked), np.array(observed), low, high,
                                   draws, replications)
    if effective < 100:
        caveats.append("few_effective_draws")
    found = []
    even = np.full(len(draws), 1.0 / len(draws))
    for j, inp in enumerate(inputs):
        p5, p50, p95 = weighted_quantiles(draws[:, j], weights, [0.05, 0.5, 0.95])
        prior = weighted_quantiles(draws[:, j], even, [0.05, 0.5, 0.95])
        width = prior[2] - prior[0]
        informed = width <= 0 or max(abs(a - b) for a, b in zip((p5, p50, p95), prior, strict=True)) >= (
            INFORMED_SHIFT * width)
        if inp.integer:
            p5, p50, p95 = float(math.floor(p5)), float(round(p50)), float(math.ceil(p95))
        found.append({"path": inp.path, "unit": inp.unit, "integer": inp.integer, "prior": [inp.low, inp.high],
                      "posterior": {"p5": p5, "p50": p50, "p95": p95}, "informed": bool(informed)})
    return Calibration(loaded.scenario.name, records.file, records.digest,
                       [records.dates[i].isoformat() for i in weeks], used, found, samples, replications, seed,
                       effective, caveats=caveats, booked_only_by_businesscase=booked_only(loaded))
