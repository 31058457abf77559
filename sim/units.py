"""Quantities with units, as a user types them: ``6 min``, ``4 weeks``, ``200 kg``.

The rule for the whole scenario language: every quantity that has a dimension is written as a
number followed by its unit. It is converted once, at load time, to the engine's base units:

* time in **hours** (a day is 24 h, a week 168 h, a year 365 days);
* mass in **kg**;
* money in **EUR**;
* rates per **hour** (``40 per week`` becomes 40/168 per hour).

Plain numbers (counts, shares, ratios, productivity) carry no unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sim.text import N_

HOURS = {
    "min": 1 / 60, "mins": 1 / 60, "minute": 1 / 60, "minutes": 1 / 60,
    "minuut": 1 / 60, "minuten": 1 / 60,
    "h": 1.0, "hr": 1.0, "hour": 1.0, "hours": 1.0, "uur": 1.0, "uren": 1.0,
    "day": 24.0, "days": 24.0, "dag": 24.0, "dagen": 24.0, "d": 24.0,
    "week": 168.0, "weeks": 168.0, "weken": 168.0, "wk": 168.0,
    "month": 8760.0 / 12, "months": 8760.0 / 12, "maand": 8760.0 / 12, "maanden": 8760.0 / 12,
    "year": 8760.0, "years": 8760.0, "jaar": 8760.0, "jaren": 8760.0, "yr": 8760.0,
}
KG = {"g": 0.001, "gram": 0.001, "kg": 1.0, "t": 1000.0, "ton": 1000.0, "tonne": 1000.0}
EUR = {"eur": 1.0, "euro": 1.0, "euros": 1.0, "€": 1.0}

KINDS = {
    "duration": N_("a duration such as '6 min', '2 h', '3 days', '4 weeks' or '1 year'"),
    "mass": N_("a mass such as '500 g', '8 kg' or '2 t'"),
    "money": N_("an amount such as '14.06 EUR' or '€ 75'"),
    "rate": N_("a rate such as '40 per week', '3 per hour' or '12 per day'"),
    "mass_rate": N_("a mass rate such as '350 kg per week'"),
    "money_rate": N_("an amount per time such as '65000 EUR per year' or '14.06 EUR per hour'"),
    "money_per_kg": N_("an amount per kg such as '0.12 EUR per kg' or '120 EUR per t'"),
}
"""What each kind of quantity looks like, in English (translated where shown: sim.messages)."""

CEILINGS = {
    "duration": (876_000.0, "100 years"),
    "mass": (10_000_000.0, "10000 t"),
    "money": (1e9, "1000000000 EUR"),
    "rate": (10_000.0, "10000 per hour"),
    "mass_rate": (1_000_000.0, "1000 t per hour"),
    "money_rate": (1e9 / 8760.0, "1000000000 EUR per year"),
    "money_per_kg": (1_000_000.0, "1000000 EUR per kg"),
}
"""The largest size of each kind (in base units, and as a user writes it): far beyond any craft
centre, and small enough that sums and products over a run stay finite. A larger value is
refused at load time as almost certainly a typing mistake ('1e308 h', '65000 EUR per hour')."""

_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?")
_BARE_NUMBER = re.compile(_NUMBER.pattern + r"\s*$")
# '65.000' is 65 to a computer and 65 thousand to a Dutch reader: refuse it rather than guess.
_THOUSANDS = re.compile(r"^[-+]?[1-9]\d{0,2}[.,]\d{3}(?![\deE])")
_PER = re.compile(r"\s*(?:/|\bper\b)\s*", re.IGNORECASE)


class UnitError(ValueError):
    """A quantity that could not be read; ``kind`` names what was expected.

    ``reason`` says why: 'no_unit' (a bare number), 'thousands' (a separator that may mean
    thousands), 'other_kind' (a valid quantity of another kind, named in ``found``) or
    'unreadable'.
    """

    def __init__(self, kind: str, text: str, reason: str = "unreadable", found: str = "") -> None:
        self.kind = kind
        self.text = text
        self.reason = reason
        self.found = found
        super().__init__(f"expected {KINDS[kind]}, got {text!r}")


@dataclass(frozen=True)
class _Parsed:
    number: float
    unit: str
    per: str


def _split(text: str, kind: str) -> _Parsed:
    rest = text.strip()
    euro_first = rest.startswith("€")
    rest = rest.removeprefix("€").lstrip()
    match = _NUMBER.match(rest)
    if not match:
        raise UnitError(kind, text)
    if _THOUSANDS.match(rest):
        raise UnitError(kind, text, "thousands")
    number = float(match.group(0).replace(",", "."))
    if not math.isfinite(number):
        raise UnitError(kind, text)
    parts = _PER.split(rest[match.end() :].strip(), maxsplit=1)
    unit = parts[0].strip().lower()
    per = parts[1].strip().lower() if len(parts) > 1 else ""
    if euro_first:
        unit = ("eur " + unit).strip()
    if " " in unit or " " in per or (len(parts) > 1 and not per):
        raise UnitError(kind, text)
    return _Parsed(number, unit, per)


def _lookup(table: dict[str, float], unit: str, kind: str, text: str) -> float:
    if unit not in table:
        raise UnitError(kind, text)
    return table[unit]


def parse(kind: str, value: object) -> float:
    """Convert a quantity of the given ``kind`` to the engine's base unit.

    Bare numbers are refused: the unit is what makes ``6`` mean six minutes and not six hours.
    Raises :class:`UnitError` saying why the text is not a quantity of this kind.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise UnitError(kind, str(value))
    if not isinstance(value, str) or _BARE_NUMBER.match(value.strip()):
        raise UnitError(kind, str(value), "no_unit")
    try:
        return _parse(kind, value)
    except UnitError as error:
        if error.reason != "unreadable":
            raise
        found = next((other for other in KINDS if other != kind and _readable(other, value)), "")
        raise UnitError(kind, value, "other_kind" if found else "unreadable", found) from None


