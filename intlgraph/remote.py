"""Deprecated alias of :mod:`intlgraph.engines.endpoint` (the remote SPARQL endpoint engine
moved beside the other engines; kept for one release).

``import intlgraph.remote`` warns and gives the :mod:`intlgraph.engines.endpoint` module itself.
"""

from __future__ import annotations

from intlgraph.deprecation import moved_module
from intlgraph.engines import endpoint as moved

moved_module(__name__, moved)
