"""The starter-package example as a user runs it: run, levers and the report, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from analysis.reporting.report import write_report
from cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "scenarios" / "startpakketten.yaml"


def test_the_package_example_answers_which_item_binds_in_run_levers_and_report(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "run"
    ran = runner.invoke(main, ["run", str(EXAMPLE), "-n", "2", "--out", str(out), "--format", "json"])
    assert ran.exit_code == 0, ran.output
    metrics = json.loads(ran.stdout)["metrics"]  # the folder is named on stderr
    package = metrics["contracts.startpakket.on_time_share"]["mean"]
    items = {p: metrics[f"package_items.startpakket.{p}.on_time_share"]["mean"]
             for p in ("bed", "tafel", "stoel", "koelkasten")}
    assert min(items, key=lambda p: items[p]) == "koelkasten"
    assert package <= min(items.values()) + 1e-9

    levers = runner.invoke(main, ["levers", str(EXAMPLE), "-n", "2", "--format", "json"])
    assert levers.exit_code == 0, levers.output
    found = {lever["id"]: lever for lever in json.loads(levers.stdout)["levers"]}
    # The levers know the package: a fridge kept back (the item that binds) and a longer promise.
    fridge = found["reserve:startpakket:koelkasten"]
    assert fridge["vary"] == "market.contracts.startpakket.reserve.koelkasten=0,1"
    assert "Koelkasten" in fridge["label"]
    assert fridge["effects"]["contracts.startpakket.on_time_share"]["mean"] > 0
    assert "promise:startpakket" in found

    for lang, words in (("nl", ("Woonstichting De Linge – Koelkasten", "pakketonderdeel")),
                        ("en", ("Woonstichting De Linge – Fridges", "package item"))):
        page = write_report(out, lang).read_text(encoding="utf-8")
        for word in words:
            assert word in page, (lang, word)


def test_levers_on_a_package_whose_reserve_is_a_number_keep_back_whole_packages(tmp_path: Path) -> None:
    # 'reserve: 0' (packages) has no place for one item: the levers keep one more whole package
    # back instead of one fridge, and the study runs (it stopped with a path error before).
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count("reserve: {koelkasten: 0}") == 1
    path = tmp_path / "pakketten.yaml"
    text = text.replace("reserve: {koelkasten: 0}", "reserve: 0").replace(
        "startpakket.reserve.koelkasten: [0, 2, 4, 6]", "startpakket.reserve: [0, 1, 2]")
    path.write_text(text, encoding="utf-8")
    levers = CliRunner().invoke(main, ["levers", str(path), "-n", "2", "--format", "json"])
    assert levers.exit_code == 0, levers.output
    found = {lever["id"]: lever for lever in json.loads(levers.stdout)["levers"]}
    assert found["reserve:startpakket"]["vary"] == "market.contracts.startpakket.reserve=0,1"
    assert "reserve:startpakket:koelkasten" not in found


def test_a_sweep_of_fridges_kept_back_names_the_item_and_what_is_varied() -> None:
    from analysis.reporting.charts.context import Names
    from sim.loader import load_scenario

    scenario = load_scenario(EXAMPLE).scenario
    assert Names("en", scenario).path("market.contracts.startpakket.reserve.koelkasten") == (
        "Woonstichting De Linge – Beds + Tables + Chairs + Fridges: Fridges kept in stock for the next order")
