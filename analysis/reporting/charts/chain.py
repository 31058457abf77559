"""A picture of the chain a scenario describes, drawn from the scenario alone (no simulation).

Left to right: material streams, processing steps along their routes, destinations (products,
recycling, waste) and sales channels (shop, webshop, partners). Below: the pools of people
with the steps they can do, and the supervisor teams with the groups they may supervise.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from analysis.reporting.assumptions import promise
from analysis.reporting.charts import style
from analysis.reporting.metric_text import contract_names
from analysis.results.files import write_atomic
from sim import text
from sim.loader import LoadedScenario
from sim.scenario.base import label_text
from sim.scenario.model import LEAVES, Scenario

HOURS_PER_WEEK = 168.0
N_ = text.N_
ENDS = {"recycling": N_("recycling"), "waste": N_("waste"), LEAVES: N_("leaves the centre")}
CHANNELS = {"shop": N_("shop"), "online": N_("webshop")}
LEGEND = {"flow": N_("material"), "failure": N_("on failure"), "sells": N_("sales"), "serves": N_("works on"),
          "supervises": N_("supervises")}
MAX_LINKS = 14
"""More pool-to-step links than this are written as text under each pool, not drawn."""
SPACING = 2.2
"""Distance between columns, in box-width units of the drawing."""
KIND_STYLE = {
    "stream": (style.SKY, ""),
    "step": (style.ORANGE, ""),
    "product": (style.GREEN, ""),
    "sink": (style.LIGHT, "///"),
    "channel": (style.PURPLE, ""),
    "pool": ("#FFF3C4", ""),
    "team": ("#D6EAF8", ""),
}


@dataclass
class Graph:
    """Nodes by id with (column, label, kind), and edges (source, target, kind, label)."""

    nodes: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def edge(self, source: str, target: str, kind: str, label: str = "") -> None:
        key = (source, target, kind)
        if key not in self.edges or not self.edges[key]:
            self.edges[key] = label


def _name(item: object, key: str, lang: str) -> str:
    return label_text(getattr(item, "name", None), lang, key)


def _depths(s: Scenario) -> dict[str, int]:
    """Column of every step: one past the step before it on any route (cycles are cut)."""
    depth = {step: 0 for step in s.steps}
    for _ in range(len(s.steps) + 1):
        changed = False
        for route in s.routes.values():
            for before, after in zip(route.steps, route.steps[1:], strict=False):
                if depth[after] < depth[before] + 1 <= len(s.steps):
                    depth[after] = depth[before] + 1
                    changed = True
        for step_id, step in s.steps.items():
            if step.success is not None and step.success.on_failure in s.routes:
                first = s.routes[step.success.on_failure].steps[:1]
                if first and depth[first[0]] < depth[step_id] + 1 <= len(s.steps):
                    depth[first[0]] = depth[step_id] + 1
                    changed = True
        if not changed:
            break
    return depth


def _end_node(s: Scenario, g: Graph, end: str, column: int, lang: str) -> str:
    if end in s.products:
        node = f"e:{end}"
        g.nodes[node] = (column, _name(s.products[end], end, lang), "product")
    else:
        node = f"e:{end}"
        g.nodes[node] = (column, text.translation(lang).gettext(ENDS[end]), "sink")
    return node


def graph(s: Scenario, lang: str) -> Graph:
    """The chain as nodes and edges."""
    _ = text.translation(lang).gettext
    g = Graph()
    depth = _depths(s)
    end_column = 1 + (max(depth.values()) + 1 if depth else 0)
    for sid, stream in s.materials.items():
        rate = text.number(stream.arrivals.rate * HOURS_PER_WEEK, lang)
        g.nodes[f"m:{sid}"] = (0, _name(stream, sid, lang) + "\n" + _("{rate} per week", rate=rate), "stream")
    for step_id, step in s.steps.items():
        places = "∞" if step.work_places == "unlimited" else str(step.work_places)
        g.nodes[f"s:{step_id}"] = (1 + depth[step_id], f"{_name(step, step_id, lang)}\n[{places}]", "step")

    def route_start(route_id: str) -> list[tuple[str, float]]:
        """Where material entering a route goes first: its first step, or its ends with shares."""
        route = s.routes[route_id]
        if route.steps:
            return [(f"s:{route.steps[0]}", 1.0)]
        ends = {route.to: 1.0} if isinstance(route.to, str) else dict(route.to)
        return [(_end_node(s, g, end, end_column, lang), share) for end, share in ends.items()]

    for sid, stream in s.materials.items():
        shares: dict[str, float] = {}
        for grade in stream.grades.values():
            for target, share in route_start(grade.route):
                shares[target] = shares.get(target, 0.0) + grade.share * share
        for target, share in shares.items():
            g.edge(f"m:{sid}", target, "flow", text.percent(share, lang))
    for route in s.routes.values():
        for before, after in zip(route.steps, route.steps[1:], strict=False):
            g.edge(f"s:{before}", f"s:{after}", "flow")
        if route.steps:
            ends = {route.to: 1.0} if isinstance(route.to, str) else dict(route.to)
            for end, share in ends.items():
                g.edge(f"s:{route.steps[-1]}", _end_node(s, g, end, end_column, lang), "flow",
                       text.percent(share, lang) if share < 1 else "")
    for step_id, step in s.steps.items():
        if step.success is not None:
            fail = step.success.on_failure
            label = _("fails") + " " + text.percent(1 - step.success.probability, lang)
            targets = route_start(fail) if fail in s.routes else [(_end_node(s, g, fail, end_column, lang), 1.0)]
            for target, _share in targets:
                g.edge(f"s:{step_id}", target, "failure", label)
    channel_column = end_column + 1
    m = s.market
    for channel, word in ((m.shop, "shop"), (m.online, "online")):
        if channel is not None:
            node = f"c:chain_{word}"
            g.nodes[node] = (channel_column, _(CHANNELS[word]), "channel")
            for product in channel.demand:
                g.edge(f"e:{product}", node, "sells")
    contract_name = contract_names(s, lang)  # the partner and what it orders
    for cid, contract in m.contracts.items():
        node = f"c:contract:{cid}"
        lead = promise(contract, lang)
        g.nodes[node] = (channel_column, f"{contract_name[cid]}\n≤ {lead}", "channel")
        for product in contract.lines():
            g.edge(f"e:{product}", node, "sells")
    for product in s.products:
        if f"e:{product}" not in g.nodes:
            g.nodes[f"e:{product}"] = (end_column, _name(s.products[product], product, lang), "product")
    return g


def draw_chain(loaded: LoadedScenario, lang: str) -> style.Chart:
    """The chain of a scenario as a chart."""
    s = loaded.scenario
    tr = text.translation(lang)
    g = graph(s, lang)
    columns: dict[int, list[str]] = {}
    for node, (column, _, _) in g.nodes.items():
        columns.setdefault(column, []).append(node)
    n_columns = max(columns) + 1
    tallest = max(len(v) for v in columns.values())
    chain_bottom = _pool_row(s) + 1.0 if s.workforce else 0.0
    fig = style.figure(max(10.0, 2.6 * n_columns), 2.4 + 0.95 * tallest + 0.95 * chain_bottom)
    ax = fig.subplots()
    ax.set_axis_off()
    ax.set_xlim(-1.1, (n_columns - 1) * SPACING + 0.9)
    ax.set_ylim(-0.3, chain_bottom + tallest + 0.6)
    where: dict[str, tuple[float, float]] = {}
    for column, nodes in columns.items():
        offset = (tallest - len(nodes)) / 2
        for i, node in enumerate(nodes):
            where[node] = (column * SPACING, chain_bottom + tallest - 0.5 - offset - i)
    box_w, box_h = 1.5, 0.62
    for node, (_column, label, kind) in g.nodes.items():
        _box(ax, where[node], label, kind, box_w, box_h)
    for (source, target, kind), label in g.edges.items():
        if source in where and target in where:
            _arrow(ax, where[source], where[target], kind, label, box_w)
    for column, word in _headings(columns, g):
        ax.text(column * SPACING, chain_bottom + tallest + 0.35, _heading(word, tr), ha="center", va="bottom", fontsize=10,
                fontweight="bold", color=style.GREY)
    _people(ax, s, lang, where, box_w, box_h)
    handles = [Line2D([0], [0], color=EDGE_STYLE[k][0], linestyle=EDGE_STYLE[k][1], linewidth=1.4,  # type: ignore[arg-type]
                      label=tr.gettext(LEGEND[k]))
               for k in ("flow", "failure", "sells", "serves", "supervises")]
    handles.append(Line2D([0], [0], linestyle="none", label=tr.gettext("[n] = number of work places")))
    ax.legend(handles=handles, loc="lower right", fontsize=8.5, frameon=True, framealpha=0.95, edgecolor=style.LIGHT)
    title = tr.gettext("The chain of {scenario}", scenario=s.name)
    provenance = tr.gettext("Scenario '{scenario}' (hash {hash}) · Ambacht {version} · {date}", scenario=s.name,
                            hash=loaded.content_hash, version=_version(), date=text.date(dt.date.today(), lang))
    style.finish(fig, title, provenance)
    return style.Chart(id="chain", title=title, alt=title, caption="", figure=fig)


def _version() -> str:
    import sim

    return sim.__version__


def _headings(columns: dict[int, list[str]], g: Graph) -> list[tuple[int, str]]:
    out = []
    for column, nodes in sorted(columns.items()):
        kinds = {g.nodes[n][2] for n in nodes}
        word = ("stream" if "stream" in kinds else "channel" if "channel" in kinds
                else "end" if kinds & {"product", "sink"} else "step")
        if column > 1 and word == "step":
            continue
        out.append((column, word))
    return out


def _heading(word: str, tr: text.Translation) -> str:
    """A column heading ('chain column': the Dutch words differ from the same English elsewhere)."""
    return {"stream": tr.pgettext("chain column", "material"), "step": tr.pgettext("chain column", "processing"),
            "end": tr.pgettext("chain column", "destination"), "channel": tr.pgettext("chain column", "sales")}[word]


def _box(ax: object, xy: tuple[float, float], label: str, kind: str, width: float, height: float) -> None:
    colour, pattern = KIND_STYLE[kind]
    x, y = xy
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,  # type: ignore[attr-defined]
                                boxstyle="round,pad=0.02,rounding_size=0.08", facecolor=colour, hatch=pattern,
                                edgecolor=style.BLACK, linewidth=0.8, zorder=3))
    ax.text(x, y, "\n".join(style.shorten(line, 24) for line in label.split("\n")), ha="center", va="center",  # type: ignore[attr-defined]
            fontsize=8.5, zorder=4, bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 1}
            if pattern else None)


EDGE_STYLE = {
    "flow": (style.BLACK, "-", 1.3),
    "failure": (style.VERMILLION, "--", 1.3),
    "sells": (style.PURPLE, "-", 1.3),
    "serves": (style.GREY, ":", 0.9),
    "supervises": (style.BLUE, "-.", 0.9),
}


def _arrow(ax: object, a: tuple[float, float], b: tuple[float, float], kind: str, label: str, width: float) -> None:
    colour, line, size = EDGE_STYLE[kind]
    same_column = abs(a[0] - b[0]) < 1e-9
    start = (a[0] + (0 if same_column else width / 2), a[1] - (0.31 if same_column else 0))
    end = (b[0] - (0 if same_column else width / 2), b[1] + (0.31 if same_column else 0))
    rad = 0.25 if kind == "failure" else 0.0
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=11, color=colour,  # type: ignore[attr-defined]
                                 linestyle=line, linewidth=size, connectionstyle=f"arc3,rad={rad}", zorder=2))
    if label:
        t = 0.5 if kind == "failure" else 0.3
        ax.text(start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t + 0.08, label,  # type: ignore[attr-defined]
                fontsize=7.5, color=colour, ha="center", va="bottom", zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85})


def _people(ax: object, s: Scenario, lang: str, where: dict[str, tuple[float, float]], width: float, height: float) -> None:
    """Pools under the steps they can do; supervisor teams under the pools they may supervise."""
    if not s.workforce:
        return
    row_pools = _pool_row(s)
    pools = list(s.workforce)
    left, right = 0.0, max(x for x, _ in where.values())
    spacing = (right - left) / max(len(pools) - 1, 1) if len(pools) > 1 else 0
    pool_at = {}
    many = _many_links(s)
    tr = text.translation(lang)
    for i, pid in enumerate(pools):
        pool = s.workforce[pid]
        x = left + spacing * i if len(pools) > 1 else right / 2
        pool_at[pid] = (x, row_pools)
        group = s.target_groups.get(pool.group)
        ratio = group.supervision_ratio if group is not None else None
        extra = ", " + tr.gettext("1 per {ratio}", ratio=text.number(ratio, lang)) if ratio else ""
        _box(ax, pool_at[pid], f"{_name(pool, pid, lang)}\n{_count(pool.people, lang)}{extra}",
             "pool", width, height)
        does = [step_id for step_id, step in s.steps.items() if step.skill in pool.skills and f"s:{step_id}" in where]
        if many:
            # Too many lines become a tangle: name the steps under the pool instead.
            names = ", ".join(_name(s.steps[d], d, lang) for d in does)
            wrapped = textwrap.fill(textwrap.shorten(names, 84, placeholder=" …"), 30)
            ax.text(x, row_pools - height / 2 - 0.05, wrapped, ha="center", va="top", fontsize=7,  # type: ignore[attr-defined]
                    color=style.GREY, fontstyle="italic", zorder=4,
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9, "pad": 1})
            continue
        for step_id in does:
            sx, sy = where[f"s:{step_id}"]
            ax.add_patch(FancyArrowPatch((x, row_pools + height / 2), (sx, sy - height / 2), arrowstyle="-",  # type: ignore[attr-defined]
                                         color=style.GREY, linestyle=":", linewidth=0.9, zorder=1))
    teams = list(s.supervisors)
    for i, tid in enumerate(teams):
        team = s.supervisors[tid]
        x = left + (right - left) * (i + 0.5) / len(teams)
        _box(ax, (x, 0.2), f"{_name(team, tid, lang)}\n{_count(team.people, lang)}", "team",
             width, height)
        for pid, pool in s.workforce.items():
            group = s.target_groups.get(pool.group)
            if group is not None and group.supervision_ratio and (group.qualification or pool.group) in team.qualifications:
                px, py = pool_at[pid]
                ax.add_patch(FancyArrowPatch((x, 0.2 + height / 2), (px, py - height / 2), arrowstyle="-|>",  # type: ignore[attr-defined]
                                             mutation_scale=9, color=style.BLUE, linestyle="-.", linewidth=0.9, zorder=1))
    ax.text(-1.05, row_pools, tr.pgettext("chain column", "people"), fontsize=10, fontweight="bold", color=style.GREY,  # type: ignore[attr-defined]
            ha="left", va="center", rotation=90)
    if teams:
        ax.text(-1.05, 0.2, tr.pgettext("chain column", "supervision"), fontsize=9, fontweight="bold", color=style.GREY,  # type: ignore[attr-defined]
                ha="left", va="center", rotation=90)


def _many_links(s: Scenario) -> bool:
    links = sum(1 for pool in s.workforce.values() for step in s.steps.values() if step.skill in pool.skills)
    return links > MAX_LINKS


def _pool_row(s: Scenario) -> float:
    """Height of the row of pools: above the supervisors, with room for step names when written out."""
    return (1.3 + (0.6 if _many_links(s) else 0.0)) if s.supervisors else 0.4


def _count(people: int, lang: str) -> str:
    return text.translation(lang).ngettext("{n} person", "{n} people", people)


def write_chain(loaded: LoadedScenario, path: Path, lang: str) -> Path:
    """Draw the chain and write it as PNG, SVG or PDF (by the suffix of ``path``)."""
    chart = draw_chain(loaded, lang)
    fmt = path.suffix.lower().lstrip(".")
    write_atomic(path, lambda p: chart.figure.savefig(p, format=fmt, dpi=150, facecolor="white"))
    return path
