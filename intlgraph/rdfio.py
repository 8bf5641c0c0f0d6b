"""Reading RDF files into rdflib graphs, with errors that name file and line.

The format follows the suffix (see :data:`FORMATS`).  Files must be UTF-8.
Quad formats (TriG, N-Quads, JSON-LD): every quad's triple goes into the file's
graph (the default graph is the union of all graphs), and :func:`named_graphs`
gives the named graphs too.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.sax
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Identifier

from intlgraph.exc import (
    FileNotUTF8Error,
    InputFileError,
    MalformedFileError,
    MissingFileError,
    UnknownFileTypeError,
)

__all__ = [
    "FORMATS",
    "check_readable",
    "declared_prefixes",
    "format_for",
    "merge",
    "named_graphs",
    "parse_file",
    "parse_files",
]

#: rdflib format name for each file suffix intlgraph reads.
FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nt": "nt",
    ".nq": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}

_QUAD_FORMATS = {"trig", "nquads", "json-ld"}
_LINE_FORMATS = {"nt", "nquads"}


def format_for(path: str | Path) -> str:
    """The rdflib format name for ``path``'s suffix.

    >>> format_for("data/orgs.ttl")
    'turtle'
    """
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UnknownFileTypeError(
            path, f"unknown file type {suffix or '(no suffix)'!r}; expected one of {known}"
        ) from None


def check_readable(path: str | Path) -> bytes:
    """The bytes of ``path`` if it is an existing UTF-8 file of a known RDF type, else raise."""
    path = Path(path)
    format_for(path)
    if not path.is_file():
        reason = "is a directory, not a file" if path.is_dir() else "no such file"
        raise MissingFileError(path, reason)
    raw = path.read_bytes()
    _check_utf8(path, raw)
    return raw


#: Parsed graphs by (file, format, sha256 of its bytes): an unchanged file is parsed once
#: per process (the file is part of the key: relative IRIs resolve against it).
_PARSED: OrderedDict[tuple[str, str, str], tuple[Graph, dict[Identifier, Graph]]] = OrderedDict()
_PARSED_MAX = 64


def parse_file(path: str | Path) -> Graph:
    """Parse one file into a fresh graph; raise :class:`InputFileError` on any problem.

    >>> from intlgraph import paths
    >>> len(parse_file(paths.ontology_files()[0])) > 500
    True
    """
    graph = Graph()
    shared = _parse_shared(Path(path))
    for prefix, namespace in shared.namespaces():
        graph.bind(prefix, namespace, override=False, replace=False)
    graph += shared
    return graph


def parse_files(paths: Iterable[str | Path]) -> list[Graph]:
    """Parse every file; the first failure raises and nothing is returned.

    The graphs may be shared with a per-process cache of parsed files (keyed by content),
    so read them (as :func:`merge` does) and do not change them.

    >>> parse_files([])
    []
    """
    return [_parse_shared(Path(p)) for p in paths]


def _parse_shared(path: Path) -> Graph:
    return _parse_cached(path)[0]


def _parse_cached(path: Path) -> tuple[Graph, dict[Identifier, Graph]]:
    fmt = format_for(path)
    raw = check_readable(path)
    key = (str(path.resolve()), fmt, hashlib.sha256(raw).hexdigest())
    cached = _PARSED.get(key)
    if cached is not None:
        _PARSED.move_to_end(key)
        return cached
    try:
        parsed = _parse(path, fmt)
    except InputFileError:
        raise
    except Exception as error:  # rdflib raises many kinds; all mean "bad input"
        raise _malformed(path, fmt, raw, error) from error
    _PARSED[key] = parsed
    while len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)
    return parsed


def named_graphs(paths: Iterable[str | Path]) -> dict[Identifier, Graph]:
    """The named graphs of the TriG / N-Quads / JSON-LD files among ``paths``, by name (one
    graph per name, merged across files). Read them; do not change them (they may be shared).

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "two.trig")
    ...     _ = path.write_text("<http://ex/a> <http://ex/p> 1 . "
    ...                         "<http://ex/g> { <http://ex/a> <http://ex/p> 2 }")
    ...     graphs = named_graphs([path])
    ...     union = parse_file(path)
    >>> {str(name): len(graph) for name, graph in graphs.items()}, len(union)
    ({'http://ex/g': 1}, 2)
    """
    found: dict[Identifier, Graph] = {}
    for path in paths:
        for name, graph in _parse_cached(Path(path))[1].items():
            held = found.get(name)
            if held is None:
                found[name] = graph
            else:
                merged = Graph(identifier=name)
                merged += held
                merged += graph
                found[name] = merged
    return found


def merge(graphs: Sequence[Graph]) -> Graph:
    """One new graph holding all triples (and prefix bindings) of ``graphs``."""
    merged = Graph()
    for graph in graphs:
        for prefix, namespace in graph.namespaces():
            if prefix:
                merged.bind(prefix, namespace, override=False, replace=False)
        merged += graph
    return merged


_PREFIX_LINE = re.compile(
    r"^\s*(?:@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>\s*\.|PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>)",
    re.IGNORECASE | re.MULTILINE,
)


def declared_prefixes(paths: Iterable[str | Path]) -> dict[str, str]:
    """The ``@prefix`` / ``PREFIX`` declarations of the Turtle and TriG files among ``paths``.

    >>> declared_prefixes([])
    {}
    """
    found: dict[str, str] = {}
    for path in paths:
        if Path(path).suffix.lower() not in {".ttl", ".turtle", ".trig"}:
            continue
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for match in _PREFIX_LINE.finditer(text):
            prefix = match.group(1) or match.group(3)
            namespace = match.group(2) or match.group(4)
            if prefix:
                found.setdefault(prefix, namespace)
    return found


def _parse(path: Path, fmt: str) -> tuple[Graph, dict[Identifier, Graph]]:
    if fmt not in _QUAD_FORMATS:
        graph = Graph()
        graph.parse(path, format=fmt)
        return graph, {}
    dataset = Dataset()
    dataset.parse(path, format=fmt)
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace, override=False, replace=False)
    graph.addN((s, p, o, graph) for s, p, o, _ in dataset.quads((None, None, None, None)))
    named: dict[Identifier, Graph] = {
        context.identifier: context
        for context in dataset.graphs()
        if context.identifier != DATASET_DEFAULT_GRAPH_ID and len(context)
    }
    return graph, named


def _check_utf8(path: Path, raw: bytes) -> None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise FileNotUTF8Error(path, offset=error.start, line=line) from None


def _malformed(path: Path, fmt: str, raw: bytes, error: Exception) -> MalformedFileError:
    if isinstance(error, BadSyntax):
        return MalformedFileError(path, f"bad syntax ({error._why})", line=error.lines + 1)
    if isinstance(error, json.JSONDecodeError):
        return MalformedFileError(path, f"bad JSON ({error.msg})", line=error.lineno)
    if isinstance(error, xml.sax.SAXParseException):
        return MalformedFileError(
            path, f"bad XML ({error.getMessage()})", line=error.getLineNumber()
        )
    if fmt in _LINE_FORMATS and isinstance(error, ParserError):
        return MalformedFileError(path, "bad syntax", line=_first_bad_line(raw, fmt))
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return MalformedFileError(path, f"cannot parse as {fmt}: {reason}")


def _first_bad_line(raw: bytes, fmt: str) -> int | None:
    """N-Triples / N-Quads are one statement per line: find the first one that fails."""
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Dataset().parse(data=line, format=fmt)
        except Exception:
            return number
    return None
