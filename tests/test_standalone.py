"""The checkout stands alone: no file under tests/, scripts/ or intlgraph/ names a path outside
the repository, and the raw inputs the data is checked against are in the repository.

A clone on a fresh machine has nothing beside it: the editors' own folder next to the checkout,
or any other path above the repository's root, is not there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCANNED = ("tests", "scripts", "intlgraph")

# a path literal that climbs out of its folder, or a well-known folder of the editors' machines
# (the folder names are built from pieces, so this file names no outside folder itself)
OUTSIDE = "sha" + "red"  # the editors' folder beside the checkout
WORK = "/wo" + "rk/"  # the editors' machines' root
CLIMB = re.compile(r"""["'](?:\.\./|\.\.\\)|["']\.\.["']""")
OUTSIDE_NAMES = re.compile(
    rf"""(?<![\w.])(?:{OUTSIDE}/(?:seed|reference)|{re.escape(WORK)}|/home/\w|~/)"""
)
# Path(__file__) followed by .parent chains / .parents[N]: must stay at or below the root
FILE_CHAIN = re.compile(
    r"Path\(__file__\)(?:\.resolve\(\))?(?P<chain>(?:\.parent(?!s))*)(?:\.parents\[(?P<n>\d+)\])?"
)
# a name bound to the root (REPO, ROOT, ...), then .parent or .parents: above the root
ROOT_PARENT = re.compile(r"\b(?:REPO|REPO_ROOT|ROOT|root|repo|_SOURCE_ROOT)\.parents?\b")

# lines that mention such paths on purpose (the guard's own patterns, refused-path tests)
ALLOWED = {
    ("tests", "test_standalone.py"),
}


def scanned_files() -> list[Path]:
    files = []
    for top in SCANNED:
        for path in sorted((REPO / top).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".rq", ".toml", ".cfg", ".txt", ".md"}:
                if "__pycache__" in path.parts or "_bundled" in path.parts:
                    continue
                files.append(path)
    return files


def climbs_out(path: Path, line: str) -> list[str]:
    """What on ``line`` of ``path`` names a place outside the repository."""
    found = []
    depth = len(path.relative_to(REPO).parts) - 1  # folders between the root and the file
    for match in FILE_CHAIN.finditer(line):
        levels = match.group("chain").count(".parent")
        if match.group("n") is not None:
            levels += int(match.group("n")) + 1
        if levels - 1 > depth:  # the first level up is the file's own folder
            found.append(match.group(0))
    found += [m.group(0) for m in ROOT_PARENT.finditer(line)]
    found += [m.group(0) for m in OUTSIDE_NAMES.finditer(line)]
    found += [m.group(0) for m in CLIMB.finditer(line)]
    return found


def test_no_file_names_a_path_outside_the_repository() -> None:
    offending = []
    for path in scanned_files():
        if path.relative_to(REPO).parts in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for hit in climbs_out(path, line):
                offending.append(f"{path.relative_to(REPO)}:{number}: {hit}")
    assert offending == []


@pytest.mark.parametrize(
    ("relative", "line", "expected"),
    [
        ("tests/test_x.py", f'SHARED = REPO.parent / "{OUTSIDE}"', ["REPO.parent"]),
        ("tests/test_x.py", "ROOT = Path(__file__).resolve().parent.parent.parent", ["x"]),
        ("tests/test_x.py", "ROOT = Path(__file__).resolve().parents[1]", []),
        ("tests/test_x.py", "ROOT = Path(__file__).resolve().parents[2]", ["x"]),
        ("tests/test_x.py", "ROOT = Path(__file__).parent.parents[1]", ["x"]),
        ("intlgraph/maps/x.py", "S = Path(__file__).resolve().parent.parent / 'static'", []),
        ("intlgraph/maps/x.py", "S = Path(__file__).parent.parent.parent.parent", ["x"]),
        ("tests/test_x.py", "ROOT = Path(__file__).resolve().parent.parent", []),
        # the hostile lines are built from pieces, so this file names no outside folder itself
        ("scripts/x.py", 'ref = root / "' + "../" + f'{OUTSIDE}/reference"', ["../"]),
        ("scripts/x.py", f'text = open("{OUTSIDE}/seed/program-2021.ru.md")', [f"{OUTSIDE}/seed"]),
        ("scripts/x.py", f'ref = Path("{WORK}{OUTSIDE}")', [WORK]),
        ("scripts/x.py", 'ref = Path("data/reference")', []),
    ],
)
def test_the_scan_finds_what_it_must(relative: str, line: str, expected: list[str]) -> None:
    hits = climbs_out(REPO / relative, line)
    assert bool(hits) == bool(expected), hits
    for item in expected:
        if item != "x":
            assert any(item in hit for hit in hits), hits


def test_the_raw_inputs_are_in_the_repository() -> None:
    reference = REPO / "data" / "reference"
    tables = sorted(p.name for p in reference.glob("*.csv"))
    assert tables == [
        "affiliations.csv",
        "fprk_cooperation.csv",
        "ilo_conventions.csv",
        "ilo_fundamental_ratifications_world.csv",
        "kz_ratification_laws.csv",
        "kz_ratifications.csv",
        "union_bodies.csv",
        "wikidata.csv",
    ]
    readme = (reference / "README.md").read_text(encoding="utf-8")
    for table in tables:
        assert f"| {table} |" in readme, table  # the README describes every table
    assert "data/source/program-2021.ru.md" in readme  # and says where the programme is
    source = REPO / "data" / "source"
    assert (source / "program-2021.ru.md").read_text(encoding="utf-8").count("## ") >= 7
    assert "program-2021.ru.md" in (source / "README.md").read_text(encoding="utf-8")
