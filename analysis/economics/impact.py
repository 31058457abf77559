"""A business case's social value: its outcomes and inputs for the SROI (:mod:`analysis.economics.sroi`).

Outcomes, each for the stakeholder that gains (docs/business-case.md):

* ``jobs.<group>``: people who found a job, valued at the benefit saved a year, lasting the
  benefit period (``social_value.duration``) with drop-off;
* ``employed.<group>``: people employed at the centre who came off a benefit, valued at that benefit
  for the year they are employed;
* ``care.<group>``: care avoided per participant hour, for that year only.

Deadweight is the group's (from the counterfactual job rate when the file gives one); displacement
applies to the two job outcomes; attribution to all. Inputs are every euro put into the programme:
investments when they are paid, grants to the centre, tariffs, subsidies and fees per target
group, supervisors and staff paid by another stakeholder, and the centre's own yearly deficit
before capital charges (what someone must cover).
"""

from __future__ import annotations

from analysis.economics.booking import AS_IN_FILE, Adjust, care_parties, case_of, deadweights, index
from analysis.economics.ledger import Entry
from analysis.economics.sroi import Outcome
from sim.scenario.business import HOURS_PER_YEAR
from sim.scenario.model import Scenario


def outcomes(scenario: Scenario, years: dict[int, dict[str, float]], adjust: Adjust = AS_IN_FILE) -> list[Outcome]:
    """The outcomes of one replication, gross values per year (index 0 = year 1)."""
    case = case_of(scenario)
    sv, b = case.social_value, case.bookings
    dw = deadweights(scenario, adjust.deadweight)
    n = case.years
    ix = [index(case.indexation.benefits, y) * adjust.benefits for y in range(1, n + 1)]
    out = []
    for g, spec in scenario.target_groups.items():
        pools = [p for p, pool in scenario.workforce.items() if pool.group == g]
        jobs = [years.get(y, {}).get(f"groups.{g}.outflow_to_job", 0.0) * spec.benefit_saving_per_job * ix[y - 1]
                for y in range(1, n + 1)]
        out.append(Outcome(f"jobs.{g}", b.benefit_savings, jobs, dw[g], sv.displacement, sv.attribution, sv.drop_off,
                           sv.duration))
        flow = b.target_groups.get(g)
        if flow is not None and flow.benefit_saved:
            employed = [sum(years.get(y, {}).get(f"pools.{p}.people_in_place", 0.0) for p in pools)
                        * flow.benefit_saved * HOURS_PER_YEAR * ix[y - 1] for y in range(1, n + 1)]
            out.append(Outcome(f"employed.{g}", b.benefit_savings, employed, dw[g], sv.displacement, sv.attribution))
        rate = sv.care_saving.get(g, 0.0)
        if rate:
            for party, share in care_parties(case).items():
                care = [years.get(y, {}).get(f"groups.{g}.hours", 0.0) * rate * share * ix[y - 1] for y in range(1, n + 1)]
                out.append(Outcome(f"care.{g}", party, care, dw[g], 0.0, sv.attribution))
    return [o for o in out if any(o.values)]


def inputs(scenario: Scenario, entries: list[Entry]) -> list[float]:
    """EUR put into the programme per year (index 0 = year 1)."""
    case = case_of(scenario)
    centre = case.centre
    put_in = [0.0] * case.years
    centre_net = [0.0] * case.years
    for investment in case.investments.values():
        put_in[investment.year - 1] += investment.amount
    for e in entries:
        if e.line.startswith(("income.",)) or (e.line.startswith("grant.") and e.receiver == centre) \
                or (e.line.startswith(("supervisors.", "staff.")) and e.payer != centre):
            put_in[e.year - 1] += e.amount
        if e.line.startswith(("depreciation.", "interest.", "one_off.")):
            continue
        if e.receiver == centre:
            centre_net[e.year - 1] += e.amount
        if e.payer == centre:
            centre_net[e.year - 1] -= e.amount
    return [p + max(0.0, -c) for p, c in zip(put_in, centre_net, strict=True)]
