"""The ``%%sparql`` cell magic (and ``%sparql`` line magic) for IPython and Jupyter.

``%load_ext intlgraph`` registers it. A cell holds a SPARQL query; the magic runs it on the
knowledge graph (loaded once per kernel and kept per engine / endpoint) and returns a DataFrame
for a SELECT (with ``<column>_label`` columns), a bool for an ASK, an rdflib graph for a
CONSTRUCT or DESCRIBE::

    %%sparql --lang ru -o ties
    PREFIX ig: <https://w3id.org/intlgraph/ont#>
    SELECT ?tie ?status WHERE { ?tie a ig:Membership ; ig:status ?status } ORDER BY ?tie

With ``--name`` the cell holds a named query's parameters instead, one ``key = value`` a line
(a key given twice makes a list)::

    %%sparql --name explore/organisation-ties
    org = o:gtuc

A named query also runs from one line, its parameters as ``-p KEY VALUE`` (as on the command
line); with none, every default holds::

    ties = %sparql --name explore/organisation-ties -p org o:gtuc --lang ru
    %sparql --name explore/latest-status

Options: ``--engine memory|oxigraph``, ``--endpoint URL`` (a remote SPARQL endpoint),
``--lang en|ru``, ``--name NAME``, ``-p KEY VALUE`` (a parameter; a key given twice makes a
list), ``--no-labels``, ``-o VAR`` (also store the result in ``VAR``). Mistakes (an unknown
query, a bad parameter, a refused SPARQL feature) are shown as one-line usage errors, without a
traceback.

Outside a notebook, the same cells run in an IPython shell object (``%load_ext intlgraph``
calls :func:`load_ipython_extension`):

>>> from IPython.core.interactiveshell import InteractiveShell
>>> shell = InteractiveShell.instance()
>>> load_ipython_extension(shell)
>>> _ = shell.run_cell_magic("sparql", "--name explore/organisation-ties --lang ru -o ties",
...                          "org = o:gtuc")
>>> shell.user_ns["ties"]["status_label"].tolist()
['подписано', 'проведено', 'запланировано']
"""

from __future__ import annotations

import argparse
import shlex
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from intlgraph.kg import KnowledgeGraph

__all__ = ["graph_for", "load_ipython_extension", "parse_params", "run_cell"]

#: Graphs loaded in this kernel, by (engine, endpoint).
_GRAPHS: dict[tuple[str, str | None], KnowledgeGraph] = {}


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports mistakes as IPython usage errors."""

    def error(self, message: str) -> NoReturn:
        from IPython.core.error import UsageError

        raise UsageError(f"%%sparql: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        from IPython.core.error import UsageError

        raise UsageError(message or self.format_help())


def _parser() -> _Parser:
    parser = _Parser(prog="%%sparql", add_help=False, description=__doc__)
    parser.add_argument("--engine", choices=("memory", "oxigraph"), default="memory")
    parser.add_argument("--endpoint", metavar="URL", default=None)
    parser.add_argument("--lang", choices=("en", "ru"), default="en")
    parser.add_argument("--name", metavar="NAME", default=None)
    parser.add_argument("-p", "--param", nargs=2, metavar=("KEY", "VALUE"), action="append")
    parser.add_argument("--no-labels", action="store_true")
    parser.add_argument("-o", "--output", metavar="VAR", default=None)
    parser.add_argument("-h", "--help", action="store_true")
    return parser


def graph_for(engine: str = "memory", endpoint: str | None = None) -> KnowledgeGraph:
    """The bundled graph on ``engine`` (or the graph behind ``endpoint``), loaded once.

    >>> graph_for() is graph_for("memory")
    True
    """
    key = (engine if endpoint is None else "endpoint", endpoint)
    if key not in _GRAPHS:
        from intlgraph.kg import connect, load

        _GRAPHS[key] = connect(endpoint) if endpoint else load(engine=engine)
    return _GRAPHS[key]


def parse_params(cell: str) -> dict[str, str | list[str]]:
    """A named query's parameters from ``key = value`` lines (``#`` starts a comment line).

    Surrounding quotes are removed from a value; a key given twice makes a list.

    >>> parse_params("org = o:gtuc\\n# a comment\\nsection = '4.1'")
    {'org': 'o:gtuc', 'section': '4.1'}
    """
    from intlgraph.named_queries import collect_params

    return collect_params(_pairs(cell))


def _pairs(cell: str) -> list[list[str]]:
    from intlgraph.exc import QueryError

    pairs: list[list[str]] = []
    for number, raw in enumerate(cell.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"cell line {number}: expected `key = value`, got {line!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        pairs.append([key.strip(), value])
    return pairs


def run_cell(line: str, cell: str | None, namespace: dict[str, Any] | None = None) -> Any:
    """Run one ``%%sparql`` cell (``line`` holds the options, ``cell`` the query or parameters)
    or, with ``cell=None``, one ``%sparql`` line (a named query).

    >>> run_cell("", "ASK { ?s a <https://w3id.org/intlgraph/ont#Ratification> }")
    True
    >>> run_cell("--name cq/cq05 -p lang ru", None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    IPython.core.error.UsageError: intlgraph: cq/cq05: parameter lang: unknown parameter ...
    >>> len(run_cell("--name cq/cq07", None))
    7
    """
    from IPython.core.error import UsageError

    from intlgraph.exc import IntlgraphError
    from intlgraph.named_queries import collect_params

    parser = _parser()
    args, extra = parser.parse_known_args(shlex.split(line))
    if args.help:
        raise UsageError(__doc__ or "")
    if extra and cell is not None:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if cell is None and (extra or not args.name):
        raise UsageError(
            "%sparql runs a named query (--name NAME); a SPARQL query goes in a %%sparql cell"
        )
    try:
        kg = graph_for(args.engine, args.endpoint)
        lang = None if args.no_labels else args.lang
        if args.name:
            params = collect_params([*_pairs(cell or ""), *(args.param or [])])
            result = kg.query(args.name, args.lang, labels=lang is not None, params=params)
        else:
            if args.param:
                raise IntlgraphError("-p is for named queries (--name NAME)")
            if cell is None or not cell.strip():
                raise IntlgraphError("the cell is empty: write a SPARQL query (or use --name)")
            result = kg.query(cell, lang=lang)
    except IntlgraphError as error:
        raise UsageError(f"intlgraph: {error}") from None
    if args.output:
        if namespace is None:
            raise UsageError("-o needs an IPython namespace")
        namespace[args.output] = result
    return result


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%sparql`` / ``%sparql`` (IPython calls this for ``%load_ext intlgraph``).

    >>> from IPython.core.interactiveshell import InteractiveShell
    >>> shell = InteractiveShell.instance()
    >>> load_ipython_extension(shell)
    >>> magics = shell.magics_manager.magics
    >>> "sparql" in magics["cell"], "sparql" in magics["line"]
    (True, True)
    >>> shell.run_cell_magic("sparql", "--name cq/cq05 --lang ru",
    ...                      "# defaults")["organisation_label"].tolist()
    ['Международная организация труда', 'Международная организация по миграции', 'ООН – Женщины']
    """

    def sparql(line: str, cell: str | None = None) -> Any:
        return run_cell(line, cell, ipython.user_ns)

    sparql.__doc__ = __doc__
    ipython.register_magic_function(sparql, magic_kind="line_cell", magic_name="sparql")
