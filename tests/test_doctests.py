"""The ``>>>`` examples in the package core's docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "intlgraph",
    "intlgraph.exc",
    "intlgraph.paths",
    "intlgraph.rdfio",
    "intlgraph.kg",
    "intlgraph.validate",
    "intlgraph.stats",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
