"""The remote engine and ``intlgraph push``: failures become one-line EndpointErrors, fast.

Small local servers on 127.0.0.1 play the misbehaving endpoints (down, silent, garbage, HTTP
errors, basic auth); the session's live Oxigraph server (``conftest.oxigraph_server``) plays
the working store.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from conftest import FIXTURE_DATA, FIXTURE_ONTOLOGY, SERVER_GRAPH, RunCli
from rdflib import Literal

import intlgraph
from intlgraph import named_queries
from intlgraph.engines.endpoint import POST_ABOVE, USER_AGENT, EndpointEngine
from intlgraph.exc import EndpointError, EngineError, MalformedQueryError
from intlgraph.kg import IGD
from intlgraph.push import derive_query_url, graph_size, gsp_url, push
from intlgraph.results import IRI

SELECT_ONE = "SELECT ?x WHERE { VALUES ?x { 1 } }"
RESULTS = {"head": {"vars": ["x"]}, "results": {"bindings": []}}
SCRATCH = "urn:x-intlgraph-test:scratch"


# --- local servers ---------------------------------------------------------------------


class Seen:
    """What a fake endpoint received."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []


#: ``reply(request) -> (status, content type, body[, extra headers])``
Reply = Callable[[dict[str, Any]], tuple[Any, ...]]


@pytest.fixture
def fake_endpoint() -> Iterator[Callable[[Reply], tuple[str, Seen]]]:
    """Start local HTTP servers answering with ``reply(request) -> (status, type, body)``."""
    servers: list[ThreadingHTTPServer] = []

    def start(reply: Reply) -> tuple[str, Seen]:
        seen = Seen()

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urllib.parse.urlsplit(self.path)
                form = urllib.parse.parse_qs(url.query)
                if self.headers.get("Content-Type", "").startswith("application/x-www-form"):
                    form.update(urllib.parse.parse_qs(body.decode()))
                request = {
                    "method": self.command,
                    "path": url.path,
                    "query": (form.get("query") or form.get("update") or [""])[0],
                    "headers": dict(self.headers.items()),
                    "body": body,
                }
                seen.requests.append(request)
                status, content_type, payload, *extra = reply(request)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in (extra[0] if extra else {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/sparql", seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def json_reply(data: Any, status: int = 200) -> Reply:
    body = json.dumps(data).encode()
    return lambda request: (status, "application/sparql-results+json", body)


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A socket server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


# --- failures --------------------------------------------------------------------------


def test_endpoint_down_fails_fast(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/query"
    started = time.monotonic()
    with pytest.raises(EndpointError, match="connection refused") as caught:
        intlgraph.connect(url).query(SELECT_ONE)
    assert time.monotonic() - started < 10  # refused at once, not after a timeout
    assert str(caught.value).startswith(url) and "\n" not in str(caught.value)


def test_silent_server_times_out(silent_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"no answer within 1 s \(timeout\)") as caught:
        intlgraph.connect(silent_server, timeout=1).query(SELECT_ONE)
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 15
    assert silent_server in str(caught.value)


def test_unknown_host() -> None:
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"cannot find host 'no-such-host\.invalid'"):
        EndpointEngine("http://no-such-host.invalid/sparql", timeout=2).select(SELECT_ONE)
    assert time.monotonic() - started < 30


def test_not_an_http_url() -> None:
    with pytest.raises(EndpointError, match="not an http"):
        intlgraph.connect("ftp://example.org/sparql")


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("text/html", b"<html><body>Welcome to nginx!</body></html>", "not SPARQL JSON results"),
        ("application/octet-stream", b"\xff\xfe\x00garbage", "not SPARQL JSON results"),
        ("application/json", b'{"foo": 1}', "no head.vars / results.bindings"),
        ("application/json", b"[1, 2]", "must be an object"),
        (
            "application/json",
            b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "?"}}]}}',
            "bad term",
        ),
    ],
)
def test_malformed_answers(
    fake_endpoint: Callable[[Reply], tuple[str, Seen]],
    content_type: str,
    body: bytes,
    message: str,
) -> None:
    url, _ = fake_endpoint(lambda request: (200, content_type, body))
    with pytest.raises(EndpointError, match=message) as caught:
        intlgraph.connect(url).query(SELECT_ONE)
    assert str(caught.value).startswith(f"{url}: malformed answer")


