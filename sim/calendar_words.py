"""Names of weekdays and months as a Dutch or English user writes them.

A scenario may say ``dinsdag``, ``di``, ``tuesday`` or ``tue``; ``mrt``, ``maart`` or ``march``.
Each is read as the one English name the models use (``tuesday``, ``mar``), so the engine and
everything after it see one spelling. A name that is none of these gets a suggestion computed
from every spelling and shown in the reader's language: ``dinsdgg`` -> ``dinsdag`` in Dutch,
``tuesday`` in English.
"""

from __future__ import annotations

import difflib
from typing import Any

from sim.text import N_

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
GROUPS = ("weekdays", "weekend", "daily")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    # canonical name -> language -> spellings, the full name first (the one shown to a reader)
    "monday": {"en": ("monday", "mon"), "nl": ("maandag", "ma")},
    "tuesday": {"en": ("tuesday", "tue", "tues"), "nl": ("dinsdag", "di")},
    "wednesday": {"en": ("wednesday", "wed"), "nl": ("woensdag", "wo")},
    "thursday": {"en": ("thursday", "thu", "thur", "thurs"), "nl": ("donderdag", "do")},
    "friday": {"en": ("friday", "fri"), "nl": ("vrijdag", "vr")},
    "saturday": {"en": ("saturday", "sat"), "nl": ("zaterdag", "za")},
    "sunday": {"en": ("sunday", "sun"), "nl": ("zondag", "zo")},
    "weekdays": {"en": ("weekdays",), "nl": ("werkdagen", "weekdagen", "doordeweeks")},
    "weekend": {"en": ("weekend",), "nl": ("weekend",)},
    "daily": {"en": ("daily",), "nl": ("dagelijks",)},
    "jan": {"en": ("january", "jan"), "nl": ("januari", "jan")},
    "feb": {"en": ("february", "feb"), "nl": ("februari", "feb")},
    "mar": {"en": ("march", "mar"), "nl": ("maart", "mrt", "mar")},
    "apr": {"en": ("april", "apr"), "nl": ("april", "apr")},
    "may": {"en": ("may",), "nl": ("mei",)},
    "jun": {"en": ("june", "jun"), "nl": ("juni", "jun")},
    "jul": {"en": ("july", "jul"), "nl": ("juli", "jul")},
    "aug": {"en": ("august", "aug"), "nl": ("augustus", "aug")},
    "sep": {"en": ("september", "sep", "sept"), "nl": ("september", "sep", "sept")},
    "oct": {"en": ("october", "oct"), "nl": ("oktober", "okt", "oct")},
    "nov": {"en": ("november", "nov"), "nl": ("november", "nov")},
    "dec": {"en": ("december", "dec"), "nl": ("december", "dec")},
}

KINDS: dict[str, tuple[str, ...]] = {"day": DAYS, "day_group": DAYS + GROUPS, "month": MONTHS}
"""What a field takes: one weekday, a weekday or a group of days, or a month."""
KIND_NAMES = {"day": N_("a weekday"), "day_group": N_("a weekday, 'weekdays', 'weekend' or 'daily'"),
              "month": N_("a month")}


def spellings(kind: str) -> list[str]:
    """Every spelling a field of ``kind`` accepts (for the JSON Schema), canonical names first."""
    names = list(KINDS[kind])
    for canonical in KINDS[kind]:
        for words in SPELLINGS[canonical].values():
            names.extend(w for w in words if w not in names)
    return names


def canonical(kind: str, value: Any) -> str | None:
    """The model's name for what the user wrote (``di`` -> ``tuesday``), or None."""
    if not isinstance(value, str):
        return None
    for name in KINDS[kind]:
        if value == name or any(value in words for words in SPELLINGS[name].values()):
            return name
    return None


def shown(name: str, language: str) -> str:
    """How a reader of ``language`` writes a canonical name (``tuesday`` -> ``dinsdag``)."""
    words = SPELLINGS[name].get(language) or SPELLINGS[name]["en"]
    return words[0]


def suggestion(kind: str, value: str, language: str) -> str:
    """The name closest to a misspelt one, in the reader's language, or ''."""
    full = {words[0]: name for name in KINDS[kind] for words in SPELLINGS[name].values()}
    found = difflib.get_close_matches(value.lower(), list(full), n=1, cutoff=0.6)
    return shown(full[found[0]], language) if found else ""


def choices(kind: str, language: str) -> str:
    """The names a reader of ``language`` may write, in order: 'maandag, dinsdag, ...'."""
    return ", ".join(shown(name, language) for name in KINDS[kind])
