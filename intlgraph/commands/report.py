"""``intlgraph report``: the main job — build, validate, analyse and write the gap report."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_OK, graph_options, load_graph, progress

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands


def run(args: argparse.Namespace) -> int:
    from intlgraph.report import check_options, write_report

    # bad options fail here, before the graph is loaded
    check_options(args.output, as_of=args.as_of, overwrite=args.force)
    kg = load_graph(args)
    written = write_report(
        kg,
        args.output,
        lang=args.lang,
        as_of=args.as_of,
        progress=lambda message: progress(args, message),
        overwrite=args.force,
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
        "gaps.json, findings.csv and report.md. Works offline; prints the report's path. "
        "The files are written into a temporary folder beside the output folder and renamed "
        "into place when complete: a failure leaves nothing behind.",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default="report",
        help="folder to write into: a new or empty one, or with --force an earlier report "
        "(default: ./report)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier report in the folder (a folder holding other files is "
        "never touched)",
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        default=None,
        help="judge the checks that take as_of by the ties known on this day (YYYY-MM-DD)",
    )
    parser.set_defaults(handler=run)
