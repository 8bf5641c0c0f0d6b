"""The gap checks read from the cooperation network (:mod:`intlgraph.network`)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from intlgraph.gaps.model import Basis, Draft, EvidenceDraft
from intlgraph.namespaces import IG, STATUS
from intlgraph.programme import resolve

if TYPE_CHECKING:
    import networkx as nx

    from intlgraph.kg import KnowledgeGraph

__all__ = ["network_for", "single_broker_ties", "single_separators", "suggested_ties"]


def network_for(
    kg: KnowledgeGraph, as_of: str | dt.date | None = None, network: nx.Graph[Any] | None = None
) -> nx.Graph[Any]:
    """``network`` when it is the cooperation network of ``kg`` on the day ``as_of`` with
    English labels (its ``as_of`` and ``lang`` graph attributes, as
    :func:`intlgraph.network.project` sets them), else that network projected now. Whoever
    runs several checks projects once and passes it along (:func:`intlgraph.gaps.gaps` does,
    and so does the report).

    >>> import intlgraph
    >>> from intlgraph import network
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> G = network.project(kg, as_of="2021-06-02")
    >>> network_for(kg, "2021-06-02", G) is G, network_for(kg, None, G) is G
    (True, False)
    """
    from intlgraph import network as networks

    day = networks.parse_as_of(as_of)
    wanted = day.isoformat() if day else "latest"
    if network is not None:
        made = network.graph
        if made.get("as_of", "latest") == wanted and made.get("lang", "en") == "en":
            return network
    return networks.project(kg, as_of=day)


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
    kg: KnowledgeGraph,
    *,
    focal: str | None = None,
    as_of: str | dt.date | None = None,
    network: nx.Graph[Any] | None = None,
) -> list[Draft]:
    """International bodies the federation reaches only through one intermediary.

    A body not tied to the federation directly, in its component of the network, whose every
    path from the federation passes through the same single node (a minimum node cut of size
    one): losing that broker cuts the body off. ``network``: the projected network, if at
    hand (:func:`network_for`).
    """
    import networkx as nx

    focal = focal or resolve(kg, "$focal")
    G = network_for(kg, as_of, network)
    if focal not in G:
        return []
    frame = kg.query("gaps/international-bodies", labels=False)
    bodies = {str(b) for b in frame["body"]}
    reachable = nx.node_connected_component(G, focal)
    separators = single_separators(G, focal, (bodies & reachable) - {focal} - set(G[focal]))
    drafts = []
    # one breadth-first search for every body (nx.all_shortest_paths runs one per body)
    pred: dict[Any, list[Any]] = nx.predecessor(G, focal) if separators else {}  # type: ignore[assignment]
    for body in sorted(separators):
        broker = separators[body]
        evidence: list[EvidenceDraft] = []
        shown: set[str] = set()
        for path in _shortest_paths(focal, body, pred):
            for a, b in itertools.pairwise(path):
                for item in _edge_evidence(G, a, b):
                    if item.node not in shown:
                        shown.add(item.node)
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


def _shortest_paths(source: Any, target: Any, pred: dict[Any, list[Any]]) -> Iterator[list[Any]]:
    """Every shortest path from ``source`` to ``target``, given the predecessors of a
    breadth-first search from ``source`` (``nx.predecessor``), in the order
    ``nx.all_shortest_paths`` gives them (it runs the same walk after its own search).

    >>> import networkx as nx
    >>> G = nx.Graph([(0, 1), (1, 2), (0, 3), (3, 2), (2, 4)])
    >>> list(_shortest_paths(0, 4, nx.predecessor(G, 0))) == list(nx.all_shortest_paths(G, 0, 4))
    True
    """
    if target not in pred:
        return
    seen = {target}
    stack: list[list[Any]] = [[target, 0]]
    top = 0
    while top >= 0:
        node, i = stack[top]
        if node == source:
            yield [p for p, _ in reversed(stack[: top + 1])]
        if len(pred[node]) > i:
            stack[top][1] = i + 1
            step = pred[node][i]
            if step in seen:
                continue
            seen.add(step)
            top += 1
            if top == len(stack):
                stack.append([step, 0])
            else:
                stack[top][:] = [step, 0]
        else:
            seen.discard(node)
            top -= 1


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
    network: nx.Graph[Any] | None = None,
) -> list[Draft]:
    """Organisations close to the federation in the network but not tied to it (link
    prediction, :func:`intlgraph.network.predict_links`), with the shared partners as reason.
    ``network``: the projected network, if at hand (:func:`network_for`)."""
    from intlgraph.network import predict_links

    focal = focal or resolve(kg, "$focal")
    G = network_for(kg, as_of, network)
    if focal not in G:
        return []
    frame = predict_links(G, focal, method=method, top=top)
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
