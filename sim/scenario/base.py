"""Building blocks of the scenario language: the strict base model, quantities, labels, ids.

Every user-facing check raises :class:`pydantic_core.PydanticCustomError` with a stable error
code and its context, so :mod:`sim.messages` can say it in English or Dutch.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError

from sim import calendar_words as days
from sim import text, units


class Strict(BaseModel):
    """Base of every scenario model: unknown keys are mistakes, values are checked once."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, validate_default=True, allow_inf_nan=False
    )


def user_error(code: str, template: str, **context: Any) -> PydanticCustomError:
    """An error a user can fix; ``code`` selects the translated message in :mod:`sim.messages`."""
    return PydanticCustomError(code, template, context)


def _quantity(kind: str, minimum: float | None = 0.0, exclusive: bool = False) -> Any:
    def parse(value: Any) -> float:
        try:
            number = units.parse(kind, value)
        except units.UnitError as error:
            # The code says what went wrong (no unit, a unit of another kind ...), so the
            # message can name the unit that is expected here.
            code = {"no_unit": "unit_missing", "thousands": "unit_thousands", "other_kind": "unit_kind"}
            raise user_error(
                code.get(error.reason, "unit"),
                "expected {expected}, got {got!r}",
                expected=units.KINDS[kind],
                got=None if value is None else str(value),
                kind=kind,
                found=error.found,
            ) from None
        ceiling, ceiling_text = units.CEILINGS[kind]
        if not abs(number) <= ceiling:  # also catches a product that overflowed ('1e308 years')
            raise user_error(
                "quantity_too_large",
                "may be at most {maximum} in size, got {got!r}",
                maximum=ceiling_text if number > 0 or minimum is not None else "-" + ceiling_text,
                got=str(value),
            )
        if minimum is not None and (number < minimum or (exclusive and number == minimum)):
            raise user_error(
                "quantity_range",
                "must be {relation} {minimum}, got {got!r}",
                relation="more than" if exclusive else "at least",
                minimum=minimum,
                got=str(value),
            )
        return number

    example = units.KINDS[kind].split("such as ", 1)[-1]
    return Annotated[
        float,
        BeforeValidator(parse),
        PlainSerializer(lambda v: units.format_quantity(kind, v), return_type=str),
        WithJsonSchema(
            {
                "type": "string",
                "pattern": units.quantity_pattern(kind, minimum, exclusive),
                "description": f"{kind.replace('_', ' ')} with its unit, for example {example}",
            }
        ),
    ]


Duration = _quantity("duration")
PositiveDuration = _quantity("duration", exclusive=True)
Mass = _quantity("mass")
PositiveMass = _quantity("mass", exclusive=True)
Money = _quantity("money", minimum=None)
MoneyRate = _quantity("money_rate", minimum=None)
MoneyPerKg = _quantity("money_per_kg", minimum=None)
Rate = _quantity("rate")

WORKING_DAYS_PATTERN = (
    rf"^\s*0*(?:[1-9][0-9]{{0,2}}|1000)\s*(?:{units.caseless('working')}\s+{units.caseless('day')}[sS]?"
    rf"|{units.caseless('work')}\s*{units.caseless('day')}[sS]?|{units.caseless('werkdag')}(?:{units.caseless('en')})?)\s*$"
)
"""A promise in working days: '10 working days', '10 werkdagen' (1 to 1000)."""


class _OrWorkingDays:
    """JSON Schema of a lead time: a duration, or a number of working days."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema: dict[str, Any] = dict(handler(core_schema))
        keep: dict[str, Any] = {k: schema.pop(k) for k in ("description", "title") if k in schema}
        return {**keep, "anyOf": [schema, {"type": "string", "pattern": WORKING_DAYS_PATTERN}]}


def _lead_time() -> Any:
    return Annotated[PositiveDuration, _OrWorkingDays()]


LeadTime = _lead_time()
"""A promised lead time: '2 weeks', or '10 working days' (read by the contract model)."""

FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2200, 12, 31)
Date = Annotated[dt.date, Field(ge=FIRST_DATE, le=LAST_DATE)]
"""A date between 1900 and 2200: the calendar (holidays, weekdays) is defined for those years."""


class _AsText:
    """JSON Schema of a plain number that may also be written as text: ``0,6`` or ``60%``."""

    def __init__(self, percent: bool) -> None:
        self.percent = percent

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema: dict[str, Any] = dict(handler(core_schema))
        keep: dict[str, Any] = {k: schema.pop(k) for k in ("description", "title") if k in schema}
        texts = [{"type": "string", "pattern": units.plain_number_pattern(False)}]
        if self.percent:
            texts.append({"type": "string", "pattern": units.plain_number_pattern(True)})
        return {**keep, "anyOf": [schema, *texts]}


def _plain_number(percent: bool) -> Any:
    def parse(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return units.parse_number(value, percent)
        except units.NumberError as error:
            if error.reason == "percent":
                raise user_error(
                    "percent_not_share", "{got!r} is a percentage, but here a plain number is needed", got=value
                ) from None
            if error.reason == "thousands":
                raise user_error(
                    "number_thousands", "{got!r} is ambiguous: thousands or decimals?", got=value
                ) from None
            return value  # not a number at all: the field's own check says so

    return parse


def number(percent: bool = False, description: str | None = None, **bounds: Any) -> Any:
    """A plain number with ``bounds`` (ge, gt, le, lt): ``0.6`` or ``0,6``, and where the number
    is a share or a fraction (``percent``) also ``60%`` or ``60 %`` (= 0.6)."""
    return Annotated[
        float,
        Field(allow_inf_nan=False, description=description, **bounds),
        BeforeValidator(_plain_number(percent)),
        _AsText(percent),
    ]


Weight = number(ge=0, le=1_000_000)
"""A relative weight (busyness of a weekday or month, chance of an empirical value)."""
Share = number(percent=True, ge=0.0, le=1.0, description="a share between 0 and 1, or a percentage such as 60%")
PositiveShare = number(percent=True, gt=0, le=1)
Chance = number(percent=True, ge=0, lt=1)
Productivity = number(percent=True, gt=0, le=2)
"""Relative to a trained worker: 0.8, 0,8 or 80%."""
PriceFactor = number(percent=True, gt=0, le=100)
DiscountRate = number(percent=True, ge=0.0, le=0.5)
"""A yearly rate: 0.04, 0,04 or 4%."""
Co2PerKg = number(ge=0, le=1000)
"""kg CO2 per kg."""
Reserve = number(ge=0, le=1e9)
ID_PATTERN = r"^[^\W\d][\w\-]*$"
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=64),
    Field(description="an id: letters, digits, '_' or '-', starting with a letter"),
]
Language = Literal[text.LANGUAGES]  # type: ignore[valid-type]
"""The languages that have a message catalogue (English and every ``locale/<lang>``)."""
Label = str | dict[Language, str]
"""A display name, either one text or one per language: ``{nl: Textiel, en: Textile}``."""



def _name_reader(kind: str) -> Any:
    """A weekday or month in Dutch or English (``dinsdag``, ``di``, ``tue``), read as the model's
    own English name; anything else is refused with a suggestion in the reader's language."""

    def read(value: Any) -> Any:
        name = days.canonical(kind, value)
        if name is None:
            raise user_error("day_name", "expected {kind}, got {got!r}", kind=kind, got=str(value))
        return name

    return read


