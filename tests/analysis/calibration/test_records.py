"""Reading a centre's weekly records: the formats a till or a spreadsheet exports, and a
located error (file, row, column, what is allowed) for every bad cell, never a dropped one."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.calibration.records import (
    check_against,
    metric_of,
    read_records,
    records_text,
    write_records,
)
from analysis.calibration.table import TableError


def write(tmp_path: Path, content: str, name: str = "records.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def problems(path: Path, lang: str = "en") -> list[str]:
    with pytest.raises(TableError) as caught:
        read_records(path)
    return caught.value.render(lang).splitlines()


def test_registry_names_and_dates_read(tmp_path: Path) -> None:
    path = write(tmp_path, "date,materials.textiel.kg_in,economics.revenue\n"
                           "2026-01-05,310.5,1200\n2026-01-12,290,\n2026-01-19,305,1250\n")
    records = read_records(path)
    assert records.dates == [dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 19)]
    assert records.figures["materials.textiel.kg_in"] == [310.5, 290.0, 305.0]
    revenue = records.figures["economics.revenue"]
    assert revenue[0] == 1200.0 and math.isnan(revenue[1]) and revenue[2] == 1250.0
    assert records.missing() == {"materials.textiel.kg_in": 0, "economics.revenue": 1}  # kept, and counted
    assert records.before(dt.date(2026, 1, 12)) == [0]
    assert records.from_(dt.date(2026, 1, 12)) == [1, 2]
    assert len(records.digest) == 12


def test_a_dutch_export_with_semicolons_decimal_commas_and_labels(tmp_path: Path) -> None:
    path = write(tmp_path, "datum;materiaal textiel: materiaal binnen (kg per week);economie: opbrengst;"
                           "contract atelier: aandeel op tijd\n"
                           "5-1-2026;1.310,5;1200,50;80%\n12-1-2026;290;1100;1\n")
    records = read_records(path)
    assert records.dates == [dt.date(2026, 1, 5), dt.date(2026, 1, 12)]
    assert records.figures == {"materials.textiel.kg_in": [1310.5, 290.0], "economics.revenue": [1200.5, 1100.0],
                               "contracts.atelier.on_time_share": [0.8, 1.0]}


def test_english_labels_as_ambacht_writes_them() -> None:
    assert metric_of("material textiel: material in (kg per week)") == "materials.textiel.kg_in"
    assert metric_of("economics: revenue") == "economics.revenue"
    assert metric_of("pool deelnemers: hours worked") == "pools.deelnemers.hours_worked"
    assert metric_of("economics: net result") is None  # a yearly result, not a weekly record


def test_a_thousands_point_without_a_decimal_comma_is_refused_not_guessed(tmp_path: Path) -> None:
    path = write(tmp_path, "datum;impact.kg_in\n5-1-2026;1.250\n12-1-2026;1.250,0\n19-1-2026;12.5\n")
    assert problems(path) == [f"{path}:2: column 'impact.kg_in': '1.250' reads two ways in a file with decimal "
                              "commas (a thousand, or one?): write 1000 or 1,0"]
    path = write(tmp_path, "datum;impact.kg_in\n5-1-2026;1250\n12-1-2026;1.250,0\n19-1-2026;12.5\n")
    assert read_records(path).figures["impact.kg_in"] == [1250.0, 1250.0, 12.5]


def test_excel_records_read(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Datum", "impact.kg_reused"])
    sheet.append([dt.datetime(2026, 1, 5), 120])
    sheet.append([dt.datetime(2026, 1, 12), "x"])
    path = tmp_path / "records.xlsx"
    book.save(path)
    assert problems(path) == [f"{path}:3: column 'impact.kg_reused': 'x' is not a number"]
    sheet["B3"] = 130.5
    book.save(path)
    assert read_records(path).figures == {"impact.kg_reused": [120.0, 130.5]}


def test_every_bad_cell_is_named_with_its_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "date,materials.textiel.kg_in,contracts.atelier.on_time_share,kg\n"
                           "2026-01-05,310,0.9,1\n"
                           "2026-01-12,-4,1.2,1\n"
                           "2026-13-19,300,0.5,1\n"
                           "2026-01-19,veel,0.5,1\n"
                           "2026-02-02,300,0.5,1\n")
    assert problems(path) == [
        f"{path}:1: column 'kg': not a figure weekly records can hold; name it like 'materials.<id>.kg_in' or "
        "'economics.revenue' ('ambacht fit' takes item logs)",
        f"{path}:3: column 'materials.textiel.kg_in': -4 is outside what this figure can be (0 to inf)",
        f"{path}:3: column 'contracts.atelier.on_time_share': 1.2 is outside what this figure can be (0 to 1)",
        f"{path}:4: column 'date': '2026-13-19' is not a date; write 2026-01-05 or 5-1-2026",
        f"{path}:5: column 'materials.textiel.kg_in': 'veel' is not a number",
        f"{path}:6: column 'date': 2026-02-02 does not follow 2026-01-19 by one week; weekly records have one row "
        "per week, in order (leave the cells of a week without figures empty)",
    ]


def test_the_errors_are_in_dutch_too(tmp_path: Path) -> None:
    path = write(tmp_path, "datum,impact.kg_reused\n2026-01-05,veel\n")
    (line,) = problems(path, "nl")
    assert line.startswith(f"{path}:2: kolom 'impact.kg_reused': ") and "geen getal" in line


def test_a_file_without_a_date_column_or_rows(tmp_path: Path) -> None:
    assert problems(write(tmp_path, "week_nr,impact.kg_reused\n1,2\n")) == [
        f"{tmp_path / 'records.csv'}:1: no date column: name one 'date' or 'datum'"]
    assert problems(write(tmp_path, "date,impact.kg_reused\n")) == [
        f"{tmp_path / 'records.csv'}:2: no weeks: the file has a header but no rows"]
    assert problems(tmp_path / "missing.csv") == [f"{tmp_path / 'missing.csv'}: no such file"]
    assert problems(write(tmp_path, "x", "records.pdf")) == [
        f"{tmp_path / 'records.pdf'}: not a CSV (.csv) or Excel (.xlsx) file"]


def test_a_figure_the_scenario_cannot_produce_names_those_it_can(tmp_path: Path) -> None:
    records = read_records(write(tmp_path, "date,materials.textil.kg_in\n2026-01-05,3\n"))
    with pytest.raises(TableError) as caught:
        check_against(records, {"materials.textiel.kg_in", "materials.meubels.kg_in", "economics.revenue"})
    assert caught.value.render("en") == (
        f"{tmp_path / 'records.csv'}:1: column 'materials.textil.kg_in': the scenario has no such figure; of this "
        "kind it has: materials.meubels.kg_in, materials.textiel.kg_in")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 1e7, allow_nan=False)), min_size=1, max_size=30))
def test_written_records_read_back(tmp_path_factory: pytest.TempPathFactory, values: list[float | None]) -> None:
    first = dt.date(2026, 1, 5)
    dates = [first + dt.timedelta(days=7 * i) for i in range(len(values))]
    figures = {"impact.kg_in": [math.nan if v is None else v for v in values]}
    path = write_records(tmp_path_factory.mktemp("w") / "w.csv", dates, figures)
    back = read_records(path)
    assert back.dates == dates
    for got, want in zip(back.figures["impact.kg_in"], figures["impact.kg_in"], strict=True):
        assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-5)
    assert records_text(dates, figures) == path.read_text(encoding="utf-8")


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 1e9, allow_nan=False), st.integers(0, 6))
def test_a_number_reads_the_same_with_a_decimal_point_or_comma(value: float, decimals: int) -> None:
    from analysis.calibration.table import Ambiguous, number

    written = f"{value:.{decimals}f}"
    assert number(written, decimal_comma=False) == pytest.approx(float(written))
    # a Dutch export: thousands with '.', decimals with ','
    whole, _, fraction = written.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    dutch = grouped + ("," + fraction if fraction else "")
    if "." in dutch and "," not in dutch:  # '1.000': a thousand, or one? Refused, never guessed
        with pytest.raises(Ambiguous):
            number(dutch, decimal_comma=True)
    else:
        assert number(dutch, decimal_comma=True) == pytest.approx(float(written))


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))
def test_a_date_reads_the_same_in_iso_and_dutch_writing(day: dt.date) -> None:
    from analysis.calibration.table import date

    assert date(day.isoformat()) == day
    assert date(f"{day.day}-{day.month}-{day.year:04d}") == day
    assert date(dt.datetime(day.year, day.month, day.day, 0, 0)) == day


def test_monthly_records_are_dated_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, "date,impact.kg_in\n2026-11-01,1300\n2026-12-01,1200\n2027-01-01,1250\n")
    records = read_records(path)
    assert records.period == "month"
    assert records.end(2) == dt.date(2027, 2, 1)
    path = write(tmp_path, "date,impact.kg_in\n2026-11-01,1300\n2026-12-01,1200\n2027-01-15,1250\n")
    assert problems(path) == [
        f"{path}:4: column 'date': 2027-01-15 is not the first day of the month after 2026-12-01; monthly records "
        "have one row per month, dated the 1st, in order (leave the cells of a month without figures empty)"]