def _readable(kind: str, text: str) -> bool:
    try:
        _parse(kind, text)
    except UnitError:
        return False
    return True


def _parse(kind: str, value: str) -> float:
    parsed = _split(value, kind)
    if kind == "duration" and not parsed.per:
        return parsed.number * _lookup(HOURS, parsed.unit, kind, value)
    if kind == "mass" and not parsed.per:
        return parsed.number * _lookup(KG, parsed.unit, kind, value)
    if kind == "money" and not parsed.per:
        return parsed.number * _lookup(EUR, parsed.unit, kind, value)
    if kind == "rate" and parsed.per and parsed.unit in ("", "units", "items", "x"):
        return parsed.number / _lookup(HOURS, parsed.per, kind, value)
    if kind == "mass_rate" and parsed.per:
        return parsed.number * _lookup(KG, parsed.unit, kind, value) / _lookup(
            HOURS, parsed.per, kind, value
        )
    if kind == "money_rate" and parsed.per:
        return parsed.number * _lookup(EUR, parsed.unit, kind, value) / _lookup(
            HOURS, parsed.per, kind, value
        )
    if kind == "money_per_kg" and parsed.per:
        return parsed.number * _lookup(EUR, parsed.unit, kind, value) / _lookup(
            KG, parsed.per, kind, value
        )
    raise UnitError(kind, value)


def _num(x: float) -> str:
    # The shortest text that reads back to exactly this float, so a dumped scenario loads to
    # the same numbers; '1.125' gets a trailing zero so it is not taken for 1125 (see _THOUSANDS).
    text = repr(float(x))
    return text + "0" if _THOUSANDS.match(text) else text


def format_quantity(kind: str, value: float) -> str:
    """Write a base-unit value back as text that :func:`parse` reads to the same number."""
    if kind == "duration":
        return f"{_num(value)} h"
    if kind == "mass":
        return f"{_num(value)} kg"
    if kind == "money":
        return f"{_num(value)} EUR"
    if kind == "rate":
        return f"{_num(value)} per hour"
    if kind == "mass_rate":
        return f"{_num(value)} kg per hour"
    if kind == "money_rate":
        return f"{_num(value)} EUR per hour"
    if kind == "money_per_kg":
        return f"{_num(value)} EUR per kg"
    raise KeyError(kind)


class NumberError(ValueError):
    """A plain number that could not be read; ``reason`` says why.

    'percent' (a percentage where no share is asked), 'thousands' (a separator that may mean
    thousands) or 'unreadable' (leave the message to the field's own number check).
    """

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{reason}: {text!r}")


_PLAIN = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)\s*(%?)\s*$")


def parse_number(text: str, percent: bool) -> float:
    """A plain number as a Dutch or English user types it: ``0.6``, ``0,6`` and, where the
    field is a share (``percent``), ``60%`` or ``60 %`` (which is 0.6).

    A separator followed by exactly three digits (``1,250``) may mean thousands, so it is
    refused rather than guessed, as in quantities. Raises :class:`NumberError`.
    """
    match = _PLAIN.match(text)
    if not match:
        raise NumberError(text, "unreadable")
    written, sign = match.groups()
    if _THOUSANDS.match(written):
        raise NumberError(text, "thousands")
    if sign and not percent:
        raise NumberError(text, "percent")
    number = float(written.replace(",", "."))
    if not math.isfinite(number):
        raise NumberError(text, "unreadable")
    return number / 100.0 if sign else number


