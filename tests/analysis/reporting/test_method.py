"""The report's method section (STRESS): work, supervision and queue order; the start; why this
many replications, with the precision reached; software, computer and run time."""

from __future__ import annotations

import json
import platform
from pathlib import Path

import pandas as pd
import pytest

from analysis.reporting.charts import load_context
from analysis.reporting.method import method
from analysis.reporting.metric_text import value
from analysis.reporting.report import write_report
from tests.analysis.folders import run_folder

OBJECTIVE = "contracts.textielpartner.on_time_share"  # the report centre's only contract


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_folder(tmp_path_factory.mktemp("method") / "run", replications=2)


def test_the_method_tells_the_rules_the_start_the_precision_and_the_computer(folder: Path) -> None:
    paragraphs = {p.heading: p.text for p in method(load_context(folder, "en"))}
    assert list(paragraphs) == ["How people pull work", "Supervision", "Sales and orders", "How a run starts",
                                "Why this many replications", "Software and computer"]
    assert "the step furthest along its route first" in paragraphs["How people pull work"]
    assert "first in, first out" in paragraphs["How people pull work"]
    assert "takes 1/r of it" in paragraphs["Supervision"]
    assert "(contract orders, shop, webshop)" in paragraphs["Sales and orders"]  # the file's priority
    # 20 weeks with a warm-up of 4: 16 counted.
    assert "The first 4 weeks are a warm-up and are not counted: the results cover the 16 weeks after it." \
        in paragraphs["How a run starts"]
    # The precision: half the 95% interval of the objective, as summary.csv has it.
    row = pd.read_csv(folder / "summary.csv").set_index("metric").loc[OBJECTIVE]
    half = (row["ci_high"] - row["ci_low"]) / 2
    expected = (f"is {value(OBJECTIVE, row['mean'], 'en')}, with a 95% interval of ± {value(OBJECTIVE, half, 'en')}.")
    assert expected in paragraphs["Why this many replications"]
    assert paragraphs["Why this many replications"].startswith("2 replications per option") and "seed 11" in \
        paragraphs["Why this many replications"]
    settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    computer = paragraphs["Software and computer"]
    assert f"python {platform.python_version()}" in computer and settings["system"]["os"] in computer
    assert f"({settings['system']['cores']} cores)" in computer and settings["system"]["processor"]
    runs = pd.read_csv(folder / "replications.csv")
    assert len(runs) == 2 and settings["run_time_s"] > 0 and "s of computing in all" in computer


def test_a_folder_of_an_older_version_says_what_was_not_recorded(folder: Path, tmp_path: Path) -> None:
    import shutil

    old = tmp_path / "old"
    shutil.copytree(folder, old)
    settings = json.loads((old / "settings.json").read_text(encoding="utf-8"))
    del settings["system"], settings["run_time_s"]
    (old / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    computer = method(load_context(old, "nl"))[-1].text
    assert "niet vastgelegd" in computer and "rekentijd" not in computer


def test_the_report_has_the_method_in_the_readers_language(folder: Path) -> None:
    html = write_report(folder, "nl").read_text(encoding="utf-8")
    assert '<h2 id="method">Methode</h2>' in html and "STRESS" in html
    assert "Waarom zoveel replicaties" in html and "Hoe mensen werk oppakken" in html
