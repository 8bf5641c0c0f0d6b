"""``intlgraph stats``: count resources by class, source and status."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_OK, graph_options, load_graph, output_options, progress

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands


def run(args: argparse.Namespace) -> int:
    from intlgraph.output import write_tables
    from intlgraph.stats import TABLES

    kg = load_graph(args)
    progress(args, "counting ...")
    tables = kg.stats(lang=args.lang).tables()
    wanted = [f"by_{name}" for name in args.by] if args.by else list(TABLES)
    chosen = {name: tables[name] for name in wanted}
    write_tables(chosen, args.format, sys.stdout, shorten=kg.compact)
    return EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "stats",
        parents=[graph_options(), output_options()],
        help="count resources by class, source and status",
        description="Count the graph's resources by class, by source (programme section "
        "or reference record) and ties by status.",
    )
    parser.add_argument(
        "--by",
        choices=("class", "source", "status"),
        action="append",
        help="show only this table; repeatable (default: all three)",
    )
    parser.set_defaults(handler=run)
