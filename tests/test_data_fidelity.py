"""The bundled data says what its sources say, no more (issue #14).

Each test catches one class of fault found by reading the graph against the programme
(data/source/program-2021.ru.md) and the reference tables (data/reference/*.csv):
Russian labels mixing scripts or carrying English text, acronyms no source gives, facts of a
kind the programme cannot give presented without a source that gives them, editors'
inferences not marked as such, and totals over a period dated as if they held on one day.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

import intlgraph

REPO = Path(__file__).resolve().parent.parent
PROGRAMME = REPO / "data" / "source" / "program-2021.ru.md"
REFERENCE = REPO / "data" / "reference"

IG = Namespace("https://w3id.org/intlgraph/ont#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
ID = "https://w3id.org/intlgraph/id/"
SRC = ID + "source/"
EDITORS = URIRef(ID + "editors")
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
INFERRED = "Inferred by the editors:"

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
SLUG = re.compile(r"(?<![\w.])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w])")
ENGLISH_WORDS = re.compile(r"(?<![\w.])[A-Za-z]{2,}\s+[A-Za-z]{2,}(?![\w.])")
REF_ROW = re.compile(r"^ref-(?P<table>[a-z_]+)-(?P<row>\d+)$")

# The Latin form of an acronym the programme writes in Cyrillic transliteration:
# «(АКТРАВ)» is ACTRAV, «(ТУС)» is TUC. An English acronym is backed when the node's
# Russian acronym is and the pair is listed here.
TRANSLITERATED = {"ACTRAV": "АКТРАВ", "TUC": "ТУС"}


@pytest.fixture(scope="module")
def kg(bundled_kg: intlgraph.KnowledgeGraph) -> intlgraph.KnowledgeGraph:
    return bundled_kg


@cache
def programme_text() -> str:
    return re.sub(r"\s+", " ", PROGRAMME.read_text(encoding="utf-8"))


@cache
def reference_row(table: str, row: int) -> str:
    """Every cell of a reference row (README: the whole file), as one text."""
    if table == "readme":
        return (REFERENCE / "README.md").read_text(encoding="utf-8")
    with open(REFERENCE / f"{table}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return " | ".join(rows[row - 1].values())


@cache
def reference_cell(table: str, row: int, column: str) -> str:
    with open(REFERENCE / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))[row - 1][column].strip()


def sources(kg: intlgraph.KnowledgeGraph, node: URIRef) -> list[str]:
    return [str(s) for s in kg.graph.objects(node, PROV.wasDerivedFrom)]


def from_programme(kg: intlgraph.KnowledgeGraph, node: URIRef) -> bool:
    return any(s == SRC + "p2021" or s.startswith(SRC + "p2021-") for s in sources(kg, node))


def reference_rows(kg: intlgraph.KnowledgeGraph, node: URIRef) -> list[tuple[str, int]]:
    rows = []
    for source in sources(kg, node):
        local = source.removeprefix(SRC)
        if local == "ref-readme":
            rows.append(("readme", 0))
        elif match := REF_ROW.match(local):
            rows.append((match["table"], int(match["row"])))
    return rows


def gives(text: str, term: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text) is not None


def editors_marked(kg: intlgraph.KnowledgeGraph, node: URIRef) -> bool:
    return (node, PROV.wasAttributedTo, EDITORS) in kg.graph


def russian_texts(kg: intlgraph.KnowledgeGraph) -> list[tuple[str, str]]:
    found = []
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, DCTERMS.title, IG.acronym):
        for subject, value in kg.graph.subject_objects(prop):
            if isinstance(value, Literal) and value.language == "ru":
                found.append((str(subject), str(value)))
    return found


# --- labels ------------------------------------------------------------------------------


def mixed_words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text) if CYRILLIC.search(w) and LATIN.search(w)]


def english_in_russian(text: str) -> list[str]:
    return SLUG.findall(text) + ENGLISH_WORDS.findall(text)


@pytest.mark.parametrize(
    ("text", "mixed", "english"),
    [
        ("Глобальный союз ИндустриАll", ["ИндустриАll"], []),
        ("Глобальный профсоюз IndustriALL", [], []),
        ("c190-expert-meeting служит цели 1 (редакторы)", [], ["c190-expert-meeting"]),
        (
            "affiliations.csv, строка 1: Federation of Trade Unions",
            [],
            ["Federation of", "Trade Unions"],
        ),
        ("Справочная таблица affiliations.csv, строка 1", [], []),
        ("Конфедерация профсоюзов государственных служащих Турции MEMUR-SEN", [], []),
        ("C047 Конвенция МОТ № 47", [], []),
    ],
)
def test_the_label_checks_find_what_they_must(
    text: str, mixed: list[str], english: list[str]
) -> None:
    assert mixed_words(text) == mixed
    assert english_in_russian(text) == english


def test_no_russian_label_mixes_scripts_within_a_word(kg: intlgraph.KnowledgeGraph) -> None:
    faults = [(s, t) for s, t in russian_texts(kg) if mixed_words(t)]
    assert faults == []


def test_no_english_slug_or_text_in_a_russian_label(kg: intlgraph.KnowledgeGraph) -> None:
    faults = [(s, t) for s, t in russian_texts(kg) if english_in_russian(t)]
    assert faults == []


def test_russian_after_s_before_two_consonants(kg: intlgraph.KnowledgeGraph) -> None:
    # «с Всекитайской» is wrong Russian: «со» before в/с + consonant
    faults = [
        (s, t)
        for s, t in russian_texts(kg)
        if re.search(r"(?<![\w])с [ВвСс][бвгджзклмнпрстфхцчшщ]", t)
    ]
    assert faults == []


# --- acronyms ----------------------------------------------------------------------------


def test_every_acronym_is_given_by_a_source_of_its_node(kg: intlgraph.KnowledgeGraph) -> None:
    unbacked = []
    for node, acronym in kg.graph.subject_objects(IG.acronym):
        assert isinstance(node, URIRef)
        texts = [programme_text()] if from_programme(kg, node) else []
        texts += [reference_row(table, row) for table, row in reference_rows(kg, node)]
        term = str(acronym)
        if any(gives(text, term) for text in texts):
            continue
        cyrillic = TRANSLITERATED.get(term)
        if (
            cyrillic
            and (node, IG.acronym, Literal(cyrillic, lang="ru")) in kg.graph
            and any(gives(text, cyrillic) for text in texts)
        ):
            continue
        unbacked.append((str(node), term))
    assert unbacked == []


# --- editors' inferences -----------------------------------------------------------------


def test_every_editors_node_says_what_was_inferred(kg: intlgraph.KnowledgeGraph) -> None:
    unexplained = []
    for node in set(kg.graph.subjects(PROV.wasAttributedTo, EDITORS)):
        notes = [str(n) for n in kg.graph.objects(node, SKOS.editorialNote)]
        if not any(n.startswith(INFERRED) and len(n) > len(INFERRED) + 20 for n in notes):
            unexplained.append(str(node))
    assert unexplained == []


def test_every_inference_note_is_on_an_editors_node(kg: intlgraph.KnowledgeGraph) -> None:
    unmarked = [
        str(node)
        for node, note in kg.graph.subject_objects(SKOS.editorialNote)
        if str(note).startswith(INFERRED) and not editors_marked(kg, node)
    ]
    assert unmarked == []


def backed_by_reference(kg: intlgraph.KnowledgeGraph, node: URIRef, column: str) -> bool:
    return any(
        table == "union_bodies" and reference_cell(table, row, column)
        for table, row in reference_rows(kg, node)
    )


def test_headquarters_and_founding_dates_have_a_source_that_gives_them(
    kg: intlgraph.KnowledgeGraph,
) -> None:
    # The programme gives a city only in the priority-visit list of 5.1 («г.Тбилиси, Грузия»)
    # and where the node's own quote names it («Бюро МОТ в город Женева»); seats and founding
    # dates otherwise come from union_bodies.csv, or are editors' marked inferences.
    section_5_1 = SRC + "p2021-s5.1"
    unsourced = []
    for node, city in kg.graph.subject_objects(IG.headquarters):
        assert isinstance(node, URIRef)
        if section_5_1 in sources(kg, node) or backed_by_reference(kg, node, "hq_city"):
            continue
        names = [str(n) for n in kg.graph.objects(city, RDFS.label) if n.language == "ru"]  # type: ignore[attr-defined]
        quotes = " ".join(str(q) for q in kg.graph.objects(node, IG.quote))
        if from_programme(kg, node) and any(name in quotes for name in names):
            continue
        if not editors_marked(kg, node):
            unsourced.append(("headquarters", str(node)))
    for node, _date in kg.graph.subject_objects(IG.founded):
        assert isinstance(node, URIRef)
        if not (backed_by_reference(kg, node, "founded") or editors_marked(kg, node)):
            unsourced.append(("founded", str(node)))
    assert unsourced == []


ORGS = Namespace(ID + "org/")
ACT = Namespace(ID + "activity/")
LAW = Namespace(ID + "law/")
COUNTRY = Namespace(ID + "country/")
CITY = Namespace(ID + "city/")

# Statements the programme does not make (issue #14, W2-W6, U1-U5, R1): absent, or on a
# node the editors mark as their interpretation.
NOT_IN_THE_SOURCES = [
    (ORGS["gctu-commission"], IG.founded, None),
    (ACT["ilo-expert-trainings"], IG.organiser, ORGS.ilo),
    (LAW["KAZ-2020-05-04-labour"], IG.respondsTo, ORGS.ituc),
    (ORGS["ilo-dwt-eeca"], IG.headquarters, None),
    (ORGS["ilo-dwt-eeca"], IG.acronym, None),
    (ORGS.fprk, IG.headquarters, None),
    (ORGS.usaid, IG.country, None),
    (ACT["usaid-migrant-workers-project"], IG.implementer, None),
    (LAW["KAZ-C131"], IG.enactedBy, COUNTRY.KAZ),
]


@pytest.mark.parametrize(
    "statement",
    NOT_IN_THE_SOURCES,
    ids=[
        " ".join(str(t).rsplit("/", 1)[-1].split("#")[-1] for t in s if t)
        for s in NOT_IN_THE_SOURCES
    ],
)
def test_statements_the_sources_do_not_make(
    kg: intlgraph.KnowledgeGraph, statement: tuple[URIRef, URIRef, URIRef | None]
) -> None:
    found = [
        (s, p, o) for s, p, o in kg.graph.triples(statement) if not editors_marked(kg, URIRef(s))
    ]
    assert found == []


def test_memberships_are_stated_memberships(kg: intlgraph.KnowledgeGraph) -> None:
    # R1: a chairman's office in a body is not the federation's membership of it
    membership = list(kg.graph.subjects(ORG.organization, ORGS["ituc-perc"]))
    assert [m for m in membership if (m, RDF.type, IG.Membership) in kg.graph] == []


# --- figures -----------------------------------------------------------------------------


def test_year_totals_cover_their_year(kg: intlgraph.KnowledgeGraph) -> None:
    """A figure counting what happened in a year has that year as its period and holds on
    the year's last day (not «on 1 January»)."""
    checked = 0
    for figure in kg.graph.subjects(RDF.type, IG.StatedFigure):
        year = kg.graph.value(figure, DCTERMS.date)
        if not (isinstance(year, Literal) and year.datatype == GYEAR):
            continue
        if (figure, IG.measure, None) in kg.graph and "planned" in str(
            kg.graph.value(figure, IG.measure)
        ):
            continue  # a plan for a year, stated on the programme's day
        y = str(year)
        assert str(kg.graph.value(figure, IG.startDate)) == f"{y}-01-01", figure
        assert str(kg.graph.value(figure, IG.endDate)) == f"{y}-12-31", figure
        assert str(kg.graph.value(figure, IG.asOf)) == f"{y}-12-31", figure
        checked += 1
    assert checked == 5  # the 2020 totals of section 2: events and participants


def test_no_figure_holds_on_new_years_day(kg: intlgraph.KnowledgeGraph) -> None:
    early = [
        str(f)
        for f in kg.graph.subjects(RDF.type, IG.StatedFigure)
        if str(kg.graph.value(f, IG.asOf)).endswith("-01-01")
    ]
    assert early == []


def test_every_reference_row_supports_a_fact(kg: intlgraph.KnowledgeGraph) -> None:
    """A row copied into data/reference/ and not cited by anything is a fact left out."""
    uncited = [
        str(record)
        for record in kg.graph.subjects(RDF.type, IG.ReferenceRecord)
        if (None, PROV.wasDerivedFrom, record) not in kg.graph
    ]
    assert uncited == []
