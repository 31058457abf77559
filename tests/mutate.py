"""Mutation testing of the modules a change touches: would the tests notice a small bug there?

``make mutate`` (``python -m tests.mutate``) runs mutmut on the ``sim/`` and ``analysis/`` modules
that differ from ``main`` (or those named in ``MODULES``), with the tests that concern each: its
mirror (``sim/calendar.py`` -> ``tests/sim/test_calendar.py``) and every test file that imports
it. mutmut plants one small change at a time (a ``<`` for a ``<=``, a constant off by one, an
argument dropped ...) and runs the tests that execute the changed function; a mutant the tests do
not notice *survives*. The score of a module is its killed mutants (a timeout counts as killed:
the change made the tests hang) over all mutants it has, less those listed as equivalent in
``docs/testing.md`` (a change that alters no behaviour, so no test can notice it).

The work happens in a scratch copy (``out/mutation``; mutmut writes its mutants there too), so
the checkout is never left mutated, and with the engine as source (a compiled module would hide
a mutant in its ``.py``). It runs ``nice``, one mutant at a time, and stops after ``--minutes``:
mutants not reached by then are reported as not checked, never as killed.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / "out" / "mutation"
PACKAGES = ("sim", "analysis")
COPIED = ("sim", "analysis", "cli", "tests", "scenarios", "locale", "docs", "benchmarks", "pyproject.toml",
          "README.md", "CHANGELOG.md", "BENCHMARKS.md", "Makefile", "babel.cfg")
"""What the tests read besides the code: the copy holds all of it (mutmut runs them inside it)."""
NOT_COPIED = shutil.ignore_patterns("__pycache__", "*.so", "engine.digest", ".hypothesis", "*.pyc")
SKIPPED_MODULES = ("__init__.py", "compiled.py")
"""Not mutated: package markers, and the build step of the compiled engine (its tests build it)."""
EQUIVALENT = re.compile(r"^\|\s*`([\w.ǁ]+__mutmut_\d+)`\s*\|")
"""A row of the table of equivalent mutants in docs/testing.md."""
KILLED = {"killed", "timeout", "caught by type check"}


def changed_modules(base: str) -> list[str]:
    """The sim/ and analysis/ modules that differ from ``base`` (committed or not), that still exist."""
    merge_base = subprocess.run(["git", "merge-base", base, "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip()
    names = subprocess.run(["git", "diff", "--name-only", merge_base, "--", *PACKAGES], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    return sorted(n for n in set(names) if n.endswith(".py") and (ROOT / n).exists()
                  and Path(n).name not in SKIPPED_MODULES)


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def import_of(path: str) -> re.Pattern[str]:
    """A line that imports module ``path``: 'from sim.calendar import', 'import sim.calendar',
    'from sim import calendar'."""
    module = module_name(path)
    package, _, leaf = module.rpartition(".")
    return re.compile(rf"^\s*(?:from\s+{re.escape(module)}\s+import|import\s+{re.escape(module)}\b"
                      rf"|from\s+{re.escape(package)}\s+import\s+(?:\(?[\w\s,]*\b{leaf}\b))", re.MULTILINE)


def tests_for(path: str) -> list[str]:
    """The test files that concern module ``path``: its mirror and every test file that imports it."""
    mirror = ROOT / "tests" / Path(path).parent / f"test_{Path(path).stem}.py"
    imports = import_of(path)
    found = {mirror} if mirror.exists() else set()
    for test in (ROOT / "tests").rglob("test_*.py"):
        if imports.search(test.read_text(encoding="utf-8")):
            found.add(test)
    return sorted(str(t.relative_to(ROOT)) for t in found)


def equivalent_mutants() -> dict[str, str]:
    """Mutants docs/testing.md lists as equivalent (no behaviour changes), with why."""
    doc = ROOT / "docs" / "testing.md"
    out: dict[str, str] = {}
    if doc.exists():
        for line in doc.read_text(encoding="utf-8").splitlines():
            match = EQUIVALENT.match(line)
            if match:
                out[match.group(1)] = line.split("|")[-2].strip()
    return out


def prepare(modules: list[str], tests: list[str]) -> None:
    """A fresh scratch copy with mutmut's settings for these modules and tests."""
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH)
    SCRATCH.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, SCRATCH / name, ignore=NOT_COPIED)
        elif source.exists():
            shutil.copy2(source, SCRATCH / name)

    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    also = [n for n in COPIED if n not in PACKAGES]
    settings = (
        "\n[tool.mutmut]\n"
        f"source_paths = {toml_list(list(PACKAGES))}\n"
        f"only_mutate = {toml_list(modules)}\n"
        f"also_copy = {toml_list(also)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        # The cache would be shared by every mutant: off.
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]\n'
        "use_git_change_detection = false\n"
    )
    with (SCRATCH / "pyproject.toml").open("a", encoding="utf-8") as file:
        file.write(settings)


