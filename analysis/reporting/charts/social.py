"""Social impact per target group: hours worked and lost, people served and where they went."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from analysis.reporting import metric_text
from analysis.reporting.charts import style
from analysis.reporting.charts.context import Context, for_each_key
from sim import text

PEOPLE = ("people_served", "outflow_to_job", "outflow_to_education", "outflow_to_other")
PEOPLE_COLOURS = (style.ORANGE, style.GREEN, style.SKY, style.PURPLE)


def groups_shown(ctx: Context, key: str) -> list[str]:
    """Target groups the centre is for: supervised or with trajectories (not paid staff alone)."""
    ids = ctx.ids(key, "groups", "hours")
    if ctx.scenario is None:
        return ids
    s = ctx.scenario
    with_trajectory = {p.group for p in s.workforce.values() if p.trajectory is not None}
    chosen = [g for g in ids if g in s.target_groups and (s.target_groups[g].supervision_ratio or g in with_trajectory)]
    return chosen


def draw(ctx: Context) -> list[style.Chart]:
    return for_each_key(ctx, _draw_key)


def _draw_key(ctx: Context, key: str) -> style.Chart | None:
    lang = ctx.lang
    tr = ctx.tr
    groups = groups_shown(ctx, key)
    if not groups or all(ctx.mean(key, f"groups.{g}.hours", 0.0) <= 0 for g in groups):
        return None
    names = [ctx.names.group(g) for g in groups]
    fig = style.figure(10, 2.6 + 0.7 * len(groups))
    ax_hours, ax_people = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
    y = np.arange(len(groups))
    worked = np.array([ctx.mean(key, f"groups.{g}.hours", 0.0) for g in groups])
    lost = np.array([ctx.mean(key, f"groups.{g}.hours_lost_to_missing_supervision", 0.0) for g in groups])
    ax_hours.barh(y, worked, color=style.BLUE, label=metric_text.name("groups.<id>.hours", lang), height=0.6)
    ax_hours.barh(y, lost, left=worked, color=style.VERMILLION, hatch="///", edgecolor="white", linewidth=0.4,
                  label=metric_text.name("groups.<id>.hours_lost_to_missing_supervision", lang), height=0.6)
    for yi, w, lo in zip(y, worked, lost, strict=True):
        extra = f" (+{text.number(lo, lang)} " + tr.gettext("lost") + ")" if lo >= 0.5 else ""
        ax_hours.text(w + lo, yi, " " + text.number(w, lang) + extra,
                      va="center", fontsize=8.5)
    ax_hours.set_yticks(y, [style.wrap(n, 24) for n in names])
    ax_hours.invert_yaxis()
    ax_hours.set_title(tr.gettext("Hours per year"))
    ax_hours.set_xlim(0, max(1.0, float((worked + lost).max())) * 1.6)
    style.number_axis(ax_hours.xaxis, lang)
    ax_hours.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax_hours.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1)

    height = 0.8 / len(PEOPLE)
    table = []
    for i, metric in enumerate(PEOPLE):
        means, lows, highs = [], [], []
        for g in groups:
            mean, low, high = ctx.interval(key, f"groups.{g}.{metric}")
            mean, low, high = (v if math.isfinite(v) else 0.0 for v in (mean, low, high))
            means.append(mean)
            lows.append(max(0.0, mean - max(low, 0.0)))
            highs.append(max(0.0, high - mean))
        positions = y - 0.4 + height * (i + 0.5)
        ax_people.barh(positions, means, height=height * 0.92, color=PEOPLE_COLOURS[i], hatch=style.hatch(i),
                       edgecolor=style.BLACK if i else "white", linewidth=0.3, label=metric_text.name(f"groups.<id>.{metric}", lang),
                       xerr=[lows, highs], error_kw={"ecolor": style.BLACK, "capsize": 2, "elinewidth": 0.8})
    for g, name in zip(groups, names, strict=True):
        row = {"group": name,
               "hours": ctx.mean(key, f"groups.{g}.hours", 0.0),
               "lost": ctx.mean(key, f"groups.{g}.hours_lost_to_missing_supervision", 0.0)}
        for metric in PEOPLE:
            row[metric] = ctx.mean(key, f"groups.{g}.{metric}", 0.0)
        table.append(row)
    ax_people.set_yticks(y, [""] * len(groups))
    ax_people.invert_yaxis()
    ax_people.set_title(tr.gettext("People per year"))
    style.number_axis(ax_people.xaxis, lang)
    ax_people.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    for ax in (ax_hours, ax_people):
        ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
        ax.set_axisbelow(True)
    title = tr.gettext("Social impact per target group") + (f" — {ctx.key_label(key)}" if len(ctx.keys) > 1 else "")
    style.finish(fig, title, ctx.provenance)
    first = table[0]
    finding = tr.gettext("{group} works {hours} hours a year; {lost} hours are lost to missing supervision.",
                         group=first["group"], hours=text.number(first["hours"], lang),
                         lost=text.number(first["lost"], lang))
    cols = _columns(lang)
    return style.Chart(
        id="social" + ctx.suffix(key), title=title,
        alt=tr.gettext("Bar charts per target group of hours worked and lost and of people served and outflow. "
                       "{finding}", finding=finding),
        caption=tr.gettext("Left: hours participants worked and hours lost because supervision was short; right: "
                           "how many people take part per year and where they go (those in place at the start of "
                           "the measured period plus a year of newcomers). All scaled to a year. Error bars: 95% "
                           "confidence interval."),
        figure=fig, data=pd.DataFrame(table).rename(columns=cols),
    )


def _columns(lang: str) -> dict[str, str]:
    _ = text.translation(lang).gettext
    return {"group": _("target group"), "hours": metric_text.axis_label("groups.<id>.hours", lang),
            "lost": metric_text.axis_label("groups.<id>.hours_lost_to_missing_supervision", lang),
            **{m: metric_text.axis_label(f"groups.<id>.{m}", lang) for m in PEOPLE}}
