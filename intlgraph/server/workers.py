"""Oxigraph queries of ``intlgraph serve`` in worker processes that a time limit really ends.

pyoxigraph (0.5) has no way to cancel a running query, and a query busy inside one operator
runs on in native code. So the server runs Oxigraph queries in separate processes: a query
over the time limit gets its process killed (SIGKILL), which frees its slot at once, and a
fresh process takes its place in the background. A crash of the native code (a stack
overflow, say) ends one worker, never the server.

Each worker opens the store itself: an on-disk store read-only, an in-memory store from an
N-Quads copy made when the pool starts. Workers are fresh ``python -c`` processes (no ``fork`` of a
process that runs threads, nothing of the caller's ``__main__`` rerun); the pool starts all
of them at once and waits for the first.

>>> import intlgraph
>>> pool = OxigraphPool(intlgraph.load(engine="oxigraph").engine, size=1, max_rows=10)
>>> pool.run("ASK { ?s ?p ?o }", "ASK", "application/sparql-results+json", timeout=60).body
b'{"head":{},"boolean":true}'
>>> pool.close()
"""

from __future__ import annotations

import contextlib
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from intlgraph.namespaces import PREFIXES

if TYPE_CHECKING:
    from intlgraph.engines import OxigraphEngine, QueryDataset
    from intlgraph.server.protocol import Answer

__all__ = ["OxigraphPool"]

_START_TIMEOUT = 120.0


class _Worker:
    """One worker process (``python -c``, so nothing of the parent's ``__main__`` is rerun)
    and the parent's end of the socket pair it talks over."""

    def __init__(self, source: tuple[str, Any], max_rows: int, prefixes: dict[str, str]) -> None:
        parent, child = socket.socketpair()
        code = "import sys; from intlgraph.server.workers import _child; _child(int(sys.argv[1]))"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(child.fileno())],
            pass_fds=[child.fileno()],
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.connection = Connection(parent.detach())
        self.connection.send((source, max_rows, prefixes))

    def ready(self) -> bool:
        deadline = time.monotonic() + _START_TIMEOUT
        try:
            while not self.connection.poll(0.1):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    return False
            return bool(self.connection.recv() == "ready")
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.process.send_signal(signal.SIGKILL)
        self.connection.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=1)


class OxigraphPool:
    """Up to ``size`` worker processes answering queries on ``engine``'s store."""

    def __init__(
        self,
        engine: OxigraphEngine,
        *,
        size: int,
        max_rows: int,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        import pyoxigraph as ox

        if engine.path is not None:
            engine.store.flush()
            self._source: tuple[str, Any] = ("path", str(engine.path))
        else:
            self._source = ("nquads", engine.store.dump(format=ox.RdfFormat.N_QUADS) or b"")
        self.size = size
        self.max_rows = max_rows
        self.prefixes = dict(PREFIXES if prefixes is None else prefixes)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._started = 0
        self._all: set[_Worker] = set()
        self._closed = False
        # one ready before the server answers; the others start when queries overlap
        # (:meth:`_take`), so a server of one user does not hold ``size`` copies of the store
        self._started = 1
        self._start()

    def run(
        self,
        text: str,
        form: str,
        media_type: str,
        *,
        timeout: float,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> Answer:
        """The answer of one checked query, or :class:`~intlgraph.server.protocol.HttpError`
        (503 when the time limit passed: the worker was killed). ``dataset`` and ``base`` as
        for :func:`intlgraph.engines.oxigraph_query`."""
        from intlgraph.server.protocol import Answer, HttpError

        deadline = time.monotonic() + timeout
        worker = self._take(deadline)
        try:
            worker.connection.send((text, form, media_type, dataset, base))
            if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                self._discard(worker)
                raise HttpError(503, f"query exceeded the time limit of {timeout:g} s")
            reply = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            self._discard(worker)
            raise HttpError(500, "query failed: its worker process ended") from error
        except BaseException:
            self._discard(worker)  # interrupted (the memory path's Cancelled, say)
            raise
        self._idle.put(worker)
        if reply[0] == "ok":
            return Answer(*reply[1:])
        raise HttpError(reply[1], reply[2])

    def close(self) -> None:
        """Kill every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    def _take(self, deadline: float) -> _Worker:
        from intlgraph.server.protocol import HttpError

        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            grow = self._started < self.size and not self._closed
            if grow:
                self._started += 1
        if grow:
            self._start_in_background()
        try:
            return self._idle.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            raise HttpError(503, "no query worker became free in time") from None

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            replace = not self._closed
        if replace:
            self._start_in_background()
        else:
            with self._lock:
                self._started -= 1

    def _start_in_background(self) -> None:
        # a thread of its own: query threads are sealed (no process start) by the sandbox
        threading.Thread(target=self._start, name="intlgraph-worker-start", daemon=True).start()

    def _start(self) -> None:
        worker = _Worker(self._source, self.max_rows, self.prefixes)
        with self._lock:
            closed = self._closed
            if not closed:
                self._all.add(worker)
        if closed or not worker.ready():
            worker.kill()
            with self._lock:
                self._all.discard(worker)
                self._started -= 1
            return
        self._idle.put(worker)


def _child(descriptor: int) -> None:
    """The entry point of a worker process: its end of the socket pair is ``descriptor``."""
    connection = Connection(descriptor)
    source, max_rows, prefixes = connection.recv()
    _worker_main(connection, source, max_rows, prefixes)


def _worker_main(
    connection: Connection, source: tuple[str, Any], max_rows: int, prefixes: dict[str, str]
) -> None:
    """The loop of one worker process: open the store, answer queries until the pipe closes."""
    import pyoxigraph as ox

    from intlgraph.server.protocol import HttpError, oxigraph_answer

    kind, value = source
    if kind == "path":
        store = ox.Store.read_only(value)
    else:
        store = ox.Store()
        store.bulk_load(value, format=ox.RdfFormat.N_QUADS)
    connection.send("ready")
    while True:
        try:
            text, form, media_type, dataset, base = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = oxigraph_answer(
                store,
                text,
                form,
                media_type,
                max_rows,
                dataset=dataset,
                base=base,
                prefixes=prefixes,
            )
            reply: tuple[Any, ...] = (
                "ok",
                answer.media_type,
                answer.body,
                answer.rows,
                answer.truncated,
            )
        except HttpError as error:
            reply = ("error", error.status, error.message)
        except Exception as error:  # reported to the client; the worker lives on
            text_ = str(error).strip().splitlines()
            reply = ("error", 500, f"query failed: {text_[0] if text_ else type(error).__name__}")
        connection.send(reply)
