"""The rdflib engine: the graph in memory (``intlgraph.load()``'s default).

>>> from rdflib import Graph, Literal, URIRef
>>> from intlgraph.engines.memory import MemoryEngine
>>> graph = Graph()
>>> _ = graph.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal(1)))
>>> MemoryEngine(graph).select("SELECT ?o WHERE { ?s ?p ?o }").rows
[[1]]
"""

from __future__ import annotations

import re
from collections.abc import Generator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from intlgraph.exc import EngineError
from intlgraph.results import IRI, BlankNode, Table, literal_value

if TYPE_CHECKING:
    from rdflib import ConjunctiveGraph, Graph
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.term import Identifier

from intlgraph.engines.base import (
    Bindings,
    Engine,
    QueryDataset,
    bind_values,
    first_line,
    from_clause,
    lang_str,
)

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


# --- rdflib --------------------------------------------------------------------------


def rdflib_cell(term: Any) -> Any:
    """An rdflib term as a result value."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return IRI(term)
    if isinstance(term, Literal):
        if term.language:
            return lang_str(str(term), term.language)
        return literal_value(str(term), str(term.datatype) if term.datatype else None, None)
    if isinstance(term, BNode):
        return BlankNode(f"_:{term}")
    return str(term)


@lru_cache(maxsize=256)
def _prepared(text: str, base: str | None, prefixes: tuple[tuple[str, str], ...]) -> Query:
    """rdflib's parse and algebra of a query, kept per text: a report runs the same named
    queries many times, and rdflib's parser is slow (a prepared query is read, never
    changed, by its evaluation)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text, initNs=dict(prefixes), base=base)


