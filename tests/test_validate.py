"""SHACL validation: findings carry labels and the shapes' messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import (
    FIXTURE_DATA,
    FIXTURE_ONTOLOGY,
    FIXTURE_SHAPES,
    FIXTURE_VIOLATING,
    FIXTURES,
)

import intlgraph
from intlgraph.exc import MalformedFileError, MissingFileError, ShapesError
from intlgraph.validate import ValidationReport, ValidationResult

BROKEN = "https://w3id.org/intlgraph/id/membership-broken"


def _violating_kg() -> intlgraph.KnowledgeGraph:
    return intlgraph.load(
        extra=[FIXTURE_ONTOLOGY, FIXTURE_DATA, FIXTURE_VIOLATING], include_bundled=False
    )


def test_conforming_graph(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    report = fixture_kg.validate(shapes=[FIXTURE_SHAPES])
    assert report.conforms
    assert report.results == []
    assert str(report).startswith("Conforms")
    assert report.to_frame().empty


def test_violation_has_labels_message_path_and_shape() -> None:
    report = _violating_kg().validate(shapes=[FIXTURE_SHAPES])
    assert not report.conforms
    by_path = {r.path: r for r in report.results if r.focus == BROKEN}
    # the shapes target ig:Tie; the node is an ig:Membership: subclass targeting works
    assert set(by_path) == {"ig:status", "prov:wasDerivedFrom", "ig:party", ""}
    source = by_path["prov:wasDerivedFrom"]
    assert source.label_en == "Broken membership"
    assert source.label_ru == "Сломанное членство"
    assert source.message_en == "A tie needs a source."
    assert source.message_ru == "У связи должен быть источник."
    assert source.severity == "Violation"
    assert source.constraint == "MinCountConstraintComponent"
    assert "TieShape" in source.shape
    assert source.label("ru") == source.label_ru
    assert source.message("ru") == source.message_ru
    # a message only in English is used for Russian too
    assert by_path["ig:party"].message_ru == "A tie links at least two organisations."


def test_sparql_constraint_and_same_findings_as_plain_pyshacl() -> None:
    import pyshacl
    from rdflib import RDF, SH

    from intlgraph.rdfio import parse_file

    kg = _violating_kg()
    before = len(kg)
    report = kg.validate(shapes=[FIXTURE_SHAPES])
    sparql = [r for r in report.results if r.constraint == "SPARQLConstraintComponent"]
    assert [(r.focus, r.message_en) for r in sparql] == [
        (BROKEN, "SPARQL: a tie without a status.")
    ]
    assert len(kg) == before
    # the query-caching copy of the graph gives exactly what pyshacl gives on its own
    _, plain, _ = pyshacl.validate(kg.graph, shacl_graph=parse_file(FIXTURE_SHAPES))
    plain_results = {
        (str(plain.value(r, SH.focusNode)), str(plain.value(r, SH.sourceConstraintComponent)))
        for r in plain.subjects(RDF.type, SH.ValidationResult)
    }
    ours = {(r.focus, str(SH) + r.constraint) for r in report.results}
    assert ours == plain_results


def test_report_text_and_frame() -> None:
    report = _violating_kg().validate(shapes=[FIXTURE_SHAPES], lang="ru")
    text = str(report)
    assert text.startswith(f"Does not conform: {len(report.results)} violations.")
    assert "Сломанное членство" in text
    assert "У связи должен быть источник." in text
    assert report.count_by_severity() == {"Violation": len(report.results)}
    frame = report.to_frame()
    assert list(frame.columns) == list(ValidationResult.__dataclass_fields__)
    assert len(frame) == len(report.results)
    assert BROKEN in set(frame["focus"])


def test_value_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad_status.ttl"
    bad.write_text(
        "@prefix ig: <https://w3id.org/intlgraph/ont#> .\n"
        "@prefix igd: <https://w3id.org/intlgraph/id/> .\n"
        "igd:membership-a-c ig:status igd:union-a .\n",
        encoding="utf-8",
    )
    kg = intlgraph.load(extra=[FIXTURE_ONTOLOGY, FIXTURE_DATA, bad], include_bundled=False)
    report = kg.validate(shapes=[FIXTURE_SHAPES])
    classes = [r for r in report.results if r.constraint == "ClassConstraintComponent"]
    assert [r.value for r in classes] == ["igd:union-a"]


def test_bad_shapes_file_is_an_input_error(
    fixture_kg: intlgraph.KnowledgeGraph, tmp_path: Path
) -> None:
    with pytest.raises(MalformedFileError):
        fixture_kg.validate(shapes=[FIXTURES / "malformed.ttl"])
    with pytest.raises(MissingFileError):
        fixture_kg.validate(shapes=[tmp_path / "none.ttl"])


def test_unusable_shapes_are_a_shapes_error(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    unusable = FIXTURES / "unusable_shapes.ttl"
    with pytest.raises(ShapesError) as caught:
        fixture_kg.validate(shapes=[unusable])
    assert str(caught.value).startswith(f"{unusable}: unusable SHACL shapes: ")
    assert "sh:minCount" in str(caught.value)


def test_bundled_data_conforms_to_bundled_shapes(bundled_kg: intlgraph.KnowledgeGraph) -> None:
    report = bundled_kg.validate()
    assert report.conforms, str(report)


def test_bundled_shapes_catch_the_violating_fixture() -> None:
    kg = intlgraph.load(extra=[FIXTURE_VIOLATING])
    report = kg.validate()
    assert not report.conforms
    assert any(r.focus == BROKEN for r in report.results)


def test_an_outcome_of_a_misspelt_measure_is_a_violation(tmp_path: Path) -> None:
    """``ig:outcomeOf`` must point at a tie or planned measure of the graph."""
    report = _bundled_shapes_on(
        tmp_path,
        "@prefix ig: <https://w3id.org/intlgraph/ont#> .\n"
        "@prefix act: <https://w3id.org/intlgraph/id/activity/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        '<https://example.org/o> a ig:Outcome ; rdfs:label "o"@en , "о"@ru ;\n'
        "    ig:outcomeOf act:visit-TUC ; prov:wasDerivedFrom <https://example.org/n> .\n"
        '<https://example.org/n> a ig:ReferenceRecord ; rdfs:label "n"@en , "н"@ru ;\n'
        '    ig:referenceFile "notes.csv" ; ig:rowNumber 1 .\n',
    )
    assert [(r.focus, r.path, r.message_en) for r in report.results] == [
        (
            "https://example.org/o",
            "ig:outcomeOf",
            "an outcome needs ig:outcomeOf a tie or planned measure of the graph "
            "(is its IRI spelt right?)",
        )
    ]


def test_roles_must_be_parties_and_start_before_end(tmp_path: Path) -> None:
    """The bundled SPARQL constraints reach the nodes with a role or an end date."""
    report = _bundled_shapes_on(
        tmp_path,
        "@prefix ig: <https://w3id.org/intlgraph/ont#> .\n"
        "@prefix o: <https://w3id.org/intlgraph/id/org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://example.org/t> ig:organiser o:someone ; ig:party o:other ;\n"
        '    ig:startDate "2022"^^xsd:gYear ; ig:endDate "2021"^^xsd:gYear .\n',
    )
    found = {(r.shape, r.message_en) for r in report.results}
    assert found == {
        (
            "igsh:RolePartyShape",
            "every organisation in a role (https://w3id.org/intlgraph/ont#organiser) must also "
            "be listed with ig:party",
        ),
        ("igsh:DateOrderShape", "ig:startDate is after ig:endDate"),
    }


def _bundled_shapes_on(tmp_path: Path, turtle: str) -> intlgraph.ValidationReport:
    """The bundled shapes on the bundled ontology plus ``turtle`` (no bundled data: fast)."""
    from intlgraph import paths

    mine = tmp_path / "mine.ttl"
    mine.write_text(turtle, encoding="utf-8")
    kg = intlgraph.load(extra=[*paths.ontology_files(), mine], include_bundled=False)
    return kg.validate()


# Breaks most kinds of constraint of the bundled shapes, next to nodes that keep them.
MANY_VIOLATIONS = """\
@prefix ig: <https://w3id.org/intlgraph/ont#> .
@prefix o: <https://w3id.org/intlgraph/id/org/> .
@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix status: <https://w3id.org/intlgraph/vocab/status/> .
@prefix bound: <https://w3id.org/intlgraph/vocab/bound/> .
ex:src a ig:ReferenceRecord ; rdfs:label "src"@en , "ист"@ru ; ig:referenceFile "x.csv" ;
    ig:rowNumber 0 .
