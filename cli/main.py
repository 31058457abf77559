"""The ``ambacht`` command group: validate and schema here; the rest registers itself.

The experiment commands (run, compare, sweep ...) import the statistics stack, which takes a
second; they are loaded only when one of them is asked for, so ``ambacht validate`` answers at
once.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

import sim
from cli.common import LANG_OPTION, friendly, language, load
from cli.help import TranslatedCommand, environment_language, language_in, translated, use
from sim import text
from sim.loader import ScenarioError, load_scenario, written_language
from sim.scenario.model import Scenario
from sim.text import N_
from sim.uncertain import with_ranges

COMMAND_MODULES = ("cli.init", "cli.experiments", "cli.sweeps", "cli.report", "cli.reference", "cli.business",
                   "cli.uncertainty", "cli.levers", "cli.history")
"""Modules that add commands to :data:`main` when imported (``@main.command()``): add new
command modules here rather than importing them at the end of this file."""


class _Commands(click.Group):
    """A command group that imports :data:`COMMAND_MODULES` the first time it needs them, and
    speaks the reader's language from the first word (:mod:`cli.help`)."""

    command_class = TranslatedCommand

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        words = list(sys.argv[1:] if args is None else args)
        use(language_in(words) or environment_language() or text.SOURCE_LANGUAGE)
        return super().main(words, *rest, **options)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with translated(self, ctx):
            super().format_help(ctx, formatter)

    def _load_all(self) -> None:
        for module in COMMAND_MODULES:
            importlib.import_module(module)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            self._load_all()
            command = super().get_command(ctx, cmd_name)
        return command

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_all()
        return super().list_commands(ctx)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             help=N_("Ambacht: capacity simulator for circular craft centres (circulaire ambachtscentra).\n\n"
                     "Edit a YAML scenario, run it, and read the charts and report. Start with "
                     "'ambacht init mijn-centrum.yaml'. Help in Dutch: 'AMBACHT_LANG=nl ambacht --help' "
                     "(or --lang nl)."))
@click.version_option(sim.__version__, prog_name="ambacht", help=N_("Show the version and exit."),
                      message=f"%(prog)s %(version)s (engine: {sim.ENGINE})")
def main() -> None:
    pass


def summary_line(file: str, loaded: Any, lang: str) -> str:
    """One line saying a scenario is fine, and what is in it."""
    s = loaded.scenario
    tr = text.translation(lang)
    people = sum(p.people for p in s.workforce.values())
    supervisors = sum(t.people for t in s.supervisors.values())
    parts = [tr.ngettext("{n} stream", "{n} streams", len(s.materials)),
             tr.ngettext("{n} step", "{n} steps", len(s.steps)),
             tr.ngettext("{n} person", "{n} people", people),
             tr.ngettext("{n} supervisor", "{n} supervisors", supervisors)]
    return tr.gettext("{file}: ok — '{name}': {parts} (hash {hash})", file=file, name=s.name,
                      parts=", ".join(parts), hash=loaded.content_hash)


@main.command(help=N_("Check scenario FILES and report every problem with file, line and "
                      "field.\n\nExit code 0 when every file is fine, 1 when any has a problem."))
@click.argument("files", nargs=-1, required=True, type=click.Path())
@LANG_OPTION
def validate(files: tuple[str, ...], lang: str | None) -> None:
    failed = False
    for file in files:
        try:
            loaded = load_scenario(file)
        except ScenarioError as error:
            click.echo(error.render(lang or _known(written_language(file))), err=True)
            failed = True
            continue
        click.echo(summary_line(file, loaded, lang or loaded.scenario.language))
    if failed:
        raise SystemExit(1)


NON_STANDARD = ("discriminator",)
"""pydantic's keywords that JSON Schema does not define (OpenAPI's): a strict validator refuses
them, and the ``oneOf`` they annotate already picks the one distribution whose tag matches."""


def _standard(node: Any) -> Any:
    """The schema without :data:`NON_STANDARD` keywords (in subschemas; property names stay)."""
    if isinstance(node, list):
        return [_standard(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "$defs", "patternProperties") and isinstance(value, dict):
            out[key] = {name: _standard(sub) for name, sub in value.items()}
        elif key not in NON_STANDARD:
            out[key] = _standard(value)
    return out


def _known(language: str | None) -> str:
    """A language the messages exist in: the file's own, else English."""
    return language if language in text.LANGUAGES else text.SOURCE_LANGUAGE


def scenario_schema() -> dict:
    """The JSON Schema of the scenario language (what editors use to complete keys)."""
    schema = _standard(with_ranges(Scenario.model_json_schema(by_alias=True)))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Ambacht scenario"
    return schema


def schema_text() -> str:
    """The JSON Schema as the text of scenarios/scenario.schema.json."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


@main.command(help=N_("Print the JSON Schema of the scenario language (for editors: completion "
                      "and checks)."))
@click.option("--out", type=click.Path(dir_okay=False), help=N_("Write to this file instead of stdout."))
def schema(out: str | None) -> None:
    text = schema_text()
    if out:
        from analysis.results.files import write_text_atomic

        write_text_atomic(Path(out), text)
    else:
        click.echo(text, nl=False)


__all__ = ["main", "friendly", "language", "load"]
