"""A scenario sized for a town from a few facts: inhabitants, streams, target groups, a contract.

The published figures come from the preset catalogue (:mod:`analysis.sizing.presets`): goods
collected per inhabitant and their mix give the inflow per stream; the steps' work content
gives the hours that inflow needs; the groups' productivity, hours and absence turn those hours
into head counts; their supervision ratios give the supervisors; shop visits per inhabitant
give the customers, and the shop's demand is set to what the centre makes (calibrated).
:func:`size` returns the plan (plain numbers) and the scenario tree whose numbers carry their
sources; :func:`sized_scenario_text` writes it as a commented scenario file.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from analysis.sizing.presets import Catalogue, catalogue, plain
from analysis.sizing.scenario_text import scenario_text
from analysis.sizing.sizing_tree import (
    MARKER,
    MIN_GROUP,
    ORDER,
    REPLACE_FIRST,
    WORKSHOP_HOURS_PER_DAY,
    Facts,
    Plan,
    build_tree,
    group_schedule,
    marked,
    strongest,
)
from sim import text, units
from sim.text import N_

SINKS = ("recycling", "waste")


class SizingError(ValueError):
    """Facts that cannot be sized; ``say`` writes the explanation with a language's messages."""

    def __init__(self, say: Callable[[text.Translation], str]) -> None:
        super().__init__(say(text.translation(text.SOURCE_LANGUAGE)))
        self.say = say

    def render(self, lang: str) -> str:
        return self.say(text.translation(lang))


def _mean(kind: str, value: Any) -> float:
    """Mean of a quantity or a distribution of quantities, in base units."""
    value = plain(value)
    if not isinstance(value, dict):
        return units.parse(kind, value) if isinstance(value, str) else float(value)
    name = value["distribution"]
    if name == "triangular":
        return sum(units.parse(kind, value[k]) for k in ("min", "mode", "max")) / 3
    if name == "uniform":
        return (units.parse(kind, value["min"]) + units.parse(kind, value["max"])) / 2
    if name == "empirical":
        values, weights = value["values"], value.get("weights") or [1] * len(value["values"])
        return float(sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights))
    raise ValueError(f"no mean for distribution {name}")


def _check(facts: Facts, c: Catalogue) -> None:
    unknown_streams = [s for s in facts.streams if s not in c.streams]
    unknown_groups = [g for g in facts.groups if g not in c.groups]
    if unknown_streams or unknown_groups:
        raise SizingError(lambda tr: "; ".join(
            [tr.gettext("unknown stream '{name}'", name=x) for x in unknown_streams]
            + [tr.gettext("unknown group '{name}'", name=x) for x in unknown_groups])
            + tr.gettext(". Streams: {streams}. Groups: {groups}", streams=", ".join(c.streams),
                         groups=", ".join(c.groups)))
    if not facts.streams or not facts.groups:
        raise SizingError(lambda tr: tr.gettext("give at least one stream and one target group"))
    if facts.contract is not None and contract_product(facts, c) is None:
        words = sorted({p for s in facts.streams for p in _stream_products(c, s)})
        wanted = facts.contract.product_word
        raise SizingError(lambda tr: tr.gettext(
            "--contract: no chosen stream makes '{product}'; the chosen streams make: {made}",
            product=wanted, made=", ".join(words)))
    if not 1_000 <= facts.inhabitants <= 2_000_000:
        raise SizingError(lambda tr: tr.gettext("inhabitants {n}: give a number from 1000 to 2000000",
                                                n=facts.inhabitants))


def _stream_products(c: Catalogue, stream: str) -> list[str]:
    """The products a stream's routes end in."""
    found: list[str] = []
    for route in c.streams[stream]["routes"].values():
        to = plain(route["to"])
        found += [p for p in (to if isinstance(to, dict) else {to: 1}) if p not in SINKS and p not in found]
    return found


