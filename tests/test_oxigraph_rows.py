"""The Oxigraph engine reads a result's rows from its TSV text (intlgraph.engines.oxigraph_rows):
every value must be the one the per-term conversion (``oxigraph_cell`` of each solution's
term) gives, whatever the text holds: tabs, line breaks, quotes, backslashes, language tags
with a direction, numbers in every form, blank nodes, triple terms, unbound cells."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from intlgraph import paths
from intlgraph.engines import OxigraphEngine, oxigraph_cell
from intlgraph.engines.oxigraph_rows import cells_from_tsv, rows_from_tsv
from intlgraph.exc import EngineError
from intlgraph.results import IRI, BlankNode

XSD = "http://www.w3.org/2001/XMLSchema#"
P = ox.NamedNode("https://x/p")


def reference_rows(store: ox.Store, text: str) -> list[list[Any]]:
    """The rows as the engine made them before: each solution's terms one by one."""
    result = store.query(text)
    assert isinstance(result, ox.QuerySolutions)
    width = range(len(result.variables))
    return [[oxigraph_cell(solution[i]) for i in width] for solution in result]


def same(a: Any, b: Any) -> bool:
    """Equal values of the same type (NaN equal to NaN; a language tag compared too)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b) and getattr(a, "language", None) == getattr(b, "language", None)


def assert_same_rows(store: ox.Store, text: str) -> None:
    engine = OxigraphEngine()
    engine.store = store
    engine.mark_strict()  # built here from pyoxigraph terms, which are valid: read as text
    table = engine.select(text)
    expected = reference_rows(store, text)
    assert len(table.rows) == len(expected)
    for got, want in zip(table.rows, expected, strict=True):
        assert len(got) == len(want)
        assert all(same(g, w) for g, w in zip(got, want, strict=True)), (got, want)


HOSTILE_TEXTS = [
    "", "plain", "tab\there", "line\nbreak", "cr\rreturn", 'quote " inside', "back\\slash",
    '\\"', "\\t not a tab", "\u2028\u2029\u0085 separators", "\x00\x01\x1f controls",
    "Федерация профсоюзов", "emoji 🙂", "<https://x/not-an-iri>", "_:notablank", "true", "12",
    '"quoted"@en', "a\t\t\tmany\ttabs", "ends with backslash \\",
]  # fmt: skip


@pytest.fixture(scope="module")
def hostile_store() -> ox.Store:
    store = ox.Store()
    quads = []
    for k, text in enumerate(HOSTILE_TEXTS):
        subject = ox.NamedNode(f"https://x/s{k:03d}")
        quads += [
            ox.Quad(subject, P, ox.Literal(text)),
            ox.Quad(subject, P, ox.Literal(text, language="kk-cyrl")),
            ox.Quad(subject, P, ox.Literal(text, datatype=ox.NamedNode("https://x/dt"))),
            ox.Quad(subject, P, ox.Literal(text, datatype=ox.NamedNode(XSD + "integer"))),
        ]
    typed = [
        ("-12", "integer"), ("0", "integer"), ("007", "integer"), ("1.50", "decimal"),
        ("-0.0", "decimal"), ("1.0E3", "double"), ("NaN", "double"), ("-INF", "double"),
        ("2.5", "float"), ("true", "boolean"), ("0", "boolean"), ("2021-06-02", "date"),
        ("2021-06-02T10:00:00Z", "dateTime"), ("2021", "gYear"), ("P1Y", "duration"),
        ("not a date", "date"),
    ]  # fmt: skip
    for k, (lexical, datatype) in enumerate(typed):
        literal = ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))
        quads.append(ox.Quad(ox.NamedNode(f"https://x/t{k:03d}"), P, literal))
    quads.append(ox.Quad(ox.BlankNode("b1"), P, ox.Literal("of a blank node")))
    quads.append(ox.Quad(ox.NamedNode("https://x/iri"), P, ox.NamedNode("https://x/a?b=c&d#e")))
    store.extend(quads)
    return store


def test_hostile_values_read_as_the_terms_give_them(hostile_store: ox.Store) -> None:
    assert_same_rows(hostile_store, "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o")


def test_unbound_cells_empty_results_and_rows_without_columns(hostile_store: ox.Store) -> None:
    for text in [
        "SELECT ?x ?y WHERE { VALUES (?x ?y) { (UNDEF UNDEF) (1 UNDEF) (UNDEF <https://x/a>) } }",
        "SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF } }",
        "SELECT ?x WHERE { FILTER(false) }",
        "SELECT * WHERE { }",
        "SELECT * WHERE { VALUES ?x { 1 2 } FILTER(false) }",
    ]:
        assert_same_rows(hostile_store, text)
    engine = OxigraphEngine()
    assert engine.select("SELECT * WHERE { }").rows == [[]]


def test_terms_the_parser_reads(hostile_store: ox.Store) -> None:
    """Direction-tagged text and triple terms go through pyoxigraph's Turtle parser."""
    text = """SELECT ?d ?t ?b WHERE {
      BIND(STRLANGDIR("a\\tb", "en", "rtl") AS ?d)
      BIND(<<( <https://x/a> <https://x/b> "c\\"d" )>> AS ?t)
      BIND(BNODE("x") AS ?b)
    }"""
    assert_same_rows(hostile_store, text)
    row = OxigraphEngine().select(text).rows[0]
    assert row[0] == "a\tb" and row[0].language == "en"
    assert type(row[2]) is BlankNode and row[2].startswith("_:")


