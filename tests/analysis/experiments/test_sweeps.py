"""Sweeps: values by path, grids, results that survive a SIGKILL and resume identically, and
folders that are never started again or replaced unless asked."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.experiments.sweep_run import (
    finish_partial_sweep,
    is_partial_sweep,
    planned_sweeps,
    run_sweep,
)
from analysis.experiments.sweeps import (
    SweepError,
    grid,
    parse_requirement,
    parse_values,
    parse_vary,
)
from analysis.results.files import FolderError
from analysis.results.folder import read_folder
from sim.loader import ScenarioError, load_scenario
from tests.analysis.helpers import SHORT, write_scenario

# A sweep in its own process (so that it can be killed), through the function the command calls.
SWEEP = """
import sys
from pathlib import Path
from analysis.experiments.sweep_run import planned_sweeps, run_sweep
from sim.loader import load_scenario
loaded = load_scenario(sys.argv[1])
plan = planned_sweeps(loaded)[0]
run_sweep(loaded, plan.vary, Path(sys.argv[2]), plan.replications, plan.name, resume=sys.argv[3] == "resume")
"""
ROOT = Path(__file__).resolve().parents[3]


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


def _sweep_process(scenario: Path, out: Path, resume: bool = False) -> list[str]:
    return [sys.executable, "-c", SWEEP, str(scenario), str(out), "resume" if resume else "new"]


def test_sweep_killed_halfway_resumes_to_identical_results(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **{**SHORT, "experiment.sweeps": {
        "bezetting": {"vary": {"workforce.deelnemers.people": "2..7"}, "replications": 6}}})
    loaded = load_scenario(scenario)
    plan = planned_sweeps(loaded)[0]
    whole = run_sweep(loaded, plan.vary, tmp_path / "whole", plan.replications, plan.name)
    assert whole.finished == whole.total == 36 and not whole.partial

    killed = tmp_path / "killed"
    process = subprocess.Popen(_sweep_process(scenario, killed), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
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

    # What finished can be summarised (for a report), marked partial; then the sweep resumes.
    assert is_partial_sweep(killed)
    partial = finish_partial_sweep(killed)
    assert partial.partial and partial.finished == kept and partial.total == 36
    settings = json.loads((killed / "settings.json").read_text())
    assert settings["partial"] and settings["finished"] == kept and settings["total"] == 36
    assert len(pd.read_csv(killed / "replications.csv")) == kept

    resumed = run_sweep(loaded, plan.vary, killed, plan.replications, plan.name, resume=True)
    assert not resumed.partial and not is_partial_sweep(killed)
    a = pd.read_csv(tmp_path / "whole" / "replications.csv")
    b = pd.read_csv(killed / "replications.csv")
    assert len(a) == 36
    pd.testing.assert_frame_equal(a, b)
    assert "partial" not in json.loads((killed / "settings.json").read_text())


def test_an_existing_sweep_is_never_started_again_silently(tmp_path):
    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    out = tmp_path / "res"
    vary = {"workforce.deelnemers.people": [2, 3]}
    first = run_sweep(loaded, vary, out, 2)
    before = (out / "replications.csv").read_bytes()
    with pytest.raises(FolderError) as error:
        run_sweep(loaded, vary, out, 2)
    assert error.value.key == "sweep_exists" and str(out) in error.value.render("nl")
    assert not (tmp_path / "res-2").exists()
    with pytest.raises(FolderError) as error:
        run_sweep(loaded, {"workforce.deelnemers.people": [4]}, out, 2, resume=True)
    assert error.value.key == "sweep_other"
    # Resuming a finished sweep runs nothing and gives the same files.
    again = run_sweep(loaded, vary, out, 2, resume=True)
    assert again.finished == first.finished == 4
    assert (out / "replications.csv").read_bytes() == before


def test_force_replaces_a_sweep_only_when_the_new_one_is_complete(tmp_path):
    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    out = tmp_path / "res"
    run_sweep(loaded, {"workforce.deelnemers.people": [2, 3]}, out, 2)
    result = run_sweep(loaded, {"workforce.deelnemers.people": [4]}, out, 2, replace=True)
    assert result.folder == out and result.finished == 2
    assert list(pd.read_csv(out / "variants.csv")["workforce.deelnemers.people"]) == [4]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".res")], "nothing left beside it"


def test_a_sweep_never_writes_into_a_folder_it_did_not_make(tmp_path):
    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own notes")
    for replace in (False, True):
        with pytest.raises(FolderError) as error:
            run_sweep(loaded, {"workforce.deelnemers.people": [2]}, mine, 1, replace=replace)
        assert error.value.key == "folder_not_ours"
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mine")]


def test_an_excel_sweep_folder_written_by_an_earlier_version_still_reads(tmp_path):
    # Before the workbook (analysis.reporting.export), --excel wrote the folder's own CSVs with ';' and ','.
    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    folder = run_sweep(loaded, {"workforce.deelnemers.people": [3]}, tmp_path / "x", 2).folder
    for name in ("summary", "variants"):
        pd.read_csv(folder / f"{name}.csv").to_csv(folder / f"{name}.csv", index=False, sep=";", decimal=",")
    assert "," in (folder / "summary.csv").read_text().splitlines()[1]
    read = read_folder(folder)
    assert list(read["summary"].columns[:3]) == ["key", "metric", "mean"]
    assert pd.api.types.is_float_dtype(read["summary"]["mean"])


def test_vary_alone_is_a_sweep_of_its_own(tmp_path):
    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **{**SHORT, "experiment.sweeps": {
        "named": {"vary": {"workforce.deelnemers.people": [2, 3, 4]}}}}))
    plans = planned_sweeps(loaded, None, ["supervisors.begeleiders.people=1,2"])
    assert [(p.name, p.vary) for p in plans] == [("sweep", {"supervisors.begeleiders.people": [1, 2]})]
    named = planned_sweeps(loaded, "named", ["supervisors.begeleiders.people=1,2"])
    assert named[0].vary == {"workforce.deelnemers.people": [2, 3, 4], "supervisors.begeleiders.people": [1, 2]}
    assert [p.name for p in planned_sweeps(loaded)] == ["named"]
    with pytest.raises(SweepError, match="no sweep named 'other'"):
        planned_sweeps(loaded, "other")
    result = run_sweep(loaded, plans[0].vary, tmp_path / "v", 2)
    variants = pd.read_csv(tmp_path / "v" / "variants.csv")
    assert list(variants.columns) == ["key", "supervisors.begeleiders.people"] and len(variants) == 2
    assert len(result.variants) == 2


def test_list_values_for_keys_that_hold_lists():
    assert parse_values("[werk],[werk,zorg]") == [["werk"], ["werk", "zorg"]]
    assert parse_values("[[werk], [werk, zorg]]") == [["werk"], ["werk", "zorg"]]  # as YAML writes it
    assert parse_values("[2,4,6]") == [2, 4, 6]  # one list of values, as before
    for broken in ("[werk],[zorg", "[werk]],[zorg]", "[werk],,[zorg]", "[[werk]],[zorg]"):
        with pytest.raises(SweepError):
            parse_values(broken)