def contract_product(facts: Facts, c: Catalogue) -> str | None:
    """The product id the contract orders, when a chosen stream makes it."""
    if facts.contract is None:
        return None
    made = [p for s in facts.streams for p in _stream_products(c, s)]
    word = facts.contract.product_word
    return next((p for p in made if word in c.products[p]["words"]), None)


def _walk(c: Catalogue, stream: str, route_id: str, flow: float, visits: dict[str, float],
          products: dict[str, float], mean_kg: float) -> None:
    """Add the expected visits per step and products per unit of ``stream`` sent down a route."""
    route = c.streams[stream]["routes"][route_id]
    for step_id in route["steps"]:
        visits[step_id] = visits.get(step_id, 0.0) + flow
        success = c.steps[step_id].get("success")
        if success:
            p = float(plain(success["probability"]))
            failure = success["on_failure"]
            if failure not in SINKS:
                _walk(c, stream, failure, flow * (1 - p), visits, products, mean_kg)
            flow *= p
    to = plain(route["to"])
    destinations = to if isinstance(to, dict) else {to: 1.0}
    for product, share in destinations.items():
        if product in SINKS:
            continue
        per_unit = c.products[product]
        amount = flow * share * (mean_kg if per_unit.get("unit") == "kg" else 1.0)
        last = route["steps"][-1] if route["steps"] else None
        if last and c.steps[last].get("units_per_product", 1) > 1:
            amount /= c.steps[last]["units_per_product"]
        products[product] = products.get(product, 0.0) + amount


def _round(x: float, step: float) -> float:
    return max(step, round(x / step) * step)


def size(facts: Facts) -> Plan:
    """Size a scenario for ``facts``: the plan and its commented tree."""
    c = catalogue()
    _check(facts, c)
    town = c.town
    plan = Plan()
    open_weeks = float(town["open_weeks"].value)
    visits: dict[str, dict[str, float]] = {}
    products: dict[str, float] = {}
    for stream_id in facts.streams:
        s = c.streams[stream_id]
        kg = facts.inhabitants * town["kg_per_inhabitant"].value * s["share_of_goods"].value
        mean_kg = _mean("mass", s["weight_per_unit"])
        plan.kg_per_year[stream_id] = kg
        plan.units_per_week[stream_id] = kg / mean_kg / open_weeks
        per_unit_visits: dict[str, float] = {}
        per_unit_products: dict[str, float] = {}
        for grade in plain(s["grades"]).values():
            _walk(c, stream_id, grade["route"], grade["share"], per_unit_visits, per_unit_products, mean_kg)
        units_year = kg / mean_kg
        visits[stream_id] = {k: v * units_year for k, v in per_unit_visits.items()}
        for product, amount in per_unit_products.items():
            products[product] = products.get(product, 0.0) + amount * units_year
    plan.products_per_year = products
    steps_used = sorted({step for v in visits.values() for step in v}, key=list(c.steps).index)
    hours_per_step: dict[str, float] = {}
    for step_id in steps_used:
        step = c.steps[step_id]
        per_product = step.get("units_per_product", 1)
        hours = sum(visits[s].get(step_id, 0.0) * _mean("duration", step["work_content"][s]) / per_product
                    for s in facts.streams if s in step["work_content"])
        hours_per_step[step_id] = hours
        plan.hours_per_skill[step["skill"]] = plan.hours_per_skill.get(step["skill"], 0.0) + hours
    _staff(facts, c, plan)
    plan.tree = build_tree(facts, c, plan, steps_used, hours_per_step, contract_product(facts, c))
    return plan


