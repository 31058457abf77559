"""The scenario in readable form: the assumptions behind a report, as tables in Dutch or English.

Streams, steps, people with their supervision ratios, supervisors, market and money, and the
experiment, with the user's own names and numbers formatted for the language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from babel.dates import get_day_names

from analysis.reporting.metric_text import contract_names
from sim import text
from sim.calendar import calendar_school_holidays
from sim.scenario.base import label_text
from sim.scenario.model import Scenario
from sim.scenario.school_holidays import PROJECTED, SchoolHoliday, school_year

HOURS_PER_WEEK = 168.0
HOURS_PER_YEAR = 8760.0

N_ = text.N_
OUTFLOW = {"job": N_("job"), "education": N_("education"), "other": N_("other")}
ENDS = {"recycling": N_("recycling"), "waste": N_("waste"), "leaves": N_("leaves the centre")}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def unit_name(unit: str, lang: str) -> str:
    """A stream's or product's unit ('item', 'bag', 'kg') in the reader's language."""
    tr = text.translation(lang)
    return {"item": tr.pgettext("unit of material", "item"), "bag": tr.pgettext("unit of material", "bag"),
            "kg": "kg"}.get(unit, unit)


def weekday(day: str, lang: str) -> str:
    """A weekday's short name from Babel: 'tuesday' -> 'di' (nl), 'Tue' (en)."""
    return str(get_day_names("abbreviated", locale=text.locale(lang))[WEEKDAYS.index(day)])


def promise(contract: Any, lang: str) -> str:
    """A contract's promised lead time as the user wrote it: '10 werkdagen' or '2 weken'."""
    days = getattr(contract, "promised_working_days", None)
    if days:
        return text.working_days(days, lang)
    return text.duration(contract.promised_lead_time, lang)


