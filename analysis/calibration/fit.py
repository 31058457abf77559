"""Fit a distribution to a column of an item log: which family, with which parameters.

Only the families a scenario can write are candidates (exponential, lognormal, normal,
triangular, uniform: ``sim.scenario.distributions``). Each is fitted by maximum likelihood
with ``scipy.stats`` and compared by AIC (lower is better; the chosen family is the lowest),
with the Kolmogorov-Smirnov distance beside it. The KS p-value is shown for orientation only:
with parameters estimated from the same data it is too favourable (Lilliefors).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from analysis.calibration.table import (
    AMBIGUOUS,
    Ambiguous,
    Table,
    TableError,
    TableProblem,
    number,
    read_table,
)
from sim import text
from sim.text import N_

MIN_VALUES = 8
FAMILIES = ("exponential", "lognormal", "normal", "triangular", "uniform")


@dataclass
class Log:
    """The values of one column of an item log (optionally of one stream), and what was left out."""

    file: str
    column: str
    values: np.ndarray
    other_streams: int = 0
    """Rows of other streams, left out by ``--stream`` (counted, never silently)."""


@dataclass
class Fitted:
    family: str
    parameters: dict[str, float]
    log_likelihood: float
    aic: float
    ks: float
    ks_p: float
    frozen: Any = field(repr=False, default=None)

    def scenario_line(self, unit: str) -> str:
        """The distribution as a scenario writes it: ``{distribution: lognormal, mean: 2.1 h, sd: 0.8 h}``."""
        def q(x: float) -> str:
            written = f"{x:.3g}"
            return f"{written} {unit}" if unit else written

        parts = ", ".join(f"{k}: {q(v)}" for k, v in self.parameters.items())
        return f"{{distribution: {self.family}, {parts}}}"


def read_log(path: str | Path, column: str, stream: str | None = None, stream_column: str = "stream") -> Log:
    """The numbers in ``column`` (of the rows of ``stream`` when given); TableError, located, for
    an empty or non-numeric cell or a negative value."""
    table = read_table(path)
    return log_of(table, column, stream, stream_column)


def log_of(table: Table, column: str, stream: str | None, stream_column: str = "stream") -> Log:
    at = table.column(column)
    where = table.column(stream_column) if stream is not None else None
    values: list[float] = []
    problems: list[TableProblem] = []
    others = 0
    for cells, row in zip(table.rows, table.numbers, strict=True):
        if where is not None:
            own = cells[where] if where < len(cells) else None
            if str(own).strip().lower() != str(stream).strip().lower():
                others += 1
                continue
        cell = cells[at] if at < len(cells) else None
        try:
            value = number(cell, table.decimal_comma)
        except Ambiguous:
            problems.append(TableProblem(table.file, row, table.header[at], AMBIGUOUS, {"got": cell}))
            continue
        except (ValueError, TypeError):
            problems.append(TableProblem(table.file, row, table.header[at], N_("'{got}' is not a number"), {"got": cell}))
            continue
        if value is None:
            problems.append(TableProblem(table.file, row, table.header[at], N_(
                "empty: fill in the value or remove the row")))
        elif value < 0:
            problems.append(TableProblem(table.file, row, table.header[at], N_("{got} is negative"), {"got": cell}))
        else:
            values.append(value)
    if not problems and len(values) < MIN_VALUES:
        problems.append(TableProblem(table.file, 0, table.header[at], N_(
            "{n} values; a fit needs at least {least}"), {"n": len(values), "least": MIN_VALUES}))
    if problems:
        raise TableError(problems)
    return Log(table.file, table.header[at], np.asarray(values, dtype=float), others)


def _fit_one(family: str, x: np.ndarray) -> Fitted | None:
    positive = bool((x > 0).all())
    if family == "exponential":
        if not positive:
            return None
        dist = stats.expon(scale=float(x.mean()))
        params = {"mean": float(x.mean())}
        k = 1
    elif family == "lognormal":
        if not positive:
            return None
        s, _, scale = stats.lognorm.fit(x, floc=0)
        dist = stats.lognorm(s, scale=scale)
        params = {"mean": float(dist.mean()), "sd": float(dist.std())}
        k = 2
    elif family == "normal":
        loc, scale = stats.norm.fit(x)
        dist = stats.norm(loc, scale)
        params = {"mean": float(loc), "sd": float(scale)}
        k = 2
    elif family == "triangular":
        c, loc, scale = stats.triang.fit(x)
        dist = stats.triang(c, loc, scale)
        params = {"min": float(loc), "mode": float(loc + c * scale), "max": float(loc + scale)}
        k = 3
    else:
        loc, scale = stats.uniform.fit(x)
        dist = stats.uniform(loc, scale)
        params = {"min": float(loc), "max": float(loc + scale)}
        k = 2
    with np.errstate(divide="ignore"):
        loglik = float(np.sum(dist.logpdf(x)))
    if not math.isfinite(loglik):
        return None
    test = stats.kstest(x, dist.cdf)
    return Fitted(family, params, loglik, 2 * k - 2 * loglik, float(test.statistic), float(test.pvalue), dist)


def fit(values: np.ndarray) -> list[Fitted]:
    """Every candidate family fitted, best (lowest AIC) first; families that cannot hold the data are left out."""
    x = np.asarray(values, dtype=float)
    found = [f for f in (_fit_one(family, x) for family in FAMILIES) if f is not None]
    return sorted(found, key=lambda f: f.aic)


def plot(log: Log, fits: list[Fitted], path: str | Path, unit: str, lang: str) -> Path:
    """Histogram of the values with each fitted density; the chosen family drawn boldest."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.results.files import write_bytes_atomic
    from sim import text

    tr = text.translation(lang)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.hist(log.values, bins="auto", density=True, color="#cccccc", label=tr.gettext("values in the log"))
    grid = np.linspace(0, float(log.values.max()) * 1.1, 300)
    palette = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9")
    for i, f in enumerate(fits):
        ax.plot(grid, f.frozen.pdf(grid), color=palette[i % len(palette)], lw=2.5 if i == 0 else 1.2,
                label=f"{f.family} (AIC {f.aic:.1f})")
    ax.set_xlabel(f"{log.column} ({unit})" if unit else log.column)
    ax.set_ylabel(tr.gettext("density"))
    ax.set_title(tr.gettext("{file}: {n} values", file=Path(log.file).name, n=len(log.values)), loc="left")
    ax.legend(frameon=False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=120)
    plt.close(fig)
    target = Path(path)
    write_bytes_atomic(target, buffer.getvalue())
    return target


