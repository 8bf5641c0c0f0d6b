"""Time loading and every catalogue query per engine, side by side, on generated graphs.

Engines:

* ``raw-pyoxigraph`` — ``pyoxigraph.Store`` + ``bulk_load`` + ``store.query(text)``, every
  solution iterated and every cell fetched (the floor for our Oxigraph engine);
* ``oxigraph`` — ``intlgraph.load(engine="oxigraph")`` + ``kg.query(name)`` (conversion to
  Python values, labels, DataFrame);
* ``memory`` — ``intlgraph.load()`` (rdflib) + ``kg.query(name)``;
* ``raw-rdflib`` — ``rdflib.Graph().parse`` of the same files (load only).

Each (size, engine) runs in its own ``nice``d subprocess, one after the other, so peak memory
(``ru_maxrss`` right after loading) belongs to that engine alone. Query times are medians of
``--repeat`` runs (``--slow-repeat`` for the memory engine at 1M triples and more); a run over
``--timeout`` seconds is stopped and reported as ``>T``, and a query stops repeating once its
runs took ``--budget`` seconds. With ``--cold``, the two Oxigraph engines run each query as
many times again, each run after emptying the CPU caches (:func:`cache_evictor`): the time of
a query run once among other work, as the report and the CLI run it. The benchmark queries in
``benchmarks/queries/`` (gap questions in a NOT EXISTS and a MINUS form) run on every engine
as well.

    python benchmarks/run.py                                  # 10k, 100k, 1m; all engines
    python benchmarks/run.py --sizes 10k --repeat 3 --queries 'cq/*'
    python benchmarks/run.py --sizes 1m --skip-memory-at 1m   # without rdflib at 1M
"""

from __future__ import annotations

import argparse
import fnmatch
import gc
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

from intlgraph.output import atomic_write  # noqa: E402

ENGINES = ("raw-pyoxigraph", "oxigraph", "memory", "raw-rdflib")
QUERY_ENGINES = ("raw-pyoxigraph", "oxigraph", "memory")
BENCH_QUERIES = HERE / "queries"
DATA_DIR = generate.DATA_DIR
#: A copy of queries/ taken when a run starts: colleagues edit the catalogue during long runs.
SNAPSHOT = DATA_DIR / "queries-snapshot"


class Timeout(BaseException):
    """A run over the time limit (a BaseException, so engines' ``except Exception`` let it by)."""


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout


def timed(run: Callable[[], Any], timeout: float) -> tuple[float | None, Any]:
    """Seconds taken by ``run()`` and its result; ``None`` seconds when it timed out."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.perf_counter()
    cpu_start = time.process_time()
    try:
        result = run()
    except Timeout:
        return None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    LAST_CPU[0] = time.process_time() - cpu_start
    return time.perf_counter() - start, result


#: CPU seconds of the last :func:`timed` run (steadier than wall time on a busy machine).
LAST_CPU = [0.0]


def last_level_cache_bytes() -> int:
    """The largest CPU cache's size in bytes, read from sysfs (32 MiB when it cannot be read)."""
    sizes = []
    for entry in Path("/sys/devices/system/cpu/cpu0/cache").glob("index*/size"):
        text = entry.read_text(encoding="ascii").strip().upper()
        scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
        digits = text.rstrip("KMG")
        if digits.isdigit():
            sizes.append(int(digits) * scale)
    return max(sizes, default=32 << 20)


def cache_evictor() -> Callable[[], None]:
    """A function that empties the CPU caches of what a query left there, by reading a buffer
    four times the last-level cache (filled with ones: pages of zeros may all map to one page).

    Repeated runs of a query on a small graph find its working set still in the cache (a 32 MB
    L3 holds a 100k-triple query's index range and terms, not a 1M one's), so warm repeats
    compare a cached small graph with an uncached large one. A "cold" run calls this first.
    """
    buffer = bytearray(b"\x01") * (4 * last_level_cache_bytes())

    def evict() -> None:
        buffer.count(b"\x02")  # reads every byte

    return evict


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the queries ------------------------------------------------------------------------


