"""Reading a file is bounded: aliases are measured before anything expands them, and duplicate keys
are found by our code, never by the YAML library's check (which formats the expanded value).

The two files here hung ``ambacht validate`` for minutes at gigabytes of memory before: an alias
bomb under a key that repeats, and an example with anchors where a deleted line made a key repeat.
"""

from __future__ import annotations

import re
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.loader import MAX_NODES, ScenarioError, load_text
from sim.yaml_limits import MAX_DEPTH

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 1.0
"""Processor time a refusal may take (before: minutes). Processor time, not wall time, so that a
busy machine does not fail the test."""
MEGABYTES = 200


def _bomb(levels: int, width: int) -> list[str]:
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"l{k}: &l{k} [{', '.join([f'*l{k - 1}'] * width)}]" for k in range(1, levels)]
    return lines


def refusal(text: str) -> tuple[ScenarioError, float, float]:
    """The error of a refused text, the processor seconds it took and the peak megabytes it
    allocated (measured in a second reading: tracing every allocation slows Python down)."""
    started = time.process_time()
    with pytest.raises(ScenarioError) as error:
        load_text(text, "hostile.yaml")
    seconds = time.process_time() - started
    tracemalloc.start()
    try:
        with pytest.raises(ScenarioError):
            load_text(text, "hostile.yaml")
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return error.value, seconds, peak


def _located(error: ScenarioError) -> tuple[int, str]:
    first = error.render("en").splitlines()[0]
    match = re.match(r"^hostile\.yaml:(\d+):(\d+): ", first)
    assert match, first
    return int(match[1]), first


def test_an_alias_bomb_of_ten_levels_of_ten_under_a_duplicate_key_is_refused_quickly_at_its_line():
    # Ten levels of ten: 10**10 values once expanded, the last level under a key written twice.
    lines = ["name: bomb", *_bomb(9, 10), "centre:", "  payload: &l9 [" + ", ".join(["*l8"] * 10) + "]",
             "  payload: *l9"]
    error, seconds, peak = refusal("\n".join(lines))
    line, first = _located(error)
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)
    # l0 holds 11 values, l1 111, l2 1111, l3 11111, l4 111111: the key l4 (line 6) crosses 50,000.
    assert line == 6 and f"more than {MAX_NODES} values" in first


def test_a_duplicate_key_holding_aliases_is_reported_with_both_lines_and_its_path():
    lines = ["name: centre", "parts: &p {a: [1, 2], b: [3, 4]}", "one:", "  x: *p", "  y: *p", "  x: *p"]
    error, _, _ = refusal("\n".join(lines))
    (problem,) = error.problems
    assert (problem.line, problem.path) == (6, "one.x")
    assert "the key 'x' appears twice in the same block (first on line 4)" in problem.render("en")
    assert "twee keer" in problem.render("nl") or "tweemaal" in problem.render("nl")


def _anchored_example() -> str:
    """An example scenario with anchors: a nested list written once at the top (nine levels of ten)
    and used under every step, and the line naming the second step deleted, so that the first
    step's keys repeat: the repeated key holds the alias."""
    text = (ROOT / "scenarios" / "kernteam-start.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("steps:")
    steps = [i for i in range(start + 1, len(lines)) if re.match(r"^  [a-z_]+:\s*$", lines[i])]
    assert len(steps) >= 2
    for i in reversed(steps):
        lines.insert(i + 1, "    shared: *l8")
    del lines[steps[1] + 1]  # the second step's name (one line further down: one line was added above it)
    return "\n".join(_bomb(9, 10) + lines)


def test_an_example_with_anchors_whose_key_repeats_after_a_deleted_line_is_refused_quickly():
    text = _anchored_example()
    assert text.count("shared: *l8") >= 2
    error, seconds, peak = refusal(text)
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)
    line, first = _located(error)
    assert line == 5 and f"more than {MAX_NODES} values" in first  # l4, the first file line


def test_a_repeated_key_is_found_by_our_check_with_the_librarys_own_off():
    # Within the size limit, the same file (three levels of ten) gets the duplicate reported by us.
    lines = ["name: centre", *_bomb(3, 10), "steps:", "  a:", "    shared: *l2", "    shared: *l2"]
    error, seconds, _ = refusal("\n".join(lines))
    assert seconds < SECONDS
    (problem,) = error.problems
    assert (problem.line, problem.path) == (8, "steps.a.shared")
    assert "appears twice in the same block (first on line 7)" in problem.render("en")


@st.composite
def alias_trees(draw: st.DrawFn) -> str:
    """A YAML text of anchors that use earlier anchors: random depth, width, kinds and merge keys,
    often ending under a key written twice."""
    levels = draw(st.integers(1, 14))
    lines = ["name: tree"]
    for k in range(levels):
        width = draw(st.integers(1, 12))
        parts = []
        for _ in range(width):
            earlier = draw(st.integers(-1, k - 1))
            parts.append(f"*t{earlier}" if earlier >= 0 else draw(st.sampled_from(["lol", "1 h", "[1, 2]", "{a: 1}"])))
        if draw(st.booleans()):
            body = "[" + ", ".join(parts) + "]"
        else:
            merge = [p for p in parts if p.startswith("*")] if draw(st.booleans()) else []
            pairs = [f"k{j}: {p}" for j, p in enumerate(parts)]
            if merge:
                pairs.insert(0, "<<: [" + ", ".join(merge[:3]) + "]")
            body = "{" + ", ".join(pairs) + "}"
        nested = draw(st.integers(0, 3))  # written inside a few levels of mappings
        lines += [("  " * i) + f"n{k}_{i}:" for i in range(nested)] + [("  " * nested) + f"t{k}: &t{k} {body}"]
    if draw(st.booleans()):
        last = levels - 1
        lines += [f"repeated: *t{last}", f"repeated: *t{last}"]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(alias_trees())
def test_alias_trees_of_any_shape_are_read_in_bounded_time_and_memory(text):
    error, seconds, peak = refusal(text)  # none of these is a scenario: each is refused
    assert seconds < SECONDS and peak < MEGABYTES, (seconds, peak)
    line, _ = _located(error)
    assert line >= 1


def test_an_alias_nested_deeper_than_the_limit_once_expanded_is_refused():
    # Each line is shallow as written; expanded, every alias adds a level.
    lines = ["name: deep", "d0: &d0 [x]"] + [f"d{k}: &d{k} [*d{k - 1}]" for k in range(1, MAX_DEPTH + 5)]
    error, seconds, _ = refusal("\n".join(lines))
    assert seconds < SECONDS
    assert f"more than {MAX_DEPTH} levels" in error.render("en")
