"""What each lever buys: one horizontal bar per lever with its 95% interval, grouped by leg.

Drawn from the levers measured for the folder's scenario (``levers.json``), the same numbers as
the diagnosis text and the levers table: the bar is the mean paired difference in the objective
against the base runs (common random numbers), the whisker its 95% interval. A solid bar is
distinguishable from zero; a hatched one is not. The recommended lever is marked.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from analysis.experiments.levers import REPORTED, LeverStudy, MeasuredLever
from analysis.reporting import metric_text, verdict
from analysis.reporting.charts import style
from analysis.reporting.charts.context import Context
from analysis.reporting.metric_text import label
from sim import text as i18n

COST = "levers.<id>.cost_per_year"
"""A lever's cost (its name and unit in the registry)."""
LEG_COLOURS = {"materials": style.SKY, "labour": style.ORANGE, "market": style.PURPLE}


def draw(ctx: Context) -> list[style.Chart]:
    if ctx.levers is None or not ctx.levers.levers:
        return []
    return [chart(ctx.levers, ctx.lang, ctx.provenance, names(ctx))]


def names(ctx: Context) -> dict[str, str]:
    """The user's display names of the ids a metric names (analysis.reporting.metric_text.owner_names)."""
    return metric_text.owner_names(ctx.scenario, ctx.lang) if ctx.scenario is not None else {}


def _scale(metric: str) -> float:
    """Shares are shown in percentage points."""
    return 100.0 if metric_text.kind(metric) == "percent" else 1.0


def ordered(study: LeverStudy) -> list[MeasuredLever]:
    """Levers grouped by leg (materials, labour, market), most gain first within a leg."""
    legs = ("materials", "labour", "market")
    return sorted(study.levers, key=lambda x: (legs.index(x.lever.leg), -_gain(x), x.lever.id))


def _gain(x: MeasuredLever) -> float:
    return x.gain.mean if math.isfinite(x.gain.mean) else -math.inf


def chart(study: LeverStudy, lang: str, provenance: str, names: dict[str, str] | None = None) -> style.Chart:
    tr = i18n.translation(lang)
    _ = tr.gettext
    metric = study.objective
    metric_name = label(metric, lang, names)
    scale = _scale(metric)
    levers = ordered(study)
    best = study.recommended if study.decided else None  # a withheld verdict marks no lever
    fig = style.figure(9, 2.1 + 0.32 * len(levers))
    ax = fig.subplots()
    for i, x in enumerate(levers):
        e = x.effects[metric]
        mean = e.mean * scale if math.isfinite(e.mean) else 0.0
        colour = LEG_COLOURS[x.lever.leg]
        ax.barh(i, mean, height=0.7, color=colour if x.real else "white", edgecolor=colour,
                hatch="" if x.real else "///", linewidth=1.2)
        if e.n > 1 and math.isfinite(e.low) and math.isfinite(e.high):
            ax.errorbar(mean, i, xerr=[[mean - e.low * scale], [e.high * scale - mean]], fmt="none",
                        ecolor=style.BLACK, elinewidth=1, capsize=3)
        if best is not None and x is best:
            ax.annotate("◀ " + _("buys most"), (max(mean, e.high * scale if math.isfinite(e.high) else mean), i),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=8.5, fontweight="bold")
    ax.axvline(0, color=style.BLACK, linewidth=0.8)
    ax.set_yticks(np.arange(len(levers)), [style.wrap(x.lever.label(lang), 46) for x in levers], fontsize=8)
    ax.invert_yaxis()
    low, high = ax.get_xlim()
    ax.set_xlim(low, high + (high - low) * 0.45)  # room for the mark
    style.number_axis(ax.xaxis, lang)
    unit = " (" + verdict.points(lang) + ")" if scale != 1.0 else ""
    ax.set_xlabel(_("change against the base (95% interval)") + unit)
    ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    handles = [Patch(facecolor=LEG_COLOURS[leg], edgecolor=LEG_COLOURS[leg], label=verdict.leg_name(leg, lang))
               for leg in ("materials", "labour", "market") if any(x.lever.leg == leg for x in levers)]
    handles.append(Patch(facecolor="white", edgecolor=style.GREY, hatch="///", label=_("not distinguishable from zero")))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=2, borderaxespad=0, fontsize=8)
    title = _("What each lever buys: {metric}", metric=metric_name)
    style.finish(fig, title, provenance)
    finding = verdict.sentences(study, lang, names)[1]
    alt = tr.ngettext("Bar chart: the change in {metric} that {n} lever buys, grouped by leg. {finding}",
                      "Bar chart: the change in {metric} that each of {n} levers buys, grouped by leg. {finding}",
                      len(levers), metric=metric_name, finding=finding)
    caption = tr.ngettext(
        "Each bar is the mean difference between the scenario with one lever changed and the base scenario, over "
        "replications with the same random numbers (paired); the whisker is the 95% interval. Solid bars are "
        "distinguishable from zero. The binding leg is the leg of the lever that buys most. {n} run.",
        "Each bar is the mean difference between the scenario with one lever changed and the base scenario, over "
        "replications with the same random numbers (paired); the whisker is the 95% interval. Solid bars are "
        "distinguishable from zero. The binding leg is the leg of the lever that buys most. {n} runs.",
        study.runs)
    return style.Chart(id="levers", title=title, alt=alt, caption=caption, figure=fig, data=table(study, lang, names),
                       formats={metric_text.axis_label(COST, lang): "money", label("economics.net_result", lang, names): "money"})


def table(study: LeverStudy, lang: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The levers as a table: the objective's mean and interval, the other effects, cost, n, the --vary."""
    tr = i18n.translation(lang)
    _ = tr.gettext
    metric = study.objective
    scale = _scale(metric)
    objective = label(metric, lang, names) + (" (" + verdict.points(lang, short=True) + ")" if scale != 1.0 else "")
    rows = []
    for x in study.levers:
        e = x.effects[metric]
        row = {tr.pgettext("leg of the triad", "leg"): verdict.leg_name(x.lever.leg, lang), _("lever"): x.lever.label(lang),
               metric_text.axis_label(COST, lang): x.lever.cost_per_year if x.lever.cost_per_year is not None else math.nan,
               "n": x.replications, objective: e.mean * scale, _("95% low"): e.low * scale,
               _("95% high"): e.high * scale,
               _("gain per € 10,000 a year"): x.per_euro * scale * 10_000 if x.per_euro is not None else math.nan}
        for other in REPORTED:
            if other != metric:
                row[label(other, lang, names)] = x.effects[other].mean if other in x.effects else math.nan
        row[_("check with --vary")] = x.lever.vary
        rows.append(row)
    return pd.DataFrame(rows)
