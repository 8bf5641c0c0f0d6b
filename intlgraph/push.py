"""Sending the graph to a remote RDF store with the SPARQL 1.1 Graph Store HTTP Protocol.

``PUT`` replaces the target graph, ``POST`` adds to it; the body is N-Triples (or Turtle).
The target is a named graph (``?graph=IRI``) or the store's default graph (``?default``).
Afterwards the store is asked how many triples the named graph holds, through its SPARQL
query endpoint (given, or derived from the store URL for Oxigraph, Fuseki, GraphDB and
Virtuoso).

>>> gsp_url("http://127.0.0.1:7878/store", "https://w3id.org/intlgraph/graph/programme-2021")
'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fintlgraph%2Fgraph%2Fprogramme-2021'
"""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING

from intlgraph.exc import EndpointError

if TYPE_CHECKING:
    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "BODY_FORMATS",
    "PROGRAMME_GRAPH",
    "derive_query_url",
    "graph_size",
    "gsp_url",
    "push",
]

#: The named graph ``intlgraph push`` writes to unless told otherwise.
PROGRAMME_GRAPH = "https://w3id.org/intlgraph/graph/programme-2021"

#: Request body formats: name -> (rdflib serializer, media type).
BODY_FORMATS: dict[str, tuple[str, str]] = {
    "ntriples": ("nt", "application/n-triples"),
    "turtle": ("turtle", "text/turtle"),
}

# store URL ending -> query URL ending, for the stores whose layout is known
_QUERY_URL_FOR = (
    ("/rdf-graphs/service", ""),  # GraphDB: /repositories/ID/rdf-graphs/service
    ("/sparql-graph-crud-auth", "/sparql"),  # Virtuoso
    ("/sparql-graph-crud", "/sparql"),  # Virtuoso
    ("/store", "/query"),  # Oxigraph server
    ("/data", "/query"),  # Fuseki: /DATASET/data
)
_GRAPH_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def push(
    kg: KnowledgeGraph,
    store_url: str,
    *,
    graph: str | None = None,
    replace: bool = True,
    timeout: float = 30.0,
    user: str | None = None,
    password: str | None = None,
    query_url: str | None = None,
    body_format: str = "ntriples",
) -> int:
    """Send ``kg``'s triples to the Graph Store endpoint ``store_url``; how many went in.

    ``graph`` is the target named graph's IRI (``None``: the store's default graph);
    ``replace=True`` replaces that graph (HTTP PUT), ``False`` adds to it (POST). For a
    named graph the answer is the store's own count, asked at ``query_url`` (derived from
    ``store_url`` when not given, see :func:`derive_query_url`): the graph's size after a
    replace, its growth after an add. Without a query URL, or for the default graph, it is
    the number of triples sent. Failures raise :class:`~intlgraph.exc.EndpointError`.

    >>> import intlgraph
    >>> kg = intlgraph.load()

    Pushing needs a writable Graph Store, e.g. ``oxigraph serve --location store --bind
    127.0.0.1:7878 --union-default-graph`` (``pip install oxigraph``); then the named graph
    holds every triple of ``kg``:

    >>> push(kg, "http://127.0.0.1:7878/store", graph=PROGRAMME_GRAPH) == len(kg)  # doctest: +SKIP
    True

    A store that does not answer is one error naming it:

    >>> push(kg, "http://127.0.0.1:9/store", graph=PROGRAMME_GRAPH, timeout=5)
    Traceback (most recent call last):
    intlgraph.exc.EndpointError: http://127.0.0.1:9/store: cannot connect (connection refused);
    is the server running?
    """
    from intlgraph.engines.endpoint import USER_AGENT, basic_auth, endpoint_error

    if body_format not in BODY_FORMATS:
        raise EndpointError(f"unknown body format {body_format!r}; use ntriples or turtle")
    if not timeout > 0:
        raise EndpointError(f"{store_url}: timeout must be a positive number of seconds")
    target = gsp_url(store_url, graph)
    if graph is not None and query_url is None:
        query_url = derive_query_url(store_url)
    before = 0
    if graph is not None and query_url is not None and not replace:
        before = graph_size(query_url, graph, timeout=timeout, user=user, password=password)

    serializer, media_type = BODY_FORMATS[body_format]
    rdf = kg.graph
    body = rdf.serialize(format=serializer, encoding="utf-8")
    headers = {"Content-Type": f"{media_type}; charset=utf-8", "User-Agent": USER_AGENT}
    if user is not None:
        headers["Authorization"] = basic_auth(user, password or "")
    import urllib.request

    request = urllib.request.Request(
        target, data=body, method="PUT" if replace else "POST", headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except Exception as error:  # urllib, http.client and socket errors
        raise endpoint_error(store_url, error, timeout=timeout) from error

    if graph is None or query_url is None:
        return len(rdf)
    after = graph_size(query_url, graph, timeout=timeout, user=user, password=password)
    return after - before


def graph_size(
    query_url: str,
    graph: str,
    *,
    timeout: float = 30.0,
    user: str | None = None,
    password: str | None = None,
) -> int:
    """How many triples the named graph ``graph`` holds, asked at the query endpoint.

    After :func:`push` into a store this is the pushed graph's size. ``intlgraph serve`` has
    only a default graph, so every named graph is empty there:

    >>> import threading, intlgraph
    >>> from intlgraph.server import make_server
    >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0)
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> graph_size(server.url + "sparql", PROGRAMME_GRAPH)
    0
    >>> server.shutdown()
    """
    from rdflib import URIRef

    from intlgraph.engines.endpoint import EndpointEngine

    engine = EndpointEngine(query_url, timeout=timeout, user=user, password=password)
    table = engine.select(_GRAPH_SIZE, {"g": URIRef(graph)})
    value = table.rows[0][0] if table.rows and table.rows[0] else None
    if not isinstance(value, int):
        raise EndpointError(f"{query_url}: malformed answer: the triple count is {value!r}")
    return value


def gsp_url(store_url: str, graph: str | None) -> str:
    """The Graph Store URL addressing ``graph`` (``None``: the default graph).

    >>> gsp_url("http://localhost:3030/ds/data", None)
    'http://localhost:3030/ds/data?default'
    """
    parts = urllib.parse.urlsplit(store_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise EndpointError(f"{store_url!r} is not an http(s) URL of a Graph Store endpoint")
    if graph is not None and (
        not urllib.parse.urlsplit(graph).scheme or any(c in graph for c in ' <>"{}|^`\\')
    ):
        raise EndpointError(f"{graph!r} is not an absolute IRI for the target graph")
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    joined = f"{parts.query}&{query}" if parts.query else query
    return urllib.parse.urlunsplit(parts._replace(query=joined))


def derive_query_url(store_url: str) -> str | None:
    """The SPARQL query endpoint next to a Graph Store endpoint, for stores whose layout is known.

    >>> derive_query_url("http://localhost:3030/ds/data")
    'http://localhost:3030/ds/query'
    >>> derive_query_url("http://localhost:7200/repositories/kg/rdf-graphs/service")
    'http://localhost:7200/repositories/kg'
    >>> derive_query_url("http://example.org/unknown") is None
    True
    """
    parts = urllib.parse.urlsplit(store_url)
    path = parts.path.rstrip("/")
    for suffix, replacement in _QUERY_URL_FOR:
        if path.endswith(suffix):
            new_path = path[: -len(suffix)] + replacement
            return urllib.parse.urlunsplit(parts._replace(path=new_path, query="", fragment=""))
    return None
