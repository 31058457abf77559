"""Levers measured by paired experiments: on centres where one leg truly binds, the recommended
lever is the one that moves the objective, the obvious one that does not is not recommended, and
re-running the recommended lever's ``--vary`` as a comparison confirms its gain."""

from __future__ import annotations

import json
from typing import Any

import pytest

from analysis.experiments.compare import compare_variants
from analysis.experiments.lever_candidates import candidates
from analysis.experiments.levers import START, LeverStudy, lower_is_better, study
from analysis.experiments.sweeps import grid, parse_vary
from analysis.reporting import verdict
from tests.analysis import lever_centres as centres

CASES = {
    # name: (changes, objective, recommended lever, binding leg, levers that must buy nothing)
    "materials": (centres.MATERIALS, "impact.kg_reused", "inflow+25%:spul", "materials", ["supervisor:team", "person:deelnemers"]),
    "labour": (centres.LABOUR, "impact.kg_reused", "person:deelnemers", "labour", ["inflow+25%:spul", "storage:spul"]),
    "market": (centres.MARKET, "impact.kg_reused", "demand+10%:shop", "market", ["person:deelnemers"]),
    "stock": (centres.SHOP_TAKES_THE_STOCK, "contracts.partner.on_time_share", "reserve:partner", "market",
              ["person:deelnemers", "inflow+25%:spul"]),
}


@pytest.fixture(scope="module")
def studies() -> dict[str, LeverStudy]:
    return {name: study(centres.centre(**changes), objective) for name, (changes, objective, *_) in CASES.items()}


def by_id(result: LeverStudy) -> dict[str, Any]:
    return {x.lever.id: x for x in result.levers}


@pytest.mark.parametrize("case", list(CASES))
def test_the_lever_that_moves_the_objective_is_recommended(studies: dict[str, LeverStudy], case: str) -> None:
    _, objective, expected, leg, idle = CASES[case]
    result = studies[case]
    assert result.objective == objective
    assert result.recommended is not None and result.recommended.lever.id == expected
    assert result.binding_leg == leg
    levers = by_id(result)
    for lever_id in idle:
        # The obvious lever buys nothing here: never recommended, no real gain.
        assert not levers[lever_id].real
        assert levers[lever_id].gain.high < result.recommended.gain.low


@pytest.mark.parametrize("case", ["materials", "stock"])
def test_compare_with_the_recommended_vary_confirms_the_gain(studies: dict[str, LeverStudy], case: str) -> None:
    changes, objective, *_ = CASES[case]
    best = studies[case].recommended
    assert best is not None
    # What `ambacht compare FILE --vary PATH=BASE,NEW` runs: both variants, same seed, paired. With
    # as many replications as the study gave the lever, they are the same runs (the replications'
    # seeds come from the scenario's seed): the same gain and interval, not just a similar one.
    result = compare_variants(centres.centre(**changes), parse_vary([best.lever.vary]), replications=best.replications)
    diff = result.differences[result.keys[1]].loc[objective]
    effect = best.effects[objective]
    assert diff["ci_low"] > 0
    assert (diff["difference"], diff["ci_low"], diff["ci_high"]) == pytest.approx((effect.mean, effect.low, effect.high),
                                                                                  rel=1e-9)


def test_levers_that_cannot_change_anything_are_listed_not_run(studies: dict[str, LeverStudy]) -> None:
    skipped = {s.id: s for s in studies["labour"].skipped}
    assert "supervisor:team" in skipped  # one participant, one supervisor: no hours lost
    assert "no hours" in skipped["supervisor:team"].label("en") or "lost no hours" in skipped["supervisor:team"].label("en")
    assert "supervisor:team" not in by_id(studies["labour"])
    # Where hours are lost to missing supervision, the supervisor is tried (and buys no kg).
    assert "supervisor:team" in by_id(studies["materials"])


def test_replications_go_where_the_answer_is_unsure(studies: dict[str, LeverStudy]) -> None:
    result = studies["materials"]
    levers = by_id(result)
    # Levers with no spread at all (identical runs) keep their first replications.
    assert levers["supervisor:team"].replications == START
    assert result.base_replications == max(x.replications for x in result.levers)
    assert result.runs == result.base_replications + sum(x.replications for x in result.levers)


def test_levers_just_as_good_as_the_recommended_one_are_named_and_not_run_again() -> None:
    result = study(centres.centre(**centres.SUPERVISION_FOR_THE_PARTNER), "contracts.partner.on_time_share")
    best = result.recommended
    assert best is not None and best.lever.id == "supervisor:team"  # known cost before unknown
    assert result.ties == ["qualification:andere:begeleiding"]
    levers = by_id(result)
    assert levers["qualification:andere:begeleiding"].gain.mean == best.gain.mean > 0.5
    # A tie holds in every run: more replications would not separate the two.
    assert levers["qualification:andere:begeleiding"].replications == best.replications == START
    words = verdict.text(result, "en")
    assert "Just as good in every run: “andere also qualified for deelnemers”, cost not in the file." in words
    assert "Even goed in elke simulatie" in verdict.text(result, "nl")


