"""The benchmark script runs end to end (quick mode) and its M/M/c models agree with theory.

No timing is asserted here: speed is measured by ``make bench``, not by tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADLINE_KEYS = {
    "ratio_vs_simpy", "ratio_vs_simpy_pull", "ratio_vs_ciw", "seconds_per_event_hub",
    "seconds_per_event_simpy_pull", "hub_seconds_per_simulated_year", "hub_events_per_second",
    "hub_peak_memory_mb", "memory_growth_16y_vs_1y", "time_growth_16y_vs_1y",
    "sweep_scaling_2_workers", "dask_scaling_2_workers",
}

pytest.importorskip("ciw")
pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    subprocess.run([sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True, text=True, timeout=600)
    return json.loads(out.read_text())


def test_results_hold_the_headline_numbers_and_the_raw_medians(results: dict) -> None:
    assert HEADLINE_KEYS <= results.keys()
    for key in HEADLINE_KEYS:
        assert results[key] > 0, key
    assert set(results["targets"]) <= results.keys()
    assert {"nproc", "cpu_model", "python", "packages"} <= results["machine"].keys()
    for engine in ("ambacht", "simpy", "simpy_pull", "ciw"):
        assert results["mmc"][engine]["customers_per_second"] > 0
    rows = results["hub"]["rows"]
    assert [r["scale"] for r in rows] == [1, 1, 1, 2, 4]
    assert all(r["wall_seconds"] > 0 and r["traced_peak_mb"] > 0 for r in rows)
    for workload in ("sweep", "trivial"):
        assert set(results["sweeps"][workload]["executors"]) == {"inprocess-1", "local-2", "dask-2"}


def test_the_pull_based_simpy_model_needs_about_two_events_per_customer(results: dict) -> None:
    # An arrival and a service end per customer, plus the wake-ups of idle servers: the fair
    # baseline has no process per customer and no Resource (the tutorial model has about 6).
    assert 2.0 <= results["mmc"]["simpy_pull"]["events_per_customer"] < 2.6
    assert results["mmc"]["simpy"]["events_per_customer"] > 5.5


def test_all_mmc_models_agree_with_erlang_c(results: dict) -> None:
    mmc = results["mmc"]
    assert mmc["erlang_c_wait_h"] == pytest.approx(1.5250, abs=1e-4)  # c=5, lambda=4.5/h, mu=1/h
    for engine in ("ambacht", "simpy", "simpy_pull", "ciw"):
        run = mmc[engine]
        # 3 standard deviations of the mean wait over the customers run (benchmarks/theory.py);
        # at most 30 %, so a wait off by half (or double) cannot pass.
        assert run["tolerance"] <= 0.3
        assert run["agrees_with_erlang_c"], (engine, run["mean_wait_h"], mmc["erlang_c_wait_h"])
        assert abs(run["mean_wait_h"] / mmc["erlang_c_wait_h"] - 1) <= run["tolerance"]
