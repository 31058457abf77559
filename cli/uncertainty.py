"""``ambacht uncertainty`` (how sure is the answer) and ``ambacht centres`` (many side by side)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from analysis.centres import run_centres
from analysis.centres_report import table as centres_table
from analysis.centres_report import write_outputs as write_centres
from analysis.charts.context import Names
from analysis.executors import make_executor
from analysis.results import settings
from analysis.sweeps import Store, SweepError, parse_requirement
from analysis.uncertainty import run_uncertainty
from analysis.uncertainty_report import (
    answer,
    caveat_texts,
    inputs_table,
    outputs_table,
    write_outputs,
)
from cli.common import LANG_OPTION, UserError, friendly, language, load
from cli.main import main
from cli.progress import progress
from sim import text

STORE = "runs.sqlite"


def _print_frame(console: Console, frame: object) -> None:
    rich = Table(title_justify="left")
    for i, column in enumerate(frame.columns):  # type: ignore[attr-defined]
        rich.add_column(str(column), justify="left" if i == 0 else "right")
    for row in frame.itertuples(index=False):  # type: ignore[attr-defined]
        rich.add_row(*[str(v) for v in row])
    console.print(rich)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--samples", type=click.IntRange(2, 100_000), default=40, show_default=True,
              help="Samples of the uncertain inputs (Latin hypercube).")
@click.option("--replications", "-n", type=click.IntRange(1, 10_000), default=3, show_default=True,
              help="Replications per sample (common random numbers across samples).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="Seed (default: the scenario's).")
@click.option("--objective", metavar="METRIC", help="The metric the answer is about (default: the first contract's "
              "on-time share, else the net result).")
@click.option("--require", metavar="'METRIC >= VALUE'", help="The promise to check in every sample (default: the "
              "first contract's target share on time).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--out", type=click.Path(file_okay=False), help="Results folder: every finished run is kept there.")
@click.option("--resume", is_flag=True, help="Continue an interrupted study in --out.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True, help="Local worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on an existing Dask cluster: tcp://HOST:PORT.")
@LANG_OPTION
@friendly
def uncertainty(file: str, samples: int, replications: int, seed: int | None, objective: str | None,
                require: str | None, fmt: str, out: str | None, resume: bool, quiet: bool, workers: int,
                scheduler: str | None, lang: str | None) -> None:
    """How sure is the answer of FILE when its inputs are uncertain, and which input matters.

    Write the numbers you are unsure of as a range, e.g. 'rate: {range: [80 per week,
    100 per week, 130 per week]}' (low, likely, high) or 'absence: {range: [0.08, 0.12]}'.
    """
    loaded = load(file, lang)
    lang = language(lang, loaded)
    _ = text.translation(lang).gettext
    if not loaded.inputs:
        raise UserError(_("{file} has no uncertain inputs: write a number you are unsure of as a range, such as "
                          "'rate: {{range: [80 per week, 100 per week, 130 per week]}}'", file=file))
    try:
        requirement = parse_requirement(require) if require else None
    except SweepError as error:
        raise UserError(str(error)) from None
    seed = loaded.scenario.experiment.seed if seed is None else seed
    store = None
    folder = Path(out) if out else None
    if folder is not None:
        existing = folder / STORE
        if folder.exists() and any(folder.iterdir()) and not resume:
            raise UserError(_("{folder} exists; continue it with --resume, or choose another --out", folder=folder))
        if resume and not existing.exists():
            raise UserError(_("{folder} holds no study to resume", folder=folder))
        folder.mkdir(parents=True, exist_ok=True)
        store = Store(existing)
        meta = {"scenario_hash": loaded.content_hash, "samples": samples, "replications": replications, "seed": seed}
        if resume and store.meta() and store.meta() != meta:
            store.close()
            raise UserError(_("{folder} holds a study with other settings ({settings}); resume it with those",
                              folder=folder, settings=json.dumps(store.meta())))
        store.set_meta(meta)
        click.echo(_("writing to {folder}", folder=folder), err=True)
    executor = make_executor(workers, scheduler)
    done = len(store.done()) if store is not None else 0
    try:
        with progress(samples * replications - done, _("samples"), quiet) as advance:
            result = run_uncertainty(loaded, samples, replications, seed, executor, objective, requirement, store,
                                     lambda batch: advance(len(batch)))
    except KeyboardInterrupt:
        if folder is not None:
            click.echo(_("interrupted: what finished is kept; continue with: ambacht uncertainty {file} --samples "
                         "{samples} -n {n} --out {folder} --resume", file=file, samples=samples, n=replications,
                         folder=folder), err=True)
        raise SystemExit(130) from None
    finally:
        executor.close()
        if store is not None:
            store.close()
    if result.objective not in result.outputs:
        raise UserError(_("--objective {metric}: no such metric in the results", metric=result.objective))
    if folder is not None:
        write_outputs(result, folder, loaded.scenario, settings(
            "uncertainty", loaded.scenario.name, loaded.content_hash, loaded.source, seed, replications, lang,
            samples=samples))
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    names = Names(lang, loaded.scenario)
    console = Console()
    for sentence in answer(result, lang, names):
        console.print(sentence)
    for caveat in caveat_texts(result, lang):
        console.print(f"[yellow]{caveat}[/yellow]")
    _print_frame(console, outputs_table(result, lang, names))
    _print_frame(console, inputs_table(result, lang, names, paths=False))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--replications", "-n", type=click.IntRange(1, 10_000), default=5, show_default=True,
              help="Replications per centre.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--out", type=click.Path(file_okay=False), help="Write centres.json, centres.csv (and the report) here.")
@click.option("--report", is_flag=True, help="Also write the comparison chart and page (needs --out).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True, help="Local worker processes.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on an existing Dask cluster: tcp://HOST:PORT.")
@LANG_OPTION
@friendly
def centres(files: tuple[str, ...], replications: int, fmt: str, out: str | None, report: bool, quiet: bool,
            workers: int, scheduler: str | None, lang: str | None) -> None:
    """Many centres (scenario FILES) side by side, with the sector's published figures."""
    loaded = [load(f, lang) for f in files]
    lang = language(lang, loaded[0])
    _ = text.translation(lang).gettext
    if report and not out:
        raise UserError(_("--report needs --out: the folder to write the chart and page into"))
    executor = make_executor(workers, scheduler)
    try:
        with progress(len(loaded) * replications, _("centres"), quiet) as advance:
            result = run_centres(loaded, replications, executor, lambda batch: advance(len(batch)))
    finally:
        executor.close()
    if out:
        write_centres(result, Path(out), settings("centres", ", ".join(c.scenario.name for c in loaded), "",
                                                 ", ".join(files), 0, replications, lang), report)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_frame(Console(), centres_table(result, lang))
