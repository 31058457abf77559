"""Supervision: participants work only while enough qualified supervision is present."""

from __future__ import annotations

import pytest

from sim.run import run_replication
from tests.sim.scenarios import build, centre

BASE = {"experiment.horizon": "26 weeks", "experiment.warm_up": "0 h", "workforce.deelnemers.absence": 0,
        "workforce.deelnemers.trajectory": None, "supervisors.begeleiders.absence": 0}


def metrics(**changes):
    return run_replication(build(centre(**{**BASE, **changes})), 0).metrics


def test_ratio_limits_how_many_participants_can_work():
    # Ratio 5 and one supervisor: of 10 participants 5 work, 5 lose their hours.
    m = metrics(**{"workforce.deelnemers.people": 10, "target_groups.bijstand.supervision_ratio": 5})
    worked, lost = m["pools.deelnemers.hours_worked"], m["pools.deelnemers.hours_lost_to_missing_supervision"]
    assert lost == pytest.approx(worked, rel=0.01)
    m2 = metrics(**{"workforce.deelnemers.people": 10, "target_groups.bijstand.supervision_ratio": 5,
                    "supervisors.begeleiders.people": 2})
    assert m2["pools.deelnemers.hours_lost_to_missing_supervision"] == 0


def test_supervisor_absence_costs_participant_hours():
    m = metrics(**{"supervisors.begeleiders.absence": 0.25})
    lost, worked = m["pools.deelnemers.hours_lost_to_missing_supervision"], m["pools.deelnemers.hours_worked"]
    assert lost / (lost + worked) == pytest.approx(0.25, abs=0.06)
    assert m["groups.bijstand.hours_lost_to_missing_supervision"] == lost


def test_only_qualified_supervisors_count():
    data = centre(**{**BASE, "supervisors.coaches": {"people": 3, "qualifications": ["taalcoach"]},
                     "supervisors.begeleiders.people": 0, "target_groups.taal": {"supervision_ratio": 8, "qualification": "taalcoach"}})
    m = run_replication(build(data), 0).metrics
    assert m["pools.deelnemers.hours_worked"] == 0
    assert m["pools.deelnemers.hours_lost_to_missing_supervision"] > 0


def test_supervisors_may_spend_spare_capacity_on_work():
    base = {"workforce.reparateurs.people": 0, "workforce.deelnemers.people": 2,
            "supervisors.begeleiders.skills": ["repareren"]}
    idle = metrics(**base)
    working = metrics(**base, **{"supervisors.begeleiders.productive_work": True})
    assert idle["steps.repareren.throughput_per_week"] == 0
    assert working["supervisors.begeleiders.productive_hours"] > 0
    assert working["steps.repareren.throughput_per_week"] > 0
    assert working["supervisors.begeleiders.utilisation"] > idle["supervisors.begeleiders.utilisation"]
    assert working["supervisors.begeleiders.utilisation"] <= 1 + 1e-9


def test_a_shift_lost_to_missing_supervision_earns_no_day_part_tariff():
    paid = {"target_groups.bijstand.tariff_per_day_part": "50 EUR", "target_groups.bijstand.subsidy": "0 EUR per year",
            "target_groups.bijstand.supervision_ratio": 5}
    five = metrics(**paid, **{"workforce.deelnemers.people": 5})
    ten = metrics(**paid, **{"workforce.deelnemers.people": 10})
    assert ten["pools.deelnemers.hours_lost_to_missing_supervision"] > 0
    assert ten["groups.bijstand.income"] == pytest.approx(five["groups.bijstand.income"])


def test_supervision_follows_the_supervisors_hours():
    # Participants come 09:00-15:00; the supervisor only 11:00-14:00: 3 of 6 hours are worked.
    m = metrics(**{"supervisors.begeleiders.hours": "11:00-14:00"})
    worked, lost = m["pools.deelnemers.hours_worked"], m["pools.deelnemers.hours_lost_to_missing_supervision"]
    assert worked / (worked + lost) == pytest.approx(0.5, abs=0.01)
    assert m["supervisors.begeleiders.utilisation"] <= 1 + 1e-9


def test_participants_carry_on_when_one_supervisor_hands_over_to_the_next():
    handover = {"supervisors.begeleiders.hours": "09:00-12:00",
                "supervisors.middag": {"people": 1, "qualifications": ["werkbegeleiding"], "hours": "12:00-17:00"}}
    m = metrics(**handover)
    assert m["pools.deelnemers.hours_lost_to_missing_supervision"] == 0
    assert m["pools.deelnemers.hours_worked"] == pytest.approx(metrics()["pools.deelnemers.hours_worked"])


def test_a_working_supervisor_gives_way_to_participants_who_come_later():
    late = {"workforce.deelnemers.hours": "13:00-17:00", "workforce.deelnemers.people": 8,
            "supervisors.begeleiders.productive_work": True, "supervisors.begeleiders.skills": ["repareren"],
            "workforce.reparateurs.people": 0}
    m = metrics(**late)
    assert m["supervisors.begeleiders.productive_hours"] > 0
    assert m["supervisors.begeleiders.utilisation"] <= 1 + 1e-9