def test_json_contract(studies: dict[str, LeverStudy]) -> None:
    out = studies["stock"].to_json("nl")
    assert set(out) == {"objective", "levers", "binding_leg", "recommendation", "decided"}
    assert out["decided"] is True and "replications_needed" not in out
    assert out["objective"] == "contracts.partner.on_time_share"
    assert out["binding_leg"] == "market" and out["recommendation"] == "reserve:partner"
    for lever in out["levers"]:
        assert set(lever) == {"id", "leg", "label", "vary", "cost_per_year", "effects"}
        assert lever["leg"] in ("materials", "labour", "market")
        assert set(lever["effects"]) == {"contracts.partner.on_time_share", "impact.kg_reused",
                                         "impact.participant_hours", "economics.net_result"}
        for effect in lever["effects"].values():
            assert set(effect) == {"mean", "ci_low", "ci_high"}
    reserve = next(x for x in out["levers"] if x["id"] == "reserve:partner")
    assert reserve["vary"] == "market.contracts.partner.reserve=0,30" and reserve["cost_per_year"] == 0
    assert "apart houden" in reserve["label"]
    json.dumps(out, allow_nan=False)  # plain JSON, no NaN
    # Every number of the contract is in the registry (docs/metrics.md): effects by their metric's entry.
    from sim import registry

    for lever in out["levers"]:
        assert registry.lookup(f"levers.{lever['id']}.cost_per_year").unit == "EUR"
        assert all(registry.find(metric) is not None for metric in lever["effects"])


def test_every_vary_is_a_valid_compare_of_its_base_and_new_value() -> None:
    from sim.loader import load_scenario

    loaded = load_scenario("scenarios/zorgtekort.yaml")
    means = {"run.measured_hours": 8000.0, "groups.wmo_ghz.hours_lost_to_missing_supervision": 100.0,
             "steps.in_elkaar_zetten.queue_mean": 5.0, "steps.in_elkaar_zetten.utilisation": 0.9,
             "pools.vrijwilligers.idle_hours": 300.0, "materials.hout.refused_kg": 10.0,
             "contracts.tuincentrum.on_time_share": 0.5}
    levers, _ = candidates(loaded, means)
    kinds = {lever.kind for lever in levers}
    assert {"inflow", "storage", "person", "supervisor", "qualification", "work_place", "skill", "demand_shop",
            "reserve", "promise"} <= kinds
    for lever in levers:
        if lever.after is not None:
            continue
        variants = grid(loaded, parse_vary([lever.vary]))
        assert len(variants) == 2
        assert variants[0].loaded.scenario == loaded.scenario  # BASE is the file's own value
        changed = variants[1].loaded.scenario
        assert changed != loaded.scenario
    qualification = next(x for x in levers if x.kind == "qualification" and "werkbegeleider" in x.id)
    assert qualification.vary == "supervisors.werkbegeleider.qualifications=[werkbegeleiding],[werkbegeleiding,zorg]"
    promise = next(x for x in levers if x.kind == "promise")
    assert promise.vary == "market.contracts.tuincentrum.promised_lead_time=5 werkdagen,8 werkdagen"
    supervisor = next(x for x in levers if x.id == "supervisor:zorgbegeleiders")
    assert supervisor.cost_per_year == pytest.approx(62000)


def test_direction_of_objectives() -> None:
    assert not lower_is_better("contracts.x.on_time_share")
    assert not lower_is_better("economics.net_result")
    assert lower_is_better("contracts.x.lead_time_p95")
    assert lower_is_better("impact.hours_lost_to_missing_supervision")
    assert lower_is_better("economics.costs")


def test_a_study_survives_its_record(studies: dict[str, LeverStudy]) -> None:
    result = studies["stock"]
    again = LeverStudy.from_record(json.loads(json.dumps(result.to_record())))
    assert again.to_json("en") == result.to_json("en")
    assert again.recommended is not None and again.recommended.lever == result.recommended.lever
    assert [s.id for s in again.skipped] == [s.id for s in result.skipped]


def test_a_centre_that_keeps_every_promise_is_balanced_for_that_objective() -> None:
    from analysis.reporting import verdict

    easy = {"materials.spul.arrivals.rate": "40 per week", "workforce.deelnemers.people": 4,
            "market.shop.customers": "10 per week",
            "market.contracts": {"partner": {"partner": "Partner", "product": "ding", "quantity": 2,
                                             "interval": "2 weeks", "first_order": "1 week",
                                             "promised_lead_time": "1 week"}}}
    result = study(centres.centre(**easy), "contracts.partner.on_time_share")
    assert result.base["contracts.partner.on_time_share"].mean == 1.0
    assert result.recommended is None and result.binding_leg == "balanced"
    out = result.to_json("en")
    assert out["recommendation"] is None and out["binding_leg"] == "balanced"
    assert "balanced for this objective" in verdict.text(result, "en")
    assert "in balans" in verdict.text(result, "nl")
    assert "promise:partner" in {s.id for s in result.skipped}  # every order on time: a longer promise cannot help


