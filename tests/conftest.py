"""Shared test helpers: fixture paths, a small graph, running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
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


def run_cli(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m intlgraph ARGS`` in a subprocess; capture text output."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "intlgraph", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


@pytest.fixture
def cli() -> RunCli:
    return run_cli


def has_bundled_ontology() -> bool:
    from intlgraph import paths

    return bool(paths.ontology_files())


def has_bundled_shapes() -> bool:
    from intlgraph import paths

    return paths.shapes_file().is_file()
