"""The ``ambacht`` command group."""

from __future__ import annotations

import json
from pathlib import Path

import click

import sim
from cli.common import LANG_OPTION, UserError, friendly, language, load
from sim.loader import ScenarioError, load_scenario
from sim.scenario.model import Scenario


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(sim.__version__, prog_name="ambacht")
def main() -> None:
    """Ambacht: capacity simulator for circular craft centres (circulaire ambachtscentra).

    Edit a YAML scenario, run it, and read the charts and report. Start with
    'ambacht init mijn-centrum.yaml'.
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@LANG_OPTION
def validate(files: tuple[str, ...], lang: str | None) -> None:
    """Check scenario FILES and report every problem with file, line and field."""
    failed = False
    for file in files:
        try:
            loaded = load_scenario(file)
        except ScenarioError as error:
            click.echo(error.render(lang or "en"), err=True)
            failed = True
            continue
        s = loaded.scenario
        ok = "in orde" if (lang or "en") == "nl" else "ok"
        click.echo(
            f"{file}: {ok} — '{s.name}', {len(s.materials)} streams, {len(s.steps)} steps, "
            f"{sum(p.people for p in s.workforce.values())} people, "
            f"{sum(t.people for t in s.supervisors.values())} supervisors (hash {loaded.content_hash})"
        )
    if failed:
        raise SystemExit(1)


def scenario_schema() -> dict:
    """The JSON Schema of the scenario language (what editors use to complete keys)."""
    schema = Scenario.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Ambacht scenario"
    return schema


@main.command()
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def schema(out: str | None) -> None:
    """Print the JSON Schema of the scenario language."""
    text = json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
    if out:
        from analysis.files import write_text_atomic

        write_text_atomic(Path(out), text)
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: str, force: bool) -> None:
    """Write a commented starter scenario to PATH that validates and runs."""
    target = Path(path)
    if target.exists() and not force:
        raise UserError(f"{path} exists; use --force to overwrite it")
    text = (Path(__file__).parent / "starter.yaml").read_text(encoding="utf-8")
    from analysis.files import write_text_atomic

    write_text_atomic(target, text)
    click.echo(f"wrote {path}; next: ambacht run {path}")


from cli import experiments  # noqa: E402,F401  (registers run, compare, sweep, ...)

__all__ = ["main", "friendly", "language", "load"]
from cli import sweeps  # noqa: E402,F401  (registers sweep and target)
