"""Commands that run experiments: run, compare, warmup (sweep and target in cli/sweeps.py).

Each parses its options, calls one function of analysis/ and prints what it returns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from analysis.reporting.tables import ALL_EQUAL_MARK, all_equal_note, summary_rows
from cli.common import (
    EXCEL_HELP,
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
from cli.options import executor_options, print_written, running
from cli.progress import Bar
from sim import text
from sim.overload import Overloaded
from sim.text import N_


def print_summary(title: str, rows: list[tuple[str, str, str]], lang: str, diagnosis_text: str) -> None:
    # Names carry their unit and time base: written to a file or pipe, give them room (a terminal keeps its width).
    console = terminal()
    table = Table(title=title, title_justify="left")
    table.add_column(text.translation(lang).gettext("metric"))
    table.add_column(text.translation(lang).gettext("mean"), justify="right")
    table.add_column(text.translation(lang).gettext("95% interval"), justify="right")
    for row in rows:
        table.add_row(*row)
    show(table, console)
    if any(row[2].endswith(ALL_EQUAL_MARK) for row in rows):
        console.print(all_equal_note(lang))
    console.print(diagnosis_text)


@main.command(help=N_("Simulate the scenario FILE: metrics with 95% confidence intervals and "
                      "the triad diagnosis."))
@click.argument("file", type=click.Path())
@click.option("--replications", "-n", type=click.IntRange(1, 100_000), help=N_("Replications (default: the scenario's)."))
@SEED_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=N_("A readable table, or JSON with every metric."))
@click.option("--out", type=click.Path(file_okay=False), help=N_("Write the results folder here."))
@FORCE_OPTION
@click.option("--excel", is_flag=True, help=EXCEL_HELP)
@click.option("--report", is_flag=True, help=N_("Also write the HTML report into the results folder (needs --out)."))
@click.option("--series", type=click.Path(dir_okay=False),
              help=N_("Also write the first replication's figures week by week to this CSV, in the format of a "
                      "centre's records ('ambacht calibrate --observed')."))
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def run(file: str, replications: int | None, seed: int | None, fmt: str, out: str | None, force: bool,
        excel: bool, report: bool, series: str | None, quiet: bool, workers: int, scheduler: str | None,
        lang: str | None) -> None:
    from analysis.experiments.replications import run_replications

    if report and not out:
        raise UserError(text.translation(lang).gettext("--report needs --out DIR"))
    loaded = load(file, lang)
    lang = language(lang, loaded)
    try:
        with running(workers, scheduler, lang, quiet or fmt == "json", out, force) as (executor, bar):
            result = run_replications(loaded, replications, seed, executor, bar, Path(out) if out else None, force,
                                      lang, excel)
    except Overloaded as error:
        if fmt != "json":
            raise
        click.echo(json.dumps(error.to_json(lang), indent=2, ensure_ascii=False))  # says so, in JSON
        raise SystemExit(1) from None
    scenario = loaded.scenario
    if fmt == "json":
        click.echo(json.dumps(result.to_json(lang), indent=2, ensure_ascii=False))
    else:
        title = text.translation(lang).ngettext(
            "{name} — {n} replication, seed {seed}, hash {hash}", "{name} — {n} replications, seed {seed}, hash {hash}",
            result.replications, name=scenario.name, seed=result.seed, hash=loaded.content_hash)
        from analysis.reporting.presentation import Presentation
        from analysis.reporting.verdict import hint

        shown = Presentation.of(scenario, lang, loaded.data)
        print_summary(title, summary_rows(result.summary, lang, presentation=shown), lang,
                      hint(lang) + " " + result.diagnosis["text"][lang])
        if scenario.objective:
            found = result.summary.loc[scenario.objective] if scenario.objective in result.summary.index else None
            terminal().print(escape(shown.objective(scenario.objective, *(
                (found["mean"], found["ci_low"], found["ci_high"]) if found is not None else ()))))
    from analysis.experiments.warmup import product_names

    for warning in result.warm_up.warnings(lang, product_names(scenario, lang)):
        click.echo(warning, err=True)
    if series:
        from analysis.calibration.simulate import write_run_records

        path = write_run_records(loaded, seed, series)
        click.echo(text.translation(lang).gettext("weekly figures: {path}", path=path), err=fmt == "json")
    if report and result.folder is not None:
        from cli.levers import measure_for_report

        measure_for_report(result.folder, replications, workers, scheduler, quiet or fmt == "json")
    if fmt != "json":
        print_written(result.folder, report, lang)
    elif report and result.folder is not None:
        from analysis.reporting.report import write_report

        write_report(result.folder, lang)


@main.command(help=N_("Check the scenario's warm-up with MSER-5 on the sampled queues."))
@click.argument("file", type=click.Path())
@click.option("--replications", "-n", type=click.IntRange(1, 10_000), help=N_("Replications (default: the scenario's)."))
@LANG_OPTION
@friendly
def warmup(file: str, replications: int | None, lang: str | None) -> None:
    from analysis.experiments.warmup import check_warm_up

    loaded = load(file, lang)
    lang = language(lang, loaded)
    with Bar(lang, False) as bar:
        check = check_warm_up(loaded, replications, None, bar, lang)
    click.echo(check.verdict(lang))
    from analysis.experiments.warmup import product_names

    stock = check.stock_warning(lang, product_names(loaded.scenario, lang))
    if stock:
        click.echo(stock)


@main.command(help=N_("Compare scenarios with common random numbers: paired differences against "
                      "the first FILE."))
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--replications", "-n", type=click.IntRange(2, 100_000), help=N_("Replications per scenario (default: the first scenario's)."))
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help=N_("Seed shared by all scenarios (default: the first scenario's)."))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=N_("Readable tables, or JSON with the paired difference of every metric."))
@click.option("--out", type=click.Path(file_okay=False), help=N_("Write the results folder here."))
@FORCE_OPTION
@click.option("--excel", is_flag=True, help=EXCEL_HELP)
@click.option("--report", is_flag=True, help=N_("Also write the HTML report (needs --out)."))
@click.option("--all-metrics", is_flag=True, help=N_("Show every metric, not only the headline ones."))
@click.option("--vary", metavar="PATH=VALUES",
              help=N_("Compare variants of one FILE instead: e.g. workforce.deelnemers.people=4,6 (the first value is A); "
                   "a list as a value goes in brackets: [werk],[werk,zorg]."))
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def compare(files: tuple[str, ...], replications: int | None, seed: int | None, fmt: str, out: str | None,
            force: bool, excel: bool, report: bool, all_metrics: bool, vary: str | None, quiet: bool, workers: int,
            scheduler: str | None, lang: str | None) -> None:
    from analysis.experiments.compare import compare_scenarios, compare_variants
    from analysis.experiments.sweeps import parse_vary

    _ = text.translation(lang).gettext
    if report and not out:
        raise UserError(_("--report needs --out DIR"))
    if vary and len(files) != 1:
        raise UserError(_("--vary compares variants of one scenario file: give one FILE"))
    if not vary and len(files) < 2:
        raise UserError(_("compare needs at least two scenario files (or one file and --vary)"))
    loaded = [load(f, lang) for f in files]
    lang = language(lang, loaded[0])
    options: dict[str, Any] = {"replications": replications, "seed": seed, "out": Path(out) if out else None,
                               "replace": force, "lang": lang, "excel": excel}
    if vary:
        values = parse_vary([vary])
        if len(next(iter(values.values()))) < 2:
            raise UserError(text.translation(lang).gettext("--vary needs at least two values to compare"))
    with running(workers, scheduler, lang, quiet or fmt == "json", out, force) as (executor, bar):
        if vary:
            result = compare_variants(loaded[0], values, executor=executor, progress=bar, **options)
        else:
            result = compare_scenarios(loaded, names=list(files), executor=executor, progress=bar, **options)
    if report and result.folder is not None:
        from cli.levers import measure_for_report

        measure_for_report(result.folder, replications, workers, scheduler, quiet or fmt == "json")
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        if report and result.folder is not None:
            from analysis.reporting.report import write_report

            write_report(result.folder, lang)
        return
    print_comparison(result, lang, all_metrics)
    print_written(result.folder, report, lang)


def print_comparison(result: Any, lang: str, all_metrics: bool) -> None:
    """One table per scenario B: A, B, B - A with its interval, and whether the difference is real;
    rows, labels, units and formats from the presentation model (shares in %, changes in pp)."""
    from analysis.reporting.presentation import Presentation

    console = terminal()
    for key, diff in result.differences.items():
        index = result.keys.index(key)
        loaded = result.loaded[index]
        shown = Presentation.of(loaded.scenario, lang, loaded.data)
        metrics = shown.ordered(diff.index) if all_metrics else shown.headline(diff.index)
        objective = loaded.scenario.objective
        if objective and objective in diff.index:  # the file's objective first, named below the table
            metrics = [objective, *(m for m in metrics if m != objective)]
        table = Table(title=escape(f"A = {result.names[0]}\nB = {result.names[index]}"), title_justify="left")
        tr = text.translation(lang)
        table.add_column(tr.gettext("metric"), justify="left")
        for column in ("A", "B", "B − A"):
            table.add_column(column, justify="right")
        table.add_column(text.translation(lang).gettext("95% interval"), justify="right")
        table.add_column(text.translation(lang).gettext("real?"), justify="right")
        for metric in metrics:
            row = diff.loc[metric]
            table.add_row(shown.label(metric), shown.cell(metric, row["a"]), shown.cell(metric, row["b"]),
                          shown.change(metric, row["difference"]),
                          f"{shown.change(metric, row['ci_low'])} – {shown.change(metric, row['ci_high'])}",
                          tr.gettext("yes") if row["significant"] else tr.gettext("no"))
        show(table, console)
        if objective:
            console.print(escape(shown.objective(objective)))
    from analysis.reporting.verdict import hint

    console.print(escape(hint(lang)))
    for key in result.keys:
        console.print(escape(f"{key}: {result.diagnoses[key]['text'][lang]}"))
