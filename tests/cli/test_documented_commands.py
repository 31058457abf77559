"""Every `ambacht …` command line in the README, the docs and the starter file parses as written.

The README's commands are also run (tests/test_readme.py); here every one that is documented
anywhere a user reads is checked against the command line's own parser, so a documented
command cannot drift from the real options.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "cli").glob("starter*.yaml"))]
# `ambacht …` in code spans, quotes, console blocks ('$ ambacht …') and the starter's comments
# ('#   ambacht validate THIS-FILE     checks …': the command ends at a wide gap).
PATTERNS = [
    re.compile(r"`(ambacht [^`]+)`"),
    re.compile(r"'(ambacht [^']+)'"),
    re.compile(r'"(ambacht [^"]+)"'),
    re.compile(r"^\s*\$ (ambacht .+)$", re.M),
    re.compile(r"^#\s+(ambacht \S.*?)(?:\s{2,}|$)", re.M),
]


def documented_commands() -> list[tuple[str, str]]:
    """(where, command line) for every `ambacht …` in the documents, without duplicates."""
    found: dict[str, str] = {}
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            for match in pattern.finditer(text):
                command = match.group(1).strip().rstrip(".,;:")
                found.setdefault(command, document.relative_to(ROOT).as_posix())
    return [(where, command) for command, where in found.items()]


def parse(command: str) -> None:
    """Parse a command line the way `ambacht` does, without running it (UsageError if it fails)."""
    name, *rest = shlex.split(command)[1:]
    ctx = click.Context(main, info_name="ambacht")
    if name.startswith("-"):  # an option of ambacht itself (--version, --help)
        if not any(name in param.opts for param in main.get_params(ctx)):
            raise click.UsageError(f"no option '{name}'")
        return
    sub = main.get_command(ctx, name)
    if sub is None:
        raise click.UsageError(f"no command '{name}'")
    if not rest:
        return  # a command named in the text ('see `ambacht warmup`'), not a full command line
    with sub.make_context(name, rest, parent=ctx):
        pass


COMMANDS = documented_commands()


def test_the_documents_are_searched():
    lines = [command for _, command in COMMANDS]
    assert any(c.startswith("ambacht sweep") and "--name" in c for c in lines)
    assert any(c.startswith("ambacht sweep FILE NAME") for c in lines), "the reference's named sweep"
    assert any(c.startswith("ambacht validate THIS-FILE") for c in lines), "the starter's comments"
    assert len(lines) >= 15


@pytest.mark.parametrize(("where", "command"), COMMANDS, ids=[c for _, c in COMMANDS])
def test_every_documented_command_parses(where: str, command: str):
    try:
        parse(command)
    except click.UsageError as error:
        pytest.fail(f"{where}: '{command}' does not parse: {error.format_message()}")


def test_a_wrong_command_does_not_parse():
    with pytest.raises(click.UsageError):
        parse("ambacht sweep FILE NAME EXTRA")
    with pytest.raises(click.UsageError):
        parse("ambacht run FILE --replicas 3")
