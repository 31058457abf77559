"""Speed and scale of the Ambacht engine: ``python -m benchmarks.run`` (``make bench``).

Every measurement runs in a fresh interpreter (:mod:`benchmarks.measure`), repeated and
interleaved with the measurements it is compared with, so a ratio is taken in one run under
one load. Medians are reported; ``benchmarks/results.json`` keeps them with the raw numbers.

1. The same M/M/c queue (c = 5, rho = 0.9) in Ambacht, in hand-written SimPy and in Ciw:
   customers per second, and every mean wait against Erlang C.
2. The regional hub: wall seconds per simulated year, events per second, peak memory.
3. Growth with the horizon (1, 4, 16 years) and with the size of the centre (1x, 2x, 4x).
4. Sweeps: runs per second in this process, on 2 local processes and on a 2-worker Dask
   cluster, and the cost per trivially short run of each executor.

``--quick`` is a smoke run (20,000 customers, short horizons, one repetition) for the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import sim
from benchmarks.theory import erlang_c_wait, wait_tolerance

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
QUICK_RESULTS = ROOT / "out" / "bench-quick.json"  # a smoke run never replaces the real results
HUB = ROOT / "scenarios" / "regionale-hub.yaml"
SERVERS, ARRIVAL_RATE, SERVICE_RATE = 5, 4.5, 1.0
ENGINES = ("ambacht", "simpy", "simpy_pull", "ciw")

FULL = {
    "customers": 1_000_000,
    "repetitions": 3,
    "years": [1.0, 4.0, 16.0],
    "scales": [1.0, 2.0, 4.0],
    "sweep": {"variants": 8, "replications": 4, "horizon_weeks": 13.0},
    "trivial": {"variants": 4, "replications": 50, "horizon_weeks": 0.01},
}
QUICK = {
    # Enough customers that the agreement with Erlang C is a real check: tolerance
    # 3 x 28.3 / sqrt(100,000) = 27 %, so a wait off by half fails (20,000 allowed 60 %).
    "customers": 100_000,
    "repetitions": 1,
    "years": [1 / 52, 4 / 52, 16 / 52],  # 1, 4 and 16 weeks: the same growth factors
    "scales": [1.0, 2.0, 4.0],
    "sweep": {"variants": 2, "replications": 2, "horizon_weeks": 1.0},
    "trivial": {"variants": 2, "replications": 4, "horizon_weeks": 0.01},
}
TARGETS = {
    "ratio_vs_simpy": (">=", 1.5),
    "ratio_vs_simpy_pull": (">=", 0.6),
    "ratio_vs_ciw": (">=", 3.0),
    "hub_seconds_per_simulated_year": ("<=", 1.0),
    "hub_event_cost_vs_simpy_pull": ("<=", 2.0),
    "memory_growth_with_series_16y_vs_1y": ("<=", 1.5),
    "sweep_scaling_2_workers": (">=", 1.8),
    "dask_scaling_2_workers": (">=", 1.8),
}


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    """One measurement in a fresh interpreter; its last line of output is the result."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure", json.dumps(spec)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"measurement {spec} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def progress(text: str) -> None:
    print(f"  .. {text}", file=sys.stderr, flush=True)


# --- 1. M/M/c ---------------------------------------------------------------------------------


def bench_mmc(settings: dict[str, Any]) -> dict[str, Any]:
    runs: dict[str, list[dict[str, Any]]] = {e: [] for e in ENGINES}
    for rep in range(settings["repetitions"]):
        for engine in ENGINES:
            progress(f"M/M/c {engine}, repetition {rep + 1}")
            runs[engine].append(measure({"kind": "mmc", "engine": engine,
                                         "customers": settings["customers"], "seed": 1000 + rep}))
    theory = erlang_c_wait(SERVERS, ARRIVAL_RATE, SERVICE_RATE)
    out: dict[str, Any] = {"servers": SERVERS, "arrival_rate_per_hour": ARRIVAL_RATE,
                           "service_rate_per_hour": SERVICE_RATE, "erlang_c_wait_h": theory}
    for engine, results in runs.items():
        customers = sum(r["customers"] for r in results)
        # All repetitions together: a mean over all their customers.
        wait = sum(r["mean_wait_h"] * r["customers"] for r in results) / customers
        tolerance = wait_tolerance(customers)
        out[engine] = {
            "customers_per_second": median([r["customers"] / r["wall_seconds"] for r in results]),
            # Ciw does not expose a count of events.
            "seconds_per_event": (median([r["wall_seconds"] / r["events"] for r in results])
                                  if all("events" in r for r in results) else None),
            "events_per_customer": (median([r["events"] / r["customers"] for r in results])
                                    if all("events" in r for r in results) else None),
            "wall_seconds": median([r["wall_seconds"] for r in results]),
            "mean_wait_h": wait,
            "relative_error": wait / theory - 1.0,
            "tolerance": tolerance,
            "agrees_with_erlang_c": abs(wait / theory - 1.0) <= tolerance,
            "raw": results,
        }
    return out


