"""The summary table of the headline metrics (labels from the metric registry, through
analysis.reporting.metric_text; numbers through sim.text)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.reporting import metric_text
from analysis.reporting.metric_text import label
from analysis.statistics.intervals import bounds
from sim import registry, text, units

if TYPE_CHECKING:
    from analysis.reporting.presentation import Presentation

HEADLINE = [
    r"contracts\.[^.]+\.on_time_share",
    r"package_items\.[^.]+\.[^.]+\.on_time_share",  # a package's items: which one binds
    r"contracts\.[^.]+\.lead_time_p95",
    r"contracts\.[^.]+\.cancelled",
    r"shop\.fill_rate",
    r"online\.units_sold",
    r"steps\.[^.]+\.utilisation",
    r"steps\.[^.]+\.wait_mean",
    r"pools\.[^.]+\.utilisation",
    r"supervisors\.[^.]+\.utilisation",
    r"impact\.kg_in",
    r"impact\.kg_reused",
    r"impact\.kg_refused",
    r"impact\.reuse_share",
    r"impact\.co2_avoided_kg",
    r"impact\.participant_hours",
    r"impact\.people_served",
    r"impact\.outflow_to_job",
    r"impact\.hours_lost_to_missing_supervision",
    r"economics\.revenue",
    r"economics\.costs",
    r"economics\.net_result",
    r"economics\.social_result",
]

def headline(metrics: list[str]) -> list[str]:
    chosen: list[str] = []
    for pattern in HEADLINE:
        chosen.extend(m for m in metrics if re.fullmatch(pattern, m) and m not in chosen)
    return chosen


def number(value: float, language: str, digits: int = 3) -> str:
    """A table cell: whole numbers from 1000, one decimal from 10, else ``digits`` significant."""
    if value is None or not math.isfinite(value):
        return text.NOT_A_NUMBER
    if abs(value) >= 1000:
        return text.number(value, language, 0)
    if abs(value) >= 10:
        return text.number(value, language, 1)
    return text.significant(value, language, digits)


def cell(metric: str, value: float, language: str) -> str:
    """A table cell of a metric: a share as a percentage, money in euros, else :func:`number`."""
    if value is None or not math.isfinite(value):
        return text.NOT_A_NUMBER
    kind = metric_text.kind(metric)
    return number(value, language) if kind == "number" else metric_text.value(metric, value, language)


def bounded(metric: str, low: float, high: float) -> tuple[float, float]:
    """A confidence interval kept within what the metric can be (analysis.statistics.intervals.bounds):
    shares in 0-1, counts, hours and kg not below 0 (money can be negative)."""
    lowest, highest = bounds(metric)
    return max(low, lowest), min(high, highest)


ALL_EQUAL_MARK = " *"
"""Marks an interval whose replications all gave the same value (see :func:`all_equal_note`)."""


def all_equal_note(language: str) -> str:
    """The footnote to intervals marked with ALL_EQUAL_MARK."""
    return text.translation(language).gettext(
        "* every replication gave the same value: for an on-time share the interval is what the orders of all "
        "runs support, for another share what that many runs support; for other numbers it says nothing about "
        "the spread.")


UNIT_NAMES = metric_text.TIME_UNIT_NAMES
Units = dict[str, tuple[str, float]]


def promise_units(data: dict[str, Any]) -> Units:
    """Per contract id, the unit its promised lead time is written in and its size in hours
    (``{'atelier': ('week', 168.0)}``), read from the scenario as written."""
    contracts = (data.get("market") or {}).get("contracts") or {}
    found = {}
    for cid, contract in contracts.items():
        unit = units.written_time_unit(contract.get("promised_lead_time")) if isinstance(contract, dict) else None
        if unit is not None:
            found[cid] = unit
    return found


def summary_rows(summary: pd.DataFrame, language: str, names: dict[str, str] | None = None,
                 channels: tuple[str, ...] = ("shop", "online"),
                 lead_units: Units | None = None, presentation: Presentation | None = None) -> list[tuple[str, str, str]]:
    """(label, mean, 95% interval) for the headline metrics of a summary table, in the order,
    with the labels and in the units of ``presentation`` (:mod:`analysis.reporting.presentation`;
    without one: ``names``, ``channels`` and ``lead_units`` (from :func:`promise_units`), and ids in
    the summary's order)."""
    from analysis.reporting.presentation import Presentation

    shown = presentation or Presentation(language, names or {}, lead_units or {}, {}, channels)
    rows = []
    for metric in shown.headline(list(summary.index)):
        row = summary.loc[metric]
        low, high = bounded(metric, row["ci_low"], row["ci_high"])
        interval = "" if row["n"] < 2 or math.isnan(low) else shown.interval(metric, low, high)
        if interval and bool(row.get("all_equal", False)):
            interval += ALL_EQUAL_MARK
        rows.append((shown.label(metric), shown.cell(metric, row["mean"]), interval))
    return rows


def interval_caveats(summary: pd.DataFrame, language: str, names: dict[str, str] | None = None) -> list[str]:
    """Sentences for the headline metrics whose replications all gave the same value."""
    _ = text.translation(language).gettext
    out = []
    for metric in headline(list(summary.index)):
        row = summary.loc[metric]
        if not bool(row.get("all_equal", False)) or row["n"] < 2:
            continue
        name, n = label(metric, language, names), int(row["n"])
        value, low, high = (cell(metric, row[c], language) for c in ("mean", "ci_low", "ci_high"))
        if str(row.get("method", "")) == "clopper-pearson-pooled-orders":
            out.append(_("{name}: all {n} replications gave {value}; the orders of all runs together support "
                         "{low} – {high}.", name=name, n=n, value=value, low=low, high=high))
        elif bounds(metric) == (0.0, 1.0):
            out.append(_("{name}: all {n} replications gave {value}; {n} observations support {low} – {high}.",
                         name=name, n=n, value=value, low=low, high=high))
        else:
            out.append(_("{name}: all {n} replications gave {value}; that says nothing about the spread.",
                         name=name, n=n, value=value))
    return out


def time_base_note(measured_hours: float, language: str) -> str:
    """How flows relate to the year: measured over the window after the warm-up, times a factor
    (``time_base`` in the JSON and in settings.json)."""
    factor = registry.year_factor(measured_hours)
    if not math.isfinite(factor):
        return ""
    return text.translation(language).gettext(
        "Flows (kg, hours, euros, counts) are per year: measured over {weeks} weeks after the warm-up and scaled "
        "to a year of {year} weeks (factor {factor}).",
        weeks=text.number(measured_hours / registry.HOURS_PER_WEEK, language, 1),
        year=text.number(registry.HOURS_PER_YEAR / registry.HOURS_PER_WEEK, language, 1),
        factor=text.number(factor, language, 3))
