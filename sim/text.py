"""Everything a user reads, in their language: one gettext catalogue and Babel's formats.

Messages are written in English in the code and translated through the catalogue in
``locale/<lang>/LC_MESSAGES/ambacht.po`` (edit it in Poedit or Weblate; ``docs/translating.md``
says how). The ``.po`` is compiled in memory the first time a language is asked for, so there is
no compiled file to keep in step. A language is available when its ``.po`` exists; English needs
none (the message ids are English).

In code::

    _ = text.translation(lang).gettext
    _("Report: {scenario}", scenario=name)          # translated, then filled in
    text.translation(lang).ngettext("{n} step", "{n} steps", n)
    text.translation(lang).pgettext("leg of the triad", "market")

Strings defined in tables (labels, templates keyed by a code) are marked with :func:`N_` where
they are written and translated where they are shown. Numbers, money, shares and dates go
through :func:`number`, :func:`percent`, :func:`money` and :func:`date` (Babel), never by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
import io
import math
import re
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

DOMAIN = "ambacht"
SOURCE_LANGUAGE = "en"
_HERE = Path(__file__).resolve().parent
LOCALE_DIRS = (_HERE / "locale", _HERE.parent / "locale")
"""Where catalogues are looked for: inside the installed package (the wheel puts them in
``sim/locale``), else the source tree's ``locale/`` (a checkout or an editable install)."""
REGIONS = {"en": "en_GB"}
"""Number and date conventions for a language whose catalogue does not name a region."""


def locale_dir() -> Path:
    """The folder holding ``<lang>/LC_MESSAGES/ambacht.po``."""
    for folder in LOCALE_DIRS:
        if folder.is_dir():
            return folder
    return LOCALE_DIRS[-1]


def catalogue_path(lang: str) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> tuple[str, ...]:
    """English and every language that has a catalogue, English first."""
    found = sorted(p.parent.parent.name for p in locale_dir().glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *[x for x in found if x != SOURCE_LANGUAGE])


LANGUAGES = languages()


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string in a table for translation; it is translated where it is shown."""
    return message


class Translation:
    """The messages of one language, with Python's ``str.format`` fields filled in."""

    def __init__(self, lang: str, catalogue: _gettext.NullTranslations, region: str) -> None:
        self.lang = lang
        self.locale = region
        self._catalogue = catalogue

    @staticmethod
    def _fill(text: str, values: dict[str, Any]) -> str:
        return text.format(**values) if values else text

    def gettext(self, message: str, **values: Any) -> str:
        """``message`` in this language, with ``values`` filled into its ``{fields}``."""
        return self._fill(self._catalogue.gettext(message), values)

    _ = gettext

    def ngettext(self, singular: str, plural: str, count: float, **values: Any) -> str:
        """The singular or a plural form for ``count``; ``{n}`` is ``count`` unless given."""
        values.setdefault("n", count)
        return self._fill(self._catalogue.ngettext(singular, plural, _plural_count(count)), values)

    def pgettext(self, context: str, message: str, **values: Any) -> str:
        """``message`` as meant in ``context`` (one English word, two Dutch ones)."""
        return self._fill(self._catalogue.pgettext(context, message), values)

    def npgettext(self, context: str, singular: str, plural: str, count: float, **values: Any) -> str:
        values.setdefault("n", count)
        return self._fill(self._catalogue.npgettext(context, singular, plural, _plural_count(count)), values)


def _plural_count(count: float) -> int:
    """gettext's plural rules take whole numbers; a fraction (1.5 weeks) takes the 'many' form."""
    return int(count) if float(count).is_integer() else 2


