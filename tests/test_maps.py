"""The interactive map's page (offline, escaped) and the static figures; the map command."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import run_cli

import intlgraph
from intlgraph import maps
from intlgraph.exc import NetworkError

ORG = "https://w3id.org/intlgraph/id/org/"
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def kg(bundled_oxigraph: intlgraph.KnowledgeGraph) -> intlgraph.KnowledgeGraph:
    """The bundled graph on the embedded store (its network is the memory engine's:
    tests/test_network.py), as ``intlgraph map`` reads it."""
    return bundled_oxigraph


@pytest.fixture(scope="module")
def G(bundled_network: nx.Graph[Any]) -> nx.Graph[Any]:
    """The session's bundled network (copied by the tests that change it)."""
    return bundled_network


def evil_graph() -> nx.Graph[Any]:
    graph: nx.Graph[Any] = nx.Graph()
    graph.add_node("a", label=EVIL, label_en=EVIL, short_en=EVIL, category="federation")
    graph.add_node("b", label='<a href="javascript:alert(2)">x</a>', category="ngo")
    tie = {
        "tie": "t",
        "label": "</script><script>alert(3)</script>",
        "kind": "agreement",
        "status": "signed",
        "source_labels": ["<b>§2</b>"],
    }
    graph.add_edge("a", "b", kind="agreement", kinds=["agreement"], ties=[tie], weight=1)
    return graph


def test_page_is_self_contained(G: nx.Graph[Any]) -> None:
    page = maps.cooperation_map(G).html
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page, re.I)
    assert "vis-network" in page and "@license" in page  # inlined, licence comment kept
    assert "sourceMappingURL" not in page
    assert "default-src 'none'" in page


def test_everything_from_the_data_is_escaped() -> None:
    page = maps.cooperation_map(evil_graph(), title=EVIL).html
    assert EVIL not in page
    assert "</script><script>alert(3)" not in page
    assert "<title>&lt;img src=x onerror=alert(1)&gt;</title>" in page
    data = page.split('<script id="ig-data" type="application/json">', 1)[1].split("</script>")[0]
    assert "<" not in data and ">" not in data


def test_repr_html_embeds_the_page_in_an_iframe(G: nx.Graph[Any]) -> None:
    the_map = maps.cooperation_map(G, height="500px")
    frame = the_map._repr_html_()
    assert frame.startswith("<iframe") and 'sandbox="allow-scripts"' in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame)
    assert srcdoc is not None and html.unescape(srcdoc.group(1)) == the_map.html
    assert "height: 750px" in frame  # the drawing, the bar above it and the legend below


def test_map_counts_styles_and_languages(G: nx.Graph[Any]) -> None:
    en = maps.cooperation_map(G)
    assert (en.nodes, en.edges) == (G.number_of_nodes(), G.number_of_edges())
    ru = maps.cooperation_map(G, lang="ru", size_by="betweenness")
    assert '"label":"ФПРК"' in ru.html and "Международное сотрудничество ФПРК" in ru.html
    assert '"dashes":true' in en.html and '"dashes":false' in en.html
    assert '"physics":false' in en.html and '"placed":true' in en.html  # Python's layout
    assert '"physics":true' in maps.cooperation_map(G, physics=True).html
    with pytest.raises(NetworkError):
        maps.cooperation_map(G, lang="de")
    with pytest.raises(NetworkError):
        maps.cooperation_map(G, size_by="charm")
    with pytest.raises(NetworkError):
        maps.cooperation_map(G, height="100px; background: red")


def test_large_graphs_get_positions_from_python_and_no_physics() -> None:
    big = nx.relaxed_caveman_graph(40, 12, 0.1, seed=3)
    the_map = maps.cooperation_map(big)
    assert the_map.nodes == 480 and '"physics":false' in the_map.html
    positions = maps.layout(big)
    assert len(positions) == 480 and len({p for p in positions.values()}) == 480


