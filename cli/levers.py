"""``ambacht levers FILE``: what each lever of the triad buys, measured by paired experiments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.common import (
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
from cli.options import executor_options
from sim import text
from sim.text import N_


@main.command(help=N_("Measure what each lever (more inflow, a person, a supervisor, a work "
                      "place, demand, stock for a partner ...) buys in the objective, with "
                      "common random numbers; name the binding leg."))
@click.argument("file", type=click.Path())
@click.option("--replications", "-n", type=click.IntRange(2, 1000),
              help=N_("Most replications per lever (default: the scenario's); every lever starts with 2."))
@click.option("--objective", metavar="METRIC",
              help=N_("The metric to improve, e.g. contracts.atelier.on_time_share (default: the file's "
                   "'objective', else economics.net_result)."))
@SEED_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=N_("A readable table, or JSON."))
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def levers(file: str, replications: int | None, objective: str | None, seed: int | None, fmt: str, quiet: bool,
           workers: int, scheduler: str | None, lang: str | None) -> None:
    from analysis.experiments.executors import make_executor
    from analysis.experiments.levers import ObjectiveError, study
    from analysis.reporting import verdict
    from analysis.reporting.metric_text import owner_names

    loaded = load(file, lang)
    lang = language(lang, loaded)
    executor = make_executor(workers, scheduler)
    try:
        with _progress(quiet or fmt == "json") as report:
            result = study(loaded, objective, replications, executor, seed, on_runs=report)
    except ObjectiveError as error:
        raise UserError(_unknown_objective(str(error.args[0]), file, lang)) from None
    finally:
        executor.close()
    names = owner_names(loaded.scenario, lang)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(lang), indent=2, ensure_ascii=False))
        return
    console = terminal()
    show(_table(result, lang, names), console)
    console.print(escape(verdict.text(result, lang, names, file=file)), soft_wrap=True)
    if result.skipped:
        console.print(escape(verdict.not_tried(lang) + " " + "; ".join(s.label(lang) for s in result.skipped)),
                      soft_wrap=True)
    console.print(verdict.closing(result, lang))


def measure_for_report(folder: Path, replications: int | None, workers: int, scheduler: str | None,
                       quiet: bool) -> None:
    """Measure the levers of a results folder's scenario for its report (levers.json), unless done."""
    from analysis.experiments.executors import make_executor
    from analysis.experiments.levers import measure_folder

    if (folder / "levers.json").exists():
        return
    executor = make_executor(workers, scheduler)
    try:
        with _progress(quiet) as report:
            measure_folder(folder, executor, replications, on_runs=report)
    finally:
        executor.close()


def _table(result: Any, lang: str, names: dict[str, str]) -> Table:
    from analysis.reporting import verdict
    from analysis.reporting.metric_text import label

    metrics = list(dict.fromkeys([result.objective, "impact.kg_reused", "impact.participant_hours", "economics.net_result"]))
    tr = text.translation(lang)
    table = Table(title=escape(tr.gettext("Levers") + " — " + label(result.objective, lang, names)),
                  title_justify="left")
    table.add_column(tr.pgettext("leg of the triad", "leg"))
    table.add_column(tr.gettext("lever"))
    table.add_column(label("levers.<id>.cost_per_year", lang).split(": ", 1)[1], justify="right")
    table.add_column("n", justify="right")
    for metric in metrics:
        table.add_column(escape(label(metric, lang, names)), justify="right")
    for x in result.levers:
        cells = []
        for metric in metrics:
            e = verdict.effect(x, metric)
            shown = verdict.value(metric, e.mean, lang, signed=True, short=True)
            if e.n > 1 and metric == result.objective:  # the interval of the objective; means of the others
                shown += (f"\n[{verdict.value(metric, e.low, lang, signed=True, short=True)} … "
                          f"{verdict.value(metric, e.high, lang, signed=True, short=True)}]")
            cells.append(shown)
        cost = x.lever.cost_per_year
        table.add_row(verdict.leg_name(x.lever.leg, lang).split()[0], escape(x.lever.label(lang)),
                      "–" if cost is None else verdict.i18n.money(cost, lang), str(x.replications), *cells,
                      style="bold" if x.real else None)
    return table


def _unknown_objective(metric: str, file: str, lang: str) -> str:
    return text.translation(lang).gettext(
        "{file}: objective '{metric}' is not a metric of this scenario (see 'ambacht run {file} --format json' "
        "for the names)", file=file, metric=metric)


class _progress:
    """A progress bar whose total grows as replications are added where the answer is unsure."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None

    def __enter__(self) -> Any:
        if self.quiet:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            console=Console(stderr=True), transient=True)
        self.bar.__enter__()
        self.task = self.bar.add_task("runs", total=None)
        return lambda done, planned: self.bar.update(self.task, completed=done, total=planned)

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
