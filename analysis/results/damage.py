"""Damaged results: a sweep's store broken by a crash or a full disk, a folder with a file missing.

Found before anything reads them, and reported with what can be kept and the command that
rebuilds the rest, never as a traceback. :func:`store_damage` checks a SQLite store (SQLite's own
``quick_check`` and a read of every stored run); :func:`salvage` reads what still can be read, run
by run; :func:`set_aside` moves a damaged store out of the way (it is kept, under a name that
says what it is, so nothing is deleted). :func:`missing_files` names what a results folder lacks.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REQUIRED = ("settings.json", "summary.csv", "replications.csv")
"""The files every results folder of ``run`` and ``sweep`` has, and a report reads."""
DAMAGED_SUFFIX = ".damaged"


def store_damage(path: Path) -> str | None:
    """Why the SQLite store at ``path`` cannot be trusted, or None when every run in it reads."""
    try:
        db = sqlite3.connect(path, timeout=30)  # read-write: a killed writer's journal is rolled in
    except sqlite3.Error as error:
        return str(error)
    try:
        check = [row[0] for row in db.execute("PRAGMA quick_check")]
        if check != ["ok"]:
            return "; ".join(str(c) for c in check[:2])
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"meta", "runs"} <= tables:
            return "no stored runs"
        for (value,) in db.execute("SELECT value FROM meta"):
            json.loads(value)
        for (text,) in db.execute("SELECT result FROM runs"):
            json.loads(text)
    except (sqlite3.Error, ValueError) as error:
        return str(error)
    finally:
        db.close()
    return None


def salvage(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The sweep's identity (its meta) and every run that can still be read from a damaged store.

    Read from a copy (never the store itself), padded to the length its header states: SQLite
    refuses a file cut short as a whole, though most of its pages are intact. Runs are read one by
    one, by row id, so a damaged page loses only the runs on it. Without a readable identity
    nothing is kept: runs of unknown scenario or seed must never be mixed into a sweep.
    """
    with tempfile.TemporaryDirectory(prefix="ambacht-salvage-") as folder:
        copy = Path(folder) / "store.sqlite"
        try:
            data = path.read_bytes()
        except OSError:
            return {}, []
        if len(data) >= 100 and data[:16] == b"SQLite format 3\x00":
            size = int.from_bytes(data[16:18], "big")
            size = 65536 if size == 1 else size
            pages = int.from_bytes(data[28:32], "big")
            data += b"\0" * max(0, min(pages * size, MAX_PADDED_BYTES) - len(data))
        copy.write_bytes(data)
        return _read_runs(copy)


MAX_PADDED_BYTES = 1 << 30
"""A header claiming more than this is itself damaged: no padding beyond it."""
PROBE_ROWS = 1000
"""Row ids tried one by one past the last one read, to step over a damaged page."""


def _read_runs(copy: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    meta: dict[str, Any] = {}
    runs: dict[tuple[str, int], dict[str, Any]] = {}
    try:
        db = sqlite3.connect(copy)
    except sqlite3.Error:
        return {}, []
    try:
        try:
            for name, value in db.execute("SELECT name, value FROM meta"):
                meta[name] = json.loads(value)
        except (sqlite3.Error, ValueError):
            return {}, []
        misses, rowid = 0, 1
        while misses < PROBE_ROWS:
            try:
                row = db.execute("SELECT result FROM runs WHERE rowid = ?", (rowid,)).fetchone()
                run = json.loads(row[0]) if row is not None else None
            except (sqlite3.Error, ValueError):
                row, run = None, None
            if isinstance(run, dict) and "key" in run and "replication" in run:
                runs[(str(run["key"]), int(run["replication"]))] = run
                misses = 0
            else:
                misses += 1
            rowid += 1
    finally:
        db.close()
    return meta, [runs[k] for k in sorted(runs)]


def set_aside(path: Path) -> Path:
    """Move a damaged store (and SQLite's side files) to ``<name>.damaged-<time>``; its new name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}{DAMAGED_SUFFIX}-{stamp}")
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target


def missing_files(folder: Path) -> list[str]:
    """The files of :data:`REQUIRED` that ``folder`` lacks or that cannot be read as what they are."""
    out = []
    for name in REQUIRED:
        file = folder / name
        try:
            content = file.read_bytes()
        except OSError:
            out.append(name)
            continue
        if name.endswith(".json"):
            try:
                json.loads(content)
            except ValueError:
                out.append(name)
        elif not content.strip():
            out.append(name)
    return out
