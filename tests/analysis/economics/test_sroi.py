"""Social value by the SROI method, checked against a hand calculation."""

from __future__ import annotations

import pytest

from analysis.economics.impact import outcomes
from analysis.economics.sroi import Outcome, sroi
from tests.analysis.economics.hand_case import YEAR, scenario_with


def test_sroi_nets_deadweight_displacement_attribution_and_drops_off() -> None:
    # Jobs worth 10,000 a year found in years 1 and 2, lasting three years:
    # net of deadweight 0.4, displacement 0.1, attribution 0.25: 10,000 x 0.6 x 0.9 x 0.75 = 4,050;
    # drop-off 0.2 from the second year on: years 1-4 are 4,050 / 4,050 x 0.8 + 4,050 /
    # 4,050 x 0.64 + 4,050 x 0.8 / 4,050 x 0.64 = 4,050 / 7,290 / 5,832 / 2,592.
    jobs = Outcome("jobs", "gemeente", [10_000, 10_000, 0], deadweight=0.4, displacement=0.1, attribution=0.25,
                   drop_off=0.2, period=3)
    assert jobs.net_values()[:4] == pytest.approx([4_050, 7_290, 5_832, 2_592])
    # Care avoided lasts its year only: 1,000 x 0.75 a year.
    care = Outcome("care", "zorg", [1_000, 1_000, 1_000], attribution=0.25)
    result = sroi([jobs, care], [50_000, 20_000, 20_000], 0.1)
    jobs_pv = 4_050 + 7_290 / 1.1 + 5_832 / 1.21 + 2_592 / 1.331  # 17,444.52
    care_pv = 750 + 750 / 1.1 + 750 / 1.21  # 2,051.65
    inputs_pv = 50_000 + 20_000 / 1.1 + 20_000 / 1.21  # 84,710.74
    assert result.by_stakeholder == pytest.approx({"gemeente": 17_444.515, "zorg": 2_051.653}, abs=0.001)
    assert result.value == pytest.approx(jobs_pv + care_pv)
    assert result.inputs == pytest.approx(inputs_pv)
    assert result.ratio == pytest.approx(19_496.168 / 84_710.744, abs=1e-6)


def test_deadweight_follows_from_the_counterfactual_job_rate() -> None:
    # The pool's trajectories end in a job for 30 %; without the centre 12 % finds a job: 0.4.
    text_case = {"social_value": {"counterfactual_job_rate": {"bijstand": 0.12}}}
    scenario = scenario_with(text_case)
    pool = scenario.workforce["participants"]
    from sim.scenario.model import Trajectory

    trajectory = Trajectory.model_validate({"length": "1 year", "outflow": {"job": 0.3, "other": 0.7}})
    scenario.workforce["participants"] = pool.model_copy(update={"trajectory": trajectory})
    job_year = {**YEAR, "groups.bijstand.outflow_to_job": 2.0}
    spec = scenario.target_groups["bijstand"]
    scenario.target_groups["bijstand"] = spec.model_copy(update={"benefit_saving_per_job": 14_000.0})
    found = {o.name: o for o in outcomes(scenario, {1: job_year, 2: YEAR, 3: YEAR})}
    assert found["jobs.bijstand"].deadweight == pytest.approx(0.4)
    assert found["jobs.bijstand"].values == pytest.approx([28_000, 0, 0])


def test_a_stakeholder_with_two_outcomes_gains_both() -> None:
    # The gemeente gains 1,000 of jobs and 500 of care avoided in year 1 (net of nothing), the
    # zorg 200: the gemeente's value is 1,500, not its last outcome's 500.
    jobs = Outcome("jobs", "gemeente", [1_000])
    care = Outcome("care", "gemeente", [500])
    other = Outcome("care", "zorg", [200])
    result = sroi([jobs, other, care], [1_000], 0.1)
    assert result.by_stakeholder == pytest.approx({"gemeente": 1_500, "zorg": 200})
    assert result.value == pytest.approx(1_700)
    assert result.ratio == pytest.approx(1.7)
