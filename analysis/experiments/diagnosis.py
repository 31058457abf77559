"""Triad diagnosis (drie-eenheid): which leg holds the centre back — materials, capacity or market.

Read from a run's metrics (or their means over replications):

* **materials**: people are present but idle because there is nothing to work on, while queues
  stay short and nothing is refused;
* **capacity**: material is refused for lack of space, or queues grow; the bottleneck step is
  named, with what is missing there: work places, people with the skill, or supervision;
* **market**: finished stock piles up, ages, is marked down or disposed of while shops are full.

Each finding comes with its evidence, in every language of the catalogue.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from babel.numbers import format_decimal, format_percent

from sim import registry, text
from sim.scenario.base import label_text

N_ = text.N_
LEGS = ("materials", "capacity", "market", "balanced")
EVIDENCE = {
    "idle": N_("people are idle {share} of their hours for lack of material"),
    "refused": N_("{share} of incoming material ({kg} kg) was refused for lack of storage"),
    "queue_growing": N_("work waiting at '{step}' grows to {end} lots by the end (mean {mean})"),
    "bottleneck_places": N_("bottleneck '{step}': its work places are busy {util} of the time — more work places needed"),
    "bottleneck_skill": N_("bottleneck '{step}': the people who can do it are busy {util} of their hours — "
                           "more people with this skill needed"),
    "supervision": N_("{hours} participant hours ({share}) were lost to missing supervision — "
                      "more (qualified) supervisors needed"),
    "contracts_late": N_("contract '{contract}' is delivered on time in {share} of orders (target {target})"),
    "stock_growing": N_("stock of '{product}' piles up to {end} units (mean {mean}) while the shop fill rate is {fill}"),
    "disposed": N_("{share} of '{product}' made is disposed of unsold"),
    "balanced": N_("no leg stands out: people are busy {util} of their hours, little is refused, "
                   "stock does not pile up"),
}
"""The evidence behind a finding, per finding code (English message ids; see sim.text)."""


def leg_name(leg: str, language: str) -> str:
    """A leg of the triad in the reader's language: 'market' -> 'afzetmarkt'."""
    tr = text.translation(language)
    names = {
        "materials": tr.pgettext("leg of the triad", "materials"),
        "capacity": tr.pgettext("leg of the triad", "labour capacity"),
        "market": tr.pgettext("leg of the triad", "market"),
        "balanced": tr.pgettext("leg of the triad", "balanced"),
    }
    return names.get(leg, leg)


IDLE_SHARE = 0.35
REFUSED_SHARE = 0.03
SUPERVISION_SHARE = 0.05
BUSY = 0.85
DISPOSED_SHARE = 0.15


@dataclass
class Finding:
    code: str
    leg: str
    weight: float
    values: dict[str, Any] = field(default_factory=dict)

    def text(self, language: str) -> str:
        return text.translation(language).gettext(EVIDENCE[self.code], **_formatted(self.values, language))


PERCENT = ("share", "util", "fill", "target")


def _formatted(values: dict[str, Any], language: str) -> dict[str, Any]:
    """Numbers as the reader's language writes them: 6.369 kg and 5% in Dutch, 6,369 kg in English."""
    locale = text.locale(language)
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if key in PERCENT:
                out[key] = format_percent(value, locale=locale)
            else:
                out[key] = format_decimal(round(value, 1) if abs(value) < 100 else round(value), locale=locale)
        else:
            out[key] = value
    return out


@dataclass
class Diagnosis:
    leg: str
    findings: list[Finding]

    def summary(self, language: str) -> str:
        _ = text.translation(language).gettext
        if self.leg == "balanced":
            head = _("The triad is balanced")
        else:
            head = _("The binding leg is {leg}", leg=leg_name(self.leg, language))
        evidence = "; ".join(f.text(language) for f in self.findings if f.leg in (self.leg, "balanced"))
        return f"{head}: {evidence}." if evidence else f"{head}."

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Diagnosis:
        """A diagnosis as :meth:`to_dict` wrote it (into ``diagnosis.json``)."""
        findings = [Finding(f["code"], f["leg"], float(f.get("weight", 0.0)), dict(f.get("values") or {}))
                    for f in data.get("findings", [])]
        return cls(str(data.get("leg", "balanced")), findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "leg": self.leg,
            "findings": [asdict(f) for f in self.findings],
            "text": {lang: self.summary(lang) for lang in text.LANGUAGES},
            "evidence": {lang: [f.text(lang) for f in self.findings] for lang in text.LANGUAGES},
        }


