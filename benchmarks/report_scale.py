"""The report on a world-sized graph (issue 18): ``intlgraph report``'s steps timed one by one.

Loads the bundled files plus ``benchmarks/data/world-SIZE.ttl`` on the Oxigraph engine, then
runs :func:`intlgraph.report.write_report` with its progress messages time-stamped, and prints
the time of each step, the total and the peak memory (``ru_maxrss``). ``--skip-validation``
replaces the SHACL validation by an empty conforming report, to time the rest (the gap
checks' queries, the network projection and its metrics, the map) on its own.

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--skip-validation", action="store_true")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)

    import intlgraph
    from intlgraph.report import write_report

    world = generate.world_file(generate.size_name(generate.parse_size(args.size)))
    started = time.perf_counter()
    marks: list[tuple[float, str]] = []

    def say(message: str) -> None:
        now = time.perf_counter() - started
        marks.append((now, message))
        print(f"{now:7.1f} s  {message}", file=sys.stderr, flush=True)

    say(f"loading {world.name} on oxigraph ...")
    kg = intlgraph.load(engine="oxigraph", extra=[world])
    kg.programme_choice = intlgraph.load(engine="oxigraph").programme().iri
    say(f"loaded {len(kg)} triples")
    if args.skip_validation:
        from intlgraph.validate import ValidationReport

        def conforming(**_: object) -> ValidationReport:
            return ValidationReport(conforms=True)

        kg.validate = conforming  # type: ignore[method-assign,assignment]
    with tempfile.TemporaryDirectory() as tmp:
        written = write_report(kg, tmp, lang=args.lang, progress=say)
        say(f"written: {len(written.findings)} findings")
    print("| step | from (s) | took (s) |\n|---|---|---|")
    for (at, message), (after, _) in zip(marks, [*marks[1:], marks[-1]], strict=True):
        print(f"| {message} | {at:.1f} | {after - at:.1f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\ntotal {marks[-1][0]:.1f} s, peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
