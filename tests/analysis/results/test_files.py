"""Results folders: built beside their place, swapped in whole, and only a folder Ambacht wrote
is ever replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.results.files import MARKER, FolderError, FolderWriter, free_folder, marker

PROVENANCE = {"command": "run", "scenario": "test", "scenario_hash": "abc", "seed": 3, "argv": ["run", "x.yaml"],
              "created": "2026-11-29T20:00:00+00:00", "versions": {"ambacht": "0.1.0"}}


def write(target: Path, text: str, replace: bool = False) -> Path:
    writer = FolderWriter(target, PROVENANCE, replace)
    writer.json("settings.json", {**PROVENANCE, "text": text})
    (writer.path("summary.csv")).write_text(text)
    return writer.commit()


def test_every_folder_carries_a_marker_with_its_provenance(tmp_path):
    folder = write(tmp_path / "out", "one")
    found = json.loads((folder / MARKER).read_text())
    assert found["written_by"] == "ambacht" and found["scenario_hash"] == "abc" and found["seed"] == 3
    assert found["argv"] == ["run", "x.yaml"]
    assert marker(folder) is not None
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary folder is left"


def test_a_taken_folder_goes_to_the_next_free_name_unless_replaced(tmp_path):
    first = write(tmp_path / "out", "one")
    second = write(tmp_path / "out", "two")
    assert second == tmp_path / "out-2" and (first / "summary.csv").read_text() == "one"
    third = write(tmp_path / "out", "three", replace=True)
    assert third == first and (first / "summary.csv").read_text() == "three"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "out-2"]


def test_replace_refuses_a_folder_ambacht_did_not_write(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    with pytest.raises(FolderError) as error:
        FolderWriter(mine, PROVENANCE, replace=True)
    assert error.value.key == "folder_not_ours"
    assert "niet heeft geschreven" in error.value.render("nl") and "did not write" in error.value.render("en")
    assert [p.name for p in tmp_path.iterdir()] == ["mine"], "refused before anything is made"


def test_replace_refuses_an_ambacht_folder_holding_the_users_own_files(tmp_path):
    folder = write(tmp_path / "out", "one")
    (folder / "mijn-notities.docx").write_text("mine")
    with pytest.raises(FolderError) as error:
        free_folder(folder, replace=True)
    assert error.value.key == "folder_foreign_files" and "mijn-notities.docx" in error.value.render("en")


def test_a_folder_written_before_the_marker_existed_counts_as_ambachts(tmp_path):
    old = tmp_path / "out"
    old.mkdir()
    (old / "settings.json").write_text(json.dumps({"versions": {"ambacht": "0.1.0"}}))
    (old / "summary.csv").write_text("old")
    (old / "report-nl.html").write_text("<html></html>")
    (old / "charts").mkdir()
    assert write(old, "new", replace=True) == old and (old / "summary.csv").read_text() == "new"
    assert not (old / "report-nl.html").exists(), "the whole folder was swapped"


def test_a_failed_write_leaves_nothing_and_the_old_folder_whole(tmp_path):
    folder = write(tmp_path / "out", "one")
    with pytest.raises(RuntimeError), FolderWriter(folder, PROVENANCE, replace=True) as writer:
        (writer.path("summary.csv")).write_text("half")
        raise RuntimeError("disk full")
    assert (folder / "summary.csv").read_text() == "one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