def test_malformed_ask_and_construct_answers(
    fake_endpoint: Callable[[Reply], tuple[str, Seen]],
) -> None:
    url, _ = fake_endpoint(json_reply({"head": {}}))
    with pytest.raises(EndpointError, match="no boolean"):
        intlgraph.connect(url).query("ASK { ?s ?p ?o }")
    url, _ = fake_endpoint(lambda request: (200, "text/html", b"<p>hi</p>"))
    with pytest.raises(EndpointError, match="not N-Triples, Turtle or RDF/XML"):
        intlgraph.connect(url).query("CONSTRUCT WHERE { ?s ?p ?o }")
    url, _ = fake_endpoint(lambda request: (200, "application/n-triples", b"<a> <b> ."))
    with pytest.raises(EndpointError, match="cannot read the application/n-triples answer"):
        intlgraph.connect(url).query("CONSTRUCT WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (500, b"Store exploded: disk full\nstack trace ...", "HTTP 500: Store exploded: disk full"),
        (401, b"", "HTTP 401"),
        (400, b"Parser error at line 1", "HTTP 400: Parser error at line 1"),
        (503, b"<html><h1>Service Unavailable</h1></html>", "HTTP 503: Service Unavailable"),
    ],
)
def test_http_errors_name_the_status(
    fake_endpoint: Callable[[Reply], tuple[str, Seen]], status: int, body: bytes, expected: str
) -> None:
    url, _ = fake_endpoint(lambda request: (status, "text/plain", body))
    with pytest.raises(EndpointError) as caught:
        intlgraph.connect(url).query(SELECT_ONE)
    assert str(caught.value).startswith(f"{url}: {expected}")
    assert "\n" not in str(caught.value)


