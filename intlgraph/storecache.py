"""The bundled graph as an Oxigraph store in the user's cache folder, opened without rdflib.

:func:`intlgraph.kg.load_cached` builds the store (once per set of bundled files) and writes
its marker; :func:`open_store` opens a complete, verified one and nothing else, importing
neither rdflib nor pandas, so ``intlgraph query`` can answer a catalogue query in a fraction
of a second. The store's folder is named by :func:`store_key`: a hash of intlgraph's and
pyoxigraph's versions and of every file's name and content.

>>> store_key([paths.ontology_files()[0]], lambda path: b"") == store_key(
...     [paths.ontology_files()[0]], lambda path: b"")
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intlgraph import paths

if TYPE_CHECKING:
    from intlgraph.engines import OxigraphEngine

__all__ = ["MARKER", "CachedStore", "bundled_files", "marker_text", "open_store", "store_key"]

#: The marker a complete cached store holds (written last, after its triples were counted).
MARKER = "intlgraph-cache.json"


@dataclass
class CachedStore:
    """An opened cached store: its engine (read-only), files, triples and prefixes."""

    engine: OxigraphEngine
    key: str
    place: Path
    files: list[Path]
    triples: int
    prefixes: dict[str, str] = field(default_factory=dict)


def bundled_files(data: bool = True) -> list[Path]:
    """The files of the bundled graph (``data=False``: the ontology without the programme)."""
    return paths.ontology_files() + (paths.data_files() if data else [])


def store_key(files: Sequence[Path], read: Callable[[Path], bytes]) -> str:
    """The name of the store built from ``files`` (their names and contents, as ``read``
    gives them, and the versions of intlgraph and pyoxigraph)."""
    import pyoxigraph

    from intlgraph import __version__

    digest = hashlib.sha256(f"{__version__}|{pyoxigraph.__version__}".encode())
    for path in files:
        digest.update(f"|{path.name}|".encode())
        digest.update(hashlib.sha256(read(path)).digest())
    return digest.hexdigest()[:32]


def folder(cache: str | Path | None = None) -> Path:
    """Where the cached stores are (``cache``, else ``<cache_dir>/stores``)."""
    return Path(cache) if cache is not None else paths.cache_dir() / "stores"


def marker_text(key: str, triples: int, prefixes: dict[str, str]) -> str:
    """The marker of a complete store (written last by :func:`intlgraph.kg.load_cached`)."""
    return json.dumps({"key": key, "triples": triples, "prefixes": prefixes})


def verified(place: Path, key: str, engine: OxigraphEngine) -> dict[str, Any] | None:
    """The marker of the store at ``place`` if it names ``key`` and the triples the store
    holds, else ``None`` (an unmarked, miscounted or foreign store is never used)."""
    try:
        marker = json.loads((place / MARKER).read_text(encoding="utf-8"))
        triples = len(engine.store)
    except (OSError, ValueError, RuntimeError):
        return None
    if not isinstance(marker, dict) or set(marker) != {"key", "triples", "prefixes"}:
        return None
    prefixes = marker["prefixes"]
    if (
        marker["key"] != key
        or marker["triples"] != triples
        or not isinstance(prefixes, dict)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in prefixes.items())
    ):
        return None
    return marker


def open_store(data: bool = True, cache: str | Path | None = None) -> CachedStore | None:
    """The complete, verified cached store of the bundled graph, opened read-only, or
    ``None`` when there is none yet (or it cannot be read): nothing is built here.

    >>> import tempfile
    >>> open_store(cache=tempfile.mkdtemp()) is None
    True
    """
    from intlgraph.engines import OxigraphEngine
    from intlgraph.exc import EngineError

    files = bundled_files(data)
    try:
        key = store_key(files, Path.read_bytes)
    except OSError:
        return None
    place = folder(cache) / key
    if not (place / MARKER).is_file():
        return None
    try:
        engine = OxigraphEngine(place, read_only=True)
    except EngineError:
        return None
    marker = verified(place, key, engine)
    if marker is None:
        return None
    engine.mark_strict()  # built by intlgraph.kg.load_cached from files it parsed strictly
    return CachedStore(engine, key, place, files, marker["triples"], marker["prefixes"])
