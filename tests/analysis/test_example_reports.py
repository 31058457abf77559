"""Every example scenario gets its charts and report in Dutch and in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from analysis.replications import run_replications
from analysis.report import write_report

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))


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
    folder = run_replications(short, 2, out=tmp_path / "out", lang="nl").folder
    assert folder is not None
    for lang, word in (("nl", "Samenvatting"), ("en", "Summary")):
        html = write_report(folder, lang).read_text(encoding="utf-8")
        assert word in html and html.count("<img") >= 4
        assert (folder / f"report-{lang}.pdf").exists()
        assert len(list((folder / "charts").glob(f"*-{lang}.png"))) >= 4