ex:src2 a ig:ReferenceRecord ; rdfs:label "src2"@en , "ист2"@ru ; ig:referenceFile "x.csv" ,
    "y.csv" ; ig:rowNumber 2 .
ex:a a ig:NationalTradeUnionCentre ; rdfs:label "A"@en , "А"@ru ; prov:wasDerivedFrom ex:src .
ex:b a ig:NationalTradeUnionCentre ; rdfs:label "B"@en , "B2"@en , "Б"@ru , "B"@fr ;
    prov:wasDerivedFrom ex:nowhere ; ig:founded "1990-13-01"^^xsd:date ; ig:country ex:a .
ex:c a ig:NationalTradeUnionCentre ; rdfs:label "C"@en ; prov:wasDerivedFrom ex:src ;
    ig:founded "1990"^^xsd:gYear .
ex:m1 a ig:Membership ; rdfs:label "m1"@en , "м1"@ru ; prov:wasDerivedFrom ex:src ;
    org:member ex:a ; org:organization ex:b ; ig:party ex:a , ex:b ; ig:status status:held ;
    dct:date "2020"^^xsd:gYear .
ex:m2 a ig:Membership ; rdfs:label "m2"@en , "м2"@ru ; prov:wasDerivedFrom ex:src ;
    org:member ex:a , ex:c ; org:organization "B" ; ig:party ex:a ; ig:status status:ratified ,
    status:held ; dct:date "2020-02-30"^^xsd:date ; ig:startDate "2022"^^xsd:gYear ;
    ig:endDate "2021"^^xsd:gYear ; ig:asOf "soon" .
