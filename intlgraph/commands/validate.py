"""``intlgraph validate``: check the graph against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from intlgraph.cli import (
    EXIT_FINDINGS,
    EXIT_OK,
    graph_options,
    load_graph,
    output_options,
    progress,
)

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands


def run(args: argparse.Namespace) -> int:
    from intlgraph.output import records, write_frame

    kg = load_graph(args)
    progress(args, "validating against the SHACL shapes ...")
    started = time.perf_counter()
    report = kg.validate(shapes=args.shapes, lang=args.lang)
    elapsed = time.perf_counter() - started
    findings = len(report.results)
    progress(args, f"{findings} finding{'s' if findings != 1 else ''} in {elapsed:.1f} s")
    out = sys.stdout
    if args.format == "json":
        import json

        payload = {"conforms": report.conforms, "results": records(report.to_frame())}
        json.dump(payload, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        write_frame(report.to_frame(), "csv", out)
    else:
        out.write(str(report) + "\n")
    return EXIT_OK if report.conforms else EXIT_FINDINGS


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "validate",
        parents=[graph_options("memory"), output_options()],
        help="check the graph against the SHACL shapes",
        description="Check the graph against the SHACL shapes (ontology/shapes.ttl). "
        "Exit 0 if it conforms, 1 if there are findings, 2 on bad input.",
    )
    parser.add_argument(
        "--shapes",
        metavar="FILE",
        action="append",
        default=None,
        help="use these SHACL shapes instead of the bundled ones; repeatable",
    )
    parser.set_defaults(handler=run)
