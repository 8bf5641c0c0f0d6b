"""Every named query gives the same answer on every engine: memory, oxigraph, a live server.

The catalogue is read when the tests are collected, so queries added under ``queries/`` are
tested without touching this file. Each query runs with its defaults and, for each of its
parameters, once more with a non-default value (one that gives rows, where such a value is
found; the embedded Oxigraph engine, the fastest, looks for it). Frames must match exactly:
same columns in the same order, same dtypes, same rows (labels included); when the query has
an ORDER BY over projected variables, the rows must also come in the same order of those
variables.

The live server is the session's ``oxigraph serve`` (see ``conftest.oxigraph_server``),
reached through :func:`intlgraph.connect`: its parameters travel as a VALUES block, while
the memory engine binds scalars with rdflib's ``initBindings`` (rdflib issue #1772).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from rdflib.compare import isomorphic

import intlgraph
from intlgraph import named_queries
from intlgraph.named_queries import NamedQuery, Param
from intlgraph.results import BlankNode
from intlgraph.sparqltext import code_tokens

ENGINES = ("memory", "oxigraph", "endpoint")
FPRK = "https://w3id.org/intlgraph/id/org/fprk"
PROGRAMME_DATE = "2021-06-02"
MAX_TRIES = 6


def _cases() -> Iterator[Any]:
    for name in named_queries.names():
        query = named_queries.get(name)
        yield pytest.param(name, None, id=f"{name}[defaults]")
        for param in query.params:
            yield pytest.param(name, param.name, id=f"{name}[{param.name}]")


@pytest.fixture(scope="module")
def engines(
    oxigraph_server: str, bundled_engines: dict[str, intlgraph.KnowledgeGraph]
) -> dict[str, intlgraph.KnowledgeGraph]:
    return {
        **bundled_engines,
        "endpoint": intlgraph.connect(f"{oxigraph_server}/query", timeout=300),  # a busy CI box
    }


def test_the_catalogue_is_covered() -> None:
    names = set(named_queries.names())
    assert {"cq/cq01", "cq/cq12", "stats/by_class"} <= names
    assert set(intlgraph.catalogue()["name"]) == names


@pytest.mark.parametrize(("name", "varied"), list(_cases()))
def test_same_answer_on_every_engine(
    engines: dict[str, intlgraph.KnowledgeGraph], name: str, varied: str | None
) -> None:
    query = named_queries.get(name)
    finder = engines["oxigraph"]  # the fastest engine looks for telling parameter values
    params = _required_values(finder, query)
    if varied is not None:
        param = query.param(varied)
        params[varied] = _other_value(finder, query, param, params)
    answers = {engine: kg.query(name, **params) for engine, kg in engines.items()}
    expected = answers["memory"]
    for engine in ENGINES[1:]:
        _assert_same(query, expected, answers[engine], f"{name} {params} on {engine}")


def test_the_server_holds_the_bundled_graph(
    engines: dict[str, intlgraph.KnowledgeGraph],
) -> None:
    sizes = {engine: len(kg) for engine, kg in engines.items()}
    assert len(set(sizes.values())) == 1, sizes


# --- comparing answers ----------------------------------------------------------------


def _assert_same(query: NamedQuery, expected: Any, got: Any, where: str) -> None:
    _assert_same_answer(query.text, expected, got, where)


def _assert_same_answer(text: str, expected: Any, got: Any, where: str) -> None:
    if isinstance(expected, bool):
        assert got is expected, where
        return
    if not isinstance(expected, pd.DataFrame):  # CONSTRUCT / DESCRIBE
        assert isomorphic(expected, got), f"{where}: different graphs"
        return
    assert isinstance(got, pd.DataFrame), where
    assert list(got.columns) == list(expected.columns), where
    assert [str(t) for t in got.dtypes] == [str(t) for t in expected.dtypes], where
    want, have = _rows(expected), _rows(got)
    if sorted(have, key=_key) != sorted(want, key=_key):
        missing = [r for r in want if have.count(r) < want.count(r)]
        extra = [r for r in have if want.count(r) < have.count(r)]
        raise AssertionError(
            f"{where}: {len(have)} rows instead of {len(want)}; "
            f"missing {sorted(set(missing), key=_key)}; extra {sorted(set(extra), key=_key)}"
        )
    ordered = [c for c in order_by_variables(text) if c in expected.columns]
    if ordered:
        positions = [list(expected.columns).index(c) for c in ordered]
        assert [tuple(r[i] for i in positions) for r in have] == [
            tuple(r[i] for i in positions) for r in want
        ], f"{where}: rows in a different order of {ordered}"


def _rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [tuple(_plain(v) for v in row) for row in frame.itertuples(index=False)]


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, BlankNode):
        return "_:blank"  # blank node labels differ between engines
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str):
        return item()
    return value


def _key(row: tuple[Any, ...]) -> tuple[tuple[bool, str, str], ...]:
    return tuple((v is None, type(v).__name__, str(v)) for v in row)


def order_by_variables(text: str) -> list[str]:
    """The variables of the query's final ORDER BY (none if it is inside a subquery)."""
    tokens = [token for _, token in code_tokens(text)]
    start = None
    for index in range(len(tokens) - 1):
        if tokens[index].upper() == "ORDER" and tokens[index + 1].upper() == "BY":
            start = index + 2
    if start is None:
        return []
    found: list[str] = []
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token == "}" or token.upper() in {"LIMIT", "OFFSET", "VALUES"}:
            return [] if token == "}" else found
        if token in {"?", "$"} and index + 1 < len(tokens):
            found.append(tokens[index + 1])
    return found