def test_a_truncated_answer_is_refused() -> None:
    """intlgraph serve cuts at --max-rows and says so: the client refuses the partial rows."""
    from intlgraph.server import Settings, make_server

    server = make_server(
        intlgraph.load(engine="oxigraph"), port=0, settings=Settings(max_rows=5, access_log=False)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        kg = intlgraph.connect(server.url + "sparql", timeout=10)
        assert len(kg.query("cq/cq05", labels=False)) == 3  # under the limit: answered
        with pytest.raises(EndpointError, match=r"row limit \(5\).*--max-rows"):
            kg.query("cq/cq07", labels=False)  # 7 rows
        with pytest.raises(EndpointError, match="row limit"):
            kg.graph  # noqa: B018 - a partial copy of the graph must not be made
    finally:
        server.shutdown()
        server.server_close()


def test_virtuoso_max_rows_header_is_refused(
    fake_endpoint: Callable[[Reply], tuple[str, Seen]],
) -> None:
    """Virtuoso says ``X-SPARQL-MaxRows`` when it cut an answer at its ResultSetMaxRows."""
    body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()
    whole, _ = fake_endpoint(lambda request: (200, "application/sparql-results+json", body))
    limit = {"X-SPARQL-MaxRows": "10000"}
    cut, _ = fake_endpoint(lambda request: (200, "application/sparql-results+json", body, limit))
    query = "SELECT ?x WHERE { ?x ?p ?o }"
    assert EndpointEngine(whole).select(query, None).rows == []
    with pytest.raises(EndpointError, match=r"row limit \(10000\)"):
        EndpointEngine(cut).select(query, None)


def test_syntax_error_is_refused_before_any_request(oxigraph_server: str) -> None:
    kg = intlgraph.connect(f"{oxigraph_server}/query")
    with pytest.raises(MalformedQueryError, match=r"line:1, col:19"):
        kg.query("SELECT ?x WHERE { ?x ?p }")


def test_a_query_the_live_server_refuses_is_its_400(oxigraph_server: str) -> None:
    # Valid in the grammar the guard parses, refused by Oxigraph's stricter checks
    # (a variable bound twice in one group): the server's 400 reaches the user.
    kg = intlgraph.connect(f"{oxigraph_server}/query")
    with pytest.raises(EndpointError, match=r"/query: HTTP 400: .+"):
        kg.query("SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }")


# --- requests --------------------------------------------------------------------------


def test_basic_auth_is_sent(fake_endpoint: Callable[[Reply], tuple[str, Seen]]) -> None:
    expected = "Basic " + base64.b64encode(b"alice:s3cret").decode()

    def reply(request: dict[str, Any]) -> tuple[int, str, bytes]:
        if request["headers"].get("Authorization") != expected:
            return 401, "text/plain", b"who are you?"
        data = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": _int(7)}]}}
        return 200, "application/sparql-results+json", json.dumps(data).encode()

    url, seen = fake_endpoint(reply)
    kg = intlgraph.connect(url, user="alice", password="s3cret")
    assert kg.query(SELECT_ONE)["x"].tolist() == [7]
    assert seen.requests[-1]["headers"]["Authorization"] == expected
    with pytest.raises(EndpointError, match="HTTP 401: who are you"):
        intlgraph.connect(url, user="alice", password="wrong").query(SELECT_ONE)
    with pytest.raises(EndpointError, match="HTTP 401"):
        intlgraph.connect(url).query(SELECT_ONE)
    assert "Authorization" not in seen.requests[-1]["headers"]


def test_short_queries_get_long_queries_post(
    fake_endpoint: Callable[[Reply], tuple[str, Seen]],
) -> None:
    url, seen = fake_endpoint(json_reply(RESULTS))
    kg = intlgraph.connect(url)
    kg.query(SELECT_ONE)
    long = SELECT_ONE + " #" + "x" * POST_ABOVE
    kg.query(long)
    short_request, long_request = seen.requests
    assert (short_request["method"], long_request["method"]) == ("GET", "POST")
    assert short_request["query"] == SELECT_ONE and long_request["query"] == long
    for request in seen.requests:
        assert (
            request["headers"]["User-Agent"] == USER_AGENT == f"intlgraph/{intlgraph.__version__}"
        )
        assert "sparql-results+json" in request["headers"]["Accept"]


def test_parameters_travel_as_escaped_values(
    fake_endpoint: Callable[[Reply], tuple[str, Seen]],
) -> None:
    url, seen = fake_endpoint(json_reply(RESULTS))
    kg = intlgraph.connect(url)
    kg.query("SELECT ?s WHERE { ?s ?p ?x }", x=Literal('a"} . ?s ?p ?o #'))
    sent = seen.requests[-1]["query"]
    assert sent == 'SELECT ?s WHERE { VALUES ?x { "a\\"} . ?s ?p ?o #" } ?s ?p ?x }'
    kg.query("cq/cq05")  # no parameters: the text goes as it is
    assert seen.requests[-1]["query"] == named_queries.get("cq/cq05").text


def test_terms_become_the_same_values_as_on_other_engines(
    fake_endpoint: Callable[[Reply], tuple[str, Seen]],
) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    row = {
        "iri": {"type": "uri", "value": "https://w3id.org/intlgraph/id/org/fprk"},
        "n": _int(24),
        "day": {"type": "literal", "value": "2021-06-02", "datatype": xsd + "date"},
        "ru": {"type": "literal", "value": "Федерация", "xml:lang": "ru"},
        "plain": {"type": "literal", "value": "text"},
        "b": {"type": "bnode", "value": "b0"},
    }
    url, _ = fake_endpoint(
        json_reply({"head": {"vars": list(row)}, "results": {"bindings": [row]}})
    )
    table = EndpointEngine(url).select("SELECT * WHERE { ?s ?p ?o }")
    iri, n, day, ru, plain, blank = table.rows[0]
    assert isinstance(iri, IRI) and iri.endswith("/fprk")
    assert n == 24 and str(day) == "2021-06-02" and plain == "text" and blank == "_:b0"
    assert (ru, ru.language) == ("Федерация", "ru")


# --- the live server -------------------------------------------------------------------


def test_live_server_answers_like_memory(
    oxigraph_server: str, bundled_kg: intlgraph.KnowledgeGraph
) -> None:
    remote = intlgraph.connect(f"{oxigraph_server}/query")
    memory = bundled_kg
    assert len(remote) == len(memory)
    assert (
        remote.query("cq/cq05", lang="ru")["organisation_label"].tolist()
        == memory.query("cq/cq05", lang="ru")["organisation_label"].tolist()
    )
    assert remote.query("ASK { ?s a <https://w3id.org/intlgraph/ont#Ratification> }") is True
    fprk = "https://w3id.org/intlgraph/id/org/fprk"
    described = remote.query(f"CONSTRUCT {{ <{fprk}> ?p ?o }} WHERE {{ <{fprk}> ?p ?o }}")
    assert len(described) == len(set(memory.graph.predicate_objects(IGD["org/fprk"])))


def test_endpoint_is_read_only_without_update_url(oxigraph_server: str) -> None:
    kg = intlgraph.connect(f"{oxigraph_server}/query")
    with pytest.raises(EngineError, match="intlgraph push"):
        kg.add_files([FIXTURE_DATA])


def test_add_graph_with_an_update_url(oxigraph_server: str) -> None:
    engine = EndpointEngine(f"{oxigraph_server}/query", update_url=f"{oxigraph_server}/update")
    kg = intlgraph.KnowledgeGraph(engine=engine)
    before = len(kg)
    try:
        kg.add_files([FIXTURE_DATA])
        added = len(intlgraph.load(extra=[FIXTURE_DATA], include_bundled=False))
        assert len(kg) == before + added
    finally:
        _delete(f"{oxigraph_server}/store?default")
    assert len(kg) == before


# --- push ------------------------------------------------------------------------------


def test_push_fills_the_named_graph(
    oxigraph_server: str, bundled_kg: intlgraph.KnowledgeGraph
) -> None:
    kg = bundled_kg
    assert push(kg, f"{oxigraph_server}/store", graph=SERVER_GRAPH) == len(kg)
    assert graph_size(f"{oxigraph_server}/query", SERVER_GRAPH) == len(kg)


def test_push_append_and_turtle(oxigraph_server: str) -> None:
    small = intlgraph.load(extra=[FIXTURE_ONTOLOGY, FIXTURE_DATA], include_bundled=False)
    store = f"{oxigraph_server}/store"
    try:
        assert push(small, store, graph=SCRATCH, body_format="turtle") == len(small)
        assert push(small, store, graph=SCRATCH, replace=False) == 0  # nothing new
        assert graph_size(f"{oxigraph_server}/query", SCRATCH) == len(small)
    finally:
        _delete(gsp_url(store, SCRATCH))


def test_push_to_a_down_store(closed_port: int) -> None:
    with pytest.raises(EndpointError, match="connection refused"):
        push(intlgraph.KnowledgeGraph(), f"http://127.0.0.1:{closed_port}/store", graph=SCRATCH)


def test_push_http_error_and_auth(fake_endpoint: Callable[[Reply], tuple[str, Seen]]) -> None:
    url, seen = fake_endpoint(lambda request: (403, "text/plain", b"read-only dataset"))
    with pytest.raises(EndpointError, match="HTTP 403: read-only dataset"):
        push(intlgraph.KnowledgeGraph(), url, graph=SCRATCH, user="bob", password="pw")
    sent = seen.requests[-1]
    assert sent["method"] == "PUT" and sent["headers"]["Authorization"].startswith("Basic ")
    assert sent["headers"]["Content-Type"].startswith("application/n-triples")


def test_push_to_the_default_graph_reports_what_was_sent(
    fake_endpoint: Callable[[Reply], tuple[str, Seen]],
) -> None:
    url, seen = fake_endpoint(lambda request: (204, "text/plain", b""))
    small = intlgraph.load(extra=[FIXTURE_DATA], include_bundled=False)
    assert push(small, url, graph=None, replace=False) == len(small)
    assert seen.requests[-1]["method"] == "POST"
    assert seen.requests[-1]["body"].count(b" .\n") == len(small)


def test_query_urls_of_known_stores() -> None:
    assert derive_query_url("http://h:7878/store") == "http://h:7878/query"
    assert derive_query_url("http://h:8890/sparql-graph-crud-auth") == "http://h:8890/sparql"
    assert gsp_url("http://h/ds/data?x=1", "urn:g") == "http://h/ds/data?x=1&graph=urn%3Ag"
    with pytest.raises(EndpointError, match="not an absolute IRI"):
        gsp_url("http://h/store", "not an iri")


def test_cli_push(oxigraph_server: str, cli: RunCli) -> None:
    store = f"{oxigraph_server}/store"
    small = intlgraph.load(extra=[FIXTURE_ONTOLOGY, FIXTURE_DATA], include_bundled=False)
    args = ["--no-bundled", "--data", str(FIXTURE_ONTOLOGY), "--data", str(FIXTURE_DATA)]
    try:
        done = cli("push", store, "--graph", SCRATCH, *args)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"{len(small)} triples now in <{SCRATCH}>")
        assert f"counted by {oxigraph_server}/query" in done.stdout
    finally:
        _delete(gsp_url(store, SCRATCH))


def test_cli_push_unreachable(closed_port: int, cli: RunCli) -> None:
    done = cli("push", f"http://127.0.0.1:{closed_port}/store", "-q", "--no-bundled")
    assert done.returncode == 2
    assert done.stderr.startswith("intlgraph: error: http://127.0.0.1:")
    assert "connection refused" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_cli_push_help(cli: RunCli) -> None:
    done = cli("push", "--help")
    assert done.returncode == 0
    for option in ("--graph", "--default-graph", "--append", "--query-url", "--data"):
        assert option in done.stdout


# --- helpers ---------------------------------------------------------------------------


def _int(value: int) -> dict[str, Any]:
    xsd_integer = "http://www.w3.org/2001/XMLSchema#integer"
    return {"type": "literal", "value": str(value), "datatype": xsd_integer}


def _delete(url: str) -> None:
    """Remove a graph from the live server (Graph Store Protocol DELETE)."""
    request = urllib.request.Request(url, method="DELETE")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as error:
        if error.code != 404:
            raise
