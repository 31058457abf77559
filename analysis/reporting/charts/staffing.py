"""The headline chart of a sweep: staffing (or any varied parameter) against on-time delivery.

x is a varied parameter from ``variants.csv``, y the mean share of a contract's orders
delivered on time with its 95% confidence band, and a dashed line at the contract's promise
(``target_on_time_share``). When more than one parameter is varied, the first one with several
numeric values is the x axis and every combination of the others is its own line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.reporting import metric_text
from analysis.reporting.assumptions import promise
from analysis.reporting.charts import style
from analysis.reporting.charts.context import Context
from sim import text

ON_TIME = "contracts.<id>.on_time_share"
"""The metric the chart plots (its label and unit come from the registry)."""


@dataclass
class Line:
    """One line of the chart: a combination of the other varied values, and its points."""

    label: str
    x: list[float]
    mean: list[float]
    low: list[float]
    high: list[float]


def x_parameter(variants: pd.DataFrame) -> str | None:
    """The varied path on the x axis: the first with more than one numeric value."""
    for column in variants.columns:
        if column == "key":
            continue
        values = pd.to_numeric(variants[column], errors="coerce")
        if values.notna().all() and values.nunique() > 1:
            return str(column)
    return None


def lines(ctx: Context, contract_id: str, x_path: str) -> list[Line]:
    """Points per line for one contract, sorted by x."""
    assert ctx.variants is not None
    variants = ctx.variants
    others = [c for c in variants.columns if c not in ("key", x_path)]
    others = [c for c in others if variants[c].nunique() > 1]
    groups = variants.groupby(others, sort=False) if others else [((), variants)]
    out = []
    for values, part in groups:
        values = values if isinstance(values, tuple) else (values,)
        label = ", ".join(f"{ctx.names.path(p)} = {v}" for p, v in zip(others, values, strict=True))
        points = []
        for _, row in part.iterrows():
            mean, low, high = ctx.interval(str(row["key"]), f"contracts.{contract_id}.on_time_share")
            if math.isfinite(mean):
                points.append((float(row[x_path]), mean, max(0.0, low), min(1.0, high)))
        points.sort()
        if points:
            out.append(Line(label, *[list(p) for p in zip(*points, strict=True)]))
    return out


def first_meeting(line: Line, target: float, sure: bool = False) -> float | None:
    """The smallest x from which the mean (``sure``: the lower confidence bound) stays at or
    above the target, if any."""
    found = None
    values = line.low if sure else line.mean
    for x, value in zip(reversed(line.x), reversed(values), strict=True):
        if value + 1e-12 >= target:
            found = x
        else:
            break
    return found


def draw(ctx: Context) -> list[style.Chart]:
    variants, scenario = ctx.variants, ctx.scenario
    if variants is None or scenario is None or not scenario.market.contracts:
        return []
    x_path = x_parameter(variants)
    if x_path is None:
        return []
    lang = ctx.lang
    _ = ctx.tr.gettext
    x_name = ctx.names.path(x_path)
    charts = []
    for contract_id, contract in scenario.market.contracts.items():
        drawn = lines(ctx, contract_id, x_path)
        if not drawn:
            continue
        target = contract.target_on_time_share
        name = ctx.names.contract(contract_id)
        fig = style.figure(9, 5.4)
        ax = fig.subplots()
        table: list[dict[str, Any]] = []
        findings: list[str] = []
        for i, line in enumerate(drawn):
            c = style.colour(i)
            label = line.label or _("mean share on time")
            ax.fill_between(line.x, line.low, line.high, color=c, alpha=0.18, linewidth=0,
                            label=_("95% confidence interval") if i == 0 else None)
            ax.plot(line.x, line.mean, color=c, marker=style.marker(i), markersize=7, linewidth=2, label=label)
            meets = first_meeting(line, target)
            if meets is not None:
                y = line.mean[line.x.index(meets)]
                ax.plot([meets], [y], marker="*", markersize=19, color=style.VERMILLION, markeredgecolor=style.BLACK,
                        linestyle="none",
                        label=_("first value that keeps the promise") if i == 0 else None, zorder=5)
            value = _value(meets, lang)
            findings.append(_("From {x} = {value} the mean keeps the promise of {target}.", x=x_name, value=value,
                              target=text.percent(target, lang))
                            if meets is not None else
                            _("None of the values studied keeps the promise of {target}.",
                              target=text.percent(target, lang)))
            for x, mean, low, high in zip(line.x, line.mean, line.low, line.high, strict=True):
                table.append({"line": line.label, "x": x, "mean": mean, "low": low, "high": high,
                              "meets": mean + 1e-12 >= target})
        ax.axhline(target, color=style.BLACK, linestyle="--", linewidth=1.8,
                   label=_("promise: {target} on time", target=text.percent(target, lang)))
        ax.set_ylim(min(0.0, min(r["low"] for r in table)) - 0.02, 1.04)
        style.share_axis(ax.yaxis, lang)
        xs = sorted({r["x"] for r in table})
        if all(float(x).is_integer() for x in xs) and len(xs) <= 25:
            ax.set_xticks(xs)
        style.number_axis(ax.xaxis, lang)
        ax.set_xlabel(x_name)
        ax.set_ylabel(metric_text.axis_label(ON_TIME, lang))
        ax.grid(color=style.LIGHT, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="best")
        title = _("Staffing and on-time delivery: {contract}", contract=name)
        style.finish(fig, title, ctx.provenance)
        cols = _columns(lang, x_name)
        data = pd.DataFrame(table)
        data["meets"] = data["meets"].map({True: _("yes"), False: _("no")})
        if not any(r["line"] for r in table):
            data = data.drop(columns=["line"])
        charts.append(style.Chart(
            id=f"staffing-{contract_id}", title=title,
            alt=_("Line chart: share of {contract}'s orders delivered on time against {x}. {finding}",
                  contract=name, x=x_name, finding=" ".join(dict.fromkeys(findings))),
            caption=_("Each point is the mean over {n} replications; the band is the 95% confidence interval. "
                      "The dashed line is the promise to the partner ({target} of orders within {lead}).",
                      n=_replications(ctx), target=text.percent(target, lang), lead=promise(contract, lang)),
            figure=fig, data=data.rename(columns=cols),
            formats={cols["mean"]: "percent", cols["low"]: "percent", cols["high"]: "percent"},
        ))
    return charts


def _value(x: float | None, lang: str) -> str:
    if x is None:
        return "–"
    return text.number(x, lang, 0 if float(x).is_integer() else None)


def _replications(ctx: Context) -> str:
    counts = ctx.summary["n"].dropna()
    return text.number(float(np.max(counts)), ctx.lang, 0) if len(counts) else "?"


def _columns(lang: str, x_name: str) -> dict[str, str]:
    _ = text.translation(lang).gettext
    return {"line": _("line"), "x": x_name, "mean": metric_text.axis_label(ON_TIME, lang), "low": _("95% interval low"),
            "high": _("95% interval high"), "meets": _("keeps promise?")}
