"""`ambacht report` and `ambacht draw` as a user types them: what they print and their exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from analysis.reporting.report import write_report
from cli.main import main
from tests.analysis.folders import CENTRE, MMC, run_folder
from tests.analysis.reporting.test_report import Page


def ambacht(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_ambacht_report_works_on_any_results_folder(tmp_path: Path) -> None:
    folder = run_folder(tmp_path / "mmc", MMC, replications=2, lang="en")
    result = ambacht("report", str(folder), "--no-levers")
    assert result.exit_code == 0, result.output
    page = Page((folder / "report-en.html").read_text(encoding="utf-8"))
    assert page.lang == "en" and page.images, "the default language is the folder's"
    assert "no contracts" in page.words
    # Nothing measured (--no-levers): the threshold reading, labelled as a first hint.
    assert "First hint, read off thresholds on the current state (not measured;" in page.words
    out = tmp_path / "raad" / "raadsvoorstel.html"
    result = ambacht("report", str(folder), "--lang", "nl", "--out", str(out), "--no-levers")
    assert result.exit_code == 0, result.output
    assert out.exists() and out.with_suffix(".pdf").exists()


def test_ambacht_report_refuses_a_folder_that_is_not_a_result(tmp_path: Path) -> None:
    result = ambacht("report", str(tmp_path))
    assert result.exit_code == 1
    assert "not a results folder" in result.output and "Traceback" not in result.output


def test_ambacht_draw_writes_png_or_svg_by_the_suffix(tmp_path: Path) -> None:
    result = ambacht("draw", str(CENTRE), "--out", str(tmp_path / "keten.svg"), "--lang", "en")
    assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "keten.svg").getroot()
    assert root.tag.endswith("svg")
    bad = ambacht("draw", str(CENTRE), "--out", str(tmp_path / "keten.txt"))
    assert bad.exit_code == 1 and ".png" in bad.output


def test_the_report_shows_what_each_lever_buys_measured(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    from tests.analysis import lever_centres

    data = lever_centres.centre(**lever_centres.SHOP_TAKES_THE_STOCK).data
    data["objective"] = "contracts.partner.on_time_share"
    scenario = tmp_path / "partner.yaml"
    with scenario.open("w", encoding="utf-8") as handle:
        YAML().dump(data, handle)
    result = ambacht("run", str(scenario), "-n", "3", "--out", str(tmp_path / "run"), "--quiet", "--lang", "en",
                     "--report")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "run"
    record = json.loads((folder / "levers.json").read_text(encoding="utf-8"))
    assert record["objective"] == "contracts.partner.on_time_share"
    # The run's own three replications are the levers' base: shared, not run again.
    assert record["base_replications"] == 3
    assert record["runs"] == sum(x["replications"] for x in record["levers"])
    runs = pd.read_parquet(folder / "replications.parquet")
    assert record["base"][record["objective"]]["mean"] == pytest.approx(runs[record["objective"]].mean())
    english = Page((folder / "report-en.html").read_text(encoding="utf-8"))
    # The measured verdict, its table and chart; no threshold reading beside it (one verdict).
    assert "The binding leg is market" in english.words and "keep 30 items in stock for the next order" in english.words
    assert "What each lever buys, measured" in english.words and "What each lever buys: contract" in english.words
    assert "--vary \"market.contracts.partner.reserve=0,30\"" in english.words
    assert "First hint" not in english.words and "read off thresholds" not in english.words
    # The triad chart marks the measured leg, on the stream the lever acts on.
    from analysis.reporting.charts import load_context, triad

    [chart] = triad.draw(load_context(folder, "en"))
    assert list(chart.data["binding"]) == ["market demand"] and "measured" in chart.caption
    dutch = Page(write_report(folder, "nl").read_text(encoding="utf-8"))
    assert "De beperkende poot is de afzetmarkt" in dutch.words and "Wat elke hefboom oplevert" in dutch.words
    # `ambacht report` uses the levers the folder has; it measures only when they are missing.
    from cli.levers import measure_for_report

    before = (folder / "levers.json").stat().st_mtime_ns
    measure_for_report(folder, None, 1, None, True)
    assert (folder / "levers.json").stat().st_mtime_ns == before