# --- 2 and 3. the regional hub and its growth -------------------------------------------------


def bench_hub(settings: dict[str, Any]) -> dict[str, Any]:
    configs = [(y, 1.0) for y in settings["years"]] + [(settings["years"][0], s) for s in settings["scales"][1:]]
    timed: dict[tuple[float, float], list[dict[str, Any]]] = {c: [] for c in configs}
    for rep in range(settings["repetitions"]):
        for years, scale in configs:
            progress(f"hub {years:.3g} years x{scale:g}, repetition {rep + 1}")
            timed[(years, scale)].append(measure({"kind": "hub", "years": years, "scale": scale,
                                                  "seed": 1, "trace": False,
                                                  "scenario": settings["hub"]}))
    rows = []
    for years, scale in configs:
        progress(f"hub {years:.3g} years x{scale:g}, tracemalloc")
        traced = measure({"kind": "hub", "years": years, "scale": scale, "seed": 1, "trace": True,
                           "scenario": settings["hub"]})
        results = timed[(years, scale)]
        wall = median([r["wall_seconds"] for r in results])
        rows.append({
            "simulated_years": years,
            "scale": scale,
            "wall_seconds": wall,
            "seconds_per_simulated_year": wall / years,
            "events": results[0]["events"],
            "events_per_second": median([r["events"] / r["wall_seconds"] for r in results]),
            "seconds_per_event": median([r["wall_seconds"] / r["events"] for r in results]),
            "traced_peak_mb": traced["traced_peak_mb"],
            "series_mb": traced["series_mb"],
            # The engine's own state: the peak without the sampled series, which grow with the
            # horizon by design (one value per series per sampling interval).
            "traced_peak_without_series_mb": traced["traced_peak_mb"] - traced["series_mb"],
            "built_centre_mb": traced["built_mb"],
            "peak_rss_mb": median([r["peak_rss_mb"] for r in results]),
            "run_rss_mb": median([r["peak_rss_mb"] - r["rss_before_mb"] for r in results]),
            "series_values": results[0]["series_values"],
            "first_build_seconds": median([r["first_build_seconds"] for r in results]),
            "raw_wall_seconds": [r["wall_seconds"] for r in results],
        })
    return {"rows": rows}


# --- 4. sweeps --------------------------------------------------------------------------------


EXECUTORS = (("inprocess", 1), ("local", 2), ("dask", 2))


