"""Shared test helpers: fixture paths, a small graph, running the CLI."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

FIXTURE_ONTOLOGY = FIXTURES / "ontology.ttl"
FIXTURE_DATA = FIXTURES / "data.ttl"
FIXTURE_SHAPES = FIXTURES / "shapes.ttl"
FIXTURE_VIOLATING = FIXTURES / "violating.ttl"

#: CLI options that make a command use only the fixture graph and shapes.
FIXTURE_GRAPH_ARGS = [
    "--no-bundled",
    "--data",
    str(FIXTURE_ONTOLOGY),
    "--data",
    str(FIXTURE_DATA),
]

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def fixture_kg():  # type: ignore[no-untyped-def]
    """The fixture ontology + data, without the bundled files."""
    import intlgraph

    return intlgraph.load(extra=[FIXTURE_ONTOLOGY, FIXTURE_DATA], include_bundled=False)


def run_cli(
    *args: str, cwd: Path = REPO_ROOT, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m intlgraph ARGS`` in a subprocess (``stdin`` as its input); capture text
    output."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "intlgraph", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


@pytest.fixture
def cli() -> RunCli:
    return run_cli


# --- a live Oxigraph server (remote engine, push, parity) ------------------------------

#: The bundled graph goes into this named graph; the server runs with
#: ``--union-default-graph``, so queries without GRAPH see it (as on GraphDB / Virtuoso).
SERVER_GRAPH = "https://w3id.org/intlgraph/graph/programme-2021"


@contextlib.contextmanager
def oxigraph_serving(port: int, log: Path) -> Iterator[str]:
    """Run ``oxigraph serve`` (in memory, ``--union-default-graph``) on 127.0.0.1:``port``
    until the block ends; yields its base URL once it answers."""
    import shutil
    import time
    import urllib.request

    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if binary is None:
        pytest.fail("the `oxigraph` server binary is missing: pip install '.[test]'")
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                pytest.fail(f"oxigraph serve exited ({server.returncode}): {log.read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2) as r:
                    r.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not answer in 30 s: {log.read_text()}")
                time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An in-memory ``oxigraph serve`` on 127.0.0.1 holding the bundled graph; its base URL.

    The query endpoint is ``BASE/query``, the Graph Store endpoint ``BASE/store``, the update
    endpoint ``BASE/update``. The bundled graph is pushed (``intlgraph.push``) into the named
    graph :data:`SERVER_GRAPH`; tests that write more must remove it again.
    """
    import intlgraph
    from intlgraph.push import push

    log = tmp_path_factory.mktemp("oxigraph") / "server.log"
    with oxigraph_serving(free_port(), log) as base:
        push(intlgraph.load(), f"{base}/store", graph=SERVER_GRAPH)
        yield base
