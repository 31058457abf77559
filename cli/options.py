"""Options and helpers every experiment command shares: where runs happen and where results went.

Kept apart from the commands themselves so that no command module imports another.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from analysis.experiments.executors import Executor, make_executor
from cli.common import echo_missing_pdf
from cli.progress import Bar
from sim import text
from sim.text import N_

EXECUTOR_OPTIONS = [
    click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
                 help=N_("Local worker processes.")),
    click.option("--scheduler", metavar="ADDRESS",
                 help=N_("Run on an existing Dask cluster: tcp://HOST:PORT (no authentication) or tls://HOST:PORT.")),
]


def executor_options(f: Any) -> Any:
    for option in reversed(EXECUTOR_OPTIONS):
        f = option(f)
    return f


@contextmanager
def running(workers: int, scheduler: str | None, lang: str, quiet: bool, out: str | Path | None = None,
            force: bool = False) -> Iterator[tuple[Executor, Bar]]:
    """The executor that ``--workers``/``--scheduler`` ask for and the progress bar, closed together."""
    with make_executor(workers, scheduler) as executor, Bar(lang, quiet, out, force) as bar:
        yield executor, bar


def print_written(folder: Path | None, report: bool, lang: str) -> None:
    """Where the results (and the report) went; writes the report when asked."""
    if folder is None:
        return
    click.echo(text.translation(lang).gettext("results in {folder}/", folder=folder))
    for sheet in sorted(folder.glob("results-*.xlsx")):
        click.echo(text.translation(lang).gettext("spreadsheet: {path}", path=sheet))
    if report:
        from analysis.reporting.report import write_report

        click.echo(text.translation(lang).gettext("report: {path}", path=write_report(folder, lang)))
        echo_missing_pdf(lang)
