"""Write a scenario tree as commented YAML: every sourced number with its source beside it.

The tree is plain dicts, lists and scalars; a :class:`~analysis.sizing.presets.Sourced` value is
written with its comment at the end of the line, and a key that starts with ``#`` writes its
text as comment lines above the next key. Small mappings of plain values are written inline
(``{share: 0.4, route: meubel_verkoop}``), as the example scenarios are.
"""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from analysis.sizing.presets import Sourced

COMMENT_COLUMN = 36
INLINE_WIDTH = 96
_PLAIN = re.compile(r"^[A-Za-z0-9€][\w .€()'/+-]*$")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def _wrap(text: str, width: int, subsequent_indent: str = "") -> list[str]:
    """Wrap comment text without breaking anchors such as docs/sources.md#inzameling-per-inwoner."""
    return textwrap.wrap(text, width, subsequent_indent=subsequent_indent, break_on_hyphens=False, break_long_words=False)


def scalar(value: Any) -> str:
    """One YAML scalar: numbers as written, text plain when that is safe, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e15 else str(int(value))
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" ") \
            and not re.fullmatch(r"[-+]?[\d.]+(e[-+]?\d+)?", text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _is_plain(value: Any) -> bool:
    if isinstance(value, Sourced):
        return False
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list, Sourced)) for v in value)
    return not isinstance(value, dict)


def inline(value: Any) -> str:
    """A value on one line: a scalar, ``[a, b]`` or ``{k: v}``."""
    if isinstance(value, Sourced):
        return inline(value.value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    return scalar(value)


def _fits_inline(value: Any, indent: int) -> bool:
    if isinstance(value, Sourced):
        value = value.value
    if isinstance(value, dict):
        nested_ok = all(_is_plain(v) or (isinstance(v, Sourced) and _fits_inline(v, indent)) or
                        (isinstance(v, dict) and all(_is_plain(x) for x in v.values())) for v in value.values())
        return nested_ok and not any(str(k).startswith("#") for k in value) and indent + len(inline(value)) <= INLINE_WIDTH
    return True


def _inline_with_comment(prefix: str, value: dict[str, Any]) -> bool:
    """A plain mapping goes on one line when it and the comments of its values fit there."""
    if not _fits_inline(value, len(prefix)):
        return False
    comments = _comments_of(value)
    return not comments or len(_line(f"{prefix} {inline(value)}", "; ".join(comments))) == 1


def _line(prefix: str, comment: str) -> list[str]:
    if not comment:
        return [prefix]
    pad = max(COMMENT_COLUMN - len(prefix), 1) if len(prefix) < COMMENT_COLUMN else 3
    line = f"{prefix}{' ' * pad}# {comment}"
    if len(line) <= 110:
        return [line]
    indent = " " * (len(prefix) - len(prefix.lstrip()))
    wrapped = _wrap(comment, 100 - len(indent))
    return [f"{indent}# {part}" for part in wrapped] + [prefix]


def _comments_of(value: Any) -> list[str]:
    """Comments of sourced values nested inside an inline mapping, to put beside it."""
    found: list[str] = []
    if isinstance(value, Sourced):
        found.append(value.comment())
        value = value.value
    if isinstance(value, dict):
        for v in value.values():
            found.extend(_comments_of(v))
    return found


def emit(tree: dict[str, Any], indent: int = 0) -> list[str]:
    """The lines of a mapping at ``indent`` spaces."""
    lines: list[str] = []
    pad = " " * indent
    for key, value in tree.items():
        if key.startswith("#"):
            if indent == 0 and lines:
                lines.append("")
            for text in [value] if isinstance(value, str) else value:
                lines += [f"{pad}# {part}" if part else f"{pad}#" for part in _wrap(text, 96 - indent) or [""]]
            continue
        prefix = f"{pad}{scalar(key)}:"
        if isinstance(value, dict) and not _inline_with_comment(prefix, value):
            lines.append(prefix)
            lines += emit(value, indent + 2)
        elif isinstance(value, Sourced) and isinstance(value.value, dict) and not _fits_inline(value, indent + len(prefix)):
            lines += [f"{pad}# {part}" for part in _wrap(value.comment(), 96 - indent)]
            lines.append(prefix)
            lines += emit(value.value, indent + 2)
        elif isinstance(value, list) and len(prefix) + len(inline(value)) > INLINE_WIDTH:
            lines.append(prefix)
            lines += [f"{pad}  - {inline(item)}" for item in value]
        else:
            comments = _comments_of(value)
            text = "; ".join(dict.fromkeys(comments))
            lines += _line(f"{prefix} {inline(value)}", text)
    return lines


def scenario_text(header: list[str], tree: dict[str, Any]) -> str:
    """The whole file: header comment lines, then the tree."""
    head = [f"# {part}" if part else "#" for line in header
            for part in (_wrap(line, 96, subsequent_indent="    " if line.startswith("  ") else "") or [""])]
    return "\n".join([*head, "", *emit(tree)]) + "\n"
