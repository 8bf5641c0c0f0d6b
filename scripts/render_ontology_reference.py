#!/usr/bin/env python3
"""Render the HTML reference of the intlgraph ontology: ``docs/reference/ontology.html``.

One self-contained page, generated from the Turtle files (nothing written by hand):

* every class and property of ``ontology/intlgraph.ttl``: IRI, the English and Russian labels,
  the comment, super- and sub-classes (or -properties), domain and range (a super-property's
  when the property declares none), the W3C terms it reuses or aligns with (ORG, PROV-O, SKOS,
  Dublin Core terms, XSD ...), the properties whose domain or range it is, and the SHACL
  shapes that target or constrain it;
* the SKOS concept schemes of ``ontology/vocabularies.ttl`` with their concepts, and the other
  resources of that file;
* a summary of the SHACL shapes of ``ontology/shapes.ttl``: targets, and per property path the
  min/max counts and the value constraints.

The page works offline: the CSS is inline, there is no script, font or image, and the only
links that leave the page are ``<a href>`` links to the documentation of the reused W3C / DCMI
namespaces.  Every text is HTML-escaped (Jinja2 autoescaping).  The output is deterministic
(everything is sorted; no date or version stamp): the same Turtle gives a byte-identical file.
The sha256 of the three input files is embedded as
``<meta name="intlgraph-source-sha256" content="ontology/intlgraph.ttl=... ...">`` so that a
test can tell a stale page from the hashes alone (line endings are normalised to LF first, so
a CRLF checkout does not look stale).

Usage::

    python scripts/render_ontology_reference.py            # writes docs/reference/ontology.html
    python scripts/render_ontology_reference.py -o x.html  # any path
    python scripts/render_ontology_reference.py --check    # exit 1 if the committed page is stale

Needs rdflib and jinja2 (both dependencies of intlgraph).

Why not pyLODE (the field's OWL -> HTML tool)? Tried on 2026-12-04, offline, and the pages
looked at in headless Chromium: pyLODE 3.4.1 (the newest) does not import (``pylode.version``
reads a ``pyproject.toml`` from site-packages: RDFLib/pyLODE#256, #260); 3.3.4 runs with rdflib
7.6 and works offline (CSS inline, no CDN), but (1) it writes the English and Russian labels
run together as one heading ("branch unionотраслевой профсоюз", in the text and the table of
contents; multilingual output is its open issue RDFLib/pyLODE#18), (2) given the three files
merged it takes a SKOS scheme for the ontology (IRI .../vocab/status/, every scheme's title
jumbled into the page title), (3) its VocPub profile on ``ontology/vocabularies.ttl`` shows no
concept at all, only the schemes' titles run together, and (4) neither profile shows the SHACL
shapes. Those are the four things this page is for, so this script stays.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import rdflib
from rdflib import OWL, RDF, RDFS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, SH, SKOS, XSD, Namespace
from rdflib.term import Node

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = "ontology/intlgraph.ttl"
VOCABULARIES_FILE = "ontology/vocabularies.ttl"
SHAPES_FILE = "ontology/shapes.ttl"
SOURCE_FILES = (ONTOLOGY_FILE, VOCABULARIES_FILE, SHAPES_FILE)
DEFAULT_OUTPUT = REPO / "docs" / "reference" / "ontology.html"
HASH_META_NAME = "intlgraph-source-sha256"
REGENERATE_COMMAND = "python scripts/render_ontology_reference.py"

IG = Namespace("https://w3id.org/intlgraph/ont#")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

#: prefix -> namespace, for the compact names shown on the page (and the namespace table).
PREFIXES: dict[str, str] = {
    "ig": str(IG),
    "igsh": "https://w3id.org/intlgraph/shapes#",
    "status": "https://w3id.org/intlgraph/vocab/status/",
    "category": "https://w3id.org/intlgraph/vocab/category/",
    "bound": "https://w3id.org/intlgraph/vocab/bound/",
    "period": "https://w3id.org/intlgraph/vocab/period/",
    "igd": "https://w3id.org/intlgraph/id/",
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
}

#: The reused vocabularies: namespace -> name.  Terms in these namespaces are linked to their
#: IRI (which is the vocabulary's documentation); no other link leaves the page.
W3C_VOCABULARIES: dict[str, str] = {
    str(ORG): "W3C Organization Ontology (ORG)",
    str(PROV): "W3C PROV-O",
    str(SKOS): "W3C SKOS",
    str(DCTERMS): "DCMI Metadata Terms (Dublin Core)",
    str(FOAF): "FOAF",
    str(RDF): "RDF",
    str(RDFS): "RDF Schema",
    str(OWL): "OWL 2",
    str(XSD): "XML Schema datatypes",
    str(SH): "W3C SHACL",
}

LANG_ORDER = ("en", "ru")


# --------------------------------------------------------------------------------------------
# Input files
# --------------------------------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    """sha256 of the file's bytes with CRLF normalised to LF (a CRLF checkout is not stale)."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def source_hashes(repo: Path = REPO) -> dict[str, str]:
    """Relative path -> sha256 of each input file, in SOURCE_FILES order."""
    return {name: file_sha256(repo / name) for name in SOURCE_FILES}


def format_hashes(hashes: Mapping[str, str]) -> str:
    """The content of the hash <meta>: ``path=hex`` pairs separated by spaces."""
    return " ".join(f"{name}={digest}" for name, digest in hashes.items())


def parse_hashes(content: str) -> dict[str, str]:
    """Inverse of format_hashes."""
    out: dict[str, str] = {}
    for pair in content.split():
        name, _, digest = pair.partition("=")
        out[name] = digest
    return out


def embedded_hashes(page: str) -> dict[str, str] | None:
    """The source hashes a generated page was made from (None if it has no hash <meta>)."""
    m = re.search(rf'<meta name="{HASH_META_NAME}" content="([^"]*)"', page)
    return parse_hashes(m.group(1)) if m else None


# --------------------------------------------------------------------------------------------
# The page model (plain data handed to the template)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Text:
    """A literal: its language tag ('' when none) and its text."""

    lang: str
    value: str


