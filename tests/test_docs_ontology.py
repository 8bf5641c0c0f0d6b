"""docs/ontology.md stays true to the graph.

* every ```sparql block runs on ontology/*.ttl + data/*.ttl (parsed directly with rdflib, not
  through the package) and returns at least the rows the page shows under it, plus the
  specific values asserted here;
* every example triple of the page (inline ``code`` ending in " ." in the tables, and the
  ```turtle blocks after the prefix block) is in the data;
* the diagram exists and scripts/render_ontology_diagram.py regenerates it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import rdflib

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "ontology.md"
SCRIPT = REPO / "scripts" / "render_ontology_diagram.py"
IMG_DIR = REPO / "docs" / "img"

UNBOUND = "—"


@cache
def graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        if not path.name.startswith("shapes"):  # SHACL shapes: validation, not the model
            g.parse(path, format="turtle")
    for path in sorted((REPO / "data").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


@cache
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def fenced(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", doc(), flags=re.S | re.M)


def queries() -> dict[str, str]:
    """Query id (first-line comment "# Qn") -> query text."""
    out = {}
    for block in fenced("sparql"):
        m = re.match(r"#\s*(Q\d+)", block)
        assert m, f"sparql block without a '# Qn' id line:\n{block[:80]}"
        out[m.group(1)] = block
    return out


def documented_rows(qid: str) -> tuple[list[str], list[list[str]]]:
    """The markdown table that follows the query block ``qid``: header and rows."""
    text = doc()
    start = text.index(f"```sparql\n# {qid}\n")
    end = text.find("```sparql", start + 10)
    section = text[start : end if end != -1 else len(text)]
    lines = [ln for ln in section.splitlines() if ln.startswith("|")]
    assert len(lines) >= 3, f"no result table under {qid}"
    cells = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
    return cells[0], [r for r in cells[2:] if r]


def norm(value: object) -> object:
    """Compare cells as strings; multi-value (GROUP_CONCAT) cells as sets."""
    s = UNBOUND if value is None else str(value)
    for sep in ("; ", ", "):
        if sep in s:
            return frozenset(s.split(sep))
    return s


def run(qid: str) -> tuple[list[str], list[dict[str, object]]]:
    res = graph().query(queries()[qid])
    names = [str(v) for v in res.vars or []]
    rows = [{n: (None if r[i] is None else str(r[i])) for i, n in enumerate(names)} for r in res]
    return names, rows


def test_the_page_has_the_five_queries() -> None:
    assert sorted(queries()) == ["Q1", "Q2", "Q3", "Q4", "Q5"]


@pytest.mark.parametrize("qid", ["Q1", "Q2", "Q3", "Q4", "Q5"])
def test_query_returns_the_documented_rows(qid: str) -> None:
    names, rows = run(qid)
    header, documented = documented_rows(qid)
    assert header == names, f"{qid}: table columns {header} != query variables {names}"
    got = {tuple(norm(r[n]) for n in names) for r in rows}
    for row in documented:
        want = tuple(norm(None if c == UNBOUND else c) for c in row)
        assert want in got, f"{qid}: documented row {row} not returned; got {sorted(map(str, got))}"


def test_q1_memoranda_and_their_countries() -> None:
    _, rows = run("Q1")
    assert len(rows) == 12
    by_partner = {r["partner"]: r["country"] for r in rows}
    assert by_partner["Georgian Trade Unions Confederation"] == "Georgia"
    assert by_partner["Malaysian Trades Union Congress"] == "Malaysia"
    assert by_partner["Winrock International"] is None
    assert sum(1 for c in by_partner.values() if c is not None) == 10


def test_q2_latest_membership_status() -> None:
    _, rows = run("Q2")
    latest = {r["body"]: (r["status"], r["asOf"]) for r in rows}
    assert latest == {
        "GCTU": ("sought", "2021-06-02"),
        "ITUC": ("restored", "2022-11-01"),
    }
    ituc = next(r for r in rows if r["body"] == "ITUC")
    assert ituc["answers"] == "m-fprk-ituc-2021"


def test_q3_ratifications_by_2021_category() -> None:
    _, rows = run("Q3")
    got = {r["category"]: (int(r["named"]), int(r["stated"])) for r in rows}  # type: ignore[arg-type]
    assert got == {"fundamental": (8, 8), "governance": (4, 4), "technical": (9, 12)}
    technical = next(r for r in rows if r["category"] == "technical")
    assert {"C155", "C187"} <= set(str(technical["codes"]).split(", "))


def test_q4_section_4_1_measures() -> None:
    _, rows = run("Q4")
    assert len(rows) == 12
    assert sorted({int(r["item"]) for r in rows}) == list(range(1, 11))  # type: ignore[arg-type]
    aral = next(r for r in rows if r["measure"] == "aral-cross-border-cooperation")
    assert set(str(aral["with"]).split("; ")) == {
        "Federation of Trade Unions of Uzbekistan",
        "ILO Decent Work Technical Support Team and Office for Eastern Europe and Central Asia",
        "ACTRAV",
    }


def test_q5_stated_versus_named() -> None:
    _, rows = run("Q5")
    got = {r["figure"]: (r["bound"], int(r["stated"]), int(r["named"])) for r in rows}  # type: ignore[arg-type]
    assert got["memoranda-national-centres-2021"] == ("exact", 12, 10)
    assert got["branch-unions-2021"] == ("exact", 23, 3)
    assert got["trainees-planned-2021"] == ("more-than", 50, 1)
    assert got["fes-seminars-per-year"] == ("at-least", 3, 1)


def example_triples() -> list[str]:
    """Turtle statements the page gives as examples."""
    inline = re.findall(r"`([^`\n]+ \.)`", doc())
    blocks = fenced("turtle")[1:]  # the first block is the prefix list
    stmts = [ln.strip() for b in blocks for ln in b.splitlines() if ln.strip().endswith(" .")]
    return inline + stmts


def test_example_triples_are_in_the_data() -> None:
    prefixes = fenced("turtle")[0]
    examples = example_triples()
    assert len(examples) > 60
    g = graph()
    missing = []
    for stmt in examples:
        ex = rdflib.Graph().parse(data=prefixes + "\n" + stmt, format="turtle")
        assert len(ex) == 1, stmt
        if next(iter(ex)) not in g:
            missing.append(stmt)
    assert not missing, "example triples not in the data:\n" + "\n".join(missing)


def test_every_ontology_class_is_on_the_page() -> None:
    g = graph()
    ig = "https://w3id.org/intlgraph/ont#"
    classes = {
        str(c)[len(ig) :]
        for c in g.subjects(rdflib.RDF.type, rdflib.OWL.Class)
        if str(c).startswith(ig)
    }
    missing = sorted(c for c in classes if f"ig:{c}`" not in doc())
    assert not missing, f"classes not documented: {missing}"


def test_the_diagram_is_committed_and_linked() -> None:
    for name in ("ontology.png", "ontology.svg"):
        path = IMG_DIR / name
        assert path.is_file() and path.stat().st_size > 10_000, path
        assert f"img/{name}" in doc()
    assert (IMG_DIR / "ontology.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_script_regenerates_the_diagram(tmp_path: Path) -> None:
    png, svg = tmp_path / "onto.png", tmp_path / "onto.svg"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "-o", str(png), "-o", str(svg)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr, proc.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    for label in (
        "Membership",
        "MemorandumOfUnderstanding",
        "CategoryAssignment",
        "StatedFigure",
        "org:Organization",
        "ig:party",
        "countsTie",
    ):
        assert label.replace("ig:", "") in text, label
