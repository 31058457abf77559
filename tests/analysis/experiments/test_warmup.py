"""The warm-up check on the stock: a shop whose shelves are still filling when the warm-up ends
reports revenue, markdowns and disposal of a centre that is not yet in its steady state."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from analysis.experiments.replications import run_replications
from analysis.experiments.warmup import WarmUpCheck, suggested_for_stock, warm_up_check
from analysis.statistics.stats import mser5
from sim.loader import load_scenario, with_overrides

EXAMPLE = Path(__file__).resolve().parents[3] / "scenarios" / "gemeente-businesscase.yaml"
DAY = 24.0


def _runs(stock: dict[str, list[np.ndarray]], times: np.ndarray) -> list[dict[str, object]]:
    count = len(next(iter(stock.values())))
    return [{"series": {"time": times, **{f"stock.{p}": curves[r] for p, curves in stock.items()}}}
            for r in range(count)]


def test_a_stock_that_grows_all_run_gets_the_latest_cut_mser5_allows_and_a_flat_one_none() -> None:
    times = np.arange(100) * DAY  # a sample a day, 100 days: 20 batches of 5
    growing = [np.arange(100.0), np.arange(100.0) + 4]
    rng = np.random.default_rng(3)
    flat = [50 + rng.normal(0, 1, 100), 50 + rng.normal(0, 1, 100)]
    found = suggested_for_stock(_runs({"kleding": growing, "meubels": flat}, times))
    # MSER-5 never cuts past half the batches: for a straight line the marginal error falls with
    # every batch cut, so it cuts 9 of 20 batches, 45 samples: day 45.
    assert found["kleding"] == 45 * DAY
    assert found["meubels"] == times[mser5(np.mean(flat, axis=0))] and found["meubels"] < 10 * DAY
    # Up to a change on day 50 only: 50 samples, 10 batches, the cut at 4 of them: day 20.
    assert suggested_for_stock(_runs({"kleding": growing}, times), until=50 * DAY)["kleding"] == 20 * DAY


def test_only_the_products_beyond_the_warm_up_are_named_and_the_check_travels_as_data() -> None:
    check = WarmUpCheck(None, 28 * DAY, {"kleding": 45 * DAY})
    assert check.enough and check.warning("en") == ""  # the queues are fine
    names = {"kleding": "Clothing"}.get
    en = check.stock_warning("en", lambda p: names(p) or p)
    assert "Clothing" in en and "45" in en and "28" in en
    assert "voorraad" in check.stock_warning("nl")
    assert check.warnings("en") == [check.stock_warning("en")]
    assert WarmUpCheck.from_dict(json.loads(json.dumps(check.to_dict()))) == check
    assert WarmUpCheck(None, 28 * DAY).stock_warning("en") == ""


def test_the_example_clothing_stock_is_still_growing_after_4_weeks_and_settled_after_60() -> None:
    # The 5-year example sorts more clothing for its shop than it sells: the stock grows until its
    # oldest pieces reach 10 weeks, after most of a year (the business case's running start).
    loaded = with_overrides(load_scenario(EXAMPLE), {"business_case.changes": []})
    short = run_replications(loaded, 2).warm_up
    assert "kleding" in short.stock_h and short.stock_h["kleding"] > 20 * 7 * DAY
    assert "Kleding" in short.stock_warning("nl", lambda p: p.capitalize())
    settled = with_overrides(loaded, {"experiment.warm_up": "60 weeks", "experiment.horizon": "2 years"})
    long = run_replications(settled, 2).warm_up
    assert "kleding" not in long.stock_h


def test_a_runs_json_and_report_carry_the_stock_warning(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from analysis.reporting.report import write_report

    loaded = with_overrides(load_scenario(EXAMPLE), {"business_case.changes": []})
    result = run_replications(loaded, 2, out=tmp_path / "run")
    assert any("the stock of Clothing had not settled" in c for c in result.to_json("en")["caveats"])
    assert any("de voorraad Kleding is na de inloopperiode" in c for c in result.to_json("nl")["caveats"])
    assert warm_up_check(result.runs, loaded) == result.warm_up
    # Beside the answer and in the method section ("How a run starts").
    for lang, answer, method in (("nl", "de voorraad Kleding is na de inloopperiode", "De voorraad van sommige"),
                                 ("en", "the stock of Clothing had not settled", "The stock of some products")):
        page = Path(write_report(result.folder, lang)).read_text(encoding="utf-8")
        assert answer in page and method in page, lang
