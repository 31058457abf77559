"""Read a scenario file: YAML 1.2 text -> checked :class:`Scenario`, or every problem at once.

Each problem names the file, line, column and field, says what is allowed, in English or Dutch.
Hostile files (huge, deeply nested, alias bombs, not UTF-8) are refused quickly and cleanly.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from sim.messages import render
from sim.scenario.model import Scenario
from sim.scenario.references import check_references

MAX_BYTES = 256 * 1024
MAX_DEPTH = 50
MAX_NODES = 200_000
OWN_CODES_FIRST = ("missing", "extra_forbidden")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, with where it is (line and column from 1; 0 = unknown)."""

    file: str
    line: int
    column: int
    path: str
    code: str
    context: dict[str, Any] = field(default_factory=dict)
    fallback: str = ""

    def render(self, language: str = "en") -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        message = render(self.code, self.context, language, self.fallback)
        return f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"


class ScenarioError(Exception):
    """A scenario that cannot be used; ``problems`` lists everything found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self.render("en"))

    def render(self, language: str = "en") -> str:
        return "\n".join(p.render(language) for p in self.problems)


@dataclass(frozen=True)
class LoadedScenario:
    """A checked scenario with the plain data it came from (for sweeps) and its identity."""

    scenario: Scenario
    data: dict[str, Any]
    source: str

    @property
    def content_hash(self) -> str:
        """Short hash of the scenario's content: same meaning, same hash (comments don't count)."""
        return scenario_hash(self.scenario)


def scenario_hash(scenario: Scenario) -> str:
    canonical = json.dumps(scenario.model_dump(mode="json", by_alias=True), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def _refuse(file: str, code: str, line: int = 0, column: int = 0, **context: Any) -> ScenarioError:
    return ScenarioError([Problem(file, line, column, "", code, context, code)])


def load_scenario(path: str | Path) -> LoadedScenario:
    """Read and check a scenario file; raises :class:`ScenarioError` with every problem found."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise _refuse(name, "file_unreadable", reason="not a file")
        if size > MAX_BYTES:
            raise _refuse(name, "file_too_large", size=size // 1024, limit=MAX_BYTES // 1024)
        raw = p.read_bytes()
    except FileNotFoundError:
        raise _refuse(name, "file_missing") from None
    except OSError as error:
        raise _refuse(name, "file_unreadable", reason=error.strerror or str(error)) from None
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> LoadedScenario:
    if len(raw) > MAX_BYTES:
        raise _refuse(name, "file_too_large", size=len(raw) // 1024, limit=MAX_BYTES // 1024)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse(name, "file_encoding", position=error.start) from None
    return load_text(text, name)


def load_text(text: str, name: str) -> LoadedScenario:
    """Parse YAML 1.2 text (``no`` stays text, duplicate keys are errors) and check it."""
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        raise _refuse(name, "file_empty", line=1, column=1)
    if "\x00" in text:
        raise _refuse(name, "file_encoding", position=text.index("\x00"))
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = str(error.problem or error.context or "").strip()
        if "duplicate key" in problem:
            key = problem.split('"')[1] if '"' in problem else problem
            raise _refuse(name, "yaml_duplicate", line, column, key=key) from None
        raise _refuse(name, "yaml_syntax", line, column, problem=problem) from None
    except YAMLError as error:
        raise _refuse(name, "yaml_syntax", 1, 1, problem=str(error).splitlines()[0]) from None
    except RecursionError:
        raise _refuse(name, "yaml_too_deep", 1, 1, limit=MAX_DEPTH) from None
    if not isinstance(tree, dict):
        raise _refuse(name, "yaml_not_mapping", 1, 1)
    data = to_plain(tree, name)
    return LoadedScenario(validate(data, name, tree), data, name)


def to_plain(node: Any, name: str) -> Any:
    """Plain dicts, lists and scalars, refusing deep nesting and alias bombs."""
    budget = [MAX_NODES]

    def walk(value: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise _refuse(name, "yaml_too_many_nodes", 1, 1, limit=MAX_NODES)
        if depth > MAX_DEPTH:
            raise _refuse(name, "yaml_too_deep", 1, 1, limit=MAX_DEPTH)
        if isinstance(value, dict):
            return {str(k) if not isinstance(k, (str, int)) else k: walk(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, depth + 1) for v in value]
        if isinstance(value, bool):
            return bool(value)
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        if isinstance(value, (dt.date, dt.datetime)) or value is None:
            return value
        return str(value)

    return walk(node, 0)


def validate(data: Any, name: str, tree: Any = None) -> Scenario:
    """Check plain data; ``tree`` (ruamel's nodes) gives lines, without it lines are unknown."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(_sorted(_problems(error.errors(), data, tree, name))) from None
    references = check_references(scenario)
    if references:
        errors = [{"loc": r.loc, "type": r.type, "ctx": r.ctx, "msg": r.type, "input": None} for r in references]
        raise ScenarioError(_sorted(_problems(errors, data, tree, name)))
    return scenario


def _sorted(problems: list[Problem]) -> list[Problem]:
    unique: dict[tuple[int, int, str], Problem] = {}
    for p in problems:
        key = (p.line, p.column, p.path)
        kept = unique.get(key)
        # Union branches report one error each; keep the most telling one.
        if kept is None or (kept.code in _GENERIC and p.code not in _GENERIC):
            unique[key] = p
    return sorted(unique.values(), key=lambda p: (p.line, p.column, p.path))


_GENERIC = {"literal_error", "string_type", "dict_type", "model_type", "float_type", "float_parsing", "int_type", "int_parsing", "list_type", "bool_type", "bool_parsing", "string_pattern_mismatch"}


def _locate(tree: Any, loc: tuple[Any, ...]) -> tuple[int, int, list[str]]:
    """Line, column and readable path of the deepest part of ``loc`` present in the file."""
    line, column, path = 1, 1, []
    node = tree
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            position = node.lc.key(part)
            line, column = position[0] + 1, position[1] + 1
            node = node[part]
            path.append(str(part))
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            position = node.lc.item(part)
            line, column = position[0] + 1, position[1] + 1
            node = node[part]
            path.append(str(part))
        elif isinstance(node, dict) and part in node:
            node = node[part]
            path.append(str(part))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(str(part))
        # Anything else is a type or union tag that pydantic adds to the location: skip it.
    return line, column, path


def _schema_keys(loc: tuple[Any, ...], data: Any) -> list[str]:
    """Keys allowed in the mapping at ``loc`` (for 'did you mean' on unknown keys)."""
    schema = Scenario.model_json_schema(by_alias=True)
    defs = schema.get("$defs", {})

    def resolve(s: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in s:
            s = defs[s["$ref"].split("/")[-1]]
        return s

    def candidates(s: dict[str, Any]) -> list[dict[str, Any]]:
        s = resolve(s)
        options = s.get("anyOf") or s.get("oneOf")
        if options:
            return [c for o in options for c in candidates(o)]
        return [s]

    current = [schema]
    node = data
    for part in loc:
        following: list[dict[str, Any]] = []
        for s in current:
            for c in candidates(s):
                if "properties" in c and part in c["properties"]:
                    following.append(c["properties"][part])
                elif isinstance(c.get("additionalProperties"), dict) and isinstance(node, dict):
                    following.append(c["additionalProperties"])
                elif "items" in c and isinstance(part, int):
                    following.append(c["items"])
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            continue
        current = following
    keys: list[str] = []
    for s in current:
        for c in candidates(s):
            tag = c.get("properties", {}).get("distribution", {}).get("const")
            if tag and isinstance(node, dict) and node.get("distribution") != tag:
                continue
            keys.extend(k for k in c.get("properties", {}) if k not in keys)
    return keys


def _problems(errors: list[Any], data: Any, tree: Any, name: str) -> list[Problem]:
    problems = []
    for error in errors:
        loc = tuple(error["loc"])
        code = error["type"]
        context = dict(error.get("ctx") or {})
        value = error.get("input")
        if "got" not in context and not isinstance(value, (dict, list)):
            context["got"] = "" if value is None else str(value)
        line, column, path = _locate(tree if tree is not None else data, loc)
        if tree is None:
            line = column = 0
        if code == "missing":
            path = path + [str(loc[-1])]
        if code == "extra_forbidden":
            key = str(loc[-1])
            allowed = _schema_keys(loc[:-1], data)
            context.update(key=key, allowed=", ".join(allowed) or "-")
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            context["suggestion"] = close[0] if close else ""
        if code in ("literal_error", "union_tag_invalid"):
            expected = str(context.get("expected") or context.get("expected_tags") or "")
            choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
            got = str(context.get("tag", context.get("got", "")))
            close = difflib.get_close_matches(got, choices, n=1, cutoff=0.6)
            context["suggestion"] = close[0] if close else ""
        problems.append(Problem(name, line, column, ".".join(path), code, context, str(error.get("msg", code))))
    return problems


def with_overrides(loaded: LoadedScenario, overrides: dict[str, Any], origin: str = "--vary") -> LoadedScenario:
    """A variant of a scenario with values set by dotted path (sweeps), checked again."""
    data = copy.deepcopy(loaded.data)
    for path, value in overrides.items():
        node = data
        parts = path.split(".")
        for part in parts[:-1]:
            if not isinstance(node, dict):
                raise ScenarioError([Problem(origin, 0, 0, path, "bad_path", {"path": path})])
            node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ScenarioError([Problem(origin, 0, 0, path, "bad_path", {"path": path})])
        node[parts[-1]] = value
    return LoadedScenario(validate(data, f"{loaded.source} ({origin})"), data, loaded.source)