@dataclass
class Section:
    """One block of assumptions: a heading and a table."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _mean(value: Any) -> float:
    expected = getattr(value, "expected", None)
    return float(expected()) if callable(expected) else float(value)


def _work(s: Scenario, stream_id: str, work: Any, lang: str, named: bool) -> str:
    """'Textile: triangular between 6 min and 16 min, most often 10 min; mean 10.7 min'."""
    described = str(work.describe(lang, lambda hours: f"{text.number(hours * 60, lang)} min"))
    if not named:
        return described
    stream = s.materials.get(stream_id)
    return f"{_name(stream, stream_id, lang) if stream is not None else stream_id}: {described}"


def _name(item: Any, key: str, lang: str) -> str:
    return label_text(getattr(item, "name", None), lang, key)


def _end(s: Scenario, end: str, lang: str) -> str:
    if end in s.products:
        return _name(s.products[end], end, lang)
    if end in s.routes:
        return end
    return text.translation(lang).gettext(ENDS.get(end, OUTFLOW["other"]))


def _route(s: Scenario, route_id: str, lang: str) -> str:
    route = s.routes[route_id]
    steps = [_name(s.steps[x], x, lang) for x in route.steps if x in s.steps]
    if isinstance(route.to, str):
        end = _end(s, route.to, lang)
    else:
        end = ", ".join(f"{_end(s, k, lang)} {text.percent(v, lang)}" for k, v in route.to.items())
    return " → ".join(steps + [end])


def sections(s: Scenario, lang: str) -> list[Section]:
    """The scenario as tables, in the order a reader needs them."""
    tr = text.translation(lang)
    _ = tr.gettext
    out = []
    materials = Section(_("Material streams"), [_("name"), _("supply per week"), _("weight per unit"),
                                                _("storage"), _("grades and routes")])
    for sid, stream in s.materials.items():
        grades = "; ".join(f"{text.percent(g.share, lang)}: {_route(s, g.route, lang)}" for g in stream.grades.values())
        storage = _("unlimited") if stream.storage == "unlimited" else f"{text.number(stream.storage, lang)} kg"
        materials.rows.append([_name(stream, sid, lang), f"{text.number(stream.arrivals.rate * HOURS_PER_WEEK, lang)} × {unit_name(stream.unit, lang)}",
                               f"{text.number(_mean(stream.weight_per_unit), lang)} kg", storage, grades])
    out.append(materials)
    if s.steps:
        steps = Section(_("Processing steps"), [_("name"), _("skill"), _("work places"), _("work per unit (mean)"),
                                                _("success rate")])
        for step_id, step in s.steps.items():
            named = len(step.work_content) > 1
            work = "; ".join(_work(s, stream, d, lang, named) for stream, d in step.work_content.items())
            places = _("unlimited") if step.work_places == "unlimited" else str(step.work_places)
            success = text.percent(step.success.probability, lang) if step.success else "–"
            steps.rows.append([_name(step, step_id, lang), step.skill, places, work, success])
        out.append(steps)
    if s.workforce:
        people = Section(_("People and target groups"), [
            _("name"), _("target group"), tr.pgettext("head count", "people"), _("productivity"), _("days"),
            _("absence"), _("participants per supervisor"), _("trajectory and outflow")])
        for pid, pool in s.workforce.items():
            group = s.target_groups.get(pool.group)
            ratio = group.supervision_ratio if group is not None else None
            days = " ".join(weekday(d, lang) for d in pool.days if d not in pool.school_days)
            trajectory = "–"
            if pool.trajectory is not None:
                weeks = text.number(_mean(pool.trajectory.length) / HOURS_PER_WEEK, lang, 0)
                outflow = ", ".join(_(OUTFLOW.get(k, k)) + " " + text.percent(v, lang)
                                    for k, v in pool.trajectory.outflow.items())
                length = _mean(pool.trajectory.length) / HOURS_PER_WEEK
                trajectory = tr.ngettext("{n} week", "{n} weeks", round(length), n=weeks) + "; " + outflow
            people.rows.append([
                _name(pool, pid, lang), _name(group, pool.group, lang) if group is not None else pool.group,
                str(pool.people), text.percent(pool.productivity, lang), days, text.percent(pool.absence, lang),
                f"1 : {text.number(ratio, lang)}" if ratio else _("none"), trajectory,
            ])
        out.append(people)
    if s.supervisors:
        teams = Section(_("Supervisors"), [_("name"), tr.pgettext("head count", "people"), _("qualified for"),
                                           _("also works"), _("cost per person")])
        for tid, team in s.supervisors.items():
            groups = [_name(g, gid, lang) for gid, g in s.target_groups.items() if (g.qualification or gid) in team.qualifications]
            teams.rows.append([_name(team, tid, lang), str(team.people), ", ".join(groups) or ", ".join(team.qualifications),
                               (_("yes") if team.productive_work else _("no")),
                               text.money(team.cost * HOURS_PER_YEAR, lang) + " " + _("per year")])
        out.append(teams)
    market = Section(tr.pgettext("heading", "Sales"), [_("channel"), _("what")])
    m = s.market
    if m.shop is not None:
        market.rows.append([_("shop"), _("{n} customers per week", n=text.number(m.shop.customers * HOURS_PER_WEEK, lang))])
    if m.online is not None:
        market.rows.append([_("webshop"), _("{n} orders per week", n=text.number(m.online.orders * HOURS_PER_WEEK, lang))])
    contract_name = contract_names(s, lang)  # the partner and what it orders
    for cid, contract in m.contracts.items():
        ordered = ", ".join(f"{text.number(quantity, lang)} {_name(s.products.get(pid), pid, lang)}"
                            for pid, quantity in contract.lines().items())
        market.rows.append([_("contract with {partner}", partner=contract_name[cid]), _(
            "{ordered} {every}, lead time {lead}, target {target} on time",
            ordered=ordered, every=text.every(contract.interval, lang), lead=promise(contract, lang),
            target=text.percent(contract.target_on_time_share, lang))])
    if market.rows:
        out.append(market)
    e = s.economics
    money = Section(_("Money"), [tr.pgettext("line of a budget", "item"), _("value")], [
        [_("overhead per year"), text.money(e.overhead * HOURS_PER_YEAR, lang)],
        [_("disposal cost per kg"), text.money(e.disposal_cost, lang, cents=True)],
        [_("recycling income per kg"), text.money(e.recycling_revenue, lang, cents=True)],
    ])
    out.append(money)
    x = s.experiment
    out.append(Section(_("Simulation"), [_("setting"), _("value")], [
        [_("start date"), text.date(s.calendar.start_date, lang)],
        [_("simulated period"), text.duration(x.horizon, lang)],
        [_("warm-up (not counted)"), text.duration(x.warm_up, lang) if x.warm_up else "–"],
        [_("replications in the scenario file"), str(x.replications)],
        [_("seed"), str(x.seed)],
        *([[_("school holidays"), _school_holidays(s, lang)]] if s.calendar.school_holidays else []),
    ]))
    if s.calibrated:
        out.append(Section(_("Calibrated: tuned to make a figure come out, not sourced"), [_("parameter"), _("tuned to")],
                           [[path, reason] for path, reason in s.calibrated.items()]))
    return out


def _run_holidays(s: Scenario) -> list[SchoolHoliday]:
    last = (dt.datetime.combine(s.calendar.start_date, dt.time()) + dt.timedelta(hours=s.experiment.horizon)).date()
    return calendar_school_holidays(s.calendar, last)


def _school_years(years: list[int]) -> str:
    return ", ".join(f"{y}/{(y + 1) % 100:02d}" for y in years)


def _school_holidays(s: Scenario, lang: str) -> str:
    """The school holidays of the run: which preset or list, and which school years are projected."""
    _ = text.translation(lang).gettext
    spec = s.calendar.school_holidays
    shown = spec if isinstance(spec, str) else _("{n} periods from the scenario", n=len(spec))
    projected = sorted({school_year(h.first) for h in _run_holidays(s) if h.status == PROJECTED})
    if projected:
        shown += " — " + _("school year {years} projected (not yet published)", years=_school_years(projected))
    return shown


def school_holiday_caveats(s: Scenario, lang: str) -> list[str]:
    """A sentence when the run rests on school holidays that are projected, not published."""
    projected = sorted({school_year(h.first) for h in _run_holidays(s) if h.status == PROJECTED})
    if not projected:
        return []
    _ = text.translation(lang).gettext
    return [_("Note: the school holidays of school year {years} are not yet published. Ambacht uses a projection: "
              "autumn, spring and summer holidays in the same weeks as six years earlier, Christmas and May by their "
              "fixed rule.", years=_school_years(projected))]
