"""The shape of the network: cut points, bridges, ego networks, paths, bipartite projections.

Nodes may be given as IRIs, as the IRI's last segment (``"fprk"``) or as a label or acronym
(``"ITUC"``); :func:`resolve` finds the node. (The examples project the network from the graph
on the embedded Oxigraph engine: the same network, faster.)

>>> import intlgraph
>>> from intlgraph import network
>>> G = network.project(intlgraph.load(engine="oxigraph"))
>>> steps = network.path(G, "EI", "gtuc")  # how far Education International is from o:gtuc
>>> [(G.nodes[node]["short_en"], [t["kind"] for t in ties]) for node, ties in steps]
[('EI', []), ('KTUESW', ['membership']), ('FPRK', ['membership']), ('Georgian Trade Unions
Confederation', ['visit', 'agreement', 'negotiation'])]
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from intlgraph.exc import NetworkError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "articulation_points",
    "bipartite_projection",
    "bridges",
    "ego",
    "path",
    "resolve",
]


def resolve(G: nx.Graph[Any], node: Any) -> Any:
    """The node of ``G`` that ``node`` names: the node itself, an IRI's last segment, or a
    label / acronym (case-insensitive). Raises :class:`~intlgraph.exc.NetworkError`.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> network.resolve(G, "ituc")
    'https://w3id.org/intlgraph/id/org/ituc'
    >>> network.resolve(G, "МКП") == network.resolve(G, "International Trade Union Confederation")
    True
    >>> network.resolve(G, "WFTU")
    Traceback (most recent call last):
    intlgraph.exc.NetworkError: no node 'WFTU' in the network
    """
    if node in G:
        return node
    text = str(node).strip()
    for candidate in G:
        if str(candidate).rsplit("/", 1)[-1] == text:
            return candidate
    folded = text.casefold()
    for candidate, data in G.nodes(data=True):
        names = (data.get(k, "") for k in ("short_en", "short_ru", "label_en", "label_ru", "label"))
        if any(str(name).casefold() == folded for name in names if name):
            return candidate
    raise NetworkError(f"no node {node!r} in the network")


def articulation_points(G: nx.Graph[Any]) -> list[Any]:
    """Nodes whose removal splits their component (sorted).

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> [G.nodes[n]["short_en"] for n in network.articulation_points(G)]
    ['FPRK', 'ILO', 'KTUESW']
    """
    import networkx as nx

    return sorted(nx.articulation_points(G), key=str)


def bridges(G: nx.Graph[Any]) -> list[tuple[Any, Any]]:
    """Edges whose removal splits their component (each pair sorted, list sorted).

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> found = network.bridges(G)
    >>> len(found)
    22
    >>> fprk = network.ORG + "fprk"  # most bridges tie a partner to FPRK alone; the others:
    >>> [(G.nodes[a]["short_en"], G.nodes[b]["short_en"]) for a, b in found if fprk not in (a, b)]
    [('EI', 'KTUESW'), ('ETUCE', 'KTUESW'), ('ILO', 'ILO Committee of Experts on the Application of
    Conventions and Recommendations')]
    """
    import networkx as nx

    found = [(min(a, b, key=str), max(a, b, key=str)) for a, b in nx.bridges(G)]
    return sorted(found, key=lambda e: (str(e[0]), str(e[1])))


def ego(G: nx.Graph[Any], node: Any, radius: int = 1) -> nx.Graph[Any]:
    """The ego network of ``node``: itself, everything within ``radius`` steps, their edges.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> sorted(G.nodes[n]["short_en"] for n in network.ego(G, "KTUESW"))
    ['EI', 'ETUCE', 'FPRK', 'KTUESW']
    >>> len(network.ego(G, "KTUESW", radius=2))
    42
    """
    import networkx as nx

    sub: nx.Graph[Any] = nx.ego_graph(G, resolve(G, node), radius=radius)
    return sub


def path(G: nx.Graph[Any], a: Any, b: Any) -> list[tuple[Any, list[dict[str, Any]]]]:
    """A shortest path from ``a`` to ``b``: each node with the ties that lead to it from the
    node before (the first node has none).

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> steps = network.path(G, "gtuc", "ITUC")
    >>> [G.nodes[node]["short_en"] for node, _ in steps]
    ['Georgian Trade Unions Confederation', 'FPRK', 'ITUC']
    >>> [(tie["label"], tie["source_labels"]) for tie in steps[1][1]]  # o:gtuc -> FPRK
    [('Priority working visit: Georgian Trade Unions Confederation (Tbilisi)', ['§5.1']),
    ('Memorandum of understanding and cooperation: FPRK – Georgian Trade Unions Confederation',
    ['fprk_cooperation.csv #12', '§2']), ('Negotiations on further cooperation: FPRK – Georgian
    Trade Unions Confederation', ['§2'])]
    """
    import networkx as nx

    start, end = resolve(G, a), resolve(G, b)
    try:
        nodes = nx.shortest_path(G, start, end)
    except nx.NetworkXNoPath:
        raise NetworkError(f"no path between {a!r} and {b!r}") from None
    steps: list[tuple[Any, list[dict[str, Any]]]] = [(nodes[0], [])]
    for before, here in pairwise(nodes):
        steps.append((here, list(G.edges[before, here].get("ties", []))))
    return steps


def _members(G: nx.Graph[Any], spec: str | Iterable[Any]) -> set[Any]:
    if isinstance(spec, str):
        found = {n for n, d in G.nodes(data=True) if spec in (d.get("category"), d.get("type"))}
        if not found:
            raise NetworkError(f"no node of category or type {spec!r} in the network")
        return found
    return {resolve(G, n) for n in spec}


def bipartite_projection(
    G: nx.Graph[Any], nodes: str | Iterable[Any], via: str | Iterable[Any]
) -> nx.Graph[Any]:
    """Project the ties between two sets onto the first: two ``nodes`` are linked when they
    share a partner in ``via``; the edge keeps ``weight`` (how many) and ``shared`` (which).

    Each set is a category (``"branch-union"``), a type (``"GlobalUnionFederation"``) or
    an iterable of nodes.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> P = network.bipartite_projection(G, "international-union-body", "branch-union")
    >>> len(P), [(P.nodes[a]["short_en"], P.nodes[b]["short_en"], d["weight"])
    ...          for a, b, d in P.edges(data=True)]
    (20, [('EI', 'ETUCE', 1)])
    >>> P.edges[network.ORG + "ei", network.ORG + "etuce"]["shared"]  # both through KTUESW
    ['https://w3id.org/intlgraph/id/org/kz-education-union']
    """
    import networkx as nx

    top, bottom = _members(G, nodes), _members(G, via)
    projected: nx.Graph[Any] = nx.Graph()
    projected.add_nodes_from((n, G.nodes[n]) for n in sorted(top, key=str))
    for partner in sorted(bottom - top, key=str):
        linked = sorted((n for n in G[partner] if n in top), key=str)
        for i, a in enumerate(linked):
            for b in linked[i + 1 :]:
                if projected.has_edge(a, b):
                    projected.edges[a, b]["shared"].append(partner)
                else:
                    projected.add_edge(a, b, shared=[partner])
    for _, _, data in projected.edges(data=True):
        data["weight"] = len(data["shared"])
    return projected