def test_repeated_values_are_one_object() -> None:
    engine = OxigraphEngine()
    rows = engine.select(
        "SELECT ?o WHERE { VALUES ?o { <https://x/a> <https://x/a> 'k' 'k' } }"
    ).rows
    assert type(rows[0][0]) is IRI and rows[0][0] is rows[1][0] and rows[2][0] is rows[3][0]


def test_every_chunk_size_reads_the_same_cells(hostile_store: ox.Store) -> None:
    """A result read a few bytes at a time (cut at every line break, or inside long lines)
    gives the cells the per-term conversion gives, unbound cells and parsed terms included."""
    for text, width in [
        ("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o", 2),
        ("SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF 1 UNDEF } }", 1),
        ("SELECT ?x ?y WHERE { VALUES (?x ?y) { (UNDEF UNDEF) (1.5 UNDEF) (UNDEF 'a') } }", 2),
    ]:
        result = hostile_store.query(text)
        assert isinstance(result, ox.QuerySolutions)
        data = result.serialize(format=ox.QueryResultsFormat.TSV)
        expected = [cell for row in reference_rows(hostile_store, text) for cell in row]
        for chunk in (1, 2, 7, 64, 1000, len(data) + 1):
            got = cells_from_tsv(data, width, chunk=chunk)
            assert len(got) == len(expected), (text, chunk)
            assert all(same(g, w) for g, w in zip(got, expected, strict=True)), (text, chunk)


def test_text_that_is_not_pyoxigraph_tsv_is_an_error() -> None:
    for data in [b"", b"?x", b"?x\n<https://x/a>", b"?x\t?y\n<https://x/a>\n"]:
        with pytest.raises(EngineError):
            rows_from_tsv(data, 2 if b"?y" in data else 1)
    with pytest.raises(EngineError, match="unreadable"):
        rows_from_tsv(b'?x\n"open\n', 1)


LENIENT_IRIS = [
    "http://a/b\tc",
    "http://a/b\nc",
    "http://a/\n<http://b",
    # in a two-column result, as text: two rows of whole, valid-looking IRIs
    "http://a/x>\t<http://b/y>\n<http://c/z",
]


def lenient_store(iri: str, path: Path | None = None) -> ox.Store:
    """A store loaded leniently (as another tool may load it), holding ``iri``."""
    store = ox.Store(str(path)) if path else ox.Store()
    escaped = iri.replace("\t", "\\u0009").replace("\n", "\\u000A")
    escaped = escaped.replace(">", "\\u003E").replace("<", "\\u003C")
    store.load(
        input=f"<{escaped}> <https://x/p> <https://x/o> .".encode(),
        format=ox.RdfFormat.N_TRIPLES,
        lenient=True,
    )
    assert [quad.subject.value for quad in store] == [iri]
    return store


def test_a_store_filled_elsewhere_is_read_term_by_term() -> None:
    """A store the engine did not fill (assigned to it) may hold IRIs with a tab or a line
    break: its rows are read term by term, one row per solution, each IRI whole."""
    for iri in LENIENT_IRIS:
        engine = OxigraphEngine()
        engine.store = lenient_store(iri)
        for text in ["SELECT ?s WHERE { ?s ?p ?o }", "SELECT ?s ?o WHERE { ?s ?p ?o }"]:
            rows = engine.select(text).rows
            assert rows == reference_rows(engine.store, text)
            assert len(rows) == 1 and rows[0][0] == iri and type(rows[0][0]) is IRI


def test_a_store_on_disk_with_data_is_read_term_by_term(tmp_path: Path) -> None:
    """Opened by path, a store that already holds data is read term by term; one the engine
    made (new and empty, or built by open_or_build from files it parsed) is read as text."""
    iri = LENIENT_IRIS[-1]
    foreign = tmp_path / "foreign"
    store = lenient_store(iri, foreign)
    store.flush()
    del store
    for read_only in (False, True):
        engine = OxigraphEngine(foreign, read_only=read_only)
        rows = engine.select("SELECT ?s ?o WHERE { ?s ?p ?o }").rows
        assert rows == [[iri, "https://x/o"]]
        del engine
    new = OxigraphEngine(tmp_path / "new")
    new.load_files([paths.ontology_files()[0]])
    source = tmp_path / "source.nt"
    source.write_text("<https://x/a> <https://x/p> <https://x/o> .\n", encoding="utf-8")
    built = OxigraphEngine.open_or_build(tmp_path / "built", [source])
    for engine in (new, built):
        text = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o"
        assert engine.select(text).rows == reference_rows(engine.store, text)
        assert engine._strict  # the text path is the one these stores take


def test_a_cut_iri_in_text_is_an_error_not_a_wrong_row() -> None:
    """Marked strict by mistake, a store with an IRI the text cannot carry is refused where
    the cut shows (a piece that is not a whole IRI, or a count of cells off the rows')."""
    for iri in LENIENT_IRIS[:3]:
        engine = OxigraphEngine()
        engine.store = lenient_store(iri)
        engine.mark_strict()
        for text in ["SELECT ?s WHERE { ?s ?p ?o }", "SELECT ?s ?o WHERE { ?s ?p ?o }"]:
            with pytest.raises(EngineError, match="oxigraph engine"):
                engine.select(text)


@seed(2021)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
        min_size=1,
        max_size=6,
    ),
    language=st.sampled_from([None, "en", "ru", "kk-cyrl-kz"]),
)
def test_any_text_reads_back(texts: list[str], language: str | None) -> None:
    store = ox.Store()
    store.extend(
        ox.Quad(ox.NamedNode(f"https://x/s{k}"), P, ox.Literal(text, language=language))
        for k, text in enumerate(texts)
    )
    assert_same_rows(store, "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s")
