"""How the vis-network map draws a large network (issue 20): node and label sizes follow the
size measure as vis-network's own scaling made them, and planned ties stay dashed about
5 px on screen at any zoom (the pattern follows the zoom)."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from browser import available, open_page

from intlgraph import maps

pytestmark = pytest.mark.skipif(
    not available(), reason="needs chromium and chromium-driver (.ci/run installs them)"
)

READ = """
var net = window.intlgraphMap.network, body = net.body;
var sizes = {}, fonts = {}, dashed = [];
body.nodeIndices.forEach(function (id) {
  sizes[id] = body.nodes[id].options.size; fonts[id] = body.nodes[id].options.font.size;
});
body.edgeIndices.forEach(function (id) {
  var d = body.edges[id].options.dashes;
  if (d) dashed.push(Array.isArray(d) ? d[0] : 5);
});
return {sizes: sizes, fonts: fonts, dashed: dashed, scale: net.getScale(),
        errors: window.intlgraphMap.errors};
"""


def _graph() -> nx.Graph[Any]:
    G = nx.relaxed_caveman_graph(60, 10, 0.05, seed=1)  # 600 nodes: no label layout
    for a, b in G.edges:
        G.edges[a, b]["planned"] = (a + b) % 3 == 0
    return G


def test_sizes_follow_the_measure_and_dashes_follow_the_zoom() -> None:
    G = _graph()
    page = maps.cooperation_map(G, renderer="vis-network", size_by="degree")
    assert '"placed":false' in page.html
    first = open_page(page.html, timeout=90, read=READ)
    assert first.page_errors == [] and first.console_errors == []
    sizes = {int(k): v for k, v in first.values["sizes"].items()}
    fonts = {int(k): v for k, v in first.values["fonts"].items()}
    degree = dict(G.degree())
    index = {node: i for i, node in enumerate(G)}
    low, high = min(degree.values()), max(degree.values())
    for node, d in degree.items():  # vis-network's scaling: linear, 8-40 px, labels 11-22 px
        share = (d - low) / (high - low)
        assert sizes[index[node]] == pytest.approx(8 + 32 * share)
        assert fonts[index[node]] == pytest.approx(11 + 11 * share, abs=0.13)
    planned = sum(1 for _, _, p in G.edges(data="planned") if p)
    scale = first.values["scale"]
    assert scale < 0.5  # the whole network in the frame
    assert len(first.values["dashed"]) == planned
    # 5 px on screen at the first view, within the fit's rounding
    assert all(2.5 <= d * scale <= 10 for d in first.values["dashed"])
    zoomed = open_page(
        page.html,
        timeout=90,
        actions="window.intlgraphMap.network.moveTo({scale: 1});",
        settle=1.0,
        read=READ,
    )
    assert zoomed.values["scale"] == pytest.approx(1)
    assert zoomed.values["dashed"] == [5] * planned  # zoomed in: 5 units, 5 px
