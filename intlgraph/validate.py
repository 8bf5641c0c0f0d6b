"""SHACL validation of the knowledge graph against the bundled shapes (pyshacl; SPARQL on Oxigraph).

The data graph is the knowledge graph itself, which holds the ontology's
``rdfs:subClassOf`` axioms (``load()`` includes them).  SHACL's class targets and
``sh:class`` already follow ``rdfs:subClassOf`` in the data graph, so no inference
is run: RDFS inference would add types from ``rdfs:domain`` / ``rdfs:range`` and
could hide the very errors the shapes look for.  Nothing remote is ever fetched.

The bundled graph conforms (``intlgraph.load().validate()``, about 10 s); a membership that
names neither its member nor its organisation does not:

>>> import intlgraph
>>> from rdflib import Graph
>>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership .'''
>>> print(intlgraph.KnowledgeGraph(Graph().parse(data=ttl, format="turtle")).validate())
Does not conform: 3 violations.
- Violation: draft <https://w3id.org/intlgraph/id/tie/draft> ig:party:
  a tie needs at least one party (ig:party)
- Violation: draft <https://w3id.org/intlgraph/id/tie/draft> org:member:
  a membership has exactly one member organisation
- Violation: draft <https://w3id.org/intlgraph/id/tie/draft> org:organization:
  a membership is in exactly one organisation
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rdflib import OWL, RDF, RDFS, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor, Result
from rdflib.term import Identifier, Node

from intlgraph import i18n, namespaces, paths, rdfio
from intlgraph.exc import ShapesError
from intlgraph.shacl_sparql import PYTHON_TYPES

if TYPE_CHECKING:
    import pandas as pd

    from intlgraph import shacl_sparql
    from intlgraph.kg import KnowledgeGraph

__all__ = ["ValidationReport", "ValidationResult", "render_node", "undeclared_terms", "validate"]

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL finding, readable without the RDF at hand.

    >>> from rdflib import Graph
    >>> from intlgraph.kg import KnowledgeGraph
    >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
    ... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership .'''
    >>> first = validate(KnowledgeGraph(Graph().parse(data=ttl, format="turtle"))).results[0]
    >>> first.focus, first.path, first.severity, first.constraint
    ('https://w3id.org/intlgraph/id/tie/draft', 'ig:party', 'Violation',
     'MinCountConstraintComponent')
    >>> first.shape
    'igsh:OrganisationTieShape property ig:party'
    """

    focus: str
    label_en: str
    label_ru: str
    path: str
    value: str
    severity: str
    message_en: str
    message_ru: str
    shape: str
    constraint: str

    def label(self, lang: str = "en") -> str:
        """The focus node's label in ``lang`` (``ru`` or else ``en``).

        >>> from rdflib import Graph
        >>> from intlgraph.kg import KnowledgeGraph
        >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
        ... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership ;
        ...     <http://www.w3.org/2000/01/rdf-schema#label> "Draft"@en , "Черновик"@ru .'''
        >>> report = validate(KnowledgeGraph(Graph().parse(data=ttl, format="turtle")))
        >>> report.results[0].label(), report.results[0].label("ru")
        ('Draft', 'Черновик')
        """
        return self.label_ru if lang == "ru" else self.label_en

    def message(self, lang: str = "en") -> str:
        """The shape's ``sh:message`` in ``lang``, else in the other language.

        >>> from rdflib import Graph
        >>> from intlgraph.kg import KnowledgeGraph
        >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
        ... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership .'''
        >>> report = validate(KnowledgeGraph(Graph().parse(data=ttl, format="turtle")))
        >>> [result.message() for result in report.results]
        ['a tie needs at least one party (ig:party)',
         'a membership has exactly one member organisation',
         'a membership is in exactly one organisation']
        """
        return self.message_ru if lang == "ru" else self.message_en

    def describe(self, lang: str = "en") -> str:
        """One line: severity, the focus node's label and IRI, the path, the message.

        >>> from rdflib import Graph
        >>> from intlgraph.kg import KnowledgeGraph
        >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
        ... @prefix status: <https://w3id.org/intlgraph/vocab/status/> .
        ... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership ; ig:status status:signed .'''
        >>> report = validate(KnowledgeGraph(Graph().parse(data=ttl, format="turtle")))
        >>> print(report.results[1].describe())
        Violation: draft <https://w3id.org/intlgraph/id/tie/draft> ig:status: membership status:
        held, sought, restored, in negotiation or planned (value: status:signed)
        """
        value = f" (value: {self.value})" if self.value else ""
        path = f" {self.path}:" if self.path else ""
        return (
            f"{self.severity}: {self.label(lang)} <{self.focus}>{path} {self.message(lang)}{value}"
        )


