"""Is the warm-up long enough? MSER-5 on the total queue, averaged over replications."""

from __future__ import annotations

from dataclasses import dataclass
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


def suggested_warm_up(results: list[dict[str, Any]]) -> float | None:
    """Warm-up (hours) suggested by MSER-5 on the mean over replications of the total queue;
    None when the runs kept no queue series."""
    curves = []
    times = None
    for r in results:
        series = r.get("series") or {}
        queues = [np.asarray(v) for k, v in series.items() if k.startswith("queue.")]
        if not queues:
            continue
        times = np.asarray(series["time"])
        curves.append(np.sum(queues, axis=0))
    if not curves or times is None:
        return None
    cut = mser5(np.mean(curves, axis=0))
    return float(times[min(cut, len(times) - 1)])


@dataclass(frozen=True)
class WarmUpCheck:
    """MSER-5's suggestion (hours; None without queue series) against the scenario's warm-up (hours)."""

    suggested_h: float | None
    current_h: float

    @property
    def enough(self) -> bool:
        """True when the suggestion is within 5 % of the warm-up used, or under a day."""
        needed = self.suggested_h or 0.0
        return needed <= self.current_h * 1.05 or needed < HOURS_PER_DAY

    def warning(self, lang: str) -> str:
        """A warning for the user when the warm-up looks too short, else ''."""
        if self.enough:
            return ""
        return text.translation(lang).gettext(
            "warning: the queues have not settled by the end of the warm-up (too short, or they keep growing); "
            "MSER-5 suggests {suggested} days (now {current})",
            suggested=self._days(self.suggested_h or 0.0, lang), current=self._days(self.current_h, lang))

    def verdict(self, lang: str) -> str:
        """One sentence: the suggestion, the warm-up used, and whether it is enough."""
        _ = text.translation(lang).gettext
        return _("MSER-5 suggests a warm-up of {suggested} days; the scenario uses {current} days: {verdict}.",
                 suggested=self._days(self.suggested_h or 0.0, lang), current=self._days(self.current_h, lang),
                 verdict=_("enough") if self.enough else _("too short"))

    def to_dict(self) -> dict[str, Any]:
        return {"suggested_h": self.suggested_h, "current_h": self.current_h, "enough": self.enough}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> WarmUpCheck | None:
        """The check as a results folder's settings.json keeps it (None when it has none)."""
        if not data or "current_h" not in data:
            return None
        return cls(data.get("suggested_h"), float(data["current_h"]))

    @staticmethod
    def _days(hours: float, lang: str) -> str:
        return number(hours / HOURS_PER_DAY, lang)


def warm_up_check(results: list[dict[str, Any]], loaded: LoadedScenario) -> WarmUpCheck:
    """The check on runs already made (they must keep their series)."""
    return WarmUpCheck(suggested_warm_up(results), loaded.scenario.experiment.warm_up)


def check_warm_up(scenario: LoadedScenario | str | Path, replications: int | None = None,
                  executor: Executor | None = None, progress: Progress | None = None,
                  lang: str = "en") -> WarmUpCheck:
    """Run the scenario (``replications``, default the scenario's, at most 10) and check its warm-up."""
    loaded = loaded_of(scenario)
    exp = loaded.scenario.experiment
    tasks = tasks_for(loaded, replications or min(exp.replications, 10), None, series=True)
    results = run_tasks(tasks, executor, progress, text.translation(lang).gettext("replications"))
    return warm_up_check(results, loaded)