class KeysNamed:
    """JSON Schema of a mapping keyed by weekdays or months: the keys every spelling allows."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema: dict[str, Any] = dict(handler(core_schema))
        schema["propertyNames"] = {"enum": days.spellings(self.kind)}
        return schema


DAYS = days.DAYS
Day = Annotated[
    Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    BeforeValidator(_name_reader("day")),
    WithJsonSchema({"enum": days.spellings("day")}),
]
DayGroup = Annotated[
    Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "weekdays", "weekend", "daily",
    ],
    BeforeValidator(_name_reader("day_group")),
    WithJsonSchema({"enum": days.spellings("day_group")}),
]
DAY_GROUPS: dict[str, tuple[int, ...]] = {
    **{day: (i,) for i, day in enumerate(DAYS)},
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "daily": (0, 1, 2, 3, 4, 5, 6),
}
MONTHS = days.MONTHS
Month = Annotated[
    Literal["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    BeforeValidator(_name_reader("month")),
    WithJsonSchema({"enum": days.spellings("month")}),
]
Function = Literal["workshop", "shop", "dropoff"]
"""The centre's functions that each have their own opening hours."""

_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


_CLOCK = r"(?:[01]?[0-9]|2[0-4]):[0-5][0-9]"
_SCHEMA_PERIOD = rf"\s*{_CLOCK}\s*-\s*{_CLOCK}\s*"
HOURS_PATTERN = (
    rf"^(?:\s*(?:{units.caseless('closed')}|{units.caseless('gesloten')})\s*"
    rf"|{_SCHEMA_PERIOD}(?:,{_SCHEMA_PERIOD})*)$"
)
"""What :func:`parse_hours` reads, for editors (that a period starts before it ends is left to it)."""


def parse_hours(text: Any) -> tuple[tuple[float, float], ...]:
    """Read ``"09:00-12:30, 13:00-17:00"`` (or ``closed``) into (start, end) hours of the day."""
    if not isinstance(text, str):
        raise user_error("hours", "expected opening hours such as '09:00-17:00', got {got!r}", got=str(text))
    if text.strip().lower() in ("closed", "gesloten"):
        return ()
    periods = []
    for part in text.split(","):
        match = _PERIOD.match(part)
        if not match:
            raise user_error(
                "hours", "expected opening hours such as '09:00-17:00', got {got!r}", got=text
            )
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        start, end = h1 + m1 / 60, h2 + m2 / 60
        if m1 > 59 or m2 > 59 or not 0 <= start < end <= 24:
            raise user_error(
                "hours_order", "a period must start before it ends, within 00:00-24:00: {got!r}", got=part.strip()
            )
        periods.append((start, end))
    periods.sort()
    for (_, end), (start, _) in zip(periods, periods[1:], strict=False):
        if start < end:
            raise user_error("hours_overlap", "periods overlap in {got!r}", got=text)
    return tuple(periods)


def _hours_validator(value: Any) -> str:
    parse_hours(value)
    return str(value)


Hours = Annotated[
    str,
    BeforeValidator(_hours_validator),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": HOURS_PATTERN,
            "description": "opening hours such as '09:00-17:00' or '09:00-12:30, 13:00-17:00', or 'closed'",
        }
    ),
]


def label_text(label: Label | None, language: str, fallback: str) -> str:
    """The display name in the requested language, else any language, else the id."""
    if label is None:
        return fallback
    if isinstance(label, str):
        return label
    return label.get(language) or next(iter(label.values()), fallback)  # type: ignore[call-overload]
