"""Two commands writing into one folder: the second waits or is refused, and a folder never holds
the results of two runs (a sweep's store never mixes sweeps; a report never describes other
numbers than the ones beside it)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from analysis.experiments.replications import run_replications
from analysis.experiments.sweep_run import planned_sweeps, run_sweep
from analysis.results.files import FolderError
from sim.loader import load_scenario
from tests.analysis.helpers import SHORT, write_scenario

ROOT = Path(__file__).resolve().parents[3]
SWEEP = """
import sys
from pathlib import Path
from analysis.experiments.sweep_run import planned_sweeps, run_sweep
from sim.loader import load_scenario
loaded = load_scenario(sys.argv[1])
plan = planned_sweeps(loaded)[0]
run_sweep(loaded, plan.vary, Path(sys.argv[2]), plan.replications, plan.name, resume=True)
"""


def _stored(database: Path) -> int:
    try:
        return sqlite3.connect(database).execute("SELECT count(*) FROM runs").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_second_sweep_resume_into_a_folder_being_written_is_refused_and_the_store_stays_one_sweep(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **{**SHORT, "experiment.sweeps": {
        "bezetting": {"vary": {"workforce.deelnemers.people": "2..7"}, "replications": 6}}})
    out = tmp_path / "res"
    first = subprocess.Popen([sys.executable, "-c", SWEEP, str(scenario), str(out)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline and first.poll() is None and _stored(out / "sweep.sqlite") < 2:
            time.sleep(0.05)
        assert first.poll() is None, "the first sweep should still be running"
        loaded = load_scenario(scenario)
        plan = planned_sweeps(loaded)[0]
        with pytest.raises(FolderError) as refused:  # the same sweep, --resume, while the first runs
            run_sweep(loaded, plan.vary, out, plan.replications, plan.name, resume=True)
        assert refused.value.key == "folder_busy"
        assert f"process {first.pid}" in refused.value.render("en")
        assert "wordt geschreven" in refused.value.render("nl")
        # Another seed is refused the same way: it never adds its runs to this store.
        with pytest.raises(FolderError):
            run_sweep(loaded, plan.vary, out, plan.replications, plan.name, seed=99, resume=True)
        assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    rows = sqlite3.connect(out / "sweep.sqlite").execute("SELECT result FROM runs").fetchall()
    assert len(rows) == 36 and {json.loads(r)["seed"] for (r,) in rows} == {loaded.scenario.experiment.seed}
    assert not (out.parent / f".{out.name}.lock").exists()  # released, and gone


def test_run_force_waits_for_a_report_being_written_and_is_refused_when_it_takes_too_long(tmp_path, monkeypatch):
    import analysis.reporting.report as report
    import analysis.results.lock as lock

    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    out = tmp_path / "res"
    run_replications(loaded, 2, out=out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    drawing, finish = threading.Event(), threading.Event()
    real_draw = report.draw_all

    def slow_draw(ctx):  # the report is being written: its charts take a while
        drawing.set()
        finish.wait(60)
        return real_draw(ctx)

    monkeypatch.setattr(report, "draw_all", slow_draw)
    monkeypatch.setattr(lock, "LOCK_WAIT_SECONDS", 0.5)
    writer = threading.Thread(target=report.write_report, args=(out, "en"))
    writer.start()
    try:
        assert drawing.wait(60)
        with pytest.raises(FolderError) as refused:  # run --force with another seed into that folder
            run_replications(loaded, 2, seed=99, out=out, replace=True)
        assert refused.value.key == "folder_busy"
    finally:
        finish.set()
        writer.join(120)
    # The folder is the first run's, with the first run's report beside it; nothing half-written.
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name in before}
    assert after == before
    assert (out / "report-en.html").exists()
    assert json.loads((out / "settings.json").read_text())["seed"] != 99
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_lock_of_a_killed_command_is_free_at_once(tmp_path):
    from analysis.results.lock import folder_lock
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from analysis.results.lock import folder_lock\n"
        "with folder_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(300)"), str(tmp_path / "res")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(FolderError):
        with folder_lock(tmp_path / "res"):
            pass
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with folder_lock(tmp_path / "res", wait=5):  # the operating system released it with the process
        pass