@dataclass(frozen=True)
class Ref:
    """A link to a term: an anchor on the page, a W3C namespace document, or plain text."""

    curie: str
    iri: str
    href: str | None = None
    title: str = ""


@dataclass
class Constraint:
    """One value constraint of a SHACL property shape: a name and refs and/or a text."""

    name: str
    refs: list[Ref] = field(default_factory=list)
    text: str = ""
    #: sh:or / sh:xone / sh:and: one list of constraints per alternative; sh:qualifiedValueShape:
    #: one list (the qualified shape's constraints).
    alternatives: list[list[Constraint]] = field(default_factory=list)


@dataclass
class PropertyConstraint:
    path: Ref | None
    path_text: str
    min_count: str
    max_count: str
    constraints: list[Constraint]
    messages: list[Text]


@dataclass
class SparqlConstraint:
    messages: list[Text]
    select: str


@dataclass
class Shape:
    anchor: str
    ref: Ref
    labels: list[Text]
    targets: list[Constraint]
    properties: list[PropertyConstraint]
    sparql: list[SparqlConstraint]


@dataclass
class Usage:
    """A SHACL property constraint on a path, as listed under the property."""

    shape: Ref
    min_count: str
    max_count: str


@dataclass
class Alignment:
    """A reused (W3C) term a class or property aligns with, and how."""

    ref: Ref
    how: str


@dataclass
class Term:
    """A class or property of the ontology."""

    anchor: str
    kind: str  # "class", "object property", "datatype property"
    ref: Ref
    local: str
    iri: str
    labels: list[Text]
    comments: list[Text]
    notes: list[Text]
    supers: list[Ref]
    subs: list[Ref]
    alignments: list[Alignment]
    domain: list[Ref] = field(default_factory=list)
    domain_from: Ref | None = None
    range: list[Ref] = field(default_factory=list)
    range_from: Ref | None = None
    domain_of: list[Ref] = field(default_factory=list)
    range_of: list[Ref] = field(default_factory=list)
    members: list[Ref] = field(default_factory=list)
    shapes: list[Ref] = field(default_factory=list)
    usages: list[Usage] = field(default_factory=list)

    def label(self, lang: str) -> str:
        return next((t.value for t in self.labels if t.lang == lang), "")


@dataclass
class Concept:
    anchor: str
    ref: Ref
    notation: str
    labels: list[Text]
    definitions: list[Text]
    types: list[Ref]


@dataclass
class Scheme:
    anchor: str
    ref: Ref
    labels: list[Text]
    concepts: list[Concept]


@dataclass
class Resource:
    """Another resource of vocabularies.ttl (not a scheme nor a concept in one)."""

    anchor: str
    ref: Ref
    types: list[Ref]
    labels: list[Text]
    comments: list[Text]
    values: list[tuple[Ref, str]]


@dataclass
class Reused:
    """A reused external term and where the ontology (and the shapes) use it."""

    ref: Ref
    vocabulary: str
    uses: list[tuple[Ref, str]]


@dataclass
class Page:
    hashes: dict[str, str]
    ontology_iri: str
    title: list[Text]
    description: list[Text]
    notes: list[Text]
    version: str
    license: str
    namespaces: list[tuple[str, str, str]]
    classes: list[Term]
    hierarchy: list[tuple[int, Ref]]
    object_properties: list[Term]
    datatype_properties: list[Term]
    reused: list[Reused]
    schemes: list[Scheme]
    resources: list[Resource]
    shapes: list[Shape]

    @property
    def concept_count(self) -> int:
        return sum(len(s.concepts) for s in self.schemes)


# --------------------------------------------------------------------------------------------
# Reading the graphs
# --------------------------------------------------------------------------------------------


def curie(iri: Node) -> str:
    """prefix:local for a known namespace, else <iri>."""
    text = str(iri)
    best = ""
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{text[len(PREFIXES[best]) :]}"
    return f"<{text}>"


def w3c_namespace(iri: Node) -> str | None:
    text = str(iri)
    return next((ns for ns in W3C_VOCABULARIES if text.startswith(ns)), None)


def anchor_id(prefix: str, iri: Node) -> str:
    """An HTML id: prefix-<compact name>, characters outside [A-Za-z0-9_.-] as '-'."""
    name = curie(iri).strip("<>").rstrip(":")
    for own in ("ig:", "igsh:"):
        name = name.removeprefix(own)
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_.-]", "-", name)


def texts(graph: rdflib.Graph, subject: Node, *predicates: URIRef) -> list[Text]:
    """Literal values, en first, then ru, then the other languages, then untagged."""
    found = {
        Text(o.language or "", str(o))
        for p in predicates
        for o in graph.objects(subject, p)
        if isinstance(o, Literal)
    }

    def key(t: Text) -> tuple[int, str, str]:
        rank = LANG_ORDER.index(t.lang) if t.lang in LANG_ORDER else len(LANG_ORDER)
        return (rank if t.lang else len(LANG_ORDER) + 1, t.lang, t.value)

    return sorted(found, key=key)


def uris(nodes: Iterable[Node]) -> list[URIRef]:
    return sorted({n for n in nodes if isinstance(n, URIRef)}, key=lambda u: (curie(u), str(u)))


def rdf_list(graph: rdflib.Graph, head: Node) -> list[Node]:
    return list(Collection(graph, head)) if isinstance(head, BNode | URIRef) else []


def literal_text(node: Node) -> str:
    """A literal as Turtle-like text ("x"@en, "2022-06"^^xsd:gYearMonth); an IRI as a curie."""
    if isinstance(node, Literal):
        if node.language:
            return f'"{node}"@{node.language}'
        if node.datatype is not None and node.datatype != XSD.string:
            return f'"{node}"^^{curie(node.datatype)}'
        return f'"{node}"'
    return curie(node)


