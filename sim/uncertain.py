"""Uncertain inputs: any number of a scenario written as a range instead of one value.

A feasibility study rarely knows next year's inflow or a new group's absence to within 10 %.
Any scalar value may be written as a range, with its unit as usual::

    rate: {range: [80 per week, 100 per week, 130 per week]}   # low, likely, high: triangular
    absence: {range: [0.08, 0.12]}                              # low, high: uniform
    price: {bereik: [3 EUR, 5 EUR]}                             # the Dutch key works too

The scenario as written holds the *likely* value (the middle of a two-value range) wherever a
range is: ``validate`` and ``run`` use it. ``ambacht uncertainty`` draws every range once per
sample (Latin hypercube) and runs the scenario with the drawn values. A range is checked when
the file is loaded: both ends (and the likely value) must be valid values of the field.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from typing import Any

from sim import units

RANGE_KEYS = ("range", "bereik")
_THOUSANDS_LIKE = re.compile(r"^[-+]?[1-9]\d{0,2}\.\d{3}$")
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


class RangeError(ValueError):
    """A range written wrongly; ``code`` and ``context`` make the located message."""

    def __init__(self, path: tuple[str | int, ...], code: str, **context: Any) -> None:
        super().__init__(code)
        self.path = path
        self.code = code
        self.context = context


@dataclass(frozen=True)
class UncertainInput:
    """One number of the scenario that is only known as a range."""

    path: str  # dotted path, usable with --vary and with_overrides
    low: float
    likely: float
    high: float
    unit: str  # the unit as written ('' for a bare number), e.g. 'per week'
    integer: bool  # a head count: drawn values are rounded
    shape: str  # 'triangular' (three values) or 'uniform' (two)

    def text(self, value: float) -> Any:
        """A drawn value as the scenario language writes it (with its unit)."""
        if self.integer:
            return int(round(value))
        number = f"{value:.10g}"
        if _THOUSANDS_LIKE.match(number):
            number += "0"  # '27.454' reads as twenty-seven thousand; '27.4540' does not
        return f"{number} {self.unit}" if self.unit else float(number)

    def ppf(self, u: float) -> float:
        """The value at cumulative probability ``u`` (0..1): the inverse of the distribution."""
        low, mode, high = self.low, self.likely, self.high
        if high <= low:
            return low
        if self.shape == "uniform":
            return low + u * (high - low)
        cut = (mode - low) / (high - low)
        if u < cut:
            return low + math.sqrt(u * (high - low) * (mode - low))
        return high - math.sqrt((1 - u) * (high - low) * (high - mode))

    @property
    def mean(self) -> float:
        if self.shape == "uniform":
            return (self.low + self.high) / 2
        return (self.low + self.likely + self.high) / 3


def _split(value: Any, path: tuple[str | int, ...]) -> tuple[float, str, bool]:
    """A number and its unit text: 80 -> (80, '', True); '2.5 h' -> (2.5, 'h', False)."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise RangeError(path, "range_value", got=str(value))
    if isinstance(value, int):
        return float(value), "", True
    if isinstance(value, float):
        return value, "", False
    match = _NUMBER.match(str(value))
    if not match:
        raise RangeError(path, "range_value", got=str(value))
    number = float(match.group(1))
    if not math.isfinite(number):
        raise RangeError(path, "range_value", got=str(value))
    integer = match.group(2) == "" and re.fullmatch(r"\s*[-+]?\d+\s*", str(value)) is not None
    return number, match.group(2), integer


def _is_range(node: Any) -> bool:
    return isinstance(node, dict) and len(node) == 1 and next(iter(node)) in RANGE_KEYS


def parse_range(node: dict[str, Any], path: tuple[str | int, ...]) -> UncertainInput:
    """A ``{range: [...]}`` mapping as an input, or a :class:`RangeError`."""
    values = next(iter(node.values()))
    if not isinstance(values, list) or len(values) not in (2, 3):
        raise RangeError(path, "range_shape", got=str(values))
    parts = [_split(v, path) for v in values]
    units = {unit.lower() for _, unit, _ in parts}
    if len(units) > 1:
        raise RangeError(path, "range_units", units=", ".join(sorted(u or "-" for u in units)))
    numbers = [n for n, _, _ in parts]
    if len(numbers) == 2:
        low, high = numbers
        likely = (low + high) / 2
    else:
        low, likely, high = numbers
    if not low <= likely <= high or low == high:
        raise RangeError(path, "range_order", low=_show(low), likely=_show(likely), high=_show(high))
    integer = all(i for _, _, i in parts)
    return UncertainInput(
        path=".".join(str(p) for p in path), low=low, likely=likely, high=high, unit=parts[0][1],
        integer=integer, shape="uniform" if len(numbers) == 2 else "triangular",
    )


