"""The calibrated scenario: the user's file with each range narrowed to its posterior.

Everything the user wrote stays (comments, order); each input the records informed becomes
``{range: [p5, p50, p95]}`` (a triangular range over its 90 % interval, so ``ambacht
uncertainty`` and ``ambacht backtest`` still see what is not known), and the file's
``calibrated`` list says for each: the records (file and SHA-256), the weeks, the interval.
A file is only ever replaced when Ambacht wrote it (its first line says so).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from analysis.calibration.calibrate import Calibration
from analysis.results.files import write_text_atomic
from sim import text

MARKER = "# Written by 'ambacht calibrate'"


class NotOurs(FileExistsError):
    """The calibrated file's place holds a file Ambacht did not write: it is left alone."""


def default_path(source: str | Path) -> Path:
    p = Path(source)
    return p.with_name(f"{p.stem}-calibrated{p.suffix or '.yaml'}")


def _number(value: float, unit: str, integer: bool) -> Any:
    if integer:
        return int(round(value))
    written = f"{value:.4g}"
    return f"{written} {unit}" if unit else float(written)


def _shown(value: float, unit: str, lang: str | None) -> str:
    """A calibrated value for the note, in the language's way: '62.270 EUR per year' (nl)."""
    shown = text.number(value, lang)
    return f"{shown} {unit}" if unit else shown


def calibrated_text(source_text: str, result: Calibration, lang: str | None = None) -> str:
    """The scenario text with every input the records informed set to its posterior range (the
    others stay as written, :meth:`Calibration.informed`); the notes in ``calibrated`` in ``lang``
    (the scenario's language)."""
    _ = text.translation(lang).gettext
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    tree = yaml.load(source_text)
    notes = tree.get("calibrated")
    if notes is None:
        notes = CommentedMap()
        tree["calibrated"] = notes
    first, last = result.calibration_weeks[0], result.calibration_weeks[-1]
    for found in result.informed():
        post = found["posterior"]
        unit, integer = found["unit"], found["integer"]
        values = [_number(post[k], unit, integer) for k in ("p5", "p50", "p95")]
        if values[0] == values[2]:
            new: Any = values[1]
        else:
            seq = CommentedSeq(values)
            seq.fa.set_flow_style()
            new = CommentedMap([("range", seq)])
            new.fa.set_flow_style()
        node: Any = tree
        *parents, key = found["path"].split(".")
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(key) if isinstance(node, list) else key] = new
        shown = [_shown(post[k], unit, lang) for k in ("p5", "p50", "p95")]
        notes[found["path"]] = _(
            "calibrated on {file} (sha256 {digest}), weeks {first} to {last} ({n}); 90% interval {low} to {high}, "
            "median {median}; prior {prior_low} to {prior_high}", file=Path(result.records).name,
            digest=result.records_digest, first=first, last=last, n=len(result.calibration_weeks), low=shown[0],
            high=shown[2], median=shown[1], prior_low=text.number(found["prior"][0], lang),
            prior_high=text.number(found["prior"][1], lang))
    out = io.StringIO()
    yaml.dump(tree, out)
    header = f"{MARKER} from {Path(result.records).name} (sha256 {result.records_digest}).\n"
    return header + out.getvalue()


def write_calibrated(source: str | Path, result: Calibration, target: str | Path | None = None,
                     lang: str | None = None) -> Path:
    """Write the calibrated scenario (beside the source unless ``target``), its notes in ``lang``;
    NotOurs when a file Ambacht did not write is in the way."""
    path = Path(target) if target is not None else default_path(source)
    if path.exists():
        try:
            first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        except (OSError, UnicodeDecodeError):
            first = ""
        if not first.startswith(MARKER) or path.resolve() == Path(source).resolve():
            raise NotOurs(str(path))
    write_text_atomic(path, calibrated_text(Path(source).read_text(encoding="utf-8"), result, lang))
    result.path = str(path)
    return path
