"""Processing steps, routes and the lots that move through them.

Items are not processes: a lot is a small record that waits in a step's queue until a worker
pulls it. Bulk material moves in lots of many kg; countable goods one per lot.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sim.integral import Level
from sim.random import Sampler, Uniforms

if TYPE_CHECKING:
    from sim.model import Centre

# Route ends that are not products.
RECYCLING, WASTE, LEAVES = -1, -2, -3
SINK_CODES = {"recycling": RECYCLING, "waste": WASTE, "leaves": LEAVES}


class Lot:
    """Material moving through the chain: one item, or a lot of bulk material."""

    __slots__ = ("stream", "kg", "units", "route", "position", "enqueued", "remaining", "listed", "in_storage",
                 "work", "luck")

    def __init__(self, stream: int, kg: float, units: float, route: int) -> None:
        self.stream = stream
        self.kg = kg
        self.units = units
        self.route = route
        self.position = 0
        self.enqueued = 0.0
        self.remaining = -1.0  # work content left, in hours for a trained worker; -1 = not started
        self.listed = False
        self.in_storage = False
        # Drawn when the lot arrives (or is sent down a failure route), per position on its route:
        # its work content per unit and, at steps with a success chance, its chance. Lots arrive
        # in an order no head count or work place changes, so a lot keeps its own draws when the
        # centre around it changes (common random numbers per lot).
        self.work: list[float] = NO_DRAWS
        self.luck: list[float] = NO_DRAWS


NO_DRAWS: list[float] = []


class Route:
    """Steps in order and where the material goes after them."""

    __slots__ = ("id", "steps", "ends", "work", "luck", "first")

    def __init__(self, route_id: str, steps: list[int], ends: list[tuple[int, float]]) -> None:
        self.id = route_id
        self.steps = steps
        # Destinations as (code, share of mass): a product index >= 0, or a sink code < 0.
        self.ends = ends
        # Per stream index, a draw of work content for each position on the route (``float``,
        # i.e. 0.0, where no work is drawn per lot, e.g. an assembly step), and a draw of luck
        # for each position (1.0 where the step cannot fail; None when no step of the route
        # can). Set by :meth:`plan_draws`, called by :meth:`Flow.draw`.
        self.work: list[list[Callable[[], float]]] = []
        self.luck: list[Callable[[], float]] | None = None
        self.first: Step | None = None  # the first step, None for a route without steps

    def plan_draws(self, steps: list[Step], n_streams: int) -> None:
        """Which draws a lot on this route takes when it arrives (see :meth:`Flow.draw`)."""
        here = [steps[i] for i in self.steps]
        self.first = here[0] if here else None
        self.work = [[(step.work[k] if step.units_per_product == 1 else None) or float for step in here]
                     for k in range(n_streams)]
        if any(step.success < 1.0 for step in here):
            self.luck = [step.uniforms if step.success < 1.0 else _certain for step in here]


def _certain() -> float:
    return 1.0


class Step:
    """A processing step's state: its queue, work places in use, and counters."""

    __slots__ = (
        "index", "id", "skill", "places", "busy", "queue", "queue_level", "busy_level",
        "units_per_product", "work", "success", "on_failure", "lists_online",
        "wait_sum", "first_wait_sum", "waits", "entries", "completions", "failures", "uniforms", "able_level",
        "buffer", "blocked", "place_refusals",
    )

    def __init__(self, index: int, step_id: str, skill: int, places: int, units_per_product: int,
                 work: list[Sampler | None], success: float, on_failure: int,
                 lists_online: bool, uniforms: Uniforms, buffer: int = 1 << 30) -> None:
        self.index = index
        self.id = step_id
        self.skill = skill
        self.places = places
        self.busy = 0
        self.queue: deque[Lot] = deque()
        self.queue_level = Level()
        self.busy_level = Level()
        self.units_per_product = units_per_product
        self.work = work  # per stream index
        self.success = success
        self.on_failure = on_failure  # route index, or RECYCLING / WASTE
        self.lists_online = lists_online
        self.wait_sum = 0.0  # hours lots spent in the queue, paused time included (Little's law)
        self.first_wait_sum = 0.0  # hours from entering the queue to the first start only
        self.waits = 0
        self.entries = 0
        self.completions = 0
        self.failures = 0
        # Times lots waiting here for a place met a worker who could have used one more: a worker
        # looking for work passed the step because every place was taken (and took other work or
        # stood idle), or a lot came to the full step while a worker stood idle.
        self.place_refusals = 0
        self.uniforms = uniforms
        # Workers who could be at work here now: present people with the skill, at most the places.
        self.able_level = Level()
        self.buffer = buffer  # lots that may wait in the queue when they come from another step
        # Finished lots of earlier steps waiting for room in this queue, each with the step whose
        # work place it still holds.
        self.blocked: deque[tuple[Lot, Step]] = deque()

    def ready(self) -> bool:
        """A worker could start here now (a paused lot at the front resumes on its own)."""
        queue = self.queue
        return bool(queue) and self.busy < self.places and (
            len(queue) >= self.units_per_product or queue[0].remaining >= 0
        )


