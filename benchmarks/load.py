"""A loopback load test of ``intlgraph serve``: mixed catalogue queries at a given concurrency.

Starts ``intlgraph serve`` as a subprocess on 127.0.0.1 (a free port), fetches the catalogue
(``/queries.json``: every named query, default parameters bound), then sends ``--requests``
queries drawn from it in a fixed order, ``--concurrency`` at a time, each on its own HTTP/1.1
connection. Prints throughput, p50/p99 latency, errors by status and the server's resident
memory (the server process plus its Oxigraph worker processes) before, after the first 1,000
requests and at the end.

    python benchmarks/load.py --engine memory --concurrency 8 --requests 2000
    python benchmarks/load.py --engine oxigraph --concurrency 32 --requests 2000
    python benchmarks/load.py --engine memory --concurrency 8 --requests 10000 --skip-slow

Nothing here runs in the test suite; the numbers go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children (the Oxigraph workers), in MB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def get(port: int, path: str, timeout: float = 120) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["memory", "oxigraph"], default="memory")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--max-running", type=int, default=8, help="the server's --max-running")
    parser.add_argument("--timeout", type=float, default=30, help="the server's --timeout")
    parser.add_argument(
        "--skip-slow",
        type=float,
        default=None,
        metavar="SECONDS",
        help="leave out catalogue queries slower than this (measured once before the run)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON line instead of text")
    args = parser.parse_args()

    port = free_port()
    command = [
        sys.executable,
        "-m",
        "intlgraph",
        "serve",
        "--engine",
        args.engine,
        "--port",
        str(port),
        "--max-running",
        str(args.max_running),
        "--timeout",
        str(args.timeout),
        "-q",
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, body = get(port, "/queries.json")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        catalogue = json.loads(body)
        paths = []
        for record in catalogue:
            path = "/sparql?" + urllib.parse.urlencode({"query": record["query"]})
            if args.skip_slow is not None:
                started = time.perf_counter()
                status, _ = get(port, path)
                if status != 200 or time.perf_counter() - started > args.skip_slow:
                    continue
            paths.append(path)
        rss_before = rss_mb(server.pid)
        latencies: list[float] = []
        statuses: Counter[int] = Counter()
        rss_at_1000: list[float] = []
        first_error: list[str] = []
        lock = threading.Lock()
        counter = iter(range(args.requests))

        def worker() -> None:
            for number in counter:
                path = paths[number % len(paths)]
                started = time.perf_counter()
                try:
                    status, body = get(port, path)
                except OSError:
                    status, body = 0, b""
                if status != 200 and not first_error:
                    first_error.append(f"{status} {body[:200]!r}")
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    statuses[status] += 1
                    if len(latencies) == 1000:
                        rss_at_1000.append(rss_mb(server.pid))

        started = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        rss_after = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies.sort()
    result = {
        "engine": args.engine,
        "concurrency": args.concurrency,
        "requests": args.requests,
        "queries": len(paths),
        "seconds": round(wall, 1),
        "throughput_per_s": round(args.requests / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
        "errors": {str(k): v for k, v in sorted(statuses.items()) if k != 200},
        "first_error": first_error[0] if first_error else None,
        "rss_before_mb": round(rss_before, 1),
        "rss_after_1000_mb": round(rss_at_1000[0], 1) if rss_at_1000 else None,
        "rss_after_mb": round(rss_after, 1),
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
