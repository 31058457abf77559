"""Builds a runnable centre from a checked scenario: plain indices and numbers, no checks left."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import simpy

from sim import kernel
from sim.absence import Absence
from sim.calendar import shared_calendar
from sim.market import Contract, Customers, Market, Product, contract_orders, housekeeping
from sim.materials import Arrivals, Stream, capacity, cumulative
from sim.phases import phases as run_phases
from sim.phases import plan
from sim.random import Sampler, Uniforms, lazy_generator
from sim.scenario.model import Scenario
from sim.seats import Seat
from sim.start_state import place
from sim.steps import INFINITE_PLACES, SINK_CODES, Flow, Route, Step
from sim.supervision import Desk, Team
from sim.supervisor_work import productive_supervisor
from sim.workforce import Pool, SeatDraws


class Centre:
    """One replication of a scenario, ready to run: the SimPy environment and all state."""

    def __init__(self, scenario: Scenario, seed: int, replication: int) -> None:
        self.scenario = scenario
        experiment = scenario.experiment
        self.horizon = experiment.horizon
        self.warm_up = experiment.warm_up
        self.env = simpy.Environment()
        # The changes of a business case take effect inside the run, each at its date.
        self.phases = run_phases(scenario)
        # New opening hours hold from the day of their change on.
        hours = plan([(p.at, p.scenario.calendar.opening_hours) for p in self.phases])
        self.calendar = shared_calendar(scenario.calendar, self.horizon,
                                        tuple((int(at // 24), table) for at, table in hours[1:]))
        # A centre that opens empty starts every participant's trajectory on the start date.
        self.opening = experiment.start == "opening"
        self.seed = seed
        self.replication = replication

        def rng(name: str) -> np.random.Generator:
            return lazy_generator(seed, replication, name)

        self.rng = rng
        skills = sorted(
            {step.skill for step in scenario.steps.values()}
            | {s for pool in scenario.workforce.values() for s in pool.skills}
            | {s for team in scenario.supervisors.values() for s in team.skills}
        )
        self.skill_index = {skill: i for i, skill in enumerate(skills)}
        self.n_skills = len(skills)

        self.products = [Product(i, pid, spec) for i, (pid, spec) in enumerate(scenario.products.items())]
        product_index = {p.id: p.index for p in self.products}
        route_index = {rid: i for i, rid in enumerate(scenario.routes)}
        step_index = {sid: i for i, sid in enumerate(scenario.steps)}
        stream_index = {sid: i for i, sid in enumerate(scenario.materials)}

        def end_code(name: str) -> int:
            return product_index[name] if name in product_index else SINK_CODES[name]

        self.routes = []
        for rid, route_spec in scenario.routes.items():
            ends = [(end_code(route_spec.to), 1.0)] if isinstance(route_spec.to, str) else [(end_code(k), v) for k, v in route_spec.to.items()]
            self.routes.append(Route(rid, [step_index[s] for s in route_spec.steps], ends))

        self.steps = []
        for sid, step_spec in scenario.steps.items():
            work: list[Sampler | None] = []
            for stream_id in scenario.materials:
                dist = step_spec.work_content.get(stream_id) or step_spec.work_content.get("default")
                work.append(Sampler(dist, rng(f"work:{sid}:{stream_id}")) if dist is not None else None)
            success = step_spec.success
            on_failure = -2
            if success is not None:
                name = success.on_failure
                on_failure = route_index[name] if name in route_index else SINK_CODES[name]
            self.steps.append(Step(
                step_index[sid], sid, self.skill_index[step_spec.skill],
                INFINITE_PLACES if step_spec.work_places == "unlimited" else step_spec.work_places,
                step_spec.units_per_product, work, success.probability if success else 1.0, on_failure,
                step_spec.lists_online, Uniforms(rng(f"success:{sid}")),
                INFINITE_PLACES if step_spec.buffer == "unlimited" else step_spec.buffer,
            ))
        for route in self.routes:
            route.plan_draws(self.steps, len(scenario.materials))
        # How far down the chain each step is; a failure route continues after the failed step.
        depth = {i: 0 for i in range(len(self.steps))}
        starts = {route_index[g.route]: 0 for m in scenario.materials.values() for g in m.grades.values()}
        todo = list(starts)
        while todo:
            r = todo.pop()
            for position, s in enumerate(self.routes[r].steps):
                level = starts[r] + position
                depth[s] = max(depth[s], level)
                step = self.steps[s]
                if step.on_failure >= 0 and starts.get(step.on_failure, -1) < level + 1 and level < 100:
                    starts[step.on_failure] = level + 1
                    todo.append(step.on_failure)

        def steps_for(skill_names: list[str]) -> tuple[list[Step], list[int]]:
            wanted = {self.skill_index[s] for s in skill_names}
            chosen = [s for s in self.steps if s.skill in wanted]
            # Downstream steps first: finishing work beats starting more of it.
            chosen.sort(key=lambda s: (-depth[s.index], s.index))
            return chosen, sorted(wanted)

        self.streams = []
        for sid, stream_spec in scenario.materials.items():
            grades = list(stream_spec.grades.values())
            self.streams.append(Stream(
                stream_index[sid], sid, stream_spec, [route_index[g.route] for g in grades], [g.share for g in grades],
                {
                    "weight": Sampler(stream_spec.weight_per_unit, rng(f"weight:{sid}")),
                    "batch": Sampler(stream_spec.arrivals.batch_size, rng(f"batch:{sid}")),
                    "grades": Uniforms(rng(f"grades:{sid}")),
                    "gaps": Uniforms(rng(f"arrivals:{sid}")),
                },
            ))
            # A change of the arrival rate holds from its moment on.
            self.streams[-1].phases = plan([(p.at, p.scenario.materials[sid]) for p in self.phases])

        cal = self.calendar
        self.pools = []
        for pid, pool_spec in scenario.workforce.items():
            shifts = cal.schedule(pool_spec.days, pool_spec.hours, pool_spec.school_days,
                                  pool_spec.absent_in_school_holidays)
            # People join or leave at the changes: a seat per place the pool ever has.
            people = plan([(p.at, p.scenario.workforce[pid].people) for p in self.phases])
            seats_ever = max(n for _, n in people)
            # Every draw of a person comes from their seat's own streams (common random numbers).
            absent = Absence(seed, replication, f"absence:{pid}", seats_ever, pool_spec.absence)
            steps, skill_ids = steps_for(pool_spec.skills)
            trajectory = pool_spec.trajectory
            seats = [
                SeatDraws(
                    Sampler(pool_spec.vacancy_refill, lazy_generator(seed, replication, f"refill:{pid}", seat)),
                    Uniforms(lazy_generator(seed, replication, f"trajectory:{pid}", seat)),
                    None if trajectory is None
                    else Sampler(trajectory.length, lazy_generator(seed, replication, f"length:{pid}", seat)),
                )
                for seat in range(seats_ever)
            ]
            self.pools.append(Pool(pid, pool_spec, pool_spec.group, scenario.target_groups[pool_spec.group], shifts, absent, steps, skill_ids, seats,
                                   people, self.opening))

        self.teams = []
        for tid, team_spec in scenario.supervisors.items():
            shifts = cal.schedule(team_spec.days, team_spec.hours)
            members = plan([(p.at, p.scenario.supervisors[tid].people) for p in self.phases])
            absent = Absence(seed, replication, f"supervisors:{tid}", max(n for _, n in members), team_spec.absence)
            self.teams.append(Team(tid, team_spec, shifts, absent, cal.always_open,
                                   [(int(at // 24), n) for at, n in members]))

        self.flow = Flow(self)
        self.desk = Desk(self, self.teams)
        workdays = self.calendar.open_days("workshop")
        self.contracts = [
            Contract(cid, spec, [(self.products[product_index[pid]], quantity) for pid, quantity in spec.lines().items()],
                     Uniforms(rng(f"contract:{cid}")), workdays)
            for cid, spec in scenario.market.contracts.items()
        ]
        start = scenario.calendar.start_date
        for contract in self.contracts:
            spec = contract.spec
            contract.active = ((spec.starts - start).days * 24.0 if spec.starts is not None else 0.0,
                               (spec.until - start).days * 24.0 + 24.0 if spec.until is not None else math.inf)
        self.market = Market(self, self.products, self.contracts)
        self.flow.market = self.market
        # An existing centre's people, stock and waiting work, before anything happens.
        self.kg_at_start = place(self)
        self._start_processes(steps_for, product_index)

    def _start_processes(self, steps_for, product_index) -> None:  # type: ignore[no-untyped-def]
        env = self.env
        for stream in self.streams:
            Arrivals(self, stream)
        for pool in self.pools:
            for seat in range(len(pool.seats)):
                Seat(self, pool, seat)
        for team in self.teams:
            if team.spec.productive_work and team.spec.skills:
                steps, skill_ids = steps_for(team.spec.skills)
                for member in range(team.absence.people):
                    env.process(productive_supervisor(self, team, member, steps, skill_ids))
        market = self.scenario.market
        for contract in self.contracts:
            env.process(contract_orders(self, contract))
        if market.shop is not None:
            # Each product's choices and quantities are streams of their own: adding a product
            # to the demand leaves the other products' draws as they were.
            demand = [
                (self.products[product_index[pid]], d.probability, Sampler(d.quantity, self.rng(f"shop-quantity:{pid}")),
                 Uniforms(self.rng(f"shop-choices:{pid}")))
                for pid, d in market.shop.demand.items()
            ]
            # Customers per open hour: the weekly number over the week's open hours (both may change).
            rates = plan([(p.at, p.scenario.market.shop.customers * self._open_share("shop", int(p.at // 24)))  # type: ignore[union-attr]
                          for p in self.phases])
            Customers(self, "shop", rates, demand, Uniforms(self.rng("shop")), self.calendar.functions["shop"])
        if market.online is not None:
            demand = [
                (self.products[product_index[pid]], d.probability, Sampler(d.quantity, self.rng(f"online-quantity:{pid}")),
                 Uniforms(self.rng(f"online-choices:{pid}")))
                for pid, d in market.online.demand.items()
            ]
            always = [(0.0, self.horizon)]
            rates = plan([(p.at, p.scenario.market.online.orders) for p in self.phases])  # type: ignore[union-attr]
            Customers(self, "online", rates, demand, Uniforms(self.rng("online")), always, market.online.price_factor)
        if self.products:
            env.process(housekeeping(self))
        for before, phase in zip(self.phases, self.phases[1:], strict=False):
            if self._changed(before.scenario, phase.scenario):
                kernel.at(self.env, phase.at, self._enter(before.scenario, phase.scenario))

    def _changed(self, old: Scenario, new: Scenario) -> bool:
        """Whether a phase sets a price, a stream's storage or grade shares, work places or the
        outflow shares of a trajectory (the values applied by :meth:`_enter`; head counts, rates
        and opening hours follow their own plans)."""
        return (any(old.products[p].price != new.products[p].price for p in new.products)
                or any(old.market.contracts[c].price != new.market.contracts[c].price for c in new.market.contracts)
                or any(old.materials[m].storage != new.materials[m].storage or old.materials[m].grades != new.materials[m].grades
                       for m in new.materials)
                or any(old.steps[s].work_places != new.steps[s].work_places for s in new.steps)
                or any(old.workforce[w].trajectory != new.workforce[w].trajectory for w in new.workforce))

    def _enter(self, old: Scenario, new: Scenario) -> Callable[[Any], None]:
        """The callback that starts a phase: its prices, storage, grade shares, outflow shares and
        work places."""
        def enter(_event: Any) -> None:
            now = self.env.now
            for product in self.products:
                product.price = new.products[product.id].price
            for contract in self.contracts:
                contract.reprice(new.market.contracts[contract.id])
            for stream in self.streams:
                spec = new.materials[stream.id]
                stream.capacity = capacity(spec)
                stream.grade_cumulative = cumulative([g.share for g in spec.grades.values()])
            for pool in self.pools:
                pool.set_outflow(new.workforce[pool.id].trajectory)
            for step in self.steps:
                places = new.steps[step.id].work_places
                if places != old.steps[step.id].work_places and isinstance(places, int):
                    self.flow.set_places(step, places, now)
        return enter

    def _open_share(self, function: str, day: int = 0) -> float:
        """Customers come while the shop is open: their hourly rate there is rate x 168 / open hours
        in a normal week (with the hours that hold on day index ``day``), so a week brings the
        weekly number."""
        if self.calendar.always_open:
            return 1.0
        hours = self.calendar.weekly_open_hours(function, (1.0,) * 7, day)
        return 168.0 / hours if hours > 0 else 0.0
