"""docs/workbook.md: its column reference is the mapping's, and its screenshot exists."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from intlgraph.workbook.mapping import load_mapping

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "workbook.md"


def _script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "render_workbook_reference", ROOT / "scripts" / "render_workbook_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_column_reference_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert _script().update(text) == text, (
        "docs/workbook.md's column reference is stale: python scripts/render_workbook_reference.py"
    )


def test_column_reference_lists_every_column() -> None:
    text = DOC.read_text(encoding="utf-8")
    for table in load_mapping().tables:
        section = text[text.index(f"### `{table.name}`") :]
        section = section[: section.index("\n### ") if "\n### " in section else None]
        assert [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")] == [
            column.name for column in table.columns
        ]


def test_screenshot_is_there() -> None:
    image = ROOT / "docs" / "img" / "workbook-ties.png"
    assert "img/workbook-ties.png" in DOC.read_text(encoding="utf-8")
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 10_000
