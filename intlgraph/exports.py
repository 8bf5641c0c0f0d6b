"""Write the cooperation network for other tools: GEXF (Gephi), GraphML (Cytoscape), JSON, CSV;
and the whole graph for linked-data tools: JSON-LD, TriG, N-Triples, Turtle.

Network attributes are cleaned to what each format accepts: lists become ``"; "``-joined text, the
per-tie records become a tie list, and GEXF edges carry their dates as spells so that
Gephi's timeline can play the network.

>>> import intlgraph
>>> from intlgraph import network
>>> G = network.project(intlgraph.load(engine="oxigraph"), as_of="2021-06-02")
>>> edge = flat_graph(G).edges[network.ORG + "fprk", network.ORG + "gtuc"]
>>> edge["kinds"], edge["statuses"], edge["sources"]
('agreement; negotiation; visit', 'done; planned; signed', 'fprk_cooperation.csv #12; §2; §5.1')
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intlgraph.exc import IntlgraphError, NetworkError
from intlgraph.output import atomic_write

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "GRAPH_SUFFIXES",
    "SUFFIXES",
    "export",
    "flat_graph",
    "serialize_graph",
    "to_csv",
    "to_json",
    "write_text",
]

#: Export formats of the network and their file suffixes.
SUFFIXES: dict[str, str] = {"gexf": ".gexf", "graphml": ".graphml", "json": ".json", "csv": ".csv"}
FORMATS: tuple[str, ...] = tuple(SUFFIXES)
#: Whole-graph RDF formats and their file suffixes (the loader reads each of them back).
GRAPH_SUFFIXES: dict[str, str] = {"jsonld": ".jsonld", "trig": ".trig", "nt": ".nt", "ttl": ".ttl"}
GRAPH_FORMATS: tuple[str, ...] = tuple(GRAPH_SUFFIXES)
_RDFLIB_FORMAT = {"jsonld": "json-ld", "trig": "trig", "nt": "nt", "ttl": "turtle"}


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically: a temporary file in the same folder,
    then renamed over ``path``, so a reader never sees half a file and a failure leaves the
    old file as it was.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = write_text(pathlib.Path(tmp, "a.nt"), "<urn:a> <urn:b> <urn:c> .\\n")
    ...     target.read_text(encoding="utf-8"), sorted(p.name for p in target.parent.iterdir())
    ('<urn:a> <urn:b> <urn:c> .\\n', ['a.nt'])
    """

    return atomic_write(path, text)


def serialize_graph(graph: Graph, fmt: str) -> str:
    """The whole ``graph`` as ``fmt``: ``jsonld`` (compacted with the graph's prefixes),
    ``trig`` (the default graph), ``nt`` (N-Triples, lines sorted) or ``ttl`` (Turtle).
    Each re-parses to the same graph.

    >>> from rdflib import Graph, Literal, URIRef
    >>> x = "https://x.org/"
    >>> g = Graph().add((URIRef(x + "a"), URIRef(x + "p"), Literal("б", lang="ru")))
    >>> print(serialize_graph(g, "nt"), end="")
    <https://x.org/a> <https://x.org/p> "б"@ru .
    >>> from rdflib.compare import isomorphic
    >>> isomorphic(Graph().parse(data=serialize_graph(g, "jsonld"), format="json-ld"), g)
    True
    """
    from rdflib import URIRef

    if fmt not in _RDFLIB_FORMAT:
        raise IntlgraphError(
            f"unknown graph format {fmt!r}; choose from {', '.join(GRAPH_FORMATS)}"
        )
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())
    if fmt == "jsonld":
        iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
        context = {
            prefix: str(ns)
            for prefix, ns in sorted(graph.namespaces())
            if prefix and any(iri.startswith(str(ns)) for iri in iris)
        }
        return graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1)
    return graph.serialize(format=_RDFLIB_FORMAT[fmt])


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool | int | float):
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    return str(value)


def _spell_day(record: dict[str, Any]) -> str:
    """The day a tie starts on a timeline: its date (a year or month padded), else its as-of."""
    for text in (str(record.get("date") or ""), str(record.get("as_of") or "")):
        if len(text) == 4 and text.isdigit():
            return f"{text}-01-01"
        if len(text) == 7:
            return f"{text}-01"
        if len(text) == 10:
            return text
    return ""


