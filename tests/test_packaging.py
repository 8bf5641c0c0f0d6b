"""The wheel and sdist carry ontology/, data/ and queries/; an installed wheel finds them.

Builds the distributions, installs the wheel into a fresh venv that sees the already
installed dependencies (through a .pth file) but not the source tree, and runs it from
another folder with ``python -I`` so the checkout cannot be imported by accident.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT

BUNDLED_DIRS = ("ontology", "data", "queries")
DEPENDENCIES = ("rdflib", "pyoxigraph", "pyshacl", "networkx", "pyvis", "SPARQLWrapper", "pandas")

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("build") is None or importlib.util.find_spec("hatchling") is None,
    reason="needs the 'build' and 'hatchling' packages (pip install '.[test]')",
)


def _repo_files() -> set[str]:
    return {
        p.relative_to(REPO_ROOT).as_posix()
        for folder in BUNDLED_DIRS
        for p in (REPO_ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdist, then a wheel built from that sdist (as ``python -m build`` does)."""
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, REPO_ROOT, cwd=out)
    return out


def test_wheel_carries_the_graph_files(dist: Path) -> None:
    (wheel,) = dist.glob("intlgraph-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    bundled = {n.removeprefix("intlgraph/_bundled/") for n in names if "/_bundled/" in n}
    assert bundled == _repo_files()
    assert "intlgraph/queries/stats/by_class.rq" not in names
    assert "intlgraph/_bundled/queries/stats/by_class.rq" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_sdist_carries_the_graph_files(dist: Path) -> None:
    (sdist,) = dist.glob("intlgraph-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    assert _repo_files() <= names
    assert {"pyproject.toml", "README.md", "intlgraph/kg.py"} <= names


def test_installed_wheel_uses_its_bundled_files(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("intlgraph-*.whl")
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    site_packages = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).stdout.strip()
    )
    _run(
        sys.executable, "-m", "pip", "--python", python,
        "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=tmp_path,
    )  # fmt: skip
    # Only now let the new venv see the dependencies installed here (pip would otherwise
    # find an intlgraph installed next to them and skip the wheel). The venv's own
    # site-packages comes first on sys.path, so its intlgraph wins over any other.
    dependency_dirs = set()
    for name in DEPENDENCIES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        dependency_dirs.add(str(Path(spec.origin).resolve().parents[1]))
    assert str(REPO_ROOT) not in dependency_dirs
    (site_packages / "_intlgraph_test_deps.pth").write_text(
        "\n".join(sorted(dependency_dirs)) + "\n", encoding="utf-8"
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import json, sys, intlgraph\n"
        "from intlgraph import paths\n"
        "kg = intlgraph.load()\n"
        "print(json.dumps({'module': intlgraph.__file__, 'bundled': paths.is_bundled(),\n"
        "  'root': str(paths.bundle_root()),\n"
        "  'files': [str(p) for p in paths.ontology_files() + paths.data_files()],\n"
        "  'queries': str(paths.queries_dir()), 'triples': len(kg), 'path': sys.path}))\n"
    )
    info = json.loads(_run(python, "-I", "-c", probe, cwd=elsewhere).stdout)

    installed = (site_packages / "intlgraph").resolve()
    assert Path(info["module"]).resolve().parent == installed
    assert info["bundled"] is True
    assert Path(info["root"]).resolve() == installed / "_bundled"
    assert Path(info["queries"]).resolve() == installed / "_bundled" / "queries"
    expected = sorted(f for f in _repo_files() if f.endswith(".ttl") and "/" in f)
    expected = [
        f for f in expected
        if f.count("/") == 1 and f.split("/")[0] in ("ontology", "data")
        and f != "ontology/shapes.ttl"
    ]  # fmt: skip
    found = sorted(Path(f).resolve().relative_to(installed / "_bundled").as_posix()
                   for f in info["files"])  # fmt: skip
    assert found == expected
    assert not any(p and Path(p).resolve() == REPO_ROOT for p in info["path"])
    if expected:
        assert info["triples"] > 0

    script = venv / "bin" / "intlgraph"
    version = _run(script, "--version", cwd=elsewhere)
    assert version.stdout.startswith("intlgraph 0.1.0")
    stats = _run(script, "stats", "--quiet", "--format", "json", cwd=elsewhere)
    assert set(json.loads(stats.stdout)) == {"by_class", "by_source", "by_status"}
