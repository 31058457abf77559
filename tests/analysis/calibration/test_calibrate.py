"""Calibration recovers the inputs of a centre whose true values are known.

The synthetic centre (tests/data/history-centre.yaml) has two ranges: textile inflow (20 to 60
bags a week) and shop visitors (100 to 400 a week). Its "records" are one run with the true
values (40 and 250) and a seed of its own, so the model never sees the centre's random numbers.
A 90 % interval should hold the truth in about 9 of 10 such centres; the test asks for at least
9 of 10 for each input over the seeds 101 to 110 (measured over seeds 101 to 150: see the
closing note of issue 29). Kept small for a shared machine: 8 weeks, 12 draws, 2 replications.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis.calibration.calibrate import (
    Calibration,
    NothingToCalibrate,
    calibrate,
    weighted_quantiles,
)
from analysis.calibration.records import Records
from analysis.calibration.scenario_file import NotOurs, write_calibrated
from analysis.calibration.simulate import run_records
from analysis.calibration.table import TableError
from sim.loader import load_scenario, with_overrides

DATA = Path(__file__).parent.parent.parent / "data"
TRUTH = {"materials.textile.arrivals.rate": 40.0, "market.shop.customers": 250.0}
FIGURES = ("materials.textile.kg_in", "shop.units_sold", "economics.revenue")
WEEKS, SAMPLES, REPLICATIONS = 8, 12, 2
SEEDS = range(101, 111)


def centre_records(seed: int, weeks: int = WEEKS, **extra: str) -> Records:
    """The synthetic centre's weekly records: one run with the true values and its own seed."""
    loaded = load_scenario(DATA / "history-centre.yaml")
    truth = with_overrides(loaded, {"materials.textile.arrivals.rate": "40 per week",
                                    "market.shop.customers": "250 per week",
                                    "experiment.horizon": f"{weeks + 1} weeks", **extra})
    dates, figures = run_records(truth, seed=seed)
    return Records(f"centre-{seed}.csv", f"{seed:012d}", dates, {k: figures[k] for k in FIGURES})


@pytest.fixture(scope="module")
def calibrations() -> list[Calibration]:
    loaded = load_scenario(DATA / "history-centre.yaml")
    out = []
    for seed in SEEDS:
        records = centre_records(seed)
        out.append(calibrate(loaded, records, records.dates[-1] + dt.timedelta(days=1), SAMPLES, REPLICATIONS))
    return out


@pytest.mark.parametrize("path", list(TRUTH))
def test_the_truth_is_inside_the_90_percent_interval_in_9_of_10_centres(calibrations: list[Calibration],
                                                                        path: str) -> None:
    inside = 0
    for result in calibrations:
        (found,) = [i for i in result.inputs if i["path"] == path]
        post = found["posterior"]
        assert post["p5"] <= post["p50"] <= post["p95"]
        inside += post["p5"] <= TRUTH[path] <= post["p95"]
    assert inside >= 9


def test_the_intervals_narrow_the_prior(calibrations: list[Calibration]) -> None:
    # A rate known to +-15 % after 8 weeks, where the prior spans 20..60: an interval as wide
    # as the prior would pass the coverage test without having learnt anything.
    for result in calibrations:
        for found in result.inputs:
            post, (low, high) = found["posterior"], found["prior"]
            assert post["p95"] - post["p5"] < 0.4 * (high - low)


def test_the_result_says_what_it_rests_on(calibrations: list[Calibration]) -> None:
    result = calibrations[0].to_dict()
    assert set(result) >= {"inputs", "calibration_weeks", "scenario"}
    assert result["calibration_weeks"][0] == "2026-01-12" and len(result["calibration_weeks"]) == WEEKS
    assert [i["prior"] for i in result["inputs"]] == [[20.0, 60.0], [100.0, 400.0]]
    assert set(result["inputs"][0]["posterior"]) == {"p5", "p50", "p95"}
    assert result["records_sha256"] == "000000000101"


def test_the_calibrated_notes_are_in_the_scenarios_language(calibrations: list[Calibration]) -> None:
    import copy

    from analysis.calibration.scenario_file import calibrated_text

    result = copy.deepcopy(calibrations[0])
    found = result.inputs[0]
    found["posterior"] = {"p5": 52_270.4, "p50": 62_270.4, "p95": 72_270.4}
    found["unit"], found["integer"] = "EUR per year", False
    source = (DATA / "history-centre.yaml").read_text(encoding="utf-8")
    nl = calibrated_text(source, result, "nl").split("\ncalibrated:", 1)[1]
    en = calibrated_text(source, result, "en").split("\ncalibrated:", 1)[1]
    assert "gekalibreerd op centre-101.csv" in nl and "90%-interval 52.270 EUR per year tot 72.270 EUR per year" in nl
    assert "mediaan 62.270 EUR per year" in nl and "calibrated on" not in nl
    assert "90% interval 52,270 EUR per year to 72,270 EUR per year" in en
    assert "e+0" not in nl + en


