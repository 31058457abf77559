"""``ambacht report`` on any folder Ambacht writes: which kind of folder it is, and its page.

A results folder of ``run``, ``compare`` or ``sweep`` (``summary.csv``) gets the council report
(:mod:`analysis.reporting.report`); a business case (``business.json``), an uncertainty study
(``uncertainty.json``), a comparison of centres (``centres.json``) and a back-test
(``backtest.json``) get their own page again, in the asked language. A target search's folder (``frontier.csv``) and anything else get a
clear message saying what the folder holds and which command makes a report, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

from sim import text

RESULTS, BUSINESS, UNCERTAINTY, CENTRES, BACKTEST, TARGET, UNKNOWN = (
    "results", "business", "uncertainty", "centres", "backtest", "target", "unknown")


class NoReport(Exception):
    """The folder holds nothing a report can be made of; ``key`` names why (see :func:`message`)."""

    def __init__(self, key: str, folder: Path) -> None:
        super().__init__(key)
        self.key = key
        self.folder = folder


def kind(folder: Path) -> str:
    """What a folder Ambacht wrote holds: one of RESULTS, BUSINESS, UNCERTAINTY, CENTRES, BACKTEST, TARGET,
    UNKNOWN."""
    if (folder / "business.json").is_file():
        return BUSINESS
    if (folder / "uncertainty.json").is_file():
        return UNCERTAINTY
    if (folder / "centres.json").is_file():
        return CENTRES
    if (folder / "backtest.json").is_file():
        return BACKTEST
    if (folder / "summary.csv").is_file():
        return RESULTS
    if (folder / "frontier.csv").is_file():
        return TARGET
    kept = ("replications.csv", "replications.parquet", "sweep.sqlite")
    if _command(folder) in ("run", "compare", "sweep") and any((folder / name).is_file() for name in kept):
        return RESULTS  # results with a file missing: reading them says which, and how to rebuild it
    return UNKNOWN


def _command(folder: Path) -> str | None:
    """The command that wrote the folder, as its settings.json says (None when unreadable)."""
    import json

    try:
        found = json.loads((folder / "settings.json").read_text(encoding="utf-8")).get("command")
    except (OSError, ValueError, AttributeError):
        return None
    return found if isinstance(found, str) else None


def message(error: NoReport, lang: str) -> str:
    """Why there is no report of the folder, and what to do, in the reader's language."""
    _ = text.translation(lang).gettext
    if error.key == "target":
        return _("{folder}: a target search's folder; its answer is frontier.csv (every option, its cost and "
                 "verdict). For a report of the option it chose, run it: 'ambacht run FILE --out DIR --report' "
                 "with that staffing.", folder=error.folder)
    if error.key == "unfinished":
        return _("{folder}: this study has not finished, so there is nothing to report yet; continue it with "
                 "the same command and --resume.", folder=error.folder)
    return _("{folder}: no results Ambacht can report on (no summary.csv, business.json, uncertainty.json, "
             "centres.json or backtest.json); make one with 'ambacht run FILE --out {folder}'.", folder=error.folder)


def rewrite_uncertainty(folder: Path, lang: str, out: Path | None = None) -> Path:
    """The page and tornado chart of an uncertainty study's folder again, in ``lang``."""
    from analysis.reporting.charts.context import load_folder_scenario
    from analysis.reporting.charts.output import save
    from analysis.reporting.uncertainty_report import draw, page, read_result
    from analysis.results.files import write_text_atomic

    result = read_result(folder)
    loaded = load_folder_scenario(folder)
    scenario = loaded.scenario if loaded is not None else None
    (folder / "charts").mkdir(exist_ok=True)
    for chart in draw(result, lang, scenario):
        save(chart, folder / "charts", lang)
    target = out or folder / f"uncertainty-{lang}.html"
    write_text_atomic(target, page(result, lang, scenario))
    return target


def rewrite_centres(folder: Path, lang: str, out: Path | None = None) -> Path:
    """The comparison chart and page of a folder of centres again, in ``lang``."""
    from analysis.experiments.centres import CentresResult
    from analysis.reporting.centres_report import chart, page
    from analysis.reporting.charts.output import save
    from analysis.results.files import write_text_atomic

    data = json.loads((folder / "centres.json").read_text(encoding="utf-8"))
    result = CentresResult(data["centres"], data.get("figures", []), int(data.get("replications", 0)))
    (folder / "charts").mkdir(exist_ok=True)
    save(chart(result, lang), folder / "charts", lang)
    target = out or folder / f"centres-{lang}.html"
    write_text_atomic(target, page(result, lang))
    return target


def rewrite(folder: Path, lang: str, out: Path | None = None) -> Path:
    """The page of a business case, uncertainty study, comparison of centres or back-test, in ``lang``;
    :class:`NoReport` for a target search's folder or one that holds none of these."""
    found = kind(folder)
    if found == BUSINESS:
        from analysis.reporting.business_report import rewrite_page

        return rewrite_page(folder, lang, str(out) if out is not None else None)
    if found == UNCERTAINTY:
        return rewrite_uncertainty(folder, lang, out)
    if found == CENTRES:
        return rewrite_centres(folder, lang, out)
    if found == BACKTEST:
        from analysis.calibration.history_report import rewrite_page as rewrite_backtest

        return rewrite_backtest(folder, lang, out)
    if found == TARGET:
        raise NoReport("target", folder)
    if (folder / "uncertainty.sqlite").is_file():
        raise NoReport("unfinished", folder)
    raise NoReport("unknown", folder)
