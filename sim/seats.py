"""A place (seat) in a pool over the run: who is in it, where they are in their trajectory, and
their shifts, from the start (an opening, a running centre, a stated state) through vacancies,
head-count changes and supervision check-in, handing each work spell to the person's work loop
(:class:`sim.workforce.SteadyWorker`)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from simpy.events import Event

from sim import kernel
from sim.workforce import DESTINATIONS, EPSILON, Pool, SteadyWorker

if TYPE_CHECKING:
    from sim.model import Centre
    from sim.supervision import Team


def seat_changes(people: list[tuple[float, int]], seat: int) -> list[float]:
    """The moments a seat opens or closes as the pool's head count changes (the seat is taken
    at the start when it lies within the first count)."""
    taken = seat < people[0][1]
    out: list[float] = []
    for at, count in people[1:]:
        if (seat < count) != taken:
            out.append(at)
            taken = not taken
    return out


WAIT = 0  # an event is pending: the seat goes on when it fires
SHIFT_DONE = 1  # on to the next shift
GONE = 2  # the seat has nothing more to do in the run

TICK_SHIFT = 0  # what the seat's timer is for: a shift begins
TICK_NEXT = 1  # a seat that opens later, or a change, is due: on to the next shift


class Seat:
    """One place (seat) in a pool, filled by successive people over the run: a chain of callbacks.

    A seat the pool does not have yet (its head count rises later) waits for its moment; a person
    who joins then starts a trajectory at their first shift. When the head count falls, the
    person in the seat leaves at the start of their next shift (their last task done).

    It is the process a generator would be, step for step: every wait is scheduled exactly where
    the process yielded its Timeout or Condition (same time, priority and event id), the start is
    ordered as a process's start and the end as a process's end, so the run is the same, without a
    generator round trip per shift.
    """

    __slots__ = ("centre", "env", "pool", "seat", "worker", "draws", "trajectory", "changes", "taken",
                 "next_change", "passed", "started", "ends_at", "vacant_until", "tick", "action", "shifts",
                 "end", "day", "team", "counted")

    def __init__(self, centre: Centre, pool: Pool, seat: int) -> None:
        self.centre = centre
        env = self.env = centre.env
        self.pool = pool
        self.seat = seat
        self.worker = SteadyWorker(pool.steps, pool.skills, pool.busy, env, centre.flow, self._present_done)
        self.draws = pool.seats[seat]
        self.trajectory = self.draws.trajectory
        self.changes = seat_changes(pool.people, seat)
        self.taken = seat < pool.people[0][1]
        self.next_change = self.changes[0] if self.changes else math.inf
        self.passed = 0
        self.started = -math.inf
        self.ends_at = math.inf
        self.vacant_until = -1.0
        self.tick = kernel.Tick(env, self._ticked)
        self.action = TICK_SHIFT
        self.shifts: Iterator[tuple[float, float]] | None = None
        self.end = 0.0  # the current shift's end
        self.day = 0
        self.team: Team | None = None  # the team supervising the present spell (None: unsupervised)
        self.counted = False  # the shift's day parts are counted
        kernel.start(env, self._begin)

    def _begin(self, _event: Any) -> None:
        """The run starts: who is in the place, how far in their trajectory; then the first shift."""
        pool, seat, draws, trajectory = self.pool, self.seat, self.draws, self.trajectory
        elapsed = pool.elapsed
        taken = self.taken
        if taken and elapsed is not None:
            # An existing centre: this place's person has been in their trajectory for a while.
            if seat < len(elapsed):
                self.started = -elapsed[seat]
                if trajectory is not None:
                    length = trajectory()
                    tries = 1
                    while length <= elapsed[seat] and tries < 100:
                        length = trajectory()  # a trajectory that is still running
                        tries += 1
                    self.ends_at = length - elapsed[seat]
                pool.filled.add(1, 0.0)
            else:
                self.vacant_until = draws.refill()  # a vacancy being filled
        elif taken:
            filling = pool.spec.filled_over
            turn = seat * filling / pool.people[0][1] if pool.opening and filling else 0.0
            if turn > 0:
                # The centre opens and fills its places one by one: this one is vacant until its turn.
                self.vacant_until = turn
            elif pool.opening:
                # The centre opens: the first occupant starts a trajectory today, and counts as a start.
                self.started = 0.0
                self.ends_at = trajectory() if trajectory is not None else math.inf
                pool.starts += 1
            elif trajectory is not None:
                length = trajectory()
                part = draws.chances() * length  # people already in their trajectory at the start
                self.started, self.ends_at = -part, length - part
            if self.vacant_until < 0:
                pool.filled.add(1, 0.0)  # the place is taken at the start; 'starts' counts only newcomers
        if taken:
            if self.vacant_until < 0:
                pool.since[seat] = self.started
            self._next_shift()
        elif self.next_change < math.inf:
            self.action = TICK_NEXT
            self.tick.after(self.next_change)
        else:
            self._gone()

    def _ticked(self, _event: Any) -> None:
        if self.action == TICK_NEXT:
            self._next_shift()
            return
        done = self._shift()
        if done == SHIFT_DONE:
            self._next_shift()
        elif done == GONE:
            self._gone()

    def _next_shift(self) -> None:
        """On to the next shift that has not ended: wait for its start, or work it now."""
        env = self.env
        if self.shifts is None:
            self.shifts = iter(self.pool.shifts)
        for start, end in self.shifts:
            if end <= env._now:
                continue
            self.end = end
            if start > env._now:
                self.action = TICK_SHIFT
                self.tick.after(start - env._now)
                return
            done = self._shift()
            if done == WAIT:
                return
            if done == GONE:
                break
        self._gone()

    def _shift(self) -> int:
        """A shift begins: the seat's changes, trajectory and vacancy, absence, then work."""
        pool, seat, draws = self.pool, self.seat, self.draws
        now = self.env._now
        end = self.end
        changes = self.changes
        if now >= self.next_change:
            passed = self.passed
            while passed < len(changes) and changes[passed] <= now:
                passed += 1
            self.passed = passed
            self.next_change = changes[passed] if passed < len(changes) else math.inf
            wanted = (seat < pool.people[0][1]) != (passed % 2 == 1)
            if wanted and not self.taken:
                self.taken = True  # a new place: filled by a newcomer from the day it opens
                self.vacant_until = changes[passed - 1]
                self.ends_at = math.inf
            elif self.taken and not wanted:
                self.taken = False  # the place goes: its person leaves (a vacancy stays empty)
                pool.since[seat] = math.nan
                if self.vacant_until < 0:
                    pool.filled.add(-1, now)
                self.vacant_until = -1.0
                self.ends_at = math.inf
        if not self.taken:
            if self.next_change == math.inf:
                return GONE
            self.action = TICK_NEXT
            self.tick.after(self.next_change - now)
            return WAIT
        if now >= self.ends_at:
            _outflow(pool, draws.chances())
            pool.filled.add(-1, now)
            pool.since[seat] = math.nan
            self.vacant_until = now + draws.refill()
            self.ends_at = math.inf
        if self.vacant_until >= 0:
            if now < self.vacant_until:
                return SHIFT_DONE
            self.vacant_until = -1.0
            self.started = now
            self.ends_at = now + self.trajectory() if self.trajectory is not None else math.inf
            pool.filled.add(1, now)
            pool.starts += 1
            pool.since[seat] = now
        day = self.day = int(now // 24)
        if pool.absent(day, seat):
            pool.absent_hours += end - now
            return SHIFT_DONE
        if pool.need <= 0:
            self.team = None
            return SHIFT_DONE if self._present(now, end, True) else WAIT
        # Supervised work: check in with a qualified supervisor who is there, work while they
        # are, and check in again (with the next supervisor) when they leave.
        self.counted = False
        return self._supervised()

    def _supervised(self) -> int:
        """Check in and work while a supervisor is there, until the shift ends or one must be waited for."""
        env, pool = self.env, self.pool
        desk = self.centre.desk
        while env._now < self.end - EPSILON:
            team = desk.check_in(pool.qualification, pool.need, self.day)
            if team is None:
                pool.waiting.add(1, env._now)
                self._wait_for_supervision()
                return WAIT
            if not self._spell(team):
                return WAIT
            desk.release(team, pool.need, self.day)
        return SHIFT_DONE

    def _wait_for_supervision(self) -> None:
        """Wait for capacity to free up, or for a qualified supervisor to arrive."""
        env, pool = self.env, self.pool
        desk = self.centre.desk
        signal = env.event()
        desk.waiters.append(signal)
        arrival = desk.next_arrival(pool.qualification, self.day, env._now, self.end)
        either = signal | env.timeout((self.end if arrival is None else arrival) - env._now)
        either.callbacks.append(self._supervision_came)

    def _supervision_came(self, _event: Any) -> None:
        env, pool = self.env, self.pool
        desk = self.centre.desk
        team = desk.check_in(pool.qualification, pool.need, self.day)
        if team is None and env._now < self.end - EPSILON:
            self._wait_for_supervision()
            return
        pool.waiting.add(-1, env._now)
        if team is not None and env._now >= self.end - EPSILON:
            # Supervision freed up just as the shift ends: the shift was lost all the same.
            desk.release(team, pool.need, self.day)
            team = None
        if team is None:
            self._next_shift()
            return
        if self._spell(team):
            desk.release(team, pool.need, self.day)
            if self._supervised() == SHIFT_DONE:
                self._next_shift()

    def _spell(self, team: Team) -> bool:
        """Work while ``team`` is there (or the shift lasts): True when that is over at once."""
        now = self.env._now
        until = min(self.end, team.shifts.end_of(now))
        if not self.counted:
            self.pool.day_parts += 1 if self.end - now <= 4.5 else 2
            self.counted = True
        self.team = team
        return self._present(now, until, False)

    def _present(self, begin: float, until: float, count_day_part: bool) -> bool:
        """A participant at work from ``begin`` to ``until``, at the speed their learning allows:
        True when that is over at once (nothing to do, no time), else the worker calls back."""
        pool, worker = self.pool, self.worker
        learning = pool.spec.learning_curve
        factor = 1.0
        if learning is not None:
            progress = min(1.0, max(0.0, (begin - self.started) / learning.full_after))
            factor = learning.start_factor + (1.0 - learning.start_factor) * progress
        worker.speed = pool.spec.productivity * factor
        pool.present.add(1, begin)
        self.centre.flow.present(worker.skills, 1, begin)
        if count_day_part:
            pool.day_parts += 1 if until - begin <= 4.5 else 2
        if worker.work(until):
            self._leave()
            return True
        return False

    def _leave(self) -> None:
        now = self.env._now
        self.pool.present.add(-1, now)
        self.centre.flow.present(self.worker.skills, -1, now)

    def _present_done(self) -> None:
        """The worker's hours are over (called back by the work loop)."""
        self._leave()
        team = self.team
        if team is None:
            self._next_shift()
            return
        self.centre.desk.release(team, self.pool.need, self.day)
        if self._supervised() == SHIFT_DONE:
            self._next_shift()

    def _gone(self) -> None:
        """Nothing more to do: ordered as the end of a process (an event now, nobody waiting on it)."""
        ended = Event(self.env)
        ended._ok = True
        ended._value = None
        self.env.schedule(ended)


def _outflow(pool: Pool, u: float) -> None:
    for destination, bound in zip(DESTINATIONS, pool.outflow_cumulative, strict=True):
        if u < bound:
            pool.outflow[destination] += 1
            return
