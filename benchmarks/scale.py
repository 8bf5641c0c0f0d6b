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

* grows faster than ``n^1.2`` between 100k and 1M triples in its cold runs (judged only when
  it takes at least ``--floor`` ms at 1M: below that, the fixed cost of a call hides the
  growth), or
* takes more than ``--limit`` seconds (default 2) at 1M, warm or cold, or timed out, or
* takes more than ``--max-overhead`` (1.2) times raw pyoxigraph on the engine's own store,
  timed in turn in the same worker (queries of at least ``--floor`` ms; separate workers see
  different loads on a shared machine, so their ratio is shown but not judged).

    python benchmarks/generate.py --sizes 100k,1m
    nice -n 10 python benchmarks/scale.py                       # 100k and 1M, three engines
    nice -n 10 python benchmarks/scale.py --engines raw-pyoxigraph,oxigraph --json after.json
    nice -n 10 python benchmarks/scale.py --sizes 100k,1m,5m --memory-at 100k
    nice -n 10 python benchmarks/scale.py --sizes 100k,1m,5m --memory-at 100k,1m --rounds 2

Both Oxigraph engines time every query twice over: warm (``--repeat`` runs, one after the
other) and cold (as many runs again, each after reading a buffer four times the CPU's
last-level cache, :func:`run.cache_evictor`). Warm repeats at 100k find the query's index range
and terms still in the 32 MB L3; at 1M they no longer fit, so the warm exponent measures the
cache as much as the query (a one-pattern ``COUNT(*)`` grows n^1.41 warm, n^1.10 cold:
``benchmarks/scan_floor.py``). Both tables are printed; growth is judged on the cold one, and
the warm exponents over the target are listed beside it. ``--cold-at`` names the sizes with
cold runs (100k and 1M, the judged ones; ``--cold-at ''`` for none: growth is then judged warm).

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

from intlgraph.output import atomic_write  # noqa: E402

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


def seconds(
    results: dict[str, Any], size: str, engine: str, name: str, cold: bool = False
) -> dict[str, Any]:
    """One query's entry, its ``median_s`` the time the report shows: CPU or wall (``--clock``),
    of the warm runs or, with ``cold``, of the runs after emptying the caches (``None`` when
    the worker made none)."""
    entry: dict[str, Any] = dict(
        results.get(size, {}).get(engine, {}).get("queries", {}).get(name, {})
    )
    if cold and entry:
        clock = "cold_median_cpu_s" if run.CLOCK[0] == "cpu" else "cold_median_s"
        entry["median_s"] = entry.get(clock)
        entry.pop("timed_out", None)  # cold runs are made only when every warm run finished
        return entry
    if run.CLOCK[0] == "cpu" and entry.get("median_cpu_s") is not None:
        entry["median_s"] = entry["median_cpu_s"]
    if str(entry.get("error", "")).endswith("Timeout"):
        entry["timed_out"] = True
    return entry


def best_of(earlier: dict[str, Any] | None, later: dict[str, Any]) -> dict[str, Any]:
    """Two rounds of one (size, engine) merged: per query, the round whose CPU median is the
    lower (a round that timed out or failed loses), with every round's median kept in
    ``round_cpu_s``; the cold medians are chosen the same way on their own. The load figures
    are the first round's.

    >>> a = {"queries": {"q": {"median_cpu_s": 2.0, "cold_median_cpu_s": 4.0},
    ...                  "r": {"median_cpu_s": None}}}
    >>> b = {"queries": {"q": {"median_cpu_s": 3.0, "cold_median_cpu_s": 3.5},
    ...                  "r": {"median_cpu_s": 1.0}}}
    >>> m = best_of(best_of(None, a), b)["queries"]
    >>> m["q"]["median_cpu_s"], m["q"]["round_cpu_s"], m["r"]["median_cpu_s"]
    (2.0, [2.0, 3.0], 1.0)
    >>> m["q"]["cold_median_cpu_s"], m["q"]["round_cold_cpu_s"]
    (3.5, [4.0, 3.5])
    """
    merged = dict(earlier or later)
    queries = dict((earlier or {}).get("queries", {}))
    for name, entry in later.get("queries", {}).items():
        before = queries.get(name, {})
        rounds = [*before.get("round_cpu_s", []), entry.get("median_cpu_s")]
        old, new = before.get("median_cpu_s"), entry.get("median_cpu_s")
        better = not before or (new is not None and (old is None or new < old))
        chosen = {**(entry if better else before), "round_cpu_s": rounds}
        colds = [*before.get("round_cold_cpu_s", []), entry.get("cold_median_cpu_s")]
        candidates = [e for e in (before, entry) if e.get("cold_median_cpu_s") is not None]
        if candidates:
            coldest = min(candidates, key=lambda e: e["cold_median_cpu_s"])
            chosen["cold_median_s"] = coldest.get("cold_median_s")
            chosen["cold_median_cpu_s"] = coldest["cold_median_cpu_s"]
            chosen["round_cold_cpu_s"] = colds
        queries[name] = chosen
    merged["queries"] = queries
    return merged


