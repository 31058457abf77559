"""Productive work of supervisors, paced by the capacity that supervision leaves them.

A supervisor's capacity goes to supervision first; the share left over goes to productive work.
That share changes whenever participants check in or out, so a supervisor's task is not timed
once at its start: the team re-paces every member at work at that moment (work done so far is
booked at the old speed, the rest is timed at the new one). When supervision takes everything,
the lot goes back to its queue and the supervisor waits until capacity comes free again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sim.steps import Lot, Step
from sim.supervision import Team
from sim.workforce import EPSILON, Worker

if TYPE_CHECKING:
    from sim.model import Centre

MIN_SHARE = 0.01
"""A supervisor with a smaller share of spare capacity than this does no productive work."""


class PacedWorker(Worker):
    """A supervisor at productive work: speed and load follow the team's spare share."""

    __slots__ = ("wake", "team", "productivity", "day", "end", "lot", "since", "done", "timer", "completes",
                 "stalled", "for_capacity", "capacity", "_on_timer")

    def __init__(self, env: Any, team: Team, steps: list[Step], skills: list[int]) -> None:
        super().__init__(steps, skills, team.busy_level, env)
        self.wake: Any = None  # the event the supervisor's process waits on for work
        self.team = team
        self.productivity = team.spec.productivity
        self.day = -1
        self.end = 0.0
        self.lot: Lot | None = None  # the lot in hand, None between tasks
        self.since = 0.0  # when the present speed was set
        self.done: Any = None  # succeeds when the task completes, the shift ends, or it stalls
        self.timer: Any = None  # the one timer of the task that counts; older ones are stale
        self.completes = False
        self.stalled = False
        self.for_capacity = False  # waiting for supervision to leave some capacity
        self.capacity: Any = None
        self._on_timer = self.on_timer  # one bound method, not one per timer

    def rouse(self) -> None:
        self.wake.succeed()

    def shift_over(self, _event: Any) -> None:
        super().shift_over(_event)
        if self.for_capacity:
            self.for_capacity = False
            self.capacity.succeed()

    def on_timer(self, event: Any) -> None:
        if event is self.timer:
            self.timer = None
            self.done.succeed()

    def start(self, lot: Lot, share: float) -> None:
        now = self.env.now
        self.lot = lot
        self.stalled = False
        self.done = self.env.event()
        self.load = share
        self.speed = self.productivity * share
        self.since = now
        self.busy.add(share, now)
        self._schedule(now)

    def _schedule(self, now: float) -> None:
        lot = self.lot
        assert lot is not None
        duration = lot.remaining / self.speed
        left = self.end - now
        self.completes = duration <= left
        timer = self.timer = self.env.timeout(duration if self.completes else max(left, 0.0))
        timer.callbacks.append(self._on_timer)

    def _book(self, now: float) -> None:
        """Book the work done since the speed was last set."""
        lot = self.lot
        assert lot is not None
        lot.remaining = max(lot.remaining - (now - self.since) * self.speed, 0.0)
        self.since = now

    def stop(self) -> Lot:
        now = self.env.now
        lot = self.lot
        assert lot is not None
        self._book(now)
        self.busy.add(-self.load, now)
        self.lot = None
        return lot

    def repace(self, share: float) -> None:
        """The team's spare share changed to ``share``: go on at the speed it allows."""
        if self.lot is not None:
            if self.done.triggered or share == self.load:
                return  # the task ends at this moment anyway, or nothing changes
            now = self.env.now
            self._book(now)
            self.busy.add(share - self.load, now)
            self.load = share
            if share <= MIN_SHARE:
                # Supervision needs it all: hand the lot back now.
                self.stalled = True
                self.timer = None
                self.done.succeed()
                return
            self.speed = self.productivity * share
            self._schedule(now)
        elif self.for_capacity and share > MIN_SHARE:
            self.for_capacity = False
            self.capacity.succeed()


def productive_supervisor(centre: Centre, team: Team, member: int, steps: list[Step], skills: list[int]):  # type: ignore[no-untyped-def]
    """Process: a supervisor who spends the capacity not used for supervision on work."""
    env = centre.env
    worker = PacedWorker(env, team, steps, skills)
    for start, end in team.shifts:
        if end <= env.now:
            continue
        if start > env.now:
            yield env.timeout(start - env.now)
        day = int(env.now // 24)
        if not team.is_present(day, member):
            continue
        # Participants check in at the start of their shift; give them the first moment.
        yield env.timeout(0)
        worker.day = day
        worker.end = end
        team.working.append(worker)
        yield from paced_work(centre, worker, end)
        team.working.remove(worker)


def paced_work(centre: Centre, worker: PacedWorker, end: float):  # type: ignore[no-untyped-def]
    """Pull and do work until ``end`` with the share supervision leaves; wait when none is left."""
    env = centre.env
    flow = centre.flow
    team = worker.team
    timer = None
    woken = False
    handed_on: Sequence[Step] = ()
    flow.present(worker.skills, 1, env.now)
    while env.now < end - EPSILON:
        share = team.spare_share(worker.day)
        if share <= MIN_SHARE:
            # Supervision takes it all: wait, and meanwhile count as nobody who could work.
            flow.call_for(handed_on)
            handed_on = ()
            if timer is None:
                timer = env.timeout(end - env.now)
                timer.callbacks.append(worker.shift_over)
            worker.capacity = env.event()
            worker.for_capacity = True
            flow.present(worker.skills, -1, env.now)
            yield worker.capacity
            flow.present(worker.skills, 1, env.now)
            continue
        pulled = flow.pull(worker.steps, env.now)
        if handed_on:
            flow.call_for(handed_on)
            handed_on = ()
        if pulled is None:
            if timer is None:
                timer = env.timeout(end - env.now)
                timer.callbacks.append(worker.shift_over)
            worker.wake = env.event()
            worker.waiting = True
            for skill in worker.skills:
                flow.idle[skill].append(worker)
            yield worker.wake
            woken = True
            continue
        lot, step = pulled
        if woken:
            woken = False
            flow.call_for([other for other in worker.steps if other is not step])
        worker.start(lot, share)
        yield worker.done
        worker.stop()
        if worker.completes and not worker.stalled:
            handed_on = flow.finish(lot, step, env.now)
        else:
            flow.pause(lot, step, 0.0)  # the work done is booked in the lot already
    flow.call_for(handed_on)
    flow.present(worker.skills, -1, env.now)
    worker.waiting = False
    worker.for_capacity = False
