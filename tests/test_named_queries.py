"""The named-query catalogue: headers, defaults, parameter errors and injection-proof binding.

Injection: a caller's string or IRI is bound as one RDF term, natively (rdflib initBindings,
pyoxigraph substitutions) or in a VALUES block (``sparqltext.insert_values``, the path remote
endpoints take). Strings must come back verbatim as data and match exactly one triple; IRIs that
are not IRIs must be refused.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdfns

import intlgraph
from intlgraph import guard
from intlgraph import named_queries as catalogue
from intlgraph.engines import OxigraphEngine
from intlgraph.exc import ParameterError, QueryNotFoundError
from intlgraph.sparqltext import insert_values

EX = Namespace("http://example.org/")

# --- the catalogue ---------------------------------------------------------------------


def all_queries() -> list[catalogue.NamedQuery]:
    return [catalogue.get(name) for name in catalogue.names()]


@pytest.mark.parametrize("name", catalogue.names())
def test_every_query_has_title_description_and_source(name: str) -> None:
    query = catalogue.get(name)
    assert query.title, f"{name}: no '# title:'"
    assert query.description, f"{name}: no '# description:'"
    assert query.source, f"{name}: no '# source:'"
    assert query.form in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def test_explore_group_is_in_the_catalogue() -> None:
    frame = intlgraph.catalogue()
    explore = set(frame.loc[frame["group"] == "explore", "name"])
    assert {
        "explore/organisation",
        "explore/organisation-ties",
        "explore/country-ties",
        "explore/conventions-by-status",
        "explore/planned-measures",
        "explore/sources-of",
        "explore/latest-status",
    } <= explore
    row = frame.set_index("name").loc["explore/organisation-ties"]
    assert row["parameters"] == "org (iri, default: $focal) the organisation"


#: The bundled programme's context: what a ``$key`` default becomes on the bundled graph.
CONTEXT = {
    "programme": "https://w3id.org/intlgraph/id/source/p2021",
    "focal": "https://w3id.org/intlgraph/id/org/fprk",
    "country": "https://w3id.org/intlgraph/id/country/KAZ",
    "date": "2021-06-02",
    "peer_group": "https://w3id.org/intlgraph/id/region/central-asia",
    "agreement": "https://w3id.org/intlgraph/id/tie/general-agreement-2021-2023",
}


def test_the_bundled_context_is_as_the_tests_assume() -> None:
    import intlgraph

    assert intlgraph.load(engine="oxigraph").programme().defaults() == CONTEXT


@pytest.mark.parametrize("name", catalogue.names())
def test_every_default_binds(name: str) -> None:
    query = catalogue.get(name)
    for param in query.params:
        if param.default is None:
            continue
        if param.default.startswith("$"):
            assert param.default[1:] in CONTEXT, param.default  # a key the context gives
            items = [CONTEXT[param.default[1:]]]
        else:
            items = re.split(r"[\s,]+", param.default.strip()) if param.many else [param.default]
        for item in items:
            catalogue.to_term(query, param, item)  # raises ParameterError if it does not bind
    if not any(param.required for param in query.params):
        bound = catalogue.bind(query, {}, context=CONTEXT)
        assert set(bound) == {p.name for p in query.params if not p.optional}


def test_defaults_become_terms_of_their_type() -> None:
    org = catalogue.bind(catalogue.get("explore/organisation"), {}, context=CONTEXT)["org"]
    assert org == URIRef("https://w3id.org/intlgraph/id/org/fprk")
    with pytest.raises(ParameterError, match="no programme context"):
        catalogue.bind(catalogue.get("explore/organisation"), {})
    assert catalogue.bind(catalogue.get("explore/organisation"), {}, partial=True) == {}
    as_of = catalogue.bind(catalogue.get("explore/latest-status"), {})["as_of"]
    assert as_of == Literal("2100-01-01", datatype=rdfns.XSD.date)


def test_unknown_query_suggests_names() -> None:
    with pytest.raises(QueryNotFoundError, match="did you mean explore/organisation"):
        catalogue.get("explore/organisatoin")


# --- parameter errors ------------------------------------------------------------------

TYPED = catalogue.parse(
    """# title: Every parameter type
