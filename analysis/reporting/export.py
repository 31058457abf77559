"""Results for a spreadsheet: ``results-<lang>.xlsx`` and ``results-<lang>.csv`` in a results folder.

One wide table per folder: one row per option (the run, each compared scenario, each sweep
variant, named by its varied values), one column per metric. Column names come from the metric
registry (:mod:`sim.registry`) in the reader's language, with the unit (and time base) in the
header; numbers are rounded as the report writes them (:func:`shown`) and are real numbers, not
text. The workbook adds a sheet with every mean and its 95% interval, and one with the provenance.

The CSV has the same headers and numbers; in Dutch it is ';'-separated with decimal commas, and
it starts with a UTF-8 byte-order mark so that Excel reads accented names right.

The machine-readable files of the folder (``summary.csv``, ``replications.csv`` ...) stay as they
are: they are read back by ``ambacht report`` and other programs.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from analysis.reporting.charts.context import Context, load_context
from analysis.results.files import write_atomic, write_bytes_atomic
from sim import registry, text

N_ = text.N_

SEPARATORS = {"nl": (";", ",")}
"""(field separator, decimal mark) of a language's spreadsheets; others: (',', '.')."""


def file_names(lang: str) -> tuple[str, str]:
    """The workbook and CSV a results folder gets in ``lang``."""
    return f"results-{lang}.xlsx", f"results-{lang}.csv"


def decimals_shown(metric: registry.Metric, value: float) -> int:
    """Decimals the report shows for ``value`` of ``metric``: the registry's for a percentage,
    whole euros, else whole numbers from 100 up, one decimal from 10, two below (as
    :func:`sim.text.number`)."""
    if metric.kind == "percent":
        return metric.decimals
    if metric.kind == "money" or value == 0:
        return 0
    size = abs(value)
    return 0 if size >= 100 else 1 if size >= 10 else 2


def shown(metric: registry.Metric, value: Any) -> float | int | None:
    """``value`` of ``metric`` as the report shows it: shares as a percentage, rounded; None when
    undefined. Rounding noise (``-7.3e-13``) becomes 0."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    if metric.kind == "percent":
        number *= 100
    decimals = decimals_shown(metric, number)
    rounded = round(number, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return int(rounded) if decimals == 0 else rounded


def unit_text(metric: registry.Metric, lang: str) -> str:
    """The unit for a header: '%', 'kg per jaar', 'uur'."""
    tr = text.translation(lang)
    if metric.kind == "percent":
        return "%"
    unit = tr.gettext(registry.UNITS[metric.unit])
    if metric.time_base == registry.TimeBase.PER_YEAR:
        return tr.gettext("{unit} per year", unit=unit)
    if metric.time_base == registry.TimeBase.PER_WEEK:
        return tr.gettext("{unit} per week", unit=unit)
    return unit


def owner_name(ctx: Context, section: str, owner: str) -> str:
    """The user's display name of the id in a metric name."""
    names = ctx.names
    of = {"steps": names.step, "pools": names.pool, "supervisors": names.team, "contracts": names.contract,
          "materials": names.stream, "groups": names.group, "products": names.product}
    return of[section](owner) if section in of else owner


def measure_name(ctx: Context, name: str) -> str:
    """A metric's readable name without the unit: 'stap Sorteren: gemiddelde wachttijd'."""
    metric = registry.lookup(name)
    tr = ctx.tr
    section = tr.gettext(registry.SECTIONS.get(metric.section, metric.section))
    label = tr.gettext(metric.label)
    owner = registry.owner_of(name)
    if owner is None:
        return f"{section}: {label}"
    return f"{section} {owner_name(ctx, metric.section, owner)}: {label}"


def header(ctx: Context, name: str) -> str:
    """A metric's column header with its unit, as every output labels it
    (:mod:`analysis.reporting.presentation`): 'stap Sorteren: gemiddelde wachttijd (uur)', a lead
    time in its promise's unit, '(%)' after a share."""
    return ctx.presentation.header(name)


