"""``import intlgraph`` must stay light: the heavy libraries load only when used."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO_ROOT

import intlgraph

HEAVY = ("pandas", "networkx", "pyvis", "pyshacl", "SPARQLWrapper", "rdflib")


def _loaded_after(statement: str) -> list[str]:
    code = (
        f"import sys, json\n{statement}\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: list[str] = json.loads(result.stdout)
    return loaded


def test_import_intlgraph_loads_no_heavy_library() -> None:
    assert _loaded_after("import intlgraph") == []


def test_cli_module_and_errors_are_light() -> None:
    assert _loaded_after("import intlgraph.cli, intlgraph.exc, intlgraph.paths") == []


def test_public_names_resolve_lazily() -> None:
    for name in intlgraph.__all__:
        assert getattr(intlgraph, name) is not None
    assert set(intlgraph.__all__) <= set(dir(intlgraph))
    try:
        intlgraph.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("expected AttributeError")
