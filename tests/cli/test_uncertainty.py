"""``ambacht uncertainty`` and ``ambacht centres``: options, exit codes, resume, JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def _short(tmp_path: Path, name: str) -> Path:
    """An example cut to a few weeks, so the command runs in seconds."""
    text = (ROOT / "scenarios" / f"{name}.yaml").read_text(encoding="utf-8")
    text = text.replace("  horizon: 1 year", "  horizon: 8 weeks").replace("  warm_up: 4 weeks", "  warm_up: 1 week")
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_without_ranges_is_told_how_to_write_one() -> None:
    result = CliRunner().invoke(main, ["uncertainty", str(ROOT / "tests" / "data" / "mmc.yaml"), "--lang", "en"])
    assert result.exit_code == 1
    assert "{range: [80 per week" in result.output and "Traceback" not in result.output


def test_json_contract_and_resume(tmp_path: Path) -> None:
    scenario = _short(tmp_path, "textiel-partner")
    out = tmp_path / "study"
    args = ["uncertainty", str(scenario), "--samples", "6", "-n", "1", "--format", "json", "-q", "--out", str(out)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout[first.stdout.index("{"):])
    assert data["samples"] == 6 and len(data["inputs"]) == 3
    assert {"path", "low", "high"} <= data["inputs"][0].keys()
    assert data["objective"] == "contracts.atelier.on_time_share"
    assert data["requirement"] == "contracts.atelier.on_time_share >= 0.95"
    assert 0.0 <= data["holds_share"] <= 1.0
    assert {"p5", "p50", "p95"} <= data["outputs"]["economics.net_result"].keys()
    assert (out / "uncertainty-nl.html").exists() and (out / "charts" / "tornado-en.png").exists()
    # Running again into the same folder without --resume is refused; with --resume nothing reruns.
    again = CliRunner().invoke(main, args[:-2] + ["--out", str(out)])
    assert again.exit_code == 1 and "--resume" in again.output
    assert (out / "uncertainty.sqlite").exists()
    resumed = CliRunner().invoke(main, [*args, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    assert json.loads(resumed.stdout[resumed.stdout.index("{"):])["outputs"] == data["outputs"]


def test_centres_side_by_side(tmp_path: Path) -> None:
    files = [str(_short(tmp_path, n)) for n in ("kernteam-start", "textiel-partner")]
    result = CliRunner().invoke(main, ["centres", *files, "-n", "2", "--format", "json", "-q",
                                       "--out", str(tmp_path / "c"), "--report"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["name"] for c in data["centres"]] == ["Kernteam-start", "Textiel-partner"]
    figures = data["centres"][0]["figures"]
    assert 0.0 <= figures["reuse_share"]["mean"] <= 1.0
    assert figures["participants"]["mean"] == 8.0  # 5 bijstand + 3 volunteers
    banded = [f for f in data["figures"] if f["low"] is not None or f["high"] is not None]
    assert all(f["source"] for f in banded)
    for lang in ("nl", "en"):
        assert (tmp_path / "c" / f"centres-{lang}.html").exists()


def test_the_schema_allows_a_range_wherever_a_number_is_and_nowhere_else() -> None:
    jsonschema = __import__("pytest").importorskip("jsonschema")
    from cli.main import scenario_schema
    from tests.sim.scenarios import centre

    validator = jsonschema.Draft202012Validator(scenario_schema())
    good = centre(**{"materials.meubels.arrivals.rate": {"range": ["40 per week", "90 per week"]},
                     "workforce.deelnemers.absence": {"bereik": [0.05, 0.1, 0.2]}})
    assert not list(validator.iter_errors(good))
    for path, value in (("steps.sorteren.skill", {"range": ["a", "b"]}),
                        ("experiment.replications", {"range": [5, 10]}),
                        ("workforce.deelnemers.absence", {"range": [0.1]})):
        assert list(validator.iter_errors(centre(**{path: value}))), path


BUSINESS_CASE = """
business_case:
  years: 1
  centre: centrum
  stakeholders:
    centrum: {name: Centre}
  staff:
    winkel:
      name: Shop assistant
      hours_per_week: {range: [24, 36, 40]}
      wage: 14.71 EUR per hour
"""
"""A business case whose one range (the shop assistant's hours) is money booked after the runs."""


def test_the_business_cases_ranges_are_not_sampled_and_the_study_says_so(tmp_path: Path) -> None:
    # Drawing a range the runs never read gave a spread of zero and 'the answer is robust'.
    only_money = CliRunner().invoke(main, ["uncertainty", str(ROOT / "scenarios" / "gemeente-businesscase.yaml"),
                                           "--samples", "4", "-n", "2", "--lang", "en"])
    assert only_money.exit_code == 1 and "Traceback" not in only_money.output
    assert "business_case.staff.winkel.hours_per_week" in only_money.output
    assert "booked only by 'ambacht businesscase'" in only_money.output and "robust" not in only_money.output
    scenario = tmp_path / "centre.yaml"
    scenario.write_text((ROOT / "tests" / "data" / "history-centre.yaml").read_text(encoding="utf-8") + BUSINESS_CASE,
                        encoding="utf-8")
    args = ["uncertainty", str(scenario), "--samples", "4", "-n", "1", "-q", "--lang", "en"]
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
    assert [i["path"] for i in data["inputs"]] == ["materials.textile.arrivals.rate", "market.shop.customers"]
    assert all(len(row) == 2 for row in data["design"])
    assert data["booked_only_by_businesscase"] == ["business_case.staff.winkel.hours_per_week"]
    said = CliRunner().invoke(main, args)
    assert said.exit_code == 0, said.output
    assert "booked only by 'ambacht businesscase'" in " ".join(said.output.split())
