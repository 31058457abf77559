"""The levers of a centre: what one could change in each leg of the triad, derived from its scenario.

A lever is one scenario value changed by its path, the way ``ambacht compare FILE --vary
PATH=BASE,NEW`` changes it, so every measured lever can be re-run by hand as it is:

* **materials**: more inflow per stream (+10 % and +25 %), more storage (+25 %);
* **labour**: one more person per pool, one more supervisor per team, a team qualified for a
  group it does not supervise yet, one more work place per step, a skill added to a pool;
* **market**: more demand per channel (+10 %), stock kept back for a partner's next order, a
  longer promised lead time.

A candidate that cannot improve anything is not run but listed with the reason (more storage for a
stream of which nothing was refused: the runs would be identical; a supervisor where no hours are
lost to missing supervision and supervisors do no productive work). Where a choice
must be made among many, the base runs decide: the pool with the most idle hours learns a skill at
whose steps work waits; the team with the most spare time is qualified for groups that lose hours
to missing supervision; a step gets a work place when its places are busy half the time or more and
a worker looking for work found lots waiting there for a place (``steps.<id>.place_refusals_per_week``;
never in the base runs: one more place would change no worker's choice, so nothing). Costs per year are those the file knows:
wages (with the employer's cost) and allowances for one more person at the pool's measured hours plus
their share of a qualified supervisor's cost, a supervisor's cost;
``None`` where the file says nothing (training, a work bench, attracting more inflow).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from analysis.reporting.metric_text import contract_names
from sim import text
from sim.loader import LoadedScenario
from sim.scenario.base import label_text
from sim.scenario.sweeps import list_text

LEGS = ("materials", "labour", "market")
HOURS_PER_YEAR = 365 * 24.0  # as the engine counts a year
INFLOW_STEPS = (0.10, 0.25)
STORAGE_STEP = 0.25
DEMAND_STEP = 0.10
PROMISE_FACTOR = 1.5
WAITING_WORK = 1.0
"""Mean lots waiting at a step from which teaching its skill to another pool is worth a try."""
BUSY_PLACES = 0.5
"""Share of opening hours the work places of a step are busy from which one more is worth a try."""

N_ = text.N_
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*(.*)$")

TEXT: dict[str, str] = {
    "inflow": N_("{target}: {pct} more inflow"),
    "storage": N_("{target}: {pct} more storage ({base} → {new})"),
    "person": N_("{target}: one more person ({base} → {new})"),
    "supervisor": N_("{target}: one more supervisor ({base} → {new})"),
    "qualification": N_("{target} also qualified for {extra}"),
    "work_place": N_("{target}: one more work place ({base} → {new})"),
    "skill": N_("{target} also does {extra}"),
    "demand_shop": N_("shop: {pct} more customers"),
    "demand_online": N_("webshop: {pct} more orders"),
    "reserve": N_("{target}: keep {new} in stock for the next order"),
    "reserve_item": N_("{target}: keep {new} in stock for the next order ({item}, the item late most often)"),
    "promise": N_("{target}: promise {new} instead of {base}"),
}
"""A lever's label per kind (English message ids, translated where shown)."""
SKIPPED: dict[str, str] = {
    "storage_unused": N_("{target}: more storage (nothing was refused)"),
    "supervisor_unneeded": N_("{target}: one more supervisor (its groups lost no hours to missing supervision, "
                              "and it does no productive work)"),
    "places_idle": N_("{target}: one more work place (the places are busy {util} of the time)"),
    "places_unused": N_("{target}: one more work place (no worker looking for work ever found lots waiting there "
                        "for a place)"),
    "promise_kept": N_("{target}: a longer promise (every order is on time)"),
    "reserve_alone": N_("{target}: stock kept for the partner (no other channel sells the product)"),
}
"""Why a candidate lever was not run, per reason (English message ids)."""


@dataclass(frozen=True)
class Lever:
    """One change to a scenario value by its path, in one leg of the triad."""

    id: str
    leg: str  # materials | labour | market
    kind: str
    path: str
    base: Any  # the value as the file has it (text with its unit, a number or a list)
    new: Any
    cost_per_year: float | None  # EUR per year where the file knows it
    words: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)  # per language: target, extra ...
    after: str | None = None  # measured only when this lever's gain is real (a smaller step of it)

    @property
    def vary(self) -> str:
        """``PATH=BASE,NEW``: usable as is with ``ambacht compare FILE --vary``."""
        return f"{self.path}={_value_text(self.base)},{_value_text(self.new)}"

    def label(self, lang: str) -> str:
        return text.translation(lang).gettext(TEXT[self.kind], **_words(self.words, lang))


