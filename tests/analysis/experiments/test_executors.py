"""Same tasks, same results: in this process, in two local workers, and on a Dask cluster."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.experiments.executors import DaskCluster, InProcess, LocalProcesses, batches
from analysis.experiments.runner import execute, metrics_table, tasks_for
from analysis.experiments.sweeps import grid
from sim.loader import load_scenario
from tests.analysis.helpers import SHORT, write_scenario


@pytest.fixture(scope="module")
def tasks(tmp_path_factory):
    path = write_scenario(tmp_path_factory.mktemp("exec") / "c.yaml", **SHORT)
    variants = grid(load_scenario(path), {"workforce.deelnemers.people": [2, 5]})
    return [t for v in variants for t in tasks_for(v.loaded, 4, 9, v.key, series=False)]


def table(executor, tasks) -> pd.DataFrame:
    try:
        return metrics_table(execute(executor, tasks))
    finally:
        executor.close()


def test_two_local_workers_give_identical_results(tasks):
    pd.testing.assert_frame_equal(table(InProcess(), tasks), table(LocalProcesses(2), tasks))


def test_dask_cluster_gives_identical_results(tasks):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        dask = table(DaskCluster(cluster.scheduler_address), tasks)
    pd.testing.assert_frame_equal(table(InProcess(), tasks), dask)


def test_runs_are_batched_to_keep_overhead_small(tasks):
    many = tasks * 20
    parts = batches(many, 2)
    assert sum(len(b) for b in parts) == len(many)
    assert 1 < len(parts) < len(many)


def test_shipping_a_scenario_to_a_worker_changes_nothing(tmp_path):
    # A task carries the scenario as JSON; the file's order of grades and pools must survive
    # (the test centre lists its grades out of alphabetical order).
    from sim.run import run_replication

    loaded = load_scenario(write_scenario(tmp_path / "c.yaml", **SHORT))
    direct = run_replication(loaded.scenario, 1, 9).metrics
    shipped = table(InProcess(), tasks_for(loaded, 1, 9, first=1)).drop(columns=["key", "replication"])
    assert shipped.iloc[0].to_dict() == pytest.approx(direct, nan_ok=True)
