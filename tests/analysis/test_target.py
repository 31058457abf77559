"""Target search: the cheapest staffing that meets a promise, sure at the stated confidence."""

from __future__ import annotations

import pandas as pd
from click.testing import CliRunner

from cli.main import main
from tests.analysis.helpers import write_scenario


def test_target_finds_the_cheapest_staffing_that_keeps_the_promise(tmp_path):
    # Orders of 40 pieces every two weeks, promised within a week; the shop competes for stock.
    scenario = write_scenario(tmp_path / "c.yaml", **{
        "experiment.horizon": "20 weeks", "experiment.warm_up": "4 weeks",
        "market.contracts.hotel.quantity": 40, "materials.meubels.arrivals.rate": "100 per week", "market.contracts.hotel.interval": "2 weeks",
        "market.contracts.hotel.promised_lead_time": "1 week", "market.shop.customers": "200 per week",
        "workforce.deelnemers.trajectory": None, "workforce.reparateurs.people": 0,
        "steps.repareren.skill": "sorteren",
    })
    out = tmp_path / "t"
    result = CliRunner().invoke(main, [
        "target", str(scenario), "--vary", "workforce.deelnemers.people=1..5", "--vary", "supervisors.begeleiders.people=1",
        "--require", "contracts.hotel.on_time_share >= 0.85", "--minimise", "economics.costs",
        "--initial", "4", "--max-replications", "16", "--out", str(out), "-q",
    ])
    assert result.exit_code == 0, result.output
    frontier = pd.read_csv(out / "frontier.csv")
    chosen = frontier[frontier["chosen"]]
    assert len(chosen) == 1
    people = int(chosen["workforce.deelnemers.people"].iloc[0])
    # Every cheaper option is shown not to meet the promise (or stays unsure at the maximum).
    cheaper = frontier[frontier["cost"] < float(chosen["cost"].iloc[0])]
    assert (cheaper["verdict"] != "feasible").all()
    assert (cheaper["workforce.deelnemers.people"] < people).all()
    assert chosen["metric_lower_bound"].iloc[0] >= 0.85
    assert "Cheapest option" in result.output and "confidence" in result.output
    # More replications went to the options near the threshold than to the clear ones.
    assert frontier["replications"].max() > 4