# description: A fixture query declaring one parameter of each type.
# param: org (iri) an organisation
# param: n (integer, default: 3) a count
# param: day (date, optional) a day
# param: year (year, optional) a year
# param: flag (boolean, optional) a flag
# param: text (string, optional) a text
# source: tests
PREFIX o: <https://w3id.org/intlgraph/id/org/>
SELECT * WHERE { ?org ?p ?o }
""",
    name="test/typed",
    path=Path("typed.rq"),
)


@pytest.mark.parametrize(
    ("values", "param", "reason"),
    [
        ({"org": "o:fprk", "nope": 1}, "nope", "unknown parameter"),
        ({}, "org", "required"),
        ({"org": "o:fprk", "n": "abc"}, "n", "not an integer"),
        ({"org": "o:fprk", "n": True}, "n", "not an integer"),
        ({"org": "o:fprk", "day": "2021-13-01"}, "day", "not a valid date"),
        ({"org": "o:fprk", "day": "02.06.2021"}, "day", "not a date"),
        ({"org": "o:fprk", "year": "21"}, "year", "not a year"),
        ({"org": "o:fprk", "flag": "maybe"}, "flag", "not a boolean"),
        ({"org": "not an iri"}, "org", "not an IRI"),
        ({"org": "https://example.org/a>b"}, "org", "not an IRI"),
        ({"org": "<https://example.org/a> } UNION { ?s ?p ?o"}, "org", "not an IRI"),
        ({"org": "o:fprk", "text": 5}, "text", "not a string"),
        ({"org": ["o:fprk", "o:ilo"]}, "org", "one value, not a list"),
    ],
)
def test_bind_errors_name_query_and_parameter(
    values: dict[str, Any], param: str, reason: str
) -> None:
    with pytest.raises(ParameterError) as caught:
        catalogue.bind(TYPED, values)
    assert caught.value.query == "test/typed"
    assert caught.value.param == param
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"test/typed: parameter {param}: ")


def test_bind_converts_every_type() -> None:
    bound = catalogue.bind(
        TYPED,
        {
            "org": "o:fprk",
            "n": "7",
            "day": dt.date(2021, 6, 2),
            "year": 2021,
            "flag": "true",
            "text": "4.1",
        },
    )
    assert bound == {
        "org": URIRef("https://w3id.org/intlgraph/id/org/fprk"),
        "n": Literal(7, datatype=rdfns.XSD.integer),
        "day": Literal("2021-06-02", datatype=rdfns.XSD.date),
        "year": Literal("2021", datatype=rdfns.XSD.gYear),
        "flag": Literal(True),
        "text": Literal("4.1"),
    }


def test_bad_parameter_fails_through_the_graph_api(bundled_kg: intlgraph.KnowledgeGraph) -> None:
    kg = bundled_kg
    with pytest.raises(ParameterError, match="explore/latest-status: parameter as_of"):
        kg.query("explore/latest-status", as_of="2021-13-01")


# --- injection -------------------------------------------------------------------------

#: Values that would break out of a literal or an IRI if pasted into the query text.
EVIL = [
    '"',
    "'",
    "}",
    ">",
    "#",
    "line one\nline two",
    "\r\n",
    "\\u0022",
    "\\u0022 } UNION { ?s ?p ?o } #",
    '" } ; DROP ALL ; #',
    "<http://x> } UNION { ?s ?p ?o",
    '" . ?s ?p ?o . FILTER ("" = "',
    "\\",
    '\\"',
    '"""',
    "'''",
    "SERVICE <http://evil.example/> { }",
]

ECHO = catalogue.parse(
    """# title: Echo
# description: The things whose note is exactly the given text (a fixture for injection tests).
# param: note (string) the note
# param: thing (iri, optional) only this thing
# source: tests
PREFIX ex: <http://example.org/>
SELECT ?thing ?note
WHERE { ?thing ex:note ?note }
ORDER BY ?thing
""",
    name="test/echo",
    path=Path("echo.rq"),
)


def _injection_graph() -> Graph:
    graph = Graph()
    for number, value in enumerate(EVIL):
        graph.add((EX[f"thing{number}"], EX.note, Literal(value)))
    # more triples, which a pasted `?s ?p ?o` would return
    for number in range(20):
        graph.add((EX[f"other{number}"], EX.label, Literal(f"other {number}")))
    return graph


