"""The sampled mutation score (``make mutate-sample``): the draw and the estimate, by hand."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.mutate_sample import draw, estimate, modules, size


def _draw(module: str, mutants: int, killed: int, survived: int, unchecked: int = 0) -> dict[str, object]:
    statuses = {f"{module}_k{i}": "killed" for i in range(killed)}
    statuses |= {f"{module}_s{i}": "survived" for i in range(survived)}
    statuses |= {f"{module}_n{i}": "not checked" for i in range(unchecked)}
    return {"module": module, "mutants": mutants, "statuses": statuses}


def test_the_estimate_weights_each_draw_by_its_mutants_over_its_chance() -> None:
    population = {"a": 100, "b": 300}
    # a: 50 mutants, chance 1/4, weight 200, 3 of 4 killed; b: 300 mutants, chance 3/4, weight 400, all killed.
    draws = [_draw("a", 50, 3, 1), _draw("b", 300, 4, 0, unchecked=2)]
    ratio, low, high, m = estimate(draws, population, {})
    assert m == 2
    assert ratio == pytest.approx((200 * 0.75 + 400 * 1.0) / 600)
    # Linearised: z = w (s - R) / mean weight; the t quantile with 1 degree of freedom is 12.706.
    r = (200 * 0.75 + 400 * 1.0) / 600
    z = [200 * (0.75 - r) / 300, 400 * (1.0 - r) / 300]
    half = 12.7062047 * ((z[0] ** 2 + z[1] ** 2) / 2) ** 0.5
    assert (low, high) == pytest.approx((max(0.0, r - half), min(1.0, r + half)))


def test_listed_equivalent_mutants_and_unchecked_ones_are_not_judged() -> None:
    record = _draw("a", 10, 2, 2, unchecked=3)
    ratio, _, _, _ = estimate([record], {"a": 10}, {"a_s0": "no behaviour changes"})
    assert ratio == pytest.approx(2 / 3)


def test_modules_are_drawn_in_proportion_to_their_size() -> None:
    counts = Counter(draw({"small": 1, "large": 3, "empty": 0}, 4000, seed=5))
    assert "empty" not in counts
    # Binomial(4000, 3/4): sd 27.4; 4 sd either side.
    assert abs(counts["large"] - 3000) < 4 * 27.4
    assert draw({"a": 1, "b": 2}, 10, seed=5) == draw({"b": 2, "a": 1}, 10, seed=5)


def test_the_population_is_every_mutated_module_and_its_size_counts_what_mutmut_changes() -> None:
    found = modules()
    assert "sim/calendar.py" in found and "analysis/economics/booking.py" in found
    assert not any(m.endswith(("__init__.py", "compiled.py")) for m in found)
    assert size("sim/calendar.py") > size("analysis/results/lock.py") > 0


def test_a_campaign_with_more_draws_and_the_same_seed_keeps_the_draws_already_measured(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.mutate_sample import kept_draws

    population = {"a": 1, "b": 2, "c": 3}
    first = draw(population, 3, seed=9)
    assert draw(population, 6, seed=9)[:3] == first  # more draws begin with the same ones
    settings = {"draws": 3, "per_module": 4, "seed": 9, "sizes": population}
    store = tmp_path / "draws.json"
    store.write_text(json.dumps({"settings": settings, "draws": [_draw(m, 5, 1, 0) for m in first]}))
    assert [d["module"] for d in kept_draws(store, {**settings, "draws": 6}, draw(population, 6, seed=9))] == first
    assert kept_draws(store, {**settings, "seed": 10}, draw(population, 6, seed=10)) == []
    assert kept_draws(store, {**settings, "per_module": 5}, first) == []