class Linker:
    """Resolves IRIs to Refs: anchors of the page first, then W3C namespace documentation."""

    def __init__(self, labels: rdflib.Graph) -> None:
        self.anchors: dict[URIRef, str] = {}
        self.labels = labels

    def add(self, iri: URIRef, anchor: str) -> str:
        """Give iri an anchor (suffixed -2, -3 ... if another IRI already has that id)."""
        if iri not in self.anchors:
            taken = set(self.anchors.values())
            unique, n = anchor, 1
            while unique in taken:
                n += 1
                unique = f"{anchor}-{n}"
            self.anchors[iri] = unique
        return self.anchors[iri]

    def ref(self, iri: Node) -> Ref:
        label = next(
            (
                t.value
                for t in texts(self.labels, iri, RDFS.label, SKOS.prefLabel)
                if t.lang == "en"
            ),
            "",
        )
        if isinstance(iri, URIRef) and iri in self.anchors:
            return Ref(curie(iri), str(iri), "#" + self.anchors[iri], label)
        ns = w3c_namespace(iri)
        if isinstance(iri, URIRef) and ns is not None:
            return Ref(curie(iri), str(iri), str(iri), W3C_VOCABULARIES[ns])
        return Ref(curie(iri), str(iri), None, label)

    def refs(self, nodes: Iterable[Node]) -> list[Ref]:
        return [self.ref(n) for n in uris(nodes)]


def closure(graph: rdflib.Graph, start: URIRef, predicate: URIRef) -> list[URIRef]:
    """Every node reachable from start along predicate (start excluded), sorted."""
    seen: set[URIRef] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        for parent in graph.objects(node, predicate):
            if isinstance(parent, URIRef) and parent not in seen and parent != start:
                seen.add(parent)
                todo.append(parent)
    return uris(seen)


def effective(
    graph: rdflib.Graph, prop: URIRef, predicate: URIRef
) -> tuple[list[URIRef], URIRef | None]:
    """Declared domain/range of prop, else the nearest super-property's (and which one)."""
    declared = uris(graph.objects(prop, predicate))
    if declared:
        return declared, None
    seen = {prop}
    level = uris(graph.objects(prop, RDFS.subPropertyOf))
    while level:  # breadth first: the nearest super-property that declares one
        for parent in level:
            inherited = uris(graph.objects(parent, predicate))
            if inherited:
                return inherited, parent
        seen.update(level)
        level = uris(
            grand
            for parent in level
            for grand in graph.objects(parent, RDFS.subPropertyOf)
            if grand not in seen
        )
    return [], None


# --------------------------------------------------------------------------------------------
# Building the page model
# --------------------------------------------------------------------------------------------


