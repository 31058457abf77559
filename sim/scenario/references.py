"""Checks across the scenario: every id that is named somewhere must exist somewhere else.

Each problem carries the path of the *reference*, so the message points at the line where the
user typed the unknown name, with a "did you mean" from the ids that do exist.

The checks read plain data, not the models, so they also run on a file whose fields have
errors: the user sees field errors and reference errors in one pass. A check whose input has
a field error is skipped then (its verdict would rest on a value the user must fix anyway).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.scenario.model import LEAVES, SINKS, Scenario
from sim.scenario.paths import check_path, closest
from sim.scenario.school_holidays import (
    MBO_PRESETS,
    REGIONS,
    SCHOOL_HOLIDAY_PRESETS,
    uncovered_school_years,
)
from sim.text import N_

Loc = tuple[str | int, ...]
REQUIRED_SECTIONS = ("materials", "routes")


@dataclass
class Reference:
    """One cross-reference problem, in the same shape as a pydantic error."""

    loc: Loc
    type: str
    ctx: dict[str, Any] = field(default_factory=dict)


def suggest(name: str, choices: list[str]) -> str:
    """The defined id closest to a mistyped one, or ''."""
    return closest(name, choices)


def _unknown(loc: Loc, what: str, name: str, choices: list[str]) -> Reference:
    return Reference(
        loc, "unknown_ref",
        {"what": what, "name": name, "choices": ", ".join(sorted(choices)) or "-", "suggestion": suggest(name, choices)},
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _ids(value: Any) -> list[str]:
    """The ids named in a list (others are field errors reported elsewhere)."""
    return [v for v in _list(value) if isinstance(v, str)]


def _ends(to: Any) -> list[str]:
    """Where a route's material goes: one end, or the keys of a split."""
    if isinstance(to, str):
        return [to]
    return [k for k in _dict(to) if isinstance(k, str)]


