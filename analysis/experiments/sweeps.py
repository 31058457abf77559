"""Sweeps: scenario variants by parameter path, run as a grid x replications, stored as they finish.

Every finished run goes into SQLite at once (one transaction per batch), so a sweep that is
interrupted, even by SIGKILL, resumes where it stopped and loses nothing. Variant keys are
hashes of the overrides, so they stay the same however the grid is ordered.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.loader import LoadedScenario, Problem, ScenarioError, with_overrides
from sim.scenario.references import path_exists, path_problem
from sim.scenario.sweeps import SweepError, parse_values
from sim.text import N_


def parse_vary(items: Iterable[str]) -> dict[str, list[Any]]:
    """``--vary PATH=VALUES`` options into a mapping of path to values."""
    vary: dict[str, list[Any]] = {}
    for item in items:
        if "=" not in item:
            raise SweepError(N_("--vary '{text}': expected PATH=VALUES, e.g. workforce.sorteerders.people=2..8"),
                             text=item)
        path, values = item.split("=", 1)
        vary[path.strip()] = parse_values(values)
    return vary


@dataclass(frozen=True)
class Variant:
    key: str
    overrides: dict[str, Any]
    loaded: LoadedScenario


def variant_key(overrides: dict[str, Any]) -> str:
    text = json.dumps(overrides, sort_keys=True, default=str)
    return "v" + hashlib.sha256(text.encode()).hexdigest()[:10]


def grid(loaded: LoadedScenario, vary: dict[str, list[Any]]) -> list[Variant]:
    """All combinations of the values, each checked as a scenario (errors name the --vary path)."""
    problems = [
        Problem("--vary", 0, 0, path, "bad_path", context)
        for path in vary
        if (context := path_problem(loaded.scenario, path)) and not _new_entry_allowed(loaded, path)
    ]
    if problems:
        raise ScenarioError(problems)
    paths = list(vary)
    variants = []
    for combination in itertools.product(*(vary[p] for p in paths)):
        overrides = dict(zip(paths, combination, strict=True))
        variants.append(Variant(variant_key(overrides), overrides, with_overrides(loaded, overrides)))
    return variants


def _new_entry_allowed(loaded: LoadedScenario, path: str) -> bool:
    # A path may add a field that the file leaves at its default (e.g. 'workforce.x.absence').
    parent, _, last = path.rpartition(".")
    if not parent or not path_exists(loaded.scenario, parent):
        return False
    node: Any = loaded.scenario
    for part in parent.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return hasattr(type(node), "model_fields") and last in type(node).model_fields


class Store:
    """Finished runs of a sweep in SQLite: written per batch, read back on resume."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS runs (key TEXT, replication INTEGER, result TEXT, "
                        "PRIMARY KEY (key, replication))")
        self.db.commit()

    def meta(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self.db.execute("SELECT name, value FROM meta")}

    def set_meta(self, values: dict[str, Any]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                [(k, json.dumps(v, sort_keys=True, default=str)) for k, v in values.items()])

    def done(self) -> set[tuple[str, int]]:
        return {(k, r) for k, r in self.db.execute("SELECT key, replication FROM runs")}

    def add(self, results: list[dict[str, Any]]) -> None:
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO runs VALUES (?, ?, ?)",
                                [(r["key"], r["replication"], json.dumps(r, sort_keys=True)) for r in results])

    def results(self) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT result FROM runs ORDER BY key, replication")
        return [json.loads(text) for (text,) in rows]

    def close(self) -> None:
        self.db.close()


_REQUIRE = re.compile(r"^\s*([\w.\-]+)\s*(>=|<=)\s*(-?[\d.]+)\s*$")


@dataclass(frozen=True)
class Requirement:
    metric: str
    at_least: bool
    threshold: float

    def __str__(self) -> str:
        return f"{self.metric} {'>=' if self.at_least else '<='} {self.threshold:g}"


def parse_requirement(text: str) -> Requirement:
    match = _REQUIRE.match(text)
    if not match:
        raise SweepError(N_("--require '{text}': expected METRIC >= VALUE or METRIC <= VALUE, "
                            "e.g. 'contracts.textiel.on_time_share >= 0.95'"), text=text)
    return Requirement(match[1], match[2] == ">=", float(match[3]))
