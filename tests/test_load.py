"""Loading files into the knowledge graph, and the errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    FIXTURE_DATA,
    FIXTURE_ONTOLOGY,
    FIXTURES,
    REPO_ROOT,
)
from rdflib import RDFS, Literal, URIRef

import intlgraph
from intlgraph import paths
from intlgraph.exc import (
    FileNotUTF8Error,
    InputFileError,
    IntlgraphError,
    MalformedFileError,
    MissingFileError,
    UnknownFileTypeError,
)

IGD = "https://w3id.org/intlgraph/id/"
IG = "https://w3id.org/intlgraph/ont#"


def test_load_fixture_files(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    assert len(fixture_kg) == len(fixture_kg.graph) > 50
    assert fixture_kg.sources == [FIXTURE_ONTOLOGY, FIXTURE_DATA]
    assert (URIRef(IGD + "union-a"), RDFS.label, Literal("Union A", lang="en")) in (
        fixture_kg.graph
    )
    assert "KnowledgeGraph" in repr(fixture_kg)


def test_label_language_and_fallbacks(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    assert fixture_kg.label(IGD + "union-a") == "Union A"
    assert fixture_kg.label(IGD + "union-a", lang="ru") == "Профсоюз А"
    # only a Russian label: English falls back to it
    assert fixture_kg.label(IGD + "union-b", lang="en") == "Профсоюз Б"
    # only an English label: Russian falls back to it
    assert fixture_kg.label(IGD + "body-c", lang="ru") == "Body C"
    # skos:prefLabel counts as a label
    assert fixture_kg.label(IGD + "status-active", lang="ru") == "действует"
    # no label at all: the local name
    assert fixture_kg.label(IG + "party-without-label") == "party-without-label"
    assert fixture_kg.label(URIRef(IGD + "nothing/here")) == "here"


def test_select_returns_a_frame(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    frame = fixture_kg.query(
        "PREFIX ig: <https://w3id.org/intlgraph/ont#> "
        "SELECT ?s ?n WHERE { ?s ig:sectionNumber ?n } ORDER BY ?n",
        labels=False,
    )
    assert list(frame.columns) == ["s", "n"]
    assert frame["n"].tolist() == ["4.1", "4.10", "4.2"]
    assert frame["s"].iat[0] == IGD + "section-4.1"


def test_compact_uses_bound_prefixes(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    assert fixture_kg.compact(IG + "Membership") == "ig:Membership"
    assert fixture_kg.compact(IGD + "union-a") == "igd:union-a"
    assert fixture_kg.compact("http://example.org/x y") == "http://example.org/x y"


def test_quad_and_jsonld_files_merge_into_default_graph() -> None:
    kg = intlgraph.load(
        extra=[FIXTURES / "extra.nq", FIXTURES / "extra.jsonld"], include_bundled=False
    )
    assert kg.label(IGD + "union-z") == "Union Z"
    assert kg.label(IGD + "union-y") == "Union Y"
    assert len(kg) == 3


def test_malformed_turtle_names_file_and_line() -> None:
    bad = FIXTURES / "malformed.ttl"
    with pytest.raises(MalformedFileError) as caught:
        intlgraph.load(extra=[FIXTURE_ONTOLOGY, bad], include_bundled=False)
    error = caught.value
    assert isinstance(error, InputFileError)
    assert isinstance(error, IntlgraphError)
    assert error.path == bad
    assert error.line == 4
    assert str(error).startswith(f"{bad}, line 4: bad syntax")
    assert "string literal" in str(error)


def test_failed_load_leaves_existing_graph_alone(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    before = len(fixture_kg)
    sources = list(fixture_kg.sources)
    extra = FIXTURES / "extra.nq"
    with pytest.raises(MalformedFileError):
        fixture_kg.add_files([extra, FIXTURES / "malformed.ttl"])
    assert len(fixture_kg) == before
    assert fixture_kg.sources == sources
    fixture_kg.add_files([extra])
    assert len(fixture_kg) == before + 2
    assert fixture_kg.sources == [*sources, extra]


def test_unknown_file_type() -> None:
    with pytest.raises(UnknownFileTypeError) as caught:
        intlgraph.load(extra=[FIXTURES / "notes.txt"], include_bundled=False)
    message = str(caught.value)
    assert message.startswith(f"{FIXTURES / 'notes.txt'}: unknown file type '.txt'")
    assert ".ttl" in message
    assert caught.value.line is None


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ttl"
    with pytest.raises(MissingFileError) as caught:
        intlgraph.load(extra=[missing], include_bundled=False)
    assert str(caught.value) == f"{missing}: no such file"
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    with pytest.raises(MissingFileError, match="is a directory"):
        intlgraph.load(extra=[folder], include_bundled=False)


def test_file_not_utf8() -> None:
    bad = FIXTURES / "latin1.ttl"
    raw = bad.read_bytes()
    with pytest.raises(FileNotUTF8Error) as caught:
        intlgraph.load(extra=[bad], include_bundled=False)
    error = caught.value
    assert error.offset == raw.index(b"\xe9")
    assert error.line == 2
    assert str(error) == f"{bad}, line 2: not valid UTF-8 (first bad byte at offset {error.offset})"


def test_each_kind_of_bad_input_has_its_own_message(tmp_path: Path) -> None:
    files = [
        FIXTURES / "malformed.ttl",
        FIXTURES / "notes.txt",
        tmp_path / "missing.ttl",
        FIXTURES / "latin1.ttl",
    ]
    reasons = set()
    for file in files:
        with pytest.raises(InputFileError) as caught:
            intlgraph.load(extra=[file], include_bundled=False)
        reasons.add((type(caught.value), caught.value.reason.split("(")[0]))
    assert len(reasons) == len(files)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.nt", "<http://a> <http://b> <http://c> .\n\n<http://a> <http://b> .\n", 3),
        ("bad.nq", "# comment\n<http://a> <http://b> .\n", 2),
        ("bad.jsonld", '{"@id": "http://a",\n "http://b": [1,\n}', 3),
        ("bad.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="x">\n<a>\n</rdf:RDF>\n', 4),
        ("bad.trig", "@prefix ex: <http://ex/> .\nex:g {\nex:a ex:b }\n", 3),
    ],
)
def test_malformed_other_formats_name_the_line(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(MalformedFileError) as caught:
        intlgraph.load(extra=[bad], include_bundled=False)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{bad}, line {line}: ")


def test_other_formats_load(tmp_path: Path) -> None:
    (tmp_path / "a.nt").write_text('<http://a> <http://b> "nt" .\n', encoding="utf-8")
    (tmp_path / "b.trig").write_text(
        '@prefix ex: <http://ex/> .\nex:g { ex:a ex:b "trig" . }\n', encoding="utf-8"
    )
    (tmp_path / "c.rdf").write_text(
        '<?xml version="1.0"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://ex/">\n'
        '<rdf:Description rdf:about="http://ex/c"><ex:b>xml</ex:b></rdf:Description>\n'
        "</rdf:RDF>\n",
        encoding="utf-8",
    )
    kg = intlgraph.load(extra=sorted(tmp_path.iterdir()), include_bundled=False)
    assert sorted(str(o) for o in kg.graph.objects()) == ["nt", "trig", "xml"]


def test_paths_find_the_files() -> None:
    root = paths.bundle_root()
    if paths.is_bundled():
        assert root.name == "_bundled"
    else:
        assert root == REPO_ROOT
    assert paths.ontology_dir() == root / "ontology"
    assert paths.data_dir() == root / "data"
    assert paths.queries_dir() == root / "queries"
    assert all(p.suffix == ".ttl" for p in paths.ontology_files() + paths.data_files())
    assert paths.shapes_file() not in paths.ontology_files()
    assert paths.query_file("stats/by_class").is_file()
    with pytest.raises(MissingFileError):
        paths.query_file("no/such/query")


def test_load_bundled_files() -> None:
    kg = intlgraph.load()
    expected = paths.ontology_files() + paths.data_files()
    assert kg.sources == expected
    assert len(kg) > 0
    with_fixture = intlgraph.load(extra=[FIXTURE_DATA])
    assert len(with_fixture) > len(kg)


@pytest.mark.parametrize("engine", ["memory", "oxigraph"])
def test_trig_and_nquads_keep_their_named_graphs(tmp_path: Path, engine: str) -> None:
    """Named graphs survive loading (and add_files); the default graph is their union."""
    from intlgraph.engines import QueryDataset

    trig = tmp_path / "graphs.trig"
    trig.write_text(
        "@prefix ex: <http://ex/> .\n"
        "ex:a ex:p 1 .\n"
        "ex:g1 { ex:a ex:p 1 . ex:b ex:p 2 }\n"
        "ex:g2 { ex:c ex:p 3 }\n",
        encoding="utf-8",
    )
    kg = intlgraph.load(extra=[trig], include_bundled=False, engine=engine)
    sizes = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert kg.engine.select(sizes).rows == [["http://ex/g1", 2], ["http://ex/g2", 1]]
    assert len(kg) == 3  # ex:a ex:p 1 is in the default graph and in ex:g1: once
    assert kg.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")["o"].tolist() == [1, 2, 3]
    only_g2 = QueryDataset(default=("http://ex/g2",), named=("http://ex/g1",))
    assert kg.engine.select("SELECT ?o WHERE { ?s ?p ?o }", dataset=only_g2).rows == [[3]]
    nquads = tmp_path / "more.nq"
    nquads.write_text(
        '<http://ex/d> <http://ex/p> "4" <http://ex/g2> .\n'
        '<http://ex/e> <http://ex/p> "5" <http://ex/g3> .\n',
        encoding="utf-8",
    )
    kg.add_files([nquads])
    assert kg.engine.select(sizes).rows == [
        ["http://ex/g1", 2],
        ["http://ex/g2", 2],
        ["http://ex/g3", 1],
    ]
    assert len(kg) == 5
