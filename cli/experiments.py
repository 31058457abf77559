"""Commands that run experiments: run, compare, warmup (sweep and target in cli/sweeps.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from analysis.diagnosis import diagnose, scenario_context
from analysis.executors import make_executor
from analysis.experiment import (
    execute,
    lead_time_table,
    mass_balance_table,
    metrics_table,
    series_table,
    tasks_for,
)
from analysis.results import FolderWriter, settings
from analysis.stats import mser5, paired_difference, summarise
from analysis.tables import label, number, summary_rows
from cli.common import LANG_OPTION, UserError, friendly, language, load
from cli.main import main
from cli.progress import progress
from sim.scenario.base import label_text

EXECUTOR_OPTIONS = [
    click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
                 help="Local worker processes."),
    click.option("--scheduler", metavar="ADDRESS",
                 help="Run on an existing Dask cluster: tcp://HOST:PORT (no authentication) or tls://HOST:PORT."),
]


def executor_options(f: Any) -> Any:
    for option in reversed(EXECUTOR_OPTIONS):
        f = option(f)
    return f


def labels_of(scenario: Any, lang: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for collection in (scenario.materials, scenario.steps, scenario.workforce, scenario.products, scenario.target_groups):
        for key, item in collection.items():
            names[key] = label_text(getattr(item, "name", None), lang, key)
    for key, contract in scenario.market.contracts.items():
        names[key] = contract.partner or key
    return names


def run_experiment(loaded: Any, replications: int, seed: int | None, workers: int, scheduler: str | None,
                   quiet: bool) -> list[dict[str, Any]]:
    tasks = tasks_for(loaded, replications, seed)
    executor = make_executor(workers, scheduler)
    try:
        with progress(len(tasks), "replications", quiet) as advance:
            return execute(executor, tasks, lambda batch: advance(len(batch)))
    finally:
        executor.close()


def write_results(out: Path, force: bool, loaded: Any, results: list[dict[str, Any]], lang: str, command: str,
                  seed: int, summary: Any, diagnosis: dict[str, Any], excel: bool = False, **extra: Any) -> Path:
    writer = FolderWriter(out, force)
    try:
        table = metrics_table(results)
        writer.table("replications", table, excel)
        summary_out = summary.reset_index()
        writer.table("summary", summary_out, excel, parquet=False)
        series_table(results).to_parquet(writer.path("series.parquet"), index=False)
        writer.table("lead_times", lead_time_table(results), excel, parquet=False)
        writer.table("mass_balance", mass_balance_table(results), excel, parquet=False)
        writer.json("diagnosis.json", diagnosis)
        writer.json("settings.json", settings(command, loaded.scenario.name, loaded.content_hash, loaded.source, seed,
                                              len({r["replication"] for r in results}), lang, excel=excel, **extra))
        source = Path(loaded.source)
        if source.exists():
            (writer.path("scenario.yaml")).write_bytes(source.read_bytes())
        return writer.commit()
    except BaseException:
        writer.abandon()
        raise


def print_summary(title: str, rows: list[tuple[str, str, str]], lang: str, diagnosis_text: str) -> None:
    console = Console()
    table = Table(title=title, title_justify="left")
    table.add_column("metric" if lang == "en" else "maat")
    table.add_column("mean" if lang == "en" else "gemiddelde", justify="right")
    table.add_column("95% interval" if lang == "en" else "95%-interval", justify="right")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(diagnosis_text)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--replications", "-n", type=click.IntRange(1, 100_000), help="Replications (default: the scenario's).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="Seed (default: the scenario's).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="A readable table, or JSON with every metric.")
@click.option("--out", type=click.Path(file_okay=False), help="Write the results folder here.")
@click.option("--force", is_flag=True, help="Replace an existing results folder instead of making a new one.")
@click.option("--excel", is_flag=True, help="CSV for Dutch spreadsheets: ';' separator and decimal comma.")
@click.option("--report", is_flag=True, help="Also write the HTML report into the results folder (needs --out).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@executor_options
@LANG_OPTION
@friendly
def run(file: str, replications: int | None, seed: int | None, fmt: str, out: str | None, force: bool,
        excel: bool, report: bool, quiet: bool, workers: int, scheduler: str | None, lang: str | None) -> None:
    """Simulate the scenario FILE: metrics with 95% confidence intervals and the triad diagnosis."""
    loaded = load(file, lang)
    lang = language(lang, loaded)
    scenario = loaded.scenario
    n = replications or scenario.experiment.replications
    seed = scenario.experiment.seed if seed is None else seed
    results = run_experiment(loaded, n, seed, workers, scheduler, quiet or fmt == "json")
    table = metrics_table(results).drop(columns=["key", "replication"])
    summary = summarise(table)
    means = {k: float(v) for k, v in summary["mean"].items()}
    diagnosis = diagnose(means, labels=labels_of(scenario, lang), **scenario_context(scenario)).to_dict()
    warn = warm_up_warning(results, scenario, lang)
    if fmt == "json":
        click.echo(json.dumps({
            "scenario": scenario.name, "scenario_hash": loaded.content_hash, "seed": seed, "replications": n,
            "version": results[0]["version"],
            "metrics": {m: {"mean": _finite(r["mean"]), "ci_low": _finite(r["ci_low"]), "ci_high": _finite(r["ci_high"]), "n": int(r["n"])}
                        for m, r in summary.iterrows()},
            "runs": [{"replication": r["replication"], "metrics": r["metrics"]} for r in results],
            "diagnosis": diagnosis,
        }, indent=2, ensure_ascii=False))
    else:
        title = f"{scenario.name} — {n} {'replications' if lang == 'en' else 'replicaties'}, seed {seed}, hash {loaded.content_hash}"
        channels = tuple(c for c in ("shop", "online") if getattr(scenario.market, c) is not None)
        print_summary(title, summary_rows(summary, lang, labels_of(scenario, lang), channels), lang, diagnosis["text"][lang])
    if warn:
        click.echo(warn, err=True)
    if out:
        folder = write_results(Path(out), force, loaded, results, lang, "run", seed, summary, {"": diagnosis}, excel,
                               horizon_h=scenario.experiment.horizon, warm_up_h=scenario.experiment.warm_up)
        report_path = None
        if report:
            from analysis.report import write_report

            report_path = write_report(folder, lang)
        if fmt != "json":
            click.echo(f"{'results in' if lang == 'en' else 'resultaten in'} {folder}/")
            if report_path is not None:
                click.echo(f"{'report' if lang == 'en' else 'rapport'}: {report_path}")
    elif report:
        raise UserError("--report needs --out DIR")


def _finite(value: float) -> float | None:
    return None if value != value or value in (float("inf"), float("-inf")) else float(value)


def warm_up_warning(results: list[dict[str, Any]], scenario: Any, lang: str) -> str:
    """MSER-5 on the total queue series: warn when the warm-up looks too short."""
    needed = suggested_warm_up(results)
    if needed is None or needed <= scenario.experiment.warm_up * 1.05 or needed < 24:
        return ""
    if lang == "nl":
        return f"let op: de wachtrijen zijn na de inloopperiode nog niet stabiel (te korte inloop, of ze blijven groeien); MSER-5 stelt {number(needed / 24, lang)} dagen voor (nu {number(scenario.experiment.warm_up / 24, lang)})"
    return f"warning: the queues have not settled by the end of the warm-up (too short, or they keep growing); MSER-5 suggests {number(needed / 24, lang)} days (now {number(scenario.experiment.warm_up / 24, lang)})"


def suggested_warm_up(results: list[dict[str, Any]]) -> float | None:
    """Warm-up (hours) suggested by MSER-5 on the mean over replications of the total queue."""
    import numpy as np

    curves = []
    times = None
    for r in results:
        series = r.get("series") or {}
        queues = [np.asarray(v) for k, v in series.items() if k.startswith("queue.")]
        if not queues:
            continue
        times = np.asarray(series["time"])
        curves.append(np.sum(queues, axis=0))
    if not curves or times is None:
        return None
    cut = mser5(np.mean(curves, axis=0))
    return float(times[min(cut, len(times) - 1)])


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--replications", "-n", type=click.IntRange(1, 10_000), help="Replications (default: the scenario's).")
@LANG_OPTION
@friendly
def warmup(file: str, replications: int | None, lang: str | None) -> None:
    """Check the scenario's warm-up with MSER-5 on the sampled queues."""
    loaded = load(file, lang)
    lang = language(lang, loaded)
    exp = loaded.scenario.experiment
    results = run_experiment(loaded, replications or min(exp.replications, 10), None, 1, None, False)
    needed = suggested_warm_up(results) or 0.0
    verdict = needed <= exp.warm_up * 1.05 or needed < 24
    if lang == "nl":
        click.echo(f"MSER-5 stelt een inloopperiode van {number(needed / 24, lang)} dagen voor; het scenario gebruikt {number(exp.warm_up / 24, lang)} dagen: {'voldoende' if verdict else 'te kort'}.")
    else:
        click.echo(f"MSER-5 suggests a warm-up of {number(needed / 24, lang)} days; the scenario uses {number(exp.warm_up / 24, lang)} days: {'enough' if verdict else 'too short'}.")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--replications", "-n", type=click.IntRange(2, 100_000), help="Replications per scenario (default: the first scenario's).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="Seed shared by all scenarios (default: the first scenario's).")