def _value(ctx: Context, name: str, value: Any) -> float | int | None:
    """A cell as the report shows it: in the presentation's unit (a lead time in its promise's), rounded."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return shown(registry.lookup(name), ctx.presentation.scaled(name, number))


@dataclass
class Sheet:
    """A table for a spreadsheet: headers, rows of cells, and per cell its decimals (None: text)."""

    headers: list[str]
    rows: list[list[Any]]
    decimals: list[list[int | None]]


def options(ctx: Context) -> tuple[list[str], list[tuple[str, list[Any]]]]:
    """The columns naming each option, and per key its cells: the scenario (a run), the
    compared scenario, or a sweep's varied values (real numbers where they are numbers)."""
    _ = ctx.tr.gettext
    keys = list(dict.fromkeys(ctx.summary.index.get_level_values(0)))
    if ctx.kind == "sweep" and ctx.variants is not None:
        paths = [c for c in ctx.variants.columns if c != "key"]
        rows = []
        for _i, row in ctx.variants.iterrows():
            if str(row["key"]) in keys:
                rows.append((str(row["key"]), [_cell(row[p]) for p in paths]))
        return [ctx.names.path(p) for p in paths], rows
    if ctx.kind == "compare":
        return [_("option")], [(k, [ctx.key_label(k)]) for k in keys]
    return [_("scenario")], [(k, [str(ctx.settings.get("scenario") or "")]) for k in keys]