def _get(m: dict[str, float], key: str, default: float = 0.0) -> float:
    value = m.get(key, default)
    return default if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _names(m: dict[str, float], prefix: str, suffix: str) -> list[str]:
    return sorted({k[len(prefix):-len(suffix)] for k in m if k.startswith(prefix) and k.endswith(suffix)})


def diagnose(m: dict[str, float], targets: dict[str, float] | None = None,
             labels: dict[str, str] | None = None, step_pools: dict[str, list[str]] | None = None,
             limited_places: set[str] | None = None) -> Diagnosis:
    """Diagnose from one run's metrics or from means over replications.

    ``targets``: per contract id its target on-time share; ``labels``: display names for ids;
    ``step_pools``: per step the pools that have its skill; ``limited_places``: steps with a
    finite number of work places (see :func:`scenario_context`).
    """
    targets = targets or {}
    labels = labels or {}
    findings: list[Finding] = []
    pools = _names(m, "pools.", ".hours_worked")
    hours = sum(_get(m, f"pools.{p}.hours_worked") for p in pools)
    busy = sum(_get(m, f"pools.{p}.busy_hours") for p in pools)
    lost = sum(_get(m, f"pools.{p}.hours_lost_to_missing_supervision") for p in pools)
    idle_share = 1 - busy / hours if hours > 0 else 0.0
    steps = _names(m, "steps.", ".utilisation")
    kg_in = _get(m, "impact.kg_in")
    refused = _get(m, "impact.kg_refused")
    refused_share = refused / kg_in if kg_in > 0 else 0.0

    # Capacity: refused material, growing queues, supervision, late contracts.
    capacity = 0.0
    if refused_share > REFUSED_SHARE:
        findings.append(Finding("refused", "capacity", refused_share * 10, {"share": refused_share, "kg": refused}))
        capacity += refused_share * 10
    worst = None
    for step in steps:
        end, mean = _get(m, f"steps.{step}.queue_end"), _get(m, f"steps.{step}.queue_mean")
        throughput = _get(m, f"steps.{step}.throughput_per_week")
        if end > max(1.3 * mean, 10, throughput / 2) and mean > 1:
            findings.append(Finding("queue_growing", "capacity", 1.0, {"step": labels.get(step, step), "end": end, "mean": mean}))
            capacity += 1.0
        # The bottleneck is the step that uses most of the hours it could have worked (busy over
        # available hours), then the one where a lot waits longest. Queue length would favour
        # steps with long tasks, whose queues are long without being short of capacity.
        rank = (_get(m, f"steps.{step}.utilisation"), _get(m, f"steps.{step}.wait_mean"))
        if worst is None or rank > worst[1]:
            worst = (step, rank)
    if lost > 0 and hours + lost > 0 and lost / (hours + lost) > SUPERVISION_SHARE:
        share = lost / (hours + lost)
        findings.append(Finding("supervision", "capacity", share * 10, {"hours": lost, "share": share}))
        capacity += share * 10
    for contract in _names(m, "contracts.", ".on_time_share"):
        on_time = m.get(f"contracts.{contract}.on_time_share")
        target = targets.get(contract, 0.95)
        if on_time is not None and not math.isnan(on_time) and on_time < target:
            share = float(on_time)
            findings.append(Finding("contracts_late", "capacity", (target - share) * 5,
                                    {"contract": labels.get(contract, contract), "share": share, "target": target}))
            capacity += (target - share) * 5
    if capacity > 0 and worst is not None:
        step = worst[0]
        util = _get(m, f"steps.{step}.utilisation")
        pools_here = (step_pools or {}).get(step, pools)
        hours_here = sum(_get(m, f"pools.{p}.hours_worked") for p in pools_here)
        busy_here = sum(_get(m, f"pools.{p}.busy_hours") for p in pools_here)
        pool_util = busy_here / hours_here if hours_here > 0 else 1.0
        places = step in (limited_places or set()) and util >= BUSY
        # Name a missing resource only where it is really used up.
        if places and pool_util < BUSY:
            findings.append(Finding("bottleneck_places", "capacity", 0.5, {"step": labels.get(step, step), "util": util}))
        elif pool_util >= BUSY:
            findings.append(Finding("bottleneck_skill", "capacity", 0.5, {"step": labels.get(step, step), "util": pool_util}))

    # Market: stock piling up or disposed while the shop is served.
    market = 0.0
    fill = _get(m, "shop.fill_rate", 1.0)
    for product in _names(m, "products.", ".stock_end"):
        produced = _get(m, f"products.{product}.produced")
        end, mean = _get(m, f"products.{product}.stock_end"), _get(m, f"products.{product}.stock_mean")
        disposed = _get(m, f"products.{product}.disposed")
        if produced > 0 and disposed / produced > DISPOSED_SHARE:
            findings.append(Finding("disposed", "market", disposed / produced * 5, {"product": labels.get(product, product), "share": disposed / produced}))
            market += disposed / produced * 5
        # Stock at the end against what was made in the measured window (produced is per year).
        made = registry.rescale(produced, f"products.{product}.produced", registry.TimeBase.WINDOW,
                                _get(m, "run.measured_hours", registry.HOURS_PER_YEAR))
        if end > 1.5 * mean and end > 0.25 * made and produced > 0:
            weight = 1.0 + min(3.0, 3.0 * (end - mean) / max(mean, 1.0))
            findings.append(Finding("stock_growing", "market", weight, {"product": labels.get(product, product), "end": end, "mean": mean, "fill": fill}))
            market += weight

    materials = 0.0
    if idle_share > IDLE_SHARE and refused_share <= REFUSED_SHARE:
        # Idle hands with stock piling up point at the market, and idle hands beside a queue
        # at a scarce work place point at capacity: neither is a lack of material.
        materials = idle_share * (1.0 if market > 0 or capacity > 0 else 3.0)
        findings.append(Finding("idle", "materials", materials, {"share": idle_share}))

    scores = {"materials": materials, "capacity": capacity, "market": market}
    leg = max(scores, key=lambda k: scores[k])
    if scores[leg] <= 0:
        leg = "balanced"
        findings.append(Finding("balanced", "balanced", 0.0, {"util": 1 - idle_share}))
    findings.sort(key=lambda f: -f.weight)
    return Diagnosis(leg, findings)


