"""``intlgraph compare``: a state's fundamental ILO ratifications against a peer group."""

from __future__ import annotations

import argparse
import sys
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
    from intlgraph.gaps import peers
    from intlgraph.output import write_frame, write_tables

    kg = load_graph(args)
    if args.list:
        write_frame(peers.groups(kg, lang=args.lang), args.format, sys.stdout, shorten=kg.compact)
        return EXIT_OK
    progress(args, "comparing ratifications ...")
    state = args.state or peers.DEFAULT_STATE
    group = args.peers or peers.DEFAULT_GROUP
    comparison = peers.compare(kg, state, group, args.min_peers)
    tables = {"peers_ratified_state_not": peers.comparison_frame(comparison, kg, args.lang)}
    if args.reverse:
        tables["state_ratified_peers_not"] = peers.reverse_view(kg, state, group, lang=args.lang)
    if args.matrix:
        frame = peers.matrix(kg, group, state, lang=args.lang)
        tables["matrix"] = frame.reset_index(names="state")
    if len(tables) == 1:
        write_frame(tables["peers_ratified_state_not"], args.format, sys.stdout, shorten=kg.compact)
    else:
        write_tables(tables, args.format, sys.stdout, shorten=kg.compact)
    found = len(comparison.gaps)
    progress(
        args,
        f"{found} instrument{'s' if found != 1 else ''} the peers ratified and "
        f"{kg.compact(comparison.state)} did not",
    )
    return EXIT_FINDINGS if found else EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "compare",
        parents=[graph_options(), output_options()],
        help="compare a state's fundamental ILO ratifications with a peer group",
        description="The fundamental ILO instruments (NORMLEX table, 4 June 2026) that at "
        "least N countries of a peer group ratified and the state did not, with the peers, "
        "their years and the share of the group. Exit 0 if there is none, 1 if there are "
        "some, 2 on bad input. The defaults come from the graph's programme: its "
        "organisation's country and the smallest peer group that includes it; any "
        "ig:PeerGroup of the graph or of a --data file can be named (see --list).",
    )
    parser.add_argument(
        "--state",
        default=None,
        metavar="ISO3",
        help="the state: ISO 3166 alpha-3 code, country:XXX or IRI (default: the programme's "
        "country)",
    )
    parser.add_argument(
        "--peers",
        default=None,
        metavar="GROUP",
        help="the peer group: name, label or IRI (default: the smallest group that includes "
        "the programme's country)",
    )
    parser.add_argument(
        "--min-peers",
        type=int,
        default=1,
        metavar="N",
        help="only instruments at least N peers ratified (default: 1)",
    )
    parser.add_argument(
        "--reverse",
        action="store_true",
        help="also show what the state ratified and some peers did not",
    )
    parser.add_argument(
        "--matrix",
        action="store_true",
        help="also show the states x instruments matrix (years; den. = denounced)",
    )
    parser.add_argument("--list", action="store_true", help="list the peer groups and exit")
    parser.set_defaults(handler=run)
