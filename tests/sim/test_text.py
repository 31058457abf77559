"""One translation catalogue: every message translated, the template in step with the code,
numbers and dates by Babel, and a new language by adding a catalogue alone."""

from __future__ import annotations

import re
import string
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sim import text

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "locale" / "ambacht.pot"


def _read(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle)


def _keys(catalog) -> set[tuple[str | None, object]]:  # type: ignore[no-untyped-def]
    return {(m.context, m.id) for m in catalog if m.id}


def _fields(message: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(message) if f is not None}


def _catalogues() -> list[Path]:
    return sorted((ROOT / "locale").glob("*/LC_MESSAGES/ambacht.po"))


def test_there_is_a_dutch_catalogue() -> None:
    assert "nl" in text.LANGUAGES and (ROOT / "locale/nl/LC_MESSAGES/ambacht.po") in _catalogues()


@pytest.mark.parametrize("po", _catalogues(), ids=lambda p: p.parent.parent.name)
def test_every_message_is_translated_not_fuzzy_and_keeps_its_blanks(po: Path) -> None:
    catalog = _read(po)
    assert _keys(catalog) == _keys(_read(POT)), f"{po} is not merged with the template: run 'make messages'"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for translated in strings:
            if _fields(translated) - set().union(*map(_fields, ids)):
                problems.append(f"unknown {{field}} in the translation of {ids[0]!r}: {translated!r}")
    assert not problems, "\n".join(problems)


def test_the_template_is_extracted_from_the_current_code(tmp_path: Path) -> None:
    fresh = tmp_path / "ambacht.pot"
    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q", "extract",
                    "-F", "babel.cfg",
                    "-o", str(fresh), "--no-location", "--sort-output", "--add-comments=Translators:", "."],
                   cwd=ROOT, check=True, capture_output=True)
    now, committed = _keys(_read(fresh)), _keys(_read(POT))
    assert now == committed, (f"locale/ambacht.pot is out of date (run 'make messages'): "
                              f"new {sorted(map(str, now - committed))[:10]}, gone {sorted(map(str, committed - now))[:10]}")


def test_no_language_conditionals_in_code() -> None:
    pattern = re.compile(r"lang(uage)? ?== ?['\"](nl|en)['\"]")
    found = [f"{p}:{i}" for folder in ("sim", "analysis", "cli") for p in (ROOT / folder).rglob("*.py")
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not found


def test_no_message_is_hidden_in_an_f_string() -> None:
    """``pybabel extract`` does not look inside f-strings: a message there would stay English."""
    call = re.compile(r"\b(_|N_|gettext|ngettext|pgettext|npgettext)\(")
    found = []
    for folder in ("sim", "analysis", "cli"):
        for path in (ROOT / folder).rglob("*.py"):
            with path.open("rb") as handle:
                for token in tokenize.tokenize(handle.readline):
                    if token.type == tokenize.STRING and re.match(r"(?i)[rb]*f", token.string) and call.search(token.string):
                        found.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert not found


def test_messages_are_translated_with_plurals_and_contexts() -> None:
    nl, en = text.translation("nl"), text.translation("en")
    assert nl.gettext("Summary") == "Samenvatting" and en.gettext("Summary") == "Summary"
    assert nl.gettext("Report: {scenario}", scenario="Hub") == "Rapport: Hub"
    assert nl.ngettext("{n} step", "{n} steps", 1) == "1 stap" and nl.ngettext("{n} step", "{n} steps", 3) == "3 stappen"
    assert en.ngettext("{n} step", "{n} steps", 1) == "1 step"
    assert nl.pgettext("chain column", "sales") == "afzet" and nl.gettext("sales") == "verkoop"
    assert text.translation("xx").gettext("Summary") == "Summary", "an unknown language falls back to English"


def test_numbers_money_and_dates_follow_the_language() -> None:
    assert text.number(1234.5, "nl", 1) == "1.234,5"
    assert text.number(1234.5, "en", 1) == "1,234.5"
    assert text.percent(0.656, "nl") == "66%"
    assert text.money(12345.6, "nl") == "€\xa012.346"
    assert text.money(12345.6, "en") == "€12,346"
    assert text.money(0.12, "nl", cents=True) == "€\xa00,12"
    assert text.duration(120, "nl") == "5 dagen" and text.duration(24, "en") == "1 day"
    assert text.duration(36, "nl") == "1,5 dagen" and text.duration(0.5, "en") == "30 min"
    assert text.working_days(10, "nl") == "10 werkdagen"
    assert text.date("2026-11-27", "nl") == "27 november 2026" and text.date("2026-11-27", "en") == "27 November 2026"
    assert text.significant(0.0012345, "nl") == "0,00123"
    assert text.number(float("nan"), "nl") == "–"


def test_a_third_language_needs_only_a_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ambacht.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: de_DE\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Summary"\nmsgstr "Zusammenfassung"\n\n'
        'msgid "{n} step"\nmsgid_plural "{n} steps"\nmsgstr[0] "{n} Schritt"\nmsgstr[1] "{n} Schritte"\n',
        encoding="utf-8")
    monkeypatch.setattr(text, "LOCALE_DIRS", (tmp_path / "locale",))
    text.translation.cache_clear()
    try:
        assert "de" in text.languages()
        de = text.translation("de")
        assert de.gettext("Summary") == "Zusammenfassung" and de.ngettext("{n} step", "{n} steps", 2) == "2 Schritte"
        assert text.number(1234.5, "de", 1) == "1.234,5" and text.date("2026-11-27", "de") == "27. November 2026"
    finally:
        text.translation.cache_clear()


def test_a_month_is_told_as_a_month_and_once_a_month_as_per_month() -> None:
    # A contract 'every month' (730 h, a twelfth of a year) read '10 Bedden per 730 uur'.
    assert text.duration(730, "nl") == "1 maand" and text.duration(1460, "en") == "2 months"
    assert text.every(730, "nl") == "per maand" and text.every(730, "en") == "every month"
    assert text.every(168, "nl") == "per week" and text.every(336, "nl") == "elke 2 weken"
    assert text.every(24 * 365, "en") == "every year" and text.every(36, "en") == "every 1.5 days"
    assert text.duration(8760, "nl") == "1 jaar" and text.duration(4368, "nl") == "26 weken"  # not '6 maanden'


def test_counts_take_their_plural_form() -> None:
    nl = text.translation("nl")
    assert nl.ngettext("{n} stream", "{n} streams", 1) == "1 stroom"
    assert nl.ngettext("{n} supervisor", "{n} supervisors", 1) == "1 begeleider"
    assert nl.ngettext("{n} participant", "{n} participants", 2) == "2 deelnemers"
