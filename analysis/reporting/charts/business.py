"""The business case over years: the cash flow with its payback, and who pays and who gains.

Both charts are drawn from one :class:`~analysis.economics.business_case.BusinessCaseResult`, the same
numbers as the table, the text and the JSON.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analysis.reporting.charts import style
from sim import text
from sim.scenario.base import label_text


def stakeholder_name(result: Any, party: str, lang: str) -> str:
    """The file's name for a stakeholder, or 'outside' in the language."""
    if party == "outside":
        return text.translation(lang).pgettext("stakeholder", "outside")
    return label_text(result.stakeholders.get(party), lang, party)


def provenance(result: Any, lang: str, stamp: str) -> str:
    # One replication runs all the years.
    return text.translation(lang).ngettext(
        "Scenario '{scenario}' · {years} years from {first} · {n} replication · {stamp}",
        "Scenario '{scenario}' · {years} years from {first} · {n} replications · {stamp}",
        result.replications, scenario=result.scenario, years=len(result.years), first=result.years[0], stamp=stamp)


def cash_flow(result: Any, lang: str, stamp: str) -> style.Chart:
    """Bars: the net cash flow of all stakeholders per year; line: cumulative; payback marked."""
    _ = text.translation(lang).gettext
    years = [row["calendar_year"] for row in result.cash_flow]
    net = np.array([row["net"] for row in result.cash_flow])
    cumulative = np.array([row["cumulative"] for row in result.cash_flow])
    fig = style.figure(9, 5)
    ax = fig.subplots()
    x = np.arange(len(years))
    colours = [style.BLUE if v >= 0 else style.VERMILLION for v in net]
    hatches = ["" if v >= 0 else "///" for v in net]
    for xi, value, colour, hatch in zip(x, net, colours, hatches, strict=True):
        ax.bar(xi, value, color=colour, hatch=hatch, edgecolor=style.BLACK, linewidth=0.5, width=0.6)
    if (net >= 0).any():
        ax.bar([], [], color=style.BLUE, edgecolor=style.BLACK, linewidth=0.5, label=_("net gain of the year"))
    if (net < 0).any():
        ax.bar([], [], color=style.VERMILLION, hatch="///", edgecolor=style.BLACK, linewidth=0.5,
               label=_("net cost of the year"))
    ax.plot(x, cumulative, color=style.BLACK, marker="o", linewidth=1.8, label=_("cumulative"))
    ax.axhline(0, color=style.BLACK, linewidth=0.8)
    if result.payback_year is not None:
        at = years.index(result.payback_year)
        ax.axvline(at, color=style.GREEN, linestyle="--", linewidth=1.4,
                   label=_("paid back in {year}", year=result.payback_year))
    ax.set_xticks(x, [str(y) for y in years])
    style.money_axis(ax.yaxis, lang)
    ax.set_ylabel(_("euros, all stakeholders together"))
    ax.grid(axis="y", color=style.LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="best")
    title = _("Cash flow of the business case")
    style.finish(fig, title, provenance(result, lang, stamp))
    verdict = (_("The investment is paid back in {year}.", year=result.payback_year) if result.payback_year
               else _("Over these years the stakeholders together do not earn the money back."))
    data = pd.DataFrame({
        _("year"): years, _("net cash flow"): net, _("cumulative"): cumulative,
        _("discounted"): [row["discounted"] for row in result.cash_flow],
    })
    return style.Chart(
        id="cash-flow", title=title,
        alt=_("Bar chart of the net cash flow per year with a line for the cumulative total. {verdict}", verdict=verdict),
        caption=_("Bars: what all named stakeholders together receive minus what they pay in the year (money "
                  "between them cancels out). Line: the running total. The dashed line marks the year the "
                  "total turns positive."),
        figure=fig, data=data,
        formats={_("net cash flow"): "money", _("cumulative"): "money", _("discounted"): "money"},
    )


