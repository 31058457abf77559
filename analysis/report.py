"""The council report: one self-contained HTML file per language, with its charts and a PDF.

``write_report(folder, lang)`` reads any results folder (run, compare, sweep) and writes:

* ``report-<lang>.html``: summary in plain words (the scenario's question and its answer, the
  triad diagnosis, key figures), the assumptions with their sources, every chart with alt text
  and its numbers as a table, and how to reproduce it. Images are inline; the page makes no
  external request at all.
* ``report-<lang>.pdf``: a title page and every chart.
* ``charts/<chart>-<lang>.png`` and ``.svg``.
"""

from __future__ import annotations

import base64
import math
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

import sim
from analysis import i18n
from analysis.assumptions import sections
from analysis.charts import draw_all, load_context
from analysis.charts.context import Context
from analysis.charts.output import png_base64, save, save_pdf, title_page
from analysis.charts.staffing import first_meeting, lines, x_parameter
from analysis.charts.style import Chart
from analysis.diagnosis import LEG_NAMES
from analysis.files import write_text_atomic
from analysis.tables import HEADLINE
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
                cells.append(i18n.percent(value, lang))
            elif kind == "money":
                cells.append(i18n.money(value, lang))
            else:
                cells.append(i18n.number(value, lang))
        rows.append(cells)
    return Table([str(c) for c in frame.columns], rows, numeric)


def metric_label(ctx: Context, metric: str) -> str:
    """A readable name for a metric with the user's names: 'Sorteren: bezetting'."""
    from analysis.tables import NAMES, SECTIONS

    parts = metric.split(".")
    i = 0 if ctx.lang == "en" else 1
    last = NAMES.get(parts[-1], (parts[-1], parts[-1]))[i]
    if len(parts) == 3:
        owner = {"steps": ctx.names.step, "pools": ctx.names.pool, "supervisors": ctx.names.team,
                 "contracts": ctx.names.contract, "materials": ctx.names.stream, "groups": ctx.names.group,
                 "products": ctx.names.product}.get(parts[0], lambda x: x)
        return f"{owner(parts[1])}: {last}"
    section = SECTIONS.get(parts[0], (parts[0], parts[0]))[i]
    return f"{section}: {last}"


def _formatted(metric: str, value: float, lang: str) -> str:
    if metric.endswith(("share", "utilisation", "fill_rate")):
        return i18n.percent(value, lang)
    if metric.startswith("economics."):
        return i18n.money(value, lang)
    return i18n.number(value, lang)


def _bounded(metric: str, mean: float, low: float, high: float) -> tuple[float, float, float]:
    """An interval within what the quantity can be: shares in 0..1, amounts not below 0 (money may)."""
    if metric.endswith(("share", "fill_rate")):
        return mean, max(low, 0.0), min(high, 1.0)
    if not metric.startswith("economics."):
        return mean, max(low, 0.0), high
    return mean, low, high


def key_figures(ctx: Context, key: str) -> Table:
    """Headline metrics of one key: mean and 95% interval."""
    metrics = ctx.metrics(key)
    market = ctx.scenario.market if ctx.scenario is not None else None
    absent = {c for c in ("shop", "online") if market is not None and getattr(market, c) is None}
    rows = []
    for pattern in HEADLINE:
        for metric in metrics:
            if re.fullmatch(pattern, metric) and metric.split(".")[0] not in absent:
                mean, low, high = _bounded(metric, *ctx.interval(key, metric))
                interval = "" if low == high else f"{_formatted(metric, low, ctx.lang)} – {_formatted(metric, high, ctx.lang)}"
                rows.append([metric_label(ctx, metric), _formatted(metric, mean, ctx.lang), interval])
    lang = ctx.lang
    return Table([i18n.t("report_metric", lang), i18n.t("report_mean", lang), i18n.t("report_interval", lang)],
                 rows, [False, True, True])


def answers(ctx: Context) -> list[str]:
    """The answer to the scenario's question, in plain sentences: is each contract's promise kept?"""
    lang, s = ctx.lang, ctx.scenario
    if s is None or not s.market.contracts:
        return [i18n.t("answer_no_contract", lang)]
    out = []
    if ctx.kind == "sweep" and ctx.variants is not None and (x_path := x_parameter(ctx.variants)) is not None:
        x_name = ctx.names.path(x_path)
        for cid, contract in s.market.contracts.items():
            target = contract.target_on_time_share
            name, pct = ctx.names.contract(cid), i18n.percent(target, lang)
            for line in lines(ctx, cid, x_path):
                condition = i18n.t("answer_condition", lang, what=line.label) if line.label else ""
                meets = first_meeting(line, target)
                if meets is None:
                    out.append(i18n.t("answer_sweep_none", lang, contract=name, condition=condition, x=x_name,
                                      target=pct))
                    continue
                text = i18n.t("answer_sweep", lang, contract=name, condition=condition, x=x_name,
                              value=i18n.number(meets, lang), target=pct)
                sure = first_meeting(line, target, sure=True)
                if sure is not None:
                    text += " " + i18n.t("answer_sweep_sure", lang, value=i18n.number(sure, lang))
                out.append(text)
        return out
    for key in ctx.keys:
        prefix = f"{ctx.key_label(key)}: " if len(ctx.keys) > 1 else ""
        for cid, contract in s.market.contracts.items():
            mean, low, high = ctx.interval(key, f"contracts.{cid}.on_time_share")
            if not math.isfinite(mean):
                continue
            target = contract.target_on_time_share
            verdict = "answer_met" if low >= target else "answer_not_met" if high < target else "answer_unsure"
            out.append(prefix + i18n.t(verdict, lang, contract=ctx.names.contract(cid), share=i18n.percent(mean, lang),
                                       low=i18n.percent(low, lang), high=i18n.percent(high, lang),
                                       target=i18n.percent(target, lang)))
    return out or [i18n.t("answer_no_contract", lang)]


