"""Open periods and absences made a block at a time: the same answers as made all at once."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.absence import BLOCK_DAYS, Absence
from sim.calendar import Calendar
from sim.random import generator
from sim.timeline import CHUNK, Timeline, intersection, merged, with_rates
from tests.sim.scenarios import build, centre


def _eager_merge(periods: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The reference: sort everything, then merge what overlaps or touches."""
    out: list[tuple[float, float]] = []
    for start, end in sorted(periods):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _reference(periods: list[tuple[float, float]], t: float) -> tuple[bool, float, float]:
    """(is open, next opening, end of the period) at ``t``, by a linear scan."""
    for start, end in periods:
        if start <= t < end:
            return True, t, end
    later = [start for start, _ in periods if start > t]
    return False, min(later, default=math.inf), t


_periods = st.lists(st.tuples(st.integers(0, 20_000), st.integers(1, 30)), max_size=700).map(
    lambda raw: _eager_merge([(float(s), float(s + d)) for s, d in raw]))


@settings(max_examples=60, deadline=None)
@given(_periods, st.lists(st.floats(-5, 20_100, allow_nan=False), max_size=60))
def test_a_timeline_answers_as_the_whole_list_would_in_any_order_of_questions(periods, times):
    timeline = Timeline(lambda: iter(periods))
    assert list(timeline) == periods
    for t in times + sorted(times):  # forward and back: chunks made again give the same answers
        is_open, next_open, end_of = _reference(periods, t)
        assert timeline.is_open(t) == is_open
        assert timeline.next_open(t) == next_open
        assert timeline.end_of(t) == end_of
    if times:
        first, last = min(times), max(times)
        assert list(timeline.starts_between(first, last)) == [s for s, _ in periods if first <= s < last]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 20)), max_size=80),
       st.lists(st.tuples(st.integers(0, 500), st.integers(0, 20)), max_size=80))
def test_streamed_merging_and_intersecting_equal_the_sorted_lists(a, b):
    first = _eager_merge([(float(s), float(s + d)) for s, d in a])
    second = _eager_merge([(float(s), float(s + d)) for s, d in b])
    both = list(merged(intersection(first, second)))
    # Brute force on a grid of half hours: open in both exactly where the intersection is open.
    for k in range(0, 1042):
        t = k / 2
        in_both = any(s <= t < e for s, e in first) and any(s <= t < e for s, e in second)
        assert in_both == any(s <= t < e for s, e in both), t
    assert all(e1 < s2 for (_, e1), (s2, _) in zip(both, both[1:], strict=False))  # disjoint, not touching


def test_a_long_calendar_keeps_a_few_chunks_however_long_the_horizon():
    scenario = build(centre())
    calendar = Calendar(scenario.calendar, 16 * 8760.0)
    workshop = calendar.functions["workshop"]
    total = sum(1 for _ in workshop)
    assert total > 60 * CHUNK  # 16 years of working days
    assert len(workshop._kept) <= 4
    # A question at the start after the end is answered as before, and so is one at the end.
    assert workshop.next_open(0.0) == 9.0
    last = calendar.open_days("workshop")[-1]
    assert workshop.is_open(last * 24 + 12) and not workshop.is_open(last * 24 + 20)


def test_reading_a_long_timeline_again_from_its_start_makes_the_stream_again_once():
    # At the end of a run, a team's supervisor-hours are summed shift by shift from the start
    # while its presence is looked up a few weeks around each shift, on the timeline the run
    # left at its end. Each reader must make the stream again once, not once per chunk: that
    # was quadratic in the horizon (a 16-year hub spent a third of its time there).
    periods = [(d * 24.0 + 9, d * 24.0 + 17) for d in range(100 * CHUNK)]
    made = []

    def stream():
        made.append(1)
        return iter(periods)

    timeline = Timeline(stream)
    assert timeline.is_open(periods[-1][0] + 1)  # the clock at the end of the run
    made.clear()
    seen = []
    for start, end in timeline:  # summing from the start ...
        seen.append((start, end))
        if len(seen) % 7 == 0:  # ... and looking around the shift now and then
            day = start // 24
            assert list(timeline.starts_between((day - 30) * 24, (day + 30) * 24)) == [
                s for s, _ in periods if (day - 30) * 24 <= s < (day + 30) * 24]
    assert seen == periods
    assert len(made) <= 2
    # Back to the start by lookups alone: one new stream, not one per chunk stepped back.
    assert timeline.is_open(periods[-1][0] + 1)
    made.clear()
    assert timeline.next_open(0.0) == 9.0 and len(made) == 1


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 3 * BLOCK_DAYS), st.integers(1, 2 * BLOCK_DAYS), st.integers(0, 2**32),
       st.floats(0.01, 0.9))
