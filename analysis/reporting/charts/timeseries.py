"""Queues, storage, stock and open orders over time, with the spread across replications."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from analysis.reporting.charts import style
from analysis.reporting.charts.context import Context
from sim import text

PANELS = (
    ("queue.", text.N_("Work waiting per step (lots)"), "step"),
    ("storage_kg.", text.N_("Storage before processing (kg)"), "stream"),
    ("stock.", text.N_("Stock of finished products"), "product"),
    ("backlog.", text.N_("Open contract orders"), "contract"),
)
COUNTED = ("queue.", "backlog.")
"""Panels of things counted whole (lots, orders): their axis has whole-number ticks."""
MAX_LINES = 6
"""Lines per panel; the rest (smallest) are left out so a panel stays readable."""


WEEK = 168.0
WEEKLY_FROM = 8 * WEEK
"""Runs longer than this are shown as weekly means: daily samples make a saw of the working week."""


def weekly(frame: pd.DataFrame) -> pd.DataFrame:
    """Per replication and series the mean of each week, placed mid-week."""
    frame = frame.assign(time=(frame["time"] // WEEK) * WEEK + WEEK / 2)
    return frame.groupby(["replication", "series", "time"], as_index=False)["value"].mean()


def bands(frame: pd.DataFrame) -> pd.DataFrame:
    """Per series and time: mean, 10th and 90th percentile over the replications.

    Long runs sampled more often than weekly are first averaged per week.
    """
    times = frame["time"].drop_duplicates().sort_values()
    if len(times) > 2 and times.iloc[-1] - times.iloc[0] > WEEKLY_FROM and times.diff().median() < WEEK:
        frame = weekly(frame)
    grouped = frame.groupby(["series", "time"])["value"]
    out = grouped.agg(mean="mean").join(grouped.quantile(0.1).rename("low")).join(grouped.quantile(0.9).rename("high"))
    return out.reset_index()


def draw(ctx: Context) -> list[style.Chart]:
    """One chart per key (compared scenarios each get their own)."""
    if ctx.series is None:
        return []
    charts = []
    for key in ctx.keys:
        frame = ctx.series[ctx.series["key"] == key]
        if frame.empty:
            continue
        chart = _draw_key(ctx, key, bands(frame))
        if chart is not None:
            charts.append(chart)
    return charts


def _start(ctx: Context) -> dt.datetime:
    if ctx.scenario is not None:
        start = ctx.scenario.calendar.start_date
        return dt.datetime(start.year, start.month, start.day)
    return dt.datetime(2000, 1, 1)


def _draw_key(ctx: Context, key: str, stats: pd.DataFrame) -> style.Chart | None:
    lang = ctx.lang
    tr = ctx.tr
    panels = []
    for prefix, title, kind in PANELS:
        names = [s for s in stats["series"].unique() if s.startswith(prefix)]
        peaks = {s: stats.loc[stats["series"] == s, "high"].max() for s in names}
        names = [s for s in sorted(names, key=lambda s: -peaks[s]) if peaks[s] > 0][:MAX_LINES]
        if names:
            panels.append((prefix, title, kind, sorted(names)))
    if not panels:
        return None
    start = _start(ctx)
    warm_up = float(ctx.settings.get("warm_up_h") or (ctx.scenario.experiment.warm_up if ctx.scenario else 0.0))
    fig = style.figure(9, 1.3 + 2.3 * len(panels))
    axes = np.atleast_1d(fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0])
    table = []
    longest = ("", -1.0)
    for p, (ax, (prefix, title, kind, names)) in enumerate(zip(axes, panels, strict=True)):
        for i, series in enumerate(names):
            part = stats[stats["series"] == series]
            when = [start + dt.timedelta(hours=float(h)) for h in part["time"]]
            item = series[len(prefix):]
            label = style.wrap(getattr(ctx.names, kind)(item), 34)
            ax.fill_between(when, part["low"], part["high"], color=style.colour(i), alpha=0.18, linewidth=0)
            ax.plot(when, part["mean"], color=style.colour(i), linewidth=1.8, label=label,
                    marker=style.marker(i), markevery=max(1, len(when) // 8), markersize=5)
            peak = float(part["mean"].max())
            if prefix == "queue." and peak > longest[1]:
                longest = (getattr(ctx.names, kind)(item), peak)
            for h, mean, low, high in zip(part["time"], part["mean"], part["low"], part["high"], strict=True):
                table.append({"series": tr.gettext(title), "name": getattr(ctx.names, kind)(item),
                              "day": float(h) / 24, "mean": mean, "low": low, "high": high})
        if warm_up > 0:
            ax.axvspan(start, start + dt.timedelta(hours=warm_up), color=style.LIGHT, alpha=0.6, linewidth=0,
                       label=tr.gettext("warm-up") if p == 0 else None)
        ax.set_title(tr.gettext(title))
        ax.set_ylim(bottom=0)
        style.number_axis(ax.yaxis, lang)
        if prefix in COUNTED:  # whole lots and orders: no tick at half an order, at least 0 and 1
            ax.set_ylim(0, max(1.0, ax.get_ylim()[1]))
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(color=style.LIGHT, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5)
    locator = mdates.AutoDateLocator(maxticks=8)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(_date_formatter(lang))
    title = tr.gettext("Queues and stock over time") + (f" — {ctx.key_label(key)}" if len(ctx.keys) > 1 else "")
    style.finish(fig, title, ctx.provenance)
    finding = tr.gettext("The longest queue is at {step}: up to {value} lots on average.", step=longest[0],
                         value=text.number(longest[1], lang)) if longest[0] else ""
    data = _thin(pd.DataFrame(table))
    cols = _columns(lang)
    return style.Chart(
        id="timeseries" + ctx.suffix(key), title=title,
        alt=tr.gettext("Line charts of queues, storage, stock and open orders over the simulated period. {finding}",
                       finding=finding),
        caption=tr.gettext("Lines are the mean over {n} replications (weekly means for long runs), the band the "
                           "spread (10th to 90th percentile). The grey strip is the warm-up, which does not count.",
                           n=ctx.n_replications)
        + " " + tr.gettext("band: spread across replications (10–90%)") + ".",
        figure=fig, data=data.rename(columns=cols),
    )


def _thin(data: pd.DataFrame, rows: int = 12) -> pd.DataFrame:
    """A readable table: about ``rows`` sample days per series instead of every sample."""
    days = sorted(data["day"].unique())
    keep = set(days[:: max(1, len(days) // rows)]) | {days[-1]}
    return data[data["day"].isin(keep)].reset_index(drop=True)


def _date_formatter(lang: str) -> object:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: text.date(mdates.num2date(v).date(), lang, "d MMM"))


def _columns(lang: str) -> dict[str, str]:
    _ = text.translation(lang).gettext
    return {"series": _("series"), "name": _("name"), "day": _("day"), "mean": _("mean"),
            "low": _("10th percentile"), "high": _("90th percentile")}
