"""Error types of intlgraph.

Every error a user can cause (a bad file, a missing file, ...) is an
:class:`IntlgraphError`; the command line prints it as one line and exits 2.
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
    "MissingFileError",
    "NetworkError",
    "ParameterError",
    "PeerComparisonError",
    "QueryError",
    "QueryNotFoundError",
    "ServeError",
    "ShapesError",
    "UnknownFileTypeError",
]


class IntlgraphError(Exception):
    """Base class of all errors intlgraph raises on purpose."""


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
    """The file's syntax is wrong for its format."""


class UnknownFileTypeError(InputFileError):
    """The file's suffix names no RDF format intlgraph reads."""


class MissingFileError(InputFileError):
    """The file does not exist (or is not a regular file)."""


class FileNotUTF8Error(InputFileError):
    """The file is not valid UTF-8; ``offset`` is the first bad byte (0-based)."""

    def __init__(self, path: str | Path, *, offset: int, line: int) -> None:
        self.offset = offset
        super().__init__(path, f"not valid UTF-8 (first bad byte at offset {offset})", line=line)


class ShapesError(IntlgraphError):
    """The SHACL shapes parse, but pyshacl cannot use them (or validation failed)."""

    def __init__(self, files: list[Path], reason: str) -> None:
        self.files = files
        self.reason = reason
        names = ", ".join(str(f) for f in files)
        super().__init__(f"{names}: unusable SHACL shapes: {reason}")


class QueryError(IntlgraphError):
    """A query cannot be run as asked (unknown name, bad parameter, refused feature)."""


class QueryNotFoundError(QueryError):
    """No query of that name in the catalogue."""


class ParameterError(QueryError):
    """A parameter value is unknown, missing or of the wrong type; names query and parameter.

    >>> str(ParameterError("explore/org-ties", "org", "required"))
    'explore/org-ties: parameter org: required'
    """

    def __init__(self, query: str, param: str, reason: str) -> None:
        self.query = query
        self.param = param
        self.reason = reason
        super().__init__(f"{query}: parameter {param}: {reason}")


class ForbiddenQueryError(QueryError):
    """The query uses a feature that could reach the network or change data (SERVICE, LOAD, ...)."""


class EngineError(IntlgraphError):
    """The engine could not run a query (syntax error, store error, ...)."""


class EndpointError(EngineError):
    """A remote SPARQL endpoint failed: unreachable, HTTP error, timeout, malformed answer."""


class GapCheckError(IntlgraphError):
    """A gap check cannot run as asked (unknown check id or parameter)."""


class NetworkError(IntlgraphError):
    """A network or map option cannot be used (unknown node, tie kind, date, format ...)."""


class ImportConflictError(IntlgraphError):
    """Imported facts contradict facts already in the graph (another status, date, label ...)."""


class PeerComparisonError(IntlgraphError):
    """A peer comparison cannot be made as asked (unknown state or peer group, bad threshold)."""


class ServeError(IntlgraphError):
    """``intlgraph serve`` cannot start as asked (address in use, bad setting, engine)."""
