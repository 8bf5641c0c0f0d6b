"""Who is central, who brokers, which groups: centralities, brokerage, communities, k-cores.

Every function takes the graph first (as :func:`intlgraph.network.project` builds it, or any
undirected networkx graph whose nodes may carry ``label``/``type`` attributes). The
examples project the programme's network from the graph on the embedded Oxigraph engine
(the same network as ``intlgraph.load()`` gives, faster).

>>> import intlgraph
>>> from intlgraph import network
>>> G = network.project(intlgraph.load(engine="oxigraph"))
>>> top = network.metrics(G).head(3)
>>> top[["label", "degree", "community", "core_number"]].values.tolist()
[['Federation of Trade Unions of the Republic of Kazakhstan', 39, 0, 4], ['International Labour
Organization', 10, 1, 4], ['International Trade Union Confederation', 6, 0, 4]]

Any networkx graph will do:

>>> import networkx as nx
>>> float(network.centralities(nx.star_graph(3)).loc[0, "degree"])  # the hub
1.0
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from intlgraph.exc import NetworkError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

T = TypeVar("T")

__all__ = [
    "AUTO_EXACT_LIMIT",
    "AUTO_SAMPLE",
    "brokerage",
    "centralities",
    "communities",
    "community_of",
    "core_numbers",
    "k_core",
    "metrics",
    "most_connected",
    "node_measure",
    "top_brokers",
]


def centralities(
    G: nx.Graph[Any], *, sample: int | str | None = None, seed: int = 42
) -> pd.DataFrame:
    """Degree, betweenness, closeness and eigenvector centrality (normalised, unweighted),
    one row per node (the index).

    Betweenness and closeness are exact unless ``sample`` is given: ``sample=k`` estimates
    them from ``k`` random source nodes (seeded by ``seed``), ``sample="auto"`` does so with
    :data:`AUTO_SAMPLE` sources above :data:`AUTO_EXACT_LIMIT` nodes. A sampled frame says
    so: the columns ``betweenness_error`` and ``closeness_error`` hold each estimate's 95%
    margin (1.96 standard errors of the per-source mean), and ``frame.attrs["sample"]`` the
    number of sources (None when exact).

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> network.centralities(G).loc[network.ORG + "fprk"].round(3).to_dict()
    {'degree': 0.629, 'betweenness': 0.421, 'closeness': 0.632, 'eigenvector': 0.623}
    >>> sampled = network.centralities(G, sample=20, seed=1)
    >>> sampled.attrs["sample"], sampled.loc[network.ORG + "fprk"].round(3).to_dict()
    (20, {'degree': 0.629, 'betweenness': 0.409, 'closeness': 0.632, 'eigenvector': 0.623,
          'betweenness_error': 0.114, 'closeness_error': 0.0})
    """
    import networkx as nx
    import pandas as pd

    k = _sample_size(G, sample)
    frame = pd.DataFrame(
        {
            "degree": nx.degree_centrality(G) if len(G) > 1 else dict.fromkeys(G, 0.0),
            "betweenness": _betweenness(G) if k is None else {},
            "closeness": _closeness(G) if k is None else {},
            "eigenvector": _eigenvector(G),
        },
        index=list(G),
    )
    if k is not None:
        between, between_error = _sampled_betweenness(G, k, seed)
        close, close_error = _sampled_closeness(G, k, seed)
        frame["betweenness"] = pd.Series(between)
        frame["closeness"] = pd.Series(close)
        frame["betweenness_error"] = pd.Series(between_error)
        frame["closeness_error"] = pd.Series(close_error)
    frame.attrs["sample"] = k
    return frame


def _igraph(G: nx.Graph[Any]) -> tuple[list[Any], Any]:
    """``G``'s nodes in order and the same graph in igraph (vertex i = node i)."""
    import igraph

    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in G.edges() if a != b]
    return nodes, igraph.Graph(n=len(nodes), edges=edges, directed=False)


def _in_fresh_thread(work: Callable[[], T]) -> T:
    """``work()`` run in a new thread, its result (or exception) handed back.

    For igraph's measures: igraph keeps a small allocation per vertex, and in a process whose
    heap a large store has fragmented (a million triples loaded in Oxigraph) glibc scatters
    them over hundreds of megabytes, which made exact betweenness on the 16,655-node world
    network 3x slower (17.6 s -> 52 s CPU). A new thread gets a malloc arena of its own.

    >>> _in_fresh_thread(lambda: sum(range(4)))
    6
    """
    import threading

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as error:  # handed to the caller
            box["error"] = error

    thread = threading.Thread(target=run, name="intlgraph-measures")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value


