"""The knowledge graph: ontology + data (+ the user's files) in one rdflib graph.

>>> import intlgraph
>>> kg = intlgraph.load()
>>> kg
<KnowledgeGraph (memory): ... triples from ... files>
>>> kg.label("o:fprk"), kg.label("o:fprk", lang="ru")
('Federation of Trade Unions of the Republic of Kazakhstan',
 'Федерация профсоюзов Республики Казахстан')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, Namespace
from rdflib.term import Node

from intlgraph import deprecation, namespaces, paths, rdfio
from intlgraph.exc import IntlgraphError
from intlgraph.results import local_name

if TYPE_CHECKING:
    import pandas as pd

    from intlgraph.engines import Bindings, Engine
    from intlgraph.programme import Programme
    from intlgraph.stats import Stats
    from intlgraph.validate import ValidationReport

__all__ = [
    "IG",
    "IGD",
    "LANGUAGES",
    "KnowledgeGraph",
    "connect",
    "load",
    "load_cached",
    "local_name",
]

IG = Namespace(namespaces.IG)
IGD = Namespace(namespaces.ID)
ORG = Namespace(namespaces.ORG)
PROV = Namespace(namespaces.PROV)

#: Label languages, in fallback order.
LANGUAGES: tuple[str, ...] = ("en", "ru")


def load(
    *,
    extra: Iterable[str | Path] = (),
    include_bundled: bool = True,
    data: bool = True,
    queries: Iterable[str | Path] = (),
    engine: str = "memory",
    store: str | Path | None = None,
) -> KnowledgeGraph:
    """Load the bundled ontology and data plus ``extra`` files.

    ``data=False`` leaves out the bundled programme's data (``data/``) but keeps the ontology,
    vocabularies and shapes, for a graph of another programme described in ``extra`` files;
    ``include_bundled=False`` leaves out every bundled file. ``queries`` adds folders of the
    user's own named queries and gap checks to the catalogue (see
    :func:`intlgraph.named_queries.add_dir`).

    ``engine="memory"`` (default) keeps an rdflib graph; ``engine="oxigraph"`` uses the
    embedded Oxigraph store, in memory or on disk at ``store`` (a store built from the same,
    unchanged files opens again without re-parsing).

    Every file is checked first; only when all of them parse are they merged, so a bad file
    raises :class:`~intlgraph.exc.InputFileError` and no graph is built. TriG / N-Quads /
    JSON-LD files keep their named graphs (for ``GRAPH`` queries), and every triple is also
    in the default graph, the union of all graphs (what queries without ``GRAPH`` read).

    >>> import intlgraph
    >>> kg = intlgraph.load()
    >>> kg.label("o:gtuc"), kg.label("o:gtuc", lang="ru")
    ('Georgian Trade Unions Confederation', 'Объединение профсоюзов Грузии')
    >>> len(intlgraph.load(engine="oxigraph")) == len(kg)  # the same triples in Oxigraph
    True
    >>> bare = intlgraph.load(data=False)  # the ontology and vocabularies, no programme
    >>> bare.label("ig:Membership"), bare.labels(["o:gtuc"])
    ('membership', {})
    """
    from intlgraph import named_queries
    from intlgraph.engines import ENGINES, OxigraphEngine

    for folder in queries:
        named_queries.add_dir(folder)
    files: list[Path] = []
    if include_bundled:
        files += paths.ontology_files()
        if data:
            files += paths.data_files()
    # a workbook (.xlsx, see intlgraph.workbook) is read into a graph, its references
    # checked against the other files
    books = [Path(p) for p in extra if Path(p).suffix.lower() == ".xlsx"]
    files += [Path(p) for p in extra if Path(p) not in books]
    if engine == "memory":
        if store is not None:
            raise IntlgraphError(
                "store= is for engine='oxigraph'; the memory engine keeps no store"
            )
        graphs = rdfio.parse_files(files)
        graph = rdfio.merge(graphs + _read_workbooks(books, graphs))
        kg = KnowledgeGraph(graph, files + books)
        kg.engine.add_named_graphs(rdfio.named_graphs(files))
        return kg
    if engine == "oxigraph":
        if books and store is not None:
            raise IntlgraphError(
                "a workbook is not kept in an on-disk store: convert it first "
                "(intlgraph workbook import FILE.xlsx -o FILE.ttl) or leave out --store"
            )
        book_graphs = _read_workbooks(books, rdfio.parse_files(files)) if books else []
        if store is None:
            oxigraph = OxigraphEngine()
            oxigraph.load_files(files)
        else:  # built beside the old store and swapped in only when complete
            oxigraph = OxigraphEngine.open_or_build(store, files)
        for book_graph in book_graphs:
            oxigraph.add_graph(book_graph)
        return KnowledgeGraph(engine=oxigraph, sources=files + books)
    raise IntlgraphError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")


def load_cached(*, data: bool = True, cache: str | Path | None = None) -> KnowledgeGraph:
    """The bundled graph (``data=False``: without the programme's data) from an Oxigraph store
    kept in the user's cache folder (:func:`intlgraph.paths.cache_dir`), so a process does
    not parse the bundled files again while they are unchanged.

    The store's folder is named by a hash of intlgraph's and pyoxigraph's versions and of
    every file's name and content: a changed file gives a new store. It is built beside its
    place and renamed into it when complete (:meth:`OxigraphEngine.open_or_build`); a marker
    holding the number of triples is written last. A store without its marker, with another
    number of triples, or that cannot be opened is removed and built again — never used. A
    cache that cannot be written (read-only home, a busy store) falls back to parsing the
    files in memory, with the same answers.

    >>> import tempfile, intlgraph
    >>> folder = tempfile.mkdtemp()
    >>> first = load_cached(cache=folder)  # built
    >>> again = load_cached(cache=folder)  # opened, not parsed
    >>> len(again) == len(first) == len(intlgraph.load())
    True
    """
    import shutil

    from intlgraph import storecache
    from intlgraph.engines import OxigraphEngine
    from intlgraph.output import atomic_write

    opened = storecache.open_store(data=data, cache=cache)
    if opened is not None:
        return KnowledgeGraph(engine=opened.engine, sources=opened.files)
    files = storecache.bundled_files(data)
    key = storecache.store_key(files, rdfio.check_readable)
    place = storecache.folder(cache) / key
    try:
        shutil.rmtree(place, ignore_errors=True)  # unmarked, miscounted or unreadable
        built = OxigraphEngine.open_or_build(place, files)
        triples = len(built.store)
        prefixes = KnowledgeGraph(engine=built, sources=files).prefixes()
        atomic_write(place / storecache.MARKER, storecache.marker_text(key, triples, prefixes))
        del built  # release the write lock; readers open it read-only
        opened = storecache.open_store(data=data, cache=cache)
        if opened is not None:
            return KnowledgeGraph(engine=opened.engine, sources=opened.files)
    except (IntlgraphError, OSError):  # EngineError, OutputFileError ...
        pass
    return load(data=data)  # no usable cache: parse the files, same answers


def _read_workbooks(books: list[Path], graphs: list[Graph]) -> list[Graph]:
    if not books:
        return []
    from intlgraph.workbook import read_workbook

    known = rdfio.merge(graphs)
    return [read_workbook(book, known=known).graph for book in books]


def connect(
    url: str,
    *,
    timeout: float = 30.0,
    user: str | None = None,
    password: str | None = None,
) -> KnowledgeGraph:
    """The knowledge graph behind a remote SPARQL 1.1 endpoint, with the same query API.

    Here the endpoint is intlgraph's own read-only server (``intlgraph serve``), started in
    this process on a free port:

    >>> import threading, intlgraph
    >>> from intlgraph.server import Settings, make_server
    >>> server = make_server(intlgraph.load(engine="oxigraph"), port=0,
    ...                      settings=Settings(access_log=False))
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> kg = connect(server.url + "sparql")
    >>> kg.query("cq/cq05", lang="ru")["organisation_label"].tolist()
    ['Международная организация труда', 'Международная организация по миграции', 'ООН – Женщины']
    >>> server.shutdown()
    """
    from intlgraph.engines.endpoint import EndpointEngine

    return KnowledgeGraph(engine=EndpointEngine(url, timeout=timeout, user=user, password=password))


class KnowledgeGraph:
    """The graph behind one engine: named queries, ad-hoc SPARQL, labels, validation, stats.

    ``KnowledgeGraph(graph)`` wraps an rdflib graph (the memory engine); :func:`load` and
    :func:`connect` build one for the bundled files or an endpoint.

    >>> from rdflib import Graph
    >>> ttl = '''@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <https://w3id.org/intlgraph/id/org/fprk> rdfs:label "FPRK"@en , "ФПРК"@ru .'''
    >>> kg = KnowledgeGraph(Graph().parse(data=ttl, format="turtle"))
    >>> len(kg), kg.label("https://w3id.org/intlgraph/id/org/fprk", lang="ru")
    (2, 'ФПРК')
    """

    def __init__(
        self,
        graph: Graph | None = None,
        sources: Iterable[Path] = (),
        *,
        engine: Engine | None = None,
    ) -> None:
        from intlgraph.engines import MemoryEngine

        if engine is None:
            engine = MemoryEngine(graph if graph is not None else Graph())
        elif graph is not None:
            raise IntlgraphError("give either a graph or an engine, not both")
        self.engine: Engine = engine
        self.sources: list[Path] = list(sources)
        #: The programme chosen when the graph holds several (``--programme IRI``).
        self.programme_choice: str | None = None
        self._programme: dict[str | None, Programme] = {}
        self._graph: Graph | None = None
        self._prefixes: dict[str, str] | None = None
        if isinstance(engine, MemoryEngine):
            for prefix, namespace in (("ig", IG), ("igd", IGD), ("org", ORG), ("prov", PROV)):
                engine.graph.bind(prefix, namespace, override=False, replace=False)

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib graph (a copy, made once, for engines other than memory).

        >>> import intlgraph
        >>> from rdflib import RDFS, URIRef
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> gtuc = URIRef("https://w3id.org/intlgraph/id/org/gtuc")
        >>> sorted(str(label) for label in kg.graph.objects(gtuc, RDFS.label))
        ['Georgian Trade Unions Confederation', 'Объединение профсоюзов Грузии']
        >>> kg.graph is kg.graph
        True
        """
        from intlgraph.engines import MemoryEngine

        if isinstance(self.engine, MemoryEngine):
            return self.engine.graph
        if self._graph is None:
            self._graph = self.engine.to_graph()
            for prefix, namespace in (("ig", IG), ("igd", IGD), ("org", ORG), ("prov", PROV)):
                self._graph.bind(prefix, namespace, override=False, replace=False)
        return self._graph

    def __len__(self) -> int:
        """The number of triples."""
        return self.engine.count()

    def __repr__(self) -> str:
        return (
            f"<KnowledgeGraph ({self.engine.name}): {len(self)} triples "
            f"from {len(self.sources)} files>"
        )

    def add_files(self, files: Iterable[str | Path]) -> None:
        """Add more files; if any of them fails, the graph is left as it was.

        >>> import intlgraph, pathlib, tempfile
        >>> kg = intlgraph.load()
        >>> before = len(kg)
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     note = pathlib.Path(tmp, "note.nt")
        ...     _ = note.write_text("<https://w3id.org/intlgraph/id/org/fprk> "
        ...                         "<http://www.w3.org/2000/01/rdf-schema#comment> "
        ...                         '"my note" .\\n', encoding="utf-8")
        ...     kg.add_files([note])
        >>> len(kg) - before, kg.sources[-1].name
        (1, 'note.nt')
        """
        new_files = [Path(p) for p in files]
        graphs = rdfio.parse_files(new_files)
        for graph in graphs:
            self.engine.add_graph(graph)
        self.engine.add_named_graphs(rdfio.named_graphs(new_files))
        self._graph = None
        self._prefixes = None
        self._programme = {}
        self.sources += new_files

    def programme(self, iri: str | None = None) -> Programme:
        """The programme context: whose programme the graph describes (see
        :mod:`intlgraph.programme`); ``iri`` (or :attr:`programme_choice`) picks one of several.

        >>> import intlgraph
        >>> kg = intlgraph.load(engine="oxigraph")
        >>> kg.label(kg.programme().focal)
        'Federation of Trade Unions of the Republic of Kazakhstan'
        """
        from intlgraph.programme import context

        choice = iri if iri is not None else self.programme_choice
        if choice not in self._programme:
            self._programme[choice] = context(self, choice)
        return self._programme[choice]

    # --- queries ---------------------------------------------------------------------

    def query(
        self,
        query: str,
        /,
        lang: str | None = "en",
        *,
        labels: bool = True,
        params: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Run SPARQL text, or the catalogue's named query when ``query`` is a name (``cq/cq05``).

        The answer has the shape of the query's form: a SELECT gives a DataFrame (IRIs as
        str, typed values, and an ``<column>_label`` column in ``lang`` after each IRI column
        unless ``labels=False`` or ``lang=None``); ASK a bool; CONSTRUCT and DESCRIBE an
        rdflib graph. Text that could reach the network or change data (SERVICE, FROM, LOAD,
        updates) is refused after a real parse.

        Values come as keywords (``org="o:fprk"``) or, for names that clash with this
        method's own (``lang``, ``labels``, ``params``), in ``params``. For a named query
        they are its declared parameters, turned into RDF terms of their type; for text,
        they bind the query's variables (rdflib terms, or plain values as literals). Nothing
        is ever pasted into the query text.

        >>> import intlgraph
        >>> kg = intlgraph.load()
        >>> kg.query("cq/cq05")["organisation_label"].tolist()[-1]
        'UN Women'
        >>> kg.query("ASK { ?s a <https://w3id.org/intlgraph/ont#Ratification> }")
        True
        >>> kg.query("SELECT ?x WHERE { VALUES ?x { 1 2 } }")["x"].tolist()
        [1, 2]
        """
        from intlgraph import named_queries as catalogue

        values = {**(params or {}), **kwargs}
        if labels is False:
            lang = None
        if catalogue.is_name(query):
            named = catalogue.get(query)
            bindings = catalogue.bind(named, values, context=self._defaults_for(named, values))
            return self._execute(named.text, bindings, lang=lang)
        from rdflib import Literal
        from rdflib.term import Identifier

        terms = {k: v if isinstance(v, Identifier) else Literal(v) for k, v in values.items()}
        return self._execute(query, terms, lang=lang)

    def _defaults_for(self, named: Any, values: Mapping[str, Any]) -> Mapping[str, str] | None:
        """The programme context's values, if a default of ``named`` not given needs one."""
        from intlgraph.programme import ProgrammeError, is_reference

        wanted = [p for p in named.params if values.get(p.name) is None and is_reference(p.default)]
        if not wanted:
            return None
        try:
            return self.programme().defaults()
        except ProgrammeError as error:
            if any(not p.optional for p in wanted):
                names = ", ".join(p.name for p in wanted)
                raise ProgrammeError(f"{named.name}: parameter {names}: {error}") from None
            return None

    def sparql(
        self,
        text: str,
        /,
        lang: str | None = "en",
        *,
        bindings: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Deprecated: ``kg.query(text, ...)`` does the same (kept for one release)."""
        deprecation.warn("KnowledgeGraph.sparql(text)", "KnowledgeGraph.query(text)")
        return self.query(text, lang, params={**(bindings or {}), **kwargs})

    def _execute(self, text: str, bindings: Bindings, *, lang: str | None) -> Any:
        from intlgraph import guard
        from intlgraph.results import to_frame

        form = guard.check(text).form  # parsed: SERVICE, FROM, LOAD, updates refused
        if form == "ASK":
            return self.engine.ask(text, bindings)
        if form in {"CONSTRUCT", "DESCRIBE"}:
            return self.engine.graph_query(text, bindings)
        table = self.engine.select(text, bindings)
        labels = self.engine.label_lookup(table.iris(), lang) if lang else None
        return to_frame(table, labels)

    def label(self, iri: str | Node, lang: str = "en") -> str:
        """The ``rdfs:label`` / ``skos:prefLabel`` of ``iri`` in ``lang``.

        Falls back to the other language, then to an untagged label, then to the
        IRI's local name.

        >>> KnowledgeGraph().label("https://w3id.org/intlgraph/ont#Membership")
        'Membership'
        """
        full = self.expand(str(iri))
        return self.labels([full], lang).get(full) or local_name(full)

    def labels(self, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
        """The labels of many IRIs (or prefixed names) at once, keyed as given; those without
        a label are left out.

        >>> import intlgraph
        >>> intlgraph.load().labels(["o:fprk", "o:gtuc", "o:nobody"], lang="ru")
        {'o:fprk': 'Федерация профсоюзов Республики Казахстан',
         'o:gtuc': 'Объединение профсоюзов Грузии'}
        """
        wanted = {str(i): self.expand(str(i)) for i in iris}
        found = self.engine.labels(list(dict.fromkeys(wanted.values())), lang)
        return {given: found[full] for given, full in wanted.items() if full in found}

    def expand(self, name: str) -> str:
        """A prefixed name (``o:fprk``) as its full IRI, with :meth:`prefixes`; anything
        else (a full IRI, an unknown prefix) unchanged.

        >>> KnowledgeGraph().expand("ig:Tie")
        'https://w3id.org/intlgraph/ont#Tie'
        """
        prefix, colon, local = name.partition(":")
        if not colon or local.startswith("//"):
            return name
        namespace = self.prefixes().get(prefix)
        return namespace + local if namespace is not None else name

    def prefixes(self, *, bindings: bool = True) -> dict[str, str]:
        """Prefix → namespace: :data:`intlgraph.namespaces.PREFIXES`, those the loaded
        Turtle/TriG files declare and (memory engine, unless ``bindings=False``) the graph's
        bindings. Read from the files, never from the store.

        >>> import intlgraph
        >>> prefixes = intlgraph.load().prefixes()
        >>> prefixes["o"], prefixes["ig"]
        ('https://w3id.org/intlgraph/id/org/', 'https://w3id.org/intlgraph/ont#')
        >>> "schema" in prefixes, "schema" in intlgraph.load().prefixes(bindings=False)
        (True, False)
        """
        if self._prefixes is None:
            self._prefixes = {**namespaces.PREFIXES, **rdfio.declared_prefixes(self.sources)}
        if not bindings:
            return dict(self._prefixes)
        from intlgraph.engines import MemoryEngine

        found = dict(self._prefixes)
        if isinstance(self.engine, MemoryEngine):
            for prefix, namespace in self.engine.graph.namespaces():
                if prefix:
                    found.setdefault(prefix, str(namespace))
        return found

    def compact(self, iri: str) -> str:
        """``iri`` as a prefixed name if a known prefix covers it, else unchanged
        (:func:`intlgraph.namespaces.compactor`).

        >>> KnowledgeGraph().compact("https://w3id.org/intlgraph/ont#Tie")
        'ig:Tie'
        """
        return namespaces.compactor(self.prefixes())(iri)

    def select(self, query: str, /, **bindings: Any) -> pd.DataFrame:
        """Deprecated: ``kg.query(text, labels=False)`` does the same (kept for one release)."""
        deprecation.warn("KnowledgeGraph.select(text)", "KnowledgeGraph.query(text, labels=False)")
        frame: pd.DataFrame = self.query(query, labels=False, params=bindings)
        return frame

    def validate(
        self, *, shapes: Iterable[str | Path] | None = None, lang: str = "en"
    ) -> ValidationReport:
        """Check the graph against the SHACL shapes (see :func:`intlgraph.validate.validate`).

        ``intlgraph.load().validate()`` checks the bundled graph (it conforms; about 10 s).
        A membership without member, organisation or party does not conform:

        >>> from rdflib import Graph
        >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
        ... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership .'''
        >>> report = KnowledgeGraph(Graph().parse(data=ttl, format="turtle")).validate()
        >>> report.conforms, [result.path for result in report.results]
        (False, ['ig:party', 'org:member', 'org:organization'])
        """
        from intlgraph.validate import validate

        return validate(self, shapes=shapes, lang=lang)

    def stats(self, lang: str = "en") -> Stats:
        """Counts by class, by source and by status (see :func:`intlgraph.stats.stats`).

        >>> import intlgraph
        >>> by_status = intlgraph.load(engine="oxigraph").stats(lang="ru").by_status
        >>> by_status["label"].head(3).tolist()
        ['ратифицирована', 'запланировано', 'действует']
        """
        from intlgraph.stats import stats

        return stats(self, lang=lang)
