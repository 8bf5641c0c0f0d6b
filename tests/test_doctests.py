"""The ``>>>`` examples in every module's docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import intlgraph

MODULES = sorted(
    ["intlgraph"]
    + [m.name for m in pkgutil.walk_packages(intlgraph.__path__, prefix="intlgraph.")]
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
