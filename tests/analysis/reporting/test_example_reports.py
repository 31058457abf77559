"""Every example scenario gets its charts and report in Dutch and in English."""

from __future__ import annotations

import functools
import re
from html import escape as html_escape
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from analysis.experiments.replications import run_replications
from analysis.reporting.report import write_report
from analysis.reporting.tables import summary_rows

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_has_charts_and_report_in_both_languages(example: Path, tmp_path: Path) -> None:
    # A short version of the example: the same centre over eight weeks, two replications.
    yaml = YAML()
    data = yaml.load(example.read_text(encoding="utf-8"))
    data["experiment"]["horizon"] = "8 weeks"
    data["experiment"]["warm_up"] = "1 week"
    short = tmp_path / example.name
    with short.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    result = run_replications(short, 2, out=tmp_path / "out", lang="nl")
    folder = result.folder
    assert folder is not None
    for lang, word in (("nl", "Samenvatting"), ("en", "Summary")):
        html = write_report(folder, lang).read_text(encoding="utf-8")
        assert word in html and html.count("<img") >= 4
        assert (folder / f"report-{lang}.pdf").exists()
        assert len(list((folder / "charts").glob(f"*-{lang}.png"))) >= 4
        if lang == "nl":
            table = "\n".join(" ".join(row) for row in summary_rows(result.summary, "nl"))
            own = [html_escape(str(x), quote=False) for x in result.loaded.scenario.sources]  # the user's words
            seen = reader_text(functools.reduce(lambda page, source: page.replace(source, " "), own, html))
            leaked = english_leaks(seen) | english_leaks(table) | english_leaks(result.diagnosis["text"]["nl"])
            assert not leaked, f"English words in the Dutch report of {example.stem}: {sorted(leaked)}"


LEAKED_BEFORE = re.compile(r"\b(seed|seeds|runs|bag|bags|item|items|infeasible|unsure)\b", re.IGNORECASE)
"""English words that once leaked into Dutch output (issue 10). Whole words only: 'items' inside a
Dutch compound or 'runs' inside 'Bruinsma' do not count."""


def reader_text(html: str) -> str:
    """What a reader sees of the report: text and alt texts, without markup, styles or the commands
    to retype (option names such as --seed are the program's, not prose)."""
    html = re.sub(r"(?s)<(style|pre)\b.*?</\1>", " ", html)
    alts = " ".join(re.findall(r'alt="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + alts


def english_leaks(words: str) -> set[str]:
    return {m.group(0).lower() for m in LEAKED_BEFORE.finditer(words)}