@dataclass
class ValidationReport:
    """Outcome of :func:`validate`: ``conforms`` and the ``results`` (findings).

    >>> from rdflib import Graph
    >>> from intlgraph.kg import KnowledgeGraph
    >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
    ... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership .'''
    >>> report = validate(KnowledgeGraph(Graph().parse(data=ttl, format="turtle")))
    >>> report.conforms, len(report.results)
    (False, 3)
    >>> print(ValidationReport(conforms=True))
    Conforms: the graph satisfies all shapes.
    """

    conforms: bool
    results: list[ValidationResult] = field(default_factory=list)
    lang: str = "en"

    def __str__(self) -> str:
        if self.conforms:
            return "Conforms: the graph satisfies all shapes."
        counts = ", ".join(
            f"{n} {sev.lower()}{'s' if n != 1 else ''}"
            for sev, n in self.count_by_severity().items()
        )
        lines = [f"Does not conform: {counts}."]
        lines += [f"- {r.describe(self.lang)}" for r in self.results]
        return "\n".join(lines)

    def count_by_severity(self) -> dict[str, int]:
        """How many findings of each severity, most severe first.

        >>> from rdflib import Graph
        >>> from intlgraph.kg import KnowledgeGraph
        >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
        ... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership .'''
        >>> validate(KnowledgeGraph(Graph().parse(data=ttl, format="turtle"))).count_by_severity()
        {'Violation': 3}
        """
        counts: dict[str, int] = {}
        for result in self.results:
            counts[result.severity] = counts.get(result.severity, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: _SEVERITY_ORDER.get(kv[0], 9)))

    def to_frame(self) -> pd.DataFrame:
        """One row per finding; columns are the :class:`ValidationResult` fields.

        >>> from rdflib import Graph
        >>> from intlgraph.kg import KnowledgeGraph
        >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
        ... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership .'''
        >>> frame = validate(KnowledgeGraph(Graph().parse(data=ttl, format="turtle"))).to_frame()
        >>> frame[["path", "constraint"]].values.tolist()
        [['ig:party', 'MinCountConstraintComponent'],
         ['org:member', 'MinCountConstraintComponent'],
         ['org:organization', 'MinCountConstraintComponent']]
        """
        import pandas as pd

        columns = list(ValidationResult.__dataclass_fields__)
        return pd.DataFrame([asdict(r) for r in self.results], columns=columns)


