"""Deprecated alias of :mod:`intlgraph.gaps.peers` (the peer comparison is a gap check and
moved into :mod:`intlgraph.gaps`; kept for one release).

``import intlgraph.peers`` warns and gives the :mod:`intlgraph.gaps.peers` module itself.
"""

from __future__ import annotations

from intlgraph.deprecation import moved_module
from intlgraph.gaps import peers as moved

moved_module(__name__, moved)
