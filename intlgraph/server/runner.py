"""Running one checked query of ``intlgraph serve`` with a time limit, a row limit and a cap
on how many run at once.

:class:`QueryRunner` runs the query in a worker thread sealed by :mod:`intlgraph.server.sandbox`,
stops waiting after the time limit, cancels the worker if it can, and cuts the rows at the row
limit; an Oxigraph query runs in a worker process (:mod:`intlgraph.server.workers`). The
answer is serialised by :mod:`intlgraph.server.protocol`.

>>> import intlgraph
>>> runner = QueryRunner(intlgraph.load(), timeout=10, max_rows=5, max_running=2)
>>> runner.run("ASK { ?s ?p ?o }", "ASK", "application/sparql-results+json").body
b'{"head":{},"boolean":true}'
>>> runner.close()
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from intlgraph.engines import MemoryEngine, OxigraphEngine, first_line, to_oxigraph
from intlgraph.exc import EngineError, ServeError
from intlgraph.server.protocol import (
    Answer,
    HttpError,
    ask_answer,
    ox_triple,
    refuse_remote_algebra,
    results_json,
    serialise_graph,
    serialise_results,
)
from intlgraph.server.sandbox import sealed
from intlgraph.server.workers import OxigraphPool

if TYPE_CHECKING:
    from intlgraph.engines import QueryDataset
    from intlgraph.kg import KnowledgeGraph

__all__ = ["Cancelled", "QueryRunner"]


class Cancelled(BaseException):
    """Raised inside a query thread to stop it (a BaseException, so no engine swallows it)."""


class _Job:
    """One query in its worker thread."""

    def __init__(
        self,
        runner: QueryRunner,
        text: str,
        form: str,
        media_type: str,
        dataset: QueryDataset | None,
        base: str | None,
    ) -> None:
        self.runner = runner
        self.text = text
        self.form = form
        self.media_type = media_type
        self.dataset = dataset
        self.base = base
        self.done = threading.Event()
        self.cancelled = threading.Event()
        self.answer: Answer | None = None
        self.error: BaseException | None = None
        self.in_engine = False
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self.work, name="intlgraph-query", daemon=True)

    def work(self) -> None:

        try:
            try:
                self.in_engine = True
                with sealed():
                    self.answer = self.runner.execute(self)
            except Cancelled:
                self.error = HttpError(503, "query cancelled")
            except BaseException as error:  # reported to the client, never kills the server
                self.error = error
            finally:
                self.in_engine = False
        except Cancelled:  # a cancellation that arrived just after the engine returned
            pass
        finally:
            self.runner.finished(self)
            self.done.set()

    def check(self) -> None:
        """Stop between rows once the job is cancelled."""
        if self.cancelled.is_set():
            raise Cancelled

    def cancel(self, interrupt: bool) -> None:
        """Ask the worker to stop; with ``interrupt``, raise :class:`Cancelled` in its thread."""
        self.cancelled.set()
        ident = self.thread.ident
        if interrupt and self.in_engine and ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(ident), ctypes.py_object(Cancelled)
            )


class QueryRunner:
    """Runs queries on ``kg`` in worker threads, with a time limit, a row limit and a cap on
    how many run at once.

    A query over the time limit answers 503 at once. A memory-engine (rdflib) query is then
    interrupted inside its thread; an Oxigraph query runs in a worker process
    (:mod:`intlgraph.server.workers`) that is killed, so its slot is free at once. When all
    slots are taken, new queries get 503.
    """

    def __init__(
        self, kg: KnowledgeGraph, *, timeout: float, max_rows: int, max_running: int
    ) -> None:

        if not isinstance(kg.engine, MemoryEngine | OxigraphEngine):
            raise ServeError(f"serve runs the memory or oxigraph engine, not {kg.engine.name}")
        self.kg = kg
        #: Prefixes a query may use undeclared: the standard ones and the data files'.
        self.prefixes = kg.prefixes(bindings=False)
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_running = max_running
        self._lock = threading.Lock()
        self._running: set[_Job] = set()
        self._memory = isinstance(kg.engine, MemoryEngine)
        self._pool = None
        if isinstance(kg.engine, OxigraphEngine):
            self._pool = OxigraphPool(
                kg.engine, size=max_running, max_rows=max_rows, prefixes=self.prefixes
            )

    def running(self) -> int:
        """How many queries are running now (including abandoned ones still winding down)."""
        with self._lock:
            return len(self._running)

    def run(
        self,
        text: str,
        form: str,
        media_type: str,
        *,
        dataset: QueryDataset | None = None,
        base: str | None = None,
    ) -> Answer:
        """Run one checked query (see :func:`check_query`); the answer or :class:`HttpError`.

        ``dataset``: the graphs to read (default: the query's FROM / FROM NAMED, else all);
        ``base``: the IRI relative IRIs resolve against (a BASE in the query wins).
        """
        job = _Job(self, text, form, media_type, dataset, base)
        with self._lock:
            if len(self._running) >= self.max_running:
                raise HttpError(
                    503, f"busy: {len(self._running)} queries are running; try again later"
                )
            self._running.add(job)
        job.thread.start()
        if not job.done.wait(self.timeout):
            job.cancel(interrupt=self._memory)
            raise HttpError(503, f"query exceeded the time limit of {self.timeout:g} s")
        if isinstance(job.error, HttpError):
            raise job.error
        if job.error is not None:
            raise HttpError(500, f"query failed: {first_line(job.error)}")
        assert job.answer is not None
        return job.answer

    def finished(self, job: _Job) -> None:
        with self._lock:
            self._running.discard(job)

    # in the worker thread ----------------------------------------------------------------

    def execute(self, job: _Job) -> Answer:
        if self._memory:
            return self._execute_memory(job)
        return self._execute_oxigraph(job)

    def _limit(self, rows: Iterable[Any], job: _Job) -> tuple[list[Any], bool]:
        kept: list[Any] = []
        for row in rows:
            job.check()
            if len(kept) == self.max_rows:
                return kept, True
            kept.append(row)
        return kept, False

    def _execute_memory(self, job: _Job) -> Answer:

        form, media_type = job.form, job.media_type
        engine = self.kg.engine
        assert isinstance(engine, MemoryEngine)
        try:
            prepared = engine.prepare(job.text, base=job.base, prefixes=self.prefixes)
        except EngineError as error:
            message = str(error).removeprefix("memory engine: ")
            raise HttpError(400, f"malformed query: {message}") from error
        refuse_remote_algebra(prepared.algebra)
        result = engine.evaluate(prepared, dataset=job.dataset)
        if form == "ASK":
            return ask_answer(bool(result["askAnswer"]), media_type)
        if form in {"CONSTRUCT", "DESCRIBE"}:
            triples, cut = self._limit(result["graph"], job)
            converted = [ox_triple([to_oxigraph(t) for t in triple]) for triple in triples]
            body = serialise_graph(converted, media_type, self.prefixes)
            return Answer(media_type, body, len(triples), cut)
        variables = list(result["vars_"])
        rows, cut = self._limit(
            ([binding.get(v) for v in variables] for binding in result["bindings"]), job
        )
        document = results_json([str(v) for v in variables], rows)
        return Answer(media_type, serialise_results(document, media_type), len(rows), cut)

    def _execute_oxigraph(self, job: _Job) -> Answer:
        # in a worker process that the time limit kills (intlgraph.server.workers)
        assert self._pool is not None
        return self._pool.run(
            job.text,
            job.form,
            job.media_type,
            timeout=self.timeout,
            dataset=job.dataset,
            base=job.base,
        )

    def close(self) -> None:
        """Stop the Oxigraph worker processes (if any)."""
        if self._pool is not None:
            self._pool.close()
