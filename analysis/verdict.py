"""The triad diagnosis in words, from the measured levers (one source for text, table and chart).

Every sentence is made from a :class:`~analysis.levers.LeverStudy`: the objective and its base
value, the lever that buys most with its interval and cost, the lever that buys most per euro,
and the ``compare --vary`` that confirms it. When no lever's gain is distinguishable from zero,
the centre is balanced for this objective.
"""

from __future__ import annotations

import math
from typing import Any

from analysis.levers import LeverStudy, MeasuredLever
from analysis.stats import Estimate
from analysis.tables import label
from sim import text as i18n

LEG_NAMES = {
    "en": {"materials": "materials", "labour": "labour capacity", "market": "market", "balanced": "balanced"},
    "nl": {"materials": "restmaterialen", "labour": "arbeidscapaciteit", "market": "afzetmarkt", "balanced": "in balans"},
}
TEXT = {
    "objective": {"en": "Objective: {metric} (now {base}).", "nl": "Doel: {metric} (nu {base})."},
    "binding": {
        "en": "The binding leg is {leg}: the lever that buys most is “{lever}”, {gain} (95% interval {low} to {high}), {cost}.",
        "nl": "De beperkende poot is de {leg}: de hefboom die het meeste oplevert is ‘{lever}’, {gain} (95%-interval {low} tot {high}), {cost}.",
    },
    "balanced": {
        "en": "No lever measurably improves {metric} ({n} levers tried): the centre is balanced for this objective.",
        "nl": "Geen hefboom verbetert {metric} meetbaar ({n} hefbomen geprobeerd): het centrum is voor dit doel in balans.",
    },
    "per_euro": {"en": "Most per euro: “{lever}”, {gain} for {cost}.", "nl": "Meeste per euro: ‘{lever}’, {gain} voor {cost}."},
    "confirm": {"en": "Check it: ambacht compare FILE --vary \"{vary}\"", "nl": "Controleer het: ambacht compare BESTAND --vary \"{vary}\""},
    "cost_year": {"en": "costing {cost} a year", "nl": "kosten {cost} per jaar"},
    "cost_none": {"en": "cost not in the file", "nl": "kosten niet in het bestand"},
    "cost_free": {"en": "no direct cost", "nl": "geen directe kosten"},
    "points": {"en": "percentage points", "nl": "procentpunt"},
    "points_short": {"en": "pp", "nl": "%-punt"},
    "table": {"en": "What each lever buys, measured: paired runs against the base, 95% intervals",
              "nl": "Wat elke hefboom oplevert, gemeten: gepaarde runs tegen de basis, 95%-intervallen"},
    "not_tried": {"en": "Not tried (why, in brackets):", "nl": "Niet geprobeerd (waarom, tussen haakjes):"},
    "others": {
        "en": "{real} of {n} levers buy something measurable; {worse} make it worse.",
        "nl": "{real} van de {n} hefbomen leveren meetbaar iets op; {worse} maken het slechter.",
    },
}


def t(key: str, lang: str, **values: Any) -> str:
    return TEXT[key][lang].format(**values)


def value(metric: str, x: float, lang: str, signed: bool = False, short: bool = False) -> str:
    """A metric value for reading: a change in a share in percentage points, money in euros;
    ``short``: 'pp' ('%-punt') for tables."""
    if not math.isfinite(x):
        return "–"
    last = metric.rsplit(".", 1)[-1]
    sign = "+" if signed and x > 0 else ""
    if last.endswith("share") or last.endswith("fill_rate") or last.endswith("utilisation"):
        if signed:
            points = i18n.number(x * 100, lang, 1)
            unit = TEXT["points_short" if short else "points"][lang]
            return f"{sign}{points} {unit}"
        return i18n.percent(x, lang)
    if metric.startswith("economics."):
        return sign + i18n.money(x, lang)
    return sign + i18n.number(x, lang)


def cost_text(cost: float | None, lang: str) -> str:
    if cost is None:
        return t("cost_none", lang)
    if cost == 0:
        return t("cost_free", lang)
    return t("cost_year", lang, cost=i18n.money(cost, lang))


def effect(x: MeasuredLever, metric: str) -> Estimate:
    return x.effects.get(metric, Estimate(math.nan, math.nan, math.nan, 0))


def sentences(study: LeverStudy, lang: str, names: dict[str, str] | None = None) -> list[str]:
    """The diagnosis, sentence by sentence."""
    metric = study.objective
    metric_name = label(metric, lang, names)
    base = study.base.get(metric)
    out = [t("objective", lang, metric=metric_name, base=value(metric, base.mean if base else math.nan, lang))]
    best = study.recommended
    if best is None:
        out.append(t("balanced", lang, metric=metric_name, n=len(study.levers)))
        return out
    e = effect(best, metric)
    out.append(t("binding", lang, leg=LEG_NAMES[lang][best.lever.leg], lever=best.lever.label(lang),
                 gain=value(metric, e.mean, lang, signed=True), low=value(metric, e.low, lang, signed=True),
                 high=value(metric, e.high, lang, signed=True), cost=cost_text(best.lever.cost_per_year, lang)))
    cheapest = study.by_euro()
    if cheapest and cheapest[0] is not best:
        c = cheapest[0]
        out.append(t("per_euro", lang, lever=c.lever.label(lang), gain=value(metric, effect(c, metric).mean, lang, signed=True),
                     cost=cost_text(c.lever.cost_per_year, lang)))
    worse = sum(1 for x in study.levers if x.gain.n > 1 and math.isfinite(x.gain.high) and x.gain.high < 0)
    out.append(t("others", lang, real=sum(1 for x in study.levers if x.real), n=len(study.levers), worse=worse))
    out.append(t("confirm", lang, vary=best.lever.vary))
    return out


HINT = {"en": "First hint, read off thresholds on the current state (not measured; 'ambacht levers' measures what "
              "each lever buys):",
        "nl": "Eerste aanwijzing, afgelezen aan drempels in de huidige toestand (niet gemeten; 'ambacht levers' meet "
              "wat elke hefboom oplevert):"}


def hint(lang: str) -> str:
    """The label of the threshold reading when the levers were measured."""
    return HINT[lang]


def text(study: LeverStudy, lang: str, names: dict[str, str] | None = None) -> str:
    return " ".join(sentences(study, lang, names))


def leg_name(leg: str, lang: str) -> str:
    return LEG_NAMES[lang][leg]