#: Values for the parameters that have no default (a few IRIs of the bundled graph).
SAMPLE_PARAMS: dict[str, dict[str, Any]] = {
    "gaps/acronyms-of": {"nodes": ["o:fprk", "o:ituc", "o:gtuc"]},
    "gaps/sources-of": {"nodes": ["o:fprk", "o:ituc", "o:gtuc"]},
    "gaps/types-of": {"nodes": ["o:fprk", "o:ituc", "o:gtuc"]},
    "gaps/ties-between": {"focal": "o:fprk", "others": ["o:ituc", "o:gtuc"]},
}


def bundled_programme() -> tuple[str, dict[str, str]]:
    """The bundled programme's IRI and its defaults (``$focal`` ...): the synthetic world
    holds a programme per national centre, so the bundled one is named explicitly."""
    import intlgraph

    programme = intlgraph.load(engine="oxigraph").programme()
    return programme.iri, programme.defaults()


def select_queries(pattern: str) -> list[dict[str, Any]]:
    """Catalogue and bench queries matching ``pattern`` (comma-separated globs), with defaults
    (the bundled programme's) and :data:`SAMPLE_PARAMS`."""
    from intlgraph import named_queries as catalogue
    from intlgraph.exc import ParameterError

    _, context = bundled_programme()
    globs = [g.strip() for g in pattern.split(",") if g.strip()]

    def wanted(name: str) -> bool:
        return any(fnmatch.fnmatch(name, g) for g in globs)

    chosen: list[dict[str, Any]] = []
    for name in catalogue.names():
        if not wanted(name):
            continue
        named = catalogue.get(name)
        params = SAMPLE_PARAMS.get(name, {})
        try:
            bindings = catalogue.bind(named, params, context=context)
        except ParameterError as error:
            chosen.append({"name": name, "skip": f"needs parameters ({error})"})
            continue
        chosen.append(
            {
                "name": name,
                "text": named.text,
                "bindings": bindings,
                "params": params,
                "kind": "catalogue",
            }
        )
    for path in sorted(BENCH_QUERIES.glob("*.rq")):
        name = f"bench/{path.stem}"
        if wanted(name):
            chosen.append({"name": name, "text": path.read_text(encoding="utf-8"), "kind": "bench"})
    return chosen


def raw_query_runner(store: Any, query: dict[str, Any]) -> Callable[[], int]:
    """A pyoxigraph-only run of ``query``; its default parameters are bound beforehand the way
    our Oxigraph engine binds them (``intlgraph.engines.oxigraph_bindings``: substituted
    terms, a VALUES block for lists)."""
    import pyoxigraph as ox

    import intlgraph.engines
    from intlgraph.sparqltext import insert_values

    bindings = query.get("bindings") or {}
    text = query["text"]
    substitutions: dict[Any, Any] = {}
    bind = getattr(intlgraph.engines, "oxigraph_bindings", None)
    if bind is not None:  # the engine's own way (terms substituted where it can)
        text, substitutions = bind(text, bindings)
    elif bindings:
        text = insert_values(text, bindings)

    def run() -> int:
        result = store.query(text, substitutions=substitutions or None)
        if isinstance(result, ox.QuerySolutions):
            width = range(len(result.variables))
            rows = [[solution[i] for i in width] for solution in result]
            return len(rows)
        if isinstance(result, ox.QueryBoolean):
            return int(bool(result))
        return len(list(result))

    return run


def kg_query_runner(kg: Any, query: dict[str, Any]) -> Callable[[], int]:
    """A run of ``query`` through intlgraph (named queries by name, bench queries as text)."""

    def run() -> int:
        if query["kind"] == "catalogue":
            result = kg.query(query["name"], params=query.get("params") or {})
        else:
            result = kg.query(query["text"])
        return len(result) if hasattr(result, "__len__") else int(bool(result))

    return run


# --- one (size, engine) in a subprocess ----------------------------------------------------


