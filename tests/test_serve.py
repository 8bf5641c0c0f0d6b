"""``intlgraph serve``: the SPARQL 1.1 Protocol endpoint, checked with curl.

Servers run in-process on free ports (one thread each) for both engines; one test starts the
command as a subprocess and stops it with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURE_GRAPH_ARGS, REPO_ROOT, RunCli
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

import intlgraph
from intlgraph.exc import ServeError
from intlgraph.server import IntlgraphServer, Settings, make_server, sandbox
from intlgraph.server.protocol import HttpError, check_query, negotiate

CURL = shutil.which("curl")
pytestmark = pytest.mark.skipif(CURL is None, reason="needs curl (.ci/run installs it)")

ORGS = "https://w3id.org/intlgraph/id/org/"
CQ07 = (REPO_ROOT / "queries" / "cq" / "cq07.rq").read_text(encoding="utf-8")
#: Section 5.1's seven priority working visits, in list order: their hosts.
CQ07_HOSTS = ["fnpr", "gtuc", "atuc", "ftu-uzbekistan", "tuc", "ituc", "ilo"]
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
ENGINES = ("memory", "oxigraph")


# --- servers and a curl client ---------------------------------------------------------


@contextmanager
def running(kg: intlgraph.KnowledgeGraph, **settings: object) -> Iterator[IntlgraphServer]:
    """A server for ``kg`` on a free port, serving in a thread for the ``with`` block."""
    server = make_server(kg, port=0, settings=Settings(access_log=False, **settings))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def graphs(
    bundled_engines: dict[str, intlgraph.KnowledgeGraph],
) -> dict[str, intlgraph.KnowledgeGraph]:
    return {engine: bundled_engines[engine] for engine in ENGINES}


@pytest.fixture(scope="module")
def servers(graphs: dict[str, intlgraph.KnowledgeGraph]) -> Iterator[dict[str, IntlgraphServer]]:
    with running(graphs["memory"]) as memory, running(graphs["oxigraph"]) as oxigraph:
        yield {"memory": memory, "oxigraph": oxigraph}


@pytest.fixture(params=ENGINES)
def server(request: pytest.FixtureRequest, servers: dict[str, IntlgraphServer]) -> IntlgraphServer:
    return servers[request.param]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def curl(*args: str) -> Response:
    """Run curl; the final response's status, headers (lower-case names) and body."""
    assert CURL is not None
    done = subprocess.run(
        [CURL, "-s", "-S", "-i", "--max-time", "60", *args], capture_output=True, check=True
    )
    rest = done.stdout
    while True:
        head, _, rest = rest.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        if status != 100:
            break
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Response(status, headers, rest)


def get(server: IntlgraphServer, query: str, *args: str) -> Response:
    return curl("-G", "--data-urlencode", f"query={query}", *args, server.url + "sparql")


def local(iri: str) -> str:
    return iri.rstrip(">").rsplit("/", 1)[-1]


# --- a competency question in every format ---------------------------------------------


