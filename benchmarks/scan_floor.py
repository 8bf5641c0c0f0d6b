"""The floor under every growth exponent: one triple pattern, scanned by raw pyoxigraph, warm
and cold, at each size.

A catalogue query cannot grow more slowly than the store's own scan of the triples it reads.
This times, on the bundled files plus the synthetic world (``generate.py``), an in-memory
``pyoxigraph.Store`` counting and listing one predicate's triples (``ig:party``: one per
party of a tie, the rows of network/tie-parties) and counting every triple, each ``--repeat``
times warm (one run after the other) and cold (each run after emptying the CPU caches,
:func:`run.cache_evictor`), and prints the growth exponents between neighbouring sizes.

    python benchmarks/scan_floor.py --sizes 100k,1m
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import run  # noqa: E402
import scale  # noqa: E402

IG = "PREFIX ig: <https://w3id.org/intlgraph/ont#>\n"
QUERIES = {
    "count every triple": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "count ig:party": IG + "SELECT (COUNT(*) AS ?n) WHERE { ?tie ig:party ?party }",
    "list ig:party": IG + "SELECT ?tie ?party WHERE { ?tie ig:party ?party }",
}


def cpu_median(call: Callable[[], object], repeat: int, before: Callable[[], None]) -> float:
    """The median CPU seconds of ``repeat`` calls, ``before()`` run (untimed) ahead of each."""
    call()
    times = []
    for _ in range(repeat):
        before()
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    evict = run.cache_evictor()
    sizes = [generate.size_name(generate.parse_size(s)) for s in args.sizes.split(",") if s]
    found: dict[tuple[str, str, str], float] = {}
    rows: dict[tuple[str, str], int] = {}
    triples: dict[str, int] = {}
    for size in sizes:
        if not generate.world_file(size).exists():
            generate.main(["--sizes", size])
        store = generate.raw_store([*generate.bundled_files(), generate.world_file(size)])
        triples[size] = len(store)
        for label, text in QUERIES.items():

            def call(text: str = text, store: Any = store) -> int:
                return sum(1 for _ in store.query(text))

            first = list(store.query(text))
            rows[size, label] = int(first[0][0].value) if label.startswith("count") else len(first)
            for mode, before in (("warm", lambda: None), ("cold", evict)):
                found[size, label, mode] = cpu_median(call, args.repeat, before)
    head = ["scan", "mode"] + [f"{s} (ms)" for s in sizes]
    pairs = list(itertools.pairwise(sizes))
    head += [f"growth {a}→{b}" for a, b in pairs] + [f"per row {a}→{b}" for a, b in pairs]
    print(run.machine())
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for label, mode in itertools.product(QUERIES, ("warm", "cold")):
        cells = [label + " (" + ", ".join(str(rows[s, label]) for s in sizes) + " rows)", mode]
        cells += [f"{found[s, label, mode] * 1000:.2f}" for s in sizes]
        growths = [
            scale.exponent((triples[a], found[a, label, mode]), (triples[b], found[b, label, mode]))
            for a, b in pairs
        ]
        answers = [
            scale.exponent((triples[a], rows[a, label]), (triples[b], rows[b, label]))
            for a, b in pairs
        ]
        cells += [f"n^{g:.2f}" if g is not None else "—" for g in growths]
        cells += [
            f"n^{g - r:.2f}" if g is not None and r is not None else "—"
            for g, r in zip(growths, answers, strict=True)
        ]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
