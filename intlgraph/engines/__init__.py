"""Query engines: the in-memory rdflib graph and the embedded Oxigraph store.

Every engine answers the same three calls — :meth:`Engine.select`, :meth:`Engine.ask` and
:meth:`Engine.graph_query` — with the same Python values (:mod:`intlgraph.results`), so a
named query gives the same rows whichever engine runs it. The remote engine (any SPARQL 1.1
endpoint) lives in :mod:`intlgraph.engines.endpoint`.

Parameters are RDF terms, never pasted text: Oxigraph gets scalars as pyoxigraph
``substitutions`` (term objects into the parsed query) wherever they give the rows a VALUES
block would (:func:`oxigraph_bindings`), the rest, and remote endpoints, a ``VALUES`` block of
escaped terms opening the WHERE clause (:func:`bind_values`); rdflib gets scalars as
``initBindings`` (its inline VALUES joins last, which changes OPTIONAL results) and lists as
VALUES. The parity test holds the engines to the same rows.

Named graphs (from TriG, N-Quads or JSON-LD files) are kept on both local engines, and the
default graph is the union of all graphs: every triple of every file is in it, so the
catalogue's queries read the same triples whether a file has named graphs or not, while
``GRAPH`` and ``FROM NAMED`` see the named graphs. A :class:`QueryDataset` (the SPARQL
Protocol's ``default-graph-uri`` / ``named-graph-uri``, or a query's ``FROM`` / ``FROM NAMED``)
selects graphs the engine already holds; a graph it does not hold is an empty graph, and
nothing is ever fetched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from abc import ABC, abstractmethod
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from intlgraph.exc import EngineError
from intlgraph.results import IRI, BlankNode, Table, literal_value, pick_label

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import ConjunctiveGraph, Graph
    from rdflib.plugins.sparql.sparql import Query
    from rdflib.term import Identifier

__all__ = [
    "ENGINES",
    "Bindings",
    "Engine",
    "MemoryEngine",
    "OxigraphEngine",
    "QueryDataset",
    "bind_values",
    "oxigraph_bindings",
    "oxigraph_query",
]

Bindings = Mapping[str, "Identifier | Sequence[Identifier]"]

#: Engines :func:`intlgraph.load` accepts (``endpoint`` comes from :func:`intlgraph.connect`).
ENGINES: tuple[str, ...] = ("memory", "oxigraph")

_LABEL_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?label WHERE { ?s rdfs:label|skos:prefLabel ?label }"""
_LABEL_BATCH = 400


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class QueryDataset:
    """The graphs a query reads: its default graph is the merge of ``default``, its named
    graphs are ``named`` (IRIs of graphs the engine holds; any other IRI is an empty graph).

    Without one, a query reads the engine's whole dataset (default graph: the union of all
    graphs; named graphs: all of them).

    >>> QueryDataset(named=("http://example.org/g1",)).default
    ()
    """

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


def _from_clause(clause: Any) -> QueryDataset | None:
    if not clause:
        return None
    default: list[str] = []
    named: list[str] = []
    for item in clause:
        # CompValue.get returns the key itself for a missing key: ask the dict
        if dict.get(item, "default") is not None:
            default.append(str(dict.get(item, "default")))
        elif dict.get(item, "named") is not None:
            named.append(str(dict.get(item, "named")))
    return QueryDataset(tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named)))


def bind_values(text: str, bindings: Bindings | None) -> str:
    """``text`` with ``bindings`` as a VALUES block opening its WHERE clause.

    A VALUES join opening the group (pyoxigraph ``substitutions`` differ from the other
    engines in BIND and BOUND: :func:`oxigraph_bindings` uses them only where they agree).

    >>> from rdflib import URIRef
    >>> bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": URIRef("http://x/y")})
    'SELECT ?s WHERE { VALUES ?o { <http://x/y> } ?s ?p ?o }'
    """
    if not bindings:
        return text
    from intlgraph.sparqltext import insert_values

    return insert_values(text, bindings)


#: Parse-tree nodes in which a substituted variable would not behave as a VALUES-bound one on
#: Oxigraph (BOUND and BIND see it unbound; a sub-select or VALUES has its own scope).
_UNSAFE_NODES = frozenset(
    {"Bind", "Builtin_BOUND", "Builtin_COALESCE", "Builtin_IF", "SubSelect", "InlineData"}
)


