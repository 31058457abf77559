"""A damaged store or results folder (a crash, a full disk, a file deleted by hand): found and
reported with what can be kept and the command that rebuilds the rest, never a traceback."""

from __future__ import annotations

import shlex
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.results.damage import salvage, store_damage
from cli.main import main
from sim.loader import load_scenario
from tests.analysis.helpers import SHORT, write_scenario

VARY = "workforce.deelnemers.people=2,3,4"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def swept(tmp_path) -> tuple[Path, Path, Path]:
    """A scenario, a finished sweep of it (3 variants x 2 replications) and a copy to damage."""
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    whole = tmp_path / "whole"
    result = invoke("sweep", str(scenario), "--vary", VARY, "-n", "2", "--out", str(whole), "--quiet")
    assert result.exit_code == 0, result.output
    damaged = tmp_path / "damaged"
    result = invoke("sweep", str(scenario), "--vary", VARY, "-n", "2", "--out", str(damaged), "--quiet")
    assert result.exit_code == 0, result.output
    return scenario, whole, damaged


def _runs(store: Path) -> int:
    return sqlite3.connect(store).execute("SELECT count(*) FROM runs").fetchone()[0]


def test_a_truncated_store_keeps_what_reads_and_resume_runs_the_rest_to_identical_results(swept):
    scenario, whole, damaged = swept
    store = damaged / "sweep.sqlite"
    assert _runs(store) == 6 and store_damage(store) is None
    data = store.read_bytes()
    store.write_bytes(data[: len(data) * 2 // 3])  # a crash or a full disk cut the file short
    reason = store_damage(store)
    assert reason is not None
    meta, kept = salvage(store)
    assert meta["seed"] == load_scenario(scenario).scenario.experiment.seed and 0 < len(kept) < 6
    resumed = invoke("sweep", str(scenario), "--vary", VARY, "-n", "2", "--out", str(damaged), "--resume", "--quiet")
    assert resumed.exit_code == 0, resumed.output
    assert "store was damaged" in resumed.output and f"the {len(kept)} finished runs" in resumed.output
    assert "Traceback" not in resumed.output
    assert len(list(damaged.glob("sweep.sqlite.damaged-*"))) == 1  # kept, not deleted
    pd.testing.assert_frame_equal(pd.read_csv(whole / "replications.csv"), pd.read_csv(damaged / "replications.csv"))
    assert _runs(store) == 6 and store_damage(store) is None


def test_a_store_that_is_not_a_database_any_more_is_refused_with_the_command_that_starts_again(swept):
    scenario, whole, damaged = swept
    store = damaged / "sweep.sqlite"
    data = bytearray(store.read_bytes())
    data[:100] = b"\xff" * 100  # the header overwritten: nothing in it can be trusted
    store.write_bytes(bytes(data))
    for lang in ("en", "nl"):
        resumed = invoke("sweep", str(scenario), "--vary", VARY, "-n", "2", "--out", str(damaged), "--resume",
                         "--quiet", "--lang", lang)
        assert resumed.exit_code == 1, resumed.output
        assert "Traceback" not in resumed.output and isinstance(resumed.exception, SystemExit)
        assert ("damaged" if lang == "en" else "beschadigd") in resumed.output
        assert f"--out {damaged} --force" in resumed.output
    command = next(line for line in resumed.output.splitlines() if "ambacht sweep" in line)
    args = shlex.split(command[command.index("ambacht sweep"):])[1:]
    rebuilt = invoke(*args, "--vary", VARY, "-n", "2", "--quiet")
    assert rebuilt.exit_code == 0, rebuilt.output
    pd.testing.assert_frame_equal(pd.read_csv(whole / "replications.csv"), pd.read_csv(damaged / "replications.csv"))


@pytest.mark.parametrize("lost", ["summary.csv", "replications.csv"])
def test_a_results_folder_with_a_file_missing_is_reported_with_the_command_that_rebuilds_it(tmp_path, lost):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    out = tmp_path / "res"
    assert invoke("run", str(scenario), "-n", "2", "--out", str(out), "--quiet").exit_code == 0
    summary = (out / "summary.csv").read_bytes()
    (out / lost).unlink()
    report = invoke("report", str(out), "--lang", "en")
    assert report.exit_code == 1, report.output
    assert "Traceback" not in report.output and isinstance(report.exception, SystemExit)
    assert lost in report.output and "Rebuild it with" in report.output
    command = report.output[report.output.index("ambacht run"):].split("\n")[0].strip()
    rebuilt = invoke(*shlex.split(command)[1:], "--quiet")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert (out / "summary.csv").read_bytes() == summary  # the same seed and replications: the same results
    assert invoke("report", str(out), "--lang", "en").exit_code == 0
