"""The W3C SPARQL 1.1 Protocol test suite against ``intlgraph serve``, on both engines.

The suite's manifest (``fixtures/w3c-protocol/manifest.ttl``, 34 tests) is read as RDF and
each of its HTTP requests is sent as it describes it: method, path and parameters, headers,
body (in its character encoding). The server holds the suite's data as named graphs
(``dataset.nq``). Query-side tests must answer as the manifest expects (status class, result
format, boolean), plus the answers the suite implies (the SELECT's value, the CONSTRUCT's
triple resolved against the endpoint's URL). The server is read-only by design: in the
update-side tests every update request must be refused with a 4xx, the follow-up queries
must show that nothing changed, and the whole dataset must be the same afterwards.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

import intlgraph
from intlgraph.server import IntlgraphServer, Settings, make_server

SUITE = FIXTURES / "w3c-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
ENGINES = ("memory", "oxigraph")
RESULTS_NS = {"r": "http://www.w3.org/2005/sparql-results#"}
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # expected status classes: 2, 3, 4
    fmt: str | None = None
    boolean: bool | None = None


@dataclass
class Case:
    name: str
    title: str
    requests: list[Request] = field(default_factory=list)

    @property
    def update_side(self) -> bool:
        return "update" in self.name  # update_*, bad_update_*, bad_multiple_updates


def _cases() -> list[Case]:
    manifest = Graph().parse(SUITE / "manifest.ttl", format="turtle")
    root = next(manifest.subjects(RDF.type, MF.Manifest))
    entries = Collection(manifest, manifest.value(root, MF.entries))
    cases = []
    for entry in entries:
        name = str(entry).rsplit("#", 1)[1]
        case = Case(name, str(manifest.value(entry, MF.name)))
        action = manifest.value(entry, MF.action)
        for node in Collection(manifest, manifest.value(action, HT.requests)):
            headers = {}
            header_list = manifest.value(node, HT.headers)
            if header_list is not None:
                for header in Collection(manifest, header_list):
                    name_ = str(manifest.value(header, HT.fieldName))
                    headers[name_] = str(manifest.value(header, HT.fieldValue))
            body = None
            content = manifest.value(node, HT.body)
            if content is not None:
                encoding = str(manifest.value(content, CNT.characterEncoding) or "UTF-8")
                body = str(manifest.value(content, CNT.chars)).encode(encoding)
            response = manifest.value(node, HT.resp)
            statuses = {
                int(str(status).rsplit("StatusCode", 1)[1][0])
                for status in manifest.objects(response, MF.expectedStatus)
            }
            expected_boolean = manifest.value(response, MF.expectedBoolean)
            fmt = manifest.value(response, MF.expectedFormat)
            path = str(manifest.value(node, HT.absolutePath))
            assert path.startswith("/sparql/")
            case.requests.append(
                Request(
                    method=str(manifest.value(node, HT.methodName)),
                    # "replace this value with whatever path prefix is appropriate"
                    path="/sparql" + path[len("/sparql/") :],
                    headers=headers,
                    body=body,
                    statuses=statuses,
                    fmt=str(fmt) if fmt is not None else None,
                    boolean=bool(expected_boolean.toPython())
                    if isinstance(expected_boolean, Literal)
                    else None,
                )
            )
        cases.append(case)
    return cases


CASES = _cases()


def test_the_manifest_has_the_34_tests() -> None:
    assert len(CASES) == 34
    assert len([c for c in CASES if c.update_side]) == 14
    assert sum(len(c.requests) for c in CASES) == 39


# --- servers --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, IntlgraphServer]]:
    running = {}
    threads = []
    for engine in ENGINES:
        kg = intlgraph.load(include_bundled=False, extra=[SUITE / "dataset.nq"], engine=engine)
        server = make_server(kg, port=0, settings=Settings(access_log=False, timeout=60))
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


@dataclass
class Response:
    status: int
    media_type: str
    body: bytes


def send(server: IntlgraphServer, request: Request) -> Response:
    host, port = str(server.server_address[0]), int(server.server_address[1])
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request(request.method, request.path, body=request.body, headers=request.headers)
        answer = connection.getresponse()
        body = answer.read()
        media_type = (answer.getheader("Content-Type") or "").split(";")[0].strip()
        return Response(answer.status, media_type, body)
    finally:
        connection.close()


def snapshot(server: IntlgraphServer) -> tuple[int, list[list[Any]], list[list[Any]]]:
    """Everything the server holds: triple count, the default graph, the named graphs."""
    engine = server.kg.engine
    default = sorted(engine.select("SELECT ?s ?p ?o { ?s ?p ?o }").rows, key=str)
    named = sorted(engine.select("SELECT ?g ?s ?p ?o { GRAPH ?g { ?s ?p ?o } }").rows, key=str)
    return len(server.kg), default, named


# --- reading answers --------------------------------------------------------------------


def boolean_of(response: Response) -> bool:
    if response.media_type == "application/sparql-results+json":
        value = json.loads(response.body)["boolean"]
        assert isinstance(value, bool)
        return value
    root = ET.fromstring(response.body)
    element = root.find("r:boolean", RESULTS_NS)
    assert element is not None and element.text in {"true", "false"}
    return element.text == "true"


def rows_of(response: Response) -> list[dict[str, str]]:
    if response.media_type == "application/sparql-results+json":
        data = json.loads(response.body)
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    if response.media_type == "application/sparql-results+xml":
        root = ET.fromstring(response.body)
        rows = []
        for result in root.findall("r:results/r:result", RESULTS_NS):
            rows.append(
                {
                    b.get("name") or "": "".join(b.itertext())
                    for b in result.findall("r:binding", RESULTS_NS)
                }
            )
        return rows
    delimiter = "," if response.media_type == "text/csv" else "\t"
    reader = csv.DictReader(io.StringIO(response.body.decode("utf-8")), delimiter=delimiter)
    return [{k.lstrip("?"): v for k, v in row.items()} for row in reader]


def graph_of(response: Response) -> Graph:
    return Graph().parse(data=response.body.decode("utf-8"), format=RDF_TYPES[response.media_type])


def check_answer(server: IntlgraphServer, request: Request, response: Response, where: str) -> None:
    assert response.status // 100 in request.statuses, (where, response.status, response.body)
    if request.fmt == "boolean":
        assert response.media_type in BOOLEAN_TYPES, where
    elif request.fmt == "tabular":
        assert response.media_type in TABULAR_TYPES, where
    elif request.fmt == "RDF":
        assert response.media_type in RDF_TYPES, where
        graph_of(response)  # parses
    if request.boolean is not None:
        assert boolean_of(response) is request.boolean, where


# --- the tests ------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_protocol(servers: dict[str, IntlgraphServer], engine: str, case: Case) -> None:
    server = servers[engine]
    before = snapshot(server)
    for number, request in enumerate(case.requests, start=1):
        where = f"{case.name} request {number} on {engine}"
        response = send(server, request)
        if not case.update_side:
            check_answer(server, request, response, where)
            _check_known_answers(server, case, response, where)
            continue
        if _is_update(request):  # refused by design; nothing may change
            assert 400 <= response.status < 500, (where, response.status, response.body)
            assert response.media_type == "text/plain", where
        else:  # the suite's follow-up ASK: the update did not happen
            assert response.status == 200, (where, response.status, response.body)
            assert request.boolean is True and boolean_of(response) is False, where
    assert snapshot(server) == before, f"{case.name} changed the data on {engine}"


def _is_update(request: Request) -> bool:
    """In the update-side tests, every request but the follow-up queries (sent as
    ``application/sparql-query``) is an update request."""
    return request.headers.get("content-type") != "application/sparql-query"


def _check_known_answers(
    server: IntlgraphServer, case: Case, response: Response, where: str
) -> None:
    """What the suite's queries must answer beyond the status and the format."""
    if case.name == "query_content_type_select":
        assert rows_of(response) == [{"value": "1"}], where
    elif case.name == "query_content_type_construct":
        # relative IRIs resolve against the endpoint's URL, http://127.0.0.1:port/sparql
        expected = {(URIRef(server.url + "s"), URIRef(server.url + "p"), Literal(1))}
        assert set(graph_of(response)) == expected, where
    elif case.name == "query_content_type_describe":
        assert len(graph_of(response)) == 0, where  # nothing is known about it
    elif case.name.startswith("bad_"):
        assert response.media_type == "text/plain", where


