"""One SPARQL request of ``intlgraph serve``: check it, run it with limits, serialise the answer.

:func:`inspect_query` (the parse-based :mod:`intlgraph.guard`) refuses updates and anything
that could reach the network or the file system (SERVICE, LOAD, ...) before an engine sees
the text. FROM / FROM NAMED and the protocol's
``default-graph-uri`` / ``named-graph-uri`` only select graphs the server holds
(:class:`~intlgraph.engines.QueryDataset`); nothing is fetched. :func:`negotiate` picks the
media type; :mod:`intlgraph.server.runner` runs the query with the limits. Answers are
written by pyoxigraph's W3C serialisers whichever engine ran the query, so both engines give
byte-for-byte the same answer (blank-node labels aside).

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
'SELECT'
>>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml")
'application/sparql-results+xml'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from intlgraph import guard
from intlgraph.engines import QueryDataset, first_line, oxigraph_query
from intlgraph.exc import ForbiddenQueryError, MalformedQueryError
from intlgraph.namespaces import PREFIXES

if TYPE_CHECKING:
    from intlgraph.guard import QueryInfo
    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "Answer",
    "HttpError",
    "QueryDataset",
    "check_query",
    "expand_escapes",
    "graph_sizes",
    "inspect_query",
    "negotiate",
    "oxigraph_answer",
    "service_description",
]

#: Media types of SELECT / ASK answers (the first is the default) → pyoxigraph format.
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
#: Media types of CONSTRUCT / DESCRIBE answers (the first is the default).
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}
_ALIASES = {
    "application/json": "application/sparql-results+json",
    "text/javascript": "application/sparql-results+json",
    "application/javascript": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "text/n3": "text/turtle",  # Turtle is N3
    "text/rdf+n3": "text/turtle",
    "application/n3": "text/turtle",
    "application/x-json+ld": "application/ld+json",
}
#: Short names for the ``format=`` / ``output=`` / ``results=`` parameters, by answer kind.
FORMAT_NAMES: dict[str, dict[str, str]] = {
    "results": {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    },
    "graph": {
        "turtle": "text/turtle",
        "ttl": "text/turtle",
        "n3": "text/turtle",
        "nt": "application/n-triples",
        "ntriples": "application/n-triples",
        "n-triples": "application/n-triples",
        "xml": "application/rdf+xml",
        "rdf": "application/rdf+xml",
        "rdf+xml": "application/rdf+xml",
        "rdfxml": "application/rdf+xml",
        "json-ld": "application/ld+json",
        "jsonld": "application/ld+json",
        "json": "application/ld+json",
    },
}
#: The request parameters that may name the answer's format (Virtuoso, Joseki, SPARQLWrapper).
FORMAT_PARAMS: tuple[str, ...] = ("format", "output", "results")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class HttpError(Exception):
    """A request the server answers with an error status and a short text message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Answer:
    """A serialised answer: its media type, bytes, rows (or triples) and whether it was cut."""

    media_type: str
    body: bytes
    rows: int
    truncated: bool = False


def expand_escapes(text: str) -> str:
    """``text`` with SPARQL's ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes replaced (one pass).

    >>> expand_escapes("\\\\u0053ERVICE")
    'SERVICE'
    """

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(replace, text)


def check_query(text: str) -> str:
    """The query's form (SELECT, ASK, CONSTRUCT, DESCRIBE), or :class:`HttpError` 400/403.

    >>> check_query("SELECT * FROM <http://example.org/g> { ?s ?p ?o }")  # a local graph
    'SELECT'
    >>> check_query("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    intlgraph.server.protocol.HttpError: refused: the query uses SERVICE; ...
    """
    return inspect_query(text).form


def inspect_query(text: str, prefixes: Mapping[str, str] = PREFIXES) -> QueryInfo:
    """The query's form and dataset clause, from :func:`intlgraph.guard.inspect` (a real
    parse, size and depth bounded first): malformed → 400, SERVICE / updates → 403.

    FROM / FROM NAMED are not refused here (unlike :func:`intlgraph.guard.check`): the
    server's engines select those graphs among the ones they hold and never fetch one
    (:class:`~intlgraph.engines.QueryDataset`) — the one place the server decides it.
    ``prefixes`` may be used without declaring them (the server passes its graph's).

    >>> inspect_query("SELECT * FROM NAMED <http://example.org/g> { GRAPH ?g { } }")
    QueryInfo(form='SELECT', default_graphs=(), named_graphs=('http://example.org/g',))
    """

    try:
        return guard.inspect(text, dict(prefixes))
    except ForbiddenQueryError as error:
        raise HttpError(403, str(error)) from None
    except MalformedQueryError as error:
        raise HttpError(400, str(error)) from None


