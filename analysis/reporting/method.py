"""The report's method section: how the model works and how the experiment was run.

It follows the STRESS guidelines for reporting discrete-event simulation studies (Monks et al.,
Journal of Simulation 2018): the logic a reader needs to judge the numbers (how people pull
work, the supervision rule, queue order), initialisation (the warm-up), the estimation
approach (why this many replications: the precision they reached) and the implementation
(software versions, operating system, processor and run time). Everything is read from the
results folder, so the section describes the run that made the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from analysis.reporting.charts.context import Context
from analysis.reporting.metric_text import label, owner_names, value
from sim import text
from sim.text import N_

CHANNELS = {"contracts": N_("contract orders"), "shop": N_("shop"), "online": N_("webshop")}
"""The market's channels as the priority names them (English message ids)."""


@dataclass(frozen=True)
class Paragraph:
    heading: str
    text: str


def _objective(ctx: Context) -> str | None:
    """The metric whose precision is told: the file's objective, else the first contract's share
    on time, else the net result; None when the folder has none of them."""
    s = ctx.scenario
    candidates = [getattr(s, "objective", None)] if s is not None else []
    if s is not None:
        candidates += [f"contracts.{c}.on_time_share" for c in s.market.contracts]
    candidates.append("economics.net_result")
    key = ctx.keys[0] if ctx.keys else ""
    return next((m for m in candidates if m and ctx.has(key, m)), None)


def _logic(ctx: Context) -> list[Paragraph]:
    _ = ctx.tr.gettext
    out = [Paragraph(_("How people pull work"), _(
        "Every person is a process that follows their own days and hours. On each working day a draw decides "
        "whether they are absent; a participant then checks in with supervision. At work a person pulls the "
        "next lot from the queues of the steps they have the skill for, the step furthest along its route "
        "first (finishing work comes before starting more), and works on it for the smaller of its remaining "
        "work and the time left in the shift. A lot not finished when the shift ends goes back to the front "
        "of its queue and is resumed first. Within a step, lots wait in order of arrival (first in, first out), "
        "and a step never has more lots in hand than it has work places.")),
        Paragraph(_("Supervision"), _(
            "Each supervisor present brings one unit of supervision for the target groups they are qualified "
            "for; a participant of a group with a supervision ratio of r participants per supervisor takes 1/r "
            "of it while at work. Without enough qualified supervision present a participant waits, and those "
            "hours count as lost to missing supervision; participants stop when their supervisor leaves. "
            "Supervisors who also do productive work only work with the capacity that supervision leaves."))]
    s = ctx.scenario
    if s is not None:
        present = {"contracts": bool(s.market.contracts), "shop": s.market.shop is not None,
                   "online": s.market.online is not None}
        order = ", ".join(_(CHANNELS[c]) for c in s.market.priority if present.get(c))
        out.append(Paragraph(_("Sales and orders"), _(
            "Finished goods go to the channels in the order of priority the scenario sets ({order}). Contract "
            "orders wait in a backlog and are served in the order they were placed.", order=order)))
    return out


def _start(ctx: Context) -> Paragraph:
    _ = ctx.tr.gettext
    settings, lang = ctx.settings, ctx.lang
    warm_up = float(settings.get("warm_up_h") or (ctx.scenario.experiment.warm_up if ctx.scenario else 0.0))
    horizon = float(settings.get("horizon_h") or (ctx.scenario.experiment.horizon if ctx.scenario else 0.0))
    parts = [_("Each run starts with an empty centre: no material, stock, queues or open orders; every "
               "participant starts at a random point of their trajectory.")]
    if warm_up > 0:
        parts.append(_("The first {warm_up} are a warm-up and are not counted: the results cover the {measured} "
                       "after it.", warm_up=text.duration(warm_up, lang),
                       measured=text.duration(max(horizon - warm_up, 0.0), lang)))
    else:
        parts.append(_("There is no warm-up: the results include the start from empty, over {horizon}.",
                       horizon=text.duration(horizon, lang)))
    check = settings.get("warm_up") or {}
    if check.get("enough"):
        parts.append(_("A check on the sampled queues finds them settled by the end of the warm-up."))
    elif check.get("suggested_h") is not None:
        parts.append(_("An MSER-5 check on the sampled queues suggests a warm-up of {suggested}.",
                       suggested=text.duration(float(check["suggested_h"]), lang)))
    stock = check.get("stock_unsettled_h") or {}
    if stock:
        parts.append(_("The stock of some products had not settled by the end of the warm-up: MSER-5 on the "
                       "sampled stock suggests {suggested}.", suggested=text.duration(max(stock.values()), lang)))
    return Paragraph(_("How a run starts"), " ".join(parts))


def _replications(ctx: Context) -> Paragraph:
    _ = ctx.tr.gettext
    settings, lang = ctx.settings, ctx.lang
    n = int(settings.get("replications") or ctx.n_replications)
    parts = [ctx.tr.ngettext(
        "{n} replication per option, each with its own random numbers derived from the seed {seed} (numpy's "
        "SeedSequence); options compared in one study use the same random numbers per replication (common "
        "random numbers), so that a difference between them is the option's and not chance.",
        "{n} replications per option, each with its own random numbers derived from the seed {seed} (numpy's "
        "SeedSequence); options compared in one study use the same random numbers per replication (common "
        "random numbers), so that a difference between them is the option's and not chance.",
        n, seed=settings.get("seed", "?"))]
    metric = _objective(ctx)
    if metric is not None:
        mean, low, high = ctx.interval(ctx.keys[0], metric)
        if all(math.isfinite(x) for x in (mean, low, high)):
            half = (high - low) / 2
            name = label(metric, lang, owner_names(ctx.scenario, lang) if ctx.scenario else None)
            parts.append(_("The precision this reached: {metric} is {mean}, with a 95% interval of ± {half}.",
                           metric=name, mean=value(metric, mean, lang), half=value(metric, half, lang)))
    parts.append(_("The interval narrows with the square root of the number of replications: halving it takes "
                   "four times as many. A council proposal calls for at least 10."))
    return Paragraph(_("Why this many replications"), " ".join(parts))


def _implementation(ctx: Context) -> Paragraph:
    _ = ctx.tr.gettext
    settings, lang = ctx.settings, ctx.lang
    versions: dict[str, Any] = settings.get("versions") or {}
    software = ", ".join(f"{name} {version}" for name, version in versions.items()) or _("not recorded")
    system: dict[str, Any] = settings.get("system") or {}
    parts = [_("Software: {software}.", software=software)]
    if system:
        parts.append(_("Computer: {os}, processor {processor} ({cores} cores).", os=system.get("os", "?"),
                       processor=system.get("processor") or "?", cores=system.get("cores", "?")))
    else:
        parts.append(_("The operating system and processor were not recorded (a folder written by an older "
                       "version)."))
    seconds = settings.get("run_time_s")
    if isinstance(seconds, int | float):
        parts.append(_("The runs took {seconds} s of computing in all.", seconds=text.number(seconds, lang, 1)))
    return Paragraph(_("Software and computer"), " ".join(parts))


def method(ctx: Context) -> list[Paragraph]:
    """The method section's paragraphs, in the reader's language."""
    return [*_logic(ctx), _start(ctx), _replications(ctx), _implementation(ctx)]
