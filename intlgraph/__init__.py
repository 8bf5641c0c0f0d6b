"""intlgraph: a knowledge graph of a trade-union federation's international cooperation.

>>> import intlgraph
>>> kg = intlgraph.load()
>>> kg.query("cq/cq05", lang="ru")["organisation_label"].tolist()
['Международная организация труда', 'Международная организация по миграции', 'ООН – Женщины']
>>> counts = kg.stats()
>>> counts.by_status["label"].head(2).tolist()  # the most frequent statuses first
['ratified', 'planned']

``kg.validate()`` checks the graph against the bundled SHACL shapes (it conforms), and
:func:`intlgraph.report.write_report` validates, runs every gap check and writes the report.

The public names are imported on first use (PEP 562), so ``import intlgraph``
stays light: it loads neither rdflib nor pandas, networkx, pyshacl, pyvis.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from intlgraph.exc import (
        EndpointError,
        EngineError,
        FileNotUTF8Error,
        ForbiddenQueryError,
        GapCheckError,
        ImportConflictError,
        InputFileError,
        IntlgraphError,
        MalformedFileError,
        MalformedQueryError,
        MissingFileError,
        NetworkError,
        OutputFileError,
        ParameterError,
        PeerComparisonError,
        QueryError,
        QueryNotFoundError,
        ServeError,
        ShapesError,
        UnknownFileTypeError,
    )
    from intlgraph.gaps import gaps
    from intlgraph.kg import KnowledgeGraph, connect, load
    from intlgraph.magic import load_ipython_extension
    from intlgraph.named_queries import catalogue
    from intlgraph.push import push
    from intlgraph.stats import Stats
    from intlgraph.validate import ValidationReport, ValidationResult

_EXPORTS: dict[str, str] = {
    "load": "intlgraph.kg",
    "connect": "intlgraph.kg",
    "push": "intlgraph.push",
    "catalogue": "intlgraph.named_queries",
    "gaps": "intlgraph.gaps",
    "load_ipython_extension": "intlgraph.magic",
    "KnowledgeGraph": "intlgraph.kg",
    "ValidationReport": "intlgraph.validate",
    "ValidationResult": "intlgraph.validate",
    "Stats": "intlgraph.stats",
    "IntlgraphError": "intlgraph.exc",
    "QueryError": "intlgraph.exc",
    "ParameterError": "intlgraph.exc",
    "QueryNotFoundError": "intlgraph.exc",
    "ForbiddenQueryError": "intlgraph.exc",
    "EngineError": "intlgraph.exc",
    "EndpointError": "intlgraph.exc",
    "InputFileError": "intlgraph.exc",
    "MalformedFileError": "intlgraph.exc",
    "UnknownFileTypeError": "intlgraph.exc",
    "MissingFileError": "intlgraph.exc",
    "FileNotUTF8Error": "intlgraph.exc",
    "ShapesError": "intlgraph.exc",
    "GapCheckError": "intlgraph.exc",
    "ImportConflictError": "intlgraph.exc",
    "MalformedQueryError": "intlgraph.exc",
    "NetworkError": "intlgraph.exc",
    "OutputFileError": "intlgraph.exc",
    "PeerComparisonError": "intlgraph.exc",
    "ServeError": "intlgraph.exc",
}

#: Subpackages and modules reachable as attributes (``intlgraph.network.project(...)``),
#: imported on first use.
_MODULES = frozenset(
    {
        "exports",
        "i18n",
        "maps",
        "named_queries",
        "namespaces",
        "network",
        "programme",
        "report",
        "server",
        "validate",
        "void",
        "workbook",
    }
)

__all__ = [
    "EndpointError",
    "EngineError",
    "FileNotUTF8Error",
    "ForbiddenQueryError",
    "GapCheckError",
    "ImportConflictError",
    "InputFileError",
    "IntlgraphError",
    "KnowledgeGraph",
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
    "Stats",
    "UnknownFileTypeError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "catalogue",
    "connect",
    "gaps",
    "load",
    "load_ipython_extension",
    "push",
]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"intlgraph.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'intlgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
