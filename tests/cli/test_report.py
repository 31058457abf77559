"""`ambacht report` and `ambacht draw` as a user types them: what they print and their exit codes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner, Result

from cli.main import main
from tests.analysis.folders import CENTRE, MMC, run_folder
from tests.analysis.test_report import Page


def ambacht(*args: str) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_ambacht_report_works_on_any_results_folder(tmp_path: Path) -> None:
    folder = run_folder(tmp_path / "mmc", MMC, replications=2, lang="en")
    result = ambacht("report", str(folder), "--no-levers")
    assert result.exit_code == 0, result.output
    page = Page((folder / "report-en.html").read_text(encoding="utf-8"))
    assert page.lang == "en" and page.images, "the default language is the folder's"
    assert "no contracts" in page.words
    out = tmp_path / "raad" / "raadsvoorstel.html"
    result = ambacht("report", str(folder), "--lang", "nl", "--out", str(out), "--no-levers")
    assert result.exit_code == 0, result.output
    assert out.exists() and out.with_suffix(".pdf").exists()


def test_ambacht_report_refuses_a_folder_that_is_not_a_result(tmp_path: Path) -> None:
    result = ambacht("report", str(tmp_path))
    assert result.exit_code == 1
    assert "not a results folder" in result.output and "Traceback" not in result.output


def test_ambacht_draw_writes_png_or_svg_by_the_suffix(tmp_path: Path) -> None:
    result = ambacht("draw", str(CENTRE), "--out", str(tmp_path / "keten.svg"), "--lang", "en")
    assert result.exit_code == 0, result.output
    root = ET.parse(tmp_path / "keten.svg").getroot()
    assert root.tag.endswith("svg")
    bad = ambacht("draw", str(CENTRE), "--out", str(tmp_path / "keten.txt"))
    assert bad.exit_code == 1 and ".png" in bad.output
