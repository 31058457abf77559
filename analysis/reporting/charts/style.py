"""The look every chart shares: colour-blind-safe colours, markers, hatching, title and provenance.

Colours are the Okabe-Ito palette, safe for the common forms of colour blindness; every series
also gets its own marker or hatching, so charts stay readable printed in black and white.
Figures are made with :class:`matplotlib.figure.Figure` directly (no pyplot, no global state).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from sim import text  # noqa: E402

BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
)
PALETTE = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK]
"""Okabe-Ito, in the order series get them."""
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "///", "...", "xxx", "\\\\\\", "+++", "ooo", "---"]
GREY = "#595959"
"""Text grey with a contrast ratio above 7:1 on white."""
LIGHT = "#D9D9D9"

RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": BLACK,
    "xtick.color": BLACK,
    "ytick.color": BLACK,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "hatch.linewidth": 0.8,
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
}
matplotlib.rcParams.update(RC)  # type: ignore[arg-type]


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def marker(i: int) -> str:
    return MARKERS[i % len(MARKERS)]


def hatch(i: int) -> str:
    return HATCHES[i % len(HATCHES)]


@dataclass
class Chart:
    """One finished chart: its figure, the words around it, and the data it shows."""

    id: str
    """File stem, e.g. ``lead-times-textielpartner``."""
    title: str
    alt: str
    """What the chart shows and its main message, for readers who cannot see it."""
    caption: str
    """How to read it."""
    figure: Figure
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The numbers behind the chart, with readable column names."""
    formats: dict[str, str] = field(default_factory=dict)
    """How to show a column of :attr:`data`: 'percent', 'money', 'number' (default for numbers)."""


def figure(width: float = 9.0, height: float = 5.0) -> Figure:
    """A new figure of ``width`` x ``height`` inches with room for title and provenance."""
    return Figure(figsize=(width, height), dpi=100, facecolor="white")


def finish(fig: Figure, title: str, provenance: str, top: float | None = None) -> None:
    """Put the title at the top left and the provenance line at the bottom left."""
    height = fig.get_figheight()
    title_space = 0.55 / height
    foot_space = 0.45 / height
    fig.text(0.012, 1 - 0.18 / height, title, ha="left", va="top", fontsize=13, fontweight="bold", color=BLACK)
    fig.text(0.012, 0.12 / height, provenance, ha="left", va="bottom", fontsize=7.5, color=GREY)
    fig.tight_layout(rect=(0, foot_space, 1, (top if top is not None else 1 - title_space)))


def share_axis(axis: object, lang: str) -> None:
    """Ticks of a 0..1 axis as percentages in the language."""
    axis.set_major_formatter(FuncFormatter(lambda v, _: text.percent(v, lang)))  # type: ignore[attr-defined]


def number_axis(axis: object, lang: str) -> None:
    """Ticks as numbers with the language's separators."""
    axis.set_major_formatter(FuncFormatter(lambda v, _: text.number(v, lang)))  # type: ignore[attr-defined]


def money_axis(axis: object, lang: str) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: text.money(v, lang)))  # type: ignore[attr-defined]


def shorten(text: str, size: int = 28) -> str:
    """A label for a fixed-size box (the chain's boxes): long names end in an ellipsis."""
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def wrap(text: str, size: int = 28) -> str:
    """A label beside a bar or in a legend: long names wrap onto more lines, never cut (the
    layout makes room for them)."""
    return textwrap.fill(text, size, break_long_words=False, break_on_hyphens=False) or text
