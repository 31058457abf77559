"""``ambacht uncertainty`` (how sure is the answer) and ``ambacht centres`` (many side by side)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from analysis.experiments.centres import run_centres
from analysis.experiments.runner import Interrupted
from analysis.experiments.sweeps import SweepError, parse_requirement
from analysis.experiments.uncertainty import booked_only, simulated_inputs
from analysis.reporting.centres_report import table as centres_table
from analysis.reporting.centres_report import write_outputs as write_centres
from analysis.reporting.charts.context import Names
from analysis.reporting.uncertainty_report import (
    answer,
    caveat_texts,
    inputs_table,
    outputs_table,
    study,
)
from analysis.results.files import FolderError
from analysis.results.folder import settings
from cli.common import (
    FORCE_OPTION,
    LANG_OPTION,
    QUIET_OPTION,
    SEED_OPTION,
    UserError,
    exit_code,
    friendly,
    language,
    load,
    show,
    terminal,
)
from cli.main import main
from cli.options import executor_options, running
from sim import text
from sim.text import N_


def _print_frame(console: Console, frame: object) -> None:
    rich = Table(title_justify="left")
    for i, column in enumerate(frame.columns):  # type: ignore[attr-defined]
        rich.add_column(str(column), justify="left" if i == 0 else "right")
    for row in frame.itertuples(index=False):  # type: ignore[attr-defined]
        rich.add_row(*[str(v) for v in row])
    show(rich, console)


@main.command(help=N_("How sure is the answer of FILE when its inputs are uncertain, and which "
                      "input matters.\n\nWrite the numbers you are unsure of as a range, e.g. "
                      "'rate: {range: [80 per week, 100 per week, 130 per week]}' (low, likely, "
                      "high) or 'absence: {range: [0.08, 0.12]}'."))
@click.argument("file", type=click.Path())
@click.option("--samples", type=click.IntRange(2, 100_000), default=40, show_default=True,
              help=N_("Samples of the uncertain inputs (Latin hypercube)."))
@click.option("--replications", "-n", type=click.IntRange(1, 10_000), default=3, show_default=True,
              help=N_("Replications per sample (common random numbers across samples)."))
@SEED_OPTION
@click.option("--objective", metavar="METRIC", help=N_("The metric the answer is about (default: the file's "
              "'objective', else the first contract's on-time share, else the net result)."))
@click.option("--require", metavar="'METRIC >= VALUE'", help=N_("The promise to check in every sample (default: the "
              "target share on time of the objective's contract, else of the first contract)."))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--out", type=click.Path(file_okay=False), help=N_("Results folder: every finished run is kept there."))
@click.option("--resume", is_flag=True, help=N_("Continue an interrupted study in --out."))
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def uncertainty(file: str, samples: int, replications: int, seed: int | None, objective: str | None,
                require: str | None, fmt: str, out: str | None, resume: bool, quiet: bool, workers: int,
                scheduler: str | None, lang: str | None) -> None:
    loaded = load(file, lang)
    lang = language(lang, loaded)
    _ = text.translation(lang).gettext
    if not loaded.inputs:
        raise UserError(_("{file} has no uncertain inputs: write a number you are unsure of as a range, such as "
                          "'rate: {{range: [80 per week, 100 per week, 130 per week]}}'", file=file))
    if not simulated_inputs(loaded):
        raise UserError(_("{file}: its ranges ({inputs}) are booked only by 'ambacht businesscase' and change no run, "
                          "so there is nothing to sample here: run 'ambacht businesscase {file}', or write a number "
                          "the simulation uses as a range", file=file, inputs=", ".join(booked_only(loaded))))
    try:
        requirement = parse_requirement(require) if require else None
    except SweepError as error:
        raise UserError(error.render(lang)) from None
    again = (f"ambacht uncertainty {file} --samples {samples} -n {replications}"
             + (f" --seed {seed}" if seed is not None else "") + f" --out {out} --resume")
    with running(workers, scheduler, lang, quiet or fmt == "json", out) as (executor, bar):
        try:
            result = study(loaded, samples, replications, seed, executor, bar, Path(out) if out else None, resume,
                           objective, requirement, lang)
        except FolderError as error:
            raise UserError(error.render(lang) + "\n" + _("continue it with: {command}", command=again)) from None
        except Interrupted as stop:
            if stop.folder is not None:
                click.echo(_("stopped after {finished} of {total} runs; they are kept in {folder}. Continue with: "
                             "{command}", finished=stop.finished, total=stop.total, folder=stop.folder,
                             command=again), err=True)
            else:
                click.echo(_("stopped; nothing was kept (use --out to keep finished runs)"), err=True)
            sys.exit(exit_code(stop.signum))
    if result.objective not in result.outputs:
        raise UserError(_("--objective {metric}: no such metric in the results", metric=result.objective))
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    names = Names(lang, loaded.scenario)
    console = terminal()
    for sentence in answer(result, lang, names):
        console.print(sentence)
    for caveat in caveat_texts(result, lang):
        console.print(f"[yellow]{caveat}[/yellow]")
    _print_frame(console, outputs_table(result, lang, names))
    _print_frame(console, inputs_table(result, lang, names, paths=False))
    if out:
        click.echo(_("results in {folder}", folder=out))


@main.command(help=N_("Many centres (scenario FILES) side by side, with the sector's published "
                      "figures."))
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--replications", "-n", type=click.IntRange(1, 10_000), default=5, show_default=True,
              help=N_("Replications per centre."))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--out", type=click.Path(file_okay=False), help=N_("Write centres.json, centres.csv (and the report) here."))
@click.option("--report", is_flag=True, help=N_("Also write the comparison chart and page (needs --out)."))
@FORCE_OPTION
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def centres(files: tuple[str, ...], replications: int, fmt: str, out: str | None, report: bool, force: bool,
            quiet: bool,
            workers: int, scheduler: str | None, lang: str | None) -> None:
    loaded = [load(f, lang) for f in files]
    lang = language(lang, loaded[0])
    _ = text.translation(lang).gettext
    if report and not out:
        raise UserError(_("--report needs --out: the folder to write the chart and page into"))
    with running(workers, scheduler, lang, quiet or fmt == "json") as (executor, bar):
        result = run_centres(loaded, replications, executor, bar, _("centres"))
    folder = None
    if out:
        folder = write_centres(result, Path(out), settings("centres", ", ".join(c.scenario.name for c in loaded), "",
                                                          ", ".join(files), 0, replications, lang), report, force)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    _print_frame(terminal(), centres_table(result, lang))
    if folder is not None:
        click.echo(_("results in {folder}", folder=folder))
