"""The map's layout with its labels: node positions, node sizes, font sizes and label boxes
decided in Python, so the page draws them as they are (no physics) and no label overlaps
another label or node.

Each node with its label below it is a block; a seeded spring layout places the linked
organisations, then overlapping blocks are pushed apart until none overlaps. Organisations
without a tie go into a group of their own below, under a caption. Label widths are
measured with the metrics of DejaVu Sans (shipped with matplotlib; as wide as the page's
fallback fonts), with a margin.

>>> import networkx as nx
>>> G = nx.star_graph(5)
>>> G.add_node(9)
>>> placed = place(G, {n: f"node {n}" for n in G}, {n: G.degree(n) for n in G},
...                caption="no tie")
>>> overlaps(placed)
[]
>>> placed.caption is not None and placed.caption.text
'no tie'
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "FONT",
    "FONT_FACE",
    "LIMIT",
    "Box",
    "Caption",
    "Placed",
    "overlaps",
    "place",
    "text_width",
    "wrap",
]

#: Graphs up to this many nodes get their labels placed in Python (larger ones: the renderer
#: shows labels by zoom).
LIMIT = 250
#: The labels' font size in pixels at the default zoom (the most central nodes get up to 3 px
#: more).
FONT = 13.0
#: The font the page draws labels with (the metrics here are DejaVu Sans').
FONT_FACE = "DejaVu Sans, Verdana, Arial, sans-serif"
#: Characters per label line before it wraps.
WRAP = 22
_GAP = 12.0  # between a node and its label's box (as vis-network draws it, measured)
_PAD = 5.0  # the least space between two blocks
_LINE = 1.0  # a label line's height, in font sizes (vis-network's)
_MARGIN = 1.08  # measured widths are widened by this much (other fonts, rounding)
_SQUEEZE = 3  # rounds of squeezing the layout together
_DENSITY = 0.8  # the first layout spreads the blocks over this many times their area
_ASPECT = 1.4  # and is this much wider than tall (labels are wide)


Box = tuple[float, float, float, float]


@dataclass
class Caption:
    """A group's caption: its text, font size and where it starts (left, top)."""

    text: str
    x: float
    y: float
    font: float
    box: Box


@dataclass
class Placed:
    """Where each node goes: centre, radius, font size, label lines and label box (pixels,
    the map's own coordinates); the bounding box of everything; the isolated group's
    caption."""

    pos: dict[Any, tuple[float, float]] = field(default_factory=dict)
    radius: dict[Any, float] = field(default_factory=dict)
    font: dict[Any, float] = field(default_factory=dict)
    lines: dict[Any, list[str]] = field(default_factory=dict)
    caption: Caption | None = None

    def label_box(self, node: Any) -> Box:
        """The box the node's label takes (left, top, right, bottom)."""
        x, y = self.pos[node]
        width, height = _text_size(self.lines[node], self.font[node])
        top = y + self.radius[node] + _GAP
        return (x - width / 2, top, x + width / 2, top + height)

    def node_box(self, node: Any) -> Box:
        """The box the node's shape takes."""
        x, y = self.pos[node]
        r = self.radius[node]
        return (x - r, y - r, x + r, y + r)

    def bounds(self) -> Box:
        """The box around every node, label and caption."""
        boxes = [self.node_box(n) for n in self.pos] + [self.label_box(n) for n in self.pos]
        if self.caption is not None:
            boxes.append(self.caption.box)
        if not boxes:
            return (0.0, 0.0, 0.0, 0.0)
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


@cache
def _font() -> Any:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    return FT2Font(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans")))


@cache
def text_width(text: str, size: float) -> float:
    """The width in pixels of ``text`` in DejaVu Sans at ``size`` px, widened by a margin.

    >>> round(text_width("ILO", 13.0)), text_width("ILO", 26.0) > 2 * text_width("ILO", 13.0)
    (21, True)
    """
    font = _font()
    font.set_size(size, 72)
    font.set_text(text, 0.0)
    width, _ = font.get_width_height()
    return float(width) / 64.0 * _MARGIN


def _text_size(lines: list[str], size: float) -> tuple[float, float]:
    width = max((text_width(line, size) for line in lines), default=0.0)
    return width, len(lines) * size * _LINE + 2.0


def wrap(text: str, width: int = WRAP) -> list[str]:
    """A label broken into lines of about ``width`` characters (never cut).

    >>> wrap("ILO")
    ['ILO']
    >>> wrap("International Labour Office, Geneva")
    ['International Labour', 'Office, Geneva']
    """
    text = " ".join(text.split())
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)


def _block(placed: Placed, node: Any) -> Box:
    """The node with its label, relative to the node's centre."""
    r = placed.radius[node]
    width, height = _text_size(placed.lines[node], placed.font[node])
    half = max(r, width / 2)
    return (-half, -r, half, r + _GAP + height)


