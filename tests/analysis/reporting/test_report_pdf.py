"""The report's PDF, worth attaching to a council proposal: the structure of the HTML report
(headings, the answer, the key figures, every chart with its caption, the assumptions with their
sources), A4 on every page, and no blank page.

Pages are rendered to images with PDFium (pypdfium2, a dev dependency: the renderer of
Chromium's PDF viewer), so the test needs no system program.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.reporting import pdf
from analysis.reporting.report import write_report
from tests.analysis.folders import CENTRE, run_folder

pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 renders the PDF's pages (pip install -e '.[dev]')")
if pdf.engine_problem() is not None:
    pytest.skip(f"no PDF can be made here: {pdf.engine_problem()}", allow_module_level=True)


class Outline(HTMLParser):
    """What a reader sees of the HTML report's structure: headings, captions, table row labels."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.captions: list[str] = []
        self.row_labels: list[str] = []
        self.images = 0
        self._open: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images += 1
        if tag in ("h1", "h2", "h3", "figcaption") or (tag == "th" and ("scope", "row") in attrs):
            self._open, self._text = tag, ""

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag != self._open:
            return
        found = " ".join(self._text.split())
        {"figcaption": self.captions, "th": self.row_labels}.get(tag, self.headings).append(found)
        self._open = None


def _words(text: str) -> str:
    return " ".join(text.split())


def _squeezed(text: str) -> str:
    """Text without white space: a line the PDF breaks after a hyphen ('95%-') reads the same."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = run_folder(tmp_path_factory.mktemp("pdf") / "centre", CENTRE, replications=2)
    html = write_report(folder, "nl")
    return html, html.with_suffix(".pdf")


def _pages(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    return [_words(document[i].get_textpage().get_text_range()) for i in range(len(document))]


def test_every_page_is_a4(report: tuple[Path, Path]) -> None:
    document = pdfium.PdfDocument(str(report[1]))
    assert len(document) >= 3
    for i in range(len(document)):
        width, height = document[i].get_size()
        assert abs(width - pdf.A4_POINTS[0]) < 0.5 and abs(height - pdf.A4_POINTS[1]) < 0.5, (i, width, height)


def test_the_pdf_has_the_structure_of_the_html_report(report: tuple[Path, Path]) -> None:
    html, path = report
    outline = Outline()
    outline.feed(html.read_text(encoding="utf-8"))
    pages = _pages(path)
    first, whole = pages[0], _squeezed(" ".join(pages))
    for heading in ("Rapport: Testcentrum Rivierenland", "Samenvatting", "De vraag", "Het antwoord", "Kerncijfers"):
        assert heading in first, heading
    assert "Contract met Atelier Tweede Leven – Kleding (kg):" in first, "the answer is on the first page"
    position = 0
    for heading in outline.headings:
        found = whole.find(_squeezed(heading), position)
        assert found >= 0, f"heading {heading!r} missing or out of order"
        position = found
    for heading in ("Grafieken", "Aannames", "Bronnen"):
        assert heading in outline.headings
    for caption in outline.captions:
        assert _squeezed(caption) in whole, f"caption {caption[:60]!r} missing"
    for label in outline.row_labels:
        assert _squeezed(label) in whole, f"key figure {label!r} missing"
    assert _squeezed("Monitor Kringloop Nederland") in whole, "the sources are listed"
    assert re.search(r"\b1 / \d+\b", first), "pages are numbered"


def test_every_chart_is_in_the_pdf_and_no_page_is_blank(report: tuple[Path, Path]) -> None:
    from PIL import ImageStat

    html, path = report
    outline = Outline()
    outline.feed(html.read_text(encoding="utf-8"))
    document = pdfium.PdfDocument(str(path))
    images = 0
    for i in range(len(document)):
        page = document[i]
        images += len(list(page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])))
        grey = page.render(scale=0.5).to_pil().convert("L")
        ink = sum(grey.histogram()[:200]) / (grey.width * grey.height)
        assert ink > 0.01 and ImageStat.Stat(grey).stddev[0] > 10, f"page {i + 1} looks blank (ink {ink:.4f})"
    assert images == outline.images > 0


def test_without_its_engine_the_report_says_how_to_get_a_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pdf.missing_note("nl") is None
    monkeypatch.setattr(pdf, "engine_problem", lambda: "cannot load library 'libpango-1.0-0'")
    note = pdf.missing_note("nl")
    assert note is not None and "Geen PDF" in note and "libpango" in note and "browser" in note