def run_mutmut(minutes: float, children: int, names: list[str] | None = None) -> bool:
    """Run mutmut in the scratch copy (only the mutants ``names``, when given); True when it
    finished within ``minutes``."""
    env = {**os.environ, "AMBACHT_ENGINE": "python", "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *(names or [])]
    process = subprocess.Popen(command, cwd=SCRATCH, env=env, start_new_session=True)
    try:
        process.wait(timeout=minutes * 60)
        return process.returncode == 0
    except subprocess.TimeoutExpired:
        # Interrupt as Ctrl-C would: mutmut keeps what it measured; the rest stays 'not checked'.
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        return False


def results(modules: list[str]) -> dict[str, dict[str, str]]:
    """Status of every mutant of each module, from mutmut's files in the scratch copy."""
    from mutmut.stats import status_by_exit_code

    out: dict[str, dict[str, str]] = {}
    for path in modules:
        meta = SCRATCH / "mutants" / f"{path}.meta"
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"] if meta.exists() else {}
        out[path] = {name: status_by_exit_code[code] for name, code in codes.items()}
    return out


def changes(path: Path) -> dict[str, str]:
    """What each mutant in mutmut's copy of a module changes: '-' and '+' lines against the original
    function (what ``mutmut show`` prints, read straight from the file)."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()  # sliced per function (ast.get_source_segment splits the file each call)
    functions = {node.name: "\n".join(lines[node.lineno - 1:node.end_lineno or node.lineno])
                 for node in ast.walk(ast.parse(text)) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    out: dict[str, str] = {}
    for name, source in functions.items():
        stem, marker, _ = name.rpartition("__mutmut_")
        if not marker or name.endswith("__mutmut_orig"):
            continue
        original = functions.get(stem + "__mutmut_orig", "")
        body = [line.replace(name, stem) for line in source.splitlines()]
        diff = difflib.unified_diff(original.replace(stem + "__mutmut_orig", stem).splitlines(), body, lineterm="", n=0)
        out[name] = "\n".join(line for line in diff if line[:1] in "-+" and line[:3] not in ("---", "+++"))
    return out


def report(found: dict[str, dict[str, str]], equivalent: dict[str, str], finished: bool, seconds: float) -> str:
    lines = ["| module | mutants | killed | survived | equivalent | not checked | score |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    survivors: list[str] = []
    for path, statuses in found.items():
        counts = Counter("equivalent" if name in equivalent else status for name, status in statuses.items())
        killed = sum(counts[s] for s in KILLED)
        unchecked = counts["not checked"] + counts["check was interrupted by user"]
        judged = len(statuses) - counts["equivalent"] - unchecked
        score = f"{100 * killed / judged:.1f} %" if judged else "-"
        survived = judged - killed
        lines.append(f"| {path} | {len(statuses)} | {killed} | {survived} | {counts['equivalent']} | {unchecked} "
                     f"| {score} |")
        survivors += sorted(name for name, status in statuses.items()
                            if name not in equivalent and status not in KILLED
                            and status not in ("not checked", "check was interrupted by user"))
    every = [s for statuses in found.values() for n, s in statuses.items() if n not in equivalent]
    checked = [s for s in every if s not in ("not checked", "check was interrupted by user")]
    caught = sum(s in KILLED for s in checked)
    lines.append("")
    lines.append(f"All: {caught} of {len(checked)} judged mutants killed"
                 + (f" ({100 * caught / len(checked):.1f} %)" if checked else "")
                 + f"; {len(every) - len(checked)} not checked; {seconds / 60:.1f} min"
                 + ("" if finished else " (stopped at the time limit)") + ".")
    if survivors:
        diffs: dict[str, str] = {}
        for path in found:
            prefix = module_name(path) + "."
            diffs.update({prefix + k: v for k, v in changes(SCRATCH / "mutants" / path).items()})
        lines += ["", "Surviving mutants (not equivalent: each wants a test):", ""]
        for name in survivors:
            lines += [f"- `{name}`", "  ```diff", *("  " + line for line in diffs.get(name, "").splitlines()), "  ```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("modules", nargs="*", help="module files (default: those that differ from --base)")
    parser.add_argument("--base", default="main", help="the branch a change is measured against")
    parser.add_argument("--minutes", type=float, default=30.0, help="stop after this long")
    parser.add_argument("--children", type=int, default=1, help="mutants run at once")
    args = parser.parse_args(argv)
    modules = sorted(m for m in (args.modules or changed_modules(args.base))
                     if m.startswith(tuple(p + "/" for p in PACKAGES)) and Path(m).name not in SKIPPED_MODULES)
    if not modules:
        print(f"No module of {' or '.join(PACKAGES)} differs from {args.base}: nothing to mutate.")
        return 0
    missing = [m for m in modules if not (ROOT / m).is_file()]
    if missing:
        print(f"No such module: {', '.join(missing)}", file=sys.stderr)
        return 2
    tests = sorted({t for m in modules for t in tests_for(m)})
    if not tests:
        print(f"No test file concerns {', '.join(modules)}: every mutant would survive.", file=sys.stderr)
        return 1
    print(f"Mutating {', '.join(modules)}\nwith {', '.join(tests)}\n(at most {args.minutes:g} min)", flush=True)
    prepare(modules, tests)
    start = time.monotonic()
    finished = run_mutmut(args.minutes, args.children)
    text = report(results(modules), equivalent_mutants(), finished, time.monotonic() - start)
    (SCRATCH / "report.md").write_text(text, encoding="utf-8")
    print("\n" + text + f"\n(written to {(SCRATCH / 'report.md').relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
