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

from analysis import verdict
from analysis.charts import style
from analysis.charts.context import Context
from analysis.levers import REPORTED, LeverStudy, MeasuredLever
from analysis.tables import label

LEG_COLOURS = {"materials": style.SKY, "labour": style.ORANGE, "market": style.PURPLE}
TEXT = {
    "title": {"en": "What each lever buys: {metric}", "nl": "Wat elke hefboom oplevert: {metric}"},
    "x": {"en": "change against the base (95% interval)", "nl": "verandering ten opzichte van de basis (95%-interval)"},
    "recommended": {"en": "buys most", "nl": "levert het meeste op"},
    "real": {"en": "distinguishable from zero", "nl": "te onderscheiden van nul"},
    "not_real": {"en": "not distinguishable from zero", "nl": "niet te onderscheiden van nul"},
    "caption": {
        "en": "Each bar is the mean difference between the scenario with one lever changed and the base scenario, "
              "over replications with the same random numbers (paired); the whisker is the 95% interval. Solid bars "
              "are distinguishable from zero. The binding leg is the leg of the lever that buys most. {runs} runs.",
        "nl": "Elke balk is het gemiddelde verschil tussen het scenario met één hefboom veranderd en het basisscenario, "
              "over replicaties met dezelfde toevalsgetallen (gepaard); de snor is het 95%-interval. Volle balken zijn te "
              "onderscheiden van nul. De beperkende poot is de poot van de hefboom die het meeste oplevert. {runs} runs.",
    },
    "alt": {"en": "Bar chart: the change in {metric} that each of {n} levers buys, grouped by leg. {finding}",
            "nl": "Staafdiagram: de verandering in {metric} die elk van {n} hefbomen oplevert, per poot. {finding}"},
    "leg": {"en": "leg", "nl": "poot"},
    "lever": {"en": "lever", "nl": "hefboom"},
    "cost": {"en": "cost per year", "nl": "kosten per jaar"},
    "low": {"en": "95% low", "nl": "95% laag"},
    "high": {"en": "95% high", "nl": "95% hoog"},
    "check": {"en": "check with --vary", "nl": "controle met --vary"},
    "per_euro": {"en": "gain per € 10,000 a year", "nl": "opbrengst per € 10.000 per jaar"},
}


def t(key: str, lang: str, **values: object) -> str:
    return TEXT[key][lang].format(**values)


def draw(ctx: Context) -> list[style.Chart]:
    if ctx.levers is None or not ctx.levers.levers:
        return []
    return [chart(ctx.levers, ctx.lang, ctx.provenance, names(ctx))]


def names(ctx: Context) -> dict[str, str]:
    """The user's display names of the ids a lever or metric names."""
    s = ctx.scenario
    if s is None:
        return {}
    names = {cid: ctx.names.contract(cid) for cid in s.market.contracts}
    names.update({sid: ctx.names.stream(sid) for sid in s.materials})
    names.update({pid: ctx.names.pool(pid) for pid in s.workforce})
    names.update({sid: ctx.names.step(sid) for sid in s.steps})
    return names


def _scale(metric: str) -> float:
    """Shares are shown in percentage points."""
    last = metric.rsplit(".", 1)[-1]
    return 100.0 if last.endswith(("share", "fill_rate", "utilisation")) else 1.0


def ordered(study: LeverStudy) -> list[MeasuredLever]:
    """Levers grouped by leg (materials, labour, market), most gain first within a leg."""
    legs = ("materials", "labour", "market")
    return sorted(study.levers, key=lambda x: (legs.index(x.lever.leg), -_gain(x), x.lever.id))


def _gain(x: MeasuredLever) -> float:
    return x.gain.mean if math.isfinite(x.gain.mean) else -math.inf


def chart(study: LeverStudy, lang: str, provenance: str, names: dict[str, str] | None = None) -> style.Chart:
    metric = study.objective
    metric_name = label(metric, lang, names)
    scale = _scale(metric)
    levers = ordered(study)
    best = study.recommended
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
            ax.annotate(f"◀ {t('recommended', lang)}", (max(mean, e.high * scale if math.isfinite(e.high) else mean), i),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=8.5, fontweight="bold")
    ax.axvline(0, color=style.BLACK, linewidth=0.8)
    ax.set_yticks(np.arange(len(levers)), [style.shorten(x.lever.label(lang), 46) for x in levers], fontsize=8)
    ax.invert_yaxis()
    low, high = ax.get_xlim()
    ax.set_xlim(low, high + (high - low) * 0.45)  # room for the mark
    style.number_axis(ax.xaxis, lang)
    unit = " (" + verdict.TEXT["points"][lang] + ")" if scale != 1.0 else ""
    ax.set_xlabel(t("x", lang) + unit)
    ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    handles = [Patch(facecolor=LEG_COLOURS[leg], edgecolor=LEG_COLOURS[leg], label=verdict.leg_name(leg, lang))
               for leg in ("materials", "labour", "market") if any(x.lever.leg == leg for x in levers)]
    handles.append(Patch(facecolor="white", edgecolor=style.GREY, hatch="///", label=t("not_real", lang)))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=2, borderaxespad=0, fontsize=8)
    title = t("title", lang, metric=metric_name)
    style.finish(fig, title, provenance)
    finding = verdict.sentences(study, lang, names)[1]
    return style.Chart(id="levers", title=title, alt=t("alt", lang, metric=metric_name, n=len(levers), finding=finding),
                       caption=t("caption", lang, runs=study.runs), figure=fig, data=table(study, lang, names),
                       formats={t("cost", lang): "money", label("economics.net_result", lang, names): "money"})


def table(study: LeverStudy, lang: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The levers as a table: the objective's mean and interval, the other effects, cost, n, the --vary."""
    metric = study.objective
    scale = _scale(metric)
    objective = label(metric, lang, names) + (" (pp)" if scale != 1.0 else "")
    rows = []
    for x in study.levers:
        e = x.effects[metric]
        row = {t("leg", lang): verdict.leg_name(x.lever.leg, lang), t("lever", lang): x.lever.label(lang),
               t("cost", lang): x.lever.cost_per_year if x.lever.cost_per_year is not None else math.nan,
               "n": x.replications, objective: e.mean * scale, t("low", lang): e.low * scale,
               t("high", lang): e.high * scale,
               t("per_euro", lang): x.per_euro * scale * 10_000 if x.per_euro is not None else math.nan}
        for other in REPORTED:
            if other != metric:
                row[label(other, lang, names)] = x.effects[other].mean if other in x.effects else math.nan
        row[t("check", lang)] = x.lever.vary
        rows.append(row)
    return pd.DataFrame(rows)