def test_order_by_variables() -> None:
    text = "SELECT * { { SELECT ?a { } ORDER BY ?a } } ORDER BY DESC(?b) ?c LIMIT 3"
    assert order_by_variables(text) == ["b", "c"]
    assert order_by_variables("SELECT * { { SELECT ?a { } ORDER BY ?a } }") == []


# --- parameter values -------------------------------------------------------------------


@functools.cache
def _context() -> dict[str, str]:
    """What a `$focal`-style default is on the bundled graph (its programme's context)."""
    return intlgraph.load(engine="oxigraph").programme().defaults()


def _required_values(kg: intlgraph.KnowledgeGraph, query: NamedQuery) -> dict[str, Any]:
    """Values for the parameters that have neither a default nor ``optional``."""
    values: dict[str, Any] = {}
    for param in query.params:
        if param.required:
            values[param.name] = _other_value(kg, query, param, values)
    return values


def _other_value(
    kg: intlgraph.KnowledgeGraph, query: NamedQuery, param: Param, fixed: dict[str, Any]
) -> Any:
    """A value other than the default, giving rows on ``kg`` if one is found."""
    default = (
        named_queries.bind(query, fixed, context=_context()).get(param.name)
        if not param.required
        else None
    )
    candidates = [c for c in _candidates(kg, query, param, fixed) if c is not None]
    if param.many:
        defaults = [str(v) for v in default] if isinstance(default, list) else []
        if len(defaults) > 1:
            return [defaults[0]]
        candidates = [[c] for c in candidates]
    seen = set()
    unique = []
    for candidate in candidates:
        marker = repr(candidate)
        if marker not in seen and not _same_as_default(query, param, candidate, default, fixed):
            seen.add(marker)
            unique.append(candidate)
    assert unique, f"{query.name}: no value other than the default for {param.name}"
    for candidate in unique[:MAX_TRIES]:
        try:
            answer = kg.query(query.name, labels=False, **{**fixed, param.name: candidate})
        except intlgraph.ParameterError:  # another required parameter has no value yet
            break
        if answer if isinstance(answer, bool) else len(answer):
            return candidate
    return unique[0]


def _same_as_default(
    query: NamedQuery, param: Param, candidate: Any, default: Any, fixed: dict[str, Any]
) -> bool:
    if default is None:
        return False
    try:
        term = named_queries.bind(query, {**fixed, param.name: candidate}, context=_context())[
            param.name
        ]
    except intlgraph.ParameterError:
        return True  # not usable at all
    return bool(term == default)


