"""How long the cooperation map takes to build (Python) and to appear (headless Chromium).

Synthetic, seeded graphs shaped like the projected network (categories, tie kinds, tie
records) of N nodes are rendered with :func:`intlgraph.maps.cooperation_map`, then opened in
Debian's headless Chromium with the network off (``tests/browser.py``). "appears" is the time
from navigation start to vis-network's first drawn frame (``performance.now()`` at the first
``afterDrawing``); "ready" is the wall-clock time until the page reports it has drawn.

    python benchmarks/map_render.py                      # 300, 1000, 2000, 5000 nodes
    python benchmarks/map_render.py --sizes 5000 --repeat 3
    python benchmarks/map_render.py --sizes 1000 --physics   # force physics on (slow)

Prints a markdown table; nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import open_page

from intlgraph import maps

CATEGORIES = ["national-centre", "international-union-body", "branch-union", "unit", "ngo"]
KINDS = ["agreement", "membership", "cooperation", "training", "visit", "event"]
STATUSES = ["signed", "held", "planned", "sought"]


def synthetic(n: int, seed: int = 2021, m: int = 2) -> nx.Graph[Any]:
    """A clustered graph of ``n`` nodes (about ``m`` edges per node) with map attributes."""
    rng = random.Random(seed)
    G = nx.powerlaw_cluster_graph(n, m, 0.3, seed=seed)
    G = nx.relabel_nodes(G, {i: f"https://example.org/org/{i}" for i in G})
    for i, node in enumerate(G):
        G.nodes[node].update(
            label=f"Organisation {i}",
            label_en=f"Organisation {i}",
            short_en=f"O{i}",
            category=rng.choice(CATEGORIES),
            type="Synthetic",
        )
    for j, (a, b) in enumerate(G.edges()):
        kind = rng.choice(KINDS)
        status = rng.choice(STATUSES)
        tie = {
            "tie": f"https://example.org/tie/{j}",
            "label": f"Tie {j}",
            "kind": kind,
            "status": status,
            "date": "",
            "as_of": "2021-06-02",
            "source_labels": ["§2"],
        }
        G.edges[a, b].update(
            kind=kind,
            kinds=[kind],
            statuses=[status],
            planned=status in {"planned", "sought"},
            ties=[tie],
            weight=1,
        )
    return G


def measure(n: int, physics: bool | None, timeout: float) -> dict[str, float]:
    G = synthetic(n)
    started = time.perf_counter()
    page = maps.cooperation_map(G, physics=physics)
    build = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = page.save(Path(tmp) / "map.html")
        result = open_page(path, timeout=timeout, settle=0.0)
    if result.page_errors or result.console_errors or result.requests:
        raise RuntimeError(f"{n} nodes: {result}")
    return {
        "nodes": n,
        "edges": G.number_of_edges(),
        "build_s": build,
        "size_mb": len(page.html.encode()) / 1e6,
        "appears_s": float(result.values["firstDrawMs"]) / 1000,
        "ready_s": result.elapsed,
        "drawn": result.values["drawnNodes"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="300,1000,2000,5000")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--physics", action="store_true", help="force physics on")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    print("| nodes | edges | physics | Python build (s) | page (MB) | appears (s) | ready (s) |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        physics = True if args.physics else None
        runs = [measure(n, physics, args.timeout) for _ in range(args.repeat)]
        on = physics if physics is not None else n <= maps.PHYSICS_LIMIT
        assert all(r["drawn"] == n for r in runs)
        print(
            f"| {n} | {runs[0]['edges']} | {'on' if on else 'off (Python layout)'} "
            f"| {statistics.median(r['build_s'] for r in runs):.2f} "
            f"| {runs[0]['size_mb']:.1f} "
            f"| {statistics.median(r['appears_s'] for r in runs):.2f} "
            f"| {statistics.median(r['ready_s'] for r in runs):.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
