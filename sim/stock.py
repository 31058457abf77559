"""A product's stock as batches, oldest first, in flat arrays.

A batch is what entered stock together: a quantity, its kg per unit, when it came in and the
material stream it came from. Slow sellers pile up thousands of batches over a long run, so they
are kept as four arrays (32 bytes a batch) rather than an object each (about 150 bytes with its
floats). The oldest batch is at ``head``; taking from it changes ``quantity[head]`` in place, and
the arrays drop the batches before ``head`` once they are half of them.
"""

from __future__ import annotations

from array import array

_COMPACT_FROM = 256
"""Batches taken before the arrays are compacted (and only when half of them are taken)."""


class Batches:
    """Batches of one product (listed or unlisted), oldest first."""

    __slots__ = ("quantity", "kg_per_unit", "since", "stream", "head")

    def __init__(self) -> None:
        self.quantity = array("d")
        self.kg_per_unit = array("d")
        self.since = array("d")
        self.stream = array("l")
        self.head = 0  # the oldest batch still in stock

    def __len__(self) -> int:
        return len(self.since) - self.head

    def append(self, quantity: float, kg_per_unit: float, since: float, stream: int) -> None:
        self.quantity.append(quantity)
        self.kg_per_unit.append(kg_per_unit)
        self.since.append(since)
        self.stream.append(stream)

    def popleft(self) -> tuple[float, float, int]:
        """Remove the oldest batch; returns its quantity, kg per unit and stream."""
        head = self.head
        taken = (self.quantity[head], self.kg_per_unit[head], self.stream[head])
        head += 1
        if head >= _COMPACT_FROM and 2 * head >= len(self.since):
            for column in (self.quantity, self.kg_per_unit, self.since, self.stream):
                del column[:head]
            head = 0
        self.head = head
        return taken

    def kg(self) -> list[float]:
        """Kg of each batch in stock, oldest first."""
        head = self.head
        return [q * k for q, k in zip(self.quantity[head:], self.kg_per_unit[head:], strict=True)]
