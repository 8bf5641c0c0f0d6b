"""The interactive cooperation map: one self-contained HTML page (its renderer inlined).

The page loads nothing from the network: vis-network's script and style (shipped inside the
pyvis package) — or, above :data:`WEBGL_LIMIT` nodes, sigma.js and graphology (bundled in
``intlgraph/static/map/``) — are inlined into intlgraph's own template, and every text of
the data reaches the page as JSON and is put in with ``textContent``, never as HTML. The
layout comes from Python (no physics), so the map appears at once and the same every time.

>>> import networkx as nx
>>> from intlgraph import maps
>>> m = maps.cooperation_map(nx.Graph([("a", "b")]), title="Demo <b>")
>>> "<title>Demo &lt;b&gt;</title>" in m.html and "<script src" not in m.html
True
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intlgraph.exc import NetworkError
from intlgraph.maps import labels
from intlgraph.maps.counts import tie_key
from intlgraph.maps.style import (
    CATEGORY_STYLE,
    UI,
    class_label,
    display_label,
    edge_colour,
    full_label,
    name,
    node_style,
    status_label,
)
from intlgraph.maps.style import title as default_title
from intlgraph.network.measures import node_measure
from intlgraph.ontology import prospective_statuses

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "PHYSICS_LIMIT",
    "RENDERERS",
    "SIZE_BY",
    "WEBGL_LIMIT",
    "CooperationMap",
    "cooperation_map",
    "layout",
    "vis_assets",
    "webgl_assets",
]

#: Above this many nodes the page draws for speed (straight edges, edges hidden while
#: dragging, labels only when zoomed in).
PHYSICS_LIMIT = 300
#: ``renderer="auto"`` draws graphs above this many nodes with WebGL (sigma.js), not
#: vis-network's canvas (5,000 nodes: first draw ~1.5 s of CPU; 16,630: see benchmarks/).
WEBGL_LIMIT = 5000
#: The renderers ``cooperation_map`` accepts.
RENDERERS: tuple[str, ...] = ("auto", "vis-network", "webgl")
#: Node measures ``size_by`` accepts.
SIZE_BY: tuple[str, ...] = ("degree", "betweenness", "closeness", "eigenvector", "weight", "none")

_STATIC = Path(__file__).resolve().parent.parent / "static" / "map"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped inside pyvis (licence comment kept, the
    source-map line dropped).

    >>> from intlgraph.maps.interactive import vis_assets
    >>> js, css = vis_assets()
    >>> "vis-network" in js[:100], "sourceMappingURL" in js, ".vis-network" in css
    (True, False, True)
    """
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
    versions = sorted(
        (p for p in lib.glob("vis-*") if (p / "vis-network.min.js").is_file()),
        key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)),
    )
    if not versions:
        raise NetworkError(f"vis-network not found in the pyvis package ({lib})")
    js = (versions[-1] / "vis-network.min.js").read_text(encoding="utf-8")
    css = (versions[-1] / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S*", "", js)
    return js, css


@cache
def webgl_assets() -> str:
    """graphology and sigma.js (both MIT; versions and licences in
    ``intlgraph/static/map/README.md``), bundled with intlgraph, as one script.

    >>> from intlgraph.maps.interactive import webgl_assets
    >>> js = webgl_assets()
    >>> "graphology" in js[:400], "Sigma" in js, "sourceMappingURL" in js
    (True, True, False)
    """
    parts = [
        (_STATIC / name).read_text(encoding="utf-8")
        for name in ("graphology.umd.min.js", "sigma.min.js")
    ]
    return "\n".join(re.sub(r"//# sourceMappingURL=\S*", "", part) for part in parts)


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@dataclass
class CooperationMap:
    """A rendered map: ``html`` is the complete offline page.

    In a notebook it shows itself (an ``<iframe srcdoc>``); elsewhere :meth:`save` it.

    >>> import intlgraph
    >>> from intlgraph import maps, network
    >>> G = network.project(intlgraph.load(engine="oxigraph"), kinds=["membership"])
    >>> m = maps.cooperation_map(G, lang="ru", height="80vh")
    >>> m
    <CooperationMap 'Международное сотрудничество ФПРК': 63 nodes, 7 edges>
    >>> m.html.startswith("<!DOCTYPE html>"), m.height
    (True, '80vh')
    """

    html: str
    nodes: int
    edges: int
    title: str
    height: str = "720px"
    renderer: str = "vis-network"

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8) and return the path.

        >>> import intlgraph, tempfile
        >>> from pathlib import Path
        >>> from intlgraph import maps, network
        >>> m = maps.cooperation_map(network.project(intlgraph.load(engine="oxigraph")))
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = m.save(Path(tmp) / "map.html")
        ...     path.name, path.read_text(encoding="utf-8") == m.html
        ('map.html', True)
        """
        from intlgraph.output import atomic_write

        return atomic_write(path, self.html)

    @property
    def frame_height(self) -> int:
        """The height in pixels of a frame that shows the whole page: the drawing, the bar
        above it and the legend below it.

        >>> import networkx as nx
        >>> cooperation_map(nx.Graph([("a", "b")]), height="500px").frame_height
        750
        """
        pixels = re.fullmatch(r"(\d+)px", self.height)
        return int(pixels.group(1)) + 250 if pixels else 960

    def _repr_html_(self) -> str:
        """The page inside an ``<iframe srcdoc>``: shows in JupyterLab, Notebook, VS Code (under
        its notebook output CSP) and Colab-style sandboxed output frames; see
        ``docs/notebook-frontends.md``.

        >>> import networkx as nx
        >>> frame = cooperation_map(nx.Graph([("a", "b")]))._repr_html_()
        >>> frame.startswith('<iframe title="International cooperation" sandbox=')
        True
        """
        frame_height = self.frame_height
        return (
            f'<iframe title="{html.escape(self.title)}" sandbox="allow-scripts" '
            f'style="width: 100%; height: {frame_height}px; border: 1px solid #ddd" '
            f'srcdoc="{html.escape(self.html, quote=True)}"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<CooperationMap {self.title!r}: {self.nodes} nodes, {self.edges} edges>"


def layout(
    G: nx.Graph[Any], *, seed: int = 7, spacing: float = 60.0
) -> dict[Any, tuple[float, float]]:
    """Positions in pixels. Small graphs: a spring layout. Large ones: each Louvain
    community laid out on its own and the communities packed in rows (fast, and the groups
    stay visible).

    >>> import intlgraph
    >>> from intlgraph import maps, network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> pos = maps.layout(G)  # {node: (x, y)} in pixels, seeded: the same every time
    >>> sorted(pos) == sorted(G), pos == maps.layout(G)
    (True, True)
    """
    import networkx as nx

    if len(G) == 0:
        return {}
    if len(G) <= 400:
        scale = spacing * math.sqrt(len(G)) * 1.5
        pos = nx.spring_layout(G, seed=seed, scale=scale, k=1.5 / math.sqrt(len(G)))
        return {n: (float(x), float(y)) for n, (x, y) in pos.items()}
    groups = nx.community.louvain_communities(G, seed=seed, resolution=1.0)
    singles = [n for g in groups if len(g) == 1 for n in g]
    tiles = sorted((sorted(g, key=str) for g in groups if len(g) > 1), key=len, reverse=True)
    placed: list[tuple[dict[Any, tuple[float, float]], float]] = []
    for tile in tiles:
        side = spacing * math.sqrt(len(tile)) * 1.3
        sub: dict[Any, Any]
        # igraph's (C, with a grid) past 50 nodes: networkx's spring layout took 23 s CPU
        # for the 37 communities of 50-600 nodes of the 1M world's network, igraph 1.5 s
        if len(tile) > 50:
            sub = _big_layout(G.subgraph(tile), seed)
        else:
            sub = nx.spring_layout(
                G.subgraph(tile), seed=seed, iterations=40, center=(0.5, 0.5), scale=0.5
            )
        placed.append(({n: (float(x) * side, float(y) * side) for n, (x, y) in sub.items()}, side))
    if singles:  # isolated nodes in a grid of their own
        columns = max(1, math.ceil(math.sqrt(len(singles))))
        step = spacing * 0.8
        grid: dict[Any, tuple[float, float]] = {
            n: ((i % columns) * step, (i // columns) * step)
            for i, n in enumerate(sorted(singles, key=str))
        }
        placed.append((grid, columns * step))
    total = sum(side * side for _, side in placed)
    row_width = math.sqrt(total) * 1.25
    result: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for tile_pos, side in placed:
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height + spacing, 0.0
        for n, (px, py) in tile_pos.items():
            result[n] = (x + px, y + py)
        x += side + spacing
        row_height = max(row_height, side)
    return result


def _big_layout(G: nx.Graph[Any], seed: int) -> dict[Any, tuple[float, float]]:
    """Fruchterman–Reingold by igraph (C, grid-accelerated: linear time per iteration), its
    random start seeded, scaled into the unit square."""
    import random

    import igraph

    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    graph = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in G.edges() if a != b])
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = graph.layout_fruchterman_reingold(niter=200, grid=True).coords
    finally:
        igraph.set_random_number_generator(random)  # igraph's default
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    x0, y0 = min(xs), min(ys)
    span = max(max(xs) - x0, max(ys) - y0) or 1.0
    return {n: ((x - x0) / span, (y - y0) / span) for n, x, y in zip(nodes, xs, ys, strict=True)}


def cooperation_map(
    G: nx.Graph[Any],
    *,
    lang: str = "en",
    size_by: str = "degree",
    title: str | None = None,
    height: str | None = None,
    physics: bool | None = None,
    seed: int = 7,
    renderer: str = "auto",
) -> CooperationMap:
    """An interactive HTML map of ``G`` (as :func:`intlgraph.network.project` builds it).

    Colour and shape by organisation type, size by ``size_by`` (one of :data:`SIZE_BY`),
    edge colour by the main tie kind and dashes when every tie is only planned or sought; a
    legend, tooltips with each tie's kind, status, dates and source sections, labels in
    ``lang`` (``"en"`` or ``"ru"``), a search box, filters by type and tie kind, and a click
    that highlights a node's neighbourhood. Positions come from Python and physics is off
    unless ``physics=True``. Up to :data:`intlgraph.maps.labels.LIMIT` nodes the layout also
    decides node sizes, font sizes and label places (:mod:`intlgraph.maps.labels`): no label
    overlaps another at the default zoom, and organisations without a tie are drawn in a
    group of their own under a caption. ``height`` (a CSS length) defaults to the layout's
    own height. ``renderer``: ``"vis-network"`` (canvas), ``"webgl"``
    (sigma.js: draws tens of thousands of nodes; no physics, no edge tooltips) or ``"auto"``
    (WebGL above :data:`WEBGL_LIMIT` nodes).

    >>> import intlgraph
    >>> from intlgraph import maps, network
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> G = network.project(kg, as_of="2021-06-02", kinds=["membership"], isolates=False)
    >>> m = maps.cooperation_map(G, lang="ru", size_by="betweenness")
    >>> m.nodes, m.edges, '"label":"ФПРК"' in m.html
    (8, 7, True)
    >>> m.html.count('"dashes":true')  # FPRK–GCTU and FPRK–ITUC: sought, not held
    2
    """
    if lang not in UI:
        raise NetworkError(f"unknown language {lang!r}; choose from {', '.join(UI)}")
    if size_by not in SIZE_BY:
        raise NetworkError(f"cannot size by {size_by!r}; choose from {', '.join(SIZE_BY)}")
    words = dict(UI[lang])
    title = title if title is not None else default_title(G, lang)
    if height is not None and not re.fullmatch(r"\d+(\.\d+)?(px|vh|%|em|rem)", height):
        raise NetworkError(f"height {height!r}: expected a CSS length such as 720px or 80vh")
    if renderer not in RENDERERS:
        raise NetworkError(f"unknown renderer {renderer!r}; choose from {', '.join(RENDERERS)}")
    if renderer == "auto":
        renderer = "webgl" if len(G) > WEBGL_LIMIT else "vis-network"
    use_physics = bool(physics) and renderer == "vis-network"
    index = {node: i for i, node in enumerate(G)}
    sizes, margins, sample = node_measure(G, size_by, seed=seed)
    placed: labels.Placed | None = None
    if renderer == "vis-network" and not use_physics and 0 < len(G) <= labels.LIMIT:
        placed = labels.place(
            G,
            {node: display_label(data, lang, node, limit=200) for node, data in G.nodes(data=True)},
            sizes,
            caption=words["isolated"].format(n=sum(1 for n in G if G.degree(n) == 0)),
            seed=seed,
        )
        positions = placed.pos
    else:
        positions = layout(G, seed=seed) if len(G) > 0 else {}
    if height is None:
        if placed is not None:
            bounds = placed.bounds()
            height = f"{min(1600, max(420, round(bounds[3] - bounds[1]) + 40))}px"
        else:
            height = "720px"
    degrees = dict(G.degree())
    country_ids = {d.get("country", "") for _, d in G.nodes(data=True)} - {""}
    country_names = {c: full_label(G.nodes[c], lang, c) for c in country_ids if c in G}

    # What the first draw needs goes in "data"; names, tooltips and search in "details",
    # parsed on first use (a 5,000-node page parses a third of the JSON before drawing).
    nodes = []
    node_details: list[dict[str, Any]] = []
    tie_details: list[list[dict[str, Any]]] = []
    categories_used: dict[str, None] = {}
    for node, data in G.nodes(data=True):
        category = str(data.get("category") or "other")
        categories_used[category] = None
        x, y = positions.get(node, (0.0, 0.0))
        country = str(data.get("country") or "")
        drawn: dict[str, Any] = {"id": index[node], "cat": category}
        drawn.update(x=round(x, 2), y=round(y, 2))
        if placed is not None:  # size, font and label lines decided here
            drawn["label"] = "\n".join(placed.lines[node])
            drawn["size"] = placed.radius[node]
            drawn["fs"] = placed.font[node]
        else:
            drawn["label"] = display_label(data, lang, node)
        drawn["value"] = round(float(sizes.get(node, 0.0)), 6)
        nodes.append(drawn)
        node_details.append(
            {
                "short": display_label(data, lang, node, limit=60),
                "name": full_label(data, lang, node),
                "iri": str(node),
                "typeName": class_label(str(data["type"]), lang)
                if data.get("type")
                else name(category, lang),
                "country": country_names.get(country, country.rsplit("/", 1)[-1]),
                "degree": degrees[node],
                **({"margin": round(float(margins[node]), 6)} if margins is not None else {}),
            }
        )
    edges = []
    tie_index: dict[str, int] = {}  # each tie once: the page counts the ties it shows
    edge_colours: dict[str, str] = {}  # colours and shapes travel once, per kind / category
    kinds_used: dict[str, None] = {}
    for i, (a, b, data) in enumerate(G.edges(data=True)):
        kind = str(data.get("kind") or "activity")
        kinds = [str(k) for k in data.get("kinds", [kind])]
        for k in kinds:
            kinds_used[k] = None
        ties = data.get("ties", [])
        statuses = {t.get("status", "") for t in ties} - {""}
        planned = data.get("planned", bool(statuses) and statuses <= prospective_statuses())
        edge_colours[kind] = edge_colour(kind)
        # "kinds" only when not just [kind], "width" only when not 1: a third less to parse
        drawn_edge: dict[str, Any] = {"id": i, "from": index[a], "to": index[b], "kind": kind}
        if kinds != [kind]:
            drawn_edge["kinds"] = kinds
        drawn_edge["dashes"] = bool(planned)
        drawn_edge["t"] = [tie_index.setdefault(tie_key(a, b, t), len(tie_index)) for t in ties]
        width = round(1 + math.log(max(1, float(data.get("weight", 1)))) * 1.2, 2)
        if width != 1:
            drawn_edge["width"] = width
        edges.append(drawn_edge)
        tie_details.append(
            [
                {
                    "label": str(t.get("label", "")),
                    "kindName": name(str(t.get("kind", "")), lang),
                    "status": status_label(str(t.get("status", "")), lang),
                    "date": str(t.get("date", "")),
                    "as_of": str(t.get("as_of", "")),
                    "sources": [str(s) for s in t.get("source_labels", [])],
                }
                for t in ties
            ]
        )
    from intlgraph.network.projection import KINDS

    order = list(CATEGORY_STYLE)
    words["size_note"] = words["size_note"].format(size_by=name(size_by, lang))
    if margins is not None:
        spread = sorted(margins.values())
        words["size_note"] += ". " + words["sample_note"].format(
            measure=name(size_by, lang),
            k=f"{sample:,}",
            n=f"{len(G):,}",
            margin=f"{spread[-1]:.2g}",
            median=f"{spread[len(spread) // 2]:.2g}",
        )
    words.pop("sample_note")
    payload = {
        "title": title,
        "lang": lang,
        "physics": use_physics,
        "sample": sample,
        "large": len(G) > PHYSICS_LIMIT,
        "ui": words,
        "legend": {
            "categories": [
                {
                    "key": c,
                    "name": name(c, lang),
                    "color": node_style(c)[0],
                    "shape": node_style(c)[1],
                }
                for c in sorted(categories_used, key=lambda c: order.index(c) if c in order else 99)
            ],
            "kinds": [
                {"key": k, "name": name(k, lang), "color": edge_colour(k)}
                for k in sorted(kinds_used, key=lambda k: KINDS.index(k) if k in KINDS else 99)
            ],
        },
        "styles": {
            c: dict(zip(("color", "shape"), node_style(c), strict=True)) for c in categories_used
        },
        "edgeColors": edge_colours,
        "fontFace": labels.FONT_FACE,
        "placed": placed is not None,
        "view": list(placed.bounds()) if placed is not None else None,
        "caption": (
            {
                "text": placed.caption.text,
                "x": placed.caption.x,
                "y": placed.caption.y,
                "size": placed.caption.font,
            }
            if placed is not None and placed.caption is not None
            else None
        ),
        "ties": len(tie_index),
        "nodes": nodes,
        "edges": edges,
    }
    if renderer == "webgl":
        lib_note = "graphology and sigma.js (MIT, see intlgraph/static/map/README.md)"
        lib_css, lib_js, map_js = "", webgl_assets(), "map-webgl.js"
    else:
        lib_note = "vis-network (MIT or Apache-2.0, see the licence comment in the script below)"
        lib_js, lib_css = vis_assets()
        map_js = "map.js"
    values = {
        "lang": html.escape(lang),
        "title": html.escape(title),
        "height": height,
        "lib_note": lib_note,
        "lib_css": lib_css,
        "map_css": (_STATIC / "map.css").read_text(encoding="utf-8"),
        "data": _script_json(payload),
        "details": _script_json({"nodes": node_details, "ties": tie_details}),
        "lib_js": lib_js,
        "map_js": (_STATIC / map_js).read_text(encoding="utf-8"),
    }
    template = (_STATIC / "template.html").read_text(encoding="utf-8")
    page = _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
    return CooperationMap(
        html=page,
        nodes=len(nodes),
        edges=len(edges),
        title=title,
        height=height,
        renderer=renderer,
    )
