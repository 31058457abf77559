"""An existing centre's state at the start of a run (``start_state``, with ``experiment.start: state``).

Who is in which pool and how long they have been in their trajectory, what stands in stock and
how old it is, and how many units of each stream wait at each step. Written in the scenario by
hand from the centre's own records, or taken from the end of another run
(:func:`sim.start_state.end_state`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from sim.scenario.base import Duration, Id, Strict

Units = Annotated[float, Field(ge=0, le=1e7)]


class StockBatch(Strict):
    """Units of a product in stock that have stood there for ``age``."""

    units: Units = Field(description="units in stock (kg for a product sold by the kg)")
    age: Duration = Field("0 h", description="how long they have been in stock, e.g. '3 weeks'")


class OpenOrder(Strict):
    """A partner's open order of which part is already set aside."""

    age: Duration = Field(description="how long ago it was placed, e.g. '3 days'")
    still_needs: dict[Id, Units] = Field(
        description="per product of the order: the units still to set aside (products not listed: all of them)")


class StartState(Strict):
    """A centre as it stands on the start date: people, stock and work waiting."""

    participants: dict[Id, list[Duration]] = Field(
        default_factory=dict,
        description="per pool, for each person in a place: how long they have been in their trajectory, e.g. "
                    "[2 months, 7 months]; places not listed are vacant and being refilled (a pool not listed: "
                    "every place taken, part-way through as in a running start)",
    )
    stock: dict[Id, list[StockBatch]] = Field(
        default_factory=dict, description="per product: batches in stock with their age, e.g. [{units: 12, age: 3 weeks}]")
    orders: dict[Id, list[Duration | OpenOrder]] = Field(
        default_factory=dict,
        description="per contract: how long ago each open order was placed, e.g. [3 days, 2 weeks] (nothing set "
                    "aside for it yet), or {age: 2 weeks, still_needs: {koelkast: 1}} for an order partly set aside; "
                    "they take stock before new orders",
    )
    waiting: dict[Id, dict[Id, Units]] = Field(
        default_factory=dict,
        description="per step: units of each stream waiting in its queue, e.g. sorteren: {textiel: 30}; at a "
                    "stream's first step they are in its storage",
    )