def _separate(
    nodes: list[Any],
    pos: dict[Any, list[float]],
    blocks: dict[Any, Box],
    weight: dict[Any, float],
    rounds: int = 2000,
) -> bool:
    """Push overlapping blocks apart, each pair along the line between their centres (the
    drawing keeps its shape; the heavier node moves less); True when no two blocks
    overlap. Every round moves all overlapping pairs at once (numpy)."""
    import numpy as np

    n = len(nodes)
    if n < 2:
        return True
    xy = np.array([pos[v] for v in nodes], dtype=float)
    box = np.array([blocks[v] for v in nodes], dtype=float)
    w = np.array([weight[v] for v in nodes], dtype=float)
    share = w[None, :] / (w[:, None] + w[None, :])  # how much of a pair's move is i's
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    done = False
    for _ in range(rounds):
        left, top = xy[:, 0] + box[:, 0], xy[:, 1] + box[:, 1]
        right, bottom = xy[:, 0] + box[:, 2], xy[:, 1] + box[:, 3]
        dx = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
        dy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :])
        dx += _PAD
        dy += _PAD
        hit = (dx > 0) & (dy > 0) & upper
        if not hit.any():
            done = True
            break
        i, j = np.nonzero(hit)
        cx, cy = (left + right) / 2, (top + bottom) / 2
        vx, vy = cx[j] - cx[i], cy[j] - cy[i]
        norm = np.hypot(vx, vy)
        flat = norm < 1e-6
        vx[flat], vy[flat], norm[flat] = 1.0, 0.0, 1.0
        vx, vy = vx / norm, vy / norm
        with np.errstate(divide="ignore"):
            need = np.minimum(
                np.where(np.abs(vx) > 1e-6, dx[i, j] / np.abs(vx), np.inf),
                np.where(np.abs(vy) > 1e-6, dy[i, j] / np.abs(vy), np.inf),
            )
        step = (np.minimum(need, 40.0) + 0.5) / 2  # half now: several pairs may push a node
        move = np.zeros_like(xy)
        a, b = share[i, j], 1 - share[i, j]
        np.add.at(move, i, -np.stack([vx * step * a, vy * step * a], axis=1))
        np.add.at(move, j, np.stack([vx * step * b, vy * step * b], axis=1))
        xy += move
    for k, v in enumerate(nodes):
        pos[v][0], pos[v][1] = float(xy[k, 0]), float(xy[k, 1])
    return done


def place(
    G: nx.Graph[Any],
    texts: dict[Any, str],
    values: dict[Any, float],
    *,
    caption: str | None = None,
    seed: int = 7,
) -> Placed:
    """Positions, sizes and labels for ``G``: ``texts`` are the labels, ``values`` the size
    measure (radius 7–24 px, font :data:`FONT` to ``FONT + 3`` px by it). Nodes without a
    tie go into a grid below the others, under ``caption`` (when given)."""
    import networkx as nx

    placed = Placed()
    if len(G) == 0:
        return placed
    low, high = min(values.values(), default=0.0), max(values.values(), default=0.0)
    spread = (high - low) or 1.0
    for node in G:
        share = (float(values.get(node, low)) - low) / spread
        placed.radius[node] = round(7.0 + 17.0 * math.sqrt(share), 1)
        placed.font[node] = round(FONT + 3.0 * share, 1)
        placed.lines[node] = wrap(texts.get(node, str(node)))
    linked = [n for n in G if G.degree(n) > 0]
    alone = sorted((n for n in G if G.degree(n) == 0), key=lambda n: texts.get(n, str(n)))
    blocks = {n: _block(placed, n) for n in G}
    left = 0.0
    right = 0.0
    bottom = -40.0
    if linked:
        area = sum(
            (blocks[n][2] - blocks[n][0] + _PAD) * (blocks[n][3] - blocks[n][1] + _PAD)
            for n in linked
        )
        side = math.sqrt(area * _DENSITY)
        sub = G.subgraph(linked)
        raw = nx.spring_layout(sub, seed=seed, k=1.6 / math.sqrt(len(sub)), iterations=200)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        w = (max(xs) - min(xs)) or 1.0
        h = (max(ys) - min(ys)) or 1.0
        pos = {
            n: [(x - min(xs)) / w * side * _ASPECT, (y - min(ys)) / h * side / _ASPECT]
            for n, (x, y) in raw.items()
        }
        order = sorted(linked, key=lambda n: (-G.degree(n), str(n)))
        weight = {n: float(G.degree(n)) for n in linked}
        _separate(order, pos, blocks, weight)
        for _ in range(_SQUEEZE):  # pull the blocks together, push them apart again
            cx = sum(p[0] for p in pos.values()) / len(pos)
            cy = sum(p[1] for p in pos.values()) / len(pos)
            for p in pos.values():
                p[0] = cx + (p[0] - cx) * 0.9
                p[1] = cy + (p[1] - cy) * 0.82
            _separate(order, pos, blocks, weight)
        for n, (x, y) in pos.items():
            placed.pos[n] = (round(x, 1), round(y, 1))
        left, _, right, bottom = placed.bounds()
    if alone:
        width = max(right - left, 640.0)
        y = bottom + 36.0
        if caption:
            size = FONT + 1.0
            text_w = text_width(caption, size)
            placed.caption = Caption(
                caption, round(left, 1), round(y, 1), size, (left, y, left + text_w, y + size + 2)
            )
            y += size + 16.0
        cell = max(blocks[n][2] - blocks[n][0] for n in alone) + 2 * _PAD
        height = max(blocks[n][3] - blocks[n][1] for n in alone) + 2 * _PAD
        columns = max(1, int(width // cell))
        for i, n in enumerate(alone):
            row, column = divmod(i, columns)
            x = left + column * cell + cell / 2
            placed.pos[n] = (round(x, 1), round(y + row * height - blocks[n][1], 1))
    return placed


def _meet(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlaps(placed: Placed) -> list[tuple[Any, Any]]:
    """The pairs of nodes whose label boxes overlap each other or the other's shape (none
    when :func:`place` succeeded)."""
    nodes = list(placed.pos)
    found = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            la, lb = placed.label_box(a), placed.label_box(b)
            if _meet(la, lb) or _meet(la, placed.node_box(b)) or _meet(lb, placed.node_box(a)):
                found.append((a, b))
    return found
