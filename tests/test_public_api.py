"""The public API as a user reaches it: ``intlgraph.X`` for every error type and subpackage."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest
from conftest import REPO_ROOT
from rdflib import URIRef

import intlgraph
from intlgraph import exc


def test_every_error_type_is_exported() -> None:
    errors = {
        name
        for name, value in vars(exc).items()
        if inspect.isclass(value) and issubclass(value, exc.IntlgraphError)
    }
    assert len(errors) >= 18  # the test sees the module's classes
    assert errors <= set(intlgraph.__all__)
    for name in errors:
        assert getattr(intlgraph, name) is getattr(exc, name)


def test_subpackages_are_attributes_of_a_fresh_import() -> None:
    """In a new interpreter (where nothing imported them yet), as a notebook would use them."""
    code = (
        "import intlgraph\n"
        "print(intlgraph.network.project.__module__, intlgraph.maps.cooperation_map.__module__,"
        " intlgraph.report.write_report.__module__, intlgraph.workbook.read_workbook.__module__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "intlgraph.network.projection",
        "intlgraph.maps.interactive",
        "intlgraph.report",
        "intlgraph.workbook",
    ]


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        intlgraph.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("intlgraph.no_such_thing resolved")


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("intlgraph.serve", "intlgraph.server", "make_server"),
        ("intlgraph.peers", "intlgraph.gaps.peers", "compare"),
        ("intlgraph.remote", "intlgraph.engines.endpoint", "EndpointEngine"),
    ],
)
def test_a_moved_module_keeps_its_old_name_for_one_release(old: str, new: str, name: str) -> None:
    """The old import path warns (DeprecationWarning) and gives the new module itself."""
    code = (
        "import importlib, warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        f"    old = importlib.import_module({old!r})\n"
        f"new = importlib.import_module({new!r})\n"
        f"print(old is new, callable(getattr(old, {name!r})),"
        " [w.category.__name__ for w in caught])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "['DeprecationWarning']"]


def test_query_takes_a_name_or_sparql_text_and_the_old_names_warn(
    bundled_kg: intlgraph.KnowledgeGraph,
) -> None:
    """One way to run SPARQL text and named queries (``kg.query``); sparql/select deprecated."""
    text = (
        "PREFIX ig: <https://w3id.org/intlgraph/ont#> SELECT DISTINCT ?org WHERE { ?c a "
        "ig:Cooperation ; ig:party ?focal ; ig:partner ?org . ?org a ig:UNSystemOrganisation }"
    )
    by_name = bundled_kg.query("cq/cq05", labels=False)["organisation"].tolist()
    focal = URIRef("https://w3id.org/intlgraph/id/org/fprk")
    by_text = bundled_kg.query(text, labels=False, focal=focal)["org"].tolist()
    assert sorted(by_name) == sorted(by_text) and len(by_name) == 3
    with pytest.warns(DeprecationWarning, match=r"query\(text\)"):
        old = bundled_kg.sparql(text, lang=None, focal=focal)
    assert sorted(old["org"]) == sorted(by_text)
    with pytest.warns(DeprecationWarning, match="labels=False"):
        assert sorted(bundled_kg.select(text, focal=focal)["org"]) == sorted(by_text)
    with pytest.raises(intlgraph.QueryNotFoundError):
        bundled_kg.query("cq/no-such-query")


def test_shacl_findings_moved_with_a_deprecated_alias() -> None:
    from intlgraph import workbook
    from intlgraph.workbook import check

    with pytest.warns(DeprecationWarning, match="intlgraph.workbook.check"):
        assert workbook.shacl_findings is check.shacl_findings  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        workbook.no_such_name  # noqa: B018
