"""Determinism and common random numbers."""

from __future__ import annotations

import json

import pytest

from sim.run import run_replication
from tests.sim.scenarios import build, centre, over_window


def as_json(result) -> str:
    return json.dumps(result.to_dict(timing=False), sort_keys=True)


def test_same_scenario_and_seed_give_identical_results():
    scenario = build(centre())
    assert as_json(run_replication(scenario, 2)) == as_json(run_replication(scenario, 2))


def test_other_seed_or_replication_gives_other_results():
    scenario = build(centre())
    base = run_replication(scenario, 0).metrics["impact.kg_in"]
    assert run_replication(scenario, 1).metrics["impact.kg_in"] != base
    assert run_replication(scenario, 0, seed=99).metrics["impact.kg_in"] != base


def test_sources_share_random_numbers_across_scenarios():
    # Changing the market leaves the material arrivals untouched: common random numbers.
    a = run_replication(build(centre()), 0).metrics
    b = run_replication(build(centre(**{"market.shop.customers": "100 per week"})), 0).metrics
    assert a["impact.kg_in"] == b["impact.kg_in"]
    assert a["shop.units_sold"] != b["shop.units_sold"]


def test_result_carries_provenance_and_series():
    result = run_replication(build(centre()), 0)
    data = result.to_dict()
    assert data["scenario"] == "test centre" and len(data["scenario_hash"]) == 12
    assert data["seed"] == 3 and data["version"]
    times = data["series"]["time"]
    assert times[1] - times[0] == 24.0  # the default sampling interval is one day
    assert len(data["series"]["queue.sorteren"]) == len(times)
    assert result.events > 0


def test_the_last_sample_holds_the_state_not_zeros():
    result = run_replication(build(centre(**{"materials.meubels.arrivals.rate": "400 per week"})), 0)
    assert result.series["time"][-1] < 26 * 168
    assert result.series["storage_kg.meubels"][-1] > 0


def test_supervisor_hours_count_to_the_hour():
    # A horizon that ends mid-day counts the supervisor's hours of that day so far.
    m = run_replication(build(centre(**{"experiment.horizon": "20 h", "experiment.warm_up": "0 h"})), 0).metrics
    assert over_window(m, "supervisors.begeleiders.present_hours") == pytest.approx(8)  # Monday 09:00-17:00
    assert 0 < m["supervisors.begeleiders.utilisation"] <= 1


def test_adding_a_person_leaves_everyone_elses_draws_unchanged():
    # Common random numbers per seat: a head-count comparison changes nothing for the others.
    from sim.model import Centre

    small = Centre(build(centre()), 3, 1)
    large = Centre(build(centre(**{"workforce.deelnemers.people": 9, "supervisors.begeleiders.people": 2})), 3, 1)
    (pool_s, *_), (pool_l, *_) = small.pools, large.pools
    days = small.calendar.days
    absent_s, absent_l = pool_s.absent.days(0, days), pool_l.absent.days(0, days)
    assert absent_s.any() and absent_s.shape[1] == 6 and absent_l.shape[1] == 9
    assert (absent_s == absent_l[:, :6]).all()
    team_s, team_l = small.teams[0], large.teams[0]
    assert [team_s.is_present(d, 0) for d in range(days)] == [team_l.is_present(d, 0) for d in range(days)]
    for seat_s, seat_l in zip(pool_s.seats, pool_l.seats[:6], strict=True):
        assert [seat_s.trajectory() for _ in range(3)] == [seat_l.trajectory() for _ in range(3)]
        assert [seat_s.chances() for _ in range(3)] == [seat_l.chances() for _ in range(3)]
        assert [seat_s.refill() for _ in range(3)] == [seat_l.refill() for _ in range(3)]
    # ... while the seats themselves differ from each other.
    assert not (absent_l[:, 0] == absent_l[:, 1]).all()


def test_adding_a_product_to_the_shop_leaves_the_other_products_demand_unchanged():
    a = run_replication(build(centre()), 0).metrics
    extra = {"products.stoel": {"price": "10 EUR"}, "market.shop.demand.stoel": {"probability": 0.3}}
    b = run_replication(build(centre(**extra)), 0).metrics
    assert b["products.stoel.sold"] == 0
    assert a["products.meubel.sold_shop"] == b["products.meubel.sold_shop"]


@pytest.mark.source_engine
def test_a_lot_keeps_its_work_content_and_chances_when_the_staffing_changes(monkeypatch):
    # Common random numbers per lot: with more hands the lots start in another order, yet the
    # n-th lot to arrive gets the same work content at each step and the same luck at repair.
    # (A lot sent down a failure route draws for that route when it fails.)
    from sim.steps import NO_DRAWS, Flow

    def lots(**changes) -> list[tuple[int, list[float], list[float]]]:
        seen: list[tuple[int, list[float], list[float]]] = []
        original = Flow.draw

        def draw(self, lot):
            arriving = lot.work is NO_DRAWS
            original(self, lot)
            if arriving:
                seen.append((lot.route, list(lot.work), list(lot.luck)))

        monkeypatch.setattr(Flow, "draw", draw)
        run_replication(build(centre(**{"experiment.horizon": "8 weeks", **changes})), 0)
        monkeypatch.undo()
        return seen

    base = lots()
    more = lots(**{"workforce.deelnemers.people": 12, "workforce.reparateurs.people": 4})
    first = [lot for lot in base if lot[2]]  # routes through a step that can fail
    assert len(base) > 100 and first
    n = min(len(base), len(more))
    assert base[:n] == more[:n]
    # The draws are real draws: they differ from lot to lot.
    assert len({lot[1][-1] for lot in base}) > len(base) / 2


def test_long_runs_keep_series_short_unless_the_file_sets_the_interval():
    # Memory flat in the horizon: unset, a 16-year run is sampled every 6 days (at most 1,000
    # samples per series); a year keeps its daily samples; an interval the file sets is kept.
    sixteen = build(centre(**{"experiment.horizon": "16 years"})).experiment
    assert sixteen.sampling_interval == 6 * 24.0
    assert sixteen.horizon / sixteen.sampling_interval <= 1000
    assert build(centre(**{"experiment.horizon": "1 year"})).experiment.sampling_interval == 24.0
    daily = build(centre(**{"experiment.horizon": "16 years", "experiment.sampling_interval": "1 day"}))
    assert daily.experiment.sampling_interval == 24.0


def test_a_generator_made_when_first_drawn_from_gives_the_same_numbers():
    from sim.random import generator, lazy_generator

    eager, lazy = generator(7, 2, "work:s:items", 3), lazy_generator(7, 2, "work:s:items", 3)
    assert list(lazy.random(5)) == list(eager.random(5))
    assert list(lazy.exponential(2.0, 4)) == list(eager.exponential(2.0, 4))