def _compiled(path: Path) -> tuple[_gettext.NullTranslations, str | None]:
    """A ``.po`` file compiled in memory, and the locale it names (``Language:``)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    region = str(catalog.locale) if catalog.locale is not None else None
    return _gettext.GNUTranslations(buffer), region


@functools.cache
def translation(lang: str | None) -> Translation:
    """The translation for ``lang`` ('nl', 'en', ...); English for an unknown language."""
    lang = lang or SOURCE_LANGUAGE
    path = catalogue_path(lang)
    if lang != SOURCE_LANGUAGE and path.is_file():
        catalogue, region = _compiled(path)
    else:
        catalogue, region = _gettext.NullTranslations(), None
        lang = lang if lang in LANGUAGES else SOURCE_LANGUAGE
    if region is None or "_" not in region:
        region = REGIONS.get(lang, region or lang)
    return Translation(lang, catalogue, region)


def locale(lang: str | None) -> str:
    """The Babel locale for a language: 'nl' -> 'nl_NL', 'en' -> 'en_GB'."""
    return translation(lang).locale


# --- numbers, money, dates (Babel) ------------------------------------------------------------

NOT_A_NUMBER = "–"


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def number(value: Any, lang: str | None, decimals: int | None = None) -> str:
    """A number for the language: ``1.234,5`` (nl), ``1,234.5`` (en); '–' when undefined.

    Without ``decimals``: whole numbers from 100 up, one decimal from 10, else two (trailing
    zeros dropped).
    """
    if not _finite(value):
        return NOT_A_NUMBER
    if decimals is None:
        size = abs(value)
        decimals = 0 if size >= 100 else 1 if size >= 10 else 2
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(round(float(value), decimals), format=pattern, locale=locale(lang))


def significant(value: Any, lang: str | None, digits: int = 3) -> str:
    """A number with at most ``digits`` significant digits: ``0,00123`` (nl), ``3.14`` (en)."""
    if not _finite(value):
        return NOT_A_NUMBER
    return format_decimal(value, format="@" + "#" * (digits - 1), locale=locale(lang))


def percent(value: Any, lang: str | None, decimals: int = 0) -> str:
    """A share as a percentage in the language's way: ``0.656`` -> ``66%``."""
    if not _finite(value):
        return NOT_A_NUMBER
    pattern = Locale.parse(locale(lang)).percent_formats[None].pattern
    if decimals:
        pattern = re.sub(r"0(?!.*0)", "0." + "0" * decimals, pattern)
    return format_percent(float(value), format=pattern, locale=locale(lang), decimal_quantization=True)


def money(value: Any, lang: str | None, cents: bool = False) -> str:
    """Euros in the language's way, whole euros unless ``cents``: ``€ 12.346``, ``€12,346``."""
    if not _finite(value):
        return NOT_A_NUMBER
    loc = locale(lang)
    if cents:
        return format_currency(float(value), "EUR", locale=loc)
    pattern = re.sub(r"\.0+", "", Locale.parse(loc).currency_formats["standard"].pattern)
    return format_currency(round(float(value)), "EUR", pattern, locale=loc, currency_digits=False)


def date(value: dt.date | dt.datetime | str, lang: str | None, pattern: str = "long") -> str:
    """A date in words: ``27 november 2026`` (nl), ``27 November 2026`` (en)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, pattern, locale=locale(lang))


UNIT_HOURS = (("year", 24 * 365), ("month", 730), ("week", 24 * 7), ("day", 24), ("hour", 1))
"""Units a duration is told in, largest first; a month is a twelfth of a year (730 hours), as in
the scenario language."""
EVERY = {"year": N_("every year"), "month": N_("every month"), "week": N_("every week"), "day": N_("every day"),
         "hour": N_("every hour")}


def _in_unit(tr: Translation, unit: str, amount: float, written: str) -> str:
    if unit == "year":
        return tr.ngettext("{n} year", "{n} years", amount, n=written)
    if unit == "month":
        return tr.ngettext("{n} month", "{n} months", amount, n=written)
    if unit == "week":
        return tr.ngettext("{n} week", "{n} weeks", amount, n=written)
    if unit == "day":
        return tr.ngettext("{n} day", "{n} days", amount, n=written)
    return tr.ngettext("{n} hour", "{n} hours", amount, n=written)


def duration(hours: float, lang: str | None) -> str:
    """A duration in the largest unit that writes it with at most one decimal: '5 dagen'."""
    if not _finite(hours):
        return NOT_A_NUMBER
    tr = translation(lang)
    for unit, size in UNIT_HOURS:
        amount = hours / size
        if hours >= size and amount == round(amount, 1):
            return _in_unit(tr, unit, amount, number(amount, lang, 1))
    minutes = hours * 60
    if hours > 0 and minutes == round(minutes, 1):
        return tr.gettext("{n} min", n=number(minutes, lang, 1))
    return _in_unit(tr, "hour", hours, number(hours, lang, 1))


def every(hours: float, lang: str | None) -> str:
    """How often something happens: 'per maand' / 'every month' for one unit, else 'elke 2 weken'."""
    tr = translation(lang)
    for unit, size in UNIT_HOURS:
        if _finite(hours) and math.isclose(hours, size):
            return tr.gettext(EVERY[unit])
    return tr.gettext("every {duration}", duration=duration(hours, lang))


def working_days(days: float, lang: str | None) -> str:
    """'10 werkdagen' / '10 working days'."""
    return translation(lang).ngettext("{n} working day", "{n} working days", days, n=number(days, lang, 1))