def _engines() -> dict[str, intlgraph.KnowledgeGraph]:
    memory = intlgraph.KnowledgeGraph(_injection_graph())
    oxigraph = OxigraphEngine()
    oxigraph.add_graph(_injection_graph())
    return {"memory": memory, "oxigraph": intlgraph.KnowledgeGraph(engine=oxigraph)}


@pytest.fixture(scope="module")
def engines() -> dict[str, intlgraph.KnowledgeGraph]:
    return _engines()


def _run(kg: intlgraph.KnowledgeGraph, path: str, values: dict[str, Any]) -> pd.DataFrame:
    bound = catalogue.bind(ECHO, values)
    if path == "native":
        frame: pd.DataFrame = kg.query(ECHO.text, lang=None, **bound)
        return frame
    text = insert_values(ECHO.text, bound)  # the remote path: a VALUES block
    assert guard.check(text).form == "SELECT"  # keywords inside the literal are not syntax
    frame = kg.query(text, lang=None)
    return frame


@pytest.mark.parametrize("path", ["native", "values"])
@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
@pytest.mark.parametrize("number", range(len(EVIL)))
def test_string_values_come_back_verbatim(
    engines: dict[str, intlgraph.KnowledgeGraph], engine: str, path: str, number: int
) -> None:
    value = EVIL[number]
    frame = _run(engines[engine], path, {"note": value})
    assert frame["thing"].tolist() == [str(EX[f"thing{number}"])]
    assert frame["note"].tolist() == [value]


@pytest.mark.parametrize("path", ["native", "values"])
@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_unknown_string_matches_nothing(
    engines: dict[str, intlgraph.KnowledgeGraph], engine: str, path: str
) -> None:
    frame = _run(engines[engine], path, {"note": '" } UNION { ?thing ?p ?note } #'})
    assert frame.empty


@pytest.mark.parametrize("path", ["native", "values"])
@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_iri_with_fragment_is_bound_as_given(
    engines: dict[str, intlgraph.KnowledgeGraph], engine: str, path: str
) -> None:
    frame = _run(engines[engine], path, {"note": "#", "thing": "<http://example.org/thing4>"})
    assert frame["thing"].tolist() == ["http://example.org/thing4"]
    frame = _run(engines[engine], path, {"note": "#", "thing": "http://example.org/x#thing4"})
    assert frame.empty


@pytest.mark.parametrize(
    "value",
    [
        "<http://x> } UNION { ?s ?p ?o",
        "http://example.org/a>",
        "http://example.org/a> . ?s ?p ?o . <http://x",
        'http://example.org/"',
        "http://example.org/a b",
        "http://example.org/a\nb",
        "http://example.org/{x}",
        "http://example.org/a\\u003E",
        "http://example.org/#a#b} #",
        "not an iri",
        "",
    ],
)
def test_bad_iris_are_refused(value: str) -> None:
    with pytest.raises(ParameterError) as caught:
        catalogue.bind(ECHO, {"note": "x", "thing": value})
    assert (caught.value.query, caught.value.param) == ("test/echo", "thing")


def test_values_block_refuses_an_iri_with_a_bracket() -> None:
    with pytest.raises(ValueError, match="not an IRI"):
        insert_values(ECHO.text, {"thing": URIRef("http://x> } UNION { ?s ?p ?o")})


def test_injection_through_a_catalogue_query_returns_no_extra_rows(
    bundled_kg: intlgraph.KnowledgeGraph,
) -> None:
    kg = bundled_kg
    frame = kg.query("explore/planned-measures", section='4.1" } UNION { ?s ?p ?o } #')
    assert frame.empty
    assert len(kg.query("explore/planned-measures", section="4.1")) == 12


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("o:nobody>", "'o:nobody>' is not a prefixed name: 'nobody>' may hold only"),
        ("o:a#b", "'o:a#b' is not a prefixed name"),
        ("zz:x", "unknown prefix 'zz' (declared: "),
    ],
)
def test_a_bad_prefixed_name_says_what_is_wrong(value: str, message: str) -> None:
    query = catalogue.get("explore/organisation-ties")
    with pytest.raises(ParameterError, match=re.escape(message)):
        catalogue.bind(query, {"org": value})
