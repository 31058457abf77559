"""The mutation score of all of ``sim/`` and ``analysis/``, estimated from a sample.

Every mutant of every module is far too many to run (tens of thousands; each runs real tests), so
``make mutate-sample`` (``python -m tests.mutate_sample``) measures a two-stage sample:

1. **modules**, drawn with replacement with a probability proportional to their size (the number
   of places mutmut can change: comparisons, operators, constants, calls ... inside functions);
2. **mutants**, ``--per-module`` of each drawn module's mutants at random (all when it has fewer).

Each drawn module is mutated in the scratch copy of :mod:`tests.mutate` with the tests that concern
it, and only its sampled mutants are run. The score of all mutants is estimated as the ratio of
the estimated killed mutants to the estimated mutants (each draw weighted by its mutants over its
chance of being drawn), with a Student-t interval over the draws (Hansen-Hurwitz, linearised):
the interval covers both the choice of modules and the choice of mutants within them.

Mutants listed as equivalent in ``docs/testing.md`` are left out; an equivalent mutant not yet
listed counts as survived, so the estimate is a lower bound. Every finished draw is kept in
``out/mutation-sample/draws.json``: an interrupted campaign resumes where it stopped (same
``--seed`` and sizes); the estimate is written to ``out/mutation-sample/report.md``.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import random
import subprocess
import sys
import time
from pathlib import Path

from tests.mutate import (
    KILLED,
    PACKAGES,
    ROOT,
    SCRATCH,
    SKIPPED_MODULES,
    changes,
    equivalent_mutants,
    import_of,
    prepare,
    results,
    run_mutmut,
    tests_for,
)

OUT = ROOT / "out" / "mutation-sample"
NOT_JUDGED = ("not checked", "check was interrupted by user", "skipped")
MUTABLE = (ast.Compare, ast.BinOp, ast.BoolOp, ast.UnaryOp, ast.Constant, ast.Call, ast.AugAssign, ast.Assign,
           ast.Return, ast.keyword, ast.Subscript)
"""The nodes mutmut changes (or that carry what it changes): a module's size for the draw."""


def modules() -> list[str]:
    """Every module of sim/ and analysis/ that ``make mutate`` would mutate."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name not in SKIPPED_MODULES and "__pycache__" not in path.parts:
                found.append(str(path.relative_to(ROOT)))
    return found


def size(path: str) -> int:
    """The places inside a module's functions that mutmut can change (a proxy for its mutants)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            count += sum(isinstance(inner, MUTABLE) for stmt in node.body for inner in ast.walk(stmt))
    return count


def draw(population: dict[str, int], count: int, seed: int) -> list[str]:
    """``count`` modules drawn with replacement, each with a chance proportional to its size."""
    rng = random.Random(seed)
    names = sorted(name for name, s in population.items() if s > 0)
    return rng.choices(names, weights=[population[n] for n in names], k=count)


def generated_mutants(module: str) -> list[str]:
    """The names of every mutant mutmut makes of ``module`` (generated in the scratch copy, not run)."""
    script = ("import mutmut.__main__ as m\n"
              "m.set_mutant_under_test('mutant_generation')\n"
              "m.copy_src_dir(); m.copy_also_copy_files(); m.setup_source_paths(); m.create_mutants(1)\n")
    subprocess.run([sys.executable, "-c", script], cwd=SCRATCH, check=True, capture_output=True)
    meta = SCRATCH / "mutants" / f"{module}.meta"
    return sorted(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])


def importers(module: str) -> list[str]:
    """The modules of sim/, analysis/ and cli/ that import ``module``."""
    pattern = import_of(module)
    return sorted(str(p.relative_to(ROOT)) for d in (*PACKAGES, "cli") for p in (ROOT / d).rglob("*.py")
                  if str(p.relative_to(ROOT)) != module and pattern.search(p.read_text(encoding="utf-8")))


MOST_TEST_FILES = 8
"""Test files per draw at most: mutmut first runs all of them once (with the engine as source) to
see which tests reach which function; a module many files import would take most of the campaign."""