class MemoryEngine(Engine):
    """An rdflib in-memory graph: no set-up, fine for the bundled data.

    ``graph`` is the default graph (the union of all graphs); ``named`` the named graphs,
    whose triples are also in ``graph``.

    >>> from rdflib import Graph
    >>> MemoryEngine(Graph()).count()
    0
    """

    name = "memory"

    def __init__(self, graph: Graph, named: Mapping[Identifier, Graph] | None = None) -> None:
        self.graph = graph
        self.named: dict[Identifier, Graph] = {}
        self.add_named_graphs(named or {})

    def prepare(
        self,
        text: str,
        *,
        base: str | None = None,
        prefixes: Mapping[str, str] | None = None,
    ) -> Query:
        """Parse ``text``; relative IRIs resolve against ``base`` (a BASE in the query wins).

        Without a base, a relative IRI is an error, as on the Oxigraph engine.
        """
        try:
            prepared = _prepared(text, base, tuple(sorted((prefixes or {}).items())))
        except Exception as error:  # pyparsing and rdflib raise many kinds
            raise EngineError(f"memory engine: {first_line(error)}") from error
        if base is None:
            relative = _relative_iri(prepared.algebra)
            if relative is not None:
                raise EngineError(
                    f"memory engine: the relative IRI <{relative}> needs a BASE in the query"
                )
        return prepared

    def evaluate(
        self,
        prepared: Query,
        *,
        bindings: Mapping[str, Identifier] | None = None,
        dataset: QueryDataset | None = None,
    ) -> Mapping[str, Any]:
        """Evaluate a prepared query on ``dataset`` (default: the query's own FROM / FROM
        NAMED, else the whole dataset); rdflib's result mapping. Nothing is ever fetched."""
        from rdflib import Variable
        from rdflib.plugins.sparql.evaluate import evalPart
        from rdflib.plugins.sparql.sparql import QueryContext

        if dataset is None:
            dataset = from_clause(prepared.algebra.datasetClause)
        default, view = self._view(dataset)
        initial: Any = {Variable(k): v for k, v in (bindings or {}).items()}
        # the dataset clause never reaches rdflib (it would load the graphs from the web)
        context = QueryContext(view, initBindings=initial)
        context.graph = default
        context.prologue = prepared.prologue
        result: Mapping[str, Any] = evalPart(context, prepared.algebra)
        return result

    def _view(self, dataset: QueryDataset | None) -> tuple[Graph, ConjunctiveGraph]:
        from rdflib import Graph, URIRef

        if dataset is None:
            return self.graph, _dataset_view(self.graph, self.named)
        held = [self.named[URIRef(i)] for i in dataset.default if URIRef(i) in self.named]
        if len(held) == 1:
            default = held[0]
        else:  # the RDF merge of the graphs (one triple once)
            default = Graph()
            for graph in held:
                default += graph
        named: dict[Identifier, Graph] = {}
        for iri in dataset.named:
            found = self.named.get(URIRef(iri))
            named[URIRef(iri)] = found if found is not None else Graph(identifier=URIRef(iri))
        return default, _dataset_view(default, named)

    def _run(
        self,
        text: str,
        bindings: Bindings | None,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> Any:
        import rdflib.plugins.sparql
        from rdflib.plugins.sparql.processor import SPARQLResult

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM must never fetch a URL or file
        # Scalars go in as initBindings: rdflib joins an inline VALUES block after the rest of
        # its group, so a parameter also used in an OPTIONAL would drop rows (a VALUES-first
        # join on Oxigraph and remote endpoints keeps them, as initBindings does here).
        scalars: dict[str, Identifier] = {
            k: v  # type: ignore[misc]
            for k, v in (bindings or {}).items()
            if not isinstance(v, list | tuple)
        }
        lists = {k: v for k, v in (bindings or {}).items() if isinstance(v, list | tuple)}
        # prefixes bound in the graph may be used undeclared (as rdflib's Graph.query allows)
        prefixes = {prefix: str(ns) for prefix, ns in self.graph.namespaces()}
        prepared = self.prepare(bind_values(text, lists), base=base, prefixes=prefixes)
        try:
            return SPARQLResult(self.evaluate(prepared, bindings=scalars, dataset=dataset))
        except Exception as error:  # rdflib raises many kinds
            raise EngineError(f"memory engine: {first_line(error)}") from error

    def select(
        self,
        text: str,
        bindings: Bindings | None = None,
        *,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> Table:
        result = self._run(text, bindings, dataset, base)
        if result.type != "SELECT":
            raise EngineError(f"expected a SELECT query, got {result.type}")
        columns = [str(v) for v in result.vars or []]
        rows = [[rdflib_cell(term) for term in row] for row in result]
        return Table(columns, rows)

    def ask(
        self,
        text: str,
        bindings: Bindings | None = None,
        *,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> bool:
        result = self._run(text, bindings, dataset, base)
        return bool(result.askAnswer)

    def graph_query(
        self,
        text: str,
        bindings: Bindings | None = None,
        *,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> Graph:
        from rdflib import Graph

        result = self._run(text, bindings, dataset, base)
        graph = Graph()
        for triple in result:
            graph.add(triple)
        return graph

    def count(self) -> int:
        return len(self.graph)

    def to_graph(self) -> Graph:
        return self.graph

    def add_graph(self, graph: Graph) -> None:
        for prefix, namespace in graph.namespaces():
            if prefix:
                self.graph.bind(prefix, namespace, override=False, replace=False)
        self.graph += graph

    def add_named_graphs(self, named: Mapping[Identifier, Graph]) -> None:
        """Keep ``named`` as named graphs (merged with a graph of the same name; the graphs
        given are read, never changed).

        >>> from rdflib import Graph, URIRef
        >>> engine = MemoryEngine(Graph())
        >>> engine.add_named_graphs({URIRef("http://ex/g"): Graph()})
        >>> engine.ask("ASK { GRAPH ?g { } }")
        True
        """
        from rdflib import Graph

        for name, graph in named.items():
            held = self.named.get(name)
            if held is None:
                self.named[name] = graph
            else:
                merged = Graph(identifier=name)
                merged += held
                merged += graph
                self.named[name] = merged


def _dataset_view(default: Graph, named: Mapping[Identifier, Graph]) -> ConjunctiveGraph:
    """The dataset rdflib's SPARQL evaluator sees: ``default`` and the ``named`` graphs only
    (the class is made on first use: importing this module does not import rdflib)."""
    view: ConjunctiveGraph = _dataset_view_class()(default, named)
    return view


@lru_cache(maxsize=1)
def _dataset_view_class() -> type[Any]:
    from rdflib import ConjunctiveGraph

    class _DatasetView(ConjunctiveGraph):
        """The dataset rdflib's SPARQL evaluator sees: ``default`` and the ``named`` graphs only.

        (rdflib needs a ConjunctiveGraph for GRAPH; this one serves existing graphs, uncopied.)
        """

        def __init__(self, default: Graph, named: Mapping[Identifier, Graph]) -> None:
            super().__init__()
            self.default_context = default
            self._selected = dict(named)

        def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
            yield from self._selected.values()

        def get_context(
            self, identifier: Any, quoted: bool = False, base: str | None = None
        ) -> Graph:
            from rdflib import Graph

            held = self._selected.get(identifier)
            return held if held is not None else Graph(identifier=identifier)

    return _DatasetView


def _relative_iri(node: Any) -> str | None:
    """The first IRI without a scheme in rdflib's algebra of a query (``None``: there is none)."""
    from rdflib import URIRef
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, URIRef):
            if not _SCHEME.match(item):
                return str(item)
        elif isinstance(item, CompValue | dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
    return None
