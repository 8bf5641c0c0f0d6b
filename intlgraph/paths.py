"""Where the knowledge-graph files (ontology, data, queries) are.

An installed wheel carries them as ``intlgraph/_bundled/{ontology,data,queries}``;
a source checkout (or an editable install) has them at the repository root.
The bundled copy wins when it exists.

>>> from intlgraph import paths
>>> paths.ontology_dir().name
'ontology'
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "bundle_root",
    "cache_dir",
    "data_dir",
    "data_files",
    "is_bundled",
    "ontology_dir",
    "ontology_files",
    "queries_dir",
    "query_file",
    "shapes_file",
]

_PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE_DIR / "_bundled"
_SOURCE_ROOT = _PACKAGE_DIR.parent

SHAPES_FILENAME = "shapes.ttl"


def is_bundled() -> bool:
    """True when the files come from the installed package, not a checkout."""
    return (_BUNDLED / "ontology").is_dir()


def bundle_root() -> Path:
    """The folder holding ``ontology/``, ``data/`` and ``queries/``."""
    return _BUNDLED if is_bundled() else _SOURCE_ROOT


def cache_dir() -> Path:
    """Where intlgraph keeps what it can rebuild (the parsed bundled graph):
    ``$INTLGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/intlgraph``, else ``.cache/intlgraph``
    in the home folder (the user's own cache; the tests set ``INTLGRAPH_CACHE_DIR``).

    >>> import os
    >>> before = os.environ.get("INTLGRAPH_CACHE_DIR")
    >>> os.environ["INTLGRAPH_CACHE_DIR"] = "/tmp/ig-cache"
    >>> str(cache_dir())
    '/tmp/ig-cache'
    >>> _ = os.environ.pop("INTLGRAPH_CACHE_DIR") if before is None else os.environ.update(
    ...     INTLGRAPH_CACHE_DIR=before)
    """
    import os

    explicit = os.environ.get("INTLGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "intlgraph"


def ontology_dir() -> Path:
    return bundle_root() / "ontology"


def data_dir() -> Path:
    return bundle_root() / "data"


def queries_dir() -> Path:
    return bundle_root() / "queries"


def shapes_file() -> Path:
    """The SHACL shapes file (it may not exist yet in an early checkout)."""
    return ontology_dir() / SHAPES_FILENAME


def ontology_files() -> list[Path]:
    """The ontology's Turtle files, without the SHACL shapes, sorted by name."""
    return [p for p in _turtle_files(ontology_dir()) if p.name != SHAPES_FILENAME]


def data_files() -> list[Path]:
    """The data's Turtle files, sorted by name."""
    return _turtle_files(data_dir())


def query_file(name: str) -> Path:
    """A named query, e.g. ``query_file("stats/by_class")`` -> ``queries/stats/by_class.rq``."""
    path = queries_dir() / f"{name}.rq"
    if not path.is_file():
        from intlgraph.exc import MissingFileError

        raise MissingFileError(path, "no such query file")
    return path


def _turtle_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.ttl") if p.is_file())
