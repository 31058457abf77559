"""Every output names only registered metrics and states its time base once."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.experiments.compare import compare_variants
from analysis.experiments.replications import run_replications
from analysis.experiments.sweep_run import run_sweep
from sim import registry
from sim.loader import load_scenario
from tests.analysis.helpers import SHORT, write_scenario


def unregistered(names: set[str]) -> list[str]:
    return sorted(n for n in names if registry.find(n) is None)


def test_run_json_and_folder_state_the_time_base_and_name_registered_metrics(tmp_path):
    result = run_replications(write_scenario(tmp_path / "c.yaml", **SHORT), 2, out=tmp_path / "run")
    data = json.loads(json.dumps(result.to_json()))
    window = data["metrics"]["run.measured_hours"]["mean"]
    assert window == 10 * 168
    assert data["time_base"]["flows"] == "per_year"
    assert data["time_base"]["scale_to_year"] == pytest.approx(registry.HOURS_PER_YEAR / window)
    assert unregistered(set(data["metrics"]) | {n for run in data["runs"] for n in run["metrics"]}) == []
    settings = json.loads((tmp_path / "run" / "settings.json").read_text())
    assert settings["time_base"] == data["time_base"]


def test_compare_and_sweep_name_only_registered_metrics(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    compared = compare_variants(scenario, {"workforce.deelnemers.people": [6, 2]}, replications=2,
                                out=tmp_path / "cmp")
    data = json.loads(json.dumps(compared.to_json()))
    assert data["time_base"]["flows"] == "per_year"
    assert unregistered({m for pair in data["comparisons"] for m in pair["metrics"]}) == []
    assert unregistered(set(pd.read_csv(tmp_path / "cmp" / "summary.csv")["metric"])) == []
    run_sweep(load_scenario(scenario), {"workforce.deelnemers.people": [2, 3]}, tmp_path / "sweep", 2)
    assert unregistered(set(pd.read_csv(tmp_path / "sweep" / "summary.csv")["metric"])) == []
    settings = json.loads((tmp_path / "sweep" / "settings.json").read_text())
    assert settings["time_base"]["scale_to_year"] == pytest.approx(registry.HOURS_PER_YEAR / (10 * 168))
