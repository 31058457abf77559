"""What every command shares: language option, clean errors, loading scenarios."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from sim.loader import LoadedScenario, ScenarioError, load_scenario

LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["en", "nl"]),
    default=None,
    help="Language of messages, tables and charts (default: the scenario's 'language').",
)


class UserError(click.ClickException):
    """A mistake the user can fix: printed without a traceback, exit code 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


def friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn scenario problems into clean messages (exit code 1) instead of tracebacks."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ScenarioError as error:
            raise UserError(error.render(kwargs.get("lang") or "en")) from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper


def load(path: str | Path, lang: str | None) -> LoadedScenario:
    return load_scenario(path)


def language(lang: str | None, loaded: LoadedScenario | None = None) -> str:
    if lang:
        return lang
    return loaded.scenario.language if loaded is not None else "en"
