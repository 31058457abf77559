"""What a chart needs from a results folder: the numbers, the scenario's names, the provenance.

A results folder holds one key (``ambacht run``), one key per scenario (``ambacht compare``)
or one key per variant (a sweep, with ``variants.csv``). Detail charts are drawn for
:attr:`Context.keys`: the run, every compared scenario, or for a sweep the variant that matches
the scenario file's own values (the base case).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

import sim
from analysis.experiments.levers import LeverStudy
from analysis.reporting.metric_text import contract_names
from analysis.reporting.presentation import Presentation
from analysis.reporting.tables import promise_units
from analysis.results.folder import read_folder
from sim import registry, text
from sim.loader import LoadedScenario, ScenarioError, load_scenario
from sim.scenario.base import label_text
from sim.scenario.model import Scenario

HOURS_PER_WEEK = registry.HOURS_PER_WEEK
N_ = text.N_

FIELDS = {
    "people": N_("number of people"),
    "supervisors_people": N_("number of supervisors"),
    "work_places": N_("work places"),
    "productivity": N_("productivity"),
    "supervision_ratio": N_("participants per supervisor"),
    "rate": N_("supply rate"),
    "storage": N_("storage space"),
    "customers": N_("customers"),
    "orders": N_("orders"),
    "quantity": N_("quantity per order"),
    "interval": N_("time between orders"),
    "promised_lead_time": N_("promised lead time"),
    "reserve": N_("kept in stock for the next order"),
    "absence": N_("absence"),
    "probability": N_("success rate"),
    "hours_per_week": N_("hours per week"),
    "wage": N_("wage per hour"),
    "amount": N_("amount"),
    "per_year": N_("amount per year"),
    "benefit_saved": N_("benefit saved per hour"),
    "avoided_cost": N_("purchase cost avoided per unit"),
    "care_saving": N_("care cost avoided per hour"),
    "counterfactual_job_rate": N_("share finding a job without the centre"),
    "discount_rate": N_("discount rate"),
    "interest_rate": N_("interest rate"),
    "depreciation": N_("years of depreciation"),
    "attribution": N_("attribution"),
    "drop_off": N_("drop-off"),
    "displacement": N_("displacement"),
    "holiday_pay": N_("holiday pay"),
    "paid_leave": N_("paid leave"),
    "premiums": N_("employer premiums"),
}
"""Readable names of the scenario fields a sweep varies most and of the business case's money
fields that take a range (the last part of its path)."""
BUSINESS_OWNERS = {"staff": "staff", "investments": "investments", "grants": "grants"}
"""The business case's own collections whose ids a path can name (``business_case.staff.winkel.wage``)."""
OWNER_SECTIONS = {"workforce": "pools", "target_groups": "groups"}
"""Where :attr:`Names.owners` keeps a collection's labels, where its name differs from the scenario's."""


def field_name(field: str, lang: str) -> str:
    """A readable name for a scenario field: 'people' -> 'aantal mensen'."""
    if field in FIELDS:
        return text.translation(lang).gettext(FIELDS[field])
    return field.replace("_", " ")


