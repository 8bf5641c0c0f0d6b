"""``intlgraph export``: write the cooperation network as GEXF, GraphML, JSON or CSV."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_OK, graph_options, progress
from intlgraph.commands.map import network_options, project

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands

FORMATS = ("gexf", "graphml", "json", "csv")


def run(args: argparse.Namespace) -> int:
    from intlgraph.exports import export

    G = project(args)
    text = export(G, None, args.format)
    assert text is not None
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        from intlgraph.output import atomic_write

        atomic_write(args.output, text)
        progress(args, f"wrote {args.output}")
    return EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "export",
        parents=[graph_options(), network_options()],
        help="write the cooperation network as GEXF, GraphML, JSON or CSV",
        description="Write the cooperation network for other tools: GEXF for Gephi (tie "
        "dates as spells, for its timeline), GraphML for Cytoscape, node-link JSON, or a CSV "
        "edge list.",
    )
    parser.add_argument(
        "--format", choices=FORMATS, required=True, help="gexf, graphml, json or csv"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", default=None, help="write here (default: stdout)"
    )
    parser.set_defaults(handler=run)
