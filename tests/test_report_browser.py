"""The report as a researcher sees it: the English and the Russian report of the bundled graph
in headless Chromium (network off) at 1400 px width, screenshot, and checked —

- the map's node labels, as drawn (positions and label boxes read from the page), overlap no
  other label or node, none lies under the legend or outside the drawing, and they are drawn
  at a legible size at the default zoom;
- the counts agree: the summary cards, the definitions, the ties-by-kind total, the map's
  caption and the map's own counter all give the organisations, ties and lines of the graph;
- the text a reader sees (closed folds aside) holds no raw class name, no prefixed name and
  no IRI, and the Russian report no English word (outside file and site names).

Set ``INTLGRAPH_SCREENSHOTS=DIR`` to keep the screenshots (docs/img/ holds the committed
ones).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from browser import available, open_page

import intlgraph
from intlgraph.maps.counts import Counts, counts
from intlgraph.report import write_report

pytestmark = pytest.mark.skipif(
    not available(), reason="needs chromium and chromium-driver (.ci/run installs them)"
)

MAP_DRAWN = (
    "const f = document.querySelector('iframe#map');"
    "return !!(f && f.contentWindow && f.contentWindow.intlgraphMap"
    " && f.contentWindow.intlgraphMap.drawn === true)"
)
READ = """
const frame = document.querySelector('iframe#map');
const win = frame.contentWindow, doc = frame.contentDocument, m = win.intlgraphMap;
function rect(e) { const r = e.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }
const cards = {};
document.querySelectorAll('[data-count]').forEach(e => { cards[e.dataset.count] = e.textContent; });
return {
  text: document.body.innerText,
  cards: cards,
  definitions: document.getElementById('definitions').textContent,
  caption: document.getElementById('map-caption').textContent,
  tiesTotal: document.getElementById('ties-total').textContent,
  mapCount: doc.getElementById('ig-count').textContent,
  shown: m.shown,
  boxes: m.boxes(),
  legend: rect(doc.getElementById('ig-legend')),
  drawing: rect(doc.getElementById('ig-network')),
  frameHeight: frame.getBoundingClientRect().height,
  pageHeight: doc.documentElement.scrollHeight
};
"""


def _meet(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Counts]]:
    from intlgraph import network

    kg = intlgraph.load(engine="oxigraph")
    out = {}
    for lang in ("en", "ru"):
        folder = tmp_path_factory.mktemp(f"report-{lang}") / "report"
        written = write_report(kg, folder, lang=lang)
        out[lang] = (written.html, counts(network.project(kg, lang=lang)))
    return out


@pytest.fixture(scope="module")
def class_names() -> set[str]:
    """The ontology's class names that no reader would write (CamelCase local names)."""
    import rdflib
    from rdflib.namespace import OWL, RDF

    from intlgraph import paths

    graph = rdflib.Graph()
    for path in paths.ontology_files():
        graph.parse(path, format="turtle")
    names = {str(c).rsplit("#", 1)[-1] for c in graph.subjects(RDF.type, OWL.Class)}
    return {n for n in names if re.search(r"[a-z][A-Z]", n)}


def _keep(shot: Path) -> None:
    folder = os.environ.get("INTLGRAPH_SCREENSHOTS")
    if folder:
        shutil.copy(shot, Path(folder) / shot.name)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_report_reads_well_at_1400px(
    reports: dict[str, tuple[Path, Counts]], class_names: set[str], lang: str, tmp_path: Path
) -> None:
    page, expected = reports[lang]
    shot = tmp_path / f"report-after-{lang}-top.png"
    map_shot = tmp_path / f"report-after-{lang}-map.png"
    result = open_page(page, screenshot=shot, ready=MAP_DRAWN, read=READ, size=(1400, 900))
    assert result.page_errors == [] and result.console_errors == []
    assert result.outgoing_requests == 0
    values: dict[str, Any] = result.values
    _keep(shot)
    open_page(
        page,
        screenshot=map_shot,
        ready=MAP_DRAWN,
        actions="document.getElementById('map').scrollIntoView()",
        read="return {}",
        size=(1400, 900),
    )
    _keep(map_shot)

    # --- the map's labels, as drawn
    boxes = values["boxes"]
    assert len(boxes) == expected.organisations
    clashes = [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if _meet(a["label"], b["label"])
        or _meet(a["label"], b["node"])
        or _meet(b["label"], a["node"])
    ]
    assert clashes == []
    legend, drawing = values["legend"], values["drawing"]
    assert [b["text"] for b in boxes if _meet(b["label"], legend) or _meet(b["node"], legend)] == []
    outside = [
        b["text"]
        for b in boxes
        if b["label"]["left"] < drawing["left"]
        or b["label"]["right"] > drawing["right"]
        or b["label"]["bottom"] > drawing["bottom"]
        or b["node"]["top"] < drawing["top"]
    ]
    assert outside == []
    assert min(b["font"] for b in boxes) >= 11  # legible at the default zoom
    assert "…" not in "".join(b["text"] for b in boxes)  # names wrapped, never cut
    assert values["frameHeight"] >= values["pageHeight"] - 2  # the whole map in its frame

    # --- one set of counts, everywhere
    number = {
        "organisations": expected.organisations,
        "ties": expected.ties,
        "lines": expected.lines,
        "isolated": expected.isolated,
        "linked": expected.linked,
    }
    assert expected.isolated > 0 and expected.ties != expected.lines  # the test can fail
    assert values["cards"] == {
        "organisations": str(expected.organisations),
        "ties": str(expected.ties),
    }
    assert values["tiesTotal"] == str(expected.ties)
    assert values["shown"] == {
        "organisations": expected.organisations,
        "ties": expected.ties,
        "lines": expected.lines,
    }
    for text in (values["definitions"], values["caption"]):
        found = [int(n) for n in re.findall(r"\d+", text)]
        for name in ("organisations", "ties", "lines", "isolated"):
            assert number[name] in found, (name, text)
    assert [int(n) for n in re.findall(r"\d+", values["mapCount"])] == [
        expected.organisations,
        expected.ties,
        expected.lines,
    ]

    # --- no machine words in what a reader sees
    text = values["text"]
    assert re.findall(r"https?://\S+", text) == []
    assert re.findall(r"\b(?:ig|status|rdf|rdfs|owl|bound|o|src):[A-Za-z]\w*", text) == []
    assert sorted(n for n in class_names if re.search(rf"\b{n}\b", text)) == []
    assert not re.search(r"\b0\.0\b", text)  # measures are printed alike (0.000)
    if lang == "ru":
        tokens = [t for t in text.split() if "." not in t and "_" not in t]
        english = sorted({w for t in tokens for w in re.findall(r"\b[a-z]{3,}\b", t)})
        assert english == []
        assert "Связи по видам" in text and "соглашение" in text