def _show(x: float) -> str:
    return f"{x:g}"


def extract(data: dict[str, Any]) -> tuple[dict[str, Any], list[UncertainInput]]:
    """The data with every range replaced by its likely value, and the ranges found.

    Raises :class:`RangeError` at the first range written wrongly.
    """
    found: list[UncertainInput] = []

    def walk(node: Any, path: tuple[str | int, ...]) -> Any:
        if _is_range(node):
            uncertain = parse_range(node, path)
            found.append(uncertain)
            return uncertain.text(uncertain.likely)
        if isinstance(node, dict):
            return {k: walk(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, (*path, i)) for i, v in enumerate(node)]
        return node

    plain = walk(data, ())
    if any(p.path.startswith(("experiment.", "business_case.changes")) for p in found):
        where = next(p for p in found if p.path.startswith(("experiment.", "business_case.changes")))
        raise RangeError(tuple(where.path.split(".")), "range_here")
    return plain, found


def with_values(data: dict[str, Any], inputs: list[UncertainInput], values: list[float]) -> dict[str, Any]:
    """A copy of (likely-valued) data with each input set to a drawn value."""
    out = copy.deepcopy(data)
    for uncertain, value in zip(inputs, values, strict=True):
        node: Any = out
        *parents, last = uncertain.path.split(".")
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = uncertain.text(value)
        else:
            node[last] = uncertain.text(value)
    return out


RANGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "an uncertain value: [low, high] (uniform) or [low, likely, high] (triangular), each with the "
                   "field's unit, e.g. {range: [80 per week, 100 per week, 130 per week]}",
    "minProperties": 1,
    "maxProperties": 1,
    "properties": {key: {"type": "array", "minItems": 2, "maxItems": 3,
                         "items": {"type": ["number", "string"]},
                         "description": "[low, high] or [low, likely, high], with the key's unit"}
                   for key in RANGE_KEYS},
    "additionalProperties": False,
}


def _numeric(node: dict[str, Any]) -> bool:
    """A schema of a number, or of a quantity written with its unit ('40 per week')."""
    kind = node.get("type")
    if kind in ("number", "integer"):
        return True
    return kind == "string" and str(node.get("pattern", "")) in units.PATTERN_KINDS


def with_ranges(schema: dict[str, Any]) -> dict[str, Any]:
    """The scenario's JSON Schema with ``{range: [...]}`` allowed wherever a number is.

    The experiment settings stay single values, as the loader requires.
    """
    out = copy.deepcopy(schema)
    out.setdefault("$defs", {})["Range"] = RANGE_SCHEMA
    ref = {"$ref": "#/$defs/Range"}

    def widen(prop: dict[str, Any]) -> dict[str, Any]:
        members = prop.get("anyOf")
        if members is not None:
            if any(isinstance(m, dict) and _numeric(m) for m in members):
                prop["anyOf"] = [*members, ref]
            return prop
        if _numeric(prop):
            keep: dict[str, Any] = {k: prop.pop(k) for k in ("description", "title", "default") if k in prop}
            return {**keep, "anyOf": [prop, ref]}
        return prop

    def walk(node: Any, name: str) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and name not in ("Experiment", "Sweep", "Change", "Range"):
                for key in list(props):
                    props[key] = widen(props[key])
            extra = node.get("additionalProperties")
            if isinstance(extra, dict) and name not in ("Experiment", "Range"):
                node["additionalProperties"] = widen(extra)
            for key, child in node.items():
                if key == "$defs" and isinstance(child, dict):
                    for def_name, definition in child.items():
                        walk(definition, def_name)
                elif key != "$defs":
                    walk(child, name)
        elif isinstance(node, list):
            for child in node:
                walk(child, name)

    walk(out, "Scenario")
    return out
