"""docs/reference/ontology.html: the generated HTML reference of the ontology.

* it is up to date: the sha256 of ontology/{intlgraph,vocabularies,shapes}.ttl embedded in the
  page match the files, and scripts/render_ontology_reference.py regenerates it byte for byte
  (whatever the hash seed);
* every class and property of ontology/intlgraph.ttl has its section with its IRI, its en and
  ru labels and its comment; every SKOS concept scheme (with its concepts) and every SHACL
  node shape has its section;
* it works offline: no script, stylesheet, image, font or frame is loaded, and the only links
  leaving the page are <a href> links to the reused W3C / DCMI namespaces;
* it is well-formed HTML (html.parser: tags balanced, ids unique, every #anchor resolves) and
  every text is escaped (a label with <script> and & renders as text).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections import defaultdict
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, Literal, Namespace, URIRef
from rdflib.namespace import SH

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs" / "reference" / "ontology.html"
SCRIPT = REPO / "scripts" / "render_ontology_reference.py"
ONTOLOGY = REPO / "ontology" / "intlgraph.ttl"
VOCABULARIES = REPO / "ontology" / "vocabularies.ttl"
SHAPES = REPO / "ontology" / "shapes.ttl"
REGENERATE = (
    "regenerate it with `python scripts/render_ontology_reference.py` "
    "and commit docs/reference/ontology.html"
)

#: The only places a link may leave the page: documentation of the reused vocabularies.
ALLOWED_EXTERNAL = (
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2001/XMLSchema#",
    "http://www.w3.org/ns/shacl#",
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


@cache
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_ontology_reference", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@cache
def page() -> str:
    assert PAGE.exists(), f"{PAGE.relative_to(REPO)} is missing: {REGENERATE}"
    return PAGE.read_text(encoding="utf-8")


class PageParser(HTMLParser):
    """Checks nesting and collects ids, links, resources and the text of each [data-iri]."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, data-iri)
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = defaultdict(list)
        self.labels: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self._label: tuple[str, str, list[str]] | None = None
        self.style = ""
        self._in_style = False

    def current_iri(self) -> str | None:
        return next((iri for _, iri in reversed(self.stack) if iri), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag in VOID:
            return
        self.stack.append((tag, a.get("data-iri")))
        if tag == "style":
            self._in_style = True
        iri = self.current_iri()
        if "label" in (a.get("class") or "").split() and a.get("lang") and iri:
            self._label = (iri, str(a["lang"]), [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.errors.append(f"self-closing non-void <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"end tag for void element </{tag}>")
            return
        if not self.stack or self.stack[-1][0] != tag:
            open_tag = self.stack[-1][0] if self.stack else None
            self.errors.append(f"</{tag}> closes <{open_tag}> (line {self.getpos()[0]})")
            return
        self.stack.pop()
        if tag == "style":
            self._in_style = False
        if self._label is not None and tag == "td":
            iri, lang, parts = self._label
            self.labels[iri].add((lang, "".join(parts)))
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        for _, iri in self.stack:
            if iri:
                self.text[iri].append(data)
        if self._label is not None:
            self._label[2].append(data)

    def section_text(self, iri: str) -> str:
        return " ".join("".join(self.text.get(iri, [])).split())


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


@cache
def parsed() -> PageParser:
    return parse(page())


@cache
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def texts(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: URIRef) -> dict[str, str]:
    return {
        (o.language or ""): str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal)
    }


# --- up to date --------------------------------------------------------------------------------


def test_page_is_up_to_date_with_the_ontology_files() -> None:
    embedded = script().embedded_hashes(page())
    assert embedded is not None, f"no <meta name=intlgraph-source-sha256> in the page: {REGENERATE}"
    current = script().source_hashes(REPO)
    stale = sorted(name for name in current if embedded.get(name) != current[name])
    assert not stale, (
        f"docs/reference/ontology.html is stale ({', '.join(stale)} changed): {REGENERATE}"
    )


def test_regenerating_gives_the_committed_page_byte_for_byte(tmp_path: Path) -> None:
    """The script's output does not depend on the hash seed (set/dict order) and is committed."""
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"ontology-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, str(SCRIPT), "-o", str(out)],
            check=True, capture_output=True, env=env, cwd=REPO,
        )  # fmt: skip
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1], "the generator is not deterministic"
    assert outputs[0] == PAGE.read_bytes(), (
        f"docs/reference/ontology.html differs from what the generator writes: {REGENERATE}"
    )


# --- content -----------------------------------------------------------------------------------


def ontology_terms() -> list[URIRef]:
    g = ontology()
    ns = "https://w3id.org/intlgraph/ont#"
    found = {
        s
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(ns)
    }
    return sorted(found)


def test_every_class_and_property_has_its_section_with_both_labels() -> None:
    terms = ontology_terms()
    assert len(terms) >= 130  # 74 classes, 41 object and 19 datatype properties at the time
    missing, wrong = [], []
    for term in terms:
        iri = str(term)
        text = parsed().section_text(iri)
        if not text:
            missing.append(iri)
            continue
        labels = texts(ontology(), term, RDFS.label)
        assert labels.get("en") and labels.get("ru"), f"{iri} lacks an en or ru label"
        expected = {("en", labels["en"]), ("ru", labels["ru"])}
        if not expected <= parsed().labels[iri] or iri not in text:
            wrong.append(
                f"{iri}: shows {sorted(parsed().labels[iri])}, expected {sorted(expected)}"
            )
        for comment in texts(ontology(), term, RDFS.comment).values():
            if " ".join(comment.split()) not in text:
                wrong.append(f"{iri}: comment missing")
    assert not missing, f"no section (data-iri) for: {missing}; {REGENERATE}"
    assert not wrong, "\n".join(wrong)


def test_table_of_contents_links_every_term() -> None:
    hrefs = {a.get("href") for tag, a in parsed().tags if tag == "a"}
    ids_by_iri = {a.get("data-iri"): a.get("id") for tag, a in parsed().tags if tag == "section"}
    unlinked = [str(t) for t in ontology_terms() if f"#{ids_by_iri.get(str(t))}" not in hrefs]
    assert not unlinked, f"terms not linked from the page: {unlinked}"


def test_class_shows_hierarchy_alignment_and_shapes() -> None:
    membership = parsed().section_text("https://w3id.org/intlgraph/ont#Membership")
    for expected in ("ig:Tie", "org:Membership", "prov:Entity", "igsh:MembershipShape"):
        assert expected in membership
    organiser = parsed().section_text("https://w3id.org/intlgraph/ont#organiser")
    assert "ig:party" in organiser and "ig:Tie" in organiser and "org:Organization" in organiser
    state = parsed().section_text("https://w3id.org/intlgraph/ont#state")
    assert "ig:Ratification" in state and "ig:Country" in state
    assert "igsh:RatificationShape (min 1, max 1)" in state


def test_every_concept_scheme_and_concept_appears() -> None:
    g = rdflib.Graph().parse(VOCABULARIES, format="turtle")
    schemes = sorted(s for s in g.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef))
    assert len(schemes) >= 3
    for scheme in schemes:
        text = parsed().section_text(str(scheme))
        assert text, f"no section for the concept scheme {scheme}: {REGENERATE}"
        for label in texts(g, scheme, SKOS.prefLabel).values():
            assert label in text
        for concept in g.subjects(SKOS.inScheme, scheme):
            concept_text = parsed().section_text(str(concept))
            assert concept_text, f"concept {concept} of {scheme} missing"
            for label in texts(g, concept, SKOS.prefLabel).values():
                assert label in concept_text


