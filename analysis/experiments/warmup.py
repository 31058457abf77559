"""Is the warm-up long enough? MSER-5 on the total queue and on each product's stock, averaged
over replications.

Queues settle within days or weeks. A shop's stock can take much longer: when more comes in than
sells, it grows until its oldest units reach the age at which they are disposed of, and with it the
share sold at a markdown. A run whose warm-up ends before then reports revenue, markdowns and
disposal of shelves still filling: the check names those products."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from analysis.experiments.executors import Executor
from analysis.experiments.runner import Progress, loaded_of, run_tasks, tasks_for
from analysis.reporting.tables import number
from analysis.statistics.stats import mser5
from sim import text
from sim.loader import LoadedScenario

HOURS_PER_DAY = 24


def _suggestion(curves: list[np.ndarray], times: np.ndarray) -> float:
    """MSER-5's warm-up (hours) on the mean of the replications' curves."""
    cut = mser5(np.mean(curves, axis=0))
    return float(times[min(cut, len(times) - 1)])


def _window(series: dict[str, Any], until: float | None) -> tuple[np.ndarray, int]:
    """The sample times, and how many of them lie before ``until`` (all when None)."""
    times = np.asarray(series["time"], dtype=float)
    return times, len(times) if until is None else int(np.searchsorted(times, until, side="left"))


def _curves(results: list[dict[str, Any]], until: float | None,
            pick: Callable[[dict[str, Any]], dict[str, np.ndarray]]) -> dict[str, tuple[list[np.ndarray], np.ndarray]]:
    """Per name ``pick`` gives for a run's series: every replication's curve and the sample
    times, cut to what was sampled before ``until``."""
    found: dict[str, tuple[list[np.ndarray], np.ndarray]] = {}
    for r in results:
        series = r.get("series") or {}
        if not series:
            continue
        times, n = _window(series, until)
        if not n:
            continue
        for name, curve in pick(series).items():
            found.setdefault(name, ([], times[:n]))[0].append(np.asarray(curve, dtype=float)[:n])
    return found


def _total_queue(series: dict[str, Any]) -> dict[str, np.ndarray]:
    queues = [np.asarray(v) for k, v in series.items() if k.startswith("queue.")]
    return {"queue": np.sum(queues, axis=0)} if queues else {}


def _stock(series: dict[str, Any]) -> dict[str, np.ndarray]:
    return {k.removeprefix("stock."): v for k, v in series.items() if k.startswith("stock.")}


def suggested_warm_up(results: list[dict[str, Any]], until: float | None = None) -> float | None:
    """Warm-up (hours) suggested by MSER-5 on the mean over replications of the total queue
    (sampled before ``until``: the first change of a run that has changes); None when the runs
    kept no queue series."""
    found = _curves(results, until, _total_queue).get("queue")
    return _suggestion(*found) if found is not None else None


def suggested_for_stock(results: list[dict[str, Any]], until: float | None = None) -> dict[str, float]:
    """Per product with a stock series: the warm-up (hours) MSER-5 suggests for its mean stock
    (sampled before ``until``, as for the queues)."""
    return {product: _suggestion(*found) for product, found in _curves(results, until, _stock).items()}


def _enough(suggested_h: float | None, current_h: float) -> bool:
    """A suggestion within 5 % of the warm-up used, or under a day, is met."""
    needed = suggested_h or 0.0
    return needed <= current_h * 1.05 or needed < HOURS_PER_DAY


@dataclass(frozen=True)
class WarmUpCheck:
    """MSER-5's suggestion (hours; None without queue series) against the scenario's warm-up (hours);
    ``stock_h``: the products whose stock had not settled by then, with the warm-up MSER-5 suggests."""

    suggested_h: float | None
    current_h: float
    stock_h: dict[str, float] = field(default_factory=dict)

    @property
    def enough(self) -> bool:
        """True when the suggestion for the queues is within 5 % of the warm-up used, or under a day."""
        return _enough(self.suggested_h, self.current_h)

    def warning(self, lang: str) -> str:
        """A warning for the user when the warm-up looks too short for the queues, else ''."""
        if self.enough:
            return ""
        return text.translation(lang).gettext(
            "warning: the queues have not settled by the end of the warm-up (too short, or they keep growing); "
            "MSER-5 suggests {suggested} days (now {current})",
            suggested=self._days(self.suggested_h or 0.0, lang), current=self._days(self.current_h, lang))

    def stock_warning(self, lang: str, name: Callable[[str], str] = str) -> str:
        """A warning when some product's stock had not settled by the end of the warm-up, else ''."""
        if not self.stock_h:
            return ""
        return text.translation(lang).gettext(
            "warning: the stock of {products} had not settled by the end of the warm-up (still filling, or "
            "growing while more comes in than sells): revenue, markdowns and disposal are those of shelves "
            "still changing; MSER-5 on the sampled stock suggests {suggested} days (now {current})",
            products=", ".join(name(p) for p in sorted(self.stock_h)),
            suggested=self._days(max(self.stock_h.values()), lang), current=self._days(self.current_h, lang))

    def warnings(self, lang: str, name: Callable[[str], str] = str) -> list[str]:
        """The warnings that apply: queues, then stock."""
        return [x for x in (self.warning(lang), self.stock_warning(lang, name)) if x]

    def verdict(self, lang: str) -> str:
        """One sentence: the suggestion, the warm-up used, and whether it is enough."""
        _ = text.translation(lang).gettext
        return _("MSER-5 suggests a warm-up of {suggested} days; the scenario uses {current} days: {verdict}.",
                 suggested=self._days(self.suggested_h or 0.0, lang), current=self._days(self.current_h, lang),
                 verdict=_("enough") if self.enough else _("too short"))

    def to_dict(self) -> dict[str, Any]:
        return {"suggested_h": self.suggested_h, "current_h": self.current_h, "enough": self.enough,
                "stock_unsettled_h": dict(self.stock_h)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> WarmUpCheck | None:
        """The check as a results folder's settings.json keeps it (None when it has none)."""
        if not data or "current_h" not in data:
            return None
        return cls(data.get("suggested_h"), float(data["current_h"]),
                   {str(k): float(v) for k, v in (data.get("stock_unsettled_h") or {}).items()})

    @staticmethod
    def _days(hours: float, lang: str) -> str:
        return number(hours / HOURS_PER_DAY, lang)


def product_names(scenario: Any, lang: str) -> Callable[[str], str]:
    """A product's display name in ``lang`` from its id (the id when the scenario has no such product)."""
    from analysis.reporting.metric_text import owner_names

    names = owner_names(scenario, lang) if scenario is not None else {}
    return lambda pid: names.get(f"products.{pid}", pid)


def warm_up_check(results: list[dict[str, Any]], loaded: LoadedScenario, until: float | None = None) -> WarmUpCheck:
    """The check on runs already made (they must keep their series). ``until``: look only at what
    was sampled before then (a run with dated changes: what changes after them is not the start)."""
    current = loaded.scenario.experiment.warm_up
    stock = {p: h for p, h in suggested_for_stock(results, until).items() if not _enough(h, current)}
    return WarmUpCheck(suggested_warm_up(results, until), current, stock)


def check_warm_up(scenario: LoadedScenario | str | Path, replications: int | None = None,
                  executor: Executor | None = None, progress: Progress | None = None,
                  lang: str = "en") -> WarmUpCheck:
    """Run the scenario (``replications``, default the scenario's, at most 10) and check its warm-up."""
    loaded = loaded_of(scenario)
    exp = loaded.scenario.experiment
    tasks = tasks_for(loaded, replications or min(exp.replications, 10), None, series=True)
    results = run_tasks(tasks, executor, progress, text.translation(lang).gettext("replications"))
    return warm_up_check(results, loaded)
