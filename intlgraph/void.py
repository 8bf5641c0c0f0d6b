"""A VoID / DCAT description of the dataset, generated from the graph, for a data catalogue.

:func:`describe` runs the named queries ``dataset/summary``, ``dataset/classes`` and
``dataset/sources`` on any engine and turns their answers into a small RDF graph: the dataset
(``void:Dataset`` and ``dcat:Dataset``) with its numbers of triples, subjects, properties,
objects, entities and classes, one ``void:classPartition`` per class in use, the vocabularies
of those classes, the programme it describes (``dct:subject``, with its titles, date and
issuer) and its sources (the programme and each reference table), and a rights statement
(the data has no single licence: see ``LICENSE-DATA.md``). :func:`check` validates such a
description against its SHACL shapes (``queries/dataset/description.shapes.ttl``).

``intlgraph export --format void`` writes it as Turtle.

>>> import intlgraph
>>> kg = intlgraph.load(engine="oxigraph")
>>> description = describe(kg)
>>> int(description.value(DATASET, VOID.triples)) == len(kg)
True
>>> check(description)
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS

from intlgraph import namespaces, paths
from intlgraph.programme import ProgrammeError

if TYPE_CHECKING:
    from intlgraph.kg import KnowledgeGraph

__all__ = ["DATASET", "SHAPES_FILE", "URI_SPACE", "VOID", "check", "describe"]

VOID = Namespace("http://rdfs.org/ns/void#")
#: The IRI of the dataset in its description.
DATASET = URIRef(namespaces.ID + "dataset")
#: The namespace under which the dataset's own resources, ontology and vocabularies live.
URI_SPACE = "https://w3id.org/intlgraph/"
#: The SHACL shapes a description must satisfy (they travel with the named queries).
SHAPES_FILE = "dataset/description.shapes.ttl"

_IG = Namespace(namespaces.IG)
_RIGHTS = {
    "en": "No single licence covers this data. The programme text was issued by its author, "
    "{organisation}; no licence or permission for its reuse is "
    "known, so its terms are unknown. Facts taken from the reference tables keep the terms of "
    "the public sources each row names; for most of them the terms are not known either. The "
    "ontology declares its own licence (dct:license of the ontology). Per-file statement: "
    "LICENSE-DATA.md of the intlgraph repository.",
    "ru": "Единой лицензии на эти данные нет. Текст программы издан организацией «{organisation}»; "
    "лицензия или разрешение на его повторное использование неизвестны, "
    "поэтому условия неизвестны. Сведения из справочных таблиц подчиняются условиям публичных "
    "источников, названных в каждой строке; для большинства из них условия также неизвестны. "
    "Онтология объявляет свою лицензию (dct:license онтологии). Подробно по файлам: "
    "LICENSE-DATA.md репозитория intlgraph.",
}
_DESCRIPTION = {
    "en": "Knowledge graph (RDF/OWL) of the programme it describes: organisations, ties "
    "(memberships, agreements, negotiations, cooperation, events, visits, projects, "
    "ratifications), ILO instruments, the programme's structure, stated figures and the "
    "source of each fact. Counts as generated from the graph by intlgraph.",
    "ru": "Граф знаний (RDF/OWL) описываемой программы: организации, связи (членство, "
    "соглашения, переговоры, сотрудничество, мероприятия, визиты, проекты, ратификации), "
    "инструменты МОТ, структура программы, заявленные показатели и источник каждого факта. "
    "Числа получены из графа программой intlgraph.",
}
_KEYWORDS = {
    "en": ("trade unions", "international cooperation", "ILO conventions"),
    "ru": ("профсоюзы", "международное сотрудничество", "конвенции МОТ"),
}
_TITLE_PREFIX = {"en": "Knowledge graph: ", "ru": "Граф знаний: "}
_SUMMARY = {
    "triples": VOID.triples,
    "subjects": VOID.distinctSubjects,
    "properties": VOID.properties,
    "objects": VOID.distinctObjects,
    "entities": VOID.entities,
    "classes": VOID.classes,
}


def _rows(kg: KnowledgeGraph, name: str) -> list[dict[str, Any]]:
    import pandas as pd

    frame = kg.query(name, labels=False)
    return [
        {k: (None if v is None or v is pd.NA or v != v else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def _vocabulary(iri: str) -> str:
    """The namespace of a class IRI: up to its last ``#`` or ``/``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def describe(kg: KnowledgeGraph) -> Graph:
    """The VoID / DCAT description of the graph behind ``kg`` (any engine), as an rdflib graph.

    >>> import intlgraph
    >>> from rdflib import Literal
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> d = describe(kg)
    >>> partition = next(p for p in d.objects(DATASET, VOID.classPartition)
    ...                  if str(d.value(p, VOID["class"])).endswith("#Convention"))
    >>> int(d.value(partition, VOID.entities))
    46
    >>> sorted(str(d.value(s, RDFS.label)) for s in d.objects(DATASET, DCTERMS.source)
    ...        if d.value(s, RDFS.label) is not None)[:3]
    ['README.md', 'affiliations.csv', 'fprk_cooperation.csv']
    >>> str(d.value(DATASET, DCTERMS.subject))
    'https://w3id.org/intlgraph/id/source/p2021'
    """
    out = Graph()
    for prefix, ns in (
        ("void", VOID),
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("ig", _IG),
        ("src", Namespace(namespaces.ID + "source/")),
        ("o", Namespace(namespaces.ID + "org/")),
    ):
        out.bind(prefix, ns)
    out.add((DATASET, RDF.type, VOID.Dataset))
    out.add((DATASET, RDF.type, DCAT.Dataset))
    for lang, text in _DESCRIPTION.items():
        out.add((DATASET, DCTERMS.description, Literal(text, lang=lang)))

    try:  # whose programme: its organisation and country, from the graph
        context = kg.programme()
        focal, country = context.focal, context.country
    except ProgrammeError:
        focal = country = None
    for lang, words in _KEYWORDS.items():
        for word in (*words, *([kg.label(country, lang)] if country else [])):
            out.add((DATASET, DCAT.keyword, Literal(word, lang=lang)))
    out.add((DATASET, VOID.uriSpace, Literal(URI_SPACE)))

    (summary,) = _rows(kg, "dataset/summary")
    for column, predicate in _SUMMARY.items():
        out.add((DATASET, predicate, Literal(int(summary[column]), datatype=XSD.integer)))

    # blank nodes named by their place in the (ordered) answers: the Turtle writer sorts by
    # node id, so random ids gave another file each time
    vocabularies: set[str] = set()
    for index, row in enumerate(_rows(kg, "dataset/classes")):
        partition = BNode(f"classPartition{index:04d}")
        out.add((DATASET, VOID.classPartition, partition))
        out.add((partition, VOID["class"], URIRef(row["class"])))
        out.add((partition, VOID.entities, Literal(int(row["entities"]), datatype=XSD.integer)))
        vocabularies.add(_vocabulary(str(row["class"])))
    for vocabulary in sorted(vocabularies):
        out.add((DATASET, VOID.vocabulary, URIRef(vocabulary)))

    for index, row in enumerate(_rows(kg, "dataset/sources")):
        if row["kind"] == "programme":
            programme = URIRef(row["source"])
            title_lang: str | None = row["title_lang"] or None
            title = Literal(row["title"], lang=title_lang)
            out.add((DATASET, DCTERMS.subject, programme))
            out.add((DATASET, DCTERMS.source, programme))
            out.add((programme, RDF.type, _IG.Programme))
            out.add((programme, DCTERMS.title, title))
            if title_lang in _TITLE_PREFIX:
                named = _TITLE_PREFIX[title_lang] + row["title"]
                out.add((DATASET, DCTERMS.title, Literal(named, lang=title_lang)))
            if row["issued"] is not None:
                out.add((programme, DCTERMS.issued, Literal(row["issued"], datatype=XSD.date)))
            if row["creator"] is not None:
                out.add((programme, DCTERMS.creator, URIRef(row["creator"])))
        else:
            table = BNode(f"sourceTable{index:04d}")
            out.add((DATASET, DCTERMS.source, table))
            out.add((table, RDF.type, DCTERMS.BibliographicResource))
            out.add((table, RDFS.label, Literal(row["file"])))
            out.add((table, DCTERMS.identifier, Literal(f"data/reference/{row['file']}")))
            counts = f"{int(row['records'])} records; {int(row['resources'])} resources of the"
            out.add((table, RDFS.comment, Literal(f"{counts} graph derived from them", lang="en")))

    rights = BNode("rights")
    out.add((DATASET, DCTERMS.rights, rights))
    out.add((rights, RDF.type, DCTERMS.RightsStatement))
    for lang, text in _RIGHTS.items():
        organisation = kg.label(focal, lang) if focal else "?"
        out.add((rights, RDFS.label, Literal(text.format(organisation=organisation), lang=lang)))
    return out


def check(description: Graph, *, shapes: Iterable[str | Path] | None = None) -> list[str]:
    """The SHACL violations of ``description`` (empty when it conforms), one message each.

    ``shapes`` defaults to the description's own shapes file.

    >>> from rdflib import Graph
    >>> broken = Graph().add((DATASET, RDF.type, VOID.Dataset))
    >>> messages = check(broken)
    >>> any("triples" in m for m in messages), len(messages) > 5
    (True, True)
    """
    from pyshacl import validate

    files = [Path(p) for p in shapes] if shapes is not None else [paths.queries_dir() / SHAPES_FILE]
    shapes_graph = Graph()
    for file in files:
        shapes_graph.parse(file, format="turtle")
    conforms, report, _ = validate(
        description, shacl_graph=shapes_graph, advanced=True, allow_warnings=False
    )
    if conforms:
        return []
    sh = Namespace("http://www.w3.org/ns/shacl#")
    messages = []
    for result in report.subjects(RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        text = report.value(result, sh.resultMessage)
        where = description.qname(path) if isinstance(path, URIRef) else str(path or "")
        messages.append(f"{focus}: {where}: {text}")
    return sorted(messages)