def test_the_calibrated_scenario_keeps_the_file_and_marks_each_value(calibrations: list[Calibration],
                                                                     tmp_path: Path) -> None:
    source = tmp_path / "centre.yaml"
    source.write_text((DATA / "history-centre.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = calibrations[0]
    path = write_calibrated(source, result)
    assert path == tmp_path / "centre-calibrated.yaml"
    written = path.read_text(encoding="utf-8")
    assert written.startswith("# Written by 'ambacht calibrate' from centre-101.csv (sha256 000000000101).\n")
    assert "# A small centre whose inflow" in written  # the user's comments stay
    loaded = load_scenario(path)
    rate = result.inputs[0]["posterior"]
    (inflow,) = [i for i in loaded.inputs if i.path == "materials.textile.arrivals.rate"]
    assert (inflow.low, inflow.likely, inflow.high) == pytest.approx((rate["p5"], rate["p50"], rate["p95"]), rel=1e-3)
    note = loaded.scenario.calibrated["materials.textile.arrivals.rate"]
    assert "sha256 000000000101" in note and "weeks 2026-01-12 to 2026-03-02 (8)" in note
    write_calibrated(source, result)  # its own file is replaced
    mine = tmp_path / "mine.yaml"
    mine.write_text("name: my own notes\n", encoding="utf-8")
    with pytest.raises(NotOurs):
        write_calibrated(source, result, mine)
    assert mine.read_text(encoding="utf-8") == "name: my own notes\n"


def test_nothing_to_calibrate_and_no_weeks_before_the_date_are_told() -> None:
    records = centre_records(101, weeks=2)
    with pytest.raises(NothingToCalibrate):
        calibrate(load_scenario(DATA / "small-centre.yaml"), records, dt.date(2026, 3, 1), 4, 1)
    with pytest.raises(TableError) as caught:
        calibrate(load_scenario(DATA / "history-centre.yaml"), records, dt.date(2026, 1, 1), 4, 1)
    assert caught.value.render("en") == ("centre-101.csv: no week before 2026-01-01 to calibrate on "
                                         "(the records start 2026-01-12)")


def test_weighted_quantiles_by_hand() -> None:
    import numpy as np

    values = np.array([1.0, 2.0, 3.0, 4.0])
    assert weighted_quantiles(values, np.ones(4), [0.5]) == [2.5]
    # all the weight on 3: every quantile is 3
    assert weighted_quantiles(values, np.array([0.0, 0.0, 1.0, 0.0]), [0.05, 0.95]) == [3.0, 3.0]


def test_monthly_records_calibrate_and_check_month_by_month(tmp_path: Path) -> None:
    from analysis.calibration.backtest import backtest

    loaded = load_scenario(DATA / "history-centre.yaml")
    truth = with_overrides(loaded, {"materials.textile.arrivals.rate": "40 per week",
                                    "market.shop.customers": "250 per week", "experiment.horizon": "30 weeks"})
    dates, figures = run_records(truth, seed=101, period="month")
    # warm-up ends 2026-01-12: the first whole month is February, the last ends by the horizon (2026-08-03)
    assert [d.isoformat() for d in dates] == ["2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01",
                                              "2026-06-01", "2026-07-01"]
    records = Records("months.csv", "m", dates, {k: figures[k] for k in FIGURES}, "month")
    # a month's kg is four to five weeks of 40 bags of 5 to 12 kg (fewer in a month with holidays)
    assert all(900 < kg < 2200 for kg in records.figures["materials.textile.kg_in"])
    result = calibrate(loaded, records, dt.date(2026, 5, 1), SAMPLES, REPLICATIONS)
    assert result.calibration_weeks == ["2026-02-01", "2026-03-01", "2026-04-01"]
    for found in result.inputs:
        post, (low, high) = found["posterior"], found["prior"]
        assert post["p95"] - post["p5"] < 0.5 * (high - low)
        # One centre, not a coverage test (that is above): this one's shop ran low in those months
        # (its weekly interval ended at 250.2), so the truth is asked within 10 % of the interval.
        assert 0.9 * post["p5"] <= TRUTH[found["path"]] <= 1.1 * post["p95"]
    source = tmp_path / "centre.yaml"
    source.write_text((DATA / "history-centre.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    checked = backtest(load_scenario(write_calibrated(source, result)), records, dt.date(2026, 5, 1), 5, 4)
    assert checked.period == "month" and checked.validation_weeks == ["2026-05-01", "2026-06-01", "2026-07-01"]
    assert all(scores["weeks"] == 3 for scores in checked.metrics.values())
