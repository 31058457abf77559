"""One verdict: when the replications cannot separate the leading levers the verdict is withheld,
with the replications it needs; the report, the levers chart and the triad chart then name no leg."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from analysis.experiments.lever_candidates import Lever
from analysis.experiments.levers import START, LeverStudy, MeasuredLever, _paired, unsettled
from analysis.reporting import verdict
from analysis.statistics.stats import estimate
from cli.main import main

ROOT = Path(__file__).resolve().parents[3]

OBJECTIVE = "economics.net_result"


def measured(lever_id: str, leg: str, gains: list[float]) -> tuple[MeasuredLever, pd.Series]:
    lever = Lever(lever_id, leg, "person", f"workforce.{lever_id}.people", "1", "2", 1000.0, {})
    per_run = pd.Series(gains, index=range(len(gains)), dtype=float)
    return MeasuredLever(lever, {OBJECTIVE: estimate(np.array(gains))}, len(gains), 1.0, OBJECTIVE), per_run


def study_of(*levers: tuple[MeasuredLever, pd.Series]) -> tuple[LeverStudy, dict[str, pd.Series]]:
    ranked = sorted((x for x, _ in levers), key=lambda x: -x.gain.mean)
    result = LeverStudy(OBJECTIVE, {OBJECTIVE: estimate(np.array([50_000.0, 52_000.0]))}, ranked, [], 2, 6, 1.0)
    return result, {x.lever.id: runs for x, runs in levers}


def test_a_lever_that_may_still_beat_the_recommended_one_withholds_the_verdict() -> None:
    # 'person' buys 1,500 +- 100 for sure; 'demand' 12,000 on average but -100 in one run: its
    # interval straddles zero, so only 'person' is real, yet 'demand' may well buy far more.
    result, runs = study_of(measured("person", "labour", [1450.0, 1550.0]),
                            measured("demand", "market", [-100.0, 24_100.0]))
    assert result.recommended is not None and result.recommended.lever.id == "person"
    result.unsettled = unsettled(result, runs)
    assert set(result.unsettled) == {"demand"}
    assert not result.decided and result.binding_leg is None
    # Student t at the spread measured (paired differences -1,550 and 22,550: sd 17,041, mean 10,500):
    # the interval excludes "more than a trifle better" or "not better" once its half-width < 10,500,
    # t(0.975, n-1) * 17,041 / sqrt(n) < 10,500 from n = 13 on (n = 12: 10,827); doubled from 2: 16.
    assert result.unsettled["demand"] == 13 and result.replications_needed == 16
    out = result.to_json("en")
    assert out["decided"] is False and out["replications_needed"] == 16
    assert out["binding_leg"] is None and out["recommendation"] is None and out["leading"] == ["person", "demand"]
    sentence = verdict.sentences(result, "en", file="c.yaml")[-1]
    assert sentence.startswith("No verdict yet") and "-n 16" in sentence and "binding leg" not in sentence
    assert "ambacht levers c.yaml -n 16" in verdict.sentences(result, "nl", file="c.yaml")[-1]


def test_a_lever_clearly_behind_leaves_the_verdict_decided() -> None:
    result, runs = study_of(measured("person", "labour", [1450.0, 1550.0, 1500.0]),
                            measured("demand", "market", [100.0, 300.0, 200.0]))
    result.unsettled = unsettled(result, runs)
    assert result.decided and result.binding_leg == "labour" and result.replications_needed is None
    out = result.to_json("en")
    assert out["decided"] is True and "replications_needed" not in out and out["recommendation"] == "person"


def test_balanced_is_withheld_while_the_lever_ahead_may_buy_more_than_a_trifle() -> None:
    # Base 51,000: a trifle is 1 % of it (510). A lever of 3,000 +- 3,500 may buy much more.
    result, runs = study_of(measured("demand", "market", [-500.0, 6500.0]))
    assert result.recommended is None
    result.unsettled = unsettled(result, runs)
    assert not result.decided and result.binding_leg is None
    # A lever whose gain is within +-300 in every run cannot buy more than a trifle: balanced.
    result, runs = study_of(measured("demand", "market", [-100.0, 100.0, 0.0]))
    result.unsettled = unsettled(result, runs)
    assert result.decided and result.binding_leg == "balanced"


def test_old_levers_records_read_as_decided_and_the_decision_survives_a_round_trip() -> None:
    result, runs = study_of(measured("person", "labour", [1450.0, 1550.0]),
                            measured("demand", "market", [-100.0, 24_100.0]))
    result.unsettled = unsettled(result, runs)
    again = LeverStudy.from_record(json.loads(json.dumps(result.to_record())))
    assert again.unsettled == result.unsettled and not again.decided
    record = result.to_record()
    del record["unsettled"]
    assert LeverStudy.from_record(record).decided


def test_the_kernteam_example_with_two_replications_gets_no_verdict_but_the_replications_it_needs() -> None:
    # With -n 2 only 'one more person' was distinguishable from zero and the verdict named labour;
    # with -n 6 the market (demand in the shop) buys most. Two replications cannot tell.
    runner = CliRunner()
    out = runner.invoke(main, ["levers", str(ROOT / "scenarios" / "kernteam-start.yaml"), "-n", "2",
                               "--format", "json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert result["decided"] is False and result["binding_leg"] is None
    assert result["replications_needed"] > 2 and "demand+10%:shop" in result["leading"]


def test_the_levers_help_says_how_many_replications_every_lever_starts_with() -> None:
    out = CliRunner().invoke(main, ["levers", "--help"])
    assert f"every lever starts with {START}." in " ".join(out.output.split())
    assert START == 2



def test_a_lever_gain_in_a_share_keeps_base_plus_gain_within_100_percent() -> None:
    # The '+73 pp (95 %: +44.6 to +102 pp)' from a base of 27 %: the high end is 100 % - 27 %.
    share = "contracts.partner.on_time_share"
    base = pd.DataFrame({"replication": [0, 1, 2], share: [0.25, 0.55, 0.01]})
    lever = pd.DataFrame({"replication": [0, 1, 2], share: [1.0, 1.0, 1.0]})
    gain = _paired(base, lever, share)
    assert gain.mean == pytest.approx(0.73) and gain.high == pytest.approx(0.73) and gain.low < 0.73
    assert float(base[share].mean()) + gain.high <= 1.0 + 1e-12
