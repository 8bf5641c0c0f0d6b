"""``intlgraph push``: send the graph to a remote store (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_OK, graph_options, load_graph, progress

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands

#: Environment variable holding the password for ``--user`` (kept off the command line).
PASSWORD_VARIABLE = "INTLGRAPH_PASSWORD"


def run(args: argparse.Namespace) -> int:
    from intlgraph.push import derive_query_url, push

    graph = None if args.default_graph else args.graph
    query_url = args.query_url
    if graph is not None and query_url is None:
        query_url = derive_query_url(args.url)
    kg = load_graph(args)
    target = "the default graph" if graph is None else f"<{graph}>"
    mode = "replacing" if args.replace else "adding to"
    progress(args, f"sending {len(kg)} triples to {args.url}, {mode} {target} ...")
    count = push(
        kg,
        args.url,
        graph=graph,
        replace=args.replace,
        timeout=args.timeout,
        user=args.user,
        password=os.environ.get(PASSWORD_VARIABLE) if args.user is not None else None,
        query_url=query_url,
        body_format=args.body_format,
    )
    if graph is not None and query_url is not None:
        how = f"counted by {query_url}"
    else:
        how = "sent; not verified" + ("" if graph is None else ": no --query-url")
    verb = "now in" if args.replace else "added to"
    print(f"{count} triples {verb} {target} at {args.url} ({how})", file=sys.stdout)
    return EXIT_OK


def register(commands: Subcommands) -> None:
    from intlgraph.push import BODY_FORMATS, PROGRAMME_GRAPH

    parser = commands.add_parser(
        "push",
        parents=[graph_options("memory")],
        help="send the graph to a remote RDF store",
        description="Send the graph to a remote RDF store with the SPARQL 1.1 Graph Store HTTP "
        "Protocol (PUT replaces the target graph, --append POSTs to it), then ask the store's "
        "query endpoint how many triples the graph holds. URL is the Graph Store endpoint: "
        "Oxigraph http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data, GraphDB "
        "http://HOST:7200/repositories/ID/rdf-graphs/service, Virtuoso "
        "http://HOST:8890/sparql-graph-crud(-auth).",
        epilog=f"The password for --user is read from ${PASSWORD_VARIABLE}. Exit codes: 0 ok, "
        "2 bad input or the store failed (unreachable, HTTP error, timeout).",
    )
    parser.add_argument("url", metavar="URL", help="the store's Graph Store Protocol endpoint")
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--graph",
        metavar="IRI",
        default=PROGRAMME_GRAPH,
        help=f"the named graph to write (default: {PROGRAMME_GRAPH})",
    )
    target.add_argument(
        "--default-graph",
        action="store_true",
        help="write the store's default graph instead of a named graph",
    )
    parser.add_argument(
        "--append",
        dest="replace",
        action="store_false",
        help="add to the graph (HTTP POST) instead of replacing it (HTTP PUT)",
    )
    parser.add_argument(
        "--query-url",
        metavar="URL",
        default=None,
        help="the store's SPARQL query endpoint for the triple count (default: derived from URL "
        "for Oxigraph, Fuseki, GraphDB and Virtuoso)",
    )
    parser.add_argument(
        "--body-format",
        choices=tuple(BODY_FORMATS),
        default="ntriples",
        help="RDF syntax of the request body (default: ntriples)",
    )
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        default=30.0,
        help="give up when the store does not answer in this many seconds (default: 30)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=None,
        help=f"HTTP basic auth user (password: ${PASSWORD_VARIABLE})",
    )
    parser.set_defaults(handler=run)
