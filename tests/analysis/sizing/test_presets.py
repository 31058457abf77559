"""The preset catalogue: one place, every number sourced, every name in Dutch and English."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from analysis.sizing.presets import UNSOURCED, catalogue, presets_markdown

ROOT = Path(__file__).resolve().parents[3]


def test_every_source_is_an_entry_of_docs_sources_or_says_how_it_was_made():
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")))
    unknown = catalogue().sources() - anchors - set(UNSOURCED)
    assert not unknown, unknown


def test_every_preset_has_a_dutch_and_an_english_name():
    c = catalogue()
    for kind in (c.streams, c.steps, c.products, c.groups, c.teams):
        for preset_id, preset in kind.items():
            assert preset["name"].get("nl") and preset["name"].get("en"), preset_id


def test_routes_steps_and_products_of_every_stream_exist():
    c = catalogue()
    for stream_id, stream in c.streams.items():
        for route in stream["routes"].values():
            assert all(step in c.steps and stream_id in c.steps[step]["work_content"] for step in route["steps"])
        for step in c.steps.values():
            failure = (step.get("success") or {}).get("on_failure")
            if failure and stream_id in step["work_content"]:
                assert failure in stream["routes"] or failure in ("recycling", "waste"), (stream_id, failure)


def test_groups_name_their_supervisors_and_skills_that_steps_need():
    c = catalogue()
    skills = {step["skill"] for step in c.steps.values()}
    for group_id, group in c.groups.items():
        if group.get("qualification"):
            assert group["qualification"] in c.teams, group_id
            low, high = group["supervision_ratio"].extra["band"]
            assert low <= group["supervision_ratio"].value <= high, group_id
        low, high = group["productivity"].extra["band"]
        assert low <= group["productivity"].value <= high, group_id
        assert set(group["skills"]) <= skills, group_id


def test_the_scenario_reference_lists_every_preset():
    reference = (ROOT / "docs" / "scenario-reference.md").read_text(encoding="utf-8")
    assert presets_markdown() in reference
    for preset_id in [*catalogue().streams, *catalogue().groups]:
        assert f"| `{preset_id}` |" in reference


def test_every_note_is_a_message_of_the_catalogue_with_its_dutch_words():
    # The notes are written in the scenario's language: presets.yaml holds the English message ids.
    with (ROOT / "locale" / "nl" / "LC_MESSAGES" / "ambacht.po").open("rb") as handle:
        dutch = {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}
    missing = [note for note in catalogue().notes() if note not in dutch]
    assert catalogue().notes() and not missing, missing
    assert catalogue().in_language("nl").town["open_weeks"].note == dutch[catalogue().town["open_weeks"].note]
