"""``--help`` and click's own messages in the reader's language.

click builds its help from texts fixed at import (docstrings, ``help=``), and its own words
("Usage:", "Missing argument") come from Python's ``gettext`` domain, not ours. So the texts
are English message ids marked with ``N_`` where they are written, and translated here when
shown: :class:`TranslatedCommand` swaps in the translations while it writes its help, and
:func:`use` points click's messages at our catalogue. The language is the command line's
``--lang``, else ``AMBACHT_LANG``, else the environment's locale (``LANG=nl_NL.UTF-8``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from sim import text
from sim.text import N_

ENVIRONMENT = "AMBACHT_LANG"
"""The variable that chooses the language of help and of messages before a scenario is read."""

CLICK_MESSAGES = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Positional arguments"), N_("Show this message and exit."),
    N_("Show the version and exit."), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Missing argument"), N_("Missing option"), N_("Missing parameter"), N_("Missing command."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"),
    N_("No such option {name!r}."), N_("No such command {name!r}."), N_("default: {default}"), N_("required"),
    N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."), N_("file"), N_("directory"), N_("path"), N_("Aborted!"),
    N_("Error: The value you entered was invalid."),
)
"""click's own messages that a user of Ambacht meets, as click writes them (it fills in the fields)."""

_CLICK_MODULES = ("core", "exceptions", "formatting", "types", "parser", "termui")
_current = [text.SOURCE_LANGUAGE]


def _click_plurals(tr: text.Translation, count: int) -> list[str]:
    """click's plural messages, written out so that ``make messages`` puts them in the catalogue."""
    return [tr.ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", count),
            tr.ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", count)]


def environment_language() -> str | None:
    """``AMBACHT_LANG``, else the locale's language (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), when
    Ambacht speaks it; else None."""
    for name in (ENVIRONMENT, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        code = value.split(".")[0].split("_")[0].split("-")[0].lower()
        if code in text.LANGUAGES:
            return code
        if value and name != ENVIRONMENT:
            return None  # the first locale variable that is set decides, as in gettext
    return None


def language_in(args: Sequence[str]) -> str | None:
    """The language a command line asks for with ``--lang X`` or ``--lang=X``; None without one."""
    for i, arg in enumerate(args):
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg.partition("=")[2] \
            if arg.startswith("--lang=") else None
        if value in text.LANGUAGES:
            return value
    return None


def current() -> str:
    """The language help and click's messages are shown in now."""
    return _current[0]


def use(lang: str) -> None:
    """Show help and click's messages in ``lang`` from now on."""
    import importlib

    _current[0] = lang

    def gettext(message: str) -> str:
        return text.translation(_current[0]).gettext(message)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return text.translation(_current[0])._catalogue.ngettext(singular, plural, count)

    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


ARGUMENTS = {"FILE": N_("FILE"), "FILES": N_("FILES"), "FOLDER": N_("FOLDER"), "PATH": N_("PATH"), "NAME": N_("NAME")}
"""The commands' arguments as the usage line and the help texts name them (English message ids)."""
USAGE = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))
METAVARS = {m: m for m in (N_("INTEGER RANGE"), N_("INTEGER"), N_("FLOAT RANGE"), N_("FLOAT"), N_("TEXT"),
                           N_("DIRECTORY"), N_("FILE"), N_("PATH"), N_("PATH=VALUES"), N_("ADDRESS"), N_("METRIC"),
                           N_("'METRIC >= VALUE'"))}
"""What an option's value is, as the help shows it (click's type names and ours; English message ids)."""


def _shown(argument: click.Argument) -> str:
    """An argument's name as click shows it (its metavar, else its name in capitals)."""
    return (argument.metavar or (argument.name or "").upper()).strip("[]")


@contextmanager
def translated(command: click.Command, ctx: click.Context | None = None) -> Iterator[None]:
    """While inside, the command's help, short help, epilog, usage line and its parameters' help
    are in the current language (they are English message ids); restored afterwards."""
    tr = text.translation(current())
    saved: list[tuple[Any, str, Any]] = [(command, attr, getattr(command, attr))
                                         for attr in ("help", "short_help", "epilog", "options_metavar")]
    if isinstance(command, click.Group):
        saved.append((command, "subcommand_metavar", command.subcommand_metavar))
    params = command.get_params(ctx) if ctx is not None else command.params
    saved += [(param, "help", param.help) for param in params if isinstance(param, click.Option)]
    arguments = [(param, "metavar", param.metavar) for param in params
                 if isinstance(param, click.Argument) and _shown(param) in ARGUMENTS]
    values = [(param, "metavar", param.metavar) for param in params if isinstance(param, click.Option)
              and not param.is_flag and ctx is not None and param.make_metavar(ctx) in METAVARS]
    try:
        for owner, attr, value in saved:
            if value:
                setattr(owner, attr, tr.gettext(value))
        for owner, attr, _ in values:
            assert ctx is not None
            setattr(owner, attr, tr.gettext(owner.make_metavar(ctx)))
        for owner, attr, value in arguments:
            metavar = tr.gettext(ARGUMENTS[_shown(owner)])
            if value and value.startswith("["):
                metavar = f"[{metavar}]"
            setattr(owner, attr, metavar + ("..." if owner.nargs == -1 else ""))
        yield
    finally:
        for owner, attr, value in saved + arguments + values:
            setattr(owner, attr, value)


class TranslatedCommand(click.Command):
    """A command whose help is shown in the reader's language."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with translated(self, ctx):
            super().format_help(ctx, formatter)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A usage error names the argument as the help does ('Ontbrekend argument BESTAND'): its
        # name is taken now, while the names are translated (click words the message later).
        with translated(self, ctx):
            try:
                return super().parse_args(ctx, args)
            except click.BadParameter as error:
                if error.param_hint is None and error.param is not None:
                    error.param_hint = error.param.get_error_hint(ctx)
                raise

    def get_usage(self, ctx: click.Context) -> str:
        with translated(self, ctx):
            return super().get_usage(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        with translated(self):
            return super().get_short_help_str(limit)