class _Checker:
    """Runs every check on plain scenario data, skipping those that rest on broken fields."""

    def __init__(self, data: Any, broken: Sequence[Loc], complete: bool) -> None:
        self.data = _dict(data)
        self.broken = [tuple(loc) for loc in broken]
        self.complete = complete
        self.problems: list[Reference] = []

    def section(self, name: str) -> dict[str, Any]:
        return _dict(self.data.get(name))

    def keys(self, name: str) -> list[str] | None:
        """Ids defined in a top-level mapping; None when they cannot be known (it is broken)."""
        value = self.data.get(name)
        if value is None and name not in REQUIRED_SECTIONS:
            return []
        if not isinstance(value, dict) or (name,) in self.broken:
            return None
        return [k for k in value if isinstance(k, str)]

    def sound(self, *prefixes: Loc) -> bool:
        """True when no field error lies at or under any of these locations."""
        return not any(loc[: len(p)] == p for loc in self.broken for p in prefixes)

    def add(self, reference: Reference) -> None:
        self.problems.append(reference)

    def run(self) -> list[Reference]:
        self.materials()
        self.routes()
        self.steps()
        self.people()
        self.abilities()
        self.market()
        self.calendar()
        self.sweeps()
        self.business_case()
        self.calibrated()
        self.objective()
        return self.problems

    def materials(self) -> None:
        routes = self.keys("routes")
        if routes is None:
            return
        for stream_id, stream in self.section("materials").items():
            for grade_id, grade in _dict(_dict(stream).get("grades")).items():
                route = _dict(grade).get("route")
                if isinstance(route, str) and route not in routes:
                    self.add(_unknown(("materials", stream_id, "grades", grade_id, "route"), N_("route"), route, routes))

    def routes(self) -> None:
        steps, products = self.keys("steps"), self.keys("products")
        for route_id, route in self.section("routes").items():
            route = _dict(route)
            if steps is not None:
                for i, step_id in enumerate(_list(route.get("steps"))):
                    if isinstance(step_id, str) and step_id not in steps:
                        self.add(_unknown(("routes", route_id, "steps", i), N_("step"), step_id, steps))
            if products is None:
                continue
            to = route.get("to")
            ends = products + list(SINKS)
            for target in _ends(to):
                allowed = ends + [LEAVES] if isinstance(to, str) else ends
                if target not in allowed:
                    loc: Loc = ("routes", route_id, "to") + (() if isinstance(to, str) else (target,))
                    self.add(_unknown(loc, N_("product or end ('recycling', 'waste', 'leaves')"), target, allowed))

    def _skills(self) -> set[str]:
        skills = {s for pool in self.section("workforce").values() for s in _ids(_dict(pool).get("skills"))}
        for team in self.section("supervisors").values():
            team = _dict(team)
            if team.get("productive_work") is True:
                skills |= set(_ids(team.get("skills")))
        return skills

    def _streams_through_steps(self) -> dict[str, set[str]]:
        """For every step, the streams whose material can reach it (following failure routes too)."""
        steps, routes = self.section("steps"), self.section("routes")
        through: dict[str, set[str]] = {step: set() for step in steps}
        for stream_id, stream in self.section("materials").items():
            todo = [_dict(g).get("route") for g in _dict(_dict(stream).get("grades")).values()]
            seen: set[str] = set()
            while todo:
                route_id = todo.pop()
                if not isinstance(route_id, str) or route_id in seen or route_id not in routes:
                    continue
                seen.add(route_id)
                for step_id in _ids(_dict(routes[route_id]).get("steps")):
                    if step_id in through:
                        through[step_id].add(stream_id)
                        todo.append(_dict(_dict(steps[step_id]).get("success")).get("on_failure"))
        return through

    def steps(self) -> None:
        routes, materials = self.keys("routes"), self.keys("materials")
        skills_known = self.sound(("workforce",), ("supervisors",))
        skills = self._skills()
        flows_known = self.sound(("materials",), ("routes",), ("steps",)) and materials is not None
        through = self._streams_through_steps() if flows_known else {}
        for step_id, step in self.section("steps").items():
            step = _dict(step)
            on_failure = _dict(step.get("success")).get("on_failure")
            if routes is not None and isinstance(on_failure, str) and on_failure not in routes + list(SINKS):
                self.add(_unknown(("steps", step_id, "success", "on_failure"), N_("route"), on_failure, routes + list(SINKS)))
            skill = step.get("skill")
            if skills_known and isinstance(skill, str) and skill not in skills:
                self.add(Reference(("steps", step_id, "skill"), "skill_unstaffed", {
                    "skill": skill, "skills": ", ".join(sorted(skills)) or "-", "suggestion": suggest(skill, sorted(skills)),
                }))
            work = _dict(step.get("work_content"))
            if materials is not None:
                for key in work:
                    if key != "default" and key not in materials:
                        self.add(_unknown(("steps", step_id, "work_content", key), N_("stream"), key, materials + ["default"]))
            if flows_known and "default" not in work:
                for stream_id in sorted(through.get(step_id, set()) - set(work)):
                    self.add(Reference(("steps", step_id, "work_content"), "work_content_missing", {"stream": stream_id}))

    def abilities(self) -> None:
        """Every skill a pool or team lists is one a step needs, and every qualification one a
        target group needs: a typo ('wittgoed') would otherwise validate and silently lose that work."""
        steps = self.section("steps")
        if self.sound(("steps",)) and self.keys("steps") is not None:
            needed = sorted({s for step in steps.values() if isinstance(s := _dict(step).get("skill"), str)})
            # A step's skill that nobody has is reported at the step, with the close one as its
            # "did you mean": the same typo is not reported a second time here.
            unstaffed = [s for s in needed if s not in self._skills()]
            for section in ("workforce", "supervisors"):
                for owner_id, owner in self.section(section).items():
                    for i, skill in enumerate(_list(_dict(owner).get("skills"))):
                        if isinstance(skill, str) and skill not in needed and not suggest(skill, unstaffed):
                            step_skill = _dict(steps.get(skill)).get("skill")
                            self.add(Reference((section, owner_id, "skills", i), "skill_unused", {
                                "name": skill, "choices": ", ".join(needed) or "-", "suggestion": suggest(skill, needed),
                                "step_skill": step_skill if isinstance(step_skill, str) else ""}))
        if not self.sound(("target_groups",)) or self.keys("target_groups") is None:
            return
        groups = self.section("target_groups")
        wanted = sorted({q for group_id, group in groups.items() if _dict(group).get("supervision_ratio") is not None
                         and isinstance(q := _dict(group).get("qualification") or group_id, str)})
        qualified = {q for team in self.section("supervisors").values() for q in _ids(_dict(team).get("qualifications"))}
        if any(_dict(g).get("supervision_ratio") is not None and (_dict(g).get("qualification") or gid) not in qualified
               for gid, g in groups.items()):
            return  # a group without qualified supervision is reported there, with the qualifications present
        for team_id, team in self.section("supervisors").items():
            for i, qualification in enumerate(_list(_dict(team).get("qualifications"))):
                if isinstance(qualification, str) and qualification not in wanted:
                    self.add(Reference(("supervisors", team_id, "qualifications", i), "qualification_unused", {
                        "name": qualification, "choices": ", ".join(wanted) or "-",
                        "suggestion": suggest(qualification, wanted)}))

    def people(self) -> None:
        groups = self.keys("target_groups")
        if groups is not None:
            for pool_id, pool in self.section("workforce").items():
                group = _dict(pool).get("group")
                if isinstance(group, str) and group not in groups:
                    self.add(_unknown(("workforce", pool_id, "group"), N_("target group"), group, groups))
        if not self.sound(("supervisors",)):
            return
        qualified = {q for team in self.section("supervisors").values() for q in _ids(_dict(team).get("qualifications"))}
        for group_id, group in self.section("target_groups").items():
            group = _dict(group)
            needed = group.get("qualification") or group_id
            if group.get("supervision_ratio") is not None and isinstance(needed, str) and needed not in qualified:
                self.add(Reference(("target_groups", group_id, "supervision_ratio"), "unsupervised", {
                    "group": group_id, "qualification": needed,
                    "qualifications": ", ".join(sorted(qualified)) or "-",
                }))

    def market(self) -> None:
        products = self.keys("products")
        market = self.section("market")
        if products is not None:
            for channel in ("shop", "online"):
                for product_id in _dict(_dict(market.get(channel)).get("demand")):
                    if product_id not in products:
                        self.add(_unknown(("market", channel, "demand", product_id), N_("product"), product_id, products))
        made_known = self.sound(("routes",))
        made = {t for r in self.section("routes").values() for t in _ends(_dict(r).get("to"))}
        for contract_id, contract in _dict(market.get("contracts")).items():
            wanted: list[tuple[Any, Loc]] = [(_dict(contract).get("product"), ("market", "contracts", contract_id, "product"))]
            wanted += [(item, ("market", "contracts", contract_id, "items", item))
                       for item in _dict(_dict(contract).get("items"))]
            for product, loc in wanted:
                if not isinstance(product, str) or products is None:
                    continue
                if product not in products:
                    self.add(_unknown(loc, N_("product"), product, products))
                elif made_known and product not in made:
                    self.add(Reference(loc, "product_not_made", {"product": product}))
        if isinstance(market.get("online"), dict) and self.sound(("steps",)):
            if not any(_dict(step).get("lists_online") is True for step in self.section("steps").values()):
                self.add(Reference(("market", "online"), "online_unlisted", {}))

    def calendar(self) -> None:
        calendar = self.section("calendar")
        if calendar.get("always_open") is True or not self.sound(("calendar",)):
            return
        needed: dict[str, Loc] = {}
        for stream_id, stream in self.section("materials").items():
            during = _dict(_dict(stream).get("arrivals")).get("during", "dropoff")
            if isinstance(during, str):
                needed.setdefault(during, ("materials", stream_id, "arrivals", "during"))
        if self.section("steps"):
            needed.setdefault("workshop", ("steps",))
        if isinstance(self.section("market").get("shop"), dict):
            needed.setdefault("shop", ("market", "shop"))
        hours = _dict(calendar.get("opening_hours"))
        for function, loc in needed.items():
            if function not in hours:
                self.add(Reference(loc, "no_opening_hours", {"function": function}))
        preset = calendar.get("school_holidays")
        if isinstance(preset, str) and preset not in SCHOOL_HOLIDAY_PRESETS:
            self.add(_unknown(("calendar", "school_holidays"), N_("school holiday preset"), preset, list(SCHOOL_HOLIDAY_PRESETS)))

    def calibrated(self) -> None:
        for path in _dict(self.data.get("calibrated")):
            if isinstance(path, str):
                missing, suggestion = check_path(self.data, path, self.complete)
                if missing:
                    self.add(Reference(("calibrated", path), "bad_path",
                                       {"path": path, "missing": missing, "suggestion": suggestion}))

    def sweeps(self) -> None:
        for sweep_id, sweep in _dict(_dict(self.data.get("experiment")).get("sweeps")).items():
            for path in _dict(_dict(sweep).get("vary")):
                if not isinstance(path, str):
                    continue
                missing, suggestion = check_path(self.data, path, self.complete)
                if missing:
                    self.add(Reference(("experiment", "sweeps", sweep_id, "vary", path), "bad_path",
                                       {"path": path, "missing": missing, "suggestion": suggestion}))


    def business_case(self) -> None:
        case = _dict(self.data.get("business_case"))
        if not case:
            return
        groups = self.keys("target_groups")
        where: list[tuple[Loc, str]] = []
        bookings = _dict(case.get("bookings"))
        where += [(("business_case", "bookings", "target_groups", g), g) for g in _dict(bookings.get("target_groups"))]
        social = _dict(case.get("social_value"))
        where += [(("business_case", "social_value", "care_saving", g), g) for g in _dict(social.get("care_saving"))]
        where += [(("business_case", "social_value", "pso_groups"), g) for g in _ids(social.get("pso_groups"))]
        if groups is not None:
            for loc, group in where:
                if group not in groups:
                    self.add(_unknown(loc, "target group", group, groups))
        teams, products = self.keys("supervisors"), self.keys("products")
        contracts = [k for k in _dict(self.section("market").get("contracts")) if isinstance(k, str)]
        for kind, ids, loc_of, known in (
            (N_("supervisor team"), _dict(bookings.get("supervisors")), ("bookings", "supervisors"), teams),
            (N_("contract"), _dict(bookings.get("contracts")), ("bookings", "contracts"), contracts),
            (N_("product"), _dict(_dict(case.get("vat")).get("products")), ("vat", "products"), products),
        ):
            for key in ids:
                if known is not None and key not in known:
                    self.add(_unknown(("business_case", *loc_of, key), kind, key, known))
        for index, change in enumerate(_list(case.get("changes"))):
            for path in _dict(_dict(change).get("set")):
                if not isinstance(path, str):
                    continue
                if path.split(".")[0] in ("business_case", "experiment") or path == "calendar.start_date":
                    self.add(Reference(("business_case", "changes", index, "set", path), "change_fixed", {"path": path}))
                    continue
                missing, suggestion = check_path(self.data, path, self.complete)
                if missing:
                    self.add(Reference(("business_case", "changes", index, "set", path), "bad_path",
                                       {"path": path, "missing": missing, "suggestion": suggestion}))

    def objective(self) -> None:
        # The id in a metric name such as 'contracts.<id>.on_time_share' must exist; the rest of
        # the name is checked against the metrics of the first runs.
        objective = self.data.get("objective")
        if not isinstance(objective, str) or objective.count(".") < 2:
            return
        kind, name = objective.split(".")[:2]
        homes = {"contracts": ("market", "contracts"), "pools": ("workforce",), "groups": ("target_groups",),
                 "steps": ("steps",), "materials": ("materials",), "products": ("products",),
                 "supervisors": ("supervisors",)}
        if kind not in homes or not self.sound(homes[kind][:1]):
            return
        node: Any = self.data
        for part in homes[kind]:
            node = _dict(node).get(part)
        ids = [k for k in _dict(node) if isinstance(k, str)]
        if name not in ids:
            what = {"contracts": N_("contract"), "pools": N_("pool"), "groups": N_("target group"), "steps": N_("step"),
                    "materials": N_("material stream"), "products": N_("product"),
                    "supervisors": N_("supervisor team")}[kind]
            self.add(_unknown(("objective",), what, name, ids))