def test_figure_and_timeline_write_files(
    kg: intlgraph.KnowledgeGraph, G: nx.Graph[Any], tmp_path: Path
) -> None:
    fig = maps.figure(G, tmp_path / "net.png", lang="ru")
    assert (tmp_path / "net.png").stat().st_size > 10_000
    assert fig.axes[0].get_title() == "Международное сотрудничество ФПРК"
    maps.figure(G, tmp_path / "net.svg")
    assert (tmp_path / "net.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    line = maps.timeline(kg, tmp_path / "timeline.png")
    labels = [t.get_text() for t in line.axes[0].get_xticklabels()]
    assert "2009" in labels and "2021" in labels and "2022" in labels
    with pytest.raises(NetworkError):
        maps.figure(G, tmp_path / "net.bmp")


def test_map_command(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    result = run_cli("map", "-o", str(target), "--lang", "ru", "--as-of", "2021-06-02", "-q")
    assert result.returncode == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" in page and '"lang":"ru"' in page
    stdout = run_cli("map", "--kinds", "membership", "--no-isolates", "-q")
    assert stdout.returncode == 0 and stdout.stdout.startswith("<!DOCTYPE html>")
    bad = run_cli("map", "--kinds", "friendship")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    webgl = run_cli("map", "--renderer", "webgl", "-q")
    assert webgl.returncode == 0, webgl.stderr
    assert "vis.Network" not in webgl.stdout and "sigma" in webgl.stdout.lower()
    assert "vis.Network" in stdout.stdout  # auto: vis-network at this size
    assert run_cli("map", "--renderer", "svg").returncode == 2


def test_sampled_size_measure_is_stated_on_the_page(
    G: nx.Graph[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from intlgraph.network import measures

    exact = maps.cooperation_map(G, size_by="betweenness").html
    assert "estimated from" not in exact and '"margin"' not in exact
    assert '"sample":null' in exact
    monkeypatch.setattr(measures, "AUTO_EXACT_LIMIT", 50)
    monkeypatch.setattr(measures, "AUTO_SAMPLE", 25)
    page = maps.cooperation_map(G, size_by="betweenness").html
    assert f"betweenness estimated from 25 of {len(G)} source nodes (seeded)" in page
    assert '"sample":25' in page
    assert page.count('"margin":') == len(G)
    ru = maps.cooperation_map(G, size_by="closeness", lang="ru").html
    assert f"близость: оценка по 25 из {len(G)} исходных узлов" in ru


def test_layout_places_every_label_clear_of_the_others(G: nx.Graph[Any]) -> None:
    from intlgraph.maps import labels
    from intlgraph.maps.style import display_label

    for lang in ("en", "ru"):
        texts = {n: display_label(d, lang, n, limit=200) for n, d in G.nodes(data=True)}
        placed = labels.place(G, texts, {n: float(G.degree(n)) for n in G}, caption="none")
        assert labels.overlaps(placed) == []
        assert set(placed.pos) == set(G)
        alone = [n for n in G if G.degree(n) == 0]
        assert alone and placed.caption is not None
        # the isolated organisations sit below their caption, the others above it
        assert all(placed.pos[n][1] > placed.caption.box[3] for n in alone)
        linked = [n for n in G if G.degree(n) > 0]
        assert all(placed.label_box(n)[3] < placed.caption.box[1] for n in linked)
        assert not any("…" in line for lines in placed.lines.values() for line in lines)
        assert min(placed.font.values()) >= 13 and max(placed.font.values()) <= 16


def test_counts_are_defined_once(G: nx.Graph[Any]) -> None:
    from intlgraph.maps.counts import counts, tie_records

    counted = counts(G)
    assert counted.organisations == G.number_of_nodes() == counted.linked + counted.isolated
    assert counted.lines == G.number_of_edges()
    keys = [key for key, _ in tie_records(G)]
    assert len(keys) == len(set(keys)) == counted.ties
    records = sum(len(d["ties"]) for _, _, d in G.edges(data=True))
    assert counted.ties < records  # a tie of three parties is on several lines
    page = maps.cooperation_map(G).html
    assert f'"ties":{counted.ties},' in page
