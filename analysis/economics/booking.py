"""Every euro of one replication booked as Dutch practice books it.

The input is what the simulation hands over: per business-case year (1..N) a dict of metric
name -> value, flows per year (``economics.revenue``, ``groups.<id>.income``,
``pools.<id>.hours_worked``, ``supervisors.<id>.cost``, ...) and time averages
(``pools.<id>.people_in_place``). The output is a list of :class:`~analysis.economics.ledger.Entry`,
each from a payer to a receiver, so the ledger balances by construction. The rules
(docs/business-case.md):

* sales net of VAT (prices in the file are what the buyer pays); a contract whose partner is a
  stakeholder is paid by that partner, who also pays the VAT and gains its avoided cost;
* paid participants cost their full employer cost: hours present and hours absent (sick pay),
  grossed up for paid leave, with holiday pay and employer premiums;
* staff roles that keep the centre open, and each supervisor team, are booked to their employer;
* a pass-through fee (gate fees) is booked on to its final receiver;
* investments are yearly capital charges (straight-line depreciation, interest on the book value
  at the start of the year) for their payer within the horizon; a non-capitalised one is a
  one-off cost in its year;
* every line is indexed per year by its kind (wages, prices, tariffs, benefits): nominal euros.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.economics.ledger import OUTSIDE, Entry, carried_outcomes
from sim.scenario.business import HOURS_PER_YEAR, BusinessCase, years_of
from sim.scenario.model import Scenario

SAVING_LINES = ("benefit_savings.", "benefit_saved_employed.", "care_savings.", "disposal_cost_avoided",
                "avoided_cost.")
"""Lines a stakeholder gains because something it would pay without the centre is avoided."""


@dataclass(frozen=True)
class Adjust:
    """A change to the file's money inputs, for the sensitivity (the defaults change nothing)."""

    prices: float = 1.0  # factor on sales, contract prices and avoided costs
    wages: float = 1.0  # factor on every wage-type line
    benefits: float = 1.0  # factor on benefits and care saved
    deadweight: float = 0.0  # added to each target group's deadweight, kept in [0, 1]


AS_IN_FILE = Adjust()
"""No change: the file's own money inputs."""


def index(rate: float, year: int) -> float:
    """Indexation factor of business-case year ``year`` (year 1: 1)."""
    return (1.0 + rate) ** (year - 1)


def case_of(scenario: Scenario) -> BusinessCase:
    case = scenario.business_case
    if case is None:
        raise ValueError("the scenario has no business_case")
    return case


def programme_job_rate(scenario: Scenario, group: str) -> float:
    """The share of the group's trajectories that end in a job, by its pools' trajectories in the file."""
    rates = [p.trajectory.outflow.get("job", 0.0) for p in scenario.workforce.values()
             if p.group == group and p.trajectory is not None]
    return sum(rates) / len(rates) if rates else 0.0


def deadweights(scenario: Scenario, shift: float = 0.0) -> dict[str, float]:
    """Deadweight per target group: the counterfactual job rate over the programme's job rate when
    the business case gives it, else the group's own ``deadweight``; ``shift`` added, kept in [0, 1]."""
    counterfactual = case_of(scenario).social_value.counterfactual_job_rate
    out = {}
    for group, spec in scenario.target_groups.items():
        value = spec.deadweight
        if group in counterfactual:
            programme = programme_job_rate(scenario, group)
            value = min(1.0, counterfactual[group] / programme) if programme > 0 else 1.0
        out[group] = min(1.0, max(0.0, value + shift))
    return out


def care_parties(case: BusinessCase) -> dict[str, float]:
    """Who saves the care cost, with its share."""
    to = case.social_value.care_saving_to
    return {to: 1.0} if isinstance(to, str) else dict(to)