YES = {"yes", "ja", "y", "j", "true", "waar", "1", "ok", "gelukt", "success"}
NO = {"no", "nee", "n", "false", "onwaar", "0", "mislukt", "failed", "failure"}


@dataclass
class Share:
    """A yes/no column (a repair worked or not): the share of yes with its 95 % Wilson interval."""

    file: str
    column: str
    successes: int
    trials: int
    low: float
    high: float
    other_streams: int = 0

    @property
    def share(self) -> float:
        return self.successes / self.trials

    def scenario_line(self, lang: str | None = None) -> str:
        """The step's success chance, and the same as a range for ``ambacht uncertainty``/``calibrate``:
        the YAML as the file writes it, the comment in ``lang``."""
        ranged = f"probability: {{range: [{self.low:.3g}, {self.share:.3g}, {self.high:.3g}]}}"
        # Translators: {line} is the same chance written as a range, in YAML (untranslated).
        comment = text.translation(lang).gettext("or {line}", line=ranged)
        return f"probability: {self.share:.3g}   # {comment}"


def is_yes_no(table: Table, column: str) -> bool:
    """Whether every filled cell of ``column`` is a yes or a no."""
    at = table.column(column)
    cells = [str(c[at]).strip().lower() for c in table.rows if at < len(c) and c[at] is not None and str(c[at]).strip()]
    return bool(cells) and all(c in YES | NO for c in cells)


def share_of(table: Table, column: str, stream: str | None, stream_column: str = "stream") -> Share:
    """The share of yes in ``column``; TableError, located, for an empty cell or one that is neither."""
    at = table.column(column)
    where = table.column(stream_column) if stream is not None else None
    yes = trials = others = 0
    problems: list[TableProblem] = []
    for cells, row in zip(table.rows, table.numbers, strict=True):
        if where is not None and str(cells[where] if where < len(cells) else "").strip().lower() != str(stream).lower():
            others += 1
            continue
        cell = str(cells[at] if at < len(cells) and cells[at] is not None else "").strip().lower()
        if cell in YES | NO:
            yes += cell in YES
            trials += 1
        else:
            problems.append(TableProblem(table.file, row, table.header[at], N_(
                "'{got}' is neither yes nor no (ja/nee, 1/0)"), {"got": cell}))
    if not problems and trials == 0:
        problems.append(TableProblem(table.file, 0, table.header[at], N_("no rows to count")))
    if problems:
        raise TableError(problems)
    interval = stats.binomtest(yes, trials).proportion_ci(0.95, method="wilson")
    return Share(table.file, table.header[at], yes, trials, float(interval.low), float(interval.high), others)
