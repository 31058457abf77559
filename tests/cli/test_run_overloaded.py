"""``ambacht run`` on a centre that cannot keep up: a message naming the step and its rates, exit 1,
no traceback; with ``--format json`` the JSON says so (before: MemoryError after minutes)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import main

SMALL = (Path(__file__).resolve().parents[1] / "data" / "small-centre.yaml").read_text(encoding="utf-8")


def _overloaded(tmp_path: Path) -> Path:
    path = tmp_path / "overloaded.yaml"
    path.write_text(SMALL.replace("rate: 40 per week", "rate: 7e5 per week").replace("people: 4", "people: 1"),
                    encoding="utf-8")
    return path


def test_run_format_json_says_that_the_queue_grows_without_bound(tmp_path):
    result = CliRunner().invoke(main, ["run", str(_overloaded(tmp_path)), "-n", "1", "--format", "json"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    data = json.loads(result.stdout)
    assert data["stopped"] == "queue_grows_without_bound" and data["step"] == "sorting"
    # 280,000 lots in the first two days (20,000 an open hour, 7 h a day): about 980,000 a week.
    assert abs(data["entered_lots_per_week"] - 980_000) < 0.01 * 980_000
    assert data["lots_waiting"] > 200_000 and "cannot keep up" in data["message"]


def test_run_as_a_table_tells_the_step_and_its_rates_in_the_users_language(tmp_path):
    result = CliRunner().invoke(main, ["run", str(_overloaded(tmp_path)), "-n", "1", "--lang", "nl", "--quiet"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "de wachtrij bij stap 'sorting' groeit met ongeveer" in result.output
    assert "kan het niet bijhouden" in result.output
