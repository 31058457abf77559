"""The scenario tree of a sized centre: every section, each number with its source.

:func:`build_tree` turns the plan of :mod:`analysis.sizing.sizing` into the mapping that
:mod:`analysis.sizing.scenario_text` writes as YAML. Numbers from the catalogue keep their source;
numbers the sizing computed say how ("derived: ..."), and the ones the user should replace
first are marked "REPLACE FIRST".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from analysis.sizing.contract_text import ContractRequest
from analysis.sizing.presets import Catalogue, Sourced, plain
from sim import text
from sim.scenario.model import WEEKDAYS
from sim.text import N_

WORKSHOP_HOURS = "09:00-12:30, 13:00-16:30"
WORKSHOP_HOURS_PER_DAY = 7.0
MIN_GROUP = 2
"""A chosen group gets at least two places, even when its skills find little work."""


@dataclass(frozen=True)
class Facts:
    """What the user knows: the town's size, its streams and target groups, a contract."""

    inhabitants: int
    streams: tuple[str, ...]
    groups: tuple[str, ...]
    contract: ContractRequest | None = None
    language: str = "nl"


@dataclass
class Plan:
    """The sized numbers, plain, for tests and summaries (per year unless named otherwise)."""

    kg_per_year: dict[str, float] = field(default_factory=dict)
    units_per_week: dict[str, float] = field(default_factory=dict)
    hours_per_skill: dict[str, float] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    supervisors: dict[str, int] = field(default_factory=dict)
    team_qualifications: dict[str, list[str]] = field(default_factory=dict)
    """Per supervisor team (named by its main qualification): every qualification it has."""
    products_per_year: dict[str, float] = field(default_factory=dict)
    customers_per_week: float = 0.0
    contract_per_year: float = 0.0
    contract_made_per_year: float = 0.0
    tree: dict[str, Any] = field(default_factory=dict)


def group_schedule(group: dict[str, Any]) -> tuple[list[str], float]:
    """Working days and hours a day of a group's preset."""
    days = [d for d in plain(group.get("days", WEEKDAYS)) if d not in plain(group.get("school_days", []))]
    hours_text = plain(group.get("hours", WORKSHOP_HOURS))
    hours = 0.0
    for part in str(hours_text).split(","):
        start, end = (int(h) + int(m) / 60 for h, m in (t.strip().split(":") for t in part.split("-")))
        hours += end - start
    return days, hours


def strongest(facts: Facts, c: Catalogue) -> str:
    """The chosen group that takes on work no chosen group has the skill for: the most productive."""
    return max(facts.groups, key=lambda g: c.groups[g]["productivity"].value)


def pool_skills(facts: Facts, c: Catalogue, plan: Plan, group_id: str) -> list[str]:
    """The skills a group's pool gets: its preset skills that the chosen steps need, and any
    skill no chosen group has (for the most productive group)."""
    present = list(plan.hours_per_skill)
    own = [s for s in c.groups[group_id]["skills"] if s in present]
    if group_id == strongest(facts, c):
        own += [s for s in present if s not in own and not any(s in c.groups[g]["skills"] for g in facts.groups)]
    if not own:
        own = [max(present, key=lambda s: plan.hours_per_skill[s])]
    return own


def sourced(value: Any, source: str, note: str = "") -> Sourced:
    return Sourced(value, source, note)


def rounded_rate(per_week: float) -> float:
    """A rate per week rounded to what a reader can check: 2-3 significant digits."""
    if per_week >= 100:
        return float(round(per_week))
    return float(f"{per_week:.2g}") if per_week < 10 else float(round(per_week))


REPLACE_FIRST = {
    "inflow": N_("the inflow per stream: ask your milieustraat, waste company or kringloop what comes in"),
    "people": N_("the head count per target group: what the gemeente, care providers and schools can deliver"),
    "ratio": N_("the supervision ratios and the supervisors you can hire"),
    "demand": N_("the shop's customers and what they buy (set here to what the centre makes)"),
    "money": N_("prices, tariffs and overhead: your own budget"),
}
"""What to replace first, in order (English message ids, translated in the file's header)."""
ORDER = list(REPLACE_FIRST)
MARKER = N_("REPLACE FIRST")
"""The mark beside the numbers to replace first (an English message id: the file says it in its language)."""


