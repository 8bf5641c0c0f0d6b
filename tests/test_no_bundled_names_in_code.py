"""The code names no organisation, country, agreement or region of the bundled programme:
whose programme a graph describes is read from the graph (intlgraph.programme). Docstrings
may use the bundled programme in their examples; code, comments, templates and message
catalogues may not."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "intlgraph"

#: The bundled programme's organisations, country, agreement and region, as the code might
#: name them (IRIs' local names, prefixed names, labels, acronyms).
NAMES = re.compile(
    r"fprk|ФПРК|FTURK|Kazakh|Казах|country:KAZ|country/KAZ|\"KAZ\"|'KAZ'|central-asia|"
    r"Central Asia|Центральн\w* Ази|general-agreement-2021|General Agreement 2021|"
    r"Federation of Trade Unions of the Republic|Федерация профсоюзов Республики|p2021|"
    r"nur-sultan|Astana",
    re.IGNORECASE,
)


#: Examples of the prefixed-name syntax in the workbook's help texts (intlgraph/workbook,
#: issue 13): an IRI written as an example of how to write one, not a default. Only these
#: exact examples are allowed, and only in the workbook's files.
SYNTAX_EXAMPLES = re.compile(r"\((o:fprk|country:KAZ|src:p2021-s4\.1)\)")


def _docstring_lines(source: str) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return lines


def offending(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if "workbook" in path.parts:
        text = SYNTAX_EXAMPLES.sub("(example)", text)
    if path.suffix != ".py":
        return [
            f"{path.relative_to(REPO_ROOT)}:{n}: {line.strip()}"
            for n, line in enumerate(text.splitlines(), 1)
            if NAMES.search(line)
        ]
    docs = _docstring_lines(text)
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in (tokenize.STRING, tokenize.COMMENT, tokenize.NAME):
            if token.type == tokenize.STRING and (token.start[0] in docs or ">>> " in token.string):
                continue  # a docstring, or a docstring example built from a string
            if NAMES.search(token.string):
                found.append(f"{path.relative_to(REPO_ROOT)}:{token.start[0]}: {token.string}")
    return found


def test_the_code_names_nothing_of_the_bundled_programme() -> None:
    files = [
        p
        for p in sorted(PACKAGE.rglob("*"))
        if p.is_file()
        and p.suffix in {".py", ".html", ".js", ".json", ".toml", ".css"}
        and "_bundled" not in p.parts
    ]
    assert len(files) > 50
    found = [line for path in files for line in offending(path)]
    assert found == []


def test_the_scan_finds_a_name_in_code(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        '"""Docstring: o:fprk is fine here."""\nFOCAL = "o:fprk"  # the focal one\n',
        encoding="utf-8",
    )
    text = probe.read_text(encoding="utf-8")
    assert _docstring_lines(text) == {1}
    hits = [
        t for t in tokenize.generate_tokens(io.StringIO(text).readline) if NAMES.search(t.string)
    ]
    assert [t.start[0] for t in hits] == [1, 2]  # the docstring (skipped by offending) and code
