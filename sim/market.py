"""The market: stock of finished goods, the shop, the webshop and business contracts.

Priority between channels is the scenario's choice. A channel ranked higher holds back what it
needs: open contract orders reserve stock against the shop and the webshop; a webshop ranked
above the shop keeps listed items for itself. When the shop ranks above contracts, partners get
what is left at the end of each day, unless a contract holds its open orders.

Stock for partners: a contract's ``reserve`` keeps units back from the shop and the webshop
between orders, so the next order finds them; ``hold_open_orders`` holds back what its open
orders need whatever the priority, and serves them as stock comes in.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sim import kernel
from sim.integral import Level
from sim.random import Sampler, Uniforms
from sim.scenario.model import Contract as ContractSpec
from sim.scenario.model import Product as ProductSpec
from sim.steps import Lot
from sim.stock import Batches
from sim.timeline import with_rates

if TYPE_CHECKING:
    from sim.model import Centre

EPSILON = 1e-9


class Product:
    """Stock of one product, oldest first, split into listed (online) and unlisted units."""

    def __init__(self, index: int, product_id: str, spec: ProductSpec) -> None:
        self.index = index
        self.id = product_id
        self.spec = spec
        self.by_kg = spec.unit == "kg"
        self.price = spec.price
        # Units this old or older sell at the markdown factor (never: infinitely old).
        self.markdown_after = spec.markdown_after if spec.markdown_after is not None else math.inf
        self.markdown_factor = spec.markdown_factor
        self.listed = Batches()
        self.unlisted = Batches()
        self.level = Level()  # units in stock
        self.listed_quantity = 0.0
        self.reserved = 0.0  # open contract quantity that reserves stock
        self.held = 0.0  # open quantity of contracts that hold their open orders
        self.kept = 0.0  # stock kept back for partners' next orders (sum of their reserve)
        self.produced = 0.0
        self.sold: dict[str, float] = {"shop": 0.0, "online": 0.0, "contracts": 0.0}
        self.demanded: dict[str, float] = {"shop": 0.0, "online": 0.0}
        self.revenue: dict[str, float] = {"shop": 0.0, "online": 0.0, "contracts": 0.0}
        self.disposed = 0.0
        self.markdowns = 0.0
        self.age_sum = 0.0  # age of units when sold, for the mean time in stock


class Order:
    """A partner's order: per line (one product, or each item of a package) the units still to set aside."""

    __slots__ = ("placed", "remaining", "ready", "left", "cancelled")

    def __init__(self, placed: float, quantities: list[float]) -> None:
        self.placed = placed
        self.remaining = list(quantities)
        self.ready = [math.nan] * len(quantities)  # when each line was complete
        self.left = len(quantities)  # lines not yet complete
        self.cancelled = False


