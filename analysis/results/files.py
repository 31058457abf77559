"""Writing result files and folders so that a reader never sees a partial or corrupt one, and
nothing the user wrote is ever deleted.

A file is written under a temporary name beside its place and moved there (:func:`write_atomic`).
A results folder is built under a temporary name beside its place by :class:`FolderWriter` and
moved there when complete. Every results folder holds a marker file (:data:`MARKER`) with the
provenance of the run that wrote it: only a folder with that marker, holding nothing but files
Ambacht writes, is ever replaced, by swapping the new folder in (two renames; the old folder is
removed only after the new one is in place).
"""

from __future__ import annotations

import errno
import fnmatch
import json
import math
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from sim import text

MARKER = ".ambacht-results.json"
"""The file that says 'Ambacht wrote this folder', with the provenance of the run."""

KNOWN_ENTRIES = (
    MARKER, "settings.json", "scenario.yaml", "diagnosis.json", "levers.json", "*.csv", "*.parquet",
    "sweep.sqlite", "sweep.sqlite-wal", "sweep.sqlite-shm", "sweep.sqlite.damaged-*", "report-*.html", "report-*.pdf", "charts",
    "results-*.xlsx",
    "business.json", "businesscase-*.html",
    "uncertainty.json", "uncertainty-*.html", "uncertainty.sqlite*", "centres.json", "centres-*.html",
)
"""What Ambacht writes into a results folder (the report adds its HTML, PDF and charts)."""

MARKED_SETTINGS = ("command", "scenario", "scenario_hash", "scenario_file", "seed", "replications", "created", "argv")


N_ = text.N_
MESSAGES = {
    "folder_is_file": N_("{folder} is a file, not a folder; give the name of a folder with --out"),
    "folder_not_ours": N_("{folder} holds files that Ambacht did not write; nothing was changed. Ambacht replaces only folders it wrote itself: choose another folder with --out."),
    "folder_foreign_files": N_("{folder} holds files that Ambacht did not write ({files}); nothing was changed. Move them elsewhere, or choose another folder with --out."),
    "folder_taken": N_("{folder} already holds other Ambacht results; replace them with --force, or choose another folder with --out."),
    "sweep_exists": N_("{folder} already holds this sweep; nothing was started."),
    "sweep_other": N_("{folder} holds another sweep (different scenario, seed, values or replications); use another --out, or --force to start again"),
    "sweep_unreadable": N_("{folder}: the stored runs of this sweep cannot be read"),
    "sweep_none_finished": N_("{folder}: no run of this sweep has finished yet; continue it with --resume"),
    "disk_full": N_("{file}: the disk is full, so the results could not be written. What was there before is unchanged and nothing half-written was left; free some space and run the command again (a sweep continues with --resume and keeps every finished run)."),
    "not_writable": N_("{file} cannot be written ({reason}). What was there before is unchanged; choose another folder with --out."),
    "folder_busy": N_("{folder} is being written by another Ambacht command (process {pid}); nothing was started. Wait until it has finished, or choose another folder with --out."),
    "store_damaged": N_("{folder}: the sweep's store is damaged ({reason}); {kept} finished runs can still be read. To keep them and run the rest again: {command}"),
    "store_repaired": N_("{folder}: the sweep's store was damaged ({reason}); the {kept} finished runs that could be read are kept, the rest run again (the damaged file is kept as {aside})."),
    "folder_incomplete": N_("{folder} is incomplete or damaged ({files}). Rebuild it with: {command}"),
}
"""What a refused results folder tells the user, per error key (translated where shown)."""


