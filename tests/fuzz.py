"""Hostile scenario files: mutations of the example scenarios, and the check every one must pass.

A mutant is an example file (its horizon cut to a few weeks so that a run stays short) with a
few edits of its text: a value swapped for another type or an extreme number, a broken unit or
reference, an odd date or distribution, an anchor, alias, merge key or tag, a deleted or doubled
line, a flipped byte. :func:`check` loads it as ``ambacht validate`` does and, when it is
accepted, runs one replication as ``ambacht run --format json`` does (without importing cli/). The outcome must be one of

* refused: exit 1, every problem located (file:line:column), in English and Dutch, short, and
  no parser internals in the text;
* accepted: one replication runs (:func:`analysis.experiments.replications.run_replications`, the function
  behind ``ambacht run``) to JSON with only finite numbers, and every null metric with its reason.

Never a traceback, a hang or a memory error. ``tests/test_fuzz.py`` runs a few hundred of these
in the suite; ``make fuzz`` (``python -m tests.fuzz``) runs a longer campaign and prints the
count of cases and the median and maximum time of a refusal.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [
    ROOT / "scenarios" / "kernteam-start.yaml",
    ROOT / "scenarios" / "textiel-partner.yaml",
    ROOT / "scenarios" / "zorgtekort.yaml",
    ROOT / "scenarios" / "mbo-zomer.yaml",
    ROOT / "tests" / "data" / "small-centre.yaml",
    ROOT / "cli" / "starter.yaml",
]
RUN_HORIZON_WEEKS = 6
"""Seeds are cut to this horizon so that an accepted mutant runs in about a second."""

NUMBERS = ["0", "-1", "1e308", "-1e308", "1e-320", ".inf", "-.inf", ".nan", "1e309", "9223372036854775808",
           "1e30", "0.5", "3", "2.5", "1_000", "0x1F", "0o17", "-0"]
TYPES = ["[]", "{}", "null", "~", "true", "'text'", "[1, 2]", "{a: 1}", '""', "- x", "|\n  block"]
QUANTITIES = ["inf h", "1e308 h", "1e308 years", "nan kg", "-5 min", "5 lightyears", "5", "1,5 h", "1.000 kg",
              "5 h per kg", "1e308 EUR per kg", "inf EUR per kg", "1e-308 per week", "1e308 per week",
              "1e300 per hour", "-3 EUR", "1e15 EUR", "1e308 EUR per year", "0 h", "0 per week", "1e12 kg",
              "100 years", "101 years", "1e-300 h", "7 working days", "0 werkdagen", "1e9 werkdagen",
              "€ 1e308", "12 per day", "3e7 t", "1e6 kg"]
DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "1900-01-01", "2200-12-31", "2201-01-01", "2026-02-30",
         "2026-13-01", "20260105", "2026-01-05T25:00:00", "'2026-01-05'", "2026-1-5"]
DISTRIBUTIONS = [
    "{distribution: triangular, min: 0 h, mode: 1 h, max: 1e308 h}",
    "{distribution: triangular, min: 1 h, mode: 1 h, max: 1 h}",
    "{distribution: normal, mean: 1 h, sd: 1e308 h}",
    "{distribution: normal, mean: 0 h, sd: 1e-300 h}",
    "{distribution: lognormal, mean: 1e-300 h, sd: 1e300 h}",
    "{distribution: lognormal, mean: 1e300 kg, sd: 1e300 kg}",
    "{distribution: empirical, values: [1 h, 2 h], weights: [1e308, 1e308]}",
    "{distribution: empirical, values: [1 h, 2 h], weights: [0.3333333, 0.6666666]}",
    "{distribution: empirical, values: [1 h], weights: [0]}",
    "{distribution: empirical, values: [], weights: []}",
    "{distribution: empirical, values: [1, 2, 3], weights: [1e-320, 1e-320, 1e-320]}",
    "{distribution: exponential, mean: 0 h}",
    "{distribution: exponential, mean: 1e308 years}",
    "{distribution: uniform, min: 5 h, max: 1 h}",
    "{distribution: uniform, min: 0, max: 1e308}",
    "{distribution: weird}",
    "{distribution: fixed}",
    "{distribution: [triangular]}",
    "{distribution: fixed, value: 1e308}",
]
REFERENCES = ["nope", "recycling", "waste", "leaves", "default", "2026", "'x y'", "Ünïcode", "a" * 70]
STRUCTURE = [
    "anchor", "alias_bomb", "merge", "tag", "tag_python", "tag_binary", "tag_set", "delete", "duplicate",
    "flip", "indent", "truncate", "self_alias", "merge_bomb", "tagged_alias",
]
FACTORS = [0, 0.1, 0.5, 2, 3, 10, 100, 1e4, 1e6, -1, 1e-9]
_NUMBER_VALUE = re.compile(r"^(-?\d+(?:\.\d+)?)(\s*[^\d,\]}].*|)$")
TAGS = ["!!python/object:os.system", "!foo", "!!binary", "!!set", "!!omap", "!!str", "!!float", "!!timestamp",
        "!<tag:yaml.org,2002:int>", "!!python/name:os.system"]


def seed_text(path: Path) -> str:
    """The seed file with a short horizon (and one replication), so a run of it is quick."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s+horizon:\s*).*$", rf"\g<1>{RUN_HORIZON_WEEKS} weeks", text)
    text = re.sub(r"(?m)^(\s+warm_up:\s*).*$", r"\g<1>1 week", text)
    return text