def test_cq07_as_sparql_json(server: IntlgraphServer) -> None:
    response = get(server, CQ07)
    assert response.status == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    data = json.loads(response.body)
    assert data["head"]["vars"] == ["item", "visit", "host", "city", "country"]
    rows = data["results"]["bindings"]
    assert [local(row["host"]["value"]) for row in rows] == CQ07_HOSTS
    assert rows[0]["item"] == {
        "type": "literal",
        "value": "1",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert rows[0]["host"] == {"type": "uri", "value": ORGS + "fnpr"}
    assert response.headers["x-intlgraph-rows"] == "7"
    assert "x-intlgraph-truncated" not in response.headers


def test_cq07_as_csv(server: IntlgraphServer) -> None:
    response = get(server, CQ07, "-H", "Accept: text/csv")
    assert response.status == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.count("\r\n") == 8  # header + 7 rows, CRLF as the W3C format says
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert [local(row["host"]) for row in rows] == CQ07_HOSTS
    assert [row["item"] for row in rows] == [str(i) for i in range(1, 8)]
    assert rows[-1]["city"].endswith("/city/geneva")


def test_cq07_as_tsv(server: IntlgraphServer) -> None:
    response = get(server, CQ07, "-H", "Accept: text/tab-separated-values")
    assert response.status == 200
    lines = response.text.splitlines()
    assert lines[0] == "?item\t?visit\t?host\t?city\t?country"
    cells = [line.split("\t") for line in lines[1:]]
    assert [local(row[2]) for row in cells] == CQ07_HOSTS
    assert all(row[2].startswith("<https://") and row[2].endswith(">") for row in cells)
    assert cells[3][3] == "<https://w3id.org/intlgraph/id/city/tashkent>"


def test_cq07_as_xml(server: IntlgraphServer) -> None:
    response = get(server, CQ07, "-H", "Accept: application/sparql-results+xml")
    assert response.status == 200
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(response.body)
    names = [v.get("name") for v in root.findall("r:head/r:variable", ns)]
    assert names == ["item", "visit", "host", "city", "country"]
    hosts = [
        local(uri.text or "")
        for uri in root.findall("r:results/r:result/r:binding[@name='host']/r:uri", ns)
    ]
    assert hosts == CQ07_HOSTS


def test_both_engines_give_the_same_bytes(servers: dict[str, IntlgraphServer]) -> None:
    for accept in ("application/sparql-results+json", "text/csv", "text/tab-separated-values"):
        answers = {get(s, CQ07, "-H", f"Accept: {accept}").body for s in servers.values()}
        assert len(answers) == 1, accept


def test_format_parameter_overrides_accept(server: IntlgraphServer) -> None:
    response = curl(
        "-G",
        "--data-urlencode",
        f"query={COUNT_ALL}",
        "--data-urlencode",
        "format=tsv",
        "-H",
        "Accept: application/sparql-results+xml",
        server.url + "sparql",
    )
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    assert response.text.splitlines()[0] == "?n"


def test_ask(server: IntlgraphServer) -> None:
    ask = f"ASK {{ <{ORGS}fnpr> ?p ?o }}"
    assert json.loads(get(server, ask).body) == {"head": {}, "boolean": True}
    assert get(server, ask.replace("fnpr", "no-such-org"), "-H", "Accept: text/csv").text == (
        "false"
    )


@pytest.mark.parametrize("accept", ["text/html, image/png", "application/sparql-results+json;q=0"])
def test_unacceptable_media_type_is_406(server: IntlgraphServer, accept: str) -> None:
    response = get(server, COUNT_ALL, "-H", f"Accept: {accept}")
    assert response.status == 406
    assert "text/csv" in response.text


def test_negotiation_prefers_quality_then_specificity() -> None:
    assert negotiate("SELECT", "text/csv;q=0.5, */*;q=0.1") == "text/csv"
    assert negotiate("SELECT", "*/*") == "application/sparql-results+json"
    assert negotiate("SELECT", "text/*") == "text/csv"
    assert negotiate("SELECT", "application/json") == "application/sparql-results+json"
    assert negotiate("DESCRIBE", "application/n-triples, text/turtle;q=0.8") == (
        "application/n-triples"
    )
    assert negotiate("CONSTRUCT", "application/sparql-results+json, text/turtle;q=0.9") == (
        "text/turtle"
    )


# --- POST --------------------------------------------------------------------------------


def test_post_form_and_sparql_query_bodies(server: IntlgraphServer) -> None:
    url = server.url + "sparql"
    reference = get(server, CQ07, "-H", "Accept: text/csv")
    form = curl("--data-urlencode", f"query={CQ07}", "-H", "Accept: text/csv", url)
    body = curl(
        "--data-binary",
        CQ07,
        "-H",
        "Content-Type: application/sparql-query",
        "-H",
        "Accept: text/csv",
        url,
    )
    assert form.status == body.status == 200
    assert form.body == body.body == reference.body
    assert [local(r["host"]) for r in csv.DictReader(io.StringIO(form.text))] == CQ07_HOSTS


def test_post_other_content_type_is_415(server: IntlgraphServer) -> None:
    response = curl(
        "--data-binary", COUNT_ALL, "-H", "Content-Type: text/plain", server.url + "sparql"
    )
    assert response.status == 415


# --- CONSTRUCT / DESCRIBE ----------------------------------------------------------------


def test_construct_as_turtle_parses_back(server: IntlgraphServer) -> None:
    query = f"CONSTRUCT {{ <{ORGS}fnpr> ?p ?o }} WHERE {{ <{ORGS}fnpr> ?p ?o }}"
    response = get(server, query)
    assert response.status == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=response.text, format="turtle")
    fnpr = URIRef(ORGS + "fnpr")
    labels = set(graph.objects(fnpr, RDFS.label))
    assert Literal("Federation of Independent Trade Unions of Russia", lang="en") in labels
    assert (fnpr, URIRef("https://w3id.org/intlgraph/ont#headquarters"), None) in graph
    assert response.headers["x-intlgraph-rows"] == str(len(graph))
    ntriples = get(server, query, "-H", "Accept: application/n-triples")
    assert ntriples.headers["content-type"] == "application/n-triples"
    assert Graph().parse(data=ntriples.text, format="nt").isomorphic(graph)