class FolderError(Exception):
    """A results folder that may not be written; :meth:`render` says why in the user's language."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(MESSAGES[key].format(**values))
        self.key = key
        self.values = values

    def render(self, lang: str) -> str:
        return text.translation(lang).gettext(MESSAGES[self.key], **self.values)


FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
"""Errors of a disk (or a quota, or a file-size limit) that has no room for what is written."""
LOCKED_OUT = (errno.EACCES, errno.EPERM, errno.EROFS)


def write_failure(error: BaseException) -> FolderError | None:
    """What a failed write tells the user: a full disk or a place that cannot be written, as a
    :class:`FolderError`; None for any other error (a bug, shown as one)."""
    if isinstance(error, sqlite3.OperationalError) and "full" in str(error):  # SQLITE_FULL
        return FolderError("disk_full", file=_named(error))
    if not isinstance(error, OSError):
        return None
    number = error.errno
    if number is None and "No space left" in str(error):  # pyarrow gives the text, not the number
        number = errno.ENOSPC
    if number in FULL:
        return FolderError("disk_full", file=_named(error))
    if number in LOCKED_OUT:
        return FolderError("not_writable", file=_named(error), reason=error.strerror or str(error))
    return None


def _named(error: BaseException) -> str:
    name = getattr(error, "filename", None)
    return str(name) if name else text.translation(None).gettext("a results file")


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    # mkstemp makes the file private (0600); results are ordinary files (0666 less the umask).
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    write_atomic(path, lambda p: p.write_bytes(data))


def _is_empty_folder(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def marker(path: Path) -> dict[str, Any] | None:
    """The provenance in an Ambacht results folder, or None when Ambacht did not write it.

    Folders written before the marker existed count as Ambacht's when their settings.json
    names an Ambacht version.
    """
    for name in (MARKER, "settings.json"):
        try:
            data = json.loads((path / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        if name == MARKER and data.get("written_by") == "ambacht":
            return data
        if name == "settings.json" and isinstance(data.get("versions"), dict) and "ambacht" in data["versions"]:
            return data
    return None


def foreign_entries(path: Path) -> list[str]:
    """Names in a folder that Ambacht does not write into a results folder."""
    return sorted(p.name for p in path.iterdir()
                  if not any(fnmatch.fnmatch(p.name, pattern) for pattern in KNOWN_ENTRIES))


def check_replaceable(path: Path) -> None:
    """Raise :class:`FolderError` unless ``path`` is absent, empty, or a folder Ambacht wrote."""
    if not path.exists() or _is_empty_folder(path):
        return
    if not path.is_dir():
        raise FolderError("folder_is_file", folder=path)
    if marker(path) is None:
        raise FolderError("folder_not_ours", folder=path)
    foreign = foreign_entries(path)
    if foreign:
        raise FolderError("folder_foreign_files", folder=path, files=", ".join(foreign[:5]))


def free_folder(path: Path, replace: bool) -> Path:
    """Where a new results folder goes: ``path`` when free, or when ``replace`` and Ambacht wrote
    it (else :class:`FolderError`); otherwise the first free ``path-2``, ``path-3`` ..."""
    if not path.exists() or _is_empty_folder(path):
        return path
    if replace:
        check_replaceable(path)
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.name}-{n}")
        if not candidate.exists() or _is_empty_folder(candidate):
            return candidate
        n += 1


def start_folder(path: Path, provenance: dict[str, Any]) -> None:
    """Make ``path`` an Ambacht folder in place (for a sweep, whose runs are stored as they finish)."""
    path.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path / MARKER, _marker_text(provenance))


def _marker_text(provenance: dict[str, Any]) -> str:
    import sim

    data = {"written_by": "ambacht", "version": sim.__version__,
            **{k: provenance[k] for k in MARKED_SETTINGS if k in provenance}}
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def swap_in(new: Path, target: Path) -> None:
    """Move the complete folder ``new`` to ``target``, replacing an Ambacht folder there.

    The old folder is renamed aside first and removed only once the new one is in place, so at
    every moment one of them is complete on disk.
    """
    if target.exists() and _is_empty_folder(target):
        target.rmdir()
    if not target.exists():
        new.rename(target)
        return
    check_replaceable(target)
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def finite(data: Any) -> Any:
    """``data`` with every NaN or infinity made None (JSON null): an interval of one replication
    is undefined, and JSON has no NaN."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [finite(value) for value in data]
    return data


def json_text(data: Any) -> str:
    """``data`` as valid JSON (undefined numbers as null), indented, for people and programs."""
    return json.dumps(finite(data), indent=2, ensure_ascii=False, default=str, allow_nan=False)


class FolderWriter:
    """Builds a results folder beside its place; :meth:`commit` moves it there.

    ``target``: where the folder should go; when it is taken, the folder goes to ``target-2``
    (and so on) unless ``replace``, which replaces a folder Ambacht wrote and refuses any other
    (:class:`FolderError`, raised here, before any work is done). :attr:`target` is the place
    chosen. ``provenance`` (the settings of the run) goes into the marker file.
    """

    def __init__(self, target: Path, provenance: dict[str, Any] | None, replace: bool = False) -> None:
        self.replace = replace
        self.merge = provenance is None
        self.target = target if self.merge else free_folder(target, replace)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent))
        try:
            os.chmod(self.tmp, 0o777 & ~_umask())
            if provenance is not None:
                (self.tmp / MARKER).write_text(_marker_text(provenance), encoding="utf-8")
        except BaseException:  # a full disk already: leave nothing behind
            self.abandon()
            raise

    @classmethod
    def into(cls, folder: Path) -> FolderWriter:
        """A writer that adds its files to the Ambacht folder ``folder`` on :meth:`commit`, each
        file replaced atomically and settings.json last (a sweep's folder, whose store stays)."""
        check_replaceable(folder)
        return cls(folder, None)

    def path(self, name: str) -> Path:
        return self.tmp / name

    def json(self, name: str, data: Any) -> None:
        self.path(name).write_text(json_text(data) + "\n", encoding="utf-8")

    def table(self, name: str, frame: pd.DataFrame, parquet: bool = True) -> None:
        """A table as plain CSV (and Parquet), for programs; people get :mod:`analysis.reporting.export`."""
        frame.to_csv(self.path(f"{name}.csv"), index=False)
        if parquet:
            frame.to_parquet(self.path(f"{name}.parquet"), index=False)

    def copy(self, source: Path, name: str) -> None:
        """A copy of ``source`` (the scenario file, a sweep's store) when it exists."""
        if source.exists():
            shutil.copyfile(source, self.path(name))

    def commit(self) -> Path:
        """Move the folder into place; a folder there now is replaced only if ``replace`` allows.
        Holds the folder's lock meanwhile (:mod:`analysis.results.lock`)."""
        from analysis.results.lock import LOCK_WAIT_SECONDS, folder_lock

        with folder_lock(self.target, wait=LOCK_WAIT_SECONDS):
            return self._commit()

    def _commit(self) -> Path:
        if self.merge:
            files = sorted(self.tmp.iterdir(), key=lambda p: p.name == "settings.json")
            for file in files:
                os.replace(file, self.target / file.name)
            self.tmp.rmdir()
            return self.target
        if self.target.exists() and not _is_empty_folder(self.target) and not self.replace:
            self.target = free_folder(self.target, False)  # taken while we worked: the next free name
        swap_in(self.tmp, self.target)
        return self.target

    def abandon(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> FolderWriter:
        return self

    def __exit__(self, kind: Any, *_: Any) -> None:
        if kind is not None:
            self.abandon()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
