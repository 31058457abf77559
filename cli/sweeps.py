"""Commands over many scenario variants: sweep and target."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.console import Console
from rich.table import Table

from analysis.diagnosis import diagnose, scenario_context
from analysis.executors import make_executor
from analysis.experiment import execute, metrics_table, tasks_for
from analysis.files import write_atomic, write_text_atomic
from analysis.results import free_folder, settings
from analysis.stats import summarise
from analysis.sweeps import (
    Store,
    SweepError,
    Variant,
    grid,
    parse_requirement,
    parse_values,
    parse_vary,
)
from analysis.tables import label, number
from analysis.target import Candidate, search
from cli.common import LANG_OPTION, UserError, friendly, language, load
from cli.experiments import executor_options, labels_of
from cli.main import main
from cli.progress import progress


def _vary_of(loaded: Any, name: str | None, extra: tuple[str, ...]) -> list[tuple[str, dict[str, list[Any]], int | None]]:
    """(sweep name, path -> values, replications) for each sweep to run.

    ``--name`` picks a named sweep (``--vary`` adds to it); ``--vary`` alone is a sweep of its
    own; neither runs every sweep the scenario names.
    """
    try:
        added = parse_vary(extra)
        named = loaded.scenario.experiment.sweeps
        if name is not None and name not in named:
            raise UserError(f"no sweep named '{name}' in the scenario; named sweeps: {', '.join(named) or '-'}")
        if name is None and added:
            return [("sweep", added, None)]
        chosen = [name] if name else list(named)
        if not chosen:
            raise UserError("nothing to sweep: name a sweep in the scenario (experiment.sweeps) or give --vary PATH=VALUES")
        return [(n, {**{p: parse_values(v) for p, v in named[n].vary.items()}, **added}, named[n].replications) for n in chosen]
    except SweepError as error:
        raise UserError(str(error)) from None


def _prepare_folder(folder: Path, resume: bool, force: bool, meta: dict[str, Any]) -> tuple[Path, Store]:
    if folder.exists() and (folder / "sweep.sqlite").exists():
        if resume:
            store = Store(folder / "sweep.sqlite")
            old = store.meta()
            if old and json.loads(json.dumps(meta, default=str)) != old:
                store.close()
                raise UserError(f"{folder} holds another sweep (different scenario, seed, values or replications); "
                                "use another --out, or --force to start again")
            store.set_meta(meta)
            return folder, store
        if force:
            shutil.rmtree(folder)
        else:
            folder = free_folder(folder, False)
    elif folder.exists() and any(folder.iterdir()) and not force:
        folder = free_folder(folder, False)
    elif folder.exists() and force:
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(folder / "sweep.sqlite")
    store.set_meta(meta)
    return folder, store


def _write_table(folder: Path, name: str, frame: pd.DataFrame, excel: bool, parquet: bool = True) -> None:
    if excel:
        write_atomic(folder / f"{name}.csv", lambda p: frame.to_csv(p, index=False, sep=";", decimal=","))
    else:
        write_atomic(folder / f"{name}.csv", lambda p: frame.to_csv(p, index=False))
    if parquet:
        write_atomic(folder / f"{name}.parquet", lambda p: frame.to_parquet(p, index=False))


def run_sweep(loaded: Any, sweep_name: str, vary: dict[str, list[Any]], replications: int, folder: Path,
              resume: bool, force: bool, workers: int, scheduler: str | None, excel: bool, quiet: bool,
              lang: str) -> tuple[Path, pd.DataFrame, list[Variant]]:
    seed = loaded.scenario.experiment.seed
    variants = grid(loaded, vary)
    meta = {"scenario_hash": loaded.content_hash, "seed": seed, "vary": vary, "replications": replications}
    folder, store = _prepare_folder(folder, resume, force, meta)
    try:
        done = store.done()
        tasks = [t for v in variants for t in tasks_for(v.loaded, replications, seed, v.key, series=False)
                 if (t.key, t.replication) not in done]
        if tasks:
            executor = make_executor(workers, scheduler)
            try:
                with progress(len(tasks), f"{sweep_name}: runs", quiet) as advance:
                    def stored(batch: list[dict[str, Any]]) -> None:
                        store.add(batch)  # every finished batch is on disk before the next
                        advance(len(batch))

                    execute(executor, tasks, stored)
            finally:
                executor.close()
        wanted = {v.key for v in variants}
        results = [r for r in store.results() if r["key"] in wanted and r["replication"] < replications]
    finally:
        store.close()
    table = metrics_table(results)
    variants_frame = pd.DataFrame([{"key": v.key, **v.overrides} for v in variants])
    summaries, diagnoses = [], {}
    names = labels_of(loaded.scenario, lang)
    for v in variants:
        part = table[table["key"] == v.key].drop(columns=["key", "replication"])
        summary = summarise(part)
        summaries.append(summary.reset_index().assign(key=v.key))
        diagnoses[v.key] = diagnose({k: float(x) for k, x in summary["mean"].items()}, labels=names,
                                    **scenario_context(v.loaded.scenario)).to_dict()
    summary_all = pd.concat(summaries, ignore_index=True)[["key", "metric", "mean", "ci_low", "ci_high", "half_width", "n"]]
    _write_table(folder, "replications", table, excel)
    _write_table(folder, "summary", summary_all, excel, parquet=False)
    _write_table(folder, "variants", variants_frame, excel, parquet=False)
    write_text_atomic(folder / "diagnosis.json", json.dumps(diagnoses, indent=2, ensure_ascii=False))
    write_text_atomic(folder / "settings.json", json.dumps(settings(
        "sweep", loaded.scenario.name, loaded.content_hash, loaded.source, seed, replications, lang,
        sweep=sweep_name, vary=vary, variants=len(variants), excel=excel,
        horizon_h=loaded.scenario.experiment.horizon, warm_up_h=loaded.scenario.experiment.warm_up,
    ), indent=2, ensure_ascii=False, default=str))
    source = Path(loaded.source)
    if source.exists():
        write_atomic(folder / "scenario.yaml", lambda p: p.write_bytes(source.read_bytes()))
    return folder, summary_all, variants


def _shown_metrics(summary: pd.DataFrame) -> list[str]:
    metrics = list(dict.fromkeys(summary["metric"]))
    picked = [m for m in metrics if m.endswith(".on_time_share") or m.endswith(".lead_time_p95")]
    picked += [m for m in ("shop.fill_rate", "impact.hours_lost_to_missing_supervision", "economics.net_result") if m in metrics]
    return picked[:5]


def print_sweep(summary: pd.DataFrame, variants: list[Variant], lang: str, title: str) -> None:
    shown = _shown_metrics(summary)
    table = Table(title=title, title_justify="left")
    paths = list(variants[0].overrides) if variants else []
    for path in paths:
        table.add_column(path)
    for metric in shown:
        table.add_column(label(metric, lang), justify="right")
    indexed = summary.set_index(["key", "metric"])
    for v in variants:
        cells = [str(v.overrides[p]) for p in paths]
        for metric in shown:
            row = indexed.loc[(v.key, metric)]
            ci = "" if row["n"] < 2 or row["ci_low"] != row["ci_low"] else f" ({number(row['ci_low'], lang)}–{number(row['ci_high'], lang)})"
            cells.append(number(row["mean"], lang) + ci)
        table.add_row(*cells)
    Console().print(table)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--name", help="Run only this named sweep of the scenario (default: all of them).")
@click.option("--vary", multiple=True, metavar="PATH=VALUES",
              help="Vary a parameter by its path: a list '2,4,6', a range '2..8' or '0.5..1 step 0.1'. Repeatable.")
@click.option("--replications", "-n", type=click.IntRange(1, 100_000), help="Replications per variant.")
@click.option("--out", type=click.Path(file_okay=False), help="Results folder (default: results/<scenario>-<sweep>).")
@click.option("--resume", is_flag=True, help="Continue an interrupted sweep in --out: finished runs are kept.")
@click.option("--force", is_flag=True, help="Start again, replacing an existing results folder.")
@click.option("--excel", is_flag=True, help="CSV for Dutch spreadsheets: ';' separator and decimal comma.")
@click.option("--report", is_flag=True, help="Also write the HTML report into the results folder.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@executor_options
@LANG_OPTION
@friendly
def sweep(file: str, name: str | None, vary: tuple[str, ...], replications: int | None, out: str | None,
          resume: bool, force: bool, excel: bool, report: bool, quiet: bool, workers: int, scheduler: str | None,
          lang: str | None) -> None:
    """Run the sweeps named in FILE (and --vary): every combination x replications, resumable."""
    loaded = load(file, lang)
    lang = language(lang, loaded)
    sweeps = _vary_of(loaded, name, vary)
    for sweep_name, values, sweep_replications in sweeps:
        n = replications or sweep_replications or loaded.scenario.experiment.replications
        base = Path(out) if out else Path("results") / f"{Path(file).stem}-{sweep_name}"
        folder = base / sweep_name if out and len(sweeps) > 1 else base
        folder, summary, variants = run_sweep(loaded, sweep_name, values, n, folder, resume, force, workers,
                                              scheduler, excel, quiet, lang)
        print_sweep(summary, variants, lang, f"{loaded.scenario.name} — {sweep_name}: {len(variants)} × {n}")
        if report:
            from analysis.report import write_report

            write_report(folder, lang)
        click.echo(f"{'results in' if lang == 'en' else 'resultaten in'} {folder}/")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--vary", multiple=True, metavar="PATH=VALUES", help="The staffing options to search, as for sweep.")
@click.option("--name", help="Take the options from this named sweep of the scenario.")
@click.option("--require", "require", required=True, metavar="'METRIC >= VALUE'",
              help="The service target, e.g. 'contracts.textiel.on_time_share >= 0.95'.")
@click.option("--minimise", "--minimize", "minimise", default="economics.staff_cost", show_default=True,
              help="The metric to keep as low as possible.")
@click.option("--initial", type=click.IntRange(2, 1000), default=10, show_default=True, help="First replications per option.")
@click.option("--max-replications", type=click.IntRange(2, 10_000), default=80, show_default=True,
              help="Most replications spent on one option near the threshold.")
@click.option("--confidence", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True)
@click.option("--out", type=click.Path(file_okay=False), help="Write the frontier and runs here.")
@click.option("--force", is_flag=True, help="Replace an existing results folder.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@executor_options
@LANG_OPTION
@friendly
def target(file: str, vary: tuple[str, ...], name: str | None, require: str, minimise: str, initial: int,
           max_replications: int, confidence: float, out: str | None, force: bool, quiet: bool, workers: int,
           scheduler: str | None, lang: str | None) -> None:
    """Find the cheapest option that meets a requirement with the stated confidence."""
    loaded = load(file, lang)
    lang = language(lang, loaded)
    try:
        requirement = parse_requirement(require)
    except SweepError as error:
        raise UserError(str(error)) from None
    values = _vary_of(loaded, name, vary)[0][1]
    variants = grid(loaded, values)
    candidates = [Candidate(v) for v in variants]
    seed = loaded.scenario.experiment.seed
    executor = make_executor(workers, scheduler)
    all_results: list[dict[str, Any]] = []

    def run_more(group: list[Candidate], n: int) -> None:
        tasks = [t for c in group for t in tasks_for(c.variant.loaded, n, seed, c.variant.key, False, first=len(c.runs))]
        with progress(len(tasks), "runs", quiet) as advance:
            results = execute(executor, tasks, lambda b: advance(len(b)))
        all_results.extend(results)
        by_key = {c.variant.key: c for c in group}
        for r in results:
            by_key[r["key"]].runs.append(r["metrics"])

    try:
        result = search(candidates, requirement, minimise, run_more, initial, max_replications, confidence)
    except KeyError as error:
        raise UserError(f"{error.args[0]!r} is not a metric of this scenario (see 'ambacht run FILE --format json')") from None
    finally:
        executor.close()
    frontier = pd.DataFrame(result.frontier())
    table = Table(title=f"{requirement}  ({'minimise' if lang == 'en' else 'minimaliseer'} {minimise})", title_justify="left")
    for column in [*values, "cost", "metric_mean", "metric_lower_bound" if requirement.at_least else "metric_upper_bound", "replications", "verdict"]:
        table.add_column(column)
    for row in frontier.to_dict("records"):
        style = "bold green" if row["chosen"] else None
        bound = row["metric_lower_bound"] if requirement.at_least else row["metric_upper_bound"]
        table.add_row(*[str(row[p]) for p in values], number(row["cost"], lang), number(row["metric_mean"], lang),
                      number(bound, lang), str(row["replications"]), row["verdict"], style=style)
    Console().print(table)
    pct = f"{confidence:.0%}"
    if result.best is None:
        click.echo("No option meets the requirement with " + pct + " confidence." if lang == "en"
                   else "Geen optie haalt de eis met " + pct + " zekerheid.")
    else:
        best = result.best
        low, high = best.bounds(requirement.metric, confidence)
        bound = low if requirement.at_least else high
        settings_text = ", ".join(f"{k} = {v}" for k, v in best.variant.overrides.items())
        unsure = [r for r in frontier.to_dict("records") if r["verdict"] == "unsure" and r["cost"] < best.mean(minimise)]
        if lang == "nl":
            click.echo(f"Goedkoopste optie: {settings_text} (kosten {number(best.mean(minimise), lang)}); "
                       f"{requirement.metric} gemiddeld {number(best.mean(requirement.metric), lang)}, met {pct} zekerheid "
                       f"{'minstens' if requirement.at_least else 'hoogstens'} {number(bound, lang)} over {len(best.runs)} replicaties.")
            if unsure:
                click.echo(f"Onzeker gebleven na {max_replications} replicaties: {len(unsure)} goedkopere optie(s).")
        else:
            click.echo(f"Cheapest option: {settings_text} (cost {number(best.mean(minimise), lang)}); "
                       f"{requirement.metric} mean {number(best.mean(requirement.metric), lang)}, with {pct} confidence "
                       f"{'at least' if requirement.at_least else 'at most'} {number(bound, lang)} over {len(best.runs)} replications.")
            if unsure:
                click.echo(f"Still unsure after {max_replications} replications: {len(unsure)} cheaper option(s).")
    if out:
        folder = free_folder(Path(out), force)
        if folder.exists() and force:
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        _write_table(folder, "frontier", frontier, False, parquet=False)
        _write_table(folder, "replications", metrics_table(sorted(all_results, key=lambda r: (r["key"], r["replication"]))), False)
        write_text_atomic(folder / "settings.json", json.dumps(settings(
            "target", loaded.scenario.name, loaded.content_hash, loaded.source, seed, initial, lang,
            requirement=str(requirement), minimise=minimise, confidence=confidence, vary=values,
            chosen=result.best.variant.overrides if result.best else None), indent=2, default=str))
        click.echo(f"{'results in' if lang == 'en' else 'resultaten in'} {folder}/")
