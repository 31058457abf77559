"""Commands over many scenario variants: sweep and target.

Each parses its options, calls one function of analysis/ and prints what it returns.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.table import Table

from analysis.experiments.runner import Interrupted
from analysis.reporting.tables import number
from analysis.results.files import FolderError
from cli.common import (
    EXCEL_HELP,
    FORCE_OPTION,
    LANG_OPTION,
    QUIET_OPTION,
    UserError,
    exit_code,
    friendly,
    language,
    load,
    show,
)
from cli.main import main
from cli.options import executor_options, print_written, running
from sim import text
from sim.text import N_


def _shown_metrics(summary: pd.DataFrame) -> list[str]:
    metrics = list(dict.fromkeys(summary["metric"]))
    binding = _binding_items(summary)
    picked = [m for m in metrics if (m.endswith(".on_time_share") or m.endswith(".lead_time_p95"))
              and (not m.startswith("package_items.") or m in binding)]
    picked += [m for m in ("shop.fill_rate", "impact.hours_lost_to_missing_supervision", "economics.net_result") if m in metrics]
    return picked[:5]


def _binding_items(summary: pd.DataFrame) -> set[str]:
    """Per package, the on-time share of the item that is late most often over the variants (the
    item that binds); the other items' shares and lead times stay in the files."""
    shares = summary[summary["metric"].str.startswith("package_items.") & summary["metric"].str.endswith(".on_time_share")]
    lowest: dict[str, tuple[float, str]] = {}
    for metric, mean in shares.groupby("metric", sort=False)["mean"].mean().items():
        contract = str(metric).split(".")[1]
        if contract not in lowest or mean < lowest[contract][0]:
            lowest[contract] = (mean, str(metric))
    return {metric for _, metric in lowest.values()}


def print_sweep(summary: pd.DataFrame, variants: list[Any], lang: str, title: str, scenario: Any = None,
                data: Any = None) -> None:
    """The sweep's variants as rows: the varied values under readable names, the headline metrics
    as every output labels and formats them (analysis.reporting.presentation)."""
    from analysis.reporting.charts.context import Names
    from analysis.reporting.presentation import Presentation

    presentation = Presentation.of(scenario, lang, data)
    shown = presentation.ordered(_shown_metrics(summary))
    objective = getattr(scenario, "objective", None)
    if objective and objective in set(summary["metric"]):  # the file's objective first
        shown = [objective, *(m for m in shown if m != objective)]
    table = Table(title=title, title_justify="left")
    paths = list(variants[0].overrides) if variants else []
    names = Names(lang, scenario)
    for path in paths:
        table.add_column(names.path(path))
    for metric in shown:
        table.add_column(presentation.label(metric), justify="right")
    indexed = summary.set_index(["key", "metric"])
    for v in variants:
        if v.key not in indexed.index.get_level_values(0):
            continue
        cells = [str(v.overrides[p]) for p in paths]
        for metric in shown:
            row = indexed.loc[(v.key, metric)]
            ci = "" if row["n"] < 2 or row["ci_low"] != row["ci_low"] else \
                f" ({presentation.interval(metric, row['ci_low'], row['ci_high'])})"
            cells.append(presentation.cell(metric, row["mean"]) + ci)
        table.add_row(*cells)
    show(table)
    if objective:
        click.echo(presentation.objective(objective))


def sweep_command(file: str, name: str | None, vary: tuple[str, ...], replications: int | None, out: str | None,
                  excel: bool, force: bool, resume: bool) -> str:
    """The ``ambacht sweep`` command line that runs this sweep again (with --resume or --force)."""
    words = ["ambacht", "sweep", file]
    if name:
        words.append(name)
    for item in vary:
        words += ["--vary", item]
    if replications:
        words += ["-n", str(replications)]
    if out:
        words += ["--out", out]
    if excel:
        words.append("--excel")
    if force:
        words.append("--force")
    if resume:
        words.append("--resume")
    return shlex.join(words)


@main.command(help=N_("Run the sweeps named in FILE (or only NAME; and --vary): every "
                      "combination x replications, resumable.\n\nEvery finished run is stored "
                      "at once: after Ctrl-C, --resume continues where it stopped."))
