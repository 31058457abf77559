"""``ambacht reference``: the scenario reference is generated from the schema and kept up to date."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cli.main import main, scenario_schema
from cli.reference import reference_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "scenario-reference.md"


def rows(text: str) -> dict[str, list[list[str]]]:
    """Table rows per section heading: {'materials.<id>.arrivals': [[key, type, unit, ...], ...]}."""
    found: dict[str, list[list[str]]] = {}
    section = ""
    for line in text.splitlines():
        heading = re.match(r"^## `(.+)`$", line)
        if heading:
            section = heading.group(1)
            found[section] = []
        elif section and line.startswith("| `"):
            found[section].append([c.strip() for c in line.strip("|").split(" | ")])
    return found


def test_committed_reference_is_up_to_date():
    # If this fails: run `ambacht reference --out docs/scenario-reference.md` and commit it.
    assert DOCS.read_text(encoding="utf-8") == reference_markdown()


def test_command_writes_the_reference(tmp_path):
    out = tmp_path / "reference.md"
    result = CliRunner().invoke(main, ["reference", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == reference_markdown()


def test_every_key_of_the_language_is_documented():
    schema = scenario_schema()
    documented = {row[0].strip("`") for table in rows(reference_markdown()).values() for row in table}
    models = [schema] + [d for name, d in schema["$defs"].items()
                         if not re.match(r"^(Duration|Mass|Count)[A-Z]", name)]
    keys = {key for model in models for key in model.get("properties", {})}
    assert keys - {"distribution"} <= documented


def test_quantities_show_their_unit_and_required_keys_say_so():
    tables = rows(reference_markdown())
    contract = {row[0]: row for row in tables["market.contracts.<id>"]}
    assert contract["`promised_lead_time`"][2].startswith("time")
    assert contract["`promised_lead_time`"][3] == "**required**"
    assert contract["`target_on_time_share`"][3] == "`0.95`"
    stream = {row[0]: row for row in tables["materials.<id>"]}
    assert stream["`storage`"][2].startswith("mass")
    assert "`unlimited`" in stream["`storage`"][1] + stream["`storage`"][4]
    group = {row[0]: row for row in tables["target_groups.<id>"]}
    assert group["`subsidy`"][2].startswith("EUR per")
    pool = {row[0]: row for row in tables["workforce.<id>"]}
    assert "monday" in pool["`days`"][3]  # the default list of working days
