"""The package's shape: no import circle, and the library never imports the command line.

Every ``import`` of an ``intlgraph`` module counts, at module level or inside a function
(a lazy import is still a dependency); only imports under ``if TYPE_CHECKING:`` (type hints,
never run) are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "intlgraph"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The ``intlgraph`` modules an import statement of ``module`` loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".")
            if MODULES[module].name != "__init__.py":
                base = base[:-1]
            base = base[: len(base) - node.level + 1]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module or ""
        names = [f"{source}.{a.name}" if f"{source}.{a.name}" in MODULES else source
                 for a in node.names]  # fmt: skip
    found = []
    for name in names:
        while name not in MODULES and "." in name:
            name = name.rpartition(".")[0]
        if name in MODULES and name != module:
            found.append(name)
    return found


def import_graph() -> nx.DiGraph[str]:
    """Module -> module for every import that runs (``TYPE_CHECKING`` blocks left out)."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in typing_only:
                for target in _imported(module, node):
                    graph.add_edge(module, target)
    return graph


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "intlgraph.kg" in graph and "intlgraph.cli" in graph
    assert graph.has_edge("intlgraph.cli", "intlgraph.kg")  # the test can see an edge


def test_no_import_circle() -> None:
    graph = import_graph()
    circles = sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)
    assert circles == []


def test_the_library_never_imports_the_command_line() -> None:
    graph = import_graph()
    command_line = {"intlgraph.cli", "intlgraph.__main__"}
    command_line |= {m for m in MODULES if m.startswith("intlgraph.commands")}
    offending = sorted(
        (a, b) for a, b in graph.edges if b in command_line and a not in command_line
    )
    assert offending == []
