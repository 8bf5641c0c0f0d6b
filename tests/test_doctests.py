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

import pytest

import intlgraph

MODULES = sorted(
    ["intlgraph"] + [m.name for m in pkgutil.walk_packages(intlgraph.__path__, prefix="intlgraph.")]
)

PUBLIC = {
    "intlgraph",
    "intlgraph.exc",
    "intlgraph.exports",
    "intlgraph.gaps",
    "intlgraph.gaps.model",
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
    "intlgraph.peers",
    "intlgraph.programme",
    "intlgraph.push",
    "intlgraph.ratifications_import",
    "intlgraph.remote",
    "intlgraph.report",
    "intlgraph.serve",
    "intlgraph.stats",
    "intlgraph.validate",
    "intlgraph.void",
    "intlgraph.workbook",
    "intlgraph.workbook.new",
}

INTERNAL = {
    "intlgraph.__main__",
    "intlgraph.cli",
    "intlgraph.engines",
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
    "intlgraph.serve_guard",
    "intlgraph.serve_sparql",
    "intlgraph.serve_workers",
    "intlgraph.sparqltext",
    "intlgraph.workbook.convert",
    "intlgraph.workbook.files",
    "intlgraph.workbook.mapping",
} | {name for name in MODULES if name.startswith("intlgraph.commands")}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_every_module_is_public_or_internal() -> None:
    assert set(MODULES) == PUBLIC | INTERNAL, "put the new module in PUBLIC or INTERNAL"
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


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_functions_have_examples(name: str) -> None:
    module = importlib.import_module(name)
    if not module.__doc__ or ">>>" not in module.__doc__:
        pytest.fail(f"{name}: the module docstring has no >>> example")
    without = [
        qualname
        for qualname, obj in _public_callables(module)
        if ">>>" not in (inspect.getdoc(obj) or "")
    ]
    assert without == [], f"{name}: public names without a >>> example: {without}"