def test_absences_drawn_in_blocks_are_one_draw_over_the_horizon(first, length, seed, chance):
    days = 4 * BLOCK_DAYS
    expected = np.stack([generator(seed, 2, "absence:x", seat).random(days) < chance for seat in range(3)], axis=1)
    absence = Absence(seed, 2, "absence:x", 3, chance)
    last = min(days, first + length)
    assert (absence.days(first, last) == expected[first:last]).all()  # out of order: advanced streams
    assert (absence.days(0, days) == expected).all()
    assert [absence(d, 1) for d in range(days)] == expected[:, 1].astype(int).tolist()


@settings(max_examples=60, deadline=None)
@given(
    periods=st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), min_size=1, max_size=8),
    changes=st.lists(st.tuples(st.integers(1, 600), st.floats(0.0, 5.0)), max_size=4),
)
def test_each_period_carries_the_rate_in_force_and_a_change_cuts_it_at_its_moment(periods, changes) -> None:  # type: ignore[no-untyped-def]
    # Periods as gaps and lengths (so they are sorted and apart); rates from 0, then at each change.
    spans, t = [], 0.0
    for gap, length in periods:
        spans.append((t + gap, t + gap + length))
        t += gap + length
    rates = [(0.0, 1.0)] + sorted({at: rate for at, rate in changes}.items())
    pieces = list(with_rates(spans, rates))
    # The same time, no more, no less, each piece inside one period and one rate's stretch.
    assert sum(e - s for s, e, _ in pieces) == pytest.approx(sum(e - s for s, e in spans))
    for start, end, rate in pieces:
        assert any(s <= start < end <= e for s, e in spans)
        in_force = [r for at, r in rates if at <= start][-1]
        assert rate == in_force
        assert not any(start < at < end for at, _ in rates)


def test_a_period_with_several_changes_inside_is_cut_at_each():
    rates = [(0.0, 1.0), (10.0, 2.0), (20.0, 3.0), (150.0, 4.0)]
    assert list(with_rates([(0.0, 100.0), (120.0, 130.0), (150.0, 160.0)], rates)) == [
        (0.0, 10.0, 1.0), (10.0, 20.0, 2.0), (20.0, 100.0, 3.0), (120.0, 130.0, 3.0), (150.0, 160.0, 4.0)]


def _boundary_periods() -> list[tuple[float, float]]:
    """Four chunks of periods of 1 to 5 h with gaps of 1 to 3 h (the k-th: start 7k, length 1 + k % 5)."""
    return [(7.0 * k, 7.0 * k + 1 + k % 5) for k in range(4 * CHUNK + 3)]


def _edges(periods: list[tuple[float, float]]) -> list[float]:
    """Every start and end, a hair either side of each, and every midpoint: where a < for a <= shows."""
    out = []
    for s, e in periods:
        for t in (s, e):
            out += [math.nextafter(t, -math.inf), t, math.nextafter(t, math.inf)]
        out.append((s + e) / 2)
    return out


def test_lookups_at_every_start_and_end_and_a_hair_either_side_answer_as_the_list_would() -> None:
    periods = _boundary_periods()
    timeline = Timeline(lambda: iter(periods))
    edges = _edges(periods)
    for t in [-1.0, *edges, *reversed(edges), 1e9]:  # forward, then back across every chunk
        is_open, next_open, end_of = _reference(periods, t)
        assert (timeline.is_open(t), timeline.next_open(t), timeline.end_of(t)) == (is_open, next_open, end_of), t
    # A period ends open on its left and closed on its right: [start, end).
    assert timeline.is_open(0.0) and not timeline.is_open(1.0) and timeline.next_open(1.0) == 7.0
    last_start, last_end = periods[-1]
    assert timeline.next_open(last_end) == math.inf and timeline.end_of(last_start) == last_end


