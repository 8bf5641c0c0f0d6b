"""A read-only SPARQL 1.1 Protocol endpoint for the knowledge graph (``intlgraph serve``).

Endpoints:

* ``GET /sparql?query=...``, ``POST /sparql`` (``application/x-www-form-urlencoded`` with
  ``query=``, or an ``application/sparql-query`` body): answers per the SPARQL 1.1 Protocol,
  media type chosen by ``format=`` (``output=``, ``results=``) or ``Accept``.
  ``default-graph-uri`` / ``named-graph-uri`` (and a query's FROM / FROM NAMED) select graphs
  the server holds; a graph it does not hold is empty, and nothing is ever fetched. Relative
  IRIs resolve against the endpoint's URL. Updates, SERVICE and LOAD are refused (403);
  malformed queries get 400 with the parser's message.
* ``GET /``: a small query page; ``GET /queries.json``: the catalogue of named queries.

Limits are the :class:`Settings` (time limit → 503, row limit → ``X-Intlgraph-Truncated``).
Queries run in sealed worker threads (:mod:`intlgraph.server.runner`,
:mod:`intlgraph.server.sandbox`).

``intlgraph serve`` runs :func:`make_server` and ``serve_forever()``; here the server runs in a
thread of this process, on a free port, and answers a query sent with the standard library:

>>> import json, threading, urllib.parse, urllib.request, intlgraph
>>> server = make_server(intlgraph.load(), port=0, settings=Settings(access_log=False))
>>> threading.Thread(target=server.serve_forever, daemon=True).start()
>>> query = "ASK { ?r a <https://w3id.org/intlgraph/ont#Ratification> }"
>>> url = server.url + "sparql?" + urllib.parse.urlencode({"query": query})
>>> with urllib.request.urlopen(url) as answer:
...     print(answer.headers["Content-Type"], json.load(answer)["boolean"])
application/sparql-results+json True
>>> server.shutdown()
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import socket
import sys
import time
from dataclasses import dataclass
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from intlgraph import named_queries
from intlgraph.exc import IntlgraphError, ServeError
from intlgraph.server import sandbox
from intlgraph.server.protocol import (
    FORMAT_PARAMS,
    Answer,
    HttpError,
    QueryDataset,
    graph_sizes,
    inspect_query,
    negotiate,
    service_description,
)
from intlgraph.server.runner import QueryRunner
from intlgraph.sparqltext import insert_values

if TYPE_CHECKING:
    from intlgraph.kg import KnowledgeGraph

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "IntlgraphServer", "Settings", "make_server"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7879
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$|^\*$")
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
#: The query page's icon (a blue dot), so browsers do not log a missing /favicon.ico.
FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    b'<circle cx="8" cy="8" r="7" fill="#1f5fa8"/></svg>'
)


@dataclass(frozen=True)
class Settings:
    """The server's limits and options.

    ``timeout``: seconds a query may run before the request answers 503 (default 30).
    ``max_rows``: rows (or triples) per answer; more are cut and ``X-Intlgraph-Truncated:
    true`` says so (default 10,000). ``cors``: an origin (``https://host[:port]``) or ``*``
    to allow cross-origin requests (default: none). ``max_running``: queries running at once,
    more answer 503 (default 4). ``max_query_bytes``: largest request body (default 1 MB).
    ``access_log``: one line per request on stderr.

    >>> Settings(timeout=5).max_rows
    10000
    >>> Settings(cors="https://example.org/path")
    Traceback (most recent call last):
    intlgraph.exc.ServeError: --cors takes an origin such as https://example.org or *, ...
    """

    timeout: float = 30.0
    max_rows: int = 10_000
    cors: str | None = None
    max_running: int = 4
    max_query_bytes: int = 1_000_000
    access_log: bool = True

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ServeError(f"the time limit must be positive, not {self.timeout}")
        if self.max_rows < 1:
            raise ServeError(f"the row limit must be at least 1, not {self.max_rows}")
        if self.max_running < 1:
            raise ServeError(f"at least one query must be allowed to run, not {self.max_running}")
        if self.cors is not None and not _ORIGIN.match(self.cors):
            raise ServeError(
                f"--cors takes an origin such as https://example.org or *, not {self.cors!r}"
            )


class IntlgraphServer(ThreadingHTTPServer):
    """The HTTP server: one thread per request, the graph, the settings, the query runner.

    Besides ``/sparql`` it serves a query page at ``/`` and the catalogue of named queries:

    >>> import json, threading, urllib.request, intlgraph
    >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0,
    ...                      settings=Settings(access_log=False))
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> with urllib.request.urlopen(server.url + "queries.json") as answer:
    ...     titles = {q["name"]: q["title"] for q in json.load(answer)}
    >>> titles["cq/cq05"]
    'UN-system organisations the Federation cooperates with'
    >>> server.shutdown()
    """

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the listen backlog: bursts of 32+ clients are queued, not dropped

    def __init__(self, address: tuple[str, int], kg: KnowledgeGraph, settings: Settings) -> None:
        self.kg = kg
        self.settings = settings
        self.runner = QueryRunner(
            kg,
            timeout=settings.timeout,
            max_rows=settings.max_rows,
            max_running=settings.max_running,
        )
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, SparqlHandler)

    def serve_forever(self, poll_interval: float = 0.05) -> None:
        """Answer requests until :meth:`shutdown`, which then returns within ``poll_interval``
        seconds (socketserver's own default keeps it waiting up to half a second).

        >>> import threading, intlgraph
        >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)
        >>> thread = threading.Thread(target=server.serve_forever)
        >>> thread.start()
        >>> server.shutdown()
        >>> thread.join(timeout=5)
        >>> thread.is_alive()
        False
        >>> server.server_close()
        """
        super().serve_forever(poll_interval)

    def server_close(self) -> None:
        """Close the socket and stop the query worker processes.

        >>> import intlgraph
        >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)
        >>> server.server_close()
        >>> server.socket.fileno()  # closed
        -1
        """
        super().server_close()
        self.runner.close()

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:7879/``; the endpoint is ``url + "sparql"``.

        >>> import intlgraph
        >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)  # any free port
        >>> server.url
        'http://127.0.0.1:.../'
        >>> server.server_close()  # never started; free the port
        """
        host, port = str(self.server_address[0]), int(self.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    @cached_property
    def loopback(self) -> bool:
        """True when bound to a loopback address (then only loopback Host headers are served)."""
        try:
            return ipaddress.ip_address(str(self.server_address[0])).is_loopback
        except ValueError:
            return False

    @cached_property
    def page(self) -> tuple[bytes, str]:
        """The query page and its Content-Security-Policy (inline script and style by hash)."""
        html = (STATIC_DIR / "query.html").read_text(encoding="utf-8")
        hashes = {}
        for tag in ("script", "style"):
            blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.DOTALL)
            hashes[tag] = " ".join(f"'sha256-{_sha256(b)}'" for b in blocks) or "'none'"
        policy = (
            f"default-src 'none'; script-src {hashes['script']}; style-src {hashes['style']}; "
            "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'"
        )
        return html.encode("utf-8"), policy

    @cached_property
    def graph_sizes(self) -> tuple[int, list[tuple[str, int]]]:
        """The default graph's size and the named graphs' (counted once, for the service
        description; the server's graphs do not change)."""

        return graph_sizes(self.kg)

    @cached_property
    def queries_json(self) -> bytes:
        """The catalogue of named queries for the page."""
        return json.dumps(named_queries_listing(), ensure_ascii=False).encode("utf-8")


