"""A centre's export read as a table of text cells, each with its row and column, for located errors.

Records and item logs come from a till, an intake register or a spreadsheet: a CSV file (``,``
or ``;`` separated; with ``;`` the decimal comma is read) or the first sheet of an Excel file
(``.xlsx``). Every problem names the file, the row (as the spreadsheet numbers it, the header is
row 1), the column and what is allowed; all problems are collected before anything is used.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim import text
from sim.text import N_

MAX_BYTES = 20 * 1024 * 1024
"""A records file larger than this is refused before it is parsed (a year of weeks is a few kB)."""
MAX_SHOWN = 20


@dataclass(frozen=True)
class TableProblem:
    """One thing wrong in a table: where (row 0: the file as a whole) and what (a message id)."""

    file: str
    row: int
    column: str
    message: str
    context: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        said = text.translation(lang).gettext(self.message, **self.context)
        where = f"{self.file}:{self.row}" if self.row else self.file
        if self.column:
            return text.translation(lang).gettext("{where}: column '{column}': {problem}", where=where,
                                                  column=self.column, problem=said)
        return f"{where}: {said}"


class TableError(ValueError):
    """A table that cannot be used, with every problem found (in file order)."""

    def __init__(self, problems: list[TableProblem]) -> None:
        super().__init__(problems[0].message if problems else "")
        self.problems = problems

    def render(self, lang: str) -> str:
        lines = [p.render(lang) for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            lines.append(text.translation(lang).gettext("... and {n} more problems",
                                                        n=len(self.problems) - MAX_SHOWN))
        return "\n".join(lines)


@dataclass
class Table:
    """The header and the rows of a table; ``rows[i]`` is row ``numbers[i]`` of the file."""

    file: str
    header: list[str]
    rows: list[list[Any]]
    numbers: list[int]
    decimal_comma: bool
    digest: str
    """First 12 hex digits of the SHA-256 of the file's bytes: which records a result rests on."""

    def column(self, name: str) -> int:
        """Index of the column called ``name`` (case and spaces ignored); TableError naming the ones there."""
        wanted = _plain(name)
        for i, head in enumerate(self.header):
            if _plain(head) == wanted:
                return i
        raise TableError([unknown_column(self.file, name, self.header)])


def unknown_column(file: str, name: str, header: list[str]) -> TableProblem:
    near = difflib.get_close_matches(name, header, n=1)
    return TableProblem(file, 1, name, N_("no such column; the columns are: {columns}{hint}"),
                        {"columns": ", ".join(header), "hint": f" ('{near[0]}'?)" if near else ""})


def _plain(name: str) -> str:
    return re.sub(r"\s+", " ", str(name)).strip().lower()


def read_table(path: str | Path) -> Table:
    """The table in a CSV or ``.xlsx`` file; TableError when it cannot be read at all."""
    name = str(path)
    p = Path(path)
    try:
        if not p.is_file():
            raise TableError([TableProblem(name, 0, "", N_("no such file"))])
        if p.stat().st_size > MAX_BYTES:
            raise TableError([TableProblem(name, 0, "", N_("larger than {limit} MB: not a table of records"),
                                           {"limit": MAX_BYTES // 1024 // 1024})])
        raw = p.read_bytes()
    except OSError as error:
        raise TableError([TableProblem(name, 0, "", N_("cannot be read: {reason}"),
                                       {"reason": error.strerror or str(error)})]) from None
    digest = hashlib.sha256(raw).hexdigest()[:12]
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return _excel(name, raw, digest)
    if p.suffix.lower() not in (".csv", ".txt", ".tsv"):
        raise TableError([TableProblem(name, 0, "", N_("not a CSV (.csv) or Excel (.xlsx) file"))])
    return _csv(name, raw, digest)


def _csv(name: str, raw: bytes, digest: str) -> Table:
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")  # Excel's 'CSV' on Windows
    first = content.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    rows: list[list[Any]] = []
    numbers: list[int] = []
    header: list[str] = []
    for cells in reader:
        if not header:
            header = [c.strip() for c in cells]
            continue
        if not any(c.strip() for c in cells):
            continue
        rows.append(cells)
        numbers.append(reader.line_num)
    if not header or not any(header):
        raise TableError([TableProblem(name, 1, "", N_("no header row: the first line names the columns"))])
    return Table(name, header, rows, numbers, delimiter == ";", digest)


def _excel(name: str, raw: bytes, digest: str) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError([TableProblem(name, 0, "", N_("not a readable Excel file: {reason}"),
                                       {"reason": type(error).__name__})]) from None
    sheet = book.worksheets[0]
    header: list[str] = []
    rows: list[list[Any]] = []
    numbers: list[int] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not header:
            header = ["" if c is None else str(c).strip() for c in cells]
            continue
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append(list(cells))
        numbers.append(number)
    book.close()
    if not header or not any(header):
        raise TableError([TableProblem(name, 1, "", N_("no header row: the first line names the columns"))])
    return Table(name, header, rows, numbers, False, digest)


_PERCENT = re.compile(r"^([-+]?\d+(?:[.,]\d+)?)\s*%$")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:\.\d{3})+$")


class Ambiguous(ValueError):
    """A number that reads two ways in a file with decimal commas ('1.000': 1000 or 1)."""


AMBIGUOUS = N_("'{got}' reads two ways in a file with decimal commas (a thousand, or one?): write 1000 or 1,0")


def number(cell: Any, decimal_comma: bool, share: bool = False) -> float | None:
    """A cell as a number (None when empty); ValueError when it is not one. ``share``: '85%' is 0.85."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(str(cell))
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        written = str(cell).strip()
        if not written:
            return None
        match = _PERCENT.match(written)
        if match and share:
            return float(match.group(1).replace(",", ".")) / 100
        if decimal_comma:
            if "," in written:
                written = written.replace(".", "").replace(",", ".")
            elif _GROUPED.match(written):
                raise Ambiguous(written)  # '1.000' in a Dutch export: a thousand, or one?
        value = float(written)
    if not math.isfinite(value):
        raise ValueError(str(cell))
    return value


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def date(cell: Any) -> dt.date:
    """A cell as a date: an Excel date, ``2026-01-05`` or the Dutch ``5-1-2026``; ValueError otherwise."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    written = "" if cell is None else str(cell).strip()
    match = _DMY.match(written)
    if match:
        return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return dt.date.fromisoformat(written[:10]) if len(written) >= 10 else dt.date.fromisoformat(written)