def show(entry: dict[str, Any], timeout: float) -> str:
    if "skip" in entry:
        return "skip"
    if entry.get("error") and not entry.get("timed_out"):
        return "error"
    return run.ms(entry.get("median_s"), bool(entry.get("timed_out")), timeout)


def report(results: dict[str, Any], args: argparse.Namespace) -> tuple[str, list[str]]:
    """The markdown tables (loads; queries, warm; queries, cold where the workers made cold
    runs) and the list of failures (query: reason)."""
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
    names.sort()
    lines.append("Warm: the median of the repeated runs, one after the other.")
    lines.append("")
    lines += query_table(results, args, sizes, triples, names, cold=False)
    has_cold = _has_cold(results, sizes, args.engines, names)
    if has_cold:
        lines.append("")
        lines.append(
            "Cold: the median of as many runs again, each after emptying the CPU caches "
            "(`run.cache_evictor`); growth is judged on these."
        )
        lines.append("")
        lines += query_table(results, args, sizes, triples, names, cold=True)
    failures: list[str] = []
    small, big = _judged_sizes(sizes)
    if "oxigraph" in args.engines and small and big:
        cold = all(_has_cold(results, [s], ["oxigraph"], names) for s in (small, big))
        for name in names:
            failures += _judge(results, name, small, big, triples, args, cold=cold)
        if cold:
            lines += _warm_growth_notes(results, names, small, big, triples, args)
    lines.append("")
    return "\n".join(lines), failures


def _has_cold(
    results: dict[str, Any], sizes: list[str], engines: list[str], names: list[str]
) -> bool:
    """Whether any of ``names`` has cold runs at any of ``sizes`` on any of ``engines``."""
    return any(
        seconds(results, s, e, n, cold=True).get("median_s") is not None
        for s in sizes
        for e in engines
        for n in names
    )


def _warm_growth_notes(
    results: dict[str, Any],
    names: list[str],
    small: str,
    big: str,
    triples: dict[str, int],
    args: argparse.Namespace,
) -> list[str]:
    """The queries whose warm times grow faster than the target, with their cold growth: the
    gap between the two is the small graph's working set kept in the CPU cache."""
    notes = []
    for name in names:
        points = {
            cold: [
                seconds(results, s, "oxigraph", name, cold).get("median_s") for s in (small, big)
            ]
            for cold in (False, True)
        }
        warm = exponent((triples[small], points[False][0]), (triples[big], points[False][1]))
        cold = exponent((triples[small], points[True][0]), (triples[big], points[True][1]))
        took = points[False][1]
        if warm is not None and took and warm > args.max_growth and took * 1000 >= args.floor:
            shown = f"n^{cold:.2f}" if cold is not None else "—"
            notes.append(f"- {name}: warm n^{warm:.2f}, cold {shown}")
    if not notes:
        return []
    return [
        "",
        f"Warm growth over n^{args.max_growth:g} from {small} to {big} on oxigraph (not judged: "
        f"the {small} graph's working set stays in the CPU cache between repeats):",
        *notes,
    ]


def query_table(
    results: dict[str, Any],
    args: argparse.Namespace,
    sizes: list[str],
    triples: dict[str, int],
    names: list[str],
    cold: bool,
) -> list[str]:
    """One markdown table: every query's rows, times per engine and size, growth exponents,
    the Oxigraph engine's growth per answer row and its ratio to raw pyoxigraph."""
    engines = [e for e in args.engines if not cold or e != "memory"]  # no cold rdflib runs
    pairs = list(itertools.pairwise(sizes))  # growth between neighbouring sizes
    at = _judged_sizes(sizes)[1] or sizes[-1]  # rows and ratios are shown at the judged size
    run_at = {e: [s for s in sizes if results[s].get(e, {}).get("queries")] for e in engines}
    if cold:  # only the sizes with cold runs
        run_at = {e: [s for s in run_at[e] if _has_cold(results, [s], [e], names)] for e in engines}
        sizes = [s for s in sizes if any(s in run_at[e] for e in engines)]
        pairs = list(itertools.pairwise(sizes))
    head = ["query", "rows at " + at] + [f"rows growth {a}→{b}" for a, b in pairs]
    for engine in engines:
        head += [f"{engine} {s} (ms)" for s in run_at[engine]]
        head += [f"{engine} growth {a}→{b}" for a, b in pairs if {a, b} <= set(run_at[engine])]
    if "oxigraph" in engines:
        head += [f"oxigraph per answer row {a}→{b}" for a, b in pairs]
    head.append("oxigraph / raw at " + at)
    if not cold:
        head.append("oxigraph / raw, same process (CPU), at " + at)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

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

    for name in names:
        shown = rows_at(at, name)
        row = [name, str(shown) if shown is not None else "—"]
        row += [
            growth([(triples[a], rows_at(a, name)), (triples[b], rows_at(b, name))])
            for a, b in pairs
        ]
        for engine in engines:
            entries = {s: seconds(results, s, engine, name, cold) for s in run_at[engine]}
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
        if "oxigraph" in engines:
            for a, b in pairs:
                per_row = per_row_exponent(results, name, a, b, triples, cold)
                row.append(f"n^{per_row:.2f}" if per_row is not None else "—")
        ox = seconds(results, at, "oxigraph", name, cold).get("median_s")
        raw = seconds(results, at, "raw-pyoxigraph", name, cold).get("median_s")
        row.append(run.ratio(ox, raw))
        if not cold:
            engine_run = seconds(results, at, "oxigraph", name)
            row.append(
                run.ratio(engine_run.get("median_cpu_s"), engine_run.get("raw_same_process_cpu_s"))
            )
        lines.append("| " + " | ".join(row) + " |")
    return lines


