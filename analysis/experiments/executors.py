"""Where runs happen: in this process, in local worker processes, or on a Dask cluster.

A task is plain data (the scenario's data, a replication number, a seed), so any executor can
ship it; results come back keyed by task, so the order in which they finish changes nothing.
Same tasks give identical results on every executor and worker count.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Task:
    """One replication of one scenario variant."""

    key: str  # the variant's id in a sweep ('' for a single scenario)
    data_json: str  # the scenario's plain data, as JSON text (hashable, cheap to ship)
    replication: int
    seed: int
    series: bool = False  # keep sampled series and lead times (they are large)
    weeks: bool = False  # keep the figures of every week after the warm-up (calibration)
    bounds: tuple[float, ...] = ()  # or of the periods between these clock hours (months)


@lru_cache(maxsize=64)
def _scenario(data_json: str) -> Any:
    from sim.loader import validate

    return validate(json.loads(data_json), "sweep variant")


def run_task(task: Task) -> dict[str, Any]:
    """Run one task and return its result as plain data (picklable, JSON-able)."""
    from sim.run import run_replication

    result = run_replication(_scenario(task.data_json), task.replication, task.seed, weeks=task.weeks, bounds=task.bounds)
    out = result.to_dict()
    if not task.series:
        out["series"] = {}
        out["lead_times"] = {}
    out["key"] = task.key
    return out


def run_batch(tasks: list[Task]) -> list[dict[str, Any]]:
    return [run_task(t) for t in tasks]


def batches(tasks: list[Task], workers: int, target: int = 4) -> list[list[Task]]:
    """Split tasks in batches: few enough to keep per-run overhead small, enough for balance.

    Guided: each batch takes its share of what is left (``1 / (workers * target)``, at most 16
    runs), so batches shrink towards the end and the last runs go out one by one: a worker that
    finishes early finds small batches left instead of waiting for another's long one.
    """
    out = []
    i = 0
    while i < len(tasks):
        size = max(1, min(16, (len(tasks) - i) // max(1, workers * target)))
        out.append(tasks[i : i + size])
        i += size
    return out


class Executor:
    """Runs tasks and yields result batches as they finish."""

    name = "abstract"

    def run(self, tasks: list[Task]) -> Iterator[list[dict[str, Any]]]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def abort(self) -> None:
        """Stop at once (after Ctrl-C): unfinished work is dropped."""
        self.close()

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, kind: Any, *_: Any) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group; the main process alone decides
    # what to keep and stops the workers, so they don't print tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class InProcess(Executor):
    name = "local-1"

    def run(self, tasks: list[Task]) -> Iterator[list[dict[str, Any]]]:
        for batch in batches(tasks, 1):
            yield run_batch(batch)


class LocalProcesses(Executor):
    """Worker processes on this machine (spawn context: clean, the same on every platform)."""

    MAX_RESTARTS = 3
    """Times a pool whose worker died is replaced in one :meth:`run` before the error is shown."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.name = f"local-{workers}"
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_ignore_interrupts)

    def run(self, tasks: list[Task]) -> Iterator[list[dict[str, Any]]]:
        """Results per batch as they finish. A worker process that dies (killed, out of memory)
        breaks the whole pool: a new one runs the batches that had not finished, and finished
        ones are kept, so the results are those of an undisturbed run."""
        pending = {self.pool.submit(run_batch, b): b for b in batches(tasks, self.workers)}
        restarts = 0
        try:
            while pending:
                try:
                    for future in as_completed(list(pending)):
                        result = future.result()
                        del pending[future]
                        yield result
                except BrokenProcessPool:
                    restarts += 1
                    if restarts > self.MAX_RESTARTS:
                        raise
                    finished = {f: f.result() for f in pending if f.done() and not f.cancelled()
                                and f.exception() is None}
                    for future, result in finished.items():
                        del pending[future]
                        yield result
                    self.pool.shutdown(wait=False, cancel_futures=True)
                    self.pool = self._new_pool()
                    pending = {self.pool.submit(run_batch, b): b for b in pending.values()}
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def abort(self) -> None:
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # runs in progress are dropped, not waited for
            process.terminate()
        for process in processes:
            process.join(timeout=5)


class DaskCluster(Executor):
    """An existing Dask distributed cluster, by its scheduler address (tcp:// or tls://)."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as error:  # pragma: no cover - depends on the install
            raise RuntimeError("Dask is not installed: pip install 'ambacht[dask]'") from error
        self.client = Client(address, timeout="10s")
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.name = f"dask-{self.workers}"

    def run(self, tasks: list[Task]) -> Iterator[list[dict[str, Any]]]:
        from distributed import as_completed as dask_completed

        futures = self.client.map(run_batch, batches(tasks, self.workers), pure=False)
        try:
            for future in dask_completed(futures):
                yield future.result()
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        self.client.close()


def make_executor(workers: int = 1, scheduler: str | None = None) -> Executor:
    """The executor a user asked for: a Dask scheduler address wins over ``workers``."""
    if scheduler:
        return DaskCluster(scheduler)
    if workers <= 1:
        return InProcess()
    return LocalProcesses(workers)

