"""The scenario language: every concept of a circular craft centre as a checked model.

Collections are mappings keyed by the user's own ids, so a sweep path such as
``workforce.statushouders.people`` is stable and readable. Quantities carry their unit in the
value (``6 min``, ``200 kg``, ``40 per week``) and are held here in base units: hours, kg, EUR.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from sim.scenario.base import (
    Chance,
    Co2PerKg,
    Date,
    Day,
    DayGroup,
    Duration,
    Function,
    Hours,
    Id,
    KeysNamed,
    Label,
    Language,
    Mass,
    Money,
    MoneyPerKg,
    MoneyRate,
    Month,
    PositiveDuration,
    PositiveShare,
    Productivity,
    Rate,
    Share,
    Strict,
    Weight,
    user_error,
)
from sim.scenario.business import BusinessCase
from sim.scenario.distributions import (
    CountDistribution,
    DurationDistribution,
    MassDistribution,
    Positive,
)
from sim.scenario.market import Contract, Demand, Market, Online, Product, Shop
from sim.scenario.start_state import StartState
from sim.text import N_

__all__ = ["Contract", "Demand", "Market", "Online", "Product", "Shop"]

WEEKDAYS: list[Day] = ["monday", "tuesday", "wednesday", "thursday", "friday"]
SINKS = ("recycling", "waste")
"""Route ends that are not products: material recycled or sent to waste."""
LEAVES = "leaves"
"""Route end for textbook queues: the item simply leaves after its last step."""
TOLERANCE = 1e-6
_METRIC_NAME = re.compile(r"^[A-Za-z][\w-]*(\.[A-Za-z0-9][\w-]*)+$")
_PER_OPEN_HOUR = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:/|per)\s*(?:open\s+(?:hour|uur)|openingsuur)\s*$", re.IGNORECASE)


def _shares_sum_to_one(shares: dict[str, float], what: str) -> None:
    total = sum(shares.values())
    if abs(total - 1.0) > TOLERANCE:
        parts = " + ".join(f"{key} {value:g}" for key, value in shares.items())
        raise user_error(
            "shares_sum", "the {what} shares must add up to 1, they add up to {total} ({parts})",
            what=what, total=round(total, 6), parts=parts,
        )


# --- calendar ------------------------------------------------------------------------------


class DateRange(Strict):
    """A closed period, both days included."""

    name: str = Field("", description="what the period is, e.g. 'zomervakantie'")
    start: Date = Field(alias="from", description="first day (1900-2200)")
    end: Date = Field(alias="to", description="last day (included)")

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise user_error("date_order", "'to' ({end}) is before 'from' ({start})", start=str(self.start), end=str(self.end))
        return self


class Calendar(Strict):
    """Time: a real start date, opening hours per function, holidays."""

    start_date: Date = Field(description="the first day of the simulation (hour 0 is its midnight), 1900-2200")
    always_open: bool = Field(
        False, description="every function open around the clock, no holidays (textbook queues)"
    )
    public_holidays: Literal["NL", "none"] = Field(
        "NL", description="close on Dutch public holidays (from the 'holidays' package)"
    )
    closed_days: list[DateRange] = Field(default_factory=list, description="extra closing periods")
    opening_hours: dict[Function, Annotated[dict[DayGroup, Hours], KeysNamed("day_group")]] = Field(
        default_factory=dict,
        description="per function (workshop, shop, dropoff) and day, e.g. {weekdays: '09:00-17:00'}",
    )
    school_holidays: str | list[DateRange] = Field(
        default_factory=list,
        description="a list of periods, or a preset: 'regio-noord', 'regio-midden', 'regio-zuid' (official regional "
                    "dates; projected, and marked so, for school years not yet published) or one MBO school's year "
                    "('landstede-noord-2025-2026', 'landstede-midden-2025-2026'; a run outside that year is refused)",
    )


# --- materials, steps, routes --------------------------------------------------------------


class Grade(Strict):
    """A share of a stream that follows one route (sellable, repairable, parts, waste ...)."""

    share: Share
    route: Id = Field(description="id of the route this grade follows")


class Arrivals(Strict):
    """How material comes in: an average rate, spread over the opening hours of a function."""

    rate: Rate = Field(
        description="arrivals (drop-offs) per time on average, each bringing batch_size units, e.g. '60 per week' "
        "(over clock time), or '2 per open hour' (per hour that the `during` function is open)"
    )
    per_open_hour: bool = Field(
        False, description="set by writing the rate 'per open hour' above; the rate then counts open hours only"
    )
    pattern: Literal["poisson", "regular"] = Field(
        "poisson", description="random (Poisson) arrivals or evenly spaced ones"
    )
    batch_size: CountDistribution = Field(1.0, description="units per arrival (a drop-off brings several)")  # type: ignore[assignment]
    during: Function = Field("dropoff", description="arrivals happen while this function is open")
    weekday_weights: Annotated[dict[Day, Weight], KeysNamed("day")] = Field(
        default_factory=dict, description="relative busyness per weekday (default 1)"
    )
    monthly_weights: Annotated[dict[Month, Weight], KeysNamed("month")] = Field(
        default_factory=dict, description="relative busyness per month (default 1)"
    )

    @model_validator(mode="before")
    @classmethod
    def _per_open_hour(cls, data: Any) -> Any:
        # '2 per open hour' (Dutch: 'per openingsuur'): a rate over the open hours of `during`.
        if isinstance(data, dict):
            text = data.get("rate")
            match = _PER_OPEN_HOUR.match(text) if isinstance(text, str) else None
            if match:
                data = {**data, "rate": f"{match[1]} per hour", "per_open_hour": True}
        return data


class Stream(Strict):
    """A material stream (furniture, textile, small electrical ...)."""

    name: Label | None = Field(None, description="display name: one text, or one per language such as {nl: Textiel, en: Textile}")
    unit: Literal["item", "bag", "kg"] = Field("item", description="what one unit of this stream is")
    weight_per_unit: MassDistribution = Field("1 kg", description="mass of one unit")  # type: ignore[assignment]
    lot_size: Annotated[int, Field(ge=1, le=100_000)] = Field(
        1, description="units that move together as one lot (bulk material moves in lots)"
    )
    arrivals: Arrivals = Field(description="how the material comes in")
    storage: Mass | Literal["unlimited", "none"] = Field(
        "unlimited",
        description="space for material waiting for its first step. Material a worker can start on at once "
        "needs no space; other material is refused when it does not fit in the space left (also a lot "
        "larger than the whole space). 'none': no waiting room, material is refused unless a worker can "
        "start on it at once (a loss system)",
    )
    grades: dict[Id, Grade] = Field(min_length=1, description="the mix of grades and their routes")
    co2_per_kg_reused: Co2PerKg = Field(0.0, description="kg CO2 avoided per kg reused")
    co2_per_kg_recycled: Co2PerKg = Field(0.0, description="kg CO2 avoided per kg recycled")

    @field_validator("grades")
    @classmethod
    def _grades_sum(cls, grades: dict[str, Grade]) -> dict[str, Grade]:
        _shares_sum_to_one({k: g.share for k, g in grades.items()}, N_("grade"))
        return grades


class Route(Strict):
    """A sequence of steps and where the material goes after the last one."""

    steps: list[Id] = Field(default_factory=list, description="step ids in order")
    to: Id | dict[Id, Share] = Field(
        description="a product id, 'recycling', 'waste' or 'leaves'; or shares by mass, e.g. "
        "{parts: 0.1, recycling: 0.7, waste: 0.2} for disassembly"
    )

    @field_validator("to")
    @classmethod
    def _split_sums(cls, to: str | dict[str, float]) -> str | dict[str, float]:
        if isinstance(to, dict):
            _shares_sum_to_one(to, N_("destination"))
        return to


class Success(Strict):
    """A step that can fail (a repair): on failure the material follows another route."""

    probability: Share
    on_failure: Id = Field(description="route id, or 'recycling' or 'waste'")


class Step(Strict):
    """A processing step: sorting, cleaning, safety testing, repair, upcycling, listing ..."""

    name: Label | None = Field(None, description="display name: one text, or one per language such as {nl: Textiel, en: Textile}")
    skill: Id = Field(description="the skill a person needs to do this step")
    work_places: Annotated[int, Field(ge=1)] | Literal["unlimited"] = Field(
        "unlimited", description="benches or stations: how many lots can be worked on at once"
    )
    work_content: dict[Id, DurationDistribution] = Field(
        min_length=1,
        description="work per unit for a trained worker, per stream id (or 'default')",
    )
    success: Success | None = Field(None, description="for a step that can fail (repair): its success chance")
    units_per_product: Annotated[int, Field(ge=1, le=10_000)] = Field(
        1, description="lots consumed to make one product (upcycling, assembly)"
    )
    lists_online: bool = Field(False, description="items that pass this step can be sold online")
    buffer: Annotated[int, Field(ge=1, le=1_000_000)] | Literal["unlimited"] = Field(
        "unlimited",
        description="lots from an earlier step that may wait here; when it is full, a lot finished at the "
        "earlier step keeps its work place there until room comes free (the earlier step blocks)",
    )
    cost_per_work_place: MoneyRate = Field(
        "0 EUR per hour", description="cost of one work place (bench, tools, floor space), e.g. '1500 EUR per year'"
    )


# --- people --------------------------------------------------------------------------------


class TargetGroup(Strict):
    """A target group (doelgroep) with its supervision need and money flows."""

    name: Label | None = Field(None, description="display name: one text, or one per language such as {nl: Textiel, en: Textile}")
    supervision_ratio: Positive | None = Field(
        None, description="participants per present qualified supervisor; empty = no supervision"
    )
    qualification: Id | None = Field(
        None, description="the qualification a supervisor needs for this group (default: the group id)"
    )
    tariff_per_day_part: Money = Field("0 EUR", description="income per day part attended (dagdeeltarief)")
    subsidy: MoneyRate = Field("0 EUR per hour", description="income per filled place, e.g. '2700 EUR per year'")
    fee_per_trajectory: Money = Field("0 EUR", description="income per person who starts")
    benefit_saving_per_job: Money = Field(
        "0 EUR", description="saving on benefits for each person who flows out to a job (one year)"
    )
    deadweight: Share = Field(
        0.0, description="share of jobs found that would have been found anyway (e.g. 0.23 for the bijstand): benefit and care savings count the rest"
    )


class LearningCurve(Strict):
    """Productivity grows linearly from a start factor to full over a period."""

    start_factor: PositiveShare = Field(description="share of full productivity at the start")
    full_after: PositiveDuration


class Trajectory(Strict):
    """A participant's trajectory: its length and where people go when it ends."""

    length: DurationDistribution = Field(description="how long a trajectory lasts, e.g. '1 year'")
    outflow: dict[Literal["job", "education", "other"], Share] = Field(
        description="shares of people going to a job, education or elsewhere"
    )

    @field_validator("outflow")
    @classmethod
    def _outflow_sums(cls, outflow: dict[str, float]) -> dict[str, float]:
        _shares_sum_to_one(outflow, N_("outflow"))
        return outflow


