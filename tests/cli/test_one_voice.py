"""One presentation model: one run of a centre with four contracts, three of them with one
partner, rendered through the terminal, HTML, PDF, Excel, CSV and JSON, shows the same labels,
in the same order (the file's), with the same values."""

from __future__ import annotations

import csv
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from analysis.reporting import pdf
from analysis.reporting.report import write_report
from cli.main import main
from sim.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "data" / "one-partner.yaml"
FILE_ORDER = ["werkkleding", "poetsdoeken", "atelier", "gordijnen"]  # alphabetically: atelier, gordijnen, ...
NAMES = {  # the partner and what it orders; the id where one partner orders one product twice
    "werkkleding": "Lindewaard Wonen – clothing (werkkleding)",
    "poetsdoeken": "Lindewaard Wonen – cleaning rags",
    "atelier": "Atelier Naald & Draad – clothing",
    "gordijnen": "Lindewaard Wonen – clothing (gordijnen)",
}
UNITS = {"werkkleding": "weeks", "poetsdoeken": "days", "atelier": "days", "gordijnen": "weeks"}  # as promised
HOURS = {"weeks": 168.0, "days": 24.0}


def share_label(cid: str) -> str:
    return f"contract {NAMES[cid]}: on-time share"


def lead_label(cid: str) -> str:
    return f"contract {NAMES[cid]}: lead time P95 ({UNITS[cid]})"


def flat(text: str) -> str:
    return " ".join(text.split())


def figure(html: str, label: str) -> str:
    """The mean on the report's key-figure row of ``label``."""
    found = re.search(re.escape(label) + r'</th>\s*<td class="number">([^<]*)</td>', unescape(html))
    assert found is not None, label
    return found[1]


def in_order(text: str, labels: list[str]) -> list[int]:
    return [text.index(label) for label in labels]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("one-voice") / "run"
    runner = CliRunner()
    terminal = runner.invoke(main, ["run", str(SCENARIO), "-n", "3", "--out", str(folder), "--excel", "--lang", "en",
                                    "-q"])
    assert terminal.exit_code == 0, terminal.output
    as_json = runner.invoke(main, ["run", str(SCENARIO), "-n", "3", "--format", "json", "--lang", "en"])
    assert as_json.exit_code == 0, as_json.output
    html = write_report(folder, "en")
    return {"folder": folder, "terminal": terminal.output, "json": json.loads(as_json.stdout), "html": html}


def test_the_contracts_read_apart_and_in_the_files_order_everywhere(outputs: dict[str, Any]) -> None:
    labels = [share_label(c) for c in FILE_ORDER] + [lead_label(c) for c in FILE_ORDER]
    terminal = outputs["terminal"]
    html = unescape(outputs["html"].read_text(encoding="utf-8"))
    figures = html[html.index("<table"):]
    workbook = load_workbook(outputs["folder"] / "results-en.xlsx")
    headers = [str(c.value) for c in next(workbook.worksheets[0].iter_rows(max_row=1))]
    with (outputs["folder"] / "results-en.csv").open(encoding="utf-8-sig") as handle:
        csv_headers = next(csv.reader(handle))
    excel_labels = [share_label(c) + " (%)" for c in FILE_ORDER] + [lead_label(c) for c in FILE_ORDER]
    for where, found in (("terminal", in_order(terminal, labels)), ("html", in_order(figures, labels)),
                         ("excel", [headers.index(h) for h in excel_labels]),
                         ("csv", [csv_headers.index(h) for h in excel_labels])):
        assert found == sorted(found), f"{where}: not in the file's order"
    metrics = list(outputs["json"]["metrics"])
    ids = [f"contracts.{c}.on_time_share" for c in FILE_ORDER] + [f"contracts.{c}.lead_time_p95" for c in FILE_ORDER]
    positions = [metrics.index(m) for m in ids]
    assert positions == sorted(positions), "json: not in the file's order"
    if pdf.engine_problem() is None:
        pdfium = pytest.importorskip("pypdfium2")
        document = pdfium.PdfDocument(str(outputs["html"].with_suffix(".pdf")))
        words = flat(" ".join(page.get_textpage().get_text_range() for page in document))
        found = in_order(words, [flat(x) for x in labels])
        assert found == sorted(found), "pdf: not in the file's order"


def test_the_same_values_in_every_output(outputs: dict[str, Any]) -> None:
    from analysis.reporting.presentation import Presentation

    loaded = load_scenario(SCENARIO)
    shown = Presentation.of(loaded.scenario, "en", loaded.data)
    metrics = outputs["json"]["metrics"]
    terminal = outputs["terminal"]
    html = flat(outputs["html"].read_text(encoding="utf-8"))
    workbook = load_workbook(outputs["folder"] / "results-en.xlsx")
    sheet = workbook.worksheets[0]
    headers = [str(c.value) for c in next(sheet.iter_rows(max_row=1))]
    row = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    with (outputs["folder"] / "results-en.csv").open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    for cid in FILE_ORDER:
        share, lead = f"contracts.{cid}.on_time_share", f"contracts.{cid}.lead_time_p95"
        fraction, hours = metrics[share]["mean"], metrics[lead]["mean"]
        assert 0.0 <= fraction <= 1.0  # JSON: a fraction, lead times in hours
        percent = shown.cell(share, fraction)
        assert re.fullmatch(r"\d+%", percent)
        in_unit = hours / HOURS[UNITS[cid]]
        lead_text = shown.cell(lead, hours)
        # Terminal and report: the same text on the row of the same label.
        terminal_row = next(x for x in terminal.splitlines() if share_label(cid) in x)
        assert f" {percent} " in terminal_row
        terminal_lead = next(x for x in terminal.splitlines() if lead_label(cid) in x)
        assert f" {lead_text} " in terminal_lead
        assert figure(html, share_label(cid)) == percent and figure(html, lead_label(cid)) == lead_text
        # Excel and CSV: the percentage and the lead time in the promise's unit, as numbers.
        assert row[headers.index(share_label(cid) + " (%)")] == int(percent.rstrip("%"))  # rounded as shown
        assert float(lead_text.replace(",", "")) == pytest.approx(in_unit, abs=0.0501)  # one decimal from 10 on
        assert row[headers.index(lead_label(cid))] == float(lead_text.replace(",", ""))  # rounded as shown
        assert float(lines[1][lines[0].index(lead_label(cid))]) == float(lead_text.replace(",", ""))