def test_every_shacl_node_shape_appears_with_its_targets() -> None:
    g = rdflib.Graph().parse(SHAPES, format="turtle")
    shapes = sorted(s for s in g.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))
    assert len(shapes) >= 10
    for shape in shapes:
        text = parsed().section_text(str(shape))
        assert text, f"no section for the SHACL shape {shape}: {REGENERATE}"
        for target in g.objects(shape, SH.targetClass):
            assert str(target).rsplit("#", 1)[-1] in text
    tie = parsed().section_text("https://w3id.org/intlgraph/shapes#TieShape")
    assert "ig:status" in tie and "status:planned" in tie


# --- offline and well-formed -------------------------------------------------------------------


def test_no_external_resources() -> None:
    problems = []
    for tag, attrs in parsed().tags:
        if tag in {"script", "link", "img", "iframe", "object", "embed", "frame", "audio",
                   "video", "source", "base", "form"}:  # fmt: skip
            problems.append(f"<{tag}> {attrs}")
        for name, value in attrs.items():
            value = (value or "").strip()
            if name in {"src", "srcset", "data", "poster", "action", "formaction", "background"}:
                problems.append(f"<{tag} {name}={value!r}>")
            elif name == "href":
                if tag != "a":
                    problems.append(f"<{tag} href={value!r}>")
                elif not value.startswith("#") and not value.startswith(ALLOWED_EXTERNAL):
                    problems.append(f"<a href={value!r}> leaves the page")
            elif name == "style" and "url(" in value:
                problems.append(f"<{tag} style={value!r}>")
            elif name.startswith("on"):
                problems.append(f"<{tag} {name}=...> (event handler)")
    assert "url(" not in parsed().style and "@import" not in parsed().style
    assert "url(" not in page() and "@import" not in page()
    assert not problems, "\n".join(problems)


