"""The presentation model: which metrics an output shows, in which order, under which label, in
which unit and with which number format. Terminal, HTML, PDF, Excel, CSV and JSON take these
from here and only lay them out, so they cannot disagree (the way pandas' ``DataFrameFormatter``
decides for its string, HTML and LaTeX writers).

* **Rows**: the headline metrics (:data:`analysis.reporting.tables.HEADLINE`) first, in that order,
  then the others in the registry's order; metrics of one kind (every contract's on-time share)
  in the order their owners stand in the scenario file, not alphabetically by id.
* **Labels**: from the registry (:mod:`analysis.reporting.metric_text`) with the user's names; a
  contract is named by its partner and what it orders ('Lindewaard Wonen – kozijnen'), with its
  own id in brackets where one partner orders one product twice.
* **Units**: lead times in the unit their contract's promise was written in (weeks for '2
  weeks') in every output for people; JSON keeps hours.
* **Numbers**: shares as percentages for people and as fractions (0-1) in JSON; a difference of
  shares in percentage points.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.reporting import metric_text
from sim import registry, text

COLLECTIONS = {"steps": "steps", "pools": "workforce", "groups": "target_groups", "supervisors": "supervisors",
               "materials": "materials", "products": "products"}
"""A metric's section -> the scenario's collection of the ids it belongs to (contracts: market.contracts)."""


def headline_rank(metric: str) -> int | None:
    """The position of ``metric``'s pattern among the headline metrics, None when it is not one."""
    from analysis.reporting.tables import HEADLINE

    for i, pattern in enumerate(HEADLINE):
        if re.fullmatch(pattern, metric):
            return i
    return None