class Flow:
    """Moves lots between queues, workers and destinations: the engine's hot path."""

    def __init__(self, centre: Centre) -> None:
        self.centre = centre
        self.env = centre.env
        self.steps: list[Step] = centre.steps
        self.routes: list[Route] = centre.routes
        self.idle: list[deque[Any]] = [deque() for _ in range(centre.n_skills)]
        self.present_by_skill = [0] * centre.n_skills  # people present (able to work) per skill
        self.steps_by_skill: list[list[Step]] = [[] for _ in range(centre.n_skills)]
        for step in self.steps:
            self.steps_by_skill[step.skill].append(step)
        self.storage = [stream.storage for stream in centre.streams]  # kg waiting per stream
        self.in_progress_kg = 0.0
        self.recycled_kg = 0.0
        self.wasted_kg = 0.0
        self.left_kg = 0.0
        self.market: Any = None  # the centre's market, set when it is made

    def draw(self, lot: Lot) -> None:
        """Draw the lot's work content and chances for every position of its (new) route."""
        route = self.routes[lot.route]
        lot.work = [draw() for draw in route.work[lot.stream]]
        luck = route.luck
        if luck is not None:
            lot.luck = [draw() for draw in luck]

    def enqueue(self, lot: Lot, step: Step, now: float) -> None:
        """The lot joins ``step``'s queue; an idle worker is called if it can start on it."""
        if self.enter(lot, step, now):
            self.wake(step.skill)

    def enter(self, lot: Lot, step: Step, now: float) -> bool:
        """The lot joins ``step``'s queue: whether a worker could start on it now."""
        step.queue_level.add(1, now)
        step.queue.append(lot)
        lot.enqueued = now
        step.entries += 1
        if step.busy >= step.places and any(worker.waiting for worker in self.idle[step.skill]):
            step.place_refusals += 1  # a worker stands idle while this lot waits for a place
        return step.ready()

    def present(self, skills: list[int], change: int, now: float) -> None:
        """A person with ``skills`` comes (``change`` 1) or goes (-1): who could work where."""
        counts = self.present_by_skill
        for skill in skills:
            n = counts[skill] = counts[skill] + change
            for step in self.steps_by_skill[skill]:
                able = n if n < step.places else step.places
                level = step.able_level
                if able != level.value:
                    level.add(able - level.value, now)

    def set_places(self, step: Step, places: int, now: float) -> None:
        """``step`` has ``places`` work places from now (a dated change): who could work there, and
        a worker called for each new place while there is work."""
        added = places - step.places
        step.places = places
        present = self.present_by_skill[step.skill]
        able = present if present < places else places
        if able != step.able_level.value:
            step.able_level.add(able - step.able_level.value, now)
        for _ in range(max(0, added)):
            if step.ready():
                self.wake(step.skill)

    def can_start_now(self, step: Step) -> bool:
        """A worker is waiting for work at ``step`` and a place is free for one more lot."""
        if step.units_per_product > 1 or step.busy + len(step.queue) >= step.places:
            return False
        return any(worker.waiting for worker in self.idle[step.skill])

    def call_for(self, steps: Sequence[Step]) -> None:
        """Wake a worker for each of ``steps`` that still has work ready."""
        for step in steps:
            if step.ready():
                self.wake(step.skill)

    def wake(self, skill: int) -> None:
        """Wake one idle worker who has ``skill``."""
        idle = self.idle[skill]
        while idle:
            worker = idle.popleft()
            if worker.waiting:
                worker.waiting = False
                worker.rouse()
                return

    def pull(self, steps: list[Step], now: float) -> tuple[Lot, Step] | None:
        """The next lot for a worker who can do ``steps`` (in priority order), or None."""
        for step in steps:
            queue = step.queue
            if not queue:
                continue
            if step.busy >= step.places:
                step.place_refusals += 1  # lots wait for a place: this worker could have used one
                continue
            lot = queue[0]
            n = 1 if lot.remaining >= 0 else step.units_per_product  # a paused lot resumes alone
            if n > 1 and len(queue) < n:
                continue
            step.queue_level.add(-n, now)
            queue.popleft()
            if step.blocked:
                self._admit(step, now)
            if lot.remaining < 0:
                self._start(lot, step, now)
            else:
                step.wait_sum += now - lot.enqueued  # a paused lot's night in the queue is waiting too
            if n > 1:
                lot = self._assemble(lot, [queue.popleft() for _ in range(n - 1)], step, now)
            step.busy += 1
            step.busy_level.add(1, now)
            self.in_progress_kg += lot.kg
            return lot, step
        return None

    def _start(self, lot: Lot, step: Step, now: float) -> None:
        wait = now - lot.enqueued
        step.wait_sum += wait
        step.first_wait_sum += wait
        step.waits += 1
        if step.units_per_product == 1:  # assembled products get their work drawn once, below
            lot.remaining = lot.work[lot.position] * lot.units
        else:
            lot.remaining = 0.0
        if lot.in_storage:
            lot.in_storage = False
            self.storage[lot.stream].add(-lot.kg, now)

    def _assemble(self, first: Lot, others: list[Lot], step: Step, now: float) -> Lot:
        """Upcycling: several lots of material become one product."""
        for lot in others:
            if lot.remaining < 0:
                self._start(lot, step, now)
            first.kg += lot.kg
            first.listed = first.listed and lot.listed
        sampler = step.work[first.stream]
        first.units = 1.0
        first.remaining = sampler() if sampler is not None else 0.0
        return first

    def pause(self, lot: Lot, step: Step, done: float) -> None:
        """The shift ends mid-task: the lot goes back to the front of the queue."""
        now = self.env._now
        lot.remaining = max(lot.remaining - done, 0.0)
        lot.enqueued = now
        step.busy -= 1
        step.busy_level.add(-1, now)
        self.in_progress_kg -= lot.kg
        step.queue_level.add(1, now)
        step.queue.appendleft(lot)
        self.wake(step.skill)

    def finish(self, lot: Lot, step: Step, now: float) -> Sequence[Step]:
        """The worker is done with the lot at ``step``: on to the next step, or out of the chain.

        Returns the next step when the lot made work ready there: its call for a worker waits
        until the worker who finished has chosen its next task (it would often take the lot itself).
        """
        step.completions += 1
        lot.remaining = -1.0
        if step.lists_online:
            lot.listed = True
        if step.success < 1.0 and lot.luck[lot.position] >= step.success:
            step.failures += 1
            if step.on_failure >= 0:
                route = self.routes[step.on_failure]
                lot.route = step.on_failure
                lot.position = 0
                self.draw(lot)
            else:
                self._release(lot, step, now)
                self.end(lot, [(step.on_failure, 1.0)], now)
                return NOTHING
        else:
            route = self.routes[lot.route]
            lot.position += 1
        following = None
        if lot.position < len(route.steps):
            following = self.steps[route.steps[lot.position]]
            if len(following.queue) >= following.buffer:
                # No room in the next step's buffer: the lot keeps its work place here, no
                # longer worked on (so not busy: utilisation stays within the people present).
                step.busy_level.add(-1, now)
                following.blocked.append((lot, step))
                return NOTHING
        self._release(lot, step, now)
        if following is not None:
            return (following,) if self.enter(lot, following, now) else NOTHING
        self.end(lot, route.ends, now)
        return NOTHING

    def _release(self, lot: Lot, step: Step, now: float) -> None:
        """The lot leaves its work place at ``step``."""
        step.busy -= 1
        step.busy_level.add(-1, now)
        self.in_progress_kg -= lot.kg
        if step.places < INFINITE_PLACES and step.ready():
            # A work place came free: someone idle for lack of a place may start. (With
            # unlimited places nobody with this skill is idle while lots wait: no call needed.)
            self.wake(step.skill)

    def _admit(self, step: Step, now: float) -> None:
        """Room came free in ``step``'s buffer: blocked lots move in, freeing their work places."""
        blocked = step.blocked
        while blocked and len(step.queue) < step.buffer:
            lot, held = blocked.popleft()
            held.busy -= 1  # the work place it kept at the earlier step comes free
            self.in_progress_kg -= lot.kg
            if held.places < INFINITE_PLACES and held.ready():
                self.wake(held.skill)
            self.enqueue(lot, step, now)

    def end(self, lot: Lot, ends: list[tuple[int, float]], now: float) -> None:
        """The lot leaves the chain: into stock of a product, recycling, waste, or simply out."""
        for code, share in ends:
            kg = lot.kg * share
            if code >= 0:
                self.market.add_stock(code, lot, share, now)
            elif code == RECYCLING:
                self.recycled_kg += kg
                self.centre.streams[lot.stream].recycled_kg += kg  # rare: most lots end in stock
            elif code == WASTE:
                self.wasted_kg += kg
            else:
                self.left_kg += kg

    def queued_kg(self) -> float:
        return sum(lot.kg for step in self.steps for lot in step.queue)


INFINITE_PLACES = 1 << 30
NOTHING: tuple[Step, ...] = ()