_VALUE_LINE = re.compile(r"^(\s*(?:-\s+)?[\w.\-]+:\s+)(?![&*!|>])(\S.*?)\s*(#.*)?$")


def _value_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if _VALUE_LINE.match(line) and not line.lstrip().startswith("#")]


def mutate(text: str, plan: list[tuple[str, int, int]]) -> str:
    """Apply each (kind, where, which) of ``plan`` to the text; indices wrap around."""
    for kind, where, which in plan:
        lines = text.split("\n")
        values = _value_lines(lines)
        if kind in ("number", "type", "quantity", "date", "distribution", "reference") and values:
            i = values[where % len(values)]
            pool = {"number": NUMBERS, "type": TYPES, "quantity": QUANTITIES, "date": DATES,
                    "distribution": DISTRIBUTIONS, "reference": REFERENCES}[kind]
            match = _VALUE_LINE.match(lines[i])
            assert match is not None
            replacement = pool[which % len(pool)]
            if "\n" in replacement:  # a block scalar: indent its lines under the key
                indent = " " * (len(match.group(1)) - len(match.group(1).lstrip()) + 2)
                replacement = replacement.replace("\n  ", "\n" + indent)
            lines[i] = match.group(1) + replacement
        elif kind == "scale" and values:
            # A number within its line scaled (keeping its unit): mostly still a valid file.
            numeric = [i for i in values if _NUMBER_VALUE.match(_VALUE_LINE.match(lines[i]).group(2))]  # type: ignore[union-attr]
            if numeric:
                i = numeric[where % len(numeric)]
                match = _VALUE_LINE.match(lines[i])
                assert match is not None
                number = _NUMBER_VALUE.match(match.group(2))
                assert number is not None
                factor = FACTORS[which % len(FACTORS)]
                lines[i] = match.group(1) + f"{float(number.group(1)) * factor:g}" + number.group(2)
        elif kind == "structure":
            lines = _structure(lines, values, STRUCTURE[which % len(STRUCTURE)], where)
        text = "\n".join(lines)
    return text


