"""Old names kept for one release: one warning, one way to alias a moved module.

>>> import warnings
>>> from intlgraph.deprecation import warn
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     warn("old_name", "new_name")
>>> str(caught[0].message), caught[0].category.__name__
('old_name is deprecated: use new_name', 'DeprecationWarning')
"""

from __future__ import annotations

import sys
import warnings
from types import ModuleType

__all__ = ["moved_module", "warn"]


def warn(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn (DeprecationWarning) that ``old`` is deprecated in favour of ``new``.

    The default ``stacklevel`` points at the caller of the function that calls this one.
    """
    warnings.warn(f"{old} is deprecated: use {new}", DeprecationWarning, stacklevel=stacklevel)


def moved_module(old: str, module: ModuleType) -> None:
    """Make the module ``old`` (being imported) *be* ``module``, with a warning, so both names
    give the same module object (and patching either patches both).

    >>> import importlib, warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     old = importlib.import_module("intlgraph.serve")
    >>> old is importlib.import_module("intlgraph.server")
    True
    """
    # stacklevel 4: this function, the alias module's body, importlib, the importing line
    warn(old, f"{module.__name__} (the same names)", stacklevel=4)
    sys.modules[old] = module
