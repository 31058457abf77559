"""Lead time of every delivered contract order, against the promised lead time."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from analysis.reporting.assumptions import promise
from analysis.reporting.charts import style
from analysis.reporting.charts.context import Context
from analysis.reporting.tables import UNIT_NAMES
from sim import text


def draw(ctx: Context) -> list[style.Chart]:
    """One chart per contract; compared scenarios are stacked as rows of the same chart."""
    frame = ctx.lead_times
    if frame is None or frame.empty or ctx.scenario is None:
        return []
    lang = ctx.lang
    tr = ctx.tr
    charts = []
    for contract_id, contract in ctx.scenario.market.contracts.items():
        # Lead times in the unit the promise was written in: weeks for '2 weeks', days for '10 werkdagen'.
        unit, size = ctx.promise_unit(contract_id)
        rows = [(key, frame[(frame["key"] == key) & (frame["contract"] == contract_id)]["lead_time_h"].to_numpy() / size)
                for key in ctx.keys]
        rows = [(key, lead) for key, lead in rows if len(lead)]
        if not rows:
            continue
        promised = contract.promised_lead_time / size
        name = ctx.names.contract(contract_id)
        top = max(float(lead.max()) for _, lead in rows)
        edges = _edges(max(top, promised) * size, size) / size
        fig = style.figure(9, 1.6 + 2.6 * len(rows))
        axes = np.atleast_1d(fig.subplots(len(rows), 1, sharex=True, squeeze=False)[:, 0])
        table = []
        summaries = []
        for ax, (key, lead) in zip(axes, rows, strict=True):
            counts, _ = np.histogram(lead, bins=edges)
            late = edges[:-1] >= promised - 1e-9
            widths = np.diff(edges)
            ax.bar(edges[:-1][~late], counts[~late], width=widths[~late], align="edge", color=style.GREEN,
                   edgecolor="white", linewidth=0.5, label=tr.gettext("on time"))
            ax.bar(edges[:-1][late], counts[late], width=widths[late], align="edge", color=style.VERMILLION,
                   hatch="///", edgecolor="white", linewidth=0.5, label=tr.gettext("late"))
            ax.axvline(promised, color=style.BLACK, linestyle="--", linewidth=1.5,
                       label=tr.gettext("promised lead time: {lead}", lead=promise(contract, lang)))
            # The metric also counts orders still open past their promise; the bars cannot show those.
            share = ctx.mean(key, f"contracts.{contract_id}.on_time_share", float(np.mean(lead <= promised + 1e-9)))
            summary = tr.gettext("{share} within the promise (target {target})", share=text.percent(share, lang),
                                 target=text.percent(contract.target_on_time_share, lang))
            summaries.append((key, summary))
            ax.set_title(summary, loc="right", fontsize=10, fontweight="normal")
            if len(rows) > 1:
                ax.set_title(ctx.key_label(key))
            ax.set_ylabel(tr.gettext("number of orders"))
            ax.grid(axis="y", color=style.LIGHT, linewidth=0.6)
            ax.set_axisbelow(True)
            style.number_axis(ax.yaxis, lang)
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            for low, high, count in zip(edges[:-1], edges[1:], counts, strict=True):
                table.append({"key": ctx.key_label(key), "from": low, "to": high, "orders": int(count),
                              "late": bool(low >= promised - 1e-9)})
        axes[0].legend(loc="lower left", bbox_to_anchor=(0.0, 1.12 if len(rows) > 1 else 1.08), ncol=3,
                       borderaxespad=0)
        unit_name = tr.gettext(UNIT_NAMES[unit])
        axes[-1].set_xlabel(tr.gettext("lead time ({unit})", unit=unit_name))
        style.number_axis(axes[-1].xaxis, lang)
        title = tr.gettext("Lead time per order: {contract}", contract=name)
        style.finish(fig, title, ctx.provenance)
        data = pd.DataFrame(table)
        data["late"] = data["late"].map({True: tr.gettext("late"), False: tr.gettext("on time")})
        data = data[data["orders"] > 0]
        columns = _columns(lang, unit_name)
        if len(rows) == 1:
            data = data.drop(columns=["key"])
        charts.append(style.Chart(
            id=f"lead-times-{contract_id}", title=title,
            alt=tr.gettext("Histogram of {contract}'s lead times with the promised lead time of {lead}: {summary}.",
                           contract=name, lead=promise(contract, lang),
                           summary="; ".join(s if len(rows) == 1 else f"{ctx.key_label(k)}: {s}" for k, s in summaries)),
            caption=tr.gettext("All delivered orders from {n} replications. Bars right of the dashed line were late. "
                               "Orders still open at the end were not delivered and are not shown.",
                               n=ctx.n_replications),
            figure=fig,
            data=data.rename(columns=columns),
        ))
    return charts


def _edges(top: float, unit: float = 24.0) -> np.ndarray:
    """Bin edges in hours from 0, at most ~40 bins: from half days for a promise in days, from
    days for one in weeks, wider for long lead times."""
    smallest = {1.0: 1.0, 24.0: 12.0, 168.0: 24.0, 730.0: 168.0, 8760.0: 730.0}.get(unit, unit / 2)
    width = smallest
    for candidate in (1.0, 2.0, 4.0, 12.0, 24.0, 48.0, 84.0, 168.0, 336.0, 672.0, 1344.0, 2920.0, 8760.0):
        if candidate < smallest:
            continue
        width = candidate
        if top / candidate <= 40:
            break
    return np.arange(0.0, top + width * 1.001, width)


def _columns(lang: str, unit: str) -> dict[str, str]:
    _ = text.translation(lang).gettext
    return {"key": _("scenario"), "from": _("from ({unit})", unit=unit), "to": _("to ({unit})", unit=unit),
            "orders": _("orders"), "late": _("on time?")}