@click.argument("file", type=click.Path())
@click.argument("sweep_name", metavar="[NAME]", required=False)
@click.option("--name", help=N_("Run only this named sweep of the scenario (default: all of them); the same as NAME."))
@click.option("--vary", multiple=True, metavar="PATH=VALUES",
              help=N_("Vary a parameter by its path: a list '2,4,6', a range '2..8' or '0.5..1 step 0.1'. Repeatable."))
@click.option("--replications", "-n", type=click.IntRange(1, 100_000), help=N_("Replications per variant."))
@click.option("--out", type=click.Path(file_okay=False), help=N_("Results folder (default: results/<scenario>-<sweep>)."))
@click.option("--resume", is_flag=True, help=N_("Continue an interrupted sweep in --out: finished runs are kept."))
@click.option("--force", is_flag=True,
              help=N_("Start again, replacing an existing results folder that Ambacht wrote (others are never touched)."))
@click.option("--excel", is_flag=True, help=EXCEL_HELP)
@click.option("--report", is_flag=True, help=N_("Also write the HTML report into the results folder."))
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def sweep(file: str, sweep_name: str | None, name: str | None, vary: tuple[str, ...], replications: int | None,
          out: str | None, resume: bool, force: bool, excel: bool, report: bool, quiet: bool, workers: int,
          scheduler: str | None, lang: str | None) -> None:
    from analysis.experiments.sweep_run import planned_sweeps, run_sweep, sweep_folder

    if sweep_name and name and sweep_name != name:
        raise UserError(text.translation(lang).gettext("two sweep names: '{first}' and --name '{second}'; give one",
                                                       first=sweep_name, second=name))
    name = name or sweep_name
    loaded = load(file, lang)
    lang = language(lang, loaded)
    plans = planned_sweeps(loaded, name, vary)
    for plan in plans:
        folder = sweep_folder(file, plan, Path(out) if out else None, len(plans))
        # What the user types to go on: the same sweep into the same folder.
        again = sweep_command(file, name, vary, replications, out, excel, force, True)
        try:
            with running(workers, scheduler, lang, quiet, folder, force) as (executor, bar):
                result = run_sweep(loaded, plan.vary, folder, replications or plan.replications, plan.name,
                                   executor=executor, progress=bar, resume=resume, replace=force, lang=lang,
                                   excel=excel)
        except FolderError as error:
            if error.key != "sweep_exists":
                raise
            fresh = sweep_command(file, name, vary, replications, out, excel, True, False)
            raise UserError(error.render(lang) + "\n" + text.translation(lang).gettext(
                "To continue where it stopped:  {resume}\nTo start again:                {force}",
                resume=again, force=fresh)) from None
        except Interrupted as stop:
            kept = stop.folder if stop.folder is not None else folder
            click.echo(text.translation(lang).gettext(
                "Interrupted: {finished} of {total} runs are finished and kept in {folder}/.\n"
                "To continue where it stopped:  {command}",
                finished=stop.finished, total=stop.total, folder=kept, command=again), err=True)
            sys.exit(exit_code(stop.signum))
        print_sweep(result.summary, result.variants, lang,
                    f"{loaded.scenario.name} — {plan.name}: {len(result.variants)} × {result.replications}",
                    loaded.scenario, loaded.data)
        if report and result.folder is not None:
            from cli.levers import measure_for_report

            measure_for_report(result.folder, replications or plan.replications, workers, scheduler, quiet)
        print_written(result.folder, report, lang)


@main.command(help=N_("Find the cheapest option that meets a requirement with the stated "
                      "confidence."))
@click.argument("file", type=click.Path())
@click.option("--vary", multiple=True, metavar="PATH=VALUES", help=N_("The staffing options to search, as for sweep."))
@click.option("--name", help=N_("Take the options from this named sweep of the scenario."))
@click.option("--require", "require", required=True, metavar="'METRIC >= VALUE'",
              help=N_("The service target, e.g. 'contracts.textiel.on_time_share >= 0.95'."))
@click.option("--minimise", "--minimize", "minimise", default="economics.costs", show_default=True,
              help=N_("The metric to keep as low as possible (default: every cost the file knows: wages, "
                   "supervisors, participant allowances, overhead, work places, waste)."))
@click.option("--initial", type=click.IntRange(2, 1000), default=10, show_default=True, help=N_("First replications per option."))
@click.option("--max-replications", type=click.IntRange(2, 10_000), default=80, show_default=True,
              help=N_("Most replications spent on one option near the threshold."))
