"""The workforce: pools of people from one target group, and the work loop every person runs.

People are processes, items are not: each person loops over their shifts (absence, trajectory
and vacancy, supervision check-in), then pulls lots from the queues of the steps they have the
skill for and works on each for the smaller of the remaining work and the time left in the shift.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from simpy.events import Event, Timeout

from sim.absence import Absence
from sim.integral import Level
from sim.random import Sampler, Uniforms
from sim.scenario.model import Pool as PoolSpec
from sim.scenario.model import TargetGroup
from sim.steps import Step
from sim.timeline import Timeline

if TYPE_CHECKING:
    from sim.model import Centre

DESTINATIONS = ("job", "education", "other")
EPSILON = 1e-9


class SeatDraws:
    """The random draws of one seat of a pool, each from a stream keyed by (pool, seat)."""

    __slots__ = ("refill", "chances", "trajectory")

    def __init__(self, refill: Sampler, chances: Uniforms, trajectory: Sampler | None) -> None:
        self.refill = refill  # weeks a vacancy stays open
        self.chances = chances  # where in the trajectory at the start; outflow destination
        self.trajectory = trajectory  # trajectory length, hours


class Pool:
    """A pool's state: its people, schedule and counters (cumulative over the run)."""

    def __init__(self, pool_id: str, spec: PoolSpec, group_id: str, group: TargetGroup,
                 shifts: Timeline, absent: Absence, steps: list[Step], skills: list[int],
                 seats: list[SeatDraws]) -> None:
        self.id = pool_id
        self.spec = spec
        self.group_id = group_id
        self.group = group
        self.shifts = shifts
        self.absent = absent  # absent(day, seat): drawn a block of days at a time
        self.steps = steps
        self.skills = skills
        self.need = 1.0 / group.supervision_ratio if group.supervision_ratio else 0.0
        self.qualification = group.qualification or group_id
        self.present = Level()
        self.busy = Level()
        self.waiting = Level()  # waiting for supervision: hours lost
        self.filled = Level()  # seats with a person in them
        self.absent_hours = 0.0
        self.day_parts = 0
        self.starts = 0
        self.outflow = dict.fromkeys(DESTINATIONS, 0)
        self.seats = seats
        traj = spec.trajectory
        self.outflow_cumulative = []
        if traj is not None:
            total = 0.0
            for destination in DESTINATIONS:
                total += traj.outflow.get(destination, 0.0)  # type: ignore[call-overload]
                self.outflow_cumulative.append(total)
            self.outflow_cumulative[-1] = math.inf


class Worker:
    """What the work loop needs to know of one person (participant or supervisor)."""

    __slots__ = ("steps", "skills", "wake", "waiting", "busy", "speed", "load")

    def __init__(self, steps: list[Step], skills: list[int], busy: Level) -> None:
        self.steps = steps
        self.skills = skills
        self.wake: Any = None
        self.waiting = False
        self.busy = busy
        self.speed = 1.0
        self.load = 1.0  # share of the person a task takes (a supervisor works with what is left)

    def shift_over(self, _event: Any) -> None:
        if self.waiting:
            self.waiting = False
            self.wake.succeed()


def work(centre: Centre, worker: Worker, end: float):  # type: ignore[no-untyped-def]
    """Pull and do work until ``end``; wait for work when there is none."""
    env = centre.env
    flow = centre.flow
    pull = flow.pull
    steps = worker.steps
    busy = worker.busy
    stop = end - EPSILON
    timer = None
    woken = False
    handed_on: list[Step] = []  # steps this worker just gave work to, not yet called for
    now = env.now
    while now < stop:
        pulled = pull(steps)
        if handed_on:
            flow.call_for(handed_on)  # what this worker did not take itself goes to others
            handed_on = []
        if pulled is None:
            if timer is None:
                timer = Timeout(env, end - now)
                timer.callbacks.append(worker.shift_over)
            worker.wake = Event(env)
            worker.waiting = True
            for skill in worker.skills:
                flow.idle[skill].append(worker)
            yield worker.wake
            now = env.now
            woken = True
            continue
        lot, step = pulled
        if woken:
            # Woken for one step, this worker may have taken work elsewhere: pass the call on.
            woken = False
            flow.call_for([other for other in steps if other is not step])
        speed = worker.speed
        duration = lot.remaining / speed
        left = end - now
        load = worker.load
        # Level.add, inlined (twice per task)
        busy.area += busy.value * (now - busy.last)
        busy.last = now
        busy.value += load
        if duration <= left:
            yield Timeout(env, duration)
            now = env.now
            busy.area += busy.value * (now - busy.last)
            busy.last = now
            busy.value -= load
            handed_on = flow.finish_and_hand_on(lot, step)
        else:
            yield Timeout(env, left)
            now = env.now
            busy.area += busy.value * (now - busy.last)
            busy.last = now
            busy.value -= load
            flow.pause(lot, step, left * speed)
    flow.call_for(handed_on)
    worker.waiting = False


