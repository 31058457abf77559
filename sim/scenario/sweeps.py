"""Sweep values: read a list or a range, and check those stored in a file at load time.

A sweep stored in a scenario file (``experiment.sweeps``) is part of what ``validate`` accepts,
so every value it will set is checked when the file is loaded, at the line of that value: a
file that ``validate`` accepts never fails later with a variant that cannot run.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sim import text as text_
from sim.messages import render
from sim.scenario.problems import Problem, ScenarioError, locate, shown
from sim.text import N_

_RANGE = re.compile(r"^\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*(?:step\s+([\d.]+))?\s*$")
MAX_VALUES = 10_000
"""Values one range may give."""
MAX_CHECKED = 500
"""Values all sweeps of a file may list (a range counts as its first, second and last value)."""


class SweepError(ValueError):
    """A --vary or --require text that cannot be read, or a sweep that cannot start;
    :meth:`render` explains it in the user's language (``message`` is an English message id)."""

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message.format(**values))
        self.message = message
        self.values = values

    def render(self, lang: str) -> str:
        return text_.translation(lang).gettext(self.message, **self.values)


def _number(text: str) -> int | float:
    value = Decimal(text)
    if not value.is_finite():
        raise ArithmeticError(text)
    return int(value) if value == value.to_integral_value() and "." not in text else float(value)


def parse_values(spec: Any) -> list[Any]:
    """Values of a swept parameter: a list, ``a..b`` (whole steps), ``a..b step s`` or ``a,b,c``."""
    if isinstance(spec, list):
        if not spec:
            raise SweepError(N_("an empty list of values"))
        return spec
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        return [spec]
    text = str(spec).strip()
    match = _RANGE.match(text)
    if match:
        try:
            start, stop = Decimal(match[1]), Decimal(match[2])
            step = Decimal(match[3]) if match[3] else Decimal(1)
        except ArithmeticError:
            raise SweepError(N_("'{text}' is not a range such as '2..8' or '0.5..1 step 0.25'"), text=text) from None
        if step <= 0 or stop < start:
            raise SweepError(N_("'{text}': a range needs a start <= end and a step > 0"), text=text)
        count = int((stop - start) / step) + 1
        if count > MAX_VALUES:
            raise SweepError(N_("'{text}' gives {count} values; at most {limit}"), text=text, count=count, limit=MAX_VALUES)
        floats = any("." in g for g in (match[1], match[2], match[3] or ""))
        values = [start + i * step for i in range(count)]
        return [float(v) if floats else int(v) for v in values]
    if "[" in text[1:]:
        # Lists as values: '[werk],[werk,zorg]' is two values, each a list.
        groups = _top_level_parts(text)
        if len(groups) == 1 and groups[0].startswith("[[") and groups[0].endswith("]]"):
            groups = _top_level_parts(groups[0][1:-1])  # the YAML way: [[werk], [werk, zorg]]
        if len(groups) > 1 or text.count("[") > 1:
            return [_list_value(g) if g.startswith("[") else _scalar(g) for g in groups]
    parts = [p.strip() for p in text.strip("[]").split(",") if p.strip()]
    if not parts:
        raise SweepError(N_("'{text}' has no values"), text=text)
    return [_scalar(part) for part in parts]


def _scalar(part: str) -> Any:
    try:
        return _number(part)
    except ArithmeticError:
        return part  # a quantity with its unit, e.g. '2 h', or a word


def _top_level_parts(text: str) -> list[str]:
    """Split at the commas outside brackets: '[a],[a,b]' -> ['[a]', '[a,b]']."""
    parts, depth, current = [], 0, ""
    for char in text.strip():
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                raise SweepError(N_("'{text}': a ']' without its '['"), text=text)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    if depth != 0:
        raise SweepError(N_("'{text}': a '[' without its ']'"), text=text)
    parts.append(current.strip())
    if any(not p for p in parts):
        raise SweepError(N_("'{text}' has an empty value"), text=text)
    return parts


def _list_value(group: str) -> list[Any]:
    inner = group.strip()
    if not inner.endswith("]") or inner.count("[") != 1:
        raise SweepError(N_("'{text}': a list value is written [a,b] (no nested lists)"), text=group)
    return [_scalar(p.strip()) for p in inner[1:-1].split(",") if p.strip()]


def list_text(value: list[Any]) -> str:
    """A list as a --vary value: ['werk', 'zorg'] -> '[werk,zorg]'."""
    return "[" + ",".join(str(v) for v in value) + "]"


def set_path(data: dict[str, Any], path: str, value: Any) -> dict[str, Any] | None:
    """A copy of plain scenario data with ``value`` at the dotted ``path`` (None: no such place)."""
    data = copy.deepcopy(data)
    node: Any = data
    parts = path.split(".")
    for part in parts[:-1]:
        if not isinstance(node, dict):
            return None
        node = node.setdefault(part, {})
    if not isinstance(node, dict):
        return None
    node[parts[-1]] = value
    return data


def _to_check(spec: Any) -> list[tuple[int | None, Any]]:
    """(index in the file's list or None, value): every listed value once; a range's ends."""
    values = parse_values(spec)
    if isinstance(spec, list):
        seen: set[str] = set()
        out: list[tuple[int | None, Any]] = []
        for index, value in enumerate(values):
            key = repr(value)
            if key not in seen:
                seen.add(key)
                out.append((index, value))
        return out
    picked = {0, min(1, len(values) - 1), len(values) - 1}
    return [(None, values[i]) for i in sorted(picked)]


def check_stored_sweeps(data: dict[str, Any], tree: Any, name: str,
                        validate: Callable[[Any, str], Any]) -> None:
    """Check every value of the file's sweeps, one at a time on the file's scenario.

    ``validate`` checks plain data (:func:`sim.loader.validate`). Raises :class:`ScenarioError`
    with each bad value at its own line.
    """
    sweeps = (data.get("experiment") or {}).get("sweeps") or {}
    problems: list[Problem] = []
    checked = 0
    for sweep_id, sweep in sweeps.items():
        for path, spec in (sweep.get("vary") or {}).items():
            loc: tuple[Any, ...] = ("experiment", "sweeps", sweep_id, "vary", path)
            try:
                values = _to_check(spec)
            except SweepError:
                line, column, parts = locate(tree, loc)
                problems.append(Problem(name, line, column, ".".join(parts), "sweep_range", {"got": shown(spec)}))
                continue
            checked += len(values)
            if checked > MAX_CHECKED:
                line, column, parts = locate(tree, loc)
                raise ScenarioError([Problem(name, line, column, ".".join(parts), "sweep_too_many",
                                             {"limit": MAX_CHECKED})])
            for index, value in values:
                variant = set_path(data, path, value)
                if variant is None:
                    continue  # the path itself is refused by the reference checks
                try:
                    validate(variant, name)
                except ScenarioError as error:
                    where = loc if index is None else (*loc, index)
                    line, column, parts = locate(tree, where)
                    first = error.problems[0]
                    context = {"value": shown(value), "path": path, "got": None, "more": len(error.problems) - 1}
                    for language in ("en", "nl"):
                        message = render(first.code, first.context, language, first.fallback)
                        context[f"problem_{language}"] = f"{first.path}: {message}" if first.path else message
                    problems.append(Problem(name, line, column, ".".join(parts), "sweep_value", context))
    if problems:
        raise ScenarioError(problems)
