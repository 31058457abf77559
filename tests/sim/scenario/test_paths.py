"""Where a dotted path leads in the scenario language: the check of a sweep or change path, the
keys a place allows, the word a typo was meant to be (what a user sees when a path is wrong)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.loader import load_scenario
from sim.scenario import paths

EXAMPLE = Path(__file__).resolve().parents[3] / "scenarios" / "gemeente-businesscase.yaml"


@pytest.fixture(scope="module")
def data():  # type: ignore[no-untyped-def]
    return load_scenario(EXAMPLE).data


@pytest.mark.parametrize(("path", "expected"), [
    ("workforce.bijstand.people", ("", "")),
    ("workforce.bijstnd.people", ("workforce.bijstnd", "workforce.bijstand.people")),  # an id of the file
    ("workforce.bijstand.peple", ("workforce.bijstand.peple", "workforce.bijstand.people")),  # a key of the model
    ("workforce.bijstand.zzzzzz", ("workforce.bijstand.zzzzzz", "")),  # nothing close
    ("materials.meubels.weight_per_unit.mode", ("", "")),  # inside a distribution, by its tag
    ("materials.meubels.weight_per_unit.mdoe", ("materials.meubels.weight_per_unit.mdoe",
                                                "materials.meubels.weight_per_unit.mode")),
    ("wrkforce", ("wrkforce", "workforce")),
])
def test_a_path_is_found_or_the_first_wrong_part_named_with_the_path_meant(data, path, expected) -> None:  # type: ignore[no-untyped-def]
    assert paths.check_path(data, path, complete=True) == expected


def test_a_key_the_file_leaves_out_exists_by_default_only_in_an_incomplete_file(data) -> None:  # type: ignore[no-untyped-def]
    assert "sampling_interval" not in data["experiment"]
    assert paths.check_path(data, "experiment.sampling_interval", complete=False) == ("", "")
    assert paths.check_path(data, "experiment.sampling_interval", complete=True) == (
        "experiment.sampling_interval", "experiment.sampling_interval")
    assert paths.check_path(data, "experiment.sampling_intervl", complete=False)[0] == "experiment.sampling_intervl"


def test_the_keys_a_place_allows_in_the_models_order(data) -> None:  # type: ignore[no-untyped-def]
    assert paths.allowed_keys(["workforce", "bijstand"], data)[:8] == [
        "days", "hours", "absence", "name", "group", "people", "productivity", "skills"]
    # A distribution allows the keys of its own kind (the file's tag picks it).
    assert paths.allowed_keys(["steps", "inname", "work_content", "meubels"], data) == ["distribution", "min", "mode", "max"]
    assert paths.description(["workforce", "bijstand", "people"], data) == "head count (places)"


def test_a_typo_finds_the_closest_word_or_none() -> None:
    assert paths.closest("peple", ["skills", "people", "pool"]) == "people"
    assert paths.closest("xyz", ["skills", "people"]) == ""
    assert paths.closest("people", []) == ""


def test_a_key_at_the_wrong_level_is_told_where_it_belongs() -> None:
    homes = paths.key_homes()
    assert homes["people"] == ["workforce.<id>", "supervisors.<id>"]
    assert homes["mode"][:3] == ["materials.<id>.weight_per_unit", "materials.<id>.arrivals.batch_size",
                                 "steps.<id>.work_content.<id>"]
    assert homes["workforce"] == ["(top level)"]