def test_every_update_request_is_recognised() -> None:
    """The update-side tests' update requests, as this module tells them from queries."""
    updates = [r for c in CASES if c.update_side for r in c.requests if _is_update(r)]
    follow_ups = [r for c in CASES if c.update_side for r in c.requests if not _is_update(r)]
    assert len(updates) == 14
    assert len(follow_ups) == 5 and all(r.boolean is True for r in follow_ups)


def test_graph_names_and_dataset_answers(servers: dict[str, IntlgraphServer]) -> None:
    """The dataset description selects held graphs: GRAPH ?g binds their names."""
    query = (
        "SELECT ?g WHERE { GRAPH ?g { ?doc a <http://xmlns.com/foaf/0.1/Document> } } ORDER BY ?g"
    )
    data = "http://kasei.us/2009/09/sparql/data/"
    for engine, server in servers.items():
        request = Request(
            "GET",
            "/sparql?"
            + "&".join(
                [
                    "query=" + _quote(query),
                    "named-graph-uri=" + _quote(data + "data1.rdf"),
                    "named-graph-uri=" + _quote(data + "data3.rdf"),
                    "named-graph-uri=" + _quote("http://example.org/not-held"),
                ]
            ),
            {"Accept": "text/csv"},
            None,
            {2},
        )
        response = send(server, request)
        assert response.status == 200, engine
        assert [r["g"] for r in rows_of(response)] == [data + "data1.rdf", data + "data3.rdf"]
        # without a dataset description: every named graph, and the default graph is their union
        all_graphs = send(server, Request("GET", "/sparql?query=" + _quote(query), {}, None, {2}))
        assert [r["g"] for r in rows_of(all_graphs)] == [data + f"data{i}.rdf" for i in (1, 2, 3)]
        count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
        union = send(server, Request("GET", "/sparql?query=" + _quote(count), {}, None, {2}))
        assert rows_of(union) == [{"n": "3"}], engine


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def test_fixture_files_are_the_suites(tmp_path: Path) -> None:
    """dataset.nq holds exactly the suite's three data files, each in its labelled graph."""
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(SUITE / "dataset.nq", format="nquads")
    graphs = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert graphs == {f"http://kasei.us/2009/09/sparql/data/data{i}.rdf": 1 for i in (1, 2, 3)}


