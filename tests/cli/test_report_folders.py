"""`ambacht report` on every folder Ambacht writes: a page, or a clear message; never a traceback.
A sweep that was reported on while partial and is then resumed gets its report replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from analysis.experiments.runner import Interrupted, Silent
from analysis.experiments.sweep_run import run_sweep
from cli.main import main
from tests.analysis.helpers import SHORT, write_scenario
from tests.cli.test_uncertainty import _short

ROOT = Path(__file__).resolve().parents[2]


def ambacht(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


class StopAfterOneBatch(Silent):
    """Ctrl-C as soon as the first runs are stored."""

    def advance(self, done: int) -> None:
        raise KeyboardInterrupt


def test_a_resumed_sweep_replaces_the_partial_report(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "c.yaml", **SHORT)
    out = tmp_path / "sweep"
    vary = {"workforce.deelnemers.people": [2, 3, 4]}
    with pytest.raises(Interrupted):
        run_sweep(scenario, vary, out, 2, progress=StopAfterOneBatch())
    partial = ambacht("report", out, "--lang", "en", "--no-levers")
    assert partial.exit_code == 0, partial.output
    page = (out / "report-en.html").read_text(encoding="utf-8")
    assert "These results are partial" in page
    run_sweep(scenario, vary, out, 2, resume=True)
    # Before: the page that says 'partial' stayed beside the finished results.
    page = (out / "report-en.html").read_text(encoding="utf-8")
    assert "These results are partial" not in page and "Report:" in page
    assert (out / "report-en.pdf").stat().st_mtime >= (out / "summary.csv").stat().st_mtime


def test_report_on_an_uncertainty_study_writes_its_page_in_the_language_asked(tmp_path: Path) -> None:
    scenario = _short(tmp_path, "textiel-partner")
    out = tmp_path / "study"
    made = ambacht("uncertainty", scenario, "--samples", "6", "-n", "1", "-q", "--out", out, "--lang", "nl")
    assert made.exit_code == 0, made.output
    (out / "uncertainty-en.html").unlink()
    # Before: 'AssertionError: a results folder always has summary.csv' and a traceback.
    result = ambacht("report", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out / "uncertainty-en.html")
    page = (out / "uncertainty-en.html").read_text(encoding="utf-8")
    assert 'lang="en"' in page and "Tested:" in page
    assert (out / "charts" / "tornado-en.png").exists()


def test_report_on_centres_writes_the_comparison_page(tmp_path: Path) -> None:
    a = write_scenario(tmp_path / "a.yaml", **SHORT)
    out = tmp_path / "centres"
    made = ambacht("centres", a, "-n", "1", "-q", "--out", out, "--lang", "en")
    assert made.exit_code == 0, made.output
    assert not (out / "centres-nl.html").exists()
    result = ambacht("report", out, "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert (out / "centres-nl.html").exists() and (out / "charts").is_dir()


def test_report_on_a_target_search_says_where_its_answer_is(tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "c.yaml", **{"experiment.horizon": "6 weeks", "experiment.warm_up": "1 week"})
    out = tmp_path / "target"
    found = ambacht("target", scenario, "--vary", "workforce.deelnemers.people=3,4", "--require",
                    "contracts.hotel.on_time_share >= 0", "--initial", "2", "--max-replications", "2", "-q",
                    "--out", out)
    assert found.exit_code == 0, found.output
    result = ambacht("report", out, "--lang", "en")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "target search" in result.output and "frontier.csv" in result.output
    dutch = ambacht("report", out, "--lang", "nl")
    assert dutch.exit_code == 1 and "doelzoektocht" in dutch.output


def test_report_on_a_folder_with_only_settings_says_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"command": "run", "language": "en"}', encoding="utf-8")
    result = ambacht("report", tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no summary.csv" in result.output
