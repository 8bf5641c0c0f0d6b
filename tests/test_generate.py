"""The benchmark generator (benchmarks/generate.py) makes data the bundled shapes accept."""

from __future__ import annotations

import io
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

import intlgraph

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import generate  # noqa: E402 - benchmarks/ is not a package


@pytest.fixture(scope="module")
def bundled() -> tuple[int, set[str]]:
    return generate._bundled_facts(generate.bundled_files())


def test_no_resource_is_written_twice(bundled: tuple[int, set[str]]) -> None:
    """At 300k triples (where a centre's stated figures used to share one IRI, giving a
    figure two values, two bounds and two labels per language) every subject is new."""
    out = io.StringIO()
    count, existing = bundled
    made = generate.generate(300_000, out, bundled=count, existing=existing)
    assert made >= 300_000 - count
    subjects = Counter(re.findall(r"^(\S+) a ", out.getvalue(), re.M))
    assert subjects["fig:w-memoranda-arg-1-1"] <= 1
    assert sum(1 for s in subjects if s.startswith("fig:")) > 40  # figures are made
    twice = [s for s, n in subjects.items() if n > 1]
    assert twice == []


def test_a_generated_world_conforms(bundled: tuple[int, set[str]], tmp_path: Path) -> None:
    """A 60k-triple world (every kind of synthetic resource) passes the bundled shapes."""
    count, existing = bundled
    world = tmp_path / "world-60k.ttl"
    with world.open("w", encoding="utf-8") as out:
        generate.generate(60_000, out, bundled=count, existing=existing)
    kg = intlgraph.load(extra=[world], engine="oxigraph")  # its SHACL: pyshacl's findings
    assert len(kg) >= 59_000
    report = kg.validate()
    assert report.conforms, str(report)[:2000]


def test_a_larger_world_is_the_same_world_larger(bundled: tuple[int, set[str]]) -> None:
    """From 100k to 500k triples the national centres and the ties grow with the triples.

    The scaling benchmark judges each query's growth against the graph's: a base of centres
    complete at 100k (half of that graph) made the ties, and so the answers, grow as n^1.2
    from 100k to 1M, a slope no query could be under."""
    count, existing = bundled
    made: dict[int, tuple[int, Counter[str]]] = {}
    for size in (100_000, 500_000):
        out = io.StringIO()
        triples = generate.generate(size, out, bundled=count, existing=existing)
        text = out.getvalue()
        kinds = Counter(
            {
                "centres": text.count("a ig:NationalTradeUnionCentre"),
                "party": len(re.findall(r"^\s+ig:party ", text, re.M)),
                "measures": text.count("ig:PlannedMeasure ;"),
            }
        )
        made[size] = (triples, kinds)
    (small, few), (big, many) = made[100_000], made[500_000]
    growth = big / small
    assert growth > 6
    for kind in ("centres", "party", "measures"):
        assert few[kind] > 0
        assert abs(many[kind] / few[kind] / growth - 1) < 0.15, (kind, few[kind], many[kind])
