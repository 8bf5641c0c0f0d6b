"""The optional extras of pyproject.toml: ``all`` is every feature, ``notebooks`` runs them.

(That ``pip install ".[notebooks]"`` alone runs the six notebooks is checked the way a user
would do it, in a fresh venv, by ``.ci/run`` with ``scripts/run_notebooks.py``.)
"""

from __future__ import annotations

import re
import tomllib

from conftest import REPO_ROOT

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXTRAS: dict[str, list[str]] = PYPROJECT["project"]["optional-dependencies"]


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower() for r in requirements}


def test_all_is_every_extra_but_the_developer_tools() -> None:
    (self_reference,) = EXTRAS["all"]
    match = re.fullmatch(r"intlgraph\[([\w,-]+)\]", self_reference)
    assert match, self_reference
    assert sorted(match.group(1).split(",")) == sorted(set(EXTRAS) - {"all", "test"})


def test_the_notebooks_extra_has_what_the_notebooks_start() -> None:
    notebooks = _names(EXTRAS["notebooks"])
    # nbclient + ipykernel run them (scripts/run_notebooks.py), nbformat reads them,
    # jupyter opens them, and notebook 05 starts the `oxigraph` server binary.
    assert {"nbclient", "ipykernel", "nbformat", "jupyter", "oxigraph"} <= notebooks
    folder = REPO_ROOT / "notebooks" / "src"
    sources = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert 'shutil.which("oxigraph"' in sources  # what notebook 05 looks for


def test_ci_runs_the_notebooks_with_that_extra_alone() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '-m pip install --quiet ".[notebooks]"' in ci
    assert '"$NB_VENV/bin/python" scripts/run_notebooks.py' in ci
