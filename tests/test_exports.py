"""Exports: every format re-read with networkx gives the same graph."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import run_cli

from intlgraph import exports
from intlgraph.exc import NetworkError

ORG = "https://w3id.org/intlgraph/id/org/"


@pytest.fixture(scope="module")
def G(bundled_network: nx.Graph[Any]) -> nx.Graph[Any]:
    return bundled_network


def _edges(graph: nx.Graph[Any]) -> set[frozenset[str]]:
    return {frozenset((str(a), str(b))) for a, b in graph.edges()}


def _same_graph(original: nx.Graph[Any], read: nx.Graph[Any]) -> None:
    assert set(map(str, read)) == set(original)
    assert _edges(read) == _edges(original)
    for node, data in original.nodes(data=True):
        assert read.nodes[node]["label"] == data["label"]
        assert read.nodes[node]["type"] == data["type"]
    for a, b, data in original.edges(data=True):
        assert read.edges[a, b]["kind"] == data["kind"]
        assert float(read.edges[a, b]["weight"]) == data["weight"]


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_xml_formats_round_trip(G: nx.Graph[Any], fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"net.{fmt}"
    exports.export(G, target, fmt)
    read = nx.read_gexf(target) if fmt == "gexf" else nx.read_graphml(target)
    _same_graph(G, read)
    edge = read.edges[ORG + "fprk", ORG + "gtuc"]
    assert edge["kinds"] == "; ".join(G.edges[ORG + "fprk", ORG + "gtuc"]["kinds"])
    assert "https://w3id.org/intlgraph/id/tie/mou-gtuc" in edge["ties"].split("; ")


def test_gexf_has_spells_for_gephi_timeline(G: nx.Graph[Any], tmp_path: Path) -> None:
    target = tmp_path / "net.gexf"
    exports.export(G, target, "gexf")
    text = target.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    read = nx.read_gexf(target)
    spells = read.edges[ORG + "fprk", ORG + "ituc-perc"]["spells"]
    assert spells[0][0] == "2024-06-10"


def test_json_round_trip_keeps_tie_records(G: nx.Graph[Any], tmp_path: Path) -> None:
    target = tmp_path / "net.json"
    exports.export(G, target, "json")
    read = nx.node_link_graph(json.loads(target.read_text(encoding="utf-8")), edges="edges")
    _same_graph(G, read)
    assert (
        read.edges[ORG + "fprk", ORG + "ituc"]["ties"]
        == G.edges[ORG + "fprk", ORG + "ituc"]["ties"]
    )


def test_csv_edge_list_round_trip(G: nx.Graph[Any]) -> None:
    text = exports.export(G, None, "csv")
    assert text is not None
    rows = list(csv.DictReader(io.StringIO(text)))
    read = nx.Graph()
    for row in rows:
        read.add_edge(row["source"], row["target"], kind=row["kind"], weight=int(row["weight"]))
    assert _edges(read) == _edges(G)
    row = next(r for r in rows if {r["source"], r["target"]} == {ORG + "fprk", ORG + "gtuc"})
    assert row["kind"] == "agreement" and "§2" in row["sources"]


def test_unknown_format_is_a_user_error(G: nx.Graph[Any]) -> None:
    with pytest.raises(NetworkError, match="unknown export format"):
        exports.export(G, None, "xlsx")


def test_export_command_writes_graphml(tmp_path: Path) -> None:
    target = tmp_path / "net.graphml"
    result = run_cli("export", "--format", "graphml", "-o", str(target), "--kinds", "membership")
    assert result.returncode == 0, result.stderr
    read = nx.read_graphml(target)
    assert {d["kind"] for *_, d in read.edges(data=True)} == {"membership"}
    assert read.has_edge(ORG + "fprk", ORG + "ituc")
    bad = run_cli("export", "--format", "csv", "--as-of", "yesterday")
    assert (
        bad.returncode == 2 and "intlgraph: error:" in bad.stderr and "Traceback" not in bad.stderr
    )