def participant(centre: Centre, pool: Pool, seat: int):  # type: ignore[no-untyped-def]
    """Process: one place (seat) in a pool, filled by successive people over the run."""
    env = centre.env
    worker = Worker(pool.steps, pool.skills, pool.busy)
    draws = pool.seats[seat]
    trajectory = draws.trajectory
    if trajectory is not None:
        length = trajectory()
        elapsed = draws.chances() * length  # people already in their trajectory at the start
        started, ends_at = -elapsed, length - elapsed
    else:
        started, ends_at = -math.inf, math.inf
    vacant_until = -1.0
    pool.filled.add(1, 0.0)  # the place is taken at the start; 'starts' counts only newcomers
    for start, end in pool.shifts:
        if end <= env.now:
            continue
        if start > env.now:
            yield env.timeout(start - env.now)
        now = env.now
        if now >= ends_at:
            _outflow(pool, draws.chances())
            pool.filled.add(-1, now)
            vacant_until = now + draws.refill()
            ends_at = math.inf
        if vacant_until >= 0:
            if now < vacant_until:
                continue
            vacant_until = -1.0
            started = now
            ends_at = now + trajectory() if trajectory is not None else math.inf
            pool.filled.add(1, now)
            pool.starts += 1
        day = int(now // 24)
        if pool.absent(day, seat):
            pool.absent_hours += end - now
            continue
        if pool.need <= 0:
            yield from _present(centre, pool, worker, started, env.now, end)
            continue
        # Supervised work: check in with a qualified supervisor who is there, work while they
        # are, and check in again (with the next supervisor) when they leave.
        desk = centre.desk
        counted = False
        while env.now < end - EPSILON:
            team = desk.check_in(pool.qualification, pool.need, day)
            if team is None:
                pool.waiting.add(1, env.now)
                while team is None and env.now < end - EPSILON:
                    # Wait for capacity to free up, or for a qualified supervisor to arrive.
                    signal = env.event()
                    desk.waiters.append(signal)
                    arrival = desk.next_arrival(pool.qualification, day, env.now, end)
                    yield signal | env.timeout((end if arrival is None else arrival) - env.now)
                    team = desk.check_in(pool.qualification, pool.need, day)
                pool.waiting.add(-1, env.now)
                if team is not None and env.now >= end - EPSILON:
                    # Supervision freed up just as the shift ends: the shift was lost all the same.
                    desk.release(team, pool.need, day)
                    team = None
                if team is None:
                    break
            until = min(end, team.shifts.end_of(env.now))
            if not counted:
                pool.day_parts += 1 if end - env.now <= 4.5 else 2
                counted = True
            yield from _present(centre, pool, worker, started, env.now, until, count_day_part=False)
            desk.release(team, pool.need, day)


def _present(centre: Centre, pool: Pool, worker: Worker, started: float, begin: float, until: float,
             count_day_part: bool = True):  # type: ignore[no-untyped-def]
    """A participant at work from ``begin`` to ``until``, at the speed their learning allows."""
    learning = pool.spec.learning_curve
    factor = 1.0
    if learning is not None:
        progress = min(1.0, max(0.0, (begin - started) / learning.full_after))
        factor = learning.start_factor + (1.0 - learning.start_factor) * progress
    worker.speed = pool.spec.productivity * factor
    pool.present.add(1, begin)
    flow = centre.flow
    flow.present(worker.skills, 1, begin)
    if count_day_part:
        pool.day_parts += 1 if until - begin <= 4.5 else 2
    yield from work(centre, worker, until)
    now = centre.env.now
    pool.present.add(-1, now)
    flow.present(worker.skills, -1, now)


def _outflow(pool: Pool, u: float) -> None:
    for destination, bound in zip(DESTINATIONS, pool.outflow_cumulative, strict=True):
        if u < bound:
            pool.outflow[destination] += 1
            return
