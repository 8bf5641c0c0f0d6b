"""A remote SPARQL 1.1 endpoint as a query engine (Fuseki, GraphDB, Virtuoso, Oxigraph, ...).

Queries go over HTTP with SPARQLWrapper: GET for short queries, POST (form-encoded) for long
ones; SELECT and ASK ask for SPARQL JSON results, CONSTRUCT and DESCRIBE for N-Triples or
Turtle. Every parameter — scalar or list — is bound with a ``VALUES`` block of escaped RDF
terms (:func:`intlgraph.sparqltext.insert_values`); a caller's text never becomes query
syntax. Every failure (HTTP error, refused connection, unknown host, timeout, an answer that
is not what SPARQL promises) is an :class:`~intlgraph.exc.EndpointError` of one line naming
the URL.

:func:`intlgraph.connect` wraps an :class:`EndpointEngine` in a knowledge graph with the usual
API. Here the endpoint is intlgraph's own read-only server, started in this process:

>>> import threading, intlgraph
>>> from intlgraph.server import Settings, make_server
>>> server = make_server(intlgraph.load(engine="oxigraph"), port=0,
...                      settings=Settings(access_log=False))
>>> threading.Thread(target=server.serve_forever, daemon=True).start()
>>> kg = intlgraph.connect(server.url + "sparql", timeout=10)
>>> kg.engine
<EndpointEngine http://127.0.0.1:.../sparql>
>>> kg.query("cq/cq07")["city_label"].tolist()
['Moscow', 'Tbilisi', 'Baku', 'Tashkent', 'London', 'Brussels', 'Geneva']
>>> server.shutdown()
"""

from __future__ import annotations

import json
import re
import urllib.parse
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from intlgraph import __version__
from intlgraph.engines import Bindings, Engine, bind_values, lang_str
from intlgraph.exc import EndpointError, EngineError
from intlgraph.results import IRI, BlankNode, Table, literal_value

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "POST_ABOVE",
    "USER_AGENT",
    "EndpointEngine",
    "endpoint_error",
    "json_cell",
]

#: Queries longer than this many characters go by POST (URLs of a few kB are not safe).
POST_ABOVE = 1500
#: The User-Agent of every request intlgraph sends.
USER_AGENT = f"intlgraph/{__version__}"

