"""``intlgraph import-ratifications``: the world table of fundamental ratifications as Turtle."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_FINDINGS, EXIT_OK, add_quiet_option, progress

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands


def run(args: argparse.Namespace) -> int:
    from intlgraph.ratifications_import import import_table

    output = Path(args.output) if args.output else None
    progress(args, f"reading {args.csv} ...")
    result = import_table(args.csv, exclude=[output] if output else [])
    text = result.turtle()
    if output is None:
        sys.stdout.write(text)
    else:
        from intlgraph.output import atomic_write

        atomic_write(output, text)
    where = output if output else "stdout"
    progress(
        args,
        f"{result.states} states, {result.ratifications} ratifications "
        f"({result.denunciations} denounced) -> {where}",
    )
    for name in result.unmatched:
        print(f"intlgraph: no ISO 3166 country matches {name!r}", file=sys.stderr)
    return EXIT_FINDINGS if result.unmatched else EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "import-ratifications",
        help="turn the world table of fundamental ILO ratifications into Turtle",
        description="Read the table of every ILO member state's ratifications of the "
        "fundamental instruments (ilo_fundamental_ratifications_world.csv) and write it as "
        "Turtle: states (ISO 3166 codes from pycountry), ratifications with years and "
        "denunciations, one reference record per row. Facts already in the bundled data "
        "must agree (exit 2 otherwise); names pycountry cannot match are listed on stderr "
        "(exit 1). The same table gives the identical file.",
    )
    parser.add_argument("csv", metavar="CSV", help="the world ratifications table")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write the Turtle here (default: stdout); the bundled copy is "
        "data/world-ratifications.ttl",
    )
    add_quiet_option(parser)
    parser.set_defaults(handler=run)
