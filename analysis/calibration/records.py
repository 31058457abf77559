"""A centre's weekly (or monthly) records: one row per week, a date column and one column per figure.

A figure's column is named by the metric registry (``materials.textiel.kg_in``,
``economics.revenue``) or by its label in English or Dutch as Ambacht writes it
(``materiaal textiel: materiaal in``; a unit in brackets after it is ignored). Only figures a
centre counts week by week can be records (:data:`sim.weekly.RECORDABLE`); a week's figure is
that week's total, not a yearly rate. The date is the first day of the week (``2026-01-05`` or
``5-1-2026``), weeks follow each other by 7 days; a week without a figure keeps its row with the
cell left empty, so that nothing is ever dropped unseen. Monthly records are dated the 1st of
each month (a file whose first two dates are the 1st of two months in a row is monthly). ``ambacht run --series`` writes the same
format from a run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.calibration.table import (
    AMBIGUOUS,
    Ambiguous,
    Table,
    TableError,
    TableProblem,
    date,
    number,
    read_table,
)
from analysis.results.files import write_text_atomic
from sim import registry, text
from sim.text import N_
from sim.weekly import RECORDABLE, recordable

DATE_COLUMNS = ("date", "datum", "week", "week_start", "weekstart")


@dataclass
class Records:
    """Weekly figures by metric name; NaN where a week's cell was left empty."""

    file: str
    digest: str
    dates: list[dt.date]
    figures: dict[str, list[float]]
    period: str = "week"
    """``week`` or ``month``: what one row covers, from its date to the next row's."""

    def end(self, index: int) -> dt.date:
        """The first day after the period of row ``index``."""
        return next_start(self.dates[index], self.period)

    def before(self, day: dt.date) -> list[int]:
        """Indices of the weeks that start before ``day``."""
        return [i for i, d in enumerate(self.dates) if d < day]

    def from_(self, day: dt.date) -> list[int]:
        """Indices of the weeks that start on or after ``day``."""
        return [i for i, d in enumerate(self.dates) if d >= day]

    def missing(self) -> dict[str, int]:
        """Per figure, the number of weeks left empty."""
        return {m: sum(1 for v in values if math.isnan(v)) for m, values in self.figures.items()}


def next_start(day: dt.date, period: str) -> dt.date:
    """The first day of the period after the one starting on ``day`` (a week, or a month)."""
    if period == "month":
        return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day + dt.timedelta(days=7)


def _labels() -> dict[str, str]:
    """Every recordable label as written in each language (lower case) -> the pattern it names."""
    out: dict[str, str] = {}
    for lang in text.LANGUAGES:
        tr = text.translation(lang)
        for pattern in RECORDABLE:
            metric = registry.METRICS[pattern]
            head = tr.gettext(registry.SECTIONS[metric.section]).lower()
            if registry.ID in pattern:
                head = head + " " + registry.ID
            name = tr.gettext(metric.label).lower()
            out[head + ": " + name] = pattern
    return out


def metric_of(header: str) -> str | None:
    """The metric a column header names (a registry name or a label), or None."""
    written = re.sub(r"\s*\([^)]*\)\s*$", "", header.strip())
    if recordable(written):
        return written
    lowered = re.sub(r"\s+", " ", written.lower())
    head, _, name = lowered.partition(": ")
    for label, pattern in _labels().items():
        label_head, _, label_name = label.partition(": ")
        if label_name != name:
            continue
        if registry.ID not in pattern and head == label_head:
            return pattern
        section_word = label_head.replace(" " + registry.ID, "")
        if registry.ID in pattern and head.startswith(section_word + " "):
            owner = written.partition(": ")[0][len(section_word) + 1:].strip()
            return pattern.replace(registry.ID, owner)
    return None


def read_records(path: str | Path) -> Records:
    """The records in a CSV or Excel file; TableError with every problem (file, row, column)."""
    return records_of(read_table(path))