def _twin_classes(G: nx.Graph[Any]) -> list[list[Any]]:
    """Nodes with the same (non-empty) set of neighbours, not adjacent to each other, in
    classes of two or more, in the order of ``G``. Such twins are interchangeable on every
    shortest path: they share betweenness and closeness, so each class needs one breadth-first
    search instead of one per member (the 1M world's 16,655 organisations fall into 6,842
    classes: the leaves of each hub, the unions tied to the same two bodies).

    >>> import networkx as nx
    >>> _twin_classes(nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("c", "d")]))
    [['a', 'b']]
    """
    classes: dict[frozenset[Any], list[Any]] = {}
    for node in G:
        around = frozenset(G[node]) - {node}
        if around:
            classes.setdefault(around, []).append(node)
    return [members for members in classes.values() if len(members) > 1]


def _representatives(G: nx.Graph[Any], nodes: list[Any]) -> tuple[dict[int, list[int]], int]:
    """Source vertices for the breadth-first searches by the size of the twin class each
    stands for (one vertex per class: ``{size: [vertex, ...]}``), and how many sources."""
    index = {node: i for i, node in enumerate(nodes)}
    twinned: set[int] = set()
    by_size: dict[int, list[int]] = {}
    for members in _twin_classes(G):
        by_size.setdefault(len(members), []).append(index[members[0]])
        twinned.update(index[m] for m in members)
    by_size.setdefault(1, []).extend(i for i in range(len(nodes)) if i not in twinned)
    return by_size, sum(len(sources) for sources in by_size.values())


def _betweenness(G: nx.Graph[Any]) -> dict[Any, float]:
    """Exact normalised betweenness (networkx's definition), computed by igraph (46x faster
    than networkx at 1,000 nodes, the same values; benchmarks/README.md) with one
    breadth-first search per class of twins (:func:`_twin_classes`), each class's
    dependencies counted once per member: the same sums, added in another order."""

    def compute() -> dict[Any, float]:
        nodes, graph = _igraph(G)
        n = len(nodes)
        if n <= 2:
            return dict.fromkeys(nodes, 0.0)
        scale = 2.0 / ((n - 1) * (n - 2))
        by_size, sources = _representatives(G, nodes)
        if sources > 0.9 * n:  # hardly any twins: igraph's own loop over every source
            values = graph.betweenness()
            return {node: float(b) * scale for node, b in zip(nodes, values, strict=True)}
        total = [0.0] * n
        every = range(n)
        for size, chosen in sorted(by_size.items()):
            for v, b in enumerate(graph.betweenness(sources=chosen, targets=every)):
                if b:
                    total[v] += size * b
        return {node: total[i] * scale for i, node in enumerate(nodes)}

    return _in_fresh_thread(compute)


def _closeness(G: nx.Graph[Any]) -> dict[Any, float]:
    """Exact closeness (networkx's definition, Wasserman–Faust for disconnected graphs),
    computed by igraph for one node of each class of twins (:func:`_twin_classes`: the same
    distances to every other node)."""

    def compute() -> dict[Any, float]:
        nodes, graph = _igraph(G)
        n = len(nodes)
        if n <= 1:
            return dict.fromkeys(nodes, 0.0)
        reach = [0] * n
        for component in graph.connected_components():
            for v in component:
                reach[v] = len(component)
        index = {node: i for i, node in enumerate(nodes)}
        same = list(range(n))  # the vertex whose closeness each vertex shares
        for members in _twin_classes(G):
            first = index[members[0]]
            for member in members[1:]:
                same[index[member]] = first
        chosen = sorted(set(same))
        found = dict(zip(chosen, graph.closeness(vertices=chosen, normalized=True), strict=True))
        result: dict[Any, float] = {}
        for i, node in enumerate(nodes):
            c = found[same[i]]
            ok = reach[i] > 1 and not math.isnan(c)
            result[node] = float(c) * (reach[i] - 1) / (n - 1) if ok else 0.0
        return result

    return _in_fresh_thread(compute)


