"""The business case over years: phases, investments, grants, stakeholders and social value.

A council proposal (*raadsvoorstel*) asks for money over several years and has to say who
pays, who gains and from which year. This section of a scenario names the stakeholders, books
every running line of the centre to one of them, adds one-off investments and grants, dated
changes (a ramp-up in phases) and the factors of social value the field uses (deadweight,
attribution, drop-off, discounting). Amounts are held in EUR; yearly amounts in EUR per year.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from sim.scenario.base import DiscountRate, Id, Label, Money, MoneyRate, Share, Strict, user_error

HOURS_PER_YEAR = 8760.0
MAX_YEARS = 30
OUTSIDE = "outside"
"""Payer or receiver outside the named stakeholders: customers, employees, suppliers."""

YearSpec = Annotated[int, Field(ge=1, le=MAX_YEARS)] | str | list[Annotated[int, Field(ge=1, le=MAX_YEARS)]]


def years_of(spec: YearSpec, horizon: int) -> list[int]:
    """The business-case years (1-based) that a spec names: 3, [1, 2], '1-5' or 'all'."""
    if isinstance(spec, int):
        return [spec] if spec <= horizon else []
    if isinstance(spec, list):
        return sorted({y for y in spec if y <= horizon})
    text = spec.strip().lower()
    if text in ("all", "alle"):
        return list(range(1, horizon + 1))
    first, last = (int(part) for part in text.split("-"))
    return [y for y in range(first, last + 1) if y <= horizon]


def _check_year_spec(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("all", "alle"):
            return value
        parts = text.split("-")
        if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
            first, last = (int(p) for p in parts)
            if 1 <= first <= last <= MAX_YEARS:
                return value
        raise user_error("year_spec", "expected years such as 2, [1, 2], '1-5' or 'all' (from 1 to {most}), got '{got}'",
                         most=MAX_YEARS, got=value)
    return value


class Stakeholder(Strict):
    """A party that pays or gains: the municipality, a care provider, the centre, a school."""

    name: Label | None = Field(None, description="display name: one text, or one per language such as {nl: Gemeente, en: Municipality}")
    funded_by: Id | None = Field(None, description="the budget (an id under business_case.budgets) its costs are paid from "
                                                   "unless 'funding' names another for a line")


class Budget(Strict):
    """A budget a cost is paid from (dekking): BUIG, the participation budget, the Wmo, the waste levy."""

    name: Label | None = Field(None, description="display name, e.g. {nl: Algemene middelen, en: General means}")


class Flow(Strict):
    """Who pays a running line and who receives it (a stakeholder id, or 'outside')."""

    paid_by: Id = Field(OUTSIDE, description="stakeholder id that pays, or 'outside' (customers, the state's benefit system)")
    received_by: Id | None = Field(None, description="stakeholder id that receives (default: the centre)")
    benefit_saved: MoneyRate = Field(
        "0 EUR per hour", description="benefit no longer paid per person employed in this group, e.g. '14000 EUR per year' for "
                                      "wage-cost-subsidy employees who came from the bijstand (booked to benefit_savings)")


class ContractBooking(Strict):
    """A contract whose partner is a stakeholder: it pays for what it buys and saves what it would otherwise buy."""

    paid_by: Id = Field(description="stakeholder id of the partner that buys")
    avoided_cost: Money = Field("0 EUR", description="what the partner would pay elsewhere per unit delivered, or per "
                                                     "package for a contract that orders items, e.g. '60 EUR' (its gain; "
                                                     "net of VAT)")


class VatRule(Strict):
    """VAT on a sale: its rate and scheme. Prices in the file are what the buyer pays, VAT included."""

    rate: Share = Field(0.21, description="the VAT rate, e.g. 21%")
    scheme: Literal["normal", "margin", "exempt"] = Field(
        "margin", description="normal (VAT on the whole price), margin (VAT on the price minus the purchase price: "
                              "for donated goods nearly the whole price) or exempt")
    purchase_share: Share = Field(0.0, description="margin scheme: the purchase price as a share of the sale price (0 for donated goods)")

    def share_of_price(self) -> float:
        """The part of a price (VAT included) that is VAT."""
        if self.scheme == "exempt":
            return 0.0
        taxed = 1.0 - self.purchase_share if self.scheme == "margin" else 1.0
        return taxed * self.rate / (1.0 + self.rate)


class Vat(Strict):
    """VAT per product; sales are booked net of it."""

    default: VatRule = Field(default_factory=VatRule,  # type: ignore[arg-type]  # all fields default
                             description="the rule for every product not named")
    products: dict[Id, VatRule] = Field(default_factory=dict, description="per product id: its own rate and scheme")

    def rule(self, product: str) -> VatRule:
        return self.products.get(product, self.default)


class EmployerCost(Strict):
    """What a paid hour present costs its employer beyond the wage for that hour."""

    holiday_pay: Share = Field(0.08, description="holiday pay on the wage (vakantiegeld), 8% by law")
    paid_leave: Share = Field(0.08, description="share of paid hours taken as leave (not present): estimate, 4 weeks a year")
    premiums: Share = Field(0.235, description="employer premiums and costs on the wage with holiday pay "
                                               "(the wage-cost subsidy rules count 23.5%)")

    def per_hour_worked(self) -> float:
        """Employer cost of one hour worked or off sick, as a multiple of the hourly wage: leave is paid on top."""
        return (1.0 + self.holiday_pay) * (1.0 + self.premiums) / (1.0 - min(self.paid_leave, 0.99))

    def per_hour_paid(self) -> float:
        """Employer cost of one hour paid (leave included), as a multiple of the hourly wage."""
        return (1.0 + self.holiday_pay) * (1.0 + self.premiums)


class Staff(Strict):
    """A paid role that keeps the centre open: shop, coordination, transport."""

    name: Label | None = Field(None, description="the role, e.g. {nl: Winkelmedewerker, en: Shop assistant}")
    hours_per_week: Annotated[float, Field(gt=0, le=400)] = Field(description="paid hours a week, all people in the role together")
    wage: MoneyRate = Field(description="gross wage per paid hour, e.g. '14.71 EUR per hour'")
    employer: Id | None = Field(None, description="stakeholder id that employs and pays (default: the centre)")
    years: YearSpec = Field("all", description="the business-case years the role is filled: 2, [1, 2], '1-3' or 'all'")

    _years = field_validator("years", mode="before")(classmethod(lambda cls, v: _check_year_spec(v)))

    def yearly_cost(self, employer_cost: EmployerCost) -> float:
        """EUR a year: 52 weeks of paid hours with holiday pay and premiums."""
        return self.hours_per_week * 52.0 * self.wage * employer_cost.per_hour_paid()


class Indexation(Strict):
    """Yearly indexation per kind of line: nominal euros per year, year 1 at the file's prices."""

    wages: DiscountRate = Field(0.0, description="wages, staff, supervisors and allowances, e.g. 3%")
    prices: DiscountRate = Field(0.0, description="sales, overhead, work places, disposal and recycling, e.g. 2%")
    tariffs: DiscountRate = Field(0.0, description="tariffs, subsidies and fees per target group")
    benefits: DiscountRate = Field(0.0, description="benefits saved (bijstand) and care savings")


