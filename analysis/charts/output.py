"""Saving charts: PNG and SVG per chart, and all charts of a report together in one PDF.

Every file is written under a temporary name and moved into place (:mod:`analysis.files`), so a
reader never sees half a chart.
"""

from __future__ import annotations

import base64
import io
import textwrap
from pathlib import Path

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis.charts import style
from analysis.files import write_atomic

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


def title_page(title: str, lines: list[str], provenance: str) -> Figure:
    """A first PDF page: the report's title, its summary in words, and the provenance."""
    fig = style.figure(8.27, 11.69)
    fig.text(0.08, 0.92, title, fontsize=20, fontweight="bold", va="top", wrap=True)
    y = 0.86
    for line in lines:
        wrapped = textwrap.fill(line, 80)
        fig.text(0.08, y, wrapped, fontsize=11, va="top")
        y -= 0.03 * (wrapped.count("\n") + 1) + 0.02
    fig.text(0.08, 0.05, textwrap.fill(provenance, 110), fontsize=8, color=style.GREY, va="bottom")
    return fig


def save_pdf(charts: list[style.Chart], path: Path, first: Figure | None = None) -> Path:
    """All charts in one PDF, after an optional title page."""

    def write(p: Path) -> None:
        with PdfPages(p, metadata={"Title": path.stem, "CreationDate": None, "ModDate": None}) as pdf:
            if first is not None:
                pdf.savefig(first)
            for chart in charts:
                pdf.savefig(chart.figure)

    write_atomic(path, write)
    return path
