"""Sweeps: values by path, grids, and results that survive a SIGKILL and resume identically."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.sweeps import SweepError, grid, parse_requirement, parse_values, parse_vary
from sim.loader import ScenarioError, load_scenario
from tests.analysis.helpers import SHORT, write_scenario

AMBACHT = [sys.executable, "-m", "cli"]


def test_values_as_list_range_and_stepped_range():
    assert parse_values("2..5") == [2, 3, 4, 5]
    assert parse_values("0.5..1 step 0.25") == [0.5, 0.75, 1.0]
    assert parse_values("1, 2, 4") == [1, 2, 4]
    assert parse_values("2 h, 4 h") == ["2 h", "4 h"]
    assert parse_values([3, 5]) == [3, 5]
    with pytest.raises(SweepError):
        parse_values("5..2")
    with pytest.raises(SweepError):
        parse_vary(["workforce.deelnemers.people"])


def test_requirement_text():
    r = parse_requirement("contracts.hotel.on_time_share >= 0.95")
    assert (r.metric, r.at_least, r.threshold) == ("contracts.hotel.on_time_share", True, 0.95)
    with pytest.raises(SweepError):
        parse_requirement("on time please")


def test_grid_is_every_combination_with_stable_keys(tmp_path):
    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    vary = {"workforce.deelnemers.people": [2, 4, 6], "supervisors.begeleiders.people": [1, 2]}
    variants = grid(loaded, vary)
    assert len(variants) == 6
    assert {v.loaded.scenario.workforce["deelnemers"].people for v in variants} == {2, 4, 6}
    reordered = grid(loaded, dict(reversed(list(vary.items()))))
    assert {v.key for v in variants} == {v.key for v in reordered}


def test_a_path_that_does_not_exist_is_refused(tmp_path):
    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    with pytest.raises(ScenarioError) as error:
        grid(loaded, {"workforce.deelnemers.peeple": [1]})
    assert "workforce.deelnemers.peeple" in error.value.render("en")
    with pytest.raises(ScenarioError) as error:
        grid(loaded, {"workforce.deelnemers.people": [-1]})
    assert "people" in error.value.render("en")


def _sweep(scenario: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([*AMBACHT, "sweep", str(scenario), "--out", str(out), "-q", *extra],
                          capture_output=True, text=True, timeout=300, cwd=scenario.parent)


def test_sweep_killed_halfway_resumes_to_identical_results(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **{**SHORT, "experiment.sweeps": {
        "bezetting": {"vary": {"workforce.deelnemers.people": "2..7"}, "replications": 6}}})
    whole = _sweep(scenario, tmp_path / "whole")
    assert whole.returncode == 0, whole.stderr

    killed = tmp_path / "killed"
    process = subprocess.Popen([*AMBACHT, "sweep", str(scenario), "--out", str(killed), "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    database = killed / "sweep.sqlite"
    deadline = time.time() + 120
    done = 0
    while time.time() < deadline and process.poll() is None:
        if database.exists():
            try:
                done = sqlite3.connect(database).execute("SELECT count(*) FROM runs").fetchone()[0]
            except sqlite3.Error:
                done = 0
            if done >= 8:
                break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert 8 <= done < 36, "the sweep should be killed halfway"
    assert not (killed / "replications.csv").exists()
    kept = sqlite3.connect(database).execute("SELECT count(*) FROM runs").fetchone()[0]
    assert kept >= done  # nothing finished is lost

    resumed = _sweep(scenario, killed, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    a = pd.read_csv(tmp_path / "whole" / "replications.csv")
    b = pd.read_csv(killed / "replications.csv")
    assert len(a) == 36
    pd.testing.assert_frame_equal(a, b)


def test_existing_results_are_never_overwritten_silently(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    out = tmp_path / "res"
    assert _sweep(scenario, out, "--vary", "workforce.deelnemers.people=2,3", "-n", "2").returncode == 0
    again = _sweep(scenario, out, "--vary", "workforce.deelnemers.people=2,3", "-n", "2")
    assert again.returncode == 0
    assert (tmp_path / "res-2" / "replications.csv").exists()
    other = _sweep(scenario, out, "--vary", "workforce.deelnemers.people=4", "-n", "2", "--resume")
    assert other.returncode == 1 and "another sweep" in other.stderr
    assert "Traceback" not in other.stderr


def test_excel_csv_uses_semicolons_and_decimal_commas(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    result = _sweep(scenario, tmp_path / "x", "--vary", "workforce.deelnemers.people=3", "-n", "2", "--excel")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "x" / "summary.csv").read_text()
    assert text.splitlines()[0].startswith("key;metric;mean")
    assert any("," in line.split(";")[2] for line in text.splitlines()[1:])


def test_vary_alone_is_a_sweep_of_its_own(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **{**SHORT, "experiment.sweeps": {
        "named": {"vary": {"workforce.deelnemers.people": [2, 3, 4]}}}})
    result = _sweep(scenario, tmp_path / "v", "--vary", "supervisors.begeleiders.people=1,2", "-n", "2")
    assert result.returncode == 0, result.stderr
    variants = pd.read_csv(tmp_path / "v" / "variants.csv")
    assert list(variants.columns) == ["key", "supervisors.begeleiders.people"] and len(variants) == 2