@click.option("--out", type=click.Path(file_okay=False), help="Write the results folder here.")
@click.option("--force", is_flag=True, help="Replace an existing results folder.")
@click.option("--excel", is_flag=True, help="CSV for Dutch spreadsheets.")
@click.option("--report", is_flag=True, help="Also write the HTML report (needs --out).")
@click.option("--all-metrics", is_flag=True, help="Show every metric, not only the headline ones.")
@click.option("--vary", metavar="PATH=VALUES",
              help="Compare variants of one FILE instead: e.g. workforce.deelnemers.people=4,6 (the first value is A).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@executor_options
@LANG_OPTION
@friendly
def compare(files: tuple[str, ...], replications: int | None, seed: int | None, out: str | None, force: bool,
            excel: bool, report: bool, all_metrics: bool, vary: str | None, quiet: bool, workers: int,
            scheduler: str | None, lang: str | None) -> None:
    """Compare scenarios with common random numbers: paired differences against the first FILE."""
    if vary:
        from analysis.sweeps import SweepError, grid, parse_vary

        if len(files) != 1:
            raise UserError("--vary compares variants of one scenario file: give one FILE")
        try:
            variants = grid(load(files[0], lang), parse_vary([vary]))
        except SweepError as error:
            raise UserError(str(error)) from None
        if len(variants) < 2:
            raise UserError("--vary needs at least two values to compare")
        loaded = [v.loaded for v in variants]
        files = tuple(f"{files[0]} [{', '.join(f'{k}={x}' for k, x in v.overrides.items())}]" for v in variants)
        keys = [f"{i}:{', '.join(f'{k}={x}' for k, x in v.overrides.items())}" for i, v in enumerate(variants)]
    else:
        if len(files) < 2:
            raise UserError("compare needs at least two scenario files (or one file and --vary)")
        loaded = [load(f, lang) for f in files]
    lang = language(lang, loaded[0])
    n = replications or max(2, loaded[0].scenario.experiment.replications)
    seed = loaded[0].scenario.experiment.seed if seed is None else seed
    if not vary:
        keys = [f"{i}:{Path(f).stem}" for i, f in enumerate(files)]
    tasks = [t for key, ls in zip(keys, loaded, strict=True) for t in tasks_for(ls, n, seed, key)]
    executor = make_executor(workers, scheduler)
    try:
        with progress(len(tasks), "runs", quiet) as advance:
            results = execute(executor, tasks, lambda b: advance(len(b)))
    finally:
        executor.close()
    table = metrics_table(results)
    base = table[table["key"] == keys[0]].drop(columns=["key", "replication"]).reset_index(drop=True)
    console = Console()
    diagnoses = {}
    summaries = []
    for key, ls in zip(keys, loaded, strict=True):
        part = table[table["key"] == key].drop(columns=["key", "replication"]).reset_index(drop=True)
        summary = summarise(part)
        summaries.append(summary.assign(key=key).reset_index())
        diagnoses[key] = diagnose({k: float(v) for k, v in summary["mean"].items()}, labels=labels_of(ls.scenario, lang),
                                  **scenario_context(ls.scenario)).to_dict()
        if key == keys[0]:
            continue
        diff = paired_difference(base, part)
        shown = diff if all_metrics else diff.loc[_headline(diff.index)]
        t = Table(title=escape(f"A = {files[0]}\nB = {files[int(key.split(':')[0])]}"), title_justify="left")
        for col in (("metric", "maat"), ("A", "A"), ("B", "B"), ("B − A", "B − A"), ("95% interval", "95%-interval"), ("real?", "echt?")):
            t.add_column(col[0] if lang == "en" else col[1], justify="left" if col[0] == "metric" else "right")
        for metric, row in shown.iterrows():
            real = ("yes" if lang == "en" else "ja") if row["significant"] else ("no" if lang == "en" else "nee")
            t.add_row(label(metric, lang, labels_of(ls.scenario, lang)), number(row["a"], lang), number(row["b"], lang), number(row["difference"], lang),
                      f"{number(row['ci_low'], lang)} – {number(row['ci_high'], lang)}", real)
        console.print(t)
    for key in keys:
        console.print(escape(f"{key}: {diagnoses[key]['text'][lang]}"))
    if out:
        import pandas as pd

        summary_all = pd.concat(summaries, ignore_index=True).set_index("metric")
        folder = write_results(Path(out), force, loaded[0], results, lang, "compare", seed, summary_all, diagnoses, excel,
                               scenarios=[{"key": k, "file": f, "hash": ls.content_hash} for k, f, ls in zip(keys, files, loaded, strict=True)])
        if report:
            from analysis.report import write_report

            write_report(folder, lang)
        click.echo(f"{'results in' if lang == 'en' else 'resultaten in'} {folder}/")


def _headline(index: Any) -> list[str]:
    from analysis.tables import headline

    return headline(list(index))
