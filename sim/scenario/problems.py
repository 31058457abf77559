"""Problems with a scenario, located in the file: FILE:LINE:COL: path: message.

Turns pydantic's errors and the cross-reference checks into :class:`Problem` records that
say where (line and column of the key the user typed) and what is allowed, in English or Dutch.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from sim.messages import more_problems, render
from sim.scenario.paths import allowed_keys, closest, description, key_homes

MAX_SHOWN = 50
"""A file with more problems than this shows the first ones: the rest are usually echoes."""

GENERIC = {
    "literal_error", "string_type", "dict_type", "model_type", "float_type", "float_parsing", "int_type",
    "int_parsing", "list_type", "bool_type", "bool_parsing", "string_pattern_mismatch", "model_attributes_type",
}
"""Codes that a union reports for the branches the user did not mean: keep a telling one."""


FIELD_OF = {"warm_up": "warm_up", "sampling": "sampling_interval", "date_order": "to"}
"""Checks across a model's fields, and the field the message should point at."""


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
        text = f"{where}: {self.path}: {message}" if self.path else f"{where}: {message}"
        # One problem, one line: a value written with a line break (a block scalar) is quoted as '\n'.
        return text.replace("\r", "\\r").replace("\n", "\\n")


class ScenarioError(Exception):
    """A scenario that cannot be used; ``problems`` lists everything found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(self.render("en"))

    def render(self, language: str = "en") -> str:
        """Every problem on its own line (at most :data:`MAX_SHOWN`), in ``language``."""
        lines = [p.render(language) for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(more_problems(len(self.problems) - MAX_SHOWN, language))
        return "\n".join(lines)


def refuse(file: str, code: str, line: int = 0, column: int = 0, path: str = "", **context: Any) -> ScenarioError:
    """A scenario error with one problem (the file cannot be read as a scenario at all)."""
    return ScenarioError([Problem(file, line, column, path, code, context, code)])


def key_position(mapping: CommentedMap, key: Any) -> tuple[int, int]:
    """Line and column (from 1) of a key; a key merged in by '<<:' has none, so the mapping's."""
    try:
        line, column = mapping.lc.key(key)
    except (KeyError, TypeError):
        line, column = mapping.lc.line or 0, mapping.lc.col or 0
    return line + 1, column + 1


def _same_key(key: Any, part: Any) -> bool:
    return key == part or (not isinstance(key, str) and str(key) == str(part))


def locate(tree: Any, loc: tuple[Any, ...]) -> tuple[int, int, list[str]]:
    """Line, column and readable path of the deepest part of ``loc`` present in the file.

    ``tree`` is ruamel's round-trip tree (which knows lines) or plain data (which does not;
    then the line is 0).
    """
    line, column, path = (1, 1, []) if isinstance(tree, CommentedMap) else (0, 0, [])
    node = tree
    for part in loc:
        if isinstance(node, dict):
            key = next((k for k in node if _same_key(k, part)), None) if part not in node else part
            if key is None:
                continue  # a type or union tag that pydantic adds to the location: skip it
            if isinstance(node, CommentedMap):
                line, column = key_position(node, key)
            node = node[key]
            path.append(str(part))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            if isinstance(node, CommentedSeq):
                try:
                    position = node.lc.item(part)
                    line, column = position[0] + 1, position[1] + 1
                except (KeyError, TypeError):
                    pass  # an item without a recorded place: keep the parent's
            node = node[part]
            path.append(str(part))
    return line, column, path


def shown(value: Any, limit: int = 80) -> str:
    """A value as the user wrote it, short: ``{distribution: uniform, min: 2 weeks}``."""
    if isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {shown(v, limit)}" for k, v in value.items()) + "}"
    elif isinstance(value, list):
        text = "[" + ", ".join(shown(v, limit) for v in value) + "]"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value)) if abs(value) < 1e15 else str(value)
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _written_at(data: Any, loc: tuple[Any, ...]) -> Any:
    """The value at ``loc`` in the plain data as the user wrote it (None when not there)."""
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and not isinstance(part, int):
            continue  # a union tag pydantic adds to the location
        else:
            return None
    return node


def from_errors(errors: list[dict[str, Any]], data: Any, tree: Any, name: str) -> list[Problem]:
    """Problems from pydantic errors (or cross-reference checks in the same shape)."""
    problems = []
    for error in errors:
        loc = tuple(error["loc"])
        code = error["type"]
        context = dict(error.get("ctx") or {})
        value = error.get("input")
        if code in FIELD_OF and isinstance(value, dict):
            # A check across fields: point at the field to change, quote what the user wrote.
            loc = (*loc, FIELD_OF[code])
            context.update({k: shown(v) for k, v in value.items() if k in ("warm_up", "horizon")})
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            written = _written_at(data, loc)  # '130%' as typed, not the 1.3 it was read as
            value = written if isinstance(written, str) else value
        if "got" not in context:
            context["got"] = None if value is None else shown(value)
        line, column, path = locate(tree if tree is not None else data, loc)
        if code == "missing":
            key = str(loc[-1])
            path = path + [key]
            context.update(key=key, parent=path[-2] if len(path) > 1 else "", about=description(loc, data))
        elif code == "extra_forbidden":
            key = str(loc[-1])
            allowed = allowed_keys(loc[:-1], data)
            suggestion = closest(key, allowed)
            context.update(key=key, allowed=", ".join(allowed) or "-", suggestion=suggestion)
            if key.isdigit():  # '{share: 0,6}': YAML splits a decimal comma inside braces into two entries
                context["decimal_comma"] = True
            if not suggestion and "distribution" not in allowed:  # distributions: 'allowed' says it
                context["homes"] = ", ".join(key_homes().get(key, [])[:3])
        elif code in ("literal_error", "union_tag_invalid"):
            expected = str(context.get("expected") or context.get("expected_tags") or "")
            choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
            got = str(context.get("tag", context.get("got", "")))
            context["suggestion"] = closest(got, choices)
        problems.append(Problem(name, line, column, ".".join(path), code, context, str(error.get("msg", code))))
    return problems


def in_order(problems: list[Problem]) -> list[Problem]:
    """One problem per place, the most telling one, sorted by line."""
    unique: dict[tuple[int, int, str], Problem] = {}
    for p in problems:
        key = (p.line, p.column, p.path)
        kept = unique.get(key)
        # Union branches report one error each; keep the most telling one.
        if kept is None or (kept.code in GENERIC and p.code not in GENERIC):
            unique[key] = p
    return sorted(unique.values(), key=lambda p: (p.line, p.column, p.path))