class Contract:
    def __init__(self, contract_id: str, spec: ContractSpec, lines: list[tuple[Product, float]], gaps: Uniforms,
                 workdays: Sequence[int] | None = None) -> None:
        self.id = contract_id
        self.spec = spec
        self.lines = lines  # (product, units per order), in the file's order
        self.gaps = gaps
        # Day indices the workshop is open: a promise in working days follows them.
        self.workdays = workdays if spec.promised_working_days is not None else None
        self.prices: list[float] = []
        self.reprice(spec)
        self.partial = spec.partial_deliveries
        self.open: deque[Order] = deque()
        # Per line, the open orders that still wait for it, oldest first.
        self.waiting: list[deque[Order]] = [deque() for _ in lines]
        self.backlog = Level()  # open orders
        self.completed: list[tuple[float, float]] = []  # (placed, lead time)
        self.lines_ready: list[list[tuple[float, float]]] = [[] for _ in lines]  # per line (placed, time to ready)
        self.cancelled: list[Order] = []
        self.revenue = 0.0  # what the partner paid for what was set aside for its orders (EUR)
        self.shipped: list[float] = []  # when the order of each delivery was placed: one per order, or per line when partial
        # When the partner orders, in hours since the run's start: from the contract's first day
        # (negative: it was already running) until the end of its last.
        self.active = (0.0, math.inf)

    def reprice(self, spec: ContractSpec) -> None:
        """The price per unit of each line: the contract's own, else its product's (as it stands now)."""
        self.prices = [spec.price if spec.price is not None else product.price for product, _ in self.lines]

    def due(self, placed: float) -> float:
        """When an order placed at ``placed`` must be delivered complete (hours)."""
        if self.workdays is None or placed < 0:
            # No calendar (or an order placed before the run's calendar begins): the promise's equivalent.
            return placed + self.spec.promised_lead_time
        # The N-th working day after the order day, until its end.
        first = bisect_right(self.workdays, int(placed // 24))
        last = first + int(self.spec.promised_working_days or 0) - 1
        if last >= len(self.workdays):
            return placed + self.spec.promised_lead_time  # past the calendar: its equivalent
        return (self.workdays[last] + 1) * 24.0


class Market:
    def __init__(self, centre: Centre, products: list[Product], contracts: list[Contract]) -> None:
        self.centre = centre
        self.env = centre.env
        self.products = products
        self.contracts = contracts
        # Per product, the contracts (and their line) that order it, in the file's order: the
        # first contract listed gets scarce stock first.
        self.by_product: list[list[tuple[Contract, int]]] = [[] for _ in products]
        for contract in contracts:
            for line, (product, _) in enumerate(contract.lines):
                self.by_product[product.index].append((contract, line))
        priority = centre.scenario.market.priority
        rank = {c: priority.index(c) if c in priority else len(priority) for c in ("contracts", "shop", "online")}
        self.contracts_first = rank["contracts"] < rank["shop"]
        self.contracts_before_online = rank["contracts"] < rank["online"]
        self.online_before_shop = rank["online"] < rank["shop"]
        # Products whose open orders are served as soon as stock comes in.
        self.serve_at_once = [bool(cs) and (self.contracts_first or any(c.spec.hold_open_orders for c, _ in cs))
                              for cs in self.by_product]
        for product, cs in zip(products, self.by_product, strict=True):
            product.kept = sum(c.spec.kept_back()[product.id] for c, _ in cs)
        self.co2_per_kg_reused = [stream.spec.co2_per_kg_reused for stream in centre.streams]
        self.sold_kg = 0.0
        self.disposed_recycled_kg = 0.0
        self.disposed_wasted_kg = 0.0
        self.co2_avoided = 0.0

    # --- stock ---------------------------------------------------------------------------

    def add_stock(self, index: int, lot: Lot, share: float, now: float) -> None:
        product = self.products[index]
        kg = lot.kg * share
        quantity = kg if product.by_kg else lot.units * share
        if quantity <= 0:
            return
        if lot.listed:
            product.listed.append(quantity, kg / quantity, now, lot.stream)
            product.listed_quantity += quantity
        else:
            product.unlisted.append(quantity, kg / quantity, now, lot.stream)
        product.level.add(quantity, now)
        product.produced += quantity
        if self.serve_at_once[index]:
            self.serve_contracts(product)

    def stock_kg(self) -> float:
        return sum(kg for p in self.products for q in (p.listed, p.unlisted) for kg in q.kg())

    def available(self, product: Product, channel: str) -> float:
        total = product.level.value
        if channel == "online":
            total = product.listed_quantity
            if self.contracts_before_online:
                total = min(total, product.level.value - product.reserved)
        elif channel == "shop":
            if self.contracts_first:
                total -= product.reserved
            if self.online_before_shop:
                total = min(total, product.level.value - product.listed_quantity)
        if product.kept or product.held:
            # Stock for partners: what their open orders hold and the reserve for the next order.
            partners = product.kept + (product.reserved if self._ranks_contracts_first(channel) else product.held)
            total = min(total, product.level.value - partners)
        return max(0.0, total)

    def _ranks_contracts_first(self, channel: str) -> bool:
        return self.contracts_before_online if channel == "online" else self.contracts_first

    def take(self, product: Product, quantity: float, channel: str, price: float) -> float:
        """Take ``quantity`` from stock, oldest first; returns the revenue."""
        now = self.env._now
        listed, unlisted = product.listed, product.unlisted
        if channel == "online":
            sources: tuple[Batches, ...] = (listed,)
        elif (listed.head < len(listed.since) and unlisted.head < len(unlisted.since)
              and listed.since[listed.head] < unlisted.since[unlisted.head]):  # both in stock: oldest first
            sources = (listed, unlisted)
        else:
            sources = (unlisted, listed)
        revenue = 0.0
        left = quantity
        markdown_after = product.markdown_after
        co2 = self.co2_per_kg_reused
        for queue in sources:
            quantities = queue.quantity
            since = queue.since  # popleft() compacts the arrays in place: these stay valid
            while left > EPSILON and queue.head < len(since):  # not len(queue): no Python call
                head = queue.head
                rest = quantities[head]
                n = left if left < rest else rest
                rest -= n
                quantities[head] = rest
                left -= n
                if queue is listed:
                    product.listed_quantity -= n
                age = now - since[head]
                factor = product.markdown_factor if age >= markdown_after else 1.0
                if factor < 1.0:
                    product.markdowns += n
                revenue += n * price * factor
                product.age_sum += n * age
                kg = n * queue.kg_per_unit[head]
                self.sold_kg += kg
                self.co2_avoided += kg * co2[queue.stream[head]]
                if rest <= EPSILON:
                    queue.popleft()
        taken = quantity - left
        product.level.add(-taken, now)
        product.sold[channel] += taken
        product.revenue[channel] += revenue
        return revenue

    # --- contracts -------------------------------------------------------------------------

    def serve_contracts(self, product: Product) -> None:
        """Allocate stock to open orders, oldest first, contract by contract in the file's order;
        an order is delivered when every line is complete."""
        for contract, line in self.by_product[product.index]:
            waiting = contract.waiting[line]
            hold = contract.spec.hold_open_orders
            while waiting and product.level.value > EPSILON:
                order = waiting[0]
                if order.cancelled:
                    waiting.popleft()
                    continue
                n = min(order.remaining[line], product.level.value)
                contract.revenue += self.take(product, n, "contracts", contract.prices[line])
                order.remaining[line] -= n
                product.reserved -= n
                if hold:
                    product.held -= n
                if order.remaining[line] > EPSILON:
                    break
                waiting.popleft()
                self._line_ready(contract, order, line)

    def _line_ready(self, contract: Contract, order: Order, line: int) -> None:
        now = self.env.now
        order.ready[line] = now
        order.left -= 1
        contract.lines_ready[line].append((order.placed, now - order.placed))
        if contract.partial:
            contract.shipped.append(order.placed)
        if order.left:
            return
        # Orders complete oldest first (every line is served oldest first), but a cancelled
        # order may have left the queue before.
        if contract.open[0] is order:
            contract.open.popleft()
        else:
            contract.open.remove(order)
        contract.backlog.add(-1, now)
        contract.completed.append((order.placed, now - order.placed))
        if not contract.partial:
            contract.shipped.append(order.placed)

    def place_order(self, contract: Contract, placed: float | None = None, needs: list[float] | None = None) -> None:
        """A partner's order, placed now (or at ``placed`` before the start: an order that an
        existing centre has open when its run starts, with per line the units it still ``needs``)."""
        now = self.env.now
        order = Order(now if placed is None else placed,
                      [quantity for _, quantity in contract.lines] if needs is None else needs)
        contract.open.append(order)
        contract.backlog.add(1, now)
        hold = contract.spec.hold_open_orders
        for line, (product, _) in enumerate(contract.lines):
            need = order.remaining[line]
            if need <= EPSILON:  # set aside before the start
                self._line_ready(contract, order, line)
                continue
            contract.waiting[line].append(order)
            product.reserved += need
            if hold:
                product.held += need
        for product, _ in contract.lines:
            if self.serve_at_once[product.index]:
                self.serve_contracts(product)
        cancel_after = contract.spec.cancel_after
        if cancel_after is not None and order.left:
            delay = max(0.0, contract.due(order.placed) + cancel_after - now)
            kernel.timer(self.env, delay, lambda _e: self._cancel(contract, order))

    def _cancel(self, contract: Contract, order: Order) -> None:
        """The partner cancels an order that is not complete: what was set aside for it stays
        delivered, what it still wanted no longer holds stock back."""
        if not order.left:
            return
        order.cancelled = True
        hold = contract.spec.hold_open_orders
        set_aside = False  # units set aside for it that have not gone out yet
        for line, (product, quantity) in enumerate(contract.lines):
            if not math.isnan(order.ready[line]):
                set_aside = set_aside or not contract.partial
                continue
            rest = order.remaining[line]
            set_aside = set_aside or rest < quantity - EPSILON
            product.reserved -= rest
            if hold:
                product.held -= rest
            order.remaining[line] = 0.0
        contract.open.remove(order)
        now = self.env.now
        contract.backlog.add(-1, now)
        contract.cancelled.append(order)
        if set_aside:
            contract.shipped.append(order.placed)  # what was set aside goes out with the cancellation


def contract_orders(centre: Centre, contract: Contract):  # type: ignore[no-untyped-def]
    """Process: a partner's orders, on a schedule or at random."""
    env = centre.env
    spec = contract.spec
    begin, end = contract.active
    if spec.pattern == "schedule":
        t = begin + spec.first_order
        if t < 0:  # a contract already running: its schedule goes on from the start
            t += math.ceil(-t / spec.interval) * spec.interval
    else:
        t = max(begin, 0.0) + contract.gaps.exponential(spec.interval)
    end = min(end, centre.horizon)
    while t < end:
        yield env.timeout(t - env.now)
        centre.market.place_order(contract)
        t += spec.interval if spec.pattern == "schedule" else contract.gaps.exponential(spec.interval)


class Customers:
    """Customers (shop) or orders (online) arriving at ``rate`` while open.

    Each customer's choices are drawn from the product's own streams in arrival order, as they
    come; a customer who wants nothing changes nothing, so only customers who want something get
    an event (at the time they arrive, exactly as the arrival process would have had it).
    """

    __slots__ = ("centre", "env", "market", "channel", "price_factor", "plan", "wants", "tick")

    def __init__(self, centre: Centre, channel: str, rates: list[tuple[float, float]],
                 demand: list[tuple[Product, float, Sampler, Uniforms]], gaps: Uniforms, periods: Any,
                 price_factor: float = 1.0) -> None:
        self.centre = centre
        self.env = centre.env
        self.market = centre.market
        self.channel = channel
        self.price_factor = price_factor
        self.plan = _buyers(with_rates(periods, rates), demand, gaps, centre.horizon)
        self.wants: list[tuple[Product, float]] = []
        self.tick = kernel.Tick(self.env, self._arrive)
        if any(rate > 0 for _, rate in rates):
            kernel.start(self.env, self._next)

    def _next(self, _event: Any) -> None:
        following = next(self.plan, None)
        if following is not None:
            when, self.wants = following
            self.tick.at(when)

    def _arrive(self, event: Any) -> None:
        market = self.market
        channel = self.channel
        for product, wanted in self.wants:
            product.demanded[channel] += wanted
            n = min(wanted, market.available(product, channel))
            if n > EPSILON:
                market.take(product, n, channel, product.price * self.price_factor)
        self._next(event)


CUSTOMERS_AT_ONCE = 1024
"""Customers made at a time within an opening period (memory flat in the horizon)."""


def _buyers(periods: Iterator[tuple[float, float, float]], demand: list[tuple[Product, float, Sampler, Uniforms]],
            gaps: Uniforms, horizon: float) -> Iterator[tuple[float, list[tuple[Product, float]]]]:
    """The customers who want something: (arrival time, [(product, quantity wanted)]), over the
    open periods with their rates (start, end, customers per hour).

    Made an opening period (at most CUSTOMERS_AT_ONCE) at a time: first the arrival times, then product by
    product who wants it and how much. Each product draws from its own streams in the customers'
    order, so the draws are those of taking the customers one by one. A change of the rate cuts a
    period: the customers before it are those of the run without the change.
    """
    now = 0.0  # the clock as a process that waits for every customer would read it
    exponential = gaps.exponential
    for start, end, rate in periods:
        if rate <= 0:
            continue
        mean_gap = 1.0 / rate
        t = max(start, now)
        ended = False
        while not ended:
            # At most CUSTOMERS_AT_ONCE at a time: a period can be long (a webshop open day and
            # night is one period for the whole run), and memory must not grow with the horizon.
            # Every stream is still read in the customers' order, so the draws are the same.
            times: list[float] = []
            while len(times) < CUSTOMERS_AT_ONCE:
                t += exponential(mean_gap)
                if t >= end or t >= horizon:
                    ended = True
                    break
                now += t - now
                times.append(now)
            if times:
                yield from _wishes(times, demand)


def _wishes(times: list[float], demand: list[tuple[Product, float, Sampler, Uniforms]]
            ) -> Iterator[tuple[float, list[tuple[Product, float]]]]:
    """Product by product, who of the customers arriving at ``times`` wants it and how much."""
    wants: list[list[tuple[Product, float]]] = [[] for _ in times]
    for product, probability, quantity, chances in demand:
        who: Iterable[int] = range(len(times))
        if probability < 1.0:
            who = [i for i, u in enumerate(chances.take(len(times))) if u < probability]
        fixed = quantity.fixed
        if fixed is not None:
            always = (product, max(1.0, float(round(fixed))))
            for i in who:
                wants[i].append(always)
        else:
            for i in who:
                wants[i].append((product, max(1.0, float(round(quantity())))))
    for when, wish in zip(times, wants, strict=True):
        if wish:
            yield when, wish


def housekeeping(centre: Centre):  # type: ignore[no-untyped-def]
    """Process, once a day at midnight: dispose of stock past its age; late partners' share."""
    env = centre.env
    market = centre.market
    day = 24.0
    while env.now + day < centre.horizon:
        yield env.timeout(day)
        now = env.now
        for product in market.products:
            spec = product.spec
            if spec.dispose_after is not None:
                for queue in (product.listed, product.unlisted):
                    while queue and now - queue.since[queue.head] >= spec.dispose_after:
                        quantity, kg_per_unit, stream = queue.popleft()
                        _dispose(centre, product, quantity, kg_per_unit, stream, queue is product.listed)
            if not market.serve_at_once[product.index] and market.by_product[product.index]:
                market.serve_contracts(product)


def _dispose(centre: Centre, product: Product, quantity: float, kg_per_unit: float, stream: int,
             listed: bool) -> None:
    market = centre.market
    kg = quantity * kg_per_unit
    product.level.add(-quantity, centre.env.now)
    product.disposed += quantity
    if listed:
        product.listed_quantity -= quantity
    if product.spec.dispose_to == "recycling":
        market.disposed_recycled_kg += kg
        centre.streams[stream].recycled_kg += kg
    else:
        market.disposed_wasted_kg += kg

