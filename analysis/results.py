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
    variants.csv       (sweeps) key and the values of the varied parameters

The folder is written under a temporary name and renamed when complete: a reader never sees
half a result. An existing folder is never overwritten silently.
"""

from __future__ import annotations

import json
import platform
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

import sim


def versions() -> dict[str, str]:
    return {**sim.versions(), "pandas": pd.__version__, "python": platform.python_version()}


def free_folder(path: Path, force: bool) -> Path:
    """``path`` itself when free (or ``force``), else the first free ``path-2``, ``path-3`` ..."""
    if force or not path.exists() or (path.is_dir() and not any(path.iterdir())):
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.name}-{n}")
        if not candidate.exists():
            return candidate
        n += 1


class FolderWriter:
    """Collects files in a temporary folder; :meth:`commit` moves it into place."""

    def __init__(self, target: Path, force: bool = False) -> None:
        self.target = free_folder(target, force)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent))

    def path(self, name: str) -> Path:
        return self.tmp / name

    def json(self, name: str, data: Any) -> None:
        self.path(name).write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")

    def table(self, name: str, frame: pd.DataFrame, excel: bool = False, parquet: bool = True) -> None:
        """A table as CSV (and Parquet); ``excel``: ';' separated with decimal commas."""
        if excel:
            frame.to_csv(self.path(f"{name}.csv"), index=False, sep=";", decimal=",")
        else:
            frame.to_csv(self.path(f"{name}.csv"), index=False)
        if parquet:
            frame.to_parquet(self.path(f"{name}.parquet"), index=False)

    def commit(self) -> Path:
        if self.target.exists():
            shutil.rmtree(self.target)
        self.tmp.rename(self.target)
        return self.target

    def abandon(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


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
        "argv": sys.argv[1:],
        **extra,
    }


def read_folder(path: Path) -> dict[str, Any]:
    """Everything in a results folder, as plain data and DataFrames (for charts and reports)."""
    out: dict[str, Any] = {"path": path}
    out["settings"] = json.loads((path / "settings.json").read_text(encoding="utf-8"))
    for name in ("replications", "summary", "lead_times", "mass_balance", "variants"):
        file = path / f"{name}.csv"
        if file.exists():
            sep = ";" if out["settings"].get("excel") else ","
            decimal = "," if out["settings"].get("excel") else "."
            out[name] = pd.read_csv(file, sep=sep, decimal=decimal)
    if (path / "series.parquet").exists():
        out["series"] = pd.read_parquet(path / "series.parquet")
    if (path / "diagnosis.json").exists():
        out["diagnosis"] = json.loads((path / "diagnosis.json").read_text(encoding="utf-8"))
    return out