# --- refused requests --------------------------------------------------------------------


@pytest.fixture
def trap() -> Iterator[socket.socket]:
    """A listening socket on this machine: a refused query must never connect to it."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.3)
    yield listener
    listener.close()


def _connections(listener: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            return count
        connection.close()
        count += 1


def _refused_requests(trap: str) -> list[tuple[str, list[str]]]:
    insert = f"INSERT DATA {{ <{ORGS}fnpr> <{ORGS}p> <{ORGS}o> }}"
    update_body = ["--data-binary", insert, "-H", "Content-Type: application/sparql-update"]

    def query(text: str) -> list[str]:
        return ["-G", "--data-urlencode", f"query={text}"]

    return [
        ("update=", ["--data-urlencode", f"update={insert}"]),
        ("update in query=", ["--data-urlencode", f"query={insert}"]),
        ("sparql-update body", update_body),
        ("DELETE WHERE", ["--data-urlencode", "query=DELETE WHERE { ?s ?p ?o }"]),
        ("LOAD", ["--data-urlencode", f"update=LOAD <{trap}data.ttl>"]),
        ("LOAD as query", ["--data-urlencode", f"query=LOAD <{trap}data.ttl>"]),
        ("SERVICE", query(f"SELECT * WHERE {{ SERVICE <{trap}> {{ ?s ?p ?o }} }}")),
        ("SERVICE escaped", query(f"SELECT * WHERE {{ \\u0053ERVICE <{trap}> {{ ?s ?p ?o }} }}")),
    ]


def _local_dataset_requests(trap: str) -> list[tuple[str, list[str]]]:
    """Requests naming graphs the server does not hold: empty graphs, nothing fetched."""

    def query(text: str) -> list[str]:
        return ["-G", "--data-urlencode", f"query={text}"]

    return [
        ("FROM", query(f"SELECT * FROM <{trap}g.ttl> WHERE {{ ?s ?p ?o }}")),
        ("FROM NAMED", query(f"SELECT * FROM NAMED <{trap}g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")),
        ("FROM file", query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")),
        ("default-graph-uri", [*query(COUNT_ALL), "--data-urlencode", f"default-graph-uri={trap}"]),
        (
            "named-graph-uri",
            [
                *query("SELECT * { GRAPH ?g { ?s ?p ?o } }"),
                "--data-urlencode",
                f"named-graph-uri={trap}g.ttl",
            ],
        ),
    ]


def test_refused_requests_fetch_nothing_and_change_nothing(
    server: IntlgraphServer, trap: socket.socket
) -> None:
    trap_url = f"http://127.0.0.1:{trap.getsockname()[1]}/"
    before = len(server.kg)
    for label, args in _refused_requests(trap_url):
        response = curl(*args, server.url + "sparql")
        assert response.status == 403, (label, response.status, response.text)
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
        assert response.text.startswith("refused"), label
    assert _connections(trap) == 0
    assert len(server.kg) == before
    ask = f"ASK {{ <{ORGS}fnpr> <{ORGS}p> <{ORGS}o> }}"
    assert json.loads(get(server, ask).body)["boolean"] is False


def test_graphs_the_server_does_not_hold_are_empty_and_never_fetched(
    server: IntlgraphServer, trap: socket.socket
) -> None:
    trap_url = f"http://127.0.0.1:{trap.getsockname()[1]}/"
    for label, args in _local_dataset_requests(trap_url):
        response = curl(*args, server.url + "sparql")
        assert response.status == 200, (label, response.status, response.text)
        bindings = json.loads(response.body)["results"]["bindings"]
        if label == "default-graph-uri":
            assert bindings == [{"n": {"type": "literal", "value": "0", "datatype": XSD_INTEGER}}]
        elif label == "named-graph-uri":
            assert bindings == []
        else:
            assert bindings == [], label
    assert _connections(trap) == 0


def test_second_lock_refuses_service_after_parsing(
    servers: dict[str, IntlgraphServer], trap: socket.socket
) -> None:
    """Even a SERVICE query that got past the text check is not run by rdflib."""
    query = (
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{trap.getsockname()[1]}/> {{ ?s ?p ?o }} }}"
    )
    with pytest.raises(HttpError) as refused:
        servers["memory"].runner.run(query, "SELECT", "application/sparql-results+json")
    assert refused.value.status == 403
    assert _connections(trap) == 0


def test_guard_blocks_network_and_files_in_query_threads(trap: socket.socket) -> None:
    sandbox.install()
    outside = Path(__file__)  # a file outside Python's installation
    with sandbox.sealed():
        with pytest.raises(PermissionError):
            socket.create_connection(trap.getsockname(), timeout=1)
        with pytest.raises(PermissionError):
            outside.read_text(encoding="utf-8")
        with pytest.raises(PermissionError):
            subprocess.run(["true"], check=False)
    assert _connections(trap) == 0
    assert outside.read_text(encoding="utf-8")  # other threads / outside the block: fine


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s ?p ?o . FILTER(?s = <http://x/#SERVICE>) }",
        "SELECT ?from WHERE { ?from ?p 'LOAD' } LIMIT 1",
        "# SERVICE <http://x/>\nASK { ?s ?p ?o }",
    ],
)
def test_keywords_inside_iris_strings_comments_variables_are_not_refused(query: str) -> None:
    assert check_query(query) in {"SELECT", "ASK"}


def test_malformed_query_is_400_with_the_parsers_message(server: IntlgraphServer) -> None:
    response = get(server, "SELECT ?s WHERE { ?s ?p }")
    assert response.status == 400
    assert response.text.startswith("malformed query: ")
    assert re.search(r"col|column|\d+:\d+|char", response.text)


def test_missing_and_repeated_query_is_400(server: IntlgraphServer) -> None:
    assert curl(server.url + "sparql?format=json").status == 400
    assert curl("-X", "POST", "-H", "Content-Length: 0", server.url + "sparql").status == 415
    twice = curl(
        "-G",
        "--data-urlencode",
        "query=ASK {}",
        "--data-urlencode",
        "query=ASK {}",
        server.url + "sparql",
    )
    assert twice.status == 400


def test_unknown_path_is_404_and_wrong_method_405(server: IntlgraphServer) -> None:
    assert curl(server.url + "nothing-here").status == 404
    assert curl(server.url + "sparql/extra").status == 404
    response = curl("-X", "DELETE", server.url + "sparql")
    assert response.status == 405
    assert response.headers["allow"] == "GET, POST, OPTIONS"


def test_foreign_host_header_is_refused_on_loopback(server: IntlgraphServer) -> None:
    assert get(server, "ASK {}", "-H", "Host: attacker.example").status == 403
    assert get(server, "ASK {}", "-H", f"Host: localhost:{server.server_address[1]}").status == 200


# --- limits ------------------------------------------------------------------------------

SLOW_MEMORY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
# 64 billion rows inside one COUNT on the synthetic graph below: hours on Oxigraph
SLOW_OXIGRAPH = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def synthetic_oxigraph() -> intlgraph.KnowledgeGraph:
    """4,000 made-up triples in Oxigraph (test data only): a runaway that ends on its own."""
    from intlgraph.engines import OxigraphEngine

    graph = Graph()
    for i in range(4000):
        graph.add((URIRef(f"urn:test:s{i}"), URIRef("urn:test:p"), Literal(i)))
    kg = intlgraph.KnowledgeGraph(engine=OxigraphEngine())
    kg.engine.add_graph(graph)
    return kg


def _wait_idle(server: IntlgraphServer, limit: float) -> float:
    started = time.perf_counter()
    while server.runner.running() and time.perf_counter() - started < limit:
        time.sleep(0.02)
    return time.perf_counter() - started


def test_timeout_answers_503_on_time_and_stops_the_rdflib_query(
    graphs: dict[str, intlgraph.KnowledgeGraph],
) -> None:
    with running(graphs["memory"], timeout=1.0) as server:
        started = time.perf_counter()
        response = get(server, SLOW_MEMORY)
        elapsed = time.perf_counter() - started
        assert response.status == 503
        assert "time limit of 1 s" in response.text
        # not before the limit, and long before the runaway query would end by itself (these
        # bounds show the limit is enforced; they are not speed targets: the machine may be busy)
        assert 1.0 <= elapsed < 15
        assert _wait_idle(server, 15) < 15  # the runaway was interrupted, its slot is free
        answer = get(server, f"ASK {{ <{ORGS}fnpr> ?p ?o }}")
        assert (answer.status, json.loads(answer.body)["boolean"]) == (200, True)


def test_timeout_on_oxigraph_ends_the_query_and_frees_its_slot(
    synthetic_oxigraph: intlgraph.KnowledgeGraph,
) -> None:
    with running(synthetic_oxigraph, timeout=0.5) as server:
        started = time.perf_counter()
        response = get(server, SLOW_OXIGRAPH)
        assert response.status == 503
        assert time.perf_counter() - started < 15  # the runaway alone would run for minutes
        # the runaway's worker process was killed: its slot is free again
        assert _wait_idle(server, 15) < 15
        assert server.runner.running() == 0
        assert get(server, "ASK { ?s ?p ?o }").status == 200


def test_max_rows_truncates_and_says_so(graphs: dict[str, intlgraph.KnowledgeGraph]) -> None:
    for kg in graphs.values():
        with running(kg, max_rows=5) as server:
            cut = get(server, "SELECT * WHERE { ?s ?p ?o }")
            assert cut.headers["x-intlgraph-truncated"] == "true"
            assert cut.headers["x-intlgraph-max-rows"] == "5"
            assert len(json.loads(cut.body)["results"]["bindings"]) == 5
            exact = get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
            assert "x-intlgraph-truncated" not in exact.headers
            assert exact.headers["x-intlgraph-rows"] == "5"
            graph = get(
                server, "CONSTRUCT WHERE { ?s ?p ?o }", "-H", "Accept: application/n-triples"
            )
            assert graph.headers["x-intlgraph-truncated"] == "true"
            assert len(graph.text.splitlines()) == 5


def test_too_many_running_queries_are_503(synthetic_oxigraph: intlgraph.KnowledgeGraph) -> None:
    with running(synthetic_oxigraph, timeout=3, max_running=1) as server:
        slow = threading.Thread(target=get, args=(server, SLOW_OXIGRAPH))
        slow.start()
        while not server.runner.running():
            time.sleep(0.01)
        busy = get(server, "ASK {}")
        assert busy.status == 503
        assert busy.text.startswith("busy")
        assert busy.headers["retry-after"] == "5"
        slow.join()
        _wait_idle(server, 5)
        assert get(server, "ASK {}").status == 200


def test_timed_out_oxigraph_queries_never_hold_every_slot(
    synthetic_oxigraph: intlgraph.KnowledgeGraph,
) -> None:
    """Issue 11, item 7: four runaways used to hold all four slots for good."""
    with running(synthetic_oxigraph, timeout=0.5, max_running=4) as server:
        runaways = [threading.Thread(target=get, args=(server, SLOW_OXIGRAPH)) for _ in range(4)]
        for thread in runaways:
            thread.start()
        for thread in runaways:
            thread.join()
        assert _wait_idle(server, 1.0) < 1.0
        deadline = time.monotonic() + 10  # replacement workers start in the background
        status = 0
        while time.monotonic() < deadline and status != 200:
            status = get(server, "ASK { ?s ?p ?o }").status
        assert status == 200


# --- CORS --------------------------------------------------------------------------------


def test_no_cors_headers_by_default(server: IntlgraphServer) -> None:
    response = get(server, "ASK {}", "-H", "Origin: https://example.org")
    assert not [h for h in response.headers if h.startswith("access-control-")]
    preflight = curl("-X", "OPTIONS", "-H", "Origin: https://example.org", server.url + "sparql")
    assert preflight.status == 204
    assert not [h for h in preflight.headers if h.startswith("access-control-")]


def test_cors_with_an_origin(graphs: dict[str, intlgraph.KnowledgeGraph]) -> None:
    with running(graphs["memory"], cors="https://example.org") as server:
        response = get(server, "ASK {}", "-H", "Origin: https://example.org")
        assert response.headers["access-control-allow-origin"] == "https://example.org"
        assert "X-Intlgraph-Truncated" in response.headers["access-control-expose-headers"]
        preflight = curl(
            "-X",
            "OPTIONS",
            "-H",
            "Origin: https://example.org",
            "-H",
            "Access-Control-Request-Method: POST",
            server.url + "sparql",
        )
        assert preflight.status == 204
        assert preflight.headers["access-control-allow-origin"] == "https://example.org"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "Content-Type" in preflight.headers["access-control-allow-headers"]


@pytest.mark.parametrize("origin", ["https://example.org/path", "example.org", "https://a\r\nX: y"])
def test_cors_origin_must_be_an_origin(origin: str) -> None:
    with pytest.raises(ServeError):
        Settings(cors=origin)


# --- the query page ----------------------------------------------------------------------


def test_page_is_self_contained_and_renders_with_text_content(server: IntlgraphServer) -> None:
    response = curl(server.url)
    assert response.status == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    html = response.text
    links = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]*)""", html, flags=re.IGNORECASE)
    assert not [link for link in links if "http" in link or link.startswith("//")]
    assert not re.search(r"@import|url\(", html)
    assert "innerHTML" not in html and "outerHTML" not in html
    assert "insertAdjacentHTML" not in html and "document.write" not in html
    assert "td.textContent = cellText(term)" in html
    assert 'fetch("queries.json")' in html and 'fetch("sparql"' in html


