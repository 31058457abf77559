"""``ambacht init``: a commented starter scenario, or one sized for a town from a few facts.

``ambacht init FILE`` asks the few facts (in the user's language) and writes the commented
starter when they just press Enter; ``ambacht init FILE --inhabitants 60000 --streams ...``
sizes a scenario from published figures (:mod:`analysis.sizing.sizing`). This module only parses,
asks and writes: atomically, and never over an existing file without ``--force``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from analysis.results.files import write_text_atomic
from analysis.sizing.contract_text import ContractRequest, ContractTextError, parse_contract
from analysis.sizing.presets import catalogue
from analysis.sizing.sizing import Facts, SizingError, sized_scenario_text
from analysis.sizing.sizing_tree import MARKER
from cli.common import LANG_OPTION, UserError
from cli.help import environment_language
from cli.main import main, schema_text
from sim import text as words
from sim.loader import ScenarioError, load_text
from sim.text import N_

STARTER = Path(__file__).parent / "starter.yaml"


def starter(lang: str) -> Path:
    """The commented starter file in ``lang`` (``starter-<lang>.yaml``), else the English one."""
    translated = STARTER.with_name(f"starter-{lang}.yaml")
    return translated if translated.is_file() else STARTER


SCHEMA_NAME = "scenario.schema.json"
"""The file name the starter's first line points editors to."""
DEFAULT_STREAMS = "meubels,textiel,fietsen"
DEFAULT_GROUPS = "statushouders,wmo-ggz,bijstand,bbl,vrijwilligers"

TEXT = {
    "inhabitants": N_("Inhabitants of the municipality (Enter: the commented starter file)"),
    "streams": N_("Streams ({choices})"),
    "groups": N_("Target groups ({choices})"),
    "contract": N_("A contract, e.g. 'municipality: 20 bikes per month, within 3 weeks' (Enter: none)"),
    "bad_number": N_("give a whole number of inhabitants from 1000 to 2000000"),
    "unknown": N_("unknown: {names}; choose from {choices}"),
    "empty": N_("give at least one"),
    "needs_inhabitants": N_("--streams, --groups and --contract need --inhabitants (the town's size)"),
    "folder": N_("{path} is a folder; give a file name such as {example}"),
    "exists": N_("{path} exists; use --force to overwrite it"),
    "wrote_starter": N_("wrote {path}; next: ambacht validate {path}, then ambacht run {path}"),
    "wrote_sized": N_("wrote {path}: {kg} t a year in {streams}, {people}, {supervisors}; replace the numbers marked {marker}, then: ambacht run {path}"),
}
"""What init says, per key (English message ids, translated where shown)."""


def _t(key: str, lang: str, **values: Any) -> str:
    return words.translation(lang).gettext(TEXT[key], **values)


def guess_language(lang: str | None) -> str:
    """--lang, else ``AMBACHT_LANG`` or the environment's locale (when Ambacht speaks it), else English."""
    return lang or environment_language() or words.SOURCE_LANGUAGE


def split_ids(text: str) -> tuple[str, ...]:
    """'meubels, textiel,fietsen' -> ('meubels', 'textiel', 'fietsen'), without repeats."""
    return tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))


def _ids(kind: str, lang: str) -> Callable[[str], tuple[str, ...]]:
    known = list(getattr(catalogue(), kind))

    def check(text: str) -> tuple[str, ...]:
        ids = split_ids(text)
        if not ids:
            raise click.BadParameter(_t("empty", lang))
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise click.BadParameter(_t("unknown", lang, names=", ".join(unknown), choices=", ".join(known)))
        return ids

    return check


def _inhabitants(lang: str) -> Callable[[str], int | None]:
    def check(text: str) -> int | None:
        text = text.strip().replace(".", "").replace(",", "").replace("_", "")
        if not text:
            return None
        if not text.isdigit() or not 1_000 <= int(text) <= 2_000_000:
            raise click.BadParameter(_t("bad_number", lang))
        return int(text)

    return check


def _contract(lang: str) -> Callable[[str], ContractRequest | None]:
    def check(text: str) -> ContractRequest | None:
        if not text.strip():
            return None
        try:
            return parse_contract(text)
        except ContractTextError as error:
            raise click.BadParameter(error.render(lang)) from None

    return check


def _ask(question: str, default: str, check: Callable[[str], Any]) -> Any:
    """One question; Enter gives the default, and so does the end of the input (a script)."""
    try:
        answer = click.prompt(question, default=default, show_default=bool(default), value_proc=check)
    except click.Abort as abort:
        if isinstance(abort.__context__, EOFError):
            return check(default)
        raise
    return answer


