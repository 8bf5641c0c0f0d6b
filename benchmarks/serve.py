"""Timings of ``intlgraph serve``: request latency per engine, and what a runaway query does.

Starts an in-process server per engine on a free port and measures, with a plain HTTP client:

* the latency of a competency query (cq07) in each result format (median of N requests);
* a query over the time limit: when the 503 arrives, whether a quick query is answered while
  the runaway is still going, and how long until the runaway is gone (its slot is free).

    python benchmarks/serve.py --repeat 20 --timeout 1
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import intlgraph
from intlgraph import paths
from intlgraph.server import IntlgraphServer, Settings, make_server

FORMATS = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
RUNAWAY = {
    # rdflib: a 24k x 24k cartesian product, hours in pure Python; interrupted at the limit
    "memory": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
    # Oxigraph: 3 x 8.7 million rows inside one COUNT, a few seconds in native code
    "oxigraph": "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?c . ?d a ?f . VALUES ?k { 1 2 3 } }",
}


def request(server: IntlgraphServer, query: str, accept: str) -> tuple[int, float]:
    url = server.url + "sparql?" + urllib.parse.urlencode({"query": query})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept})) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=1.0)
    args = parser.parse_args()
    cq07 = (paths.queries_dir() / "cq" / "cq07.rq").read_text(encoding="utf-8")
    for engine in ("memory", "oxigraph"):
        kg = intlgraph.load(engine=engine)
        settings = Settings(timeout=args.timeout, access_log=False)
        server = make_server(kg, port=0, settings=settings)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"== {engine}: {len(kg)} triples")
        for accept in FORMATS:
            times = [request(server, cq07, accept)[1] for _ in range(args.repeat)]
            print(f"  cq07 {accept:<34} median {statistics.median(times) * 1000:6.1f} ms")
        started = time.perf_counter()
        status, elapsed = request(server, RUNAWAY[engine], FORMATS[0])
        print(f"  runaway: {status} after {elapsed:.2f} s (limit {args.timeout:g} s)")
        status, quick = request(server, "ASK { ?s ?p ?o }", FORMATS[0])
        print(
            f"  meanwhile ASK: {status} in {quick * 1000:.0f} ms, running={server.runner.running()}"
        )
        while server.runner.running():
            time.sleep(0.01)
        print(f"  runaway gone {time.perf_counter() - started - elapsed:.2f} s after the 503")
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
