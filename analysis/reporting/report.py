"""The council report: one self-contained HTML file per language, with its charts and a PDF.

``write_report(folder, lang)`` reads any results folder (run, compare, sweep) and writes:

* ``report-<lang>.html``: summary in plain words (the scenario's question and its answer, the
  triad diagnosis, key figures), the assumptions with their sources, every chart with alt text
  and its numbers as a table, and how to reproduce it. Images are inline; the page makes no
  external request at all.
* ``report-<lang>.pdf``: the same page typeset on A4 (:mod:`analysis.reporting.pdf`), charts with their
  captions; the numbers behind the charts stay in the HTML.
* ``charts/<chart>-<lang>.png`` and ``.svg``.
"""

from __future__ import annotations

import base64
import math
import shlex
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

import sim
from analysis.experiments.diagnosis import Diagnosis, leg_name
from analysis.experiments.warmup import WarmUpCheck, product_names
from analysis.reporting import verdict
from analysis.reporting.assumptions import school_holiday_caveats, sections
from analysis.reporting.charts import draw_all, load_context
from analysis.reporting.charts.context import Context
from analysis.reporting.charts.output import png_base64, save
from analysis.reporting.charts.staffing import first_meeting, lines, x_parameter
from analysis.reporting.charts.style import Chart
from analysis.reporting.method import method
from analysis.reporting.pdf import engine_problem, write_pdf
from analysis.reporting.tables import bounded, time_base_note
from analysis.results.files import write_text_atomic
from analysis.results.lock import LOCK_WAIT_SECONDS, folder_lock
from sim import text
from sim.scenario.base import label_text

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Table:
    """A table ready for the template: header texts and rows of formatted cells."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]


def format_table(chart: Chart, lang: str) -> Table:
    """A chart's data as text cells, numbers formatted for the language."""
    frame = chart.data
    rows = []
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns]
    for values in frame.itertuples(index=False):
        cells = []
        for column, value, is_number in zip(frame.columns, values, numeric, strict=True):
            kind = chart.formats.get(column, "number")
            if not is_number:
                cells.append("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))
            elif kind == "percent":
                cells.append(text.percent(value, lang))
            elif kind == "money":
                cells.append(text.money(value, lang))
            else:
                cells.append(text.number(value, lang))
        rows.append(cells)
    return Table([str(c) for c in frame.columns], rows, numeric)


def _bounded(metric: str, mean: float, low: float, high: float) -> tuple[float, float, float]:
    """An interval within what the quantity can be: shares in 0..1, amounts not below 0 (money may)."""
    return (mean, *bounded(metric, low, high))


def key_figures(ctx: Context, key: str) -> Table:
    """Headline metrics of one key: mean and 95% interval, in the presentation's order, labels
    and units (:mod:`analysis.reporting.presentation`)."""
    shown = ctx.presentation
    rows = []
    for metric in shown.headline(ctx.metrics(key)):
        mean, low, high = _bounded(metric, *ctx.interval(key, metric))
        interval = "" if low == high else shown.interval(metric, low, high)
        if ctx.all_equal(key, metric) and ctx.n_replications > 1:
            interval = ctx.tr.gettext("{interval} (all {n} replications equal)",
                                      interval=interval or shown.cell(metric, mean), n=ctx.n_replications)
        rows.append([shown.label(metric), shown.cell(metric, mean), interval])
    _ = ctx.tr.gettext
    return Table([_("measure"), _("mean"), _("95% interval")], rows, [False, True, True])


def time_base_notes(ctx: Context) -> list[str]:
    """Per distinct measured window: how the key figures' flows were scaled to a year."""
    windows: dict[float, str] = {}
    for key in ctx.keys:
        hours = ctx.mean(key, "run.measured_hours")
        if not math.isfinite(hours):
            hours = float((ctx.settings.get("time_base") or {}).get("measured_hours", math.nan))
        if math.isfinite(hours):
            windows.setdefault(hours, key)
    notes = []
    for hours, key in windows.items():
        note = time_base_note(hours, ctx.lang)
        notes.append(f"{ctx.key_label(key)}: {note}" if len(windows) > 1 and note else note)
    return [x for x in notes if x]


def answers(ctx: Context) -> list[str]:
    """The answer to the scenario's question, in plain sentences, and the caveats it rests on
    (a warm-up too short for the queues or the stock to settle, projected school holidays)."""
    caveats = school_holiday_caveats(ctx.scenario, ctx.lang) if ctx.scenario is not None else []
    # A warm-up too short for the queues to settle: the answer rests on a biased start.
    check = WarmUpCheck.from_dict(ctx.settings.get("warm_up"))
    warnings = check.warnings(ctx.lang, product_names(ctx.scenario, ctx.lang)) if check is not None else []
    return _answers(ctx) + warnings + caveats


def _answers(ctx: Context) -> list[str]:
    """Is each contract's promise kept?"""
    lang, s = ctx.lang, ctx.scenario
    _ = ctx.tr.gettext
    no_contract = _("The scenario has no contracts; the answer is in the diagnosis below and in the charts.")
    if s is None or not s.market.contracts:
        return [no_contract]
    out = []
    if ctx.kind == "sweep" and ctx.variants is not None and (x_path := x_parameter(ctx.variants)) is not None:
        x_name = ctx.names.path(x_path)
        for cid, contract in s.market.contracts.items():
            target = contract.target_on_time_share
            name, pct = ctx.names.contract(cid), text.percent(target, lang)
            for line in lines(ctx, cid, x_path):
                condition = _(" (with {what})", what=line.label) if line.label else ""
                meets = first_meeting(line, target)
                if meets is None:
                    out.append(_("Contract with {contract}{condition}: none of the values of {x} studied keeps the "
                                 "promise of {target} on time.", contract=name, condition=condition, x=x_name,
                                 target=pct))
                    continue
                sentence = _("Contract with {contract}{condition}: from {x} = {value} the mean keeps the promise of "
                             "{target} on time.", contract=name, condition=condition, x=x_name,
                             value=text.number(meets, lang), target=pct)
                sure = first_meeting(line, target, sure=True)
                if sure is not None:
                    sentence += " " + _("With 95% confidence from {value}.", value=text.number(sure, lang))
                out.append(sentence)
        return out
    for key in ctx.keys:
        prefix = f"{ctx.key_label(key)}: " if len(ctx.keys) > 1 else ""
        for cid, contract in s.market.contracts.items():
            mean, low, high = ctx.interval(key, f"contracts.{cid}.on_time_share")
            if not math.isfinite(mean):
                continue
            target = contract.target_on_time_share
            values = {"contract": ctx.names.contract(cid), "share": text.percent(mean, lang),
                      "low": text.percent(low, lang), "high": text.percent(high, lang),
                      "target": text.percent(target, lang)}
            found = _("Contract with {contract}: {share} of orders on time (95% interval {low} – {high}); "
                      "the promise is {target}.", **values)
            if low >= target:
                verdict = _("The promise is kept.")
            elif high < target:
                verdict = _("The promise is not kept.")
            else:
                verdict = _("That is still uncertain: run more replications.")
            sentence = f"{prefix}{found} {verdict}"
            if ctx.all_equal(key, f"contracts.{cid}.on_time_share"):
                sentence += " " + _("All {n} replications gave {share}: that is no certainty, the orders of all runs "
                                    "together support no more than the interval {low} – {high}.", n=ctx.n_replications,
                                    share=values["share"], low=values["low"], high=values["high"])
            binding = _binding_item(ctx, key, cid)
            if binding:
                sentence += " " + binding
            out.append(sentence)
    return out or [no_contract]


def _binding_item(ctx: Context, key: str, cid: str) -> str:
    """For a package that is late at times: the item ready in time least often, and the others."""
    s = ctx.scenario
    items = (s.market.contracts[cid].items or {}) if s is not None else {}
    shares = {pid: ctx.interval(key, f"package_items.{cid}.{pid}.on_time_share")[0] for pid in items}
    shares = {pid: x for pid, x in shares.items() if math.isfinite(x)}
    if len(shares) < 2 or min(shares.values()) >= 1.0:
        return ""
    lowest = min(shares, key=lambda pid: shares[pid])
    rest = min(x for pid, x in shares.items() if pid != lowest)
    return ctx.tr.gettext("The item that binds: {item}, ready in time for {share} of the packages; every other item "
                          "for at least {rest}.", item=ctx.names.product(lowest),
                          share=text.percent(shares[lowest], ctx.lang), rest=text.percent(rest, ctx.lang))


def diagnoses(ctx: Context) -> list[str]:
    """The triad diagnosis in the reader's language: what the levers buy, measured; only when
    they were not measured, the threshold reading of the current state, labelled as a first hint."""
    out = []
    if ctx.levers is not None:
        prefix = f"{ctx.key_label(ctx.keys[0])}: " if len(ctx.keys) > 1 or ctx.kind == "sweep" else ""
        out.append(prefix + verdict.text(ctx.levers, ctx.lang, lever_names(ctx), file="scenario.yaml"))
    if ctx.levers is not None:
        return out  # measured: the threshold reading would be a second verdict
    for key in ctx.keys:
        found = ctx.diagnosis.get(key)
        if found:
            prefix = f"{ctx.key_label(key)}: " if len(ctx.keys) > 1 or ctx.kind == "sweep" else ""
            out.append(prefix + verdict.hint(ctx.lang) + " " + Diagnosis.from_dict(found).summary(ctx.lang))
    return out


def lever_names(ctx: Context) -> dict[str, str]:
    from analysis.reporting.charts.levers import names

    return names(ctx)


def skipped_levers(ctx: Context) -> list[str]:
    """Levers not measured because they cannot change anything, with the reason."""
    return [s.label(ctx.lang) for s in ctx.levers.skipped] if ctx.levers is not None else []


def variant_legs(ctx: Context) -> Table | None:
    """For a sweep: the binding leg of every variant (up to 60)."""
    if ctx.kind != "sweep" or ctx.variants is None or len(ctx.variants) > 60:
        return None
    rows = []
    for key in ctx.variants["key"]:
        found = ctx.diagnosis.get(str(key))
        if found:
            rows.append([ctx.key_label(str(key)), leg_name(found["leg"], ctx.lang)])
    return Table([ctx.tr.gettext("variant"), ctx.tr.gettext("binding leg")], rows, [False, False])


def reproduce(ctx: Context, html: Path) -> tuple[str, str]:
    """The command that made the folder and the one that makes this report."""
    argv = [str(a) for a in ctx.settings.get("argv") or []]
    made = "ambacht " + shlex.join(argv) if argv else f"ambacht {ctx.settings.get('command', 'run')} …"
    report = "ambacht " + shlex.join(["report", str(ctx.folder), "--lang", ctx.lang])
    return made, report


def partial_note(ctx: Context) -> str:
    """For an interrupted sweep: what finished, and the command that continues it; else ''."""
    s = ctx.settings
    if not s.get("partial"):
        return ""
    argv = [str(a) for a in s.get("argv") or []]
    if argv and argv[0] == "sweep":
        command = "ambacht " + shlex.join(argv if "--resume" in argv else [*argv, "--resume"])
    else:
        command = "ambacht sweep … --resume"
    return ctx.tr.gettext("These results are partial: the sweep was interrupted when {finished} of {total} runs "
                          "had finished. Variants without runs are missing; continue with: {command}",
                          finished=s.get("finished", "?"), total=s.get("total", "?"), command=command)


def environment(tr: text.Translation) -> Environment:
    """Jinja2 with the i18n extension: ``{{ _("Summary") }}`` in the template is translated by
    ``tr`` (and filled in as in Python: ``_("Made with Ambacht {version}", version=...)``)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(tr.gettext, tr.ngettext, newstyle=False,  # type: ignore[attr-defined]
                                  pgettext=tr.pgettext, npgettext=tr.npgettext)
    return env


def render(ctx: Context, charts: list[Chart], html: Path, images: dict[str, str] | None = None,
           for_print: bool = False) -> str:
    """The report as one HTML text; ``images``: base64 PNG per chart id, when already made;
    ``for_print``: the page the PDF is typeset from (A4, without the tables behind the charts)."""
    images = images or {}
    lang, s = ctx.lang, ctx.scenario
    tr = ctx.tr
    template = environment(tr).get_template("report.html.j2")
    made, report = reproduce(ctx, html)
    versions = ctx.settings.get("versions") or {}
    base = (tr.gettext("The detail charts show the variant {variant}.", variant=ctx.key_label(ctx.keys[0]))
            if ctx.kind == "sweep" and ctx.keys else "")
    return template.render(
        lang=lang,
        title=tr.gettext("Report: {scenario}", scenario=ctx.settings.get("scenario") or (s.name if s else "?")),
        provenance=ctx.provenance,
        question=label_text(s.question, lang, "") if s is not None else "",
        partial=partial_note(ctx), answers=answers(ctx), diagnoses=diagnoses(ctx), base_variant=base, variant_legs=variant_legs(ctx),
        levers=next((format_table(c, lang) for c in charts if c.id == "levers"), None),
        levers_skipped=skipped_levers(ctx), levers_caption=verdict.table_caption(lang),
        levers_not_tried=verdict.not_tried(lang),
        figures=[(ctx.key_label(k) if len(ctx.keys) > 1 else "", key_figures(ctx, k)) for k in ctx.keys],
        time_base_notes=time_base_notes(ctx),
        assumptions=sections(s, lang) if s is not None else [],
        method=method(ctx),
        sources=list(s.sources) if s is not None else [],
        charts=[{"chart": c, "png": images.get(c.id) or png_base64(c), "table": format_table(c, lang)} for c in charts],
        command=made, report_command=report,
        versions=", ".join(f"{k} {v}" for k, v in versions.items()),
        version=versions.get("ambacht", sim.__version__),
        for_print=for_print,
    )


def write_report(folder: Path | str, lang: str | None = None, out: Path | str | None = None) -> Path:
    """:func:`_write_report` holding the folder's lock: a ``run --force`` cannot swap the folder
    away while its report is written (:mod:`analysis.results.lock`)."""
    with folder_lock(Path(folder), wait=LOCK_WAIT_SECONDS):
        return _write_report(folder, lang, out)


def _write_report(folder: Path | str, lang: str | None = None, out: Path | str | None = None) -> Path:
    """Write the HTML report (``out`` or ``folder/report-<lang>.html``), its PDF and chart files.

    ``lang`` defaults to the folder's language (settings.json). Returns the HTML path. The PDF
    is left out when it cannot be made here (:func:`analysis.reporting.pdf.engine_problem`).
    """
    ctx = load_context(Path(folder), lang)
    html = Path(out) if out is not None else ctx.folder / f"report-{ctx.lang}.html"
    charts = draw_all(ctx)
    images = {}
    for chart in charts:
        png = save(chart, html.parent / "charts", ctx.lang)["png"]
        images[chart.id] = base64.b64encode(png.read_bytes()).decode("ascii")
    page = render(ctx, charts, html, images)
    if engine_problem() is None:
        write_pdf(render(ctx, charts, html, images, for_print=True), html.with_suffix(".pdf"), html.parent)
    write_text_atomic(html, page)
    return html
