"""Deprecated alias of :mod:`intlgraph.gaps.peers` (the peer comparison is a gap check and
moved into :mod:`intlgraph.gaps`; kept for one release).

``import intlgraph.peers`` warns and gives the :mod:`intlgraph.gaps.peers` module itself.
"""

from __future__ import annotations

import sys
import warnings

from intlgraph.gaps import peers as moved

warnings.warn(
    "intlgraph.peers is deprecated: use intlgraph.gaps.peers (the same names)",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = moved
