"""``intlgraph query``: run a named query of the catalogue.

The output depends on the query's form: a SELECT prints its rows (``--format table|csv|json``,
with an ``<column>_label`` column in ``--lang`` after each IRI column unless ``--no-labels``),
an ASK prints ``true`` or ``false`` (exit 0 either way), a CONSTRUCT or DESCRIBE prints its
triples as Turtle (``--format turtle``, also the default), N-Triples (``nt``) or JSON-LD
(``json``). :func:`result_options` and :func:`write_result` are shared with ``intlgraph sparql``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from intlgraph.cli import EXIT_OK, graph_options, load_graph, progress
from intlgraph.exc import QueryError
from intlgraph.namespaces import compactor

if TYPE_CHECKING:
    from intlgraph.cli import Subcommands
    from intlgraph.kg import KnowledgeGraph
    from intlgraph.named_queries import NamedQuery

__all__ = [
    "RESULT_FORMATS",
    "compactor",
    "register",
    "result_options",
    "write_result",
]

#: ``--format`` of the query commands: the table formats plus two RDF formats for graphs.
RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "json", "turtle", "nt")
_GRAPH_FORMATS = {"table": "turtle", "turtle": "turtle", "nt": "nt", "json": "json-ld"}


def result_options() -> argparse.ArgumentParser:
    """``--format`` and ``--no-labels`` of the commands that print a query result."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("output")
    group.add_argument(
        "--format",
        choices=RESULT_FORMATS,
        default="table",
        help="SELECT: table (default), csv or json; ASK: true/false (json: a JSON boolean); "
        "CONSTRUCT/DESCRIBE: turtle (default), nt (N-Triples) or json (JSON-LD)",
    )
    group.add_argument(
        "--no-labels",
        action="store_true",
        help="no <column>_label columns after the IRI columns of a SELECT",
    )
    return parent


def write_result(
    result: Any, fmt: str, out: TextIO, prefixes: Mapping[str, str] | None = None
) -> None:
    """Write a query result (DataFrame, bool or rdflib graph) in ``fmt``.

    ``prefixes`` (the query's PREFIX declarations and the data's) shorten IRIs in the table
    format.

    >>> import io
    >>> buffer = io.StringIO()
    >>> write_result(True, "json", buffer)
    >>> buffer.getvalue()
    'true\\n'
    """
    if isinstance(result, bool):
        out.write(("true" if result else "false") + "\n")
        return
    from rdflib import Graph

    from intlgraph.output import write_frame

    if isinstance(result, Graph):
        if fmt not in _GRAPH_FORMATS:
            raise QueryError(
                f"--format {fmt} is for SELECT results; a CONSTRUCT or DESCRIBE result can be "
                "written as turtle, nt or json (JSON-LD)"
            )
        from intlgraph.kg import IG, IGD, ORG, PROV

        for prefix, namespace in (("ig", IG), ("igd", IGD), ("org", ORG), ("prov", PROV)):
            result.bind(prefix, namespace, override=False)
        text = result.serialize(format=_GRAPH_FORMATS[fmt]).lstrip("\n")
        out.write(text if text.endswith("\n") or not text else text + "\n")
    else:
        if fmt in {"turtle", "nt"}:
            raise QueryError(
                f"--format {fmt} is for CONSTRUCT and DESCRIBE results; a SELECT result can be "
                "written as table, csv or json"
            )
        write_frame(result, fmt, out, shorten=compactor(prefixes) if prefixes else None)


def run(args: argparse.Namespace) -> int:
    from intlgraph import named_queries as catalogue
    from intlgraph.cli import add_query_dirs
    from intlgraph.named_queries import collect_params

    add_query_dirs(args)
    named = catalogue.get(args.name)
    if _fast(args, named):
        return EXIT_OK
    params = collect_params(args.param)
    bound = catalogue.bind(named, params, partial=True)  # a bad parameter fails before loading
    kg = load_graph(args, cached=True)  # the bundled graph from the user's cache
    if not named.params and _cached_path(args):  # remembered for the next process's fast path
        from intlgraph import guard

        guard.check_shipped(named.text, named.path)
    progress(args, f"running {named.name} ...")
    result = kg.query(named.name, args.lang, labels=not args.no_labels, params=params)
    write_result(result, args.format, sys.stdout, {**kg.prefixes(), **named.prefixes})
    if getattr(result, "empty", False):
        _unknown_iris(kg, args, bound)
    return EXIT_OK


