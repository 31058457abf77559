"""docs/sources.md: every figure the repository cites is described there, in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "docs" / "sources.md"
CITED_IN = ["scenarios/*.yaml", "cli/*.yaml", "analysis/*.yaml", "docs/*.md", "README.md", "tests/data/*.yaml"]
SITE = re.compile(r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:nl|be|org|com|site)\b")


def anchors() -> set[str]:
    return set(re.findall(r'<a id="([a-z0-9-]+)"></a>', SOURCES.read_text(encoding="utf-8")))


def cited_files() -> list[Path]:
    return [p for pattern in CITED_IN for p in sorted(ROOT.glob(pattern))]


def test_every_cited_anchor_exists():
    known = anchors()
    missing = []
    for path in cited_files():
        for anchor in re.findall(r"sources\.md#([a-z0-9-]+)", path.read_text(encoding="utf-8")):
            if anchor not in known:
                missing.append(f"{path.relative_to(ROOT)}: #{anchor}")
    assert not missing, missing


def test_every_anchor_is_a_heading_with_its_id():
    text = SOURCES.read_text(encoding="utf-8")
    for anchor in anchors():
        assert re.search(rf'<a id="{anchor}"></a>\n### .* — `{anchor}`', text), anchor


def test_every_cited_website_is_described_in_the_sources():
    described = SOURCES.read_text(encoding="utf-8")
    missing = set()
    for path in cited_files():
        if path == SOURCES:
            continue
        for site in SITE.findall(path.read_text(encoding="utf-8")):
            if site not in described and not site.endswith(("github.com", "dask.org")):
                missing.add(f"{path.relative_to(ROOT)}: {site}")
    assert not missing, sorted(missing)


# Names of documents that live outside the repository, spelt so that this file does not
# contain them itself: no file of the repo may cite them (docs/sources.md holds the figures).
OUTSIDE_NAMES = ("-".join(("REFERENCE", "PARAMETERS")), "/".join(("", "work", "shared")))


def test_nothing_points_outside_the_repository():
    for path in [*cited_files(), *sorted(ROOT.glob("**/*.py"))]:
        if ".venv" in path.parts or path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8")
        for outside in OUTSIDE_NAMES:
            assert outside not in text, path