def vat_share_of_sales(scenario: Scenario, m: dict[str, float]) -> float:
    """The VAT part of the sales, products weighted by units sold times price (0 when nothing sold)."""
    vat = case_of(scenario).vat
    weights = {p: m.get(f"products.{p}.sold", 0.0) * spec.price for p, spec in scenario.products.items()}
    total = sum(weights.values())
    if total <= 0:
        return vat.default.share_of_price()
    return sum(w * vat.rule(p).share_of_price() for p, w in weights.items()) / total


def _get(m: dict[str, float], name: str) -> float:
    value = float(m.get(name, 0.0))
    return value if math.isfinite(value) else 0.0


def book(scenario: Scenario, years: dict[int, dict[str, float]], adjust: Adjust = AS_IN_FILE) -> list[Entry]:
    """Every euro of one replication, from the metrics of each business-case year."""
    case = case_of(scenario)
    centre, b, sv, ec, ix = case.centre, case.bookings, case.social_value, case.employer_cost, case.indexation
    dw = deadweights(scenario, adjust.deadweight)
    pools_of = {g: [p for p, spec in scenario.workforce.items() if spec.group == g] for g in scenario.target_groups}
    entries: list[Entry] = []
    new_job_savings: dict[str, list[float]] = {g: [] for g in scenario.target_groups}
    for y in range(1, case.years + 1):
        m = years.get(y, {})
        wages = index(ix.wages, y) * adjust.wages
        prices = index(ix.prices, y)
        tariffs = index(ix.tariffs, y)
        benefits = index(ix.benefits, y) * adjust.benefits

        def add(line: str, payer: str, receiver: str, amount: float, year: int = y) -> None:
            entries.append(Entry(year, line, payer, receiver, amount))

        partner_gross = 0.0
        for cid, booking in b.contracts.items():
            contract = scenario.market.contracts[cid]
            delivered = _get(m, f"contracts.{cid}.delivered")
            # What the partner paid, as the run measured it (every unit set aside for its orders,
            # at the prices then in force); results written before that metric: orders x prices.
            values = {pid: quantity * (contract.price if contract.price is not None else scenario.products[pid].price)
                      for pid, quantity in contract.lines().items()}
            whole = sum(values.values())
            measured = m.get(f"contracts.{cid}.revenue")
            paid = float(measured) if measured is not None and math.isfinite(measured) else delivered * whole
            gross = paid * adjust.prices
            # VAT per product, over the package's items by their value (one product: its own rule).
            vat = sum(gross * (value / whole if whole > 0 else 1.0 / len(values)) * case.vat.rule(pid).share_of_price()
                      for pid, value in values.items())
            net = gross - vat
            # Avoided cost per unit of one product, or per package delivered.
            units = delivered * (1.0 if contract.is_package else sum(contract.lines().values()))
            partner_gross += gross
            add(f"sales.contracts.{cid}", booking.paid_by, centre, net * prices)
            add(f"vat.contracts.{cid}", booking.paid_by, OUTSIDE, vat * prices)
            add(f"avoided_cost.contracts.{cid}", OUTSIDE, booking.paid_by, units * booking.avoided_cost * adjust.prices * prices)
        other = max(0.0, _get(m, "economics.revenue") * adjust.prices - partner_gross)
        add("sales", OUTSIDE, centre, other * (1.0 - vat_share_of_sales(scenario, m)) * prices)
        add("recycling_revenue", OUTSIDE, centre, _get(m, "economics.recycling_revenue") * prices)

        for pid, pool in scenario.workforce.items():
            hours = _get(m, f"pools.{pid}.hours_worked") + _get(m, f"pools.{pid}.absent_hours")
            add(f"wages.{pid}", centre, OUTSIDE, pool.wage * hours * ec.per_hour_worked() * wages)
        add("allowances", centre, OUTSIDE, _get(m, "economics.participant_cost") * wages)
        for tid in scenario.supervisors:
            add(f"supervisors.{tid}", b.supervisors.get(tid, centre), OUTSIDE, _get(m, f"supervisors.{tid}.cost") * wages)
        for sid, staff in case.staff.items():
            if y in years_of(staff.years, case.years):
                add(f"staff.{sid}", staff.employer or centre, OUTSIDE, staff.yearly_cost(ec) * wages)
        add("overhead", centre, OUTSIDE, _get(m, "economics.overhead") * prices)
        add("work_places", centre, OUTSIDE, _get(m, "economics.work_place_cost") * prices)
        waste = _get(m, "economics.waste_cost") * prices
        add("waste_cost", centre, b.waste_cost, waste)
        if b.waste_cost_passed_to is not None:
            add("waste_cost.passed_on", b.waste_cost, b.waste_cost_passed_to, waste)
        add("disposal_cost_avoided", OUTSIDE, b.disposal_cost_avoided, _get(m, "economics.disposal_cost_avoided") * prices)

        for g, spec in scenario.target_groups.items():
            flow = b.target_groups.get(g)
            payer = flow.paid_by if flow else OUTSIDE
            receiver = (flow.received_by if flow else None) or centre
            add(f"income.{g}", payer, receiver, _get(m, f"groups.{g}.income") * tariffs)
            if flow is not None and flow.benefit_saved:
                people = sum(_get(m, f"pools.{p}.people_in_place") for p in pools_of[g])
                add(f"benefit_saved_employed.{g}", OUTSIDE, b.benefit_savings,
                    flow.benefit_saved * HOURS_PER_YEAR * people * benefits)
            care = sv.care_saving.get(g, 0.0) * (1.0 - dw[g]) * _get(m, f"groups.{g}.hours") * benefits
            for party, share in care_parties(case).items():
                add(f"care_savings.{g}", OUTSIDE, party, care * share)
            new_job_savings[g].append(_get(m, f"groups.{g}.outflow_to_job") * spec.benefit_saving_per_job
                                      * (1.0 - dw[g]) * benefits)

    # A job found keeps saving that year's benefit for the benefit period, less drop-off.
    for g, new in new_job_savings.items():
        carried = carried_outcomes(new, sv.duration, sv.drop_off)[: case.years]
        entries += [Entry(y, f"benefit_savings.{g}", OUTSIDE, b.benefit_savings, v) for y, v in enumerate(carried, start=1)]
    entries += capital_entries(case)
    for gid, grant in case.grants.items():
        entries += [Entry(y, f"grant.{gid}", grant.paid_by, grant.received_by, grant.yearly_amount())
                    for y in years_of(grant.years, case.years)]
    return [e for e in entries if e.amount != 0.0 and e.payer != e.receiver]


