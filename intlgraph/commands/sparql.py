"""``intlgraph sparql``: run an ad-hoc SPARQL query read from a file or stdin."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from intlgraph.cli import EXIT_OK, graph_options, load_graph, progress
from intlgraph.commands.query import result_options, write_result
from intlgraph.exc import InputFileError

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands


def read_query(source: str) -> str:
    """The query text from the file ``source`` (``-``: standard input).

    >>> read_query("no/such/file.rq")
    Traceback (most recent call last):
    ...
    intlgraph.exc.MissingFileError: no/such/file.rq: no such file
    """
    if source == "-":
        return sys.stdin.read()
    from intlgraph.rdfio import read_bytes

    path = Path(source)
    try:
        return read_bytes(path).decode("utf-8")  # a FIFO, a device, a folder: named, exit 2
    except UnicodeDecodeError as error:
        raise InputFileError(
            path, f"not valid UTF-8 ({error.reason} at byte {error.start})"
        ) from None


def run(args: argparse.Namespace) -> int:
    from intlgraph.named_queries import parse

    text = read_query(args.file)
    kg = load_graph(args)
    progress(args, "running the query ...")
    result = kg.query(text, lang=None if args.no_labels else args.lang)
    prefixes = parse(text, name=args.file, path=Path(args.file)).prefixes
    write_result(result, args.format, sys.stdout, {**kg.prefixes(), **prefixes})
    return EXIT_OK


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "sparql",
        parents=[graph_options(), result_options()],
        help="run a SPARQL query from a file or stdin",
        description="Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) from FILE "
        "or, with -, from standard input. Queries that could reach the network or change data "
        "(SERVICE, FROM, LOAD, updates) are refused with exit 2.",
        epilog="example: echo 'ASK { ?s a <https://w3id.org/intlgraph/ont#Ratification> }' | "
        "intlgraph sparql -",
    )
    parser.add_argument("file", metavar="FILE", help="the query file, or - for standard input")
    parser.set_defaults(handler=run)
