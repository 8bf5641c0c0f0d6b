"""Whole-process time of ``intlgraph query cq/cq07`` against ``intlgraph --help`` (issue 18).

Both commands run as fresh processes, alternating, ``--runs`` times each, after one warm-up
run that builds the cached store and remembers the guard's verdict (in a temporary cache
folder, ``INTLGRAPH_CACHE_DIR``). Prints the median wall time and the median CPU time (user
+ system of the child) of each and their ratios; exits 1 when the query's median wall time
is more than ``--limit`` (2) times the help's — a benchmark, not a unit test.

    python benchmarks/cli_warm.py --runs 20
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

COMMANDS = {
    "help": ["--help"],
    "query": ["query", "cq/cq07", "-q"],
}


def run_once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one ``python -m intlgraph ARGS`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "intlgraph", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--limit", type=float, default=2.0)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "INTLGRAPH_CACHE_DIR": cache}
        env.pop("INTLGRAPH_CACHE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
        for args in COMMANDS.values():  # warm-up: store built, verdict remembered, .pyc
            run_once(args, env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
        for _ in range(options.runs):
            for name, args in COMMANDS.items():
                times[name].append(run_once(args, env))
        assert any(Path(cache).iterdir()), "the query did not use the cache"
    wall = {name: statistics.median(w for w, _ in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(c for _, c in runs) for name, runs in times.items()}
    for name in COMMANDS:
        print(
            f"{name:6} wall median {wall[name] * 1000:6.0f} ms "
            f"(min {min(w for w, _ in times[name]) * 1000:.0f})  "
            f"cpu median {cpu[name] * 1000:6.0f} ms"
        )
    ratio = wall["query"] / wall["help"]
    print(f"query / help: wall {ratio:.2f}x, cpu {cpu['query'] / cpu['help']:.2f}x")
    return 0 if ratio <= options.limit else 1


if __name__ == "__main__":
    sys.exit(main())