@click.option("--confidence", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True)
@click.option("--out", type=click.Path(file_okay=False), help=N_("Write the frontier and runs here."))
@FORCE_OPTION
@QUIET_OPTION
@executor_options
@LANG_OPTION
@friendly
def target(file: str, vary: tuple[str, ...], name: str | None, require: str, minimise: str, initial: int,
           max_replications: int, confidence: float, out: str | None, force: bool, quiet: bool, workers: int,
           scheduler: str | None, lang: str | None) -> None:
    from analysis.experiments.sweep_run import planned_sweeps
    from analysis.experiments.sweeps import parse_requirement
    from analysis.experiments.target_run import find_target

    loaded = load(file, lang)
    lang = language(lang, loaded)
    requirement = parse_requirement(require)
    values = planned_sweeps(loaded, name, vary)[0].vary
    with running(workers, scheduler, lang, quiet, out, force) as (executor, bar):
        found = find_target(loaded, values, requirement, minimise, initial, max_replications, confidence, executor,
                            bar, Path(out) if out else None, force, lang)
    print_target(found, lang, max_replications, loaded)
    if found.folder is not None:
        click.echo(text.translation(lang).gettext("results in {folder}/", folder=found.folder))


def print_target(found: Any, lang: str, max_replications: int, loaded: Any = None) -> None:
    """The frontier as a table (the chosen option in bold green) and the answer in a sentence;
    the varied settings under readable names, the requirement's metric as every output shows it
    (analysis.reporting.presentation: a share in %)."""
    from analysis.reporting.charts.context import Names
    from analysis.reporting.presentation import Presentation

    scenario = loaded.scenario if loaded is not None else None
    shown = Presentation.of(scenario, lang, loaded.data if loaded is not None else None)
    names = Names(lang, scenario)
    result, requirement = found.result, found.result.requirement
    metric = requirement.metric
    tr = text.translation(lang)
    table = Table(title=tr.gettext("{requirement}  (minimise {cost})", requirement=requirement, cost=result.minimise),
                  title_justify="left")
    bound_column = "metric_lower_bound" if requirement.at_least else "metric_upper_bound"
    bound_name = tr.gettext("lower bound") if requirement.at_least else tr.gettext("upper bound")
    for column in [*(names.path(p) for p in found.vary), tr.gettext("cost"), shown.label(metric), bound_name,
                   tr.gettext("replications"), tr.gettext("verdict")]:
        table.add_column(column)
    verdicts = {"feasible": tr.pgettext("an option against a requirement", "feasible"),
                "infeasible": tr.pgettext("an option against a requirement", "infeasible"),
                "unsure": tr.pgettext("an option against a requirement", "unsure")}
    for row in found.frontier.to_dict("records"):
        table.add_row(*[str(row[p]) for p in found.vary], number(row["cost"], lang), shown.cell(metric, row["metric_mean"]),
                      shown.cell(metric, row[bound_column]), str(row["replications"]),
                      verdicts.get(row["verdict"], row["verdict"]), style="bold green" if row["chosen"] else None)
    show(table)
    pct = text.percent(result.confidence, lang)
    best = result.best
    if best is None:
        click.echo(tr.gettext("No option meets the requirement with {pct} confidence.", pct=pct))
        return
    low, high = best.bounds(requirement.metric, result.confidence)
    click.echo(tr.gettext(
        "Cheapest option: {settings} (cost {cost}); {metric} mean {mean}, with {pct} confidence {bound_word} "
        "{bound} over {n} replications.", settings=", ".join(f"{k} = {v}" for k, v in best.variant.overrides.items()),
                 cost=number(best.mean(result.minimise), lang), metric=shown.label(metric),
                 mean=shown.cell(metric, best.mean(metric)), pct=pct,
                 bound_word=tr.gettext("at least") if requirement.at_least else tr.gettext("at most"),
                 bound=shown.cell(metric, low if requirement.at_least else high), n=len(best.runs)))
    if found.unsure_cheaper:
        click.echo(tr.ngettext("Still unsure after {max} replications: {n} cheaper option.",
                               "Still unsure after {max} replications: {n} cheaper options.",
                               len(found.unsure_cheaper), max=max_replications))
