"""Supervision (begeleiding): the binding resource of a centre that works with target groups.

Each present supervisor brings one unit of supervision capacity for the target groups they
are qualified for; a participant of a group with ratio r takes 1/r of it while at work. Without
enough capacity the participant waits, and those hours count as lost to missing supervision.
A supervisor's presence is decided per day (absence is drawn per person and day); within the
day supervision follows the supervisor's hours: participants who come earlier wait (hours lost),
and stop when their supervisor leaves.

Supervision comes first. A supervisor who does productive work works with the share of their
capacity that supervision leaves, and that share is kept up to date: whenever participants check
in or out, every member of the team at work is re-paced at that moment (the work done so far is
booked at the old speed, the rest goes on at the new one). So at every moment supervision plus
productive work of a team is at most the members present.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.absence import BLOCK_DAYS, Absence
from sim.integral import Level
from sim.scenario.model import SupervisorTeam
from sim.timeline import Timeline

if TYPE_CHECKING:
    from sim.model import Centre

EPSILON = 1e-9


class Team:
    """A team of supervisors with the same qualifications and schedule."""

    def __init__(self, team_id: str, spec: SupervisorTeam, shifts: Timeline, absence: Absence,
                 always_open: bool = False, members: list[tuple[int, int]] | None = None) -> None:
        self.id = team_id
        self.spec = spec
        self.shifts = shifts
        self.absence = absence  # members absent per day, drawn a block of days at a time
        self.always_open = always_open
        self.qualifications = set(spec.qualifications)
        # Members per phase as (first day, count): the team's head count changes on those days.
        self.members = members if members is not None else [(0, absence.people)]
        self.day = -1
        self.used = 0.0
        self.used_level = Level()  # supervision capacity in use (supervisor-hours per hour)
        self.busy_level = Level()  # members doing productive work, each counted by their share
        self.working: list = []  # productive members in their hours now (workforce.PacedWorker)
        # Presence per block of days: present [day][member] and the count per day.
        self._blocks: dict[int, tuple[list[bytes], list[int]]] = {}
        self._first = 0
        self._rows: list[bytes] = []  # a byte per member (1 = present) per day
        self._counts: list[int] = []
        self._use(0)
        # Supervisor-hours present, summed shift by shift up to the last time asked.
        self._hours_reset()

    # --- who is in, per day ------------------------------------------------------------------

    def _presence(self, index: int) -> tuple[list[bytes], list[int]]:
        """Block ``index`` of days: a member is present when not absent, on a day their team
        has hours (a day on which one of its shifts starts)."""
        found = self._blocks.get(index)
        if found is None:
            present = ~self.absence.block(index)
            if not self.always_open:
                first = index * BLOCK_DAYS
                working = np.zeros(BLOCK_DAYS, dtype=bool)
                for start in self.shifts.starts_between((first - 1) * 24.0, (first + BLOCK_DAYS + 1) * 24.0):
                    day = int(start // 24) - first
                    if 0 <= day < BLOCK_DAYS:
                        working[day] = True
                present &= working[:, None]
            if len(self.members) > 1 or self.members[0][1] < self.absence.people:
                first = index * BLOCK_DAYS
                for i, (day, count) in enumerate(self.members):
                    until = self.members[i + 1][0] if i + 1 < len(self.members) else first + BLOCK_DAYS
                    if until > first and day < first + BLOCK_DAYS:
                        present[max(day - first, 0):until - first, count:] = False  # not (yet) in the team
            found = self._blocks[index] = ([row.tobytes() for row in present], present.sum(axis=1).tolist())
            if len(self._blocks) > 2:
                del self._blocks[min(self._blocks)]
        return found

    def _use(self, day: int) -> None:
        index = day // BLOCK_DAYS
        self._first = index * BLOCK_DAYS
        self._rows, self._counts = self._presence(index)

    def present_on(self, day: int) -> int:
        """Members present on day ``day``."""
        i = day - self._first
        if not 0 <= i < BLOCK_DAYS:
            self._use(day)
            i = day - self._first
        return self._counts[i]

    def is_present(self, day: int, member: int) -> int:
        """Whether ``member`` is present on day ``day`` (1) or not (0)."""
        i = day - self._first
        if not 0 <= i < BLOCK_DAYS:
            self._use(day)
            i = day - self._first
        return self._rows[i][member]

    # --- supervisor-hours present -----------------------------------------------------------

    def _hours_reset(self) -> None:
        self._hours_shifts = iter(self.shifts)
        self._hours_next = next(self._hours_shifts, None)  # the first shift not yet summed
        self._hours_done = 0.0  # supervisor-hours of the shifts before it
        self._hours_asked = -math.inf

    def present_hours_until(self, t: float) -> float:
        """Supervisor-hours present from the start of the run to ``t``."""
        if t < self._hours_asked:
            self._hours_reset()
        self._hours_asked = t
        shift = self._hours_next
        while shift is not None and shift[1] <= t:  # shifts wholly before t
            self._hours_done += (shift[1] - shift[0]) * self.present_on(int(shift[0] // 24))
            shift = next(self._hours_shifts, None)
        self._hours_next = shift
        hours = self._hours_done
        if shift is not None and shift[0] < t:
            hours += (t - shift[0]) * self.present_on(int(shift[0] // 24))
        return hours

    def repace(self, day: int) -> None:
        """Supervision took or gave back capacity: members at work go on at their new share."""
        share = self.spare_share(day)
        for worker in self.working:
            worker.repace(share)

    def spare_share(self, day: int) -> float:
        """Share of each present member not used for supervision today (for productive work)."""
        present = self.present_on(day)
        if present <= 0:
            return 0.0
        return max(0.0, self.capacity_left(day) / present)

    def capacity_left(self, day: int) -> float:
        if day != self.day:
            self.day = day
            self.used = 0.0
        return self.present_on(day) - self.used


class Desk:
    """Hands out supervision capacity to participants as they arrive."""

    def __init__(self, centre: Centre, teams: list[Team]) -> None:
        self.env = centre.env
        self.teams = teams
        self.waiters: list = []

    def check_in(self, qualification: str, need: float, day: int) -> Team | None:
        """Take ``need`` capacity from a qualified team present now, or None."""
        best, best_left = None, 0.0
        now = self.env.now
        for team in self.teams:
            if qualification in team.qualifications and team.shifts.is_open(now):
                left = team.capacity_left(day)
                if left >= need - EPSILON and left > best_left:
                    best, best_left = team, left
        if best is not None:
            best.used += need
            best.used_level.add(need, self.env.now)
            if best.working:
                best.repace(day)
        return best

    def next_arrival(self, qualification: str, day: int, now: float, end: float) -> float | None:
        """When a qualified supervisor who is in today starts their hours, before ``end``."""
        times = [
            t for team in self.teams
            if qualification in team.qualifications and team.present_on(day) > 0
            and now < (t := team.shifts.next_open(now)) < end
        ]
        return min(times) if times else None

    def release(self, team: Team, need: float, day: int) -> None:
        if team.day == day:
            team.used -= need
        team.used_level.add(-need, self.env.now)
        if team.working:
            team.repace(day)
        waiters, self.waiters = self.waiters, []
        for event in waiters:
            if not event.triggered:
                event.succeed()