_RESULTS_JSON = "application/sparql-results+json, application/json;q=0.9"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RDF_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
}
# SPARQLWrapper turns these HTTP statuses into its own exception classes.
_WRAPPER_STATUS = {
    "QueryBadFormed": 400,
    "Unauthorized": 401,
    "EndPointNotFound": 404,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


class EndpointEngine(Engine):
    """The graph behind a SPARQL 1.1 query endpoint (read-only unless ``update_url`` is given).

    ``timeout`` (seconds) bounds connecting and every wait for the server; ``user`` and
    ``password`` send HTTP basic auth; ``update_url`` (the SPARQL Update endpoint) lets
    :meth:`add_graph` insert triples.

    >>> import threading, intlgraph
    >>> from intlgraph.server import make_server
    >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> kg = intlgraph.KnowledgeGraph(engine=EndpointEngine(server.url + "sparql", timeout=10))
    >>> kg.query("cq/cq05")["organisation_label"].tolist()[-1]
    'UN Women'
    >>> server.shutdown()
    """

    name = "endpoint"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        user: str | None = None,
        password: str | None = None,
        update_url: str | None = None,
    ) -> None:
        self.url = _check_url(url)
        self.update_url = _check_url(update_url) if update_url is not None else None
        if not timeout > 0:
            raise EndpointError(f"{url}: timeout must be a positive number of seconds")
        self.timeout = float(timeout)
        self.user = user
        self.password = password

    def __repr__(self) -> str:
        return f"<EndpointEngine {self.url}>"

    # --- HTTP ------------------------------------------------------------------------

    def request(self, text: str, accept: str, *, update: bool = False) -> tuple[bytes, str]:
        """Send ``text`` (a query, or an update with ``update=True``); the body and its type.

        >>> import json, threading, intlgraph
        >>> from intlgraph.server import make_server
        >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)
        >>> threading.Thread(target=server.serve_forever, daemon=True).start()
        >>> engine = EndpointEngine(server.url + "sparql")
        >>> body, media_type = engine.request(
        ...     "ASK { ?r a <https://w3id.org/intlgraph/ont#Ratification> }",
        ...     "application/sparql-results+json")
        >>> media_type, json.loads(body)["boolean"]
        ('application/sparql-results+json', True)
        >>> server.shutdown()
        """
        from SPARQLWrapper import BASIC, GET, POST, URLENCODED, SPARQLWrapper

        url = self.update_url if update else self.url
        assert url is not None
        wrapper = SPARQLWrapper(url, updateEndpoint=url, agent=USER_AGENT)
        wrapper.setOnlyConneg(True)  # no format=/output= parameters: the Accept header says it
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wrapper.setQuery(text)
        # SPARQLWrapper guesses the form with a regex that matches "ADD" inside "addresses"
        # and keeps every other comment line: a SELECT mentioning "adds" would go as an update.
        wrapper.queryType = "INSERT" if update else "SELECT"
        wrapper.setMethod(POST if update or len(text) > POST_ABOVE else GET)
        wrapper.setRequestMethod(URLENCODED)
        # setTimeout() would turn 0.5 s into int 0, that is no timeout at all
        wrapper.timeout = self.timeout  # type: ignore[assignment]
        if self.user is not None:
            if self.password:
                wrapper.setHTTPAuth(BASIC)
                wrapper.setCredentials(self.user, self.password)
            else:
                wrapper.addCustomHttpHeader("Authorization", basic_auth(self.user, ""))
        wrapper.addCustomHttpHeader("Accept", accept)
        try:
            response = wrapper.query().response
            try:
                body: bytes = response.read()
                content_type = str(response.headers.get("Content-Type") or "")
                cut_at = _truncated_at(response.headers)
            finally:
                response.close()
        except Exception as error:  # urllib, http.client, socket and SPARQLWrapper errors
            raise endpoint_error(url, error, timeout=self.timeout) from error
        if cut_at is not None:
            raise EndpointError(
                f"{url}: the server cut its answer at its row limit ({cut_at}); a partial "
                "answer is not used: ask for fewer rows or raise the server's limit "
                "(intlgraph serve --max-rows)"
            )
        return body, content_type

    def _query_text(self, text: str, bindings: Bindings | None) -> str:
        try:
            return bind_values(text, bindings)
        except ValueError as error:
            raise EngineError(f"endpoint engine: {error}") from error

    def _json(self, text: str, bindings: Bindings | None) -> dict[str, Any]:
        body, content_type = self.request(self._query_text(text, bindings), _RESULTS_JSON)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise self._malformed("not SPARQL JSON results", body, content_type) from None
        if not isinstance(data, dict):
            raise self._malformed("SPARQL JSON results must be an object", body, content_type)
        return data

    def _malformed(self, problem: str, body: bytes, content_type: str) -> EndpointError:
        kind = content_type.split(";")[0].strip() or "no content type"
        return EndpointError(
            f"{self.url}: malformed answer: {problem} (got {kind}: {_snippet(body)!r})"
        )

    # --- Engine ----------------------------------------------------------------------

    def select(self, text: str, bindings: Bindings | None = None) -> Table:
        """Run a SELECT (variables bound from ``bindings``); a :class:`~intlgraph.results.Table`.

        >>> import threading, intlgraph
        >>> from rdflib import URIRef
        >>> from intlgraph.server import make_server
        >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)
        >>> threading.Thread(target=server.serve_forever, daemon=True).start()
        >>> table = EndpointEngine(server.url + "sparql").select(
        ...     "SELECT ?label WHERE { ?org <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
        ...     " ORDER BY ?label", {"org": URIRef("https://w3id.org/intlgraph/id/org/fprk")})
        >>> [(label, label.language) for label, in table.rows]
        [('Federation of Trade Unions of the Republic of Kazakhstan', 'en'),
         ('Федерация профсоюзов Республики Казахстан', 'ru')]
        >>> server.shutdown()
        """
        data = self._json(text, bindings)
        head, results = data.get("head"), data.get("results")
        columns = head.get("vars") if isinstance(head, dict) else None
        rows = results.get("bindings") if isinstance(results, dict) else None
        if (
            not isinstance(columns, list)
            or not all(isinstance(c, str) for c in columns)
            or not isinstance(rows, list)
        ):
            raise self._malformed(
                "no head.vars / results.bindings", json.dumps(data).encode(), "application/json"
            )
        table = Table(list(columns))
        for row in rows:
            if not isinstance(row, dict):
                raise self._malformed("a binding is not an object", repr(row).encode(), "")
            try:
                table.rows.append([json_cell(row.get(c)) for c in columns])
            except (TypeError, ValueError, KeyError) as error:
                raise self._malformed(f"bad term ({error})", repr(row).encode(), "") from None
        return table

    def ask(self, text: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK: has Kazakhstan ratified C190 (violence and harassment)? Not yet.

        >>> import threading, intlgraph
        >>> from rdflib import URIRef
        >>> from intlgraph.server import make_server
        >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)
        >>> threading.Thread(target=server.serve_forever, daemon=True).start()
        >>> ask = ("PREFIX ig: <https://w3id.org/intlgraph/ont#>\\n"
        ...        "ASK { ?r a ig:Ratification ; ig:state ?state ; ig:instrument ?convention }")
        >>> kaz = URIRef("https://w3id.org/intlgraph/id/country/KAZ")
        >>> ilo = "https://w3id.org/intlgraph/id/instrument/"
        >>> engine = EndpointEngine(server.url + "sparql")
        >>> [engine.ask(ask, {"state": kaz, "convention": URIRef(ilo + code)})
        ...  for code in ("C087", "C190")]
        [True, False]
        >>> server.shutdown()
        """
        data = self._json(text, bindings)
        answer = data.get("boolean")
        if not isinstance(answer, bool):
            raise self._malformed(
                "no boolean in an ASK answer", json.dumps(data).encode(), "application/json"
            )
        return answer

    def graph_query(self, text: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE; the answer as an rdflib graph.

        >>> import threading, intlgraph
        >>> from rdflib import RDFS
        >>> from intlgraph.server import make_server
        >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)
        >>> threading.Thread(target=server.serve_forever, daemon=True).start()
        >>> gtuc = EndpointEngine(server.url + "sparql").graph_query(
        ...     "CONSTRUCT WHERE { <https://w3id.org/intlgraph/id/org/gtuc> ?p ?o }")
        >>> sorted(str(label) for label in gtuc.objects(None, RDFS.label))
        ['Georgian Trade Unions Confederation', 'Объединение профсоюзов Грузии']
        >>> server.shutdown()
        """
        from rdflib import Graph

        body, content_type = self.request(self._query_text(text, bindings), _RDF_ACCEPT)
        media = content_type.split(";")[0].strip().lower()
        fmt = _RDF_FORMATS.get(media)
        if fmt is None:
            raise self._malformed("not N-Triples, Turtle or RDF/XML", body, content_type)
        try:
            return Graph().parse(data=body.decode("utf-8"), format=fmt)
        except Exception as error:  # rdflib's parsers raise many kinds of errors
            problem = f"cannot read the {media} answer ({_one_line(str(error))})"
            raise self._malformed(problem, body, content_type) from None

    def count(self) -> int:
        """The number of triples the endpoint answers ``?s ?p ?o`` with.

        >>> import threading, intlgraph
        >>> from intlgraph.server import make_server
        >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)
        >>> threading.Thread(target=server.serve_forever, daemon=True).start()
        >>> EndpointEngine(server.url + "sparql").count() == len(server.kg)
        True
        >>> server.shutdown()
        """
        table = self.select(_COUNT)
        value = table.rows[0][0] if table.rows and table.rows[0] else None
        if not isinstance(value, int):
            raise self._malformed("COUNT(*) is not an integer", repr(value).encode(), "")
        return value

    def to_graph(self) -> Graph:
        """Every triple of the endpoint, copied into an rdflib graph (one CONSTRUCT).

        An endpoint may cut long answers: ``intlgraph serve`` sends at most ``max_rows``
        triples (10,000 by default), so this server is started with a higher limit.

        >>> import threading, intlgraph
        >>> from intlgraph.server import Settings, make_server
        >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0,
        ...                      settings=Settings(max_rows=1_000_000))
        >>> threading.Thread(target=server.serve_forever, daemon=True).start()
        >>> len(EndpointEngine(server.url + "sparql").to_graph()) == len(server.kg)
        True
        >>> server.shutdown()
        """
        return self.graph_query(_ALL)

    def add_graph(self, graph: Graph) -> None:
        """Insert ``graph``'s triples with SPARQL Update (needs ``update_url``).

        Without ``update_url`` the engine is read-only and says how to send triples instead:

        >>> from rdflib import Graph
        >>> EndpointEngine("http://127.0.0.1:7879/sparql").add_graph(Graph())
        Traceback (most recent call last):
        intlgraph.exc.EngineError: http://127.0.0.1:7879/sparql: the endpoint engine is
        read-only; send triples with `intlgraph push STORE_URL` (or intlgraph.push.push),
        or connect with update_url=
        """
        if self.update_url is None:
            raise EngineError(
                f"{self.url}: the endpoint engine is read-only; send triples with "
                "`intlgraph push STORE_URL` (or intlgraph.push.push), or connect with update_url="
            )
        triples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        self.request(f"INSERT DATA {{\n{triples}}}", "*/*", update=True)


