"""``intlgraph report``'s bad options fail fast — before the graph is loaded — with one line on
stderr and exit 2, and leave nothing behind; a failure while writing leaves nothing either;
``--force`` replaces an earlier report, never a folder holding other files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import run_cli

import intlgraph
from intlgraph.exc import IntlgraphError, OutputFileError
from intlgraph.report import FILES, check_options, write_report


def _refused(tmp_path: Path, *args: str) -> str:
    before = sorted(p.name for p in tmp_path.rglob("*"))
    started = time.perf_counter()
    result = run_cli("report", *args, cwd=tmp_path)
    elapsed = time.perf_counter() - started
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("intlgraph: error: "), result.stderr
    assert "Traceback" not in result.stderr
    assert "loading" not in result.stderr  # refused before the graph was loaded
    assert elapsed < 30  # (loading and validating the graph takes far longer)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing left behind
    return lines[0]


def test_bad_date_fails_before_loading(tmp_path: Path) -> None:
    line = _refused(tmp_path, "--as-of", "2021-13-01", "-o", "out")
    assert "--as-of '2021-13-01'" in line and "YYYY-MM-DD" in line
    assert not (tmp_path / "out").exists()


def test_a_file_as_output(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("mine", encoding="utf-8")
    line = _refused(tmp_path, "-o", "report.html")
    assert "report.html: cannot write (a file is there, not a folder)" in line
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "mine"


def test_a_folder_with_other_files_is_never_touched(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    for force in ([], ["--force"]):
        line = _refused(tmp_path, "-o", "out", *force)
        assert "not a report's: notes.txt" in line
    assert (tmp_path / "out" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_earlier_report_needs_force(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    for name in FILES:
        (tmp_path / "out" / name).write_text("old", encoding="utf-8")
    line = _refused(tmp_path, "-o", "out")
    assert "a report is already there; --force replaces it" in line
    check_options(tmp_path / "out", overwrite=True)  # with --force: accepted


def test_missing_parent_folder(tmp_path: Path) -> None:
    line = _refused(tmp_path, "-o", "no/such/folder")
    assert "no/such/folder: cannot write (no folder no/such)" in line


def test_empty_folder_and_new_folder_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    check_options(tmp_path / "empty")
    check_options(tmp_path / "new", as_of="2021-06-02")
    with pytest.raises(IntlgraphError):
        check_options(tmp_path / "new", as_of="June 2021")


@pytest.fixture(scope="module")
def kg() -> intlgraph.KnowledgeGraph:
    return intlgraph.load(engine="oxigraph")


def test_a_failed_write_leaves_nothing(
    kg: intlgraph.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intlgraph import report

    def broken(*_: object, **__: object) -> str:
        raise OutputFileError(tmp_path / "out" / "report.md", "No space left on device")

    monkeypatch.setattr(report, "_markdown", broken)
    monkeypatch.setattr(report, "_svg_uri", lambda fig: "data:image/svg+xml;base64,")
    with pytest.raises(OutputFileError, match="No space left"):
        write_report(kg, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []  # no folder, no temporary folder


def test_force_replaces_an_earlier_report_whole(
    kg: intlgraph.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intlgraph import report

    monkeypatch.setattr(report, "_svg_uri", lambda fig: "data:image/svg+xml;base64,")
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.md").write_text("old", encoding="utf-8")
    with pytest.raises(OutputFileError, match="--force replaces it"):
        write_report(kg, out)
    written = write_report(kg, out, overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    assert (out / "report.md").read_text(encoding="utf-8").startswith("# ")
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left
    assert written.html == out / "report.html"
