"""The network measures and the map at world scale (issue 20): times, peak memory and, for
every sampled measure, its error against the exact values.

The cooperation network is projected once from the generated 1M-triple world
(``benchmarks/generate.py --sizes 1m``) and cached in ``benchmarks/data/network-1m.pickle``
(git-ignored). Each stage then runs in its own ``nice``d subprocess so that ``ru_maxrss`` is
that stage's peak memory.

    python benchmarks/network_bench.py project               # project + cache (once)
    python benchmarks/network_bench.py stages --sizes 2000,5000,full
    python benchmarks/network_bench.py errors --sizes 2000,5000 --sample 500
    python benchmarks/network_bench.py stages --sizes full --stages betweenness,closeness,\
        most-connected,igraph-betweenness,igraph-closeness,rustworkx-betweenness,\
        rustworkx-closeness,networkit-betweenness,networkit-closeness
    python benchmarks/network_bench.py shacl [--engine oxigraph]   # SHACL at 1M; exit 1
                                                 # when the generated world does not conform

Subgraphs of N nodes: the first N nodes of a breadth-first search from the node of highest
degree (the induced subgraph), so they stay connected like the whole network. Prints
markdown; nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import networkx as nx

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
CACHE = DATA / "network-1m.pickle"
WORLD = DATA / "world-1m.ttl"
SYNTHETIC = "--synthetic" in sys.argv


def project() -> None:
    import intlgraph
    from intlgraph import network

    started = time.perf_counter()
    kg = intlgraph.load(engine="oxigraph", extra=[WORLD])
    loaded = time.perf_counter()
    G = network.project(kg)
    done = time.perf_counter()
    tmp = CACHE.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(G, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(CACHE)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"load {loaded - started:.1f} s, project {done - loaded:.1f} s: "
        f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges; peak RSS {peak:.0f} MB"
    )


def shacl(engine: str) -> int:
    """Validate the 1M world against the bundled shapes: load and validation CPU time, peak
    RSS and the findings; the generator must make data that conforms (exit 1 if not)."""
    import intlgraph

    cpu, wall = time.process_time(), time.perf_counter()
    kg = intlgraph.load(engine=engine, extra=[WORLD])
    load_cpu, load_wall = time.process_time() - cpu, time.perf_counter() - wall
    cpu, wall = time.process_time(), time.perf_counter()
    report = kg.validate()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(kg)} triples ({engine}): load {load_cpu:.1f} s CPU ({load_wall:.1f} s wall); "
        f"validate {time.process_time() - cpu:.1f} s CPU ({time.perf_counter() - wall:.1f} s "
        f"wall); peak RSS {peak:.0f} MB; {len(report.results)} findings"
    )
    if not report.conforms:
        print(str(report)[:3000])
    return 0 if report.conforms else 1


def network_of(size: str) -> nx.Graph[Any]:
    G: nx.Graph[Any]
    if SYNTHETIC:  # a clustered power-law graph as large as the 1M projection (16,630 nodes)
        cached = DATA / "network-synthetic.pickle"
        if cached.is_file():
            with cached.open("rb") as f:
                G = pickle.load(f)
        else:
            sys.path.insert(0, str(HERE))
            from map_render import synthetic

            G = synthetic(16630, m=3)
            with cached.with_suffix(".tmp").open("wb") as f:
                pickle.dump(G, f, protocol=pickle.HIGHEST_PROTOCOL)
            cached.with_suffix(".tmp").replace(cached)
    else:
        with CACHE.open("rb") as f:
            G = pickle.load(f)
    if size == "full":
        return G
    n = int(size)
    start = max(G, key=lambda v: (G.degree(v), str(v)))
    keep = [start]
    for _, v in nx.bfs_edges(G, start):
        keep.append(v)
        if len(keep) >= n:
            break
    return G.subgraph(keep).copy()


def stage(name: str, size: str, sample: int) -> dict[str, Any]:
    """One measure on one network; returns its time and this process's peak RSS."""
    from intlgraph import maps, network
    from intlgraph.network import measures

    G = network_of(size)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    cpu_started = time.process_time()
    extra: dict[str, Any] = {}
    if name == "betweenness":
        measures._betweenness(G)
    elif name == "betweenness-sampled":
        measures._sampled_betweenness(G, sample, 42)
    elif name == "closeness":
        measures._closeness(G)
    elif name == "closeness-sampled":
        measures._sampled_closeness(G, sample, 42)
    elif name == "eigenvector":
        measures._eigenvector(G)
    elif name == "brokerage":
        network.brokerage(G)
    elif name == "communities":
        network.communities(G)
    elif name == "metrics":
        network.metrics(G)
    elif name == "most-connected":  # what the report computes
        network.most_connected(G, 12)
    elif name.split("-")[0] in ("igraph", "rustworkx", "networkit"):
        library(name, G)  # a library's own exact measure, every source, for comparison
    elif name == "metrics-auto":
        extra["sample"] = network.metrics(G, sample="auto").attrs["sample"]
    elif name == "layout":
        maps.layout(G)
    elif name == "map":
        page = maps.cooperation_map(G)
        extra["mb"] = round(len(page.html.encode()) / 1e6, 1)
        extra["renderer"] = page.renderer
    else:
        raise SystemExit(f"unknown stage {name}")
    seconds = time.perf_counter() - started
    extra["cpu_s"] = round(time.process_time() - cpu_started, 2)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "stage": name,
        "size": size,
        "nodes": len(G),
        "edges": G.number_of_edges(),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak),
        "base_mb": round(base),
        **extra,
    }