def test_queries_json_lists_the_catalogue(server: IntlgraphServer) -> None:
    response = curl(server.url + "queries.json")
    assert response.headers["content-type"] == "application/json"
    listing = {q["name"]: q for q in json.loads(response.body)}
    assert set(listing) == set(intlgraph.catalogue()["name"])
    cq07 = listing["cq/cq07"]
    assert cq07["title"] == "Priority working visits and their cities"
    rows = json.loads(get(server, cq07["query"]).body)["results"]["bindings"]
    assert [local(r["host"]["value"]) for r in rows] == CQ07_HOSTS


# --- the command -------------------------------------------------------------------------


def test_serve_help(cli: RunCli) -> None:
    result = cli("serve", "--help")
    assert result.returncode == 0
    for option in ("--host", "--port", "--timeout", "--max-rows", "--cors", "--engine", "--store"):
        assert option in result.stdout


def test_serve_bad_option_is_a_usage_error(cli: RunCli) -> None:
    result = cli("serve", "--cors", "not an origin", *FIXTURE_GRAPH_ARGS)
    assert result.returncode == 2
    assert result.stderr.startswith("intlgraph: error: --cors takes an origin")
    assert "Traceback" not in result.stderr


def test_serve_command_prints_its_url_and_stops_on_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "intlgraph", "serve", "--port", "0", *FIXTURE_GRAPH_ARGS],
        cwd=REPO_ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            found = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
            url = found.group(1) if found else None
        assert url is not None
        response = curl("-G", "--data-urlencode", "query=ASK { ?s ?p ?o }", url + "sparql")
        assert json.loads(response.body)["boolean"] is True
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
        assert "stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_port_in_use_is_a_clear_error(graphs: dict[str, intlgraph.KnowledgeGraph]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=f"cannot listen on 127.0.0.1:{port}"):
            make_server(graphs["memory"], port=port)
