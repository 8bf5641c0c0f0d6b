"""``intlgraph init DIR``: start a new programme as a workbook."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_OK, add_quiet_option, progress

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands


def run(args: argparse.Namespace) -> int:
    from intlgraph.workbook.new import new_programme

    made = new_programme(
        args.folder,
        organisation=args.organisation,
        country=args.country,
        date=args.date,
        lang=args.lang,
        namespace=args.namespace,
    )
    progress(args, f"wrote {made.workbook} and {made.readme}; next steps: {made.readme}")
    return EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "init",
        help="start a new programme: an empty workbook with its focal organisation",
        description="Create DIR/programme.xlsx (every sheet with its drop-downs, the focal "
        "organisation and programme rows filled from the options) and DIR/README.md with "
        "the next three commands. Existing files are never overwritten.",
    )
    parser.add_argument("folder", metavar="DIR", help="folder for the new programme")
    parser.add_argument(
        "--organisation", required=True, metavar="NAME", help="the focal organisation's name"
    )
    parser.add_argument(
        "--country", required=True, metavar="ISO3", help="its country (ISO 3166-1 alpha-3)"
    )
    parser.add_argument(
        "--date",
        required=True,
        metavar="DATE",
        help="the day the programme was adopted (YYYY-MM-DD)",
    )
    parser.add_argument(
        "--lang", default="en", metavar="LANG", help="language of the names given (default: en)"
    )
    parser.add_argument(
        "--namespace",
        default="https://example.org/programme/",
        metavar="IRI",
        help="namespace of the new resources, prefix my: (default: https://example.org/programme/)",
    )
    add_quiet_option(parser)
    parser.set_defaults(handler=run)
