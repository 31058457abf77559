"""The catalogue of stream and target-group presets (analysis/sizing/presets.yaml), in one place.

`ambacht init --inhabitants ...` sizes a scenario from it (:mod:`analysis.sizing.sizing`) and the
scenario reference lists it (:func:`presets_markdown`). A number with a source is held as
:class:`Sourced`: its value, the docs/sources.md anchor it comes from (or ``estimate``,
``calibrated``, ``derived``) and a short note.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import IO, Any

from ruamel.yaml import YAML

from sim import text

CATALOGUE = Path(__file__).with_name("presets.yaml")
UNSOURCED = ("estimate", "calibrated", "derived", "given")
"""Source words for numbers that no publication gives ('given': the user's own fact)."""


@dataclass(frozen=True)
class Sourced:
    """A value with where it comes from: an anchor of docs/sources.md, or 'estimate' ..."""

    value: Any
    source: str
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def comment(self) -> str:
        """The YAML comment for this value: ``source: docs/sources.md#x (note)`` or ``estimate (note)``."""
        where = self.source if self.source in UNSOURCED else f"source: docs/sources.md#{self.source}"
        return f"{where} ({self.note})" if self.note else where


def plain(value: Any) -> Any:
    """The value without its source, all the way down."""
    if isinstance(value, Sourced):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _convert(node: Any) -> Any:
    if isinstance(node, dict):
        if "value" in node and "source" in node:
            extra = {k: _convert(v) for k, v in node.items() if k not in ("value", "source", "note")}
            return Sourced(_convert(node["value"]), str(node["source"]), str(node.get("note", "")), extra)
        return {str(k): _convert(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_convert(v) for v in node]
    return node


def _notes(node: Any) -> Iterator[str]:
    """Every note in a node of the catalogue, in file order."""
    if isinstance(node, Sourced):
        if node.note:
            yield node.note
        yield from _notes(node.value)
        yield from _notes(node.extra)
    elif isinstance(node, dict):
        for v in node.values():
            yield from _notes(v)
    elif isinstance(node, list):
        for v in node:
            yield from _notes(v)


def _translated(node: Any, tr: text.Translation) -> Any:
    if isinstance(node, Sourced):
        note = tr.gettext(node.note) if node.note else ""
        return replace(node, value=_translated(node.value, tr), note=note, extra=_translated(node.extra, tr))
    if isinstance(node, dict):
        return {k: _translated(v, tr) for k, v in node.items()}
    if isinstance(node, list):
        return [_translated(v, tr) for v in node]
    return node


@dataclass(frozen=True)
class Catalogue:
    """The presets: town figures, streams, steps, products, supervisor teams, target groups."""

    town: dict[str, Sourced]
    streams: dict[str, dict[str, Any]]
    steps: dict[str, dict[str, Any]]
    products: dict[str, dict[str, Any]]
    teams: dict[str, dict[str, Any]]
    groups: dict[str, dict[str, Any]]

    def sources(self) -> set[str]:
        """Every source word or anchor the catalogue cites."""
        found: set[str] = set()

        def visit(node: Any) -> None:
            if isinstance(node, Sourced):
                found.add(node.source)
                visit(node.value)
                visit(node.extra)
            elif isinstance(node, dict):
                for v in node.values():
                    visit(v)
            elif isinstance(node, list):
                for v in node:
                    visit(v)

        visit([self.town, self.streams, self.steps, self.products, self.teams, self.groups])
        return found

    def notes(self) -> list[str]:
        """Every note, in file order: the English message ids of the gettext catalogue."""
        return list(dict.fromkeys(_notes([self.town, self.streams, self.steps, self.products, self.teams, self.groups])))

    def in_language(self, lang: str) -> Catalogue:
        """The catalogue with its notes in ``lang`` (the English notes are message ids)."""
        tr = text.translation(lang)
        return Catalogue(**{key: _translated(getattr(self, key), tr)
                            for key in ("town", "streams", "steps", "products", "teams", "groups")})


@cache
def catalogue() -> Catalogue:
    """The catalogue, read once from analysis/sizing/presets.yaml."""
    data = YAML(typ="safe", pure=True).load(CATALOGUE.read_text(encoding="utf-8"))
    converted = _convert(data)
    return Catalogue(**{key: converted[key] for key in ("town", "streams", "steps", "products", "teams", "groups")})


def extract_notes(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
                  ) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extractor for presets.yaml (babel.cfg): every note is a message of the catalogue."""
    source = fileobj.read().decode("utf-8")
    lines = source.splitlines()
    for note in _notes(_convert(YAML(typ="safe", pure=True).load(source))):
        quoted = next((n for n, line in enumerate(lines, 1) if note in line), 1)
        yield quoted, "gettext", note, ["Translators: a note beside a number of a sized scenario (presets.yaml)"]


def label(name: dict[str, str], lang: str) -> str:
    return name.get(lang) or name["en"]


def _band(value: Sourced, percent: bool = False) -> str:
    low, high = value.extra.get("band", [value.value, value.value])
    if percent:
        return f"{low * 100:g}–{high * 100:g} %" if low != high else f"{low * 100:g} %"
    return f"1:{low:g}–{high:g}" if low != high else f"1:{low:g}"


def _cite(value: Sourced) -> str:
    return value.source if value.source in UNSOURCED else f"[{value.source}](sources.md#{value.source})"


def presets_markdown() -> str:
    """The catalogue as a section of the scenario reference."""
    c = catalogue()
    lines = ['<a id="presets"></a>', "", "## Presets", "",
             "`ambacht init FILE --inhabitants 60000 --streams meubels,textiel --groups bijstand` writes a scenario "
             "from these presets, sized for the town (see [from a few facts](from-a-few-facts.md)). "
             "They live in `analysis/sizing/presets.yaml`; every number there names its entry in "
             "[sources](sources.md) or says estimate.", "",
             "**Streams** (`--streams`): the share of goods collected is by weight.", "",
             "| id | Dutch | English | unit | share of goods | steps |", "|---|---|---|---|---|---|"]
    for stream_id, s in c.streams.items():
        steps = sorted({step for route in s["routes"].values() for step in route["steps"]})
        share = s["share_of_goods"]
        lines.append(f"| `{stream_id}` | {s['name']['nl']} | {s['name']['en']} | {s['unit']} | "
                     f"{share.value * 100:g} % ({_cite(share)}) | {', '.join(f'`{x}`' for x in steps)} |")
    lines += ["", "**Target groups** (`--groups`): supervision ratio (participants per supervisor "
              "present), productivity as a share of a trained worker, and absence, with the "
              "published band and the value the sizing uses.", "",
              "| id | Dutch | English | supervised by | ratio | productivity | absence | source |",
              "|---|---|---|---|---|---|---|---|"]
    for group_id, g in c.groups.items():
        ratio = g.get("supervision_ratio")
        ratio_text = f"{_band(ratio)} (uses 1:{ratio.value:g})" if ratio else "none"
        team = c.teams[g["qualification"]]["id"] if g.get("qualification") else "—"
        prod, absence = g["productivity"], g["absence"]
        lines.append(f"| `{group_id}` | {g['name']['nl']} | {g['name']['en']} | {team} | {ratio_text} | "
                     f"{_band(prod, True)} (uses {prod.value * 100:g} %) | {_band(absence, True)} | "
                     f"{_cite(ratio or prod)} |")
    lines.append("")
    return "\n".join(lines)
