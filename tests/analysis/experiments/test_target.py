"""Target search: the cheapest staffing that meets a promise, sure at the stated confidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.experiments.sweeps import SweepError, parse_requirement
from analysis.experiments.target import Candidate, search
from analysis.experiments.target_run import find_target
from tests.analysis.helpers import write_scenario


def test_target_finds_the_cheapest_staffing_that_keeps_the_promise(tmp_path):
    # Orders of 40 pieces every two weeks, promised within a week; the shop competes for stock.
    scenario = write_scenario(tmp_path / "c.yaml", **{
        "experiment.horizon": "20 weeks", "experiment.warm_up": "4 weeks",
        "market.contracts.hotel.quantity": 40, "materials.meubels.arrivals.rate": "100 per week", "market.contracts.hotel.interval": "2 weeks",
        "market.contracts.hotel.promised_lead_time": "1 week", "market.shop.customers": "200 per week",
        "workforce.deelnemers.trajectory": None, "workforce.reparateurs.people": 0,
        "steps.repareren.skill": "sorteren", "workforce.reparateurs.skills": ["sorteren"],
    })
    out = tmp_path / "t"
    found = find_target(scenario, {"workforce.deelnemers.people": [1, 2, 3, 4, 5], "supervisors.begeleiders.people": [1]},
                        "contracts.hotel.on_time_share >= 0.8", "economics.costs", initial=4, max_replications=16,
                        out=out)
    assert found.folder == out
    frontier = pd.read_csv(out / "frontier.csv")
    chosen = frontier[frontier["chosen"]]
    assert len(chosen) == 1
    people = int(chosen["workforce.deelnemers.people"].iloc[0])
    # Every cheaper option is shown not to meet the promise (or stays unsure at the maximum).
    cheaper = frontier[frontier["cost"] < float(chosen["cost"].iloc[0])]
    assert (cheaper["verdict"] != "feasible").all()
    assert (cheaper["workforce.deelnemers.people"] < people).all()
    # Options with every run on time are sure only once the runs are enough: 16 runs bound the
    # share below by 0.05 ** (1 / 16) = 0.83 (at 0.85 they would stay unsure).
    assert chosen["metric_lower_bound"].iloc[0] >= 0.8
    assert found.result.best is not None and found.result.best.variant.overrides["workforce.deelnemers.people"] == people


class FakeVariant:
    def __init__(self, key: str, people: int) -> None:
        self.key = key
        self.overrides = {"people": people}


def test_search_spends_replications_where_the_answer_is_unsure():
    # Four staffing options with known on-time shares; the threshold is 0.95.
    means = {1: 0.5, 2: 0.945, 3: 0.99, 4: 1.0}
    rng = np.random.default_rng(4)
    candidates = [Candidate(FakeVariant(f"v{p}", p)) for p in means]  # type: ignore[arg-type]

    def run_more(group, n):
        for c in group:
            p = c.variant.overrides["people"]
            for _ in range(n):
                share = min(1.0, max(0.0, rng.normal(means[p], 0.05)))
                c.runs.append({"on_time": share, "cost": 1000.0 * p})

    result = search(candidates, parse_requirement("on_time >= 0.95"), "cost", run_more, initial=5, maximum=40)
    assert result.best is not None and result.best.variant.overrides["people"] == 3
    runs = {c.variant.overrides["people"]: len(c.runs) for c in candidates}
    assert runs[1] == 5  # clearly too few: no more effort
    assert runs[2] > runs[4]  # close to the threshold and cheaper than the answer: looked at hardest
    assert runs[2] > runs[3]
    rows = result.frontier()
    assert [r["verdict"] for r in rows][0] == "infeasible" and rows[2]["chosen"]


def test_a_mistyped_metric_is_refused_after_the_first_runs(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **{"experiment.horizon": "6 weeks", "experiment.warm_up": "1 week"})
    with pytest.raises(SweepError, match="contracts.hotel.on_time_shar"):
        find_target(scenario, {"workforce.deelnemers.people": [1, 2, 3]}, "contracts.hotel.on_time_shar >= 0.9",
                    initial=2)


def test_at_equal_cost_the_smaller_option_is_chosen():
    means = {4: 1.0, 5: 1.0, 6: 1.0}
    candidates = [Candidate(FakeVariant(f"z{10 - p}", p)) for p in means]  # type: ignore[arg-type]

    def run_more(group, n):
        for c in group:
            c.runs.extend({"on_time": 1.0, "cost": 100.0} for _ in range(n))

    result = search(candidates, parse_requirement("on_time >= 0.95"), "cost", run_more, initial=3)
    assert result.best is not None and result.best.variant.overrides["people"] == 4


def test_the_cost_search_counts_every_cost_the_file_knows(tmp_path):
    # Participants cost only their allowance and work places their rent: options that differ in
    # those must differ in cost, so the cheapest is not an arbitrary pick among equals.
    scenario = write_scenario(tmp_path / "c.yaml", **{
        "experiment.horizon": "6 weeks", "experiment.warm_up": "1 week",
        "steps.repareren.cost_per_work_place": "2000 EUR per year",
    })
    found = find_target(scenario, {"workforce.deelnemers.people": [4, 6], "steps.repareren.work_places": [1, 3]},
                        "impact.kg_in >= 0", initial=2, max_replications=2)
    costs = {(r["workforce.deelnemers.people"], r["steps.repareren.work_places"]): r["cost"]
             for r in found.frontier.to_dict("records")}
    assert costs[(4, 1)] < costs[(6, 1)] and costs[(4, 1)] < costs[(4, 3)]
    # Two more work places cost 2 x 2000 EUR a year, whatever the runs do.
    assert costs[(4, 3)] - costs[(4, 1)] == pytest.approx(4000, rel=0.05)
    best = found.result.best
    assert best is not None and best.variant.overrides == {"workforce.deelnemers.people": 4, "steps.repareren.work_places": 1}