def _candidates(
    kg: intlgraph.KnowledgeGraph, query: NamedQuery, param: Param, fixed: dict[str, Any]
) -> list[Any]:
    default = None if param.default is None else re.split(r"[\s,]+", param.default.strip())[0]
    if default is not None and default.startswith("$"):  # the programme context's value
        default = kg.programme().defaults()[default[1:]]
    own, seen = _result_values(kg, query, param, fixed)
    kind = param.type
    if kind == "iri":
        out = [v for v in own if isinstance(v, str)]
        iris = [v for v in seen if isinstance(v, str) and v.startswith(("http://", "https://"))]
        if default is not None:
            term = str(named_queries.to_term(query, param, default))
            out += _same_type_instances(kg, term)
            namespace = term.rsplit("/", 1)[0]  # IRIs like the default's first
            iris.sort(key=lambda v: v.rsplit("/", 1)[0] != namespace)
        return [*out, *iris, FPRK]
    if kind == "string":
        texts = [v for v in own + seen if type(v) is str and 0 < len(v) <= 40]
        prefix = [str(default)[: max(1, len(str(default)) // 2)]] if default else []
        return [*prefix, *texts, "2", "4.2", "FPRK"]
    if kind in {"integer", "decimal"}:
        number = Decimal(str(default)) if default is not None else Decimal(10)
        picks = [number // 2, number + 1, Decimal(1), Decimal(2), Decimal(5)]
        return [int(p) if kind == "integer" else str(p) for p in picks]
    if kind == "date":
        dates = [v.isoformat() for v in own + seen if isinstance(v, dt.date)]
        return [PROGRAMME_DATE, *sorted(set(dates)), "2020-01-01", "2023-12-31"]
    if kind == "year":
        return [2021, 2020, 2022, int(default) - 1 if default else 2019]
    if kind == "boolean":
        flag = str(default).lower() in {"true", "1"} if default is not None else False
        return [not flag]
    raise AssertionError(f"{query.name}: unknown parameter type {kind}")


def _result_values(
    kg: intlgraph.KnowledgeGraph, query: NamedQuery, param: Param, fixed: dict[str, Any]
) -> tuple[list[Any], list[Any]]:
    """The values of the result column named like ``param``, and of all columns."""
    try:
        answer = kg.query(query.name, labels=False, **fixed)
    except intlgraph.ParameterError:  # another required parameter has no value yet
        return [], []
    if not isinstance(answer, pd.DataFrame):
        return [], []

    def distinct(values: Any) -> list[Any]:
        plain = {_plain(v) for v in values} - {None}
        return sorted(plain, key=lambda v: (type(v).__name__, str(v)))

    own = [answer[c] for c in answer.columns if c.lower() == param.name.lower()]
    every = [v for column in answer.columns for v in answer[column]]
    return distinct(v for column in own for v in column), distinct(every)


def _same_type_instances(kg: intlgraph.KnowledgeGraph, iri: str) -> list[str]:
    """Resources sharing a class with ``iri``: same IRI namespace and most classes first."""
    from rdflib import RDF, URIRef

    graph = kg.graph
    classes = set(graph.objects(URIRef(iri), RDF.type))
    shared: dict[str, int] = {}
    for c in classes:
        for s in graph.subjects(RDF.type, c):
            shared[str(s)] = shared.get(str(s), 0) + 1
    shared.pop(iri, None)
    namespace = iri.rsplit("/", 1)[0]
    return sorted(shared, key=lambda s: (s.rsplit("/", 1)[0] != namespace, -shared[s], s))


# --- named graphs and relative IRIs ------------------------------------------------------

#: A second named graph: the Federation of Independent Trade Unions of Russia's labels, as the
#: bundled data gives them, also kept apart in this graph. (The live server's union default
#: graph is a bag: a triple held in two graphs comes twice; intlgraph's is a set. Queries on
#: the default graph that meet those labels say DISTINCT.)
LABELS_GRAPH = "https://w3id.org/intlgraph/graph/test-labels"
FNPR_ORG = "https://w3id.org/intlgraph/id/org/fnpr"
GRAPH_QUERIES = {
    "graphs and sizes": """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }
        GROUP BY ?g ORDER BY ?g""",
    "one named graph": f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?label WHERE {{ GRAPH <{LABELS_GRAPH}> {{ <{FNPR_ORG}> rdfs:label ?label }} }}
        ORDER BY ?label""",
    "graphs holding a resource": f"""SELECT DISTINCT ?g WHERE {{
        GRAPH ?g {{ <{FNPR_ORG}> ?p ?o }} }} ORDER BY ?g""",
    "graphs of an organisation without labels graph": """PREFIX o: <https://w3id.org/intlgraph/id/org/>
        SELECT DISTINCT ?g WHERE { GRAPH ?g { o:tuc ?p ?o } }""",
    "GRAPH joined with the default graph": f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?type ?label WHERE {{ <{FNPR_ORG}> a ?type .
          GRAPH ?g {{ <{FNPR_ORG}> rdfs:label ?label }} FILTER(?g = <{LABELS_GRAPH}>) }}""",
    "a graph that is not there": """ASK { GRAPH <https://w3id.org/intlgraph/graph/none> {
        ?s ?p ?o } }""",
    "the default graph is the union (distinct triples)": """SELECT (COUNT(*) AS ?n)
        WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }""",
    "CONSTRUCT from a named graph": f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
        GRAPH <{LABELS_GRAPH}> {{ ?s ?p ?o }} }}""",
    "relative IRIs against BASE": """BASE <https://w3id.org/intlgraph/id/org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?label WHERE { <fnpr> rdfs:label ?label } ORDER BY ?label""",
    "relative IRIs resolved": """BASE <https://w3id.org/intlgraph/id/org/fnpr>
        SELECT (<#x> AS ?fragment) (<../city/moscow> AS ?up) (<gtuc> AS ?sibling)
          (<?q=1> AS ?query) WHERE { }""",
    "relative IRIs in CONSTRUCT": """BASE <https://w3id.org/intlgraph/id/org/>
        CONSTRUCT { <fnpr> <relatedTo> <gtuc> } WHERE { <fnpr> ?p ?o }""",
}


@pytest.fixture(scope="module")
def dataset_engines(
    engines: dict[str, intlgraph.KnowledgeGraph],
    oxigraph_server: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, intlgraph.KnowledgeGraph]]:
    """The same dataset on every engine: the bundled graph in the named graph the live server
    holds it in (``SERVER_GRAPH``) and the labels graph; the local engines read it from an
    N-Quads file, the live server gets the labels graph for this module only."""
    import urllib.request

    from conftest import SERVER_GRAPH
    from rdflib import RDFS, Graph, URIRef

    from intlgraph.push import push

    bundled = engines["memory"].graph
    labels = Graph()
    for label in bundled.objects(URIRef(FNPR_ORG), RDFS.label):
        labels.add((URIRef(FNPR_ORG), RDFS.label, label))
    assert len(labels) == 2
    path = tmp_path_factory.mktemp("dataset") / "dataset.nq"
    with path.open("w", encoding="utf-8") as out:
        for graph, name in ((bundled, SERVER_GRAPH), (labels, LABELS_GRAPH)):
            for s, p, o in graph:
                out.write(f"{s.n3()} {p.n3()} {o.n3()} <{name}> .\n")
    local = {
        engine: intlgraph.load(include_bundled=False, extra=[path], engine=engine)
        for engine in ("memory", "oxigraph")
    }
    push(intlgraph.KnowledgeGraph(labels), f"{oxigraph_server}/store", graph=LABELS_GRAPH)
    try:
        yield local | {"endpoint": engines["endpoint"]}
    finally:
        request = urllib.request.Request(
            f"{oxigraph_server}/store?graph={LABELS_GRAPH}", method="DELETE"
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert answer.status in {200, 204}


@pytest.mark.parametrize("label", list(GRAPH_QUERIES))
def test_graph_and_base_queries_give_the_same_answer(
    dataset_engines: dict[str, intlgraph.KnowledgeGraph], label: str
) -> None:
    text = GRAPH_QUERIES[label]
    answers = {engine: kg.query(text, lang=None) for engine, kg in dataset_engines.items()}
    expected = answers["memory"]
    if isinstance(expected, pd.DataFrame):
        assert len(expected), f"{label}: no rows"
    elif not isinstance(expected, bool):
        assert len(expected), f"{label}: no triples"
    for engine in ENGINES[1:]:
        _assert_same_answer(text, expected, answers[engine], f"{label} on {engine}")


def test_graph_answers_are_the_real_ones(
    dataset_engines: dict[str, intlgraph.KnowledgeGraph],
) -> None:
    from conftest import SERVER_GRAPH

    kg = dataset_engines["memory"]
    sizes = kg.query(GRAPH_QUERIES["graphs and sizes"], lang=None)
    assert sizes["g"].tolist() == sorted([SERVER_GRAPH, LABELS_GRAPH])
    assert sizes.set_index("g")["n"].to_dict() == {
        SERVER_GRAPH: len(dataset_engines["oxigraph"]),
        LABELS_GRAPH: 2,
    }
    holding = kg.query(GRAPH_QUERIES["graphs holding a resource"], lang=None)["g"].tolist()
    assert holding == sorted([SERVER_GRAPH, LABELS_GRAPH])
    resolved = kg.query(GRAPH_QUERIES["relative IRIs resolved"], lang=None).iloc[0].tolist()
    org = "https://w3id.org/intlgraph/id/org/"
    assert resolved == [
        org + "fnpr#x",
        "https://w3id.org/intlgraph/id/city/moscow",
        org + "gtuc",
        org + "fnpr?q=1",
    ]
    assert kg.query(GRAPH_QUERIES["a graph that is not there"]) is False


def test_the_catalogue_reads_the_union_of_named_graphs(
    engines: dict[str, intlgraph.KnowledgeGraph],
    dataset_engines: dict[str, intlgraph.KnowledgeGraph],
) -> None:
    """Data loaded as named graphs answers the named queries as when loaded as Turtle."""
    for name in ("cq/cq05", "cq/cq07", "stats/by_class"):
        query = named_queries.get(name)
        expected = engines["memory"].query(name)
        for engine in ("memory", "oxigraph"):
            got = dataset_engines[engine].query(name)
            _assert_same(query, expected, got, f"{name} from named graphs on {engine}")


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_a_relative_iri_without_base_is_an_error_on_the_local_engines(
    dataset_engines: dict[str, intlgraph.KnowledgeGraph], engine: str
) -> None:
    with pytest.raises(intlgraph.EngineError):
        dataset_engines[engine].query("SELECT (<fnpr> AS ?x) WHERE { }", lang=None)