def ask_facts(lang: str) -> Facts | None:
    """The facts, asked one by one; None when the user wants the commented starter."""
    inhabitants = _ask(_t("inhabitants", lang), "", _inhabitants(lang))
    if inhabitants is None:
        return None
    c = catalogue()
    streams = _ask(_t("streams", lang, choices=", ".join(c.streams)), DEFAULT_STREAMS, _ids("streams", lang))
    groups = _ask(_t("groups", lang, choices=", ".join(c.groups)), DEFAULT_GROUPS, _ids("groups", lang))
    contract = _ask(_t("contract", lang), "", _contract(lang))
    return Facts(inhabitants, streams, groups, contract, lang)


def facts_from_options(inhabitants: int, streams: str | None, groups: str | None, contract: str | None,
                       lang: str) -> Facts:
    """The facts given as options; bad ones are a :class:`UserError` in the user's language."""
    ids: dict[str, tuple[str, ...]] = {}
    for option, kind, text, default in (("--streams", "streams", streams, DEFAULT_STREAMS),
                                        ("--groups", "groups", groups, DEFAULT_GROUPS)):
        try:
            ids[kind] = _ids(kind, lang)(default if text is None else text)
        except click.BadParameter as error:
            raise UserError(f"{option}: {error.message}") from None
    try:
        request = parse_contract(contract) if contract else None
    except ContractTextError as error:
        raise UserError(error.render(lang)) from None
    return Facts(inhabitants, ids["streams"], ids["groups"], request, lang)


@main.command(help=N_("Write a scenario to PATH that validates and runs.\n\nWith --inhabitants "
                      "(and --streams, --groups, --contract) the scenario is sized for the town "
                      "from published figures, every number citing its source. Without options "
                      "the facts are asked; press Enter for the commented starter file. Beside "
                      "it goes scenario.schema.json, which editors use to complete and check "
                      "keys."))
@click.argument("path", type=click.Path())
@click.option("--inhabitants", help=N_("Inhabitants of the municipality (1000 to 2000000): size the scenario for this town."))
@click.option("--streams", help=N_("Material streams, comma-separated (default meubels,textiel,fietsen)."))
@click.option("--groups", help=N_("Target groups, comma-separated (default statushouders,wmo-ggz,bijstand,bbl,vrijwilligers)."))
@click.option("--contract", help=N_("A partner's order: 'gemeente: 20 fietsen per maand, binnen 3 weken'."))
@click.option("--force", is_flag=True, help=N_("Overwrite an existing file."))
@LANG_OPTION
def init(path: str, inhabitants: str | None, streams: str | None, groups: str | None, contract: str | None,
         force: bool, lang: str | None) -> None:
    language = guess_language(lang)
    target = Path(path)
    if target.is_dir():
        raise UserError(_t("folder", language, path=path, example=target / "mijn-centrum.yaml"))
    if target.exists() and not force:
        raise UserError(_t("exists", language, path=path))
    if inhabitants is None and (streams or groups or contract):
        raise UserError(_t("needs_inhabitants", language))
    if inhabitants is not None:
        try:
            count = _inhabitants(language)(inhabitants)
        except click.BadParameter as error:
            raise UserError(f"--inhabitants '{inhabitants}': {error.message}") from None
        if count is None:
            raise UserError(f"--inhabitants: {_t('bad_number', language)}")
        facts: Facts | None = facts_from_options(count, streams, groups, contract, language)
    else:
        facts = ask_facts(language)
    if facts is None:
        write_text_atomic(target, starter(language).read_text(encoding="utf-8"))
        message = _t("wrote_starter", language, path=path)
    else:
        try:
            text, plan = sized_scenario_text(facts, target.name)
        except SizingError as error:
            raise UserError(error.render(language)) from None
        try:
            load_text(text, str(target))  # never write a file that does not validate
        except ScenarioError as error:  # a fault of the sizing, not of the user
            raise RuntimeError(error.render("en")) from error
        write_text_atomic(target, text)
        tr = words.translation(language)
        message = _t("wrote_sized", language, path=path, kg=words.number(sum(plan.kg_per_year.values()) / 1000, language, 0),
                     streams=tr.ngettext("{n} stream", "{n} streams", len(facts.streams)),
                     people=tr.ngettext("{n} participant", "{n} participants", sum(plan.people.values())),
                     supervisors=tr.ngettext("{n} supervisor", "{n} supervisors", sum(plan.supervisors.values())),
                     marker=tr.gettext(MARKER))
    schema_file = target.parent / SCHEMA_NAME
    if _replaceable(schema_file):
        write_text_atomic(schema_file, schema_text())
    click.echo(message)


def _replaceable(schema_file: Path) -> bool:
    """A schema file may be (re)written when absent or when it is an Ambacht schema."""
    if not schema_file.exists():
        return True
    try:
        return bool(json.loads(schema_file.read_text(encoding="utf-8")).get("title") == "Ambacht scenario")
    except (OSError, ValueError, AttributeError):
        return False