def worker(args: argparse.Namespace) -> None:
    """Load, then run the queries; every result is one JSON line appended to ``--progress``."""
    import pyoxigraph  # noqa: F401 - imported before the timer: imports are not load time
    import rdflib

    import intlgraph
    import intlgraph.engines
    import intlgraph.results
    from intlgraph import paths

    if SNAPSHOT.is_dir():  # every engine runs the same query texts, whatever changes meanwhile
        paths.queries_dir = lambda: SNAPSHOT  # type: ignore[assignment]

    progress = Path(args.progress).open("a", encoding="utf-8")  # noqa: SIM115 - open for the whole run

    def emit(event: dict[str, Any]) -> None:
        progress.write(json.dumps(event) + "\n")
        progress.flush()

    world = generate.world_file(args.size)
    files = [*generate.bundled_files(), world]
    rss_before = maxrss_mb()

    def load() -> Any:
        if args.engine == "raw-pyoxigraph":
            return generate.raw_store(files)
        if args.engine == "raw-rdflib":
            graph = rdflib.Graph()
            for path in files:
                graph.parse(str(path), format="turtle")
            return graph
        engine = "oxigraph" if args.engine == "oxigraph" else "memory"
        return intlgraph.load(engine=engine, extra=[world])

    seconds, target = timed(load, args.timeout * 10)
    if isinstance(target, intlgraph.KnowledgeGraph):  # the world holds many programmes
        target.programme_choice = bundled_programme()[0]
    emit({
        "load": {
            "load_s": seconds,
            "rss_before_mb": rss_before,
            "rss_after_load_mb": maxrss_mb(),
            "triples": len(target) if target is not None else None,
        }
    })  # fmt: skip
    if target is None or args.engine == "raw-rdflib":
        return
    repeat = args.repeat
    if args.engine == "memory" and generate.parse_size(args.size) >= 1_000_000:
        repeat = args.slow_repeat
    skip = set(args.skip_names.split(",")) if args.skip_names else set()
    cold = getattr(args, "cold", False) and args.engine in {"raw-pyoxigraph", "oxigraph"}
    evict = cache_evictor() if cold else None
    for query in select_queries(args.queries):
        name = query["name"]
        if name in skip:
            continue
        if "skip" in query:
            emit({"query": name, "result": {"skip": query["skip"]}})
            continue
        emit({"start": name})
        gc.collect()  # no collector debt left by the query before is charged to this one
        if args.engine == "raw-pyoxigraph":
            run = raw_query_runner(target, query)
        else:
            run = kg_query_runner(target, query)
        # the oxigraph engine's own store, raw, in turn with each engine run: the overhead of
        # the engine measured under the same load (separate workers see different loads)
        beside = None
        if args.engine == "oxigraph" and query["kind"] == "catalogue":
            beside = raw_query_runner(target.engine.store, query)
        times: list[float | None] = []
        rows = None
        error = None
        cpu: list[float] = []
        beside_cpu: list[float] = []
        for _ in range(repeat):
            try:
                took, rows_now = timed(run, args.timeout)
            except Exception as failure:  # a query an engine cannot run: report, go on
                error = f"{type(failure).__name__}: {failure}".splitlines()[0][:120]
                break
            times.append(took)
            if took is None:
                break
            cpu.append(LAST_CPU[0])
            if beside is not None and timed(beside, args.timeout)[0] is not None:
                beside_cpu.append(LAST_CPU[0])
            rows = rows_now
            if sum(t for t in times if t is not None) > args.budget:
                break  # slow query: fewer runs
        done = [t for t in times if t is not None]
        result = {
            "median_s": statistics.median(done) if done else None,
            "median_cpu_s": statistics.median(cpu) if cpu else None,
            "runs": len(done),
            "timed_out": len(done) < len(times),
            "rows": rows,
        }
        if beside_cpu:
            result["raw_same_process_cpu_s"] = statistics.median(beside_cpu)
        if evict is not None and done and len(done) == len(times) and not error:
            cold, cold_cpu = [], []  # the same runs, each after the caches were emptied
            for _ in range(len(done)):
                evict()
                took, _rows = timed(run, args.timeout)
                if took is None:
                    break
                cold.append(took)
                cold_cpu.append(LAST_CPU[0])
            if len(cold) == len(done):
                result["cold_median_s"] = statistics.median(cold)
                result["cold_median_cpu_s"] = statistics.median(cold_cpu)
        if error:
            result["error"] = error
        emit({"query": name, "result": result})
        print(f"  {args.engine} {args.size} {name}: {result}", file=sys.stderr)


