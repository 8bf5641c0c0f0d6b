"""The embedded Oxigraph engine: a pyoxigraph store in memory or on disk.

>>> from intlgraph.engines.oxigraph import OxigraphEngine
>>> engine = OxigraphEngine()
>>> engine.ask("ASK { ?s ?p ?o }"), engine.count()
(False, 0)
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from intlgraph.engines.oxigraph_rows import cells_from_tsv, rows_from_terms, rows_from_tsv
from intlgraph.exc import EngineError
from intlgraph.results import Table, gc_paused, pick_label

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph
    from rdflib.term import Identifier

from intlgraph.engines.base import Bindings, Engine, QueryDataset, bind_values, first_line

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


# --- Oxigraph ------------------------------------------------------------------------

_META_FILE = "intlgraph-sources.json"


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


def _pick(candidates: Sequence[tuple[str, str | None]], lang: str) -> str | None:
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
        self.read_only = bool(read_only and self.path is not None)
        self._all_labels: dict[str, tuple[tuple[str, str | None], ...]] | None = None
        # per language, each IRI's pick: its label, or its place among those without one
        self._labelled: dict[str, dict[str, str]] = {}
        self._unlabelled: dict[str, set[str]] = {}
        self._store: pyoxigraph.Store
        self._strict = False  # see mark_strict
        if read_only and self.path is not None:  # no lock: many processes may read it
            try:
                self._store = ox.Store.read_only(str(self.path))
            except (OSError, RuntimeError) as error:  # RuntimeError: "Corruption: ..."
                raise EngineError(
                    f"cannot open the Oxigraph store at {self.path}: {error}"
                ) from error
            self._strict = self._empty()
            return
        try:
            self._store = ox.Store(str(self.path)) if self.path else ox.Store()
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
                self._store = ox.Store(str(self.path))
            except OSError as again:
                raise EngineError(
                    f"cannot open the Oxigraph store at {self.path}: {again}"
                ) from again
        # a new store is filled only through this engine, whose loaders parse strictly; a
        # store that already holds data may have been loaded leniently by another tool
        self._strict = self._empty()

    @property
    def store(self) -> pyoxigraph.Store:
        """The pyoxigraph store. One handed in by assignment is read term by term (see
        :meth:`mark_strict`): the engine cannot know how it was filled."""
        return self._store

    @store.setter
    def store(self, store: pyoxigraph.Store) -> None:
        self._store = store
        self._strict = False
        self._forget_labels()

    def mark_strict(self) -> None:
        """Declare that every IRI in the store is a valid IRI — it was parsed strictly, as
        intlgraph's loaders parse — so results are read from their TSV text (20-35 % faster
        on large results than term by term, :mod:`intlgraph.engines.oxigraph_rows`).

        intlgraph marks the stores it fills itself. A store that already held data when it
        was opened, or one assigned to :attr:`store`, is read term by term until marked:
        loaded leniently (``lenient=True``, ``oxigraph load --lenient``) it can hold an IRI
        with a tab or a line break, which TSV text cannot tell from a cell or a row break.
        Loading leniently into the store of an engine that reads text (one it made, or one
        marked) bypasses its loaders: assign the store again (``engine.store = engine.store``)
        and it is read term by term.
        """
        self._strict = True

    def _empty(self) -> bool:
        return next(iter(self._store), None) is None

    # loading ---------------------------------------------------------------------------

    @classmethod
    def open_or_build(cls, path: str | Path, files: Sequence[Path]) -> OxigraphEngine:
        """The on-disk store at ``path`` built from ``files``: reused when it was built from
        exactly these unchanged files, else built again — atomically.

        The new store is built in a temporary folder beside ``path`` and renamed into place
        only when every file has loaded; the list of sources is written last, inside it. A
        bad file, a full disk or a killed process leaves the previous store as it was.
        Processes sharing ``path`` take turns (a lock on the folder that holds it) to check
        and build it, so two first runs build it once; the store is returned opened
        read-only, so any number of processes may use it at once.

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
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise EngineError(
                f"cannot make the folder of the Oxigraph store {path}: {error}"
            ) from error
        with _build_lock(path):
            _remove_leftovers(path)
            if _is_current(path, files):
                return cls._built_here(path)
            building = path.parent / f".{path.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            try:
                fresh = cls(building)
                fresh.load_files(files)
                fresh.store.flush()
                del fresh
                _swap(building, path)
            except BaseException:
                shutil.rmtree(building, ignore_errors=True)
                raise
            return cls._built_here(path)

    @classmethod
    def _built_here(cls, path: Path) -> OxigraphEngine:
        """The store at ``path``, which this class built from files it parsed strictly
        (its list of sources is written only then), opened read-only."""
        engine = cls(path, read_only=True)
        engine.mark_strict()
        return engine

    def load_files(self, files: Sequence[Path]) -> None:
        """Load ``files`` into the (empty) store; on a bad file the store is left empty."""

        from intlgraph import rdfio

        self._check_writable()
        raws = [rdfio.check_readable(path) for path in files]
        self._forget_labels()
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
        return self.path is not None and _is_current(self.path, files)

    def _check_writable(self) -> None:
        if self.read_only:
            raise EngineError(
                f"the Oxigraph store at {self.path} is shared read-only: give every file when "
                "it is built (load(..., store=..., extra=[...])), or load without a store"
            )

    def add_graph(self, graph: Graph) -> None:
        import pyoxigraph as ox

        self._check_writable()
        data = graph.serialize(format="nt", encoding="utf-8")
        self._forget_labels()
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

        self._check_writable()
        self._forget_labels()
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
            raise EngineError(f"oxigraph engine: {first_line(error)}") from error

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
        if not self._strict:  # a store filled elsewhere: its terms one by one (mark_strict)
            with gc_paused():
                return Table(columns, rows_from_terms(result, len(columns)))
        try:  # the rows as text, written by Oxigraph at once (intlgraph.engines.oxigraph_rows)
            data = result.serialize(format=ox.QueryResultsFormat.TSV) or b""
        except (OSError, ValueError, RuntimeError) as error:
            raise EngineError(f"oxigraph engine: {first_line(error)}") from error
        with gc_paused():  # lists of plain values: no cycles to collect
            if not columns:
                return Table(columns, rows_from_tsv(data, 0))
            return Table.from_cells(columns, cells_from_tsv(data, len(columns)))

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
        wanted = iris if isinstance(iris, set | frozenset) else set(iris)
        self._pick_labels(wanted, lang)
        labelled, unlabelled = self._labelled[lang], self._unlabelled[lang]
        found = wanted.difference(unlabelled)  # every wanted IRI is picked by now
        return dict(zip(found, map(labelled.__getitem__, found), strict=True))

    def label_lookup(self, iris: Iterable[str], lang: str = "en") -> Mapping[str, str]:
        """The labels of ``iris`` to look up, without a copy: the engine's own picks in
        ``lang`` (every labelled IRI picked so far), valid until the store changes. A large
        result's frame reads its labels here: copying the picks of 67,000 IRIs into a dict
        of their own took longer than all its label columns (1M triples)."""
        wanted = iris if isinstance(iris, set | frozenset) else set(iris)
        self._pick_labels(wanted, lang)
        return self._labelled[lang]

    def _pick_labels(self, wanted: set[str] | frozenset[str], lang: str) -> None:
        """Pick the label in ``lang`` of each IRI of ``wanted`` not picked yet."""
        import pyoxigraph as ox

        # each IRI's pick in ``lang`` is kept until the store changes (a report's queries,
        # a large result's columns, repeat the same IRIs); set operations, not loops, for
        # the IRIs already picked
        labelled = self._labelled.setdefault(lang, {})
        unlabelled = self._unlabelled.setdefault(lang, set())
        # set differences one by one: each looks up the (few) wanted IRIs, not the big sides
        missing = wanted.difference(labelled).difference(unlabelled)
        if len(missing) >= _LABEL_SCAN_FROM or (missing and self._all_labels is not None):
            every = self._label_map()
            # the map was (re)built: start again
            labelled = self._labelled.setdefault(lang, {})
            unlabelled = self._unlabelled.setdefault(lang, set())
            missing = wanted.difference(labelled).difference(unlabelled)
            for iri in missing:
                candidates = every.get(iri)
                self._remember(lang, iri, _pick(candidates, lang) if candidates else None)
        elif missing:
            graph = ox.DefaultGraph()
            for iri in missing:
                subject = ox.NamedNode(iri)
                pairs = [
                    (quad.object.value, quad.object.language)
                    for predicate in _label_predicates()
                    for quad in self.store.quads_for_pattern(subject, predicate, None, graph)
                    if isinstance(quad.object, ox.Literal)
                ]
                self._remember(lang, iri, _pick(pairs, lang) if pairs else None)

    def _remember(self, lang: str, iri: str, label: str | None) -> None:
        # kept as plain text: a result's IRIs are str subclasses, objects Python's collector
        # tracks, and a large graph's picks would be walked by each full collection
        key = str(iri)
        if label is None:
            self._unlabelled.setdefault(lang, set()).add(key)
        else:
            self._labelled.setdefault(lang, {})[key] = label

    def _forget_labels(self) -> None:
        """Drop the label map and every pick (the store changed)."""
        self._all_labels, self._labelled, self._unlabelled = None, {}, {}

    def _label_map(self) -> dict[str, tuple[tuple[str, str | None], ...]]:
        """Every labelled IRI's (label, language) pairs: one scan, kept until a change.

        The pairs are kept as tuples of text, which Python's collector stops tracking: as
        lists, the ~100,000 of a million-triple graph were walked by every full collection
        of the process (~100 ms each).
        """
        if self._all_labels is None:
            import pyoxigraph as ox

            every: dict[str, list[tuple[str, str | None]]] = {}
            graph = ox.DefaultGraph()
            for predicate in _label_predicates():
                for quad in self.store.quads_for_pattern(None, predicate, None, graph):
                    subject, label = quad.subject, quad.object
                    if isinstance(subject, ox.NamedNode) and isinstance(label, ox.Literal):
                        every.setdefault(subject.value, []).append((label.value, label.language))
            self._all_labels = {iri: tuple(pairs) for iri, pairs in every.items()}
            self._labelled, self._unlabelled = {}, {}
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