class Schedule(Strict):
    """When people come: days of the week and hours; absent on some days."""

    days: list[Day] = Field(default_factory=lambda: list(WEEKDAYS), description="working days")
    hours: Hours | None = Field(None, description="hours of the day (default: the workshop's)")
    absence: Chance = Field(0.0, description="chance of being absent on a working day")


class Pool(Schedule):
    """People from one target group who share a schedule and skills."""

    name: Label | None = Field(None, description="display name: one text, or one per language such as {nl: Textiel, en: Textile}")
    group: Id = Field(description="the target group id")
    people: Annotated[int, Field(ge=0, le=10_000)] = Field(description="head count (places)")
    productivity: Productivity = Field(1.0, description="relative to a trained worker")
    skills: list[Id] = Field(min_length=1, description="the skills (step skill names) these people may do")
    absent_in_school_holidays: bool = Field(False, description="away during the calendar's school holidays (students)")
    school_days: list[Day] = Field(default_factory=list, description="days spent at school")
    learning_curve: LearningCurve | None = Field(None, description="productivity growing over the first weeks")
    trajectory: Trajectory | None = Field(None, description="empty: people stay the whole horizon")
    vacancy_refill: DurationDistribution = Field("0 h", description="delay before a place is filled again")  # type: ignore[assignment]
    filled_over: Duration | None = Field(
        None, exclude_if=lambda value: value is None,
        description="when the centre opens (experiment.start: opening): the places are filled one by one, evenly "
                    "over this time from the start date (place k of n on day k/n of it), instead of all on the first day",
    )
    wage: MoneyRate = Field("0 EUR per hour", description="cost per hour present, e.g. '32 EUR per hour'")
    allowance: MoneyRate = Field("0 EUR per hour", description="participant allowance per hour present")