def bench_sweeps(settings: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for workload in ("sweep", "trivial"):
        shape = settings[workload]
        runs: dict[str, list[dict[str, Any]]] = {f"{e}-{w}": [] for e, w in EXECUTORS}
        for rep in range(settings["repetitions"]):
            for executor, workers in EXECUTORS:
                progress(f"{workload} on {executor}-{workers}, repetition {rep + 1}")
                runs[f"{executor}-{workers}"].append(measure({
                    "kind": "sweep", "executor": executor, "workers": workers,
                    "workload": "trivial" if workload == "trivial" else "hub", **shape,
                    "scenario": settings["hub"],
                }))
        table = {}
        for name, results in runs.items():
            workers = int(name.rsplit("-", 1)[1])
            per_run = median([r["seconds_per_run"] for r in results])
            simulation = median([r["simulation_seconds_per_run"] for r in results])
            table[name] = {
                "runs": results[0]["runs"],
                "runs_per_second": median([r["runs_per_second"] for r in results]),
                "seconds_per_run": per_run,
                "simulation_seconds_per_run": simulation,
                # Worker time per run beyond the simulation itself: shipping, validation, results.
                "overhead_seconds_per_run": per_run * workers - simulation,
                "startup_seconds": median([r["startup_seconds"] for r in results]),
                "raw": results,
            }
        out[workload] = {**shape, "executors": table}
    return out


# --- the whole run ----------------------------------------------------------------------------


def code_version() -> dict[str, Any]:
    """The commit measured, and whether the engine or the scenarios had uncommitted edits."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.rstrip("\n") if done.returncode == 0 else ""

    return {"commit": git("rev-parse", "--short", "HEAD") or None,
            "uncommitted": sorted(line[3:] for line in git("status", "--porcelain", "sim", "scenarios").splitlines())}


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in ("ambacht", "simpy", "ciw", "numpy", "pydantic", "dask", "distributed", "pyinstrument"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "code": code_version(),
        # compiled (mypyc) or python: every measurement's fresh process imports the same engine.
        "engine": sim.ENGINE,
        "nproc": len(os.sched_getaffinity(0)),
        "cpu_model": model or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
    }


def summarise(mmc: dict[str, Any], hub: dict[str, Any], sweeps: dict[str, Any]) -> dict[str, Any]:
    """The headline numbers, under the keys the issue asked for."""
    rows = hub["rows"]
    base = rows[0]
    by_years = [r for r in rows if r["scale"] == 1.0]
    longest = by_years[-1]
    sweep = sweeps["sweep"]["executors"]
    one = sweep["inprocess-1"]["runs_per_second"]
    pull = mmc["simpy_pull"]
    return {
        "ratio_vs_simpy": mmc["ambacht"]["customers_per_second"] / mmc["simpy"]["customers_per_second"],
        # The fair baseline: SimPy written the way Ambacht works (servers pulling from a queue).
        "ratio_vs_simpy_pull": mmc["ambacht"]["customers_per_second"] / pull["customers_per_second"],
        "seconds_per_event_ambacht_mmc": mmc["ambacht"]["seconds_per_event"],
        "seconds_per_event_simpy_pull": pull["seconds_per_event"],
        "seconds_per_event_hub": base["seconds_per_event"],
        # Cost per event of the hub against the pull-based SimPy model's, in the same run.
        "hub_event_cost_vs_simpy_pull": base["seconds_per_event"] / pull["seconds_per_event"],
        "ratio_vs_ciw": mmc["ambacht"]["customers_per_second"] / mmc["ciw"]["customers_per_second"],
        "hub_seconds_per_simulated_year": base["seconds_per_simulated_year"],
        "hub_events_per_second": base["events_per_second"],
        "hub_peak_memory_mb": base["traced_peak_mb"],
        "hub_peak_rss_mb": base["peak_rss_mb"],
        "time_growth_16y_vs_1y": longest["wall_seconds"] / base["wall_seconds"],
        "memory_growth_16y_vs_1y": longest["traced_peak_without_series_mb"] / base["traced_peak_without_series_mb"],
        "memory_growth_with_series_16y_vs_1y": longest["traced_peak_mb"] / base["traced_peak_mb"],
        "memory_growth_running_state_16y_vs_1y": running(longest) / running(base),
        "rss_growth_16y_vs_1y": longest["run_rss_mb"] / base["run_rss_mb"] if base["run_rss_mb"] > 0 else None,
        "sweep_scaling_2_workers": sweep["local-2"]["runs_per_second"] / one,
        "dask_scaling_2_workers": sweep["dask-2"]["runs_per_second"] / one,
    }


def running(row: dict[str, Any]) -> float:
    """Peak memory (MB) of the run without the sampled series and the centre as built."""
    return float(row["traced_peak_without_series_mb"] - row["built_centre_mb"])


def check_targets(summary: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, (sense, bound) in TARGETS.items():
        value = summary[key]
        holds = value >= bound if sense == ">=" else value <= bound
        out[key] = {"target": f"{sense} {bound:g}", "value": value, "holds": holds}
    return out


def table(results: dict[str, Any]) -> str:
    """The results as a readable text table."""
    lines = []
    mmc = results["mmc"]
    lines.append(f"Engine: {results['machine'].get('engine', '?')} (sim/compiled.py)")
    lines.append(f"M/M/c, c={mmc['servers']}, rho=0.9, {results['settings']['customers']:,} customers, "
                 f"Erlang C mean wait {mmc['erlang_c_wait_h']:.4f} h")
    lines.append(f"  {'engine':<11}{'customers/s':>13}{'wall s':>9}{'events/cust':>12}{'us/event':>10}"
                 f"{'mean wait h':>13}{'vs Erlang C':>13}{'agrees':>8}")
    for engine in ENGINES:
        r = mmc[engine]
        per_customer = "-" if r["events_per_customer"] is None else f"{r['events_per_customer']:.2f}"
        per_event = "-" if r["seconds_per_event"] is None else f"{r['seconds_per_event'] * 1e6:.2f}"
        lines.append(f"  {engine:<11}{r['customers_per_second']:>13,.0f}{r['wall_seconds']:>9.2f}"
                     f"{per_customer:>12}{per_event:>10}"
                     f"{r['mean_wait_h']:>13.4f}{r['relative_error']:>+12.1%}{'yes' if r['agrees_with_erlang_c'] else 'NO':>8}")
    lines.append("  simpy = SimPy's tutorial idiom (a process per customer, a Resource); simpy_pull = servers")
    lines.append("  pulling from a deque, idle servers waiting on one shared event (the way Ambacht works)")
    lines.append("")
    lines.append("Regional hub, one replication (memory: tracemalloc peak, MB)")
    lines.append(f"  {'years':>6}{'scale':>6}{'wall s':>9}{'s/year':>9}{'events':>12}{'events/s':>11}{'us/ev':>7}"
                 f"{'peak':>8}{'series':>8}{'centre':>8}{'running':>9}{'RSS':>8}")
    for r in results["hub"]["rows"]:
        lines.append(f"  {r['simulated_years']:>6.3g}{r['scale']:>5g}x{r['wall_seconds']:>9.2f}"
                     f"{r['seconds_per_simulated_year']:>9.3f}{r['events']:>12,.0f}{r['events_per_second']:>11,.0f}"
                     f"{r['seconds_per_event'] * 1e6:>7.2f}"
                     f"{r['traced_peak_mb']:>8.1f}{r['series_mb']:>8.1f}{r['built_centre_mb']:>8.1f}"
                     f"{running(r):>9.1f}{r['peak_rss_mb']:>8.0f}")
    lines.append("  peak = whole run; series = sampled series; centre = built before running (calendar,")
    lines.append("  shifts, absences); running = peak - series - centre; RSS = process peak, interpreter included")
    lines.append("")
    for workload, title in (("sweep", "Sweep of short hub runs"), ("trivial", "Trivially short runs")):
        s = results["sweeps"][workload]
        lines.append(f"{title}: {s['variants']} variants x {s['replications']} replications, "
                     f"{s['horizon_weeks']:g} weeks each")
        lines.append(f"  {'executor':<14}{'runs/s':>10}{'s/run':>10}{'sim s/run':>11}{'overhead ms/run':>17}{'start-up s':>12}")
        for name, r in s["executors"].items():
            lines.append(f"  {name:<14}{r['runs_per_second']:>10.2f}{r['seconds_per_run']:>10.4f}"
                         f"{r['simulation_seconds_per_run']:>11.4f}{r['overhead_seconds_per_run'] * 1000:>17.2f}"
                         f"{r['startup_seconds']:>12.2f}")
        lines.append("")
    lines.append("Growth (ratios of the 16-year run to the 1-year run)")
    for key in ("time_growth_16y_vs_1y", "memory_growth_16y_vs_1y", "memory_growth_with_series_16y_vs_1y",
                "memory_growth_running_state_16y_vs_1y"):
        lines.append(f"  {key:<40}{results[key]:>8.2f}")
    lines.append("")
    lines.append("Targets")
    for key, t in results["targets"].items():
        lines.append(f"  {key:<34}{t['value']:>10.3f}  target {t['target']:<8}{'holds' if t['holds'] else 'MISSED'}")
    load = results["load_average"]
    lines.append(f"\nLoad average (1 min) at start {load['start']:.2f}, at end {load['end']:.2f}; "
                 f"{results['machine']['nproc']} CPUs; took {results['bench_seconds']:.0f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 20,000 customers, short horizons, 1 repetition")
    parser.add_argument("--repetitions", type=int, help="repetitions of every measurement (default 3; quick 1)")
    parser.add_argument("--hub", type=Path, default=HUB, help="the hub scenario (default %(default)s)")
    parser.add_argument("--out", type=Path, help=f"where to write the results (JSON; default {RESULTS.relative_to(ROOT)}, "
                        f"with --quick {QUICK_RESULTS.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    out = args.out or (QUICK_RESULTS if args.quick else RESULTS)
    settings = dict(QUICK if args.quick else FULL)
    settings["hub"] = str(args.hub.resolve())
    if args.repetitions:
        settings["repetitions"] = args.repetitions
    started = time.perf_counter()
    load_start = os.getloadavg()[0]
    mmc = bench_mmc(settings)
    hub = bench_hub(settings)
    sweeps = bench_sweeps(settings)
    summary = summarise(mmc, hub, sweeps)
    results: dict[str, Any] = {
        **summary,
        "targets": check_targets(summary),
        "quick": args.quick,
        "settings": settings,
        "machine": machine(),
        "load_average": {"start": load_start, "end": os.getloadavg()[0]},
        "bench_seconds": time.perf_counter() - started,
        "mmc": mmc,
        "hub": hub,
        "sweeps": sweeps,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n")
    tmp.replace(out)  # never a half-written results file
    print(table(results))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