def marked(node: Any, mark: str) -> Any:
    """The tree with :data:`MARKER` in the notes written as ``mark`` (the marker in the file's language)."""
    if isinstance(node, Sourced):
        return Sourced(marked(node.value, mark), node.source, node.note.replace(MARKER, mark), node.extra)
    if isinstance(node, dict):
        return {k: marked(v, mark) for k, v in node.items()}
    if isinstance(node, list):
        return [marked(v, mark) for v in node]
    return node


def first(what: str, value: Sourced) -> Sourced:
    """Mark a value as one the user should replace first (numbered as in the header)."""
    number = ORDER.index(what) + 1
    note = f"{MARKER} ({number}); {value.note}" if value.note else f"{MARKER} ({number})"
    return Sourced(value.value, value.source, note, value.extra)


def _kg(kg: float, lang: str = text.SOURCE_LANGUAGE) -> str:
    return _num(f"{kg / 1000:.3g} t" if kg >= 1000 else f"{kg:.3g} kg", lang)


def _num(formatted: str, lang: str) -> str:
    """A number formatted the English way, with the separators of ``lang`` (60,000.5 is 60.000,5 in Dutch)."""
    where = Locale.parse(text.locale(lang))
    return formatted.translate({ord(","): get_group_symbol(where), ord("."): get_decimal_symbol(where)})


def _rule(tr: text.Translation, title: str, width: int) -> str:
    """A section's title line: ``--- Title ----``, ``width`` characters long."""
    return ("--- " + tr.gettext(title) + " ").ljust(width, "-")


def _quantity(value: float, unit: str) -> str:
    return f"{value:.4g} {unit}"


def _question(facts: Facts, n: int, contract_product: str | None, lang: str) -> str:
    """The scenario's question in one language."""
    tr = text.translation(lang)
    town = text.number(n, lang, 0)
    if facts.contract and contract_product:
        return tr.gettext("How many participants and supervisors does a circular craft centre for {n} inhabitants "
                          "need to handle what comes in, and can it keep its promise to {partner}?",
                          n=town, partner=facts.contract.partner)
    return tr.gettext("How many participants and supervisors does a circular craft centre for {n} inhabitants "
                      "need to handle what comes in?", n=town)


