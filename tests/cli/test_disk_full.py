"""A disk that fills up while a results folder, a report or a sweep's store is written: a clear
message, what was there before untouched, nothing half-written left where a later command would
read it, and (for a sweep) every finished run kept for --resume.

Run on a real small filesystem (a tmpfs of a few hundred KB) where the machine allows mounting
one, and always with the operating system's error injected where the files are written.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cli.main import main
from tests.analysis.helpers import SHORT, write_scenario

FULL_EN = "the disk is full"
FULL_NL = "de schijf is vol"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def _mount_small_disk(where: Path, kilobytes: int) -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(where)],
                          capture_output=True)
    return done.returncode == 0


@pytest.fixture(params=["small filesystem", "injected error"])
def disk(request, tmp_path, monkeypatch) -> Iterator[tuple[Path, object]]:
    """A folder on a disk that can be filled, and a function that fills it (leaving ``room`` bytes)."""
    if request.param == "small filesystem":
        where = Path("/tmp") / f"ambacht-disk-{uuid.uuid4().hex[:8]}"
        if not _mount_small_disk(where, 2048):
            pytest.skip("this machine does not allow mounting a small filesystem")
        filler = where / "filler"

        def fill(room: int = 0) -> None:
            free = shutil.disk_usage(where).free
            with filler.open("ab") as handle:  # up to the last block: nothing more fits
                try:
                    handle.write(b"\0" * max(0, free - room))
                    handle.flush()
                    os.fsync(handle.fileno())
                except OSError:
                    pass

        def free_again() -> None:
            filler.unlink(missing_ok=True)

        try:
            yield where, (fill, free_again)
        finally:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)
            shutil.rmtree(where, ignore_errors=True)
        return
    where = tmp_path / "disk"
    where.mkdir()
    state = {"full": False}
    real_parquet, real_execute = pd.DataFrame.to_parquet, None

    def parquet(self, path, *args, **kwargs):
        if state["full"]:
            Path(path).write_bytes(b"PAR1 half")  # half a file, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_parquet(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", parquet)
    import analysis.experiments.sweeps as sweeps

    real_add = sweeps.Store.add

    def add(self, results):
        if state["full"]:
            raise sqlite3.OperationalError("database or disk is full")
        return real_add(self, results)

    monkeypatch.setattr(sweeps.Store, "add", add)
    del real_execute

    def fill(room: int = 0) -> None:
        state["full"] = True

    def free_again() -> None:
        state["full"] = False

    yield where, (fill, free_again)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if p.name.startswith(".")]


def test_a_full_disk_while_run_force_writes_leaves_the_previous_folder_and_says_so(disk, tmp_path):
    where, (fill, free_again) = disk
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    out = where / "res"
    first = invoke("run", str(scenario), "-n", "2", "--out", str(out), "--quiet")
    assert first.exit_code == 0, first.output
    before = _snapshot(out)
    fill()
    for lang, words in (("en", FULL_EN), ("nl", FULL_NL)):
        again = invoke("run", str(scenario), "-n", "2", "--seed", "99", "--out", str(out), "--force", "--quiet",
                       "--lang", lang)
        assert again.exit_code == 1, again.output
        assert words in again.output and "Traceback" not in again.output
        assert isinstance(again.exception, SystemExit)
        assert _snapshot(out) == before  # the previous results, untouched
        assert _leftovers(where) == []  # no half-written folder beside them
    free_again()
    done = invoke("run", str(scenario), "-n", "2", "--seed", "99", "--out", str(out), "--force", "--quiet")
    assert done.exit_code == 0, done.output


def test_a_full_disk_during_a_sweep_keeps_every_stored_run_and_resume_finishes_it_identically(disk, tmp_path):
    where, (fill, free_again) = disk
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    vary = "workforce.deelnemers.people=2,3,4"
    whole = invoke("sweep", str(scenario), "--vary", vary, "-n", "2", "--out", str(tmp_path / "whole"), "--quiet")
    assert whole.exit_code == 0, whole.output
    out = where / "res"
    # The disk fills up after the first stored batch.
    import analysis.experiments.sweeps as sweeps

    real_add = sweeps.Store.add
    batches = [0]

    def add_then_fill(self, results):
        real_add(self, results)
        batches[0] += 1
        fill(room=0)

    sweeps.Store.add = add_then_fill  # type: ignore[method-assign]
    try:
        full = invoke("sweep", str(scenario), "--vary", vary, "-n", "2", "--out", str(out), "--quiet")
    finally:
        sweeps.Store.add = real_add  # type: ignore[method-assign]
    assert full.exit_code == 1, full.output
    assert FULL_EN in full.output and "Traceback" not in full.output
    kept = sqlite3.connect(out / "sweep.sqlite").execute("SELECT count(*) FROM runs").fetchone()[0]
    assert kept >= 1  # what finished before the disk filled is on disk
    assert not (out / "replications.csv").exists()
    free_again()
    resumed = invoke("sweep", str(scenario), "--vary", vary, "-n", "2", "--out", str(out), "--resume", "--quiet")
    assert resumed.exit_code == 0, resumed.output
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "whole" / "replications.csv"),
                                  pd.read_csv(out / "replications.csv"))