# --- the same rules as JSON Schema patterns (ECMA 262), for editors ---------------------------

_DIGITS = r"(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][-+]?[0-9]+)?"
_NOT_THOUSANDS = r"(?![-+]?[1-9][0-9]{0,2}[.,][0-9]{3}(?![0-9eE]))"
_ZERO = r"[-+]?(?:0+(?:[.,]0*)?|[.,]0+)(?:[eE][-+]?[0-9]+)?(?![0-9.,eE])"

PATTERN_KINDS: dict[str, str] = {}
"""Every quantity pattern made by :func:`quantity_pattern`, with its kind (for the reference)."""


def caseless(word: str) -> str:
    """``kg`` -> ``[kK][gG]``: JSON Schema patterns have no flag for ignoring case."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else re.escape(c) for c in word)


def _words(table: dict[str, float]) -> str:
    return "(?:" + "|".join(caseless(w) for w in sorted(table, key=len, reverse=True)) + ")"


def number_pattern(minimum: float | None = 0.0, exclusive: bool = False) -> str:
    """A number as the loader reads it in a quantity (no thousands separator; no sign below 0
    where negatives are refused; not zero where it must be more than 0)."""
    sign = "[-+]?" if minimum is None else "[+]?"
    zero = f"(?!{_ZERO})" if exclusive else ""
    return _NOT_THOUSANDS + zero + sign + _DIGITS


def quantity_pattern(kind: str, minimum: float | None = 0.0, exclusive: bool = False) -> str:
    """The JSON Schema pattern of a quantity of ``kind``: what :func:`parse` reads, nothing else.

    Sizes (the ceilings, a minimum of 0) other than the sign and zero are left to the loader.
    """
    number = number_pattern(minimum, exclusive)
    per = r"(?:\s*/\s*|\s*[pP][eE][rR]\b\s*)"
    after_word = r"(?:\s*/\s*|\s+[pP][eE][rR]\b\s*)"  # 'kgper week' is one word, not 'kg per week'
    time, mass = _words(HOURS), _words(KG)
    euro_words = _words({k: v for k, v in EUR.items() if k != "€"})
    if kind == "duration":
        body = number + r"\s*" + time
    elif kind == "mass":
        body = number + r"\s*" + mass
    elif kind == "money":
        body = rf"(?:€\s*{number}|{number}\s*(?:{euro_words}|€))"
    elif kind == "rate":
        body = number + rf"(?:\s*(?:[uU][nN][iI][tT][sS]|[iI][tT][eE][mM][sS]|[xX]){after_word}|{per})" + time
    elif kind == "mass_rate":
        body = number + r"\s*" + mass + after_word + time
    elif kind == "money_rate":
        body = rf"(?:€\s*{number}{per}|{number}\s*(?:{euro_words}{after_word}|€{per}))" + time
    elif kind == "money_per_kg":
        body = rf"(?:€\s*{number}{per}|{number}\s*(?:{euro_words}{after_word}|€{per}))" + mass
    else:
        raise KeyError(kind)
    pattern = rf"^\s*{body}\s*$"
    PATTERN_KINDS[pattern] = kind
    return pattern


def plain_number_pattern(percent: bool) -> str:
    """A plain number written as text: a decimal comma (``0,6``) or, for a share, ``60%``."""
    number = _NOT_THOUSANDS + "[-+]?" + _DIGITS
    return rf"^\s*{number}\s*%\s*$" if percent else rf"^\s*{number}\s*$"


TIME_UNITS = (("year", 8760.0), ("month", 730.0), ("week", 168.0), ("day", 24.0), ("hour", 1.0), ("minute", 1 / 60))
"""The time units a duration can be written in, with their size in hours, largest first."""


def written_time_unit(value: object) -> tuple[str, float] | None:
    """The unit a duration was written in and its size in hours: '2 weken' -> ('week', 168.0);
    '10 werkdagen' -> ('day', 24.0); None when ``value`` is not a duration as text."""
    if not isinstance(value, str):
        return None
    if re.match(r"^\s*\d+\s*(?:working\s+days?|work\s*days?|werkdagen|werkdag)\s*$", value, re.IGNORECASE):
        return ("day", 24.0)
    try:
        parsed = _split(value, "duration")
    except UnitError:
        return None
    size = HOURS.get(parsed.unit)
    if size is None or parsed.per:
        return None
    return next(((name, hours) for name, hours in TIME_UNITS if math.isclose(hours, size)), None)
