"""The scenario in readable form: the assumptions behind a report, as tables in Dutch or English.

Streams, steps, people with their supervision ratios, supervisors, market and money, and the
experiment, with the user's own names and numbers formatted for the language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from analysis import i18n
from sim.scenario.base import label_text
from sim.scenario.model import Scenario

HOURS_PER_WEEK = 168.0
HOURS_PER_YEAR = 8760.0

WORDS: dict[str, tuple[str, str]] = {
    "materials": ("Materiaalstromen", "Material streams"),
    "steps": ("Bewerkingsstappen", "Processing steps"),
    "people": ("Mensen en doelgroepen", "People and target groups"),
    "supervisors": ("Begeleiders", "Supervisors"),
    "market": ("Afzet", "Sales"),
    "economics": ("Geld", "Money"),
    "experiment": ("Simulatie", "Simulation"),
    "name": ("naam", "name"),
    "supply": ("aanvoer per week", "supply per week"),
    "weight": ("gewicht per eenheid", "weight per unit"),
    "storage": ("opslag", "storage"),
    "grades": ("kwaliteit en route", "grades and routes"),
    "unlimited": ("onbeperkt", "unlimited"),
    "skill": ("vaardigheid", "skill"),
    "work_places": ("werkplekken", "work places"),
    "work": ("werk per eenheid (gem.)", "work per unit (mean)"),
    "success": ("slagingskans", "success rate"),
    "group": ("doelgroep", "target group"),
    "people_count": ("aantal", "people"),
    "productivity": ("productiviteit", "productivity"),
    "days": ("dagen", "days"),
    "absence": ("verzuim", "absence"),
    "ratio": ("deelnemers per begeleider", "participants per supervisor"),
    "trajectory": ("traject en uitstroom", "trajectory and outflow"),
    "qualifications": ("bevoegd voor", "qualified for"),
    "productive": ("werkt mee", "also works"),
    "cost": ("kosten per persoon", "cost per person"),
    "channel": ("kanaal", "channel"),
    "what": ("wat", "what"),
    "item": ("post", "item"),
    "value": ("waarde", "value"),
    "shop": ("winkel", "shop"),
    "online": ("webshop", "webshop"),
    "contract": ("contract met {partner}", "contract with {partner}"),
    "contract_text": ("{quantity} {product} per {interval}, levertijd {lead}, doel {target} op tijd",
                      "{quantity} {product} every {interval}, lead time {lead}, target {target} on time"),
    "customers": ("{n} klanten per week", "{n} customers per week"),
    "orders": ("{n} orders per week", "{n} orders per week"),
    "overhead": ("overhead per jaar", "overhead per year"),
    "disposal": ("afvalkosten per kg", "disposal cost per kg"),
    "recycling": ("opbrengst recycling per kg", "recycling income per kg"),
    "horizon": ("gesimuleerde periode", "simulated period"),
    "warm_up": ("inloopperiode (telt niet mee)", "warm-up (not counted)"),
    "replications": ("replicaties volgens het scenario", "replications in the scenario file"),
    "seed": ("seed", "seed"),
    "start": ("startdatum", "start date"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "none": ("geen", "none"),
    "job": ("werk", "job"),
    "education": ("opleiding", "education"),
    "other": ("anders", "other"),
    "recycling_end": ("recycling", "recycling"),
    "waste": ("afval", "waste"),
    "leaves": ("verlaat het centrum", "leaves the centre"),
    "weeks": ("{n} weken", "{n} weeks"),
}
DAYS = {
    "monday": ("ma", "Mon"), "tuesday": ("di", "Tue"), "wednesday": ("wo", "Wed"), "thursday": ("do", "Thu"),
    "friday": ("vr", "Fri"), "saturday": ("za", "Sat"), "sunday": ("zo", "Sun"),
}


def w(key: str, lang: str, **values: Any) -> str:
    text = WORDS[key][0 if lang == "nl" else 1]
    return text.format(**values) if values else text


@dataclass
class Section:
    """One block of assumptions: a heading and a table."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _mean(value: Any) -> float:
    expected = getattr(value, "expected", None)
    return float(expected()) if callable(expected) else float(value)


def _name(item: Any, key: str, lang: str) -> str:
    return label_text(getattr(item, "name", None), lang, key)


def _end(s: Scenario, end: str, lang: str) -> str:
    if end in s.products:
        return _name(s.products[end], end, lang)
    if end in s.routes:
        return end
    return w({"recycling": "recycling_end", "waste": "waste", "leaves": "leaves"}.get(end, "other"), lang)


def _route(s: Scenario, route_id: str, lang: str) -> str:
    route = s.routes[route_id]
    steps = [_name(s.steps[x], x, lang) for x in route.steps if x in s.steps]
    if isinstance(route.to, str):
        end = _end(s, route.to, lang)
    else:
        end = ", ".join(f"{_end(s, k, lang)} {i18n.percent(v, lang)}" for k, v in route.to.items())
    return " → ".join(steps + [end])


