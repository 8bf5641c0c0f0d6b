"""Error types of intlgraph.

Every error a user can cause (a bad file, a missing file, ...) is an
:class:`IntlgraphError`; the command line prints it as one line and exits 2. Catch the base
class to report any of them the same way:

>>> import intlgraph
>>> try:
...     intlgraph.load(extra=["no-such-file.ttl"])
... except intlgraph.IntlgraphError as error:
...     print(f"{type(error).__name__}: {error}")
MissingFileError: no-such-file.ttl: no such file
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "EndpointError",
    "EngineError",
    "FileNotUTF8Error",
    "ForbiddenQueryError",
    "GapCheckError",
    "ImportConflictError",
    "InputFileError",
    "IntlgraphError",
    "MalformedFileError",
    "MalformedQueryError",
    "MissingFileError",
    "NetworkError",
    "OutputFileError",
    "ParameterError",
    "PeerComparisonError",
    "QueryError",
    "QueryNotFoundError",
    "ServeError",
    "ShapesError",
    "UnknownFileTypeError",
]


class IntlgraphError(Exception):
    """Base class of all errors intlgraph raises on purpose.

    Its message is one line that says what to change:

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> try:
    ...     kg.query("explore/latest-status", as_of="2021-13-01")
    ... except intlgraph.IntlgraphError as error:
    ...     print(error)
    explore/latest-status: parameter as_of: '2021-13-01' is not a valid date (YYYY-MM-DD)
    """


class InputFileError(IntlgraphError):
    """An input file cannot be used; ``str()`` names the file (and line, if known).

    >>> str(InputFileError("data/x.ttl", "bad syntax (objectList expected)", line=12))
    'data/x.ttl, line 12: bad syntax (objectList expected)'
    """

    def __init__(self, path: str | Path, reason: str, *, line: int | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.path) if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.reason}"


class MalformedFileError(InputFileError):
    """The file's syntax is wrong for its format.

    >>> import intlgraph, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     bad = pathlib.Path(tmp, "mine.ttl")
    ...     _ = bad.write_text("<a> <b> .\\n", encoding="utf-8")
    ...     intlgraph.load(extra=[bad])
    Traceback (most recent call last):
    intlgraph.exc.MalformedFileError: .../mine.ttl, line 1: bad syntax (...)
    """


class UnknownFileTypeError(InputFileError):
    """The file's suffix names no RDF format intlgraph reads.

    >>> import intlgraph, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     notes = pathlib.Path(tmp, "notes.txt")
    ...     _ = notes.write_text("not RDF", encoding="utf-8")
    ...     intlgraph.load(include_bundled=False, extra=[notes])
    Traceback (most recent call last):
    intlgraph.exc.UnknownFileTypeError: .../notes.txt: unknown file type '.txt';
    expected one of .json, .jsonld, .nq, .nt, .owl, .rdf, .trig, .ttl, .turtle, .xml
    """


class MissingFileError(InputFileError):
    """The file does not exist (or is not a regular file).

    >>> import intlgraph
    >>> intlgraph.load(extra=["data/mine.ttl"])
    Traceback (most recent call last):
    intlgraph.exc.MissingFileError: data/mine.ttl: no such file
    """


class FileNotUTF8Error(InputFileError):
    """The file is not valid UTF-8; ``offset`` is the first bad byte (0-based).

    >>> import intlgraph, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     latin1 = pathlib.Path(tmp, "labels.ttl")
    ...     _ = latin1.write_bytes("# Almaty, Kazakhstan\\n# caf\\xe9\\n".encode("latin-1"))
    ...     try:
    ...         intlgraph.load(include_bundled=False, extra=[latin1])
    ...     except intlgraph.FileNotUTF8Error as error:
    ...         print(error.line, error.offset)
    2 26
    """

    def __init__(self, path: str | Path, *, offset: int, line: int) -> None:
        self.offset = offset
        super().__init__(path, f"not valid UTF-8 (first bad byte at offset {offset})", line=line)


class ShapesError(IntlgraphError):
    """The SHACL shapes parse, but pyshacl cannot use them (or validation failed).

    >>> import intlgraph, pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     shapes = pathlib.Path(tmp, "shapes.ttl")
    ...     _ = shapes.write_text(  # sh:minCount needs a property shape (with sh:path)
    ...         "@prefix sh: <http://www.w3.org/ns/shacl#> .\\n"
    ...         "<urn:x:FprkShape> sh:targetNode <https://w3id.org/intlgraph/id/org/fprk> ;\\n"
    ...         "    sh:minCount 1 .\\n", encoding="utf-8")
    ...     intlgraph.KnowledgeGraph().validate(shapes=[shapes])
    Traceback (most recent call last):
    intlgraph.exc.ShapesError: .../shapes.ttl: unusable SHACL shapes:
    MinCountConstraintComponent can only be present on a PropertyShape, not a NodeShape...
    """

    def __init__(self, files: list[Path], reason: str) -> None:
        self.files = files
        self.reason = reason
        names = ", ".join(str(f) for f in files)
        super().__init__(f"{names}: unusable SHACL shapes: {reason}")


class QueryError(IntlgraphError):
    """A query cannot be run as asked (unknown name, bad parameter, refused feature).

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> try:
    ...     kg.query("explore/organisation-ties", organisation="o:gtuc")
    ... except intlgraph.QueryError as error:
    ...     print(error)
    explore/organisation-ties: parameter organisation: unknown parameter (this query takes: org)
    """


class QueryNotFoundError(QueryError):
    """No query of that name in the catalogue; the message suggests close names.

    >>> import intlgraph
    >>> intlgraph.load(engine="oxigraph").query("explore/org-ties")
    Traceback (most recent call last):
    intlgraph.exc.QueryNotFoundError: no query named 'explore/org-ties' in the catalogue;
    did you mean explore/country-ties, explore/organisation-ties, explore/organisation?
    """


class ParameterError(QueryError):
    """A parameter value is unknown, missing or of the wrong type; names query and parameter.

    >>> import intlgraph
    >>> intlgraph.load(engine="oxigraph").query("explore/organisation-ties", org="fprk")
    Traceback (most recent call last):
    intlgraph.exc.ParameterError: explore/organisation-ties: parameter org: 'fprk' is not an IRI:
    write <https://...>, https://... or a prefixed name such as ig:Membership
    >>> str(ParameterError("explore/org-ties", "org", "required"))
    'explore/org-ties: parameter org: required'
    """

    def __init__(self, query: str, param: str, reason: str) -> None:
        self.query = query
        self.param = param
        self.reason = reason
        super().__init__(f"{query}: parameter {param}: {reason}")


class ForbiddenQueryError(QueryError):
    """The query uses a feature that could reach the network or change data (SERVICE, LOAD, ...).

    >>> import intlgraph
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> kg.query("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    intlgraph.exc.ForbiddenQueryError: refused: the query uses SERVICE; intlgraph runs read-only
    queries that stay inside the graph
    """


class MalformedQueryError(QueryError):
    """The query text is not SPARQL 1.1, or is longer or deeper than the limits allow.

    >>> import intlgraph
    >>> intlgraph.load(engine="oxigraph").query("SELECT ?s WHERE { ?s a }")
    Traceback (most recent call last):
    intlgraph.exc.MalformedQueryError: malformed query: ...
    """


class EngineError(IntlgraphError):
    """The engine could not run a query (unknown prefix, store error, ...).

    >>> import intlgraph
    >>> intlgraph.load(engine="oxigraph").query("SELECT ?s WHERE { ?s a nope:x }")
    Traceback (most recent call last):
    intlgraph.exc.EngineError: oxigraph engine: ...
    """


class EndpointError(EngineError):
    """A remote SPARQL endpoint failed: unreachable, HTTP error, timeout, malformed answer.

    The message is one line naming the URL (nothing listens on port 9 here):

    >>> import intlgraph
    >>> intlgraph.connect("http://127.0.0.1:9/sparql", timeout=5).query("cq/cq05")
    Traceback (most recent call last):
    intlgraph.exc.EndpointError: http://127.0.0.1:9/sparql: cannot connect (connection refused);
    is the server running?
    """


class GapCheckError(IntlgraphError):
    """A gap check cannot run as asked (unknown check id or parameter).

    >>> import intlgraph
    >>> intlgraph.gaps(intlgraph.load(engine="oxigraph"), only=["partners-without-agreements"])
    Traceback (most recent call last):
    intlgraph.exc.GapCheckError: no gap check 'partners-without-agreements'; the checks are:
    conventions-not-ratified, partners-without-agreement, ...
    """


class NetworkError(IntlgraphError):
    """A network or map option cannot be used (unknown node, tie kind, date, format ...).

    >>> import intlgraph
    >>> from intlgraph import network
    >>> network.project(intlgraph.load(engine="oxigraph"), as_of="June 2021")
    Traceback (most recent call last):
    intlgraph.exc.NetworkError: --as-of 'June 2021': expected a date YYYY-MM-DD or 'latest'
    """


class ImportConflictError(IntlgraphError):
    """Imported facts contradict facts already in the graph (another status, date, label ...).

    The bundled data records Kazakhstan's ratification of C087 in 2000; a table saying 1999
    is refused:

    >>> import datetime as dt
    >>> from intlgraph.ratifications_import import Cell, Row, WorldTable, build, existing_graph
    >>> table = WorldTable("world.csv", dt.date(2026, 6, 4), ("C087",),
    ...                    (Row(1, "Kazakhstan", (Cell("C087", 1999),)),))
    >>> build(table, existing_graph())
    Traceback (most recent call last):
    intlgraph.exc.ImportConflictError: 2 imported value(s) contradict the graph:
    https://w3id.org/intlgraph/id/ratification/KAZ-C087 http://purl.org/dc/terms/date:
    ['2000'] vs ['1999']; ...
    """


class PeerComparisonError(IntlgraphError):
    """A peer comparison cannot be made as asked (unknown state or peer group, bad threshold).

    >>> import intlgraph
    >>> from intlgraph.gaps import peers
    >>> peers.compare(intlgraph.load(engine="oxigraph"), state="KAZ", group="eurasia")
    Traceback (most recent call last):
    intlgraph.exc.PeerComparisonError: no peer group 'eurasia'
    (known: ilo-member-states, memorandum-partners, central-asia)
    """


class OutputFileError(IntlgraphError):
    """An output file cannot be written (read-only folder, full disk, ...); nothing is left
    half-written: the file keeps its previous content or does not exist.

    >>> str(OutputFileError("out/report.html", "No space left on device"))
    'out/report.html: cannot write (No space left on device)'
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        super().__init__(f"{path}: cannot write ({reason})")


class ServeError(IntlgraphError):
    """``intlgraph serve`` cannot start as asked (address in use, bad setting, engine).

    >>> import intlgraph
    >>> from intlgraph.server import make_server
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> first = make_server(kg, port=0)  # any free port
    >>> make_server(kg, port=first.server_address[1])
    Traceback (most recent call last):
    intlgraph.exc.ServeError: cannot listen on 127.0.0.1:...: Address already in use
    >>> first.server_close()
    """
