"""Checks across the scenario: every id that is named somewhere must exist somewhere else.

Each problem carries the path of the *reference*, so the message points at the line where the
user typed the unknown name, with a "did you mean" from the ids that do exist.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from sim.scenario.model import LEAVES, SINKS, Scenario
from sim.scenario.school_holidays import SCHOOL_HOLIDAY_PRESETS


@dataclass
class Reference:
    """One cross-reference problem, in the same shape as a pydantic error."""

    loc: tuple[str | int, ...]
    type: str
    ctx: dict[str, Any] = field(default_factory=dict)


def suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return close[0] if close else ""


def _unknown(loc: tuple[str | int, ...], what: str, name: str, choices: list[str]) -> Reference:
    return Reference(
        loc, "unknown_ref",
        {"what": what, "name": name, "choices": ", ".join(sorted(choices)) or "-", "suggestion": suggest(name, choices)},
    )


def _streams_through_steps(s: Scenario) -> dict[str, set[str]]:
    """For every step, the streams whose material can reach it (following failure routes too)."""
    through: dict[str, set[str]] = {step: set() for step in s.steps}
    for stream_id, stream in s.materials.items():
        todo = [g.route for g in stream.grades.values()]
        seen: set[str] = set()
        while todo:
            route_id = todo.pop()
            if route_id in seen or route_id not in s.routes:
                continue
            seen.add(route_id)
            for step_id in s.routes[route_id].steps:
                if step_id in through:
                    through[step_id].add(stream_id)
                    success = s.steps[step_id].success
                    if success is not None:
                        todo.append(success.on_failure)
    return through


def check_references(s: Scenario) -> list[Reference]:
    """All cross-reference problems of a scenario that passed its field checks."""
    problems: list[Reference] = []
    routes, steps, products = list(s.routes), list(s.steps), list(s.products)
    groups = list(s.target_groups)
    ends = products + list(SINKS)

    for stream_id, stream in s.materials.items():
        for grade_id, grade in stream.grades.items():
            if grade.route not in s.routes:
                problems.append(_unknown(("materials", stream_id, "grades", grade_id, "route"), "route", grade.route, routes))
    for route_id, route in s.routes.items():
        for i, step_id in enumerate(route.steps):
            if step_id not in s.steps:
                problems.append(_unknown(("routes", route_id, "steps", i), "step", step_id, steps))
        targets = [route.to] if isinstance(route.to, str) else list(route.to)
        for target in targets:
            allowed = ends + [LEAVES] if isinstance(route.to, str) else ends
            if target not in allowed:
                loc: tuple[str | int, ...] = ("routes", route_id, "to") + (() if isinstance(route.to, str) else (target,))
                problems.append(_unknown(loc, "product or end ('recycling', 'waste', 'leaves')", target, allowed))

    skills_available = {skill for pool in s.workforce.values() for skill in pool.skills}
    skills_available |= {
        skill for team in s.supervisors.values() if team.productive_work for skill in team.skills
    }
    through = _streams_through_steps(s)
    for step_id, step in s.steps.items():
        if step.success is not None and step.success.on_failure not in routes + list(SINKS):
            problems.append(_unknown(("steps", step_id, "success", "on_failure"), "route", step.success.on_failure, routes + list(SINKS)))
        if step.skill not in skills_available:
            problems.append(Reference(("steps", step_id, "skill"), "skill_unstaffed", {"skill": step.skill, "skills": ", ".join(sorted(skills_available)) or "-", "suggestion": suggest(step.skill, sorted(skills_available))}))
        for key in step.work_content:
            if key != "default" and key not in s.materials:
                problems.append(_unknown(("steps", step_id, "work_content", key), "stream", key, list(s.materials) + ["default"]))
        if "default" not in step.work_content:
            for stream_id in sorted(through[step_id] - set(step.work_content)):
                problems.append(Reference(("steps", step_id, "work_content"), "work_content_missing", {"stream": stream_id}))

    qualified = {q for team in s.supervisors.values() for q in team.qualifications}
    for pool_id, pool in s.workforce.items():
        if pool.group not in s.target_groups:
            problems.append(_unknown(("workforce", pool_id, "group"), "target group", pool.group, groups))
    for group_id, group in s.target_groups.items():
        needed = group.qualification or group_id
        if group.supervision_ratio is not None and needed not in qualified:
            problems.append(Reference(("target_groups", group_id, "supervision_ratio"), "unsupervised", {"group": group_id, "qualification": needed, "qualifications": ", ".join(sorted(qualified)) or "-"}))

    made = {t for r in s.routes.values() for t in ([r.to] if isinstance(r.to, str) else r.to)}
    market = s.market
    for channel, demand in (("shop", market.shop.demand if market.shop else {}), ("online", market.online.demand if market.online else {})):
        for product_id in demand:
            if product_id not in s.products:
                problems.append(_unknown(("market", channel, "demand", product_id), "product", product_id, products))
    for contract_id, contract in market.contracts.items():
        if contract.product not in s.products:
            problems.append(_unknown(("market", "contracts", contract_id, "product"), "product", contract.product, products))
        elif contract.product not in made:
            problems.append(Reference(("market", "contracts", contract_id, "product"), "product_not_made", {"product": contract.product}))
    if market.online is not None and not any(step.lists_online for step in s.steps.values()):
        problems.append(Reference(("market", "online"), "online_unlisted", {}))

    calendar = s.calendar
    if not calendar.always_open:
        needed_functions: dict[str, tuple[str | int, ...]] = {}
        for stream_id, stream in s.materials.items():
            needed_functions.setdefault(stream.arrivals.during, ("materials", stream_id, "arrivals", "during"))
        if s.steps:
            needed_functions.setdefault("workshop", ("steps",))
        if market.shop is not None:
            needed_functions.setdefault("shop", ("market", "shop"))
        for function, loc in needed_functions.items():
            if function not in calendar.opening_hours:
                problems.append(Reference(loc, "no_opening_hours", {"function": function}))
        preset = calendar.school_holidays
        if isinstance(preset, str) and preset not in SCHOOL_HOLIDAY_PRESETS:
            problems.append(_unknown(("calendar", "school_holidays"), "school holiday preset", preset, list(SCHOOL_HOLIDAY_PRESETS)))

    for sweep_id, sweep in s.experiment.sweeps.items():
        for path in sweep.vary:
            if not path_exists(s, path):
                problems.append(Reference(("experiment", "sweeps", sweep_id, "vary", path), "bad_path", {"path": path}))
    return problems


def path_exists(s: Scenario, path: str) -> bool:
    """True when a dotted path names a field (or a mapping entry) of the scenario."""
    node: Any = s
    for part in path.split("."):
        if isinstance(node, dict):
            if part not in node:
                return False
            node = node[part]
        elif hasattr(node, "model_fields") and part in type(node).model_fields:
            node = getattr(node, part)
        else:
            return False
    return True