def check_data(data: Any, broken: Sequence[Loc] = (), complete: bool = False) -> list[Reference]:
    """Cross-reference problems of plain scenario data.

    ``broken`` are the locations of field errors: checks that rest on them are skipped.
    ``complete`` says the data holds every field (a dumped valid scenario), not only the file's.
    """
    return _Checker(data, broken, complete).run()


def check_references(s: Scenario) -> list[Reference]:
    """All cross-reference problems of a scenario that passed its field checks."""
    return check_data(s.model_dump(mode="python", by_alias=True), complete=True)


def path_exists(s: Scenario, path: str) -> bool:
    """True when a dotted path names a field (or a mapping entry) of the scenario."""
    return not path_problem(s, path)


def path_problem(s: Scenario, path: str) -> dict[str, str]:
    """Why a dotted path names nothing in the scenario, as the context of a ``bad_path`` problem:
    the path, its first part that does not exist and the closest existing path; {} when it exists."""
    missing, suggestion = check_path(s.model_dump(mode="python", by_alias=True), path, complete=True)
    return {"path": path, "missing": missing, "suggestion": suggestion} if missing else {}


MAX_ARRIVALS = 20_000_000
"""Material arrivals, customers and orders (shop, online, per contract) a scenario may expect over its horizon: beyond this a
run takes hours, which is nearly always a typing mistake ('1e9 per hour')."""


