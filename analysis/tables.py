"""Readable names of the headline metrics and the summary table (translated through sim.text)."""

from __future__ import annotations

import math
import re

import pandas as pd

from analysis.intervals import bounds
from sim import registry, text

HEADLINE = [
    r"contracts\.[^.]+\.on_time_share",
    r"contracts\.[^.]+\.lead_time_p95",
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

N_ = text.N_
NAMES = {
    "on_time_share": N_("on-time share"),
    "lead_time_p95": N_("lead time P95 (h)"),
    "lead_time_mean": N_("lead time mean (h)"),
    "fill_rate": N_("fill rate"),
    "units_sold": N_("units sold"),
    "utilisation": N_("utilisation"),
    "wait_mean": N_("mean wait (h)"),
    "kg_in": N_("kg in"),
    "kg_reused": N_("kg reused"),
    "kg_refused": N_("kg refused"),
    "reuse_share": N_("reuse share"),
    "co2_avoided_kg": N_("CO2 avoided (kg)"),
    "participant_hours": N_("participant hours"),
    "people_served": N_("people served"),
    "outflow_to_job": N_("outflow to a job"),
    "hours_lost_to_missing_supervision": N_("hours lost to missing supervision"),
    "revenue": N_("revenue (EUR/yr)"),
    "costs": N_("costs (EUR/yr)"),
    "net_result": N_("net result (EUR/yr)"),
    "social_result": N_("social result (EUR/yr)"),
}
"""Readable names of the headline metrics (the last part of the metric's name)."""
SECTIONS = {
    "contracts": N_("contract"), "shop": N_("shop"), "online": N_("online"), "steps": N_("step"),
    "pools": N_("pool"), "supervisors": N_("supervisors"), "impact": N_("impact"), "economics": N_("economics"),
}


def metric_name(metric: str, language: str) -> str:
    """The readable name of a metric's last part: 'utilisation' -> 'bezetting'."""
    last = metric.rsplit(".", 1)[-1]
    return text.translation(language).gettext(NAMES[last]) if last in NAMES else last


def section_name(section: str, language: str) -> str:
    return text.translation(language).gettext(SECTIONS[section]) if section in SECTIONS else section


def label(metric: str, language: str, names: dict[str, str] | None = None) -> str:
    """A readable name for a metric: 'contract Atelier: on-time share'; ``names`` maps the
    user's ids to their display names."""
    parts = metric.split(".")
    if names and len(parts) == 3:
        parts[1] = names.get(parts[1], parts[1])
    last = metric_name(metric, language)
    section = section_name(parts[0], language)
    if len(parts) == 3:
        return f"{section} {parts[1]}: {last}"
    return f"{section}: {last}"


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


def bounded(metric: str, low: float, high: float) -> tuple[float, float]:
    """A confidence interval kept within what the metric can be (analysis.intervals.bounds):
    shares in 0-1, counts, hours and kg not below 0 (money can be negative)."""
    lowest, highest = bounds(metric)
    return max(low, lowest), min(high, highest)


ALL_EQUAL_MARK = " *"
"""Marks an interval whose replications all gave the same value (see :func:`all_equal_note`)."""


def all_equal_note(language: str) -> str:
    """The footnote to intervals marked with ALL_EQUAL_MARK."""
    return text.translation(language).gettext(
        "* every replication gave the same value: for a share the interval is what that many observations "
        "support; for other numbers it says nothing about the spread.")


def summary_rows(summary: pd.DataFrame, language: str, names: dict[str, str] | None = None,
                 channels: tuple[str, ...] = ("shop", "online")) -> list[tuple[str, str, str]]:
    """(label, mean, 95% interval) for the headline metrics of a summary table; ``channels``:
    the sales channels the scenario has (the others are left out)."""
    rows = []
    for metric in headline(list(summary.index)):
        if metric.split(".")[0] in ("shop", "online") and metric.split(".")[0] not in channels:
            continue
        row = summary.loc[metric]
        low, high = bounded(metric, row["ci_low"], row["ci_high"])
        interval = "" if row["n"] < 2 or math.isnan(low) else f"{number(low, language)} – {number(high, language)}"
        if interval and bool(row.get("all_equal", False)):
            interval += ALL_EQUAL_MARK
        rows.append((label(metric, language, names), number(row["mean"], language), interval))
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
        value, low, high = (number(row[c], language) for c in ("mean", "ci_low", "ci_high"))
        if bounds(metric) == (0.0, 1.0):
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
