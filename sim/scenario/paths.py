"""Where a location in a scenario leads in the scenario language: allowed keys, descriptions.

The language is read from its own JSON Schema (the one editors use), so "did you mean", the
description of a missing key and the check of a sweep path always agree with the models.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

Schema = dict[str, Any]


@lru_cache(maxsize=1)
def scenario_schema() -> Schema:
    """The JSON Schema of :class:`~sim.scenario.model.Scenario`, keys as the user types them."""
    from sim.scenario.model import Scenario

    return Scenario.model_json_schema(by_alias=True)


def _resolve(schema: Schema) -> Schema:
    defs = scenario_schema().get("$defs", {})
    seen = 0
    while "$ref" in schema and seen < 50:  # refs never chain that far; the bound is a safety net
        schema = defs.get(schema["$ref"].rsplit("/", 1)[-1], {})
        seen += 1
    return schema


def _alternatives(schema: Schema, data: Any) -> list[Schema]:
    """The concrete schemas a value may match: unions flattened, distributions by their tag."""
    schema = _resolve(schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if not options:
        return [schema]
    found = [alt for option in options for alt in _alternatives(option, data)]
    tag = data.get("distribution") if isinstance(data, dict) else None
    if isinstance(tag, str):
        tagged = [s for s in found if s.get("properties", {}).get("distribution", {}).get("const") == tag]
        if tagged:
            return tagged
    return found


def _child(schema: Schema, key: str | int) -> Schema | None:
    """The schema of one entry of a mapping or list, or None when the key is not allowed."""
    if isinstance(key, str) and key in schema.get("properties", {}):
        return schema["properties"][key]
    if isinstance(key, str):
        for pattern, sub in schema.get("patternProperties", {}).items():
            if re.search(pattern, key):
                return sub
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            return extra
    if isinstance(key, int) and isinstance(schema.get("items"), dict):
        return schema["items"]
    return None


def schemas_at(loc: Sequence[str | int], data: Any, flatten: bool = True) -> list[Schema]:
    """Every schema that may apply at ``loc`` (parts pydantic adds for unions are skipped);
    ``flatten=False`` keeps a union whole (its description is on the union, not its members)."""
    current = [scenario_schema()]
    node = data
    for part in loc:
        following = [c for s in current for alt in _alternatives(s, node) if (c := _child(alt, part)) is not None]
        if not following:
            continue  # a union tag such as 'function-before[...]' or 'literal[...]'
        current = following
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    if not flatten:
        return current
    return [alt for s in current for alt in _alternatives(s, node)]


def allowed_keys(loc: Sequence[str | int], data: Any) -> list[str]:
    """The keys a mapping at ``loc`` may have, in the models' order."""
    keys: list[str] = []
    for schema in schemas_at(loc, data):
        keys.extend(k for k in schema.get("properties", {}) if k not in keys)
    return keys


def description(loc: Sequence[str | int], data: Any) -> str:
    """What the field at ``loc`` is, from its documentation; '' when it has none."""
    for schema in [*schemas_at(loc, data), *schemas_at(loc, data, flatten=False)]:
        text = schema.get("description")
        if text:
            return str(text).split("\n", 1)[0]
    return ""


def closest(word: str, choices: Sequence[str]) -> str:
    """The choice that looks most like ``word`` (a typo), or ''."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else ""


def check_path(data: Any, path: str, complete: bool) -> tuple[str, str]:
    """Check a dotted path such as ``workforce.deelnemers.people`` against scenario data.

    ``complete`` data has every field (a dumped, valid scenario): the path must exist in it.
    Otherwise (a file with errors) keys the file leaves out may still exist by default.
    Returns ('', '') when the path exists, else the first part that does not and a suggestion
    for the whole path ('' when nothing is close).
    """
    parts = path.split(".")
    node = data
    schemas = [scenario_schema()]
    for i, part in enumerate(parts):
        alternatives = [alt for s in schemas for alt in _alternatives(s, node)]
        schemas = [c for alt in alternatives if (c := _child(alt, part)) is not None]
        if isinstance(node, dict) and part in node:
            node = node[part]
            continue
        if not complete and schemas and any(part in alt.get("properties", {}) for alt in alternatives):
            node = None
            continue
        choices = list(node) if isinstance(node, dict) else []
        choices += [k for alt in alternatives for k in alt.get("properties", {}) if k not in choices]
        guess = closest(part, [str(c) for c in choices])
        suggestion = ".".join([*parts[:i], guess, *parts[i + 1 :]]) if guess else ""
        return ".".join(parts[: i + 1]), suggestion
    return "", ""


@lru_cache(maxsize=1)
def key_homes() -> dict[str, list[str]]:
    """For every key of the language, the places it belongs: ``people`` -> ``workforce.<id>``.

    Helps a user who wrote a valid key at the wrong level.
    """
    homes: dict[str, list[str]] = {}

    def walk(schema: Schema, where: str, depth: int) -> None:
        if depth > 12:  # the language is not that deep; the bound guards against cycles
            return
        for alt in _alternatives(schema, None):
            for key, sub in alt.get("properties", {}).items():
                place = where or "(top level)"
                if place not in homes.setdefault(key, []):
                    homes[key].append(place)
                walk(sub, f"{where}.{key}".lstrip("."), depth + 1)
            for sub in alt.get("patternProperties", {}).values():
                walk(sub, f"{where}.<id>".lstrip("."), depth + 1)
            if isinstance(alt.get("additionalProperties"), dict):
                walk(alt["additionalProperties"], f"{where}.<key>".lstrip("."), depth + 1)

    walk(scenario_schema(), "", 0)
    return homes