def sample_tests(module: str) -> list[str]:
    """The tests for a drawn module: those ``make mutate`` picks (for a module no test file imports,
    reached only through other modules as the loader's parts are, those of its importers); at most
    :data:`MOST_TEST_FILES`: its mirror first, test files named after it or its importers, the files beside its mirror, then
    the smallest.
    Fewer tests kill fewer mutants: the estimate stays a lower bound."""
    def mirror(path: str) -> str:
        return f"tests/{Path(path).parent}/test_{Path(path).stem}.py"

    through = [] if tests_for(module) else importers(module)
    found = tests_for(module) or sorted({t for m in through for t in tests_for(m)})
    mirrors = {mirror(m) for m in through}
    stems = {Path(m).stem for m in (module, *through)}
    folder = str(Path(mirror(module)).parent)

    def rank(test: str) -> tuple[int, int]:
        named = test in mirrors or any(stem in Path(test).stem for stem in stems)
        return (0 if test == mirror(module) else 1 if named else 2 if str(Path(test).parent) == folder
                else 3, (ROOT / test).stat().st_size)

    return sorted(sorted(found, key=rank)[:MOST_TEST_FILES])


def measure(module: str, per_module: int, rng: random.Random, minutes: float) -> dict[str, object]:
    """Run a sample of ``module``'s mutants with its tests; the draw's record."""
    tests = sample_tests(module)
    prepare([module], tests)
    names = generated_mutants(module)
    chosen = sorted(rng.sample(names, min(per_module, len(names))))
    statuses: dict[str, str] = {}
    if chosen and tests:
        run_mutmut(minutes, 1, chosen)
        found = results([module])[module]
        statuses = {name: found.get(name, "not checked") for name in chosen}
    else:  # no test concerns the module: every mutant survives
        statuses = {name: "survived" for name in chosen}
    # What each survivor changes, kept now: the next draw's scratch copy replaces these mutants.
    prefix = module.removesuffix(".py").replace("/", ".") + "."
    diffs = {prefix + k: v for k, v in changes(SCRATCH / "mutants" / module).items()}
    survived = {name: diffs.get(name, "") for name, status in statuses.items()
                if status not in KILLED and status not in NOT_JUDGED}
    return {"module": module, "mutants": len(names), "tests": tests, "statuses": statuses, "survived": survived}


def score(record: dict[str, object], equivalent: dict[str, str]) -> tuple[float, int]:
    """A draw's share killed among its judged sampled mutants, and how many were judged."""
    statuses = record["statuses"]
    assert isinstance(statuses, dict)
    judged = [s for n, s in statuses.items() if n not in equivalent and s not in NOT_JUDGED]
    return (sum(s in KILLED for s in judged) / len(judged) if judged else math.nan), len(judged)


def estimate(draws: list[dict[str, object]], population: dict[str, int],
             equivalent: dict[str, str]) -> tuple[float, float, float, int]:
    """The score of all mutants with its 95 % interval, from the draws (ratio estimator, PPS with
    replacement, Student-t over the draws); the number of draws used."""
    from scipy import stats

    total = sum(population.values())
    used = []
    for record in draws:
        s, judged = score(record, equivalent)
        mutants = int(record["mutants"])  # type: ignore[call-overload]
        if judged and mutants:
            chance = population[str(record["module"])] / total
            used.append((mutants / chance, s))
    m = len(used)
    if m == 0:
        return math.nan, math.nan, math.nan, 0
    weights = sum(w for w, _ in used)
    ratio = sum(w * s for w, s in used) / weights
    if m < 2:
        return ratio, math.nan, math.nan, m
    mean_weight = weights / m
    z = [w * (s - ratio) / mean_weight for w, s in used]
    half = float(stats.t.ppf(0.975, m - 1)) * math.sqrt(sum(v * v for v in z) / (m * (m - 1)))
    return ratio, max(0.0, ratio - half), min(1.0, ratio + half), m


