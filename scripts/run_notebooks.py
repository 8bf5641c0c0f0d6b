"""Run the six notebooks top to bottom, as a user with ``pip install ".[notebooks]"`` would.

    python scripts/run_notebooks.py [NOTEBOOK ...]

Each notebook runs in a fresh ``python3`` kernel of *this* interpreter (a kernel spec written to
a temporary Jupyter data dir), with a temporary directory as its working directory, so it reaches
the graph only through the installed package. Needs nothing beyond the ``notebooks`` extra:
``.ci/run`` runs this script in a venv that has only that extra. Prints each notebook's time;
exits 0 when every cell of every notebook ran, 1 when one failed (the failing cell's error on
stderr), 2 when the extra is missing.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
#: Seconds one cell may take (the graph loads in a few seconds; the gap checks take longest).
CELL_TIMEOUT = 300


def main(argv: list[str]) -> int:
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError
    except ImportError as error:
        print(f"run_notebooks: {error}: pip install '.[notebooks]'", file=sys.stderr)
        return 2
    paths = [Path(a) for a in argv] or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    failed = 0
    with tempfile.TemporaryDirectory(prefix="intlgraph-notebooks-") as tmp:
        spec = Path(tmp, "jupyter", "kernels", "python3")
        spec.mkdir(parents=True)
        kernel = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (intlgraph notebooks)",
            "language": "python",
        }
        (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
        os.environ["JUPYTER_PATH"] = str(Path(tmp, "jupyter"))
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        os.environ.pop("PYTHONPATH", None)
        for path in paths:
            workdir = Path(tempfile.mkdtemp(dir=tmp))
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb,
                timeout=CELL_TIMEOUT,
                kernel_name="python3",
                resources={"metadata": {"path": str(workdir)}},
            )
            start = time.perf_counter()
            try:
                client.execute()
            except CellExecutionError as error:
                failed += 1
                print(f"{path.name}: FAILED\n{error}", file=sys.stderr)
                continue
            print(f"{path.name}: ran in {time.perf_counter() - start:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