def test_page_is_well_formed_html() -> None:
    p = parsed()
    assert not p.errors, "\n".join(p.errors[:20])
    assert not p.stack, f"unclosed elements: {p.stack}"
    assert page().startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page()
    duplicates = sorted({i for i in p.ids if p.ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"
    ids = set(p.ids)
    dangling = sorted(
        {
            str(a["href"])
            for tag, a in p.tags
            if tag == "a"
            and (a.get("href") or "").startswith("#")
            and str(a["href"])[1:] not in ids
        }
    )
    assert not dangling, f"anchors without a target: {dangling}"


def test_labels_are_escaped() -> None:
    """A label with markup and & renders as text, in element content and in attributes."""
    ig = Namespace("https://w3id.org/intlgraph/ont#")
    evil = '<script>alert("x")</script> & <b>bold</b>'
    onto, vocab, shapes = rdflib.Graph(), rdflib.Graph(), rdflib.Graph()
    onto.add((ig.Evil, RDF.type, OWL.Class))
    onto.add((ig.Evil, RDFS.label, Literal(evil, lang="en")))
    onto.add((ig.Evil, RDFS.label, Literal("злой <i>ярлык</i> & co", lang="ru")))
    onto.add((ig.Evil, RDFS.comment, Literal("a < b && c > d", lang="en")))
    onto.add((ig.Child, RDF.type, OWL.Class))
    onto.add((ig.Child, RDFS.subClassOf, ig.Evil))  # the link to Evil has title="<label>"
    onto.add((ig.Child, RDFS.label, Literal("child", lang="en")))
    scheme = URIRef("https://w3id.org/intlgraph/vocab/status/")
    vocab.add((scheme, RDF.type, SKOS.ConceptScheme))
    vocab.add((scheme, SKOS.prefLabel, Literal("</td></table><script>", lang="en")))
    html = script().render(onto, vocab, shapes, {"ontology/intlgraph.ttl": "<&>"})

    assert "<script" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html
    p = parse(html)
    assert not p.errors and not p.stack, p.errors
    evil_iri = str(ig.Evil)
    assert ("en", evil) in p.labels[evil_iri]
    assert ("ru", "злой <i>ярлык</i> & co") in p.labels[evil_iri]
    assert "a < b && c > d" in p.section_text(evil_iri)
    titles = [a.get("title") for tag, a in p.tags if tag == "a" and a.get("href") == "#class-Evil"]
    assert evil in titles
    assert "</td></table><script>" in p.section_text(str(scheme))


def test_generator_is_deterministic_in_process() -> None:
    first = script().render_repo(REPO)
    assert first == script().render_repo(REPO)
    assert first.endswith("</html>\n")


@pytest.mark.parametrize("name", ["intlgraph.ttl", "vocabularies.ttl", "shapes.ttl"])
def test_hashes_ignore_line_endings(tmp_path: Path, name: str) -> None:
    source = REPO / "ontology" / name
    crlf = tmp_path / name
    crlf.write_bytes(source.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert script().file_sha256(crlf) == script().file_sha256(source)


def test_ontology_page_links_the_reference() -> None:
    doc = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert "](reference/ontology.html)" in doc