def _is_current(path: Path, files: Sequence[Path]) -> bool:
    """True when the store at ``path`` names exactly these (unchanged) files as its sources."""
    try:
        meta = json.loads((path / _META_FILE).read_text(encoding="utf-8"))
        return bool(meta == _fingerprint(files))
    except (OSError, ValueError):
        return False


#: How long a process waits for another one building the same store (a million triples take
#: seconds to build; this leaves room for a hundred times more on a slow disk).
BUILD_WAIT_SECONDS = 900.0


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder that holds the store ``path`` (``flock`` on the
    folder itself: no lock file is left behind; the kernel releases it when the process
    ends, however it ends). Waits at most :data:`BUILD_WAIT_SECONDS` for another process,
    then fails with an :class:`EngineError` naming the store."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock between processes
        yield
        return
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError as error:
        raise EngineError(f"cannot lock the Oxigraph store at {path}: {error}") from error
    try:
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise EngineError(
                        f"another process has been building the Oxigraph store at {path} for "
                        f"over {BUILD_WAIT_SECONDS:.0f} s; try again when it has finished"
                    ) from None
                time.sleep(0.1)
            except OSError as error:  # a file system without locks
                raise EngineError(f"cannot lock the Oxigraph store at {path}: {error}") from error
        yield
    finally:
        os.close(folder)  # closing the descriptor releases the lock


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
