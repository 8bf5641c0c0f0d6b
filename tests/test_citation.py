"""CITATION.cff and LICENSE-DATA.md: the version is the package's, the files they name exist,
and the data statement covers every data file of the repository."""

from __future__ import annotations

import re

from conftest import REPO_ROOT

import intlgraph

CITATION = (REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8")
LICENSE_DATA = (REPO_ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")


def test_citation_names_this_version_and_existing_files() -> None:
    assert re.search(r"^cff-version: 1\.2\.0$", CITATION, re.M)
    assert re.search(rf'^version: "{re.escape(intlgraph.__version__)}"$', CITATION, re.M)
    assert re.search(r"^license: MIT$", CITATION, re.M)  # the code's, as pyproject.toml says
    assert 'license = { text = "MIT" }' in (REPO_ROOT / "pyproject.toml").read_text("utf-8")
    for name in ("LICENSE-DATA.md", "data/source/program-2021.ru.md"):
        assert name in CITATION and (REPO_ROOT / name).is_file()


def test_the_data_statement_covers_every_data_file() -> None:
    files = [
        p.relative_to(REPO_ROOT).as_posix()
        for folder in ("data", "ontology")
        for p in sorted((REPO_ROOT / folder).rglob("*"))
        if p.is_file() and p.relative_to(REPO_ROOT).as_posix() != "data/source/README.md"
    ]
    assert "data/reference/ilo_conventions.csv" in files
    missing = [f for f in files if f"`{f}`" not in LICENSE_DATA]
    assert missing == []
    # the ontology's licence is the one the ontology file declares
    assert "<https://creativecommons.org/licenses/by/4.0/>" in (
        REPO_ROOT / "ontology" / "intlgraph.ttl"
    ).read_text(encoding="utf-8")
    assert "CC BY 4.0" in LICENSE_DATA
