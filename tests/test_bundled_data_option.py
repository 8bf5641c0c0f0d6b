"""``load(data=False)`` and ``--no-bundled-data``: the bundled ontology without the bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import intlgraph
from intlgraph import paths
from tests.conftest import RunCli

NOTE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ig: <https://w3id.org/intlgraph/ont#> .
<https://example.org/org/a> a ig:NationalTradeUnionCentre ; rdfs:label "Example centre A"@en .
"""


def test_load_without_data_keeps_the_ontology_and_drops_the_data(
    tmp_path: Path, bundled_kg: intlgraph.KnowledgeGraph
) -> None:
    note = tmp_path / "note.ttl"
    note.write_text(NOTE, encoding="utf-8")
    kg = intlgraph.load(data=False, extra=[note])
    assert kg.sources == [*paths.ontology_files(), note]
    assert kg.label("ig:Membership") == "membership"
    assert kg.label("https://example.org/org/a") == "Example centre A"
    assert kg.labels(["o:fprk", "o:gtuc"]) == {}
    ontology_only = intlgraph.load(data=False)
    full = bundled_kg
    bare = intlgraph.load(include_bundled=False, extra=[note])
    assert len(bare) == 2
    assert len(kg) == len(ontology_only) + 2 < len(full)


def test_cli_no_bundled_data(cli: RunCli, tmp_path: Path) -> None:
    note = tmp_path / "note.ttl"
    note.write_text(NOTE, encoding="utf-8")
    done = cli("stats", "--no-bundled-data", "--data", str(note), "--format", "json", "-q")
    assert done.returncode == 0, done.stderr
    by_class = {row["label"]: row["count"] for row in json.loads(done.stdout)["by_class"]}
    assert by_class["national trade-union centre"] == 1  # the --data file's one node
    assert "ConceptScheme" in by_class  # the bundled vocabularies stay
    full = cli("stats", "--format", "json", "-q")
    full_by_class = {row["label"]: row["count"] for row in json.loads(full.stdout)["by_class"]}
    assert full_by_class["ratification"] > 1000
    assert "ratification" not in by_class


def test_every_graph_command_takes_no_bundled_data(cli: RunCli) -> None:
    from intlgraph.cli import build_parser

    parser = build_parser()
    actions = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    with_graph = [
        name
        for name, sub in actions.items()
        if any("--no-bundled" in a.option_strings for a in sub._actions)
    ]
    assert len(with_graph) >= 10
    for name in with_graph:
        sub = actions[name]
        assert any("--no-bundled-data" in a.option_strings for a in sub._actions), name
