"""Reading RDF files into rdflib graphs, strictly and offline, with errors that name file and line.

The format follows the suffix (see :data:`FORMATS`).  Files must be UTF-8.
Quad formats (TriG, N-Quads, JSON-LD): every quad's triple goes into the file's
graph (the default graph is the union of all graphs), and :func:`named_graphs`
gives the named graphs too.

Every file is parsed by Oxigraph's parsers (strict: an IRI with a space, a relative IRI,
a bad ``\\u`` escape, a lone surrogate or a literal subject is an error with its line),
whichever engine the graph is for; the memory engine gets the same triples as rdflib terms.
Nothing is fetched: a JSON-LD ``@context`` given by URL is an error, RDF/XML may declare
only plain internal entities and their expansion is bounded (:data:`MAX_EXPANDED_BYTES`),
and no literal may be longer than :data:`MAX_LITERAL_CHARS`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph
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
    "MAX_EXPANDED_BYTES",
    "MAX_LITERAL_CHARS",
    "check_readable",
    "declared_prefixes",
    "format_for",
    "merge",
    "named_graphs",
    "oxigraph_quads",
    "parse_file",
    "parse_files",
    "read_bytes",
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

#: The longest literal a file may hold (characters); longer is an error, not a MemoryError.
MAX_LITERAL_CHARS = 10_000_000
#: The largest an RDF/XML file may grow to by expanding its internal entities (bytes).
MAX_EXPANDED_BYTES = 64_000_000

#: rdfio's format names -> pyoxigraph.RdfFormat attribute names.
OXIGRAPH_FORMATS = {
    "turtle": "TURTLE",
    "trig": "TRIG",
    "json-ld": "JSON_LD",
    "nt": "N_TRIPLES",
    "nquads": "N_QUADS",
    "xml": "RDF_XML",
}


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
    """The bytes of ``path`` if it is a readable UTF-8 file of a known RDF type, else raise
    :class:`~intlgraph.exc.InputFileError` naming the path and the reason (a folder, a FIFO,
    a device, a symbolic-link loop, no permission, ...).

    >>> check_readable("/dev/zero")
    Traceback (most recent call last):
    intlgraph.exc.MissingFileError: /dev/zero: is a device, not a file
    >>> check_readable("/")
    Traceback (most recent call last):
    intlgraph.exc.MissingFileError: /: is a directory, not a file
    """
    path = Path(path)
    raw = read_bytes(path, check=format_for)
    _check_utf8(path, raw)
    return raw


def read_bytes(path: str | Path, *, check: Callable[[Path], object] | None = None) -> bytes:
    """The bytes of the regular file ``path``, or :class:`~intlgraph.exc.InputFileError`
    naming the path and why it cannot be read; ``check(path)`` runs once it is a file.

    >>> read_bytes("/no/such/file.rq")
    Traceback (most recent call last):
    intlgraph.exc.MissingFileError: /no/such/file.rq: no such file
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise MissingFileError(path, "no such file") from None
    except OSError as error:
        raise InputFileError(path, _reason(error)) from None
    if not stat.S_ISREG(info.st_mode):
        raise MissingFileError(path, _kind(info.st_mode))
    if check is not None:
        check(path)
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except MemoryError:
        raise InputFileError(path, "too large to read into memory") from None
    except OSError as error:
        raise InputFileError(path, _reason(error)) from None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied (cannot read it)"
    return (error.strerror or str(error)).lower()


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
    parsed = _parse(path, fmt, raw)
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


def oxigraph_quads(path: Path, fmt: str, raw: bytes) -> Iterator[Any]:
    """The quads of the file ``path`` (its bytes ``raw``), parsed by Oxigraph, checked.

    Raises :class:`~intlgraph.exc.MalformedFileError` with the line of the first error.
    """
    import pyoxigraph as ox

    if fmt == "xml":
        _check_entities(path, raw)
        _check_well_formed(path, raw)
    parser = ox.parse(
        raw, format=getattr(ox.RdfFormat, OXIGRAPH_FORMATS[fmt]), rename_blank_nodes=True
    )
    try:
        for quad in parser:
            literal = quad.object
            if isinstance(literal, ox.Literal) and len(literal.value) > MAX_LITERAL_CHARS:
                raise MalformedFileError(
                    path, f"a literal longer than {MAX_LITERAL_CHARS:,} characters"
                )
            yield quad
    except SyntaxError as error:
        raise MalformedFileError(
            path, f"bad syntax ({_oxigraph_reason(error)})", line=getattr(error, "lineno", None)
        ) from None
    except MemoryError as error:  # Oxigraph bounds a token (a literal, an IRI) at 16 MiB
        detail = str(error).strip() or "out of memory"
        raise MalformedFileError(path, f"a literal or IRI too large to parse ({detail})") from None


