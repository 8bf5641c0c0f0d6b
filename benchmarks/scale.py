"""Scaling benchmark (issue 18): every catalogue query at 100k and 1M triples (5M where memory
allows), on both engines beside raw pyoxigraph, with the growth exponent of each query.

For each size and engine, :func:`run.spawn` loads the bundled files plus the synthetic world
(``benchmarks/generate.py``) in its own ``nice``d subprocess and times every catalogue query
with its default parameters (queries that need a value get a few IRIs of the graph, see
:data:`SAMPLE_PARAMS`). A query over ``--timeout`` seconds is stopped (rdflib by a signal,
pyoxigraph — Rust, which no signal interrupts — by killing the worker and going on in a new
one), so one slow query cannot stall the run.

The growth exponent of a query is ``log(t_big / t_small) / log(n_big / n_small)`` between two
sizes (1.0 = linear in the triples); the growth of its number of rows is shown beside it (a
query whose answer grows faster than the graph cannot take less), and so is the growth of the
Oxigraph engine's time per answer row (the two exponents' difference: about 0 when the time
grows as the answer does). The verdict judges the time's own exponent; a missed growth target
names the per-row exponent beside it. It is a benchmark, not a
unit test: the exit status is 1 when a catalogue query on the Oxigraph engine

* grows faster than ``n^1.2`` between 100k and 1M triples (judged only when it takes at least
  ``--floor`` ms at 1M: below that, the fixed cost of a call hides the growth), or
* takes more than ``--limit`` seconds (default 2) at 1M, or timed out, or
* takes more than ``--max-overhead`` (1.2) times raw pyoxigraph on the engine's own store,
  timed in turn in the same worker (queries of at least ``--floor`` ms; separate workers see
  different loads on a shared machine, so their ratio is shown but not judged).

    python benchmarks/generate.py --sizes 100k,1m
    nice -n 10 python benchmarks/scale.py                       # 100k and 1M, three engines
    nice -n 10 python benchmarks/scale.py --engines raw-pyoxigraph,oxigraph --json after.json
    nice -n 10 python benchmarks/scale.py --sizes 100k,1m,5m --memory-at 100k
    nice -n 10 python benchmarks/scale.py --sizes 100k,1m,5m --memory-at 100k,1m --rounds 2

With ``--rounds 2`` the raw and Oxigraph workers run twice, every size in each round, and each
query keeps its faster round (both rounds' medians stay in the JSON as ``round_cpu_s``): on a
shared machine a whole worker can run 15-30 % slow, which one round cannot tell from the code.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import run  # noqa: E402

ENGINES = ("raw-pyoxigraph", "oxigraph", "memory")


def catalogue_globs() -> str:
    """Globs naming every catalogue group (the bench/ variants of run.py are left out)."""
    from intlgraph import named_queries

    groups = sorted({name.split("/", 1)[0] for name in named_queries.names()})
    return ",".join(f"{group}/*" for group in groups)


def exponent(small: tuple[int, float | None], big: tuple[int, float | None]) -> float | None:
    """The growth exponent between two (triples, seconds) points.

    >>> round(exponent((100_000, 0.01), (1_000_000, 0.1)), 2)
    1.0
    """
    (n1, t1), (n2, t2) = small, big
    if not t1 or not t2 or n1 <= 0 or n2 <= n1:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def seconds(results: dict[str, Any], size: str, engine: str, name: str) -> dict[str, Any]:
    entry: dict[str, Any] = dict(
        results.get(size, {}).get(engine, {}).get("queries", {}).get(name, {})
    )
    if run.CLOCK[0] == "cpu" and entry.get("median_cpu_s") is not None:
        entry["median_s"] = entry["median_cpu_s"]
    if str(entry.get("error", "")).endswith("Timeout"):
        entry["timed_out"] = True
    return entry


def best_of(earlier: dict[str, Any] | None, later: dict[str, Any]) -> dict[str, Any]:
    """Two rounds of one (size, engine) merged: per query, the round whose CPU median is the
    lower (a round that timed out or failed loses), with every round's median kept in
    ``round_cpu_s``. The load figures are the first round's.

    >>> a = {"queries": {"q": {"median_cpu_s": 2.0}, "r": {"median_cpu_s": None}}}
    >>> b = {"queries": {"q": {"median_cpu_s": 3.0}, "r": {"median_cpu_s": 1.0}}}
    >>> m = best_of(best_of(None, a), b)["queries"]
    >>> m["q"]["median_cpu_s"], m["q"]["round_cpu_s"], m["r"]["median_cpu_s"]
    (2.0, [2.0, 3.0], 1.0)
    """
    merged = dict(earlier or later)
    queries = dict((earlier or {}).get("queries", {}))
    for name, entry in later.get("queries", {}).items():
        before = queries.get(name, {})
        rounds = [*before.get("round_cpu_s", []), entry.get("median_cpu_s")]
        old, new = before.get("median_cpu_s"), entry.get("median_cpu_s")
        better = not before or (new is not None and (old is None or new < old))
        queries[name] = {**(entry if better else before), "round_cpu_s": rounds}
    merged["queries"] = queries
    return merged


def show(entry: dict[str, Any], timeout: float) -> str:
    if "skip" in entry:
        return "skip"
    if entry.get("error") and not entry.get("timed_out"):
        return "error"
    return run.ms(entry.get("median_s"), bool(entry.get("timed_out")), timeout)


def report(results: dict[str, Any], args: argparse.Namespace) -> tuple[str, list[str]]:
    """The markdown tables and the list of failures (query: reason)."""
    sizes = [s for s in args.sizes if s in results]
    triples = {
        s: next(
            (r.get("triples") for r in results[s].values() if r.get("triples")),
            generate.parse_size(s),
        )
        for s in sizes
    }
    lines = ["| engine | " + " | ".join(f"load {s} (s) / RSS (MB)" for s in sizes) + " |"]
    lines.append("|---|" + "---|" * len(sizes))
    for engine in args.engines:
        cells = []
        for s in sizes:
            r = results[s].get(engine)
            if not r or r.get("load_s") is None:
                cells.append("—")
            else:
                cells.append(f"{r['load_s']:.1f} / {r.get('rss_after_load_mb', 0):.0f}")
        lines.append(f"| {engine} | " + " | ".join(cells) + " |")
    lines.append("")
    names: list[str] = []
    for s in sizes:
        for engine in args.engines:
            for name in results[s].get(engine, {}).get("queries", {}):
                if name not in names and not name.startswith("bench/"):
                    names.append(name)
    pairs = list(itertools.pairwise(sizes))  # growth between neighbouring sizes
    small, big = _judged_sizes(sizes)
    at = big or sizes[-1]  # the size rows and ratios are shown at (the judged one)
    run_at = {e: [s for s in sizes if results[s].get(e, {}).get("queries")] for e in args.engines}
    head = ["query", "rows at " + at] + [f"rows growth {a}→{b}" for a, b in pairs]
    for engine in args.engines:
        head += [f"{engine} {s} (ms)" for s in run_at[engine]]
        head += [f"{engine} growth {a}→{b}" for a, b in pairs if {a, b} <= set(run_at[engine])]
    if "oxigraph" in args.engines:
        head += [f"oxigraph per answer row {a}→{b}" for a, b in pairs]
    head.append("oxigraph / raw at " + at)
    head.append("oxigraph / raw, same process (CPU), at " + at)
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    failures: list[str] = []

    def rows_at(size: str, name: str) -> Any:
        return next(
            (
                seconds(results, size, e, name).get("rows")
                for e in args.engines
                if seconds(results, size, e, name).get("rows") is not None
            ),
            None,
        )

    def growth(points: list[tuple[int, float | None]]) -> str:
        found = exponent(points[0], points[-1])
        return f"n^{found:.2f}" if found is not None else "—"

    for name in sorted(names):
        shown = rows_at(at, name)
        row = [name, str(shown) if shown is not None else "—"]
        row += [
            growth([(triples[a], rows_at(a, name)), (triples[b], rows_at(b, name))])
            for a, b in pairs
        ]
        for engine in args.engines:
            entries = {s: seconds(results, s, engine, name) for s in run_at[engine]}
            limit = args.memory_timeout if engine == "memory" else args.timeout
            row += [show(entries[s], limit) for s in run_at[engine]]
            for a, b in pairs:
                if {a, b} <= set(run_at[engine]):
                    row.append(
                        growth(
                            [
                                (triples[a], entries[a].get("median_s")),
                                (triples[b], entries[b].get("median_s")),
                            ]
                        )
                    )
        if "oxigraph" in args.engines:
            for a, b in pairs:
                per_row = per_row_exponent(results, name, a, b, triples)
                row.append(f"n^{per_row:.2f}" if per_row is not None else "—")
        ox = seconds(results, at, "oxigraph", name).get("median_s")
        raw = seconds(results, at, "raw-pyoxigraph", name).get("median_s")
        row.append(run.ratio(ox, raw))
        engine_run = seconds(results, at, "oxigraph", name)
        row.append(
            run.ratio(engine_run.get("median_cpu_s"), engine_run.get("raw_same_process_cpu_s"))
        )
        lines.append("| " + " | ".join(row) + " |")
        if "oxigraph" in args.engines and small and big:
            failures += _judge(results, name, small, big, triples, args)
    lines.append("")
    return "\n".join(lines), failures


def per_row_exponent(
    results: dict[str, Any], name: str, small: str, big: str, triples: dict[str, int]
) -> float | None:
    """The growth exponent of the Oxigraph engine's time per answer row between two sizes:
    the time's exponent less the rows' (0 when the time grows as the answer does; shown
    beside the time's own exponent, which the verdict judges).

    >>> r = {s: {"oxigraph": {"queries": {"q": {"median_s": t, "rows": n}}}}
    ...      for s, t, n in (("a", 0.01, 100), ("b", 0.2, 1000))}
    >>> round(per_row_exponent(r, "q", "a", "b", {"a": 100_000, "b": 1_000_000}), 2)
    0.3
    """
    first, last = seconds(results, small, "oxigraph", name), seconds(results, big, "oxigraph", name)
    rows = first.get("rows"), last.get("rows")
    if not rows[0] or not rows[1]:
        return None
    time_growth = exponent(
        (triples[small], first.get("median_s")), (triples[big], last.get("median_s"))
    )
    rows_growth = exponent((triples[small], rows[0]), (triples[big], rows[1]))
    if time_growth is None or rows_growth is None:
        return None
    return time_growth - rows_growth


def _judged_sizes(sizes: list[str]) -> tuple[str | None, str | None]:
    """The two sizes the growth target speaks of (100k and 1M), when both were run."""
    names = {generate.parse_size(s): s for s in sizes}
    return names.get(100_000), names.get(1_000_000)


def _judge(
    results: dict[str, Any],
    name: str,
    small: str,
    big: str,
    triples: dict[str, int],
    args: argparse.Namespace,
) -> list[str]:
    first = seconds(results, small, "oxigraph", name)
    last = seconds(results, big, "oxigraph", name)
    if "skip" in last or not last:
        return []
    if last.get("timed_out") or last.get("median_s") is None:
        reason = "timed out" if last.get("timed_out") else last.get("error", "no time")
        return [f"{name}: {reason} at {big} on oxigraph"]
    out = []
    took = float(last["median_s"])
    if took > args.limit:
        out.append(f"{name}: {took:.2f} s at {big} on oxigraph (limit {args.limit:g} s)")
    growth = exponent((triples[small], first.get("median_s")), (triples[big], took))
    if growth is not None and growth > args.max_growth and took * 1000 >= args.floor:
        per_row = per_row_exponent(results, name, small, big, triples)
        beside = f" (per answer row: n^{per_row:.2f})" if per_row is not None else ""
        out.append(f"{name}: grows as n^{growth:.2f} from {small} to {big} on oxigraph{beside}")
    engine_cpu, raw_cpu = last.get("median_cpu_s"), last.get("raw_same_process_cpu_s")
    overhead = engine_cpu / raw_cpu if engine_cpu and raw_cpu else 0.0
    if overhead > args.max_overhead and engine_cpu * 1000 >= args.floor:
        out.append(
            f"{name}: the oxigraph engine takes {overhead:.2f}× raw pyoxigraph at {big} "
            f"(same process; limit {args.max_overhead:g}×)"
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m", help="comma-separated: 100k,1m,5m")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument(
        "--memory-at",
        default="100k,1m",
        help="sizes at which the memory (rdflib) engine runs (it needs ~2 GB per 1M triples)",
    )
    parser.add_argument("--queries", default="", help="globs over query names (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the raw and Oxigraph workers this many times, all sizes each round, and "
        "keep each query's best round (a shared machine slows whole workers down)",
    )
    parser.add_argument("--timeout", type=float, default=20, help="seconds per query run")
    parser.add_argument("--memory-timeout", type=float, default=30, help="the same, rdflib")
    parser.add_argument("--budget", type=float, default=5, help="stop repeating after this")
    parser.add_argument("--limit", type=float, default=2.0, help="seconds allowed at 1M")
    parser.add_argument("--max-growth", type=float, default=1.2)
    parser.add_argument(
        "--max-overhead", type=float, default=1.2, help="engine / raw CPU, same process"
    )
    parser.add_argument(
        "--floor", type=float, default=10.0, help="ms at 1M below which growth is not judged"
    )
    parser.add_argument("--clock", choices=["wall", "cpu"], default="cpu")
    parser.add_argument("--json", type=Path, help="write the raw results here")
    parser.add_argument("--merge", default="", help="earlier --json files to report with")
    args = parser.parse_args(argv)
    run.CLOCK[0] = args.clock
    run.TIMEOUT[0] = args.timeout
    args.sizes = [generate.size_name(generate.parse_size(s)) for s in args.sizes.split(",") if s]
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    memory_at = {generate.size_name(generate.parse_size(s)) for s in args.memory_at.split(",") if s}
    results: dict[str, Any] = {}
    for earlier in filter(None, args.merge.split(",")):
        for size, engines in json.loads(Path(earlier).read_text(encoding="utf-8")).items():
            results.setdefault(size, {}).update(engines)
    to_run = [size for size in args.sizes if size not in results]
    if to_run:  # every engine runs one copy of the catalogue, whatever changes meanwhile
        from intlgraph import paths

        shutil.rmtree(run.SNAPSHOT, ignore_errors=True)
        shutil.copytree(paths.queries_dir(), run.SNAPSHOT)
    for round_, size in itertools.product(range(args.rounds), to_run):
        if not generate.world_file(size).exists():
            generate.main(["--sizes", size])
        for engine in args.engines:
            if engine == "memory" and (size not in memory_at or round_ > 0):
                continue
            timeout = args.memory_timeout if engine == "memory" else args.timeout
            worker_args = argparse.Namespace(
                queries=args.queries or catalogue_globs(),
                repeat=args.repeat,
                slow_repeat=1,
                timeout=timeout,
                budget=args.budget,
                slow_queries="",
            )
            print(f"{size} {engine} (round {round_ + 1}) ...", file=sys.stderr, flush=True)
            got = run.spawn(size, engine, worker_args)
            by_engine = results.setdefault(size, {})
            by_engine[engine] = best_of(by_engine.get(engine), got)
            if args.json:
                args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(run.machine())
    table, failures = report(results, args)
    print(table)
    if failures:
        print(f"{len(failures)} target(s) missed:")
        for failure in failures:
            print(f"- {failure}")
        return 1
    print("every catalogue query within the targets on oxigraph")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
