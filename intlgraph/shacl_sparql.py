"""SHACL-Core validation as SPARQL queries run on an Oxigraph store.

pyshacl needs an rdflib graph: on the Oxigraph engine that means a copy of every triple
(a minute and gigabytes at a million triples).  This module reads the shapes graph and,
for each shape and constraint of the SHACL-Core subset the shapes use, generates one
SPARQL query that returns exactly the focus nodes (and values) pyshacl would report;
the store answers it.  The constraint kinds it knows:

- targets: ``sh:targetClass`` (with ``rdfs:subClassOf*`` in the data), ``sh:targetNode``,
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``;
- property shapes with an IRI ``sh:path``: ``sh:minCount``, ``sh:maxCount``, ``sh:class``,
  ``sh:in`` (IRIs), ``sh:languageIn``, ``sh:uniqueLang``, ``sh:nodeKind``, ``sh:or`` of
  such options, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount``;
  ``sh:datatype``, ``sh:pattern`` and the ranges (``sh:minInclusive`` ...) are decided in
  Python, as pyshacl decides them, on the distinct values the store returns;
- SPARQL-based constraints (``sh:sparql`` on a node shape): a query that is a plain
  pattern binding ``$this`` runs once for all focus nodes, any other once per focus node
  with ``$this`` substituted (as SHACL pre-binding does).

A shape that uses anything else (another constraint, a path expression, a message-less
constraint, SHACL rules, implicit class targets, ...) is left to pyshacl: :func:`plan`
lists it and :func:`validate` runs it there.  Nothing is skipped.  Every term written into
a query is an IRI or literal from the shapes graph in its N3 form (no text is pasted).

>>> import pyoxigraph as ox
>>> from rdflib import Graph
>>> shapes = Graph().parse(format="turtle", data='''
... @prefix sh: <http://www.w3.org/ns/shacl#> .
... <http://ex/S> sh:targetClass <http://ex/C> ;
...     sh:property [ sh:path <http://ex/p> ; sh:minCount 1 ; sh:message "needs p" ] .''')
>>> store = ox.Store()
>>> store.load(b"<http://ex/a> a <http://ex/C> .", ox.RdfFormat.TURTLE)
>>> found, rest = validate(store, shapes)
>>> [(str(f.focus), f.component.split("#")[1], str(f.messages[0])) for f in found], rest
([('http://ex/a', 'MinCountConstraintComponent', 'needs p')], None)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rdflib import OWL, RDF, RDFS, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Identifier, Node

from intlgraph.sparqltext import term_n3, values_block

__all__ = ["Finding", "Plan", "plan", "rdflib_term", "validate"]


@dataclass(frozen=True)
class Finding:
    """One validation result, as pyshacl would write it in its report graph."""

    focus: Node
    path: Node | None
    value: Node | None
    shape: Node
    component: URIRef
    severity: Node
    messages: tuple[Literal, ...]


# --- the compiled checks ------------------------------------------------------------------

_Test = Callable[[Node], bool]  # a value test decided in Python, as pyshacl decides it


@dataclass
class _Value:
    """A constraint on each value: a SPARQL condition on ``?value`` or a Python test."""

    sparql: str | None = None
    python: _Test | None = None
    classes: tuple[URIRef, ...] | None = None  # exactly "an instance of one of these"


@dataclass
class _Check:
    kind: str  # "min", "max", "value", "unique", "qualified", "sparql"
    component: URIRef
    shape: Node  # the source shape (property shape, or node shape for sh:sparql)
    path: URIRef | None
    messages: tuple[Literal, ...]
    severity: Node
    count: int = 0
    value: _Value | None = None
    select: str = ""
    prefixes: dict[str, str] = field(default_factory=dict)
    free: bool = False


@dataclass
class _Shape:
    node: Node
    focus: str  # a SPARQL group binding ?this to each focus node (DISTINCT)
    checks: list[_Check]


@dataclass
class Plan:
    """The shapes the SPARQL validator runs, and those left to pyshacl (by node)."""

    shapes: list[_Shape]
    unsupported: list[Node]


class _Unsupported(Exception):
    """The shape uses something this module does not translate."""


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_IGNORED = frozenset(
    {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.order, SH.group,
     SH.defaultValue}
)  # fmt: skip
_NODE_KEYS = _IGNORED | {*_TARGETS, SH.property, SH.sparql, SH.message, SH.severity}
_COMPONENT = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
}
_PROPERTY_KEYS = _IGNORED | {
    SH.path, SH.message, SH.severity, SH.qualifiedValueShape, SH.qualifiedMinCount,
    *_COMPONENT,
}  # fmt: skip


def plan(shapes: Graph) -> Plan:
    """Translate ``shapes``: the shapes with targets this module runs, and the rest.

    >>> from rdflib import Graph
    >>> shapes = Graph().parse(format="turtle", data='''
    ... @prefix sh: <http://www.w3.org/ns/shacl#> .
    ... <http://ex/S> sh:targetClass <http://ex/C> ;
    ...     sh:property [ sh:path <http://ex/p> ; sh:minCount 1 ; sh:message "needs p" ] .
    ... <http://ex/T> sh:targetClass <http://ex/C> ;
    ...     sh:property [ sh:path <http://ex/p> ; sh:equals <http://ex/q> ; sh:message "q" ] .''')
    >>> made = plan(shapes)
    >>> [str(s.node) for s in made.shapes], [str(n) for n in made.unsupported]
    (['http://ex/S'], ['http://ex/T'])
    """
    if any(shapes.triples((None, SH.rule, None))) or any(shapes.triples((None, SH.target, None))):
        # SHACL rules change the data; SPARQL targets: pyshacl runs everything
        return Plan([], sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str))
    compiled, unsupported = [], []
    for shape in sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str):
        try:
            compiled.append(_compile_shape(shapes, shape))
        except _Unsupported:
            unsupported.append(shape)
    for kind in (RDFS.Class, OWL.Class):  # implicit class targets
        for shape in shapes.subjects(RDF.type, kind):
            if shape not in unsupported and (shape, RDF.type, SH.NodeShape) in shapes:
                unsupported.append(shape)
                compiled = [c for c in compiled if c.node != shape]
    return Plan(compiled, unsupported)


def _compile_shape(shapes: Graph, shape: Node) -> _Shape:
    if not isinstance(shape, URIRef | BNode):
        raise _Unsupported
    keys = set(shapes.predicates(shape, None))
    if not keys <= _NODE_KEYS or (shape, SH.path, None) in shapes:
        raise _Unsupported
    severity = _severity(shapes, shape)
    checks: list[_Check] = []
    for prop in shapes.objects(shape, SH.property):
        checks += _property_checks(shapes, prop)
    shape_messages = _messages(shapes, shape)
    for constraint in shapes.objects(shape, SH.sparql):
        checks.append(_sparql_check(shapes, shape, constraint, severity, shape_messages))
    return _Shape(shape, _focus(shapes, shape), checks)


def _focus(shapes: Graph, shape: Node) -> str:
    parts = []
    classes = list(shapes.objects(shape, SH.targetClass))
    if classes:
        parts.append(
            f"{{ {_values('targetClass', classes, iri=True)} "
            "?this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
            "/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?targetClass }"
        )
    subjects_of = list(shapes.objects(shape, SH.targetSubjectsOf))
    if subjects_of:
        parts.append(
            f"{{ {_values('targetPredicate', subjects_of, iri=True)} ?this ?targetPredicate [] }}"
        )
    objects_of = list(shapes.objects(shape, SH.targetObjectsOf))
    if objects_of:
        parts.append(
            f"{{ {_values('targetPredicate', objects_of, iri=True)} [] ?targetPredicate ?this }}"
        )
    nodes = list(shapes.objects(shape, SH.targetNode))
    if nodes:
        parts.append(f"{{ {_values('this', nodes)} }}")
    return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(parts)} }} }}"


def _values(name: str, terms: list[Node], *, iri: bool = False) -> str:
    if any(not isinstance(t, URIRef if iri else URIRef | Literal) for t in terms):
        raise _Unsupported
    try:
        return values_block({name: [t for t in terms if isinstance(t, URIRef | Literal)]})
    except ValueError as error:
        raise _Unsupported from error


def _term(node: Node) -> str:
    if not isinstance(node, URIRef | Literal):
        raise _Unsupported
    try:
        return term_n3(node)
    except ValueError as error:
        raise _Unsupported from error


def _severity(shapes: Graph, shape: Node) -> Node:
    found = list(shapes.objects(shape, SH.severity))
    if len(found) > 1 or (found and not isinstance(found[0], URIRef)):
        raise _Unsupported
    return found[0] if found else SH.Violation


def _messages(shapes: Graph, node: Node) -> tuple[Literal, ...]:
    found = list(shapes.objects(node, SH.message))
    if any(not isinstance(m, Literal) for m in found):
        raise _Unsupported
    return tuple(m for m in found if isinstance(m, Literal))


def _one(shapes: Graph, node: Node, predicate: URIRef) -> Node:
    found = list(shapes.objects(node, predicate))
    if len(found) != 1:
        raise _Unsupported
    return found[0]


def _count(argument: Node) -> int:
    if (
        not isinstance(argument, Literal)
        or argument.datatype != XSD.integer
        or not isinstance(argument.value, int)
        or argument.value < 0
    ):
        raise _Unsupported  # pyshacl refuses it: let it say so
    return argument.value


def _property_checks(shapes: Graph, prop: Node) -> list[_Check]:
    keys = set(shapes.predicates(prop, None))
    if not keys <= _PROPERTY_KEYS or not isinstance(prop, URIRef | BNode):
        raise _Unsupported
    path = _one(shapes, prop, SH.path)
    if not isinstance(path, URIRef):
        raise _Unsupported
    _term(path)
    messages = _messages(shapes, prop)
    if not messages:
        raise _Unsupported  # pyshacl's generic messages are its own text
    severity = _severity(shapes, prop)
    checks = []

    def check(kind: str, component: URIRef, **more: Any) -> None:
        checks.append(_Check(kind, component, prop, path, messages, severity, **more))

    for predicate in keys:
        if predicate in _IGNORED or predicate in (SH.path, SH.message, SH.severity):
            continue
        if predicate in (SH.qualifiedValueShape, SH.qualifiedMinCount):
            continue
        if not isinstance(predicate, URIRef):
            raise _Unsupported
        argument = _one(shapes, prop, predicate)
        if predicate == SH.minCount:
            check("min", SH.MinCountConstraintComponent, count=_count(argument))
        elif predicate == SH.maxCount:
            check("max", SH.MaxCountConstraintComponent, count=_count(argument))
        elif predicate == SH.uniqueLang:
            if not isinstance(argument, Literal) or not isinstance(argument.value, bool):
                raise _Unsupported
            if argument.value:
                check("unique", SH.UniqueLangConstraintComponent)
        else:
            check("value", _COMPONENT[predicate], value=_value(shapes, predicate, argument))
    if SH.qualifiedValueShape in keys or SH.qualifiedMinCount in keys:
        inner = _one(shapes, prop, SH.qualifiedValueShape)
        least = _count(_one(shapes, prop, SH.qualifiedMinCount))
        options = _node_value(shapes, inner)
        if options.sparql is None:
            raise _Unsupported
        check("qualified", SH.QualifiedMinCountConstraintComponent, count=least, value=options)
    return checks


def _node_value(shapes: Graph, node: Node) -> _Value:
    """A shape used on a value (an sh:or option, a qualified value shape): all its
    constraints, as one value test."""
    if not isinstance(node, BNode | URIRef):
        raise _Unsupported
    parts = []
    for predicate, argument in shapes.predicate_objects(node):
        if predicate in _IGNORED:
            continue
        if predicate not in _COMPONENT or predicate in (SH.minCount, SH.maxCount, SH.uniqueLang):
            raise _Unsupported
        if len(list(shapes.objects(node, predicate))) != 1:
            raise _Unsupported
        parts.append(_value(shapes, predicate, argument))
    if not parts:
        raise _Unsupported
    if len(parts) == 1:
        return parts[0]
    if all(p.sparql is not None for p in parts):
        return _Value(sparql=" && ".join(f"({p.sparql})" for p in parts))
    if all(p.python is not None for p in parts):
        tests = [p.python for p in parts if p.python is not None]
        return _Value(python=lambda v: all(test(v) for test in tests))
    raise _Unsupported


def _value(shapes: Graph, predicate: Node, argument: Node) -> _Value:
    """The value test of one constraint."""
    if predicate == SH["class"]:
        if not isinstance(argument, URIRef):
            raise _Unsupported
        return _Value(
            sparql="EXISTS { ?value <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
            f"/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {_term(argument)} }}",
            classes=(argument,),
        )
    if predicate == SH["in"]:
        members = _list(shapes, argument)
        if any(not isinstance(m, URIRef) for m in members):
            raise _Unsupported  # literals: Oxigraph and rdflib spell some differently
        if not members:
            return _Value(sparql="false")
        return _Value(sparql=" || ".join(f"sameTerm(?value, {_term(m)})" for m in members))
    if predicate == SH.languageIn:
        ranges = _list(shapes, argument)
        if any(not isinstance(r, Literal) or not isinstance(r.value, str) for r in ranges):
            raise _Unsupported
        wanted = sorted({str(r).lower() for r in ranges})
        if "*" in wanted:
            return _Value(sparql='isLiteral(?value) && LANG(?value) != ""')
        if not wanted or "" in wanted:
            raise _Unsupported
        listed = ", ".join(_term(Literal(w)) for w in wanted)
        # pyshacl: the whole tag, or its part before the first "-", in the list
        return _Value(
            sparql=f'isLiteral(?value) && LANG(?value) != "" && (LCASE(LANG(?value)) IN '
            f'({listed}) || LCASE(STRBEFORE(LANG(?value), "-")) IN ({listed}))'
        )
    if predicate == SH.nodeKind:
        kinds = {
            SH.IRI: "isIRI(?value)",
            SH.BlankNode: "isBlank(?value)",
            SH.Literal: "isLiteral(?value)",
            SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
            SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
            SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
        }
        if argument not in kinds:
            raise _Unsupported
        return _Value(sparql=kinds[argument])  # type: ignore[index]
    if predicate == SH["or"]:
        options = [_node_value(shapes, o) for o in _list(shapes, argument)]
        if options and all(o.sparql is not None for o in options):
            classes = [c for o in options for c in (o.classes or ())]
            return _Value(
                sparql=" || ".join(f"({o.sparql})" for o in options),
                classes=tuple(classes) if all(o.classes for o in options) else None,
            )
        if options and all(o.python is not None for o in options):
            tests = [o.python for o in options if o.python is not None]
            return _Value(python=lambda v: any(test(v) for test in tests))
        raise _Unsupported
    if predicate == SH.datatype:
        if not isinstance(argument, URIRef):
            raise _Unsupported
        return _Value(python=_datatype_test(argument))
    if predicate == SH.pattern:
        if any(shapes.triples((None, SH.flags, None))):
            raise _Unsupported
        try:
            compiled = re.compile(str(argument))
        except re.error as error:
            raise _Unsupported from error
        return _Value(python=lambda v: _pattern_ok(compiled, v))
    if predicate in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
        if not isinstance(argument, Literal):
            raise _Unsupported
        return _Value(python=_range_test(predicate, argument))
    raise _Unsupported


def _list(shapes: Graph, node: Node) -> list[Node]:
    if node != RDF.nil and shapes.value(node, RDF.first) is None:
        raise _Unsupported
    return list(Collection(shapes, node))


# pyshacl's DatatypeConstraintComponent: the datatype, not ill-typed, and a Python value
# of the right kind for the datatypes it knows
PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def _datatype_test(datatype: URIRef) -> _Test:
    kind = PYTHON_TYPES.get(datatype, object)

    def test(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        if v.datatype == datatype:
            return getattr(v, "ill_typed", None) is not True and isinstance(v.value, kind)
        if datatype == RDFS.Literal:
            return True
        if datatype == RDFS.Datatype and v.datatype:
            return True
        if v.datatype is None and v.language is None and datatype == XSD.string:
            return isinstance(v.value, kind)
        if datatype == RDF.langString and v.language:
            return isinstance(v.value, kind)
        return False

    return test


def _pattern_ok(compiled: re.Pattern[str], v: Node) -> bool:
    if isinstance(v, BNode):
        return False
    if (
        isinstance(v, Literal)
        and v.value is not None
        and v.datatype in (None, RDF.langString, XSD.string)
    ):
        text = str(v.value)
    else:
        text = str(v)
    return bool(compiled.match(text) or compiled.search(text))


def _range_test(predicate: Node, bound: Literal) -> _Test:
    from pyshacl.rdfutil.compare import compare_literal

    bound_is_string = isinstance(bound.value, str)

    def test(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        if isinstance(v.value, str) != bound_is_string:
            return False
        try:
            cmp = compare_literal(v, bound)  # type: ignore[no-untyped-call]
        except (TypeError, NotImplementedError):
            return False
        if predicate == SH.minInclusive:
            return bool(cmp >= 0)
        if predicate == SH.maxInclusive:
            return bool(cmp <= 0)
        if predicate == SH.minExclusive:
            return bool(cmp > 0)
        return bool(cmp < 0)

    return test


# --- SPARQL-based constraints ----------------------------------------------------------------

_SPARQL_KEYS = frozenset({RDF.type, SH.select, SH.message, SH.prefixes})


def _sparql_check(
    shapes: Graph,
    shape: Node,
    constraint: Node,
    severity: Node,
    shape_messages: tuple[Literal, ...],
) -> _Check:
    if not set(shapes.predicates(constraint, None)) <= _SPARQL_KEYS:
        raise _Unsupported  # sh:deactivated, sh:ask-style validators, ...
    select = _one(shapes, constraint, SH.select)
    prefixes: dict[str, str] = {}
    for declarer in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                raise _Unsupported
            prefixes[str(prefix)] = str(namespace)
    text = str(select)
    free = _runs_once(text, prefixes)
    messages = shape_messages + tuple(
        m for m in _messages(shapes, constraint) if m not in shape_messages
    )
    return _Check(
        "sparql", SH.SPARQLConstraintComponent, shape, None, messages, severity,
        select=text, prefixes=prefixes, free=free,
    )  # fmt: skip


def _runs_once(text: str, prefixes: Mapping[str, str]) -> bool:
    """Whether the query, with ``$this`` left free, gives each focus node the rows it gives
    with ``$this`` pre-bound: a projection of filters over one basic graph pattern that
    binds ``$this`` (decided from rdflib's parse of the query)."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    try:
        query = prepareQuery(text, initNs=dict(prefixes))
    except Exception as error:
        raise _Unsupported from error
    algebra = query.algebra
    if algebra.name != "SelectQuery":
        raise _Unsupported
    node: Any = algebra.p
    while isinstance(node, CompValue) and node.name in ("Project", "Distinct", "Filter"):
        node = node.p
    if not isinstance(node, CompValue) or node.name != "BGP":
        return False
    this = Variable("this")
    return any(this in triple for triple in node.triples)


# --- running the plan -------------------------------------------------------------------------


def validate(
    store: Any, shapes: Graph, *, prefixes: Mapping[str, str] | None = None
) -> tuple[list[Finding], Graph | None]:
    """Validate the Oxigraph ``store`` against ``shapes``: the findings of the shapes this
    module translates, and a copy of ``shapes`` targeting only the others (for pyshacl), or
    None when there are none.  ``prefixes`` are the data's (SPARQL constraints may use them).
    """
    made = plan(shapes)
    cached = _Store(store)
    findings: list[Finding] = []
    done, unsupported = [], list(made.unsupported)
    for shape in made.shapes:
        try:
            found = list(_run_shape(cached, shape, dict(prefixes or {})))
        except _Unsupported:  # found out only when running (a query Oxigraph refuses)
            unsupported.append(shape.node)
        else:
            findings += found
            done.append(shape.node)
    if not unsupported:
        return findings, None
    rest = Graph()
    for prefix, namespace in shapes.namespaces():
        rest.bind(prefix, namespace, override=True, replace=True)
    rest += shapes
    for node in done:
        for target in _TARGETS:
            rest.remove((node, target, None))
    return findings, rest


def _rows(store: Any, text: str, prefixes: Mapping[str, str] | None = None, **kw: Any) -> Any:
    return store.query(text, prefixes=dict(prefixes) if prefixes else None, **kw)


class _Focus:
    """A shape's focus nodes, asked of the store once and only when a check needs them."""

    def __init__(self, store: Any, group: str) -> None:
        self.store, self.group = store, group
        self._nodes: set[Node] | None = None

    def nodes(self) -> set[Node]:
        if self._nodes is None:
            text = f"SELECT ?this WHERE {{ {self.group} }}"
            self._nodes = {rdflib_term(r[0]) for r in _rows(self.store, text)}
        return self._nodes


class _Store:
    """The store, and the answers to the queries that several shapes ask alike."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._cache: dict[str, list[tuple[Identifier, ...]]] = {}

    def rows(self, text: str) -> list[tuple[Identifier, ...]]:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = [
                tuple(rdflib_term(term) for term in row) for row in _rows(self.store, text)
            ]
        return found


def _run_shape(cached: _Store, shape: _Shape, data_prefixes: dict[str, str]) -> Iterator[Finding]:
    """The findings of one shape.  Checks that a missing value breaks (min counts) read the
    focus nodes in the query, all such checks of the shape in one query; the others look at
    every node with the path (no focus set needed while the data conform), and keep the
    nodes that are focus nodes."""
    store = cached.store
    focus = _Focus(store, shape.focus)
    yield from _run_absent(store, shape)
    for check in shape.checks:
        if check.kind in ("min", "qualified"):
            continue
        if check.kind == "sparql":
            yield from _run_sparql(store, shape, check, data_prefixes, focus)
            continue
        path = _term(check.path) if check.path is not None else ""
        if check.kind == "max":
            if check.count > 0 and _one_value_each(cached, path):
                continue
            text = (
                f"SELECT ?this WHERE {{ ?this {path} ?value }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {check.count})"
            )
            pairs: Iterable[tuple[Node, Node | None]] = ((r[0], None) for r in cached.rows(text))
        elif check.kind == "unique":
            if _one_per_language(cached, path):
                continue
            text = (
                f"SELECT ?this WHERE {{ ?this {path} ?value "
                'FILTER (isLiteral(?value) && LANG(?value) != "") } '
                "GROUP BY ?this (LCASE(LANG(?value)) AS ?language) "
                "HAVING (COUNT(DISTINCT ?value) > 1)"
            )
            pairs = ((r[0], None) for r in cached.rows(text))
        else:
            assert check.value is not None
            pairs = _bad_values(cached, shape.focus, path, check.value)
        for node, value in pairs:
            if node in focus.nodes():
                yield _finding(check, node, value)


def _one_value_each(cached: _Store, path: str) -> bool:
    """Whether no node has two values of ``path`` (as many pairs as nodes: one aggregate,
    cheaper than counting each node's values)."""
    text = (
        "SELECT (COUNT(*) AS ?pairs) (COUNT(DISTINCT ?this) AS ?nodes) "
        f"WHERE {{ ?this {path} ?value }}"
    )
    pairs, nodes = cached.rows(text)[0]
    return pairs == nodes


def _one_per_language(cached: _Store, path: str) -> bool:
    """Whether no node has two values of ``path`` in one language (per language tag, as
    many values as nodes)."""
    text = (
        "SELECT ?language (COUNT(*) AS ?pairs) (COUNT(DISTINCT ?this) AS ?nodes) "
        f"WHERE {{ ?this {path} ?value FILTER (isLiteral(?value)) "
        'BIND (LCASE(LANG(?value)) AS ?language) FILTER (?language != "") } GROUP BY ?language'
    )
    return all(pairs == nodes for _, pairs, nodes in cached.rows(text))


def _finding(check: _Check, node: Node, value: Node | None) -> Finding:
    return Finding(
        node, check.path, value, check.shape, check.component, check.severity, check.messages
    )


def _run_absent(store: Any, shape: _Shape) -> Iterator[Finding]:
    """The min-count checks (plain and qualified) of a shape: those of at least one value
    in one query over the focus nodes, the others one query each."""
    ones: list[tuple[_Check, str]] = []
    for check in shape.checks:
        if check.kind not in ("min", "qualified") or check.count == 0:
            continue
        path = _term(check.path) if check.path is not None else ""
        condition = ""
        if check.kind == "qualified":
            assert check.value is not None and check.value.sparql is not None
            condition = f"FILTER ({check.value.sparql})"
        if check.count == 1:
            ones.append((check, f"NOT EXISTS {{ ?this {path} ?value {condition} }}"))
            continue
        text = (
            f"SELECT ?this WHERE {{ {shape.focus} OPTIONAL {{ ?this {path} ?value "
            f"{condition} }} }} GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {check.count})"
        )
        for row in _rows(store, text):
            yield _finding(check, rdflib_term(row[0]), None)
    if not ones:
        return
    binds = " ".join(f"BIND ({test} AS ?missing{i})" for i, (_, test) in enumerate(ones))
    either = " || ".join(f"?missing{i}" for i in range(len(ones)))
    names = " ".join(f"?missing{i}" for i in range(len(ones)))
    text = f"SELECT ?this {names} WHERE {{ {shape.focus} {binds} FILTER ({either}) }}"
    for row in _rows(store, text):
        node = rdflib_term(row[0])
        for i, (check, _) in enumerate(ones):
            if row[i + 1] is not None and row[i + 1].value == "true":
                yield _finding(check, node, None)


_CHUNK = 500


def _bad_values(cached: _Store, focus: str, path: str, test: _Value) -> Iterator[tuple[Node, Node]]:
    """(node, value) pairs of ``path`` whose value fails ``test``: all of the focus nodes'
    (and maybe others')."""
    store = cached.store
    if test.classes is not None:
        # any node's values, less the instances of the classes (found once: an anti-join)
        text = (
            f"SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value MINUS {{ "
            f"{_values('class', list(test.classes), iri=True)} ?value "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
            "/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class } }"
        )
        for row in _rows(store, text):
            yield rdflib_term(row[0]), rdflib_term(row[1])
        return
    if test.sparql is not None:
        text = (
            f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value "
            f"FILTER (!({test.sparql})) }}"
        )
        for row in _rows(store, text):
            yield rdflib_term(row[0]), rdflib_term(row[1])
        return
    assert test.python is not None
    # decided in Python on each distinct value of the path, then the nodes holding a
    # failing one
    bad: list[Identifier] = []
    for (value,) in cached.rows(f"SELECT DISTINCT ?value WHERE {{ ?node {path} ?value }}"):
        if not test.python(value):
            bad.append(value)
    for start in range(0, len(bad), _CHUNK):
        chunk = bad[start : start + _CHUNK]
        blanks = [b for b in chunk if isinstance(b, BNode)]
        terms = [b for b in chunk if not isinstance(b, BNode)]
        groups = []
        if terms:
            groups.append(f"{{ {values_block({'value': terms})} }}")
        if blanks:
            groups.append("{ FILTER (isBlank(?value)) }")
        text = (
            f"SELECT DISTINCT ?this ?value WHERE {{ ?this {path} ?value {' UNION '.join(groups)} }}"
        )
        for row in _rows(store, text):
            value = rdflib_term(row[1])
            if not isinstance(value, BNode) or value in blanks:
                yield rdflib_term(row[0]), value


def _run_sparql(
    store: Any, shape: _Shape, check: _Check, data_prefixes: dict[str, str], focus: _Focus
) -> Iterator[Finding]:
    import pyoxigraph as ox

    prefixes = {**data_prefixes, **check.prefixes}
    rows: list[tuple[Node, dict[str, Node]]] = []
    if check.free:
        result = _rows(store, check.select, prefixes)
        names = [v.value for v in result.variables]
        for row in result:
            bound: dict[str, Node] = {n: rdflib_term(row[n]) for n in names if row[n] is not None}
            if bound.get("this") in focus.nodes():
                rows.append((bound["this"], bound))
    else:
        for node in sorted(focus.nodes(), key=str):
            substitution = {ox.Variable("this"): _oxigraph(node)}
            try:
                result = _rows(store, check.select, prefixes, substitutions=substitution)
            except RuntimeError as error:  # $this not projected: SEP-0007 refuses
                raise _Unsupported from error
            names = [v.value for v in result.variables]
            for row in result:
                rows.append((node, {n: rdflib_term(row[n]) for n in names if row[n] is not None}))
    seen: set[tuple[Any, ...]] = set()
    for node, bound in rows:
        if "failure" in bound:
            raise _Unsupported
        path = bound.pop("path", None)
        value = bound.pop("value", None)
        this = bound.pop("this", None)
        key = (node, this, path, value, tuple(sorted(bound.items())))
        if key in seen:
            continue
        seen.add(key)
        if value is None:
            value = node  # a node shape: the focus node is the value
        fields = dict(bound)
        for name, term in (("this", this), ("path", path), ("value", value)):
            if term is not None:
                fields[name] = term
        messages = tuple(Literal(_format(str(m.value), fields)) for m in check.messages)
        yield Finding(
            this or node, path, value, shape.node, check.component, check.severity, messages
        )


def _format(message: str, fields: Mapping[str, Node]) -> str:
    for name, term in fields.items():
        message = re.sub(f"{{[?$]{name}}}", str(term), message)
    return message


# --- terms --------------------------------------------------------------------------------------

_XSD_STRING = str(XSD.string)


def rdflib_term(term: Any) -> Identifier:
    """A pyoxigraph term as rdflib would read it from an N-Triples dump."""
    kind = type(term).__name__
    if kind == "NamedNode":
        return URIRef(term.value)
    if kind == "BlankNode":
        return BNode(term.value)
    if kind == "Literal":
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise _Unsupported


def _oxigraph(term: Node) -> Any:
    from intlgraph.engines import to_oxigraph

    return to_oxigraph(term)  # type: ignore[arg-type]
