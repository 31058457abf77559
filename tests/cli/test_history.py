"""``ambacht run --series``, ``fit``, ``calibrate`` and ``backtest``: files in, files out, exit
codes, and a located message (never a traceback, never a partial file) for bad records."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner

from analysis.calibration.records import read_records
from cli.main import main

ROOT = Path(__file__).resolve().parents[2]
CENTRE = ROOT / "tests" / "data" / "history-centre.yaml"


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [*args, "--lang", "en"])


def centre_series(tmp_path: Path, weeks: int = 8) -> Path:
    """The synthetic centre's weekly records, written by `ambacht run --series`."""
    text = CENTRE.read_text(encoding="utf-8").replace("horizon: 9 weeks", f"horizon: {weeks + 1} weeks")
    scenario = tmp_path / "truth.yaml"
    scenario.write_text(text.replace("{range: [20 per week, 60 per week]}", "40 per week"), encoding="utf-8")
    series = tmp_path / "weekly.csv"
    result = invoke("run", str(scenario), "-n", "1", "--seed", "7", "--format", "json", "--series", str(series))
    assert result.exit_code == 0, result.output
    return series


def test_run_writes_the_weeks_as_records_a_centre_keeps(tmp_path: Path) -> None:
    series = centre_series(tmp_path)
    records = read_records(series)
    assert [d.isoformat() for d in records.dates[:2]] == ["2026-01-12", "2026-01-19"] and len(records.dates) == 8
    assert "materials.textile.kg_in" in records.figures and "economics.revenue" in records.figures
    kg = np.array(records.figures["materials.textile.kg_in"])
    assert 150 < kg.mean() < 500  # 40 bags of 5 to 12 kg a week, fewer in a holiday week


def test_fit_prints_the_line_to_paste_and_draws(tmp_path: Path) -> None:
    log = tmp_path / "repairs.csv"
    values = np.random.default_rng(3).exponential(1.5, 400)
    log.write_text("stream,hours\n" + "\n".join(f"fiets,{v:.4f}" for v in values) + "\n", encoding="utf-8")
    plot = tmp_path / "fit.png"
    result = invoke("fit", str(log), "--column", "hours", "--plot", str(plot))
    assert result.exit_code == 0, result.output
    assert "Best by AIC: exponential. Paste: {distribution: exponential, mean: 1." in result.output
    assert plot.read_bytes()[:4] == b"\x89PNG"
    data = json.loads(invoke("fit", str(log), "--column", "hours", "--format", "json").stdout)
    assert data["best"] == "exponential" and data["values"] == 400
    assert data["scenario"].endswith(" h}")


def test_bad_records_are_located_and_nothing_is_written(tmp_path: Path) -> None:
    records = tmp_path / "weekly.csv"
    records.write_text("date,impact.kg_in\n2026-01-12,300\n2026-01-19,drie\n", encoding="utf-8")
    target = tmp_path / "calibrated.yaml"
    result = invoke("calibrate", str(CENTRE), "--observed", str(records), "--until", "2026-02-01", "--out",
                    str(target))
    assert result.exit_code == 1
    assert result.output.strip() == f"{records}:3: column 'impact.kg_in': 'drie' is not a number"
    assert not target.exists()
    result = invoke("fit", str(records), "--column", "kg")
    assert result.exit_code == 1 and "no such column" in result.output and "Traceback" not in result.output


def test_calibrate_then_backtest(tmp_path: Path) -> None:
    series = centre_series(tmp_path, weeks=6)
    target = tmp_path / "calibrated.yaml"
    result = invoke("calibrate", str(CENTRE), "--observed", str(series), "--until", "2026-02-09", "--samples", "6",
                    "-n", "2", "--out", str(target), "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scenario"] == str(target) and target.is_file()
    assert data["calibration_weeks"] == ["2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"]
    assert [i["path"] for i in data["inputs"]] == ["materials.textile.arrivals.rate", "market.shop.customers"]
    assert data["inputs"][0]["prior"] == [20.0, 60.0] and set(data["inputs"][0]["posterior"]) == {"p5", "p50", "p95"}
    out = tmp_path / "check"
    result = invoke("backtest", str(target), "--observed", str(series), "--from", "2026-02-09", "--samples", "2",
                    "-n", "2", "--out", str(out), "-q")
    assert result.exit_code == 0, result.output
    assert "Reproduces " in result.output and "within its 90% band" in result.output
    assert "The file states no start state, so the runs started on 2026-01-05" in result.output
    saved = json.loads((out / "backtest.json").read_text(encoding="utf-8"))
    assert saved["start"] == "records"
    assert saved["validation_weeks"] == ["2026-02-09", "2026-02-16"]
    assert saved["calibration_weeks"][-1] == "2026-02-02"
    kg = saved["metrics"]["materials.textile.kg_in"]
    assert {"coverage", "mape", "weeks"} <= set(kg) and kg["weeks"] == 2
    assert (out / "backtest-materials-textile-kg-in-en.png").is_file()
    assert "Checked against the centre" in (out / "backtest-en.html").read_text(encoding="utf-8")
    assert "2 runs" not in result.output and "4 runs" in result.output  # too few runs for a 90 % band: said
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    refused = invoke("backtest", str(target), "--observed", str(series), "--from", "2026-02-09", "--samples", "1",
                     "-n", "1", "--out", str(mine), "--force", "-q")
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mine"  # a folder Ambacht did not write stays
    again = invoke("calibrate", str(CENTRE), "--observed", str(series), "--until", "2026-02-09", "--samples", "4",
                   "-n", "1", "--out", str(CENTRE))
    assert again.exit_code == 1 and "left alone" in again.output  # the user's own file is never replaced


