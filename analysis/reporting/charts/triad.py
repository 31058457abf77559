"""The triad (drie-eenheid) per material stream: supply, processing capacity and demand side by side.

All three legs are in kg of reusable product per week, so they can be compared:

* **supply**: kg that came in, times the share of the stream's grades whose route ends in a product;
* **capacity**: what the workshop could make of it if the busiest step on those routes (or the
  people who do it, counting hours lost to missing supervision as occupied) were fully occupied:
  the accepted reusable kg per week, times the share the step completed, divided by its occupation;
* **demand**: what the shop, the webshop and the contracts ask per week, from the scenario.

When the folder has the levers measured (``levers.json``), the marked leg is the measured one: the
leg of the lever that buys most, on the streams that lever acts on, so chart, table and text
cannot disagree; nothing is marked when the centre is balanced for its objective. Without
measured levers the shortest leg is marked, as an estimate, stated as such in the caption.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from analysis.experiments.lever_candidates import Lever
from analysis.reporting import verdict
from analysis.reporting.charts import style
from analysis.reporting.charts.context import HOURS_PER_WEEK, Context, for_each_key
from analysis.reporting.charts.levers import names
from sim import text
from sim.registry import TimeBase
from sim.scenario.model import Scenario

LEGS = ("supply", "capacity", "demand")
LEG_WORDS = {"supply": text.N_("material supply"), "capacity": text.N_("processing capacity"),
             "demand": text.N_("market demand")}
LEG_STYLE = {"supply": (style.SKY, ""), "capacity": (style.ORANGE, "///"), "demand": (style.PURPLE, "...")}
BUSY_FLOOR = 0.02
"""Occupation below which a step says nothing about capacity."""


MEASURED_LEG = {"materials": "supply", "labour": "capacity", "market": "demand"}
"""The triad leg of each lever leg."""
MEASURED_CAPTION = text.N_(
    "Three legs per stream, in kg per week: the supply fit for reuse, what the workshop can process of it "
    "(estimated from the measured occupation of the busiest step or the people doing it) and what the shop, "
    "webshop and contracts ask; the black tick is what was actually sold. The marked leg is measured: the leg "
    "of the lever that buys most (see 'What each lever buys'), on the streams that lever acts on.")
"""The caption when the levers were measured (English message id)."""


@dataclass
class StreamLegs:
    stream: str
    supply: float
    capacity: float
    demand: float
    sold: float
    id: str = ""

    @property
    def binding(self) -> str:
        legs = {leg: getattr(self, leg) for leg in LEGS if math.isfinite(getattr(self, leg))}
        return min(legs, key=lambda leg: legs[leg])


def _mean_of(value: object) -> float:
    expected = getattr(value, "expected", None)
    return float(expected()) if callable(expected) else float(value)  # type: ignore[arg-type]


def product_routes(s: Scenario, stream_id: str) -> tuple[float, set[str], set[str]]:
    """(share of the stream that ends in a product, steps on those routes, products made)."""
    share = 0.0
    steps: set[str] = set()
    products: set[str] = set()
    for grade in s.materials[stream_id].grades.values():
        route = s.routes[grade.route]
        ends = {route.to: 1.0} if isinstance(route.to, str) else dict(route.to)
        made = {p: f for p, f in ends.items() if p in s.products}
        if made:
            share += grade.share * sum(made.values())
            steps.update(route.steps)
            products.update(made)
    return share, steps, products


def kg_per_unit(s: Scenario, product_id: str, stream_id: str) -> float:
    if s.products[product_id].unit == "kg":
        return 1.0
    return _mean_of(s.materials[stream_id].weight_per_unit)


def demand_per_week(s: Scenario, product_id: str) -> float:
    """Units (kg for a product in kg) of a product asked per week by shop, webshop and contracts."""
    total = 0.0
    market = s.market
    for channel, rate in ((market.shop, "customers"), (market.online, "orders")):
        if channel is not None and product_id in channel.demand:
            d = channel.demand[product_id]
            total += getattr(channel, rate) * HOURS_PER_WEEK * d.probability * _mean_of(d.quantity)
    for contract in market.contracts.values():
        total += contract.lines().get(product_id, 0.0) / contract.interval * HOURS_PER_WEEK
    return total


def legs(ctx: Context, key: str) -> list[StreamLegs]:
    s = ctx.scenario
    if s is None:
        return []
    makers: dict[str, list[str]] = {}
    routes = {sid: product_routes(s, sid) for sid in s.materials}
    for sid, (_, _, products) in routes.items():
        for p in products:
            makers.setdefault(p, []).append(sid)
    out = []
    for sid, (share, steps, products) in routes.items():
        if not products:
            continue
        kg_in = ctx.mean_in(key, f"materials.{sid}.kg_in", TimeBase.PER_WEEK, 0.0)
        refused = ctx.mean_in(key, f"materials.{sid}.refused_kg", TimeBase.PER_WEEK, 0.0)
        supply = kg_in * share
        accepted = (kg_in - refused) * share
        capacity = _capacity(ctx, key, s, steps, accepted)
        demand = sold = 0.0
        for p in products:
            # A product made from several streams: its demand is split by their reusable supply.
            weights = {m: ctx.mean(key, f"materials.{m}.kg_in", 0.0) * routes[m][0] for m in makers[p]}
            part = weights[sid] / sum(weights.values()) if sum(weights.values()) > 0 else 1 / len(makers[p])
            demand += demand_per_week(s, p) * kg_per_unit(s, p, sid) * part
            sold += ctx.mean_in(key, f"products.{p}.sold", TimeBase.PER_WEEK, 0.0) * kg_per_unit(s, p, sid) * part
        out.append(StreamLegs(ctx.names.stream(sid), supply, capacity, demand, sold, sid))
    return out


def _capacity(ctx: Context, key: str, s: Scenario, steps: set[str], accepted: float) -> float:
    """Reusable kg per week the steps could handle when the busiest one were fully occupied."""
    worst, done = 0.0, 1.0
    for step in steps:
        util = ctx.mean(key, f"steps.{step}.utilisation", 0.0)
        skill = s.steps[step].skill
        for pid, pool in s.workforce.items():
            if skill in pool.skills:
                hours = ctx.mean(key, f"pools.{pid}.hours_worked", 0.0)
                busy = ctx.mean(key, f"pools.{pid}.busy_hours", 0.0)
                lost = ctx.mean(key, f"pools.{pid}.hours_lost_to_missing_supervision", 0.0)
                if hours > 0:
                    util = max(util, min(1.0, (busy + lost) / hours))
        if util > worst:
            worst = util
            arrivals = ctx.mean(key, f"steps.{step}.arrivals_per_week", 0.0)
            completions = ctx.mean(key, f"steps.{step}.throughput_per_week", 0.0)
            done = min(1.0, completions / arrivals) if arrivals > 0 else 1.0
    if worst < BUSY_FLOOR:
        return math.nan
    return accepted * done / worst


def draw(ctx: Context) -> list[style.Chart]:
    return for_each_key(ctx, _draw_key)


def lever_streams(s: Scenario, lever: Lever) -> set[str]:
    """The material streams a lever acts on (their product routes pass what it changes)."""
    parts = lever.path.split(".")
    routes = {sid: product_routes(s, sid) for sid in s.materials}
    if parts[0] == "materials":
        return {parts[1]}
    if lever.kind in ("person", "skill"):
        # A person works at the steps of the pool's skills; a skill learnt, at that skill's steps.
        skills = set(lever.new) - set(lever.base) if lever.kind == "skill" else set(s.workforce[parts[1]].skills)
        steps = {st for st, spec in s.steps.items() if spec.skill in skills}
        return {sid for sid, (_, on_route, _) in routes.items() if on_route & steps}
    if lever.kind == "work_place":
        return {sid for sid, (_, on_route, _) in routes.items() if parts[1] in on_route}
    if parts[0] == "market" and parts[1] == "contracts":
        # A lever on one item of a package (reserve.<item>) reaches the streams that make that item.
        ordered = {parts[4]} if len(parts) == 5 else set(s.market.contracts[parts[2]].lines())
        return {sid for sid, (_, _, made) in routes.items() if made & ordered}
    if parts[0] == "market":
        channel = getattr(s.market, parts[1])
        wanted = set(channel.demand) if channel is not None else set()
        return {sid for sid, (_, _, made) in routes.items() if made & wanted}
    return set(s.materials)  # supervision reaches every stream its participants work on


def measured_binding(ctx: Context, key: str) -> dict[str, str] | None:
    """Per stream id the measured binding leg ('supply', 'capacity', 'demand'); {} when balanced;
    None when the levers were not measured for this key."""
    if ctx.levers is None or ctx.scenario is None or key != ctx.keys[0]:
        return None
    best = ctx.levers.recommended
    if best is None or not ctx.levers.decided:  # balanced, or the verdict withheld: nothing is marked
        return {}
    return {sid: MEASURED_LEG[best.lever.leg] for sid in lever_streams(ctx.scenario, best.lever)}


def _draw_key(ctx: Context, key: str) -> style.Chart | None:
    lang = ctx.lang
    _ = ctx.tr.gettext
    streams = legs(ctx, key)
    if not streams:
        return None
    measured = measured_binding(ctx, key)
    fig = style.figure(9, 1.9 + 1.25 * len(streams))
    ax = fig.subplots()
    height = 0.26
    top = max(max(v for v in (x.supply, x.capacity, x.demand) if math.isfinite(v)) for x in streams)
    table, findings = [], []
    for i, stream in enumerate(streams):
        binding = stream.binding if measured is None else measured.get(stream.id, "")
        for j, leg in enumerate(LEGS):
            value = getattr(stream, leg)
            y = i + (j - 1) * height
            colour, pattern = LEG_STYLE[leg]
            shown = value if math.isfinite(value) else 0.0
            ax.barh(y, shown, height=height * 0.9, color=colour, hatch=pattern, edgecolor=style.BLACK,
                    linewidth=2.2 if leg == binding else 0.4)
            words = f"{text.number(value, lang)} kg" if math.isfinite(value) else "–"
            if leg == binding:
                words = "◀ " + _("binding") + ": " + words
            ax.text(shown + top * 0.01, y, words, va="center", fontsize=8.5,
                    fontweight="bold" if leg == binding else "normal")
        ax.plot([stream.sold, stream.sold], [i - 1.6 * height, i + 1.6 * height], color=style.BLACK, linewidth=2.5)
        if measured is None:
            findings.append(_("{stream}: {leg} binds.", stream=stream.stream, leg=_(LEG_WORDS[binding])))
        table.append({"stream": stream.stream, **{leg: getattr(stream, leg) for leg in LEGS}, "sold": stream.sold,
                      "binding": _(LEG_WORDS[binding]) if binding else "–"})
    ax.set_yticks(np.arange(len(streams)), [style.wrap(x.stream, 22) for x in streams])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.4)
    style.number_axis(ax.xaxis, lang)
    ax.set_xlabel(_("kg of reusable product per week"))
    ax.grid(axis="x", color=style.LIGHT, linewidth=0.6)
    ax.set_axisbelow(True)
    handles: list[Artist] = [Patch(facecolor=LEG_STYLE[leg][0], hatch=LEG_STYLE[leg][1], edgecolor=style.BLACK, linewidth=0.4,
                     label=_(LEG_WORDS[leg])) for leg in LEGS]
    handles.append(Line2D([0], [0], color=style.BLACK, linewidth=2.5, label=_("actually sold")))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.01), ncol=4, borderaxespad=0)
    title = _("The triad per material stream") + (f" — {ctx.key_label(key)}" if len(ctx.keys) > 1 else "")
    style.finish(fig, title, ctx.provenance)
    cols = {"stream": _("stream"), "sold": _("actually sold"),
            "binding": _("binding"), **{leg: _(LEG_WORDS[leg]) for leg in LEGS}}
    if measured is not None and ctx.levers is not None:
        findings = [verdict.sentences(ctx.levers, lang, names(ctx))[1]]
    caption = (_("Three legs per stream, in kg per week: the supply fit for reuse, what the workshop can process "
                 "of it (estimated from the measured occupation of the busiest step or the people doing it) and "
                 "what the shop, webshop and contracts ask. The shortest leg binds (marked); the black tick is "
                 "what was actually sold.") if measured is None else _(MEASURED_CAPTION))
    return style.Chart(
        id="triad" + ctx.suffix(key), title=title,
        alt=_("Bar chart of supply, processing capacity and demand in kg per week per material stream. {finding}",
              finding=" ".join(findings)),
        caption=caption, figure=fig, data=pd.DataFrame(table).rename(columns=cols),
    )