def _staff(facts: Facts, c: Catalogue, plan: Plan) -> None:
    """Head counts per group from the hours per skill, then supervisors per qualification."""
    town = c.town
    weeks_per_year = float(town["workshop_hours_per_year"].value) / (WORKSHOP_HOURS_PER_DAY * 5)
    occupancy = float(town["occupancy"].value)
    skills_present = set(plan.hours_per_skill)
    group_hours = dict.fromkeys(facts.groups, 0.0)
    for skill, hours in plan.hours_per_skill.items():
        able = [g for g in facts.groups if skill in c.groups[g]["skills"]] or [strongest(facts, c)]
        total = sum(c.groups[g]["weight"] for g in able)
        for g in able:
            group_hours[g] += hours * c.groups[g]["weight"] / total
    for g in facts.groups:
        preset = c.groups[g]
        days, hours_a_day = group_schedule(preset)
        effective = (len(days) * hours_a_day * weeks_per_year * (1 - preset["absence"].value)
                     * preset["productivity"].value * occupancy)
        plan.people[g] = max(MIN_GROUP, math.ceil(group_hours[g] / effective)) if skills_present else MIN_GROUP
    need: dict[str, float] = {}
    for g in facts.groups:
        preset = c.groups[g]
        if preset.get("qualification"):
            present = plan.people[g] * (1 - preset["absence"].value)
            need[preset["qualification"]] = need.get(preset["qualification"], 0.0) + present / preset["supervision_ratio"].value
    headroom = float(town["supervision_headroom"].value)
    # A qualification needing less than half a supervisor gets no team of its own: the team with
    # the most work takes it on (a care-trained or SBB-accredited werkbegeleider, estimate).
    host = max(need, key=lambda q: need[q]) if need else None
    for qualification, load in sorted(need.items(), key=lambda item: -item[1]):
        if qualification != host and load * headroom < 0.5 and host is not None:
            plan.team_qualifications[host].append(qualification)
            continue
        plan.team_qualifications[qualification] = [qualification]
    for team, qualifications in plan.team_qualifications.items():
        load = sum(need[q] for q in qualifications)
        plan.supervisors[team] = max(1, math.ceil(load * headroom - 0.05))




HEADER = N_("A circular craft centre sized by 'ambacht init' from a few facts:\n{facts}.\n\nEvery number says where it comes from: an entry of Ambacht's docs/sources.md\n('source: docs/sources.md#...'), 'derived' with the sum that gives it, 'calibrated' (set so\nthe model behaves, not published) or 'estimate' (nothing published).\n\nReplace these first with your own numbers; the answer hinges on them (marked {marker}):")
WARNING = N_("WARNING: the contract asks {asked} a year and the inflow gives about {made}: more inflow (weesfietsen, a second drop-off point) or a smaller promise is needed.")
NEXT = N_("\nThen:\n  ambacht validate {file}\n  ambacht run {file} -n 3\n  ambacht sweep {file} --name bezetting -n 3 --out results/bezetting\n  ambacht report results/bezetting --lang {lang}")
"""The header of a sized scenario file, its warning and what to do next (English message ids)."""


def _facts_text(facts: Facts) -> str:
    lang = facts.language
    tr = text.translation(lang)
    parts = [tr.gettext("{n} inhabitants", n=text.number(facts.inhabitants, lang, 0)),
             tr.gettext("streams {names}", names=", ".join(facts.streams)),
             tr.gettext("groups {names}", names=", ".join(facts.groups))]
    if facts.contract:
        parts.append(tr.gettext("contract '{contract}'", contract=facts.contract.text))
    return "; ".join(parts)


def sized_scenario_text(facts: Facts, file_name: str = "FILE.yaml") -> tuple[str, Plan]:
    """The commented scenario file for ``facts``, and its plan."""
    plan = size(facts)
    lang = facts.language
    _ = text.translation(lang).gettext
    header = ["yaml-language-server: $schema=scenario.schema.json", ""]
    header += _(HEADER, facts=_facts_text(facts), marker=_(MARKER)).split("\n")
    header += [f"  ({number}) " + _(REPLACE_FIRST[what]) for number, what in enumerate(ORDER, start=1)]
    if plan.contract_per_year > 0.9 * plan.contract_made_per_year:
        header += ["", _(WARNING, asked=text.number(plan.contract_per_year, lang, 0),
                         made=text.number(plan.contract_made_per_year, lang, 0))]
    header += _(NEXT, file=file_name, lang=lang).split("\n")
    return scenario_text(header, marked(plan.tree, _(MARKER))), plan
