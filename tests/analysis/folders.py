"""Results folders for the chart and report tests, made by the functions the commands call.

``ambacht sweep`` is written elsewhere; :func:`sweep_folder` writes the same files its results
folder has (``variants.csv`` and a keyed ``summary.csv``) from the scenario's own sweep.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.experiments.diagnosis import diagnose
from analysis.experiments.replications import run_replications
from analysis.experiments.runner import (
    execute,
    lead_time_table,
    mass_balance_table,
    metrics_table,
    series_table,
    tasks_for,
)
from analysis.results.files import FolderWriter
from analysis.results.folder import settings
from analysis.statistics.stats import summarise
from sim.loader import load_scenario, with_overrides

DATA = Path(__file__).parent.parent / "data"
CENTRE = DATA / "report-centre.yaml"
MMC = DATA / "mmc.yaml"


def run_folder(out: Path, scenario: Path = CENTRE, replications: int = 3, lang: str = "nl") -> Path:
    """A results folder of ``ambacht run``, made by the function the command calls."""
    folder = run_replications(scenario, replications, out=out, replace=True, lang=lang).folder
    assert folder == out
    return out


def sweep_folder(out: Path, scenario: Path = CENTRE, replications: int = 2) -> Path:
    """A results folder shaped like a sweep's: one key per variant of the scenario's first sweep."""
    loaded = load_scenario(scenario)
    sweep = next(iter(loaded.scenario.experiment.sweeps.values()))
    path, values = next(iter(sweep.vary.items()))
    keys = [f"v{i}" for i in range(len(values))]
    tasks = []
    for key, value in zip(keys, values, strict=True):
        tasks += tasks_for(with_overrides(loaded, {path: value}), replications, key=key)
    results = execute(None, tasks)
    table = metrics_table(results)
    summaries, diagnoses = [], {}
    targets = {cid: c.target_on_time_share for cid, c in loaded.scenario.market.contracts.items()}
    for key in keys:
        summary = summarise(table[table["key"] == key].drop(columns=["key", "replication"]))
        summaries.append(summary.reset_index().assign(key=key))
        diagnoses[key] = diagnose({k: float(v) for k, v in summary["mean"].items()}, targets).to_dict()
    provenance = settings("sweep", loaded.scenario.name, loaded.content_hash, str(scenario),
                          loaded.scenario.experiment.seed, replications, "nl", argv=["sweep", str(scenario), "--out", str(out)])
    writer = FolderWriter(out, provenance, replace=True)
    writer.table("replications", table)
    writer.table("summary", pd.concat(summaries, ignore_index=True), parquet=False)
    series_table(results).to_parquet(writer.path("series.parquet"), index=False)
    writer.table("lead_times", lead_time_table(results), parquet=False)
    writer.table("mass_balance", mass_balance_table(results), parquet=False)
    writer.table("variants", pd.DataFrame({"key": keys, path: values}), parquet=False)
    writer.json("diagnosis.json", diagnoses)
    writer.json("settings.json", provenance)
    (writer.path("scenario.yaml")).write_bytes(scenario.read_bytes())
    return writer.commit()