@dataclass(frozen=True)
class Presentation:
    """How the metrics of one scenario read, in one language (build it with :meth:`of`)."""

    lang: str
    names: Mapping[str, str] = field(default_factory=dict)
    """Display names by ``section.id`` (``contracts.hotel``) and by bare id."""
    lead_units: Mapping[str, tuple[str, float]] = field(default_factory=dict)
    """Per contract id, the unit its promise was written in and its size in hours."""
    positions: Mapping[str, int] = field(default_factory=dict)
    """Per ``section.id``, its position in the scenario file."""
    channels: tuple[str, ...] | None = None
    """The sales channels the scenario has (None: unknown, show every one)."""

    @classmethod
    def of(cls, scenario: Any, lang: str, data: Mapping[str, Any] | None = None,
           lead_units: Mapping[str, tuple[str, float]] | None = None) -> Presentation:
        """The presentation of a scenario (None: ids as names, hours, file order unknown);
        ``data``: the scenario as written, for the units its promises are written in (or give
        those as ``lead_units``)."""
        from analysis.reporting.tables import promise_units

        if lead_units is None:
            lead_units = promise_units(dict(data)) if data is not None else {}
        if scenario is None:
            return cls(lang, lead_units=lead_units)
        names = metric_text.owner_names(scenario, lang)
        positions: dict[str, int] = {}
        for section, collection in COLLECTIONS.items():
            for i, key in enumerate(getattr(scenario, collection)):
                positions[f"{section}.{key}"] = i
        for i, (key, contract) in enumerate(scenario.market.contracts.items()):
            positions[f"contracts.{key}"] = i
            for j, item in enumerate(contract.items or {}):  # a package's items in the file's order
                positions[f"package_items.{key}.{item}"] = i * 1000 + j
        channels = tuple(c for c in ("shop", "online") if getattr(scenario.market, c) is not None)
        return cls(lang, names, lead_units, positions, channels)

    # Rows and their order

    def rank(self, metric: str) -> tuple[int, int, int]:
        """Where ``metric`` stands: headline pattern (else after them, by registry order), then
        the position of its owner in the file."""
        head = headline_rank(metric)
        if head is None:
            order = list(registry.METRICS)
            pattern = registry.pattern_of(metric)
            head = 1000 + (order.index(pattern) if pattern in order else len(order))
        owner = registry.owner_of(metric)
        section = metric.split(".", 1)[0]
        position = self.positions.get(f"{section}.{owner}", 10_000) if owner is not None else 0
        return head, position, 0

    def ordered(self, metrics: Iterable[str]) -> list[str]:
        """``metrics`` in presentation order (duplicates dropped; ties keep their order)."""
        unique = list(dict.fromkeys(metrics))
        return sorted(unique, key=self.rank)

    def headline(self, metrics: Iterable[str]) -> list[str]:
        """The headline metrics among ``metrics``, in presentation order, without the channels
        the scenario does not have."""
        return [m for m in self.ordered(metrics) if headline_rank(m) is not None and self.shown_channel(m)]

    def shown_channel(self, metric: str) -> bool:
        section = metric.split(".", 1)[0]
        return self.channels is None or section not in ("shop", "online") or section in self.channels

    # Labels and units

    def label(self, metric: str) -> str:
        """The label people read: 'contract Lindewaard Wonen – kozijnen: lead time P95 (weeks)'."""
        return metric_text.label(metric, self.lang, self.names, self.lead_units)

    def unit(self, metric: str) -> str:
        """The unit a column of ``metric`` is in: '%' for a share, 'weeks' for a lead time
        promised in weeks, else the registry's ('kg per year')."""
        if metric_text.kind(metric) == "percent":
            return "%"
        in_unit = metric_text.lead_time_unit(metric, self.lead_units)
        if in_unit is not None:
            return text.translation(self.lang).gettext(metric_text.TIME_UNIT_NAMES[in_unit[0]])
        return metric_text.unit(metric, self.lang)

    def header(self, metric: str) -> str:
        """A spreadsheet column: the label, with '(%)' for a share (whose label has no unit)."""
        return self.label(metric) + (" (%)" if metric_text.kind(metric) == "percent" else "")

    # Numbers

    def size(self, metric: str) -> float:
        """Hours per unit shown for a lead time (168 for weeks), else 1."""
        found = metric_text.lead_time_unit(metric, self.lead_units)
        return found[1] if found is not None else 1.0

    def scaled(self, metric: str, value: float) -> float:
        """A value in the unit people read it in: lead times in the promise's unit (shares stay 0-1)."""
        return value / self.size(metric) if value is not None and math.isfinite(value) else math.nan

    def number(self, metric: str, value: float) -> float | None:
        """A value as a spreadsheet cell shows it: a share in percent (77.1), a lead time in the
        promise's unit, None when undefined (not rounded: see analysis.reporting.export.shown)."""
        if value is None or not math.isfinite(value):
            return None
        value = self.scaled(metric, value)
        return value * 100 if metric_text.kind(metric) == "percent" else value

    def cell(self, metric: str, value: float) -> str:
        """A value as text, rounded as the spreadsheet rounds it (:func:`sim.text.number`: whole
        from 100, one decimal from 10, else two): '77%', '€ 12.346', '3,4' (a lead time in the
        promise's unit)."""
        if value is None or not math.isfinite(value):
            return text.NOT_A_NUMBER
        return metric_text.value(metric, self.scaled(metric, value), self.lang)

    def interval(self, metric: str, low: float, high: float) -> str:
        """'71% – 83%' ('' when undefined)."""
        if not (math.isfinite(low) and math.isfinite(high)):
            return ""
        return f"{self.cell(metric, low)} – {self.cell(metric, high)}"

    def change(self, metric: str, value: float) -> str:
        """A difference: shares in percentage points ('+4,2 pp'), else as :meth:`cell`."""
        if value is None or not math.isfinite(value):
            return text.NOT_A_NUMBER
        if metric_text.kind(metric) == "percent":
            points = text.translation(self.lang).pgettext("unit, short", "pp")
            sign = "+" if value > 0 else ""
            return f"{sign}{text.number(value * 100, self.lang, 1)} {points}"
        shown = self.cell(metric, value)
        return ("+" + shown) if value > 0 and not shown.startswith("+") else shown

    def json_value(self, metric: str, value: float) -> float | None:
        """A value for JSON: as measured (shares 0-1, hours), None when undefined."""
        return float(value) if value is not None and math.isfinite(value) else None

    def objective(self, metric: str, mean: float | None = None, low: float | None = None,
                  high: float | None = None) -> str:
        """The sentence naming the file's ``objective`` (the metric the levers, the uncertainty
        study and this output are judged by), with its value and interval where given."""
        _ = text.translation(self.lang).gettext
        if mean is None or not math.isfinite(mean):
            return _("Objective (the file's): {metric}.", metric=self.label(metric))
        if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
            return _("Objective (the file's): {metric}: {value}.", metric=self.label(metric),
                     value=self.cell(metric, mean))
        return _("Objective (the file's): {metric}: {value} (95% interval {interval}).", metric=self.label(metric),
                 value=self.cell(metric, mean), interval=self.interval(metric, low, high))
