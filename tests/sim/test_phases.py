"""A centre's years as one run: how it starts, changes on their dates, the years it reports."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.loader import ScenarioError, load_text, validate
from sim.model import Centre
from sim.phases import phases, year_windows
from sim.run import run_replication
from tests.sim.scenarios import centre

CASE = {
    "years": 3,
    "centre": "centrum",
    "stakeholders": {"centrum": {}, "gemeente": {}},
    "changes": [
        {"year": 2, "set": {"workforce.deelnemers.people": 8}},
        {"from": "2027-07-05", "set": {"supervisors.begeleiders.people": 2}},
    ],
}
MONTH = 730.0  # hours in a month (a twelfth of 8760)


def test_the_changes_become_phases_at_their_dates_each_with_all_changes_in_force_by_then() -> None:
    s = validate(centre(business_case=CASE, **{"experiment.horizon": "3 years", "experiment.warm_up": None}), "test")
    found = phases(s)
    # Year 2 starts on 5 January 2027 (the start date plus a year), the second change on 5 July 2027.
    assert [p.at for p in found] == [0.0, 365 * 24.0, 546 * 24.0]
    assert [p.scenario.workforce["deelnemers"].people for p in found] == [6, 8, 8]
    assert [p.scenario.supervisors["begeleiders"].people for p in found] == [1, 1, 2]
    assert [p.changes for p in found] == [0, 1, 2]


def test_the_years_are_windows_of_the_run_after_the_warm_up() -> None:
    s = validate(centre(business_case=CASE, **{"experiment.horizon": f"{28 + 365 + 365} days",
                                               "experiment.warm_up": "4 weeks"}), "test")
    # Year 1 starts after the 4 weeks of warm-up; year 3 does not fit in the horizon.
    assert year_windows(s) == [(28 * 24.0, (28 + 365) * 24.0), ((28 + 365) * 24.0, (28 + 730) * 24.0)]


def _opening(places: int, **extra: object) -> dict:
    return centre(**{
        "experiment.warm_up": None, "experiment.start": "opening", "experiment.horizon": "2 years",
        "workforce.deelnemers.people": places,
        "workforce.deelnemers.trajectory.length": "9 months",
        "workforce.deelnemers.vacancy_refill": "2 weeks",
        "target_groups.bijstand.fee_per_trajectory": "1000 EUR",
        "target_groups.bijstand.subsidy": None,  # the fees alone: income is starts x 1000 EUR
        **extra,
    })


def test_a_centre_that_opens_sends_nobody_out_before_month_9_then_all_its_places_then_refills() -> None:
    places = 6
    model = Centre(validate(_opening(places), "test"), seed=5, replication=0)
    pool = next(p for p in model.pools if p.id == "deelnemers")
    # Everybody starts a 9-month trajectory on the opening day: the first occupants count as starts.
    model.env.run(until=1.0)
    assert pool.starts == places and pool.filled.value == places
    model.env.run(until=9 * MONTH - 1.0)
    assert sum(pool.outflow.values()) == 0
    # 9 months after 5 January 2026 is Monday 5 October, 18:00: they leave at their next shift.
    model.env.run(until=9 * MONTH + 4 * 24.0)
    assert sum(pool.outflow.values()) == places
    assert pool.filled.value == 0
    # Two weeks later every place is taken again, by newcomers who start a trajectory of their own.
    model.env.run(until=9 * MONTH + 4 * 24.0 + 15 * 24.0)
    assert pool.filled.value == places and pool.starts == 2 * places
    assert sum(pool.outflow.values()) == places


def test_an_opening_that_fills_its_places_over_six_weeks_takes_one_person_every_week() -> None:
    # Six places filled over six weeks: the first on the opening day, place k at the first shift on
    # or after day 7k (the participants work from 9:00 on weekdays; 5 January 2026 is a Monday).
    model = Centre(validate(_opening(6, **{"workforce.deelnemers.filled_over": "6 weeks"}), "test"), seed=5,
                   replication=0)
    pool = next(p for p in model.pools if p.id == "deelnemers")
    for week in range(6):
        model.env.run(until=week * 168.0 + 1.0)
        assert (pool.starts, pool.filled.value) == (max(week, 1), max(week, 1))  # before this week's shift
        model.env.run(until=week * 168.0 + 24.0)
        assert (pool.starts, pool.filled.value) == (week + 1, week + 1)
    # Each leaves 9 months after their own start: the first in October, the last six weeks later.
    model.env.run(until=9 * MONTH + 4 * 24.0)
    assert sum(pool.outflow.values()) == 1
    model.env.run(until=9 * MONTH + 6 * 168.0 + 4 * 24.0)
    assert sum(pool.outflow.values()) == 6


def test_a_running_start_counts_no_starts_for_the_people_already_in_place() -> None:
    model = Centre(validate(_opening(6, **{"experiment.start": "running"}), "test"), seed=5, replication=0)
    model.env.run(until=1.0)
    assert next(p for p in model.pools if p.id == "deelnemers").starts == 0


def test_an_opening_centre_books_the_fee_of_its_first_occupants_in_year_1() -> None:
    data = _opening(6, business_case={**CASE, "changes": []}, **{"experiment.horizon": "365 days"})
    result = run_replication(validate(data, "test"), seed=5)
    (year,) = result.years
    # Six starts on the opening day, none later in the year (trajectories of 9 months, refilled in
    # 2 weeks: six more start in October): twelve fees of 1000 EUR in the year.
    assert year["pools.deelnemers.people_served"] == pytest.approx(12.0)
    assert year["groups.bijstand.income"] == pytest.approx(12 * 1000)


QUEUE = {
    # One slow participant: the cleaning queue builds up until two more join on 4 May.
    "workforce.deelnemers.people": 1, "workforce.deelnemers.productivity": 0.3,
    "workforce.deelnemers.trajectory": None, "workforce.deelnemers.vacancy_refill": None,
    "experiment.warm_up": None, "experiment.horizon": "40 weeks",
}
CHANGE_DAY = dt.date(2026, 5, 4)


def _with_change(**values: object) -> dict:
    case = {**CASE, "changes": [{"from": CHANGE_DAY.isoformat(), "set": values}]}
    return centre(business_case=case, **QUEUE)


def test_more_people_from_a_date_drain_the_queue_built_before_it_and_nothing_differs_before() -> None:
    base = run_replication(validate(_with_change(**{"workforce.deelnemers.people": 1}), "test"), seed=4)
    more = run_replication(validate(_with_change(**{"workforce.deelnemers.people": 4}), "test"), seed=4)
    at = (CHANGE_DAY - dt.date(2026, 1, 5)).days * 24.0
    times = np.array(base.series["time"])
    before = times <= at
    assert before.sum() == 120  # a sample a day, the day of the change included
    for name, values in base.series.items():
        assert np.array_equal(np.array(values)[before], np.array(more.series[name])[before]), name
    queue_base = np.array(base.series["queue.schoonmaken"])
    queue_more = np.array(more.series["queue.schoonmaken"])
    built = queue_base[before][-1]
    assert built > 30  # a queue built over four months
    # Three people clear it within weeks; the one person alone never does.
    four_weeks = times > at + 4 * 168.0
    assert queue_more[four_weeks].max() < built / 3
    assert queue_base[four_weeks].min() > built / 2
    # Three joiners work from the change on (about 4 of the run's 9 months): hours about double.
    hours = more.metrics["pools.deelnemers.hours_worked"] / base.metrics["pools.deelnemers.hours_worked"]
    assert 1.8 < hours < 3.2


def test_a_higher_arrival_rate_from_a_date_leaves_the_arrivals_before_it_as_they_were() -> None:
    base = run_replication(validate(_with_change(**{"materials.meubels.arrivals.rate": "60 per week"}), "test"), seed=4)
    more = run_replication(validate(_with_change(**{"materials.meubels.arrivals.rate": "120 per week"}), "test"), seed=4)
    at = (CHANGE_DAY - dt.date(2026, 1, 5)).days * 24.0
    times = np.array(base.series["time"])
    before = times <= at
    for name, values in base.series.items():
        assert np.array_equal(np.array(values)[before], np.array(more.series[name])[before]), name
    assert more.metrics["materials.meubels.kg_in"] > 1.4 * base.metrics["materials.meubels.kg_in"]


def test_a_change_the_running_centre_cannot_take_is_refused_at_its_line() -> None:
    text = _yaml({"changes": [{"year": 2, "set": {"workforce.deelnemers.productivity": 0.8}}]})
    with pytest.raises(ScenarioError) as error:
        load_text(text, "case.yaml")
    message = error.value.render("en")
    assert "case.yaml:" in message and "workforce.deelnemers.productivity" in message
    assert "cannot change while the centre runs" in message and "workforce.<pool>.people" in message


def test_a_change_to_a_path_that_does_not_exist_is_refused_at_its_line() -> None:
    text = _yaml({"changes": [{"year": 2, "set": {"workforce.deelnemer.people": 8}}]})
    with pytest.raises(ScenarioError) as error:
        load_text(text, "case.yaml")
    message = error.value.render("en")
    assert "case.yaml:" in message and "workforce.deelnemer.people" in message
    assert "did you mean" in message and "workforce.deelnemers.people" in message


def test_a_change_to_a_value_the_language_refuses_is_refused_when_loading() -> None:
    text = _yaml({"changes": [{"year": 2, "set": {"workforce.deelnemers.people": -3}}]})
    with pytest.raises(ScenarioError) as error:
        load_text(text, "case.yaml")
    message = error.value.render("nl")
    assert "business_case.changes.0.set.workforce.deelnemers.people" in message
    assert "moet minstens 0 zijn" in message


def test_an_opening_centre_with_a_warm_up_is_refused() -> None:
    data = centre(**{"experiment.start": "opening"})
    import json

    with pytest.raises(ScenarioError) as error:
        load_text(json.dumps(data, indent=1), "open.yaml")
    assert "no warm-up" in error.value.render("en") and "open.yaml:" in error.value.render("en")


def test_a_stakeholder_that_is_not_named_is_refused() -> None:
    text = _yaml({"grants": {"start": {"amount": "5000 EUR", "years": 1, "paid_by": "rijk", "received_by": "centrum"}}})
    with pytest.raises(ScenarioError) as error:
        load_text(text, "case.yaml")
    assert "'rijk' is not a stakeholder" in error.value.render("en")


def _yaml(extra: dict) -> str:
    import json

    case = {**CASE, "changes": [], **extra}
    # JSON is YAML: a file whose lines the loader can point at.
    return json.dumps(centre(business_case=case), indent=1)


@settings(max_examples=12, deadline=None)
@given(
    day=st.integers(min_value=1, max_value=60),
    people=st.integers(min_value=0, max_value=6),
    team=st.integers(min_value=0, max_value=3),
    rate=st.sampled_from(["30 per week", "60 per week", "90 per week"]),
)
def test_any_change_leaves_the_run_before_its_date_as_it_was(day: int, people: int, team: int, rate: str) -> None:
    """Common random numbers across a change: whatever it sets, nothing differs before its day."""
    values = {"workforce.deelnemers.people": people, "supervisors.begeleiders.people": team,
              "materials.meubels.arrivals.rate": rate}
    short = {**QUEUE, "experiment.horizon": "12 weeks", "workforce.deelnemers.people": 3}
    case = {**CASE, "changes": [{"from": (dt.date(2026, 1, 5) + dt.timedelta(days=day)).isoformat(), "set": values}]}
    without = run_replication(validate(centre(**short), "test"), seed=8)
    changed = run_replication(validate(centre(business_case=case, **short), "test"), seed=8)
    times = np.array(without.series["time"])
    before = times <= day * 24.0
    for name, series in without.series.items():
        assert np.array_equal(np.array(series)[before], np.array(changed.series[name])[before]), name


def test_a_price_changed_from_a_date_is_paid_from_then_and_nothing_differs_before() -> None:
    # The shop's furniture costs 25 EUR, 50 EUR from 4 May; no markdown, so every piece sold
    # before brings 25 EUR and every piece after 50 EUR, and the run is the same until then.
    same = _with_change(**{"products.meubel.price": "25 EUR"})
    dearer = _with_change(**{"products.meubel.price": "50 EUR"})
    at = (CHANGE_DAY - dt.date(2026, 1, 5)).days * 24.0
    sold = []
    for data in (same, dearer):
        data["products"]["meubel"].pop("markdown_after", None)
        model = Centre(validate(data, "test"), seed=4, replication=0)
        product = model.products[0]
        model.env.run(until=at)
        before = (product.revenue["shop"], product.sold["shop"])
        model.env.run(until=40 * 168.0)
        after = (product.revenue["shop"] - before[0], product.sold["shop"] - before[1])
        sold.append((before, after))
    (before_same, after_same), (before_dearer, after_dearer) = sold
    assert before_same == before_dearer and before_same[1] > 0
    assert before_dearer[0] == pytest.approx(25 * before_dearer[1])
    assert after_dearer[0] == pytest.approx(50 * after_dearer[1]) and after_dearer[1] > 0
    assert after_same[0] == pytest.approx(25 * after_same[1])


def test_a_change_may_set_prices_but_not_what_a_running_centre_cannot_take() -> None:
    validate(_with_change(**{"products.meubel.price": "30 EUR", "market.contracts.hotel.price": "20 EUR"}), "test")
    with pytest.raises(ScenarioError, match="products.<product>.price"):
        validate(_with_change(**{"workforce.deelnemers.productivity": 0.8}), "test")


def test_storage_and_grade_shares_changed_from_a_date_hold_from_then_and_nothing_differs_before() -> None:
    # From 4 May the furniture shed is gone (storage: none) and twice as much comes in broken.
    # Before that day the two runs are the same event for event; after it, material is refused
    # (no room to wait) and more goes to waste.
    at = (CHANGE_DAY - dt.date(2026, 1, 5)).days * 24.0
    base = _with_change(**{"materials.meubels.storage": "3 t"})
    changed = _with_change(**{"materials.meubels.storage": "none", "materials.meubels.grades.goed.share": 0.3,
                              "materials.meubels.grades.afval.share": 0.4})
    counts = []
    for data in (base, changed):
        data["workforce"]["deelnemers"]["people"] = 6  # enough hands: refusals come from storage alone
        model = Centre(validate(data, "test"), seed=4, replication=0)
        stream, flow = model.streams[0], model.flow
        model.env.run(until=at)
        before = (stream.kg_in, stream.refused_kg, flow.wasted_kg)
        model.env.run(until=40 * 168.0)
        after = (stream.kg_in - before[0], stream.refused_kg - before[1], flow.wasted_kg - before[2])
        counts.append((before, after, stream.capacity))
    (before_base, after_base, room_base), (before_changed, after_changed, room_changed) = counts
    assert before_base == before_changed and before_base[0] > 0
    assert (room_base, room_changed) == (3000.0, 0.0)
    assert after_base[1] == 0 and after_changed[1] > 1000  # kg refused after the date
    # Waste over what came in after the date: 20 % broken beyond repair plus a fifth of the
    # disassembled failed repairs (30 % x 40 % x 20 %); then 40 % beyond repair (they need no
    # storage) plus failed repairs of what could still be taken in.
    assert after_base[2] / after_base[0] == pytest.approx(0.2 + 0.3 * 0.4 * 0.2, abs=0.02)
    assert 0.38 <= after_changed[2] / after_changed[0] <= 0.4 + 0.3 * 0.4 * 0.2 + 0.02


def test_work_places_changed_from_a_date_hold_from_then_and_cost_from_then() -> None:
    # Repairs have one bench until 4 May, three after; three repairers all work the same hours,
    # so the hours someone could repair are those of one bench before and three after, and the
    # benches cost 1 EUR an hour each from the day they are there.
    at = (CHANGE_DAY - dt.date(2026, 1, 5)).days * 24.0
    end = 40 * 168.0
    runs = []
    for places in (1, 3):
        data = _with_change(**{"steps.repareren.work_places": places})
        data["steps"]["repareren"].update({"work_places": 1, "cost_per_work_place": "1 EUR per hour"})
        data["workforce"]["reparateurs"]["people"] = 3
        model = Centre(validate(data, "test"), seed=4, replication=0)
        step = next(s for s in model.steps if s.id == "repareren")
        model.env.run(until=at)
        before = step.able_level.area_at(at)
        model.env.run(until=end)
        runs.append((before, step.able_level.area_at(end) - before, step.places))
        result = run_replication(validate(data, "test"), seed=4)
        cost = result.metrics["economics.work_place_cost"] * result.metrics["run.measured_hours"] / 8760.0
        assert cost == pytest.approx(at * 1 + (end - at) * places)
    (before_one, after_one, one), (before_three, after_three, three) = runs
    assert before_one == before_three > 0 and (one, three) == (1, 3)
    assert after_three == pytest.approx(3 * after_one)
    with pytest.raises(ScenarioError, match="unlimited"):
        validate(_with_change(**{"steps.schoonmaken.work_places": 2}), "test")


def test_places_filled_over_weeks_are_for_an_opening_and_refused_with_another_start() -> None:
    data = _opening(6, **{"workforce.deelnemers.filled_over": "6 weeks", "experiment.start": "running"})
    with pytest.raises(ScenarioError, match="opening"):
        validate(data, "test")


def _runs_to_and_past(data: dict, at: float, end: float, read) -> tuple:  # type: ignore[no-untyped-def]
    """What ``read(model)`` gives at the change and what it added after it, for one run."""
    model = Centre(validate(data, "test"), seed=4, replication=0)
    model.env.run(until=at)
    before = read(model)
    model.env.run(until=end)
    after = read(model)
    return model, before, tuple(a - b for a, b in zip(after, before, strict=True))


def _open_hours_after(model: Centre, function: str, at: float, end: float) -> float:
    return sum(min(e, end) - max(s, at) for s, e in model.calendar.functions[function] if e > at and s < end)


def test_shop_customers_and_webshop_orders_changed_from_a_date_come_at_the_new_rate_and_nothing_differs_before() -> None:
    # Every customer and every webshop order wants one piece of furniture, so what is asked is
    # the number who came. From 4 May the shop gets 800 customers a week instead of 400, the
    # webshop 60 orders instead of 20; before that day the two runs are the same.
    at = (CHANGE_DAY - dt.date(2026, 1, 5)).days * 24.0
    end = 40 * 168.0
    runs = []
    for customers, orders in (("400 per week", "20 per week"), ("800 per week", "60 per week")):
        data = _with_change(**{"market.shop.customers": customers, "market.online.orders": orders})
        data["market"]["shop"]["demand"]["meubel"]["probability"] = 1.0
        data["market"]["online"] = {"orders": "20 per week", "demand": {"meubel": {}}}
        data["steps"]["schoonmaken"]["lists_online"] = True
        runs.append(_runs_to_and_past(data, at, end, lambda m: (m.products[0].demanded["shop"],
                                                                m.products[0].demanded["online"])))
    (model, before_same, after_same), (_, before_more, after_more) = runs
    assert before_same == before_more and before_same[0] > 0 and before_same[1] > 0
    # Expected: the weekly number over the shop's 41 open hours a week (7 x 5 + 6), in every
    # open hour after the change (holidays bring nobody); the webshop takes orders day and night.
    shop_hours = _open_hours_after(model, "shop", at, end)
    for (shop, online), (per_week, orders) in ((after_same, (400, 20)), (after_more, (800, 60))):
        expected_shop = per_week / 41.0 * shop_hours
        expected_online = orders / 168.0 * (end - at)
        assert abs(shop - expected_shop) < 4 * expected_shop ** 0.5, (shop, expected_shop)
        assert abs(online - expected_online) < 4 * expected_online ** 0.5, (online, expected_online)


def test_opening_hours_changed_from_a_date_hold_from_then_and_a_weekly_rate_spreads_over_the_new_week() -> None:
    # From 4 May the drop-off point is open only on weekday mornings (15 hours a week instead of
    # 39) and the workshop closes at 13:00. The furniture still comes at 60 pieces a week, now
    # within those mornings; the participants (09:00-15:00) work till 13:00.
    at = (CHANGE_DAY - dt.date(2026, 1, 5)).days * 24.0
    end = 40 * 168.0
    mornings = {"calendar.opening_hours.dropoff": {"weekdays": "09:00-12:00"},
                "calendar.opening_hours.workshop.weekdays": "09:00-13:00"}
    data = _with_change(**mornings)
    data["materials"]["meubels"]["storage"] = "unlimited"
    model, before, after = _runs_to_and_past(data, at, end, lambda m: (m.streams[0].kg_in,))
    plain = Centre(validate(centre(**QUEUE, **{"materials.meubels.storage": "unlimited"}), "test"), seed=4, replication=0)
    plain.env.run(until=at)
    assert before == (plain.streams[0].kg_in,) and before[0] > 0
    # The periods: as the file says before the day, the new hours from it on.
    for function, hours in (("dropoff", (9.0, 12.0)), ("workshop", (9.0, 13.0))):
        periods = [(s, e) for s, e in model.calendar.functions[function] if s < end]
        assert [p for p in periods if p[1] <= at] == [p for p in plain.calendar.functions[function] if p[1] <= at]
        assert all((s % 24, e % 24) == hours and model.calendar.weekday(int(s // 24)) < 5 for s, e in periods if s >= at)
    shifts = [(s % 24, e % 24) for s, e in model.pools[0].shifts if at <= s < end]
    assert shifts and set(shifts) == {(9.0, 13.0)}
    # 60 pieces of 20 kg a week over 15 open hours, in every open hour after the change.
    expected = 60 / 15.0 * _open_hours_after(model, "dropoff", at, end)
    assert abs(after[0] / 20.0 - expected) < 4 * expected ** 0.5, (after[0] / 20.0, expected)


def test_outflow_shares_changed_from_a_date_send_everyone_who_ends_after_it_where_they_say() -> None:
    # Eight-week trajectories for six people. From 4 May every trajectory that ends leads to a job
    # (the file says 30 %); before that day the runs are the same, ending for ending.
    at = (CHANGE_DAY - dt.date(2026, 1, 5)).days * 24.0
    end = 40 * 168.0
    trajectory = {"length": "8 weeks", "outflow": {"job": 0.3, "education": 0.1, "other": 0.6}}
    runs = []
    for outflow in (trajectory["outflow"], {"job": 1.0, "education": 0.0, "other": 0.0}):
        data = _with_change(**{"workforce.deelnemers.trajectory.outflow": outflow})
        data["workforce"]["deelnemers"].update(people=6, trajectory=trajectory, vacancy_refill="1 week")
        runs.append(_runs_to_and_past(data, at, end, lambda m: tuple(m.pools[0].outflow.values())))
    (_, before_same, after_same), (_, before_job, after_job) = runs
    assert before_same == before_job and sum(before_same) >= 6
    assert sum(after_job) == sum(after_same) >= 12  # the same endings, now every one to a job
    assert after_job[0] == sum(after_job) and after_same[0] < sum(after_same)


def test_a_change_to_one_outflow_share_must_keep_the_shares_adding_up_to_one() -> None:
    data = _with_change(**{"workforce.deelnemers.trajectory.outflow.job": 0.9})
    data["workforce"]["deelnemers"]["trajectory"] = {"length": "8 weeks",
                                                     "outflow": {"job": 0.3, "education": 0.1, "other": 0.6}}
    with pytest.raises(ScenarioError, match=r"outflow.job: the outflow shares must add up to 1, they add up to 1.6"):
        validate(data, "test")
    data["business_case"]["changes"][0]["set"] = {"workforce.deelnemers.trajectory.outflow.job": 0.3}
    validate(data, "test")


def test_an_opening_hours_change_in_a_calendar_that_is_always_open_is_refused_at_its_line() -> None:
    data = _with_change(**{"calendar.opening_hours.shop.saturday": "closed"})
    data["calendar"]["always_open"] = True
    with pytest.raises(ScenarioError, match=r"changes.0.set.calendar.opening_hours.shop.saturday: the calendar is "
                                            r"always open"):
        validate(data, "test")


def test_a_weekly_rate_follows_new_hours_from_their_day_even_where_the_drop_off_never_closes() -> None:
    # Open day and night every day (one period across the days), then from a Monday on weekdays
    # only: 168 pieces a week either way, now over 120 hours instead of 168.
    at = (CHANGE_DAY - dt.date(2026, 1, 5)).days * 24.0
    data = _with_change(**{"calendar.opening_hours.dropoff": {"weekdays": "00:00-24:00"}})
    data["calendar"]["opening_hours"]["dropoff"] = {"daily": "00:00-24:00"}
    data["calendar"]["public_holidays"] = "none"  # Ascension Day and Whit Monday fall in these weeks
    data["materials"]["meubels"].update(storage="unlimited", arrivals={"rate": "168 per week", "pattern": "regular"})
    week = 168.0
    for weeks in (1, 10):  # regular arrivals: the count is exact, give or take the one under way
        _, _, after = _runs_to_and_past(data, at, at + weeks * week, lambda m: (m.streams[0].units_in,))
        assert abs(after[0] - 168 * weeks) <= 1  # 1.4 an hour over the 120 open hours (1 an hour: 120)
