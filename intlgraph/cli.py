"""The ``intlgraph`` command line.

Exit codes: 0 ok, 1 findings (e.g. the graph does not conform), 2 usage or input
error.  Data goes to stdout, messages to stderr; user errors never show a traceback.

New commands reuse :func:`graph_options` (``--data``, ``--no-bundled``,
``--no-bundled-data``, ``--lang``, ``--quiet``), :func:`output_options` (``--format``) and
:func:`load_graph`.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from intlgraph import __version__
from intlgraph.exc import IntlgraphError

if TYPE_CHECKING:
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]
    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "COMMANDS",
    "DEFAULT_ENGINE",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_query_dirs",
    "build_parser",
    "engine_of",
    "graph_options",
    "load_graph",
    "main",
    "output_options",
    "progress",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

#: The engine a command uses when ``--engine`` is not given: the embedded Oxigraph store parses
#: and answers several times faster than rdflib with the same answers (tests/test_parity.py).
DEFAULT_ENGINE = "oxigraph"

Handler = Callable[[argparse.Namespace], int]

#: The sub-commands, in the order of ``intlgraph --help``: each is a module
#: ``intlgraph.commands.<name>`` with a ``register(commands)`` function that adds its parser
#: (and sets ``handler``). Command modules import heavy libraries only inside handlers.
COMMANDS: tuple[str, ...] = (
    "report",
    "validate",
    "stats",
    "gaps",
    "push",
    "queries",
    "query",
    "sparql",
    "import_ratifications",
    "compare",
    "serve",
    "map",
    "export",
    "workbook",
    "init",
)


def graph_options(engine: str = DEFAULT_ENGINE) -> argparse.ArgumentParser:
    """Options of every command that reads the graph (use as a ``parents=`` entry);
    ``engine``: the command's engine when ``--engine`` is not given.

    The commands that write the graph's own terms (``export`` of the whole graph, ``workbook``,
    ``push``, ``validate``) pass ``"memory"``: rdflib keeps every literal as the file wrote it
    (``"1.50"^^xsd:decimal``), while Oxigraph stores a canonical form (``1.5``) of the same
    value.
    """
    parent = argparse.ArgumentParser(add_help=False)
    parent.set_defaults(default_engine=engine)
    group = parent.add_argument_group("graph")
    group.add_argument(
        "--data",
        metavar="FILE",
        action="append",
        default=[],
        help="add an RDF file (.ttl .trig .jsonld .nt .nq .rdf/.owl) or a workbook (.xlsx); "
        "repeatable",
    )
    group.add_argument(
        "--no-bundled",
        action="store_true",
        help="do not load the bundled ontology and data, only the --data files",
    )
    group.add_argument(
        "--no-bundled-data",
        action="store_true",
        help="load the bundled ontology and vocabularies but not the bundled programme's "
        "data: for another programme given with --data",
    )
    group.add_argument(
        "--engine",
        choices=("memory", "oxigraph"),
        default=None,
        help="query engine: the embedded Oxigraph store or rdflib in memory, with the same "
        "answers (default: oxigraph; memory for validate, push, workbook and the whole graph "
        "of export, as it keeps each literal as its file wrote it). `intlgraph query` without "
        "--engine, --data or --store reads the bundled graph from a store cached in the "
        "user's cache folder, without parsing (INTLGRAPH_CACHE=0 turns that off)",
    )
    group.add_argument(
        "--store",
        metavar="DIR",
        default=None,
        help="keep the Oxigraph store on disk here (reused while the files are unchanged; "
        "processes sharing it take turns to build it and read it at the same time)",
    )
    group.add_argument(
        "--lang",
        type=_language,
        default="en",
        metavar="TAG",
        help="language of labels and messages: any language tag the labels carry (en, ru, "
        "kk ...; labels fall back as intlgraph/messages/languages.json declares; default: en)",
    )
    group.add_argument(
        "--queries",
        metavar="DIR",
        action="append",
        default=[],
        help="add a folder of your own named queries (.rq) and gap checks (checks.toml); "
        "repeatable",
    )
    group.add_argument(
        "--programme",
        metavar="IRI",
        default=None,
        help="the programme whose organisation, country, day and peer group give the defaults, "
        "when the graph holds several (IRI or prefixed name)",
    )
    add_quiet_option(group)
    return parent


def add_quiet_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``-q`` / ``--quiet`` after the command name (it also works before it, on the top level)."""
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="no progress messages on stderr",
    )