def test_report_on_a_backtest_folder_writes_its_page_in_the_language_asked(tmp_path: Path) -> None:
    series = centre_series(tmp_path, weeks=6)
    out = tmp_path / "hist"
    result = invoke("backtest", str(CENTRE), "--observed", str(series), "--from", "2026-02-09", "--samples", "2",
                    "-n", "1", "--out", str(out), "-q")
    assert result.exit_code == 0, result.output
    (out / "backtest-en.html").unlink()
    english = CliRunner().invoke(main, ["report", str(out), "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert english.output.strip() == str(out / "backtest-en.html")
    page = (out / "backtest-en.html").read_text(encoding="utf-8")
    assert "Checked against the centre" in page and "checked on 2 weeks it had not seen" in page
    # The page written again from the folder says when the runs started, as the first one did.
    simulated_from = json.loads((out / "backtest.json").read_text(encoding="utf-8"))["simulated_from"]
    assert simulated_from and f"the runs started on {simulated_from}, a warm-up" in " ".join(page.split())
    dutch = CliRunner().invoke(main, ["report", str(out), "--lang", "nl"])
    assert dutch.exit_code == 0, dutch.output
    page = (out / "backtest-nl.html").read_text(encoding="utf-8")
    assert "<html lang='nl'>" in page and "Checked against" not in page
    assert (out / "backtest-materials-textile-kg-in-nl.png").is_file()
    own = CliRunner().invoke(main, ["report", str(out)])  # the folder's own language when none is asked
    assert own.exit_code == 0 and own.output.strip() == str(out / "backtest-en.html")


def test_calibrate_leaves_the_business_cases_ranges_as_written(tmp_path: Path) -> None:
    from tests.cli.test_uncertainty import BUSINESS_CASE

    series = centre_series(tmp_path, weeks=6)
    scenario = tmp_path / "centre.yaml"
    scenario.write_text(CENTRE.read_text(encoding="utf-8") + BUSINESS_CASE, encoding="utf-8")
    target = tmp_path / "calibrated.yaml"
    args = ["calibrate", str(scenario), "--observed", str(series), "--until", "2026-02-09", "--samples", "6", "-n",
            "2", "--out", str(target), "-q"]
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [i["path"] for i in data["inputs"]] == ["materials.textile.arrivals.rate", "market.shop.customers"]
    assert data["booked_only_by_businesscase"] == ["business_case.staff.winkel.hours_per_week"]
    written = target.read_text(encoding="utf-8")
    assert "hours_per_week: {range: [24, 36, 40]}" in written
    assert "business_case.staff.winkel.hours_per_week:" not in written  # not marked 'calibrated'
    said = invoke(*args)
    assert said.exit_code == 0, said.output
    assert "booked only by 'ambacht businesscase'" in " ".join(said.output.split())


def test_calibrate_leaves_an_input_no_record_tells_about_as_written(tmp_path: Path) -> None:
    # The records hold no cost: the coach's cost was narrowed to its prior's own 5-95 % band and
    # marked 'calibrated'. It stays as written, and the output and JSON say so.
    series = centre_series(tmp_path, weeks=6)
    scenario = tmp_path / "centre.yaml"
    scenario.write_text(CENTRE.read_text(encoding="utf-8").replace(
        "coaches: {people: 1, qualifications: [bijstand]}",
        "coaches: {people: 1, qualifications: [bijstand], cost: {range: [60000 EUR per year, 67000 EUR per year, "
        "75000 EUR per year]}}"), encoding="utf-8")
    target = tmp_path / "calibrated.yaml"
    args = ["calibrate", str(scenario), "--observed", str(series), "--until", "2026-02-09", "--samples", "8", "-n",
            "2", "--out", str(target), "-q"]
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    informed = {i["path"]: i["informed"] for i in data["inputs"]}
    assert informed == {"materials.textile.arrivals.rate": True, "market.shop.customers": True,
                        "supervisors.coaches.cost": False}
    assert data["not_informed"] == ["supervisors.coaches.cost"]
    written = target.read_text(encoding="utf-8")
    assert "cost: {range: [60000 EUR per year, 67000 EUR per year, 75000 EUR per year]}" in written
    assert "supervisors.coaches.cost:" not in written  # not marked 'calibrated'
    assert "materials.textile.arrivals.rate: calibrated on" in written
    said = invoke(*args)
    assert said.exit_code == 0, said.output
    assert "Left as written, because the records told nothing about them" in " ".join(said.output.split())
    assert "supervisors.coaches.cost" in said.output
