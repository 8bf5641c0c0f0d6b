"""The cooperation network: RDF projected to networkx, and the measures that read it.

:func:`project` builds the graph with the named queries ``queries/network/*.rq`` (so it runs
on every engine); the other functions take the graph first.

>>> import intlgraph
>>> from intlgraph import network
>>> G = network.project(intlgraph.load(), as_of="2021-06-02")
>>> G.nodes[network.ORG + "fprk"]["category"]
'federation'
>>> network.metrics(G).iloc[0]["type"]
'FocalFederation'
"""

from __future__ import annotations

from intlgraph.network.measures import (
    brokerage,
    centralities,
    communities,
    community_of,
    core_numbers,
    k_core,
    metrics,
    most_connected,
    top_brokers,
)
from intlgraph.network.prediction import METHODS, predict_links
from intlgraph.network.projection import (
    INCLUDE,
    KINDS,
    ORG,
    ClassTables,
    category_of,
    class_tables,
    kind_of,
    parse_as_of,
    project,
)
from intlgraph.network.structure import (
    articulation_points,
    bipartite_projection,
    bridges,
    ego,
    path,
    resolve,
)

__all__ = [
    "INCLUDE",
    "KINDS",
    "METHODS",
    "ORG",
    "ClassTables",
    "articulation_points",
    "bipartite_projection",
    "bridges",
    "brokerage",
    "category_of",
    "centralities",
    "class_tables",
    "communities",
    "community_of",
    "core_numbers",
    "ego",
    "k_core",
    "kind_of",
    "metrics",
    "most_connected",
    "parse_as_of",
    "path",
    "predict_links",
    "project",
    "resolve",
    "top_brokers",
]