def _language(tag: str) -> str:
    from intlgraph.i18n import is_tag

    if not is_tag(tag):
        raise argparse.ArgumentTypeError(f"{tag!r} is not a language tag (en, ru, kk, ...)")
    return tag


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


def add_query_dirs(args: argparse.Namespace) -> None:
    """Add the ``--queries`` folders to the catalogue (before a query or check is looked up)."""
    from intlgraph.named_queries import add_dir

    for folder in getattr(args, "queries", []):
        add_dir(folder)


def load_graph(args: argparse.Namespace, *, cached: bool = False) -> KnowledgeGraph:
    """Load the graph as the :func:`graph_options` in ``args`` ask.

    ``cached=True`` (``intlgraph query``): when ``args`` name no engine, store or extra file,
    the bundled graph comes from the store in the user's cache (:func:`intlgraph.kg.load_cached`),
    unless the environment sets ``INTLGRAPH_CACHE=0``.
    """
    import os

    from intlgraph import paths
    from intlgraph.kg import load, load_cached

    _library_messages_on_one_line()
    include_bundled = not args.no_bundled
    with_data = not getattr(args, "no_bundled_data", False)
    if (
        cached
        and include_bundled
        and getattr(args, "engine", None) is None
        and getattr(args, "store", None) is None
        and not args.data
        and os.environ.get("INTLGRAPH_CACHE", "1") != "0"
    ):
        started = time.perf_counter()
        kg = load_cached(data=with_data)
        progress(args, f"opened {len(kg)} triples in {time.perf_counter() - started:.1f} s")
        return _choose_programme(args, kg)
    count = len(args.data)
    if include_bundled:
        count += len(paths.ontology_files())
        if with_data:
            count += len(paths.data_files())
    progress(args, f"loading {count} file{'s' if count != 1 else ''} ...")
    started = time.perf_counter()
    kg = load(
        extra=args.data,
        queries=getattr(args, "queries", []),
        include_bundled=include_bundled,
        data=with_data,
        engine=engine_of(args),
        store=getattr(args, "store", None),
    )
    progress(args, f"loaded {len(kg)} triples in {time.perf_counter() - started:.1f} s")
    return _choose_programme(args, kg)


def engine_of(args: argparse.Namespace) -> str:
    """``--engine``, else Oxigraph when ``--store`` is given, else the command's default."""
    if getattr(args, "engine", None):
        return str(args.engine)
    if getattr(args, "store", None):
        return "oxigraph"
    return str(getattr(args, "default_engine", DEFAULT_ENGINE))


def _choose_programme(args: argparse.Namespace, kg: KnowledgeGraph) -> KnowledgeGraph:
    choice = getattr(args, "programme", None)
    if choice:
        kg.programme_choice = choice
        kg.programme()  # a choice that is not a programme of the graph fails here
    return kg


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The ``intlgraph`` parser; ``only``: with that one command's parser alone (``main``
    builds only ``query``'s for ``intlgraph query ...``: a query need not import the other
    commands' modules)."""
    parser = argparse.ArgumentParser(
        prog="intlgraph",
        description="Knowledge graph of a trade-union federation's international "
        "cooperation programme.",
        epilog="Exit codes: 0 ok, 1 findings, 2 usage or input error.",
    )
    parser.add_argument("--version", action="version", version=f"intlgraph {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages on stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else (only,):
        module = importlib.import_module(f"intlgraph.commands.{name}")
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(only="query" if words[:1] == ["query"] else None)
    args = parser.parse_args(words)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args)
    except IntlgraphError as error:
        _error(f"error: {error}")
        return EXIT_USAGE
    except MemoryError:
        _error("error: out of memory (an input too large for this machine?)")
        return EXIT_USAGE
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except OSError as error:  # a file or folder the command could not use: one line
        where = f"{error.filename}: " if error.filename else ""
        _error(f"error: {where}{error.strerror or error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


@functools.cache  # once per process
def _library_messages_on_one_line() -> None:
    """rdflib's log records as one ``intlgraph: warning: ...`` line each on the current
    stderr, without the traceback rdflib attaches (e.g. to an ill-typed literal)."""
    import logging

    class OneLine(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            _error(f"warning: {record.getMessage()}")

    logger = logging.getLogger("rdflib")
    logger.addHandler(OneLine(logging.WARNING))
    logger.propagate = False


def _error(message: str, stream: TextIO | None = None) -> None:
    print(f"intlgraph: {message}", file=stream or sys.stderr)


def _silence_stdout() -> None:
    """After the reader of stdout went away (``| head``), stop Python's flush error."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