def negotiate(form: str, accept: str | None, fmt: str | Sequence[str] | None = None) -> str:
    """The media type to answer a ``form`` query with, from ``format=`` or ``Accept``.

    ``fmt`` holds the values of the ``format=`` / ``output=`` / ``results=`` parameters: the
    first one offered for ``form`` wins; values not offered (SPARQLWrapper sends its own
    names, e.g. ``format=xml`` for a CONSTRUCT) leave the choice to ``Accept``.

    >>> negotiate("CONSTRUCT", "*/*")
    'text/turtle'
    >>> negotiate("ASK", None, "tsv")
    'text/tab-separated-values'
    >>> negotiate("CONSTRUCT", "application/rdf+xml", ["xml", "csv"])
    'application/rdf+xml'
    >>> negotiate("DESCRIBE", "application/ld+json", "no-such-format")
    'application/ld+json'
    """
    graph_form = form in {"CONSTRUCT", "DESCRIBE"}
    offered = list(GRAPH_TYPES if graph_form else RESULT_TYPES)
    names = FORMAT_NAMES["graph" if graph_form else "results"]
    for value in [fmt] if isinstance(fmt, str) else list(fmt or []):
        name = value.strip().lower()
        wanted = names.get(name, _ALIASES.get(name, name))
        if wanted in offered:
            return wanted
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for order, (media, quality) in enumerate(_accept_items(accept)):
        media = _ALIASES.get(media, media)
        for rank, candidate in enumerate(offered):
            if quality > 0 and _matches(media, candidate):
                # more specific ranges beat wildcards; then quality, then the client's order
                specificity = 2 if "*" not in media else (1 if not media.startswith("*") else 0)
                key = (quality, specificity, -rank if "*" in media else -order)
                if best is None or key > best:
                    best, chosen = key, candidate
    if chosen is None:
        raise HttpError(406, f"no acceptable media type for {form}; offered: {', '.join(offered)}")
    return chosen


def _accept_items(accept: str) -> Iterator[tuple[str, float]]:
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        yield fields[0].lower(), quality


def _matches(media: str, candidate: str) -> bool:
    if media in {"*/*", "*"}:
        return True
    if media.endswith("/*"):
        return candidate.startswith(media[:-1])
    return media == candidate


# --- the service description ----------------------------------------------------------

_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"
_VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
_FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON-LD",
}


def graph_sizes(kg: KnowledgeGraph) -> tuple[int, list[tuple[str, int]]]:
    """The default graph's size and each named graph's (IRI, size), sorted by IRI.

    >>> import intlgraph
    >>> graph_sizes(intlgraph.load(engine="oxigraph"))[1]  # the bundled data has none
    []
    """
    table = kg.engine.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    named = sorted((str(g), int(n)) for g, n in table.rows)
    return len(kg), named


def service_description(
    endpoint: str, sizes: tuple[int, list[tuple[str, int]]], media_type: str
) -> Answer:
    """The SPARQL 1.1 Service Description of the endpoint (``GET /sparql`` without a query):
    its language (queries only), result formats, the union default graph, the named graphs.

    >>> answer = service_description("http://127.0.0.1:7879/sparql", (3, []), "text/turtle")
    >>> b"sd:endpoint <http://127.0.0.1:7879/sparql>" in answer.body
    True
    """
    import pyoxigraph as ox

    def sd(name: str) -> Any:
        return ox.NamedNode(_SD + name)

    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(service, a, sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, a, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, a, sd("Graph")),
        ox.Triple(
            default, ox.NamedNode(_VOID_TRIPLES), ox.Literal(str(sizes[0]), datatype=integer)
        ),
    ]
    triples += [
        ox.Triple(service, sd("resultFormat"), ox.NamedNode(_FORMATS + name))
        for name in _FORMAT_IRIS.values()
    ]
    for name, size in sizes[1]:
        named, graph = ox.BlankNode(), ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, a, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(name)),
            ox.Triple(named, sd("graph"), graph),
            ox.Triple(graph, a, sd("Graph")),
            ox.Triple(graph, ox.NamedNode(_VOID_TRIPLES), ox.Literal(str(size), datatype=integer)),
        ]
    body = serialise_graph(triples, media_type, {"sd": _SD, "formats": _FORMATS})
    return Answer(media_type, body, len(triples))


# --- terms as SPARQL JSON results ------------------------------------------------------