@dataclass
class Names:
    """The user's own display names for the ids of a scenario, in one language."""

    lang: str
    scenario: Scenario | None = None
    owners: dict[str, Any] = field(default_factory=dict)
    """Without a scenario: labels by ``section.id`` as a business case's results keep them
    (``pools.lks``, ``staff.winkel``; :func:`analysis.economics.budget.line_owners`)."""

    def _of(self, collection: str, key: str) -> str:
        if self.scenario is None:
            return label_text(self.owners.get(f"{OWNER_SECTIONS.get(collection, collection)}.{key}"), self.lang, key)
        item = getattr(self.scenario, collection).get(key)
        return label_text(getattr(item, "name", None), self.lang, key) if item is not None else key

    def stream(self, key: str) -> str:
        return self._of("materials", key)

    def step(self, key: str) -> str:
        return self._of("steps", key)

    def group(self, key: str) -> str:
        return self._of("target_groups", key)

    def pool(self, key: str) -> str:
        return self._of("workforce", key)

    def team(self, key: str) -> str:
        return self._of("supervisors", key)

    def product(self, key: str) -> str:
        return self._of("products", key)

    def contract(self, key: str) -> str:
        """The partner and what it orders: 'Lindewaard Wonen – kozijnen' (analysis.reporting.metric_text)."""
        if self.scenario is None:
            return self._of("contracts", key)
        return contract_names(self.scenario, self.lang).get(key, key)

    def business(self, collection: str, key: str) -> str:
        """The name of a role, investment or grant of the business case: 'winkel' -> 'Winkelmedewerker'."""
        if self.scenario is None:
            return self._of(collection, key)
        case = getattr(self.scenario, "business_case", None)
        item = getattr(case, collection, {}).get(key) if case is not None else None
        return label_text(getattr(item, "name", None), self.lang, key) if item is not None else key

    def path(self, path: str) -> str:
        """A readable name for a sweep or range path: 'workforce.statushouders.people' -> 'Statushouders:
        aantal mensen', 'business_case.staff.winkel.hours_per_week' -> 'Winkelmedewerker: uren per week'."""
        parts = path.split(".")
        if parts[0] == "business_case" and len(parts) > 1:
            parts = parts[1:]
            if parts[0] in BUSINESS_OWNERS and len(parts) >= 3:
                return f"{self.business(parts[0], parts[1])}: {field_name(parts[-1], self.lang)}"
            if parts[0] == "bookings" and len(parts) >= 4 and parts[1] in ("target_groups", "contracts"):
                parts = parts[1:]
            elif parts[0] == "social_value" and len(parts) == 3:  # social_value.care_saving.<group>
                return f"{self.group(parts[2])}: {field_name(parts[1], self.lang)}"
        owners = {
            "workforce": self.pool, "supervisors": self.team, "steps": self.step, "materials": self.stream,
            "target_groups": self.group, "products": self.product, "contracts": self.contract,
        }
        if parts[0] == "market" and len(parts) > 2 and parts[1] == "contracts":
            parts = parts[1:]
            if len(parts) == 4 and parts[2] in ("reserve", "items"):
                # One item of a package: 'Woonstichting De Linge – …: Koelkasten kept in stock for the next order'.
                what = field_name("reserve", self.lang) if parts[2] == "reserve" else field_name("quantity", self.lang)
                return f"{self.contract(parts[1])}: {self.product(parts[3])} {what}"
        if parts[0] in owners and len(parts) >= 3:
            field = "supervisors_people" if parts[0] == "supervisors" and parts[-1] == "people" else parts[-1]
            return f"{owners[parts[0]](parts[1])}: {field_name(field, self.lang)}"
        return field_name(parts[-1], self.lang)