def _eigenvector(G: nx.Graph[Any]) -> dict[Any, float]:
    """Eigenvector centrality; a graph without edges (or that does not converge) gets 0s."""
    import networkx as nx

    if G.number_of_edges() == 0:
        return dict.fromkeys(G, 0.0)
    try:
        values: dict[Any, float] = nx.eigenvector_centrality(G, max_iter=2000, tol=1e-8)
    except nx.PowerIterationFailedConvergence:
        return dict.fromkeys(G, 0.0)
    return values


def brokerage(G: nx.Graph[Any], nodes: Iterable[Any] | None = None) -> pd.DataFrame:
    """Burt's constraint (low = a broker) and effective size (non-redundant contacts) of
    ``nodes`` (every node by default), as networkx defines them for an unweighted graph.

    Isolated nodes have no constraint (NaN). Computed from neighbour sets, so memory stays
    linear in the edges (16,630 nodes: see benchmarks/README.md).

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> brokers = network.brokerage(G).sort_values("constraint").round(3)
    >>> [(iri.rsplit("/", 1)[-1], *values) for iri, values in brokers.head(2).iterrows()]
    [('fprk', 0.053, 37.615), ('ilo', 0.241, 7.4)]
    >>> network.brokerage(G, [network.ORG + "ilo"]).round(3).values.tolist()
    [[0.241, 7.4]]
    """
    import pandas as pd

    chosen = list(G) if nodes is None else list(nodes)
    missing = [n for n in chosen if n not in G]
    if missing:
        raise NetworkError(f"not in the network: {missing[0]}")
    constraint, effective = _brokerage(G, chosen)
    return pd.DataFrame(
        {"constraint": constraint, "effective_size": effective}, index=chosen, dtype="float64"
    )


def communities(G: nx.Graph[Any], *, seed: int = 42, resolution: float = 1.0) -> list[set[Any]]:
    """Louvain communities (tie counts as weights), largest first; seeded, so reproducible.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> groups = network.communities(G)
    >>> [len(group) for group in groups][:6]
    [24, 7, 5, 4, 3, 3]
    >>> sorted(G.nodes[n]["short_en"] for n in groups[1])  # the ILO family
    ['ACTRAV', 'ArcelorMittal Temirtau JSC', 'ILO', 'ILO Committee of Experts on the Application of
    Conventions and Recommendations', 'ILO Decent Work Technical Support Team and Office for
    Eastern Europe and Central Asia', 'ILO Moscow Office', 'International Labour Office, Geneva
    (ILO headquarters)']
    """
    import networkx as nx

    found = nx.community.louvain_communities(G, weight="weight", seed=seed, resolution=resolution)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(map(str, c))))


def community_of(G: nx.Graph[Any], *, seed: int = 42) -> dict[Any, int]:
    """Each node's community number (0 = the largest community).

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> community = network.community_of(G)
    >>> [community[network.ORG + org] for org in ("fprk", "ituc", "ilo", "ei")]
    [0, 0, 1, 4]
    """
    return {node: i for i, group in enumerate(communities(G, seed=seed)) for node in group}


def core_numbers(G: nx.Graph[Any]) -> dict[Any, int]:
    """Each node's core number: the largest k of a k-core containing it.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> cores = network.core_numbers(G)
    >>> cores[network.ORG + "ituc"], cores[network.ORG + "ilo-ceacr"]  # CEACR: one tie only
    (4, 1)
    """
    import networkx as nx

    cores: dict[Any, int] = nx.core_number(G)
    return cores


def k_core(G: nx.Graph[Any], k: int | None = None) -> nx.Graph[Any]:
    """The k-core (every node has at least ``k`` neighbours inside); the main core by default.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> sorted(G.nodes[n]["short_en"] for n in network.k_core(G))  # the main (4-)core
    ['FES', 'FPRK', 'ILO', 'ITUC', 'JILAF']
    >>> len(network.k_core(G, 3))
    15
    """
    import networkx as nx

    core: nx.Graph[Any] = nx.k_core(G, k=k)
    return core


