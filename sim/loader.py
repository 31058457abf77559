"""Read a scenario file: YAML 1.2 text -> checked :class:`Scenario`, or every problem at once.

Each problem names the file, line, column and field, says what is allowed, in English or Dutch.
Hostile files (huge, deeply nested, alias bombs, not UTF-8) are refused quickly and cleanly:
size is checked before reading, nesting and tags while scanning, and the size and depth once
aliases are expanded, and duplicate keys, on the composed node graph before anything is built
from it (:mod:`sim.yaml_limits`).

Field errors and cross-reference errors come in one pass: the reference checks read plain data
and skip only the checks that rest on a field with an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from sim.phases import phase_problems
from sim.scenario.model import Scenario
from sim.scenario.problems import (
    Problem,
    ScenarioError,
    from_errors,
    in_order,
    key_position,
    locate,
    refuse,
)
from sim.scenario.references import check_data, school_holiday_problems, size_problems
from sim.scenario.sweeps import check_stored_sweeps, set_path
from sim.start_state import state_problems
from sim.uncertain import RangeError, UncertainInput, extract, with_values
from sim.yaml_limits import MAX_DEPTH, MAX_NODES, Refused, bounded_yaml

MAX_BYTES = 256 * 1024
MAX_ITEMS = 5_000
"""Lines plus list items a file may have (the largest example scenario has under 1,000)."""
_LONG_NUMBER = re.compile(r"\d{1000,}")

__all__ = [
    "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "LoadedScenario", "Problem", "ScenarioError", "load_bytes", "load_scenario", "load_text",
    "scenario_hash", "to_plain", "validate", "with_overrides", "written_language",
]


@dataclass(frozen=True)
class LoadedScenario:
    """A checked scenario with the plain data it came from (for sweeps) and its identity."""

    scenario: Scenario
    data: dict[str, Any]
    source: str
    inputs: tuple[UncertainInput, ...] = ()
    """Numbers written as a range (``{range: [low, likely, high]}``); ``data`` holds the likely values."""

    @property
    def content_hash(self) -> str:
        """Short hash of the scenario's content: same meaning, same hash (comments don't count)."""
        return scenario_hash(self.scenario)


def scenario_hash(scenario: Scenario) -> str:
    """First 12 hex digits of the SHA-256 of the scenario's canonical JSON."""
    # Order matters to the model (pools check in in file order), so it is part of the hash.
    canonical = json.dumps(scenario.model_dump(mode="json", by_alias=True))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read and check a scenario file; raises :class:`ScenarioError` with every problem found."""
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            inside = sorted(str(f) for f in p.glob("*.yaml"))[:3]
            if inside:
                raise refuse(name, "file_is_directory_with", files=", ".join(inside))
            raise refuse(name, "file_is_directory")
        size = p.stat().st_size
        if not p.is_file():
            raise refuse(name, "file_unreadable", reason="not a regular file")
        if size > MAX_BYTES:
            raise refuse(name, "file_too_large", 1, 1, size=size // 1024, limit=MAX_BYTES // 1024)
        with p.open("rb") as handle:  # read no more than the limit, even if the file grows
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise refuse(name, "file_missing") from None
    except OSError as error:
        raise refuse(name, "file_unreadable", reason=error.strerror or str(error)) from None
    return load_bytes(raw, name)


_LANGUAGE_LINE = re.compile(r"^language:[ \t]*['\"]?([A-Za-z]{2})['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def written_language(path: str | Path) -> str | None:
    """The ``language:`` a scenario file names at its top level, read from the text alone, so that a
    file that cannot be loaded is still answered in its own language (None when it names none)."""
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_BYTES)
    except OSError:
        return None
    match = _LANGUAGE_LINE.search(raw.decode("utf-8", "replace"))
    return match.group(1).lower() if match else None


def load_bytes(raw: bytes, name: str) -> LoadedScenario:
    """Check size and encoding (UTF-8, with or without BOM), then :func:`load_text`."""
    if len(raw) > MAX_BYTES:
        raise refuse(name, "file_too_large", 1, 1, size=len(raw) // 1024, limit=MAX_BYTES // 1024)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(name, "file_utf16", 1, 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise refuse(name, "file_encoding", line, column, byte=f"0x{raw[error.start]:02X}") from None
    return load_text(text, name)


def _check_items(text: str, name: str) -> None:
    """Refuse a file with more than :data:`MAX_ITEMS` lines and list items, before parsing.

    The YAML parser takes tens of microseconds per value, so a 256 KB file of tiny values
    would take seconds; the largest example scenario has under a thousand.
    """
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.lstrip()
        if content and not content.startswith("#"):
            count += 1 + content.count(",")
            if count > MAX_ITEMS:
                raise refuse(name, "file_too_many_items", number, 1, limit=MAX_ITEMS)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _tab_before(text: str, line: int) -> tuple[int, int] | None:
    """Line and column of a tab in the indentation at or before ``line`` (YAML forbids those)."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)), 0, -1):
        content = lines[number - 1]
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            return number, indent.index("\t") + 1
    return None


