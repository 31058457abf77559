"""``ambacht sweep`` as a function: a grid of variants x replications, stored as each run finishes.

:func:`run_sweep` runs every variant of a scenario (the values by path in
:mod:`analysis.experiments.sweeps`) in its results folder: every finished batch of runs goes into
``sweep.sqlite`` at once, so an interrupted sweep (Ctrl-C, SIGTERM, even SIGKILL) keeps what
finished and ``resume=True`` continues where it stopped with identical results. When all runs are
in, the summary files are added to the folder. An existing sweep folder is never started again
silently: without ``resume`` or ``replace`` it is refused (:class:`analysis.results.files.FolderError`).
With ``replace`` the new sweep runs in a folder beside the old one (``.<name>.replacing``) and
takes its place when complete.

:func:`finish_partial_sweep` writes the summary of what finished in an interrupted sweep's folder,
marked partial, so that its report can be made.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.experiments.diagnosis import diagnose_scenario
from analysis.experiments.executors import Executor
from analysis.experiments.runner import (
    Experiment,
    Interrupted,
    Progress,
    Stopped,
    metrics_table,
    run_tasks,
    signum_of,
    tasks_for,
)
from analysis.experiments.sweeps import Store, SweepError, Variant, grid, parse_values, parse_vary
from analysis.results.damage import salvage, set_aside, store_damage
from analysis.results.files import (
    MESSAGES,
    FolderError,
    FolderWriter,
    check_replaceable,
    foreign_entries,
    marker,
    start_folder,
    swap_in,
)
from analysis.results.folder import settings
from analysis.results.lock import folder_lock
from analysis.statistics.stats import summarise
from sim import text
from sim.loader import LoadedScenario, load_scenario
from sim.registry import time_base_statement
from sim.text import N_

STORE = "sweep.sqlite"
IDENTITY = ("scenario_hash", "seed", "vary", "replications")
"""What makes two sweeps the same sweep (a resumed sweep must match the stored one)."""


@dataclass(frozen=True)
class SweepPlan:
    """One sweep to run: its name, the values per path, replications (None: the scenario's)."""

    name: str
    vary: dict[str, list[Any]]
    replications: int | None


def planned_sweeps(loaded: LoadedScenario, name: str | None = None, vary: tuple[str, ...] | list[str] = ()) -> list[SweepPlan]:
    """The sweeps to run: the named one (``vary``, 'PATH=VALUES' texts, added to it), ``vary``
    alone as a sweep of its own, or, with neither, every sweep the scenario names.

    Raises :class:`analysis.experiments.sweeps.SweepError` for an unknown name or nothing to sweep.
    """
    added = parse_vary(vary)
    named = loaded.scenario.experiment.sweeps
    if name is not None and name not in named:
        raise SweepError(N_("no sweep named '{name}' in the scenario; named sweeps: {named}"), name=name,
                         named=", ".join(named) or "-")
    if name is None and added:
        return [SweepPlan("sweep", added, None)]
    chosen = [name] if name else list(named)
    if not chosen:
        raise SweepError(N_("nothing to sweep: name a sweep in the scenario (experiment.sweeps) or give --vary "
                            "PATH=VALUES"))
    return [SweepPlan(n, {**{p: parse_values(v) for p, v in named[n].vary.items()}, **added}, named[n].replications)
            for n in chosen]


def sweep_folder(scenario_file: str | Path, plan: SweepPlan, out: Path | None, sweeps: int) -> Path:
    """Where a sweep's results go: ``out`` (``out/<name>`` when several sweeps run), else
    ``results/<scenario>-<sweep>``."""
    if out is None:
        return Path("results") / f"{Path(scenario_file).stem}-{plan.name}"
    return Path(out) / plan.name if sweeps > 1 else Path(out)


@dataclass
class SweepResult:
    """A finished (or, from :func:`finish_partial_sweep`, partly finished) sweep."""

    name: str
    folder: Path
    variants: list[Variant]
    replications: int
    seed: int
    summary: pd.DataFrame
    """Per key (variant) and metric: mean, ci_low, ci_high, half_width, n."""
    diagnoses: dict[str, dict[str, Any]]
    finished: int
    total: int

    @property
    def partial(self) -> bool:
        return self.finished < self.total


def run_sweep(scenario: LoadedScenario | str | Path, vary: dict[str, list[Any]], out: Path,
              replications: int | None = None, name: str = "sweep", seed: int | None = None,
              executor: Executor | None = None, progress: Progress | None = None, resume: bool = False,
              replace: bool = False, lang: str | None = None, excel: bool = False) -> SweepResult:
    """Run every combination of ``vary`` (path -> values) ``replications`` times into ``out``.

    ``resume``: continue the same sweep in ``out`` (another sweep there is refused);
    ``replace``: start again, replacing a folder Ambacht wrote when the new one is complete.
    Folder problems raise :class:`analysis.results.files.FolderError` before any run; Ctrl-C or SIGTERM
    raise :class:`analysis.experiments.runner.Interrupted` naming the folder that keeps the finished runs.
    """
    experiment = Experiment.start(scenario, replications, seed, lang, executor, progress)
    loaded, lang, seed, n, progress = (experiment.loaded, experiment.lang, experiment.seed, experiment.replications,
                                       experiment.progress)
    target = Path(out)
    variants = grid(loaded, vary)
    meta = {"scenario_hash": loaded.content_hash, "seed": seed, "vary": vary, "replications": n}
    provenance = settings("sweep", loaded.scenario.name, loaded.content_hash, loaded.source, seed, n, lang, sweep=name)
    total = len(variants) * n
    finished = [0]  # runs in the store, as far as we know
    with folder_lock(target):  # one command at a time in a sweep's folder: its store is one sweep's
        work = _working_folder(target, meta, provenance, loaded, resume, replace, progress)
        progress.folder(target)
        try:
            runs = _run_into(work, variants, n, seed, {**meta, "sweep": name, "language": lang, "excel": excel},
                             executor, progress, text.translation(lang).gettext("{sweep}: runs", sweep=name), finished)
            result = _summarised(loaded, name, work, variants, runs, n, seed, lang)
            _write(work, loaded, result, runs, lang, excel, provenance, vary)
            if work != target:
                swap_in(work, target)
            elif not result.partial:
                _refresh_reports(target)
        except (KeyboardInterrupt, Stopped) as stop:
            # Every finished run is in the store, whatever step was stopped (a run, or the summary).
            raise Interrupted(work if work.exists() else target, finished[0], total, signum_of(stop)) from None
    result.folder = target
    return result


def _refresh_reports(folder: Path) -> None:
    """Rewrite the reports a partial sweep's folder has (``ambacht report`` on it before it was
    resumed): the finished sweep replaces the page that says it is partial."""
    written = sorted(folder.glob("report-*.html"))
    if not written:
        return
    from analysis.reporting.report import write_report  # draws on matplotlib: only when needed

    for page in written:
        lang = page.stem.removeprefix("report-")
        if lang in text.LANGUAGES:
            write_report(folder, lang)


def _run_into(work: Path, variants: list[Variant], n: int, seed: int, meta: dict[str, Any],
              executor: Executor | None, progress: Progress, label: str, finished: list[int]) -> list[dict[str, Any]]:
    """Run what is not yet in the folder's store, storing every batch as it finishes; all runs."""
    store = Store(work / STORE)
    try:
        store.set_meta(meta)
        done = store.done()
        finished[0] = len({(k, r) for k, r in done if r < n and k in {v.key for v in variants}})
        tasks = [t for v in variants for t in tasks_for(v.loaded, n, seed, v.key, series=False)
                 if (t.key, t.replication) not in done]

        def keep(batch: list[dict[str, Any]]) -> None:
            store.add(batch)  # every finished batch is on disk before the next
            finished[0] += len(batch)

        if tasks:
            run_tasks(tasks, executor, progress, label, keep)
        return _wanted(store.results(), variants, n)
    finally:
        store.close()


def _working_folder(target: Path, meta: dict[str, Any], provenance: dict[str, Any], loaded: LoadedScenario,
                    resume: bool, replace: bool, progress: Progress) -> Path:
    """The folder the runs are stored in, checked and made ready (see :func:`run_sweep`)."""
    if replace:
        check_replaceable(target)  # refuse a folder Ambacht did not write before any run
        work = target.with_name(f".{target.name}.replacing")
        if work.exists() and not (resume and _same_sweep(work, meta)):
            check_replaceable(work)
            shutil.rmtree(work)
    else:
        work = target
        if (work / STORE).exists():
            if not resume:
                raise FolderError("sweep_exists", folder=work)
            _repair_store(work, loaded, progress)
            if not _same_sweep(work, meta):
                raise FolderError("sweep_other", folder=work)
        elif work.exists() and any(work.iterdir()):
            raise FolderError("folder_taken" if marker(work) is not None else "folder_not_ours", folder=work)
    if not (work / STORE).exists():
        start_folder(work, provenance)
        source = Path(loaded.source)
        if source.exists():
            shutil.copyfile(source, work / "scenario.yaml")
    return work


def _repair_store(folder: Path, loaded: LoadedScenario, progress: Progress) -> None:
    """A damaged store (a crash, a full disk) is replaced by the runs that can still be read, the
    damaged file kept beside it; without a readable identity nothing can be kept: refused."""
    path = folder / STORE
    reason = store_damage(path)
    if reason is None:
        return
    meta, runs = salvage(path)
    if not meta:
        raise FolderError("store_damaged", folder=folder, reason=reason, kept=0,
                          command=f"ambacht sweep {loaded.source} --out {folder} --force")
    aside = set_aside(path)
    store = Store(path)
    try:
        store.set_meta(meta)
        store.add(runs)
    finally:
        store.close()
    progress.note(text.translation(meta.get("language")).gettext(
        MESSAGES["store_repaired"], folder=folder, reason=reason, kept=len(runs), aside=aside.name))


def _store_readable(folder: Path) -> None:
    """Refuse to read a damaged store, saying what can be kept and how to rebuild the rest."""
    reason = store_damage(folder / STORE)
    if reason is not None:
        _, runs = salvage(folder / STORE)
        source = folder / "scenario.yaml"
        raise FolderError("store_damaged", folder=folder, reason=reason, kept=len(runs),
                          command=f"ambacht sweep {source} --out {folder} --resume")


def _same_sweep(folder: Path, meta: dict[str, Any]) -> bool:
    if not (folder / STORE).exists():
        return False
    store = Store(folder / STORE)
    try:
        old = store.meta()
    finally:
        store.close()
    now = json.loads(json.dumps(meta, default=str))
    return not old or all(old.get(k) == now.get(k) for k in IDENTITY)


def _wanted(results: list[dict[str, Any]], variants: list[Variant], replications: int) -> list[dict[str, Any]]:
    keys = {v.key for v in variants}
    return [r for r in results if r["key"] in keys and r["replication"] < replications]


def _summarised(loaded: LoadedScenario, name: str, folder: Path, variants: list[Variant], runs: list[dict[str, Any]],
                replications: int, seed: int, lang: str) -> SweepResult:
    table = metrics_table(runs) if runs else pd.DataFrame(columns=["key", "replication"])
    summaries, diagnoses = [], {}
    for v in variants:
        part = table[table["key"] == v.key].drop(columns=["key", "replication"])
        if part.empty:
            continue  # a partial sweep: no run of this variant finished
        summary = summarise(part)
        summaries.append(summary.reset_index().assign(key=v.key))
        diagnoses[v.key] = diagnose_scenario({k: float(x) for k, x in summary["mean"].items()}, v.loaded.scenario, lang)
    columns = ["key", "metric", "mean", "ci_low", "ci_high", "half_width", "n", "all_equal", "method"]
    summary_all = pd.concat(summaries, ignore_index=True)[columns] if summaries else pd.DataFrame(columns=columns)
    return SweepResult(name, folder, variants, replications, seed, summary_all, diagnoses, len(runs),
                       len(variants) * replications)


def _write(folder: Path, loaded: LoadedScenario, result: SweepResult, runs: list[dict[str, Any]], lang: str,
           excel: bool, provenance: dict[str, Any], vary: dict[str, list[Any]]) -> None:
    """Add the summary files to the sweep's folder (each file atomic; settings.json last)."""
    runs_table = metrics_table(runs) if runs else pd.DataFrame(columns=["key", "replication"])
    finished = set(result.summary["key"])  # a partial sweep shows only the variants with runs
    variants_frame = pd.DataFrame([{"key": v.key, **v.overrides} for v in result.variants if v.key in finished])
    with FolderWriter.into(folder) as writer:
        writer.table("replications", runs_table)
        writer.table("summary", result.summary, parquet=False)
        writer.table("variants", variants_frame, parquet=False)
        writer.json("diagnosis.json", result.diagnoses)
        extra = {"partial": True, "finished": result.finished, "total": result.total} if result.partial else {}
        writer.json("settings.json", {**settings(
            "sweep", loaded.scenario.name, loaded.content_hash, loaded.source, result.seed, result.replications, lang,
            sweep=result.name, vary=vary, variants=len(result.variants), excel=excel,
            horizon_h=loaded.scenario.experiment.horizon, warm_up_h=loaded.scenario.experiment.warm_up,
            time_base=time_base_statement(loaded.scenario.experiment.horizon - loaded.scenario.experiment.warm_up),
            **extra,
        ), "argv": provenance.get("argv", [])})
        writer.commit()
    if excel and len(result.summary):
        from analysis.reporting.export import (
            write_exports,  # draws on the charts' context (matplotlib)
        )

        write_exports(folder, lang)


def is_partial_sweep(folder: Path) -> bool:
    """A sweep folder whose runs are not all in (interrupted), or whose summary is out of date."""
    if not (folder / STORE).exists():
        return False
    try:
        current = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return bool(current.get("partial"))


def stored_language(folder: Path) -> str | None:
    """The language a sweep's folder was started in (from its store), if it has one."""
    if not (folder / STORE).exists():
        return None
    if store_damage(folder / STORE) is not None:
        return None  # told when the store is read (finish_partial_sweep)
    store = Store(folder / STORE)
    try:
        found = store.meta().get("language")
    finally:
        store.close()
    return found if isinstance(found, str) else None


def finish_partial_sweep(folder: Path) -> SweepResult:
    """Write the summary of what finished in an interrupted sweep's ``folder``, marked partial
    (settings.json: ``partial``, ``finished``, ``total``); the sweep's store is left as it is."""
    with folder_lock(folder):
        return _finish_partial_sweep(folder)


def _finish_partial_sweep(folder: Path) -> SweepResult:
    if foreign_entries(folder) or marker(folder) is None:
        raise FolderError("folder_not_ours", folder=folder)
    _store_readable(folder)
    store = Store(folder / STORE)
    try:
        meta = store.meta()
        runs = store.results()
    finally:
        store.close()
    if not meta or not (folder / "scenario.yaml").exists():
        raise FolderError("sweep_unreadable", folder=folder)
    loaded = load_scenario(folder / "scenario.yaml")
    provenance = marker(folder) or {}
    lang = meta.get("language") or loaded.scenario.language
    variants = grid(loaded, meta["vary"])
    n = int(meta["replications"])
    runs = _wanted(runs, variants, n)
    if not runs:
        raise FolderError("sweep_none_finished", folder=folder)
    result = _summarised(loaded, meta.get("sweep", "sweep"), folder, variants, runs, n, int(meta["seed"]), lang)
    _write(folder, loaded, result, runs, lang, bool(meta.get("excel")), provenance, meta["vary"])
    return result
