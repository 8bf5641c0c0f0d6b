"""Query engines: the in-memory rdflib graph and the embedded Oxigraph store.

Every engine answers the same three calls — :meth:`Engine.select`, :meth:`Engine.ask` and
:meth:`Engine.graph_query` — with the same Python values (:mod:`intlgraph.results`), so a
named query gives the same rows whichever engine runs it. The remote engine (any SPARQL 1.1
endpoint) lives in :mod:`intlgraph.remote`.

Parameters are RDF terms, never pasted text: Oxigraph and remote endpoints get a ``VALUES``
block of escaped terms opening the WHERE clause (:func:`bind_values`); rdflib gets scalars as
``initBindings`` (its inline VALUES joins last, which changes OPTIONAL results) and lists as
VALUES. The parity test holds the engines to the same rows.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from intlgraph.exc import EngineError
from intlgraph.results import IRI, BlankNode, Table, literal_value, pick_label
from intlgraph.sparqltext import insert_values

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Identifier

__all__ = ["ENGINES", "Bindings", "Engine", "MemoryEngine", "OxigraphEngine", "bind_values"]

Bindings = Mapping[str, "Identifier | Sequence[Identifier]"]

#: Engines :func:`intlgraph.load` accepts (``endpoint`` comes from :func:`intlgraph.connect`).
ENGINES: tuple[str, ...] = ("memory", "oxigraph")

_LABEL_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?label WHERE { ?s rdfs:label|skos:prefLabel ?label }"""
_LABEL_BATCH = 400


def bind_values(text: str, bindings: Bindings | None) -> str:
    """``text`` with ``bindings`` as a VALUES block opening its WHERE clause.

    A VALUES join opening the group (pyoxigraph ``substitutions`` would differ from the
    other engines in BIND and BOUND).

    >>> from rdflib import URIRef
    >>> bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": URIRef("http://x/y")})
    'SELECT ?s WHERE { VALUES ?o { <http://x/y> } ?s ?p ?o }'
    """
    return insert_values(text, bindings) if bindings else text


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

    def labels(self, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
        """The label of each IRI in ``lang`` (falling back to the other language)."""
        from rdflib import URIRef

        wanted = sorted(set(iris))
        found: dict[str, list[tuple[str, str | None]]] = {}
        for start in range(0, len(wanted), _LABEL_BATCH):
            chunk = [URIRef(i) for i in wanted[start : start + _LABEL_BATCH]]
            table = self.select(insert_values(_LABEL_QUERY, {"s": chunk}))
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


class _LangStr(str):
    """A label with its language (only used inside :meth:`Engine.labels`)."""

    __slots__ = ("language",)
    language: str | None


def _lang_str(text: str, language: str | None) -> _LangStr:
    value = _LangStr(text)
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
            return _lang_str(str(term), term.language)
        return literal_value(str(term), str(term.datatype) if term.datatype else None, None)
    if isinstance(term, BNode):
        return BlankNode(f"_:{term}")
    return str(term)


class MemoryEngine(Engine):
    """An rdflib in-memory graph: no set-up, fine for the bundled data.

    >>> from rdflib import Graph
    >>> MemoryEngine(Graph()).count()
    0
    """

    name = "memory"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _run(self, text: str, bindings: Bindings | None) -> Any:
        import rdflib.plugins.sparql
        from rdflib import Variable

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
        try:
            return self.graph.query(
                bind_values(text, lists),
                initBindings={Variable(k): v for k, v in scalars.items()} or None,
            )
        except Exception as error:  # rdflib raises pyparsing and many other errors
            raise EngineError(f"memory engine: {_first_line(error)}") from error

    def select(self, text: str, bindings: Bindings | None = None) -> Table:
        result = self._run(text, bindings)
        if result.type != "SELECT":
            raise EngineError(f"expected a SELECT query, got {result.type}")
        columns = [str(v) for v in result.vars or []]
        rows = [[rdflib_cell(term) for term in row] for row in result]
        return Table(columns, rows)

    def ask(self, text: str, bindings: Bindings | None = None) -> bool:
        result = self._run(text, bindings)
        return bool(result.askAnswer)

    def graph_query(self, text: str, bindings: Bindings | None = None) -> Graph:
        from rdflib import Graph

        result = self._run(text, bindings)
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
            return _lang_str(term.value, term.language)
        return literal_value(term.value, term.datatype.value, None)
    if kind == "BlankNode":
        return BlankNode(f"_:{term.value}")
    return str(term)


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


class OxigraphEngine(Engine):
    """The embedded Oxigraph store, in memory or on disk: the engine for large graphs.

    >>> engine = OxigraphEngine()
    >>> engine.count()
    0
    """

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None) -> None:
        import pyoxigraph as ox

        self.path = Path(path) if path is not None else None
        try:
            self.store: pyoxigraph.Store = ox.Store(str(self.path)) if self.path else ox.Store()
        except OSError as error:
            raise EngineError(f"cannot open the Oxigraph store at {self.path}: {error}") from error

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
        if (path / _META_FILE).is_file():
            current = cls(path)
            if current.is_current(files):
                return current
            del current  # close it (pyoxigraph closes the store when the object goes)
        _remove_leftovers(path)
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
        import pyoxigraph as ox

        from intlgraph import rdfio

        raws = [rdfio.check_readable(path) for path in files]
        try:
            for path, raw in zip(files, raws, strict=True):
                # parsed strictly and offline by rdfio (entities bounded, no remote context);
                # quads go into the default graph, as on the memory engine
                quads = rdfio.oxigraph_quads(path, rdfio.format_for(path), raw)
                self.store.bulk_extend(
                    ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads
                )
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
        self.store.load(data, format=ox.RdfFormat.N_TRIPLES)

    # querying --------------------------------------------------------------------------

    def _run(self, text: str, bindings: Bindings | None) -> Any:
        try:
            return self.store.query(bind_values(text, bindings))
        except (SyntaxError, OSError, ValueError, RuntimeError) as error:
            raise EngineError(f"oxigraph engine: {_first_line(error)}") from error

    def select(self, text: str, bindings: Bindings | None = None) -> Table:
        import pyoxigraph as ox

        result = self._run(text, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise EngineError("expected a SELECT query")
        columns = [v.value for v in result.variables]
        width = range(len(columns))
        rows = [[oxigraph_cell(solution[i]) for i in width] for solution in result]
        return Table(columns, rows)

    def ask(self, text: str, bindings: Bindings | None = None) -> bool:
        return bool(self._run(text, bindings))

    def graph_query(self, text: str, bindings: Bindings | None = None) -> Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        result = self._run(text, bindings)
        data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
        return Graph().parse(data=data.decode("utf-8"), format="nt")

    def count(self) -> int:
        return len(self.store)

    def labels(self, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
        """Labels read straight from the store's index (no SPARQL round trip)."""
        import pyoxigraph as ox

        predicates = [
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
        ]
        graph = ox.DefaultGraph()
        result: dict[str, str] = {}
        for iri in set(iris):
            subject = ox.NamedNode(iri)
            candidates = [
                (quad.object.value, quad.object.language)
                for predicate in predicates
                for quad in self.store.quads_for_pattern(subject, predicate, None, graph)
                if isinstance(quad.object, ox.Literal)
            ]
            picked = pick_label(candidates, lang)
            if picked is not None:
                result[iri] = picked
        return result

    def to_graph(self) -> Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        return Graph().parse(data=data.decode("utf-8"), format="nt")


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
