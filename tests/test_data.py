"""The bundled data: conforms to the shapes, every fact sourced, labels, traceable quotes."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, Namespace, URIRef

import intlgraph

REPO = Path(__file__).resolve().parent.parent
PROGRAMME = REPO / "data" / "source" / "program-2021.ru.md"
REFERENCE = REPO / "data" / "reference"

IG = Namespace("https://w3id.org/intlgraph/ont#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
ID = "https://w3id.org/intlgraph/id/"
SRC = Namespace(ID + "source/")


@pytest.fixture(scope="module")
def kg(bundled_kg: intlgraph.KnowledgeGraph) -> intlgraph.KnowledgeGraph:
    return bundled_kg


@pytest.fixture(scope="module")
def programme_text() -> str:
    text = PROGRAMME.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", text)


PREFIXES = """PREFIX ig: <https://w3id.org/intlgraph/ont#> PREFIX prov: <http://www.w3.org/ns/prov#>
    PREFIX org: <http://www.w3.org/ns/org#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>"""


def ask_rows(kg: intlgraph.KnowledgeGraph, query: str) -> list[str]:
    """The first column of a SELECT on ``kg``'s own engine, as sorted strings."""
    frame = kg.query(PREFIXES + query, labels=False)
    return sorted(str(value) for value in frame.iloc[:, 0]) if len(frame.columns) else []


def test_bundled_data_conforms_to_shapes(kg: intlgraph.KnowledgeGraph) -> None:
    report = kg.validate()
    assert report.conforms, str(report)


def test_every_tie_and_organisation_has_a_source(
    bundled_oxigraph: intlgraph.KnowledgeGraph,
) -> None:
    # on Oxigraph: the same triples as the memory engine, and rdflib's property paths over
    # every resource take half a minute
    unsourced = ask_rows(
        bundled_oxigraph,
        """
        SELECT DISTINCT ?x WHERE {
            { ?x a/rdfs:subClassOf* ig:Tie } UNION { ?x a/rdfs:subClassOf* org:Organization }
            FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?s .
                { ?s a ig:ProgrammeSection } UNION { ?s a ig:ReferenceRecord }
                UNION { ?s a ig:Programme } }
        }""",
    )
    assert unsourced == []


def test_no_fact_without_a_source(kg: intlgraph.KnowledgeGraph) -> None:
    # every data resource is a source itself, attributed to the editors, or derived from a source
    unsourced = ask_rows(
        kg,
        """
        SELECT DISTINCT ?x WHERE {
            ?x a ?type . FILTER (STRSTARTS(STR(?x), "https://w3id.org/intlgraph/id/"))
            FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?source }
            FILTER NOT EXISTS { ?x prov:wasAttributedTo ?agent }
            FILTER NOT EXISTS { ?x a ?own .
                VALUES ?own { ig:ProgrammeSection ig:ReferenceRecord ig:EditorialAgent
                              ig:Programme } }
        }""",
    )
    assert unsourced == []


def test_labels_in_both_languages_everywhere(kg: intlgraph.KnowledgeGraph) -> None:
    missing = []
    for subject in set(kg.graph.subjects(RDF.type, None)):
        if not isinstance(subject, URIRef) or not str(subject).startswith(
            "https://w3id.org/intlgraph/"
        ):
            continue
        langs = {
            o.language for o in kg.graph.objects(subject, RDFS.label) if isinstance(o, Literal)
        }
        if not {"en", "ru"} <= langs:
            missing.append(str(subject))
    assert missing == []


