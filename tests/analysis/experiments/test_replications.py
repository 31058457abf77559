"""Replications of one scenario: a results folder that reproduces from itself, is never
overwritten unless asked, and is not written at all when the work is stopped."""

from __future__ import annotations

import json
import stat

import pytest

from analysis.experiments.replications import run_replications
from analysis.experiments.runner import Interrupted, Silent
from analysis.experiments.sweep_run import run_sweep
from analysis.experiments.warmup import check_warm_up
from tests.analysis.helpers import SHORT, write_scenario


def test_results_folder_reproduces_from_itself_and_is_never_overwritten(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    out = tmp_path / "out"
    first = run_replications(scenario, 2, out=out)
    assert first.folder == out and first.replications == 2 and len(first.runs) == 2
    names = {p.name for p in out.iterdir()}
    assert {"settings.json", "scenario.yaml", "replications.csv", "replications.parquet", "summary.csv",
            "series.parquet", "lead_times.csv", "mass_balance.csv", "diagnosis.json", ".ambacht-results.json"} <= names
    settings = json.loads((out / "settings.json").read_text())
    assert settings["seed"] == 3 and settings["replications"] == 2
    assert {"ambacht", "engine", "simpy", "numpy"} <= set(settings["versions"])
    assert (out / "summary.csv").stat().st_mode & (stat.S_IROTH | stat.S_IRGRP), "readable by others"
    # Running the copied scenario gives the same numbers.
    again = run_replications(out / "scenario.yaml", 2, out=tmp_path / "again")
    assert again.to_json()["metrics"] == first.to_json()["metrics"]
    assert (out / "replications.csv").read_text() == (tmp_path / "again" / "replications.csv").read_text()
    # A second run into the same folder goes to a new folder, unless replaced.
    assert run_replications(scenario, 2, out=out).folder == tmp_path / "out-2"
    assert run_replications(scenario, 2, out=out, replace=True).folder == out
    assert not (tmp_path / "out-3").exists()


class StopAfter(Silent):
    """Presses Ctrl-C once ``runs`` runs have finished."""

    def __init__(self, runs: int) -> None:
        self.runs = runs
        self.done = 0

    def advance(self, done: int) -> None:
        self.done += done
        if self.done >= self.runs:
            raise KeyboardInterrupt


def test_a_stopped_run_writes_nothing(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    with pytest.raises(Interrupted) as stop:
        run_replications(scenario, 3, out=tmp_path / "out", progress=StopAfter(1))
    assert stop.value.folder is None and stop.value.total == 3 and stop.value.signum == 2
    assert [p.name for p in tmp_path.iterdir()] == ["c.yaml"], "no folder, no temporary folder"


def test_a_stopped_sweep_keeps_what_finished_and_resumes_to_the_same_results(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    vary = {"workforce.deelnemers.people": [2, 3, 4]}
    whole = run_sweep(scenario, vary, tmp_path / "whole", 2)
    with pytest.raises(Interrupted) as stop:
        run_sweep(scenario, vary, tmp_path / "cut", 2, progress=StopAfter(2))
    assert stop.value.folder == tmp_path / "cut" and 2 <= stop.value.finished < 6 and stop.value.total == 6
    resumed = run_sweep(scenario, vary, tmp_path / "cut", 2, resume=True)
    assert resumed.finished == whole.finished == 6
    assert (tmp_path / "cut" / "replications.csv").read_text() == (tmp_path / "whole" / "replications.csv").read_text()


def test_warm_up_check_compares_mser5_with_the_warm_up_used(tmp_path):
    short = run_replications(write_scenario(tmp_path / "a.yaml", **SHORT), 2).warm_up
    assert short.current_h == 2 * 7 * 24
    check = check_warm_up(tmp_path / "a.yaml", 2)
    assert check == short, "the check sees the same runs as a run of the same replications"
    assert ("MSER-5" in check.verdict("en")) and ("inloopperiode" in check.verdict("nl"))
    assert check.enough == (check.warning("en") == "")
