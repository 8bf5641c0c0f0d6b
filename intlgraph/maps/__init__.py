"""Maps of the cooperation network: an interactive offline HTML page and static figures.

>>> import intlgraph
>>> from intlgraph import network, maps
>>> G = network.project(intlgraph.load())
>>> page = maps.cooperation_map(G, lang="en", size_by="betweenness")
>>> page.nodes == G.number_of_nodes() and page.edges == G.number_of_edges()
True
"""

from __future__ import annotations

from intlgraph.maps.interactive import (
    PHYSICS_LIMIT,
    RENDERERS,
    SIZE_BY,
    WEBGL_LIMIT,
    CooperationMap,
    cooperation_map,
    layout,
)
from intlgraph.maps.static import figure, timeline

__all__ = [
    "PHYSICS_LIMIT",
    "RENDERERS",
    "SIZE_BY",
    "WEBGL_LIMIT",
    "CooperationMap",
    "cooperation_map",
    "figure",
    "layout",
    "timeline",
]
