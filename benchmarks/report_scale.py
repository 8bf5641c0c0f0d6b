"""The report on a world-sized graph (issues 18, 20): ``intlgraph report``'s steps timed one by one.

Loads the bundled files plus ``benchmarks/data/world-SIZE.ttl`` on the Oxigraph engine, then
runs :func:`intlgraph.report.write_report` with its progress messages time-stamped, and prints
each step's wall and CPU time (``process_time``: this process, every thread), the RSS at its
end and the step's own peak RSS (the kernel's high-water mark, reset at each step through
``/proc/self/clear_refs``), then the total and the whole run's peak (``ru_maxrss``).
``--skip-validation`` replaces the SHACL validation by an empty conforming report, to time the
rest (the gap checks, the network projection and its metrics, the map) on its own.
``--profile FILE`` writes a cProfile of the report (not of the load) to FILE.

    nice -n 10 python benchmarks/report_scale.py --size 1m
    nice -n 10 python benchmarks/report_scale.py --size 1m --skip-validation
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (MB; 0 where unavailable)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) of this process; False where not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--skip-validation", action="store_true")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--profile", help="write a cProfile of write_report to this file")
    args = parser.parse_args(argv)

    import intlgraph
    from intlgraph.report import write_report

    world = generate.world_file(generate.size_name(generate.parse_size(args.size)))
    started = time.perf_counter()
    cpu_started = time.process_time()
    # (wall from start, cpu from start, message, rss at the mark, peak since the last mark)
    marks: list[tuple[float, float, str, float, float]] = []
    resettable = _reset_peak()

    def say(message: str) -> None:
        now, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        rss, peak = _status_mb("VmRSS"), _status_mb("VmHWM")
        marks.append((now, cpu, message, rss, peak))
        print(
            f"{now:7.1f} s  {cpu:7.1f} s CPU  {rss:6.0f} MB  {message}",
            file=sys.stderr,
            flush=True,
        )
        if resettable:
            _reset_peak()

    say(f"loading {world.name} on oxigraph ...")
    kg = intlgraph.load(engine="oxigraph", extra=[world])
    kg.programme_choice = intlgraph.load(engine="oxigraph").programme().iri
    say(f"loaded {len(kg)} triples")
    if args.skip_validation:
        from intlgraph.validate import ValidationReport

        def conforming(**_: object) -> ValidationReport:
            return ValidationReport(conforms=True)

        kg.validate = conforming  # type: ignore[method-assign,assignment]
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    with tempfile.TemporaryDirectory() as tmp:
        written = write_report(kg, tmp, lang=args.lang, progress=say)
        say(f"written: {len(written.findings)} findings")
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(
        "| step | from (s) | wall (s) | CPU (s) | RSS after (MB) | step's peak RSS (MB) |\n"
        "|---|---:|---:|---:|---:|---:|"
    )
    for (at, cpu, message, _, _), (after, cpu_after, _, rss, peak) in zip(
        marks, [*marks[1:], marks[-1]], strict=True
    ):
        shown = f"{peak:.0f}" if resettable else "–"
        print(
            f"| {message} | {at:.1f} | {after - at:.1f} | {cpu_after - cpu:.1f} | {rss:.0f} "
            f"| {shown} |"
        )
    # resetting VmHWM resets what ru_maxrss reads too: the run's peak is the steps' highest
    whole = max([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024] + [m[4] for m in marks])
    print(
        f"\ntotal {marks[-1][0]:.1f} s wall, {marks[-1][1]:.1f} s CPU, peak RSS {whole:.0f} MB"
        + (" (validation skipped)" if args.skip_validation else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
