"""The cooperation network: projection on the bundled data, hand-checked measures on a small
fixture (tests/fixtures/network_small.ttl), link prediction, paths and errors."""

from __future__ import annotations

import math
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from rdflib import RDF, RDFS, Namespace, URIRef

import intlgraph
from intlgraph import network, paths
from intlgraph.exc import NetworkError

IG = Namespace("https://w3id.org/intlgraph/ont#")
ORGNS = Namespace("http://www.w3.org/ns/org#")
ORG = "https://w3id.org/intlgraph/id/org/"
FIXTURE = Path(__file__).parent / "fixtures" / "network_small.ttl"
A, B, C, D, E = (ORG + f"test-{x}" for x in "abcde")


@pytest.fixture(scope="module")
def kg(bundled_kg: intlgraph.KnowledgeGraph) -> intlgraph.KnowledgeGraph:
    return bundled_kg


@pytest.fixture(scope="module")
def latest(bundled_network: nx.Graph[Any]) -> nx.Graph[Any]:
    """``network.project`` of the bundled graph on the memory engine (the session's)."""
    return bundled_network


@pytest.fixture(scope="module")
def ox(bundled_oxigraph: intlgraph.KnowledgeGraph) -> intlgraph.KnowledgeGraph:
    """The bundled graph on the embedded store: the same networks (test_same_network_on_
    oxigraph), projected faster for the tests of options."""
    return bundled_oxigraph


@pytest.fixture(scope="module")
def small_kg() -> intlgraph.KnowledgeGraph:
    return intlgraph.load(extra=[*paths.ontology_files(), FIXTURE], include_bundled=False)


@pytest.fixture(scope="module")
def tree(small_kg: intlgraph.KnowledgeGraph) -> nx.Graph[Any]:
    """The fixture as of 2021-06-02: B - A - C, A - D - E."""
    return network.project(small_kg, as_of="2021-06-02")


# --- projection on the bundled data ----------------------------------------------------


