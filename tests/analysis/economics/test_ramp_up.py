"""The 5-year example started as a new centre and as a running one: the first year differs.

The same random numbers per replication in both (common random numbers), the example's phases
left out so that only the start differs; two years, so a running centre's years can be compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.economics.business_case import case_run
from analysis.statistics.stats import estimate
from sim.loader import load_scenario, with_overrides
from sim.run import run_replication

EXAMPLE = Path(__file__).resolve().parents[3] / "scenarios" / "gemeente-businesscase.yaml"
REPLICATIONS = 8
FEE = 1500.0  # the example's bijstand fee per trajectory
PLACES = 5  # bijstand places in year 1


@pytest.fixture(scope="module")
def years() -> dict[str, list[list[dict[str, float]]]]:
    loaded = with_overrides(load_scenario(EXAMPLE), {"business_case.years": 2, "business_case.changes": []})
    return {start: [run_replication(case_run(loaded, start).scenario, r).years for r in range(REPLICATIONS)]
            for start in ("opening", "running")}


def _paired(years, name: str, year: int = 0):  # type: ignore[no-untyped-def]
    return estimate([o[year][name] - r[year][name] for o, r in zip(years["opening"], years["running"], strict=True)])


def test_a_new_centre_reuses_less_in_its_first_year_than_a_running_one(years) -> None:  # type: ignore[no-untyped-def]
    # It opens with an empty shop: the stock it sells from is built up in its first weeks.
    assert _paired(years, "impact.kg_reused").high < 0
    # From the second year on the start no longer shows.
    second = _paired(years, "impact.kg_reused", 1)
    assert second.low < 0 < second.high


def test_a_new_centre_books_the_fees_of_its_first_occupants_in_year_1(years) -> None:  # type: ignore[no-untyped-def]
    fees = _paired(years, "groups.bijstand.income")
    # Five people start on the opening day: five fees a running centre does not book; fewer
    # places fall vacant and are refilled in the first year (nobody ends before 6 months).
    assert fees.mean > 0.4 * PLACES * FEE and fees.low > 0
    assert fees.mean < PLACES * FEE


def test_a_running_centres_years_agree_in_kg_and_its_clothing_stock_takes_a_year_to_settle(years) -> None:  # type: ignore[no-untyped-def]
    first = estimate([run[0]["impact.kg_reused"] for run in years["running"]])
    second = estimate([run[1]["impact.kg_reused"] for run in years["running"]])
    assert first.low <= second.high and second.low <= first.high
    # Revenue does not agree: more clothing is sorted than sold, and the stock ages into its
    # markdown over the first year, far beyond the example's 4-week warm-up. From year 2 on every
    # piece sold is marked down (a year run from a warm-up alone showed year 1's revenue forever).
    for start in ("opening", "running"):
        shares = [[run[y]["products.kleding.markdown_share"] for run in years[start]] for y in (0, 1)]
        assert estimate(shares[0]).high < 0.9 < estimate(shares[1]).low, start


def test_nobody_finishes_a_trajectory_of_at_least_6_months_in_the_first_half_year(years) -> None:  # type: ignore[no-untyped-def]
    # Trajectories of 6 to 18 months: a new centre's first year sends out about half its five
    # people (0.75 to a job on average); a running centre's about five.
    out = estimate([sum(run[0][f"pools.bijstand.outflow_to_{d}"] for d in ("job", "education", "other"))
                    for run in years["opening"]])
    running = estimate([sum(run[0][f"pools.bijstand.outflow_to_{d}"] for d in ("job", "education", "other"))
                        for run in years["running"]])
    assert out.mean <= PLACES and out.high < running.low


def test_an_existing_centres_business_case_starts_from_its_stated_state() -> None:
    from analysis.economics.business_case import run_business_case
    from sim.loader import load_text
    from tests.sim.scenarios import centre

    case = {"years": 1, "centre": "centrum", "stakeholders": {"centrum": {}, "gemeente": {}}}
    state = {"participants": {"deelnemers": ["25 weeks", "1 week"]},  # four places vacant
             "stock": {"meubel": [{"units": 30, "age": "2 weeks"}]}}
    data = centre(business_case=case, start_state=state,
                  **{"experiment.start": "state", "experiment.warm_up": None})
    import json

    loaded = load_text(json.dumps(data), "existing.yaml")
    result = run_business_case(loaded, replications=2)
    assert result.start == "state"
    year = result.per_year[0]["metrics"]
    # Trajectories of 26 weeks, vacancies refilled in 4: the person 25 weeks in leaves in week 1,
    # their successor starts in week 5 and leaves in week 31, the next starts in week 35 (2 starts);
    # the person 1 week in leaves in week 25, the next starts in week 29 (1); the four vacant places
    # fill in week 4, empty in week 30 and fill again in week 34 (8). In place at the start: 2.
    assert year["pools.deelnemers.people_served"]["mean"] == pytest.approx(2 + 2 + 1 + 8)


def test_a_business_case_of_a_running_centre_says_its_first_year_is_not_a_new_centres() -> None:
    import json

    from analysis.economics.business_case import run_business_case
    from analysis.reporting.business_report import caveat_texts
    from sim.loader import load_text
    from tests.sim.scenarios import centre

    case = {"years": 1, "centre": "centrum", "stakeholders": {"centrum": {}, "gemeente": {}}}
    loaded = load_text(json.dumps(centre(business_case=case)), "running.yaml")
    result = run_business_case(loaded, replications=2, start="running")
    assert result.start == "running" and result.caveats[0] == "start_running"
    assert "--start opening" in caveat_texts(result, "en")[0] and "nieuw centrum" in caveat_texts(result, "nl")[0]
    assert "start_running" not in run_business_case(loaded, replications=2).caveats  # opening, the default


@pytest.fixture(scope="module")
def three_years() -> dict[str, list[list[dict[str, float]]]]:
    """The example's first three years without its phases: opening, and running from a centre whose
    clothing stock has settled (a 60-week warm-up: the stock grows for about 56 weeks before
    disposal after 10 weeks caps it; the file's 4 weeks are for the queues)."""
    loaded = with_overrides(load_scenario(EXAMPLE), {"business_case.years": 3, "business_case.changes": []})
    settled = with_overrides(loaded, {"experiment.warm_up": "60 weeks", "experiment.horizon": "2 years"})
    return {label: [run_replication(case_run(source, start).scenario, r).years for r in range(REPLICATIONS)]
            for label, source, start in (("opening", loaded, "opening"), ("settled", settled, "running"))}


def test_a_new_centres_first_year_differs_from_its_third_and_a_settled_running_centres_does_not(three_years) -> None:  # type: ignore[no-untyped-def]
    def year(start: str, y: int, name: str):  # type: ignore[no-untyped-def]
        return estimate([run[y][name] for run in three_years[start]])

    def third_minus_first(start: str, name: str):  # type: ignore[no-untyped-def]
        return estimate([run[2][name] - run[0][name] for run in three_years[start]])

    # Opening: year 1 reuses less than year 3 (the paired difference of each run's years excludes 0).
    assert third_minus_first("opening", "impact.kg_reused").low > 0
    # Its revenue is higher in year 1, not lower: a new shop sells fresh clothing at full price;
    # the oversupplied stock then ages into its markdown (6 weeks) and from year 2 on every piece
    # sold is marked down. The example's answer, pinned so that a change to it is noticed.
    assert third_minus_first("opening", "economics.revenue").high < 0
    assert year("opening", 0, "products.kleding.markdown_share").high < 0.9 < year("opening", 2, "products.kleding.markdown_share").low
    # A running centre whose stock has settled: year 1 and year 3 agree within their intervals.
    for name in ("impact.kg_reused", "economics.revenue"):
        first, third = year("settled", 0, name), year("settled", 2, name)
        assert first.low <= third.high and third.low <= first.high, name


def test_a_running_business_case_says_when_its_warm_up_ends_before_the_stock_has_settled() -> None:
    from analysis.economics.business_case import run_business_case
    from analysis.reporting.business_report import caveat_texts

    loaded = with_overrides(load_scenario(EXAMPLE), {"business_case.years": 2, "business_case.changes": []})
    short = run_business_case(loaded, replications=2, start="running")
    # The example's clothing stock grows for most of a year; its 4-week warm-up ends long before.
    assert short.caveats[0] == "start_running" and "stock_unsettled" in short.caveats
    assert short.warm_up["stock_unsettled_h"]["kleding"] > 20 * 7 * 24
    at = short.caveats.index("stock_unsettled")
    texts = {lang: caveat_texts(short, lang)[at] for lang in ("en", "nl")}
    assert "the stock of Clothing" in texts["en"] and "had not settled" in texts["en"]
    assert "de voorraad Kleding" in texts["nl"] and "nog niet stabiel" in texts["nl"]
    longer = {"experiment.warm_up": "60 weeks", "experiment.horizon": "2 years"}
    settled = run_business_case(with_overrides(loaded, longer), replications=2, start="running")
    assert "stock_unsettled" not in settled.caveats and settled.warm_up.get("stock_unsettled_h", {}) == {}
    opening = run_business_case(loaded, replications=2).caveats  # an opening has no warm-up
    assert "stock_unsettled" not in opening and "warm_up_short" not in opening


def test_a_running_business_case_with_changes_judges_its_warm_up_by_what_comes_before_the_first() -> None:
    from analysis.economics.business_case import run_business_case
    from sim.phases import phases

    loaded = with_overrides(load_scenario(EXAMPLE), {"business_case.years": 3})  # phase 2 from year 2
    result = run_business_case(loaded, replications=2, start="running")
    first_change = phases(case_run(loaded, "running").scenario)[1].at
    # The textile container of phase 2 makes the clothing stock grow again: not the start's doing.
    # MSER-5 sees only the warm-up and year 1, and cuts at most half of them.
    assert "stock_unsettled" in result.caveats
    assert 20 * 7 * 24 < result.warm_up["stock_unsettled_h"]["kleding"] <= first_change / 2
