"""How much the money of a business case hinges on what is uncertain.

Two views, both from the replications already simulated (nothing is simulated again):

* the spread by chance: p5, p50 and p95 over replications of the NPV and of each stakeholder's net;
* with ranges written in ``business_case`` (``{range: [low, high]}`` on its money fields), their
  spread: Latin-hypercube samples of them, each re-booking the same simulated years;
* a tornado: each money input moved to a low and a high value while the others stay, the
  simulated metrics re-booked, and the mean NPV and stakeholder nets at both ends. The bands are
  ``MONEY_INPUTS`` (docs/business-case.md says where each comes from).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from analysis.economics.booking import AS_IN_FILE, Adjust
from sim.scenario.model import Scenario
from sim.uncertain import UncertainInput

Figures = Callable[..., dict[str, Any]]

PRICE_BAND = 0.25
"""Per-shop figures are uncertain by about a quarter either way (docs/sources.md#onzekerheid-per-winkel)."""

MONEY_INPUTS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "prices": ({"adjust": Adjust(prices=1 - PRICE_BAND)}, {"adjust": Adjust(prices=1 + PRICE_BAND)}),
    "wages": ({"adjust": Adjust(wages=0.9)}, {"adjust": Adjust(wages=1.1)}),  # estimate: +-10 %
    "benefits": ({"adjust": Adjust(benefits=1 - PRICE_BAND)}, {"adjust": Adjust(benefits=1 + PRICE_BAND)}),
    "deadweight": ({"adjust": Adjust(deadweight=-0.1)}, {"adjust": Adjust(deadweight=0.1)}),  # estimate: +-0.1
    "discount_rate": ({"rate": 0.0}, {"rate": "double"}),
}
"""Each money input's setting at the low and at the high end of its range."""


def _percentiles(values: list[float]) -> dict[str, float]:
    p5, p50, p95 = np.percentile(np.asarray(values, dtype=float), [5, 50, 95])
    return {"p5": float(p5), "p50": float(p50), "p95": float(p95)}


def sensitivity(scenario: Scenario, years_per_rep: list[dict[int, dict[str, float]]], per_rep: list[dict[str, Any]],
                figures_of: Figures) -> dict[str, Any]:
    """The spread by chance and the tornado of the money inputs (mean over replications at each end)."""
    case = scenario.business_case
    assert case is not None
    parties = list(case.stakeholders)
    names = ["economics.npv", *(f"ledger.{p}.net_total" for p in parties)]
    spread = {name: _percentiles([rep["figures"][name] for rep in per_rep]) for name in names}
    tornado = []
    for name, ends in MONEY_INPUTS.items():
        row: dict[str, Any] = {"input": name}
        for side, setting in zip(("low", "high"), ends, strict=True):
            rate = setting.get("rate")
            if rate == "double":
                rate = 2 * case.discount_rate
            reps = [figures_of(scenario, years, setting.get("adjust", AS_IN_FILE), rate) for years in years_per_rep]
            row[side] = {n: float(np.mean([r["figures"][n] for r in reps])) for n in names}
        tornado.append(row)
    base = float(np.mean([rep["figures"]["economics.npv"] for rep in per_rep]))
    tornado.sort(key=lambda r: -abs(r["high"]["economics.npv"] - r["low"]["economics.npv"]))
    return {"spread": spread, "base_npv": base, "tornado": tornado}


RANGE_SAMPLES = 64
"""Latin-hypercube samples of the business case's own ranges (booking only: cheap)."""


def range_sensitivity(scenario: Scenario, case_data: dict[str, Any], inputs: list[UncertainInput],
                      years_per_rep: list[dict[int, dict[str, float]]], figures_of: Figures, seed: int,
                      samples: int = RANGE_SAMPLES) -> dict[str, Any]:
    """The money's spread over the ranges written in ``business_case`` (``case_data`` holds their
    likely values): each Latin-hypercube sample re-books every replication's simulated years; per
    sample the mean over replications. Also each range alone at its low and high end."""
    from analysis.experiments.uncertainty import latin_hypercube
    from sim.scenario.business import BusinessCase
    from sim.uncertain import with_values

    case = scenario.business_case
    assert case is not None
    names = ["economics.npv", *(f"ledger.{p}.net_total" for p in case.stakeholders)]

    def mean_figures(values: list[float], chosen: list[UncertainInput]) -> dict[str, float]:
        data = with_values({"business_case": case_data}, chosen, values)["business_case"]
        variant = scenario.model_copy(update={"business_case": BusinessCase.model_validate(data)})
        reps = [figures_of(variant, years) for years in years_per_rep]
        return {n: float(np.mean([r["figures"][n] for r in reps])) for n in names}

    drawn = latin_hypercube(inputs, samples, seed)
    per_sample = [mean_figures([float(v) for v in row], inputs) for row in drawn]
    spread = {n: _percentiles([s[n] for s in per_sample]) for n in names}
    tornado: list[dict[str, Any]] = []
    for uncertain in inputs:
        low, high = mean_figures([uncertain.low], [uncertain]), mean_figures([uncertain.high], [uncertain])
        tornado.append({"input": uncertain.path, "low_value": uncertain.low, "high_value": uncertain.high,
                        "low": low, "high": high})
    tornado.sort(key=lambda r: -abs(r["high"]["economics.npv"] - r["low"]["economics.npv"]))
    return {"inputs": [u.path for u in inputs], "samples": samples, "spread": spread, "tornado": tornado}
