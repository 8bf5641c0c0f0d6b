"""Query engines: the in-memory rdflib graph and the embedded Oxigraph store.

Every engine answers the same three calls — :meth:`Engine.select`, :meth:`Engine.ask` and
:meth:`Engine.graph_query` — with the same Python values (:mod:`intlgraph.results`), so a
named query gives the same rows whichever engine runs it. The remote engine (any SPARQL 1.1
endpoint) lives in :mod:`intlgraph.engines.endpoint`.

Parameters are RDF terms, never pasted text: Oxigraph gets scalars as pyoxigraph
``substitutions`` (term objects into the parsed query) wherever they give the rows a VALUES
block would (:func:`oxigraph_bindings`), the rest, and remote endpoints, a ``VALUES`` block of
escaped terms opening the WHERE clause (:func:`bind_values`); rdflib gets scalars as
``initBindings`` (its inline VALUES joins last, which changes OPTIONAL results) and lists as
VALUES. The parity test holds the engines to the same rows.

Named graphs (from TriG, N-Quads or JSON-LD files) are kept on both local engines, and the
default graph is the union of all graphs: every triple of every file is in it, so the
catalogue's queries read the same triples whether a file has named graphs or not, while
``GRAPH`` and ``FROM NAMED`` see the named graphs. A :class:`QueryDataset` (the SPARQL
Protocol's ``default-graph-uri`` / ``named-graph-uri``, or a query's ``FROM`` / ``FROM NAMED``)
selects graphs the engine already holds; a graph it does not hold is an empty graph, and
nothing is ever fetched.

The engines: :mod:`intlgraph.engines.memory` (rdflib), :mod:`intlgraph.engines.oxigraph`,
:mod:`intlgraph.engines.endpoint` (any SPARQL 1.1 endpoint); what they share is in
:mod:`intlgraph.engines.base`.
"""

from __future__ import annotations

from intlgraph.engines.base import (
    ENGINES,
    Bindings,
    Engine,
    LangStr,
    QueryDataset,
    bind_values,
    first_line,
    from_clause,
    lang_str,
)
from intlgraph.engines.memory import MemoryEngine, rdflib_cell
from intlgraph.engines.oxigraph import (
    OxigraphEngine,
    oxigraph_bindings,
    oxigraph_query,
    to_oxigraph,
)
from intlgraph.engines.oxigraph_rows import oxigraph_cell

__all__ = [
    "ENGINES",
    "Bindings",
    "Engine",
    "LangStr",
    "MemoryEngine",
    "OxigraphEngine",
    "QueryDataset",
    "bind_values",
    "first_line",
    "from_clause",
    "lang_str",
    "oxigraph_bindings",
    "oxigraph_cell",
    "oxigraph_query",
    "rdflib_cell",
    "to_oxigraph",
]