ex:ag a ig:MemorandumOfUnderstanding ; rdfs:label "ag"@en , "аг"@ru ;
    prov:wasDerivedFrom ex:src ; ig:party ex:a ; ig:partner ex:b ; ig:status status:signed ;
    ig:topic ex:a .
ex:fig a ig:StatedFigure ; rdfs:label "f"@en , "ф"@ru ; prov:wasDerivedFrom ex:src ;
    ig:measure ex:a ; rdf:value -3 , 4 ; ig:asOf "2021-06-02"^^xsd:date ;
    ig:endDate "2021-12-31"^^xsd:date ; ig:bound bound:roughly .
ex:c999 a ig:Convention ; rdfs:label "C999"@en , "К999"@ru ; prov:wasDerivedFrom ex:src ;
    ig:instrumentCode "C9999" ; ig:conventionNumber 999 .
ex:c087 a ig:Convention ; rdfs:label "C087"@en , "К087"@ru ; prov:wasDerivedFrom ex:src ;
    ig:instrumentCode "C087" ; ig:conventionNumber 88 .
"""


@pytest.fixture(scope="module")
def bundled_violating() -> tuple[intlgraph.KnowledgeGraph, ValidationReport, ValidationReport]:
    """The bundled graph + the violating fixture on the memory engine: its validation as
    ``validate`` runs it (pyshacl on the narrowed focus nodes) and pyshacl on every node
    (the slow reference run, shared by the two tests that compare with it)."""
    import intlgraph.validate as module

    kg = intlgraph.load(extra=[FIXTURE_VIOLATING])
    narrowed = module.validate(kg)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "_narrow_targets", lambda kg, shapes: None)
        full = module.validate(kg)
    assert full.results and not full.conforms
    return kg, narrowed, full


@pytest.mark.parametrize("case", ["bundled", "fixture", "many"])
def test_narrowed_targets_give_the_findings_of_a_full_run(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """pyshacl on the focus nodes that may break a shape finds what it finds on all."""
    import intlgraph.validate as module
    from intlgraph import paths

    shapes = None
    if case == "bundled":
        kg, narrowed, full = request.getfixturevalue("bundled_violating")
        assert narrowed.results == full.results
        assert narrowed.conforms == full.conforms
        shapes_graph = module.rdfio.merge(module.rdfio.parse_files([paths.shapes_file()]))
        assert module._narrow_targets(kg, shapes_graph) is not None  # the fast path was taken
        return
    if case == "fixture":
        kg, shapes = _violating_kg(), [FIXTURE_SHAPES]
    else:
        mine = tmp_path / "many.ttl"
        mine.write_text(MANY_VIOLATIONS, encoding="utf-8")
        kg = intlgraph.load(extra=[*paths.ontology_files(), mine], include_bundled=False)
    narrowed = module.validate(kg, shapes=shapes)
    shapes_graph = module.rdfio.merge(
        module.rdfio.parse_files([paths.shapes_file()] if shapes is None else shapes)
    )
    assert module._narrow_targets(kg, shapes_graph) is not None  # the fast path was taken
    monkeypatch.setattr(module, "_narrow_targets", lambda kg, shapes: None)
    full = module.validate(kg, shapes=shapes)
    assert narrowed.results == full.results
    assert narrowed.conforms == full.conforms
    if case == "many":
        kinds = {r.constraint for r in full.results}
        assert len(full.results) > 20, str(full)
        assert {
            "ClassConstraintComponent",
            "DatatypeConstraintComponent",
            "InConstraintComponent",
            "MaxCountConstraintComponent",
            "MinCountConstraintComponent",
            "MinInclusiveConstraintComponent",
            "MaxInclusiveConstraintComponent",
            "OrConstraintComponent",
            "PatternConstraintComponent",
            "QualifiedMinCountConstraintComponent",
            "LanguageInConstraintComponent",
            "UniqueLangConstraintComponent",
            "SPARQLConstraintComponent",
        } <= kinds, kinds


# Shapes using every constraint kind the SPARQL validator translates, in more forms than the
# bundled shapes use (severities, subtags, other targets, node kinds, ranges), a SPARQL
# constraint that must run once per focus node, and one it cannot translate (sh:equals).
OTHER_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Named a sh:NodeShape ; sh:targetNode ex:a , ex:nowhere , "text" ; sh:targetObjectsOf ex:knows ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ;
        sh:message "a name, please"@en , "имя, пожалуйста"@ru ] ,
      [ sh:path ex:name ; sh:languageIn ( "en" "RU" ) ; sh:uniqueLang true ; sh:message "name" ] ,
      [ sh:path ex:name ; sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ;
        sh:qualifiedMinCount 2 ; sh:severity sh:Info ; sh:message "two English names" ] ,
      [ sh:path ex:knows ; sh:nodeKind sh:IRI ; sh:maxCount 2 ; sh:message "knows IRIs" ] ,
      [ sh:path ex:kind ; sh:in ( ex:x ex:y ) ; sh:message "kind x or y" ] ,
      [ sh:path ex:size ; sh:or ( [ sh:datatype xsd:integer ; sh:minExclusive 0 ]
                                  [ sh:datatype xsd:decimal ; sh:maxExclusive 10.5 ] ) ;
        sh:message "a positive integer or a small decimal" ] ,
      [ sh:path ex:code ; sh:pattern "^[a-z]+$" ; sh:datatype xsd:string ; sh:message "code" ] .
ex:Equal a sh:NodeShape ; sh:targetSubjectsOf ex:name ;
    sh:property [ sh:path ex:name ; sh:equals ex:alias ; sh:message "alias = name" ] .
ex:Lonely a sh:NodeShape ; sh:targetSubjectsOf ex:knows ;
    sh:sparql [ sh:message "{$this} knows nobody back ({?value})" ;
        sh:select '''SELECT $this ?value WHERE {
            OPTIONAL { $this <https://example.org/knows> ?value }
            FILTER NOT EXISTS { ?value <https://example.org/knows> $this } }''' ] .
"""

