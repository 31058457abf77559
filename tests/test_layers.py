"""Data flows one way: sim -> analysis -> cli. An import against the flow fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "sim": {"analysis", "cli"},
    "analysis": {"cli", "simpy"},
}


def imported(file: Path) -> set[str]:
    """Top-level names of every module ``file`` imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_against_the_flow(package: str):
    wrong = {
        f"{file.relative_to(ROOT)} imports {name}"
        for file in sorted((ROOT / package).rglob("*.py"))
        for name in imported(file) & FORBIDDEN[package]
    }
    assert not wrong, sorted(wrong)


def test_only_the_command_line_tests_import_the_command_line():
    wrong = [str(file.relative_to(ROOT)) for file in sorted((ROOT / "tests").rglob("*.py"))
             if "cli" in imported(file) and file.parent != ROOT / "tests" / "cli"]
    assert not wrong, wrong


def test_the_check_sees_imports_inside_functions(tmp_path: Path):
    file = tmp_path / "x.py"
    file.write_text("def f():\n    from cli.main import main\n    import simpy.core\n")
    assert imported(file) == {"cli", "simpy"}


def module_imports(package: str) -> dict[str, set[str]]:
    """For each module of ``package``: the modules of the same package it imports (anywhere in it)."""
    graph: dict[str, set[str]] = {}
    for file in sorted((ROOT / package).rglob("*.py")):
        name = ".".join(file.relative_to(ROOT).with_suffix("").parts)
        graph[name] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(package + "."):
                graph[name].add(node.module)
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name.startswith(package + "."))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle in ``graph``, each as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for other in sorted(graph.get(node, ())):
            if state.get(other) == 1:
                found.append(path[path.index(other):] + [other] if other in path else [node, other])
            elif other not in state:
                visit(other, path + [other])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_no_command_module_imports_another_in_a_circle():
    assert cycles(module_imports("cli")) == []


def test_the_circle_check_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