def library(name: str, G: nx.Graph[Any]) -> None:
    """``LIBRARY-MEASURE``: one library's exact betweenness or closeness on ``G``, every node
    a source (no twin classes, no fresh thread). rustworkx and networkit are not dependencies
    of intlgraph: ``pip install rustworkx networkit`` to run theirs."""
    lib, measure = name.split("-", 1)
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[a], index[b]) for a, b in G.edges() if a != b]
    if lib == "igraph":
        import igraph

        graph = igraph.Graph(n=len(nodes), edges=edges)
        graph.betweenness() if measure == "betweenness" else graph.closeness()
    elif lib == "rustworkx":
        import rustworkx as rx

        rgraph = rx.PyGraph()
        rgraph.add_nodes_from(range(len(nodes)))
        rgraph.add_edges_from_no_data(edges)
        if measure == "betweenness":
            rx.betweenness_centrality(rgraph, normalized=False)
        else:
            rx.closeness_centrality(rgraph)
    else:
        import networkit as nk

        kgraph = nk.Graph(len(nodes))
        for a, b in edges:
            kgraph.addEdge(a, b)
        algorithm = (
            nk.centrality.Betweenness(kgraph, normalized=False)
            if measure == "betweenness"
            else nk.centrality.Closeness(kgraph, False, nk.centrality.ClosenessVariant.GENERALIZED)
        )
        algorithm.run()


def errors(size: str, sample: int, seed: int) -> dict[str, Any]:
    """Sampled betweenness and closeness against exact on one network."""
    from scipy.stats import spearmanr

    from intlgraph.network import measures

    G = network_of(size)
    out: dict[str, Any] = {"size": size, "nodes": len(G), "sample": sample}
    for name, exact_fn, sampled_fn in (
        ("betweenness", measures._betweenness, measures._sampled_betweenness),
        ("closeness", measures._closeness, measures._sampled_closeness),
    ):
        exact = exact_fn(G)
        est, margin = sampled_fn(G, sample, seed)
        nodes = list(G)
        top = sorted(nodes, key=lambda v: -exact[v])[:10]
        top_est = sorted(nodes, key=lambda v: -est[v])[:10]
        rel = [abs(est[v] - exact[v]) / exact[v] for v in top if exact[v] > 0]
        rho = spearmanr([exact[v] for v in nodes], [est[v] for v in nodes]).statistic
        out[name] = {
            "max_abs_error": max(abs(est[v] - exact[v]) for v in nodes),
            "top10_max_rel_error": max(rel) if rel else 0.0,
            "top10_overlap": len(set(top) & set(top_est)),
            "spearman": float(rho),
            "within_margin_top10": sum(abs(est[v] - exact[v]) <= margin[v] for v in top),
            "within_margin_all": sum(abs(est[v] - exact[v]) <= margin[v] for v in nodes)
            / len(nodes),
        }
    return out


def run_child(args: list[str], timeout: float) -> dict[str, Any] | None:
    cmd = ["nice", "-n", "10", sys.executable, __file__, "child", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["project", "stages", "errors", "child", "shacl"])
    parser.add_argument("rest", nargs="*")
    parser.add_argument("--sizes", default="2000,5000,full")
    parser.add_argument(
        "--stages",
        default="betweenness,betweenness-sampled,closeness,"
        "closeness-sampled,eigenvector,brokerage,communities,layout,map",
    )
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--engine", default="memory", help="for shacl: memory or oxigraph")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument(
        "--synthetic", action="store_true", help="a synthetic 16,630-node graph, not the cache"
    )
    args = parser.parse_args()
    if args.command == "shacl":
        raise SystemExit(shacl(args.engine))
    if args.command == "project":
        project()
    elif args.command == "child":
        kind, *rest = args.rest
        if kind == "stage":
            print(json.dumps(stage(rest[0], rest[1], args.sample)))
        else:
            print(json.dumps(errors(rest[0], args.sample, args.seed)))
    elif args.command == "stages":
        print("| stage | nodes | edges | time (s) | peak RSS (MB) | RSS before (MB) | note |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for size in args.sizes.split(","):
            for name in args.stages.split(","):
                extra = ["--synthetic"] if SYNTHETIC else []
                r = run_child(
                    ["stage", name, size, "--sample", str(args.sample), *extra], args.timeout
                )
                if r is None:
                    print(
                        f"| {name} | {size} | | >{args.timeout:.0f} or failed | | | |", flush=True
                    )
                    continue
                note = ", ".join(
                    f"{k} {r[k]}" for k in ("cpu_s", "sample", "mb", "renderer") if k in r
                )
                print(
                    f"| {name} | {r['nodes']} | {r['edges']} | {r['seconds']} "
                    f"| {r['peak_mb']} | {r['base_mb']} | {note} |",
                    flush=True,
                )
    else:
        for size in args.sizes.split(","):
            extra = ["--synthetic"] if SYNTHETIC else []
            r = run_child(
                ["errors", size, "--sample", str(args.sample), "--seed", str(args.seed), *extra],
                args.timeout,
            )
            print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
