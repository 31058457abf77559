"""What `ambacht run` prints for a new user: whole names, teams by their names, lead times in the
promise's unit, and a clear message (exit 1) for a folder given as the scenario."""

from __future__ import annotations

from io import StringIO

from click.testing import CliRunner
from rich.console import Console
from rich.table import Table

from cli.common import show
from cli.main import main
from tests.analysis.helpers import SHORT, write_scenario

LONG = "Werkbegeleiding Noord-Oost, het team van de kringloopwinkel aan de Industrieweg"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_run_table_names_teams_by_their_names_whole_and_lead_times_in_weeks(tmp_path):
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT, **{"supervisors.begeleiders.name": LONG})
    result = invoke("run", str(scenario), "-n", "2", "-q")
    assert result.exit_code == 0, result.output
    assert f"supervisors {LONG}: utilisation" in result.output
    assert "begeleiders" not in result.output and "…" not in result.output
    assert "contract Hotel – meubel: lead time P95 (weeks)" in result.output  # promised within '2 weeks'


def test_a_narrow_terminal_wraps_a_table_instead_of_cutting_names():
    table = Table()
    table.add_column("metric")
    table.add_column("mean", justify="right")
    table.add_row(LONG, "0.87")
    out = StringIO()
    show(table, Console(file=out, width=40))
    printed = out.getvalue()
    assert "…" not in printed
    # The name's words, read row by row from the first column, are the whole name.
    cells = [line.split("│")[1] for line in printed.splitlines() if line.count("│") == 3]
    assert " ".join(" ".join(cells).split()) == LONG
    assert len(cells) > 1  # wrapped onto more lines


def test_a_folder_given_as_the_scenario_exits_1_with_a_message_in_the_users_language(tmp_path):
    write_scenario(tmp_path / "c.yaml", **SHORT)
    dutch = invoke("run", str(tmp_path), "--lang", "nl")
    assert dutch.exit_code == 1
    assert "Usage" not in dutch.output
    assert dutch.output.strip() == (f"{tmp_path}: dit is een map, geen scenariobestand; geef het pad van een "
                                    f"scenariobestand erin, zoals {tmp_path / 'c.yaml'}")
    empty = tmp_path / "leeg"
    empty.mkdir()
    english = invoke("run", str(empty))
    assert english.exit_code == 1
    assert "this is a folder, not a scenario file; give the path of a scenario file (.yaml)" in english.output
