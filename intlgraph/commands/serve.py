"""``intlgraph serve``: the graph as a read-only SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_OK, graph_options, load_graph

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands

DEFAULT_HOST = "127.0.0.1"  # the same as intlgraph.server.app's (kept here so --help stays light)
DEFAULT_PORT = 7879


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from intlgraph.server import Settings, make_server

    settings = Settings(
        timeout=args.timeout,
        max_rows=args.max_rows,
        cors=args.cors,
        max_running=args.max_running,
        access_log=not getattr(args, "quiet", False),
    )
    kg = load_graph(args)
    server = make_server(kg, host=args.host, port=args.port, settings=settings)
    url = server.url
    print(
        f"intlgraph: serving {len(kg)} triples ({kg.engine.name} engine) at {url} "
        f"(SPARQL endpoint: {url}sparql); Ctrl-C stops",
        file=sys.stderr,
        flush=True,
    )
    # Ctrl-C and SIGTERM stop it cleanly, also when started in the background (SIGINT ignored)
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("intlgraph: stopped", file=sys.stderr, flush=True)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.server_close()
    return EXIT_OK


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "serve",
        parents=[graph_options()],
        help="serve the graph as a read-only SPARQL endpoint",
        description="Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at /sparql "
        "(GET ?query=..., POST form or application/sparql-query), with a query page at /. "
        "FROM and default-graph-uri select graphs it holds (nothing is fetched); updates, "
        "SERVICE and LOAD are refused.",
        epilog="Example: curl -s -G http://127.0.0.1:7879/sparql "
        "--data-urlencode 'query=ASK { ?s ?p ?o }' -H 'Accept: text/csv'",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to listen on; 0 picks a free one (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_positive_float,
        default=30.0,
        help="time limit per query; slower queries answer 503 (default: 30)",
    )
    parser.add_argument(
        "--max-rows",
        metavar="N",
        type=_positive_int,
        default=10_000,
        help="rows (or triples) per answer; more are cut and the header "
        "X-Intlgraph-Truncated: true says so (default: 10000)",
    )
    parser.add_argument(
        "--max-running",
        metavar="N",
        type=_positive_int,
        default=4,
        help="queries running at once; more answer 503 (default: 4)",
    )
    parser.add_argument(
        "--cors",
        metavar="ORIGIN",
        default=None,
        help="allow cross-origin requests from ORIGIN (https://host[:port]) or * "
        "(default: no CORS headers)",
    )
    parser.set_defaults(handler=run)
