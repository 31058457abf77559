"""A results folder: everything needed to read, chart and reproduce an experiment.

Layout (every command writes the same files, so ``ambacht report DIR`` reads any of them)::

    settings.json      provenance: command, scenario name and hash, seed, replications, versions
    scenario.yaml      the scenario file as it was run (the folder reproduces on its own)
    replications.csv   one row per run: key (variant), replication, every metric
    replications.parquet
    summary.csv        per key and metric: mean, ci_low, ci_high, half_width, n
    series.parquet     sampled state: key, replication, time (h), series, value
    lead_times.csv     key, replication, contract, lead_time_h
    mass_balance.csv   where every kg is at the end of each run
    diagnosis.json     the triad diagnosis per key, in English and Dutch
    levers.json        what each lever of the triad buys, measured (analysis.experiments.levers)
    variants.csv       (sweeps) key and the values of the varied parameters
    results-<lang>.xlsx  (--excel) for people: one row per option, readable headers with units,
    results-<lang>.csv   numbers rounded as in the report (analysis.reporting.export)

    .ambacht-results.json  the marker: Ambacht wrote this folder (and may replace it with --force)
    sweep.sqlite       (sweeps) every finished run, stored as it finishes

The folder is written by :class:`analysis.results.files.FolderWriter` under a temporary name and moved
into place when complete: a reader never sees half a result, and only a folder Ambacht wrote is
ever replaced.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

import sim


def versions() -> dict[str, str]:
    return {**sim.versions(), "pandas": pd.__version__, "python": platform.python_version()}


def processor() -> str:
    """The processor's name: the platform's, else Linux's /proc/cpuinfo, else its architecture."""
    name = platform.processor()
    if not name or name == platform.machine():
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as info:
                name = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), name)
        except OSError:
            pass
    return name or platform.machine()


def system() -> dict[str, Any]:
    """The computer a folder was made on: operating system, processor and its cores (for the report's method)."""
    return {"os": platform.platform(terse=True), "processor": processor(), "cores": os.cpu_count()}


def settings(command: str, scenario_name: str, scenario_hash: str, source: str, seed: int,
             replications: int, language: str, **extra: Any) -> dict[str, Any]:
    return {
        "command": command,
        "scenario": scenario_name,
        "scenario_hash": scenario_hash,
        "scenario_file": source,
        "seed": seed,
        "replications": replications,
        "language": language,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": versions(),
        "system": system(),
        "argv": sys.argv[1:],
        **extra,
    }


def _read_csv(file: Path) -> pd.DataFrame:
    """A table of the folder; folders written with --excel by earlier versions hold ';' and decimal commas."""
    with file.open(encoding="utf-8") as handle:
        first = handle.readline()
    if ";" in first and "," not in first:
        return pd.read_csv(file, sep=";", decimal=",")
    return pd.read_csv(file)


def read_folder(path: Path) -> dict[str, Any]:
    """Everything in a results folder, as plain data and DataFrames (for charts and reports)."""
    check_complete(path)
    out: dict[str, Any] = {"path": path}
    out["settings"] = json.loads((path / "settings.json").read_text(encoding="utf-8"))
    for name in ("replications", "summary", "lead_times", "mass_balance", "variants"):
        file = path / f"{name}.csv"
        if file.exists():
            out[name] = _read_csv(file)
    if (path / "series.parquet").exists():
        out["series"] = pd.read_parquet(path / "series.parquet")
    if (path / "diagnosis.json").exists():
        out["diagnosis"] = json.loads((path / "diagnosis.json").read_text(encoding="utf-8"))
    if (path / "levers.json").exists():
        out["levers"] = json.loads((path / "levers.json").read_text(encoding="utf-8"))
    return out


def check_complete(path: Path) -> None:
    """Raise :class:`analysis.results.files.FolderError` (``folder_incomplete``) when a results
    folder lacks a file every reader needs, naming it and the command that rebuilds the folder."""
    from analysis.results.damage import missing_files
    from analysis.results.files import FolderError, marker

    missing = missing_files(path)
    if not missing:
        return
    written = marker(path) or {}
    scenario = path / "scenario.yaml"
    if (path / "sweep.sqlite").exists():  # the summary is rebuilt from the runs in the store
        command = f"ambacht sweep {scenario} --out {path} --resume"
    else:
        seed = f" --seed {written['seed']}" if "seed" in written else ""
        runs = f" -n {written['replications']}" if "replications" in written else ""
        command = f"ambacht run {scenario}{runs}{seed} --out {path} --force"
    raise FolderError("folder_incomplete", folder=path, files=", ".join(missing), command=command)