def _protocol_dataset(params: dict[str, list[str]]) -> QueryDataset | None:
    """The dataset of ``default-graph-uri`` / ``named-graph-uri`` (it overrides the query's
    FROM / FROM NAMED); ``None`` when neither is given.

    >>> _protocol_dataset({"named-graph-uri": ["http://ex/g1", "http://ex/g2"]})
    QueryDataset(default=(), named=('http://ex/g1', 'http://ex/g2'))
    """
    default = params.get("default-graph-uri", [])
    named = params.get("named-graph-uri", [])
    if not default and not named:
        return None
    for iri in (*default, *named):
        if not _ABSOLUTE.match(iri):
            raise HttpError(400, f"a graph name must be an absolute IRI, not {iri!r}")
    return QueryDataset(tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named)))


def _sha256(text: str) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def named_queries_listing() -> list[dict[str, Any]]:
    """The catalogue as JSON-ready records, each with the query text to run.

    Parameters with defaults are bound in the text with a VALUES block (the catalogue's own
    binding); queries with required parameters keep their text as is.

    >>> any(q["name"] == "cq/cq07" for q in named_queries_listing())
    True
    """
    import intlgraph

    listing = []
    for record in intlgraph.catalogue().to_dict(orient="records"):
        named = named_queries.get(str(record["name"]))
        text = named.text
        try:
            bindings = named_queries.bind(named, {}, partial=True)
            if bindings:
                text = insert_values(text, bindings)
        except (IntlgraphError, ValueError):
            pass  # a required parameter: the caller fills it in
        listing.append({str(k): str(v) for k, v in record.items()} | {"query": text})
    return listing