def oxigraph_bindings(text: str, bindings: Bindings | None) -> tuple[str, dict[Any, Any]]:
    """``text`` and pyoxigraph ``substitutions`` binding ``bindings`` on the Oxigraph engine.

    A scalar is substituted as a pyoxigraph term (never as text) where that gives the rows
    a ``VALUES`` block would: the query projects the variable (SELECT; pyoxigraph's rule) and
    uses it in no BIND, BOUND, COALESCE, IF, sub-select or VALUES (read from the real parse,
    :func:`intlgraph.guard.parse`). Oxigraph joins a VALUES block late — up to 99× slower on
    a large graph — so substitution is the fast path; lists, and scalars used otherwise, go
    in a VALUES block opening the WHERE clause (:func:`bind_values`).

    >>> from rdflib import URIRef
    >>> text, subs = oxigraph_bindings("SELECT ?o ?s WHERE { ?s ?p ?o }", {"o": URIRef("http://x/y")})
    >>> text, subs
    ('SELECT ?o ?s WHERE { ?s ?p ?o }', {<Variable value=o>: <NamedNode value=http://x/y>})
    >>> oxigraph_bindings("SELECT ?s WHERE { ?s ?p ?o }", {"o": URIRef("http://x/y")})
    ('SELECT ?s WHERE { VALUES ?o { <http://x/y> } ?s ?p ?o }', {})
    """
    if not bindings:
        return text, {}
    import pyoxigraph as ox
    from rdflib import BNode

    safe = _substitutable(text)
    substitutions: dict[Any, Any] = {}
    rest: dict[str, Any] = {}
    for name, value in bindings.items():
        if name in safe and not isinstance(value, list | tuple | BNode):
            substitutions[ox.Variable(name)] = to_oxigraph(cast("Identifier", value))
        else:
            rest[name] = value
    return bind_values(text, rest), substitutions


@lru_cache(maxsize=256)
def _substitutable(text: str) -> frozenset[str]:
    """The variables of ``text`` that pyoxigraph may substitute (see :func:`oxigraph_bindings`)."""
    from pyparsing import ParseResults
    from rdflib import Variable
    from rdflib.plugins.sparql.parserutils import CompValue

    from intlgraph import guard
    from intlgraph.exc import IntlgraphError

    try:
        query = guard.parse(text)[1]
    except IntlgraphError:
        return frozenset()
    if query.name == "SelectQuery":
        projection = dict.get(query, "projection") or []
        candidates = {
            str(item["var"])
            for item in projection
            if isinstance(item, CompValue) and dict.get(item, "var") is not None
        }
    elif query.name in {"AskQuery", "ConstructQuery"}:
        candidates = None  # every variable (pyoxigraph checks no projection)
    else:
        return frozenset()
    unsafe: set[str] = set()
    seen: set[str] = set()
    stack: list[tuple[Any, bool]] = [(query, False)]
    while stack:
        node, inside = stack.pop()
        if isinstance(node, Variable):
            (unsafe if inside else seen).add(str(node))
        elif isinstance(node, CompValue):
            if node.name == "vars" and dict.get(node, "evar") is not None:  # (expr AS ?v)
                inside = True
            inside = inside or node.name in _UNSAFE_NODES
            stack.extend((value, inside) for value in dict.values(node))
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend((value, inside) for value in node)
    allowed = seen if candidates is None else candidates
    return frozenset(allowed - unsafe)


