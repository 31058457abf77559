"""Comparisons with common random numbers, as plain data and as JSON."""

from __future__ import annotations

import json

import pytest

from analysis.experiments.compare import compare_scenarios, compare_variants
from analysis.experiments.runner import Silent
from tests.analysis.helpers import SHORT, write_scenario


class Recorder(Silent):
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def folder(self, path):
        self.events.append(("folder", path))

    def start(self, total, label):
        self.events.append(("start", total))

    def advance(self, done):
        self.events.append(("advance", done))


def test_variants_are_compared_pairwise_with_common_random_numbers(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    seen = Recorder()
    result = compare_variants(scenario, {"workforce.deelnemers.people": [6, 2]}, replications=4, progress=seen,
                              out=tmp_path / "cmp")
    assert seen.events[0] == ("folder", tmp_path / "cmp"), "the folder is told before the first run"
    assert seen.events[1] == ("start", 8) and sum(n for e, n in seen.events if e == "advance") == 8
    assert result.keys == ["0:workforce.deelnemers.people=6", "1:workforce.deelnemers.people=2"]
    diff = result.differences[result.keys[1]]
    a = result.summaries[result.keys[0]]["mean"]
    b = result.summaries[result.keys[1]]["mean"]
    hours = "impact.participant_hours"
    assert diff.loc[hours, "difference"] == pytest.approx(b[hours] - a[hours])
    assert diff.loc[hours, "difference"] < 0 and diff.loc[hours, "significant"], "a third of the people work fewer hours"
    data = json.loads(json.dumps(result.to_json()))
    pair = data["comparisons"][0]
    assert (pair["a"], pair["b"]) == tuple(result.keys)
    assert pair["metrics"][hours]["mean"] == pytest.approx(diff.loc[hours, "difference"])
    assert pair["metrics"][hours]["ci_low"] <= pair["metrics"][hours]["mean"] <= pair["metrics"][hours]["ci_high"]
    assert [s["name"] for s in data["scenarios"]] == [f"{scenario} [workforce.deelnemers.people=6]",
                                                     f"{scenario} [workforce.deelnemers.people=2]"]


def test_the_same_scenario_twice_differs_by_exactly_nothing(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    result = compare_scenarios([scenario, scenario], replications=2)
    diff = result.differences[result.keys[1]]
    assert (diff["difference"].dropna() == 0).all() and not diff["significant"].any()


def test_an_undefined_difference_is_null_with_the_reason_the_runs_give(tmp_path):
    # The hotel's first order comes after the horizon in both variants: no order is due, so its
    # on-time share has no difference; the JSON says why instead of a bare null.
    scenario = write_scenario(tmp_path / "c.yaml", **{**SHORT, "market.contracts.hotel.first_order": "30 weeks"})
    result = compare_variants(scenario, {"workforce.deelnemers.people": [6, 4]}, replications=2)
    pair = json.loads(json.dumps(result.to_json(), allow_nan=False))["comparisons"][0]
    assert pair["metrics"]["contracts.hotel.on_time_share"]["mean"] is None
    assert pair["undefined"]["contracts.hotel.on_time_share"] == "no_orders_due"
    assert set(pair["undefined"]) == {m for m, v in pair["metrics"].items() if v["mean"] is None}