def make_server(
    kg: KnowledgeGraph,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    settings: Settings | None = None,
) -> IntlgraphServer:
    """A server for ``kg`` listening on ``host:port`` (``port=0``: any free port); not started.

    Also turns off rdflib's loading of FROM graphs and installs the query-thread guard.

    >>> import threading, intlgraph
    >>> server = make_server(intlgraph.load(), port=0, settings=Settings(max_rows=5))
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> kg = intlgraph.connect(server.url + "sparql")
    >>> len(kg.query("SELECT ?s WHERE { ?s a ?class } LIMIT 5", lang=None))
    5
    >>> kg.query("SELECT ?s WHERE { ?s a ?class }", lang=None)  # more: cut, and refused
    Traceback (most recent call last):
    intlgraph.exc.EndpointError: http://127.0.0.1:.../sparql: the server cut its answer at its row
    limit (5); a partial answer is not used: ask for fewer rows or raise the server's limit
    (intlgraph serve --max-rows)
    >>> server.shutdown()
    """
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    sandbox.install()
    try:
        return IntlgraphServer((host, port), kg, settings or Settings())
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers ``/sparql``, ``/`` and ``/queries.json``."""

    server: IntlgraphServer
    server_version = "intlgraph"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds to receive a request

    # --- dispatch --------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_OPTIONS(self) -> None:
        self._handle("OPTIONS")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def _handle(self, method: str) -> None:
        self._started = time.perf_counter()
        self._status = 0
        try:
            self._check_host()
            path = urlsplit(self.path).path
            routes = {
                "/sparql": ("GET", "POST"),
                "/": ("GET",),
                "/queries.json": ("GET",),
                "/favicon.ico": ("GET",),
            }
            if path not in routes:
                raise HttpError(404, f"no such page: {path}; the endpoint is /sparql")
            allowed = routes[path]
            if method == "OPTIONS":
                self._options(allowed)
                return
            if method == "HEAD" and "GET" in allowed:
                method = "GET"
            if method not in allowed:
                raise HttpError(405, f"{method} is not allowed on {path}")
            if path == "/sparql":
                self._sparql(method)
            elif path == "/":
                body, policy = self.server.page
                self._send(
                    200, "text/html; charset=utf-8", body, {"Content-Security-Policy": policy}
                )
            elif path == "/favicon.ico":
                self._send(200, "image/svg+xml", FAVICON)
            else:
                self._send(200, "application/json", self.server.queries_json)
        except HttpError as error:
            self._error(error.status, error.message)
        except Exception as error:  # keep the server up whatever happens
            self._error(500, f"internal error: {type(error).__name__}")

    def _check_host(self) -> None:
        """Exactly one Host header (HTTP/1.1); on a loopback address, only a loopback name
        (DNS rebinding)."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1 or (not hosts and self.request_version != "HTTP/1.0"):
            raise HttpError(400, "an HTTP/1.1 request needs exactly one Host header")
        if not self.server.loopback:
            return
        host = (hosts[0] if hosts else "").strip().lower()
        name = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0]
        if host and name not in _LOOPBACK_NAMES:
            raise HttpError(403, f"unexpected Host header {host!r}; use localhost or 127.0.0.1")

    # --- the protocol ----------------------------------------------------------------

    def _sparql(self, method: str) -> None:
        url_params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        params = dict(url_params)
        text: str | None = None
        if method == "POST":
            body = self._body()
            content_type, _, options = (self.headers.get("Content-Type") or "").partition(";")
            content_type = content_type.strip().lower()
            charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", options, flags=re.IGNORECASE)
            if charset and charset.group(1).lower() not in {"utf-8", "utf8"}:
                raise HttpError(415, f"the request must be UTF-8, not {charset.group(1)}")
            if content_type == "application/x-www-form-urlencoded":
                for key, values in parse_qs(body.decode("utf-8", "replace"), True).items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                text = self._decode(body)
            elif content_type == "application/sparql-update":
                raise HttpError(403, "refused: SPARQL Update; this endpoint is read-only")
            else:
                raise HttpError(
                    415,
                    "POST a query as application/x-www-form-urlencoded (query=...) "
                    "or as application/sparql-query",
                )
        if "update" in params:
            raise HttpError(403, "refused: SPARQL Update; this endpoint is read-only")
        if {"using-graph-uri", "using-named-graph-uri"} & set(params):
            raise HttpError(403, "refused: using-graph-uri belongs to SPARQL Update; read-only")
        queries = params.get("query", [])
        if method == "GET" and not params:
            self._service_description()
            return
        if text is not None:
            if queries:
                raise HttpError(400, "give the query either in the body or as query=, not both")
        elif len(queries) != 1:
            raise HttpError(400, "give exactly one query= parameter" if queries else "no query")
        else:
            text = queries[0]
        formats = [value for name in FORMAT_PARAMS for value in params.get(name, [])]
        info = inspect_query(text, self.server.runner.prefixes)
        media_type = negotiate(info.form, self.headers.get("Accept"), formats)
        # the protocol's dataset overrides the query's own; a relative FROM IRI is left to
        # the engine (it resolves it against the query's BASE or the endpoint's URL)
        dataset = _protocol_dataset(params)
        graphs = (*info.default_graphs, *info.named_graphs)
        if dataset is None and graphs and all(_ABSOLUTE.match(iri) for iri in graphs):
            dataset = QueryDataset(info.default_graphs, info.named_graphs)
        answer = self.server.runner.run(
            text, info.form, media_type, dataset=dataset, base=self._base()
        )
        self._answer(answer)

    def _service_description(self) -> None:
        """``GET /sparql`` without parameters: the SPARQL 1.1 Service Description."""

        media_type = negotiate("DESCRIBE", self.headers.get("Accept"))
        self._answer(service_description(self._base(), self.server.graph_sizes, media_type))

    def _base(self) -> str:
        """The endpoint's URL as the client addressed it: relative IRIs resolve against it."""
        host = (self.headers.get("Host") or "").strip()
        if _HOST.match(host):
            return f"http://{host}/sparql"
        return self.server.url + "sparql"

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            raise HttpError(411, "a POST needs a Content-Length")
        if (
            not (length.isascii() and length.isdigit())
            or len(self.headers.get_all("Content-Length") or []) != 1
        ):
            raise HttpError(400, f"bad Content-Length {length!r}: one count of bytes")
        size = int(length)
        if size > self.server.settings.max_query_bytes:
            self.close_connection = True
            raise HttpError(413, f"request body over {self.server.settings.max_query_bytes} bytes")
        return self.rfile.read(size)

    @staticmethod
    def _decode(body: bytes) -> str:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise HttpError(400, "the query is not UTF-8") from error

    def _answer(self, answer: Answer) -> None:
        media_type = answer.media_type
        if media_type.startswith("text/"):
            media_type += "; charset=utf-8"
        headers = {"X-Intlgraph-Rows": str(answer.rows)}
        if answer.truncated:
            headers["X-Intlgraph-Truncated"] = "true"
            headers["X-Intlgraph-Max-Rows"] = str(self.server.settings.max_rows)
        self._send(200, media_type, answer.body, headers)

    def _options(self, allowed: tuple[str, ...]) -> None:
        methods = ", ".join((*allowed, "OPTIONS"))
        headers = {"Allow": methods}
        if self.server.settings.cors:
            headers |= {
                "Access-Control-Allow-Methods": methods,
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "600",
            }
        self._send(204, None, b"", headers)

    # --- writing ---------------------------------------------------------------------

    def _error(self, status: int, message: str) -> None:
        self.close_connection = True  # a request body may be left unread
        headers = {"Retry-After": "5"} if status == 503 else {}
        if status == 405:
            path = urlsplit(self.path).path
            headers["Allow"] = "GET, POST, OPTIONS" if path == "/sparql" else "GET, OPTIONS"
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"), headers)

    def _send(
        self,
        status: int,
        content_type: str | None,
        body: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        self._status = status
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        cors = self.server.settings.cors
        if cors:
            self.send_header("Access-Control-Allow-Origin", cors)
            self.send_header(
                "Access-Control-Expose-Headers",
                "X-Intlgraph-Truncated, X-Intlgraph-Rows, X-Intlgraph-Max-Rows",
            )
            if cors != "*":
                self.send_header("Vary", "Origin")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if not self.server.settings.access_log:
            return
        elapsed = (time.perf_counter() - getattr(self, "_started", time.perf_counter())) * 1000
        path = urlsplit(self.path).path if hasattr(self, "path") else "-"
        print(
            f"intlgraph: {self.client_address[0]} {self.command} {path} {code} {elapsed:.0f} ms",
            file=sys.stderr,
            flush=True,
        )

    def log_error(self, format: str, *args: Any) -> None:
        if self.server.settings.access_log:
            print(f"intlgraph: {format % args}", file=sys.stderr, flush=True)
