"""What the user sees while an experiment runs: where its results go, then a progress bar with
ETA on stderr (rich; no bar with --quiet)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from sim import text


class Bar:
    """An :class:`analysis.experiments.runner.Progress` for the terminal; use it as a context manager.

    ``wanted``: the folder the user asked for (to say so when the results go elsewhere);
    ``replace``: --force was given.
    """

    def __init__(self, lang: str, quiet: bool, wanted: Path | str | None = None, replace: bool = False) -> None:
        self.lang = lang
        self.quiet = quiet
        self.wanted = Path(wanted) if wanted is not None else None
        self.replace = replace
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def folder(self, path: Path) -> None:
        _ = text.translation(self.lang).gettext
        if self.wanted is not None and path != self.wanted:
            said = _("{wanted} exists; results go to {folder}/", wanted=self.wanted, folder=path)
        elif self.replace and path.is_dir() and any(path.iterdir()):
            said = _("Results go to {folder}/ (the earlier results there are replaced when all is done)", folder=path)
        else:
            said = _("Results go to {folder}/", folder=path)
        click.echo(said, err=True)

    def note(self, message: str) -> None:
        click.echo(message, err=True)

    def start(self, total: int, label: str) -> None:
        if self.quiet or total <= 1:
            self.task = None
            return
        if self.bar is None:
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
        if self.task is not None:
            self.bar.remove_task(self.task)
        self.task = self.bar.add_task(label, total=total)

    def advance(self, done: int) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task, done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()
