"""The map's first draw against a minimal vis-network page with the same positions (issue 20).

Builds the map of a synthetic N-node network (``map_render.synthetic``) and a minimal page:
vis-network alone, nodes ``{id, x, y}`` (``--labels``: and their label), edges
``{from, to}``, physics off, improvedLayout off. Both are opened in headless Chromium with
the network off; the page's cost is the main thread's CPU time (Chrome's ``ThreadTime``)
until vis-network's first ``afterDrawing`` — the wall time (``performance.now()`` then) is
also shown but on a shared machine it is mostly waiting for a core. Medians of ``--repeat``
alternating runs.

    python benchmarks/map_profile.py --nodes 5000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import CHROMEDRIVER, CHROMIUM
from map_render import synthetic

from intlgraph import maps
from intlgraph.maps.interactive import vis_assets

MINIMAL = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}</style>
<style>#n {{ width: 100%; height: 720px; }}</style></head><body><div id="n"></div>
<script>{js}</script><script>
window.intlgraphMap = {{drawn: false, nodes: 0, edges: 0, drawnNodes: 0, drawnEdges: 0}};
var data = {data};
var net = new vis.Network(document.getElementById("n"),
  {{nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges)}},
  {{physics: false, layout: {{improvedLayout: false}}, edges: {{smooth: false}}}});
net.on("afterDrawing", function () {{
  var s = window.intlgraphMap;
  if (!s.drawn) {{ s.drawn = true; s.firstDrawMs = performance.now();
    s.nodes = s.drawnNodes = net.body.nodeIndices.length;
    s.edges = s.drawnEdges = net.body.edgeIndices.length; }}
}});
</script></body></html>"""


def minimal(page: maps.CooperationMap, labels: bool) -> str:
    payload = json.loads(
        page.html.split('<script id="ig-data" type="application/json">', 1)[1].split(
            "</script>", 1
        )[0]
    )
    nodes = [
        {"id": n["id"], "x": n["x"], "y": n["y"], **({"label": n["label"]} if labels else {})}
        for n in payload["nodes"]
    ]
    edges = [{"from": e["from"], "to": e["to"]} for e in payload["edges"]]
    js, css = vis_assets()
    data = json.dumps({"nodes": nodes, "edges": edges}).replace("<", "\\u003c")
    return MINIMAL.format(css=css, js=js, data=data)


INTERACT = """
  var t0 = performance.now();
  var select = document.getElementById("ig-category");
  select.value = select.options[1].value; select.dispatchEvent(new Event("change"));
  var t1 = performance.now();
  select.value = ""; select.dispatchEvent(new Event("change"));
  var search = document.getElementById("ig-search");
  var t2 = performance.now();
  search.value = SEARCH; search.dispatchEvent(new Event("change"));
  var t3 = performance.now();
  return {filter_ms: t1 - t0, search_ms: t3 - t2, focus: window.intlgraphMap.focus};
"""


def interact(html: str, timeout: float, search: str) -> dict[str, float]:
    """Wall ms of a type filter and of a search for ``search`` (find, focus, highlight) after
    the first draw."""
    import json

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from browser import open_page

    script = INTERACT.replace("SEARCH", json.dumps(search))
    result = open_page(html, timeout=timeout, settle=0.5, read=script)
    if result.page_errors or result.console_errors:
        raise RuntimeError(str(result))
    return dict(result.values)


def first_draw(html: str, timeout: float) -> tuple[float, float]:
    """(wall ms to the first draw, main-thread CPU ms until then). The CPU time (Chrome's
    ``ThreadTime`` metric) is what the page costs: on a shared machine the wall time is
    mostly waiting for a core."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    workdir = Path(tempfile.mkdtemp(prefix="intlgraph-profile-"))
    path = workdir / "page.html"
    path.write_text(html, encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--proxy-server=127.0.0.1:9",
        f"--user-data-dir={workdir / 'profile'}",
        "--window-size=1400,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.execute_cdp_cmd("Performance.enable", {"timeDomain": "threadTicks"})
        driver.get(path.as_uri())
        deadline = time.perf_counter() + timeout
        while not driver.execute_script("return window.intlgraphMap && window.intlgraphMap.drawn"):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"not drawn after {timeout} s")
            time.sleep(0.05)
        wall = float(driver.execute_script("return window.intlgraphMap.firstDrawMs"))
        metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
        cpu = {m["name"]: m["value"] for m in metrics}.get("ThreadTime", float("nan")) * 1000
    finally:
        driver.quit()
        shutil.rmtree(workdir, ignore_errors=True)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--renderer", default="auto", choices=maps.RENDERERS)
    parser.add_argument("--edges-per-node", type=int, default=2, help="synthetic graph's m")
    parser.add_argument(
        "--network",
        type=Path,
        default=None,
        help="a pickled networkx graph instead of the synthetic one (e.g. the 1M projection "
        "cached by network_bench.py: benchmarks/data/network-1m.pickle)",
    )
    args = parser.parse_args()
    if args.network is not None:
        import pickle

        with args.network.open("rb") as f:
            G = pickle.load(f)
        args.nodes = len(G)
    else:
        G = synthetic(args.nodes, m=args.edges_per_node)
    started = time.perf_counter()
    page = maps.cooperation_map(G, renderer=args.renderer)
    print(f"Python: map built in {time.perf_counter() - started:.1f} s")
    if page.renderer == "webgl":  # no minimal vis-network page to compare with
        runs = [first_draw(page.html, args.timeout) for _ in range(args.repeat)]
        print(
            f"{args.nodes} nodes, {G.number_of_edges()} edges, renderer webgl, "
            f"{len(page.html.encode()) / 1e6:.1f} MB"
        )
        print(
            "first draw: wall ms",
            [round(w) for w, _ in runs],
            "main-thread CPU ms",
            [round(c) for _, c in runs],
        )
        hub = max(G, key=lambda v: (G.degree(v), str(v)))
        print("interaction:", interact(page.html, args.timeout, str(G.nodes[hub]["label"])))
        return
    pages: dict[str, str] = {
        "map": page.html,
        "minimal": minimal(page, labels=False),
        "minimal+labels": minimal(page, labels=True),
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in pages}
    for _ in range(args.repeat):
        for name, html in pages.items():
            runs[name].append(first_draw(html, args.timeout))
    cpu = {name: statistics.median(r[1] for r in runs[name]) for name in pages}
    wall = {name: statistics.median(r[0] for r in runs[name]) for name in pages}
    print(f"{args.nodes} nodes, {G.number_of_edges()} edges, renderer {page.renderer}")
    print(
        "| page | size (MB) | main-thread CPU to first draw (ms) | vs minimal "
        "| vs minimal+labels | wall (ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, html in pages.items():
        print(
            f"| {name} | {len(html.encode()) / 1e6:.1f} | {cpu[name]:.0f} "
            f"| {cpu[name] / cpu['minimal']:.2f}x | {cpu[name] / cpu['minimal+labels']:.2f}x "
            f"| {wall[name]:.0f} |"
        )


if __name__ == "__main__":
    main()
