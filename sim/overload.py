"""A run that cannot keep up stops with a message, before its queues fill the memory.

A centre that receives far more than it can work through (one worker facing 700,000 lots a week)
is a valid scenario with a plain answer: the queue grows without bound. Simulating it to the end
would keep every waiting lot in memory until the machine runs out. :func:`check` is called once
per sample of the state (never per event, so the engine's hot path is unchanged) and stops the
run with :class:`Overloaded` when more than :data:`MAX_WAITING` lots wait in the steps' queues,
naming the step with the longest queue and its rates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim import text

if TYPE_CHECKING:
    from sim.model import Centre

MAX_WAITING = 200_000
"""Lots waiting in all queues together at which a run stops (a lot takes a few hundred bytes:
this is well under 200 MB; the largest queue in the example scenarios holds a few hundred)."""
HOURS_PER_WEEK = 168.0

N_ = text.N_
MESSAGE = N_("the queue at step '{step}' grows by about {growth} lots a week ({entered} enter a week, {finished} "
             "are finished): the centre cannot keep up. The run stopped after {time} with {waiting} lots waiting; "
             "give the step more people or work places, or let less material in")


class Overloaded(Exception):
    """A run stopped because a queue grows without bound; :meth:`render` says where and how fast."""

    def __init__(self, step: str, growth: float, entered: float, finished: float, weeks: float, waiting: int) -> None:
        super().__init__(step, growth, entered, finished, weeks, waiting)  # picklable: workers send it back
        self.step, self.growth, self.entered, self.finished = step, growth, entered, finished
        self.weeks, self.waiting = weeks, waiting

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str | None) -> str:
        return text.translation(lang).gettext(
            MESSAGE, step=self.step, growth=text.number(round(self.growth), lang),
            entered=text.number(round(self.entered), lang), finished=text.number(round(self.finished), lang),
            time=text.duration(self.weeks * HOURS_PER_WEEK, lang), waiting=text.number(self.waiting, lang))

    def to_json(self, lang: str | None) -> dict[str, Any]:
        """What ``run --format json`` prints instead of metrics."""
        return {"stopped": "queue_grows_without_bound", "step": self.step, "growth_lots_per_week": self.growth,
                "entered_lots_per_week": self.entered, "finished_lots_per_week": self.finished,
                "weeks_simulated": self.weeks, "lots_waiting": self.waiting, "message": self.render(lang)}


def check(centre: Centre) -> None:
    """Raise :class:`Overloaded` when more than :data:`MAX_WAITING` lots wait (once per sample)."""
    waiting = 0
    for step in centre.steps:
        waiting += len(step.queue)
    if waiting <= MAX_WAITING:
        return
    longest = max(centre.steps, key=lambda s: len(s.queue))
    weeks = max(centre.env.now, 1e-9) / HOURS_PER_WEEK
    raise Overloaded(longest.id, len(longest.queue) / weeks, longest.entries / weeks, longest.completions / weeks,
                     weeks, waiting)
