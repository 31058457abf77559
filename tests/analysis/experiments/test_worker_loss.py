"""A Dask worker that dies in the middle of a sweep: no finished run is lost, the lost tasks run
again on another worker, and the results equal those of an undisturbed run.

A real cluster on loopback: a scheduler and two workers, each its own process (without a nanny,
so a killed worker stays dead, as when a machine of a cluster goes down).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from analysis.experiments.executors import DaskCluster
from analysis.experiments.sweep_run import run_sweep
from sim.loader import load_scenario
from tests.analysis.helpers import SHORT, write_scenario

pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parents[3]
VARY = {"workforce.deelnemers.people": [2, 3, 4]}
DASK = [sys.executable, "-m", "distributed.cli.dask_scheduler"]


def _start(args: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


@pytest.fixture
def cluster(tmp_path) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A scheduler and two single-threaded workers on 127.0.0.1; the address and the workers."""
    info = tmp_path / "scheduler.json"
    processes = [_start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                         "--port", "0", "--dashboard-address", ":0", "--scheduler-file", str(info)],
                        tmp_path / "scheduler.log")]
    try:
        deadline = time.time() + 60
        while not info.exists() and time.time() < deadline:
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        workers = [_start([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                           "--no-nanny", "--host", "127.0.0.1", "--dashboard-address", ":0",
                           "--name", f"w{i}"], tmp_path / f"worker{i}.log") for i in range(2)]
        processes += workers
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class KillAfter:
    """Progress that kills a worker once ``after`` runs have finished (and counts what it saw)."""

    def __init__(self, worker: subprocess.Popen, after: int, store: Path) -> None:
        self.worker, self.after, self.store = worker, after, store
        self.done = 0
        self.stored_at_kill = -1

    def folder(self, path: Path) -> None:
        pass

    def start(self, total: int, label: str) -> None:
        pass

    def note(self, message: str) -> None:
        pass

    def advance(self, done: int) -> None:
        self.done += done
        if self.done >= self.after and self.worker.poll() is None:
            self.stored_at_kill = sqlite3.connect(self.store).execute("SELECT count(*) FROM runs").fetchone()[0]
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait()


def test_a_worker_killed_in_the_middle_of_a_sweep_loses_no_run_and_changes_no_result(cluster, tmp_path):
    address, workers = cluster
    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    undisturbed = run_sweep(loaded, VARY, tmp_path / "here", 4)
    out = tmp_path / "cluster"
    killer = KillAfter(workers[0], 3, out / "sweep.sqlite")
    executor = DaskCluster(address)
    try:
        result = run_sweep(loaded, VARY, out, 4, executor=executor, progress=killer)
    finally:
        executor.close()
    assert workers[0].poll() is not None, "the worker should have been killed during the sweep"
    assert 3 <= killer.stored_at_kill < 12  # killed in the middle, with runs already stored
    assert result.finished == result.total == 12 and not result.partial
    assert sqlite3.connect(out / "sweep.sqlite").execute("SELECT count(*) FROM runs").fetchone()[0] == 12
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "here" / "replications.csv"),
                                  pd.read_csv(out / "replications.csv"))
    assert undisturbed.finished == 12


class KillLocalWorker(KillAfter):
    """Kills one of the local pool's worker processes once ``after`` runs have finished."""

    def __init__(self, executor, after: int, store: Path) -> None:
        self.executor, self.after, self.store = executor, after, store
        self.done, self.stored_at_kill, self.killed = 0, -1, 0

    def advance(self, done: int) -> None:
        self.done += done
        if self.done >= self.after and not self.killed:
            self.stored_at_kill = sqlite3.connect(self.store).execute("SELECT count(*) FROM runs").fetchone()[0]
            pid = next(iter(self.executor.pool._processes))  # a worker of the pool, busy with a batch
            os.kill(pid, signal.SIGKILL)
            self.killed = pid


def test_a_local_worker_process_killed_in_the_middle_of_a_sweep_loses_no_run_and_changes_no_result(tmp_path):
    from analysis.experiments.executors import LocalProcesses

    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    run_sweep(loaded, VARY, tmp_path / "here", 4)
    out = tmp_path / "local"
    with LocalProcesses(2) as executor:
        killer = KillLocalWorker(executor, 2, out / "sweep.sqlite")
        result = run_sweep(loaded, VARY, out, 4, executor=executor, progress=killer)
    assert killer.killed and 2 <= killer.stored_at_kill < 12  # before: BrokenProcessPool, a traceback
    assert result.finished == result.total == 12 and not result.partial
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "here" / "replications.csv"),
                                  pd.read_csv(out / "replications.csv"))