def size_problems(s: Scenario) -> list[Reference]:
    """Rates that would make a run practically endless, at the line of the rate."""
    horizon = s.experiment.horizon
    expected: list[tuple[Loc, float]] = [
        (("materials", sid, "arrivals", "rate"), m.arrivals.rate * horizon * max(m.arrivals.batch_size.expected(), 1.0))
        for sid, m in s.materials.items()
    ]
    if s.market.shop is not None:
        expected.append((("market", "shop", "customers"), s.market.shop.customers * horizon))
    if s.market.online is not None:
        expected.append((("market", "online", "orders"), s.market.online.orders * horizon))
    for cid, contract in s.market.contracts.items():
        expected.append((("market", "contracts", cid, "interval"), horizon / contract.interval))
    return [
        Reference(loc, "too_many_events", {"expected": f"{n:.3g}", "limit": f"{MAX_ARRIVALS:,}"})
        for loc, n in expected if n > MAX_ARRIVALS
    ]


def school_holiday_problems(s: Scenario) -> list[Reference]:
    """Students away in school holidays need holidays, and an MBO preset must cover the run."""
    holidays = s.calendar.school_holidays
    students = [pool_id for pool_id, pool in s.workforce.items() if pool.absent_in_school_holidays]
    problems = []
    if students and not holidays:
        problems.append(Reference(("workforce", students[0], "absent_in_school_holidays"), "no_school_holidays",
                                  {"presets": ", ".join(SCHOOL_HOLIDAY_PRESETS)}))
    if not isinstance(holidays, str):
        return problems
    start = s.calendar.start_date
    last = (dt.datetime.combine(start, dt.time()) + dt.timedelta(hours=s.experiment.horizon, seconds=-1)).date()
    missing = uncovered_school_years(holidays, start, last)
    if missing:
        first_day, last_day = MBO_PRESETS[holidays].covers
        problems.append(Reference(("calendar", "school_holidays"), "school_holidays_not_covered", {
            "preset": holidays, "first": first_day.isoformat(), "last": last_day.isoformat(),
            "run_first": start.isoformat(), "run_last": last.isoformat(),
            "years": ", ".join(f"{y}/{(y + 1) % 100:02d}" for y in missing), "regional": ", ".join(REGIONS),
        }))
    return problems