# --- helpers -------------------------------------------------------------------------


def json_cell(term: Mapping[str, Any] | None) -> Any:
    """A term of SPARQL JSON results as a result value (like the other engines' cells).

    >>> json_cell({"type": "literal", "value": "36", "datatype": "http://www.w3.org/2001/XMLSchema#integer"})
    36
    >>> json_cell({"type": "literal", "value": "Федерация", "xml:lang": "ru"}).language
    'ru'
    >>> json_cell({"type": "uri", "value": "https://w3id.org/intlgraph/id/org/fprk"})
    'https://w3id.org/intlgraph/id/org/fprk'
    """
    if term is None:
        return None
    if not isinstance(term, Mapping):
        raise TypeError("a term must be an object")
    kind, value = term["type"], term["value"]
    if not isinstance(value, str):
        raise TypeError("a term's value must be a string")
    if kind == "uri":
        return IRI(value)
    if kind in {"literal", "typed-literal"}:  # "typed-literal": older Virtuoso
        language = term.get("xml:lang")
        if language:
            return lang_str(value, str(language))
        datatype = term.get("datatype")
        return literal_value(value, str(datatype) if datatype else None, None)
    if kind == "bnode":
        return BlankNode(f"_:{value}")
    raise ValueError(f"unknown term type {kind!r}")