def _organisations(kg: intlgraph.KnowledgeGraph) -> set[str]:
    g = kg.graph
    found = set()
    for cls in set(g.objects(None, RDF.type)):
        if ORGNS.Organization in set(g.transitive_objects(cls, RDFS.subClassOf)):
            found |= {str(s) for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    return found


def test_nodes_are_the_organisations_of_the_data(
    kg: intlgraph.KnowledgeGraph, latest: nx.Graph[Any]
) -> None:
    orgs = _organisations(kg)
    assert set(latest) == orgs
    assert latest.number_of_nodes() == len(orgs) > 50
    fprk = latest.nodes[ORG + "fprk"]
    assert fprk["type"] == "FocalFederation" and fprk["category"] == "federation"
    assert fprk["label_ru"] == "Федерация профсоюзов Республики Казахстан"
    assert fprk["short_en"] == "FPRK" and fprk["short_ru"] == "ФПРК"
    winrock = latest.nodes[ORG + "winrock"]  # no acronym: the name in each language
    assert (winrock["short_en"], winrock["short_ru"]) == (
        "Winrock International",
        "Винрок Интернейшнл",
    )
    assert latest.nodes[ORG + "gtuc"]["country"].endswith("/country/GEO")


def test_edges_are_the_party_pairs_of_every_tie(kg: intlgraph.KnowledgeGraph) -> None:
    g = kg.graph
    expected: set[frozenset[str]] = set()
    ties_with_pairs = set()
    for tie in set(g.subjects(IG.party, None)):
        parties = sorted({str(p) for p in g.objects(tie, IG.party)})
        if len(parties) > 1:
            ties_with_pairs.add(str(tie))
        expected |= {frozenset(pair) for pair in combinations(parties, 2)}
    for prop in (ORGNS.unitOf, ORGNS.subOrganizationOf, IG.partOfSystem):
        expected |= {frozenset((str(s), str(o))) for s, o in g.subject_objects(prop)}
    every = network.project(kg, history=True)
    assert {frozenset(e) for e in every.edges()} == expected
    seen = {t["tie"] for *_, d in every.edges(data=True) for t in d["ties"] if t["tie"]}
    assert seen == ties_with_pairs
    # the latest view drops only superseded status records, never an edge of this data
    assert every.number_of_edges() >= network.project(kg).number_of_edges()


def test_tie_records_join_parties_and_sources_from_the_graph(kg: intlgraph.KnowledgeGraph) -> None:
    """network.project joins network/ties, network/tie-parties and network/sources: every
    record's parties, sources and source labels are the tie's own in the graph."""
    g = kg.graph
    prov = Namespace("http://www.w3.org/ns/prov#")

    def label(source: Any) -> str:
        section = g.value(source, IG.sectionNumber)
        if section is not None:
            return f"§{section}"
        file, row = g.value(source, IG.referenceFile), g.value(source, IG.rowNumber)
        if file is not None and row is not None:
            return f"{file} #{row}"
        return str(source).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    every = network.project(kg, history=True, include=("organisation", "event"))
    records = [t for *_, d in every.edges(data=True) for t in d["ties"] if t["tie"]]
    assert len({r["tie"] for r in records}) > 90
    for record in records:
        tie = URIRef(record["tie"])
        sources = sorted(g.objects(tie, prov.wasDerivedFrom))
        assert record["parties"] == sorted(str(p) for p in g.objects(tie, IG.party)), record["tie"]
        assert record["sources"] == [str(s) for s in sources], record["tie"]
        assert record["source_labels"] == sorted({label(s) for s in sources}), record["tie"]


def test_memberships_as_of_a_day(ox: intlgraph.KnowledgeGraph, latest: nx.Graph[Any]) -> None:
    kg = ox
    fprk, ituc, gctu = ORG + "fprk", ORG + "ituc", ORG + "gctu"
    then = network.project(kg, as_of="2021-06-02", kinds=["membership"])
    assert then.edges[fprk, ituc]["statuses"] == ["sought"]
    assert then.edges[fprk, ituc]["planned"] is True
    assert not then.has_edge(fprk, ORG + "ituc-perc")  # the chairman's office there: 2024
    now = latest.edges[fprk, ituc]
    memberships = [t for t in now["ties"] if t["kind"] == "membership"]
    assert [t["tie"].rsplit("/", 1)[-1] for t in memberships] == ["m-fprk-ituc-2022"]
    assert memberships[0]["status"] == "restored" and memberships[0]["as_of"] == "2022-11-01"
    old = network.project(kg, as_of="2015-01-01", kinds=["membership"])
    assert old.edges[fprk, gctu]["statuses"] == ["held"]
    now_members = network.project(kg, kinds=["membership"])
    assert now_members.edges[fprk, gctu]["statuses"] == ["sought"]


def test_edge_records_name_kind_status_and_source(latest: nx.Graph[Any]) -> None:
    edge = latest.edges[ORG + "fprk", ORG + "gtuc"]
    assert {"agreement", "negotiation", "visit"} <= set(edge["kinds"])
    assert edge["kind"] == "agreement" and edge["weight"] == len(edge["ties"])
    mou = next(t for t in edge["ties"] if t["tie"].endswith("/tie/mou-gtuc"))
    # section 2, and the Federation's own list (row 12, the editors' identification, issue #14)
    assert mou["status"] == "signed" and mou["source_labels"] == ["fprk_cooperation.csv #12", "§2"]
    visit = next(t for t in edge["ties"] if t["kind"] == "visit")
    assert visit["status"] == "planned" and "§5.1" in visit["source_labels"]
    unit = latest.edges[ORG + "ilo-actrav", ORG + "ilo"]
    assert "structure" in unit["kinds"]


def test_options_choose_node_and_tie_kinds(ox: intlgraph.KnowledgeGraph) -> None:
    kg = ox
    only = network.project(kg, kinds=["agreement"], isolates=False)
    assert {d["kind"] for *_, d in only.edges(data=True)} == {"agreement"}
    assert all(only.degree(n) > 0 for n in only)
    events = network.project(kg, include=["event"], kinds=["visit"])
    visit = "https://w3id.org/intlgraph/id/activity/visit-gtuc"
    assert events.nodes[visit]["category"] == "event"
    assert set(events[visit]) == {ORG + "fprk", ORG + "gtuc"}
    instruments = network.project(kg, include=["convention"], kinds=["instrument"])
    c190 = "https://w3id.org/intlgraph/id/instrument/C190"
    assert instruments.nodes[c190]["category"] == "convention"
    assert instruments.has_edge(ORG + "fprk", c190)


def test_same_network_on_oxigraph(
    kg: intlgraph.KnowledgeGraph, ox: intlgraph.KnowledgeGraph, latest: nx.Graph[Any]
) -> None:
    def same(one: nx.Graph[Any], other: nx.Graph[Any]) -> None:
        assert dict(other.nodes(data=True)) == dict(one.nodes(data=True))
        assert {frozenset(e): d for *e, d in other.edges(data=True)} == {
            frozenset(e): d for *e, d in one.edges(data=True)
        }

    same(latest, network.project(ox))
    dated = {"as_of": "2021-06-02", "kinds": ["membership", "agreement"], "isolates": False}
    same(network.project(kg, **dated), network.project(ox, **dated))
    events = {"include": ["event", "convention"], "kinds": ["visit", "instrument"]}
    same(network.project(kg, **events), network.project(ox, **events))


def test_russian_labels(kg: intlgraph.KnowledgeGraph) -> None:
    G = network.project(kg, lang="ru", kinds=["membership"])
    assert G.nodes[ORG + "ituc"]["label"] == "Международная конфедерация профсоюзов"


def test_bad_options_are_user_errors(kg: intlgraph.KnowledgeGraph) -> None:
    with pytest.raises(NetworkError, match="unknown tie kind"):
        network.project(kg, kinds=["friendship"])
    with pytest.raises(NetworkError, match="cannot include"):
        network.project(kg, include=["planet"])
    with pytest.raises(NetworkError, match="as-of"):
        network.project(kg, as_of="June 2021")


# --- hand-checked measures on the small fixture ----------------------------------------


def test_fixture_projection_follows_the_dates(
    small_kg: intlgraph.KnowledgeGraph, tree: nx.Graph[Any]
) -> None:
    assert {frozenset(e) for e in tree.edges()} == {
        frozenset(p) for p in [(A, B), (A, C), (A, D), (D, E)]
    }
    assert tree.edges[A, D]["statuses"] == ["sought"] and tree.edges[A, D]["planned"]
    later = network.project(small_kg)
    assert later.number_of_edges() == 6  # + C-E cooperation, + the seminar's B-C
    assert later.edges[A, D]["statuses"] == ["restored"]
    assert later.edges[B, C]["kinds"] == ["event"] and later.edges[B, C]["planned"]
    assert later.edges[A, B]["kinds"] == ["agreement", "event"]
    seminar = network.project(small_kg, include=["event"])
    assert set(seminar["https://w3id.org/intlgraph/id/activity/test-event-abc"]) == {A, B, C}


def test_metrics_match_hand_computed_values(tree: nx.Graph[Any]) -> None:
    df = network.metrics(tree).set_index("node")
    assert df.loc[A, "label"] == "Alpha federation" and df.loc[A, "type"] == "FocalFederation"
    assert df["degree"].to_dict() == {A: 3, D: 2, B: 1, C: 1, E: 1}
    assert df.loc[A, "degree_centrality"] == pytest.approx(3 / 4)
    # betweenness: A lies on 5 of the 6 pairs not involving it, D on 3
    assert df.loc[A, "betweenness"] == pytest.approx(5 / 6)
    assert df.loc[D, "betweenness"] == pytest.approx(3 / 6)
    assert df.loc[B, "betweenness"] == 0
    # closeness: (n - 1) / sum of distances
    assert df.loc[A, "closeness"] == pytest.approx(4 / 5)
    assert df.loc[D, "closeness"] == pytest.approx(4 / 6)
    assert df.loc[E, "closeness"] == pytest.approx(4 / 9)
    # eigenvector: lambda^2 = 2 + sqrt(2); x_A = 1, x_D = lambda - 2/lambda, unit norm
    lam = math.sqrt(2 + math.sqrt(2))
    x = {A: 1.0, B: 1 / lam, C: 1 / lam, D: lam - 2 / lam}
    x[E] = x[D] / lam
    norm = math.sqrt(sum(v * v for v in x.values()))
    for node, value in x.items():
        assert df.loc[node, "eigenvector"] == pytest.approx(value / norm, abs=1e-5)
    # Burt: three unconnected contacts of equal weight -> 3 * (1/3)^2; one contact -> 1
    assert df.loc[A, "constraint"] == pytest.approx(1 / 3)
    assert df.loc[D, "constraint"] == pytest.approx(1 / 2)
    assert df.loc[B, "constraint"] == pytest.approx(1.0)
    assert df.loc[A, "effective_size"] == pytest.approx(3.0)
    assert set(df["core_number"]) == {1}
    assert df.loc[A, "community"] == df.loc[B, "community"] == df.loc[C, "community"]
    assert df.loc[D, "community"] == df.loc[E, "community"] != df.loc[A, "community"]


def test_cut_points_bridges_ego_and_cores(tree: nx.Graph[Any]) -> None:
    assert network.articulation_points(tree) == [A, D]
    assert len(network.bridges(tree)) == 4
    assert set(network.ego(tree, "ALF")) == {A, B, C, D}
    assert set(network.ego(tree, E, radius=2)) == {A, D, E}
    assert set(network.k_core(tree, 1)) == {A, B, C, D, E}


def test_communities_are_reproducible(latest: nx.Graph[Any]) -> None:
    first = network.communities(latest, seed=1)
    assert first == network.communities(latest, seed=1)
    assert sum(len(c) for c in first) == latest.number_of_nodes()


def test_path_lists_the_ties_on_the_way(tree: nx.Graph[Any]) -> None:
    steps = network.path(tree, "BET", "Epsilon union")
    assert [node for node, _ in steps] == [B, A, D, E]
    assert steps[0][1] == []
    assert [t["tie"].rsplit("/", 1)[-1] for t in steps[2][1]] == ["test-m-ad-2021"]
    assert steps[2][1][0]["source_labels"] == ["§9.9"]
    lonely = tree.copy()
    lonely.add_node("x")
    with pytest.raises(NetworkError, match="no path"):
        network.path(lonely, A, "x")
    with pytest.raises(NetworkError, match="no node"):
        network.path(tree, A, "nobody")


def test_link_prediction_scores_and_explains(tree: nx.Graph[Any]) -> None:
    aa = network.predict_links(tree, E)
    assert aa["candidate"].tolist() == [A]
    assert aa.loc[0, "score"] == pytest.approx(1 / math.log(2))
    assert aa.loc[0, "shared"] == [D]
    assert aa.loc[0, "explanation"] == (
        "Epsilon union and ALF are not tied yet but share 1 partner: "
        "DEL (membership with Epsilon union, membership with ALF)."
    )
    jac = network.predict_links(tree, E, method="jaccard")
    assert jac.loc[0, "score"] == pytest.approx(1 / 3)
    cn = network.predict_links(tree, B, method="common_neighbours")
    assert set(cn["candidate"]) == {C, D} and set(cn["score"]) == {1.0}
    for _, row in cn.iterrows():
        assert "ALF" in row["explanation"] and row["label"] in {
            "Gamma centre",
            "Delta confederation",
        }
    with pytest.raises(NetworkError, match="unknown method"):
        network.predict_links(tree, B, method="magic")


def test_link_prediction_on_the_programme(latest: nx.Graph[Any]) -> None:
    df = network.predict_links(latest, ORG + "etuce", method="common_neighbours")
    assert ORG + "ei" in set(df["candidate"])
    row = df[df["candidate"] == ORG + "ei"].iloc[0]
    assert row["shared"] == [ORG + "kz-education-union"]
    assert "KTUESW" in row["explanation"] and "EI" in row["explanation"]


def test_bipartite_projection_of_branch_unions_and_international_bodies(
    latest: nx.Graph[Any],
) -> None:
    P = network.bipartite_projection(latest, "international-union-body", "branch-union")
    pair = (ORG + "ei", ORG + "etuce")
    assert P.has_edge(*pair) and P.edges[pair]["shared"] == [ORG + "kz-education-union"]
    with pytest.raises(NetworkError, match="no node of category"):
        network.bipartite_projection(latest, "planet", "branch-union")


# --- the numeric stack at scale: same values as networkx, sampling that says so ---------


def _clustered(n: int = 300) -> nx.Graph[Any]:
    """A connected clustered graph with a hub, plus a path and an isolated node."""
    graph = nx.disjoint_union(nx.powerlaw_cluster_graph(n, 2, 0.3, seed=3), nx.path_graph(6))
    graph.add_node("alone")
    return graph


@pytest.mark.parametrize("which", ["programme", "clustered"])
def test_brokerage_and_exact_centralities_are_networkx_values(
    latest: nx.Graph[Any], which: str
) -> None:
    graph = latest if which == "programme" else _clustered()
    frame = network.brokerage(graph)
    constraint, esize = nx.constraint(graph), nx.effective_size(graph)
    for node in graph:
        if math.isnan(constraint[node]):
            assert math.isnan(frame.loc[node, "constraint"])
            assert math.isnan(frame.loc[node, "effective_size"])
        else:
            assert frame.loc[node, "constraint"] == pytest.approx(constraint[node], abs=1e-12)
            assert frame.loc[node, "effective_size"] == pytest.approx(esize[node], abs=1e-12)
    central = network.centralities(graph)
    assert central.attrs["sample"] is None
    assert "betweenness_error" not in central.columns
    between = nx.betweenness_centrality(graph)
    close = nx.closeness_centrality(graph)
    for node in graph:
        assert central.loc[node, "betweenness"] == pytest.approx(between[node], abs=1e-12)
        assert central.loc[node, "closeness"] == pytest.approx(close[node], abs=1e-12)


def test_brokerage_of_chosen_nodes(latest: nx.Graph[Any]) -> None:
    some = [ORG + "ilo", ORG + "ituc"]
    assert network.brokerage(latest, some).equals(network.brokerage(latest).loc[some])
    with pytest.raises(NetworkError, match="not in the network"):
        network.brokerage(latest, [ORG + "nobody"])


def test_sampling_every_source_gives_the_exact_values_and_no_margin() -> None:
    from intlgraph.network import measures

    graph = _clustered(120)
    n = len(graph)
    between, margin = measures._sampled_betweenness(graph, n, seed=1)
    exact = nx.betweenness_centrality(graph)
    assert max(abs(between[v] - exact[v]) for v in graph) < 1e-12
    assert max(margin.values()) == pytest.approx(0.0, abs=1e-15)


def test_sampled_centralities_say_so_and_are_close() -> None:
    graph = nx.powerlaw_cluster_graph(400, 2, 0.3, seed=5)
    sampled = network.centralities(graph, sample=150, seed=2)
    assert sampled.attrs["sample"] == 150
    assert {"betweenness_error", "closeness_error"} <= set(sampled.columns)
    exact_b = nx.betweenness_centrality(graph)
    hub = max(graph, key=exact_b.__getitem__)
    estimate, margin = sampled.loc[hub, "betweenness"], sampled.loc[hub, "betweenness_error"]
    assert 0 < margin < estimate
    assert abs(estimate - exact_b[hub]) <= margin  # the stated 95% margin covers the hub
    ranks = sampled["betweenness"].rank().corr(pd.Series(exact_b).rank())
    assert ranks > 0.9
    # one large component of 400 nodes: closeness estimated from at least 50 pivots
    exact_c = nx.closeness_centrality(graph)
    worst = max(abs(sampled.loc[v, "closeness"] - exact_c[v]) / exact_c[v] for v in graph)
    assert 0 < worst < 0.1
    table = network.metrics(graph, sample=150, seed=2)
    assert table.attrs["sample"] == 150
    assert table.columns.get_loc("betweenness_error") == table.columns.get_loc("eigenvector") + 1


def test_auto_samples_only_large_networks(
    latest: nx.Graph[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from intlgraph.network import measures

    assert network.centralities(latest, sample="auto").attrs["sample"] is None
    monkeypatch.setattr(measures, "AUTO_EXACT_LIMIT", 50)
    monkeypatch.setattr(measures, "AUTO_SAMPLE", 30)
    assert network.centralities(latest, sample="auto").attrs["sample"] == 30
    for bad in (0, -3, "some", 2.5, True):
        with pytest.raises(NetworkError, match="sample="):
            network.centralities(latest, sample=bad)  # type: ignore[arg-type]


def test_top_brokers_are_ranked_by_exact_betweenness(latest: nx.Graph[Any]) -> None:
    exact = nx.betweenness_centrality(latest)
    expected = sorted(latest, key=lambda v: (-exact[v], latest.nodes[v]["label"]))[:5]
    top = network.top_brokers(latest, 5)
    assert top["node"].tolist() == expected
    assert top["node"][0] == ORG + "fprk"
    assert top["betweenness"].tolist() == pytest.approx([exact[v] for v in expected])
    with pytest.raises(NetworkError, match="at least 1"):
        network.top_brokers(latest, 0)


def test_every_tie_class_of_the_ontology_has_a_kind(latest: nx.Graph[Any]) -> None:
    """The projection reads each subclass of ig:Tie's kind from the ontology (an office held
    is not an activity), and the ontology's groupings are the ones the network has used."""
    from rdflib import Graph

    from intlgraph.network.projection import ClassTables, class_tables, local

    ontology = Graph()
    for path in paths.ontology_files():
        ontology.parse(path)
    tie_classes = {
        local(str(c))
        for c in ontology.transitive_subjects(RDFS.subClassOf, IG.Tie)
        if str(c).startswith(str(IG))
    }
    tables = class_tables()
    assert tie_classes - set(tables.kinds) == set()
    assert {c: tables.kinds[c] for c in tie_classes} == {
        "Tie": "activity", "Membership": "membership", "OfficeHeld": "office",
        "Agreement": "agreement", "MemorandumOfUnderstanding": "agreement",
        "ProtocolOfIntentions": "agreement", "GeneralAgreement": "agreement",
        "CooperationArrangement": "agreement", "Cooperation": "cooperation",
        "TrainingPartnership": "training", "Training": "training", "Negotiation": "negotiation",
        "Ratification": "ratification", "Activity": "activity", "Event": "event",
        "ExpertMeeting": "event", "RoundTable": "event", "Seminar": "event",
        "Conference": "event", "Meeting": "event", "WorkingVisit": "visit",
        "Project": "project", "Consultation": "consultation",
        "InformationActivity": "information", "SupportActivity": "support",
        "Initiative": "initiative",
    }  # fmt: skip
    assert tables.categories["FocalFederation"] == "federation"
    assert tables.categories["DonorAgency"] == "government"  # inherited from GovernmentBody
    assert "ILOInstrument" not in tables.categories and "Training" in tables.activities
    assert network.kind_of(["OfficeHeld"]) == ("office", "OfficeHeld")
    office = latest.edges[ORG + "fprk", ORG + "ituc-perc"]
    assert "office" in office["kinds"]
    # a new subclass takes its parent's kind and category, unless it states its own
    ontology.parse(
        data="@prefix ig: <https://w3id.org/intlgraph/ont#> . "
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
        "ig:Webinar rdfs:subClassOf ig:Seminar . ig:YouthWing rdfs:subClassOf ig:BranchUnion . "
        'ig:Twinning rdfs:subClassOf ig:Agreement ; ig:networkKind "cooperation" .',
        format="turtle",
    )
    grown = ClassTables.from_graph(ontology)
    assert grown.kinds["Webinar"] == "event" and "Webinar" in grown.activities
    assert grown.categories["YouthWing"] == "branch-union"
    assert grown.kinds["Twinning"] == "cooperation"


def _with_twins(seed: int) -> nx.Graph[Any]:
    """A random graph with twins: leaves of the same hubs, nodes tied to the same two hubs,
    a second component and an isolated node (the shapes of the 1M world's network)."""
    import random

    rng = random.Random(seed)
    graph = nx.gnm_random_graph(rng.randint(20, 60), rng.randint(30, 120), seed=seed)
    hubs = rng.sample(sorted(graph), 3)
    for i in range(rng.randint(2, 12)):
        graph.add_edge(("leaf", i), hubs[i % 2])
    for i in range(rng.randint(2, 8)):
        graph.add_edge(("pair", i), hubs[0])
        graph.add_edge(("pair", i), hubs[2])
    graph.add_edges_from([("x", "y"), ("y", "z"), ("w", "y")])  # x, z, w: twins elsewhere
    graph.add_node("alone")
    return graph


@pytest.mark.parametrize("seed", range(8))
def test_fast_exact_centralities_equal_networkx_on_random_graphs(seed: int) -> None:
    """Betweenness and closeness by igraph, one search per class of twins, in a thread of
    their own: networkx's values on graphs full of twins (the fast path of the report)."""
    from intlgraph.network import measures

    graph = _with_twins(seed)
    assert measures._twin_classes(graph)  # the reduction is exercised
    between, close = measures._betweenness(graph), measures._closeness(graph)
    exact_b, exact_c = nx.betweenness_centrality(graph), nx.closeness_centrality(graph)
    assert max(abs(between[v] - exact_b[v]) for v in graph) < 1e-12
    assert max(abs(close[v] - exact_c[v]) for v in graph) < 1e-12


def test_twin_classes_are_same_neighbours_not_adjacent() -> None:
    from intlgraph.network import measures

    graph = nx.Graph([("h", "a"), ("h", "b"), ("h", "c"), ("a", "b"), ("h", "d"), ("g", "d")])
    graph.add_edges_from([("h", "e"), ("g", "e"), ("k", "k")])  # d, e twins; k: a self-loop only
    assert measures._twin_classes(graph) == [["d", "e"]]  # a, b adjacent: not twins
    with pytest.raises(ZeroDivisionError):
        measures._in_fresh_thread(lambda: 1 / 0)  # the worker's exception reaches the caller


@pytest.mark.parametrize("which", ["programme", "random"])
def test_most_connected_is_the_head_of_metrics_with_pagerank(
    latest: nx.Graph[Any], which: str
) -> None:
    graph = latest if which == "programme" else _with_twins(3)
    if which == "random":
        nx.set_node_attributes(graph, {v: f"n{i % 7}" for i, v in enumerate(graph)}, "label")
    head = network.metrics(graph).head(12)
    top = network.most_connected(graph, 12)
    assert top["node"].tolist() == head["node"].tolist()
    assert top["degree"].tolist() == head["degree"].tolist()
    assert top["betweenness"].tolist() == head["betweenness"].tolist()
    rank = nx.pagerank(graph, weight=None)
    assert top["pagerank"].tolist() == pytest.approx([rank[v] for v in top["node"]])
    with pytest.raises(NetworkError, match="at least 1"):
        network.most_connected(graph, 0)