def _term_json(term: Any) -> dict[str, Any] | None:
    """An rdflib or pyoxigraph term as a SPARQL 1.1 JSON results term (``None``: unbound)."""
    from rdflib.term import BNode, Identifier, URIRef

    if term is None:
        return None
    if isinstance(term, Identifier):  # rdflib
        if isinstance(term, URIRef):
            return {"type": "uri", "value": str(term)}
        if isinstance(term, BNode):
            return {"type": "bnode", "value": str(term)}
        datatype = getattr(term, "datatype", None)
        return _literal_json(str(term), getattr(term, "language", None), datatype)
    kind = type(term).__name__  # pyoxigraph
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if kind == "Literal":
        return _literal_json(term.value, term.language, term.datatype.value)
    if kind == "Triple":
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _term_json(getattr(term, p)) for p in parts}}
    raise HttpError(500, f"cannot serialise a {kind} term")


def _literal_json(value: str, language: str | None, datatype: object) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "literal", "value": value}
    if language:
        out["xml:lang"] = language
    elif datatype is not None and str(datatype) not in {_XSD_STRING, _LANG_STRING}:
        out["datatype"] = str(datatype)
    return out


def results_json(variables: list[str], rows: Iterable[list[Any]]) -> bytes:
    bindings = []
    for row in rows:
        binding = {}
        for name, term in zip(variables, row, strict=True):
            value = _term_json(term)
            if value is not None:
                binding[name] = value
        bindings.append(binding)
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def serialise_results(document: bytes, media_type: str) -> bytes:
    import pyoxigraph as ox

    parsed = ox.parse_query_results(document, ox.QueryResultsFormat.JSON)
    fmt = getattr(ox.QueryResultsFormat, RESULT_TYPES[media_type])
    return parsed.serialize(format=fmt) or b""


def serialise_graph(
    triples: Iterable[Any], media_type: str, prefixes: dict[str, str] | None = None
) -> bytes:
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, GRAPH_TYPES[media_type])
    if media_type != "text/turtle":
        prefixes = None
    elif prefixes is None:
        prefixes = {k: v for k, v in PREFIXES.items() if k != "igd"}
    else:
        prefixes = {k: v for k, v in prefixes.items() if k != "igd"}
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


# --- answers ---------------------------------------------------------------------------


def oxigraph_answer(
    store: Any,
    text: str,
    form: str,
    media_type: str,
    max_rows: int,
    *,
    dataset: QueryDataset | None = None,
    base: str | None = None,
    prefixes: Mapping[str, str] = PREFIXES,
) -> Answer:
    """Run a checked query on a pyoxigraph store; the serialised answer (cut at ``max_rows``).

    ``dataset`` selects graphs of the store (:func:`intlgraph.engines.oxigraph_query`);
    relative IRIs resolve against ``base``; ``prefixes`` need no declaration.
    """
    import pyoxigraph as ox

    try:
        result = oxigraph_query(store, text, dataset=dataset, base=base, prefixes=dict(prefixes))
    except SyntaxError as error:
        raise HttpError(400, f"malformed query: {first_line(error)}") from error

    def limit(rows: Iterable[Any]) -> tuple[list[Any], bool]:
        kept: list[Any] = []
        for row in rows:
            if len(kept) == max_rows:
                return kept, True
            kept.append(row)
        return kept, False

    if isinstance(result, ox.QueryBoolean):
        return ask_answer(bool(result), media_type)
    if isinstance(result, ox.QueryTriples):
        triples, cut = limit(result)
        return Answer(
            media_type, serialise_graph(triples, media_type, dict(prefixes)), len(triples), cut
        )
    variables = [v.value for v in result.variables]
    width = range(len(variables))
    rows, cut = limit([s[i] for i in width] for s in result)
    document = results_json(variables, rows)
    return Answer(media_type, serialise_results(document, media_type), len(rows), cut)


def ask_answer(value: bool, media_type: str) -> Answer:
    document = json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    return Answer(media_type, serialise_results(document, media_type), 1)


def ox_triple(terms: list[Any]) -> Any:
    import pyoxigraph as ox

    return ox.Triple(*terms)


def refuse_remote_algebra(node: Any) -> None:
    """Second look, on rdflib's parsed query: no SERVICE (the engine never loads FROM graphs:
    :meth:`~intlgraph.engines.MemoryEngine.evaluate` selects them from those it holds)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            # CompValue.get returns the key itself for a missing key: ask the dict
            if item.name == "ServiceGraphPattern":
                raise HttpError(403, "refused: the query reaches outside the graph")
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