class Bookings(Strict):
    """Which stakeholder each running line of the simulated centre belongs to.

    Sales, recycling revenue and every cost of the workshop are the centre's (``centre``); the
    income per target group (tariffs, subsidies, fees) is paid by the stakeholder named per group;
    savings go to the stakeholder that would otherwise pay.
    """

    target_groups: dict[Id, Flow] = Field(
        default_factory=dict,
        description="per target group: who pays its tariffs, subsidies and fees and who receives them (default: outside pays, the centre receives)",
    )
    benefit_savings: Id = Field(OUTSIDE, description="who saves the benefits of people who find a job (usually the municipality)")
    disposal_cost_avoided: Id = Field(OUTSIDE, description="who saves the disposal cost of what is reused (waste company or municipality)")
    waste_cost: Id = Field(OUTSIDE, description="who receives the centre's disposal fees (the waste company, or outside)")
    waste_cost_passed_to: Id | None = Field(
        None, description="who the receiver of the disposal fees passes them on to (the incinerator and the state: 'outside'); "
                          "unset: it keeps them")
    supervisors: dict[Id, Id] = Field(default_factory=dict,
                                      description="per supervisor team: the stakeholder that employs and pays it (default: the centre)")
    contracts: dict[Id, ContractBooking] = Field(
        default_factory=dict, description="per contract whose partner is a stakeholder: who pays and what it saves")


class Investment(Strict):
    """A one-off investment: a rebuild, machines, a van."""

    name: Label | None = Field(None, description="what is bought")
    amount: Money = Field(description="one-off amount, e.g. '150000 EUR'")
    year: Annotated[int, Field(ge=1, le=MAX_YEARS)] = Field(1, description="business-case year in which it is paid (1 = the first)")
    paid_by: Id = Field(description="stakeholder id that pays")
    depreciation: Annotated[int, Field(ge=1, le=50)] = Field(
        10, description="years over which its payer writes it off: booked as yearly capital charges (depreciation and interest)"
    )
    interest_rate: DiscountRate | None = Field(None, description="interest on the book value a year (default: business_case.interest_rate)")
    capitalised: bool = Field(True, description="false: a one-off cost booked in its year (no capital charges)")

    @field_validator("amount")
    @classmethod
    def _positive(cls, amount: float) -> float:
        if amount <= 0:
            raise user_error("positive_amount", "an investment must be more than 0 EUR, got {got} EUR", got=amount)
        return amount