class SupervisorTeam(Schedule):
    """Supervisors (begeleiders, job coaches, workplace instructors)."""

    name: Label | None = Field(None, description="display name: one text, or one per language such as {nl: Textiel, en: Textile}")
    people: Annotated[int, Field(ge=0, le=10_000)] = Field(description="head count")
    qualifications: list[Id] = Field(min_length=1, description="target-group qualifications")
    productive_work: bool = Field(False, description="spend capacity not used on supervision on work")
    skills: list[Id] = Field(default_factory=list, description="skills for productive work")
    productivity: Productivity = Field(1.0, description="relative to a trained worker")
    cost: MoneyRate = Field("0 EUR per hour", description="cost per person, e.g. '65000 EUR per year'")


# --- money and experiments -----------------------------------------------------------------


class Economics(Strict):
    """Money that is not tied to one person or product: overhead, disposal, recycling."""

    overhead: MoneyRate = Field("0 EUR per hour", description="rent, energy, management: e.g. '40000 EUR per year'")
    disposal_cost: MoneyPerKg = Field("0 EUR per kg", description="cost of waste, e.g. '0.15 EUR per kg'")
    recycling_revenue: MoneyPerKg = Field("0 EUR per kg", description="income per kg recycled")


SweepValues = list[Any] | str


