"""Build the notebooks (``notebooks/*.ipynb``) from their Markdown sources (``notebooks/src/``).

A source is plain Markdown: every fenced block whose info string is exactly ``python`` becomes
a code cell, the text between them a Markdown cell (other fences, such as ``sparql`` or ``sh``,
stay in the Markdown). The notebooks are written without outputs and with fixed cell ids, so a
rebuild of unchanged sources changes nothing and diffs stay readable.

    python notebooks/build.py          # write notebooks/*.ipynb
    python notebooks/build.py --check  # exit 1 if a notebook is not what its source builds
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "src"

_FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$\n?", re.MULTILINE | re.DOTALL)

METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def cells(text: str) -> list[tuple[str, str]]:
    """The ``(kind, source)`` cells of a Markdown source, in order.

    >>> cells("# Title\\n\\n```python\\nx = 1\\n```\\nText\\n")
    [('markdown', '# Title'), ('code', 'x = 1'), ('markdown', 'Text')]
    """
    found: list[tuple[str, str]] = []
    position = 0
    for match in _FENCE.finditer(text):
        prose = text[position : match.start()].strip("\n")
        if prose.strip():
            found.append(("markdown", prose.rstrip()))
        found.append(("code", match.group(1).rstrip("\n")))
        position = match.end()
    prose = text[position:].strip("\n")
    if prose.strip():
        found.append(("markdown", prose.rstrip()))
    return found


def build(source: Path) -> NotebookNode:
    """The notebook that ``source`` describes: no outputs, ids ``<stem>-<n>``."""
    nb = nbformat.v4.new_notebook(metadata=METADATA)
    for number, (kind, text) in enumerate(cells(source.read_text(encoding="utf-8")), start=1):
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(text, id=f"{source.stem[:2]}-{number:02d}"))
    nbformat.validate(nb)
    return nb


def render(source: Path) -> str:
    """The ``.ipynb`` text built from ``source``."""
    return nbformat.writes(build(source)) + "\n"


def targets() -> dict[Path, Path]:
    """Each source and the notebook it builds."""
    return {src: HERE / f"{src.stem}.ipynb" for src in sorted(SOURCES.glob("*.md"))}


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for source, target in targets().items():
        text = render(source)
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        if check:
            stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(HERE.parent)}")
    if stale:
        print(f"out of date (run python notebooks/build.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
