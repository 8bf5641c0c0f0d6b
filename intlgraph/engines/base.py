"""The engine interface every engine answers, and what all of them share: query datasets,
parameter binding as a VALUES block, labels with their language, errors' first lines.

>>> from intlgraph.engines.base import ENGINES, first_line
>>> ENGINES, first_line(ValueError("bad query\\nat line 2"))
(('memory', 'oxigraph'), 'bad query')
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from intlgraph.results import Table, pick_label

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier


Bindings = Mapping[str, "Identifier | Sequence[Identifier]"]

#: Engines :func:`intlgraph.load` accepts (``endpoint`` comes from :func:`intlgraph.connect`).
ENGINES: tuple[str, ...] = ("memory", "oxigraph")

_LABEL_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?label WHERE { ?s rdfs:label|skos:prefLabel ?label }"""
_LABEL_BATCH = 400


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


def from_clause(clause: Any) -> QueryDataset | None:
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

    def label_lookup(self, iris: Iterable[str], lang: str = "en") -> Mapping[str, str]:
        """The labels of ``iris`` to look up (a result's frame): :meth:`labels` here; an
        engine that keeps its picks may give them without a copy, other IRIs' labels too."""
        return self.labels(iris, lang)

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


def first_line(error: BaseException) -> str:
    """The first line of an error's message (its type's name if it has none).

    >>> first_line(SyntaxError("unexpected '}'\\n  at line 3")), first_line(KeyError())
    ("unexpected '}'", 'KeyError')
    """
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
