"""The compiled engine gives the source's results, and never runs stale or half compiled."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sim
from sim import compiled

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(str(path) for path in (ROOT / "scenarios").glob("*.yaml"))

needs_compiled = pytest.mark.skipif(
    sim.ENGINE != "compiled", reason=f"the engine is not compiled here ({sim.ENGINE}): make setup")

# Every example's full result (series and lead times included), replication 1 and seed 7, as
# the hash of its JSON; with the file the engine's modules came from.
RESULTS = """
import hashlib, json, sys
import sim, sim.steps
from sim.loader import load_scenario
from sim.run import run_replication
hashes = {}
for path in sys.argv[1:]:
    result = run_replication(load_scenario(path).scenario, 1, 7).to_dict(timing=False)
    text = json.dumps(result, sort_keys=True, default=str)
    hashes[path] = hashlib.sha256(text.encode()).hexdigest()
print(json.dumps({"engine": sim.ENGINE, "module": sim.steps.__file__, "hashes": hashes}))
"""


def run_python(code: str, *args: str, env: dict[str, str] | None = None,
               path: Path | None = None) -> dict:
    environment = {**os.environ, **(env or {})}
    if path is not None:
        environment["PYTHONPATH"] = str(path)
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=environment, cwd=path or ROOT, timeout=600, check=True)
    return json.loads(done.stdout.splitlines()[-1])


@needs_compiled
def test_the_compiled_engine_gives_every_example_the_same_results_as_the_source() -> None:
    as_compiled = run_python(RESULTS, *EXAMPLES)
    as_python = run_python(RESULTS, *EXAMPLES, env={compiled.SWITCH: "python"})
    assert as_compiled["engine"] == "compiled" and as_compiled["module"].endswith(compiled.SUFFIX)
    assert as_python["engine"] == "switched off" and as_python["module"].endswith("steps.py")
    assert len(as_compiled["hashes"]) == len(EXAMPLES) == 7
    assert as_compiled["hashes"] == as_python["hashes"]


WHICH = """
import json, sim, sim.steps, sim.workforce
print(json.dumps({"engine": sim.ENGINE, "module": sim.steps.__file__,
                  "workforce": sim.workforce.__file__}))
"""


@needs_compiled
def test_an_edited_engine_module_runs_as_source_not_as_its_stale_compilation(tmp_path: Path) -> None:
    copy = tmp_path / "sim"
    shutil.copytree(Path(sim.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = run_python(WHICH, path=tmp_path)
    assert before["engine"] == "compiled" and before["module"].endswith(compiled.SUFFIX)

    with (copy / "stock.py").open("a") as source:  # an edit in one module ...
        source.write("\n# edited\n")
    after = run_python(WHICH, path=tmp_path)
    assert after["engine"] == "out of date"
    # ... and all of them run as source (compiled and interpreted classes cannot be mixed).
    assert after["module"] == str(copy / "steps.py")
    assert after["workforce"] == str(copy / "workforce.py")


@needs_compiled
@pytest.mark.parametrize("missing", ["market", "engine__mypyc"])  # a module, the shared library
def test_an_engine_missing_a_compiled_file_runs_as_source(tmp_path: Path, missing: str) -> None:
    copy = tmp_path / "sim"
    shutil.copytree(Path(sim.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / f"{missing}{compiled.SUFFIX}").unlink()
    which = run_python(WHICH, path=tmp_path)
    assert which["engine"] == "incomplete" and which["module"] == str(copy / "steps.py")


STRAY = """
import json, sys, sim, sim.steps, sim.market
print(json.dumps({"engine": sim.ENGINE, "steps": sys.modules["sim.steps"].__file__,
                  "market": sim.market.__file__, "same_lot": sim.market.Lot is sim.steps.Lot}))
"""


@needs_compiled
def test_a_compiled_module_the_engine_no_longer_compiles_runs_as_source(tmp_path: Path) -> None:
    # A build made with another list of modules (a later commit's, then an earlier one checked
    # out): loading its stray market module would pull the compiled steps into sys.modules.
    copy = tmp_path / "sim"
    shutil.copytree(Path(sim.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    text = (copy / "compiled.py").read_text()
    assert '"market", ' in text
    (copy / "compiled.py").write_text(text.replace('"market", ', "", 1))
    which = run_python(STRAY, path=tmp_path)
    assert which["engine"] == "out of date"
    assert which["steps"] == str(copy / "steps.py") and which["market"] == str(copy / "market.py")
    assert which["same_lot"]
