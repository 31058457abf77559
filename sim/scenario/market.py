"""The market of a scenario: products, the shop, the webshop and business contracts (afzetmarkt)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from sim.scenario.base import (
    Duration,
    Id,
    Label,
    LeadTime,
    Money,
    PositiveDuration,
    PositiveShare,
    PriceFactor,
    Rate,
    Reserve,
    Share,
    Strict,
    user_error,
)
from sim.scenario.distributions import CountDistribution, Positive

_WORKING_DAYS = re.compile(r"^\s*(\d+)\s*(?:working\s+days?|work\s*days?|werkdagen|werkdag)\s*$", re.IGNORECASE)


class Product(Strict):
    """Finished goods in stock, sold in the shop, online or to a partner."""

    name: Label | None = Field(None, description="display name: one text, or one per language such as {nl: Textiel, en: Textile}")
    unit: Literal["item", "kg"] = Field("item", description="what one unit of stock is: an item, or a kg of bulk goods")
    price: Money = Field("0 EUR", description="price per unit (per kg for unit kg)")
    markdown_after: PositiveDuration | None = Field(None, description="age at which the price drops")
    markdown_factor: PositiveShare = Field(0.5, description="price after markdown, as a share of the price")
    dispose_after: PositiveDuration | None = Field(None, description="age at which unsold stock goes")
    dispose_to: Literal["recycling", "waste"] = Field("recycling", description="where disposed stock goes")


class Demand(Strict):
    """What one customer or order asks of a product."""

    probability: Share = Field(1.0, description="chance that a customer wants this product")
    quantity: CountDistribution = Field(1.0, description="units wanted")  # type: ignore[assignment]


class Shop(Strict):
    """The shop: customers arrive while it is open."""

    customers: Rate = Field(description="customers on average, e.g. '1200 per week'")
    demand: dict[Id, Demand] = Field(min_length=1, description="per product id")


class Online(Strict):
    """The webshop: sells only items that passed a listing step."""

    orders: Rate = Field(description="online orders on average, e.g. '20 per week'")
    demand: dict[Id, Demand] = Field(min_length=1, description="per product id")
    price_factor: PriceFactor = Field(1.0, description="online price as a share of the shop price")


class Contract(Strict):
    """A business partner's orders with a promised lead time.

    Stock for partners. Stock is always served to open orders, oldest first. Whether the shop
    and the webshop may sell stock that an open order still needs follows `market.priority`:
    with contracts ranked above a channel, that channel never sells what open orders need; with
    the shop ranked above contracts, the shop sells first and partners get what is left at the
    end of each day, unless `hold_open_orders` is on. Between orders nothing is kept back unless
    `reserve` says so: the shop and the webshop then never take the product's stock below the
    sum of `reserve` of its contracts (plus what open orders need), so the next order finds it
    waiting. An order takes from all stock, the reserve included.

    Packages. Instead of one `product` and `quantity`, `items` orders several products at once
    (a bed, a table, four chairs and a fridge per order). A package is on time only when every
    item is ready within the promise. `partial_deliveries` says whether an item that is complete
    goes out at once (each such delivery counted) or the package waits until every item is there.
    `reserve` then counts packages: a reserve of 2 keeps back every item of two packages.

    Between partners, scarce stock goes to the contracts in the order the file lists them: every
    open order of the first contract that wants the product before the oldest of the next.

    Cancellation. With `cancel_after`, the partner cancels an order that is still not complete
    this long after its promised delivery: what was already set aside for it is delivered and
    paid, the rest is no longer wanted. A cancelled order counts as late.
    """

    partner: str = Field(description="the business partner's name, e.g. 'Atelier Naald & Draad'")
    product: Id | None = Field(None, exclude_if=lambda value: value is None,
                               description="the product id ordered (a key under products); or `items`")
    quantity: Positive | None = Field(None, exclude_if=lambda value: value is None,  # type: ignore[assignment]
                                      description="units (kg for a product in kg) per order")
    items: dict[Id, Positive] | None = Field(  # type: ignore[valid-type]
        None, exclude_if=lambda value: value is None,
        description="a package of several products per order, units per product id, e.g. {bed: 1, stoel: 4, "
        "koelkast: 1}; instead of product and quantity",
    )
    partial_deliveries: bool = Field(
        False, exclude_if=lambda value: value is False,
        description="for a package: an item that is complete goes out at once (each delivery counted); "
        "false: the package waits until every item is there",
    )
    starts: dt.date | None = Field(
        None, alias="from", exclude_if=lambda value: value is None,
        description="the first day of the contract, e.g. 2027-03-01: orders from then on (first_order counts from "
        "it); before calendar.start_date: a contract that is already running",
    )
    until: dt.date | None = Field(
        None, exclude_if=lambda value: value is None,
        description="the last day the partner orders, e.g. 2028-12-31; open orders are still delivered",
    )
    cancel_after: PositiveDuration | None = Field(
        None, exclude_if=lambda value: value is None,
        description="the partner cancels an order still not complete this long after its promised delivery; "
        "what was set aside for it is delivered, the rest is dropped",
    )
    interval: PositiveDuration = Field(description="time between orders, e.g. '4 weeks'")
    pattern: Literal["schedule", "random"] = Field("schedule", description="fixed schedule or random (Poisson)")
    first_order: Duration = Field("0 h", description="time of the first scheduled order")
    promised_lead_time: LeadTime = Field(
        description="from order to complete delivery: a duration ('2 weeks') or working days "
        "('10 working days', '10 werkdagen': days the workshop is open, counted from the day after the order)"
    )
    promised_working_days: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        None, description="set by 'N working days' above; the promise then follows the calendar"
    )
    target_on_time_share: Share = Field(0.95, description="share of orders that should be on time")
    price: Money | None = Field(None, description="per unit; default the product price")
    reserve: Reserve | dict[Id, Reserve] = Field(  # type: ignore[valid-type]
        0.0, description="units (kg for a product in kg) of the product kept back from the shop and the "
        "webshop for this partner's next order; for a package the number of packages whose items are "
        "kept back, or units per item ({koelkast: 2}); 0 keeps nothing back between orders"
    )
    hold_open_orders: bool = Field(
        False, description="hold back from the shop and the webshop what open orders still need, "
        "also when they rank above contracts in market.priority; open orders are then served as stock comes in"
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Contract:
        if self.starts is not None and self.until is not None and self.until < self.starts:
            raise user_error("contract_dates", "the contract ends ({until}) before it starts ({starts})",
                             until=self.until.isoformat(), starts=self.starts.isoformat())
        return self

    @model_validator(mode="after")
    def _one_product_or_a_package(self) -> Contract:
        if self.items is not None:
            if self.product is not None or self.quantity is not None:
                raise user_error("contract_items_and_product",
                                 "give either items (a package) or product and quantity, not both")
            if self.price is not None:
                raise user_error("contract_package_price",
                                 "a package's items sell at their products' prices; leave out price")
            if not self.items:
                raise user_error("contract_no_items", "a package needs at least one item")
            if isinstance(self.reserve, dict) and (unknown := sorted(set(self.reserve) - set(self.items))):
                raise user_error("reserve_not_an_item", "reserve names {got}, which the package does not order; "
                                 "its items: {items}", got=", ".join(unknown), items=", ".join(self.items))
        elif isinstance(self.reserve, dict):
            raise user_error("reserve_per_item", "a reserve per item is for a package (items); "
                             "for one product give the units as a number")
        elif self.product is None or self.quantity is None:
            raise user_error("contract_product_missing",
                             "give product and quantity (one product per order) or items (a package)")
        return self

    def lines(self) -> dict[str, float]:
        """What one order asks for: units per product id (one product, or a package's items)."""
        if self.items is not None:
            return dict(self.items)
        assert self.product is not None and self.quantity is not None  # checked at load
        return {self.product: self.quantity}

    @property
    def is_package(self) -> bool:
        return self.items is not None

    def kept_back(self) -> dict[str, float]:
        """Units per product id kept back from the shop and the webshop between orders."""
        reserve = self.reserve
        if self.items is not None:
            if isinstance(reserve, dict):
                return {pid: float(reserve.get(pid, 0.0)) for pid in self.items}
            return {pid: reserve * q for pid, q in self.items.items()}
        assert not isinstance(reserve, dict)  # checked at load
        return {self.product: reserve} if self.product is not None else {}

    @model_validator(mode="before")
    @classmethod
    def _working_days(cls, data: Any) -> Any:
        # '10 working days' is a promise in the centre's calendar; its duration field holds the
        # calendar equivalent (N x 7/5 days) for charts and summaries.
        if isinstance(data, dict):
            text = data.get("promised_lead_time")
            match = _WORKING_DAYS.match(text) if isinstance(text, str) else None
            if match:
                days = int(match[1])
                data = {**data, "promised_working_days": days, "promised_lead_time": f"{days * 24 * 7 / 5:g} h"}
            elif data.get("promised_working_days") is not None and "promised_lead_time" not in data:
                days = data["promised_working_days"]
                if isinstance(days, int) and not isinstance(days, bool):
                    data = {**data, "promised_lead_time": f"{days * 24 * 7 / 5:g} h"}
        return data


Channel = Literal["contracts", "shop", "online"]
DEFAULT_PRIORITY: list[Channel] = ["contracts", "shop", "online"]


class Market(Strict):
    """Where the products go: the shop, online sales and business contracts (afzetmarkt)."""

    priority: list[Channel] = Field(
        default_factory=lambda: list(DEFAULT_PRIORITY),
        description="which channel gets scarce stock first",
    )
    shop: Shop | None = Field(None, description="the shop (winkel) and its customers")
    online: Online | None = Field(None, description="the webshop")
    contracts: dict[Id, Contract] = Field(default_factory=dict, description="business contracts, by your own id")

    @field_validator("priority")
    @classmethod
    def _permutation(cls, priority: list[str]) -> list[str]:
        if len(set(priority)) != len(priority):
            raise user_error("priority_repeat", "each channel may appear once: {got}", got=", ".join(priority))
        return priority
