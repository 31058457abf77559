"""An existing centre's state as the start of a run: placed exactly, checked at load, and a run
from it goes on like the run it was taken from."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from analysis.statistics.stats import estimate
from sim.loader import ScenarioError, load_text, validate
from sim.model import Centre
from sim.run import run_replication
from sim.start_state import end_state
from tests.sim.scenarios import centre

WARM_UP_WEEKS = 4
HALF_WEEKS = 24
REPLICATIONS = 20
START = dt.date(2026, 1, 5)


def _state_at(weeks: int, replication: int = 0) -> tuple[dict, Centre]:
    data = centre(**{"experiment.horizon": f"{weeks} weeks"})
    model = Centre(validate(data, "test"), seed=3, replication=replication)
    model.env.run(until=weeks * 168.0)
    return end_state(model), model


def _from_state(state: dict, weeks_later: int, horizon_weeks: int) -> dict:
    return centre(**{
        "calendar.start_date": (START + dt.timedelta(weeks=weeks_later)).isoformat(),
        "experiment.start": "state", "experiment.warm_up": None, "experiment.horizon": f"{horizon_weeks} weeks",
        "start_state": state,
    })


def test_a_state_taken_from_a_run_is_placed_exactly_in_a_new_one() -> None:
    state, before = _state_at(WARM_UP_WEEKS + HALF_WEEKS)
    after = Centre(validate(_from_state(state, WARM_UP_WEEKS + HALF_WEEKS, HALF_WEEKS), "test"), seed=9, replication=0)
    # Stock and waiting work are there before anything happens (a partner's order at 0 takes stock).
    for old, new in zip(before.steps, after.steps, strict=True):
        assert len(new.queue) == len(old.queue) and sum(lot.units for lot in new.queue) == sum(lot.units for lot in old.queue)
    for old_product, new_product in zip(before.products, after.products, strict=True):
        assert new_product.level.value == pytest.approx(old_product.level.value)
    after.env.run(until=1e-6)  # the people take their places
    pool = next(p for p in after.pools if p.id == "deelnemers")
    old_pool = next(p for p in before.pools if p.id == "deelnemers")
    assert pool.filled.value == old_pool.filled.value == len(state["participants"]["deelnemers"])
    # Material waiting at a stream's first step is in its storage.
    assert after.streams[0].storage.value > 0 or not state["waiting"].get("sorteren")


def test_a_run_from_a_state_goes_on_like_the_second_half_of_one_longer_run() -> None:
    """Replication r of the long run and a run from the state where replication r of a run as
    long as its first half ended: the same distribution of states, so the same statistics."""
    whole = centre(**{"experiment.horizon": f"{WARM_UP_WEEKS + 2 * HALF_WEEKS} weeks",
                      "experiment.warm_up": f"{WARM_UP_WEEKS + HALF_WEEKS} weeks"})
    second_half = validate(whole, "test")
    a = [run_replication(second_half, r, seed=21).metrics for r in range(REPLICATIONS)]
    b = []
    for r in range(REPLICATIONS):
        state, _ = _state_at(WARM_UP_WEEKS + HALF_WEEKS, r)
        from_state = validate(_from_state(state, WARM_UP_WEEKS + HALF_WEEKS, HALF_WEEKS), "test")
        b.append(run_replication(from_state, r, seed=22).metrics)
    for name in ("impact.kg_reused", "economics.revenue", "pools.deelnemers.hours_worked",
                 "steps.schoonmaken.queue_mean", "products.meubel.stock_mean", "outflow"):
        ea = estimate([_outflow(m) if name == "outflow" else m[name] for m in a])
        eb = estimate([_outflow(m) if name == "outflow" else m[name] for m in b])
        # The two intervals overlap: the same centre, measured over the same weeks of the year.
        assert ea.low <= eb.high and eb.low <= ea.high, (name, ea, eb)


def test_a_run_from_an_empty_centre_does_not_go_on_like_that_run() -> None:
    """The check above can fail: in a centre that opens on that day nobody finishes a 26-week
    trajectory within 24 weeks, while a running centre's people do all the time."""
    whole = centre(**{"experiment.horizon": f"{WARM_UP_WEEKS + 2 * HALF_WEEKS} weeks",
                      "experiment.warm_up": f"{WARM_UP_WEEKS + HALF_WEEKS} weeks"})
    opening = centre(**{"calendar.start_date": (START + dt.timedelta(weeks=WARM_UP_WEEKS + HALF_WEEKS)).isoformat(),
                        "experiment.start": "opening", "experiment.warm_up": None,
                        "experiment.horizon": f"{HALF_WEEKS} weeks"})
    a = [run_replication(validate(whole, "test"), r, seed=21).metrics for r in range(REPLICATIONS)]
    b = [run_replication(validate(opening, "test"), r, seed=22).metrics for r in range(REPLICATIONS)]
    ea, eb = estimate([_outflow(m) for m in a]), estimate([_outflow(m) for m in b])
    assert eb.mean == 0 and ea.low > 3


def _outflow(metrics: dict[str, float]) -> float:
    return sum(metrics[f"pools.deelnemers.outflow_to_{d}"] for d in ("job", "education", "other"))


def _load(state: dict, **extra: object) -> str:
    data = centre(**{"experiment.start": "state", "experiment.warm_up": None, "start_state": state, **extra})
    return json.dumps(data, indent=1)


@pytest.mark.parametrize(("state", "expected"), [
    ({"participants": {"deelnemer": ["2 months"]}}, "did you mean"),
    ({"participants": {"deelnemers": ["1 month"] * 7}}, "7 people listed, but the pool has 6 places"),
    ({"stock": {"tafel": [{"units": 3, "age": "2 weeks"}]}}, "unknown product 'tafel'"),
    ({"waiting": {"repareren": {"textiel": 3}}}, "unknown stream 'textiel'"),
    ({"waiting": {"demonteren": {"meubels": 3}}}, None),  # failed repairs wait there: accepted
    ({"stock": {"meubel": [{"units": -1}]}}, "start_state.stock.meubel.0.units"),
])
def test_a_state_that_does_not_fit_the_scenario_is_refused_at_its_line(state: dict, expected: str | None) -> None:
    if expected is None:
        load_text(_load(state), "state.yaml")
        return
    with pytest.raises(ScenarioError) as error:
        load_text(_load(state), "state.yaml")
    message = error.value.render("en")
    assert "state.yaml:" in message and expected in message, message


def test_a_state_needs_a_state_start_and_the_other_way_round() -> None:
    with pytest.raises(ScenarioError) as error:
        load_text(json.dumps(centre(start_state={"stock": {}}), indent=1), "state.yaml")
    assert "experiment.start: state" in error.value.render("en")
    with pytest.raises(ScenarioError) as error:
        load_text(json.dumps(centre(**{"experiment.start": "state", "experiment.warm_up": None}), indent=1), "s.yaml")
    assert "needs a start_state section" in error.value.render("en")
