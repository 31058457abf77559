"""How a metric reads: its name, unit and value in the reader's language, all from the registry.

Tables, charts, the report, the levers and the CLI name a metric through this module, so a
metric has one name and one unit everywhere (:mod:`sim.registry` holds them): ``step Sorteren:
gemiddelde wachttijd (uur)``, ``economie: nettoresultaat (euro per jaar)``. A share has no unit
in its label (it is written as a percentage); a flow names its time base.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim import registry, text
from sim.scenario.base import label_text

UNIT_WITH_BASE = (registry.TimeBase.PER_YEAR, registry.TimeBase.PER_WEEK)
"""Time bases named after the unit: 'kg per year'; the others are said by the metric's name."""


def entry(metric: str) -> registry.Metric | None:
    return registry.find(metric)


def name(metric: str, lang: str) -> str:
    """What is measured, without the thing it belongs to: 'mean wait' ('gemiddelde wachttijd')."""
    found = entry(metric)
    if found is None:
        return metric.rsplit(".", 1)[-1].replace("_", " ")
    return text.translation(lang).gettext(found.label)


def unit(metric: str, lang: str) -> str:
    """The metric's unit with its time base where that is a rate: 'kg per year', 'hours';
    '' for a share (written as a percentage) or an unregistered metric."""
    found = entry(metric)
    if found is None or found.unit == "share":
        return ""
    tr = text.translation(lang)
    written = tr.gettext(registry.UNITS[found.unit])
    if found.time_base in UNIT_WITH_BASE:
        # Translators: a unit and its time base, e.g. 'kg per year'.
        return tr.gettext("{unit} {time_base}", unit=written, time_base=tr.gettext(registry.TIME_BASES[found.time_base]))
    return written


def section(metric: str, lang: str) -> str:
    """The kind of thing a metric belongs to: 'step', 'contract', 'economics'."""
    first = metric.split(".", 1)[0]
    return text.translation(lang).gettext(registry.SECTIONS[first]) if first in registry.SECTIONS else first


TIME_UNIT_NAMES = {"minute": text.N_("minutes"), "hour": text.N_("hours"), "day": text.N_("days"),
                   "week": text.N_("weeks"), "month": text.N_("months"), "year": text.N_("years")}
LEAD_TIMES = ("lead_time_p95", "lead_time_mean")
Units = Mapping[str, tuple[str, float]]


def lead_time_unit(metric: str, lead_units: Units | None) -> tuple[str, float] | None:
    """The unit a contract's lead-time metric is shown in: its promise's (``lead_units``, by
    contract id: ``{'atelier': ('week', 168.0)}``), or None (hours)."""
    parts = metric.split(".")
    if lead_units and len(parts) == 3 and parts[0] == "contracts" and parts[2] in LEAD_TIMES:
        return lead_units.get(parts[1])
    # An item of a package (package_items.<contract>.<product>.lead_time_p95): its contract's promise.
    if lead_units and len(parts) == 4 and parts[0] == "package_items" and parts[3] in LEAD_TIMES:
        return lead_units.get(parts[1])
    return None


def axis_label(metric: str, lang: str, lead_units: Units | None = None) -> str:
    """The name with its unit, for a chart axis or a column: 'mean wait (hours)'; a lead time
    in the unit of its contract's promise ('lead time P95 (weeks)') when ``lead_units`` says it."""
    in_unit = lead_time_unit(metric, lead_units)
    written = text.translation(lang).gettext(TIME_UNIT_NAMES[in_unit[0]]) if in_unit else unit(metric, lang)
    return f"{name(metric, lang)} ({written})" if written else name(metric, lang)


def label(metric: str, lang: str, names: Mapping[str, str] | None = None, lead_units: Units | None = None) -> str:
    """The full label: 'step Sorteren: mean wait (hours)', 'economics: net result (EUR per year)'.

    ``names`` maps the user's ids (``'sorteren'``, or ``'steps.sorteren'`` where two sections
    share an id) to their display names.
    """
    owner = registry.owner_of(metric)
    head = section(metric, lang)
    if owner is not None:
        names = names or {}
        shown = names.get(f"{metric.split('.', 1)[0]}.{owner}", names.get(owner, owner))
        head = f"{head} {shown}"
    return f"{head}: {axis_label(metric, lang, lead_units)}"


def kind(metric: str) -> str:
    """How the value is written: 'percent', 'money' or 'number'."""
    found = entry(metric)
    return found.kind if found is not None else "number"


def value(metric: str, x: float, lang: str) -> str:
    """A value of the metric as the reader's language writes it: 47%, € 12.346, 6.204."""
    written = kind(metric)
    if written == "percent":
        return text.percent(x, lang)
    if written == "money":
        return text.money(x, lang)
    return text.number(x, lang)


def owner_names(scenario: Any, lang: str) -> dict[str, str]:
    """The user's display names of everything a metric can belong to, by ``section.id``."""
    names: dict[str, str] = {}
    for section_name, collection in (("steps", scenario.steps), ("pools", scenario.workforce),
                                     ("groups", scenario.target_groups), ("supervisors", scenario.supervisors),
                                     ("materials", scenario.materials), ("products", scenario.products)):
        for key, item in collection.items():
            names[f"{section_name}.{key}"] = label_text(getattr(item, "name", None), lang, key)
    contracts = scenario.market.contracts
    for key, name in contract_names(scenario, lang).items():
        names[f"contracts.{key}"] = name
    # An item of a package: the partner and the item ('Lindewaard Wonen – koelkast'); the
    # contract's id in brackets where the partner has more than one package.
    packages = [c.partner for c in contracts.values() if c.is_package]
    for key, contract in contracts.items():
        for pid in contract.items or {}:
            item = label_text(getattr(scenario.products.get(pid), "name", None), lang, pid)
            which = f" ({key})" if packages.count(contract.partner) > 1 else ""
            names[f"package_items.{key}.{pid}"] = f"{contract.partner or key} – {item}{which}"
    return names


def contract_names(scenario: Any, lang: str) -> dict[str, str]:
    """Per contract id, its name for people: the partner and what it orders ('Lindewaard Wonen –
    kozijnen'); its id in brackets where one partner orders one product in two contracts
    ('Lindewaard Wonen – kleding (gordijnen)')."""
    if scenario is None:
        return {}
    contracts = scenario.market.contracts
    products = scenario.products
    out = {}
    for cid, contract in contracts.items():
        # A package names its items: 'Lindewaard Wonen – bed + tafel + stoel + koelkast'.
        product = " + ".join(label_text(getattr(products.get(pid), "name", None), lang, pid) for pid in contract.lines())
        out[cid] = f"{contract.partner or cid} – {product}"
    seen: dict[str, int] = {}
    for name in out.values():
        seen[name] = seen.get(name, 0) + 1
    return {cid: f"{name} ({cid})" if seen[name] > 1 else name for cid, name in out.items()}

