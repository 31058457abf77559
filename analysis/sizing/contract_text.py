"""A business contract in the user's own words: "gemeente: 20 fietsen per maand, binnen 3 weken".

Dutch and English both read: "municipality: 20 bikes per month, within 3 weeks",
"atelier: 200 kg textiel elke 4 weken, binnen 10 werkdagen", "shop: 5 furniture every 2 weeks
within 10 working days". The product is a word the preset catalogue knows for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sim import text as text_
from sim.text import N_

PERIODS = {
    "dag": "day", "dagen": "day", "day": "day", "days": "day",
    "week": "week", "weken": "week", "weeks": "week",
    "maand": "month", "maanden": "month", "month": "month", "months": "month",
    "jaar": "year", "jaren": "year", "year": "year", "years": "year",
}
WEEKS = {"day": 1 / 7, "week": 1.0, "month": 365 / 12 / 7, "year": 365 / 7}
"""Weeks in a period, as the simulator counts them (a year is 365 days, a month a twelfth)."""
LEAD_UNITS = {
    "dag": "days", "dagen": "days", "day": "days", "days": "days",
    "week": "weeks", "weken": "weeks", "weeks": "weeks",
    "werkdag": "working days", "werkdagen": "working days",
    "working day": "working days", "working days": "working days", "workday": "working days", "workdays": "working days",
}
_NUMBER = r"\d+(?:[.,]\d+)?"
_PATTERN = re.compile(
    r"^\s*(?:(?P<partner>[^:]+?)\s*:\s*)?"
    rf"(?P<quantity>{_NUMBER})\s*(?P<kg>kg\s+)?(?P<product>[^\W\d][\w-]*)\s+"
    rf"(?:per|elke|iedere|every|each|a|an)\s+(?:(?P<every>{_NUMBER})\s+)?(?P<period>[a-z]+)\s*,?\s*"
    rf"(?:binnen|within|in)\s+(?P<lead_count>{_NUMBER})\s+(?P<lead>working\s+days?|workdays?|werkdagen|werkdag|dagen|dag|days?|weken|weeks?)\s*\.?\s*$",
    re.IGNORECASE,
)
EXAMPLE = N_("municipality: 20 bikes per month, within 3 weeks")
"""A contract as a user writes it (translated: the Dutch example is in Dutch)."""


class ContractTextError(ValueError):
    """Contract text that cannot be read; :meth:`render` explains it in the user's language."""

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message.format(example=EXAMPLE, **values))
        self.message = message
        self.values = values

    def render(self, lang: str) -> str:
        tr = text_.translation(lang)
        return tr.gettext(self.message, example=tr.gettext(EXAMPLE), **self.values)


@dataclass(frozen=True)
class ContractRequest:
    """What the partner asks: a quantity of a product per interval, within a promised time."""

    partner: str
    quantity: float
    product_word: str
    interval_count: float
    interval_unit: str
    lead_count: int
    lead_unit: str
    text: str = ""
    """The user's own words."""

    @property
    def interval(self) -> str:
        """The interval as a scenario quantity, e.g. '1 month' or '4 weeks'."""
        return f"{self.interval_count:g} {self.interval_unit}{'s' if self.interval_count != 1 else ''}"

    @property
    def interval_weeks(self) -> float:
        return self.interval_count * WEEKS[self.interval_unit]

    @property
    def promised_lead_time(self) -> str:
        return f"{self.lead_count} {self.lead_unit}"

    def orders_per_year(self) -> float:
        return WEEKS["year"] / self.interval_weeks


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_contract(text: str) -> ContractRequest:
    """Read "partner: N product per period, within M days/weeks/working days" (Dutch or English)."""
    match = _PATTERN.match(text)
    if not match:
        raise ContractTextError(N_("--contract '{text}': could not read it; write it as '{example}' (partner: quantity "
                                   "product per period, within a number of days, weeks or working days)"), text=text)
    quantity, every, lead = _number(match["quantity"]), match["every"], _number(match["lead_count"])
    period = PERIODS.get(match["period"].lower())
    if period is None:
        raise ContractTextError(N_("--contract '{text}': '{period}' is not a period; use day, week, month or year"),
                                text=text, period=match["period"])
    if quantity <= 0 or lead <= 0 or lead != int(lead) or (every is not None and _number(every) <= 0):
        raise ContractTextError(N_("--contract '{text}': the quantity, the period and the promised time must be more "
                                   "than 0 (the promised time in whole days or weeks)"), text=text)
    lead_unit = LEAD_UNITS[re.sub(r"\s+", " ", match["lead"].lower())]
    partner = (match["partner"] or "").strip() or "Partner"
    return ContractRequest(partner, quantity, match["product"].lower(), _number(every) if every else 1.0,
                           period, int(lead), lead_unit, text.strip())