def build_tree(facts: Facts, c: Catalogue, plan: Plan, steps_used: list[str],
               hours_per_step: dict[str, float], contract_product: str | None) -> dict[str, Any]:
    """The scenario mapping, ready for :func:`analysis.sizing.scenario_text.scenario_text`."""
    c = c.in_language(facts.language)
    town = c.town
    n = facts.inhabitants
    tree: dict[str, Any] = {}
    lang = facts.language
    tr = text.translation(lang)
    tree["name"] = tr.gettext("Centre for {n} inhabitants", n=text.number(n, facts.language, 0))
    tree["question"] = {lang: _question(facts, n, contract_product, lang) for lang in text.LANGUAGES}
    tree["language"] = facts.language
    tree["sources"] = [tr.gettext("docs/sources.md: every number below names its entry there, or says estimate"),
                       "Monitor Kringloop NL 2023/2024 (docs/sources.md#inzameling-per-winkel)"]
    tree["# calendar"] = _rule(tr, N_("Calendar (kalender)"), 87)
    tree["calendar"] = {
        "start_date": "2026-01-05",
        "public_holidays": "NL",
        "opening_hours": {
            "workshop": {"weekdays": WORKSHOP_HOURS},
            "shop": {"tuesday": "10:00-17:00", "wednesday": "10:00-17:00", "thursday": "10:00-17:00",
                     "friday": "10:00-17:00", "saturday": "10:00-17:00"},
            "dropoff": {"weekdays": "09:00-16:30", "saturday": "09:00-16:00"},
        },
    }
    tree["# materials"] = [
        _rule(tr, N_("Materials (materialen)"), 88),
        tr.gettext("Sized for {n} inhabitants: {kg} kg of goods per inhabitant a year "
                   "(docs/sources.md#inzameling-per-inwoner), split by the goods mix (docs/sources.md#goederenmix). "
                   "'rate' counts units (items or bags) a week.",
                   n=_num(f"{n:,}", lang), kg=_num(f"{town['kg_per_inhabitant'].value:g}", lang)),
    ]
    materials: dict[str, Any] = {}
    routes: dict[str, Any] = {}
    for stream_id in facts.streams:
        s = c.streams[stream_id]
        kg = plan.kg_per_year[stream_id]
        mean_kg = kg / (plan.units_per_week[stream_id] * town["open_weeks"].value)
        rate = rounded_rate(plan.units_per_week[stream_id])
        entry: dict[str, Any] = {"name": s["name"], "unit": s["unit"], "weight_per_unit": s["weight_per_unit"]}
        if s.get("lot_size", 1) > 1:
            entry["lot_size"] = Sourced(s["lot_size"], "estimate", tr.gettext("bulk: bags move in lots (one cage)"))
        entry["arrivals"] = {"rate": first("inflow", Sourced(
            f"{rate:g} per week", "derived",
            tr.gettext("{n} x {kg} kg x {share} % = {total} a year, / {mean} kg / {weeks} open weeks",
                       n=_num(f"{n:,}", lang), kg=_num(f"{town['kg_per_inhabitant'].value:g}", lang),
                       share=_num(f"{s['share_of_goods'].value * 100:g}", lang), total=_kg(kg, lang),
                       mean=_num(f"{mean_kg:.3g}", lang), weeks=_num(f"{town['open_weeks'].value:g}", lang))))}
        weeks = s.get("storage_weeks", 2)
        entry["storage"] = Sourced(_kg(_round_kg(kg / 52 * weeks)), "estimate",
                                   tr.gettext("about {weeks} weeks of inflow", weeks=weeks))
        entry["grades"] = s["grades"]
        entry["co2_per_kg_reused"] = s["co2_per_kg_reused"]
        entry["co2_per_kg_recycled"] = s["co2_per_kg_recycled"]
        materials[stream_id] = entry
        for route_id, route in s["routes"].items():
            routes.setdefault(route_id, route)
    tree["materials"] = materials
    tree["# routes"] = _rule(tr, N_("Routes: the steps each grade goes through, and where it ends"), 88)
    tree["routes"] = routes
    tree["# steps"] = _rule(tr, N_("Steps (stappen): work per unit for a trained worker"), 88)
    steps: dict[str, Any] = {}
    workshop_hours = float(town["workshop_hours_per_year"].value)
    # A place is taken for as long as its worker needs, so slower people need more places.
    productivity = sum(plan.people[g] * c.groups[g]["productivity"].value for g in facts.groups) / sum(plan.people.values())
    for step_id in steps_used:
        step = c.steps[step_id]
        hours_at_places = hours_per_step[step_id] / productivity
        places = max(1, math.ceil(hours_at_places / (workshop_hours * 0.6)))
        entry = {"name": step["name"], "skill": step["skill"],
                 "work_places": Sourced(places, "derived", tr.gettext(
                     "{trained} h of a trained worker a year, {hours} h at {productivity} % productivity; "
                     "places enough to be taken at most 60 % of the workshop's hours",
                     trained=_num(f"{hours_per_step[step_id]:,.0f}", lang), hours=_num(f"{hours_at_places:,.0f}", lang),
                     productivity=f"{productivity * 100:.0f}"))}
        if step.get("units_per_product", 1) > 1:
            entry["units_per_product"] = Sourced(step["units_per_product"], "estimate", tr.gettext("planks for one piece"))
        entry["work_content"] = {s: w for s, w in step["work_content"].items() if s in facts.streams}
        if step.get("success"):
            entry["success"] = step["success"]
        steps[step_id] = entry
    tree["steps"] = steps
    _people(tree, facts, c, plan, tr)
    _market(tree, facts, c, plan, contract_product, tr)
    overhead = town["overhead_base"].value
    tonnes = sum(plan.kg_per_year.values()) / 1000
    base = float(str(overhead).split()[0])
    total = _round_kg(base + town["overhead_per_tonne"].value * tonnes)
    tree["# economics"] = _rule(tr, N_("Money (economie)"), 87)
    tree["economics"] = {
        "overhead": first("money", Sourced(f"{total:.0f} EUR per year", "calibrated", tr.gettext(
            "{base} EUR (estimate) + {per_tonne} EUR per t of {tonnes} t inflow: {why}",
            base=f"{base:.0f}", per_tonne=_num(f"{town['overhead_per_tonne'].value:g}", lang),
            tonnes=f"{tonnes:.0f}", why=town["overhead_per_tonne"].note))),
        "disposal_cost": Sourced("0.15 EUR per kg", "estimate", tr.gettext("incineration gate fee and waste tax")),
        "recycling_revenue": Sourced("0.05 EUR per kg", "estimate"),
    }
    tree["# experiment"] = _rule(tr, N_("Experiment: one year, ten replications, a staffing sweep"), 86)
    largest = max(plan.people, key=lambda g: plan.people[g])
    people = plan.people[largest]
    tree["experiment"] = {
        "horizon": "1 year", "warm_up": "6 weeks", "replications": 10, "seed": 2026,
        "sweeps": {"bezetting": {
            "description": {lang: text.translation(lang).gettext(
                "How many participants in the group {group}?",
                group=c.groups[largest]["name"].get(lang) or c.groups[largest]["name"]["en"]) for lang in text.LANGUAGES},
            "vary": {f"workforce.{largest}.people": sorted({max(1, people - 2), people, people + 2})},
        }},
    }
    return tree


