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
    data = json.loads(result.stdout)
    assert data["years"] == [2027, 2028]
    for party in ("gemeente", "centrum", "zorgaanbieder", "afvalbedrijf", "rijk"):
        assert f"ledger.{party}.net_per_year" in data["metrics"]
        assert f"ledger.{party}.net_total" in data["metrics"]
    assert {"economics.npv", "impact.sroi_ratio", "impact.social_value", "impact.target_group_hours_share"} <= data["metrics"].keys()
    assert "payback_year" in data and len(data["cash_flow"]) == 2


def _strict(text: str):  # type: ignore[no-untyped-def]
    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_one_replication_gives_valid_json_and_no_empty_interval(tmp_path: Path) -> None:
    from analysis.reporting.business_report import answer, read_business_case

    scenario = tmp_path / "case.yaml"
    text = (ROOT / "scenarios" / "gemeente-businesscase.yaml").read_text(encoding="utf-8")
    scenario.write_text(text.replace("  years: 5\n", "  years: 2\n"), encoding="utf-8")
    out = tmp_path / "bc"
    result = CliRunner().invoke(main, ["businesscase", str(scenario), "-n", "1", "--format", "json", "-q",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    # One replication has no interval: null, not NaN (which no JSON reader takes).
    data = _strict(result.stdout)  # the folder is named on stderr
    assert data["metrics"]["economics.npv"]["ci_low"] is None
    assert data["per_year"][0]["metrics"]["impact.kg_reused"]["ci_high"] is None
    stored = _strict((out / "business.json").read_text(encoding="utf-8"))
    assert stored["metrics"]["economics.npv"]["ci_high"] is None
    # The answer leaves the interval out rather than print "95% interval – to –".
    back = read_business_case(out)
    for lang in ("en", "nl"):
        sentence = answer(back, lang)[0]
        assert "interval" not in sentence and "–  to" not in sentence and "net" in sentence


def test_the_replications_option_says_each_runs_all_the_years() -> None:
    for lang, words in (("en", "each a run over all the years"), ("nl", "elk een simulatie over alle jaren")):
        result = CliRunner().invoke(main, ["businesscase", "--help", "--lang", lang], terminal_width=200)
        assert words in " ".join(result.output.split()), lang
        assert "Replications per year" not in result.output and "Replicaties per jaar" not in result.output


def test_start_state_without_a_start_state_names_the_field_once() -> None:
    for lang in ("en", "nl"):
        result = CliRunner().invoke(main, ["businesscase", str(ROOT / "scenarios" / "gemeente-businesscase.yaml"),
                                           "-n", "1", "--start", "state", "--lang", lang])
        assert result.exit_code == 1
        assert result.output.count("experiment.start") == 1 and "start_state" in result.output, result.output


def test_the_results_folder_is_named_once(tmp_path: Path) -> None:
    scenario = tmp_path / "case.yaml"
    text = (ROOT / "scenarios" / "gemeente-businesscase.yaml").read_text(encoding="utf-8")
    scenario.write_text(text.replace("  years: 5\n", "  years: 2\n"), encoding="utf-8")
    out = tmp_path / "bc"
    result = CliRunner().invoke(main, ["businesscase", str(scenario), "-n", "1", "-q", "--out", str(out),
                                       "--lang", "en"], terminal_width=300)
    assert result.exit_code == 0, result.output
    assert result.output.count(str(out)) == 1, result.output
    assert (out / "business.json").exists()


def test_report_on_a_business_case_writes_its_charts_workbook_and_pdf_again(tmp_path: Path) -> None:
    from analysis.reporting import pdf

    scenario = tmp_path / "case.yaml"
    text = (ROOT / "scenarios" / "gemeente-businesscase.yaml").read_text(encoding="utf-8")
    scenario.write_text(text.replace("  years: 5\n", "  years: 2\n"), encoding="utf-8")
    out = tmp_path / "bc"
    made = CliRunner().invoke(main, ["businesscase", str(scenario), "-n", "1", "-q", "--out", str(out)])
    assert made.exit_code == 0, made.output
    wanted = [out / "businesscase-en.html", out / "businesscase-en.xlsx", out / "charts" / "ramp-up-en.png",
              out / "charts" / "cash-flow-en.svg"]
    if pdf.engine_problem() is None:
        wanted.append(out / "businesscase-en.pdf")
    for path in wanted:
        path.unlink()
    result = CliRunner().invoke(main, ["report", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    for path in wanted:
        assert path.stat().st_size > 1000, path
