"""Deprecated alias of :mod:`intlgraph.server` (the package moved; kept for one release).

``import intlgraph.serve`` warns and gives the :mod:`intlgraph.server` module itself.
"""

from __future__ import annotations

import intlgraph.server as moved
from intlgraph.deprecation import moved_module

moved_module(__name__, moved)
