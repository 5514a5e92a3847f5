"""The layout stays easy to see: no import cycles between modules or between the packages of bot/."""

from __future__ import annotations

import ast
from pathlib import Path

from bot.config import ROOT

BOT = ROOT / "bot"


def _module_graph() -> dict[str, set[str]]:
    names: dict[str, Path] = {}
    for path in BOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module level; lazy imports are allowed
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            graph[name].update(t for t in targets if t in names and t != name)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep, [*path, dep])):
                return found
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node, [node])):
            return found
    return None


def test_no_import_cycle_between_modules() -> None:
    assert _cycle(_module_graph()) is None


def test_no_import_cycle_between_packages() -> None:
    def package(module: str) -> str:
        return ".".join(module.split(".")[:2])

    packages: dict[str, set[str]] = {}
    for module, deps in _module_graph().items():
        packages.setdefault(package(module), set()).update(package(d) for d in deps if package(d) != package(module))
    assert _cycle(packages) is None
