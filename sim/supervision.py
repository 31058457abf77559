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

from typing import TYPE_CHECKING

import numpy as np

from sim.calendar import Intervals
from sim.integral import Level
from sim.scenario.model import SupervisorTeam

if TYPE_CHECKING:
    from sim.model import Centre

EPSILON = 1e-9


class Team:
    """A team of supervisors with the same qualifications and schedule."""

    def __init__(self, team_id: str, spec: SupervisorTeam, shifts: Intervals, present: np.ndarray) -> None:
        self.id = team_id
        self.spec = spec
        self.shifts = shifts
        self.present = present  # bool [day, member]
        self.present_count = present.sum(axis=1).tolist()
        self.qualifications = set(spec.qualifications)
        self.day = -1
        self.used = 0.0
        self.used_level = Level()  # supervision capacity in use (supervisor-hours per hour)
        self.busy_level = Level()  # members doing productive work, each counted by their share
        self.working: list = []  # productive members in their hours now (workforce.PacedWorker)
        # Cumulative supervisor-hours present at the end of each shift, for exact windows.
        starts, ends = np.asarray(shifts.starts), np.asarray(shifts.ends)
        days = (starts // 24).astype(int) if len(starts) else np.zeros(0, dtype=int)
        counts = np.asarray(self.present_count, dtype=float)[days] if len(days) else np.zeros(0)
        self._shift_starts, self._shift_ends, self._shift_counts = starts, ends, counts
        self._cumulative = np.concatenate([[0.0], np.cumsum((ends - starts) * counts)])

    def present_hours_until(self, t: float) -> float:
        """Supervisor-hours present from the start of the run to ``t``."""
        i = int(np.searchsorted(self._shift_ends, t, side="right"))  # shifts wholly before t
        hours = float(self._cumulative[i])
        if i < len(self._shift_starts) and self._shift_starts[i] < t:
            hours += (t - self._shift_starts[i]) * self._shift_counts[i]
        return hours

    def repace(self, day: int) -> None:
        """Supervision took or gave back capacity: members at work go on at their new share."""
        share = self.spare_share(day)
        for worker in self.working:
            worker.repace(share)

    def spare_share(self, day: int) -> float:
        """Share of each present member not used for supervision today (for productive work)."""
        present = self.present_count[day]
        if present <= 0:
            return 0.0
        return max(0.0, self.capacity_left(day) / present)

    def capacity_left(self, day: int) -> float:
        if day != self.day:
            self.day = day
            self.used = 0.0
        return self.present_count[day] - self.used


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
            if qualification in team.qualifications and team.present_count[day] > 0
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
