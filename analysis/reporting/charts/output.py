"""Saving charts: PNG and SVG per chart (the report's PDF is typeset from its page: analysis.reporting.pdf).

Every file is written under a temporary name and moved into place (:mod:`analysis.results.files`), so a
reader never sees half a chart.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from analysis.reporting.charts import style
from analysis.results.files import write_atomic

DPI = 150
FORMATS = ("png", "svg")


def save(chart: style.Chart, folder: Path, lang: str) -> dict[str, Path]:
    """Write ``folder/<id>-<lang>.png`` and ``.svg``; returns the paths by format."""
    paths = {}
    for fmt in FORMATS:
        path = folder / f"{chart.id}-{lang}.{fmt}"

        def write(p: Path, fmt: str = fmt) -> None:
            chart.figure.savefig(p, format=fmt, dpi=DPI, facecolor="white", metadata=_metadata(chart, fmt))

        write_atomic(path, write)
        paths[fmt] = path
    return paths


def _metadata(chart: style.Chart, fmt: str) -> dict[str, str]:
    # Fixed metadata keeps files identical from run to run (no creation date, no tool version).
    if fmt == "svg":
        return {"Title": chart.title, "Date": None, "Creator": None}  # type: ignore[dict-item]
    return {"Title": chart.title, "Software": None}  # type: ignore[dict-item]


def png_base64(chart: style.Chart) -> str:
    """The chart as a base64 PNG, for an ``<img src="data:...">`` in a self-contained page."""
    buffer = io.BytesIO()
    chart.figure.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata=_metadata(chart, "png"))
    return base64.b64encode(buffer.getvalue()).decode("ascii")
