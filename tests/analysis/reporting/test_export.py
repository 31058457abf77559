"""Results for a spreadsheet (--excel): a workbook and a CSV that open right in Excel and
LibreOffice: one row per option, readable headers with units, rounded real numbers."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.experiments.replications import run_replications
from analysis.experiments.sweep_run import run_sweep
from sim.loader import load_scenario
from tests.analysis.helpers import SHORT, write_scenario

PEOPLE = "workforce.deelnemers.people"
INTERNAL_NAME = re.compile(r"\b[a-z_]+\.[a-z_<>]+")
"""A metric's or a path's internal name ('impact.kg_in', 'workforce.deelnemers.people')."""


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("export")
    loaded = load_scenario(write_scenario(tmp / "centre.yaml", **SHORT))
    return run_sweep(loaded, {PEOPLE: [2, 3]}, tmp / "sweep", 2, lang="nl", excel=True).folder


@pytest.fixture(scope="module")
def run_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("export-en")
    folder = run_replications(write_scenario(tmp / "centre.yaml", **SHORT), 2, out=tmp / "run", lang="en",
                              excel=True).folder
    assert folder is not None
    return folder


def _summary(folder: Path) -> pd.DataFrame:
    summary = pd.read_csv(folder / "summary.csv")
    if "key" not in summary.columns:
        summary["key"] = ""
    summary["key"] = summary["key"].fillna("").astype(str)
    return summary.set_index(["key", "metric"])


def test_the_workbook_has_one_row_per_variant_named_by_its_values(sweep: Path) -> None:
    book = pd.read_excel(sweep / "results-nl.xlsx", engine="openpyxl")
    assert list(book.iloc[:, 0]) == [2, 3]
    assert book.columns[0] == "deelnemers: aantal mensen"
    keys = set(pd.read_csv(sweep / "variants.csv")["key"])
    cells = {str(c) for c in book.astype(str).to_numpy().ravel()} | set(book.columns)
    assert not keys & cells, "the variant's hash key is not what a reader sees"


def test_headers_are_translated_with_units_and_no_internal_names(sweep: Path, run_en: Path) -> None:
    dutch = list(pd.read_excel(sweep / "results-nl.xlsx", engine="openpyxl").columns)
    english = list(pd.read_excel(run_en / "results-en.xlsx", engine="openpyxl").columns)
    assert "impact: materiaal hergebruikt (kg per jaar)" in dutch
    assert "impact: material reused (kg per year)" in english
    assert "contract Hotel – meubel: aandeel op tijd (%)" in dutch  # the partner and what it orders
    assert "step sorteren: mean wait (hours)" in english
    assert "stap sorteren: doorvoer (partijen per week)" in dutch
    for headers in (dutch, english):
        assert len(set(headers)) == len(headers)
        assert not [h for h in headers if INTERNAL_NAME.search(h)]
        assert all(h.endswith(")") for h in headers[1:]), "every metric's header names its unit"
    assert not set(dutch[1:]) & set(english[1:])


def test_numbers_are_real_numbers_rounded_as_in_the_report(sweep: Path, run_en: Path) -> None:
    for folder, name in ((sweep, "results-nl.xlsx"), (run_en, "results-en.xlsx")):
        book = pd.read_excel(folder / name, engine="openpyxl")
        metrics = book.columns[1:]
        assert all(pd.api.types.is_numeric_dtype(book[c]) for c in metrics)
        values = book[metrics].to_numpy(dtype=float).ravel()
        values = values[~pd.isna(values)]
        assert all(round(v, 2) == v for v in values), "no 16 digits"
        assert all(v == 0 or abs(v) >= 0.01 for v in values), "no -7.3e-13 noise"
    book = pd.read_excel(sweep / "results-nl.xlsx", engine="openpyxl")
    summary = _summary(sweep)
    keys = list(pd.read_csv(sweep / "variants.csv")["key"])
    for row, key in enumerate(keys):
        reused = summary.at[(key, "impact.kg_reused"), "mean"]
        assert reused >= 100
        assert book.at[row, "impact: materiaal hergebruikt (kg per jaar)"] == round(reused)
        share = summary.at[(key, "impact.reuse_share"), "mean"]
        assert book.at[row, "impact: aandeel hergebruik (%)"] == round(share * 100)
        wait = summary.at[(key, "steps.sorteren.wait_mean"), "mean"]
        places = 0 if wait >= 100 else 1 if wait >= 10 else 2
        assert book.at[row, "stap sorteren: gemiddelde wachttijd (uur)"] == round(wait, places)


def test_the_workbook_keeps_the_intervals_and_the_provenance(sweep: Path) -> None:
    sheets = pd.read_excel(sweep / "results-nl.xlsx", engine="openpyxl", sheet_name=None)
    assert list(sheets) == ["Resultaten", "Intervallen", "Verantwoording"]
    intervals = sheets["Intervallen"]
    row = intervals[(intervals["maat"] == "impact: materiaal hergebruikt") & (intervals.iloc[:, 0] == 2)].iloc[0]
    assert row["eenheid"] == "kg per jaar" and row["replicaties"] == 2
    assert row["95%-interval: laag"] <= row["gemiddelde"] <= row["95%-interval: hoog"]
    about = sheets["Verantwoording"].astype(str).to_numpy().ravel()
    assert load_scenario(sweep / "scenario.yaml").content_hash in about


def test_the_dutch_csv_has_a_bom_semicolons_decimal_commas_and_the_same_headers(sweep: Path) -> None:
    raw = (sweep / "results-nl.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    book = pd.read_excel(sweep / "results-nl.xlsx", engine="openpyxl")
    assert rows[0] == list(book.columns)
    cells = [c for r in rows[1:] for c in r[1:]]
    assert any("," in c for c in cells) and not any("." in c for c in cells)
    read = pd.read_csv(sweep / "results-nl.csv", sep=";", decimal=",", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(read, book, check_dtype=False)
    # The files a program reads stay plain: 'ambacht report' reads them back.
    assert (sweep / "summary.csv").read_text().startswith("key,metric,mean")


def test_the_english_csv_uses_commas_and_points(run_en: Path) -> None:
    text = (run_en / "results-en.csv").read_text(encoding="utf-8-sig")
    assert text.startswith("scenario,contract Hotel – meubel: on-time share (%),")  # headline first, as shown
    assert pd.read_csv(run_en / "results-en.csv", encoding="utf-8-sig").shape[0] == 1


def test_every_number_in_the_workbook_is_a_numeric_cell_with_a_number_format(sweep: Path) -> None:
    # What a spreadsheet (Excel, LibreOffice) reads: the cell's type and number format as stored in
    # the file, read back with openpyxl (runs everywhere, no office suite needed). A number written
    # as text would be left-aligned and not add up; the CSV beside it has the same values.
    from openpyxl import load_workbook

    sheet = load_workbook(sweep / "results-nl.xlsx").worksheets[0]
    rows = list(csv.reader(io.StringIO((sweep / "results-nl.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [cell.value for cell in sheet[1]] == rows[0]
    assert sheet.freeze_panes == "B2"
    numbers = 0
    for cells, line in zip(sheet.iter_rows(min_row=2), rows[1:], strict=True):
        for cell, written in zip(cells, line, strict=True):
            if written == "":
                assert cell.value is None
                continue
            assert cell.data_type == "n", f"{cell.coordinate} holds text {cell.value!r}, not a number"
            assert isinstance(cell.value, int | float) and cell.value == float(written.replace(",", "."))
            decimals = {"#,##0": 0, "#,##0.0": 1, "#,##0.00": 2}[cell.number_format]
            assert round(cell.value, decimals) == cell.value, (cell.coordinate, cell.value, cell.number_format)
            numbers += 1
    assert numbers == len(rows[1:]) * len(rows[0]) - sum(c == "" for r in rows[1:] for c in r) > 10
