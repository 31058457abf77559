"""Every text a user reads comes from the catalogue: no sentence is written in the code unmarked.

The check reads the code of sim/, analysis/ and cli/ and looks at the places user text goes:
messages of the errors a user sees, what the commands print, and the help of commands and
options. A text there must be a message id (``_("...")``, ``N_("...")``, ``tr.gettext(...)``) or
be built from translated parts; a literal sentence (or an f-string with words) is reported.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
USER_ERRORS = {"UserError", "SweepError", "BadParameter", "UsageError", "ContractTextError", "SizingError"}
PRINTS = {("click", "echo"), ("console", "print")}
WORDS = re.compile(r"[A-Za-z]{3,}")
NOT_WORDS = re.compile(r"\[/?[a-z ]+\]|%\(\w+\)s|--[\w-]+|ambacht|engine")
"""Rich markup ([bold]), click's version placeholders, options and the program's own name are not prose."""


def _has_words(node: ast.AST) -> bool:
    """A literal text (or an f-string's literal parts) with words in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(NOT_WORDS.sub(" ", node.value)))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    return False


def _name(func: ast.AST) -> tuple[str, str] | str:
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        return (owner, func.attr)
    return func.id if isinstance(func, ast.Name) else ""


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def unmarked_texts(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            checked = list(node.args[:1]) if (name in USER_ERRORS or name in PRINTS or
                                              (isinstance(name, tuple) and name[1] in USER_ERRORS)) else []
            checked += [k.value for k in node.keywords if k.arg == "help"]
            found += [f"{_where(path)}:{a.lineno}" for a in checked if _has_words(a)]
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and _name(decorator.func) in (("main", "command"), ("main", "group")) \
                        and not any(k.arg == "help" for k in decorator.keywords):
                    found.append(f"{_where(path)}:{node.lineno}: a command without help=N_(...)")
    return found


def test_no_user_text_outside_the_catalogue() -> None:
    found = [hit for folder in ("sim", "analysis", "cli") for path in sorted((ROOT / folder).rglob("*.py"))
             for hit in unmarked_texts(path)]
    assert not found, "\n".join(found)


def test_the_check_finds_a_sentence_in_the_code(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('import click\nclick.echo(f"wrote {n} files")\nraise UserError("--vary: give a path")\n'
                      'click.option("--x", help="An English help text.")\nclick.echo(_("fine"))\n'
                      'click.echo(f"--inhabitants: {message}")\n', encoding="utf-8")
    assert sorted(hit.rsplit(":", 1)[1] for hit in unmarked_texts(sample)) == ["2", "3", "4"]
