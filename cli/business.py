"""``ambacht businesscase``: the business case over years, who pays and who gains."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from analysis.economics.business_case import START_KINDS
from analysis.reporting.business_report import answer, caveat_texts, key_figures, study
from analysis.results.files import json_text
from cli.common import (
    FORCE_OPTION,
    LANG_OPTION,
    QUIET_OPTION,
    SEED_OPTION,
    UserError,
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


@main.command(help=N_("The business case of FILE over its years: who pays, who gains, from "
                      "which year.\n\nFILE needs a 'business_case' section (years, "
                      "stakeholders, investments, grants, phases)."))
@click.argument("file", type=click.Path())
@click.option("--replications", "-n", type=click.IntRange(1, 10_000), help=N_("Replications, each a run over all the years (default: the scenario's)."))
@SEED_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=N_("A readable answer and table, or JSON with the ledger and every figure."))
@click.option("--start", type=click.Choice(list(START_KINDS)),
              help=N_("How the years start: a new centre that opens empty, one already running, or the "
                      "scenario's start_state (default: the scenario's experiment.start, else opening)."))
@click.option("--out", type=click.Path(file_okay=False), help=N_("Write the results folder (ledger, charts, page) here."))
@FORCE_OPTION
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def businesscase(file: str, replications: int | None, seed: int | None, fmt: str, start: str | None,
                 out: str | None, force: bool, quiet: bool, workers: int, scheduler: str | None,
                 lang: str | None) -> None:
    loaded = load(file, lang)
    lang = language(lang, loaded)
    _ = text.translation(lang).gettext
    if loaded.scenario.business_case is None:
        raise UserError(_("{file} has no 'business_case' section: add one with years, centre and stakeholders "
                          "(see docs/business-case.md)", file=file))
    with running(workers, scheduler, lang, quiet or fmt == "json", out, force) as (executor, bar):
        result, folder = study(loaded, replications, seed, executor, bar, Path(out) if out else None, force, lang,
                               start)
    if fmt == "json":
        click.echo(json_text(result.to_dict()))
        return
    console = terminal()
    heading = _("Business case: {scenario}", scenario=result.scenario)
    console.print(f"[bold]{heading}[/bold]")
    for sentence in answer(result, lang):
        console.print(sentence)
    for caveat in caveat_texts(result, lang):
        console.print(f"[yellow]{caveat}[/yellow]")
    figures = key_figures(result, lang)
    table = Table(title_justify="left")
    for i, column in enumerate(figures.columns):
        table.add_column(str(column), justify="left" if i == 0 else "right")
    for row in figures.itertuples(index=False):
        table.add_row(*[str(v) for v in row])
    show(table, console)  # the folder was named when the run began (cli.progress.Bar.folder)