def per_row_exponent(
    results: dict[str, Any],
    name: str,
    small: str,
    big: str,
    triples: dict[str, int],
    cold: bool = False,
) -> float | None:
    """The growth exponent of the Oxigraph engine's time per answer row between two sizes:
    the time's exponent less the rows' (0 when the time grows as the answer does; shown
    beside the time's own exponent, which the verdict judges).

    >>> r = {s: {"oxigraph": {"queries": {"q": {"median_s": t, "rows": n}}}}
    ...      for s, t, n in (("a", 0.01, 100), ("b", 0.2, 1000))}
    >>> round(per_row_exponent(r, "q", "a", "b", {"a": 100_000, "b": 1_000_000}), 2)
    0.3
    """
    first = seconds(results, small, "oxigraph", name, cold)
    last = seconds(results, big, "oxigraph", name, cold)
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
    cold: bool = False,
) -> list[str]:
    """What ``name`` misses on the Oxigraph engine: the time limit at ``big`` (warm and, with
    ``cold``, cold), the growth from ``small`` to ``big`` (cold times when ``cold``), the
    overhead against raw pyoxigraph in the same worker (warm)."""
    last = seconds(results, big, "oxigraph", name)
    if "skip" in last or not last:
        return []
    if last.get("timed_out") or last.get("median_s") is None:
        reason = "timed out" if last.get("timed_out") else last.get("error", "no time")
        return [f"{name}: {reason} at {big} on oxigraph"]
    out = []
    judged = seconds(results, big, "oxigraph", name, cold) if cold else last
    slowest = max(float(last["median_s"]), float(judged.get("median_s") or 0.0))
    if slowest > args.limit:
        out.append(f"{name}: {slowest:.2f} s at {big} on oxigraph (limit {args.limit:g} s)")
    first = seconds(results, small, "oxigraph", name, cold)
    took = judged.get("median_s")
    growth = exponent((triples[small], first.get("median_s")), (triples[big], took))
    if (
        growth is not None
        and took is not None
        and growth > args.max_growth
        and (took * 1000 >= args.floor)
    ):
        per_row = per_row_exponent(results, name, small, big, triples, cold)
        beside = f" (per answer row: n^{per_row:.2f})" if per_row is not None else ""
        caches = ", cold" if cold else ""
        out.append(
            f"{name}: grows as n^{growth:.2f} from {small} to {big} on oxigraph{caches}{beside}"
        )
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
    parser.add_argument(
        "--cold-at",
        default="100k,1m",
        help="sizes at which the Oxigraph engines also time cold runs (each after emptying the "
        "CPU caches); '' for none, and growth is then judged warm",
    )
    parser.add_argument("--json", type=Path, help="write the raw results here")
    parser.add_argument("--merge", default="", help="earlier --json files to report with")
    args = parser.parse_args(argv)
    run.CLOCK[0] = args.clock
    run.TIMEOUT[0] = args.timeout
    args.sizes = [generate.size_name(generate.parse_size(s)) for s in args.sizes.split(",") if s]
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    memory_at = {generate.size_name(generate.parse_size(s)) for s in args.memory_at.split(",") if s}
    cold_at = {generate.size_name(generate.parse_size(s)) for s in args.cold_at.split(",") if s}
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
                cold=size in cold_at,
            )
            print(f"{size} {engine} (round {round_ + 1}) ...", file=sys.stderr, flush=True)
            got = run.spawn(size, engine, worker_args)
            by_engine = results.setdefault(size, {})
            by_engine[engine] = best_of(by_engine.get(engine), got)
            if args.json:
                atomic_write(args.json, json.dumps(results, indent=1))  # a kill keeps the last
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
