"""The years of a business case side by side: how a centre ramps up (kg reused, revenue, people).

Drawn from the ``per_year`` flows of one :class:`~analysis.economics.business_case.BusinessCaseResult`
(each a mean over replications with its 95 % interval), the same numbers as the JSON.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from analysis.reporting.charts import style
from analysis.reporting.charts.business import provenance
from sim import text


def _figure(per_year: list[dict[str, Any]], name: str) -> tuple[list[float], list[float], list[float]]:
    """Mean, low and high of a metric per year (a sum over pools for ``pools.*.people_in_place``)."""
    means, lows, highs = [], [], []
    for year in per_year:
        metrics = year["metrics"]
        chosen = [v for k, v in metrics.items() if k == name or (name.startswith("pools.*.") and k.startswith("pools.")
                                                                and k.endswith(name[len("pools.*"):]))]
        means.append(sum(v["mean"] for v in chosen))
        finite = all(math.isfinite(v["ci_low"]) for v in chosen)
        lows.append(sum(v["ci_low"] for v in chosen) if finite else math.nan)
        highs.append(sum(v["ci_high"] for v in chosen) if finite else math.nan)
    return means, lows, highs


def ramp_up(result: Any, lang: str, stamp: str) -> style.Chart | None:
    """Bars per year with their 95 % intervals: kg reused, revenue and people in place. The revenue is the
    simulation's, including VAT (the ledger's sales are without it): the panel says so."""
    per_year = getattr(result, "per_year", None)
    if not per_year:
        return None
    _ = text.translation(lang).gettext
    years = [row["calendar_year"] for row in per_year]
    panels = [
        ("impact.kg_reused", _("kg reused"), "number"),
        ("economics.revenue", _("revenue incl. VAT (euros)"), "money"),
        ("pools.*.people_in_place", _("people in place (average)"), "number"),
    ]
    fig = style.figure(11, 4)
    axes = fig.subplots(1, len(panels))
    x = np.arange(len(years))
    data: dict[str, list[Any]] = {_("year"): years}
    for i, (ax, (name, label, kind)) in enumerate(zip(axes, panels, strict=True)):
        means, lows, highs = _figure(per_year, name)
        mean = np.array(means)
        low = np.nan_to_num(mean - np.array(lows), nan=0.0)
        high = np.nan_to_num(np.array(highs) - mean, nan=0.0)
        ax.bar(x, mean, color=style.colour(i), hatch=style.hatch(i), edgecolor=style.BLACK, linewidth=0.5,
               width=0.6, yerr=[np.maximum(low, 0.0), np.maximum(high, 0.0)], capsize=4)
        ax.set_xticks(x, [str(y) for y in years])
        ax.set_title(label)
        if kind == "money":
            style.money_axis(ax.yaxis, lang)
        ax.grid(axis="y", color=style.LIGHT, linewidth=0.6)
        ax.set_axisbelow(True)
        data[label] = means
    title = _("Ramp-up: the years of the centre")
    style.finish(fig, title, provenance(result, lang, stamp))
    first, third = _figure(per_year, "impact.kg_reused")[0][0], _figure(per_year, "impact.kg_reused")[0][-1]
    return style.Chart(
        id="ramp-up", title=title,
        alt=_("Bar charts per year of kg reused, revenue and people in place; kg reused goes from {first} in "
              "the first year to {last} in the last.", first=text.number(first, lang), last=text.number(third, lang)),
        caption=_("Each year of the one simulated run, from how it starts: a centre that opens builds up stock "
                  "and fills its places in its first year. Whiskers: 95% interval over the replications."),
        figure=fig, data=pd.DataFrame(data),
        formats={_("revenue incl. VAT (euros)"): "money"},
    )
