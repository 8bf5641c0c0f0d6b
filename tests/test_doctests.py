"""Docstring examples: every public function has a ``>>>`` example, and every example holds.

The public API is the top-level package and the modules in :data:`PUBLIC`; the modules in
:data:`INTERNAL` are implementation (the command line, engines, serialisation helpers). A new
module must be put in one of the two lists.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

import intlgraph
from intlgraph.kg import load as load_graph

MODULES = sorted(
    ["intlgraph"] + [m.name for m in pkgutil.walk_packages(intlgraph.__path__, prefix="intlgraph.")]
)

PUBLIC = {
    "intlgraph",
    "intlgraph.engines.endpoint",
    "intlgraph.exc",
    "intlgraph.exports",
    "intlgraph.gaps",
    "intlgraph.gaps.model",
    "intlgraph.gaps.peers",
    "intlgraph.gaps.registry",
    "intlgraph.i18n",
    "intlgraph.kg",
    "intlgraph.magic",
    "intlgraph.maps",
    "intlgraph.maps.interactive",
    "intlgraph.maps.static",
    "intlgraph.maps.style",
    "intlgraph.named_queries",
    "intlgraph.namespaces",
    "intlgraph.network",
    "intlgraph.network.measures",
    "intlgraph.network.prediction",
    "intlgraph.network.projection",
    "intlgraph.network.structure",
    "intlgraph.ontology",
    "intlgraph.programme",
    "intlgraph.push",
    "intlgraph.ratifications_import",
    "intlgraph.report",
    "intlgraph.server",
    "intlgraph.server.app",
    "intlgraph.stats",
    "intlgraph.validate",
    "intlgraph.void",
    "intlgraph.workbook",
    "intlgraph.workbook.check",
    "intlgraph.workbook.new",
}

INTERNAL = {
    "intlgraph.__main__",
    "intlgraph.cli",
    "intlgraph.deprecation",
    "intlgraph.engines",
    "intlgraph.engines.base",
    "intlgraph.engines.memory",
    "intlgraph.engines.oxigraph",
    "intlgraph.engines.oxigraph_rows",
    "intlgraph.gaps.network_checks",
    "intlgraph.gaps.programme_checks",
    "intlgraph.gaps.render",
    "intlgraph.gaps.resolve",
    "intlgraph.guard",
    "intlgraph.maps.counts",
    "intlgraph.maps.labels",
    "intlgraph.output",
    "intlgraph.paths",
    "intlgraph.rdfio",
    "intlgraph.results",
    "intlgraph.peers",
    "intlgraph.remote",
    "intlgraph.serve",
    "intlgraph.server.protocol",
    "intlgraph.server.runner",
    "intlgraph.server.sandbox",
    "intlgraph.server.workers",
    "intlgraph.shacl_sparql",
    "intlgraph.sparqltext",
    "intlgraph.storecache",
    "intlgraph.workbook.convert",
    "intlgraph.workbook.files",
    "intlgraph.workbook.mapping",
} | {name for name in MODULES if name.startswith("intlgraph.commands")}

#: Old module names kept for one release: importing one gives the new module (whose examples
#: run under its own name; tests/test_public_api.py checks the aliases).
ALIASES = {"intlgraph.peers", "intlgraph.remote", "intlgraph.serve"}


_SHARED: dict[str, intlgraph.KnowledgeGraph] = {}

#: What an example may call to change a graph; such examples load their own.
_CHANGES_A_GRAPH = ("add_files(",)


def _load_once(*args: Any, **options: Any) -> intlgraph.KnowledgeGraph:
    """``intlgraph.load`` as the examples use it, with the bundled graph parsed once per engine.

    Only the plain calls are shared (``load()``, ``load(engine=...)``), and only with examples
    that do not change a graph (:data:`_CHANGES_A_GRAPH`). Any other call loads afresh.
    """
    if args or set(options) - {"engine"}:
        return load_graph(*args, **options)
    engine = str(options.get("engine", "memory"))
    if engine not in _SHARED:
        _SHARED[engine] = load_graph(**options)
    return _SHARED[engine]


@pytest.mark.parametrize("name", sorted(set(MODULES) - ALIASES))
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module):
        changes = any(
            call in example.source for example in test.examples for call in _CHANGES_A_GRAPH
        )
        with monkeypatch.context() as patch:
            if not changes:
                patch.setattr(intlgraph, "load", _load_once)
            runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_every_module_is_public_or_internal() -> None:
    assert set(MODULES) == PUBLIC | INTERNAL, "put the new module in PUBLIC or INTERNAL"
    assert ALIASES <= INTERNAL
    assert not PUBLIC & INTERNAL


def _public_callables(module: ModuleType) -> Iterator[tuple[str, object]]:
    """Public functions and classes defined in ``module``, and the public methods of the classes."""
    names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
    for name in names:
        obj = getattr(module, name, None)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        if getattr(obj, "__module__", None) != module.__name__:
            continue
        yield name, obj
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, property):
                    yield f"{name}.{attr}", member.fget
                elif isinstance(member, (classmethod, staticmethod)):
                    yield f"{name}.{attr}", member.__func__
                elif inspect.isfunction(member):
                    yield f"{name}.{attr}", member


@pytest.mark.parametrize("name", sorted(PUBLIC - ALIASES))
def test_public_functions_have_examples(name: str) -> None:
    module = importlib.import_module(name)
    if not module.__doc__ or ">>>" not in module.__doc__:
        pytest.fail(f"{name}: the module docstring has no >>> example")
    without = [
        qualname
        for qualname, obj in _public_callables(module)
        if ">>>" not in (doc := inspect.getdoc(obj) or "")
        and not doc.startswith("Deprecated: ")  # a deprecated alias names its replacement
    ]
    assert without == [], f"{name}: public names without a >>> example: {without}"
