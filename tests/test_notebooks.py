"""The researchers' notebooks (``notebooks/*.ipynb``) run top to bottom with a real kernel.

Each notebook is executed by nbclient in a fresh ``python3`` ipykernel (this interpreter, via
a kernel spec written for the test), with a temporary directory as its working directory, so
that it can reach the graph only through the installed package. Any error in any cell fails
the test; each notebook's run time is printed (not asserted: timings belong in benchmarks/).
The notebooks are stored without outputs and are exactly what ``notebooks/build.py`` builds
from their Markdown sources in ``notebooks/src/``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO_ROOT

NOTEBOOK_DIR = REPO_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = [
    "01-getting-started",
    "02-sparql-questions",
    "03-gap-analysis",
    "04-cooperation-network",
    "05-your-own-triple-store",
    "06-monitoring-the-programme",
]
#: Notebooks that start a server process (stopped by the notebook, or by its atexit hook).
STARTS_A_SERVER = {"05-your-own-triple-store"}
#: Seconds one cell may take (the graph loads in a few seconds; the gap checks take longest).
CELL_TIMEOUT = 300


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("notebook_build", NOTEBOOK_DIR / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_notebook_is_there() -> None:
    assert [nb.stem for nb in NOTEBOOKS] == EXPECTED


def test_notebooks_are_stored_without_outputs() -> None:
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
        assert code, path.name
        for cell in code:
            where = f"{path.name} cell {cell.get('id')}"
            assert cell["outputs"] == [], f"{where} has outputs: strip them"
            assert cell["execution_count"] is None, f"{where} has an execution count"
            assert cell["metadata"] == {}, f"{where} has metadata {cell['metadata']}"


def test_notebooks_are_built_from_their_sources() -> None:
    build = _builder()
    targets = build.targets()
    assert sorted(target.stem for target in targets.values()) == EXPECTED
    for source, target in targets.items():
        assert target.read_text(encoding="utf-8") == build.render(source), (
            f"{target.name} differs from {source.name}: run python notebooks/build.py"
        )


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data dir whose ``python3`` kernel is this interpreter (first on JUPYTER_PATH)."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    kernel = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (intlgraph tests)",
        "language": "python",
    }
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    return root


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_notebook_runs(
    path: Path,
    kernel_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError as error:  # a failure, not a skip: CI installs the extra
        pytest.fail(f"{error}: pip install '.[notebooks]'")

    monkeypatch.setenv("JUPYTER_PATH", str(kernel_path))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
        # a kernel that ran its notebook is killed, not waited for (about a second each), but
        # one that started a server keeps its graceful exit: its atexit hook stops the server
        shutdown_kernel="graceful" if path.stem in STARTS_A_SERVER else "immediate",
    )
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{path.name}: {error}")
    seconds = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n{path.name}: ran in {seconds:.1f} s", end="")
    errors = [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
