"""One Dutch word per concept: the catalogue uses the word docs/glossary.md chooses, never its rivals."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
NAMES = re.compile(r"ambacht(?: [\w-]+)+|--[\w-]+|\{[^}]*\}|\bstart: \w+|[\w-]+(?:[._/][\w-]+)+|\b[A-Z][a-z]+[A-Z]\w*")
"""What is a name, not a word: command lines, options, {fields}, a setting as the file writes it
(start: running), keys, paths and files (a dot or slash inside a name, never a full stop after a
word) and a library's names (numpy's SeedSequence)."""


def chosen_words() -> list[tuple[str, str, list[str]]]:
    """(English, the Dutch word, the words not to use) from the glossary's table."""
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    section = text.split("## One word per concept", 1)[1]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    return [(english.strip(), dutch.strip(), [w.strip() for w in rivals.split(",") if w.strip()])
            for english, dutch, rivals in rows[1:]]


def dutch_messages() -> list[str]:
    with (ROOT / "locale" / "nl" / "LC_MESSAGES" / "ambacht.po").open("rb") as handle:
        catalog = read_po(handle)
    out: list[str] = []
    for message in catalog:
        if message.id:
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            out += [NAMES.sub(" ", s) for s in strings]
    return out


def test_the_glossary_chooses_one_word_for_each_concept() -> None:
    rows = chosen_words()
    assert len(rows) >= 10 and {"seed", "sweep", "replication", "warm-up"} <= {r[0] for r in rows}
    dutch = [r[1] for r in rows]
    assert len(dutch) == len(set(dutch)), "two concepts share a Dutch word"


def test_the_dutch_catalogue_uses_the_chosen_word_and_never_its_rivals() -> None:
    messages = dutch_messages()
    problems = []
    for english, word, rivals in chosen_words():
        if not any(re.search(rf"(?i)\b{re.escape(word)}", m) for m in messages):
            problems.append(f"{english}: '{word}' is never used")
        for rival in rivals:
            used = [m for m in messages if re.search(rf"(?i)\b{re.escape(rival)}", m)]
            if used:
                problems.append(f"{english}: '{rival}' instead of '{word}' in {used[0]!r}")
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_rival_word() -> None:
    # The check itself can fail: 'toevalsstartwaarde' was the second Dutch word for the seed.
    text = NAMES.sub(" ", "Scenario · toevalsstartwaarde {seed} · ambacht sweep x.yaml")
    assert re.search(r"(?i)\btoevalsstartwaarde", text) and not re.search(r"(?i)\bsweep", text)


def test_a_rival_word_before_a_full_stop_is_a_word_not_a_path() -> None:
    # 'over de herhalingen.' once read as a file name and hid the rival of 'replicatie'.
    text = NAMES.sub(" ", "Strepen: 95%-interval over de herhalingen. Zie experiment.replications of runs/a.csv.")
    assert re.search(r"(?i)\bherhaling", text)
    assert "experiment" not in text and "csv" not in text
