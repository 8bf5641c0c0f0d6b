"""Deprecated alias of :mod:`intlgraph.engines.endpoint` (the remote SPARQL endpoint engine
moved beside the other engines; kept for one release).

``import intlgraph.remote`` warns and gives the :mod:`intlgraph.engines.endpoint` module itself.
"""

from __future__ import annotations

import sys
import warnings

from intlgraph.engines import endpoint

warnings.warn(
    "intlgraph.remote is deprecated: use intlgraph.engines.endpoint (the same names)",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = endpoint
