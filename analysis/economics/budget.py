"""The council's operating budget: every booked line per stakeholder and year, with its kind and
the budget it is paid from (dekking), a funding gap named as a gap, and the do-nothing alternative.

Amounts are signed from the stakeholder's side: what it receives is positive, what it pays
negative. A cost line of the centre is paid from its own income (sales, grants, tariffs); when
the centre's year ends below zero, a ``funding_gap`` row names the amount nobody has covered.
Another stakeholder's cost line is paid from the budget the file names for the line (``funding``)
or for the stakeholder (``funded_by``); with neither, its cover is ``gap``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from analysis.economics.booking import SAVING_LINES
from analysis.economics.ledger import OUTSIDE, net_present_value
from sim.scenario.base import label_text
from sim.scenario.business import BusinessCase

OWN_INCOME = "own_income"
GAP = "gap"
GAP_LINE = "funding_gap"


def kind_paid(line: str) -> str:
    """What a line is for the party that pays it."""
    if line.startswith(("depreciation.", "interest.")):
        return "capital_charge"
    if line.startswith("one_off."):
        return "one_off"
    if line.startswith("grant."):
        return "grant"
    return "cost"


def kind_received(line: str) -> str:
    """What a line is for the party that receives it."""
    if line.startswith("grant."):
        return "grant"
    if line.startswith(SAVING_LINES):
        return "saving"
    return "revenue"


def cover(case: BusinessCase, party: str, line: str) -> str:
    """The budget a party's cost line is paid from."""
    if party == case.centre:
        return OWN_INCOME
    parts = line.split(".")
    for n in range(len(parts), 0, -1):
        budget = case.funding.get(".".join(parts[:n]))
        if budget is not None:
            return budget
    return case.stakeholders[party].funded_by or GAP


def line_owners(scenario: Any, case: BusinessCase) -> dict[str, Any]:
    """The user's name of everything a booked line can belong to, by ``section.id`` (``pools.bijstand``,
    ``staff.winkel``): the file's label (one text or one per language), its id where it has none."""
    owners: dict[str, Any] = {}
    for section, items in (("pools", scenario.workforce), ("groups", scenario.target_groups),
                           ("supervisors", scenario.supervisors), ("staff", case.staff),
                           ("investments", case.investments), ("grants", case.grants)):
        for key, item in items.items():
            owners[f"{section}.{key}"] = getattr(item, "name", None) or key
    for cid, contract in scenario.market.contracts.items():
        partner = contract.partner or cid
        # What it orders: one product, or a package's items ('bed + tafel + stoel').
        ordered = {lang: " + ".join(label_text(getattr(scenario.products.get(pid), "name", None), lang, pid)
                                    for pid in contract.lines()) for lang in ("nl", "en")}
        owners[f"contracts.{cid}"] = ({lang: f"{partner} – {words}" for lang, words in ordered.items()}
                                      if ordered["nl"] != ordered["en"] else f"{partner} – {ordered['en']}")
    return owners


def line_order(scenario: Any, case: BusinessCase) -> list[str]:
    """Every line a business case can book, in the order of the booking and, within a kind of line,
    of the file (its pools, supervisors, staff, target groups, investments and grants as written)."""
    groups = list(scenario.target_groups)
    contracts = [f"{kind}.contracts.{c}" for c in case.bookings.contracts for kind in ("sales", "vat", "avoided_cost")]
    return [*contracts, "sales", "recycling_revenue", *(f"wages.{p}" for p in scenario.workforce), "allowances",
            *(f"supervisors.{t}" for t in scenario.supervisors), *(f"staff.{s}" for s in case.staff), "overhead",
            "work_places", "waste_cost", "waste_cost.passed_on", "disposal_cost_avoided",
            *(f"{kind}.{g}" for g in groups for kind in ("income", "benefit_saved_employed", "care_savings")),
            *(f"benefit_savings.{g}" for g in groups),
            *(f"{kind}.{i}" for i in case.investments for kind in ("one_off", "depreciation", "interest")),
            *(f"grant.{g}" for g in case.grants)]


def budget_rows(case: BusinessCase, lines: list[dict[str, Any]], calendar_year: dict[int, int],
                order_of_lines: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows {year, calendar_year, stakeholder, line, kind, amount, funded_by} from the booked lines
    (year, line, payer, receiver, amount), in the order of the stakeholders, then of ``order_of_lines``
    (:func:`line_order`: as the file lists them), then the years."""
    rows: list[dict[str, Any]] = []
    for e in lines:
        y, line, amount = e["year"], e["line"], e["amount"]
        if e["payer"] != OUTSIDE:
            rows.append({"year": y, "calendar_year": calendar_year[y], "stakeholder": e["payer"], "line": line,
                         "kind": kind_paid(line), "amount": -amount, "funded_by": cover(case, e["payer"], line)})
        if e["receiver"] != OUTSIDE:
            rows.append({"year": y, "calendar_year": calendar_year[y], "stakeholder": e["receiver"], "line": line,
                         "kind": kind_received(line), "amount": amount, "funded_by": None})
    net: dict[tuple[int, str], float] = defaultdict(float)
    for row in rows:
        net[(row["year"], row["stakeholder"])] += row["amount"]
    for y in range(1, case.years + 1):
        if net[(y, case.centre)] < -0.005:
            rows.append({"year": y, "calendar_year": calendar_year[y], "stakeholder": case.centre, "line": GAP_LINE,
                         "kind": "gap", "amount": -net[(y, case.centre)], "funded_by": GAP})
    order = {p: i for i, p in enumerate(case.stakeholders)}
    booked = {line: i for i, line in enumerate(order_of_lines or [])}
    return sorted(rows, key=lambda r: (order[r["stakeholder"]], r["kind"] == "gap", booked.get(r["line"], len(booked)), r["line"],
                                       r["year"]))


def gaps(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The funding gap: the centre's unfunded deficit per year and the cost lines without a named budget."""
    deficit: dict[int, float] = defaultdict(float)
    unfunded: dict[tuple[str, str], float] = defaultdict(float)
    for row in rows:
        if row["kind"] == "gap":
            deficit[row["calendar_year"]] += row["amount"]
        elif row["funded_by"] == GAP:
            unfunded[(row["stakeholder"], row["line"])] -= row["amount"]
    return {"centre_deficit": dict(sorted(deficit.items())),
            "unfunded_lines": [{"stakeholder": p, "line": line, "amount": a} for (p, line), a in sorted(unfunded.items())]}


def baseline(case: BusinessCase, lines: list[dict[str, Any]]) -> dict[str, Any]:
    """The do-nothing alternative: without the centre every stakeholder goes on paying what the
    centre saves it (benefits, care, disposal, a partner's purchases), and nothing else changes.
    Per stakeholder its yearly net and the net present value; 'with the centre' is this plus the
    ledger's net (the ledger books the difference the centre makes)."""
    per_year: dict[str, list[float]] = {p: [0.0] * case.years for p in case.stakeholders}
    for e in lines:
        if e["line"].startswith(SAVING_LINES) and e["receiver"] in per_year:
            per_year[e["receiver"]][e["year"] - 1] -= e["amount"]
    parties = {p: {"per_year": flows, "npv": net_present_value(flows, case.discount_rate)} for p, flows in per_year.items()}
    return {"stakeholders": parties, "npv": sum(v["npv"] for v in parties.values())}