class Engine(ABC):
    """A SPARQL engine holding (or reaching) one graph."""

    name: ClassVar[str]

    @abstractmethod
    def select(self, text: str, bindings: Bindings | None = None) -> Table:
        """Run a SELECT query."""

    @abstractmethod
    def ask(self, text: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def graph_query(self, text: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the triples as an rdflib graph."""

    @abstractmethod
    def count(self) -> int:
        """The number of triples."""

    @abstractmethod
    def to_graph(self) -> Graph:
        """All triples as an rdflib graph (for SHACL validation and export)."""

    @abstractmethod
    def add_graph(self, graph: Graph) -> None:
        """Add the triples of ``graph``."""

    def add_named_graphs(self, named: Mapping[Identifier, Graph]) -> None:
        """Keep ``named`` as named graphs (their triples are already in the default graph,
        through :meth:`add_graph`). Engines without named graphs keep only the union."""
        return None

    def labels(self, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
        """The label of each IRI in ``lang`` (falling back to the other language)."""
        from rdflib import URIRef

        wanted = sorted(set(iris))
        found: dict[str, list[tuple[str, str | None]]] = {}
        for start in range(0, len(wanted), _LABEL_BATCH):
            chunk = [URIRef(i) for i in wanted[start : start + _LABEL_BATCH]]
            table = self.select(bind_values(_LABEL_QUERY, {"s": chunk}))
            for subject, label in table.rows:
                if isinstance(label, str):
                    found.setdefault(subject, []).append(
                        (str(label), getattr(label, "language", None))
                    )
        result = {}
        for iri, candidates in found.items():
            picked = pick_label(candidates, lang)
            if picked is not None:
                result[iri] = picked
        return result


class LangStr(str):
    """A label with its language (only used inside :meth:`Engine.labels`)."""

    __slots__ = ("language",)
    language: str | None


def lang_str(text: str, language: str | None) -> LangStr:
    """A string that remembers its language tag (what every engine's label cells are).

    >>> label = lang_str("Федерация", "ru")
    >>> label, label.language
    ('Федерация', 'ru')
    """
    value = LangStr(text)
    value.language = language
    return value


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
            raise EngineError(f"memory engine: {_first_line(error)}") from error
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
            dataset = _from_clause(prepared.algebra.datasetClause)
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
            raise EngineError(f"memory engine: {_first_line(error)}") from error

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


# --- Oxigraph ------------------------------------------------------------------------

_OX_FORMATS = {
    "turtle": "TURTLE",
    "trig": "TRIG",
    "json-ld": "JSON_LD",
    "nt": "N_TRIPLES",
    "nquads": "N_QUADS",
    "xml": "RDF_XML",
}
_META_FILE = "intlgraph-sources.json"


def oxigraph_cell(term: Any) -> Any:
    """A pyoxigraph term as a result value."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return IRI(term.value)
    if kind == "Literal":
        if term.language:
            return lang_str(term.value, term.language)
        return literal_value(term.value, term.datatype.value, None)
    if kind == "BlankNode":
        return BlankNode(f"_:{term.value}")
    return str(term)


def _cell_converter() -> Any:
    """:func:`oxigraph_cell` for one result: classes compared by identity, each distinct
    literal converted once (statuses, dates and numbers repeat down a column)."""
    import pyoxigraph as ox

    named, literal = ox.NamedNode, ox.Literal
    seen: dict[Any, Any] = {}

    def cell(term: Any) -> Any:
        kind = type(term)
        if kind is named:
            return IRI(term.value)
        if kind is literal:
            value = seen.get(term, seen)
            if value is seen:
                value = seen[term] = oxigraph_cell(term)
            return value
        return oxigraph_cell(term)

    return cell


def to_oxigraph(term: Identifier) -> Any:
    """An rdflib term as a pyoxigraph term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise EngineError(f"cannot use {term!r} as an Oxigraph term")


def _pick(candidates: list[tuple[str, str | None]], lang: str) -> str | None:
    return candidates[0][0] if len(candidates) == 1 else pick_label(candidates, lang)


#: From this many IRIs on, :meth:`OxigraphEngine.labels` scans every label once.
_LABEL_SCAN_FROM = 2_000


@lru_cache(maxsize=1)
def _label_predicates() -> tuple[Any, ...]:
    import pyoxigraph as ox

    return (
        ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
        ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
    )


class OxigraphEngine(Engine):
    """The embedded Oxigraph store, in memory or on disk: the engine for large graphs.

    >>> engine = OxigraphEngine()
    >>> engine.count()
    0
    """

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.path = Path(path) if path is not None else None
        self._all_labels: dict[str, list[tuple[str, str | None]]] | None = None
        self._picked: dict[str, dict[str, str | None]] = {}
        self.store: pyoxigraph.Store
        if read_only and self.path is not None:  # no lock: many processes may read it
            try:
                self.store = ox.Store.read_only(str(self.path))
            except (OSError, RuntimeError) as error:  # RuntimeError: "Corruption: ..."
                raise EngineError(
                    f"cannot open the Oxigraph store at {self.path}: {error}"
                ) from error
            return
        try:
            self.store = ox.Store(str(self.path)) if self.path else ox.Store()
        except RuntimeError as error:  # RocksDB reports a damaged store so
            raise EngineError(f"cannot open the Oxigraph store at {self.path}: {error}") from error
        except OSError as error:
            if "lock" not in str(error).lower():
                raise EngineError(
                    f"cannot open the Oxigraph store at {self.path}: {error}"
                ) from error
            # an engine of this process that is unreachable but not yet collected (a
            # reference cycle) still holds the store's lock: collect it, then try again
            import gc

            gc.collect()
            try:
                self.store = ox.Store(str(self.path))
            except OSError as again:
                raise EngineError(
                    f"cannot open the Oxigraph store at {self.path}: {again}"
                ) from again

    # loading ---------------------------------------------------------------------------

    @classmethod
    def open_or_build(cls, path: str | Path, files: Sequence[Path]) -> OxigraphEngine:
        """The on-disk store at ``path`` built from ``files``: reused when it was built from
        exactly these unchanged files, else built again — atomically.

        The new store is built in a temporary folder beside ``path`` and renamed into place
        only when every file has loaded; the list of sources is written last, inside it. A
        bad file, a full disk or a killed process leaves the previous store as it was.

        >>> import tempfile
        >>> from intlgraph import paths
        >>> folder = Path(tempfile.mkdtemp()) / "store"
        >>> OxigraphEngine.open_or_build(folder, paths.ontology_files()[:1]).count() > 500
        True
        """
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise EngineError(f"cannot use {path} as an Oxigraph store: it is not a folder")
        for source in files:
            from intlgraph import rdfio

            rdfio.check_readable(source)
        _remove_leftovers(path)
        if (path / _META_FILE).is_file():
            current = cls(path)
            if current.is_current(files):
                return current
            del current  # close it (pyoxigraph closes the store when the object goes)
        building = path.parent / f".{path.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh = cls(building)
            fresh.load_files(files)
            fresh.store.flush()
            del fresh
            _swap(building, path)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        return cls(path)

    def load_files(self, files: Sequence[Path]) -> None:
        """Load ``files`` into the (empty) store; on a bad file the store is left empty."""

        from intlgraph import rdfio

        raws = [rdfio.check_readable(path) for path in files]
        self._all_labels, self._picked = None, {}
        try:
            for path, raw in zip(files, raws, strict=True):
                # parsed strictly and offline by rdfio (entities bounded, no remote context);
                # named graphs are kept, and every triple is in the default graph too
                quads = rdfio.oxigraph_quads(path, rdfio.format_for(path), raw)
                self.store.bulk_extend(_with_union(quads))
        except BaseException:
            self.store.clear()
            raise
        self.store.flush()
        if self.path is not None:  # written last: only a complete store names its sources
            from intlgraph.output import atomic_write

            atomic_write(self.path / _META_FILE, json.dumps(_fingerprint(files)))

    def is_current(self, files: Sequence[Path]) -> bool:
        """True when the on-disk store was built from exactly these (unchanged) files."""
        if self.path is None:
            return False
        meta = self.path / _META_FILE
        try:
            return bool(json.loads(meta.read_text(encoding="utf-8")) == _fingerprint(files))
        except (OSError, ValueError):
            return False

    def add_graph(self, graph: Graph) -> None:
        import pyoxigraph as ox

        data = graph.serialize(format="nt", encoding="utf-8")
        self._all_labels, self._picked = None, {}
        self.store.load(data, format=ox.RdfFormat.N_TRIPLES)

    def add_named_graphs(self, named: Mapping[Identifier, Graph]) -> None:
        """Keep ``named`` as named graphs (and their triples in the default graph).

        >>> from rdflib import Graph, URIRef
        >>> engine = OxigraphEngine()
        >>> engine.add_named_graphs({URIRef("http://ex/g"): Graph().parse(
        ...     data="<http://ex/s> <http://ex/p> 1 .", format="turtle")})
        >>> engine.ask("ASK { GRAPH <http://ex/g> { ?s ?p 1 } }"), engine.count()
        (True, 1)
        """
        import pyoxigraph as ox

        self._all_labels, self._picked = None, {}
        for name, graph in named.items():
            label = to_oxigraph(name)
            self.store.extend(
                _with_union(
                    ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), label)
                    for s, p, o in cast(
                        "Iterable[tuple[Identifier, Identifier, Identifier]]", graph
                    )
                )
            )

    # querying --------------------------------------------------------------------------

    def evaluate(
        self,
        text: str,
        *,
        dataset: QueryDataset | None = None,
        base: str | None = None,
        prefixes: Mapping[str, str] | None = None,
        substitutions: Mapping[Any, Any] | None = None,
    ) -> Any:
        """Run ``text`` on ``dataset`` (see :func:`oxigraph_query`)."""
        return oxigraph_query(
            self.store,
            text,
            dataset=dataset,
            base=base,
            prefixes=prefixes,
            substitutions=substitutions,
        )

    def _run(
        self,
        text: str,
        bindings: Bindings | None,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> Any:
        try:
            bound, substitutions = oxigraph_bindings(text, bindings)
            return self.evaluate(bound, dataset=dataset, base=base, substitutions=substitutions)
        except (SyntaxError, OSError, ValueError, RuntimeError) as error:
            raise EngineError(f"oxigraph engine: {_first_line(error)}") from error

    def select(
        self,
        text: str,
        bindings: Bindings | None = None,
        *,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> Table:
        import pyoxigraph as ox

        result = self._run(text, bindings, dataset, base)
        if not isinstance(result, ox.QuerySolutions):
            raise EngineError("expected a SELECT query")
        columns = [v.value for v in result.variables]
        width = range(len(columns))
        cell = _cell_converter()
        rows = [[cell(solution[i]) for i in width] for solution in result]
        return Table(columns, rows)

    def ask(
        self,
        text: str,
        bindings: Bindings | None = None,
        *,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> bool:
        return bool(self._run(text, bindings, dataset, base))

    def graph_query(
        self,
        text: str,
        bindings: Bindings | None = None,
        *,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        result = self._run(text, bindings, dataset, base)
        data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        return Graph().parse(data=data.decode("utf-8"), format="nt")

    def count(self) -> int:
        """The triples of the default graph (the union of all graphs)."""
        if next(iter(self.store.named_graphs()), None) is None:
            return len(self.store)
        import pyoxigraph as ox

        solutions = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(solutions, ox.QuerySolutions)
        return int(next(iter(solutions))[0].value)

    def labels(self, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
        """Labels read straight from the store's index (no SPARQL round trip).

        For a few IRIs, two index look-ups each; for many (a large result), one scan of every
        label of the store, so the labels of a 100,000-row result cost about what one pass
        over the store's labels costs. Both, and each IRI's pick per language, are kept until
        the store changes through this engine (``load_files``, ``add_graph``, ...).
        """
        import pyoxigraph as ox

        wanted = set(iris)
        # each IRI's pick in ``lang`` is kept until the store changes (a report's queries,
        # a large result's columns, repeat the same IRIs)
        picked = self._picked.setdefault(lang, {})
        missing = [iri for iri in wanted if iri not in picked]
        if len(missing) >= _LABEL_SCAN_FROM or (missing and self._all_labels is not None):
            every = self._label_map()
            picked = self._picked.setdefault(lang, {})  # the map was (re)built: start again
            missing = [iri for iri in wanted if iri not in picked]
            for iri in missing:
                candidates = every.get(iri)
                picked[iri] = _pick(candidates, lang) if candidates else None
        elif missing:
            graph = ox.DefaultGraph()
            for iri in missing:
                subject = ox.NamedNode(iri)
                candidates = [
                    (quad.object.value, quad.object.language)
                    for predicate in _label_predicates()
                    for quad in self.store.quads_for_pattern(subject, predicate, None, graph)
                    if isinstance(quad.object, ox.Literal)
                ]
                picked[iri] = _pick(candidates, lang) if candidates else None
        return {iri: label for iri in wanted if (label := picked[iri]) is not None}

    def _label_map(self) -> dict[str, list[tuple[str, str | None]]]:
        """Every labelled IRI's (label, language) pairs: one scan, kept until a change."""
        if self._all_labels is None:
            import pyoxigraph as ox

            every: dict[str, list[tuple[str, str | None]]] = {}
            graph = ox.DefaultGraph()
            for predicate in _label_predicates():
                for quad in self.store.quads_for_pattern(None, predicate, None, graph):
                    subject, label = quad.subject, quad.object
                    if isinstance(subject, ox.NamedNode) and isinstance(label, ox.Literal):
                        every.setdefault(subject.value, []).append((label.value, label.language))
            self._all_labels = every
            self._picked = {}
        return self._all_labels

    def to_graph(self) -> Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        return Graph().parse(data=data.decode("utf-8"), format="nt")


def oxigraph_query(
    store: pyoxigraph.Store,
    text: str,
    *,
    dataset: QueryDataset | None = None,
    base: str | None = None,
    prefixes: Mapping[str, str] | None = None,
    substitutions: Mapping[Any, Any] | None = None,
) -> Any:
    """Run ``text`` on ``store``, reading ``dataset`` (default: the query's own FROM / FROM
    NAMED, else the whole dataset); relative IRIs resolve against ``base``; ``substitutions``
    (pyoxigraph variables to terms) as :func:`oxigraph_bindings` makes them. pyoxigraph's
    result, or its ``SyntaxError``. Nothing is ever fetched.

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p"),
    ...                   ox.Literal("1"), ox.NamedNode("http://ex/g")))
    >>> bool(oxigraph_query(store, "ASK { ?s ?p ?o }", dataset=QueryDataset(("http://ex/g",))))
    True
    """
    import pyoxigraph as ox

    options: dict[str, Any] = {"base_iri": base, "prefixes": dict(prefixes or {})}
    if substitutions:
        options["substitutions"] = dict(substitutions)
    if dataset is None:  # Oxigraph reads a FROM graph from the store, never elsewhere
        return store.query(text, **options)
    named: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri) for iri in dataset.named]
    if len(dataset.default) <= 1:
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
            ox.NamedNode(iri) for iri in dataset.default
        ]
        return store.query(text, default_graph=default, named_graphs=named, **options)
    # Oxigraph joins several default graphs as a bag; SPARQL merges them (a set)
    merged = ox.Store()
    for iri in dict.fromkeys(dataset.default):
        merged.extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
            for q in store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
        )
    for name in named:
        merged.extend(store.quads_for_pattern(None, None, None, name))
    return merged.query(text, default_graph=ox.DefaultGraph(), named_graphs=named, **options)


