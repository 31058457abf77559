"""Charts for a council proposal, one module per chart family.

Each family's ``draw(context)`` returns finished :class:`~analysis.reporting.charts.style.Chart` objects,
or none when its data is absent (no contracts, no sweep, no series): a chart is skipped, never
drawn empty. :func:`draw_all` draws every family in report order.
"""

from __future__ import annotations

from analysis.reporting.charts import (
    lead_times,
    levers,
    material_flow,
    money,
    social,
    staffing,
    timeseries,
    triad,
    utilisation,
)
from analysis.reporting.charts.context import Context, load_context
from analysis.reporting.charts.style import Chart

FAMILIES = (staffing, triad, levers, utilisation, timeseries, lead_times, social, material_flow, money)
"""In report order: the headline chart first."""


def draw_all(context: Context) -> list[Chart]:
    """Every chart the results folder has data for, in report order."""
    charts: list[Chart] = []
    for family in FAMILIES:
        charts.extend(family.draw(context))
    return charts


__all__ = ["Chart", "Context", "FAMILIES", "draw_all", "load_context"]
