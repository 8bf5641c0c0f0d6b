"""Common SPARQL clients against ``intlgraph serve``, on both engines, for the four query forms.

* SPARQLWrapper: every return format it knows, GET and POST (form-encoded and direct), with
  ``onlyConneg`` on (Accept header only) and off (it adds ``format=``/``output=``/``results=``
  parameters with its own names for the formats);
* rdflib's ``SPARQLStore`` with its default settings;
* curl, with each media type the server offers and each way of sending a query.

Every answer is parsed back and compared with what the in-memory graph answers itself.
"""

from __future__ import annotations

import io
import itertools
import json
import shutil
import subprocess
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.query import Result

import intlgraph
from intlgraph.server import IntlgraphServer, Settings, make_server
from intlgraph.server.protocol import GRAPH_TYPES, RESULT_TYPES

ENGINES = ("memory", "oxigraph")
FNPR = "https://w3id.org/intlgraph/id/org/fnpr"
QUERIES = {
    "SELECT": f"SELECT ?p ?o WHERE {{ <{FNPR}> ?p ?o }}",
    "ASK": f"ASK {{ <{FNPR}> ?p ?o }}",
    "CONSTRUCT": f"CONSTRUCT {{ <{FNPR}> ?p ?o }} WHERE {{ <{FNPR}> ?p ?o }}",
    "DESCRIBE": f"DESCRIBE <{FNPR}>",
}
#: SPARQLWrapper's return formats (its constants' values).
WRAPPER_FORMATS = ("json", "xml", "turtle", "n3", "rdf", "rdf+xml", "csv", "tsv", "json-ld")
#: (method, request method) pairs SPARQLWrapper can send a query with.
WRAPPER_METHODS = (("GET", "urlencoded"), ("POST", "urlencoded"), ("POST", "postdirectly"))
CURL = shutil.which("curl")
_RESULTS_FORMAT = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_FORMAT = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, IntlgraphServer]]:
    running = {}
    threads = []
    for engine in ENGINES:
        server = make_server(
            intlgraph.load(engine=engine), port=0, settings=Settings(access_log=False)
        )
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.start()
        running[engine] = server
        threads.append(thread)
    yield running
    for server in running.values():
        server.shutdown()
        server.server_close()
    for thread in threads:
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def expected(bundled_kg: intlgraph.KnowledgeGraph) -> dict[str, Any]:
    """Each query's answer from the in-memory graph itself (no server)."""
    graph = bundled_kg.graph
    answers: dict[str, Any] = {}
    for form, query in QUERIES.items():
        result = graph.query(query)
        if form == "SELECT":
            answers[form] = _rows(result)
        elif form == "ASK":
            answers[form] = bool(result.askAnswer)
        else:
            answers[form] = result.graph
    assert len(answers["SELECT"]) > 5 and answers["ASK"] is True
    assert len(answers["CONSTRUCT"]) == len(answers["SELECT"]) == len(answers["DESCRIBE"])
    return answers


def _rows(result: Result) -> list[tuple[str, ...]]:
    return sorted(tuple(str(term) for term in row) for row in result)  # type: ignore[union-attr]


def answer_of(form: str, media_type: str, body: bytes) -> Any:
    """A served answer parsed back: rows, a boolean or a graph."""
    media_type = media_type.split(";")[0].strip()
    if form in {"CONSTRUCT", "DESCRIBE"}:
        assert media_type in GRAPH_TYPES, media_type
        return Graph().parse(data=body.decode("utf-8"), format=_GRAPH_FORMAT[media_type])
    assert media_type in RESULT_TYPES, media_type
    fmt = _RESULTS_FORMAT[media_type]
    if form == "ASK" and fmt in {"csv", "tsv"}:
        assert body.strip() in {b"true", b"false"}
        return body.strip() == b"true"
    result = Result.parse(io.BytesIO(body), format=fmt)
    return bool(result.askAnswer) if form == "ASK" else _rows(result)


def same(form: str, got: Any, want: Any) -> bool:
    if form in {"CONSTRUCT", "DESCRIBE"}:
        return isomorphic(got, want)
    return bool(got == want)


# --- SPARQLWrapper ---------------------------------------------------------------------