def capital_entries(case: BusinessCase) -> list[Entry]:
    """Investments as their payer books them: yearly depreciation and interest within the horizon,
    or a one-off cost in its year when not capitalised."""
    out = []
    for iid, investment in case.investments.items():
        if not investment.capitalised:
            out.append(Entry(investment.year, f"one_off.{iid}", investment.paid_by, OUTSIDE, investment.amount))
            continue
        rate = case.interest_rate if investment.interest_rate is None else investment.interest_rate
        yearly = investment.amount / investment.depreciation
        last = min(case.years, investment.year + investment.depreciation - 1)
        for y in range(investment.year, last + 1):
            book_value = investment.amount - (y - investment.year) * yearly
            out.append(Entry(y, f"depreciation.{iid}", investment.paid_by, OUTSIDE, yearly))
            out.append(Entry(y, f"interest.{iid}", investment.paid_by, OUTSIDE, rate * book_value))
    return out


def book_value_at_end(case: BusinessCase) -> float:
    """What the investments are still worth on the books after the last year (not charged in the case)."""
    left = 0.0
    for investment in case.investments.values():
        if investment.capitalised:
            charged = min(case.years - investment.year + 1, investment.depreciation)
            left += investment.amount * (1.0 - charged / investment.depreciation)
    return left