def build_page(
    ontology: rdflib.Graph,
    vocabularies: rdflib.Graph,
    shapes: rdflib.Graph,
    hashes: Mapping[str, str],
) -> Page:
    labels = rdflib.Graph()
    for g in (ontology, vocabularies, shapes):
        for triple in g:
            labels.add(triple)
    link = Linker(labels)

    def own(nodes: Iterable[Node]) -> list[URIRef]:
        return [n for n in uris(nodes) if str(n).startswith(str(IG))]

    classes = own(ontology.subjects(RDF.type, OWL.Class))
    object_props = own(ontology.subjects(RDF.type, OWL.ObjectProperty))
    datatype_props = own(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    schemes = uris(vocabularies.subjects(RDF.type, SKOS.ConceptScheme))
    shape_nodes = uris(shapes.subjects(RDF.type, SH.NodeShape))

    # anchors, in a fixed order (a clash gets a suffix; the order keeps it deterministic)
    for c in classes:
        link.add(c, anchor_id("class", c))
    for p in (*object_props, *datatype_props):
        link.add(p, anchor_id("prop", p))
    for s in schemes:
        link.add(s, anchor_id("scheme", s))
    concepts_of: dict[URIRef, list[URIRef]] = {
        s: uris(vocabularies.subjects(SKOS.inScheme, s)) for s in schemes
    }
    for members in concepts_of.values():
        for c in members:
            link.add(c, anchor_id("concept", c))
    in_scheme = {c for members in concepts_of.values() for c in members}
    other_resources = [
        r
        for r in uris(vocabularies.subjects())
        if r not in in_scheme and r not in schemes and r not in link.anchors
    ]
    for r in other_resources:
        link.add(r, anchor_id("resource", r))
    for s in shape_nodes:
        link.add(s, anchor_id("shape", s))

    # --- SHACL shapes -----------------------------------------------------------------------
    shape_models: list[Shape] = []
    targeted_by: dict[URIRef, list[URIRef]] = defaultdict(list)
    path_usages: dict[URIRef, list[Usage]] = defaultdict(list)
    for s in shape_nodes:
        targets: list[Constraint] = []
        for name, pred in (
            ("targetClass", SH.targetClass),
            ("targetNode", SH.targetNode),
            ("targetSubjectsOf", SH.targetSubjectsOf),
            ("targetObjectsOf", SH.targetObjectsOf),
        ):
            found = uris(shapes.objects(s, pred))
            if found:
                targets.append(Constraint(name, link.refs(found)))
            if pred == SH.targetClass:
                for c in found:
                    targeted_by[c].append(s)
        props = [property_constraint(shapes, node, link) for node in shapes.objects(s, SH.property)]
        props.sort(key=lambda pc: (pc.path_text, pc.min_count, pc.max_count, repr(pc.messages)))
        for pc in props:
            if pc.path is not None:
                path_usages[URIRef(pc.path.iri)].append(
                    Usage(link.ref(s), pc.min_count, pc.max_count)
                )
        sparql = sorted(
            (
                SparqlConstraint(
                    texts(shapes, node, SH.message),
                    dedent(str(shapes.value(node, SH.select) or "")),
                )
                for node in shapes.objects(s, SH.sparql)
            ),
            key=lambda sc: (repr(sc.messages), sc.select),
        )
        shape_models.append(
            Shape(
                link.anchors[s],
                link.ref(s),
                texts(shapes, s, RDFS.label),
                targets,
                props,
                sparql,
            )
        )

    # --- classes ----------------------------------------------------------------------------
    all_props = (*object_props, *datatype_props)
    domains = {p: effective(ontology, p, RDFS.domain) for p in all_props}
    ranges = {p: effective(ontology, p, RDFS.range) for p in all_props}
    typed_in_vocab: dict[URIRef, list[URIRef]] = defaultdict(list)
    for resource, rdf_type in vocabularies.subject_objects(RDF.type):
        if isinstance(resource, URIRef) and isinstance(rdf_type, URIRef):
            typed_in_vocab[rdf_type].append(resource)

    def base(iri: URIRef, kind: str, parent: URIRef) -> Term:
        supers = uris(ontology.objects(iri, parent))
        external_supers = {s for s in supers if w3c_namespace(s)}
        alignments = [
            Alignment(
                link.ref(a),
                "direct" if a in external_supers else "inherited",
            )
            for a in closure(ontology, iri, parent)
            if w3c_namespace(a)
        ]
        return Term(
            anchor=link.anchors[iri],
            kind=kind,
            ref=link.ref(iri),
            local=str(iri)[len(str(IG)) :],
            iri=str(iri),
            labels=texts(ontology, iri, RDFS.label),
            comments=texts(ontology, iri, RDFS.comment, SKOS.definition),
            notes=texts(ontology, iri, SKOS.note, SKOS.editorialNote, SKOS.scopeNote),
            supers=link.refs(supers),
            subs=link.refs(ontology.subjects(parent, iri)),
            alignments=alignments,
        )

    class_terms: list[Term] = []
    for c in classes:
        term = base(c, "class", RDFS.subClassOf)
        term.domain_of = link.refs(p for p in all_props if c in domains[p][0])
        term.range_of = link.refs(p for p in all_props if c in ranges[p][0])
        term.members = link.refs(typed_in_vocab.get(c, []))
        term.shapes = link.refs(targeted_by.get(c, []))
        class_terms.append(term)

    def prop_term(p: URIRef, kind: str) -> Term:
        term = base(p, kind, RDFS.subPropertyOf)
        dom, dom_from = domains[p]
        rng, rng_from = ranges[p]
        term.domain, term.range = link.refs(dom), link.refs(rng)
        term.domain_from = link.ref(dom_from) if dom_from is not None else None
        term.range_from = link.ref(rng_from) if rng_from is not None else None
        for how, nodes in (("domain", dom), ("range", rng)):
            term.alignments += [Alignment(link.ref(n), how) for n in nodes if w3c_namespace(n)]
        term.usages = sorted(
            path_usages.get(p, []), key=lambda u: (u.shape.curie, u.min_count, u.max_count)
        )
        return term

    object_terms = [prop_term(p, "object property") for p in object_props]
    datatype_terms = [prop_term(p, "datatype property") for p in datatype_props]

    # --- class hierarchy: the ontology's classes under the reused classes they specialise ----
    # (an external class is shown under its own superclass when the ontology restates that
    # axiom, e.g. org:FormalOrganization under org:Organization)
    hierarchy: list[tuple[int, Ref]] = []
    class_set = set(classes)
    in_tree = set(classes)
    todo = list(classes)
    while todo:
        for parent in uris(ontology.objects(todo.pop(), RDFS.subClassOf)):
            if parent not in in_tree:
                in_tree.add(parent)
                todo.append(parent)

    def walk(node: URIRef, depth: int, path: frozenset[URIRef]) -> None:
        hierarchy.append((depth, link.ref(node)))
        for child in uris(ontology.subjects(RDFS.subClassOf, node)):
            if child in in_tree and child not in path:
                walk(child, depth + 1, path | {child})

    roots = [n for n in uris(in_tree) if not set(ontology.objects(n, RDFS.subClassOf)) & in_tree]
    for root in roots:
        walk(root, 0, frozenset({root}))
    assert class_set <= {URIRef(r.iri) for _, r in hierarchy}, "class hierarchy misses a class"

    # --- reused terms -----------------------------------------------------------------------
    uses: dict[URIRef, set[tuple[URIRef, str]]] = defaultdict(set)
    for pred, how in (
        (RDFS.subClassOf, "superclass of"),
        (RDFS.subPropertyOf, "super-property of"),
        (RDFS.domain, "domain of"),
        (RDFS.range, "range of"),
    ):
        for user, used in ontology.subject_objects(pred):
            if isinstance(user, URIRef) and isinstance(used, URIRef) and w3c_namespace(used):
                if w3c_namespace(user):
                    continue  # restated axioms of the reused vocabularies
                uses[used].add((user, how))
    for user, used in shapes.subject_objects(SH.targetClass):
        if isinstance(user, URIRef) and isinstance(used, URIRef) and w3c_namespace(used):
            uses[used].add((user, "target class of"))
    for node in shapes.objects(None, SH.property):
        path = shapes.value(node, SH.path)
        if isinstance(path, URIRef) and w3c_namespace(path):
            for user in shapes.subjects(SH.property, node):
                if isinstance(user, URIRef):
                    uses[path].add((user, "path constrained by"))
    skip = {str(OWL), str(XSD), str(RDF), str(RDFS), str(SH)}
    reused = [
        Reused(
            link.ref(term),
            W3C_VOCABULARIES[w3c_namespace(term) or ""],
            [
                (link.ref(user), how)
                for user, how in sorted(uses[term], key=lambda u: (u[1], curie(u[0])))
            ],
        )
        for term in uris(uses)
        if (w3c_namespace(term) or "") not in skip
    ]

    # --- vocabularies -----------------------------------------------------------------------
    scheme_models = [
        Scheme(
            link.anchors[s],
            link.ref(s),
            texts(vocabularies, s, SKOS.prefLabel) or texts(vocabularies, s, RDFS.label),
            [
                Concept(
                    link.anchors[c],
                    link.ref(c),
                    " ".join(sorted(str(n) for n in vocabularies.objects(c, SKOS.notation))),
                    texts(vocabularies, c, SKOS.prefLabel) or texts(vocabularies, c, RDFS.label),
                    texts(vocabularies, c, SKOS.definition, RDFS.comment),
                    link.refs(vocabularies.objects(c, RDF.type)),
                )
                for c in concepts_of[s]
            ],
        )
        for s in schemes
    ]
    resource_models = []
    for r in other_resources:
        values = sorted(
            (
                (link.ref(p), literal_text(o))
                for p, o in vocabularies.predicate_objects(r)
                if p not in (RDF.type, RDFS.label, RDFS.comment, SKOS.prefLabel)
            ),
            key=lambda v: (v[0].curie, v[1]),
        )
        resource_models.append(
            Resource(
                link.anchors[r],
                link.ref(r),
                link.refs(vocabularies.objects(r, RDF.type)),
                texts(vocabularies, r, RDFS.label),
                texts(vocabularies, r, RDFS.comment, SKOS.definition),
                values,
            )
        )

    # --- the ontology header ----------------------------------------------------------------
    onto_nodes = uris(ontology.subjects(RDF.type, OWL.Ontology))
    onto = onto_nodes[0] if onto_nodes else URIRef(str(IG).rstrip("#"))
    namespaces_used = {
        ns
        for ns in PREFIXES.values()
        for g in (ontology, vocabularies, shapes)
        for t in g
        for n in t
        if isinstance(n, URIRef) and str(n).startswith(ns)
    }
    return Page(
        hashes=dict(hashes),
        ontology_iri=str(onto),
        title=texts(ontology, onto, RDFS.label, DCTERMS.title),
        description=texts(ontology, onto, RDFS.comment, DCTERMS.description),
        notes=texts(ontology, onto, SKOS.note),
        version=" ".join(sorted(str(v) for v in ontology.objects(onto, OWL.versionInfo))),
        license=" ".join(sorted(str(v) for v in ontology.objects(onto, DCTERMS.license))),
        namespaces=[
            (prefix, ns, W3C_VOCABULARIES.get(ns, ""))
            for prefix, ns in PREFIXES.items()
            if ns in namespaces_used
        ],
        classes=class_terms,
        hierarchy=hierarchy,
        object_properties=object_terms,
        datatype_properties=datatype_terms,
        reused=reused,
        schemes=scheme_models,
        resources=resource_models,
        shapes=shape_models,
    )


def dedent(text: str) -> str:
    lines = text.strip("\n").splitlines()
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    return "\n".join(x[indent:].rstrip() for x in lines)


def property_constraint(graph: rdflib.Graph, node: Node, link: Linker) -> PropertyConstraint:
    path = graph.value(node, SH.path)
    path_ref = link.ref(path) if isinstance(path, URIRef) else None
    path_text = path_ref.curie if path_ref else "(complex path)"

    def one(pred: URIRef) -> str:
        return " ".join(sorted(str(v) for v in graph.objects(node, pred)))

    min_count = one(SH.minCount)
    qualified_min = one(SH.qualifiedMinCount)
    if not min_count and qualified_min:
        min_count = f"{qualified_min} (qualified)"
    max_count = one(SH.maxCount)
    qualified_max = one(SH.qualifiedMaxCount)
    if not max_count and qualified_max:
        max_count = f"{qualified_max} (qualified)"
    return PropertyConstraint(
        path_ref,
        path_text,
        min_count,
        max_count,
        value_constraints(graph, node, link),
        texts(graph, node, SH.message),
    )


def value_constraints(graph: rdflib.Graph, node: Node, link: Linker) -> list[Constraint]:
    out: list[Constraint] = []
    for name, pred in (("datatype", SH.datatype), ("class", SH["class"]), ("node", SH.node)):
        found = uris(graph.objects(node, pred))
        if found:
            out.append(Constraint(name, link.refs(found)))
    for head in graph.objects(node, SH["in"]):
        items = rdf_list(graph, head)
        out.append(
            Constraint(
                "in",
                [link.ref(i) for i in items if isinstance(i, URIRef)],
                ", ".join(literal_text(i) for i in items if isinstance(i, Literal)),
            )
        )
    for name, pred in (("or", SH["or"]), ("xone", SH.xone), ("and", SH["and"])):
        for head in graph.objects(node, pred):
            alternatives = [value_constraints(graph, alt, link) for alt in rdf_list(graph, head)]
            out.append(Constraint(name, alternatives=alternatives))
    for head in graph.objects(node, SH.languageIn):
        out.append(Constraint("languageIn", [], ", ".join(str(x) for x in rdf_list(graph, head))))
    for name, pred in (
        ("pattern", SH.pattern),
        ("minInclusive", SH.minInclusive),
        ("maxInclusive", SH.maxInclusive),
        ("minExclusive", SH.minExclusive),
        ("maxExclusive", SH.maxExclusive),
        ("minLength", SH.minLength),
        ("maxLength", SH.maxLength),
        ("uniqueLang", SH.uniqueLang),
        ("hasValue", SH.hasValue),
    ):
        for v in sorted(graph.objects(node, pred), key=str):
            if isinstance(v, URIRef):
                out.append(Constraint(name, [link.ref(v)]))
            else:
                out.append(Constraint(name, [], str(v)))
    for qualified in graph.objects(node, SH.qualifiedValueShape):
        out.append(
            Constraint(
                "qualifiedValueShape", alternatives=[value_constraints(graph, qualified, link)]
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

TEMPLATE = r"""<!DOCTYPE html>
{#- Lines are wrapped inside Jinja tags; "{%-" / "-%}" remove the line breaks again. -#}
{%- macro title_attr(r) %}{% if r.title %} title="{{ r.title }}"{% endif %}{% endmacro -%}

{%- macro ref(r) -%}
{%- if r.href -%}
<a href="{{ r.href }}"{{ title_attr(r) }}><code>{{ r.curie }}</code></a>
{%- else -%}
<code{{ title_attr(r) }}>{{ r.curie }}</code>
{%- endif -%}
{%- endmacro -%}

{%- macro refs(items) -%}
{%- for r in items %}{{ ref(r) }}{% if not loop.last %}, {% endif %}{% else -%}
<span class="none">—</span>
{%- endfor -%}
{%- endmacro -%}

{%- macro lang_attr(t) %}{% if t.lang %} lang="{{ t.lang }}"{% endif %}{% endmacro -%}

{%- macro lang_texts(items, tag="span") -%}
{%- for t in items -%}
<{{ tag }} class="lit"{{ lang_attr(t) }}>{{ t.value }}
{%- if t.lang %} <span class="lang">@{{ t.lang }}</span>{% endif %}</{{ tag }}>
{%- else -%}
<span class="none">—</span>
{%- endfor -%}
{%- endmacro -%}

{%- macro label_rows(labels, name="Label") -%}
{%- for l in labels %}
<tr><th>{{ name }} ({{ l.lang or "no language" }})</th>
{#- #}<td{{ lang_attr(l) }} class="label">{{ l.value }}</td></tr>
{%- endfor -%}
{%- endmacro -%}

{%- macro constraint(c) -%}
<span class="via">{{ c.name }}</span>
{%- if c.refs %} {{ refs(c.refs) }}{% endif %}
{%- if c.text %} <code>{{ c.text }}</code>{% endif %}
{%- if c.alternatives %} (
{%- for alt in c.alternatives %}
{%- for inner in alt %} {{ constraint(inner) }}{% if not loop.last %},{% endif %}{% endfor %}
{%- if not loop.last %} <span class="via">|</span>{% endif %}
{%- endfor %} )
{%- endif -%}
{%- endmacro -%}

{%- macro domain_range(items, source) -%}
{%- if items -%}
{{ refs(items) }}
{%- if source %} <span class="via">(from {{ ref(source) }})</span>{% endif %}
{%- else -%}
<span class="none">not declared</span>
{%- endif -%}
{%- endmacro -%}

{%- macro term_card(t) %}
<section class="term" id="{{ t.anchor }}" data-iri="{{ t.iri }}">
<h3><code>{{ t.ref.curie }}</code>
{%- for l in t.labels %}{{ " ·" if not loop.first }} <span{{ lang_attr(l) }}>{{ l.value }}</span>
{%- endfor %} <span class="kind">{{ t.kind }}</span></h3>
<table class="facts">
<tr><th>IRI</th><td><code class="iri">{{ t.iri }}</code></td></tr>
{{- label_rows(t.labels) }}
<tr><th>Definition</th><td>{{ lang_texts(t.comments, "p") }}</td></tr>
{%- if t.notes %}
<tr><th>Note</th><td>{{ lang_texts(t.notes, "p") }}</td></tr>
{%- endif %}
{%- if t.kind == "class" %}
<tr><th>Superclasses</th><td>{{ refs(t.supers) }}</td></tr>
<tr><th>Subclasses</th><td>{{ refs(t.subs) }}</td></tr>
{%- else %}
<tr><th>Super-properties</th><td>{{ refs(t.supers) }}</td></tr>
<tr><th>Sub-properties</th><td>{{ refs(t.subs) }}</td></tr>
<tr><th>Domain</th><td>{{ domain_range(t.domain, t.domain_from) }}</td></tr>
<tr><th>Range</th><td>{{ domain_range(t.range, t.range_from) }}</td></tr>
{%- endif %}
<tr><th>Reuses / aligns with</th><td>
{%- for a in t.alignments -%}
{{ ref(a.ref) }} <span class="via">({{ a.how }})</span>{% if not loop.last %}, {% endif %}
{%- else -%}
<span class="none">—</span>
{%- endfor -%}
</td></tr>
{%- if t.kind == "class" %}
<tr><th>Domain of</th><td>{{ refs(t.domain_of) }}</td></tr>
<tr><th>Range of</th><td>{{ refs(t.range_of) }}</td></tr>
{%- if t.members %}
<tr><th>Members in the vocabularies</th><td>{{ refs(t.members) }}</td></tr>
{%- endif %}
<tr><th>SHACL shapes targeting it</th><td>{{ refs(t.shapes) }}</td></tr>
{%- else %}
<tr><th>SHACL constraints</th><td>
{%- for u in t.usages -%}
{{ ref(u.shape) }} <span class="via">(min {{ u.min_count or "—" }}, max {{ u.max_count or "—" }})
{%- if not loop.last %},{% endif %}</span>{% if not loop.last %} {% endif %}
{%- else -%}
<span class="none">—</span>
{%- endfor -%}
</td></tr>
{%- endif %}
</table>
<p class="top"><a href="#toc">↑ contents</a></p>
</section>
{%- endmacro %}
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="scripts/render_ontology_reference.py">
<meta name="{{ hash_meta_name }}" content="{{ hash_content }}">
<title>{% for t in page.title %}{{ t.value }}{% if not loop.last %} · {% endif %}{% endfor %}
{{- " — reference" }}</title>
<style>
:root { --fg: #1d2430; --muted: #5b6575; --line: #d9dee7; --accent: #1f5fa8;
  --bg-alt: #f5f7fa; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans",
  sans-serif; color: var(--fg); margin: 0; line-height: 1.45; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.5rem; }
h1 { margin: 0 0 .25rem; font-size: 1.8rem; }
h2 { border-bottom: 2px solid var(--line); padding-bottom: .2rem; margin-top: 2.5rem; }
h3, h4 { margin: 0 0 .5rem; font-size: 1.1rem; }
h3 .kind, h4 .kind { font-weight: normal; color: var(--muted); font-size: .85rem; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono",
  monospace; font-size: .92em; }
code.iri { word-break: break-all; }
pre { background: var(--bg-alt); padding: .6rem; overflow-x: auto; font-size: .85rem; }
.lang { color: var(--muted); font-size: .8em; }
.none, .via { color: var(--muted); }
p.lit { margin: 0 0 .3rem; }
span.lit { display: block; }
section.term, section.scheme, section.shape, section.resource { border: 1px solid var(--line);
  border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; }
section:target, tr:target { outline: 3px solid #f0b429; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid var(--line); }
table.facts th { width: 14rem; color: var(--muted); font-weight: 600; }
table.grid th { background: var(--bg-alt); }
nav#toc ol { padding-left: 1.3rem; }
nav#toc ol ol { columns: 3 16rem; font-size: .9rem; }
ul.tree { list-style: none; padding-left: 0; font-size: .95rem; }
ul.tree li { padding: .05rem 0; }
.depth-1 { margin-left: 1.5rem; } .depth-2 { margin-left: 3rem; } .depth-3 { margin-left: 4.5rem; }
.depth-4 { margin-left: 6rem; } .depth-5 { margin-left: 7.5rem; } .depth-6 { margin-left: 9rem; }
.top { margin: .4rem 0 0; font-size: .85rem; text-align: right; }
footer { color: var(--muted); font-size: .85rem; margin-top: 3rem; padding-bottom: 2rem; }
@media print { nav#toc ol ol { columns: 2; } .top { display: none; } }
</style>
</head>
<body>
<header>
<h1>
{%- for t in page.title %}<span{{ lang_attr(t) }}>{{ t.value }}</span>
{%- if not loop.last %} · {% endif %}{% endfor -%}
</h1>
<p>Reference of the OWL ontology, its SKOS vocabularies and its SHACL shapes, generated from
<code>{{ ontology_file }}</code>, <code>{{ vocabularies_file }}</code> and
<code>{{ shapes_file }}</code>.</p>
</header>
<main>
<nav id="toc">
<h2>Contents</h2>
<ol>
<li><a href="#overview">Overview</a></li>
<li><a href="#namespaces">Namespaces</a></li>
<li><a href="#hierarchy">Class hierarchy</a></li>
{%- for id, name, terms in [("classes", "Classes", page.classes),
                            ("object-properties", "Object properties", page.object_properties),
                            ("datatype-properties", "Datatype properties",
                             page.datatype_properties)] %}
<li><a href="#{{ id }}">{{ name }}</a> ({{ terms | length }})
<ol>
{%- for t in terms %}<li><a href="#{{ t.anchor }}">{{ t.local }}</a></li>{% endfor -%}
</ol></li>
{%- endfor %}
<li><a href="#reused">Reused W3C terms</a> ({{ page.reused | length }})</li>
<li><a href="#vocabularies">SKOS vocabularies</a>
{{- " " }}({{ page.schemes | length }} schemes, {{ page.concept_count }} concepts)
<ol>
{%- for s in page.schemes %}<li><a href="#{{ s.anchor }}">{{ s.ref.curie }}</a></li>{% endfor %}
{%- if page.resources %}<li><a href="#other-resources">other resources</a></li>{% endif -%}
</ol></li>
<li><a href="#shapes">SHACL shapes</a> ({{ page.shapes | length }})
<ol>
{%- for s in page.shapes %}<li><a href="#{{ s.anchor }}">{{ s.ref.curie }}</a></li>{% endfor -%}
</ol></li>
</ol>
</nav>

<section id="overview">
<h2>Overview</h2>
<table class="facts">
<tr><th>Ontology IRI</th><td><code class="iri">{{ page.ontology_iri }}</code></td></tr>
{{- label_rows(page.title, "Title") }}
{{- label_rows(page.description, "Description") }}
{%- if page.notes %}
<tr><th>Note</th><td>{{ lang_texts(page.notes, "p") }}</td></tr>
{%- endif %}
<tr><th>Version</th><td>{{ page.version or "—" }}</td></tr>
<tr><th>Licence</th><td><code class="iri">{{ page.license or "—" }}</code></td></tr>
<tr><th>Terms</th><td>{{ page.classes | length }} classes,
{{ page.object_properties | length }} object properties,
{{ page.datatype_properties | length }} datatype properties;
{{ page.schemes | length }} SKOS concept schemes with {{ page.concept_count }} concepts;
{{ page.shapes | length }} SHACL node shapes</td></tr>
</table>
<p>Labels are given in English (<code>@en</code>) and Russian (<code>@ru</code>). Links to the
reused vocabularies (W3C ORG, PROV-O, SKOS, Dublin Core terms, XSD ...) point at their
published specifications; every other link is an anchor on this page.</p>
</section>

<section id="namespaces">
<h2>Namespaces</h2>
<table class="grid">
<tr><th>Prefix</th><th>Namespace</th><th>Vocabulary</th></tr>
{%- for prefix, ns, name in page.namespaces %}
<tr><td><code>{{ prefix }}:</code></td><td><code class="iri">{{ ns }}</code></td>
{#- #}<td>{{ name or "intlgraph" }}</td></tr>
{%- endfor %}
</table>
</section>

<section id="hierarchy">
<h2>Class hierarchy</h2>
<p>The classes of the ontology under their superclasses (<code>rdfs:subClassOf</code>); the
roots outside <code>ig:</code> are reused W3C classes. A class with several superclasses
appears under each.</p>
<ul class="tree">
{%- for depth, r in page.hierarchy %}
<li class="depth-{{ depth if depth < 6 else 6 }}">{% if depth %}└ {% endif %}{{ ref(r) }}
{%- if r.title %} <span class="via">{{ r.title }}</span>{% endif %}</li>
{%- endfor %}
</ul>
</section>

<section id="classes">
<h2>Classes</h2>
{%- for t in page.classes %}{{ term_card(t) }}{% endfor %}
</section>

<section id="object-properties">
<h2>Object properties</h2>
{%- for t in page.object_properties %}{{ term_card(t) }}{% endfor %}
</section>

<section id="datatype-properties">
<h2>Datatype properties</h2>
{%- for t in page.datatype_properties %}{{ term_card(t) }}{% endfor %}
</section>

<section id="reused">
<h2>Reused W3C terms</h2>
<p>Terms of other vocabularies that the ontology specialises or points at (as superclass,
super-property, domain or range), or that the SHACL shapes target or constrain. Nothing is
imported at run time.</p>
<table class="grid">
<tr><th>Term</th><th>Vocabulary</th><th>Used</th></tr>
{%- for r in page.reused %}
<tr><td>{{ ref(r.ref) }}</td><td>{{ r.vocabulary }}</td><td>
{%- for user, how in r.uses %}{{ how }} {{ ref(user) }}{% if not loop.last %}; {% endif %}
{%- endfor -%}
</td></tr>
{%- endfor %}
</table>
</section>

<section id="vocabularies">
<h2>SKOS vocabularies</h2>
<p>The closed lists of <code>{{ vocabularies_file }}</code>: each
<code>skos:ConceptScheme</code> with its concepts (<code>skos:inScheme</code>).</p>
{%- for s in page.schemes %}
<section class="scheme" id="{{ s.anchor }}" data-iri="{{ s.ref.iri }}">
<h3><code>{{ s.ref.curie }}</code> <span class="kind">concept scheme</span></h3>
<table class="facts">
<tr><th>IRI</th><td><code class="iri">{{ s.ref.iri }}</code></td></tr>
{{- label_rows(s.labels) }}
</table>
<table class="grid">
<tr><th>Concept</th><th>Notation</th><th>Labels</th><th>Definition</th><th>Type</th></tr>
{%- for c in s.concepts %}
<tr id="{{ c.anchor }}" data-iri="{{ c.ref.iri }}">
{#- #}<td><code title="{{ c.ref.iri }}">{{ c.ref.curie }}</code></td>
{#- #}<td><code>{{ c.notation }}</code></td>
{#- #}<td>{{ lang_texts(c.labels) }}</td>
{#- #}<td>{{ lang_texts(c.definitions) }}</td>
{#- #}<td>{{ refs(c.types) }}</td></tr>
{%- endfor %}
</table>
</section>
{%- endfor %}
{%- if page.resources %}
<section id="other-resources">
<h3>Other resources</h3>
{%- for r in page.resources %}
<section class="resource" id="{{ r.anchor }}" data-iri="{{ r.ref.iri }}">
<h4><code>{{ r.ref.curie }}</code>
{{- " " }}<span class="kind">{{ r.types | map(attribute="curie") | join(", ") }}</span></h4>
<table class="facts">
<tr><th>IRI</th><td><code class="iri">{{ r.ref.iri }}</code></td></tr>
<tr><th>Type</th><td>{{ refs(r.types) }}</td></tr>
{{- label_rows(r.labels) }}
{%- if r.comments %}
<tr><th>Comment</th><td>{{ lang_texts(r.comments, "p") }}</td></tr>
{%- endif %}
{%- for p, v in r.values %}
<tr><th>{{ ref(p) }}</th><td><code>{{ v }}</code></td></tr>
{%- endfor %}
</table>
</section>
{%- endfor %}
</section>
{%- endif %}
</section>

<section id="shapes">
<h2>SHACL shapes</h2>
<p>The node shapes of <code>{{ shapes_file }}</code>: what they target and, per property path,
the minimum and maximum counts and the value constraints. The shapes check the data; they are
not part of the model.</p>
{%- for s in page.shapes %}
<section class="shape" id="{{ s.anchor }}" data-iri="{{ s.ref.iri }}">
<h3><code>{{ s.ref.curie }}</code>
{%- for l in s.labels %} <span class="kind"{{ lang_attr(l) }}>{{ l.value }}</span>{% endfor -%}
</h3>
<table class="facts">
{%- for t in s.targets %}
<tr><th>{{ t.name }}</th><td>{{ refs(t.refs) }}</td></tr>
{%- endfor %}
</table>
{%- if s.properties %}
<table class="grid">
<tr><th>Path</th><th>Min</th><th>Max</th><th>Values</th><th>Message</th></tr>
{%- for p in s.properties %}
<tr><td>{% if p.path %}{{ ref(p.path) }}{% else %}{{ p.path_text }}{% endif %}</td>
{#- #}<td>{{ p.min_count or "—" }}</td><td>{{ p.max_count or "—" }}</td>
{#- #}<td>{% for c in p.constraints %}<span class="lit">{{ constraint(c) }}</span>{% endfor %}</td>
{#- #}<td>{{ lang_texts(p.messages) }}</td></tr>
{%- endfor %}
</table>
{%- endif %}
{%- for q in s.sparql %}
<details><summary>SPARQL constraint:
{%- for m in q.messages %} {{ m.value }}{% if not loop.last %} /{% endif %}{% endfor -%}
</summary>
<pre>{{ q.select }}</pre>
</details>
{%- endfor %}
<p class="top"><a href="#toc">↑ contents</a></p>
</section>
{%- endfor %}
</section>
</main>
<footer>
<p>Generated by <code>scripts/render_ontology_reference.py</code> from:</p>
<ul>
{%- for name, digest in page.hashes.items() %}
<li><code>{{ name }}</code> sha256 <code>{{ digest }}</code></li>
{%- endfor %}
</ul>
<p>Regenerate with <code>{{ regenerate }}</code> whenever one of them changes.</p>
</footer>
</body>
</html>
"""


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def render_page(page: Page) -> str:
    html = (
        environment()
        .from_string(TEMPLATE)
        .render(
            page=page,
            hash_meta_name=HASH_META_NAME,
            hash_content=format_hashes(page.hashes),
            ontology_file=ONTOLOGY_FILE,
            vocabularies_file=VOCABULARIES_FILE,
            shapes_file=SHAPES_FILE,
            regenerate=REGENERATE_COMMAND,
        )
    )
    return "\n".join(line.rstrip() for line in html.splitlines()) + "\n"


def render(
    ontology: rdflib.Graph,
    vocabularies: rdflib.Graph,
    shapes: rdflib.Graph,
    hashes: Mapping[str, str],
) -> str:
    """The reference page for the three graphs; hashes are embedded as given."""
    return render_page(build_page(ontology, vocabularies, shapes, hashes))


def render_repo(repo: Path = REPO) -> str:
    """The reference page of the repository's ontology files."""
    graphs = [rdflib.Graph().parse(repo / name, format="turtle") for name in SOURCE_FILES]
    return render(graphs[0], graphs[1], graphs[2], source_hashes(repo))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="HTML file to write"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the output file differs from a fresh rendering",
    )
    args = parser.parse_args(argv)
    html = render_repo()
    out: Path = args.output
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != html:
            print(f"{out} is stale: run {REGENERATE_COMMAND}", file=sys.stderr)
            return 1
        print(f"{out} is up to date")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(html)
    print(f"wrote {out} ({len(html.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