def _oxigraph_reason(error: SyntaxError) -> str:
    text = str(error.msg if getattr(error, "msg", None) else error).strip()
    text = re.sub(r"^Parser error (at|between) line \d+ (between )?column[^:]*: ", "", text)
    text = re.sub(r"^Parser error between line \d+ column \d+ and line \d+ column \d+: ", "", text)
    text = text.splitlines()[0] if text else "not RDF"
    if text == "Unexpected end of file":
        return "unexpected end of file: a string literal, IRI or bracket opened here is not closed"
    return text


_ENTITY = re.compile(rb"<!ENTITY\s+(%\s+)?([^\s>]+)\s+(\"[^\"]*\"|'[^']*'|[^>]*)\s*>")


def _check_well_formed(path: Path, raw: bytes) -> None:
    """RDF/XML: a well-formedness error with its line (expat; nothing external is read)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(raw, True)
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        raise MalformedFileError(path, f"bad XML ({reason})", line=error.lineno) from None


def _check_entities(path: Path, raw: bytes) -> None:
    """RDF/XML: only plain internal entities (no nesting, nothing external), bounded."""
    if b"<!ENTITY" not in raw:
        return
    expanded = len(raw)
    for match in _ENTITY.finditer(raw):
        line = raw.count(b"\n", 0, match.start()) + 1
        parameter, name, value = match.group(1), match.group(2), match.group(3)
        if parameter or value[:1] not in (b'"', b"'"):
            raise MalformedFileError(
                path, "an external or parameter XML entity (never fetched)", line=line
            )
        if b"&" in value or b"%" in value:
            raise MalformedFileError(
                path, "an XML entity that refers to other entities (not expanded)", line=line
            )
        expanded += raw.count(b"&" + name + b";") * len(value)
        if expanded > MAX_EXPANDED_BYTES:
            raise MalformedFileError(
                path, f"XML entities expand to more than {MAX_EXPANDED_BYTES:,} bytes", line=line
            )
    if raw.count(b"<!ENTITY") != len(_ENTITY.findall(raw)):
        raise MalformedFileError(path, "an XML entity declaration intlgraph cannot check")


def _parse(path: Path, fmt: str, raw: bytes) -> tuple[Graph, dict[Identifier, Graph]]:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    xsd_string = "http://www.w3.org/2001/XMLSchema#string"
    iris: dict[str, URIRef] = {}
    blanks: dict[str, BNode] = {}

    def term(node: Any) -> Any:
        if isinstance(node, ox.NamedNode):
            value = node.value
            found = iris.get(value)
            if found is None:
                found = iris[value] = URIRef(value)
            return found
        if isinstance(node, ox.BlankNode):
            return blanks.setdefault(node.value, BNode())
        if isinstance(node, ox.Literal):
            if node.language:
                return Literal(node.value, lang=node.language)
            datatype = node.datatype.value
            if datatype == xsd_string:
                return Literal(node.value)
            return Literal(node.value, datatype=term(node.datatype))
        raise MalformedFileError(path, f"an RDF 1.2 triple term ({node}) intlgraph cannot use")

    graph = Graph()
    named: dict[Identifier, Graph] = {}
    for quad in oxigraph_quads(path, fmt, raw):
        triple = (term(quad.subject), term(quad.predicate), term(quad.object))
        graph.add(triple)
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            name = term(quad.graph_name)
            if name not in named:
                named[name] = Graph(identifier=name)
            named[name].add(triple)
    if fmt in {"turtle", "trig"}:
        for prefix, namespace in declared_prefixes([path]).items():
            graph.bind(prefix, namespace, override=False, replace=False)
    return graph, named


def _check_utf8(path: Path, raw: bytes) -> None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise FileNotUTF8Error(path, offset=error.start, line=line) from None
