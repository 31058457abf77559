"""Commands for a centre's own history: fit a distribution to a log, calibrate on records,
back-test on weeks the calibration has not seen. Thin: parse, call analysis.calibration, print."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from analysis.calibration.table import TableError
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

DATE = click.DateTime(formats=["%Y-%m-%d"])
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                             show_default=True, help=N_("A readable table, or JSON."))


def _records(path: str, lang: str):  # type: ignore[no-untyped-def]
    from analysis.calibration.records import read_records

    try:
        return read_records(path)
    except TableError as error:
        raise UserError(error.render(lang)) from None


@main.command(help=N_("Fit the distributions a scenario can use to COLUMN of an item LOG (CSV or "
                      "Excel) and print the scenario line to paste, with AIC and the "
                      "Kolmogorov-Smirnov distance of each. A yes/no COLUMN (a repair worked) gives "
                      "the share of yes with its 95% interval."))
@click.argument("log", type=click.Path())
@click.option("--column", required=True, help=N_("The column to fit, e.g. 'hours'."))
@click.option("--stream", help=N_("Only the rows of this stream (the log's 'stream' column)."))
@click.option("--stream-column", default="stream", show_default=True, help=N_("The column naming the stream."))
@click.option("--unit", default=None, help=N_("The values' unit as the scenario writes it (default: h for a column "
                                           "named hours or uren, else none)."))
@click.option("--plot", type=click.Path(dir_okay=False), help=N_("Also draw the values and the fits to this PNG."))
@FORMAT_OPTION
@LANG_OPTION
@friendly
def fit(log: str, column: str, stream: str | None, stream_column: str, unit: str | None, plot: str | None, fmt: str,
        lang: str | None) -> None:
    from analysis.calibration.fit import fit as fit_values
    from analysis.calibration.fit import is_yes_no, log_of, share_of
    from analysis.calibration.fit import plot as draw
    from analysis.calibration.table import read_table

    lang = language(lang)
    tr = text.translation(lang)
    try:
        rows = read_table(log)
        if is_yes_no(rows, column):
            _print_share(share_of(rows, column, stream, stream_column), fmt, lang, stream)
            return
        values = log_of(rows, column, stream, stream_column)
    except TableError as error:
        raise UserError(error.render(lang)) from None
    if unit is None:
        unit = "h" if column.strip().lower() in ("hours", "uren", "hours_worked", "uur") else ""
    fits = fit_values(values.values)
    if fmt == "json":
        click.echo(json.dumps({
            "file": log, "column": values.column, "values": len(values.values), "other_streams": values.other_streams,
            "best": fits[0].family, "scenario": fits[0].scenario_line(unit),
            "fits": [{"family": f.family, "parameters": f.parameters, "aic": f.aic, "log_likelihood": f.log_likelihood,
                      "ks": f.ks, "ks_p": f.ks_p, "scenario": f.scenario_line(unit)} for f in fits]}, indent=2))
    else:
        table = Table(title=tr.gettext("{file}: {n} values of '{column}'", file=log, n=len(values.values),
                                       column=values.column), title_justify="left")
        for head in (tr.gettext("family"), "AIC", tr.gettext("KS distance"), tr.gettext("KS p (too favourable)"),
                     tr.gettext("scenario line")):
            table.add_column(head)
        for f in fits:
            table.add_row(f.family, text.number(f.aic, lang, 1), text.number(f.ks, lang, 3),
                          text.number(f.ks_p, lang, 3), f.scenario_line(unit))
        show(table)
        if values.other_streams:
            click.echo(tr.ngettext("{n} row of other streams left out (--stream {stream}).",
                                   "{n} rows of other streams left out (--stream {stream}).",
                                   values.other_streams, stream=stream))
        click.echo(tr.gettext("Best by AIC: {family}. Paste: {line}", family=fits[0].family,
                              line=fits[0].scenario_line(unit)))
    if plot:
        click.echo(tr.gettext("plot: {path}", path=draw(values, fits, plot, unit, lang)), err=fmt == "json")


def _print_share(found: Any, fmt: str, lang: str, stream: str | None) -> None:
    tr = text.translation(lang)
    if fmt == "json":
        click.echo(json.dumps({"file": found.file, "column": found.column, "successes": found.successes,
                               "trials": found.trials, "share": found.share, "interval_95": [found.low, found.high],
                               "other_streams": found.other_streams, "scenario": found.scenario_line()}, indent=2))
        return
    click.echo(tr.gettext("{file}: '{column}' is yes in {yes} of {n} rows: {share} (95% interval {low} to {high})",
                          file=found.file, column=found.column, yes=found.successes, n=found.trials,
                          share=text.percent(found.share, lang, 1), low=text.percent(found.low, lang, 1),
                          high=text.percent(found.high, lang, 1)))
    if found.other_streams:
        click.echo(tr.ngettext("{n} row of other streams left out (--stream {stream}).",
                               "{n} rows of other streams left out (--stream {stream}).",
                               found.other_streams, stream=stream))
    click.echo(tr.gettext("Paste under the step's success: {line}", line=found.scenario_line(lang)))


@main.command(help=N_("Estimate the ranges of scenario FILE from the centre's records before --until, "
                      "and write the calibrated scenario (each range narrowed to its 90% interval, "
                      "marked 'calibrated')."))
@click.argument("file", type=click.Path())
@click.option("--observed", required=True, type=click.Path(), help=N_("The centre's weekly or monthly records (CSV or Excel)."))
@click.option("--until", required=True, type=DATE, help=N_("Calibrate on the weeks before this date (YYYY-MM-DD)."))
@click.option("--samples", type=click.IntRange(4, 10_000), default=40, show_default=True,
              help=N_("Draws of the ranges (Latin hypercube), each run --replications times."))
@click.option("--replications", "-n", type=click.IntRange(1, 1000), default=2, show_default=True,
              help=N_("Runs per draw, with the same seeds in every draw (at least 2 measure chance)."))
@SEED_OPTION
@click.option("--out", type=click.Path(dir_okay=False), help=N_("The calibrated scenario (default: FILE-calibrated.yaml)."))
@FORMAT_OPTION
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def calibrate(file: str, observed: str, until: dt.datetime, samples: int, replications: int, seed: int | None,
              out: str | None, fmt: str, quiet: bool, workers: int, scheduler: str | None, lang: str | None) -> None:
    from analysis.calibration.calibrate import INFORMED_SHIFT, NothingToCalibrate
    from analysis.calibration.calibrate import calibrate as run_calibration
    from analysis.calibration.scenario_file import NotOurs, default_path, write_calibrated

    loaded = load(file, lang)
    lang = language(lang, loaded)
    tr = text.translation(lang)
    records = _records(observed, lang)
    target = Path(out) if out else default_path(file)
    try:
        with running(workers, scheduler, lang, quiet or fmt == "json") as (executor, bar):
            result = run_calibration(loaded, records, until.date(), samples, replications, seed, executor, bar,
                                     tr.gettext("calibrating"))
        write_calibrated(file, result, target, lang)
    except TableError as error:
        raise UserError(error.render(lang)) from None
    except NothingToCalibrate:
        raise UserError(tr.gettext("{file}: no number the simulation uses is written as a range, so there is "
                                   "nothing to calibrate (write e.g. rate: {{range: [30 per week, 60 per week]}})",
                                   file=file)) from None
    except NotOurs:
        raise UserError(tr.gettext("{path} exists and was not written by 'ambacht calibrate'; it is left alone "
                                   "(choose another --out)", path=target)) from None
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    table = Table(title=tr.gettext("{name}: calibrated on {n} weeks ({first} to {last})", name=loaded.scenario.name,
                                   n=len(result.calibration_weeks), first=result.calibration_weeks[0],
                                   last=result.calibration_weeks[-1]), title_justify="left")
    for head in (tr.gettext("input"), tr.gettext("range before"), "P5", "P50", "P95"):
        table.add_column(head)
    for row in result.inputs:
        post = row["posterior"]
        prior = f"{text.number(row['prior'][0], lang, None)} – {text.number(row['prior'][1], lang, None)}"
        if row["informed"]:
            table.add_row(row["path"], prior, *(text.significant(post[k], lang) for k in ("p5", "p50", "p95")))
        else:
            table.add_row(row["path"], prior, "–", tr.gettext("as written"), "–")
    show(table, terminal())
    click.echo(tr.gettext("Figures used: {names}", names=", ".join(result.figures)))
    if result.not_informed():
        click.echo(tr.gettext("Left as written, because the records told nothing about them (none of their 5th, "
                              "50th and 95th percentiles moved by {share} of the range's 5-95% width): {inputs}.",
                              share=text.percent(INFORMED_SHIFT, lang), inputs=", ".join(result.not_informed())))
    if result.booked_only_by_businesscase:
        click.echo(tr.gettext("Left as written, because they change no run: {inputs}; these ranges are booked only "
                              "by 'ambacht businesscase'.", inputs=", ".join(result.booked_only_by_businesscase)))
    if "few_effective_draws" in result.caveats:
        click.echo(tr.gettext("Few prior draws fit the records well: the intervals are coarse; narrow the ranges "
                              "or add --samples."), err=True)
    click.echo(tr.gettext("calibrated scenario: {path}", path=result.path))


@main.command(help=N_("Run the calibrated scenario FILE over the recorded weeks from --from on, which "
                      "the calibration has not seen, and compare every figure with the model's 90% "
                      "band."))
@click.argument("file", type=click.Path())
@click.option("--observed", required=True, type=click.Path(), help=N_("The centre's weekly or monthly records (CSV or Excel)."))
@click.option("--from", "start", required=True, type=DATE, help=N_("Check on the weeks from this date on (YYYY-MM-DD)."))
@click.option("--samples", type=click.IntRange(1, 10_000), default=10, show_default=True,
              help=N_("Draws of the calibrated ranges."))
@click.option("--replications", "-n", type=click.IntRange(1, 1000), default=4, show_default=True,
              help=N_("Runs per draw."))
@SEED_OPTION
@click.option("--out", type=click.Path(file_okay=False), help=N_("Write backtest.json, a chart per figure and the "
                                                              "report section here."))
@FORCE_OPTION
@FORMAT_OPTION
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def backtest(file: str, observed: str, start: dt.datetime, samples: int, replications: int, seed: int | None,
             out: str | None, force: bool, fmt: str, quiet: bool, workers: int, scheduler: str | None,
             lang: str | None) -> None:
    from analysis.calibration.backtest import NOMINAL, band_coverage
    from analysis.calibration.backtest import backtest as run_backtest
    from analysis.calibration.history_report import start_said, verdict, weekly_label, write_folder
    from analysis.reporting.metric_text import owner_names

    loaded = load(file, lang)
    lang = language(lang, loaded)
    tr = text.translation(lang)
    records = _records(observed, lang)
    names = owner_names(loaded.scenario, lang)
    if out:
        from analysis.results.files import free_folder

        free_folder(Path(out), force)  # a folder that may not be replaced is told before the runs
    try:
        with running(workers, scheduler, lang, quiet or fmt == "json") as (executor, bar):
            result = run_backtest(loaded, records, start.date(), samples, replications, seed, executor, bar,
                                  tr.gettext("back-testing"))
    except TableError as error:
        raise UserError(error.render(lang)) from None
    page = None
    if out:
        from analysis.results.folder import settings

        provenance = settings("backtest", loaded.scenario.name, loaded.content_hash, loaded.source,
                              result.seed, replications, lang, samples=samples, observed=observed,
                              records_sha256=records.digest, start=start.date().isoformat())
        page = write_folder(result, Path(out), lang, names, provenance, force)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    table = Table(title=tr.gettext("{name}: checked on {n} weeks from {first}", name=loaded.scenario.name,
                                   n=len(result.validation_weeks), first=result.validation_weeks[0]),
                  title_justify="left")
    for head in (tr.gettext("figure"), tr.gettext("weeks inside the 90% band"), tr.gettext("mean absolute error"),
                 tr.gettext("model minus records")):
        table.add_column(head)
    for metric, scores in result.metrics.items():
        table.add_row(weekly_label(metric, lang, names, result.period), text.percent(scores["coverage"], lang),
                      text.percent(scores["mape"], lang) if scores["mape"] is not None else "–",
                      text.percent(scores["bias"], lang, 1) if scores["bias"] is not None else "–")
    show(table, terminal())
    click.echo(start_said(result, lang))
    click.echo(verdict(result, lang, names))
    runs = result.samples * result.replications
    if band_coverage(runs) < NOMINAL:
        click.echo(tr.gettext("With {runs} runs the band is the smallest to the largest run, which holds a new week "
                              "only {share} of the time: ask for at least 19 runs (--samples times -n).", runs=runs,
                              share=text.percent(band_coverage(runs), lang)), err=True)
    if page is not None:
        click.echo(tr.gettext("report section: {path}", path=page))