def scenario_context(scenario: object) -> dict[str, Any]:
    """What :func:`diagnose` needs to know of a scenario beyond its metrics."""
    s: object = scenario
    steps = s.steps  # type: ignore[attr-defined]
    pools = s.workforce  # type: ignore[attr-defined]
    return {
        "targets": {cid: c.target_on_time_share for cid, c in s.market.contracts.items()},  # type: ignore[attr-defined]
        "step_pools": {sid: [pid for pid, p in pools.items() if st.skill in p.skills] for sid, st in steps.items()},
        "limited_places": {sid for sid, st in steps.items() if st.work_places != "unlimited"},
    }


def labels_of(scenario: Any, lang: str) -> dict[str, str]:
    """The user's names for streams, steps, pools, products, groups, supervisor teams and contracts,
    by id and by the metrics' ``section.id`` (a team and a pool may share an id)."""
    names: dict[str, str] = {}
    sections = {"materials": scenario.materials, "steps": scenario.steps, "pools": scenario.workforce,
                "products": scenario.products, "groups": scenario.target_groups, "supervisors": scenario.supervisors}
    for section, collection in sections.items():
        for key, item in collection.items():
            name = label_text(getattr(item, "name", None), lang, key)
            names[f"{section}.{key}"] = name  # as metrics name them: 'supervisors.begeleiders'
            if section != "supervisors" or key not in names:
                names[key] = name
    from analysis.reporting.metric_text import contract_names

    for key, name in contract_names(scenario, lang).items():
        names[key] = names[f"contracts.{key}"] = name  # the partner and what it orders
    return names


def diagnose_scenario(means: dict[str, float], scenario: Any, lang: str) -> dict[str, Any]:
    """The diagnosis of one scenario's mean metrics as plain data (names in ``lang``)."""
    return diagnose(means, labels=labels_of(scenario, lang), **scenario_context(scenario)).to_dict()