def test_scaled_quantities_read_back_as_the_same_value() -> None:
    from analysis.experiments.lever_candidates import scaled
    from sim import units

    assert scaled("115 per week", 1.1) == "126.5 per week"
    assert scaled("1.5 t", 1.25) == "1.8750 t"  # '1.875 t' would read as 1875 t
    for text, kind in (("1.5 t", "mass"), ("3 t", "mass"), ("8 kg", "mass"), ("35 per week", "rate"),
                       ("1260 per week", "rate"), ("0,5 t", "mass")):
        for factor in (1.1, 1.25, 1.5):
            assert units.parse(kind, scaled(text, factor)) == pytest.approx(units.parse(kind, text) * factor, rel=1e-5)


def test_a_work_place_lever_costs_what_the_file_says_a_work_place_costs() -> None:
    from sim.loader import load_scenario, with_overrides

    loaded = load_scenario("scenarios/zorgtekort.yaml")
    means = {"run.measured_hours": 8000.0, "steps.in_elkaar_zetten.utilisation": 0.9}
    place = next(x for x in candidates(loaded, means)[0] if x.id == "work_place:in_elkaar_zetten")
    assert place.cost_per_year is None  # the file names no cost: 'cost not in file'
    priced = with_overrides(loaded, {"steps.in_elkaar_zetten.cost_per_work_place": "1500 EUR per year"})
    place = next(x for x in candidates(priced, means)[0] if x.id == "work_place:in_elkaar_zetten")
    assert place.cost_per_year == pytest.approx(1500)


def test_for_a_lower_is_better_objective_the_lever_that_lowers_it_is_recommended() -> None:
    # The labour-bound centre judged by the kg its storage refuses (less is better): 60 items a
    # week for one person who does 40, so storage is full and refuses about 20 a week. One more
    # person makes 80 a week: nothing is refused any more, so the gain is all the base refused.
    # More inflow refuses more: its effect is up, its gain (signed so that more is better) down.
    objective = "materials.spul.refused_kg"
    result = study(centres.centre(**centres.LABOUR), objective)
    assert lower_is_better(objective)
    best = result.recommended
    assert best is not None and best.lever.id == "person:deelnemers" and result.binding_leg == "labour"
    assert best.effects[objective].mean < 0 and best.gain.mean == -best.effects[objective].mean
    assert (best.gain.low, best.gain.high) == (-best.effects[objective].high, -best.effects[objective].low)
    base = result.base[objective].mean
    assert base > 0 and best.gain.mean == pytest.approx(base, rel=0.05)
    inflow = by_id(result)["inflow+25%:spul"]
    assert inflow.effects[objective].mean > 0 and inflow.gain.high < 0 and not inflow.real
    assert result.levers[-1].lever.id == "inflow+25%:spul"  # ranked last: it does most harm


def test_one_more_participant_costs_full_wages_allowance_and_a_share_of_supervision() -> None:
    from sim.loader import load_scenario, with_overrides

    loaded = load_scenario("scenarios/gemeente-businesscase.yaml")
    means = {"run.measured_hours": 8000.0, "pools.bijstand.hours_worked": 5000.0}  # 1,000 h a person
    # No wage or allowance: only the share of the work supervisor, 67,000 EUR a year over a ratio of 10.
    person = next(x for x in candidates(loaded, means)[0] if x.id == "person:bijstand")
    assert person.cost_per_year == pytest.approx(6_700)
    # Paid 10 EUR an hour: 1,000 h x 10 x 1.08 holiday pay x 1.235 premiums / 0.92 (8 % leave) = 14,497.83.
    paid = with_overrides(loaded, {"workforce.bijstand.wage": "10 EUR per hour"})
    person = next(x for x in candidates(paid, means)[0] if x.id == "person:bijstand")
    assert person.cost_per_year == pytest.approx(14_497.83 + 6_700, abs=0.01)


def test_a_work_place_is_tried_only_where_a_worker_looking_for_work_found_lots_waiting_for_one() -> None:
    from sim.loader import load_scenario

    loaded = load_scenario("scenarios/zorgtekort.yaml")
    busy = {"run.measured_hours": 8000.0, "steps.in_elkaar_zetten.utilisation": 0.9}
    for idle, tried in ((0.0, False), (0.4, True)):
        levers, skipped = candidates(loaded, {**busy, "steps.in_elkaar_zetten.place_refusals_per_week": idle})
        assert ("work_place:in_elkaar_zetten" in {x.id for x in levers}) is tried
        reasons = {s.id: s.reason for s in skipped}
        assert reasons.get("work_place:in_elkaar_zetten") == (None if tried else "places_unused")
    # Busy places that no worker was turned away from: the reason says so.
    _, skipped = candidates(loaded, {**busy, "steps.in_elkaar_zetten.place_refusals_per_week": 0.0})
    unused = next(s for s in skipped if s.id == "work_place:in_elkaar_zetten")
    assert "no worker looking for work ever found lots waiting there for a place" in unused.label("en")