def report(draws: list[dict[str, object]], population: dict[str, int], equivalent: dict[str, str],
           settings: dict[str, object], seconds: float) -> str:
    ratio, low, high, m = estimate(draws, population, equivalent)
    lines = [f"Modules: {len(population)} in {' and '.join(p + '/' for p in PACKAGES)}; draws: {len(draws)} "
             f"of {settings['draws']} (seed {settings['seed']}, {settings['per_module']} mutants per draw); "
             f"{seconds / 60:.1f} min.", "",
             "| draw | module | its mutants | sampled | killed | survived | not checked | score |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for i, record in enumerate(draws, 1):
        statuses = record["statuses"]
        assert isinstance(statuses, dict)
        s, judged = score(record, equivalent)
        killed = round(s * judged) if judged else 0
        unchecked = sum(v in NOT_JUDGED for v in statuses.values())
        lines.append(f"| {i} | `{record['module']}` | {record['mutants']} | {len(statuses)} | {killed} "
                     f"| {judged - killed} | {unchecked} | {'-' if not judged else f'{100 * s:.0f} %'} |")
    lines.append("")
    if m:
        interval = "" if math.isnan(low) else f" (95 %: {100 * low:.1f} to {100 * high:.1f} %)"
        lines.append(f"Estimated mutation score of all of sim/ and analysis/: **{100 * ratio:.1f} %**{interval}, "
                     f"from {m} draws. Unlisted equivalent mutants count as survived: a lower bound.")
    survivors = []
    for r in draws:
        shown = r.get("survived") or {}
        assert isinstance(shown, dict)
        for n, s in r["statuses"].items():  # type: ignore[attr-defined]
            if n not in equivalent and s not in KILLED and s not in NOT_JUDGED:
                diff = str(shown.get(n, ""))
                survivors += [f"- `{n}` ({s})", *(["  ```diff", *("  " + x for x in diff.splitlines()), "  ```"]
                                                  if diff else [])]
    if survivors:
        lines += ["", "Surviving sampled mutants (each wants a test, or a line in the table of equivalent "
                      "mutants):", "", *survivors]
    return "\n".join(lines) + "\n"


def kept_draws(store: Path, settings: dict[str, object], chosen: list[str]) -> list[dict[str, object]]:
    """The draws of an earlier campaign with the same seed, mutants per draw and module sizes: the
    first ones of this campaign's draws (more draws with the same seed begin with the same ones)."""
    kept = json.loads(store.read_text(encoding="utf-8")) if store.exists() else {}
    same = {k: v for k, v in kept.get("settings", {}).items() if k != "draws"}
    if same != {k: v for k, v in settings.items() if k != "draws"}:
        return []
    draws: list[dict[str, object]] = []
    for record, module in zip(kept.get("draws", []), chosen, strict=False):
        if record.get("module") != module:
            break
        draws.append(record)
    return draws


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--draws", type=int, default=12, help="modules drawn (with replacement)")
    parser.add_argument("--per-module", type=int, default=12, help="mutants run per draw")
    parser.add_argument("--seed", type=int, default=1, help="seed of the draws")
    parser.add_argument("--minutes", type=float, default=120.0, help="stop starting draws after this long")
    parser.add_argument("--draw-minutes", type=float, default=20.0, help="most one draw may take")
    args = parser.parse_args(argv)
    population = {m: size(m) for m in modules()}
    settings = {"draws": args.draws, "per_module": args.per_module, "seed": args.seed,
                "sizes": population}
    OUT.mkdir(parents=True, exist_ok=True)
    store = OUT / "draws.json"
    chosen = draw(population, args.draws, args.seed)
    draws = kept_draws(store, settings, chosen)
    start = time.monotonic()
    equivalent = equivalent_mutants()
    for i, module in enumerate(chosen):
        if i < len(draws):
            continue  # measured before an interruption
        if time.monotonic() - start > args.minutes * 60:
            break
        print(f"Draw {i + 1} of {len(chosen)}: {module}", flush=True)
        rng = random.Random(f"{args.seed}:{i}")  # the mutants of draw i, whatever ran before
        draws.append(measure(module, args.per_module, rng, args.draw_minutes))
        tmp = store.with_suffix(".tmp")
        tmp.write_text(json.dumps({"settings": settings, "draws": draws}, indent=1), encoding="utf-8")
        tmp.replace(store)
    text = report(draws, population, equivalent, settings, time.monotonic() - start)
    (OUT / "report.md").write_text(text, encoding="utf-8")
    print("\n" + text + f"\n(written to {(OUT / 'report.md').relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