def validate(
    kg: KnowledgeGraph,
    *,
    shapes: Iterable[str | Path] | None = None,
    lang: str = "en",
) -> ValidationReport:
    """Validate ``kg`` against ``shapes`` (default: the bundled ``ontology/shapes.ttl``).

    On the Oxigraph engine the shapes run as SPARQL queries on the store
    (:mod:`intlgraph.shacl_sparql`: the same findings as pyshacl, seconds at a million
    triples); only a shape it cannot translate goes to pyshacl, on an rdflib copy. On the
    memory engine pyshacl checks the focus nodes a bulk test cannot clear.

    The bundled graph conforms (``validate(intlgraph.load())``, about 10 s). A membership
    with a status memberships cannot have, and no parties:

    >>> from rdflib import Graph
    >>> from intlgraph.kg import KnowledgeGraph
    >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
    ... @prefix status: <https://w3id.org/intlgraph/vocab/status/> .
    ... <https://w3id.org/intlgraph/id/tie/draft> a ig:Membership ; ig:status status:signed .'''
    >>> report = validate(KnowledgeGraph(Graph().parse(data=ttl, format="turtle")))
    >>> [(result.path, result.value) for result in report.results]
    [('ig:party', ''), ('ig:status', 'status:signed'), ('org:member', ''),
     ('org:organization', '')]
    """
    from intlgraph.engines import OxigraphEngine

    shape_files = [paths.shapes_file()] if shapes is None else [Path(p) for p in shapes]
    shapes_graph = rdfio.merge(rdfio.parse_files(shape_files))
    results: list[ValidationResult] = []
    if isinstance(kg.engine, OxigraphEngine):
        # SPARQL on the store itself; only the shapes it cannot translate go to pyshacl
        from intlgraph import shacl_sparql

        names = _names(kg)
        findings, rest = shacl_sparql.validate(
            kg.engine.store, shapes_graph, prefixes=kg.prefixes()
        )
        conforms = not findings
        results += [_from_finding(kg, names, shapes_graph, f) for f in findings]
        if rest is not None:
            more, rest_results = _pyshacl(kg, kg.graph, rest, shape_files)
            conforms = conforms and more
            results += [_result(kg, names, rest_results, shapes_graph, n) for n in
                        rest_results.subjects(RDF.type, SH.ValidationResult)]  # fmt: skip
    else:
        narrowed = _narrow_targets(kg, shapes_graph)
        if narrowed is not None:
            # only the focus nodes that may break a shape (plus one per shape, so that a
            # shape pyshacl cannot use still fails), on the graph itself: nothing changes it
            data_graph = kg.graph
            shacl_graph = narrowed
        else:
            data_graph = _PreparedQueryGraph()
            for prefix, namespace in kg.graph.namespaces():
                data_graph.bind(prefix, namespace, override=True, replace=True)
            data_graph += kg.graph  # a copy: SHACL rules (advanced mode) must not change kg
            shacl_graph = shapes_graph
        conforms, results_graph = _pyshacl(kg, data_graph, shacl_graph, shape_files)
        results += [
            _result(kg, kg.graph, results_graph, shapes_graph, node)
            for node in results_graph.subjects(RDF.type, SH.ValidationResult)
        ]
    undeclared = undeclared_terms(kg)
    results += undeclared
    results.sort(key=_order)  # a total order: the same findings read the same, whoever found them
    return ValidationReport(conforms=bool(conforms) and not undeclared, results=results, lang=lang)


def _order(r: ValidationResult) -> tuple[Any, ...]:
    return (
        _SEVERITY_ORDER.get(r.severity, 9),
        r.focus, r.path, r.value, r.shape, r.constraint, r.message_en, r.message_ru,
    )  # fmt: skip


def _pyshacl(
    kg: KnowledgeGraph, data_graph: Graph, shacl_graph: Graph, shape_files: list[Path]
) -> tuple[bool, Graph]:
    """pyshacl's verdict and report graph; unusable shapes are a :class:`ShapesError`."""
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    try:
        conforms, results_graph, _ = pyshacl.validate(
            data_graph,
            shacl_graph=shacl_graph,
            inference="none",
            advanced=True,
            inplace=True,
            do_owl_imports=False,
        )
    except ReportableRuntimeError as error:
        raise ShapesError(shape_files, _first_line(error.message)) from error
    if not isinstance(results_graph, Graph):  # pyshacl returns a ValidationFailure
        raise ShapesError(shape_files, _first_line(str(results_graph)))
    return bool(conforms), results_graph


def _names(kg: KnowledgeGraph) -> Graph:
    """A graph with no triples that names IRIs as the memory engine's graph does: rdflib's
    prefixes, then those of the loaded files and the project's."""
    names = Graph()
    for prefix, namespace in kg.prefixes().items():
        names.bind(prefix, namespace, override=False, replace=False)
    return names


_DECLARING_TYPES = {
    "http://www.w3.org/2002/07/owl#Class",
    "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/2002/07/owl#AnnotationProperty",
    "http://www.w3.org/2002/07/owl#NamedIndividual",
    "http://www.w3.org/2000/01/rdf-schema#Class",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
}


