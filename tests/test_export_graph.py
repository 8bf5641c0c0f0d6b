"""``intlgraph export --format jsonld|trig|nt|ttl``: the whole graph, read back by the loader
as the same graph (isomorphic); ``--format void``: the dataset description, valid against its
SHACL shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import intlgraph
from intlgraph import rdfio, void
from intlgraph.exc import OutputFileError
from intlgraph.exports import GRAPH_SUFFIXES, serialize_graph, write_text


@pytest.fixture(scope="module")
def bundled(bundled_kg: intlgraph.KnowledgeGraph) -> Graph:
    return bundled_kg.graph


@pytest.mark.parametrize("fmt", sorted(GRAPH_SUFFIXES))
def test_whole_graph_reads_back_as_the_same_graph(fmt: str, bundled: Graph, tmp_path: Path) -> None:
    out = tmp_path / f"graph{GRAPH_SUFFIXES[fmt]}"
    done = run_cli("export", "--format", fmt, "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    back = rdfio.parse_file(out)  # what `--data FILE` and intlgraph.load(extra=...) read
    assert len(back) == len(bundled) > 20_000
    assert isomorphic(back, bundled)


def test_user_files_and_engines_are_exported_too(
    tmp_path: Path, bundled: Graph, bundled_oxigraph: intlgraph.KnowledgeGraph
) -> None:
    note = tmp_path / "note.ttl"
    note.write_text(
        "<https://w3id.org/intlgraph/id/org/fprk> <http://www.w3.org/2000/01/rdf-schema#comment> "
        '"заметка"@ru .\n',
        encoding="utf-8",
    )
    done = run_cli("export", "--format", "nt", "--data", str(note), "--no-bundled", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "<https://w3id.org/intlgraph/id/org/fprk> <http://www.w3.org/2000/01/rdf-schema#comment> "
        '"заметка"@ru .\n'
    )
    copy = bundled_oxigraph.engine.to_graph()  # a copy out of the Oxigraph store
    trig = write_text(tmp_path / "graph.trig", serialize_graph(copy, "trig"))
    assert isomorphic(rdfio.parse_file(trig), bundled)


def test_jsonld_is_compact_with_the_graphs_prefixes(bundled: Graph) -> None:
    import json

    doc: dict[str, Any] = json.loads(serialize_graph(bundled, "jsonld"))
    context = doc["@context"]
    assert context["o"] == "https://w3id.org/intlgraph/id/org/"
    assert "brick" not in context  # rdflib's default prefixes the graph does not use
    fprk = next(node for node in doc["@graph"] if node["@id"] == "o:fprk")
    assert {"@language": "ru", "@value": "Федерация профсоюзов Республики Казахстан"} in fprk[
        "rdfs:label"
    ]


@pytest.mark.parametrize(
    "option", [["--kinds", "membership"], ["--as-of", "2021-06-02"], ["--no-isolates"]]
)
def test_network_options_do_not_apply_to_the_whole_graph(option: list[str]) -> None:
    done = run_cli("export", "--format", "ttl", *option)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{option[0]} choose part of the network" in done.stderr
    assert "Traceback" not in done.stderr


def test_write_text_replaces_atomically(tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("old\n", encoding="utf-8")
    write_text(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]  # no temporary file left
    with pytest.raises(OutputFileError, match=r"graph\.nt: cannot write"):
        write_text(tmp_path / "missing" / "graph.nt", "x")
    assert target.read_text(encoding="utf-8") == "new\n"


def test_void_description_from_the_cli_conforms(tmp_path: Path, bundled: Graph) -> None:
    out = tmp_path / "void.ttl"
    done = run_cli("export", "--format", "void", "-o", str(out), "-q")
    assert done.returncode == 0, done.stderr
    description = Graph().parse(out, format="turtle")
    assert void.check(description) == []
    assert int(description.value(void.DATASET, void.VOID.triples)) == len(bundled)
    again = tmp_path / "again.ttl"
    assert run_cli("export", "--format", "void", "-o", str(again), "-q").returncode == 0
    assert again.read_bytes() == out.read_bytes()  # the same file each time (blank node ids)


def test_void_counts_are_the_graphs(
    bundled: Graph,
    bundled_kg: intlgraph.KnowledgeGraph,
    bundled_oxigraph: intlgraph.KnowledgeGraph,
) -> None:
    kg = bundled_oxigraph
    d = void.describe(kg)
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    classes = {o for o in bundled.objects(None, rdf_type) if isinstance(o, URIRef)}
    partitions = {
        d.value(p, void.VOID["class"]): int(d.value(p, void.VOID.entities))
        for p in d.objects(void.DATASET, void.VOID.classPartition)
    }
    assert set(partitions) == classes
    for cls in classes:
        assert partitions[cls] == len(set(bundled.subjects(rdf_type, cls))), cls
    assert int(d.value(void.DATASET, void.VOID.classes)) == len(classes)
    assert int(d.value(void.DATASET, void.VOID.distinctSubjects)) == len(set(bundled.subjects()))
    assert int(d.value(void.DATASET, void.VOID.properties)) == len(set(bundled.predicates()))
    # the sources: the programme and every reference table named in the graph
    ig_file = URIRef("https://w3id.org/intlgraph/ont#referenceFile")
    files = {str(f) for f in bundled.objects(None, ig_file)}
    sources = set(d.objects(void.DATASET, void.DCTERMS.source))
    labels = {str(d.value(s, void.RDFS.label)) for s in sources if d.value(s, void.RDFS.label)}
    assert labels == files and "ilo_conventions.csv" in files
    programme = URIRef("https://w3id.org/intlgraph/id/source/p2021")
    assert programme in sources and d.value(void.DATASET, void.DCTERMS.subject) == programme
    titles = {t.language: str(t) for t in d.objects(void.DATASET, void.DCTERMS.title)}
    assert titles["ru"] == (
        "Граф знаний: Программа развития международного сотрудничества Федерации профсоюзов "
        "Республики Казахстан"
    )
    # the same description on the in-memory engine
    assert isomorphic(void.describe(bundled_kg), d)


def test_void_follows_the_graph_and_the_shapes_catch_a_wrong_description(
    tmp_path: Path, bundled_oxigraph: intlgraph.KnowledgeGraph
) -> None:
    note = tmp_path / "note.ttl"
    note.write_text(
        "<https://w3id.org/intlgraph/id/org/x> a <https://w3id.org/intlgraph/ont#Foundation> .\n",
        encoding="utf-8",
    )
    base = void.describe(bundled_oxigraph)
    more = void.describe(intlgraph.load(engine="oxigraph", extra=[note]))
    triples = void.VOID.triples
    assert int(more.value(void.DATASET, triples)) == int(base.value(void.DATASET, triples)) + 1
    # a description whose class count disagrees with its partitions, or without rights, fails
    more.set((void.DATASET, void.VOID.classes, Literal(1)))
    more.remove((void.DATASET, void.DCTERMS.rights, None))
    messages = void.check(more)
    assert any("void:classes differs from the number of class partitions" in m for m in messages)
    assert any("a rights statement" in m for m in messages)