def metrics(G: nx.Graph[Any], *, seed: int = 42, sample: int | str | None = None) -> pd.DataFrame:
    """One row per node: node, label, type, category, degree (number of neighbours), the
    centralities, brokerage, community and core number; most connected first.

    ``sample`` as in :func:`centralities`: a sampled table has the columns
    ``betweenness_error`` and ``closeness_error`` after the values and says how many sources
    it used in ``table.attrs["sample"]``.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> table = network.metrics(G)
    >>> list(table.columns)
    ['node', 'label', 'type', 'category', 'degree', 'degree_centrality', 'betweenness',
     'closeness', 'eigenvector', 'constraint', 'effective_size', 'community', 'core_number']
    >>> table.loc[table["label"] == "International Trade Union Confederation", "degree"].item()
    6
    >>> sampled = network.metrics(G, sample=20)
    >>> sampled.attrs["sample"], [c for c in sampled.columns if c.endswith("_error")]
    (20, ['betweenness_error', 'closeness_error'])
    """
    import pandas as pd

    measures = centralities(G, sample=sample, seed=seed).rename(
        columns={"degree": "degree_centrality"}
    )
    k = measures.attrs["sample"]
    frame = pd.concat([measures, brokerage(G)], axis=1)
    frame.insert(0, "degree", pd.Series(dict(G.degree()), dtype="int64"))
    frame["community"] = pd.Series(community_of(G, seed=seed), dtype="int64")
    frame["core_number"] = pd.Series(core_numbers(G), dtype="int64")
    frame.index.name = "node"
    frame = frame.reset_index()
    frame.insert(1, "label", [G.nodes[n].get("label", str(n)) for n in frame["node"]])
    frame.insert(2, "type", [G.nodes[n].get("type", "") for n in frame["node"]])
    frame.insert(3, "category", [G.nodes[n].get("category", "") for n in frame["node"]])
    frame = frame.sort_values(["degree", "betweenness", "label"], ascending=[False, False, True])
    frame = frame.reset_index(drop=True)
    frame.attrs["sample"] = k
    return frame


def most_connected(G: nx.Graph[Any], k: int = 12) -> pd.DataFrame:
    """The ``k`` nodes with the most neighbours, in the order of :func:`metrics` (degree,
    then betweenness, then label): node, label, type, category, degree, exact betweenness
    and PageRank (unweighted, damping 0.85). What the report shows, without the rest of
    :func:`metrics` (closeness, brokerage, communities, cores): on the 1M world's 16,655
    organisations a few seconds instead of the whole suite.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> top = network.most_connected(G, 3).round(3)
    >>> top[["label", "degree", "betweenness", "pagerank"]].values.tolist()
    [['Federation of Trade Unions of the Republic of Kazakhstan', 39, 0.421, 0.241],
     ['International Labour Organization', 10, 0.028, 0.054],
     ['International Trade Union Confederation', 6, 0.002, 0.033]]
    """
    import networkx as nx
    import pandas as pd

    if k < 1:
        raise NetworkError(f"k={k}: expected at least 1")
    degree = dict(G.degree())
    between = _betweenness(G)
    label = {n: G.nodes[n].get("label", str(n)) for n in G}
    # metrics() sorts its table by these three keys, stable for rows equal in all three
    ranked = sorted(G, key=lambda n: (-degree[n], -between[n], label[n]))[:k]
    rank = nx.pagerank(G, weight=None) if G.number_of_edges() else dict.fromkeys(G, 1 / len(G))
    return pd.DataFrame(
        {
            "node": ranked,
            "label": [label[n] for n in ranked],
            "type": [G.nodes[n].get("type", "") for n in ranked],
            "category": [G.nodes[n].get("category", "") for n in ranked],
            "degree": pd.Series([degree[n] for n in ranked], dtype="int64"),
            "betweenness": [between[n] for n in ranked],
            "pagerank": [float(rank[n]) for n in ranked],
        }
    )


def top_brokers(G: nx.Graph[Any], k: int = 10) -> pd.DataFrame:
    """The ``k`` nodes of highest betweenness, ranked by the exact values (never a sample: a
    sampled top 10 on 5,000 nodes held only 2 of the exact top 10), ties broken by label.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> top = network.top_brokers(G, 3)
    >>> [(n.rsplit("/", 1)[-1], round(b, 3)) for n, b in zip(top["node"], top["betweenness"])]
    [('fprk', 0.421), ('kz-education-union', 0.043), ('ilo', 0.028)]
    """
    import pandas as pd

    if k < 1:
        raise NetworkError(f"k={k}: expected at least 1")
    values = _betweenness(G)
    label = {n: str(G.nodes[n].get("label", n)) for n in G}
    ranked = sorted(G, key=lambda n: (-values[n], label[n], str(n)))[:k]
    return pd.DataFrame(
        {
            "node": ranked,
            "label": [label[n] for n in ranked],
            "betweenness": [values[n] for n in ranked],
        }
    )