OTHER_DATA = """\
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:name "A"@en , "Аа"@ru , "A2"@en-GB , "Ah"@de ; ex:alias "A"@en ; ex:kind ex:x , ex:z ;
    ex:size 3 , -1 , 2.5 , 11.5 , "big" ; ex:code "abc" , "ABC" , "q"@en ;
    ex:knows ex:b , ex:c , "d" .
ex:b ex:knows ex:a ; ex:name "B"@EN , "b"@en .
ex:c ex:kind ex:y ; ex:size "7"^^xsd:integer , "x"^^xsd:integer .
"""


def _two_engines(tmp_path: Path, turtle: str, **kw: object) -> list[intlgraph.KnowledgeGraph]:
    from intlgraph import paths

    mine = tmp_path / "mine.ttl"
    mine.write_text(turtle, encoding="utf-8")
    files = [*paths.ontology_files(), mine] if kw.pop("ontology", True) else [mine]
    return [
        intlgraph.load(engine=engine, extra=files, include_bundled=False)
        for engine in ("memory", "oxigraph")
    ]


@pytest.mark.parametrize("case", ["bundled", "fixture", "many", "other"])
def test_sparql_validator_gives_the_findings_of_pyshacl(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """On Oxigraph the shapes run as SPARQL queries on the store; the findings equal
    pyshacl's on the same graph (all the shapes through pyshacl) and the memory engine's."""
    from intlgraph import paths, rdfio, shacl_sparql

    shapes: list[Path] | None = None
    if case == "bundled":  # pyshacl's run on every node is shared with the test above
        _, narrowed, full = request.getfixturevalue("bundled_violating")
        ours = intlgraph.load(engine="oxigraph", extra=[FIXTURE_VIOLATING]).validate()
        bundled_shapes = rdfio.merge(rdfio.parse_files([paths.shapes_file()]))
        assert shacl_sparql.plan(bundled_shapes).unsupported == []  # they translate whole
        assert ours.results == narrowed.results == full.results
        assert ours.conforms == full.conforms
        return
    if case == "fixture":
        files = [FIXTURE_ONTOLOGY, FIXTURE_DATA, FIXTURE_VIOLATING]
        memory, oxigraph = (
            intlgraph.load(engine=e, extra=files, include_bundled=False)
            for e in ("memory", "oxigraph")
        )
        shapes = [FIXTURE_SHAPES]
    elif case == "many":
        memory, oxigraph = _two_engines(tmp_path, MANY_VIOLATIONS)
    else:
        memory, oxigraph = _two_engines(tmp_path, OTHER_DATA, ontology=False)
        shapes = [tmp_path / "other-shapes.ttl"]
        shapes[0].write_text(OTHER_SHAPES, encoding="utf-8")
    shapes_graph = rdfio.merge(rdfio.parse_files(shapes or [paths.shapes_file()]))
    made = shacl_sparql.plan(shapes_graph)
    # the bundled shapes translate whole; sh:equals does not (left to pyshacl, not skipped)
    expected = ["https://example.org/Equal"] if case == "other" else []
    assert [str(n) for n in made.unsupported] == expected
    ours = oxigraph.validate(shapes=shapes)
    assert ours.results == memory.validate(shapes=shapes).results
    everything = shacl_sparql.Plan([], [s.node for s in made.shapes] + made.unsupported)
    monkeypatch.setattr(shacl_sparql, "plan", lambda shapes: everything)
    full = oxigraph.validate(shapes=shapes)  # pyshacl on an rdflib copy, every shape
    assert ours.results == full.results
    assert ours.conforms == full.conforms
    if case == "other":
        found = {(r.path, r.constraint, r.severity, r.value) for r in ours.results}
        assert ("ex:name", "EqualsConstraintComponent", "Violation", "A2") in found
        assert ("ex:name", "MinCountConstraintComponent", "Warning", "") in found
        assert ("ex:name", "QualifiedMinCountConstraintComponent", "Info", "") in found
        assert ("ex:knows", "NodeKindConstraintComponent", "Violation", "d") in found
        assert ("", "SPARQLConstraintComponent", "Violation", "ex:c") in found
        kinds = {r.constraint for r in ours.results}
        assert {
            "MaxCountConstraintComponent",
            "InConstraintComponent",
            "OrConstraintComponent",
            "PatternConstraintComponent",
            "DatatypeConstraintComponent",
            "LanguageInConstraintComponent",
            "UniqueLangConstraintComponent",
        } <= kinds, kinds


def test_unusable_shapes_on_oxigraph_are_a_shapes_error() -> None:
    kg = intlgraph.load(engine="oxigraph", extra=[FIXTURE_ONTOLOGY, FIXTURE_DATA],
                        include_bundled=False)  # fmt: skip
    with pytest.raises(ShapesError):
        kg.validate(shapes=[FIXTURES / "unusable_shapes.ttl"])


def test_undeclared_terms_on_oxigraph_by_queries(tmp_path: Path) -> None:
    """Misspelt ontology terms, found by queries on the store (no rdflib copy)."""
    from intlgraph.validate import undeclared_terms

    memory, oxigraph = _two_engines(
        tmp_path,
        "@prefix ig: <https://w3id.org/intlgraph/ont#> .\n"
        "<https://w3id.org/intlgraph/id/tie/mou> a ig:MemorandumOfUnderstandng ;\n"
        "    ig:partyy ig:Foo .\n"
        "<https://w3id.org/intlgraph/id/tie/a> ig:partyy ig:Agreement .\n",
    )
    found = undeclared_terms(oxigraph)
    assert [(r.focus.rsplit("/", 1)[1], r.path, r.value) for r in found] == [
        ("mou", "ig:partyy", "ig:Foo"),
        ("mou", "rdf:type", "ig:MemorandumOfUnderstandng"),
        ("a", "ig:partyy", "ig:partyy"),
    ]
    assert found == undeclared_terms(memory)
    assert oxigraph._graph is None  # no rdflib copy was made