class Sweep(Strict):
    """A named sweep stored in the file, so a study is reproducible from the file alone."""

    description: Label | None = Field(None, description="what the sweep asks, one text or one per language")
    vary: dict[str, SweepValues] = Field(
        min_length=1,
        description="scenario path -> values: a list, 'a..b' or 'a..b step s'",
    )
    replications: Annotated[int, Field(ge=1, le=10_000)] | None = Field(
        None, description="replications per variant (default: the experiment's)"
    )


SAMPLES_BY_DEFAULT = 1000
"""Samples per series at most when the scenario leaves ``sampling_interval`` unset."""


class Experiment(Strict):
    """How to run the scenario: simulated time, warm-up, replications, seed, named sweeps."""

    horizon: PositiveDuration = Field(description="simulated time, e.g. '1 year'")
    warm_up: Duration = Field("0 h", description="excluded from statistics")
    replications: Annotated[int, Field(ge=1, le=10_000)] = Field(
        10, description="runs with different random numbers (herhalingen)"
    )
    seed: Annotated[int, Field(ge=0, lt=2**63)] = Field(1, description="makes every run repeatable: same seed, same results")
    sampling_interval: PositiveDuration = Field(
        "1 day",
        description="time between samples of the state; unset, 1 day, widened to whole days for runs over "
                    f"{SAMPLES_BY_DEFAULT} days so a series holds at most {SAMPLES_BY_DEFAULT} samples "
                    "(a 16-year run is sampled every 6 days)",
    )
    sweeps: dict[Id, Sweep] = Field(default_factory=dict, description="named sweeps: 'ambacht sweep FILE NAME'")
    start: Literal["opening", "running", "state"] | None = Field(
        None,
        # Left out of the canonical form when unset: a file that does not say keeps its hash.
        exclude_if=lambda value: value is None,
        description="how the run starts: 'opening' (a new centre opens empty on the start date: no warm-up, every "
                    "participant starts a trajectory that day) or 'running' (a warmed-up centre, people part-way "
                    "through their trajectories; the warm-up is left out of the figures) or 'state' (an existing centre as "
                    "'start_state' describes it, no warm-up). Unset: 'opening' for "
                    "businesscase, 'running' otherwise",
    )

    @model_validator(mode="after")
    def _warm_up_fits(self) -> Experiment:
        if self.start in ("opening", "state") and self.warm_up > 0:
            raise user_error("start_warm_up", "a run that starts from its opening or a stated state has no "
                             "warm-up: leave out warm_up (got {warm_up} h) or start: running", warm_up=self.warm_up)
        if self.warm_up >= self.horizon:
            raise user_error("warm_up", "warm_up ({warm_up} h) must be shorter than the horizon ({horizon} h)", warm_up=self.warm_up, horizon=self.horizon)
        if "sampling_interval" not in self.model_fields_set:
            # Memory flat in the horizon: a long run keeps as many samples as a run of
            # SAMPLES_BY_DEFAULT days (the canonical form shows the interval used).
            days = math.ceil(self.horizon / 24.0 / SAMPLES_BY_DEFAULT)
            if days > 1:
                object.__setattr__(self, "sampling_interval", 24.0 * days)
        if self.horizon / self.sampling_interval > 200_000:
            raise user_error("sampling", "sampling_interval is too short for this horizon (more than 200000 samples)")
        return self


