"""Counts by class, source and status."""

from __future__ import annotations

import intlgraph

IG = "https://w3id.org/intlgraph/ont#"
IGD = "https://w3id.org/intlgraph/id/"


def test_stats_by_class(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    frame = fixture_kg.stats().by_class
    assert list(frame.columns) == ["class", "label", "count"]
    counts = dict(zip(frame["class"], frame["count"], strict=True))
    assert counts[IG + "Membership"] == 2
    assert counts[IG + "TradeUnion"] == 2
    assert counts[IG + "ProgrammeSection"] == 3
    # ontology terms are not data resources
    assert not any(c.startswith("http://www.w3.org/2002/07/owl#") for c in counts)
    labels = dict(zip(frame["class"], frame["label"], strict=True))
    assert labels[IG + "TradeUnion"] == "Trade union"


def test_stats_by_source_sorted_naturally(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    frame = fixture_kg.stats().by_source
    assert list(frame.columns) == ["source", "kind", "key", "label", "count"]
    assert frame["key"].tolist() == ["4.1", "4.2", "4.10", "ratifications.csv"]
    assert frame["kind"].tolist() == ["ProgrammeSection"] * 3 + ["ReferenceRecord"]
    assert frame["count"].tolist() == [3, 1, 1, 2]


def test_stats_by_status_in_russian(fixture_kg: intlgraph.KnowledgeGraph) -> None:
    stats = fixture_kg.stats(lang="ru")
    frame = stats.by_status
    assert list(frame.columns) == ["status", "label", "count"]
    assert dict(zip(frame["label"], frame["count"], strict=True)) == {
        "действует": 2,
        "планируется": 1,
    }
    assert set(stats.tables()) == {"by_class", "by_source", "by_status"}
    assert "by_status:" in str(stats)


def test_stats_of_an_empty_graph() -> None:
    stats = intlgraph.KnowledgeGraph().stats()
    assert all(frame.empty for frame in stats.tables().values())
    assert "(none)" in str(stats)
