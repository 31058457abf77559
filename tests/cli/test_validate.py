"""`ambacht validate`, `schema`, `init` and `--version` as a user types them.

Hostile files run in a real subprocess with a generous timeout: a hang would fail the test
instead of the suite, and what the user sees (stderr, exit code) is exactly what is checked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import sim
from cli.main import main, schema_text

ROOT = Path(__file__).resolve().parents[2]
BROKEN = sorted((ROOT / "tests" / "data" / "broken").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "scenarios").glob("*.yaml")) + [ROOT / "cli" / "starter.yaml"]
LOCATED = re.compile(r"^\S+\.yaml:\d+:\d+: ", re.MULTILINE)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_a_broken_file_gives_located_problems_and_exit_code_1(path, lang):
    result = invoke("validate", str(path), "--lang", lang)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an exception escaping
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: ", result.output, re.MULTILINE), result.output


def test_there_are_at_least_ten_broken_files():
    assert len(BROKEN) >= 10


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_scenario_validates(path):
    result = invoke("validate", str(path))
    assert result.exit_code == 0, result.output
    # Without --lang, in the scenario's own language.
    ok = "in orde" if "\nlanguage: nl" in path.read_text(encoding="utf-8") else "ok"
    assert f"{path}: {ok} —" in result.output


def test_good_and_bad_files_together_report_both_and_fail(broken):
    good, bad = ROOT / "cli" / "starter.yaml", broken / "wrong-type.yaml"
    result = invoke("validate", str(good), str(bad), "--lang", "nl")
    assert result.exit_code == 1
    assert f"{good}: in orde — 'Starter centre': 2 stromen, 3 stappen, 4 personen, 1 begeleider" in result.output
    assert f"{bad}:32:5: workforce.participants.people: verwacht een heel getal" in result.output


def test_a_dutch_file_that_cannot_be_loaded_is_answered_in_dutch_without_lang(tmp_path):
    text = (ROOT / "cli" / "starter.yaml").read_text(encoding="utf-8")
    path = tmp_path / "kapot.yaml"
    path.write_text("language: nl\n" + text.replace("language:", "# language:").replace("  start_date:", "  start_date: [", 1),
                    encoding="utf-8")
    for args in (("validate", str(path)), ("run", str(path))):
        result = invoke(*args)
        assert result.exit_code == 1
        assert "YAML-syntaxfout" in result.output, result.output


def test_version():
    result = invoke("--version")
    # The version, and which engine runs (compiled, or the source and why: sim/compiled.py).
    assert result.exit_code == 0
    assert result.output.strip() == f"ambacht {sim.__version__} (engine: {sim.ENGINE})"
    assert sim.ENGINE in (
        "compiled", "python", "out of date", "switched off", "incomplete")


def test_the_committed_schema_is_what_ambacht_schema_prints():
    committed = (ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8")
    printed = invoke("schema").output
    assert printed == schema_text()
    assert committed == printed, "regenerate it: ambacht schema --out scenarios/scenario.schema.json"
    assert json.loads(printed)["title"] == "Ambacht scenario"


def test_init_writes_a_starter_that_validates_and_its_schema(tmp_path):
    target = tmp_path / "mijn-centrum.yaml"
    result = invoke("init", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert (tmp_path / "scenario.schema.json").read_text(encoding="utf-8") == schema_text()
    assert invoke("validate", str(target)).exit_code == 0


def test_the_starter_cites_its_numbers_and_has_every_block():
    text = (ROOT / "cli" / "starter.yaml").read_text(encoding="utf-8")
    for block in ("calendar:", "materials:", "routes:", "steps:", "target_groups:", "workforce:", "supervisors:",
                  "products:", "market:", "contracts:", "experiment:", "warm_up:", "replications:", "seed:", "sweeps:"):
        assert re.search(rf"^\s*{block}", text, re.MULTILINE), block
    assert "Monitor Kringloop NL 2023" in text and "estimate" in text


def test_init_does_not_overwrite_without_force(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("name: my own work\n", encoding="utf-8")
    result = invoke("init", str(target))
    assert result.exit_code == 1 and "use --force" in result.output
    assert target.read_text(encoding="utf-8") == "name: my own work\n"
    assert invoke("init", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_init_leaves_a_foreign_schema_file_alone(tmp_path):
    foreign = tmp_path / "scenario.schema.json"
    foreign.write_text('{"title": "something else"}', encoding="utf-8")
    assert invoke("init", str(tmp_path / "a.yaml")).exit_code == 0
    assert foreign.read_text(encoding="utf-8") == '{"title": "something else"}'


def test_init_into_a_folder_asks_for_a_file_name(tmp_path):
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 1 and "is a folder" in result.output


def test_the_starter_runs_with_its_default_replications(tmp_path):
    target = tmp_path / "start.yaml"
    invoke("init", str(target))
    result = invoke("run", str(target), "-q")
    assert result.exit_code == 0, result.output
    assert "on-time share" in result.output and "Traceback" not in result.output


# --- hostile files, as a user would meet them: a subprocess, its stderr and exit code -----------


def _hostile_files(folder: Path) -> dict[str, Path]:
    files = {
        "deep": ("[" * 10_000).encode(),
        "huge": b"name: x\n" + b"#" * (300 * 1024) + b"\n",
        "latin1": b"name: Caf\xe9\n",
        "empty": b"",
    }
    out = {name: folder / f"{name}.yaml" for name in files}
    for name, raw in files.items():
        out[name].write_bytes(raw)
    out["bomb"] = ROOT / "tests" / "data" / "broken" / "alias-bomb.yaml"
    out["folder"] = folder
    out["missing"] = folder / "missing.yaml"
    return out


@pytest.mark.parametrize("kind", ["deep", "huge", "latin1", "empty", "bomb", "folder", "missing"])
def test_hostile_files_end_with_a_message_and_exit_code_1(tmp_path, kind):
    path = _hostile_files(tmp_path)[kind]
    done = subprocess.run(
        [sys.executable, "-c", "from cli.main import main; main()", "validate", str(path)],
        capture_output=True, text=True, timeout=10, cwd=ROOT,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert done.stderr.startswith(str(path)) and done.stderr.count("\n") == 1
    if kind not in ("folder", "missing"):
        assert LOCATED.match(done.stderr), done.stderr