def undeclared_terms(kg: KnowledgeGraph) -> list[ValidationResult]:
    """One finding per ``ig:`` term the graph uses but the ontology does not declare (a
    misspelt class or property), at the first subject that uses it.

    >>> from rdflib import Graph
    >>> from intlgraph.kg import KnowledgeGraph
    >>> ttl = '''@prefix ig: <https://w3id.org/intlgraph/ont#> .
    ... <https://w3id.org/intlgraph/id/tie/mou> a ig:MemorandumOfUnderstandng .'''
    >>> [(r.path, r.value) for r in undeclared_terms(KnowledgeGraph(Graph().parse(data=ttl)))]
    [('rdf:type', 'ig:MemorandumOfUnderstandng')]
    """
    from intlgraph.engines import OxigraphEngine

    declared = set(_ontology_terms())
    if isinstance(kg.engine, OxigraphEngine):
        first = _first_uses_on_store(kg.engine.store, declared)
        names = _names(kg)
    else:
        first = _first_uses(kg.graph, declared)
        names = kg.graph
    results = []
    for iri, (_, _, subject, predicate) in sorted(first.items()):
        name = _local(URIRef(iri))
        results.append(
            ValidationResult(
                focus=str(subject),
                label_en=kg.label(subject, "en") if isinstance(subject, URIRef) else "",
                label_ru=kg.label(subject, "ru") if isinstance(subject, URIRef) else "",
                path=render_node(names, predicate),
                value=render_node(names, URIRef(iri)),
                severity="Violation",
                message_en=f"{name} is not a term of the ontology (misspelt?)",
                message_ru=f"{name} — не термин онтологии (опечатка?)",
                shape="ontology",
                constraint="UndeclaredTerm",
            )
        )
    return results


_Uses = dict[str, tuple[str, str, Any, Any]]


def _first_uses(graph: Graph, declared: set[str]) -> _Uses:
    """Each undeclared ``ig:`` term: its first use in the order of (subject, predicate) as
    text (no sort of the whole graph)."""
    namespace = namespaces.IG
    for subject, _, kind in graph.triples((None, RDF.type, None)):
        if str(kind) in _DECLARING_TYPES and str(subject).startswith(namespace):
            declared.add(str(subject))
    first: _Uses = {}
    for subject, predicate, obj in graph:
        for term in (predicate, obj):
            if (
                isinstance(term, URIRef)
                and term.startswith(namespace)
                and str(term) not in declared
            ):
                key = (str(subject), str(predicate))
                seen = first.get(str(term))
                if seen is None or key < seen[:2]:
                    first[str(term)] = (*key, subject, predicate)
    return first


def _first_uses_on_store(store: Any, declared: set[str]) -> _Uses:
    """:func:`_first_uses` by queries on an Oxigraph store (no copy of the graph)."""
    from intlgraph.shacl_sparql import rdflib_term
    from intlgraph.sparqltext import insert_values

    namespace = Literal(namespaces.IG)
    kinds = [URIRef(k) for k in sorted(_DECLARING_TYPES)]
    found = set()
    for predicate, term in store.query(
        insert_values(_query("namespace_terms"), {"namespace": namespace})
    ):
        for used in (predicate, term):
            if type(used).__name__ == "NamedNode" and used.value.startswith(namespaces.IG):
                found.add(used.value)
    candidates = found - declared
    if candidates:
        text = insert_values(_query("declared_terms"), {"namespace": namespace, "kind": kinds})
        declared |= {row[0].value for row in store.query(text)}
    first: _Uses = {}
    for iri in sorted(candidates - declared):
        text = insert_values(_query("term_uses"), {"term": URIRef(iri)})
        uses = [(rdflib_term(row[0]), rdflib_term(row[1])) for row in store.query(text)]
        if uses:
            subject, predicate = min(uses, key=lambda use: (str(use[0]), str(use[1])))
            first[iri] = (str(subject), str(predicate), subject, predicate)
    return first


def _query(name: str) -> str:
    return (Path(__file__).parent / "validate_queries" / f"{name}.rq").read_text("utf-8")


def _ontology_terms() -> frozenset[str]:
    graph = rdfio.merge(rdfio.parse_files(paths.ontology_files()))
    return frozenset(str(s) for s in graph.subjects() if str(s).startswith(namespaces.IG))


