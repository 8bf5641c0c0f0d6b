"""The maps in headless Chromium with the network off: they load, draw every node and edge,
log no error, request nothing from the network, and run nothing from the data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import available, open_page

from intlgraph import maps
from intlgraph.exc import NetworkError

EVIL = "<img src=x onerror=alert(1)>"
HREF = '<a href="javascript:alert(2)">click</a>'

pytestmark = pytest.mark.skipif(
    not available(), reason="needs chromium and chromium-driver (.ci/run installs them)"
)


@pytest.fixture(scope="module")
def G(bundled_network: nx.Graph[Any]) -> nx.Graph[Any]:
    """The bundled network (the session's: the tests copy it before changing it)."""
    return bundled_network


def _clean(result: Any) -> None:
    assert result.page_errors == []
    assert result.console_errors == []
    assert result.dialogs == []
    assert result.requests == []


def test_bundled_map_draws_offline(G: nx.Graph[Any], tmp_path: Path) -> None:
    page = maps.cooperation_map(G).save(tmp_path / "map.html")
    shot = tmp_path / "map.png"
    result = open_page(page, screenshot=shot)
    _clean(result)
    assert result.values["nodes"] == result.values["drawnNodes"] == G.number_of_nodes()
    assert result.values["edges"] == result.values["drawnEdges"] == G.number_of_edges()
    assert shot.stat().st_size > 20_000


def test_russian_map_filters_and_highlight(G: nx.Graph[Any]) -> None:
    page = maps.cooperation_map(G, lang="ru").html
    fprk = list(G).index("https://w3id.org/intlgraph/id/org/fprk")
    gcc = list(G).index("https://w3id.org/intlgraph/id/org/ilo-ceacr")
    actions = f"""
      var net = window.intlgraphMap.network;
      var select = document.getElementById("ig-category");
      select.value = "national-centre"; select.dispatchEvent(new Event("change"));
      var shown = net.body.data.nodes.get({{filter: function (n) {{ return !n.hidden; }}}});
      window.__shown = shown.length;
      window.__count = document.getElementById("ig-count").textContent;
      select.value = ""; select.dispatchEvent(new Event("change"));
      net.body.emitter.emit("click", {{nodes: [{fprk}], edges: []}});
      window.__far = net.body.data.nodes.get({gcc}).color.background;
      window.__near = net.body.data.nodes.get({fprk}).color.background;
    """
    read = """return {shown: window.__shown, count: window.__count, far: window.__far,
                      near: window.__near, title: document.getElementById("ig-title").textContent,
                      legend: document.getElementById("ig-legend").textContent}"""
    result = open_page(page, actions=actions, read=read)
    _clean(result)
    centres = sum(1 for _, d in G.nodes(data=True) if d["category"] == "national-centre")
    assert result.values["shown"] == centres
    assert result.values["count"].startswith(f"организаций: {centres} · связей: ")
    assert result.values["far"] == "#e6e6e6"  # not a neighbour of FPRK: dimmed
    assert result.values["near"] == "#d62728"
    assert result.values["title"] == "Международное сотрудничество ФПРК"
    assert "членство" in result.values["legend"]


def test_labels_and_tooltips_stay_text() -> None:
    graph: nx.Graph[Any] = nx.Graph()
    graph.add_node("a", label=EVIL, label_en=EVIL, short_en=EVIL, category="federation")
    graph.add_node("b", label=HREF, label_en=HREF, category="ngo")
    tie = {
        "tie": "t",
        "label": HREF,
        "kind": "agreement",
        "status": "signed",
        "source_labels": [EVIL],
    }
    graph.add_edge("a", "b", kind="agreement", kinds=["agreement"], ties=[tie], weight=1)
    page = maps.cooperation_map(graph, title=EVIL).html
    actions = """
      var net = window.intlgraphMap.network;
      net.body.emitter.emit("hoverNode", {node: 0, pointer: {DOM: {x: 20, y: 20}}});
      window.__nodeTip = document.getElementById("ig-tooltip").textContent;
      net.body.emitter.emit("hoverEdge", {edge: 0, pointer: {DOM: {x: 20, y: 20}}});
      window.__edgeTip = document.getElementById("ig-tooltip").textContent;
      var search = document.getElementById("ig-search");
      search.value = "onerror"; search.dispatchEvent(new Event("change"));
    """
    read = """return {nodeTip: window.__nodeTip, edgeTip: window.__edgeTip,
                      title: document.getElementById("ig-title").textContent,
                      docTitle: document.title,
                      images: document.querySelectorAll("img").length,
                      anchors: document.querySelectorAll("a").length}"""
    result = open_page(page, actions=actions, read=read)
    _clean(result)
    assert result.values["title"] == EVIL and result.values["docTitle"] == EVIL
    assert EVIL in result.values["nodeTip"]
    assert HREF in result.values["edgeTip"] and EVIL in result.values["edgeTip"]
    assert result.values["images"] == 0 and result.values["anchors"] == 0


def test_large_map_appears_without_physics() -> None:
    big = nx.relaxed_caveman_graph(60, 10, 0.05, seed=1)
    page = maps.cooperation_map(big).html
    assert '"physics":false' in page
    result = open_page(page, timeout=60)
    _clean(result)
    assert result.values["drawnNodes"] == 600
    assert result.values["drawnEdges"] == big.number_of_edges()


def test_notebook_iframe_runs_the_page(G: nx.Graph[Any]) -> None:
    frame = maps.cooperation_map(G, height="400px")._repr_html_()
    host = f"<!DOCTYPE html><html><body>{frame}</body></html>"
    result = open_page(host, frame=0)
    _clean(result)
    assert result.values["drawnNodes"] == G.number_of_nodes()


def test_webgl_map_draws_searches_filters_and_escapes(G: nx.Graph[Any]) -> None:
    graph = G.copy()
    fprk = "https://w3id.org/intlgraph/id/org/fprk"
    graph.nodes[fprk]["label_en"] = EVIL  # a label that would be markup if it were HTML
    page = maps.cooperation_map(graph, renderer="webgl", title=EVIL)
    assert page.renderer == "webgl" and "vis.Network" not in page.html
    index = list(graph).index(fprk)
    actions = f"""
      var state = window.intlgraphMap;
      window.__tip = state.tip({index});
      var select = document.getElementById("ig-category");
      select.value = "national-centre"; select.dispatchEvent(new Event("change"));
      window.__shown = state.shownNodes;
      window.__count = document.getElementById("ig-count").textContent;
      select.value = ""; select.dispatchEvent(new Event("change"));
      var search = document.getElementById("ig-search");
      search.value = "onerror"; search.dispatchEvent(new Event("change"));
    """
    read = """var s = window.intlgraphMap;
      return {renderer: s.renderer, drawnNodes: s.drawnNodes, drawnEdges: s.drawnEdges,
              tip: window.__tip, shown: window.__shown, count: window.__count,
              focus: s.focus, all: s.shownNodes, title: document.title,
              canvases: document.querySelectorAll("#ig-network canvas").length,
              webgl: Array.from(document.querySelectorAll("#ig-network canvas")).some(
                function (c) { return c.getContext("webgl2") !== null; }),
              images: document.querySelectorAll("img").length}"""
    result = open_page(page.html, actions=actions, read=read)
    _clean(result)
    values = result.values
    assert values["renderer"] == "webgl"
    assert values["drawnNodes"] == graph.number_of_nodes()
    assert values["drawnEdges"] == graph.number_of_edges()
    assert values["canvases"] >= 1 and values["webgl"]  # sigma draws on a WebGL canvas
    assert values["tip"].startswith(EVIL) and values["images"] == 0
    centres = sum(1 for _, d in graph.nodes(data=True) if d["category"] == "national-centre")
    assert values["shown"] == centres and values["count"].startswith(f"{centres} nodes")
    assert values["all"] == graph.number_of_nodes()
    assert values["focus"] == str(index)  # the search found the node by its (evil) name
    assert values["title"] == EVIL


def test_renderer_is_chosen_by_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from intlgraph.maps import interactive

    graph = nx.path_graph(30)
    assert maps.cooperation_map(graph).renderer == "vis-network"
    monkeypatch.setattr(interactive, "WEBGL_LIMIT", 20)
    page = maps.cooperation_map(graph)
    assert page.renderer == "webgl" and '"physics":false' in page.html
    assert maps.cooperation_map(graph, renderer="vis-network").renderer == "vis-network"
    with pytest.raises(NetworkError, match="unknown renderer"):
        maps.cooperation_map(graph, renderer="svg")
    result = open_page(page.html)
    _clean(result)
    assert result.values["drawnNodes"] == 30 and result.values["drawnEdges"] == 29


#: The Content-Security-Policy of VS Code's notebook output webview (backLayerWebView.ts in
#: microsoft/vscode, applied with the setting ``notebook.experimental.enableCsp``; without it
#: the webview sets none), ``${webviewGenericCspSource}`` written out as VS Code's
#: ``https://*.vscode-cdn.net``. Inline scripts are allowed; frames only from https: and data:.
VSCODE_NOTEBOOK_CSP = (
    "default-src 'none'; "
    "script-src https://*.vscode-cdn.net 'unsafe-inline' 'unsafe-eval'; "
    "style-src https://*.vscode-cdn.net 'unsafe-inline'; "
    "img-src https://*.vscode-cdn.net https: http: data:; "
    "font-src https://*.vscode-cdn.net https:; "
    "connect-src https:; "
    "child-src https: data:;"
)


def _host(body: str, csp: str | None = None) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">' if csp else ""
    return f"<!DOCTYPE html><html><head>{meta}</head><body>{body}</body></html>"


def test_notebook_iframe_draws_under_vscodes_csp(G: nx.Graph[Any], tmp_path: Path) -> None:
    # The srcdoc document inherits the output's policy; VS Code's allows inline script and
    # style, and Chromium does not hold an about:srcdoc frame to child-src/frame-src.
    frame = maps.cooperation_map(G, height="400px")._repr_html_()
    shot = tmp_path / "vscode.png"
    result = open_page(_host(frame, VSCODE_NOTEBOOK_CSP), frame=0, screenshot=shot)
    _clean(result)
    assert result.values["drawnNodes"] == G.number_of_nodes()
    assert result.values["drawnEdges"] == G.number_of_edges()
    assert shot.stat().st_size > 20_000


def test_a_policy_without_inline_script_stops_the_map() -> None:
    # The control for the test above: the host's policy does reach the srcdoc frame.
    frame = maps.cooperation_map(nx.Graph([("a", "b")]), height="300px")._repr_html_()
    csp = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'"
    result = open_page(_host(frame, csp), frame=0, timeout=10)
    assert result.values == {}  # no window.intlgraphMap: its script never ran


def test_notebook_iframe_draws_inside_a_colab_style_sandbox(G: nx.Graph[Any]) -> None:
    # Colab-style front ends put each output in its own sandboxed frame of another origin:
    # here a sandbox="allow-scripts" frame (an opaque origin) holding the output HTML.
    import html

    frame = maps.cooperation_map(G, height="400px")._repr_html_()
    outer = (
        '<iframe sandbox="allow-scripts" style="width: 100%; height: 900px" '
        f'srcdoc="{html.escape(_host(frame), quote=True)}"></iframe>'
    )
    result = open_page(_host(outer), frame=(0, 0))
    _clean(result)
    assert result.values["drawnNodes"] == G.number_of_nodes()