class Scenario(Strict):
    """A circular craft centre: materials, people, steps, market, money, and how to run it."""

    name: str = Field(min_length=1, description="the scenario's name, shown on every chart")
    question: Label | None = Field(None, description="the question this scenario answers")
    objective: str | None = Field(
        None,
        description="the metric the question is about, e.g. 'contracts.<id>.on_time_share': 'ambacht levers' "
        "measures what each lever buys in it (empty: economics.net_result)",
    )
    language: Language = Field("en", description="default language of charts and reports")
    sources: list[str] = Field(default_factory=list, description="where the numbers come from")
    calibrated: dict[str, str] = Field(
        default_factory=dict,
        description="parameters tuned to make a figure come out, not taken from a source: their path "
                    "(e.g. 'market.shop.demand') and what they were tuned to; the report lists them",
    )
    calendar: Calendar = Field(description="start date, opening hours, holidays (kalender)")
    materials: dict[Id, Stream] = Field(min_length=1, description="material streams coming in, by your own id (materialen)")
    routes: dict[Id, Route] = Field(min_length=1, description="the steps each grade goes through and where it ends (routes)")
    steps: dict[Id, Step] = Field(default_factory=dict, description="processing steps, by your own id (stappen)")
    target_groups: dict[Id, TargetGroup] = Field(
        default_factory=dict, description="target groups and their supervision need (doelgroepen)"
    )
    workforce: dict[Id, Pool] = Field(default_factory=dict, description="pools of participants and staff (deelnemers, personeel)")
    supervisors: dict[Id, SupervisorTeam] = Field(default_factory=dict, description="supervisor teams (begeleiders)")
    products: dict[Id, Product] = Field(default_factory=dict, description="what is sold, by your own id (producten)")
    market: Market = Field(default_factory=Market,  # type: ignore[arg-type]  # all fields default
                           description="shop, online sales and contracts (afzetmarkt)")
    economics: Economics = Field(default_factory=Economics,  # type: ignore[arg-type]
                                 description="overhead, disposal and recycling money (economie)")
    experiment: Experiment = Field(description="horizon, warm-up, replications, seed and sweeps")
    business_case: BusinessCase | None = Field(
        None, description="several years with phases, investments, grants and who pays and gains (businesscase)"
    )
    start_state: StartState | None = Field(
        None, exclude_if=lambda value: value is None,
        description="an existing centre's people, stock and waiting work on the start date (experiment.start: state)",
    )

    @field_validator("objective")
    @classmethod
    def _metric_name(cls, objective: str | None) -> str | None:
        if objective is not None and not _METRIC_NAME.match(objective):
            raise user_error("objective_name", "{got} is not a metric name such as "
                             "contracts.<id>.on_time_share or economics.net_result", got=objective)
        return objective
