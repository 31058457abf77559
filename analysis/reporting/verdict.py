"""The triad diagnosis in words, from the measured levers (one source for text, table and chart).

Every sentence is made from a :class:`~analysis.experiments.levers.LeverStudy`: the objective and its base
value, the lever that buys most with its interval and cost, the lever that buys most per euro,
and the ``compare --vary`` that confirms it. When no lever's gain is distinguishable from zero,
the centre is balanced for this objective.
"""

from __future__ import annotations

import math

from analysis.experiments.diagnosis import leg_name as _threshold_leg_name
from analysis.experiments.levers import LeverStudy, MeasuredLever
from analysis.reporting import metric_text
from analysis.reporting.metric_text import label
from analysis.statistics.stats import Estimate
from sim import text as i18n

LEGS = {"materials": "materials", "labour": "capacity", "market": "market", "balanced": "balanced"}
"""A lever's leg -> the leg's name in the threshold diagnosis (one translation of each leg)."""


def leg_name(leg: str, lang: str) -> str:
    """A leg of the triad in the reader's language: 'labour' -> 'arbeidscapaciteit'."""
    return _threshold_leg_name(LEGS[leg], lang)


def points(lang: str, short: bool = False) -> str:
    """The unit of a change in a share: 'percentage points' ('pp' in tables)."""
    tr = i18n.translation(lang)
    return tr.pgettext("unit, short", "pp") if short else tr.gettext("percentage points")


def value(metric: str, x: float, lang: str, signed: bool = False, short: bool = False) -> str:
    """A metric value for reading: a change in a share in percentage points, money in euros;
    ``short``: 'pp' ('%-punt') for tables."""
    if not math.isfinite(x):
        return i18n.NOT_A_NUMBER
    sign = "+" if signed and x > 0 else ""
    kind = metric_text.kind(metric)
    if kind == "percent":
        if signed:
            return f"{sign}{i18n.number(x * 100, lang, 1)} {points(lang, short)}"
        return i18n.percent(x, lang)
    if kind == "money":
        return sign + i18n.money(x, lang)
    return sign + i18n.number(x, lang)


def cost_text(cost: float | None, lang: str) -> str:
    _ = i18n.translation(lang).gettext
    if cost is None:
        return _("cost not in the file")
    if cost == 0:
        return _("no direct cost")
    return _("costing {cost} a year", cost=i18n.money(cost, lang))


def effect(x: MeasuredLever, metric: str) -> Estimate:
    return x.effects.get(metric, Estimate(math.nan, math.nan, math.nan, 0))


def sentences(study: LeverStudy, lang: str, names: dict[str, str] | None = None, file: str | None = None) -> list[str]:
    """The diagnosis, sentence by sentence; ``file``: the scenario file named in the command that
    confirms the recommended lever (a placeholder when None)."""
    tr = i18n.translation(lang)
    _ = tr.gettext
    metric = study.objective
    metric_name = label(metric, lang, names)
    base = study.base.get(metric)
    out = [_("Objective: {metric} (now {base}).", metric=metric_name,
             base=value(metric, base.mean if base else math.nan, lang))]
    best = study.recommended
    if not study.decided:
        out.append(withheld(study, lang, file))
        return out
    if best is None:
        out.append(tr.ngettext(
            "No lever measurably improves {metric} ({n} lever tried): the centre is balanced for this objective.",
            "No lever measurably improves {metric} ({n} levers tried): the centre is balanced for this objective.",
            len(study.levers), metric=metric_name))
        return out
    e = effect(best, metric)
    out.append(_("The binding leg is {leg}: the lever that buys most is “{lever}”, {gain} (95% interval {low} to "
                 "{high}), {cost}.", leg=leg_name(best.lever.leg, lang), lever=best.lever.label(lang),
                 gain=value(metric, e.mean, lang, signed=True), low=value(metric, e.low, lang, signed=True),
                 high=value(metric, e.high, lang, signed=True), cost=cost_text(best.lever.cost_per_year, lang)))
    tied = [x for x in study.levers if x.lever.id in study.ties]
    if tied:
        each = [_("“{lever}”, {cost}", lever=x.lever.label(lang), cost=cost_text(x.lever.cost_per_year, lang))
                for x in tied]
        out.append(_("Just as good in every run: {levers}.", levers="; ".join(each)))
    cheapest = study.by_euro()
    if cheapest and cheapest[0] is not best:
        c = cheapest[0]
        out.append(_("Most per euro: “{lever}”, {gain} for {cost}.", lever=c.lever.label(lang),
                     gain=value(metric, effect(c, metric).mean, lang, signed=True),
                     cost=cost_text(c.lever.cost_per_year, lang)))
    worse = sum(1 for x in study.levers if x.gain.n > 1 and math.isfinite(x.gain.high) and x.gain.high < 0)
    out.append(tr.ngettext("{real} of {n} lever buys something measurable; {worse} make it worse.",
                           "{real} of {n} levers buy something measurable; {worse} make it worse.",
                           len(study.levers), real=sum(1 for x in study.levers if x.real), worse=worse))
    out.append(_("Check it: ambacht compare {file} --vary \"{vary}\"", vary=best.lever.vary,
                 file=file if file is not None else tr.pgettext("placeholder in a command", "FILE")))
    return out


def withheld(study: LeverStudy, lang: str, file: str | None = None) -> str:
    """The verdict withheld: which levers the replications could not separate, and the
    replications that would (``-n`` of ``ambacht levers``)."""
    tr = i18n.translation(lang)
    leading = "; ".join(f"“{x.lever.label(lang)}”" for x in study.leading)
    needed = study.replications_needed or 0
    return tr.ngettext(
        "No verdict yet: {n} replication per lever cannot tell which of these buys most: {levers}. "
        "Run with -n {needed} to decide: ambacht levers {file} -n {needed}",
        "No verdict yet: {n} replications per lever cannot tell which of these buys most: {levers}. "
        "Run with -n {needed} to decide: ambacht levers {file} -n {needed}",
        max((x.replications for x in study.leading), default=0),
        levers=leading, needed=needed,
        file=file if file is not None else tr.pgettext("placeholder in a command", "FILE"))


def hint(lang: str) -> str:
    """The label of the threshold reading when the levers were measured."""
    return i18n.translation(lang).gettext(
        "First hint, read off thresholds on the current state (not measured; 'ambacht levers' measures what "
        "each lever buys):")


def table_caption(lang: str) -> str:
    """The caption of the levers table."""
    return i18n.translation(lang).gettext(
        "What each lever buys, measured: paired runs against the base, 95% intervals")


def not_tried(lang: str) -> str:
    """The lead-in of the list of levers not tried."""
    return i18n.translation(lang).gettext("Not tried (why, in brackets):")


def text(study: LeverStudy, lang: str, names: dict[str, str] | None = None, file: str | None = None) -> str:
    return " ".join(sentences(study, lang, names, file))


def closing(study: LeverStudy, lang: str) -> str:
    """The work it took: '14 runs, 2 base replications, 4 s'."""
    return i18n.translation(lang).ngettext("{n} run, {base} base replications, {seconds} s",
                                           "{n} runs, {base} base replications, {seconds} s", study.runs,
                                           base=study.base_replications, seconds=i18n.number(study.seconds, lang, 0))
