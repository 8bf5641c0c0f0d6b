"""``intlgraph queries``: list the catalogue of named queries."""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import TYPE_CHECKING, TextIO

from intlgraph.cli import EXIT_OK, output_options
from intlgraph.exc import QueryError

if TYPE_CHECKING:
    import pandas as pd

    from intlgraph.cli import Subcommands


def write_listing(frame: pd.DataFrame, out: TextIO, width: int = 100) -> None:
    """One block per query: name and title, its parameters, its description (wrapped)."""
    for number, row in enumerate(frame.itertuples(index=False)):
        if number:
            out.write("\n")
        out.write(f"{row.name}  {row.title}\n")
        for param in filter(None, str(row.parameters).split("; ")):
            out.write(
                textwrap.fill(
                    f"-p {param}", width, initial_indent="    ", subsequent_indent="        "
                )
                + "\n"
            )
        if row.description:
            out.write(
                textwrap.fill(
                    str(row.description), width, initial_indent="    ", subsequent_indent="    "
                )
                + "\n"
            )


def run(args: argparse.Namespace) -> int:
    from intlgraph.named_queries import add_dir, catalogue
    from intlgraph.output import write_frame

    for folder in args.queries:
        add_dir(folder)
    frame = catalogue()
    if args.group:
        groups = sorted(set(frame["group"]))
        if args.group not in groups:
            raise QueryError(f"no query group {args.group!r}; the groups are {', '.join(groups)}")
        frame = frame[frame["group"] == args.group].reset_index(drop=True)
    if args.format == "table":
        write_listing(frame, sys.stdout)
    else:
        write_frame(frame, args.format, sys.stdout)
    return EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "queries",
        parents=[output_options()],
        help="list the named queries and their parameters",
        description="List the catalogue of named queries (queries/GROUP/NAME.rq): name, title, "
        "parameters and description. Run one with `intlgraph query NAME -p KEY VALUE`.",
    )
    parser.add_argument("--group", metavar="G", help="only the queries of this group (e.g. cq)")
    parser.add_argument(
        "--queries",
        metavar="DIR",
        action="append",
        default=[],
        help="also list the named queries of this folder; repeatable",
    )
    parser.set_defaults(handler=run)
