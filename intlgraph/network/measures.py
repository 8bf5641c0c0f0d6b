"""Who is central, who brokers, which groups: centralities, brokerage, communities, k-cores.

Every function takes the graph first (as :func:`intlgraph.network.project` builds it, or any
undirected networkx graph whose nodes may carry ``label``/``type`` attributes).

>>> import networkx as nx
>>> G = nx.star_graph(3)
>>> float(centralities(G).loc[0, "degree"])
1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "brokerage",
    "centralities",
    "communities",
    "community_of",
    "core_numbers",
    "k_core",
    "metrics",
]


def centralities(G: nx.Graph[Any]) -> pd.DataFrame:
    """Degree, betweenness, closeness and eigenvector centrality (normalised, unweighted),
    one row per node (the index).

    >>> import networkx as nx
    >>> float(centralities(nx.path_graph(3)).loc[1, "betweenness"])
    1.0
    """
    import networkx as nx
    import pandas as pd

    return pd.DataFrame(
        {
            "degree": nx.degree_centrality(G) if len(G) > 1 else dict.fromkeys(G, 0.0),
            "betweenness": nx.betweenness_centrality(G),
            "closeness": nx.closeness_centrality(G),
            "eigenvector": _eigenvector(G),
        },
        index=list(G),
    )


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


def brokerage(G: nx.Graph[Any]) -> pd.DataFrame:
    """Burt's constraint (low = a broker) and effective size (non-redundant contacts).

    Isolated nodes have no constraint (NaN).

    >>> import networkx as nx
    >>> brokerage(nx.star_graph(3)).loc[0].tolist()
    [0.3333333333333333, 3.0]
    """
    import networkx as nx
    import pandas as pd

    return pd.DataFrame(
        {"constraint": nx.constraint(G), "effective_size": nx.effective_size(G)},
        index=list(G),
    )


def communities(G: nx.Graph[Any], *, seed: int = 42, resolution: float = 1.0) -> list[set[Any]]:
    """Louvain communities (tie counts as weights), largest first; seeded, so reproducible.

    >>> import networkx as nx
    >>> G = nx.barbell_graph(4, 0)
    >>> [sorted(c) for c in communities(G)]
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    import networkx as nx

    found = nx.community.louvain_communities(G, weight="weight", seed=seed, resolution=resolution)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), sorted(map(str, c))))


def community_of(G: nx.Graph[Any], *, seed: int = 42) -> dict[Any, int]:
    """Each node's community number (0 = the largest community).

    >>> import networkx as nx
    >>> community_of(nx.barbell_graph(3, 0))[5]
    1
    """
    return {node: i for i, group in enumerate(communities(G, seed=seed)) for node in group}


def core_numbers(G: nx.Graph[Any]) -> dict[Any, int]:
    """Each node's core number: the largest k of a k-core containing it.

    >>> import networkx as nx
    >>> core_numbers(nx.complete_graph(4))[0]
    3
    """
    import networkx as nx

    cores: dict[Any, int] = nx.core_number(G)
    return cores


def k_core(G: nx.Graph[Any], k: int | None = None) -> nx.Graph[Any]:
    """The k-core (every node has at least ``k`` neighbours inside); the main core by default.

    >>> import networkx as nx
    >>> sorted(k_core(nx.lollipop_graph(4, 2)))
    [0, 1, 2, 3]
    """
    import networkx as nx

    core: nx.Graph[Any] = nx.k_core(G, k=k)
    return core


def metrics(G: nx.Graph[Any], *, seed: int = 42) -> pd.DataFrame:
    """One row per node: node, label, type, category, degree (number of neighbours), the
    centralities, brokerage, community and core number; most connected first.

    >>> import networkx as nx
    >>> G = nx.star_graph(3)
    >>> G.nodes[0]["label"] = "hub"
    >>> df = metrics(G)
    >>> row = df.iloc[0]
    >>> row["label"], int(row["degree"]), int(row["core_number"])
    ('hub', 3, 1)
    """
    import pandas as pd

    measures = centralities(G).rename(columns={"degree": "degree_centrality"})
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
    return frame.reset_index(drop=True)
