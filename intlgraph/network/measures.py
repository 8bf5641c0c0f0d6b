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

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> network.centralities(G).loc[network.ORG + "fprk"].round(3).to_dict()
    {'degree': 0.629, 'betweenness': 0.421, 'closeness': 0.632, 'eigenvector': 0.623}
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

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> brokers = network.brokerage(G).sort_values("constraint").round(3)
    >>> [(iri.rsplit("/", 1)[-1], *values) for iri, values in brokers.head(2).iterrows()]
    [('fprk', 0.053, 37.615), ('ilo', 0.241, 7.4)]
    """
    import networkx as nx
    import pandas as pd

    return pd.DataFrame(
        {"constraint": nx.constraint(G), "effective_size": nx.effective_size(G)},
        index=list(G),
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


def metrics(G: nx.Graph[Any], *, seed: int = 42) -> pd.DataFrame:
    """One row per node: node, label, type, category, degree (number of neighbours), the
    centralities, brokerage, community and core number; most connected first.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> table = network.metrics(G)
    >>> list(table.columns)
    ['node', 'label', 'type', 'category', 'degree', 'degree_centrality', 'betweenness',
     'closeness', 'eigenvector', 'constraint', 'effective_size', 'community', 'core_number']
    >>> table.loc[table["label"] == "International Trade Union Confederation", "degree"].item()
    6
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