@dataclass
class Context:
    """A results folder read for charting, in one language."""

    folder: Path
    lang: str
    settings: dict[str, Any]
    summary: pd.DataFrame
    """Index (key, metric); columns mean, ci_low, ci_high, n."""
    scenario: Scenario | None
    names: Names
    kind: str
    """'run', 'compare' or 'sweep'."""
    keys: list[str]
    key_names: dict[str, str]
    replications: pd.DataFrame | None = None
    series: pd.DataFrame | None = None
    lead_times: pd.DataFrame | None = None
    variants: pd.DataFrame | None = None
    diagnosis: dict[str, Any] = field(default_factory=dict)
    levers: LeverStudy | None = None
    """What each lever buys, measured for the folder's scenario (levers.json), if it was measured."""
    promise_units: dict[str, tuple[str, float]] = field(default_factory=dict)
    """Per contract id, the unit its promised lead time was written in and its hours ('week', 168)."""

    def promise_unit(self, contract_id: str) -> tuple[str, float]:
        """The unit to show a contract's lead times in: the promise's own (days when unknown)."""
        return self.promise_units.get(contract_id, ("day", 24.0))

    @cached_property
    def presentation(self) -> Presentation:
        """Rows, order, labels, units and formats of this folder's metrics (one for every output)."""
        return Presentation.of(self.scenario, self.lang, lead_units=self.promise_units)

    def ordered_metrics(self, key: str | None = None) -> list[str]:
        """The metrics of ``key`` (of every key when None) in presentation order (file order of their owners)."""
        found = self.metrics(key) if key is not None else list(dict.fromkeys(self.summary.index.get_level_values(1)))
        return self.presentation.ordered(found)

    @property
    def tr(self) -> text.Translation:
        """The messages of the folder's language."""
        return text.translation(self.lang)

    @property
    def provenance(self) -> str:
        s = self.settings
        return self.tr.gettext(
            "Scenario '{scenario}' (hash {hash}) · seed {seed} · {replications} replications · Ambacht {version} · {date}",
            scenario=s.get("scenario", "?"), hash=s.get("scenario_hash", "?"),
            seed=s.get("seed", "?"), replications=s.get("replications", "?"),
            version=s.get("versions", {}).get("ambacht", sim.__version__),
            date=text.date(s["created"], self.lang) if s.get("created") else "?",
        )

    @property
    def n_replications(self) -> int:
        return int(self.settings.get("replications") or 0)

    def has(self, key: str, metric: str) -> bool:
        return (key, metric) in self.summary.index

    def metrics(self, key: str, prefix: str = "", suffix: str = "") -> list[str]:
        """Metric names of ``key`` with the given prefix and suffix, in file order."""
        if key not in self.summary.index.get_level_values(0):
            return []
        names = self.summary.loc[key].index
        return [m for m in names if m.startswith(prefix) and m.endswith(suffix)]

    def ids(self, key: str, section: str, suffix: str) -> list[str]:
        """The ids in metrics ``section.<id>.suffix``: e.g. ids(key, 'steps', 'utilisation')."""
        found = self.metrics(key, section + ".", "." + suffix)
        return [m[len(section) + 1: -len(suffix) - 1] for m in found]

    def mean(self, key: str, metric: str, default: float = math.nan) -> float:
        if (key, metric) not in self.summary.index:
            return default
        value = float(self.summary.at[(key, metric), "mean"])
        return value if math.isfinite(value) else default

    def interval(self, key: str, metric: str) -> tuple[float, float, float]:
        """(mean, ci_low, ci_high); the interval is the mean itself when it is undefined (n < 2)."""
        if (key, metric) not in self.summary.index:
            return (math.nan, math.nan, math.nan)
        row = self.summary.loc[(key, metric)]
        mean = float(row["mean"])
        low, high = float(row["ci_low"]), float(row["ci_high"])
        if not math.isfinite(low) or not math.isfinite(high):
            low = high = mean
        return (mean, low, high)

    def all_equal(self, key: str, metric: str) -> bool:
        """Whether every replication gave the same value (an interval that would have zero width)."""
        if (key, metric) not in self.summary.index or "all_equal" not in self.summary.columns:
            return False
        value = self.summary.at[(key, metric), "all_equal"]
        return str(value).lower() in ("true", "1", "1.0")

    def mean_in(self, key: str, metric: str, base: registry.TimeBase, default: float = math.nan) -> float:
        """The mean of a flow metric in another time base (``registry.TimeBase.PER_WEEK``, ...),
        converted from the base the registry gives it."""
        value = self.mean(key, metric, default)
        if not math.isfinite(value):
            return value
        return registry.rescale(value, metric, base, self.mean(key, "run.measured_hours"))

    def key_label(self, key: str) -> str:
        return self.key_names.get(key, key)

    def suffix(self, key: str) -> str:
        """A file-name-safe part for a key (empty for a single run)."""
        if len(self.keys) <= 1:
            return ""
        safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.key_label(key)).strip("-")
        return "-" + (safe or "key")