def _fast(args: argparse.Namespace, named: NamedQuery) -> bool:
    """Answer a shipped catalogue query without parameters from the cached store, without
    rdflib or pandas (a few tenths of a second); False when that path does not apply (the
    caller then loads the graph as usual, with the same output).

    It applies when :func:`intlgraph.cli.load_graph` would open the cached store (no
    ``--engine``, ``--store``, ``--data``, ``--no-bundled``; the cache on) and it exists,
    the query takes no parameters and is a SELECT (table, csv or json) or an ASK, and no
    ``--programme`` is named. The guard's verdict comes from
    :func:`intlgraph.guard.check_shipped`; the rows, labels and writers are the usual ones.
    """
    from intlgraph import guard, storecache
    from intlgraph.output import write_rows
    from intlgraph.results import labelled_rows

    if named.params or args.param or getattr(args, "programme", None) or not _cached_path(args):
        return False
    form = guard.leading_form(named.text)
    if form not in {"SELECT", "ASK"} or (form == "SELECT" and args.format not in _TABLES):
        return False
    started = time.perf_counter()
    opened = storecache.open_store(data=not getattr(args, "no_bundled_data", False))
    if opened is None:
        return False
    form = guard.check_shipped(named.text, named.path).form  # refused: raises here
    if not getattr(args, "quiet", False):
        took = time.perf_counter() - started
        progress(args, f"opened {opened.engine.count()} triples in {took:.1f} s")
    progress(args, f"running {named.name} ...")
    engine = opened.engine
    if form == "ASK":
        write_result(engine.ask(named.text), args.format, sys.stdout)
        return True
    if form != "SELECT":
        return False
    table = engine.select(named.text)
    labels = None if args.no_labels else engine.label_lookup(table.iris(), args.lang)
    columns, rows = labelled_rows(table, labels)
    shorten = compactor({**opened.prefixes, **named.prefixes})
    write_rows(columns, rows, args.format, sys.stdout, shorten=shorten)
    return True


_TABLES = frozenset({"table", "csv", "json"})


def _cached_path(args: argparse.Namespace) -> bool:
    """True when ``args`` read the bundled graph from the cached store (see
    :func:`intlgraph.cli.load_graph`)."""
    import os

    return not (
        args.data
        or args.no_bundled
        or getattr(args, "engine", None) is not None
        or getattr(args, "store", None) is not None
        or os.environ.get("INTLGRAPH_CACHE", "1") == "0"
    )


def _unknown_iris(kg: KnowledgeGraph, args: argparse.Namespace, bound: dict[str, Any]) -> None:
    """After an empty result: say on stderr which IRI given with ``-p`` nothing in the graph
    names (a likely typo); the exit code stays 0 (an empty answer is an answer)."""
    from rdflib import URIRef

    given = {key for key, _ in args.param or ()}
    for key, value in bound.items():
        for term in value if isinstance(value, list) else [value]:
            if key in given and isinstance(term, URIRef) and not kg.labels([str(term)]):
                print(
                    f"intlgraph: note: parameter {key}: {kg.compact(str(term))} has no label in "
                    "the graph: an unknown IRI? (no rows)",
                    file=sys.stderr,
                )


def register(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "query",
        parents=[graph_options(), result_options()],
        help="run a named query of the catalogue (see `intlgraph queries`)",
        description="Run a named query (queries/GROUP/NAME.rq) with its parameters bound as "
        "RDF terms. SELECT prints rows, ASK prints true or false (exit 0 either way), "
        "CONSTRUCT/DESCRIBE print triples. Exit 2 for an unknown query or a bad parameter.",
        epilog="example: intlgraph query explore/organisation-ties -p org o:gtuc --format csv",
    )
    parser.add_argument("name", metavar="NAME", help="the query's name, e.g. cq/cq07")
    parser.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("KEY", "VALUE"),
        help="a parameter value; repeat the key (or separate values with commas) for a list "
        "parameter",
    )
    parser.set_defaults(handler=run)
