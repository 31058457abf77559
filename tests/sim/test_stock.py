"""Stock as batches in flat arrays: oldest first, whatever was taken before."""

from __future__ import annotations

from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from sim.stock import Batches


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0.5, 50.0)), max_size=1500))
def test_batches_come_out_oldest_first_as_from_a_queue_of_records(steps):
    # None takes the oldest batch; a number puts a new batch in (quantity, its kg, time, stream).
    batches, reference = Batches(), deque()
    for i, step in enumerate(steps):
        if step is None:
            if reference:
                assert batches.popleft() == reference.popleft()[:3]
        else:
            batches.append(step, step / 3, float(i), i % 4)
            reference.append((step, step / 3, i % 4, float(i)))  # as popleft gives them, then the time
        assert len(batches) == len(reference)
        if reference:
            assert batches.since[batches.head] == reference[0][3]
    assert list(batches.kg()) == [q * k for q, k, _, _ in reference]
    assert len(batches.since) <= max(512, 2 * len(reference) + 2)  # what was taken is let go