def basic_auth(user: str, password: str) -> str:
    """The value of an HTTP basic ``Authorization`` header.

    >>> basic_auth("alice", "s3cret")
    'Basic YWxpY2U6czNjcmV0'
    """
    import base64

    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def _truncated_at(headers: Any) -> str | None:
    """The row limit a server says it cut the answer at (intlgraph's ``X-Intlgraph-Truncated``,
    Virtuoso's ``X-SPARQL-MaxRows``), or None for a whole answer."""
    if str(headers.get("X-Intlgraph-Truncated") or "").strip().lower() == "true":
        return str(headers.get("X-Intlgraph-Rows") or "?")
    max_rows = headers.get("X-SPARQL-MaxRows")
    return str(max_rows) if max_rows else None


def endpoint_error(url: str, error: BaseException, *, timeout: float) -> EndpointError:
    """One clear line for a failed HTTP exchange with ``url``.

    >>> str(endpoint_error("http://h/q", ConnectionRefusedError(111, "x"), timeout=5))
    'http://h/q: cannot connect (connection refused); is the server running?'
    """
    import http.client
    import socket
    import urllib.error

    status = _WRAPPER_STATUS.get(type(error).__name__)
    if status is not None:  # SPARQLWrapper keeps only the repr of the body in its message
        return EndpointError(f"{url}: HTTP {status}: {_server_message(_wrapped_body(error))}")
    if isinstance(error, urllib.error.HTTPError):
        try:
            body = error.read()
        except Exception:  # the body may be gone already
            body = b""
        reason = _server_message(body) or str(error.reason)
        return EndpointError(f"{url}: HTTP {error.code}: {reason}")
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    if isinstance(error, TimeoutError | socket.timeout):
        return EndpointError(f"{url}: no answer within {timeout:g} s (timeout)")
    if isinstance(error, ConnectionRefusedError):
        return EndpointError(f"{url}: cannot connect (connection refused); is the server running?")
    if isinstance(error, socket.gaierror):
        host = urllib.parse.urlsplit(url).hostname
        return EndpointError(f"{url}: cannot find host {host!r} ({error.strerror or error})")
    if isinstance(error, http.client.HTTPException | ConnectionError):
        return EndpointError(f"{url}: malformed answer: broken HTTP response ({error!r})")
    if isinstance(error, urllib.error.URLError):
        return EndpointError(f"{url}: cannot connect ({error.reason})")
    return EndpointError(f"{url}: {type(error).__name__}: {_one_line(str(error))}")


def _wrapped_body(error: BaseException) -> bytes:
    import ast

    message = str(error)
    marker = "Response:\n"
    if marker not in message:
        return b""
    try:
        body = ast.literal_eval(message.split(marker, 1)[1])
    except (ValueError, SyntaxError):
        return b""
    return body if isinstance(body, bytes) else str(body).encode()


def _server_message(body: bytes) -> str:
    """The first meaningful line of an error body (HTML tags dropped), at most 200 chars."""
    text = body.decode("utf-8", errors="replace")
    if "<" in text and ">" in text:
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = re.sub(r"<[^>]+>", "\n", text)
    for line in text.splitlines():
        if line.strip():
            return _one_line(line)
    return ""


def _snippet(body: bytes) -> str:
    return _one_line(body[:120].decode("utf-8", errors="replace"))


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise EndpointError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
    return url
