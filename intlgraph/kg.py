"""The knowledge graph: ontology + data (+ the user's files) in one rdflib graph."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.term import Identifier, Node

from intlgraph import paths, rdfio

if TYPE_CHECKING:
    import pandas as pd

    from intlgraph.stats import Stats
    from intlgraph.validate import ValidationReport

__all__ = ["IG", "IGD", "LANGUAGES", "KnowledgeGraph", "load"]

IG = Namespace("https://w3id.org/intlgraph/ont#")
IGD = Namespace("https://w3id.org/intlgraph/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")

#: Label languages, in fallback order.
LANGUAGES: tuple[str, ...] = ("en", "ru")

_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)


def load(*, extra: Iterable[str | Path] = (), include_bundled: bool = True) -> KnowledgeGraph:
    """Load the ontology and data (unless ``include_bundled=False``) plus ``extra`` files.

    Every file is parsed on its own first; only when all of them parse are they
    merged, so a bad file raises :class:`~intlgraph.exc.InputFileError` and no
    graph is built.  TriG / N-Quads / JSON-LD quads are merged into the default graph.

    >>> import intlgraph
    >>> kg = intlgraph.load()
    >>> len(kg) > 0
    True
    """
    files: list[Path] = []
    if include_bundled:
        files += paths.ontology_files() + paths.data_files()
    files += [Path(p) for p in extra]
    graph = rdfio.merge(rdfio.parse_files(files))
    return KnowledgeGraph(graph, files)


class KnowledgeGraph:
    """An rdflib :attr:`graph` and the :attr:`sources` (files) it was loaded from."""

    def __init__(self, graph: Graph | None = None, sources: Iterable[Path] = ()) -> None:
        self.graph: Graph = graph if graph is not None else Graph()
        self.sources: list[Path] = list(sources)
        for prefix, namespace in (("ig", IG), ("igd", IGD), ("org", ORG), ("prov", PROV)):
            self.graph.bind(prefix, namespace, override=False, replace=False)

    def __len__(self) -> int:
        """The number of triples."""
        return len(self.graph)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph: {len(self)} triples from {len(self.sources)} files>"

    def add_files(self, files: Iterable[str | Path]) -> None:
        """Add more files; if any of them fails, the graph is left as it was."""
        new_files = [Path(p) for p in files]
        graphs = rdfio.parse_files(new_files)
        for graph in graphs:
            for prefix, namespace in graph.namespaces():
                if prefix:
                    self.graph.bind(prefix, namespace, override=False, replace=False)
            self.graph += graph
        self.sources += new_files

    def label(self, iri: str | Node, lang: str = "en") -> str:
        """The ``rdfs:label`` / ``skos:prefLabel`` of ``iri`` in ``lang``.

        Falls back to the other language, then to an untagged label, then to the
        IRI's local name.

        >>> KnowledgeGraph().label("https://w3id.org/intlgraph/ont#Membership")
        'Membership'
        """
        node = URIRef(iri) if isinstance(iri, str) else iri
        labels = [
            obj
            for prop in _LABEL_PROPERTIES
            for obj in self.graph.objects(node, prop)
            if isinstance(obj, Literal)
        ]
        for wanted in (lang, *[x for x in LANGUAGES if x != lang], None):
            for literal in labels:
                if literal.language == wanted:
                    return str(literal)
        if labels:
            return str(sorted(labels)[0])
        return local_name(str(node))

    def compact(self, iri: str) -> str:
        """``iri`` as a prefixed name if a bound prefix covers it, else unchanged.

        >>> KnowledgeGraph().compact("https://w3id.org/intlgraph/ont#Tie")
        'ig:Tie'
        """
        best = ""
        best_prefix = ""
        for prefix, namespace in self.graph.namespaces():
            ns = str(namespace)
            if prefix and iri.startswith(ns) and len(ns) > len(best):
                best, best_prefix = ns, prefix
        local = iri[len(best) :]
        if best and local and all(c.isalnum() or c in "-_./" for c in local):
            return f"{best_prefix}:{local}"
        return iri

    def select(self, query: str, **bindings: Identifier) -> pd.DataFrame:
        """Run a SPARQL SELECT; one column per variable (IRIs as str, literals as Python).

        ``bindings`` pre-bind variables to rdflib terms, e.g. ``org=URIRef(...)``.

        >>> kg = KnowledgeGraph()
        >>> kg.select("SELECT ?x WHERE { VALUES ?x { 1 2 } }")["x"].tolist()
        [1, 2]
        """
        import pandas as pd

        result = self.graph.query(query, initBindings=bindings or None)
        columns = [str(var) for var in result.vars or []]
        rows = [[_to_python(row[i]) for i in range(len(columns))] for row in result]  # type: ignore[index]
        return pd.DataFrame(rows, columns=columns)

    def validate(
        self, *, shapes: Iterable[str | Path] | None = None, lang: str = "en"
    ) -> ValidationReport:
        """Check the graph against the SHACL shapes (see :func:`intlgraph.validate.validate`)."""
        from intlgraph.validate import validate

        return validate(self, shapes=shapes, lang=lang)

    def stats(self, lang: str = "en") -> Stats:
        """Counts by class, by source and by status (see :func:`intlgraph.stats.stats`)."""
        from intlgraph.stats import stats

        return stats(self, lang=lang)


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/intlgraph/id/org/fnpr")
    'fnpr'
    """
    tail = iri.rstrip("/#")
    for separator in ("#", "/"):
        if separator in tail:
            tail = tail.rsplit(separator, 1)[1]
    return tail or iri


def _to_python(node: Node | None) -> Any:
    if node is None:
        return None
    if isinstance(node, Literal):
        value = node.toPython()
        return value if isinstance(value, str | int | float | bool) else str(node)
    return str(node)