class _PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text only once.

    pyshacl runs a SPARQL-based constraint once per focus node with the same text;
    rdflib would parse it anew each time (tens of ms apiece, most of a validation run).
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict[tuple[str, tuple[tuple[str, str], ...]], Query] = {}

    def query(
        self,
        query_object: str | Query,
        processor: str | Processor = "sparql",
        result: str | type[Result] = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str) and processor == "sparql" and not kwargs:
            namespaces = dict(initNs or self.namespaces())
            key = (query_object, tuple(sorted((p, str(n)) for p, n in namespaces.items())))
            prepared = self._prepared.get(key)
            if prepared is None:
                prepared = self._prepared[key] = prepareQuery(query_object, initNs=namespaces)
            query_object = prepared
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def _result(
    kg: KnowledgeGraph, names: Graph, report: Graph, shapes: Graph, node: Node
) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    severity = report.value(node, SH.resultSeverity)
    shape = report.value(node, SH.sourceShape)
    constraint = report.value(node, SH.sourceConstraintComponent)
    messages = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    return ValidationResult(
        focus=str(focus) if focus is not None else "",
        label_en=kg.label(focus, "en") if isinstance(focus, URIRef) else "",
        label_ru=kg.label(focus, "ru") if isinstance(focus, URIRef) else "",
        path=_render_path(names, report, path) if path is not None else "",
        value=render_node(names, value) if value is not None else "",
        severity=_local(severity) if severity is not None else "Violation",
        message_en=_pick(messages, "en"),
        message_ru=_pick(messages, "ru"),
        shape=_render_shape(names, shapes, shape),
        constraint=_local(constraint) if constraint is not None else "",
    )


def _from_finding(
    kg: KnowledgeGraph, names: Graph, shapes: Graph, finding: shacl_sparql.Finding
) -> ValidationResult:
    focus, path, value = finding.focus, finding.path, finding.value
    messages = list(finding.messages)
    return ValidationResult(
        focus=str(focus),
        label_en=kg.label(focus, "en") if isinstance(focus, URIRef) else "",
        label_ru=kg.label(focus, "ru") if isinstance(focus, URIRef) else "",
        path=_render_path(names, shapes, path) if path is not None else "",
        value=render_node(names, value) if value is not None else "",
        severity=_local(finding.severity),
        message_en=_pick(messages, "en"),
        message_ru=_pick(messages, "ru"),
        shape=_render_shape(names, shapes, finding.shape),
        constraint=_local(finding.component),
    )


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "validation failed"


def _pick(messages: list[Literal], lang: str) -> str:
    for wanted in (lang, *[x for x in i18n.languages() if x != lang], None):
        for message in messages:
            if message.language == wanted:
                return str(message)
    return str(messages[0]) if messages else ""


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]


def render_node(names: Graph, node: Node) -> str:
    """A node of a result as a reader sees it: an IRI as a prefixed name of ``names``' prefixes,
    a blank node as ``[]``, a literal as its text.

    >>> from rdflib import Graph, Literal, URIRef
    >>> names = Graph()
    >>> names.bind("ig", "https://w3id.org/intlgraph/ont#")
    >>> party = URIRef("https://w3id.org/intlgraph/ont#party")
    >>> render_node(names, party), render_node(names, Literal(3))
    ('ig:party', '3')
    """
    if isinstance(node, URIRef):
        return node.n3(names.namespace_manager)
    if isinstance(node, BNode):
        return "[]"
    return str(node)