def sections(s: Scenario, lang: str) -> list[Section]:
    """The scenario as tables, in the order a reader needs them."""
    out = []
    materials = Section(w("materials", lang), [w("name", lang), w("supply", lang), w("weight", lang),
                                                w("storage", lang), w("grades", lang)])
    for sid, stream in s.materials.items():
        grades = "; ".join(f"{i18n.percent(g.share, lang)}: {_route(s, g.route, lang)}" for g in stream.grades.values())
        storage = w("unlimited", lang) if stream.storage == "unlimited" else f"{i18n.number(stream.storage, lang)} kg"
        materials.rows.append([_name(stream, sid, lang), f"{i18n.number(stream.arrivals.rate * HOURS_PER_WEEK, lang)} × {stream.unit}",
                               f"{i18n.number(_mean(stream.weight_per_unit), lang)} kg", storage, grades])
    out.append(materials)
    if s.steps:
        steps = Section(w("steps", lang), [w("name", lang), w("skill", lang), w("work_places", lang), w("work", lang),
                                           w("success", lang)])
        for step_id, step in s.steps.items():
            work = ", ".join(f"{i18n.number(_mean(d) * 60, lang)} min" for d in step.work_content.values())
            places = w("unlimited", lang) if step.work_places == "unlimited" else str(step.work_places)
            success = i18n.percent(step.success.probability, lang) if step.success else "–"
            steps.rows.append([_name(step, step_id, lang), step.skill, places, work, success])
        out.append(steps)
    if s.workforce:
        people = Section(w("people", lang), [w("name", lang), w("group", lang), w("people_count", lang),
                                             w("productivity", lang), w("days", lang), w("absence", lang),
                                             w("ratio", lang), w("trajectory", lang)])
        for pid, pool in s.workforce.items():
            group = s.target_groups.get(pool.group)
            ratio = group.supervision_ratio if group is not None else None
            days = " ".join(DAYS[d][0 if lang == "nl" else 1] for d in pool.days if d not in pool.school_days)
            trajectory = "–"
            if pool.trajectory is not None:
                weeks = i18n.number(_mean(pool.trajectory.length) / HOURS_PER_WEEK, lang, 0)
                outflow = ", ".join(f"{w(k, lang)} {i18n.percent(v, lang)}" for k, v in pool.trajectory.outflow.items())
                trajectory = f"{w('weeks', lang, n=weeks)}; {outflow}"
            people.rows.append([
                _name(pool, pid, lang), _name(group, pool.group, lang) if group is not None else pool.group,
                str(pool.people), i18n.percent(pool.productivity, lang), days, i18n.percent(pool.absence, lang),
                f"1 : {i18n.number(ratio, lang)}" if ratio else w("none", lang), trajectory,
            ])
        out.append(people)
    if s.supervisors:
        teams = Section(w("supervisors", lang), [w("name", lang), w("people_count", lang), w("qualifications", lang),
                                                 w("productive", lang), w("cost", lang)])
        for tid, team in s.supervisors.items():
            groups = [_name(g, gid, lang) for gid, g in s.target_groups.items() if (g.qualification or gid) in team.qualifications]
            teams.rows.append([_name(team, tid, lang), str(team.people), ", ".join(groups) or ", ".join(team.qualifications),
                               w("yes" if team.productive_work else "no", lang),
                               f"{i18n.money(team.cost * HOURS_PER_YEAR, lang)} {i18n.t('per_year', lang)}"])
        out.append(teams)
    market = Section(w("market", lang), [w("channel", lang), w("what", lang)])
    m = s.market
    if m.shop is not None:
        market.rows.append([w("shop", lang), w("customers", lang, n=i18n.number(m.shop.customers * HOURS_PER_WEEK, lang))])
    if m.online is not None:
        market.rows.append([w("online", lang), w("orders", lang, n=i18n.number(m.online.orders * HOURS_PER_WEEK, lang))])
    for contract in m.contracts.values():
        product = s.products.get(contract.product)
        market.rows.append([w("contract", lang, partner=contract.partner), w(
            "contract_text", lang, quantity=i18n.number(contract.quantity, lang),
            product=_name(product, contract.product, lang) if product is not None else contract.product,
            interval=i18n.duration(contract.interval, lang), lead=i18n.promise(contract, lang),
            target=i18n.percent(contract.target_on_time_share, lang))])
    if market.rows:
        out.append(market)
    e = s.economics
    money = Section(w("economics", lang), [w("item", lang), w("value", lang)], [
        [w("overhead", lang), i18n.money(e.overhead * HOURS_PER_YEAR, lang)],
        [w("disposal", lang), f"€ {i18n.number(e.disposal_cost, lang, 2)}"],
        [w("recycling", lang), f"€ {i18n.number(e.recycling_revenue, lang, 2)}"],
    ])
    out.append(money)
    x = s.experiment
    out.append(Section(w("experiment", lang), [w("item", lang), w("value", lang)], [
        [w("start", lang), i18n.date(s.calendar.start_date, lang)],
        [w("horizon", lang), i18n.duration(x.horizon, lang)],
        [w("warm_up", lang), i18n.duration(x.warm_up, lang) if x.warm_up else "–"],
        [w("replications", lang), str(x.replications)],
        [w("seed", lang), str(x.seed)],
    ]))
    return out
