"""Deprecated alias of :mod:`intlgraph.server` (the package moved; kept for one release).

``import intlgraph.serve`` warns and gives the :mod:`intlgraph.server` module itself.
"""

from __future__ import annotations

import sys
import warnings

import intlgraph.server

warnings.warn(
    "intlgraph.serve is deprecated: use intlgraph.server (the same names)",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = intlgraph.server
