"""``intlgraph report``: the main job writes a self-contained, offline, escaped HTML report.

The report is written once (module fixture) by the command line, with a user file whose
labels hold HTML; it is then read as text and rendered in headless Chromium with the network
off (tests/browser.py).
"""

from __future__ import annotations

import html
import json
import os
import re
import stat
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from intlgraph.report import FILES, WORDS

HTML_LABELS = FIXTURES / "gaps_html_labels.ttl"
MAP_DRAWN = (
    "const f = document.querySelector('iframe#map');"
    "return !!(f && f.contentWindow && f.contentWindow.intlgraphMap"
    " && f.contentWindow.intlgraphMap.drawn === true)"
)
READ = (
    "const m = document.querySelector('iframe#map').contentWindow.intlgraphMap;"
    "return {findings: document.querySelectorAll('.finding').length,"
    " mapNodes: m.nodes, mapDrawnNodes: m.drawnNodes,"
    " text: document.body.innerText,"
    " summary: !!document.getElementById('summary'),"
    " images: Array.from(document.images).map(i => i.naturalWidth > 0)}"
)
# a resource the page would fetch: src/href/action/poster/url()/@import pointing off the page
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    out = tmp_path_factory.mktemp("report")
    result = run_cli("report", "-o", str(out), "--data", str(HTML_LABELS))
    assert result.returncode == 0, result.stderr
    return out, result.stdout, result.stderr


def test_files_written_and_path_printed(written: tuple[Path, str, str]) -> None:
    out, stdout, stderr = written
    assert stdout.strip() == str(out / "report.html")
    for name in FILES:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    # the folder gets the mode mkdir would give it (not the temporary folder's private 0700)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~mask
    # long steps show progress on stderr
    for step in ("validating", "gap check 1/", "gap check 10/", "cooperation map", "writing"):
        assert step in stderr, step


def test_outputs_agree(written: tuple[Path, str, str]) -> None:
    out, _, _ = written
    records = json.loads((out / "gaps.json").read_text(encoding="utf-8"))
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('<div class="finding ') == len(records)
    csv_lines = (out / "findings.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("gap,severity,title,subject,")
    assert len(csv_lines) - 1 >= len(records)  # titles may not wrap; CSV quotes them
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert markdown.count("\n- **") == len(records)
    gaps = [r["gap"] for r in records]
    assert gaps.count("conventions-not-ratified") == 20
    assert gaps.count("region-uncovered") == 1
    # the user file's planned visit is on the monitoring list, named as text
    assert any("alert(4)" in r["title"]["en"] for r in records)


def test_self_contained_no_external_url(written: tuple[Path, str, str]) -> None:
    out, _, _ = written
    page = (out / "report.html").read_text(encoding="utf-8")
    frames = re.findall(r'<iframe[^>]*srcdoc="([^"]*)"', page)
    assert len(frames) == 1  # the map, embedded
    inner = html.unescape(frames[0])
    # links to the sources are navigation, not resources the page loads
    links = re.findall(r'<a href="(https?://[^"]*)" rel="noopener noreferrer"', page)
    assert any(url.startswith("https://kasipodaq.kz/") for url in links)
    page = re.sub(r'<a href="https?://[^"]*" rel="noopener noreferrer"', "<a", page)
    for text in (page, inner):
        assert not EXTERNAL.search(text), EXTERNAL.search(text)
        assert "<link" not in text.lower()
    assert "<script src" not in page and "<script src" not in inner
    assert page.count('src="data:image/svg+xml;base64,') >= 2  # the plots, inline
    assert ">kasipodaq.kz</a>" in page  # a source link, named by its site


def test_html_in_labels_stays_text(written: tuple[Path, str, str]) -> None:
    out, _, _ = written
    page = (out / "report.html").read_text(encoding="utf-8")
    outside_map = re.sub(r'srcdoc="[^"]*"', "", page)
    assert "<img src=x" not in outside_map and "<script>alert" not in outside_map
    assert "&lt;img src=x onerror=alert(4)&gt;" in outside_map
    inner = html.unescape(re.findall(r'srcdoc="([^"]*)"', page)[0])
    assert "<img src=x" not in inner and "<script>alert" not in inner
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "\\<img src=x onerror=alert(4)\\>" in markdown  # a Markdown escape: shown as text
    assert not re.search(r"(?<!\\)<img", markdown)


def test_renders_offline_without_errors(written: tuple[Path, str, str], tmp_path: Path) -> None:
    import browser

    assert browser.available(), "Chromium and chromedriver are needed (.ci/run installs them)"
    out, _, _ = written
    shot = tmp_path / "report.png"
    result = browser.open_page(out / "report.html", screenshot=shot, ready=MAP_DRAWN, read=READ)
    assert result.console_errors == [] and result.page_errors == []
    assert result.dialogs == []  # no alert() from a label ran
    assert result.outgoing_requests == 0
    values = result.values
    records = json.loads((out / "gaps.json").read_text(encoding="utf-8"))
    assert values["summary"] and values["findings"] == len(records)
    assert values["mapNodes"] > 50 and values["mapDrawnNodes"] == values["mapNodes"]
    assert values["images"] and all(values["images"])
    assert "<img src=x onerror=alert(4)>" in values["text"]  # shown as text
    assert "Turkmenistan: no national centre named" in values["text"]
    assert shot.is_file() and shot.stat().st_size > 20_000


def test_both_languages_have_every_word() -> None:
    assert set(WORDS["en"]) == set(WORDS["ru"])


def test_report_of_a_graph_without_kazakhstan(tmp_path: Path) -> None:
    """A user's own graph (no bundled data, no Kazakhstan): the peer comparison has nothing to
    compare, the rest of the report is written."""
    result = run_cli(
        "report",
        "-q",
        "-o",
        str(tmp_path),
        "--no-bundled",
        "--data",
        str(FIXTURES / "ontology.ttl"),
        "--data",
        str(FIXTURES / "data.ttl"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warning either
    findings = json.loads((tmp_path / "gaps.json").read_text(encoding="utf-8"))
    assert not [f for f in findings if f["gap"] == "peer-ratifications"]
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Ratification matrix" not in page