def records_of(table: Table) -> Records:
    problems: list[TableProblem] = []
    file = table.file
    date_at = next((i for i, h in enumerate(table.header) if h.strip().lower() in DATE_COLUMNS), None)
    if date_at is None:
        raise TableError([TableProblem(file, 1, "", N_("no date column: name one 'date' or 'datum'"))])
    columns: dict[int, str] = {}
    for i, head in enumerate(table.header):
        if i == date_at:
            continue
        metric = metric_of(head)
        if metric is None:
            problems.append(TableProblem(file, 1, head, N_(
                "not a figure weekly records can hold; name it like 'materials.<id>.kg_in' or "
                "'economics.revenue' ('ambacht fit' takes item logs)")))
        elif metric in columns.values():
            problems.append(TableProblem(file, 1, head, N_("a second column for {metric}"), {"metric": metric}))
        else:
            columns[i] = metric
    dates: list[dt.date] = []
    period = "week"
    figures: dict[str, list[float]] = {m: [] for m in columns.values()}
    date_name = table.header[date_at]
    for cells, row in zip(table.rows, table.numbers, strict=True):
        cell = cells[date_at] if date_at < len(cells) else None
        try:
            day = date(cell)
        except (ValueError, TypeError):
            problems.append(TableProblem(file, row, date_name, N_(
                "'{got}' is not a date; write 2026-01-05 or 5-1-2026"), {"got": "" if cell is None else cell}))
            continue
        if len(dates) == 1 and day.day == 1 and dates[0].day == 1 and day == next_start(dates[0], "month"):
            period = "month"
        if dates and day != next_start(dates[-1], period):
            problems.append(TableProblem(file, row, date_name, N_(
                "{day} does not follow {previous} by one week; weekly records have one row per week, "
                "in order (leave the cells of a week without figures empty)") if period == "week" else N_(
                "{day} is not the first day of the month after {previous}; monthly records have one row per "
                "month, dated the 1st, in order (leave the cells of a month without figures empty)"),
                {"day": day.isoformat(), "previous": dates[-1].isoformat()}))
            continue
        dates.append(day)
        for i, metric in columns.items():
            entry = registry.lookup(metric)
            cell = cells[i] if i < len(cells) else None
            try:
                value = number(cell, table.decimal_comma, share=entry.unit == "share")
            except Ambiguous:
                problems.append(TableProblem(file, row, table.header[i], AMBIGUOUS, {"got": cell}))
                value = math.nan
            except (ValueError, TypeError):
                problems.append(TableProblem(file, row, table.header[i], N_("'{got}' is not a number"),
                                             {"got": cell}))
                value = math.nan
            if value is not None and not math.isnan(value) and not entry.low <= value <= entry.high:
                problems.append(TableProblem(file, row, table.header[i], N_(
                    "{got} is outside what this figure can be ({low} to {high})"),
                    {"got": cell, "low": f"{entry.low:g}", "high": f"{entry.high:g}"}))
            figures[metric].append(math.nan if value is None else value)
    if not dates and not problems:
        problems.append(TableProblem(file, 2, "", N_("no weeks: the file has a header but no rows")))
    if problems:
        raise TableError(problems)
    return Records(file, table.digest, dates, figures, period)


def check_against(records: Records, known: set[str]) -> None:
    """TableError for every figure the scenario cannot produce (an id not in it), naming those it has."""
    problems = []
    for metric in records.figures:
        if metric not in known:
            owners = sorted(n for n in known if registry.pattern_of(n) == registry.pattern_of(metric))
            problems.append(TableProblem(records.file, 1, metric, N_(
                "the scenario has no such figure; of this kind it has: {names}"),
                {"names": ", ".join(owners) or "-"}))
    if problems:
        raise TableError(problems)


def records_text(dates: list[dt.date], figures: dict[str, list[float]]) -> str:
    """Weekly figures as the CSV text :func:`read_records` reads (registry names, '.' decimals)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = list(figures)
    writer.writerow(["date", *names])
    for i, day in enumerate(dates):
        writer.writerow([day.isoformat(), *("" if math.isnan(figures[n][i]) else f"{figures[n][i]:.6g}"
                                            for n in names)])
    return buffer.getvalue()


def write_records(path: str | Path, dates: list[dt.date], figures: dict[str, list[float]]) -> Path:
    """Write weekly figures to ``path`` (whole or not at all)."""
    target = Path(path)
    write_text_atomic(target, records_text(dates, figures))
    return target
