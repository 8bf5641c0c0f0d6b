"""A lock on the query threads of ``intlgraph serve``: no network, no files outside Python's own.

:func:`sealed` marks the current thread while a query runs in it; a process-wide audit hook
(:func:`sys.addaudithook`, installed once by :func:`install`) then refuses, in that thread only,
socket connections and name look-ups, starting processes, and opening files for writing or
outside the Python installation and the libraries the query engines import from. Other
threads are not affected. The hook sees what Python code does (rdflib); native code
(pyoxigraph's Rust) does not pass through it, so the server refuses SERVICE, FROM and LOAD
before any engine runs, and this hook is the second lock.

>>> install()
>>> with sealed():
...     open("/etc/hostname")
Traceback (most recent call last):
PermissionError: intlgraph serve: open of /etc/hostname refused while a query runs
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path
from typing import Any

__all__ = ["REFUSED_EVENTS", "install", "sealed"]

#: Audit events refused outright in a sealed thread.
REFUSED_EVENTS: frozenset[str] = frozenset(
    {
        "socket.connect",
        "socket.bind",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.sendto",
        "socket.sendmsg",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.spawn",
        "os.posix_spawn",
        "os.fork",
        "os.forkpty",
        "os.remove",
        "os.rename",
        "os.rmdir",
        "os.mkdir",
        "os.truncate",
        "shutil.rmtree",
    }
)

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_state = threading.local()
_installed = False
_install_lock = threading.Lock()


def _readable_roots() -> tuple[str, ...]:
    """Python's installation and the folders the engines' libraries live in (lazy imports)."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots.add(str(Path(__file__).resolve().parent.parent))  # the intlgraph package
    for name in ("rdflib", "pyoxigraph", "pyparsing", "isodate"):
        spec = find_spec(name)
        if spec is not None and spec.origin:
            roots.add(str(Path(spec.origin).resolve().parent.parent))
    return tuple(sorted(os.path.join(os.path.realpath(r), "") for r in roots))


_ROOTS: tuple[str, ...] = ()


def _open_allowed(path: Any, mode: Any, flags: Any) -> bool:
    if isinstance(path, int):
        return True  # an already open descriptor
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return False
    if isinstance(flags, int) and flags & _WRITE_FLAGS:
        return False
    real = os.path.realpath(os.fsdecode(path))
    return any(real.startswith(root) for root in _ROOTS)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not getattr(_state, "sealed", False):
        return
    if event in REFUSED_EVENTS:
        raise PermissionError(f"intlgraph serve: {event} refused while a query runs")
    if event == "open" and not _open_allowed(*(*args, None, None)[:3]):
        raise PermissionError(f"intlgraph serve: open of {args[0]} refused while a query runs")


def install() -> None:
    """Install the audit hook (once per process; audit hooks cannot be removed)."""
    global _installed, _ROOTS
    with _install_lock:
        if _installed:
            return
        _ROOTS = _readable_roots()
        sys.addaudithook(_hook)
        _installed = True


@contextmanager
def sealed() -> Iterator[None]:
    """Seal the current thread for the ``with`` block (needs :func:`install` first)."""
    previous = getattr(_state, "sealed", False)
    _state.sealed = True
    try:
        yield
    finally:
        _state.sealed = previous