def _parse(text: str, name: str) -> Any:
    """ruamel's round-trip tree of the text (it knows every key's line), or a located problem.

    Nesting, tags, the size and depth once aliases are expanded and duplicate keys are checked
    before anything is built (:mod:`sim.yaml_limits`).
    """
    try:
        with warnings.catch_warnings():
            # A reused anchor is valid YAML (the later one counts); don't print ruamel's warning.
            warnings.simplefilter("ignore")
            return bounded_yaml().load(text)
    except Refused as error:
        raise refuse(name, error.code, error.line, error.column, error.path, **error.context) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = str(error.problem or error.context or "").strip()
        tab = _tab_before(text, line)
        if tab is not None:
            raise refuse(name, "yaml_tab", *tab) from None
        start = error.context_mark
        # An unclosed bracket is reported where the parser gave up; say where it was opened.
        started = (start.line + 1, start.column + 1) if start is not None and start.line + 1 != line else None
        raise refuse(name, "yaml_syntax", line, column, problem=problem, started=started) from None
    except RecursionError:
        raise refuse(name, "yaml_too_deep", 1, 1, limit=MAX_DEPTH) from None
    except (YAMLError, ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            AssertionError) as error:
        # ruamel's own limits (an integer of 5,000 digits, an odd tag, '%YAML 1.0' which it asserts
        # away): the file's fault, not ours.
        problem = (str(error).splitlines() or [type(error).__name__])[0]
        raise refuse(name, "yaml_syntax", 1, 1, problem=problem, started=None) from None


def load_text(text: str, name: str) -> LoadedScenario:
    """Parse YAML 1.2 text (``no`` stays text, duplicate keys are errors) and check it."""
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        raise refuse(name, "file_empty", 1, 1)
    if "\x00" in text:
        raise refuse(name, "file_binary", *_position(text, text.index("\x00")))
    _check_items(text, name)
    long_number = _LONG_NUMBER.search(text)
    if long_number:  # Python refuses to read such an integer; say where it is
        raise refuse(name, "number_too_long", *_position(text, long_number.start()), digits=len(long_number.group()))
    tree = _parse(text, name)
    if not isinstance(tree, CommentedMap):
        raise refuse(name, "yaml_not_mapping", 1, 1)
    data = to_plain(tree, name)
    try:
        data, inputs = extract(data)
    except RangeError as error:
        line, column, path = locate(tree, error.path)
        raise refuse(name, error.code, line, column, ".".join(path), **error.context) from None
    scenario = validate(data, name, tree)
    if inputs:
        # Both ends of every range must be values the field accepts.
        for end in ("low", "high"):
            validate(with_values(data, inputs, [getattr(i, end) for i in inputs]), name, tree)
    check_stored_sweeps(data, tree, name, validate)
    return LoadedScenario(scenario, data, name, tuple(inputs))


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return key if isinstance(key, str) else str(key)


def to_plain(node: Any, name: str) -> Any:
    """Plain dicts, lists and scalars, refusing deep nesting, alias bombs and infinities.

    Keys become text (``2026:`` is the id '2026', which the id check then refuses clearly).
    """
    budget = [MAX_NODES]
    where = [(1, 1)]

    def walk(value: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise refuse(name, "yaml_too_many_nodes", *where[0], limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise refuse(name, "yaml_too_deep", *where[0], limit=MAX_DEPTH)
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                if isinstance(value, CommentedMap):
                    where[0] = key_position(value, k)
                out[_key_text(k)] = walk(v, depth + 1)
            return out
        if isinstance(value, list):
            return [walk(v, depth + 1) for v in value]
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise refuse(name, "not_finite", *where[0], got=str(value))
            return float(value)
        if isinstance(value, (dt.date, dt.datetime)) or value is None:
            return value
        return str(value)

    return walk(node, 0)


def validate(data: Any, name: str, tree: Any = None) -> Scenario:
    """Check plain data; ``tree`` (ruamel's nodes) gives lines, without it lines are unknown.

    Raises :class:`ScenarioError` with field errors and cross-reference errors together.
    """
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        errors: list[Any] = list(error.errors())
        broken = [tuple(e["loc"]) for e in errors]
        references = check_data(data, broken)
        errors += [_as_error(r) for r in references if not _overlaps(r.loc, broken)]
        raise ScenarioError(in_order(from_errors(errors, data, tree, name))) from None
    references = check_data(scenario.model_dump(mode="python", by_alias=True), complete=True)
    references += size_problems(scenario)
    references += phase_problems(scenario, data)
    references += state_problems(scenario)
    references += school_holiday_problems(scenario)
    if references:
        errors = [_as_error(r) for r in references]
        raise ScenarioError(in_order(from_errors(errors, data, tree, name)))
    return scenario


def _as_error(reference: Any) -> dict[str, Any]:
    return {"loc": reference.loc, "type": reference.type, "ctx": reference.ctx, "msg": reference.type, "input": None}


def _overlaps(loc: tuple[Any, ...], broken: list[tuple[Any, ...]]) -> bool:
    """A reference at (or inside, or around) a field that already has an error."""
    return any(b[: len(loc)] == loc or loc[: len(b)] == b for b in broken)


def with_overrides(loaded: LoadedScenario, overrides: dict[str, Any], origin: str = "--vary") -> LoadedScenario:
    """A variant of a scenario with values set by dotted path (sweeps), checked again."""
    data: dict[str, Any] | None = loaded.data
    for path, value in overrides.items():
        data = set_path(data, path, value) if data is not None else None
        if data is None:
            raise ScenarioError([Problem(origin, 0, 0, path, "bad_path", {"path": path, "missing": path})])
    assert data is not None
    return LoadedScenario(validate(data, f"{loaded.source} ({origin})"), data, loaded.source, loaded.inputs)

