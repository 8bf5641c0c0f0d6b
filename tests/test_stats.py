"""Counts by class, source and status."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE_DATA, FIXTURE_ONTOLOGY

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
    assert list(frame.columns) == ["kind", "key", "label", "sources", "count"]
    assert frame["key"].tolist() == ["4.1", "4.2", "4.10", "ratifications.csv"]
    assert frame["kind"].tolist() == ["ProgrammeSection"] * 3 + ["ReferenceRecord"]
    assert frame["label"].tolist()[:2] == ["Section 4.1", "Section 4.2"]
    assert frame["label"].iat[3] == "ratifications.csv"
    assert frame["count"].tolist() == [3, 1, 1, 2]


def test_stats_by_source_groups_records_by_file(tmp_path: Path) -> None:
    extra = tmp_path / "more_records.ttl"
    extra.write_text(
        "@prefix ig: <https://w3id.org/intlgraph/ont#> .\n"
        "@prefix igd: <https://w3id.org/intlgraph/id/> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        'igd:ref-2 a ig:ReferenceRecord ; ig:referenceFile "ratifications.csv" .\n'
        "igd:union-a prov:wasDerivedFrom igd:ref-2 .\n"
        "igd:body-c prov:wasDerivedFrom igd:ref-2 .\n"
        "igd:union-b prov:wasDerivedFrom igd:programme .\n",
        encoding="utf-8",
    )
    kg = intlgraph.load(extra=[FIXTURE_ONTOLOGY, FIXTURE_DATA, extra], include_bundled=False)
    frame = kg.stats().by_source.set_index("key")
    # body-c and membership-b-c from ref-ratifications, union-a and body-c from ref-2
    assert frame.loc["ratifications.csv", "sources"] == 2
    assert frame.loc["ratifications.csv", "count"] == 3
    # a source that is neither a section nor a record: keyed by its local name, last
    assert frame.index[-1] == "programme"
    assert frame.loc["programme", "kind"] == "other"


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