def spawn(size: str, engine: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one (size, engine) in subprocesses; a query stuck past the timeout (Rust code
    cannot be interrupted by a signal) gets its worker killed and the rest run in a new one."""
    out: dict[str, Any] = {"size": size, "engine": engine, "queries": {}}
    progress = DATA_DIR / f"progress-{size}-{engine}.jsonl"
    skip: list[str] = []
    queries = args.queries
    if engine == "memory" and args.slow_queries and generate.parse_size(size) >= 1_000_000:
        queries = args.slow_queries
    while True:
        progress.write_text("", encoding="utf-8")
        command = [
            "nice", sys.executable, str(Path(__file__).resolve()), "--worker",
            "--size", size, "--engine", engine, "--repeat", str(args.repeat),
            "--slow-repeat", str(args.slow_repeat), "--timeout", str(args.timeout),
            "--budget", str(args.budget), "--queries", queries,
            "--progress", str(progress), "--skip-names", ",".join(skip),
            *(["--cold"] if getattr(args, "cold", False) else []),
        ]  # fmt: skip
        process = subprocess.Popen(command, start_new_session=True)
        current: str | None = None
        seen = 0
        last = time.monotonic()
        killed = False
        while process.poll() is None:
            time.sleep(0.5)
            lines = progress.read_text(encoding="utf-8").splitlines()
            if len(lines) > seen:
                for line in lines[seen:]:
                    event = json.loads(line)
                    if "load" in event and "load_s" not in out:
                        out.update(event["load"])
                    elif "start" in event:
                        current = event["start"]
                    elif "query" in event:
                        out["queries"][event["query"]] = event["result"]
                        skip.append(event["query"])
                        current = None
                seen = len(lines)
                last = time.monotonic()
            limit = args.timeout * 10 if current is None else args.timeout + args.budget + 30
            if time.monotonic() - last > limit:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                killed = True
                break
        lines = progress.read_text(encoding="utf-8").splitlines()
        for line in lines[seen:]:
            event = json.loads(line)
            if "load" in event and "load_s" not in out:
                out.update(event["load"])
            elif "query" in event:
                out["queries"][event["query"]] = event["result"]
                skip.append(event["query"])
                current = None
            elif "start" in event:
                current = event["start"]
        if not killed and process.returncode == 0:
            return out
        if current is None:
            out["error"] = f"worker failed (exit {process.returncode}) outside a query"
            return out
        out["queries"][current] = {
            "median_s": None, "runs": 0, "timed_out": True, "rows": None, "killed": True,
        }  # fmt: skip
        print(f"  {engine} {size} {current}: killed (over the timeout)", file=sys.stderr)
        skip.append(current)


# --- the report -----------------------------------------------------------------------------


def ms(value: float | None, timed_out: bool = False, timeout: float = 0) -> str:
    if value is None:
        return f">{timeout:.0f} s" if timed_out else "—"
    return f"{value * 1000:.1f}" if value < 10 else f"{value * 1000:.0f}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}×" if a / b < 10 else f"{a / b:.0f}×"


def cell(results: dict[str, Any], engine: str, name: str) -> dict[str, Any]:
    entry: dict[str, Any] = dict(results.get(engine, {}).get("queries", {}).get(name, {}))
    if CLOCK[0] == "cpu" and "median_cpu_s" in entry:
        entry["median_s"] = entry["median_cpu_s"]
    if str(entry.get("error", "")).endswith("Timeout"):  # a timeout an engine wrapped
        entry["timed_out"] = True
    return entry


def report(all_results: dict[str, dict[str, Any]], args: argparse.Namespace) -> str:
    lines: list[str] = []
    for size, results in all_results.items():
        lines += [f"### {size} triples", ""]
        lines += ["| engine | triples | load (s) | peak RSS after load (MB) |", "|---|---|---|---|"]
        for engine in args.engines:
            r = results.get(engine)
            if r is None:
                continue
            if "error" in r:
                lines.append(f"| {engine} | — | {r['error']} | — |")
                continue
            load = f"{r['load_s']:.2f}" if r["load_s"] is not None else "timeout"
            lines.append(f"| {engine} | {r['triples']} | {load} | {r['rss_after_load_mb']:.0f} |")
        lines.append("")
        names: list[str] = []
        for engine in QUERY_ENGINES:
            for name in results.get(engine, {}).get("queries", {}):
                if name not in names:
                    names.append(name)
        if not names:
            continue
        lines += [
            "| query | rows | raw-pyoxigraph (ms) | oxigraph (ms) | memory (ms) "
            "| oxigraph / raw | memory / oxigraph |",
            "|---|---|---|---|---|---|---|",
        ]
        ratios = []
        for name in names:
            raw, ox, mem = (cell(results, e, name) for e in QUERY_ENGINES)
            if "skip" in (raw or ox or mem):
                lines.append(f"| {name} | — | skipped: {(raw or ox or mem)['skip'][:60]} ||||||")
                continue
            rows = next((c.get("rows") for c in (raw, ox, mem) if c.get("rows") is not None), "—")
            t = [c.get("median_s") for c in (raw, ox, mem)]
            shown = [
                ms(c.get("median_s"), c.get("timed_out", False), args.timeout)
                for c in (raw, ox, mem)
            ]
            lines.append(
                f"| {name} | {rows} | {shown[0]} | {shown[1]} | {shown[2]} "
                f"| {ratio(t[1], t[0])} | {ratio(t[2], t[1])} |"
            )
            if (
                t[0]
                and t[1]
                and name.startswith(("cq/", "explore/", "stats/", "network/", "gaps/"))
            ):
                ratios.append((t[1] / t[0], name))
        lines.append("")
        if ratios:
            values = sorted(r for r, _ in ratios)
            worst = max(ratios)
            lines.append(
                f"oxigraph / raw-pyoxigraph over {len(values)} catalogue queries: median "
                f"{statistics.median(values):.2f}×, worst {worst[0]:.2f}× ({worst[1]}); "
                f"{sum(v <= 1.2 for v in values)} of {len(values)} within 1.2×."
            )
        slowest = slowest_query(results)
        if slowest:
            name, mem_s, ox_s, timed_out = slowest
            mark = "≥ " if timed_out else ""
            lines.append(
                f"Slowest catalogue query on oxigraph (of those memory ran): {name} "
                f"({ms(mem_s)} ms vs {ms(ox_s)} ms on oxigraph): memory / oxigraph = "
                f"{mark}{ratio(mem_s, ox_s)}."
            )
        lines.append("")
    lines += gap_report(all_results)
    return "\n".join(lines)


def slowest_query(results: dict[str, Any]) -> tuple[str, float, float, bool] | None:
    """The catalogue query slowest on our Oxigraph engine among those the memory engine ran:
    (name, memory seconds — the timeout when it timed out —, oxigraph seconds, timed out)."""
    best = None
    for name in results.get("memory", {}).get("queries", {}):
        mem = cell(results, "memory", name)
        if name.startswith("bench/") or "skip" in mem:
            continue
        ox = cell(results, "oxigraph", name).get("median_s")
        value = mem.get("median_s")
        timed_out = bool(mem.get("timed_out"))
        if value is None and timed_out:
            value = TIMEOUT[0]
        if value is None or ox is None:
            continue
        if best is None or ox > best[2]:
            best = (name, value, ox, timed_out)
    return best


FORMS = ("not-exists", "minus", "optional")
FORM_TITLES = {"not-exists": "NOT EXISTS", "minus": "MINUS", "optional": "OPTIONAL+!BOUND"}


def gap_report(all_results: dict[str, dict[str, Any]]) -> list[str]:
    """One row per gap question, size and engine: the three forms side by side."""
    stems = sorted({p.name.split(".")[0] for p in BENCH_QUERIES.glob("*.rq")})
    if not stems:
        return []
    heads = " | ".join(f"{FORM_TITLES[f]} (ms)" for f in FORMS)
    lines = [
        "### Gap queries: NOT EXISTS vs MINUS vs OPTIONAL + !BOUND",
        "",
        f"| question | triples | engine | rows | {heads} | fastest |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for stem in stems:
        for size, results in all_results.items():
            for engine in QUERY_ENGINES:
                cells = {f: cell(results, engine, f"bench/{stem}.{f}") for f in FORMS}
                if not any(cells.values()):
                    continue
                times = {f: c.get("median_s") for f, c in cells.items()}
                known = {f: v for f, v in times.items() if v is not None}
                fastest = "—"
                if known:
                    best = min(known, key=lambda f: known[f])
                    others = [v for f, v in known.items() if f != best]
                    fastest = FORM_TITLES[best]
                    if others and known[best] > 0:
                        fastest += f" ({max(others) / known[best]:.1f}× the slowest)"
                rows = next(
                    (c.get("rows") for c in cells.values() if c.get("rows") is not None), "—"
                )
                shown = " | ".join(
                    ms(times[f], cells[f].get("timed_out", False), TIMEOUT[0]) for f in FORMS
                )
                lines.append(f"| {stem} | {size} | {engine} | {rows} | {shown} | {fastest} |")
    lines.append("")
    return lines


TIMEOUT = [0.0]
CLOCK = ["wall"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument(
        "--queries", default="*", help="globs over query names, comma-separated (cq/*,bench/*)"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--slow-repeat",
        type=int,
        default=1,
        help="repeats for the memory engine at 1M triples and more",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds per query run")
    parser.add_argument(
        "--budget",
        type=float,
        default=20,
        help="no more runs of a query once its runs took this many seconds",
    )
    parser.add_argument(
        "--skip-memory-at",
        default="",
        help="sizes at which the rdflib engines are left out (e.g. 1m)",
    )
    parser.add_argument(
        "--slow-queries",
        default="",
        help="glob of the queries the memory engine runs at 1M triples and more (default: all)",
    )
    parser.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="report wall-clock or CPU time of the queries (cpu is steadier on a busy machine)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--merge",
        default="",
        help="comma-separated results files (--json of earlier runs) to report together",
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="time each Oxigraph query again, each run after emptying the CPU caches",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--progress", help=argparse.SUPPRESS)
    parser.add_argument("--skip-names", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    TIMEOUT[0] = args.timeout
    CLOCK[0] = args.clock
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(args.engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    skip = {generate.size_name(generate.parse_size(s)) for s in args.skip_memory_at.split(",") if s}
    all_results: dict[str, dict[str, Any]] = {}
    if args.sizes.strip():
        import shutil

        from intlgraph import paths

        shutil.rmtree(SNAPSHOT, ignore_errors=True)
        shutil.copytree(paths.queries_dir(), SNAPSHOT)
    for earlier in filter(None, args.merge.split(",")):
        for size, engines in json.loads(Path(earlier).read_text(encoding="utf-8")).items():
            all_results.setdefault(size, {}).update(engines)
    for text in filter(None, args.sizes.split(",")):
        size = generate.size_name(generate.parse_size(text))
        if not generate.world_file(size).exists():
            generate.main(["--sizes", size])
        all_results.setdefault(size, {})
        for engine in args.engines:
            if size in skip and engine in {"memory", "raw-rdflib"}:
                continue
            print(f"{size} {engine} ...", file=sys.stderr)
            all_results[size][engine] = spawn(size, engine, args)
            if args.json:
                atomic_write(args.json, json.dumps(all_results, indent=1))  # a kill keeps the last
    print(machine())
    print(report(all_results, args))
    return 0


def machine() -> str:
    """The machine and library versions, as a markdown list."""
    import platform
    from importlib.metadata import version

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.0f} GB"
    except (OSError, StopIteration):
        ram = "?"
    libs = ", ".join(
        f"{name} {version(name)}" for name in ("pyoxigraph", "rdflib", "pandas", "pycountry")
    )
    return (
        f"- CPU: {cpu}, {os.cpu_count()} cores; RAM {ram}\n"
        f"- Python {platform.python_version()} ({platform.system()} {platform.release()})\n"
        f"- {libs}\n"
    )


if __name__ == "__main__":
    raise SystemExit(main())
