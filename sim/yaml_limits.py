"""Reading YAML within limits: nothing in a file can make the parser expand it, or format it, unbounded.

A scenario file is something people mail each other and councils publish, so reading one must
never stall a machine. Every limit is checked on what the file *says*, before any library builds
what it *means*:

* nesting is refused while scanning, at the opening bracket or indent (:data:`MAX_DEPTH`);
* tags are refused while scanning (a scenario needs none);
* the composed node graph (where an alias is one shared node, however often it is repeated) is
  measured before anything is constructed from it: its size once every alias is expanded
  (:data:`MAX_NODES`) and its depth once expanded (:data:`MAX_DEPTH`), with a memo per node,
  so a "billion laughs" file costs one visit per node written;
* duplicate keys are found on that same graph, by this module, with the YAML library's own check
  turned off: that check formats the fully expanded value of the key for its message, which
  for an alias bomb under a repeated key takes minutes and gigabytes.

Problems are raised as :class:`Refused` (a code, a line and column from 1, a dotted path and the
message's values); :mod:`sim.loader` turns them into located, translated problems.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scanner import RoundTripScanner

MAX_DEPTH = 50
"""Levels of nesting a file may have, once aliases are expanded (a scenario needs under ten)."""
MAX_NODES = 50_000
"""Values a file may hold once aliases are expanded (a large centre has a few thousand)."""
MERGE_TAG = "tag:yaml.org,2002:merge"
TOO_MANY = MAX_NODES + 1

__all__ = ["MAX_DEPTH", "MAX_NODES", "Refused", "bounded_yaml"]


class Refused(Exception):
    """A file refused while reading: ``code`` (a message key), its place and the message's values."""

    def __init__(self, code: str, line: int, column: int, path: str = "", **context: Any) -> None:
        super().__init__(code)
        self.code, self.line, self.column, self.path, self.context = code, line, column, path, context


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _GuardedScanner(RoundTripScanner):
    """ruamel's scanner, refusing nesting deeper than :data:`MAX_DEPTH` and every tag.

    The scanner's work per token grows with the nesting depth, so 10,000 '[' would take
    seconds before any recursion limit is hit; refusing at the opening bracket keeps it linear.
    """

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: str) -> None:
        if len(self.flow_context) >= MAX_DEPTH:
            raise Refused("yaml_too_deep", *_at(self.reader.get_mark()), limit=MAX_DEPTH)
        super().fetch_flow_collection_start(TokenClass, to_push)

    def fetch_tag(self) -> None:
        # Tags ('!!python/object', '!!binary', '!foo') ask the parser to build objects of its own
        # kinds; a scenario needs none, and refusing them here keeps parsing plain and bounded.
        raise Refused("yaml_tag", *_at(self.reader.get_mark()))

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise Refused("yaml_too_deep", *_at(self.reader.get_mark()), limit=MAX_DEPTH)
        return bool(super().add_indent(column))


class _CheckedConstructor(RoundTripConstructor):
    """Builds the data only from a node graph that :func:`check_graph` accepted.

    Dates stay text for the models to read: '2026-13-01' then gets a located message instead of
    failing inside the YAML library, and a name such as '2026-01-05' stays a name.
    """

    def get_single_data(self) -> Any:
        node = self.composer.get_single_node()
        if node is None:
            return None
        check_graph(node)
        return self.construct_document(node)


_CheckedConstructor.add_constructor("tag:yaml.org,2002:timestamp", _CheckedConstructor.construct_yaml_str)


def bounded_yaml() -> YAML:
    """A round-trip YAML reader (it keeps every key's line) that refuses with :class:`Refused`.

    The library's duplicate-key check is off: :func:`check_graph` finds duplicates first.
    """
    yaml = YAML(typ="rt")
    yaml.Scanner = _GuardedScanner
    yaml.Constructor = _CheckedConstructor
    yaml.allow_duplicate_keys = True
    return yaml


def _key_text(node: Node) -> str | None:
    """The text of a plain key (None for a merge key '<<' or a key that is itself a collection)."""
    if isinstance(node, ScalarNode) and node.tag != MERGE_TAG:
        return str(node.value)
    return None


def check_graph(root: Node) -> None:
    """Refuse a node graph too large or too deep once expanded, or with a key twice in one mapping.

    Each node is measured once (a memo by identity), so the work is that of the text as written.
    The first problem found is raised; a duplicate key is reported with the path to it.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id -> (values once expanded, levels once expanded)
    busy: set[int] = set()

    def measure(node: Node, depth: int) -> tuple[int, int]:
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            if depth + known[1] > MAX_DEPTH:
                raise Refused("yaml_too_deep", *_at(node.start_mark), limit=MAX_DEPTH)
            return known
        if depth > MAX_DEPTH:
            raise Refused("yaml_too_deep", *_at(node.start_mark), limit=MAX_DEPTH)
        if key in busy:  # an alias inside its own anchor: endless once expanded
            return (TOO_MANY, 0)
        if isinstance(node, MappingNode):
            children: list[Node] = [part for pair in node.value for part in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        else:
            sizes[key] = (1, 0)
            return sizes[key]
        busy.add(key)
        total, height = 1, 0
        for child in children:
            size, levels = measure(child, depth + 1)
            total = min(total + size, TOO_MANY)  # saturated: the count stays a small number
            height = max(height, levels + 1)
        busy.discard(key)
        sizes[key] = (total, height)
        return sizes[key]

    if isinstance(root, MappingNode):
        # Point at the top-level key whose value crosses the limit (where a reader looks).
        total = 0
        for key_node, value_node in root.value:
            total += measure(key_node, 1)[0] + measure(value_node, 1)[0]
            if total > MAX_NODES:
                raise Refused("yaml_too_many_nodes", *_at(key_node.start_mark), limit=MAX_NODES)
    elif measure(root, 0)[0] > MAX_NODES:
        raise Refused("yaml_too_many_nodes", *_at(root.start_mark), limit=MAX_NODES)
    _check_duplicates(root)


def _check_duplicates(root: Node) -> None:
    """Raise for the first mapping (in file order) that holds a key twice, with its path."""
    seen: set[int] = set()
    stack: list[tuple[Node, tuple[str, ...]]] = [(root, ())]
    while stack:  # depth-first, in file order; each node once, however many aliases point at it
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        below: list[tuple[Node, tuple[str, ...]]] = []
        if isinstance(node, MappingNode):
            first: dict[str, Node] = {}
            for key_node, value_node in node.value:
                text = _key_text(key_node)
                if text is not None and text in first:
                    raise Refused("yaml_duplicate", *_at(key_node.start_mark), ".".join([*path, text]),
                                  key=text, first=first[text].start_mark.line + 1)
                if text is not None:
                    first[text] = key_node
                below.append((value_node, (*path, text if text is not None else "<<")))
        elif isinstance(node, SequenceNode):
            below = [(child, (*path, str(i))) for i, child in enumerate(node.value)]
        stack.extend(reversed(below))