def flat_graph(G: nx.Graph[Any], *, spells: bool = False) -> nx.Graph[Any]:
    """A copy of ``G`` whose attributes are strings, numbers or booleans only.

    Each edge's ``ties`` become ``ties`` (tie IRIs), ``first_date`` and ``sources``; with
    ``spells`` the edge also gets GEXF spells, one from the earliest tie date on.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", kinds=["x", "y"], ties=[{"tie": "t", "date": "2021"}])
    >>> edge = flat_graph(G, spells=True).edges["a", "b"]
    >>> edge["kinds"], edge["ties"], edge["spells"]
    ('x; y', 't', [('2021-01-01', None)])
    """
    import networkx as nx

    flat: nx.Graph[Any] = nx.Graph()
    flat.graph.update({k: _scalar(v) for k, v in G.graph.items()})
    for node, data in G.nodes(data=True):
        flat.add_node(str(node), **{k: _scalar(v) for k, v in data.items()})
    for a, b, data in G.edges(data=True):
        attrs: dict[str, Any] = {k: _scalar(v) for k, v in data.items() if k != "ties"}
        if "ties" in data:
            records = data["ties"]
            days = sorted(d for d in (_spell_day(r) for r in records) if d)
            attrs["ties"] = "; ".join(r["tie"] for r in records if r.get("tie"))
            attrs["first_date"] = days[0] if days else ""
            attrs["sources"] = "; ".join(
                sorted({s for r in records for s in r.get("source_labels", [])})
            )
            if spells and days:
                attrs["spells"] = [(days[0], None)]
        flat.add_edge(str(a), str(b), **attrs)
    return flat


def to_json(G: nx.Graph[Any]) -> str:
    """Node-link JSON (``nodes`` and ``edges``, the full tie records kept).

    >>> import networkx as nx
    >>> json.loads(to_json(nx.Graph([("a", "b")])))["edges"]
    [{'source': 'a', 'target': 'b'}]
    """
    import networkx as nx

    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def to_csv(G: nx.Graph[Any]) -> str:
    """An edge list: source, target, kind, kinds, statuses, weight, first_date, ties, sources.

    >>> import csv, intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"), as_of="2021-06-02")
    >>> rows = list(csv.DictReader(to_csv(G).splitlines()))
    >>> gtuc = next(row for row in rows if row["target"] == network.ORG + "gtuc")
    >>> gtuc["source"], gtuc["weight"], gtuc["first_date"]
    ('https://w3id.org/intlgraph/id/org/fprk', '3', '2021-06-02')
    """
    flat = flat_graph(G)
    out = io.StringIO()
    columns = ["kind", "kinds", "statuses", "weight", "first_date", "ties", "sources"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "target", *columns])
    for a, b, data in sorted(flat.edges(data=True), key=lambda e: (e[0], e[1])):
        writer.writerow([a, b, *(data.get(c, "") for c in columns)])
    return out.getvalue()


def export(G: nx.Graph[Any], path: str | Path | None, fmt: str) -> str | None:
    """Write ``G`` as ``fmt`` (gexf, graphml, json, csv) to ``path``; with ``path=None``,
    return the text instead.

    >>> import networkx as nx
    >>> "<graphml" in export(nx.Graph([("a", "b")]), None, "graphml")
    True

    The cooperation network for Gephi, with a timeline (GEXF spells):

    >>> import intlgraph, pathlib, tempfile
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"), as_of="2021-06-02")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     export(G, pathlib.Path(tmp, "network.gexf"), "gexf")
    ...     gexf = pathlib.Path(tmp, "network.gexf").read_text(encoding="utf-8")
    >>> 'mode="dynamic"' in gexf, "Georgian Trade Unions Confederation" in gexf
    (True, True)
    """
    import networkx as nx

    if fmt not in SUFFIXES:
        raise NetworkError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "json":
        text = to_json(G)
    elif fmt == "csv":
        text = to_csv(G)
    else:
        buffer = io.BytesIO()
        if fmt == "gexf":
            nx.write_gexf(flat_graph(G, spells=True), buffer)
        else:
            nx.write_graphml(flat_graph(G), buffer)
        text = buffer.getvalue().decode("utf-8")
    if path is None:
        return text

    atomic_write(path, text)
    return None