def stakeholders(result: Any, lang: str, stamp: str) -> style.Chart:
    """Grouped bars: each stakeholder's net per year, and its discounted total beside them."""
    _ = text.translation(lang).gettext
    parties = list(result.stakeholders)
    years = result.years
    nets = {p: [row["net"] for row in result.ledger if row["stakeholder"] == p] for p in parties}
    fig = style.figure(10, 1.8 + 0.75 * len(parties))
    ax = fig.subplots()
    height = 0.8 / len(years)
    for i, year in enumerate(years):
        values = [nets[p][i] for p in parties]
        positions = np.arange(len(parties)) + (i - (len(years) - 1) / 2) * height
        ax.barh(positions, values, height=height * 0.95, color=style.colour(i), hatch=style.hatch(i),
                edgecolor=style.BLACK, linewidth=0.4, label=str(year))
    totals = [result.metrics[f"ledger.{p}.net_total"]["mean"] for p in parties]
    labels = [_("{name}\ntotal {amount}", name=stakeholder_name(result, p, lang), amount=text.money(t, lang))
              for p, t in zip(parties, totals, strict=True)]
    ax.set_yticks(np.arange(len(parties)), labels)
    ax.invert_yaxis()
    ax.axvline(0, color=style.BLACK, linewidth=0.8)
    style.money_axis(ax.xaxis, lang)
    ax.set_xlabel(_("received minus paid, euros per year"))
    ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(title=_("year"), loc="best", ncol=min(len(years), 5))
    title = _("Who pays and who gains")
    style.finish(fig, title, provenance(result, lang, stamp))
    rows = [{_("stakeholder"): stakeholder_name(result, row["stakeholder"], lang), _("year"): row["calendar_year"],
             _("paid"): row["paid"], _("received"): row["received"], _("net"): row["net"]}
            for row in result.ledger if row["stakeholder"] in parties]
    gainers = [stakeholder_name(result, p, lang) for p, t in zip(parties, totals, strict=True) if t > 0]
    payers = [stakeholder_name(result, p, lang) for p, t in zip(parties, totals, strict=True) if t < 0]
    return style.Chart(
        id="stakeholders", title=title,
        alt=_("Bar chart of each stakeholder's net per year. Pay on balance: {payers}. Gain on balance: {gainers}.",
              payers=", ".join(payers) or "–", gainers=", ".join(gainers) or "–"),
        caption=_("Per stakeholder and year: what it receives minus what it pays (negative: it pays on balance). "
                  "The total beside each name is discounted to the first year."),
        figure=fig, data=pd.DataFrame(rows),
        formats={_("paid"): "money", _("received"): "money", _("net"): "money"},
    )


def tornado(result: Any, lang: str, stamp: str) -> style.Chart | None:
    """Bars from the mean NPV to its value with each money input at its low and high end."""
    from analysis.reporting.council import INPUT_LABELS

    _ = text.translation(lang).gettext
    rows = result.sensitivity.get("tornado", [])
    if not rows:
        return None
    base = result.sensitivity["base_npv"]
    labels = [_(INPUT_LABELS[r["input"]]) for r in rows]
    low = np.array([r["low"]["economics.npv"] for r in rows])
    high = np.array([r["high"]["economics.npv"] for r in rows])
    fig = style.figure(9, 1.6 + 0.6 * len(rows))
    ax = fig.subplots()
    y = np.arange(len(rows))
    ax.barh(y, low - base, left=base, color=style.VERMILLION, hatch="///", edgecolor=style.BLACK, linewidth=0.5,
            label=_("low end"))
    ax.barh(y, high - base, left=base, color=style.BLUE, edgecolor=style.BLACK, linewidth=0.5, label=_("high end"))
    ax.axvline(base, color=style.BLACK, linewidth=1.0)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    style.money_axis(ax.xaxis, lang)
    ax.set_xlabel(_("net present value, all stakeholders, euros"))
    ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="best")
    title = _("What the money hinges on")
    style.finish(fig, title, provenance(result, lang, stamp))
    data = pd.DataFrame({_("input"): labels, _("NPV at the low end"): low, _("NPV at the high end"): high})
    return style.Chart(
        id="tornado", title=title,
        alt=_("Tornado chart of the net present value with each money input at the ends of its range; the widest "
              "bar is {input}.", input=labels[0]),
        caption=_("Each bar: the net present value of all stakeholders when one money input moves to the end of "
                  "its range and the rest stays as in the file (the same simulated years, booked again). The "
                  "vertical line is the mean NPV."),
        figure=fig, data=data, formats={_("NPV at the low end"): "money", _("NPV at the high end"): "money"},
    )


def draw(result: Any, lang: str, stamp: str) -> list[style.Chart]:
    from analysis.reporting.charts.ramp_up import ramp_up

    found = [tornado(result, lang, stamp), ramp_up(result, lang, stamp)]
    return [cash_flow(result, lang, stamp), stakeholders(result, lang, stamp), *(c for c in found if c is not None)]