def _render_path(names: Graph, graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL syntax, e.g. ``^org:memberOf/ig:status``."""
    if isinstance(path, URIRef):
        return render_node(names, path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _render_path(names, graph, inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        items = Collection(graph, alternatives)
        return "(" + "|".join(_render_path(names, graph, p) for p in items) + ")"
    for modifier, mark in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(path, modifier)
        if inner is not None:
            return "(" + _render_path(names, graph, inner) + ")" + mark
    if graph.value(path, RDF.first) is not None:
        return "/".join(_render_path(names, graph, p) for p in Collection(graph, path))
    return "[]"


def _render_shape(names: Graph, shapes: Graph, shape: Node | None) -> str:
    if shape is None:
        return ""
    if isinstance(shape, URIRef):
        return render_node(shapes, shape)
    parent = shapes.value(None, SH.property, shape)
    path = shapes.value(shape, SH.path)
    parent_text = render_node(shapes, parent) if isinstance(parent, URIRef) else "[]"
    path_text = _render_path(names, shapes, path) if path is not None else "?"
    return f"{parent_text} property {path_text}"


# --- narrowing the targets to the focus nodes that may break a shape ------------------------
#
# pyshacl checks every focus node of every shape in Python, tens of microseconds per value
# and milliseconds per SPARQL-based constraint: minutes at a million triples.  Most focus
# nodes are plainly fine.  _narrow_targets finds, in bulk, the focus nodes that *may* break
# a shape (a conservative test: any node it cannot clear is kept) and gives pyshacl a copy of
# the shapes whose targets are exactly those nodes (sh:targetNode) plus one cleared node per
# shape, so that a shape pyshacl cannot use still fails as before.  pyshacl then reports the
# same findings, from the same shapes, as it would on all the focus nodes.  Anything the test
# does not know (another target, path or constraint, SHACL rules) keeps the full run.

_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_NOT_CONSTRAINTS = frozenset(
    {
        RDF.type, SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order,
        SH.group, SH.defaultValue, RDFS.label, RDFS.comment, *_TARGETS,
    }
)  # fmt: skip
_COUNTS = frozenset({SH.qualifiedMinCount, SH.qualifiedValueShape})
_SIMPLE_SPARQL = re.compile(
    r"^\s*SELECT\s+(DISTINCT\s+)?[$?]this\b[^{]*WHERE\s*\{\s*[$?]this\s", re.I
)
_COMPLEX_SPARQL = re.compile(
    r"\b(OPTIONAL|UNION|MINUS|VALUES|SERVICE|BIND|GRAPH|GROUP|HAVING|ORDER|LIMIT|OFFSET)\b", re.I
)


class _Index:
    """Objects by subject for the predicates the shapes use, and the class hierarchy."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._by_predicate: dict[Node, dict[Node, list[Node]]] = {}
        self._subclasses: dict[Node, set[Node]] = {}
        self._children: dict[Node, list[Node]] | None = None
        self._instances: dict[Node, list[Node]] | None = None

    def values(self, predicate: Node) -> dict[Node, list[Node]]:
        found = self._by_predicate.get(predicate)
        if found is None:
            found = {}
            for subject, obj in self.graph.subject_objects(predicate):
                found.setdefault(subject, []).append(obj)
            self._by_predicate[predicate] = found
        return found

    def subclasses(self, cls: Node) -> set[Node]:
        """``cls`` and its subclasses (``rdfs:subClassOf*`` in the data graph)."""
        found = self._subclasses.get(cls)
        if found is None:
            if self._children is None:
                self._children = {}
                for child, parent in self.graph.subject_objects(RDFS.subClassOf):
                    self._children.setdefault(parent, []).append(child)
            found, todo = {cls}, [cls]
            while todo:
                for child in self._children.get(todo.pop(), ()):
                    if child not in found:
                        found.add(child)
                        todo.append(child)
            self._subclasses[cls] = found
        return found

    def instances(self, cls: Node) -> list[Node]:
        """The nodes typed ``cls`` itself (``rdf:type``, no subclasses)."""
        if self._instances is None:
            self._instances = {}
            for node, types in self.values(RDF.type).items():
                for kind in types:
                    self._instances.setdefault(kind, []).append(node)
        return self._instances.get(cls, [])

    def has_class(self, node: Node, cls: Node) -> bool:
        if isinstance(node, Literal):
            return False
        types = self.values(RDF.type).get(node, ())
        return bool(types) and not self.subclasses(cls).isdisjoint(types)


def _narrow_targets(kg: KnowledgeGraph, shapes: Graph) -> Graph | None:
    """A copy of ``shapes`` whose targets are the focus nodes that may break them, or None
    when the shapes use something the bulk test does not know (then pyshacl checks all)."""
    if any(shapes.triples((None, SH.rule, None))) or any(shapes.triples((None, SH.target, None))):
        return None
    graph = kg.graph
    index = _Index(graph)
    narrowed = Graph()
    for prefix, namespace in shapes.namespaces():
        narrowed.bind(prefix, namespace, override=True, replace=True)
    targeted = {s for t in _TARGETS for s in shapes.subjects(t, None)}
    for shape in targeted:
        if (shape, SH.path, None) in shapes or (shape, RDF.type, RDFS.Class) in shapes:
            return None  # property shapes with targets, implicit class targets: full run
        if (shape, RDF.type, OWL.Class) in shapes:
            return None
    narrowed += shapes.triples((None, None, None))
    oxigraph: Any = None
    for shape in targeted:
        focus = _focus_nodes(shapes, index, shape)
        suspects: set[Node] = set()
        for predicate, obj in shapes.predicate_objects(shape):
            if predicate in _NOT_CONSTRAINTS:
                continue
            if predicate == SH.property:
                suspects |= _property_suspects(shapes, index, obj, focus)
            elif predicate == SH.sparql:
                if oxigraph is None:
                    oxigraph = _oxigraph_store(kg)
                suspects |= _sparql_suspects(kg, shapes, oxigraph, obj, focus)
            else:
                suspects |= focus
        for target in _TARGETS:
            narrowed.remove((shape, target, None))
        cleared = sorted((n for n in focus if n not in suspects), key=str)[:1]
        for node in (*suspects, *cleared):
            narrowed.add((shape, SH.targetNode, node))
    return narrowed


def _focus_nodes(shapes: Graph, index: _Index, shape: Node) -> set[Node]:
    focus: set[Node] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        for subclass in index.subclasses(cls):
            focus.update(index.instances(subclass))
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        focus |= set(index.values(predicate))
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        focus |= {o for objs in index.values(predicate).values() for o in objs}
    focus |= set(shapes.objects(shape, SH.targetNode))
    return focus


def _property_suspects(shapes: Graph, index: _Index, prop: Node, focus: set[Node]) -> set[Node]:
    path = shapes.value(prop, SH.path)
    if not isinstance(path, URIRef):
        return set(focus)
    constraints = {p: list(shapes.objects(prop, p)) for p in set(shapes.predicates(prop, None))}
    constraints = {p: o for p, o in constraints.items() if p not in _NOT_CONSTRAINTS}
    if any(len(objs) != 1 for objs in constraints.values()):
        return set(focus)
    given = {p: objs[0] for p, objs in constraints.items()}
    counted = set(given) & _COUNTS
    if counted and counted != _COUNTS:
        return set(focus)
    value_checks = []
    for predicate, argument in given.items():
        if predicate in _COUNTS:
            continue
        if predicate in (SH.minCount, SH.maxCount):
            if not isinstance(argument, Literal) or not isinstance(argument.value, int):
                return set(focus)
            continue
        if predicate == SH.uniqueLang:
            continue
        check = _value_check(shapes, predicate, argument)
        if check is None:
            return set(focus)
        value_checks.append(check)
    qualified = None
    if counted:
        sub_checks = _value_checks(shapes, given[SH.qualifiedValueShape])
        if sub_checks is None:
            return set(focus)
        minimum = given[SH.qualifiedMinCount]
        if not isinstance(minimum, Literal) or not isinstance(minimum.value, int):
            return set(focus)
        qualified = (sub_checks, minimum.value)
    least = given.get(SH.minCount)
    most = given.get(SH.maxCount)
    unique = given.get(SH.uniqueLang)
    if unique is not None and not (isinstance(unique, Literal) and unique.value is True):
        return set(focus)
    by_subject = index.values(path)
    suspects = set()
    for node in focus:
        values = set(by_subject.get(node, ()))
        if (
            (least is not None and len(values) < cast(int, cast(Literal, least).value))
            or (most is not None and len(values) > cast(int, cast(Literal, most).value))
            or (unique is not None and _duplicate_language(values))
            or any(not check(index, v) for check in value_checks for v in values)
            or (
                qualified is not None
                and sum(all(c(index, v) for c in qualified[0]) for v in values) < qualified[1]
            )
        ):
            suspects.add(node)
    return suspects


_Check = Callable[[_Index, Node], bool]


def _value_checks(shapes: Graph, node: Node) -> list[_Check] | None:
    """The tests of every constraint of the shape ``node``; None if one is unknown."""
    checks = []
    for predicate, argument in shapes.predicate_objects(node):
        if predicate in _NOT_CONSTRAINTS:
            continue
        check = _value_check(shapes, predicate, argument)
        if check is None:
            return None
        checks.append(check)
    return checks


def _value_check(shapes: Graph, predicate: Node, argument: Node) -> _Check | None:
    """A test that clears a value which surely meets one constraint; None if unknown."""
    if predicate == SH.datatype:
        plain = argument == XSD.string  # a plain literal is an xsd:string
        python_type = PYTHON_TYPES.get(argument, object)  # others: the lexical form only
        return lambda _, v: (
            isinstance(v, Literal)
            and (v.datatype == argument or (plain and v.datatype is None and not v.language))
            and getattr(v, "ill_typed", None) is not True
            and isinstance(v.value, python_type)
            and (python_type is not int or not isinstance(v.value, bool))
        )
    if predicate == SH["class"]:
        return lambda index, v: index.has_class(v, argument)
    if predicate == SH["in"]:
        allowed = set(Collection(shapes, argument))
        return lambda _, v: v in allowed
    if predicate == SH.languageIn:
        ranges = [str(r).lower() for r in Collection(shapes, argument)]
        if any(not r or r == "*" for r in ranges):
            return None
        return lambda _, v: (
            isinstance(v, Literal)
            and bool(v.language)
            and any(
                str(v.language).lower() == r or str(v.language).lower().startswith(r + "-")
                for r in ranges
            )
        )
    if predicate == SH.pattern:
        if (None, SH.flags, None) in shapes:
            return None
        try:
            compiled = re.compile(str(argument))
        except re.error:
            return None
        return lambda _, v: not isinstance(v, BNode) and compiled.search(str(v)) is not None
    if predicate in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
        if not isinstance(argument, Literal) or not _is_number(argument.value):
            return None
        bound = argument.value

        def within(_: _Index, v: Node) -> bool:
            if not isinstance(v, Literal) or not _is_number(v.value):
                return False
            if predicate == SH.minInclusive:
                return bool(v.value >= bound)
            if predicate == SH.maxInclusive:
                return bool(v.value <= bound)
            if predicate == SH.minExclusive:
                return bool(v.value > bound)
            return bool(v.value < bound)

        return within
    if predicate == SH["or"]:
        options = []
        for option in Collection(shapes, argument):
            checks = _value_checks(shapes, option)
            if checks is None:
                return None
            options.append(checks)
        return lambda index, v: any(all(c(index, v) for c in checks) for checks in options)
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _duplicate_language(values: set[Node]) -> bool:
    seen: set[str] = set()
    for value in values:
        if isinstance(value, Literal) and value.language:
            language = str(value.language).lower()
            if language in seen:
                return True
            seen.add(language)
    return False


def _oxigraph_store(kg: KnowledgeGraph) -> Any:
    """An Oxigraph store with the graph's triples: the engine's own, or a copy (None if
    a term cannot be copied)."""
    import pyoxigraph as ox

    from intlgraph.engines import OxigraphEngine, to_oxigraph
    from intlgraph.exc import EngineError

    if isinstance(kg.engine, OxigraphEngine):
        return kg.engine.store
    store = ox.Store()
    cache: dict[Node, Any] = {}

    def term(node: Node) -> Any:
        found = cache.get(node)
        if found is None:
            found = cache[node] = to_oxigraph(cast(Identifier, node))
        return found

    try:
        store.bulk_extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in kg.graph)
    except (ValueError, TypeError, SyntaxError, EngineError):  # a term Oxigraph refuses
        return None
    return store