@dataclass(frozen=True)
class Skipped:
    """A candidate lever not run: it cannot improve anything (more storage where nothing was
    refused), or too little to be worth the runs (work places busy under half the time)."""

    id: str
    leg: str
    reason: str
    words: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def label(self, lang: str) -> str:
        return text.translation(lang).gettext(SKIPPED[self.reason], **_words(self.words, lang))


def _words(words: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    """The words filled into a label, in ``lang`` (English for a language they were not made in)."""
    return words.get(lang) or words.get(text.SOURCE_LANGUAGE, {})


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return list_text(value)
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def scaled(text: Any, factor: float) -> str | None:
    """A quantity as the user wrote it, times ``factor``: ('115 per week', 1.1) -> '126.5 per week'."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return _number_text(float(text) * factor)
    match = _NUMBER.match(str(text))
    if not match:
        return None
    value = float(match[1].replace(",", "."))
    return f"{_number_text(value * factor)} {match[2]}".strip()


def _number_text(value: float) -> str:
    """A number as the scenario language reads it: '1.8750', not '1.875' (which reads as 1875)."""
    text = f"{value:.6g}"
    if re.fullmatch(r"-?\d{1,3}\.\d{3}", text):
        text += "0"
    return text


def _raw(loaded: LoadedScenario, path: str) -> Any:
    node: Any = loaded.data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _pct(share: float, lang: str) -> str:
    return text.percent(share, lang)


LANGS = text.LANGUAGES
"""The languages a lever's words are made in (every language with a catalogue)."""


def _name(collection: dict[str, Any], key: str, lang: str) -> str:
    return label_text(getattr(collection[key], "name", None), lang, key)


def candidates(loaded: LoadedScenario, means: dict[str, float]) -> tuple[list[Lever], list[Skipped]]:
    """The levers worth measuring for this scenario, and those left out with the reason.

    ``means``: metric means of the base runs (they decide costs at measured hours and which
    candidates cannot change anything).
    """
    levers: list[Lever] = []
    skipped: list[Skipped] = []
    for derive in (_materials, _people, _supervision, _qualifications, _work_places, _skills, _demand, _contracts):
        found, left_out = derive(loaded, _Means(means))
        levers += found
        skipped += left_out
    return levers, skipped


class _Means:
    """Base-run means, undefined ones as 0."""

    def __init__(self, means: dict[str, float]) -> None:
        self.means = means

    def __call__(self, metric: str) -> float:
        value = self.means.get(metric, math.nan)
        return 0.0 if value is None or not math.isfinite(value) else float(value)

    def per_year(self) -> float:
        hours = self("run.measured_hours")
        return HOURS_PER_YEAR / hours if hours > 0 else math.nan


Found = tuple[list[Lever], list[Skipped]]


def _materials(loaded: LoadedScenario, m: _Means) -> Found:
    s = loaded.scenario
    levers, skipped = [], []
    for sid, stream in s.materials.items():
        path = f"materials.{sid}.arrivals.rate"
        base = _raw(loaded, path)
        # The larger step first; the smaller one tells, where the larger buys something, whether less is enough.
        larger = None
        for more in sorted(INFLOW_STEPS, reverse=True):
            new = scaled(base, 1 + more)
            if new is not None:
                lever_id = f"inflow+{round(more * 100)}%:{sid}"
                levers.append(Lever(lever_id, "materials", "inflow", path, base, new, None,
                                    {lang: {"target": _name(s.materials, sid, lang), "pct": _pct(more, lang)} for lang in LANGS},
                                    after=larger))
                larger = lever_id
        if stream.storage == "unlimited":
            continue
        path = f"materials.{sid}.storage"
        base = _raw(loaded, path)
        new = scaled(base, 1 + STORAGE_STEP)
        words = {lang: {"target": _name(s.materials, sid, lang), "pct": _pct(STORAGE_STEP, lang), "base": str(base),
                        "new": str(new)} for lang in LANGS}
        if m(f"materials.{sid}.refused_kg") <= 0:
            skipped.append(Skipped(f"storage:{sid}", "materials", "storage_unused", words))
        elif new is not None:
            levers.append(Lever(f"storage:{sid}", "materials", "storage", path, base, new, None, words))
    return levers, skipped


def _people(loaded: LoadedScenario, m: _Means) -> Found:
    s = loaded.scenario
    levers = []
    # A paid person costs the employer more than the wage for the hours present (business_case.employer_cost).
    employer = s.business_case.employer_cost.per_hour_worked() if s.business_case is not None else 1.0
    for pid, pool in s.workforce.items():
        rate = pool.wage * employer + pool.allowance  # EUR per hour present
        hours = m(f"pools.{pid}.hours_worked") / pool.people if pool.people else math.nan  # per year already
        supervision = _supervision_share(loaded, pool.group)
        cost = rate * hours + supervision if math.isfinite(hours) else (supervision if rate == 0 else None)
        words = {lang: {"target": _name(s.workforce, pid, lang), "base": str(pool.people), "new": str(pool.people + 1)}
                 for lang in LANGS}
        levers.append(Lever(f"person:{pid}", "labour", "person", f"workforce.{pid}.people", pool.people,
                            pool.people + 1, cost, words))
    return levers, []


def _supervision_share(loaded: LoadedScenario, group_id: str) -> float:
    """EUR a year of supervision one more participant of the group takes: the cheapest qualified
    supervisor's yearly cost over the group's supervision ratio (0 when unsupervised or unpriced)."""
    s = loaded.scenario
    group = s.target_groups[group_id]
    if not group.supervision_ratio:
        return 0.0
    qualification = group.qualification or group_id
    costs = [team.cost * HOURS_PER_YEAR for team in s.supervisors.values()
             if qualification in team.qualifications and team.cost > 0]
    return min(costs) / group.supervision_ratio if costs else 0.0


def _supervision(loaded: LoadedScenario, m: _Means) -> Found:
    s = loaded.scenario
    levers, skipped = [], []
    lost = {gid: m(f"groups.{gid}.hours_lost_to_missing_supervision") for gid in s.target_groups}
    qualification_of = {gid: g.qualification or gid for gid, g in s.target_groups.items()}
    for tid, team in s.supervisors.items():
        served = [gid for gid, q in qualification_of.items() if q in team.qualifications]
        words = {lang: {"target": _name(s.supervisors, tid, lang), "base": str(team.people), "new": str(team.people + 1)}
                 for lang in LANGS}
        if any(lost[g] > 0 for g in served) or (team.productive_work and team.skills):
            levers.append(Lever(f"supervisor:{tid}", "labour", "supervisor", f"supervisors.{tid}.people", team.people,
                                team.people + 1, team.cost * HOURS_PER_YEAR, words))
        else:
            skipped.append(Skipped(f"supervisor:{tid}", "labour", "supervisor_unneeded", words))
    return levers, skipped


def _qualifications(loaded: LoadedScenario, m: _Means) -> Found:
    """Per qualification whose groups lose hours to missing supervision: the team with the most
    spare time that lacks it is qualified (one lever per qualification; groups may share one)."""
    s = loaded.scenario
    levers = []
    needing: dict[str, list[str]] = {}
    for gid, group in s.target_groups.items():
        if group.supervision_ratio and m(f"groups.{gid}.hours_lost_to_missing_supervision") > 0:
            needing.setdefault(group.qualification or gid, []).append(gid)
    for qualification, groups in needing.items():
        teams = [(m(f"supervisors.{tid}.utilisation"), tid) for tid, team in s.supervisors.items()
                 if qualification not in team.qualifications and team.people > 0]
        teams = [x for x in teams if x[0] < 1.0]
        if not teams:
            continue
        _, tid = min(teams)
        base_list = list(s.supervisors[tid].qualifications)
        levers.append(Lever(f"qualification:{tid}:{qualification}", "labour", "qualification",
                            f"supervisors.{tid}.qualifications", base_list, [*base_list, qualification], None,
                            {lang: {"target": _name(s.supervisors, tid, lang),
                                    "extra": ", ".join(_name(s.target_groups, g, lang) for g in groups)} for lang in LANGS}))
    return levers, []


def _work_places(loaded: LoadedScenario, m: _Means) -> Found:
    s = loaded.scenario
    levers, skipped = [], []
    for step_id, step in s.steps.items():
        places = step.work_places
        if places == "unlimited":
            continue
        util = m(f"steps.{step_id}.utilisation")
        words = {lang: {"target": _name(s.steps, step_id, lang), "base": str(places), "new": str(places + 1),
                        "util": _pct(util, lang)} for lang in LANGS}
        if util < BUSY_PLACES:
            skipped.append(Skipped(f"work_place:{step_id}", "labour", "places_idle", words))
        elif m.means.get(f"steps.{step_id}.place_refusals_per_week", 1.0) == 0:  # absent in older runs
            # No worker looking for work ever met lots waiting for a place: a place more changes nothing.
            skipped.append(Skipped(f"work_place:{step_id}", "labour", "places_unused", words))
        else:
            # A work place costs what the file says it does; without a cost_per_work_place, not known.
            cost = step.cost_per_work_place * HOURS_PER_YEAR if step.cost_per_work_place > 0 else None
            levers.append(Lever(f"work_place:{step_id}", "labour", "work_place", f"steps.{step_id}.work_places",
                                places, places + 1, cost, words))
    return levers, skipped


def _skills(loaded: LoadedScenario, m: _Means) -> Found:
    """Per skill at whose steps work waits: the pool with the most idle hours that lacks it learns it."""
    s = loaded.scenario
    levers = []
    skills: dict[str, list[str]] = {}
    for step_id, step in s.steps.items():
        skills.setdefault(step.skill, []).append(step_id)
    for skill, steps in skills.items():
        if max(m(f"steps.{st}.queue_mean") for st in steps) < WAITING_WORK:
            continue
        learners = [(m(f"pools.{pid}.idle_hours"), pid) for pid, pool in s.workforce.items()
                    if skill not in pool.skills and pool.people > 0]
        learners = [x for x in learners if x[0] > 0]
        if not learners:
            continue
        _, pid = max(learners)
        base_list = list(s.workforce[pid].skills)
        levers.append(Lever(f"skill:{pid}:{skill}", "labour", "skill", f"workforce.{pid}.skills", base_list,
                            [*base_list, skill], None,
                            {lang: {"target": _name(s.workforce, pid, lang),
                                    "extra": ", ".join(_name(s.steps, st, lang) for st in steps)} for lang in LANGS}))
    return levers, []


def _demand(loaded: LoadedScenario, m: _Means) -> Found:
    s = loaded.scenario
    levers = []
    for channel, key, kind in (("shop", "customers", "demand_shop"), ("online", "orders", "demand_online")):
        if getattr(s.market, channel) is None:
            continue
        path = f"market.{channel}.{key}"
        base = _raw(loaded, path)
        new = scaled(base, 1 + DEMAND_STEP)
        if new is not None:
            levers.append(Lever(f"demand+{round(DEMAND_STEP * 100)}%:{channel}", "market", kind, path, base, new, None,
                                {lang: {"pct": _pct(DEMAND_STEP, lang)} for lang in LANGS}))
    return levers, []


def _contracts(loaded: LoadedScenario, m: _Means) -> Found:
    s = loaded.scenario
    levers, skipped = [], []
    named = {lang: contract_names(s, lang) for lang in LANGS}  # the partner and what it orders
    for cid, contract in s.market.contracts.items():
        found = _package_reserves(loaded, m, cid, named) if contract.is_package else _reserve(s, cid, named)
        levers += found[0]
        skipped += found[1]
        path = f"market.contracts.{cid}.promised_lead_time"
        written = _raw(loaded, path)
        longer = _longer_promise(written, contract)
        words = {lang: {"target": named[lang][cid], "base": _promise_text(contract, lang),
                        "new": _longer_text(contract, lang)}
                 for lang in LANGS}
        on_time = m.means.get(f"contracts.{cid}.on_time_share", math.nan)
        if on_time is not None and math.isfinite(on_time) and on_time >= 1.0:
            skipped.append(Skipped(f"promise:{cid}", "market", "promise_kept", words))
        elif longer is not None:
            levers.append(Lever(f"promise:{cid}", "market", "promise", path, written, longer, 0.0, words))
    return levers, skipped


def _sold_elsewhere(s: Any, product: str) -> bool:
    """Whether the shop or the webshop sells the product (only then does keeping stock back change anything)."""
    return any(ch is not None and product in ch.demand for ch in (s.market.shop, s.market.online))


def _reserve(s: Any, cid: str, named: dict[str, dict[str, str]]) -> Found:
    """One contract's product: keep one more order's quantity back."""
    contract = s.market.contracts[cid]
    (product, quantity), = contract.lines().items()
    reserve = contract.reserve + quantity
    words = {lang: {"target": named[lang][cid], "new": _amount(reserve, s.products[product].unit, lang)}
             for lang in LANGS}
    if _sold_elsewhere(s, product):
        return [Lever(f"reserve:{cid}", "market", "reserve", f"market.contracts.{cid}.reserve",
                      _plain(contract.reserve), _plain(reserve), 0.0, words)], []
    return [], [Skipped(f"reserve:{cid}", "market", "reserve_alone", words)]


def _package_reserves(loaded: LoadedScenario, m: _Means, cid: str, named: dict[str, dict[str, str]]) -> Found:
    """A package: keep one more whole package back, and one more order's quantity of the item that
    was late most often (the lowest item on-time share), where another channel sells them."""
    s = loaded.scenario
    contract = s.market.contracts[cid]
    items = contract.lines()
    levers, skipped = [], []
    packages = contract.reserve
    if not isinstance(packages, dict):
        reserve = packages + 1
        words = {lang: {"target": named[lang][cid], "new": _packages(reserve, lang)} for lang in LANGS}
        if any(_sold_elsewhere(s, pid) for pid in items):
            levers.append(Lever(f"reserve:{cid}", "market", "reserve", f"market.contracts.{cid}.reserve",
                                _plain(packages), _plain(reserve), 0.0, words))
        else:
            skipped.append(Skipped(f"reserve:{cid}", "market", "reserve_alone", words))
    shares = {pid: m.means.get(f"package_items.{cid}.{pid}.on_time_share", math.nan) for pid in items}
    late = [pid for pid in items if math.isfinite(shares[pid]) and shares[pid] < 1.0]
    # One more of the item late most often: where the file writes the reserve per item, or not
    # at all (a reserve written as a number of packages has no place for one item).
    written = _raw(loaded, f"market.contracts.{cid}.reserve")
    if (written is None or isinstance(written, dict)) and late:
        binding = min(late, key=lambda pid: shares[pid])  # the first in the file on a tie
        kept = contract.kept_back()[binding]
        new = kept + items[binding]
        words = {lang: {"target": named[lang][cid], "new": _amount(new, s.products[binding].unit, lang),
                        "item": label_text(getattr(s.products[binding], "name", None), lang, binding)}
                 for lang in LANGS}
        lever = Lever(f"reserve:{cid}:{binding}", "market", "reserve_item", f"market.contracts.{cid}.reserve.{binding}",
                      _plain(kept), _plain(new), 0.0, words)
        if _sold_elsewhere(s, binding):
            levers.append(lever)
        else:
            skipped.append(Skipped(lever.id, "market", "reserve_alone", words))
    return levers, skipped


def _packages(count: float, lang: str) -> str:
    tr = text.translation(lang)
    return tr.npgettext("a count of packages", "{n} package", "{n} packages", count, n=text.number(count, lang))


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _amount(quantity: float, unit: str, lang: str) -> str:
    tr = text.translation(lang)
    if unit == "kg":
        return f"{text.number(quantity, lang)} kg"  # a unit symbol, the same in every language
    return tr.npgettext("a count of products", "{n} item", "{n} items", quantity, n=text.number(quantity, lang))


def _longer_promise(written: Any, contract: Any) -> str | None:
    """The promise half as long again, in the user's own terms: '5 werkdagen' -> '8 werkdagen'."""
    days = contract.promised_working_days
    if days:
        word = re.sub(r"^\s*\d+\s*", "", str(written)) if isinstance(written, str) else "working days"
        return f"{math.ceil(days * PROMISE_FACTOR)} {word}"
    return scaled(written, PROMISE_FACTOR)


def _longer_text(contract: Any, lang: str) -> str:
    days = contract.promised_working_days
    if days:
        return text.working_days(math.ceil(days * PROMISE_FACTOR), lang)
    return text.duration(contract.promised_lead_time * PROMISE_FACTOR, lang)


def _promise_text(contract: Any, lang: str) -> str:
    from analysis.reporting.assumptions import promise

    return promise(contract, lang)