class Grant(Strict):
    """A grant, subsidy or contribution from one stakeholder to another, one-off or yearly."""

    name: Label | None = Field(None, description="what it is, e.g. {nl: Startsubsidie, en: Start-up grant}")
    amount: Money | None = Field(None, description="one-off amount in each named year, e.g. '50000 EUR'")
    per_year: MoneyRate | None = Field(None, description="a yearly amount, e.g. '12000 EUR per year'")
    years: YearSpec = Field("all", description="the business-case years it is paid: 2, [1, 2], '1-3' or 'all'")
    paid_by: Id = Field(description="stakeholder id that pays, or 'outside'")
    received_by: Id = Field(description="stakeholder id that receives")

    _years = field_validator("years", mode="before")(classmethod(lambda cls, v: _check_year_spec(v)))

    @model_validator(mode="after")
    def _one_amount(self) -> Grant:
        if (self.amount is None) == (self.per_year is None):
            raise user_error("grant_amount", "give either 'amount' (one-off per named year) or 'per_year', not {got}",
                             got="both" if self.amount is not None else "neither")
        return self

    def yearly_amount(self) -> float:
        """EUR in each year it is paid."""
        return self.amount if self.amount is not None else float(self.per_year or 0.0) * HOURS_PER_YEAR


class Change(Strict):
    """A dated change: from this year or date on, these scenario values hold (a phase)."""

    name: Label | None = Field(None, description="what the phase is, e.g. 'fase 2: tweede stroom'")
    year: Annotated[int, Field(ge=1, le=MAX_YEARS)] | None = Field(None, description="business-case year it starts (2 = the start of the second year)")
    on: dt.date | None = Field(None, alias="from", description="or the date it starts, e.g. 2028-07-01")
    set: dict[str, Any] = Field(min_length=1, description="scenario path -> new value, e.g. workforce.deelnemers.people: 12")

    @model_validator(mode="after")
    def _one_moment(self) -> Change:
        if (self.year is None) == (self.on is None):
            raise user_error("change_moment", "give either 'year' or 'from' (a date) for a change, not {got}",
                             got="both" if self.year is not None else "neither")
        return self


class SocialValue(Strict):
    """Social value counted as the field does (SROI): net of what would have happened anyway
    (each target group's ``deadweight``) and of others' share (``attribution``)."""

    attribution: Share = Field(0.0, description="share of the outcome owed to others (other programmes, the person's network)")
    drop_off: Share = Field(0.0, description="share of an outcome lost each year after the first")
    duration: Annotated[int, Field(ge=1, le=MAX_YEARS)] = Field(1, description="years an outcome lasts (a job found keeps saving benefits)")
    care_saving: dict[Id, MoneyRate] = Field(
        default_factory=dict, description="per target group: care cost avoided per participant hour, e.g. '4 EUR per hour' (estimate it)"
    )
    care_saving_to: Id | dict[Id, Share] = Field(
        OUTSIDE, description="who saves the care cost (e.g. the municipality for the Wmo), or a share per party: {gemeente: 0.6, zorgverzekeraar: 0.4}")
    displacement: Share = Field(0.0, description="share of an outcome that displaces the same outcome elsewhere (a job taken from someone else)")
    counterfactual_job_rate: dict[Id, Share] = Field(
        default_factory=dict,
        description="per target group: the share that finds a job within a year without the centre; the deadweight of "
                    "jobs is this rate over the programme's job share (its pools' trajectory outflow to a job)")
    pso_groups: list[Id] = Field(
        default_factory=list, description="target groups whose hours count as worked by people with a distance to the labour market (a share of hours, not a PSO score)"
    )


