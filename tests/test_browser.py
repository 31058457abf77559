"""A generated report in a real browser (headless Chromium): it loads without console errors,
asks the network for nothing, and shows every chart (decoded, not blank).

Needs Chromium (/usr/bin/chromium; ``apt-get install -y chromium``) and the ``playwright``
package (``pip install -e '.[browser]'``; it drives the installed Chromium, downloads nothing).
Without them the test is skipped, except on CI (the CI environment variable set), where a
missing browser is a failure: the report must be checked there.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from analysis.reporting.report import write_report
from tests.analysis.folders import CENTRE, run_folder

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    path = found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        _missing("no Chromium found (apt-get install -y chromium)")
    return str(path)


def _missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run on CI: {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = run_folder(tmp_path_factory.mktemp("browser") / "centre", CENTRE, replications=2)
    return write_report(folder, "nl")


def test_the_report_shows_every_chart_in_a_browser(report: Path, tmp_path: Path) -> None:
    chromium = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[browser]')")
    from PIL import Image, ImageStat

    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=chromium, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1100, "height": 900},
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri(), wait_until="load")
            images = page.eval_on_selector_all(
                "img", "els => els.map(e => ({alt: e.alt, complete: e.complete, width: e.naturalWidth, "
                       "height: e.naturalHeight, shown: e.getBoundingClientRect().width}))")
            assert page.evaluate("document.documentElement.lang") == "nl"
            assert len(images) == 7
            for image in images:
                assert image["complete"] and image["width"] > 200 and image["height"] > 200, image
                assert image["shown"] > 300, "shown at a readable size"
            for i, element in enumerate(page.query_selector_all("img")):
                element.scroll_into_view_if_needed()
                shot = Image.open(io.BytesIO(element.screenshot())).convert("L")
                spread = ImageStat.Stat(shot).stddev[0]
                assert spread > 10, f"chart {i} looks blank (pixel spread {spread:.1f})"
            page.set_viewport_size({"width": 1100, "height": 900})
            whole = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("L")
            assert ImageStat.Stat(whole).stddev[0] > 10
        finally:
            browser.close()
    assert not problems, problems
    external = [u for u in requests if not u.startswith(("file:", "data:", "about:"))]
    assert not external, f"the report asked the network for {external}"
