"""Uncertain inputs: the design covers every range, and the input that matters comes first."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.experiments.sweeps import Requirement
from analysis.experiments.uncertainty import latin_hypercube, run_uncertainty
from sim.loader import load_text
from tests.sim.scenarios import queue


def _loaded(extra: dict, rate: object = None) -> object:
    data = queue(2.0, [(3, "0.5 h")], horizon=200, warm_up=20)
    data["economics"] = {"overhead": {"range": ["10000 EUR per year", "50000 EUR per year"]}}
    data["target_groups"]["staff"] = {"fee_per_trajectory": {"range": ["0 EUR", "100 EUR"]}}
    data["materials"]["items"]["arrivals"]["rate"] = rate or {"range": ["1 per hour", "2 per hour", "4 per hour"]}
    data.update(extra)
    return load_text(json.dumps(data, indent=1), "queue.yaml")


def test_the_latin_hypercube_puts_one_sample_in_every_stratum_of_every_range() -> None:
    loaded = _loaded({})
    n = 30
    values = latin_hypercube(loaded.inputs, n, seed=5)
    for j, uncertain in enumerate(loaded.inputs):
        # Back to probabilities: each of the n equal-probability strata holds exactly one sample.
        cdf = np.array([_cdf(uncertain, v) for v in values[:, j]])
        assert sorted(np.floor(cdf * n).astype(int)) == list(range(n))
        assert values[:, j].min() >= uncertain.low and values[:, j].max() <= uncertain.high


def _cdf(uncertain, x: float) -> float:  # type: ignore[no-untyped-def]
    lo, mode, hi = uncertain.low, uncertain.likely, uncertain.high
    if uncertain.shape == "uniform":
        return (x - lo) / (hi - lo)
    if x <= mode:
        return (x - lo) ** 2 / ((hi - lo) * (mode - lo))
    return 1 - (hi - x) ** 2 / ((hi - lo) * (hi - mode))


def test_the_input_the_output_depends_on_comes_first() -> None:
    loaded = _loaded({})
    result = run_uncertainty(loaded, samples=24, replications=2, seed=3, objective="materials.items.units_in")
    ranking = result.sensitivity["materials.items.units_in"]
    assert ranking[0]["path"] == "materials.items.arrivals.rate"
    assert ranking[0]["index"] > 0.5 and ranking[0]["spearman"] > 0.9
    assert all(r["index"] < 0.3 for r in ranking[1:])
    # The overhead is the only thing the net result's costs hang on here.
    assert result.sensitivity["economics.net_result"][0]["path"] == "economics.overhead"
    spread = result.outputs["materials.items.units_in"]
    assert spread["p5"] < spread["p50"] < spread["p95"]
    assert spread["input_sd"] > spread["chance_sd"]


def test_the_share_of_samples_that_keep_a_promise() -> None:
    loaded = _loaded({})
    # 19,500 items a year: about 400 in the 180 hours measured (units_in is per year).
    result = run_uncertainty(loaded, samples=12, replications=1, seed=4,
                             requirement=Requirement("materials.items.units_in", True, 19_500.0))
    means = result.sample_means.get("materials.items.units_in") or []
    expected = np.mean([v >= 19_500.0 for v in means]) if means else None
    assert result.holds_share == pytest.approx(expected)
    assert 0.0 < result.holds_share < 1.0
    assert result.requirement == "materials.items.units_in >= 19500"


def test_json_contract(tmp_path: Path) -> None:
    result = run_uncertainty(_loaded({}), samples=6, replications=1, seed=2).to_dict()
    assert {"samples", "inputs", "outputs", "sensitivity", "holds_share"} <= result.keys()
    assert {"path", "low", "high"} <= result["inputs"][0].keys()
    assert {"p5", "p50", "p95"} <= next(iter(result["outputs"].values())).keys()


def test_no_input_is_named_when_the_inputs_do_not_move_the_answer() -> None:
    # Only money is uncertain here (overhead, a fee): the units that come in depend on none of it,
    # so every sample's runs are the same and the answer must not name an input to research.
    from analysis.reporting.charts.context import Names
    from analysis.reporting.uncertainty_report import answer

    loaded = _loaded({}, rate="2 per hour")
    result = run_uncertainty(loaded, samples=8, replications=2, seed=3, objective="materials.items.units_in")
    assert result.outputs["materials.items.units_in"]["input_sd"] == 0.0
    sentences = answer(result, "en", Names("en", loaded.scenario))
    assert not any("hinges" in s for s in sentences), sentences
    assert any("do not move" in s for s in sentences)
    # Where the rate is uncertain, the rate is named.
    uncertain = _loaded({})
    moved = run_uncertainty(uncertain, samples=8, replications=2, seed=3, objective="materials.items.units_in")
    assert any("hinges most on" in s for s in answer(moved, "en", Names("en", uncertain.scenario)))