def _keys_of(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """A table whose missing 'key' (a single run writes an empty one) is the empty string."""
    if frame is None:
        return None
    frame = frame.copy()
    if "key" not in frame.columns:
        frame["key"] = ""
    keys = frame["key"].astype(object)
    frame["key"] = keys.where(keys.notna(), "").astype(str)
    return frame


def load_folder_scenario(folder: Path) -> LoadedScenario | None:
    """The scenario stored in a results folder, or None when it is missing or no longer valid."""
    file = folder / "scenario.yaml"
    if not file.exists():
        return None
    try:
        return load_scenario(file)
    except ScenarioError:
        return None


def _base_key(variants: pd.DataFrame, loaded: LoadedScenario | None) -> str:
    """The sweep variant whose varied values equal the scenario file's own (else the first)."""
    keys = list(variants["key"])
    if loaded is None:
        return keys[0]
    own: dict[str, Any] = {}
    for path in variants.columns:
        if path == "key":
            continue
        node: Any = loaded.data
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        own[path] = node
    for _, row in variants.iterrows():
        if all(str(row[p]) == str(v) for p, v in own.items()):
            return str(row["key"])
    return keys[0]


def load_context(folder: Path | str, lang: str | None = None) -> Context:
    """Read a results folder for charting; ``lang`` defaults to the folder's settings."""
    folder = Path(folder)
    data = read_folder(folder)
    settings = data["settings"]
    lang = lang or settings.get("language") or "en"
    if lang not in text.LANGUAGES:
        lang = text.SOURCE_LANGUAGE
    loaded = load_folder_scenario(folder)
    scenario = loaded.scenario if loaded is not None else None
    summary = _keys_of(data.get("summary"))
    assert summary is not None, "a results folder always has summary.csv"
    summary = summary.set_index(["key", "metric"]).sort_index()
    variants = _keys_of(data.get("variants"))
    all_keys = list(dict.fromkeys(summary.index.get_level_values(0)))
    names = Names(lang, scenario)
    key_names: dict[str, str] = {}
    if variants is not None and len(variants):
        kind = "sweep"
        for _, row in variants.iterrows():
            key_names[str(row["key"])] = ", ".join(
                f"{names.path(p)} = {_plain(row[p], lang)}" for p in variants.columns if p != "key"
            )
        keys = [_base_key(variants, loaded)]
    elif settings.get("command") == "compare" or len(all_keys) > 1:
        kind = "compare"
        files = {s.get("key"): Path(str(s.get("file", ""))).stem for s in settings.get("scenarios", [])}
        keys = [k for k in (list(files) or all_keys) if k in all_keys] or all_keys
        for i, key in enumerate(keys):
            key_names[key] = f"{chr(ord('A') + i)}: {files.get(key) or key.split(':', 1)[-1]}"
    else:
        kind = "run"
        keys = all_keys[:1] or [""]
    series = _keys_of(data.get("series"))
    return Context(
        folder=folder, lang=lang, settings=settings, summary=summary, scenario=scenario, names=names,
        kind=kind, keys=keys, key_names=key_names, replications=_keys_of(data.get("replications")),
        series=series if series is not None and len(series) else None,
        lead_times=_keys_of(data.get("lead_times")), variants=variants, diagnosis=data.get("diagnosis") or {},
        levers=LeverStudy.from_record(data["levers"]) if data.get("levers") else None,
        promise_units=promise_units(loaded.data) if loaded is not None else {},
    )


def _plain(value: Any, lang: str) -> str:
    if isinstance(value, float) and value.is_integer():
        return text.number(int(value), lang, 0)
    if isinstance(value, int | float):
        return text.number(value, lang)
    return str(value)


def for_each_key(ctx: Context, draw_key: Any) -> list[Any]:
    """The charts ``draw_key(ctx, key)`` makes for every scenario or variant in the folder,
    leaving out the keys it has nothing to draw for (it returns None)."""
    charts = (draw_key(ctx, key) for key in ctx.keys)
    return [chart for chart in charts if chart is not None]
