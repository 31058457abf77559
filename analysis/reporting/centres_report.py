"""Many centres side by side: the comparison table, the chart with the sector's bands, a page."""

from __future__ import annotations

import datetime as dt
import html
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import sim
from analysis.experiments.centres import FIGURES, CentresResult
from analysis.reporting import metric_text
from analysis.reporting.charts import style
from analysis.reporting.charts.output import png_base64, save
from analysis.results.files import FolderWriter
from sim import text

LANGUAGES = ("nl", "en")


METRIC_OF = {"kg_in_per_year": "impact.kg_in", "reuse_share": "impact.reuse_share",
             "participant_hours_per_year": "impact.participant_hours", "net_result": "economics.net_result"}
"""Figures that are a run metric as it is: named as the registry names it (analysis.reporting.metric_text)."""


def figure_label(figure_id: str, lang: str) -> str:
    if figure_id in METRIC_OF:
        return metric_text.label(METRIC_OF[figure_id], lang)
    _ = text.translation(lang).gettext
    return {
        "revenue_per_kg_reused": _("revenue per kg reused"),
        "participants": _("participant places"),
        "people_per_supervisor": _("participants per supervisor present"),
        "lost_to_missing_supervision_share": _("share of hours lost to missing supervision"),
        "net_result_share_of_revenue": _("net result as a share of revenue"),
        "cost_per_participant_place": _("cost per participant place per year"),
    }[figure_id]


def show(kind: str, value: float, lang: str) -> str:
    if kind == "money":
        return text.money(value, lang, cents=abs(value) < 100 if math.isfinite(value) else False)
    if kind == "share":
        return text.percent(value, lang)
    return text.number(value, lang)


def table(result: CentresResult, lang: str) -> pd.DataFrame:
    """Figures as rows, centres as columns, and the published band in the last column."""
    _ = text.translation(lang).gettext
    rows = []
    for f in FIGURES:
        row: dict[str, Any] = {_("figure"): figure_label(f.id, lang)}
        for c in result.centres:
            value = c["figures"][f.id]
            mark = "" if value["in_band"] is None else (" ✓" if value["in_band"] else " ✗")
            row[c["name"]] = show(f.kind, value["mean"], lang) + mark
        band = ""
        if f.low is not None or f.high is not None:
            low = show(f.kind, f.low, lang) if f.low is not None else ""
            high = show(f.kind, f.high, lang) if f.high is not None else ""
            band = f"{low} – {high}" if low and high else (_("at most {x}", x=high) if high else _("at least {x}", x=low))
        row[_("sector")] = band
        rows.append(row)
    return pd.DataFrame(rows)


def _tag(tag: str, content: str) -> str:
    """An HTML element around escaped text."""
    return f"<{tag}>{html.escape(content)}</{tag}>"


def stamp() -> str:
    return f"Ambacht {sim.__version__} · {dt.date.today().isoformat()}"


def chart(result: CentresResult, lang: str) -> style.Chart:
    """One small panel per figure with a band: each centre's mean with its interval, the band shaded."""
    _ = text.translation(lang).gettext
    banded = [f for f in FIGURES if f.low is not None or f.high is not None]
    names = [c["name"] for c in result.centres]
    fig = style.figure(10, 1.2 + (0.35 * len(names) + 0.9) * math.ceil(len(banded) / 2))
    axes = np.atleast_1d(fig.subplots(math.ceil(len(banded) / 2), 2)).ravel()
    for ax, f in zip(axes, banded, strict=False):
        values = [c["figures"][f.id] for c in result.centres]
        y = np.arange(len(names))
        means = np.array([v["mean"] for v in values], dtype=float)
        low = np.array([v["ci_low"] for v in values], dtype=float)
        high = np.array([v["ci_high"] for v in values], dtype=float)
        errors = np.vstack([np.nan_to_num(means - low), np.nan_to_num(high - means)]).clip(min=0)
        lo = f.low if f.low is not None else min(0.0, np.nanmin(means))
        hi = f.high if f.high is not None else np.nanmax(means)
        ax.axvspan(lo, hi, color=style.GREEN, alpha=0.15, label=_("published band"))
        ax.errorbar(means, y, xerr=errors, fmt="o", color=style.BLUE, ecolor=style.BLACK, capsize=3)
        ax.set_yticks(y, [style.wrap(n, 22) for n in names])
        ax.invert_yaxis()
        ax.set_title(figure_label(f.id, lang), fontsize=9.5)
        if f.kind == "share":
            style.share_axis(ax.xaxis, lang)
        elif f.kind == "money":
            style.money_axis(ax.xaxis, lang)
        else:
            style.number_axis(ax.xaxis, lang)
        ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
    for ax in axes[len(banded):]:
        ax.set_visible(False)
    axes[0].legend(loc="lower right", fontsize=8)
    title = _("Centres side by side against the sector")
    style.finish(fig, title, _("{n} centres · {r} replications each · {stamp}", n=len(names), r=result.replications,
                               stamp=stamp()))
    return style.Chart(
        id="centres", title=title,
        alt=_("Dot charts of each centre's figures with their 95% intervals, against the shaded published band."),
        caption=_("Each dot is a centre's mean with its 95% interval; the shaded band is the sector's published "
                  "figure (see the sources below the table)."),
        figure=fig, data=table(result, lang),
    )


def page(result: CentresResult, lang: str) -> str:
    _ = text.translation(lang).gettext
    title = _("Centres side by side")
    drawn = chart(result, lang)
    parts = [f"<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>",
             "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}"
             "table{border-collapse:collapse;margin:1rem 0}td,th{border-bottom:1px solid #d9d9d9;padding:.25rem .6rem;"
             "text-align:right}td:first-child,th:first-child{text-align:left}img{max-width:100%}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             table(result, lang).to_html(index=False, border=0),
             _tag("p", _("✓: inside the published band; ✗: outside it.")),
             f"<figure><img alt=\"{html.escape(drawn.alt)}\" src=\"data:image/png;base64,{png_base64(drawn)}\">"
             f"<figcaption>{html.escape(drawn.caption)}</figcaption></figure>",
             _tag("h2", _("Sources of the sector figures")) + "<ul>"]
    parts += [f"<li>{html.escape(figure_label(f.id, lang))}: {html.escape(f.source)}</li>" for f in FIGURES if f.source]
    parts.append("</ul></body></html>\n")
    return "".join(parts)


def write_outputs(result: CentresResult, folder: Path, settings: dict[str, Any], report: bool,
                  replace: bool = False) -> Path:
    """The comparison's folder (centres.json, centres.csv, and with ``report`` the chart and
    pages), built beside its place and moved in: never half a folder, never over a user's own."""
    with FolderWriter(folder, settings, replace) as writer:
        writer.json("centres.json", result.to_dict())
        writer.json("settings.json", settings)
        rows = [{"centre": c["name"], "figure": f, **v} for c in result.centres for f, v in c["figures"].items()]
        pd.DataFrame(rows).to_csv(writer.path("centres.csv"), index=False)
        if report:
            (writer.path("charts")).mkdir()
            for lang in LANGUAGES:
                save(chart(result, lang), writer.path("charts"), lang)
                writer.path(f"centres-{lang}.html").write_text(page(result, lang), encoding="utf-8")
        return writer.commit()