def _cell(value: Any) -> Any:
    """A varied value as a cell: a number stays a number (3.0 -> 3)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return int(value) if float(value).is_integer() else float(value)
    return value


def _decimals_of(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return 0 if float(value).is_integer() else 2


def wide(ctx: Context) -> Sheet:
    """One row per option, one column per metric: the means as the report shows them."""
    option_headers, option_rows = options(ctx)
    metrics = ctx.ordered_metrics()
    headers = option_headers + [header(ctx, m) for m in metrics]
    rows, decimals = [], []
    for key, cells in option_rows:
        row, places = list(cells), [_decimals_of(c) for c in cells]
        for name in metrics:
            metric = registry.lookup(name)
            value = _value(ctx, name, ctx.mean(key, name))
            row.append(value)
            places.append(None if value is None else decimals_shown(metric, value))
        rows.append(row)
        decimals.append(places)
    return Sheet(headers, rows, decimals)


def intervals(ctx: Context) -> Sheet:
    """One row per option and metric: mean, 95% interval (kept within the metric's bounds) and
    the number of replications."""
    _ = ctx.tr.gettext
    option_headers, option_rows = options(ctx)
    headers = [*option_headers, _("measure"), _("unit"), _("mean"), _("95% interval: low"),
               _("95% interval: high"), _("replications")]
    rows, decimals = [], []
    for key, cells in option_rows:
        for name in ctx.ordered_metrics(key):
            metric = registry.lookup(name)
            mean, low, high = ctx.interval(key, name)
            values = [_value(ctx, name, mean), _value(ctx, name, metric.clip(low)), _value(ctx, name, metric.clip(high))]
            n = int(ctx.summary.at[(key, name), "n"]) if "n" in ctx.summary.columns else None
            rows.append([*cells, measure_name(ctx, name), ctx.presentation.unit(name) or unit_text(metric, ctx.lang),
                         *values, n])
            decimals.append([*(_decimals_of(c) for c in cells), None, None,
                             *(None if v is None else decimals_shown(metric, v) for v in values), 0])
    return Sheet(headers, rows, decimals)


def about(ctx: Context) -> Sheet:
    """Where the numbers come from: scenario, hash, seed, replications, version, date, and how
    they are scaled and rounded."""
    _ = ctx.tr.gettext
    s = ctx.settings
    rows: list[list[Any]] = [
        [_("scenario"), s.get("scenario", "")],
        [_("scenario hash"), s.get("scenario_hash", "")],
        [_("seed"), s.get("seed", "")],
        [_("replications"), s.get("replications", "")],
        [_("made with"), "Ambacht " + str((s.get("versions") or {}).get("ambacht", ""))],
        [_("date"), text.date(s["created"], ctx.lang) if s.get("created") else ""],
        [_("time base"), _("Flows (kg, hours, euros, orders ...) are per year: measured after the warm-up "
                           "and scaled to 365 days, unless the column says per week.")],
        [_("rounding"), _("Numbers are rounded as in the report: shares as whole percentages, euros whole, "
                          "other numbers to two decimals below 10, one below 100, whole from 100 up. "
                          "summary.csv in this folder has them unrounded.")],
    ]
    if s.get("partial"):
        rows.append([_("partial"), _("The sweep was interrupted: {finished} of {total} runs had finished.",
                                     finished=s.get("finished", "?"), total=s.get("total", "?"))])
    return Sheet([_("about"), ""], rows, [[None, _decimals_of(r[1])] for r in rows])


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def workbook_bytes(ctx: Context) -> bytes:
    """The workbook: the wide table, the intervals and the provenance, one sheet each."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    _ = ctx.tr.gettext
    book = Workbook()
    created = ctx.settings.get("created")
    # A fixed date keeps the file the same for the same folder (openpyxl would put 'now').
    stamp = datetime.fromisoformat(created).replace(tzinfo=None) if created else datetime(2000, 1, 1)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "Ambacht"
    book.properties.title = _("Results: {scenario}", scenario=ctx.settings.get("scenario", ""))
    sheets = [(_("Results"), wide(ctx), 1), (_("Intervals"), intervals(ctx), 1), (_("About"), about(ctx), 1)]
    for index, (title, sheet, frozen) in enumerate(sheets):
        ws = book.active if index == 0 else book.create_sheet()
        assert ws is not None
        ws.title = title[:31]
        ws.append(sheet.headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row, places in zip(sheet.rows, sheet.decimals, strict=True):
            ws.append(row)
            for cell, decimals in zip(ws[ws.max_row], places, strict=True):
                if decimals is not None:
                    cell.number_format = _number_format(decimals)
        lines = 1
        for column in range(1, len(sheet.headers) + 1):
            longest = max([len(str(r[column - 1] or "")) for r in sheet.rows] + [8])
            heading = len(str(sheet.headers[column - 1]))
            width = min(max(longest, min(heading, 22)), 60) + 2
            ws.column_dimensions[get_column_letter(column)].width = width
            lines = max(lines, math.ceil(heading / (width - 3)))
        # Spreadsheets do not grow a wrapped header row by themselves: give it the lines it needs.
        ws.row_dimensions[1].height = 15 * min(lines, 8)
        ws.freeze_panes = ws.cell(row=1 + frozen, column=2 if sheet.rows and len(sheet.headers) > 2 else 1)
        # Printed: A4 landscape, the header row and the option's column on every page, with grid.
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.print_title_rows = "1:1"
        if len(sheet.headers) > 2:
            ws.print_title_cols = "A:A"
        ws.print_options.gridLines = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plain(value: Any, decimals: int | None, decimal_mark: str) -> str:
    """A cell for the CSV: a number with its decimals (trailing zeros dropped) and the language's
    decimal mark, no thousands separator; text as it is; '' when undefined."""
    if value is None:
        return ""
    if decimals is None:
        return str(value)
    written = f"{float(value):.{decimals}f}"
    if "." in written:
        written = written.rstrip("0").rstrip(".")
    return written.replace(".", decimal_mark)


def csv_text(ctx: Context) -> str:
    """The wide table as CSV in the language's spreadsheet habits (without the byte-order mark)."""
    sheet = wide(ctx)
    separator, decimal_mark = SEPARATORS.get(ctx.lang, (",", "."))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row, places in zip(sheet.rows, sheet.decimals, strict=True):
        writer.writerow([plain(v, d, decimal_mark) for v, d in zip(row, places, strict=True)])
    return buffer.getvalue()


def write_exports(folder: Path, lang: str | None = None) -> tuple[Path, Path]:
    """Write ``results-<lang>.xlsx`` and ``results-<lang>.csv`` into the results ``folder``
    (``lang``: the folder's language by default); each file is written atomically."""
    ctx = load_context(folder, lang)
    xlsx_name, csv_name = file_names(ctx.lang)
    book = workbook_bytes(ctx)
    write_bytes_atomic(folder / xlsx_name, book)
    table = csv_text(ctx)
    write_atomic(folder / csv_name, lambda p: p.write_text(table, encoding="utf-8-sig", newline=""))
    return folder / xlsx_name, folder / csv_name
