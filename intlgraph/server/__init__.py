"""The read-only SPARQL 1.1 Protocol endpoint (``intlgraph serve``).

* :mod:`intlgraph.server.app` — the HTTP server: :class:`Settings`, :func:`make_server`;
* :mod:`intlgraph.server.protocol` — one request: check it, run it, serialise the answer;
* :mod:`intlgraph.server.runner` — one checked query with a time limit, a row limit, a cap;
* :mod:`intlgraph.server.workers` — Oxigraph queries in worker processes a time limit kills;
* :mod:`intlgraph.server.sandbox` — the audit hook that seals the query threads.

>>> from intlgraph.server import DEFAULT_HOST, Settings
>>> DEFAULT_HOST, Settings().max_rows
('127.0.0.1', 10000)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intlgraph.server.app import (
        DEFAULT_HOST,
        DEFAULT_PORT,
        IntlgraphServer,
        Settings,
        make_server,
    )

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "IntlgraphServer", "Settings", "make_server"]


def __getattr__(name: str) -> Any:
    # the HTTP side (and rdflib) loads on first use: a worker process imports only
    # intlgraph.server.protocol, and starts in a third of the time
    if name in __all__:
        return getattr(importlib.import_module("intlgraph.server.app"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
