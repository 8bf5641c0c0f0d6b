"""The world table of fundamental ratifications in the graph, and the peer comparison on it.

The table (data/reference/ilo_fundamental_ratifications_world.csv, NORMLEX on 4 June
2026) is read here directly with the csv module, so the counts do not come from the import.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import REPO_ROOT, RunCli
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

import intlgraph
from intlgraph.exc import ImportConflictError, PeerComparisonError
from intlgraph.gaps import peers
from intlgraph.gaps.model import Findings
from intlgraph.ratifications_import import build, read_table

REFERENCE = REPO_ROOT / "data" / "reference"
TABLE = REFERENCE / "ilo_fundamental_ratifications_world.csv"
WORLD_TTL = REPO_ROOT / "data" / "world-ratifications.ttl"

IG = Namespace("https://w3id.org/intlgraph/ont#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
ID = "https://w3id.org/intlgraph/id/"
SRC = Namespace(ID + "source/")
RAT = Namespace(ID + "ratification/")
COUNTRY = Namespace(ID + "country/")
STATUS = Namespace("https://w3id.org/intlgraph/vocab/status/")
MEMBER_STATES = URIRef(ID + "peer-group/ilo-member-states")
EAEU_P029 = ["KGZ", "RUS"]  # the table: Kyrgyzstan 2020, Russian Federation 2019
CELL = re.compile(r"^(\d{4})(?:den\.:(\d{4}))?$")


def table_rows() -> list[dict[str, str]]:
    with open(TABLE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def table_cells() -> list[tuple[int, str, int, int | None]]:
    """(row, instrument code, year, year denounced) of every non-empty cell."""
    cells = []
    for number, row in enumerate(table_rows(), start=1):
        for column, value in row.items():
            code = re.search(r"_([CP]\d{3})$", column)
            if code and value.strip():
                match = CELL.match(value.strip())
                assert match, (number, column, value)
                year, end = match.groups()
                cells.append((number, code.group(1), int(year), int(end) if end else None))
    return cells


@pytest.fixture(scope="module")
def kg(bundled_kg: intlgraph.KnowledgeGraph) -> intlgraph.KnowledgeGraph:
    return bundled_kg


def country_of_row(kg: intlgraph.KnowledgeGraph, row: int) -> URIRef:
    record = SRC[f"ref-ilo_fundamental_ratifications_world-{row}"]
    found = [
        c
        for c in kg.graph.subjects(PROV.wasDerivedFrom, record)
        if (c, RDF.type, IG.Country) in kg.graph
    ]
    assert len(found) == 1, (row, found)
    return URIRef(str(found[0]))


# --- the import -----------------------------------------------------------------------


def test_the_import_is_reproducible(cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "world.ttl"
    result = cli("import-ratifications", str(TABLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "187 states, 1635 ratifications (2 denounced)" in result.stderr
    assert out.read_bytes() == WORLD_TTL.read_bytes()


def test_every_state_of_the_table_is_a_country(kg: intlgraph.KnowledgeGraph) -> None:
    rows = table_rows()
    assert len(rows) == 187
    members = set(kg.graph.objects(MEMBER_STATES, IG.includesCountry))
    assert len(members) == 187
    countries = {country_of_row(kg, n) for n in range(1, len(rows) + 1)}
    assert countries == members
    for country in countries:
        code = str(kg.graph.value(country, IG.isoCode))
        assert str(country) == str(COUNTRY[code])
        langs = sorted(
            o.language for o in kg.graph.objects(country, RDFS.label) if isinstance(o, Literal)
        )
        assert langs == ["en", "ru"], country  # one label per language, also for merged ones
    names = {
        str(kg.graph.value(country_of_row(kg, n), IG.isoCode)): r["Country"]
        for n, r in enumerate(rows, start=1)
    }
    assert (
        names["KOR"] == "Republic of Korea" and names["COD"] == "Democratic Republic of the Congo"
    )
    assert names["NLD"] == "Netherlands (Kingdom of the)" and names["TUR"] == "Türkiye"
    assert kg.label(COUNTRY.COD, "ru") == "Демократическая Республика Конго"
    assert kg.label(COUNTRY.KGZ, "ru") == "Кыргызстан"  # places.ttl's label is kept


def test_every_non_empty_cell_is_a_ratification(kg: intlgraph.KnowledgeGraph) -> None:
    cells = table_cells()
    assert len(cells) == 1635
    assert sum(1 for c in cells if c[3] is not None) == 2
    g = kg.graph
    for row, code, year, denounced in cells:
        country = country_of_row(kg, row)
        node = RAT[f"{country.rsplit('/', 1)[1]}-{code}"]
        assert (node, RDF.type, IG.Ratification) in g
        assert (node, IG.state, country) in g
        assert (
            node,
            PROV.wasDerivedFrom,
            SRC[f"ref-ilo_fundamental_ratifications_world-{row}"],
        ) in g
        assert [str(d) for d in g.objects(node, DCT.date)] == [str(year)]
        status = STATUS.denounced if denounced else STATUS.ratified
        assert list(g.objects(node, IG.status)) == [status]
        ends = [str(e) for e in g.objects(node, IG.endDate)]
        assert ends == ([str(denounced)] if denounced else [])
    from_table = {
        s
        for s in g.subjects(RDF.type, IG.Ratification)
        if any(
            str(src).startswith(str(SRC) + "ref-ilo_fundamental_ratifications_world-")
            for src in g.objects(s, PROV.wasDerivedFrom)
        )
    }
    assert len(from_table) == 1635
    assert str(g.value(RAT["MYS-C105"], IG.endDate)) == "1990"
    assert str(g.value(RAT["SGP-C105"], IG.asOf)) == "1979-01-01"


def test_kazakhstan_is_one_node_per_ratification_with_both_sources(
    kg: intlgraph.KnowledgeGraph,
) -> None:
    g = kg.graph
    kaz = [s for s in g.subjects(IG.state, COUNTRY.KAZ)]
    assert len(kaz) == 22  # the 22 of kz_ratifications.csv: the table adds no node
    rows = table_rows()
    (kaz_row,) = [n for n, r in enumerate(rows, start=1) if r["Country"] == "Kazakhstan"]
    world = SRC[f"ref-ilo_fundamental_ratifications_world-{kaz_row}"]
    from_world = sorted(str(s) for s in g.subjects(PROV.wasDerivedFrom, world) if s in kaz)
    assert [s.rsplit("-", 1)[1] for s in from_world] == [
        "C029",
        "C087",
        "C098",
        "C100",
        "C105",
        "C111",
        "C138",
        "C155",
        "C182",
        "C187",
    ]
    for node in map(URIRef, from_world):
        sources = {str(s) for s in g.objects(node, PROV.wasDerivedFrom)}
        assert any("ref-kz_ratifications-" in s for s in sources), node
        for prop in (IG.status, DCT.date, IG.asOf, IG.state, IG.instrument):
            assert len(list(g.objects(node, prop))) == 1, (node, prop)
        labels = [o.language for o in g.objects(node, RDFS.label) if isinstance(o, Literal)]
        assert sorted(labels) == ["en", "ru"], node
    assert str(g.value(RAT["KAZ-C087"], DCT.date)) == "2000"
    assert (RAT["KAZ-P029"], RDF.type, IG.Ratification) not in g


def test_a_contradicting_fact_stops_the_import() -> None:
    existing = Graph()
    existing.add(
        (
            RAT["KAZ-C087"],
            DCT.date,
            Literal("1999", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")),
        )
    )
    with pytest.raises(ImportConflictError, match="KAZ-C087"):
        build(read_table(TABLE), existing)


def test_unmatched_names_and_bad_cells_are_reported(cli: RunCli, tmp_path: Path) -> None:
    header = TABLE.read_text(encoding="utf-8").splitlines()[0]
    width = header.count(",")
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(
        header + "\nAtlantis" + "," * (width - 1) + ",04-06-2026\n"
        "Kyrgyzstan" + "," * (width - 1) + ",04-06-2026\n",
        encoding="utf-8",
    )
    result = cli("import-ratifications", str(unknown), "-o", str(tmp_path / "x.ttl"))
    assert result.returncode == 1
    assert "no ISO 3166 country matches 'Atlantis'" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text(
        header + "\nKyrgyzstan,nineteen" + "," * (width - 1) + "04-06-2026\n", encoding="utf-8"
    )
    result = cli("import-ratifications", str(bad))
    assert result.returncode == 2
    assert "bad.csv, line 2" in result.stderr and "Traceback" not in result.stderr


# --- peer groups ----------------------------------------------------------------------


def test_memorandum_partners_are_the_memoranda_countries(kg: intlgraph.KnowledgeGraph) -> None:
    derived = set(kg.query("peers/memorandum-countries", labels=False)["country"])
    group = set(
        kg.query("peers/members", labels=False, group="group:memorandum-partners")["country"]
    )
    assert derived == group
    assert {c.rsplit("/", 1)[1] for c in group} == {
        "ARM",
        "AZE",
        "CHN",
        "GEO",
        "ITA",
        "KGZ",
        "MNG",
        "MYS",
        "TJK",
        "TUR",
        "UZB",
    }
    sizes = dict(zip(peers.groups(kg)["group"], peers.groups(kg)["countries"], strict=True))
    assert sizes == {
        str(MEMBER_STATES): 187,
        ID + "peer-group/memorandum-partners": 11,
        ID + "region/central-asia": 5,
    }


# --- the gap check --------------------------------------------------------------------


def test_central_asia_finds_exactly_p029(kg: intlgraph.KnowledgeGraph) -> None:
    findings = peers.peer_ratifications(kg)
    assert len(findings) == 1
    (finding,) = findings
    assert finding.gap == "peer-ratifications"
    assert finding.entities[0].iri == ID + "instrument/P029"
    assert finding.entities[1].iri == str(COUNTRY.KAZ)
    ratified = {e.node.rsplit("/", 1)[1]: {p: o for _, p, o in e.triples} for e in finding.evidence}
    assert {k: v[str(DCT.date)] for k, v in ratified.items()} == {
        "KGZ-P029": "2020",
        "TJK-P029": "2020",
        "UZB-P029": "2019",
    }
    assert "3 of 4 peers in Central Asia" in finding.title.en  # the other Central Asian states
    assert finding.severity == "low" and finding.score is None
    assert "Kyrgyzstan 2020" in finding.title.en and "Uzbekistan 2019" in finding.title.en
    assert all(e.sources[0].file == TABLE.name for e in finding.evidence)
    assert [f.subject for f in intlgraph.gaps(kg, only=["peer-ratifications"])] == [finding.subject]


def test_the_reverse_view_for_central_asia(kg: intlgraph.KnowledgeGraph) -> None:
    view = peers.reverse_view(kg)
    assert view[["code", "state_year", "peers_without", "peers_ratified"]].values.tolist() == [
        ["C155", 1996, "Kyrgyzstan, Turkmenistan", 2],
        ["C187", 2015, "Kyrgyzstan, Tajikistan, Turkmenistan", 1],
    ]


def test_memorandum_partners_and_all_member_states(kg: intlgraph.KnowledgeGraph) -> None:
    partners = peers.compare(kg, group="memorandum-partners")
    (gap,) = partners.gaps
    assert gap.code == "P029" and gap.group_peers == 11
    assert [(p.rsplit("/", 1)[1], y) for p, y in gap.peers] == [
        ("UZB", 2019),
        ("KGZ", 2020),
        ("TJK", 2020),
        ("MYS", 2022),
        ("ITA", 2026),
    ]
    p029 = [c for c in table_cells() if c[1] == "P029"]
    world = peers.compare(kg, group="ilo-member-states", min_peers=2)
    assert [(g.code, len(g.peers), g.group_peers) for g in world.gaps] == [("P029", len(p029), 186)]
    assert peers.compare(kg, group="ilo-member-states", min_peers=len(p029) + 1).gaps == ()


def test_the_matrix_and_its_figure(kg: intlgraph.KnowledgeGraph) -> None:
    grid = peers.matrix(kg)
    assert list(grid.index) == [
        "Kazakhstan",
        "Kyrgyzstan",
        "Tajikistan",
        "Turkmenistan",
        "Uzbekistan",
    ]
    assert len(grid.columns) == 11 and grid.loc["Uzbekistan", "C087"] == "2016"
    assert grid.loc["Kazakhstan", "P029"] == "" and grid.loc["Turkmenistan", "C155"] == ""
    malaysia = peers.matrix(kg, group="memorandum-partners")
    assert malaysia.loc["Malaysia", "C105"] == "den. 1990"
    figure = peers.matrix_figure(kg, lang="ru")
    assert len(figure.axes[0].patches) == 5 * 11
    report = intlgraph.gaps.get("peer-ratifications").report
    assert report is not None
    extra_figure, extra_table = report(kg, Findings(), "en")
    assert extra_figure.image_png and extra_figure.image_png[:4] == b"\x89PNG"
    assert extra_table.table is not None and len(extra_table.table) == 2


def test_a_users_own_group(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix ig: <https://w3id.org/intlgraph/ont#> .\n"
        "@prefix country: <https://w3id.org/intlgraph/id/country/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://example.org/eaeu> a ig:PeerGroup ; rdfs:label "EAEU"@en , "ЕАЭС"@ru ;\n'
        "  ig:includesCountry country:ARM , country:BLR , country:KAZ , country:KGZ ,"
        " country:RUS .\n",
        encoding="utf-8",
    )
    kg = intlgraph.load(extra=[mine])
    gaps = peers.compare(kg, group="EAEU")
    assert [(g.code, sorted(p.rsplit("/", 1)[1] for p, _ in g.peers)) for g in gaps.gaps] == [
        ("P029", EAEU_P029)
    ]
    with pytest.raises(PeerComparisonError, match="no peer group"):
        peers.compare(kg, group="no-such-group")


# --- the command line -----------------------------------------------------------------


def test_compare_command(cli: RunCli) -> None:
    result = cli("compare", "-q", "--format", "json")
    assert result.returncode == 1, result.stderr
    (row,) = json.loads(result.stdout)
    assert row["code"] == "P029" and row["peers_ratified"] == 3 and row["share"] == 0.75
    assert row["peers"] == "Uzbekistan 2019, Kyrgyzstan 2020, Tajikistan 2020"
    result = cli("compare", "-q", "--peers", "memorandum-partners", "--reverse", "--lang", "ru")
    assert result.returncode == 1
    assert "Малайзия" in result.stdout and "state_ratified_peers_not" in result.stdout
    result = cli("compare", "-q", "--peers", "atlantis")
    assert result.returncode == 2 and "no peer group 'atlantis'" in result.stderr
    result = cli("compare", "--help")
    assert result.returncode == 0 and "--min-peers" in result.stdout