def _components(G: nx.Graph[Any]) -> Iterable[set[Any]]:
    """The connected components (networkx), for the samplers."""
    import networkx as nx

    return nx.connected_components(G)


#: ``sample="auto"`` computes betweenness and closeness exactly up to this many nodes.
#: Measured on the 1M world's network (16,655 nodes, 48,136 edges): exact (igraph) 18 s +
#: 9 s CPU, 500 sampled sources (Python) 34 s + 22 s; exact grows with nodes x edges, the
#: sample with edges only, so sampling pays from about 30,000 nodes (benchmarks/README.md).
AUTO_EXACT_LIMIT = 30_000
#: ``sample="auto"`` above :data:`AUTO_EXACT_LIMIT`: this many source nodes (pivots).
AUTO_SAMPLE = 500
#: The stated error of a sampled value is this many standard errors (a 95% interval).
Z95 = 1.96


def _sample_size(G: nx.Graph[Any], sample: int | str | None) -> int | None:
    """The number of pivots to use, or None for exact values."""
    n = len(G)
    if sample is None:
        return None
    if sample == "auto":
        return AUTO_SAMPLE if n > AUTO_EXACT_LIMIT else None
    if isinstance(sample, bool) or not isinstance(sample, int) or sample < 1:
        raise NetworkError(f"sample={sample!r}: expected a positive number of nodes or 'auto'")
    return None if sample >= n else sample


def _adjacency(G: nx.Graph[Any]) -> tuple[list[Any], list[list[int]]]:
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    return nodes, [[index[m] for m in G[node] if m != node] for node in nodes]


def _bfs(adj: list[list[int]], s: int) -> tuple[list[int], list[int], list[list[int]], list[int]]:
    """Breadth-first search from ``s``: visit order, number of shortest paths, predecessors
    on them and distances (-1 = unreachable)."""
    n = len(adj)
    dist = [-1] * n
    sigma = [0] * n
    preds: list[list[int]] = [[] for _ in range(n)]
    dist[s], sigma[s] = 0, 1
    order = [s]
    i = 0
    while i < len(order):
        v = order[i]
        i += 1
        dv = dist[v] + 1
        for w in adj[v]:
            if dist[w] < 0:
                dist[w] = dv
                order.append(w)
            if dist[w] == dv:
                sigma[w] += sigma[v]
                preds[w].append(v)
    return order, sigma, preds, dist