def _sparql_suspects(
    kg: KnowledgeGraph, shapes: Graph, store: Any, constraint: Node, focus: set[Node]
) -> set[Node]:
    """The focus nodes a SPARQL-based constraint may report: its query run once for all
    (``$this`` left free) on Oxigraph, when the query is a plain pattern starting at
    ``$this``; else all the focus nodes."""
    select = shapes.value(constraint, SH.select)
    if store is None or select is None or not focus:
        return set(focus)
    text = str(select)
    if not _SIMPLE_SPARQL.search(text) or _COMPLEX_SPARQL.search(text):
        return set(focus)
    if len(re.findall(r"\bSELECT\b", text, re.I)) != 1:
        return set(focus)
    prefixes = {p: str(n) for p, n in kg.graph.namespaces() if p}
    for declarer in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                prefixes[str(prefix)] = str(namespace)
    header = "".join(f"PREFIX {p}: <{n}>\n" for p, n in prefixes.items())
    try:
        rows = store.query(header + text)
        found = {row["this"] for row in rows}
    except (SyntaxError, OSError, ValueError, KeyError, RuntimeError):
        return set(focus)
    suspects: set[Node] = set()
    for term in found:
        kind = type(term).__name__
        if kind == "NamedNode":
            suspects.add(URIRef(term.value))
        elif term is not None:  # a blank node: which of ours it is cannot be told
            suspects |= {n for n in focus if not isinstance(n, URIRef)}
    return suspects & focus
