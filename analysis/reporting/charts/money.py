"""Money flows per year as a waterfall: income up, costs down, the net result, then social benefits."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from analysis.reporting import metric_text
from analysis.reporting.charts import style
from analysis.reporting.charts.context import Context, for_each_key
from sim import text

INCOME = ("revenue_shop", "revenue_online", "revenue_contracts", "income_target_groups", "recycling_revenue")
COSTS = ("wage_cost", "supervisor_cost", "participant_cost", "overhead", "work_place_cost", "waste_cost")
SOCIAL = ("benefit_savings", "disposal_cost_avoided")
SMALL = 0.5
"""Euros below which an item is left out of the chart."""


def items(ctx: Context, key: str) -> list[tuple[str, str, float]]:
    """(kind, metric, euros per year) in waterfall order; kind is income, cost or total."""
    e = "economics."

    def value(name: str) -> float:
        return ctx.mean(key, e + name, 0.0)

    out = [("income", n, value(n)) for n in INCOME]
    out += [("cost", n, -value(n)) for n in COSTS]
    out = [i for i in out if abs(i[2]) >= SMALL]
    out.append(("total", "net_result", value("net_result")))
    social = [("income", n, value(n)) for n in SOCIAL if abs(value(n)) >= SMALL]
    if social:
        out += social + [("total", "social_result", value("social_result"))]
    return out


def draw(ctx: Context) -> list[style.Chart]:
    return for_each_key(ctx, _draw_key)


def _draw_key(ctx: Context, key: str) -> style.Chart | None:
    if not ctx.metrics(key, "economics."):
        return None
    lang = ctx.lang
    tr = ctx.tr
    flows = items(ctx, key)
    if all(kind == "total" for kind, _, _ in flows) or all(abs(v) < SMALL for _, _, v in flows):
        return None
    fig = style.figure(10, 1.6 + 0.42 * len(flows))
    ax = fig.subplots()
    running = 0.0
    table = []
    labelled: set[str] = set()
    span = max(abs(v) for _, _, v in flows)
    for y, (kind, name, amount) in enumerate(flows):
        label = metric_text.name("economics." + name, lang)
        if kind == "total":
            mean, low, high = ctx.interval(key, "economics." + name)
            negative = amount < 0
            ax.barh(y, amount, color=style.VERMILLION if negative else style.BLUE, hatch="xx" if negative else "",
                    edgecolor=style.BLACK, linewidth=0.6, height=0.7,
                    xerr=[[max(0.0, mean - low)], [max(0.0, high - mean)]] if math.isfinite(low) else None,
                    error_kw={"ecolor": style.BLACK, "capsize": 4})
            running = amount
            end = max(amount, high if math.isfinite(high) else amount)
            table.append({"item": label, "kind": tr.gettext("balance"), "amount": amount, "low": low, "high": high})
        else:
            start = running
            running += amount
            left, right = min(start, running), max(start, running)
            income = kind == "income"
            legend = tr.gettext("income") if income else tr.gettext("costs")
            ax.barh(y, right - left, left=left, height=0.7, color=style.GREEN if income else style.ORANGE,
                    hatch="" if income else "///", edgecolor="white" if income else style.BLACK, linewidth=0.4,
                    label=None if legend in labelled else legend)
            labelled.add(legend)
            ax.plot([running, running], [y - 0.35, y + 1.35], color=style.GREY, linewidth=0.6, linestyle=":")
            end = right
            table.append({"item": label, "kind": legend, "amount": amount, "low": math.nan, "high": math.nan})
        ax.text(max(end, 0.0) + span * 0.015, y, text.money(amount, lang), ha="left", va="center", fontsize=8.5,
                fontweight="bold" if kind == "total" else "normal")
    ax.axvline(0, color=style.BLACK, linewidth=0.8)
    ax.set_yticks(np.arange(len(flows)), [metric_text.name("economics." + n, lang) for _, n, _ in flows])
    for tick, (kind, _, _) in zip(ax.get_yticklabels(), flows, strict=True):
        if kind == "total":
            tick.set_fontweight("bold")
    ax.invert_yaxis()
    style.money_axis(ax.xaxis, lang)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6))
    ax.set_xlabel(metric_text.unit("economics.net_result", lang))
    ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    low, high = ax.get_xlim()
    ax.set_xlim(low, high + span * 0.18)
    ax.legend(loc="lower right")
    title = tr.gettext("Money flows per year") + (f" — {ctx.key_label(key)}" if len(ctx.keys) > 1 else "")
    style.finish(fig, title, ctx.provenance)
    net = ctx.mean(key, "economics.net_result")
    social = ctx.mean(key, "economics.social_result")
    cols = _columns(lang)
    return style.Chart(
        id="money" + ctx.suffix(key), title=title,
        alt=tr.gettext("Waterfall of income and costs per year: net result {net}, social result {social}.",
                       net=text.money(net, lang), social=text.money(social, lang)),
        caption=tr.gettext("Waterfall: income adds up, costs subtract, down to the centre's net result. Then the "
                           "social benefits outside the centre (benefit savings, disposal costs avoided). Error "
                           "bars on the balances: 95% confidence interval."),
        figure=fig, data=pd.DataFrame(table).rename(columns=cols),
        formats={cols["amount"]: "money", cols["low"]: "money", cols["high"]: "money"},
    )


def _columns(lang: str) -> dict[str, str]:
    tr = text.translation(lang)
    return {"item": tr.pgettext("line of a budget", "item"), "kind": tr.gettext("kind"),
            "amount": metric_text.unit("economics.net_result", lang), "low": tr.gettext("95% interval low"),
            "high": tr.gettext("95% interval high")}
