"""One writer per results folder: two commands writing into one folder would mix their results.

Two ``sweep --resume`` at once would each run (and store) the same runs; a ``run --force`` that
swaps in a new folder while a report is written into the old one would leave charts of one run
beside the numbers of another. :func:`folder_lock` holds an exclusive lock on a small file beside
the folder (``.<name>.lock``) while a command writes it: a second command waits a while, then is
refused with a message naming the first one's process. The lock is the operating system's
(``flock``): it is released when the process ends, however it ends (even SIGKILL), so a crashed
command never leaves a folder locked. The lock file is removed by whoever releases it last.

Where ``fcntl`` does not exist (Windows) the lock is a no-op.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.results.files import FolderError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

POLL_SECONDS = 0.1
LOCK_WAIT_SECONDS = 30.0
"""How long a command that finishes a folder (moves it into place, writes its report) waits for
another one to finish with it; a sweep, which may run for hours, does not wait."""
_local = threading.local()
"""The locks this thread holds (``_local.held``): taking one again inside (a sweep writing its
summary) is free; another thread of the process waits like another process would."""


def _held() -> set[Path]:
    if not hasattr(_local, "held"):
        _local.held = set()
    return _local.held  # type: ignore[no-any-return]


def lock_path(folder: Path) -> Path:
    """The lock file of ``folder``: beside it, so that it survives the folder being swapped."""
    return folder.parent / f".{folder.name}.lock"


@contextmanager
def folder_lock(folder: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold ``folder``'s lock; wait up to ``wait`` seconds for another command to release it,
    then raise :class:`analysis.results.files.FolderError` (``folder_busy``)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    folder = Path(folder)
    path = lock_path(folder).absolute()
    if path in _held():
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            os.close(handle)
            if time.monotonic() >= deadline:
                raise FolderError("folder_busy", folder=folder, pid=holder) from None
            time.sleep(POLL_SECONDS)
            continue
        # The file we locked may have been removed by its last holder meanwhile: then lock anew.
        try:
            same = os.fstat(handle).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(handle)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        _held().add(path)
        yield
    finally:
        _held().discard(path)
        path.unlink(missing_ok=True)  # while still holding it: a waiting command then locks anew
        os.close(handle)


def _holder(handle: int) -> str:
    try:
        return os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?"
    except OSError:
        return "?"
