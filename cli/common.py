"""What every command shares: language option, clean errors and stops, loading scenarios."""

from __future__ import annotations

import functools
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from analysis.experiments.runner import Interrupted, Stopped
from analysis.experiments.sweeps import SweepError
from analysis.results.files import FolderError, write_failure
from sim import text
from sim.loader import LoadedScenario, ScenarioError, load_scenario, written_language
from sim.overload import Overloaded
from sim.text import N_

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(list(text.LANGUAGES)),
    default=None,
    help=N_("Language of messages, tables and charts (default: the scenario's 'language')."),
)
QUIET_OPTION = click.option("--quiet", "-q", is_flag=True, help=N_("No progress bar."))
SEED_OPTION = click.option("--seed", type=click.IntRange(0, 2**63 - 1), help=N_("Seed (default: the scenario's)."))
FORCE_OPTION = click.option("--force", is_flag=True,
                            help=N_("Replace an existing results folder that Ambacht wrote (others are never touched)."))

EXCEL_HELP = N_("Also write the results for spreadsheets: results-<lang>.xlsx and results-<lang>.csv, one row per "
                 "option, readable headers with units, numbers as in the report (Dutch CSV: ';' and decimal comma).")

_LANG_KEY = "ambacht.lang"


def echo_missing_pdf(lang: str) -> None:
    """Tell the user (on stderr) when a report came without its PDF, and why."""
    from analysis.reporting.pdf import missing_note

    note = missing_note(lang)
    if note is not None:
        click.echo(note, err=True)


class UserError(click.ClickException):
    """A mistake the user can fix: printed without a traceback, exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


def exit_code(signum: int) -> int:
    """128 + the signal's number: 130 after Ctrl-C (SIGINT), 143 after SIGTERM."""
    return 128 + signum


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """While a command runs, SIGTERM stops it the way Ctrl-C does (finished work is kept)."""
    def stop(signum: int, frame: Any) -> None:
        raise Stopped(signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. a test runner's worker): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Clean messages instead of tracebacks: scenario and folder problems exit 1, a stop
    (Ctrl-C, SIGTERM) says what was kept and exits 130 (143 for SIGTERM)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        def lang() -> str:
            ctx = click.get_current_context(silent=True)
            return (ctx.meta.get(_LANG_KEY) if ctx is not None else None) or kwargs.get("lang") or "en"

        try:
            with stop_on_sigterm():
                return command(*args, **kwargs)
        except ScenarioError as error:
            raise UserError(error.render(lang())) from None
        except FolderError as error:
            raise UserError(error.render(lang())) from None
        except SweepError as error:
            raise UserError(error.render(lang())) from None
        except (OSError, sqlite3.OperationalError) as error:
            failure = write_failure(error)  # a full disk, a folder that cannot be written: told, no traceback
            if failure is None:
                raise
            raise UserError(failure.render(lang())) from None
        except Overloaded as error:  # a run that cannot keep up: a finding, told without a traceback
            raise UserError(error.render(lang())) from None
        except Interrupted as stop:
            click.echo(text.translation(lang()).gettext("Interrupted; nothing was written."), err=True)
            sys.exit(exit_code(stop.signum))
        except (KeyboardInterrupt, Stopped) as stop:
            click.echo(text.translation(lang()).gettext("Interrupted; nothing was written."), err=True)
            sys.exit(exit_code(stop.signum if isinstance(stop, Stopped) else signal.SIGINT))

    return wrapper


def load(path: str | Path, lang: str | None) -> LoadedScenario:
    """The scenario at ``path``; when it cannot be loaded and no --lang was given, its problems
    are told in the language the file names (``language: nl``)."""
    try:
        return load_scenario(path)
    except ScenarioError:
        written = written_language(path)
        ctx = click.get_current_context(silent=True)
        if lang is None and written in text.LANGUAGES and ctx is not None:
            ctx.meta[_LANG_KEY] = written
        raise


def language(lang: str | None, loaded: LoadedScenario | None = None) -> str:
    """The language of the command's output (--lang, else the scenario's); remembered for the
    messages of :func:`friendly`."""
    chosen = lang or (loaded.scenario.language if loaded is not None else text.SOURCE_LANGUAGE)
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[_LANG_KEY] = chosen
    return chosen


WIDE = 200
"""Width of output written to a file or a pipe: enough that a table's names never wrap there."""


def terminal() -> Console:
    """Where tables go: the terminal's own width on a terminal, :data:`WIDE` elsewhere."""
    return Console(width=None if sys.stdout.isatty() else WIDE)


def show(table: Table, console: Console | None = None) -> None:
    """Print a table whose cells wrap (a long name onto more lines) instead of being cut with '…'."""
    for column in table.columns:
        column.overflow = "fold"
        column.no_wrap = False
    (console or terminal()).print(table)