def _structure(lines: list[str], values: list[int], what: str, where: int) -> list[str]:
    i = values[where % len(values)] if values else 0
    match = _VALUE_LINE.match(lines[i]) if values else None
    head = match.group(1) if match else ""
    if what == "anchor" and match:
        # Anchor a value and use it again in another value of the file.
        lines[i] = head + "&a " + match.group(2)
        j = values[(where * 7 + 3) % len(values)]
        other = _VALUE_LINE.match(lines[j])
        if other and j != i:
            lines[j] = other.group(1) + "*a"
    elif what == "alias_bomb":
        bomb = ["x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        bomb += [f"x{k}: &x{k} [" + ", ".join([f"*x{k - 1}"] * 10) + "]" for k in range(1, 9)]
        lines = bomb + lines
    elif what == "merge_bomb":
        bomb = ["m0: &m0 {a: 1, b: 2, c: 3}"]
        bomb += [f"m{k}: &m{k} {{<<: [*m{k - 1}, *m{k - 1}], k{k}: {k}}}" for k in range(1, 30)]
        lines = bomb + lines
    elif what == "merge" and match:
        lines = ["base: &base {people: 1e308, absence: .nan}"] + lines
        indent = " " * (len(head) - len(head.lstrip()))
        lines.insert(i + 2, indent + "<<: *base")
    elif what == "self_alias" and match:
        lines[i] = head + "&s [1, *s]"
    elif what.startswith("tag") and match:
        tag = {"tag_python": "!!python/object/apply:os.system", "tag_binary": "!!binary",
               "tag_set": "!!set"}.get(what, TAGS[where % len(TAGS)])
        if what == "tagged_alias":
            lines = ["t: &t !foo {a: [1, 2, 3], b: *t}"] + lines
        else:
            lines[i] = head + tag + " " + match.group(2)
    elif what == "delete" and lines:
        del lines[where % len(lines)]
    elif what == "duplicate" and lines:
        k = where % len(lines)
        lines.insert(k, lines[k])
    elif what == "flip" and lines:
        k = where % len(lines)
        if lines[k]:
            c = (where // 7) % len(lines[k])
            lines[k] = lines[k][:c] + chr((ord(lines[k][c]) ^ (1 << (where % 7))) or 32) + lines[k][c + 1:]
    elif what == "indent" and lines:
        k = where % len(lines)
        lines[k] = ("   " if where % 2 else "\t") + lines[k]
    elif what == "truncate" and lines:
        lines = lines[: where % len(lines)]
    return lines


KINDS = ["number", "type", "quantity", "date", "distribution", "reference", "structure", "scale", "scale"]


def plans() -> st.SearchStrategy[tuple[int, list[tuple[str, int, int]]]]:
    """A seed file (index into :data:`SEEDS`) and 1-3 mutations of it."""
    mutation = st.tuples(st.sampled_from(KINDS), st.integers(0, 10_000), st.integers(0, 10_000))
    return st.tuples(st.integers(0, len(SEEDS) - 1), st.lists(mutation, min_size=1, max_size=3))


@dataclass
class Outcome:
    accepted: bool
    seconds: float
    """Wall time of loading (what a user waits), in seconds."""
    detail: str = ""
    cpu_seconds: float = 0.0
    """Processor time of loading: the wall time without the waiting for a busy machine."""


class Defect(AssertionError):
    """A mutant that got a traceback, a NaN, an unlocated message or parser internals."""


_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): ")
_INTERNALS = ("Commented", "ruamel", "Traceback", "<class", "object at 0x", "TaggedScalar", "CommentToken",
              "pydantic", "For further information")


def _no_constant(name: str) -> float:
    raise Defect(f"JSON output holds {name}")


def check(text: str, name: str = "mutant.yaml", run: bool = True) -> Outcome:
    """Load (and when accepted, run) one mutant as the CLI would; raise :class:`Defect` if it misbehaves."""
    from sim.loader import ScenarioError, load_bytes

    raw = text.encode("utf-8", "surrogatepass")
    started, cpu = time.perf_counter(), time.process_time()
    try:
        loaded = load_bytes(raw, name)
    except ScenarioError as error:
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        for language in ("en", "nl"):
            message = error.render(language)
            for line in message.splitlines():
                if line.startswith("... "):
                    continue
                located = _LOCATED.match(line)
                if not located or located["file"] != name or int(located["line"]) < 1:
                    raise Defect(f"unlocated problem: {line[:300]!r}") from None
                if len(line) > 1500:
                    raise Defect(f"problem text of {len(line)} characters: {line[:300]!r}") from None
                if any(word in line for word in _INTERNALS):
                    raise Defect(f"parser internals in the message: {line[:300]!r}") from None
        return Outcome(False, seconds, error.render("en").splitlines()[0][:200], cpu)
    except RecursionError as error:
        raise Defect(f"{type(error).__name__} while loading") from error
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if run and small_enough(loaded.scenario):
        _run(loaded)
        return Outcome(True, seconds, "", cpu)
    return Outcome(True, seconds, "not run", cpu)


MAX_RUN_PEOPLE = 300
MAX_RUN_ARRIVALS = 100_000


def small_enough(scenario: Any) -> bool:
    """A mutant that runs in a few seconds: a scaled-up one (10,000 people, 100 times the
    arrivals) is valid but would take minutes, so the fuzz only loads it."""
    horizon = scenario.experiment.horizon
    people = sum(p.people for p in scenario.workforce.values()) + sum(t.people for t in scenario.supervisors.values())
    arrivals = sum(m.arrivals.rate * horizon * max(m.arrivals.batch_size.expected(), 1.0)
                   for m in scenario.materials.values())
    for channel in (scenario.market.shop, scenario.market.online):
        if channel is not None:
            arrivals += (channel.customers if channel is scenario.market.shop else channel.orders) * horizon
    arrivals += sum(horizon / c.interval for c in scenario.market.contracts.values())
    return horizon <= 2 * 8760 and people <= MAX_RUN_PEOPLE and arrivals <= MAX_RUN_ARRIVALS


def _run(loaded: Any) -> None:
    # What 'ambacht run FILE -n 1 --format json' does, through the function behind it.
    from analysis.experiments.replications import run_replications
    from sim.overload import Overloaded

    try:
        result = run_replications(loaded, 1)
        text = json.dumps(result.to_json(), ensure_ascii=False)
    except Overloaded as stopped:  # a centre that cannot keep up: told, in both languages, not a crash
        for language in ("en", "nl"):
            if stopped.step not in stopped.render(language) or any(w in stopped.render(language) for w in _INTERNALS):
                raise Defect(f"an overloaded run is told badly: {stopped.render(language)[:300]!r}") from stopped
        return
    except Exception as error:  # any exception here would reach the user as a traceback
        raise Defect(f"accepted, then the run failed: {type(error).__name__}: {str(error)[:300]}") from error
    data = json.loads(text, parse_constant=_no_constant)
    reasons = data.get("undefined", {})
    for metric, values in data["metrics"].items():
        if values["mean"] is None and metric not in reasons:
            raise Defect(f"metric {metric} is null without a reason")
        for value in values.values():
            if isinstance(value, float) and not math.isfinite(value):
                raise Defect(f"metric {metric} is {value}")


def main(argv: list[str] | None = None) -> int:
    """``make fuzz``: a long campaign; prints the number of cases and the times of refusals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--minutes", type=float, default=25.0, help="stop after this long")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    seeds = [seed_text(p) for p in SEEDS]
    refusals: list[float] = []
    refusal_cpu: list[float] = []
    accepted: list[float] = []
    defects: list[str] = []
    not_run = 0
    deadline = time.monotonic() + args.minutes * 60
    case = 0
    for case in range(1, args.cases + 1):  # noqa: B007  # the count is reported
        if time.monotonic() > deadline:
            case -= 1
            break
        index = rng.randrange(len(seeds))
        plan = [(rng.choice(KINDS), rng.randrange(10_000), rng.randrange(10_000))
                for _ in range(rng.randint(1, 3))]
        text = mutate(seeds[index], plan)
        try:
            outcome = check(text, f"case-{case}.yaml")
        except Defect as defect:
            defects.append(f"case {case} ({SEEDS[index].name}, {plan}): {defect}")
            print(defects[-1], file=sys.stderr, flush=True)
            continue
        except MemoryError:
            defects.append(f"case {case} ({SEEDS[index].name}, {plan}): MemoryError")
            continue
        (accepted if outcome.accepted else refusals).append(outcome.seconds)
        if not outcome.accepted:
            refusal_cpu.append(outcome.cpu_seconds)
        not_run += outcome.detail == "not run"
        if case % 250 == 0:
            print(f"{case} cases, {len(refusals)} refused, {len(accepted)} accepted, {len(defects)} defects",
                  flush=True)
    print(f"cases: {case}; refused: {len(refusals)}; accepted: {len(accepted)} (run: {len(accepted) - not_run}, "
          f"too large to run here: {not_run}); defects: {len(defects)}")
    if refusals:
        print(f"refusal time (wall): median {statistics.median(refusals) * 1000:.1f} ms, "
              f"max {max(refusals) * 1000:.1f} ms; processor time: median "
              f"{statistics.median(refusal_cpu) * 1000:.1f} ms, max {max(refusal_cpu) * 1000:.1f} ms")
    if accepted:
        print(f"load time of accepted files: median {statistics.median(accepted) * 1000:.1f} ms, "
              f"max {max(accepted) * 1000:.1f} ms")
    for defect in defects:
        print(defect)
    return 1 if defects else 0


if __name__ == "__main__":
    sys.exit(main())