def _wrapper_cases() -> Iterator[Any]:
    for form, fmt, (method, request), conneg in itertools.product(
        QUERIES, WRAPPER_FORMATS, WRAPPER_METHODS, (True, False)
    ):
        name = f"{form}-{fmt}-{method}-{request}-{'conneg' if conneg else 'params'}"
        yield pytest.param(form, fmt, method, request, conneg, id=name)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("form", "fmt", "method", "request_method", "conneg"), list(_wrapper_cases())
)
def test_sparqlwrapper(
    servers: dict[str, IntlgraphServer],
    expected: dict[str, Any],
    engine: str,
    form: str,
    fmt: str,
    method: str,
    request_method: str,
    conneg: bool,
) -> None:
    from SPARQLWrapper import SPARQLWrapper

    wrapper = SPARQLWrapper(servers[engine].url + "sparql")
    wrapper.setQuery(QUERIES[form])
    wrapper.setReturnFormat(fmt)
    wrapper.setMethod(method)
    wrapper.setRequestMethod(request_method)
    wrapper.setOnlyConneg(conneg)
    with warnings.catch_warnings():
        # SPARQLWrapper warns when it asks a SELECT for Turtle (it sends Accept: */*)
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", DeprecationWarning)  # its own ConjunctiveGraph
        response = wrapper.query()
        media_type = response.info()["content-type"]
        converted = response.convert()
    got = _from_wrapper(form, media_type, converted)
    assert same(form, got, expected[form]), (media_type, got)
    # the format asked for, whenever the server offers it for this form
    offered = _wrapper_media_type(form, fmt)
    if offered is not None:
        assert media_type.split(";")[0] == offered


def _wrapper_media_type(form: str, fmt: str) -> str | None:
    if form in {"SELECT", "ASK"}:
        names = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"}
        types = {v: k for k, v in _RESULTS_FORMAT.items()}
        return types[names[fmt]] if fmt in names else None
    graph_types = {
        "turtle": "text/turtle",
        "xml": "application/rdf+xml",
        "rdf+xml": "application/rdf+xml",
        "json-ld": "application/ld+json",
    }
    return graph_types.get(fmt)


def _from_wrapper(form: str, media_type: str, converted: Any) -> Any:
    """SPARQLWrapper's converted answer (dict, DOM, bytes or rdflib graph) as rows/bool/graph."""
    from xml.dom.minidom import Document

    if isinstance(converted, Graph):
        return converted
    if isinstance(converted, dict):
        body = json.dumps(converted).encode("utf-8")
    elif isinstance(converted, Document):
        body = converted.toxml("utf-8")
    else:
        assert isinstance(converted, bytes), type(converted)
        body = converted
    return answer_of(form, media_type, body)


# --- rdflib's SPARQLStore ---------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("form", list(QUERIES))
def test_rdflib_sparqlstore(
    servers: dict[str, IntlgraphServer], expected: dict[str, Any], engine: str, form: str
) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(servers[engine].url + "sparql")  # default settings: GET, XML
    result = Graph(store=store).query(QUERIES[form])
    if form == "SELECT":
        got: Any = _rows(result)
    elif form == "ASK":
        got = bool(result.askAnswer)
    else:
        got = result.graph
    assert same(form, got, expected[form])


# --- curl ------------------------------------------------------------------------------


def _curl_cases() -> Iterator[Any]:
    for form in QUERIES:
        offered = GRAPH_TYPES if form in {"CONSTRUCT", "DESCRIBE"} else RESULT_TYPES
        for media_type, how in itertools.product([None, *offered], ("get", "form", "direct")):
            yield pytest.param(form, media_type, how, id=f"{form}-{media_type or 'default'}-{how}")


@pytest.mark.skipif(CURL is None, reason="needs curl (.ci/run installs it)")
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("form", "media_type", "how"), list(_curl_cases()))
def test_curl(
    servers: dict[str, IntlgraphServer],
    expected: dict[str, Any],
    engine: str,
    form: str,
    media_type: str | None,
    how: str,
) -> None:
    assert CURL is not None
    url = servers[engine].url + "sparql"
    query = QUERIES[form]
    args = {
        "get": ["-G", "--data-urlencode", f"query={query}"],
        "form": ["--data-urlencode", f"query={query}"],
        "direct": ["--data-binary", query, "-H", "Content-Type: application/sparql-query"],
    }[how]
    if media_type is not None:
        args += ["-H", f"Accept: {media_type}"]
    done = subprocess.run(
        [CURL, "-s", "-S", "--max-time", "60", "-w", "\n%{http_code} %{content_type}", *args, url],
        capture_output=True,
        check=True,
    )
    body, _, trailer = done.stdout.rpartition(b"\n")
    status, _, served = trailer.decode("ascii").partition(" ")
    assert status == "200", body
    default = next(iter(GRAPH_TYPES if form in {"CONSTRUCT", "DESCRIBE"} else RESULT_TYPES))
    assert served.split(";")[0] == (media_type or default)
    assert same(form, answer_of(form, served, body), expected[form])


def test_the_query_page_has_an_icon(servers: dict[str, IntlgraphServer]) -> None:
    import urllib.request

    for server in servers.values():
        with urllib.request.urlopen(server.url + "favicon.ico") as icon:
            assert icon.headers["Content-Type"] == "image/svg+xml"
            assert icon.read().startswith(b"<svg")
        with urllib.request.urlopen(server.url) as page:
            assert b'<link rel="icon" type="image/svg+xml" href="favicon.ico">' in page.read()
