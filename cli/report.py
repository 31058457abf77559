"""Commands that draw: ``ambacht report`` (HTML and PDF report of a results folder) and
``ambacht draw`` (a picture of the chain a scenario describes)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cli.common import (
    LANG_OPTION,
    QUIET_OPTION,
    UserError,
    echo_missing_pdf,
    friendly,
    language,
    load,
)
from cli.main import main
from cli.options import executor_options
from sim import text
from sim.text import N_


def _folder_language(path: Path) -> str | None:
    try:
        found = json.loads((path / "settings.json").read_text(encoding="utf-8")).get("language")
    except (OSError, ValueError, AttributeError):
        return None
    return found if found in text.LANGUAGES else None


@main.command(help=N_("Write the council report of the results FOLDER: HTML, PDF and charts "
                      "(PNG and SVG).\n\nAny folder Ambacht writes: run, compare and sweep get the "
                      "report; a business case gets its page, charts, workbook and PDF again, an "
                      "uncertainty study, centres and a back-test their page, in the language asked. "
                      "For a sweep that was interrupted, the report shows "
                      "what finished and says it is partial. The report says what each lever "
                      "buys, measured for the folder's scenario when not done yet."))
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), help=N_("Write the HTML here (default: FOLDER/report-LANG.html)."))
@click.option("--levers/--no-levers", default=True, show_default=True,
              help=N_("Measure what each lever buys (levers.json) if the folder does not have it yet."))
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def report(folder: str, out: str | None, levers: bool, quiet: bool, workers: int, scheduler: str | None,
           lang: str | None) -> None:
    from analysis.experiments.sweep_run import (
        finish_partial_sweep,
        is_partial_sweep,
        stored_language,
    )
    from analysis.reporting.report import write_report
    from cli.levers import measure_for_report

    path = Path(folder)
    partial = None
    if is_partial_sweep(path):
        language(lang or stored_language(path))
        partial = finish_partial_sweep(path)
    lang = language(lang or _folder_language(path))
    if not (path / "settings.json").is_file():
        raise UserError(text.translation(lang).gettext(
            "{folder}: not a results folder (no settings.json); make one with 'ambacht run FILE --out {folder}'",
            folder=folder))
    if out is not None and not out.endswith((".html", ".htm")):
        raise UserError(text.translation(lang).gettext("--out {out}: the report is HTML; give a file name ending in .html", out=out))
    if partial is not None:
        click.echo(text.translation(lang).gettext("Note: this sweep is not finished: {finished} of {total} runs are done.",
                                                  finished=partial.finished, total=partial.total), err=True)
    from analysis.reporting import folder_report

    if folder_report.kind(path) != folder_report.RESULTS:
        # A business case, an uncertainty study, centres or a back-test: their own page again; else a message.
        try:
            click.echo(str(folder_report.rewrite(path, lang, Path(out) if out else None)))
        except folder_report.NoReport as error:
            raise UserError(folder_report.message(error, lang)) from None
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise UserError(text.translation(lang).gettext("{folder}: this results folder cannot be read ({error})",
                                                           folder=folder, error=error)) from None
        return
    try:
        if levers:
            measure_for_report(path, None, workers, scheduler, quiet)
        html = write_report(path, lang, out)
    except (json.JSONDecodeError, KeyError, ValueError) as error:
        raise UserError(text.translation(lang).gettext("{folder}: this results folder cannot be read ({error})", folder=folder, error=error)) from None
    click.echo(str(html))
    echo_missing_pdf(lang)


@main.command(help=N_("Draw the chain the scenario FILE describes: streams, steps, "
                      "destinations, sales, people."))
@click.argument("file", type=click.Path())
@click.option("--out", type=click.Path(dir_okay=False), help=N_("PNG, SVG or PDF by the suffix (default: FILE's name .png)."))
@LANG_OPTION
@friendly
def draw(file: str, out: str | None, lang: str | None) -> None:
    from analysis.reporting.charts.chain import write_chain

    loaded = load(file, lang)
    lang = language(lang, loaded)
    target = Path(out) if out else Path(file).with_suffix(".png")
    if target.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise UserError(text.translation(lang).gettext("--out {target}: use a name ending in .png, .svg or .pdf",
                                                       target=target))
    write_chain(loaded, target, lang)
    click.echo(str(target))