def _with_union(quads: Iterable[Any]) -> Iterator[Any]:
    """Each quad, and its triple in the default graph too (the union of all graphs)."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for quad in quads:
        yield quad
        if quad.graph_name != default:
            yield ox.Quad(quad.subject, quad.predicate, quad.object, default)


def _swap(built: Path, path: Path) -> None:
    """Put the folder ``built`` in the place of ``path`` (two renames; the old one is removed).

    A process killed between the two renames leaves no store at ``path``, so the next load
    builds it again: never a store that answers from a part of its files.
    """
    try:
        if path.exists():
            retired = path.parent / f".{path.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            os.rename(path, retired)
            os.rename(built, path)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(built, path)
    except OSError as error:
        raise EngineError(f"cannot put the new Oxigraph store at {path}: {error}") from error


def _remove_leftovers(path: Path) -> None:
    """Remove temporary folders of builds beside ``path`` whose process has gone."""
    try:
        siblings = list(path.parent.glob(f".{path.name}.*-*-*"))
    except OSError:
        return
    for folder in siblings:
        kind, _, rest = folder.name[len(path.name) + 2 :].partition("-")
        pid = rest.split("-")[0]
        if kind in {"building", "old"} and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fingerprint(files: Sequence[Path]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for path in files:
        stat = path.stat()
        out.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
    return out


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
