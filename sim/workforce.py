"""The workforce: pools of people from one target group, and the work loop every person runs.

People are chains of callbacks, items are not even that: each place (seat, :mod:`sim.seats`) goes
from shift to shift, and the person in it pulls lots from the queues of the steps they have the
skill for (:class:`SteadyWorker`) and works on each for the smaller of the remaining work and the
time left in the shift.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sim import kernel
from sim.absence import Absence
from sim.integral import Level
from sim.random import Sampler, Uniforms
from sim.scenario.model import Pool as PoolSpec
from sim.scenario.model import TargetGroup, Trajectory
from sim.steps import Flow, Lot, Step
from sim.timeline import Timeline

if TYPE_CHECKING:
    pass

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
                 seats: list[SeatDraws], people: list[tuple[float, int]] | None = None,
                 opening: bool = False) -> None:
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
        # Places per phase as (from, people): seats beyond the count wait for their place to open.
        self.people = people if people is not None else [(0.0, spec.people)]
        self.opening = opening  # every first occupant starts a trajectory at the start (and counts)
        # A stated start: time each person in a place has been in their trajectory (hours), the
        # places after them vacant; None: every place taken (part-way through, or at the opening).
        self.elapsed: list[float] | None = None
        self.in_place_at_start = 0.0 if opening else float(spec.people)
        self.since = [math.nan] * len(seats)  # when the person in each seat started (nan: vacant)
        self.outflow_cumulative: list[float] = []
        self.set_outflow(spec.trajectory)

    def set_outflow(self, trajectory: Trajectory | None) -> None:
        """Where people go when their trajectory ends, as cumulative shares (a change may set them)."""
        self.outflow_cumulative = []
        if trajectory is not None:
            total = 0.0
            for destination in DESTINATIONS:
                total += trajectory.outflow.get(destination, 0.0)  # type: ignore[call-overload]
                self.outflow_cumulative.append(total)
            self.outflow_cumulative[-1] = math.inf


class Worker:
    """What the work loop needs to know of one person (participant or supervisor)."""

    __slots__ = ("steps", "skills", "waiting", "busy", "speed", "load", "env")

    def __init__(self, steps: list[Step], skills: list[int], busy: Level, env: Any) -> None:
        self.steps = steps
        self.skills = skills
        self.waiting = False
        self.busy = busy
        self.speed = 1.0
        self.load = 1.0  # share of the person a task takes (a supervisor works with what is left)
        self.env = env

    def rouse(self) -> None:
        """Work arrived (or the hours ended): go on with the loop."""
        raise NotImplementedError

    def shift_over(self, _event: Any) -> None:
        if self.waiting:
            self.waiting = False
            self.rouse()


class SteadyWorker(Worker):
    """A participant at work: the work loop as a chain of callbacks.

    The loop pulls a lot, works on it for the smaller of its remaining work and the time left
    until ``end``, hands it on, and pulls again; with nothing to pull it waits until a call for
    work or the end of its hours. Each wait is one timed callback on SimPy's heap, scheduled
    exactly when a process would have yielded its Timeout or wake-up Event (same time, priority
    and order), so the run is the one a generator process gives, without the generator's cost.
    """

    __slots__ = ("flow", "end", "stop", "timer", "woken", "handed_on", "lot", "step", "completes",
                 "paused_work", "done", "task", "wait", "idle", "others")

    def __init__(self, steps: list[Step], skills: list[int], busy: Level, env: Any, flow: Flow,
                 done: Callable[[], None]) -> None:
        super().__init__(steps, skills, busy, env)
        self.flow = flow
        self.end = 0.0
        self.stop = 0.0
        self.timer = False  # the shift's timer is set (at the first wait for work)
        self.woken = False
        self.handed_on: Sequence[Step] = ()  # steps this worker just gave work to, not yet called for
        self.lot: Lot | None = None
        self.step: Step | None = None
        self.completes = False
        self.paused_work = 0.0
        self.done = done  # called when the hours are over after a wait (not when over at once)
        # A worker is at one task or waits for work: one event pending at a time for each.
        self.task = kernel.Tick(env, self.after_task)
        self.wait = kernel.Tick(env, self.after_wake)
        self.idle = [flow.idle[skill] for skill in skills]  # where this worker waits for work
        # Per step index, this worker's other steps (passed a call for work it did not take).
        self.others = [[other for other in steps if other is not step] for step in flow.steps]

    def rouse(self) -> None:
        self.wait.after(0.0)

    def work(self, end: float) -> bool:
        """Pull and do work until ``end``: True when done now, else ``done`` is called when the
        hours are over (at once, inside the callback that ends them)."""
        self.end = end
        self.stop = end - EPSILON
        self.timer = False
        self.woken = False
        self.handed_on = ()
        return self._loop(self.env._now)

    def _loop(self, now: float) -> bool:
        """Run the loop until it waits (False) or the hours are over (True)."""
        flow = self.flow
        steps = self.steps
        if now < self.stop:
            pulled = flow.pull(steps, now)
            if self.handed_on:
                flow.call_for(self.handed_on)  # what this worker did not take itself goes to others
                self.handed_on = ()
            if pulled is None:
                if not self.timer:
                    self.timer = True
                    kernel.timer(self.env, self.end - now, self.shift_over)
                self.waiting = True
                for idle in self.idle:
                    idle.append(self)
                return False
            lot, step = pulled
            if self.woken:
                # Woken for one step, this worker may have taken work elsewhere: pass the call on.
                self.woken = False
                flow.call_for(self.others[step.index])
            speed = self.speed
            duration = lot.remaining / speed
            left = self.end - now
            self.busy.add(self.load, now)
            self.lot = lot
            self.step = step
            if duration <= left:
                self.completes = True
            else:
                self.completes = False
                self.paused_work = left * speed
                duration = left
            self.task.after(duration)
            return False
        flow.call_for(self.handed_on)
        self.handed_on = ()
        self.waiting = False
        return True

    def after_task(self, _event: Any) -> None:
        """The task ended: done, or the hours are over and the lot goes back to its queue."""
        now = self.env._now
        self.busy.add(-self.load, now)
        flow = self.flow
        lot, step = self.lot, self.step
        assert lot is not None and step is not None
        if self.completes:
            self.handed_on = flow.finish(lot, step, now)
        else:
            flow.pause(lot, step, self.paused_work)
        if self._loop(now):
            self._finished()

    def after_wake(self, _event: Any) -> None:
        self.woken = True
        if self._loop(self.env._now):
            self._finished()

    def _finished(self) -> None:
        """Hand control back to the seat, at once (nothing is scheduled)."""
        self.done()