def _round_kg(kg: float) -> float:
    return max(100.0, round(kg / 100) * 100)


def _people(tree: dict[str, Any], facts: Facts, c: Catalogue, plan: Plan, tr: text.Translation) -> None:
    town = c.town
    lang = facts.language
    weeks = float(town["workshop_hours_per_year"].value) / (WORKSHOP_HOURS_PER_DAY * 5)
    groups: dict[str, Any] = {}
    pools: dict[str, Any] = {}
    for g in facts.groups:
        preset = c.groups[g]
        group: dict[str, Any] = {"name": preset["name"]}
        if preset.get("qualification"):
            group["supervision_ratio"] = first("ratio", Sourced(
                preset["supervision_ratio"].value, preset["supervision_ratio"].source,
                _band_note(preset["supervision_ratio"], ratio=True)))
            group["qualification"] = preset["qualification"]
        for key in ("tariff_per_day_part", "subsidy", "fee_per_trajectory", "benefit_saving_per_job"):
            if key in preset:
                group[key] = first("money", preset[key]) if key == "tariff_per_day_part" else preset[key]
        groups[g] = group
        days, hours = group_schedule(preset)
        prod, absence = preset["productivity"], preset["absence"]
        pool: dict[str, Any] = {"name": preset["name"], "group": g}
        pool["people"] = first("people", Sourced(
            plan.people[g], "derived", tr.gettext(
                "the work this group's skills find, over {days} days x {hours} h x {weeks} weeks x "
                "{present} % present x {productive} % productive x {busy} % busy; at least {least}",
                days=len(days), hours=_num(f"{hours:g}", lang), weeks=_num(f"{weeks:.1f}", lang),
                present=f"{(1 - absence.value) * 100:.0f}", productive=f"{prod.value * 100:.0f}",
                busy=f"{town['occupancy'].value * 100:.0f}", least=MIN_GROUP)))
        for key in ("days", "hours", "school_days"):
            if key in preset:
                pool[key] = preset[key]
        pool["productivity"] = Sourced(prod.value, prod.source, _band_note(prod))
        pool["absence"] = Sourced(absence.value, absence.source, _band_note(absence))
        pool["skills"] = pool_skills(facts, c, plan, g)
        for key in ("learning_curve", "trajectory", "vacancy_refill", "wage", "allowance"):
            if key in preset:
                pool[key] = preset[key]
        pools[g] = pool
    tree["# groups"] = [_rule(tr, N_("Target groups (doelgroepen) and their supervision"), 86),
                        tr.gettext("supervision_ratio: participants per supervisor present (docs/sources.md, section C).")]
    tree["target_groups"] = groups
    tree["# workforce"] = _rule(tr, N_("Participants (deelnemers)"), 84)
    tree["workforce"] = pools
    teams: dict[str, Any] = {}
    for qualification, count in plan.supervisors.items():
        preset = c.teams[qualification]
        qualifications = plan.team_qualifications[qualification]
        served = [g for g in facts.groups if c.groups[g].get("qualification") in qualifications]
        days = [d for d in WEEKDAYS if any(d in plain(c.groups[g].get("days", WEEKDAYS)) for g in served)]
        team: dict[str, Any] = {"name": preset["name"]}
        team["people"] = first("ratio", Sourced(
            count, "derived", tr.gettext("participants present / their supervision ratio, x {headroom} for busy days "
                                         "and absence", headroom=_num(f"{town['supervision_headroom'].value:g}", lang))))
        if days != WEEKDAYS:
            team["days"] = days
        team["absence"] = preset["absence"]
        if len(qualifications) > 1:
            team["qualifications"] = Sourced(qualifications, "estimate", tr.gettext(
                "too few for a team of their own: a care-trained or SBB-accredited supervisor takes them on"))
        else:
            team["qualifications"] = qualifications
        if preset.get("productive_work"):
            team["productive_work"] = True
            skills = [s for g in served for s in pool_skills(facts, c, plan, g)]
            team["skills"] = list(dict.fromkeys(skills))
        team["cost"] = preset["cost"]
        teams[preset["id"]] = team
    tree["# supervisors"] = _rule(tr, N_("Supervisors (begeleiders)"), 84)
    tree["supervisors"] = teams


