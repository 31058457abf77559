"""One measurement, run in a fresh interpreter so its peak memory is its own.

``python -m benchmarks.measure '<json spec>'`` prints one line of JSON. :mod:`benchmarks.run`
starts one such process per measurement and repetition; nothing here is timed by a test.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MMC_SCENARIO = ROOT / "tests" / "data" / "mmc.yaml"
HUB_SCENARIO = ROOT / "scenarios" / "regionale-hub.yaml"
SERVERS, ARRIVAL_RATE, SERVICE_RATE = 5, 4.5, 1.0  # per hour, as in tests/data/mmc.yaml
MB = 1024.0 * 1024.0


def rss_mb() -> float:
    """Resident memory of this process now (MB)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / MB


def peak_rss_mb() -> float:
    """Highest resident memory of this process so far (MB; Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --- M/M/c ------------------------------------------------------------------------------------


def mmc(engine: str, customers: int, seed: int) -> dict[str, Any]:
    """The same M/M/c queue for ``customers`` expected arrivals, from empty, in one engine."""
    horizon = customers / ARRIVAL_RATE
    if engine == "simpy":
        from benchmarks import simpy_mmc

        return simpy_mmc.run(SERVERS, ARRIVAL_RATE, SERVICE_RATE, horizon, seed)
    if engine == "simpy_pull":
        from benchmarks import simpy_pull_mmc

        return simpy_pull_mmc.run(SERVERS, ARRIVAL_RATE, SERVICE_RATE, horizon, seed)
    if engine == "ciw":
        from benchmarks import ciw_mmc

        return ciw_mmc.run(SERVERS, ARRIVAL_RATE, SERVICE_RATE, horizon, seed)
    from sim.loader import load_scenario, with_overrides
    from sim.run import run_replication

    loaded = with_overrides(load_scenario(MMC_SCENARIO), {
        "experiment.horizon": f"{horizon!r} h", "experiment.warm_up": "0 h",
    }, origin="benchmark")
    started = time.perf_counter()
    result = run_replication(loaded.scenario, 0, seed)
    wall = time.perf_counter() - started
    from sim.registry import HOURS_PER_YEAR

    # units_in is per year; the benchmark counts the customers of its own horizon.
    return {
        "customers": result.metrics["materials.items.units_in"] * result.metrics["run.measured_hours"] / HOURS_PER_YEAR,
        "mean_wait_h": result.metrics["steps.service.wait_mean"],
        "wall_seconds": wall,
        "events": float(result.events),
    }


# --- the regional hub -------------------------------------------------------------------------


def scaled(loaded: Any, scale: float) -> dict[str, Any]:
    """Overrides that make the centre ``scale`` times as big: material, customers and orders
    come ``scale`` times as fast, and storage, work places, people and supervisors grow with
    them, so the bigger centre is the same centre, not a congested one."""
    from sim.units import format_quantity

    if scale == 1:
        return {}
    s = loaded.scenario
    out: dict[str, Any] = {}
    for sid, stream in s.materials.items():
        out[f"materials.{sid}.arrivals.rate"] = format_quantity("rate", stream.arrivals.rate * scale)
        if stream.storage != "unlimited":
            out[f"materials.{sid}.storage"] = format_quantity("mass", stream.storage * scale)
    for sid, step in s.steps.items():
        if step.work_places != "unlimited":
            out[f"steps.{sid}.work_places"] = int(round(step.work_places * scale))
    for pid, pool in s.workforce.items():
        out[f"workforce.{pid}.people"] = int(round(pool.people * scale))
    for tid, team in s.supervisors.items():
        out[f"supervisors.{tid}.people"] = int(round(team.people * scale))
    market = s.market
    if market.shop is not None:
        out["market.shop.customers"] = format_quantity("rate", market.shop.customers * scale)
    if market.online is not None:
        out["market.online.orders"] = format_quantity("rate", market.online.orders * scale)
    for cid, contract in market.contracts.items():
        out[f"market.contracts.{cid}.quantity"] = contract.quantity * scale
    return out


def hub_scenario(years: float, scale: float, path: str | Path = HUB_SCENARIO) -> Any:
    """The regional hub over ``years`` simulated years at ``scale`` times its size."""
    from sim.loader import load_scenario, with_overrides

    loaded = load_scenario(path)
    warm_up = loaded.scenario.experiment.warm_up
    horizon = years * 8760.0
    overrides = scaled(loaded, scale)
    overrides["experiment.horizon"] = f"{horizon!r} h"
    # A short smoke-test horizon keeps at most a tenth of it as warm-up.
    overrides["experiment.warm_up"] = f"{min(warm_up, horizon / 10)!r} h"
    return with_overrides(loaded, overrides, origin="benchmark").scenario


def hub(years: float, scale: float, seed: int, trace: bool, scenario: str = str(HUB_SCENARIO)) -> dict[str, Any]:
    """One replication of the hub: wall time, events, and peak memory.

    With ``trace``, tracemalloc records the peak of Python (and numpy) allocations during the
    run: exact, but it slows the run, so its wall time is not reported.
    """
    from sim.calendar import forget_shared_calendars
    from sim.model import Centre
    from sim.run import run_replication

    checked = hub_scenario(years, scale, scenario)
    # A first build imports what the engine loads lazily (the holiday tables): a cost a process
    # pays once, not per replication. It is reported apart and kept out of the run's numbers.
    started = time.perf_counter()
    Centre(checked, seed, 0)
    first_build = time.perf_counter() - started
    # The calendar is shared by the runs of one process; a measured run builds its own, and its
    # memory counts.
    forget_shared_calendars()
    before = rss_mb()
    built_mb = 0.0
    if trace:
        # What a centre holds before it runs: its first chunks of the calendar, shifts and
        # absences (made a block at a time as the clock advances, so flat in the horizon).
        tracemalloc.start()
        centre = Centre(checked, seed, 0)
        built_mb = tracemalloc.get_traced_memory()[0] / MB
        del centre
        forget_shared_calendars()
        tracemalloc.stop()
        tracemalloc.start()
    started = time.perf_counter()
    result = run_replication(checked, 0, seed)
    wall = time.perf_counter() - started
    out: dict[str, Any] = {"simulated_years": years, "scale": scale, "events": float(result.events),
                           "first_build_seconds": first_build}
    if trace:
        out["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
        out["series_mb"] = series_mb(result.series)
        out["built_mb"] = built_mb
    else:
        out["wall_seconds"] = wall
        out["rss_before_mb"] = before
        out["peak_rss_mb"] = peak_rss_mb()
        out["series_values"] = float(sum(len(v) for v in result.series.values()))
    return out


def series_mb(series: dict[str, list[float]]) -> float:
    """Memory the sampled series hold at the end of a run (MB): the lists, and each float object
    once (the sampler records a whole number read again as the same object)."""
    total = 0
    seen: set[int] = set()
    for values in series.values():
        total += sys.getsizeof(values)
        for value in values:
            if id(value) not in seen:
                seen.add(id(value))
                total += sys.getsizeof(value)
    return total / MB


# --- sweeps through the executors -------------------------------------------------------------


def sweep(executor: str, workers: int, workload: str, variants: int, replications: int,
          horizon_weeks: float, scenario: str = str(HUB_SCENARIO)) -> dict[str, Any]:
    """Runs per second of a sweep (variants x replications) through one executor.

    The executor is started and warmed (its workers have imported the engine) before the
    clock starts: the time is that of the sweep, the start-up is reported apart.
    """
    from analysis.experiments.executors import make_executor
    from analysis.experiments.runner import execute, tasks_for
    from sim.loader import load_scenario, with_overrides

    path = MMC_SCENARIO if workload == "trivial" else Path(scenario)
    base = load_scenario(path)
    base = with_overrides(base, {
        "experiment.horizon": f"{horizon_weeks * 168.0!r} h", "experiment.warm_up": "0 h",
    }, origin="benchmark")
    tasks = []
    for v in range(variants):
        # Variants differ in their seed-independent data, so each is validated once per worker.
        variant = with_overrides(base, {"name": f"{base.scenario.name} #{v}"}, origin="benchmark")
        tasks += tasks_for(variant, replications, key=f"v{v}", series=False)
    cluster = None
    started = time.perf_counter()
    if executor == "dask":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                               dashboard_address=None, processes=True)
        runner = make_executor(scheduler=cluster.scheduler_address)
    elif executor == "local":
        from analysis.experiments.executors import LocalProcesses

        runner = LocalProcesses(workers)
    else:
        runner = make_executor(1)
    warm = tasks_for(with_overrides(base, {"experiment.horizon": "1 h"}, origin="benchmark"),
                     2 * workers, key="warm", series=False)
    execute(runner, warm)
    startup = time.perf_counter() - started
    started = time.perf_counter()
    results = execute(runner, tasks)
    wall = time.perf_counter() - started
    runner.close()
    if cluster is not None:
        cluster.close()
    simulated = sum(r["wall_seconds"] for r in results)
    return {
        "runs": len(results),
        "wall_seconds": wall,
        "runs_per_second": len(results) / wall,
        "seconds_per_run": wall / len(results),
        "simulation_seconds_per_run": simulated / len(results),
        "startup_seconds": startup,
    }


def main() -> None:
    spec = json.loads(sys.argv[1])
    kind = spec.pop("kind")
    out = {"mmc": mmc, "hub": hub, "sweep": sweep}[kind](**spec)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
