"""The gap checks read from the cooperation network (:mod:`intlgraph.network`)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from intlgraph.gaps.model import Basis, Draft, EvidenceDraft
from intlgraph.namespaces import IG, STATUS
from intlgraph.programme import resolve

if TYPE_CHECKING:
    import networkx as nx

    from intlgraph.kg import KnowledgeGraph

__all__ = ["network_of", "single_broker_ties", "single_separators", "suggested_ties"]


_CACHE: dict[tuple[int, int, str, str], nx.Graph[Any]] = {}


def network_of(
    kg: KnowledgeGraph, as_of: str | dt.date | None = None, lang: str = "en"
) -> nx.Graph[Any]:
    """The cooperation network of ``kg`` (projected once per graph, day and language)."""
    from intlgraph import network

    key = (id(kg), len(kg), str(as_of or ""), lang)
    if key not in _CACHE:
        _CACHE.clear()  # keep one network: the graph of the last run
        _CACHE[key] = network.project(kg, as_of=as_of, lang=lang)
    return _CACHE[key]


def _network(kg: KnowledgeGraph, as_of: str | dt.date | None) -> nx.Graph[Any]:
    return network_of(kg, as_of)


def _edge_evidence(G: nx.Graph[Any], a: str, b: str) -> list[EvidenceDraft]:
    """The tie nodes behind the edge a–b, each with its parties as triples."""
    out = []
    for tie in G.edges[a, b].get("ties", []):
        node = str(tie["tie"])
        triples = [(node, IG + "party", a), (node, IG + "party", b)]
        if tie.get("status"):
            triples.append((node, IG + "status", STATUS + str(tie["status"])))
        out.append(EvidenceDraft(node, "network-tie", triples))
    return out


def single_broker_ties(
    kg: KnowledgeGraph, *, focal: str | None = None, as_of: str | dt.date | None = None
) -> list[Draft]:
    """International bodies the federation reaches only through one intermediary.

    A body not tied to the federation directly, in its component of the network, whose every
    path from the federation passes through the same single node (a minimum node cut of size
    one): losing that broker cuts the body off.
    """
    import networkx as nx

    focal = focal or resolve(kg, "$focal")
    G = _network(kg, as_of)
    if focal not in G:
        return []
    frame = kg.query("gaps/international-bodies", labels=False)
    bodies = {str(b) for b in frame["body"]}
    reachable = nx.node_connected_component(G, focal)
    separators = single_separators(G, focal, (bodies & reachable) - {focal} - set(G[focal]))
    drafts = []
    for body in sorted(separators):
        broker = separators[body]
        evidence: list[EvidenceDraft] = []
        for path in nx.all_shortest_paths(G, focal, body):
            for a, b in itertools.pairwise(path):
                for item in _edge_evidence(G, a, b):
                    if all(e.node != item.node for e in evidence):
                        evidence.append(item)
        drafts.append(
            Draft(
                gap="single-broker-ties",
                title_en="{e0}: reached from {e1} only through {e2}",
                title_ru="{e0}: связь с {e1} только через {e2}",
                basis=Basis.WEAK_TIE,
                entities=[(body, None), (focal, None), (str(broker), None)],
                evidence=evidence,
            )
        )
    return drafts


def single_separators(G: nx.Graph[Any], source: str, targets: Iterable[str]) -> dict[str, str]:
    """For each target that one node (other than ``source`` and the target) separates from
    ``source``: that node, the one nearest the source when several do.

    Exact and linear in the edges: the separating nodes of a pair are the cut vertices on the
    path between the two in the block-cut tree (biconnected components), where a flow-based
    minimum node cut per pair would not finish on a world-sized network.

    >>> import networkx as nx
    >>> G = nx.Graph([("f", "a"), ("a", "b"), ("b", "t"), ("f", "c"), ("c", "u"), ("f", "u")])
    >>> single_separators(G, "f", ["t", "u", "b"])
    {'t': 'a', 'b': 'a'}
    """
    import networkx as nx

    cuts = set(nx.articulation_points(G))
    tree: nx.Graph[Any] = nx.Graph()
    block_of: dict[Any, tuple[str, int]] = {}
    for number, block in enumerate(nx.biconnected_components(G)):
        node = ("block", number)
        for member in block:
            if member in cuts:
                tree.add_edge(node, ("cut", member))
            else:
                block_of[member] = node

    def place(vertex: str) -> Any:
        return ("cut", vertex) if vertex in cuts else block_of.get(vertex)

    start = place(source)
    if start is None or start not in tree:
        return {}
    parent: dict[Any, Any] = dict(nx.bfs_predecessors(tree, start))
    found: dict[str, str] = {}
    for target in targets:
        node = place(target)
        if node is None or (node != start and node not in parent):
            continue
        on_path = []
        while node != start:
            if node[0] == "cut" and node[1] != target:
                on_path.append(node[1])
            node = parent[node]
        if on_path:
            found[target] = on_path[-1]  # the walk goes from the target: last = nearest source
    return found


def suggested_ties(
    kg: KnowledgeGraph,
    *,
    focal: str | None = None,
    method: str = "adamic_adar",
    top: int = 10,
    as_of: str | dt.date | None = None,
) -> list[Draft]:
    """Organisations close to the federation in the network but not tied to it (link
    prediction, :func:`intlgraph.network.predict_links`), with the shared partners as reason."""
    from intlgraph import network

    focal = focal or resolve(kg, "$focal")
    G = _network(kg, as_of)
    if focal not in G:
        return []
    frame = network.predict_links(G, focal, method=method, top=top)
    drafts = []
    for row in frame.to_dict(orient="records"):
        candidate = str(row["candidate"])
        shared = [str(s) for s in row["shared"]]
        evidence: list[EvidenceDraft] = []
        for partner in shared:
            evidence += _edge_evidence(G, focal, partner)
            evidence += _edge_evidence(G, candidate, partner)
        names = ", ".join(f"{{e{i + 2}}}" for i in range(len(shared)))
        count = len(shared)
        drafts.append(
            Draft(
                gap="suggested-ties",
                title_en=f"{{e0}}: not tied to {{e1}}, but shares {count} "
                f"partner{'s' if count != 1 else ''} with it: {names}",
                title_ru=f"{{e0}}: нет связи с {{e1}}, но общих партнёров: {count} — {names}",
                basis=Basis.SUGGESTION,
                entities=[(candidate, None), (focal, None), *((s, None) for s in shared)],
                evidence=evidence,
                score=round(float(row["score"]), 6),
            )
        )
    return drafts