def test_the_service_description(servers: dict[str, IntlgraphServer]) -> None:
    """``GET /sparql`` without parameters describes the service (SPARQL 1.1 SD)."""
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    void_triples = URIRef("http://rdfs.org/ns/void#triples")
    data = "http://kasei.us/2009/09/sparql/data/"
    for engine, server in servers.items():
        for accept, fmt in (("text/turtle", "turtle"), ("application/rdf+xml", "xml")):
            response = send(server, Request("GET", "/sparql", {"Accept": accept}, None, {2}))
            assert (response.status, response.media_type) == (200, accept), engine
            graph = Graph().parse(data=response.body.decode("utf-8"), format=fmt)
            service = graph.value(predicate=RDF.type, object=sd.Service)
            assert graph.value(service, sd.endpoint) == URIRef(server.url + "sparql")
            assert graph.value(service, sd.supportedLanguage) == sd.SPARQL11Query
            assert graph.value(service, sd.feature) == sd.UnionDefaultGraph
            dataset = graph.value(service, sd.defaultDataset)
            default = graph.value(dataset, sd.defaultGraph)
            assert graph.value(default, void_triples) == Literal(3)
            named = {
                str(graph.value(n, sd.name)): graph.value(graph.value(n, sd.graph), void_triples)
                for n in graph.objects(dataset, sd.namedGraph)
            }
            assert named == {data + f"data{i}.rdf": Literal(1) for i in (1, 2, 3)}
            formats = {str(f).rsplit("/", 1)[1] for f in graph.objects(service, sd.resultFormat)}
            assert {"SPARQL_Results_JSON", "SPARQL_Results_CSV", "RDF_XML", "JSON-LD"} <= formats
