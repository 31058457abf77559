"""Occupation (utilisation) of work places per step, of people per pool, and of supervisors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.reporting import metric_text
from analysis.reporting.charts import style
from analysis.reporting.charts.context import Context
from sim import text

PANELS = (
    ("steps", text.N_("Work places per step"), "step"),
    ("pools", text.N_("Participants and staff"), "pool"),
    ("supervisors", text.N_("Supervisors"), "team"),
)
BUSY = 0.85


def draw(ctx: Context) -> list[style.Chart]:
    """One chart with a panel per kind of resource; bars per compared scenario."""
    lang, keys = ctx.lang, ctx.keys
    tr = ctx.tr
    panels = []
    for section, title, kind in PANELS:
        ids = list(dict.fromkeys(i for key in keys for i in ctx.ids(key, section, "utilisation")))
        if ids:
            panels.append((section, title, kind, ids))
    if not panels:
        return []
    per_bar = 0.32 * max(1, len(keys))
    fig = style.figure(9, 1.4 + sum(0.55 + per_bar * len(ids) for *_, ids in panels))
    axes = fig.subplots(len(panels), 1, sharex=True, gridspec_kw={"height_ratios": [len(p[3]) + 0.6 for p in panels]})
    axes = np.atleast_1d(axes)
    table = []
    top = 0.0
    busiest = ("", -math.inf)
    for p, (ax, (section, title, kind, ids)) in enumerate(zip(axes, panels, strict=True)):
        height = 0.8 / len(keys)
        for k, key in enumerate(keys):
            means, lows, highs = [], [], []
            for item in ids:
                mean, low, high = ctx.interval(key, f"{section}.{item}.utilisation")
                means.append(mean)
                lows.append(mean - low if math.isfinite(mean) else 0)
                highs.append(high - mean if math.isfinite(mean) else 0)
                name = getattr(ctx.names, kind)(item)
                table.append({"kind": tr.gettext(title), "name": name, "key": ctx.key_label(key),
                              "mean": mean, "low": mean - lows[-1], "high": mean + highs[-1]})
                if math.isfinite(mean) and mean > busiest[1]:
                    busiest = (name, mean)
                top = max(top, mean + highs[-1] if math.isfinite(mean) else 0)
            positions = np.arange(len(ids)) - 0.4 + height * (k + 0.5)
            index = k if len(keys) > 1 else p
            ax.barh(positions, np.nan_to_num(means), height=height * 0.9, color=style.colour(index),
                    hatch=style.hatch(index), edgecolor="white" if index == 0 else style.BLACK, linewidth=0.3,
                    xerr=[lows, highs], error_kw={"ecolor": style.BLACK, "capsize": 3, "elinewidth": 1},
                    label=ctx.key_label(key) if len(keys) > 1 and p == 0 else None)
            for y, mean, high in zip(positions, means, highs, strict=True):
                if math.isfinite(mean):
                    ax.text(mean + high + 0.015, y, text.percent(mean, lang), va="center", fontsize=8.5)
        ax.set_yticks(range(len(ids)), [style.wrap(getattr(ctx.names, kind)(i)) for i in ids])
        ax.invert_yaxis()
        ax.set_title(tr.gettext(title))
        ax.axvline(1.0, color=style.GREY, linewidth=1)
        ax.axvline(BUSY, color=style.GREY, linewidth=0.8, linestyle=":")
        ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
        ax.set_axisbelow(True)
    axes[-1].set_xlim(0, max(1.12, top + 0.15))
    style.share_axis(axes[-1].xaxis, lang)
    axes[-1].set_xlabel(metric_text.axis_label("steps.<id>.utilisation", lang))
    if len(keys) > 1:
        axes[0].legend(loc="lower right", title=tr.gettext("scenario"))
    style.finish(fig, tr.gettext("Occupation of steps, people and supervisors"), ctx.provenance)
    data = pd.DataFrame(table).rename(columns=_columns(lang))
    if len(keys) == 1:
        data = data.drop(columns=[_columns(lang)["key"]])
    cols = _columns(lang)
    return [style.Chart(
        id="utilisation", title=tr.gettext("Occupation of steps, people and supervisors"),
        alt=tr.gettext("Horizontal bar chart of occupation per step, group and supervisor team. "
                       "The busiest is {busiest} at {value}.", busiest=busiest[0], value=text.percent(busiest[1], lang)),
        caption=tr.gettext("Share of the time that work places, people and supervisors are busy; error bars show "
                           "the 95% confidence interval. Above 85% queues build up quickly."),
        figure=fig, data=data,
        formats={cols[c]: "percent" for c in ("mean", "low", "high")},
    )]


def _columns(lang: str) -> dict[str, str]:
    _ = text.translation(lang).gettext
    return {"kind": _("kind"), "name": _("name"), "key": _("scenario"), "mean": metric_text.axis_label("steps.<id>.utilisation", lang),
            "low": _("95% interval low"), "high": _("95% interval high")}
