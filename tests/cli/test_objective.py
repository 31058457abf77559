"""Every command reads the file's ``objective`` and says which metric it tested."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import main
from tests.cli.test_uncertainty import _short


def _with_objective(tmp_path: Path, objective: str) -> Path:
    """textiel-partner (whose first contract is 'atelier') with another objective in the file."""
    path = _short(tmp_path, "textiel-partner")
    text = path.read_text(encoding="utf-8")
    start = text.index("objective:")
    end = text.index("\n", start)
    path.write_text(text[:start] + f"objective: {objective}" + text[end:], encoding="utf-8")
    return path


def test_uncertainty_tests_the_files_objective_and_says_so(tmp_path: Path) -> None:
    scenario = _with_objective(tmp_path, "economics.net_result")
    args = ["uncertainty", str(scenario), "--samples", "6", "-n", "1", "-q"]
    out = CliRunner().invoke(main, [*args, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout[out.stdout.index("{"):])
    # Before: the first contract's on-time share, whatever the file asked for.
    assert data["objective"] == "economics.net_result" and data["objective_source"] == "file"
    assert data["sensitivity"]["economics.net_result"]
    table = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert table.exit_code == 0, table.output
    said = " ".join(table.output.split())
    assert "Tested: economics: net result (EUR per year) (the file's objective)." in said
    dutch = CliRunner().invoke(main, [*args, "--lang", "nl"])
    assert "Getoetst: economie: nettoresultaat (euro per jaar) (het doel uit het bestand)." in " ".join(
        dutch.output.split()), dutch.output


def test_the_option_wins_over_the_file_and_the_json_says_where_it_came_from(tmp_path: Path) -> None:
    # Four samples: too few for the sensitivity's bootstrap, which divided by zero (a traceback).
    scenario = _with_objective(tmp_path, "economics.net_result")
    out = CliRunner().invoke(main, ["uncertainty", str(scenario), "--samples", "4", "-n", "1", "-q", "--format",
                                    "json", "--objective", "impact.kg_reused"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout[out.stdout.index("{"):])
    assert data["objective"] == "impact.kg_reused" and data["objective_source"] == "option"


def test_run_and_compare_name_the_files_objective(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / "tests" / "data" / "small-centre.yaml").read_text(encoding="utf-8")
    path = tmp_path / "small.yaml"
    path.write_text(text + "objective: impact.kg_reused\n", encoding="utf-8")
    as_json = CliRunner().invoke(main, ["run", str(path), "-n", "2", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["objective"] == "impact.kg_reused"
    table = CliRunner().invoke(main, ["run", str(path), "-n", "2", "--lang", "en"])
    assert table.exit_code == 0, table.output
    said = " ".join(table.output.split())
    assert "Objective (the file's): impact: material reused (kg per year):" in said
    compared = CliRunner().invoke(main, ["compare", str(path), "--vary", "workforce.participants.people=4,5", "-n",
                                         "2", "--lang", "en"])
    assert compared.exit_code == 0, compared.output
    first_row = next(line for line in compared.output.splitlines() if line.startswith("│"))
    assert "impact: material reused (kg per year)" in first_row  # the objective's row first
    assert "Objective (the file's): impact: material reused (kg per year)." in " ".join(compared.output.split())
