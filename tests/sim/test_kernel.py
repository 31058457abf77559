"""The timed callbacks and the run loop on SimPy's kernel: the same events, in the same order, as SimPy."""

from __future__ import annotations

import gc
import math
import random

import pytest
import simpy

from sim import kernel


def _model(env: simpy.Environment, log: list[tuple[float, str]]) -> None:
    """A process, a chain of ticks, timed callbacks and a condition, all logging when they fire."""

    def process():  # type: ignore[no-untyped-def]
        for delay in (1.0, 0.0, 2.5):
            yield env.timeout(delay)
            log.append((env.now, "process"))
        signal = env.event()
        kernel.timer(env, 0.5, lambda _e: signal.succeed())
        yield signal | env.timeout(3.0)
        log.append((env.now, "condition"))

    env.process(process())
    ticks = {"n": 0}

    def tick(_event: object) -> None:
        log.append((env.now, "tick"))
        ticks["n"] += 1
        if ticks["n"] < 4:
            chain.after(1.0)

    chain = kernel.Tick(env, tick)
    kernel.start(env, lambda _e: chain.after(0.0))
    kernel.at(env, 2.0, lambda _e: log.append((env.now, "at 2")))
    kernel.at(env, 10.0, lambda _e: log.append((env.now, "at the horizon")))
    kernel.timer(env, 0.1 + 0.2, lambda _e: log.append((env.now, "timer")))


@pytest.mark.parametrize("until", [3.0, 3.5, 10.0, 12.0])
def test_the_run_loop_fires_what_simpys_run_fires_in_the_same_order_with_the_same_ids(until: float) -> None:
    runs = []
    for use in ("simpy", "kernel"):
        env = simpy.Environment()
        log: list[tuple[float, str]] = []
        _model(env, log)
        if use == "simpy":
            env.run(until=until)
        else:
            kernel.run(env, until)
        runs.append((log, env.now, next(env._eid), sorted((t, p) for t, p, _, _ in env._queue)))
    assert runs[0] == runs[1]
    log, now, _, _ = runs[1]
    assert now == until
    # Nothing at or after the horizon fires (the stop comes first, as in SimPy).
    assert all(t < until for t, _ in log)
    assert (until > 10.0) == any(what == "at the horizon" for _, what in log)


def test_a_run_can_go_on_from_where_it_stopped_as_in_simpy() -> None:
    logs = []
    for use in ("simpy", "kernel"):
        env = simpy.Environment()
        log: list[tuple[float, str]] = []
        _model(env, log)
        for until in (2.0, 5.0, 11.0):
            env.run(until=until) if use == "simpy" else kernel.run(env, until)
        logs.append((log, next(env._eid)))
    assert logs[0] == logs[1]


def test_a_run_must_go_forward_and_a_failed_event_stops_it_with_its_error() -> None:
    env = simpy.Environment()
    kernel.run(env, 1.0)
    with pytest.raises(ValueError, match="must be greater than the current simulation time"):
        kernel.run(env, 1.0)
    failed = env.event()
    failed.fail(KeyError("no such lot"))
    with pytest.raises(KeyError, match="no such lot") as raised:
        kernel.run(env, 5.0)
    assert raised.value is not failed.value and raised.value.__cause__ is failed.value
    assert env.now == 1.0  # it failed when it was processed, at once
    defused = env.event()
    defused.fail(KeyError("handled"))
    defused.defused = True
    kernel.run(env, 6.0)
    assert env.now == 6.0


def test_a_callback_at_a_moment_in_whole_hours_fires_exactly_then() -> None:
    env = simpy.Environment()
    fired: list[float] = []
    kernel.run(env, 0.1 + 0.2)  # a clock at 0.30000000000000004
    kernel.at(env, 0.7, lambda _e: fired.append(env.now))
    tick = kernel.Tick(env, lambda _e: fired.append(env.now))
    tick.at(1.3)
    kernel.run(env, 2.0)
    assert fired == [0.7, 1.3]
    # Dates, period boundaries and week ends are whole hours: reached exactly from any clock.
    rng = random.Random(2)
    for _ in range(2000):
        when = 24.0 * rng.randint(1, 2000)
        now = rng.uniform(0.0, when)
        assert now + (when - now) == when


def _missed(count: int) -> list[tuple[float, float]]:
    """Clock times where the plain difference misses its moment (a moment 1 to 3 times the clock
    away: e.g. at hour 582.48... an arrival due at hour 1,671.67...)."""
    rng = random.Random(11)
    found: list[tuple[float, float]] = []
    while len(found) < count:
        now = rng.uniform(1.0, 20_000.0)
        when = now * rng.uniform(1.0, 3.0)
        if now + (when - now) != when:
            found.append((now, when))
    return found


def test_an_arbitrary_moment_the_clock_cannot_reach_exactly_is_reached_one_step_off() -> None:
    first = (582.4817010808348, 1671.6748629610586)
    assert first[0] + (first[1] - first[0]) == 1671.6748629610584  # one step early
    for now, when in [first, *_missed(300)]:
        # No delay near the difference lands on the moment: nothing better than the plain delay.
        plain = when - now
        near = [plain]
        for direction in (math.inf, -math.inf):
            d = plain
            for _ in range(6):
                d = math.nextafter(d, direction)
                near.append(d)
        assert all(now + d != when for d in near)
        assert abs((now + plain) - when) <= 2 * math.ulp(when)
    for now, when in _missed(20):
        assert _fired_at(now, when) == [now + (when - now)] * 2


def _fired_at(now: float, when: float) -> list[float]:
    """When a callback set at ``now`` for ``when`` fires, through ``at`` and ``Tick.at``."""
    env = simpy.Environment()
    fired: list[float] = []
    kernel.run(env, now)
    kernel.at(env, when, lambda _e: fired.append(env.now))
    kernel.Tick(env, lambda _e: fired.append(env.now)).at(when)
    kernel.run(env, when + 1.0)
    return fired


def test_the_collector_runs_less_often_during_a_run_and_as_before_after_it() -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with kernel.fewer_collections():
        assert gc.get_threshold() == (kernel.COLLECT_EVERY, before[1], before[2])
        assert gc.isenabled()
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), kernel.fewer_collections():
        raise RuntimeError("a run that fails")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen  # nothing frozen: every finished run can be collected