class BusinessCase(Strict):
    """Several years, who pays and who gains: the council's question."""

    years: Annotated[int, Field(ge=1, le=MAX_YEARS)] = Field(description="years simulated from calendar.start_date, e.g. 5")
    discount_rate: DiscountRate = Field(
        0.0, description="yearly discount rate for net present values, e.g. 0.04 or 4%"
    )
    centre: Id = Field(description="the stakeholder that runs the centre: sales and the workshop's costs are its")
    stakeholders: dict[Id, Stakeholder] = Field(min_length=1, description="the parties that pay or gain, by your own id")
    bookings: Bookings = Field(default_factory=Bookings,  # type: ignore[arg-type]  # all fields default
                               description="who pays and receives each running line")
    investments: dict[Id, Investment] = Field(default_factory=dict, description="one-off investments, by your own id")
    grants: dict[Id, Grant] = Field(default_factory=dict, description="grants and subsidies, by your own id")
    changes: list[Change] = Field(default_factory=list, description="phases: values that change from a year or a date on")
    social_value: SocialValue = Field(default_factory=SocialValue,  # type: ignore[arg-type]
                                      description="deadweight, attribution, drop-off and care savings")
    vat: Vat = Field(default_factory=Vat,  # type: ignore[arg-type]
                     description="VAT per product: sales are booked net of it")
    employer_cost: EmployerCost = Field(default_factory=EmployerCost,  # type: ignore[arg-type]
                                        description="holiday pay, leave and premiums on the wages of paid participants and staff")
    staff: dict[Id, Staff] = Field(default_factory=dict, description="paid roles that keep the centre open, by your own id")
    indexation: Indexation = Field(default_factory=Indexation,  # type: ignore[arg-type]
                                   description="yearly indexation per kind of line")
    interest_rate: DiscountRate = Field(0.0, description="interest on the book value of investments a year, e.g. 2.5%")
    budgets: dict[Id, Budget] = Field(default_factory=dict, description="the budgets costs are paid from (dekking), by your own id")
    funding: dict[str, Id] = Field(
        default_factory=dict,
        description="line -> budget id: which budget pays a line, e.g. {'income.dagbesteding': wmo, investment: algemene_middelen}")

    @model_validator(mode="after")
    def _known_parties(self) -> BusinessCase:
        known = set(self.stakeholders) | {OUTSIDE}
        named: list[tuple[str, str]] = [("centre", self.centre)]
        named += [(f"investments.{i}.paid_by", v.paid_by) for i, v in self.investments.items()]
        for gid, grant in self.grants.items():
            named += [(f"grants.{gid}.paid_by", grant.paid_by), (f"grants.{gid}.received_by", grant.received_by)]
        for group, flow in self.bookings.target_groups.items():
            named.append((f"bookings.target_groups.{group}.paid_by", flow.paid_by))
            if flow.received_by is not None:
                named.append((f"bookings.target_groups.{group}.received_by", flow.received_by))
        named += [(f"bookings.{line}", getattr(self.bookings, line))
                  for line in ("benefit_savings", "disposal_cost_avoided", "waste_cost")]
        care_to = self.social_value.care_saving_to
        named += [("social_value.care_saving_to", p) for p in ([care_to] if isinstance(care_to, str) else care_to)]
        if self.bookings.waste_cost_passed_to is not None:
            named.append(("bookings.waste_cost_passed_to", self.bookings.waste_cost_passed_to))
        named += [(f"bookings.supervisors.{t}", p) for t, p in self.bookings.supervisors.items()]
        named += [(f"bookings.contracts.{c}.paid_by", b.paid_by) for c, b in self.bookings.contracts.items()]
        named += [(f"staff.{s}.employer", st.employer) for s, st in self.staff.items() if st.employer is not None]
        for where, party in named:
            if party not in known:
                raise user_error(
                    "unknown_stakeholder", "{where}: '{name}' is not a stakeholder; stakeholders: {choices} (or 'outside')",
                    where=where, name=party, choices=", ".join(sorted(self.stakeholders)),
                )
        if not isinstance(care_to, str) and abs(sum(care_to.values()) - 1.0) > 1e-9:
            raise user_error("care_shares", "social_value.care_saving_to: the shares add up to {got}, not 1",
                             got=round(sum(care_to.values()), 6))
        budgets = [(f"stakeholders.{p}.funded_by", s.funded_by) for p, s in self.stakeholders.items() if s.funded_by]
        budgets += [(f"funding.{line}", b) for line, b in self.funding.items()]
        for where, budget in budgets:
            if budget not in self.budgets:
                raise user_error("unknown_budget", "{where}: '{name}' is not a budget; budgets: {choices}",
                                 where=where, name=budget, choices=", ".join(sorted(self.budgets)) or "(none)")
        if self.centre == OUTSIDE:
            raise user_error("centre_outside", "centre must be one of the stakeholders, not 'outside'")
        for iid, investment in self.investments.items():
            if investment.year > self.years:
                raise user_error("late_investment", "investments.{id}.year is {year}, after the last year ({years})",
                                 id=iid, year=investment.year, years=self.years)
        return self