def test_counts_of_the_model(kg: intlgraph.KnowledgeGraph) -> None:
    def count(cls: str) -> int:
        return len(ask_rows(kg, f"SELECT DISTINCT ?x WHERE {{ ?x a/rdfs:subClassOf* {cls} }}"))

    assert count("ig:BranchUnion") == 3  # the programme names 3 of its 23 branch unions
    assert count("ig:ForeignNationalCentre") == 14
    assert count("ig:GlobalUnionFederation") == 16
    assert count("ig:MemorandumOfUnderstanding") == 12  # 10 national centres + Winrock + IGWL
    assert count("ig:Goal") == 11 and count("ig:Task") == 5 and count("ig:TargetGroup") == 4
    assert count("ig:WorkingVisit") == 10
    kazakhstan = ask_rows(
        kg,
        "SELECT ?r WHERE { ?r a ig:Ratification ; "
        "ig:state <https://w3id.org/intlgraph/id/country/KAZ> }",
    )
    assert len(kazakhstan) == 22  # 21 registered + C131 pending


def test_country_codes_are_iso_3166(kg: intlgraph.KnowledgeGraph) -> None:
    import pycountry

    for country in kg.graph.subjects(RDF.type, IG.Country):
        code = str(kg.graph.value(country, IG.isoCode))
        assert pycountry.countries.get(alpha_3=code) is not None, (country, code)
        assert str(country).endswith("/" + code)


def test_quotes_are_the_programmes_own_words(
    kg: intlgraph.KnowledgeGraph, programme_text: str
) -> None:
    sections = {s for s in kg.graph.subjects(RDF.type, IG.ProgrammeSection)} | {SRC.p2021}
    checked = 0
    for subject, quote in kg.graph.subject_objects(IG.quote):
        sources = set(kg.graph.objects(subject, PROV.wasDerivedFrom)) | {subject}
        if not sources & sections:
            continue
        for part in str(quote).split(" ... "):
            assert re.sub(r"\s+", " ", part) in programme_text, (subject, part)
        checked += 1
    assert checked >= 30


def test_russian_titles_and_goals_are_verbatim(
    kg: intlgraph.KnowledgeGraph, programme_text: str
) -> None:
    texts = [
        str(title)
        for instrument in kg.graph.subjects(RDF.type, IG.Convention)
        for title in kg.graph.objects(instrument, DCT.title)
        if isinstance(title, Literal) and title.language == "ru"
    ]
    for cls in (IG.Goal, IG.Task, IG.TargetGroup):
        texts += [
            str(label)
            for item in kg.graph.subjects(RDF.type, cls)
            for label in kg.graph.objects(item, RDFS.label)
            if isinstance(label, Literal) and label.language == "ru"
        ]
    assert len(texts) == 20 + 11 + 5 + 4
    for text in texts:
        assert text in programme_text, text


def test_reference_sources_file_is_reproducible(tmp_path: Path) -> None:
    out = tmp_path / "reference-sources.ttl"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "build_reference_sources.py"),
            str(REFERENCE),
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_text(encoding="utf-8") == (REPO / "data" / "reference-sources.ttl").read_text(
        encoding="utf-8"
    )


def test_every_reference_ratification_is_in_the_graph(kg: intlgraph.KnowledgeGraph) -> None:
    with open(REFERENCE / "kz_ratifications.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for n, row in enumerate(rows, start=1):
        ratification = URIRef(ID + "ratification/KAZ-" + row["number"])
        assert (ratification, RDF.type, IG.Ratification) in kg.graph
        assert (ratification, PROV.wasDerivedFrom, SRC[f"ref-kz_ratifications-{n}"]) in kg.graph
        date = kg.graph.value(ratification, DCT.date)
        assert (str(date) if date else "") == row["date"] or row["number"] == "C135"


def test_every_union_body_of_the_reference_is_in_the_graph(kg: intlgraph.KnowledgeGraph) -> None:
    with open(REFERENCE / "union_bodies.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for n in range(1, len(rows) + 1):
        derived = list(kg.graph.subjects(PROV.wasDerivedFrom, SRC[f"ref-union_bodies-{n}"]))
        orgs = [d for d in derived if str(d).startswith(ID + "org/")]
        assert len(orgs) == 1, (n, rows[n - 1]["name_en"], orgs)
