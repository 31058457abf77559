"""A missing required key is explained in the reader's language, with what the key is for."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import scenario_schema
from sim.loader import ScenarioError, load_scenario
from sim.messages import render
from sim.scenario.hints import REQUIRED_KEY_HINTS

FAMILIES = ("Count", "Duration", "Mass")
"""Distributions: their keys ('mean', 'min') are told by the distribution messages instead."""


def _refs(node: dict) -> list[str]:
    found = [node["$ref"]] if "$ref" in node else []
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in node.get(key, []):
            found += _refs(sub)
    return found


def required_descriptions() -> set[str]:
    """The first line of every description a missing-key message may quote."""
    schema = scenario_schema()
    defs = schema["$defs"]
    found: set[str] = set()
    for name, node in [("", schema), *defs.items()]:
        if name.startswith(FAMILIES):
            continue
        for key in node.get("required", []):
            prop = node["properties"][key]
            texts = [prop.get("description")] + [defs[r.rsplit("/", 1)[1]].get("description") for r in _refs(prop)
                                                 if not r.rsplit("/", 1)[1].startswith(FAMILIES)]
            found |= {t.split("\n", 1)[0] for t in texts if t}
    return found


def test_every_description_a_missing_key_quotes_is_in_the_catalogue() -> None:
    assert required_descriptions() <= set(REQUIRED_KEY_HINTS), sorted(required_descriptions() - set(REQUIRED_KEY_HINTS))


def test_a_missing_section_is_explained_in_dutch(tmp_path: Path) -> None:
    file = tmp_path / "m.yaml"
    file.write_text("name: x\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(file)
    dutch = caught.value.render("nl")
    assert ("calendar: verplichte sleutel 'calendar' ontbreekt: voeg 'calendar:' toe op het hoogste niveau "
            "(Tijd: een echte begindatum, openingstijden per functie, feestdagen.)") in dutch
    assert "(Time: a real start date" in caught.value.render("en")


def test_a_description_without_translation_is_left_out_not_shown_in_english() -> None:
    context = {"key": "x", "parent": "", "about": "a description nobody translated"}
    assert render("missing", context, "nl", "") == "verplichte sleutel 'x' ontbreekt: voeg 'x:' toe op het hoogste niveau"
    assert render("missing", context, "en", "").endswith("(a description nobody translated)")
