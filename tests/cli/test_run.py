"""`ambacht run`, `compare` and `warmup` as a user types them: what they print, their exit codes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli.main import main
from tests.analysis.helpers import SHORT, write_scenario


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_run_prints_a_table_with_intervals_and_the_diagnosis(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    result = invoke("run", str(scenario), "-n", "3", "-q")
    assert result.exit_code == 0, result.output
    assert "95% interval" in result.output and "on-time share" in result.output
    # Six participants for 60 items a week: they wait for material most of their hours.
    assert "The binding leg is materials: people are idle" in " ".join(result.output.split())
    dutch = invoke("run", str(scenario), "-n", "2", "-q", "--lang", "nl")
    assert "gemiddelde" in dutch.output and "aandeel op tijd" in dutch.output


def test_json_is_identical_for_the_same_seed(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    first = invoke("run", str(scenario), "-n", "2", "--format", "json")
    second = invoke("run", str(scenario), "-n", "2", "--format", "json")
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    data = json.loads(first.stdout)
    assert data["scenario"] == "test centre" and data["seed"] == 3 and data["version"]
    assert len(data["scenario_hash"]) == 12
    assert "contracts.hotel.on_time_share" in data["metrics"]
    other = json.loads(invoke("run", str(scenario), "-n", "2", "--format", "json", "--seed", "4").stdout)
    assert other["metrics"]["impact.kg_in"] != data["metrics"]["impact.kg_in"]


def test_compare_reports_paired_differences(tmp_path):
    a = write_scenario(tmp_path / "a.yaml", **SHORT)
    b = write_scenario(tmp_path / "b.yaml", **SHORT, **{"workforce.deelnemers.people": 2})
    result = invoke("compare", str(a), str(b), "-n", "4", "-q", "--out", str(tmp_path / "cmp"))
    assert result.exit_code == 0, result.output
    assert "B − A" in result.output and "real?" in result.output
    assert (tmp_path / "cmp" / "summary.csv").exists()


def test_bad_scenario_is_a_clean_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncalendar: {start_date: 2026-01-05}\nmaterials: 3\n")
    result = invoke("run", str(bad))
    assert result.exit_code == 1
    assert "bad.yaml:3" in result.output and "Traceback" not in result.output


def test_compare_variants_of_one_file(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    result = invoke("compare", str(scenario), "--vary", "workforce.deelnemers.people=6,2", "-n", "3", "-q")
    assert result.exit_code == 0, result.output
    assert "people=6" in result.output and "people=2" in result.output
    assert invoke("compare", str(scenario), "--vary", "workforce.deelnemers.people=6", "-q").exit_code == 1


def test_warmup_check_says_whether_the_warm_up_is_long_enough(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    result = invoke("warmup", str(scenario), "-n", "3")
    assert result.exit_code == 0, result.output
    assert "MSER-5 suggests a warm-up of 5 days; the scenario uses 14 days: enough." in " ".join(result.output.split())
    # The same centre measured from its first hour: an empty centre's start is in the numbers.
    cold = write_scenario(tmp_path / "cold.yaml", **{**SHORT, "experiment.warm_up": "0 h"})
    result = invoke("warmup", str(cold), "-n", "3")
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())
    assert "MSER-5 suggests a warm-up of 5 days; the scenario uses 0" in words and words.endswith("days: too short.")
    dutch = invoke("warmup", str(scenario), "-n", "3", "--lang", "nl")
    assert "inloopperiode" in dutch.output


def test_compare_json_gives_the_paired_difference_of_every_metric(tmp_path):
    a = write_scenario(tmp_path / "a.yaml", **SHORT)
    b = write_scenario(tmp_path / "b.yaml", **SHORT, **{"workforce.deelnemers.people": 2})
    result = invoke("compare", str(a), str(b), "-n", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["key"] for s in data["scenarios"]] == ["0:a", "1:b"] and data["seed"] == 3
    hours = data["comparisons"][0]["metrics"]["impact.participant_hours"]
    assert set(hours) == {"a", "b", "mean", "ci_low", "ci_high", "significant"} and hours["mean"] < 0


def test_the_results_folder_is_named_before_the_first_run(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    out = tmp_path / "out"
    assert invoke("run", str(scenario), "-n", "1", "-q", "--out", str(out)).exit_code == 0
    again = invoke("run", str(scenario), "-n", "1", "-q", "--out", str(out), "--lang", "nl")
    assert again.output.startswith(f"{out} bestaat al; de resultaten komen in {out}-2/")
