"""``intlgraph report``: the main job — build, validate, analyse and write the gap report."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_OK, graph_options, load_graph, progress

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands


def run(args: argparse.Namespace) -> int:
    from intlgraph.report import write_report

    kg = load_graph(args)
    written = write_report(
        kg,
        args.output,
        lang=args.lang,
        as_of=args.as_of,
        progress=lambda message: progress(args, message),
    )
    progress(args, f"wrote {len(written.files)} files to {written.directory}")
    print(written.html)
    sys.stdout.flush()
    return EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "report",
        parents=[graph_options()],
        help="the main job: build and validate the graph, run every gap check and the "
        "network analysis, write the HTML report",
        description="Build the graph, validate it, run every gap check and the network "
        "analysis, and write one self-contained HTML report (report.html: summary, each gap "
        "with its entities and sources, the interactive cooperation map, plots) plus "
        "gaps.json, findings.csv and report.md. Works offline; prints the report's path.",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default="report",
        help="directory to write into (created if missing; default: ./report)",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help="judge the checks that take as_of by the ties known on this day (YYYY-MM-DD)",
    )
    parser.set_defaults(handler=run)
