"""The cached store of the bundled graph (``intlgraph query`` without --engine/--data/--store).

It gives the memory engine's answers, is reused while the files are unchanged, and a store
that is half-built, miscounted or damaged is never used: it is built again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import intlgraph
from intlgraph.cli import main
from intlgraph.kg import load_cached
from intlgraph.storecache import MARKER as _CACHE_MARKER


def _store(cache: Path) -> Path:
    (store,) = [p for p in cache.iterdir() if not p.name.startswith(".")]
    return store


def _rows(kg: intlgraph.KnowledgeGraph) -> list[list[object]]:
    frame = kg.query("cq/cq07", lang="ru")
    return [list(row) for row in frame.itertuples(index=False)]


@pytest.fixture(scope="module")
def memory(bundled_kg: intlgraph.KnowledgeGraph) -> intlgraph.KnowledgeGraph:
    return bundled_kg


def test_the_cached_store_gives_the_memory_engines_answer_and_is_reused(
    tmp_path: Path, memory: intlgraph.KnowledgeGraph
) -> None:
    first = load_cached(cache=tmp_path)
    assert first.engine.name == "oxigraph"
    assert len(first) == len(memory)
    assert _rows(first) == _rows(memory)
    marker = _store(tmp_path) / _CACHE_MARKER
    written = marker.stat().st_mtime_ns
    del first
    again = load_cached(cache=tmp_path)
    assert marker.stat().st_mtime_ns == written  # opened, not built again
    assert _rows(again) == _rows(memory)
    # a store intlgraph built and verified: its results are read as text (the fast path)
    assert again.engine._strict  # type: ignore[attr-defined]


def test_without_the_programme_data_it_is_another_store(tmp_path: Path) -> None:
    bare = load_cached(data=False, cache=tmp_path)
    assert len(bare) == len(intlgraph.load(data=False))
    assert bare.labels(["o:gtuc"]) == {}
    load_cached(cache=tmp_path)
    assert len([p for p in tmp_path.iterdir() if not p.name.startswith(".")]) == 2


@pytest.mark.parametrize("damage", ["no marker", "wrong count", "garbage files"])
def test_a_damaged_store_is_built_again_never_used(
    tmp_path: Path, memory: intlgraph.KnowledgeGraph, damage: str
) -> None:
    kg = load_cached(cache=tmp_path)
    del kg
    store = _store(tmp_path)
    marker = store / _CACHE_MARKER
    if damage == "no marker":  # a build killed before it finished
        marker.unlink()
    elif damage == "wrong count":
        content = json.loads(marker.read_text(encoding="utf-8"))
        marker.write_text(json.dumps({**content, "triples": 5}), encoding="utf-8")
    else:  # the store's own files overwritten
        for path in store.iterdir():
            if path.name != _CACHE_MARKER:
                path.write_bytes(b"not a store")
    rebuilt = load_cached(cache=tmp_path)
    assert len(rebuilt) == len(memory)
    assert _rows(rebuilt) == _rows(memory)
    content = json.loads((_store(tmp_path) / _CACHE_MARKER).read_text(encoding="utf-8"))
    assert content["triples"] == len(memory)


def test_an_unwritable_cache_falls_back_to_parsing(
    tmp_path: Path, memory: intlgraph.KnowledgeGraph
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    kg = load_cached(cache=blocked / "stores")
    assert kg.engine.name == "memory"
    assert _rows(kg) == _rows(memory)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["query", *args, "--format", "csv", "-q"]) == 0
    return capsys.readouterr().out


def test_the_cli_uses_the_cache_only_for_the_bundled_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("INTLGRAPH_CACHE_DIR", str(cache))
    cached = _cli(capsys, "cq/cq07")
    assert (cache / "stores").is_dir()
    assert cached == _cli(capsys, "cq/cq07", "--engine", "memory")
    # the bundled ontology without the programme: its own cached store, its own answer
    bare = _cli(capsys, "stats/by_class", "--no-bundled-data")
    assert bare == _cli(capsys, "stats/by_class", "--no-bundled-data", "--engine", "memory")
    assert len(list((cache / "stores").iterdir())) == 2
    # an extra file is read by the default engine (never put in the cache)
    extra = tmp_path / "note.ttl"
    extra.write_text(
        "<https://w3id.org/intlgraph/id/org/fprk> "
        "<http://www.w3.org/2000/01/rdf-schema#label> 'FPRK test label'@de .\n",
        encoding="utf-8",
    )
    with_extra = _cli(capsys, "dataset/summary", "--data", str(extra))
    assert with_extra == _cli(capsys, "dataset/summary", "--data", str(extra), "--engine", "memory")
    assert with_extra != _cli(capsys, "dataset/summary")
    assert len(list((cache / "stores").iterdir())) == 2


def test_the_cache_can_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INTLGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("INTLGRAPH_CACHE", "0")
    _cli(capsys, "cq/cq07")
    assert not (tmp_path / "cache").exists()
    assert os.environ["INTLGRAPH_CACHE"] == "0"
