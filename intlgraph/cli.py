"""The ``intlgraph`` command line.

Exit codes: 0 ok, 1 findings (e.g. the graph does not conform), 2 usage or input
error.  Data goes to stdout, messages to stderr; user errors never show a traceback.

New commands reuse :func:`graph_options` (``--data``, ``--no-bundled``, ``--lang``,
``--quiet``), :func:`output_options` (``--format``) and :func:`load_graph`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from intlgraph import __version__
from intlgraph.exc import IntlgraphError

if TYPE_CHECKING:
    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "graph_options",
    "load_graph",
    "main",
    "output_options",
    "progress",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


def graph_options() -> argparse.ArgumentParser:
    """Options of every command that reads the graph (use as a ``parents=`` entry)."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("graph")
    group.add_argument(
        "--data",
        metavar="FILE",
        action="append",
        default=[],
        help="add an RDF file (.ttl .trig .jsonld .nt .nq .rdf/.owl); repeatable",
    )
    group.add_argument(
        "--no-bundled",
        action="store_true",
        help="do not load the bundled ontology and data, only the --data files",
    )
    group.add_argument(
        "--lang",
        choices=("en", "ru"),
        default="en",
        help="language of labels and messages (default: en)",
    )
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="no progress messages on stderr",
    )
    return parent


def output_options() -> argparse.ArgumentParser:
    """The ``--format`` option of every command that prints data."""
    from intlgraph.output import FORMATS

    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="output format: aligned text table, CSV or JSON (default: table)",
    )
    return parent


def progress(args: argparse.Namespace, message: str) -> None:
    """Print a short progress message to stderr unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        print(f"intlgraph: {message}", file=sys.stderr, flush=True)


def load_graph(args: argparse.Namespace) -> KnowledgeGraph:
    """Load the graph as the :func:`graph_options` in ``args`` ask."""
    from intlgraph import paths
    from intlgraph.kg import load

    include_bundled = not args.no_bundled
    count = len(args.data)
    if include_bundled:
        count += len(paths.ontology_files()) + len(paths.data_files())
    progress(args, f"loading {count} file{'s' if count != 1 else ''} ...")
    started = time.perf_counter()
    kg = load(extra=args.data, include_bundled=include_bundled)
    progress(args, f"loaded {len(kg)} triples in {time.perf_counter() - started:.1f} s")
    return kg


def _run_validate(args: argparse.Namespace) -> int:
    from intlgraph.output import records, write_frame

    kg = load_graph(args)
    progress(args, "validating against the SHACL shapes ...")
    started = time.perf_counter()
    report = kg.validate(shapes=args.shapes, lang=args.lang)
    elapsed = time.perf_counter() - started
    findings = len(report.results)
    progress(args, f"{findings} finding{'s' if findings != 1 else ''} in {elapsed:.1f} s")
    out = sys.stdout
    if args.format == "json":
        import json

        payload = {"conforms": report.conforms, "results": records(report.to_frame())}
        json.dump(payload, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        write_frame(report.to_frame(), "csv", out)
    else:
        out.write(str(report) + "\n")
    return EXIT_OK if report.conforms else EXIT_FINDINGS


def _run_stats(args: argparse.Namespace) -> int:
    from intlgraph.output import write_tables
    from intlgraph.stats import TABLES

    kg = load_graph(args)
    progress(args, "counting ...")
    tables = kg.stats(lang=args.lang).tables()
    wanted = [f"by_{name}" for name in args.by] if args.by else list(TABLES)
    chosen = {name: tables[name] for name in wanted}
    write_tables(chosen, args.format, sys.stdout, shorten=kg.compact)
    return EXIT_OK


def _add_validate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "validate",
        parents=[graph_options(), output_options()],
        help="check the graph against the SHACL shapes",
        description="Check the graph against the SHACL shapes (ontology/shapes.ttl). "
        "Exit 0 if it conforms, 1 if there are findings, 2 on bad input.",
    )
    parser.add_argument(
        "--shapes",
        metavar="FILE",
        action="append",
        default=None,
        help="use these SHACL shapes instead of the bundled ones; repeatable",
    )
    parser.set_defaults(handler=_run_validate)


def _add_stats(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    parser.set_defaults(handler=_run_stats)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intlgraph",
        description="Knowledge graph of a trade-union federation's international "
        "cooperation programme.",
        epilog="Exit codes: 0 ok, 1 findings, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"intlgraph {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages on stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in (_add_validate, _add_stats):
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args)
    except IntlgraphError as error:
        _error(f"error: {error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK


def _error(message: str, stream: TextIO | None = None) -> None:
    print(f"intlgraph: {message}", file=stream or sys.stderr)


def _silence_stdout() -> None:
    """After the reader of stdout went away (``| head``), stop Python's flush error."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
