"""Material flow, Sankey style: streams in -> taken in or refused -> reused, recycled, waste.

Per stream the kilograms that came in split into refused (no storage space) and taken in; what
was taken in leaves as reused (sold), recycled, waste, or is still in process or stock at the
end. Band widths are kilograms per year (means over the replications): every kg metric is per
year already (sim/registry.py), so the chart shows the key figures' numbers.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from analysis.reporting import metric_text
from analysis.reporting.charts import style
from analysis.reporting.charts.context import Context, for_each_key
from sim import text

OUTCOMES = (
    ("impact.kg_reused", style.GREEN, ""),
    ("impact.kg_recycled", style.BLUE, "..."),
    ("impact.kg_wasted", style.BLACK, "xxx"),
)
"""Where the material goes: the metric (its name from the registry), colour and hatch."""
NODE = 0.04
GAP = 0.03
LABEL_GAP = 0.085
"""Least vertical distance between two labels (two lines of text), in drawing units."""


def _spread(centres: list[float], gap: float) -> list[float]:
    """Label heights from top to bottom, pushed apart so that no two are closer than ``gap``."""
    out: list[float] = []
    for y in centres:
        out.append(min(y, out[-1] - gap) if out else y)
    return out


def draw(ctx: Context) -> list[style.Chart]:
    return for_each_key(ctx, _draw_key)


def flows(ctx: Context, key: str) -> tuple[list[tuple[str, float, float]], list[tuple[str, float, str, str]]]:
    """(stream name, kg in, kg refused) per stream and (label, kg, colour, hatch) per outcome, per year."""
    streams = []
    for sid in ctx.ids(key, "materials", "kg_in"):
        kg_in = ctx.mean(key, f"materials.{sid}.kg_in", 0.0)
        refused = ctx.mean(key, f"materials.{sid}.refused_kg", 0.0)
        if kg_in > 0:
            streams.append((ctx.names.stream(sid), kg_in, min(refused, kg_in)))
    taken = sum(s[1] - s[2] for s in streams)
    outcomes = []
    for metric, colour, pattern in OUTCOMES:
        kg = max(0.0, ctx.mean(key, metric, 0.0))
        if kg > 0:
            outcomes.append((metric_text.name(metric, ctx.lang), kg, colour, pattern))
    if not outcomes:
        return streams, outcomes
    rest = taken - sum(o[1] for o in outcomes)
    # Stock built up before the measured window can be sold in it: then more leaves than came in.
    if rest > 0.005 * max(taken, 1.0):
        outcomes.append((ctx.tr.gettext("still in process or stock"), rest, style.LIGHT, ""))
    return streams, outcomes


def _band(ax: object, x0: float, y0: tuple[float, float], x1: float, y1: tuple[float, float], colour: str) -> None:
    """A smooth band from the segment y0 at x0 to the segment y1 at x1."""
    mid = (x0 + x1) / 2
    verts = [(x0, y0[1]), (mid, y0[1]), (mid, y1[1]), (x1, y1[1]), (x1, y1[0]), (mid, y1[0]), (mid, y0[0]),
             (x0, y0[0]), (x0, y0[1])]
    codes = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4, MplPath.LINETO, MplPath.CURVE4,
             MplPath.CURVE4, MplPath.CURVE4, MplPath.CLOSEPOLY]
    ax.add_patch(PathPatch(MplPath(verts, codes), facecolor=colour, alpha=0.35, edgecolor="none"))  # type: ignore[attr-defined]


def _stack(values: list[float], scale: float, top: float = 1.0) -> list[tuple[float, float]]:
    """(bottom, top) of each node stacked from the top down with gaps."""
    out = []
    y = top
    for v in values:
        h = v * scale
        out.append((y - h, y))
        y -= h + GAP
    return out


def _draw_key(ctx: Context, key: str) -> style.Chart | None:
    lang = ctx.lang
    tr = ctx.tr
    streams, outcomes = flows(ctx, key)
    if not streams or not outcomes:
        return None
    total = sum(s[1] for s in streams)
    refused = sum(s[2] for s in streams)
    taken = total - refused
    n_left = len(streams)
    n_right = len(outcomes) + (1 if refused > 0 else 0)
    scale = (1.0 - GAP * (max(n_left, n_right) - 1)) / max(total, sum(o[1] for o in outcomes) + refused)
    fig = style.figure(10, 5.6)
    ax = fig.subplots()
    ax.set_axis_off()
    left = _stack([s[1] for s in streams], scale)
    mid_height = taken * scale
    mid = (1.0 - mid_height, 1.0)
    right_values = [o[1] for o in outcomes] + ([refused] if refused > 0 else [])
    right = _stack(right_values, scale)
    x_left, x_mid, x_right = 0.0, 0.45, 0.9
    mid_y = mid[1]
    for i, ((name, kg_in, kg_refused), (bottom, top)) in enumerate(zip(streams, left, strict=True)):
        c = style.colour(i + 4)
        ax.add_patch(Rectangle((x_left, bottom), NODE, top - bottom, facecolor=c, hatch=style.hatch(i), edgecolor=style.BLACK, linewidth=0.4))
        ax.text(x_left - 0.01, (bottom + top) / 2, f"{name}\n{text.number(kg_in, lang)} kg", ha="right", va="center", fontsize=9)
        kept = (kg_in - kg_refused) * scale
        if kept > 0:
            _band(ax, x_left + NODE, (top - kept, top), x_mid, (mid_y - kept, mid_y), c)
            mid_y -= kept
    if refused > 0:
        y_ref = right[-1]
        y = y_ref[1]
        for i, (_, _, kg_refused) in enumerate(streams):
            if kg_refused <= 0:
                continue
            bottom, top = left[i]
            h = kg_refused * scale
            _band(ax, x_left + NODE, (bottom, bottom + h), x_right, (y - h, y), style.VERMILLION)
            y -= h
    ax.add_patch(Rectangle((x_mid, mid[0]), NODE, mid_height, facecolor=style.GREY, edgecolor=style.BLACK, linewidth=0.4))
    ax.text(x_mid + NODE / 2, mid[1] + 0.015, tr.gettext("taken in") + f": {text.number(taken, lang)} kg",
            ha="center", va="bottom", fontsize=9, fontweight="bold")
    y = mid[1]
    labels = [o[0] for o in outcomes] + ([tr.gettext("refused (no space)")] if refused > 0 else [])
    colours = [o[2] for o in outcomes] + ([style.VERMILLION] if refused > 0 else [])
    hatches = [o[3] for o in outcomes] + (["///"] if refused > 0 else [])
    label_y = _spread([(b + t) / 2 for b, t in right], LABEL_GAP)
    for j, ((bottom, top), label, colour, pattern, kg) in enumerate(zip(right, labels, colours, hatches, right_values, strict=True)):
        ax.add_patch(Rectangle((x_right, bottom), NODE, top - bottom, facecolor=colour, hatch=pattern,
                               edgecolor=style.BLACK if colour != style.BLACK else style.GREY, linewidth=0.4))
        share = kg / total if total else 0.0
        ax.text(x_right + NODE + 0.01, label_y[j],
                f"{label}\n{text.number(kg, lang)} kg ({text.percent(share, lang)})", ha="left", va="center", fontsize=9)
        if j < len(outcomes):
            h = kg * scale
            _band(ax, x_mid + NODE, (y - h, y), x_right, (bottom, top), colour if colour != style.LIGHT else style.GREY)
            y -= h
    ax.set_xlim(-0.28, 1.22)
    lowest = min(b for b, _ in left + right)
    ax.set_ylim(min(lowest, mid[0]) - 0.03, 1.08)
    title = tr.gettext("Material flow: from collection to destination") + (f" — {ctx.key_label(key)}" if len(ctx.keys) > 1 else "")
    style.finish(fig, title, ctx.provenance)
    rows = [{"from": name, "to": tr.gettext("taken in"), "kg": kg_in - kg_ref} for name, kg_in, kg_ref in streams]
    rows += [{"from": name, "to": tr.gettext("refused (no space)"), "kg": kg_ref} for name, _, kg_ref in streams if kg_ref > 0]
    rows += [{"from": tr.gettext("taken in"), "to": label, "kg": kg} for label, kg, _, _ in outcomes]
    cols = {"from": tr.gettext("from"), "to": tr.gettext("to"), "kg": metric_text.unit("impact.kg_reused", lang)}
    parts = ", ".join(f"{label} {text.number(kg, lang)} kg" for label, kg in zip(labels, right_values, strict=True))
    data = pd.DataFrame(rows).rename(columns=cols)
    return style.Chart(
        id="material-flow" + ctx.suffix(key), title=title,
        alt=tr.gettext("Flow diagram of {total} kg a year: {parts}.", total=text.number(total, lang), parts=parts),
        caption=tr.gettext("Kilograms per year, mean over the replications. The width of each band is the amount."),
        figure=fig, data=data,
    )
