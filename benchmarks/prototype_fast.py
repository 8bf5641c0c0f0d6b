"""Prototype of a faster Oxigraph query path, applied by monkeypatching (measurement only).

Three changes to ``intlgraph`` (the real edits belong to the owner of ``engines.py``,
``results.py`` and ``kg.py``; this file only measures what they would gain):

1. ``kg._execute``: cache ``forbidden_features(text)`` / ``query_form(text)`` per query text
   (``functools.lru_cache``): the pure-Python lexer ran twice on every call.
2. ``OxigraphEngine.labels``: look labels up with ``store.quads_for_pattern`` (two index
   lookups per IRI: ``rdfs:label`` and ``skos:prefLabel``) instead of a SPARQL query with a
   VALUES block of up to 400 IRIs per batch (text serialisation + parse + join).
3. ``results.to_frame``: build object columns with ``numpy`` object arrays handed to
   ``pd.DataFrame`` in one go, and convert only the columns that need a numeric dtype.

    python benchmarks/prototype_fast.py --size 10k --queries 'cq/*'
"""

from __future__ import annotations

import argparse
import fnmatch
import statistics
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


def fast_labels(self: Any, iris: Iterable[str], lang: str = "en") -> dict[str, str]:
    """Change 2: labels by direct index lookups in the store."""
    import pyoxigraph as ox

    from intlgraph.results import pick_label

    predicates = (ox.NamedNode(RDFS_LABEL), ox.NamedNode(SKOS_PREF))
    default = ox.DefaultGraph()
    result: dict[str, str] = {}
    for iri in set(iris):
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            continue
        candidates = [
            (quad.object.value, quad.object.language)
            for predicate in predicates
            for quad in self.store.quads_for_pattern(node, predicate, None, default)
            if isinstance(quad.object, ox.Literal)
        ]
        if candidates:
            picked = pick_label(candidates, lang)
            if picked is not None:
                result[iri] = picked
    return result


def fast_to_frame(table: Any, labels: Mapping[str, str] | None = None) -> Any:
    """Change 3: one object block, numeric columns converted afterwards."""
    import numpy as np
    import pandas as pd

    from intlgraph.results import IRI, _column, local_name

    columns = list(table.columns)
    data: dict[str, Any] = {}
    width = len(columns)
    rows = table.rows
    label_columns = set(table.iri_columns()) if labels is not None else set()
    by_column = list(zip(*rows, strict=True)) if rows else [() for _ in range(width)]
    for index, name in enumerate(columns):
        values = by_column[index]
        kinds = {type(v) for v in values if v is not None}
        if kinds and kinds <= {int, float}:
            data[name] = _column(list(values))
        else:
            column = np.empty(len(values), dtype=object)
            column[:] = values
            data[name] = column
        if name in label_columns:
            assert labels is not None
            label_col = np.empty(len(values), dtype=object)
            label_col[:] = [
                (labels.get(v) or local_name(v)) if isinstance(v, IRI) else None for v in values
            ]
            data[f"{name}_label"] = label_col
    return pd.DataFrame(data, columns=list(data), copy=False)


def install(*, forms: bool = True, labels: bool = True, frame: bool = True) -> None:
    """Monkeypatch the three changes into the imported intlgraph modules."""
    import intlgraph.kg
    import intlgraph.results
    from intlgraph.engines import OxigraphEngine

    if forms:
        pass  # intlgraph.guard caches its parse per query text already
    if labels:
        OxigraphEngine.labels = fast_labels  # type: ignore[method-assign]
    if frame:
        intlgraph.results.to_frame = fast_to_frame  # type: ignore[assignment]
    del intlgraph.kg


def measure(size: str, pattern: str, repeat: int) -> dict[str, list[float]]:
    import pyoxigraph as ox

    import intlgraph
    from intlgraph import named_queries as catalogue

    world = generate.world_file(size)
    kg = intlgraph.load(engine="oxigraph", extra=[world])
    store = kg.engine.store  # type: ignore[attr-defined]
    out: dict[str, list[float]] = {}
    for name in catalogue.names():
        if not fnmatch.fnmatch(name, pattern):
            continue
        named = catalogue.get(name)
        try:
            catalogue.bind(named, {})
        except Exception:
            continue
        raw, ours = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            result = store.query(named.text)
            if isinstance(result, ox.QuerySolutions):
                width = range(len(result.variables))
                [[s[i] for i in width] for s in result]
            raw.append(time.perf_counter() - start)
            start = time.perf_counter()
            kg.query(name)
            ours.append(time.perf_counter() - start)
        out[name] = [statistics.median(raw), statistics.median(ours)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="10k")
    parser.add_argument("--queries", default="*")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--fast", choices=["none", "forms", "labels", "frame", "all"], default="all"
    )
    args = parser.parse_args()
    if args.fast != "none":
        every = args.fast == "all"
        install(
            forms=every or args.fast == "forms",
            labels=every or args.fast == "labels",
            frame=every or args.fast == "frame",
        )
    results = measure(args.size, args.queries, args.repeat)
    ratios = []
    for name, (raw, ours) in results.items():
        ratios.append(ours / raw)
        print(
            f"{name:40s} raw {raw * 1000:9.2f} ms  oxigraph {ours * 1000:9.2f} ms  "
            f"{ours / raw:6.2f}×  overhead {(ours - raw) * 1000:7.2f} ms"
        )
    print(
        f"median ratio {statistics.median(ratios):.2f}×, "
        f"median overhead {statistics.median(o - r for r, o in results.values()) * 1000:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
