"""Readable names of the headline metrics, in English and Dutch, and the summary table."""

from __future__ import annotations

import math
import re

import pandas as pd

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

NAMES = {
    "on_time_share": ("on-time share", "aandeel op tijd"),
    "lead_time_p95": ("lead time P95 (h)", "levertijd P95 (uur)"),
    "lead_time_mean": ("lead time mean (h)", "levertijd gemiddeld (uur)"),
    "fill_rate": ("fill rate", "leverbetrouwbaarheid"),
    "units_sold": ("units sold", "verkochte stuks"),
    "utilisation": ("utilisation", "bezetting"),
    "wait_mean": ("mean wait (h)", "gemiddelde wachttijd (uur)"),
    "kg_in": ("kg in", "kg binnen"),
    "kg_reused": ("kg reused", "kg hergebruikt"),
    "kg_refused": ("kg refused", "kg geweigerd"),
    "reuse_share": ("reuse share", "aandeel hergebruik"),
    "co2_avoided_kg": ("CO2 avoided (kg)", "CO2 vermeden (kg)"),
    "participant_hours": ("participant hours", "deelnemersuren"),
    "people_served": ("people served", "bereikte mensen"),
    "outflow_to_job": ("outflow to a job", "uitstroom naar werk"),
    "hours_lost_to_missing_supervision": ("hours lost to missing supervision", "uren verloren door gebrek aan begeleiding"),
    "revenue": ("revenue (EUR/yr)", "opbrengst (EUR/jaar)"),
    "costs": ("costs (EUR/yr)", "kosten (EUR/jaar)"),
    "net_result": ("net result (EUR/yr)", "nettoresultaat (EUR/jaar)"),
    "social_result": ("social result (EUR/yr)", "maatschappelijk resultaat (EUR/jaar)"),
}
SECTIONS = {
    "contracts": ("contract", "contract"), "shop": ("shop", "winkel"), "online": ("online", "online"),
    "steps": ("step", "stap"), "pools": ("pool", "groep"), "supervisors": ("supervisors", "begeleiders"),
    "impact": ("impact", "impact"), "economics": ("economics", "economie"),
}


def label(metric: str, language: str, names: dict[str, str] | None = None) -> str:
    """A readable name for a metric: 'contract Atelier: on-time share'; ``names`` maps the
    user's ids to their display names."""
    parts = metric.split(".")
    if names and len(parts) == 3:
        parts[1] = names.get(parts[1], parts[1])
    i = 0 if language == "en" else 1
    last = NAMES.get(parts[-1], (parts[-1], parts[-1]))[i]
    section = SECTIONS.get(parts[0], (parts[0], parts[0]))[i]
    if len(parts) == 3:
        return f"{section} {parts[1]}: {last}"
    return f"{section}: {last}"


def headline(metrics: list[str]) -> list[str]:
    chosen: list[str] = []
    for pattern in HEADLINE:
        chosen.extend(m for m in metrics if re.fullmatch(pattern, m) and m not in chosen)
    return chosen


def number(value: float, language: str, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:,.1f}"
    else:
        text = f"{value:.{digits}g}" if value != 0 else "0"
    if language == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


SHARES = ("share", "fill_rate", "utilisation")


def bounded(metric: str, low: float, high: float) -> tuple[float, float]:
    """A confidence interval kept within what the metric can be: shares in 0-1, counts, hours
    and kg not below 0 (money can be negative)."""
    last = metric.rsplit(".", 1)[-1]
    if any(last.endswith(s) for s in SHARES):
        return max(low, 0.0), min(high, 1.0)
    if not metric.startswith("economics."):
        return max(low, 0.0), high
    return low, high


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
        rows.append((label(metric, language, names), number(row["mean"], language), interval))
    return rows