def _band_note(value: Sourced, ratio: bool = False) -> str:
    low, high = value.extra.get("band", [value.value, value.value])
    if ratio:
        band = f"1:{low:g}-{high:g}" if low != high else f"1:{low:g}"
    else:
        band = f"{low * 100:g}-{high * 100:g} %" if low != high else f"{low * 100:g} %"
    return f"{band}; {value.note}" if value.note else band


def _market(tree: dict[str, Any], facts: Facts, c: Catalogue, plan: Plan, contract_product: str | None,
            tr: text.Translation) -> None:
    town = c.town
    lang = facts.language
    open_weeks = float(town["open_weeks"].value)
    customers = facts.inhabitants * town["shop_visits_per_inhabitant"].value / open_weeks
    plan.customers_per_week = customers
    headroom = float(town["shop_demand_headroom"].value)
    contract = facts.contract
    if contract and contract_product:
        plan.contract_per_year = contract.quantity * contract.orders_per_year()
        plan.contract_made_per_year = plan.products_per_year[contract_product]
    products: dict[str, Any] = {}
    demand: dict[str, Any] = {}
    for product_id, per_year in plan.products_per_year.items():
        preset = c.products[product_id]
        entry: dict[str, Any] = {"name": preset["name"]}
        if preset.get("unit") == "kg":
            entry["unit"] = "kg"
        entry["price"] = first("money", preset["price"])
        for key in ("markdown_after", "dispose_after"):
            if key in preset:
                entry[key] = preset[key]
        products[product_id] = entry
        for_shop = per_year - (plan.contract_per_year if product_id == contract_product else 0.0)
        quantity = preset.get("quantity")
        mean = float(quantity.extra.get("mean", 1.0)) if quantity else 1.0
        probability = max(0.001, for_shop / open_weeks * headroom / (customers * mean))
        made_per_year = _num(f"{per_year:,.0f}", lang)
        made_text = tr.gettext("the centre makes ~{n} kg a year", n=made_per_year) if preset.get("unit") == "kg" \
            else tr.gettext("the centre makes ~{n} items a year", n=made_per_year)
        if product_id == contract_product:
            made_text += tr.gettext(", {n} for the contract", n=_num(f"{plan.contract_per_year:,.0f}", lang))
        line: dict[str, Any] = {"probability": first("demand", Sourced(
            float(f"{min(probability, 1.0):.2g}"), "calibrated",
            made_text + tr.gettext("; the shop asks {headroom} x the rest", headroom=_num(f"{headroom:g}", lang))))}
        if quantity:
            line["quantity"] = quantity
        demand[product_id] = line
    tree["# products"] = _rule(tr, N_("Products (producten)"), 88)
    tree["products"] = products
    market: dict[str, Any] = {"priority": ["contracts", "shop"]}
    market["shop"] = {"customers": first("demand", Sourced(
        f"{customers:.0f} per week", "derived", tr.gettext(
            "{n} x {visits} visits a year (docs/sources.md#klanten-per-inwoner) / {weeks} weeks",
            n=_num(f"{facts.inhabitants:,}", lang), visits=_num(f"{town['shop_visits_per_inhabitant'].value:g}", lang),
            weeks=_num(f"{open_weeks:g}", lang)))), "demand": demand}
    if contract and contract_product:
        preset = c.products[contract_product]
        made = plan.products_per_year[contract_product]
        market["contracts"] = {"contract": {
            "partner": contract.partner,
            "product": contract_product,
            "quantity": Sourced(contract.quantity, "given", tr.gettext(
                "{ordered} a year; the centre makes ~{made}", ordered=_num(f"{plan.contract_per_year:,.0f}", lang),
                made=_num(f"{made:,.0f}", lang))),
            "interval": Sourced(contract.interval, "given"),
            "first_order": Sourced("4 weeks", "estimate", tr.gettext("after the warm-up has filled the stock")),
            "promised_lead_time": Sourced(contract.promised_lead_time, "given"),
            "target_on_time_share": Sourced(0.95, "estimate",
                                            tr.gettext("the share of orders the partner expects on time")),
            "price": preset.get("contract_price", preset["price"]),
        }}
    tree["# market"] = _rule(tr, N_("Market (afzetmarkt): the shop and the contract"), 88)
    tree["market"] = market