def _sampled_betweenness(
    G: nx.Graph[Any], k: int, seed: int
) -> tuple[dict[Any, float], dict[Any, float]]:
    """Betweenness estimated from ``k`` random source nodes (Brandes and Pich 2007), scaled
    as networkx scales it, with each estimate's 95% margin: :data:`Z95` standard errors of
    the mean of the per-source dependencies (finite-population corrected)."""
    nodes, adj = _adjacency(G)
    n = len(nodes)
    total = [0.0] * n
    squares = [0.0] * n
    for s in random.Random(seed).sample(range(n), k):
        order, sigma, preds, _ = _bfs(adj, s)
        delta = [0.0] * n
        for w in reversed(order):
            coeff = (1.0 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                total[w] += delta[w]
                squares[w] += delta[w] * delta[w]
    scale = n / ((n - 1) * (n - 2)) if n > 2 else 0.0
    fpc = math.sqrt((n - k) / (n - 1)) if n > 1 else 0.0
    value, error = {}, {}
    for i, node in enumerate(nodes):
        mean = total[i] / k
        var = max(0.0, squares[i] / k - mean * mean) * k / (k - 1) if k > 1 else 0.0
        value[node] = mean * scale
        error[node] = Z95 * math.sqrt(var / k) * fpc * scale
    return value, error


def _sampled_closeness(
    G: nx.Graph[Any], k: int, seed: int
) -> tuple[dict[Any, float], dict[Any, float]]:
    """Closeness as networkx defines it (Wasserman–Faust for disconnected graphs), the sum of
    distances in a large component estimated from pivots of that component (about ``k`` in
    all, at least 50 each) with a 95% margin; components of up to 1,000 nodes exactly."""
    nodes, adj = _adjacency(G)
    n = len(nodes)
    rng = random.Random(seed)
    index = {node: i for i, node in enumerate(nodes)}
    value: dict[Any, float] = {}
    error: dict[Any, float] = {}
    for component in sorted(
        (sorted(index[m] for m in c) for c in _components(G)), key=lambda c: (len(c), c)
    ):
        r = len(component)
        if r == 1:
            value[nodes[component[0]]] = error[nodes[component[0]]] = 0.0
            continue
        exact = r <= 1000
        pivots = component if exact else rng.sample(component, min(r, max(50, k * r // n)))
        kc = len(pivots)
        total = dict.fromkeys(component, 0)
        squares = dict.fromkeys(component, 0)
        for s in pivots:
            dist = _bfs(adj, s)[3]
            for v in component:
                total[v] += dist[v]
                squares[v] += dist[v] * dist[v]
        fpc = 0.0 if exact else math.sqrt((r - kc) / (r - 1))
        for v in component:
            mean = total[v] / kc
            sum_d = mean * r
            c = (r - 1) ** 2 / ((n - 1) * sum_d) if sum_d > 0 else 0.0
            var = max(0.0, squares[v] / kc - mean * mean) * kc / (kc - 1) if kc > 1 else 0.0
            value[nodes[v]] = c
            error[nodes[v]] = Z95 * c * math.sqrt(var / kc) * fpc / mean if mean > 0 else 0.0
    return value, error


def _brokerage(G: nx.Graph[Any], nodes: Iterable[Any]) -> tuple[dict[Any, float], dict[Any, float]]:
    """Burt's constraint and effective size of ``nodes`` as networkx defines them for an
    undirected, unweighted graph, from neighbour sets: O(sum of min degrees over the edges
    touched) time and O(edges) memory (networkx's own takes 4.6 GB at 16,630 nodes)."""
    neighbours = {v: set(G[v]) - {v} for v in G}
    constraint: dict[Any, float] = {}
    effective: dict[Any, float] = {}
    for v in nodes:
        mine = neighbours[v]
        d = len(mine)
        if d == 0:
            constraint[v] = effective[v] = math.nan
            continue
        total = 0.0
        links = 0
        for j in mine:
            theirs = neighbours[j]
            shared = mine & theirs if len(mine) < len(theirs) else theirs & mine
            links += len(shared)
            indirect = sum(1.0 / len(neighbours[q]) for q in shared)
            total += ((1.0 + indirect) / d) ** 2
        constraint[v] = total
        effective[v] = d - links / d  # links counts each tie among the neighbours twice
    return constraint, effective


def node_measure(
    G: nx.Graph[Any], size_by: str, *, seed: int = 42
) -> tuple[dict[Any, float], dict[Any, float] | None, int | None]:
    """Each node's value of one measure (``degree``, ``weight``, ``betweenness``,
    ``closeness``, ``eigenvector`` or ``none``) as the maps size nodes by it, the 95% margins
    when it is an estimate, and the number of
    sampled source nodes (None: exact). Betweenness and closeness are sampled as
    ``network.centralities(G, sample="auto")`` samples them (above
    :data:`AUTO_EXACT_LIMIT` nodes), and the page says so.

    >>> import networkx as nx
    >>> from intlgraph.network.measures import node_measure
    >>> node_measure(nx.path_graph(3), "betweenness")
    ({0: 0.0, 1: 1.0, 2: 0.0}, None, None)
    """
    if size_by == "none":
        return dict.fromkeys(G, 1.0), None, None
    if size_by == "degree":
        return {n: float(d) for n, d in G.degree()}, None, None
    if size_by == "weight":
        return {n: float(d) for n, d in G.degree(weight="weight")}, None, None
    if size_by in ("betweenness", "closeness"):
        k = _sample_size(G, "auto")
        if k is None:
            exact = _betweenness(G) if size_by == "betweenness" else _closeness(G)
            return exact, None, None
        sampler = _sampled_betweenness if size_by == "betweenness" else _sampled_closeness
        values, margins = sampler(G, k, seed)
        return values, margins, k
    return _eigenvector(G), None, None