def diagnoses(ctx: Context) -> list[str]:
    """The triad diagnosis in the reader's language, per key shown."""
    out = []
    for key in ctx.keys:
        found = ctx.diagnosis.get(key)
        if found:
            prefix = f"{ctx.key_label(key)}: " if len(ctx.keys) > 1 or ctx.kind == "sweep" else ""
            out.append(prefix + found["text"][ctx.lang])
    return out


def variant_legs(ctx: Context) -> Table | None:
    """For a sweep: the binding leg of every variant (up to 60)."""
    if ctx.kind != "sweep" or ctx.variants is None or len(ctx.variants) > 60:
        return None
    rows = []
    for key in ctx.variants["key"]:
        found = ctx.diagnosis.get(str(key))
        if found:
            rows.append([ctx.key_label(str(key)), LEG_NAMES[ctx.lang].get(found["leg"], found["leg"])])
    return Table([i18n.t("variant", ctx.lang), i18n.t("report_variant_leg", ctx.lang)], rows, [False, False])


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
    return i18n.t("report_partial", ctx.lang, finished=s.get("finished", "?"), total=s.get("total", "?"),
                  command=command)


def render(ctx: Context, charts: list[Chart], html: Path, images: dict[str, str] | None = None) -> str:
    """The report as one HTML text; ``images``: base64 PNG per chart id, when already made."""
    images = images or {}
    lang, s = ctx.lang, ctx.scenario
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("report.html.j2")
    made, report = reproduce(ctx, html)
    versions = ctx.settings.get("versions") or {}
    base = (i18n.t("report_base_variant", lang, variant=ctx.key_label(ctx.keys[0]))
            if ctx.kind == "sweep" and ctx.keys else "")
    return template.render(
        lang=lang, t=lambda key, **values: i18n.t(key, lang, **values),
        title=i18n.t("report_title", lang, scenario=ctx.settings.get("scenario") or (s.name if s else "?")),
        provenance=ctx.provenance,
        question=label_text(s.question, lang, "") if s is not None else "",
        partial=partial_note(ctx), answers=answers(ctx), diagnoses=diagnoses(ctx), base_variant=base, variant_legs=variant_legs(ctx),
        figures=[(ctx.key_label(k) if len(ctx.keys) > 1 else "", key_figures(ctx, k)) for k in ctx.keys],
        assumptions=sections(s, lang) if s is not None else [],
        sources=list(s.sources) if s is not None else [],
        charts=[{"chart": c, "png": images.get(c.id) or png_base64(c), "table": format_table(c, lang)} for c in charts],
        command=made, report_command=report,
        versions=", ".join(f"{k} {v}" for k, v in versions.items()),
        version=versions.get("ambacht", sim.__version__),
    )


def write_report(folder: Path | str, lang: str | None = None, out: Path | str | None = None) -> Path:
    """Write the HTML report (``out`` or ``folder/report-<lang>.html``), its PDF and chart files.

    ``lang`` defaults to the folder's language (settings.json). Returns the HTML path.
    """
    ctx = load_context(Path(folder), lang)
    html = Path(out) if out is not None else ctx.folder / f"report-{ctx.lang}.html"
    charts = draw_all(ctx)
    images = {}
    for chart in charts:
        png = save(chart, html.parent / "charts", ctx.lang)["png"]
        images[chart.id] = base64.b64encode(png.read_bytes()).decode("ascii")
    text = render(ctx, charts, html, images)
    lines_ = [label_text(ctx.scenario.question, ctx.lang, "") if ctx.scenario else ""]
    first = title_page(i18n.t("report_title", ctx.lang, scenario=ctx.settings.get("scenario", "?")),
                       [x for x in [partial_note(ctx), *lines_, *answers(ctx), *diagnoses(ctx)] if x], ctx.provenance)
    save_pdf(charts, html.with_suffix(".pdf"), first)
    write_text_atomic(html, text)
    return html
