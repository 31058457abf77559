"""Mutated example scenarios: refused with a located message, or run to finite results.

The strategies and the check are in tests/fuzz.py; ``make fuzz`` runs a longer campaign of the
same mutations outside the suite.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.fuzz import SEEDS, check, mutate, plans, seed_text

TEXTS = [seed_text(p) for p in SEEDS]
REFUSAL_SECONDS = 10.0
"""Not a performance limit: a refusal that takes this long means the loader ran away (a hang)."""


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plans())
def test_a_mutated_scenario_is_refused_cleanly_or_runs_to_finite_results(plan):
    index, mutations = plan
    outcome = check(mutate(TEXTS[index], mutations))  # raises on a traceback, NaN or unlocated message
    if not outcome.accepted:
        assert outcome.seconds < REFUSAL_SECONDS, f"refusal took {outcome.seconds:.1f} s"


def test_every_seed_file_is_accepted_and_runs():
    for text in TEXTS:
        outcome = check(text)
        assert outcome.accepted and outcome.detail != "not run"