def test_each_lookup_alone_finds_its_chunk_at_every_edge_forward_and_back() -> None:
    # Asked one kind of question only (no is_open before it to move to the right chunk), each
    # lookup must find the chunk itself, also exactly at a chunk's first start.
    periods = _boundary_periods()
    edges = _edges(periods)
    for lookup, index in (("is_open", 0), ("next_open", 1), ("end_of", 2)):
        timeline = Timeline(lambda: iter(periods))
        for t in [*edges, *reversed(edges), -1.0]:
            assert getattr(timeline, lookup)(t) == _reference(periods, t)[index], (lookup, t)


def test_open_hours_between_any_two_edges_is_the_overlap_summed() -> None:
    periods = _boundary_periods()
    timeline = Timeline(lambda: iter(periods))
    edges = sorted(set(_edges(periods)))
    assert timeline.open_hours() == sum(e - s for s, e in periods)
    for i in range(0, len(edges), 37):
        for j in range(i, len(edges), 53):
            a, b = edges[i], edges[j]
            expected = sum(max(0.0, min(e, b) - max(s, a)) for s, e in periods)
            assert timeline.open_hours(a, b) == pytest.approx(expected, abs=1e-9), (a, b)
    assert timeline.open_hours(7.0, 7.0) == 0.0 and timeline.open_hours(2.0, 7.0) == 0.0
    assert timeline.open_hours(7.0, 8.0) == 1.0 and timeline.open_hours(-5.0, 0.5) == 0.5


def test_starts_between_includes_its_first_moment_and_excludes_its_last() -> None:
    periods = _boundary_periods()
    timeline = Timeline(lambda: iter(periods))
    starts = [s for s, _ in periods]
    for first, last in ((0.0, 7.0), (7.0, 7.0 * CHUNK), (7.0 * CHUNK, 7.0 * (2 * CHUNK + 1)), (3.0, 1e9),
                        (math.nextafter(7.0, math.inf), 14.0), (7.0 * (4 * CHUNK + 2), 1e9)):
        assert list(timeline.starts_between(first, last)) == [s for s in starts if first <= s < last], (first, last)


def test_merging_joins_touching_periods_only_when_asked_and_drops_empty_ones() -> None:
    periods = [(0.0, 2.0), (2.0, 3.0), (3.0, 3.0), (4.0, 5.0), (4.5, 6.0), (7.0, 6.0)]
    assert list(merged(periods)) == [(0.0, 3.0), (4.0, 6.0)]
    assert list(merged(periods, join_touching=False)) == [(0.0, 2.0), (2.0, 3.0), (4.0, 6.0)]
    assert list(merged([])) == []
    # Intersections that only touch are empty; one that is contained is itself.
    assert list(intersection([(0.0, 2.0)], [(2.0, 4.0)])) == []
    assert list(intersection([(0.0, 10.0)], [(2.0, 3.0), (5.0, 6.0)])) == [(2.0, 3.0), (5.0, 6.0)]


def test_a_change_exactly_at_a_periods_end_or_start_cuts_nothing() -> None:
    periods = [(0.0, 10.0), (20.0, 30.0)]
    assert list(with_rates(periods, [(0.0, 1.0), (10.0, 2.0)])) == [(0.0, 10.0, 1.0), (20.0, 30.0, 2.0)]
    assert list(with_rates(periods, [(0.0, 1.0), (20.0, 2.0)])) == [(0.0, 10.0, 1.0), (20.0, 30.0, 2.0)]
    assert list(with_rates(periods, [(0.0, 1.0), (25.0, 2.0)])) == [(0.0, 10.0, 1.0), (20.0, 25.0, 1.0),
                                                                    (25.0, 30.0, 2.0)]
