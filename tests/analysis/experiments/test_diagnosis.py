"""The triad diagnosis names the leg that binds, with evidence, in English and Dutch."""

from __future__ import annotations

from analysis.experiments.diagnosis import diagnose, scenario_context
from analysis.experiments.runner import execute, metrics_table, tasks_for
from analysis.statistics.stats import summarise
from sim.loader import LoadedScenario, validate
from tests.sim.scenarios import centre

BASE = {"experiment.horizon": "20 weeks", "experiment.warm_up": "4 weeks", "market.contracts": {},
        "workforce.deelnemers.absence": 0, "supervisors.begeleiders.absence": 0,
        "workforce.deelnemers.trajectory": None}


def diagnosis(**changes):
    data = centre(**{**BASE, **changes})
    loaded = LoadedScenario(validate(data, "test"), data, "test")
    table = metrics_table(execute(None, tasks_for(loaded, 3))).drop(columns=["key", "replication"])
    means = {k: float(v) for k, v in summarise(table)["mean"].items()}
    return diagnose(means, **scenario_context(loaded.scenario))


def test_too_little_material_binds_on_materials():
    d = diagnosis(**{"materials.meubels.arrivals.rate": "5 per week"})
    assert d.leg == "materials"
    assert "idle" in d.summary("en") and "stil" in d.summary("nl")


def test_too_few_hands_binds_on_capacity_and_names_the_bottleneck():
    d = diagnosis(**{"materials.meubels.arrivals.rate": "400 per week", "materials.meubels.storage": "2 t",
                     "market.shop.customers": "4000 per week"})
    assert d.leg == "capacity"
    codes = {f.code for f in d.findings}
    assert "refused" in codes and "bottleneck_skill" in codes
    bottleneck = next(f for f in d.findings if f.code == "bottleneck_skill")
    assert bottleneck.values["step"] in ("sorteren", "repareren") and bottleneck.values["util"] > 0.85


def test_too_few_work_places_are_named():
    d = diagnosis(**{"materials.meubels.grades": {"kapot": {"share": 1, "route": "reparatie"}},
                     "steps.repareren.work_places": 1, "workforce.reparateurs.people": 4,
                     "materials.meubels.arrivals.rate": "90 per week", "market.shop.customers": "4000 per week"})
    assert d.leg == "capacity"
    assert any(f.code == "bottleneck_places" for f in d.findings), d.summary("en")
    assert "arbeidscapaciteit" in d.summary("nl")


def test_missing_supervision_is_named():
    d = diagnosis(**{"materials.meubels.arrivals.rate": "150 per week", "workforce.deelnemers.people": 12,
                     "target_groups.bijstand.supervision_ratio": 4})
    assert d.leg == "capacity"
    assert any(f.code == "supervision" for f in d.findings)
    assert "begeleiding" in d.summary("nl")


def test_too_few_buyers_binds_on_the_market():
    d = diagnosis(**{"market.shop.customers": "30 per week", "products.meubel.dispose_after": None,
                     "materials.meubels.arrivals.rate": "120 per week"})
    assert d.leg == "market"
    assert "'meubel'" in d.summary("en")


def test_a_balanced_centre_is_called_balanced():
    d = diagnosis(**{"materials.meubels.arrivals.rate": "150 per week", "workforce.deelnemers.people": 3,
                     "market.shop.customers": "900 per week"})
    assert d.leg == "balanced", d.summary("en")
    assert "balans" in d.summary("nl")


def test_the_bottleneck_is_the_step_using_most_of_its_hours_not_the_longest_queue():
    # Restoring takes days, so its queue is long (paused lots wait overnight) though its people
    # are half idle; sorting uses 97 % of the hours it could work and is the step that binds.
    m = {"pools.p.hours_worked": 1000.0, "pools.p.busy_hours": 950.0, "impact.kg_in": 1000.0,
         "impact.kg_refused": 200.0}
    for step, queue, wait, util in (("restaureren", 12.0, 60.0, 0.5), ("sorteren", 2.0, 3.0, 0.97)):
        m |= {f"steps.{step}.queue_mean": queue, f"steps.{step}.queue_end": queue,
              f"steps.{step}.wait_mean": wait, f"steps.{step}.utilisation": util,
              f"steps.{step}.throughput_per_week": 40.0}
    d = diagnose(m)
    bottleneck = next(f for f in d.findings if f.code == "bottleneck_skill")
    assert bottleneck.values["step"] == "sorteren"
