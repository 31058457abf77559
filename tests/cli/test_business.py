"""``ambacht businesscase``: options, exit codes and what it prints."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]


def test_a_scenario_without_a_business_case_is_refused_in_the_users_language() -> None:
    result = CliRunner().invoke(main, ["businesscase", str(ROOT / "tests" / "data" / "mmc.yaml"), "--lang", "en"])
    assert result.exit_code == 1
    assert "has no 'business_case' section" in result.output
    assert "Traceback" not in result.output


def test_json_holds_the_contract(tmp_path: Path) -> None:
    scenario = tmp_path / "case.yaml"
    text = (ROOT / "scenarios" / "gemeente-businesscase.yaml").read_text(encoding="utf-8")
    scenario.write_text(text.replace("  years: 5\n", "  years: 2\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["businesscase", str(scenario), "-n", "2", "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["years"] == [2027, 2028]
    for party in ("gemeente", "centrum", "zorgaanbieder", "afvalbedrijf", "rijk"):
        assert f"ledger.{party}.net_per_year" in data["metrics"]
        assert f"ledger.{party}.net_total" in data["metrics"]
    assert {"economics.npv", "impact.sroi_ratio", "impact.social_value", "impact.target_group_hours_share"} <= data["metrics"].keys()
    assert "payback_year" in data and len(data["cash_flow"]) == 2
