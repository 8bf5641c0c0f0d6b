"""Shared test helpers: fixture paths, a small graph, running the CLI."""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# The CLI keeps a parsed copy of the bundled graph in the user's cache (intlgraph.paths.cache_dir):
# the tests keep theirs in a folder of their own, removed at the end.
_CACHE = tempfile.mkdtemp(prefix="intlgraph-test-cache-")
os.environ["INTLGRAPH_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

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

#: Markers by test module (the hook below applies them; pyproject.toml declares them).
MODULE_MARKERS: dict[str, tuple[str, ...]] = {
    "test_map_browser": ("browser",),
    "test_report_browser": ("browser", "slow"),
    "test_report": ("browser",),
    "test_notebooks": ("slow",),
    "test_packaging": ("slow",),
    "test_security_property": ("slow",),
    "test_docs_adding_data": ("slow",),
    "test_example_programme": ("slow",),
    "test_clients": ("server",),
    "test_parity": ("server",),
    "test_protocol": ("server",),
    "test_readme": ("server",),
    "test_remote": ("server",),
    "test_security": ("server",),
    "test_serve": ("server",),
}


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than cores. A good part of the suite waits on servers,
    notebook kernels and browsers it starts; the extra worker runs tests meanwhile."""
    return (os.cpu_count() or 1) + 1


#: The longest test files, longest first (measured: ``pytest --durations=0``). pytest-xdist
#: hands whole files to its workers in collection order, so the long ones go first and the
#: short ones fill the gaps at the end instead of one worker finishing a long file alone. A
#: stale list costs only time; files not named keep their order after these.
LONGEST_FIRST = (
    "test_doctests",
    "test_parity",
    "test_notebooks",
    "test_readme",
    "test_export_graph",
    "test_map_browser",
    "test_cli_fast",
    "test_gaps",
    "test_workbook",
    "test_security",
    "test_validate",
    "test_network",
    "test_security_property",
    "test_report_browser",
    "test_serve",
    "test_world_ratifications",
    "test_remote",
    "test_example_programme",
    "test_cache",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its module (:data:`MODULE_MARKERS`); put the longest files first
    (:data:`LONGEST_FIRST`), each file's tests in their own order."""
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}

    def module_of(item: pytest.Item) -> str:
        module = item.module.__name__ if isinstance(item, pytest.Function) else ""
        return module.rpartition(".")[2]

    for item in items:
        for name in MODULE_MARKERS.get(module_of(item), ()):
            item.add_marker(name)
    items.sort(key=lambda item: rank.get(module_of(item), len(rank)))


RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


# --- the bundled graph, loaded once per test session and engine ---------------------------
#
# Tests share these read-only: a test that adds files or changes a graph loads its own.


@pytest.fixture(scope="session")
def bundled_kg():  # type: ignore[no-untyped-def]
    """The bundled graph on the memory engine (shared: do not change it)."""
    import intlgraph

    return intlgraph.load()


@pytest.fixture(scope="session")
def bundled_oxigraph():  # type: ignore[no-untyped-def]
    """The bundled graph on the embedded Oxigraph engine (shared: do not change it)."""
    import intlgraph

    return intlgraph.load(engine="oxigraph")


@pytest.fixture(scope="session")
def bundled_engines(bundled_kg, bundled_oxigraph):  # type: ignore[no-untyped-def]
    """``{"memory": ..., "oxigraph": ...}``: the bundled graph on both local engines."""
    return {"memory": bundled_kg, "oxigraph": bundled_oxigraph}


@pytest.fixture(scope="session")
def bundled_network(bundled_kg):  # type: ignore[no-untyped-def]
    """The bundled graph's cooperation network (shared: copy it before changing it)."""
    from intlgraph import network

    return network.project(bundled_kg)


@pytest.fixture
def fixture_kg():  # type: ignore[no-untyped-def]
    """The fixture ontology + data, without the bundled files."""
    import intlgraph

    return intlgraph.load(extra=[FIXTURE_ONTOLOGY, FIXTURE_DATA], include_bundled=False)


def run_cli(
    *args: str, cwd: Path = REPO_ROOT, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command line ``intlgraph ARGS`` in this process through :func:`intlgraph.cli.main`
    (in ``cwd``, ``stdin`` as its input) and capture its text output, as a subprocess would.

    Running in-process saves an interpreter start and the imports per call; the handful of
    behaviours only a real process shows (``python -m intlgraph``, tracebacks, broken pipes,
    encodings) are checked with :func:`run_cli_subprocess`.
    """
    from intlgraph.cli import main

    out = _Capture()
    err = _Capture()
    given = _Capture(stdin or "")
    argv = list(args)
    with (
        contextlib.chdir(cwd),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _replaced_stdin(given),
    ):
        try:
            code: int = main(argv)
        except SystemExit as stop:  # argparse: --help, --version and usage errors
            code = _exit_code(stop.code)
    return subprocess.CompletedProcess(["intlgraph", *argv], code, out.text(), err.text())


class _Capture(io.TextIOWrapper):
    """A text stream with a binary ``buffer`` underneath, like ``sys.stdout``."""

    def __init__(self, initial: str = "") -> None:
        super().__init__(io.BytesIO(initial.encode("utf-8")), encoding="utf-8", newline=None)

    def text(self) -> str:
        self.flush()
        raw = self.buffer
        assert isinstance(raw, io.BytesIO)
        return raw.getvalue().decode("utf-8").replace("\r\n", "\n")

    def close(self) -> None:  # a command closing its stdout must not lose what it wrote
        self.flush()


@contextlib.contextmanager
def _replaced_stdin(stream: io.TextIOBase) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = stream  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdin = saved


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run_cli_subprocess(
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
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory, bundled_kg):  # type: ignore[no-untyped-def]
    """An in-memory ``oxigraph serve`` on 127.0.0.1 holding the bundled graph; its base URL.

    The query endpoint is ``BASE/query``, the Graph Store endpoint ``BASE/store``, the update
    endpoint ``BASE/update``. The bundled graph is pushed (``intlgraph.push``) into the named
    graph :data:`SERVER_GRAPH`; tests that write more must remove it again.
    """
    from intlgraph.push import push

    log = tmp_path_factory.mktemp("oxigraph") / "server.log"
    with oxigraph_serving(free_port(), log) as base:
        push(bundled_kg, f"{base}/store", graph=SERVER_GRAPH)
        yield base
