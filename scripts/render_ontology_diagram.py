#!/usr/bin/env python3
"""Render the intlgraph ontology as one diagram (PNG and/or SVG) for docs/ontology.md.

The picture is generated from the Turtle files, not drawn by hand:

* the class hierarchy comes from ``rdfs:subClassOf`` in ``ontology/intlgraph.ttl`` (plus the
  two axioms of W3C ORG it relies on), grouped into five areas (organisations, places, ties,
  programme and sources, ILO instruments and law);
* every object property becomes an arrow or an annotation from its domain to its range.  A
  declared ``rdfs:domain`` / ``rdfs:range`` (inherited from a super-property if need be) is used
  as is; where none is declared, the script reads the usage pattern in ``data/*.ttl``: the most
  specific class that all subjects (objects) share, or each subject (object) class apart when
  they share only a generic one (prov:Entity, skos:Concept ...).  The number of triples is
  shown with every property;
* the number after each class is how many resources of ``data/*.ttl`` are typed with it.

Arrows are drawn only between neighbouring areas (a hand-tuned layered layout keeps them short);
properties inside one area, or between areas that are not neighbours, are listed under their
domain class as ``↳ property → Range``.  Solid arrows: declared domain/range; dashed: read from
the data.  A ``≡`` note under ig:PlannedMeasure says how many planned measures are also typed
with a tie class (the same nodes).  ``prov:wasDerivedFrom`` is summarised in the legend.

Usage::

    python scripts/render_ontology_diagram.py                    # docs/img/ontology.{png,svg}
    python scripts/render_ontology_diagram.py -o /tmp/onto.png   # any .png / .svg path(s)

Needs rdflib and matplotlib.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, Namespace

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUTS = [REPO / "docs" / "img" / "ontology.png", REPO / "docs" / "img" / "ontology.svg"]

IG = Namespace("https://w3id.org/intlgraph/ont#")
ORG = Namespace("http://www.w3.org/ns/org#")

PREFIXES = {
    str(IG): "",
    str(ORG): "org:",
    str(PROV): "prov:",
    str(SKOS): "skos:",
    str(DCTERMS): "dct:",
}

#: Axioms of reused vocabularies that the hierarchy needs (W3C ORG; not imported at run time).
EXTERNAL_AXIOMS = [
    (ORG.FormalOrganization, ORG.Organization),
    (ORG.OrganizationalUnit, ORG.Organization),
]

#: Classes too generic to stand for a domain or range read from the data.
GENERIC = {
    PROV.Entity, PROV.Activity, PROV.Agent, SKOS.Concept, OWL.Thing, RDFS.Resource,
    DCTERMS.BibliographicResource, DCTERMS.Location, DCTERMS.PeriodOfTime,
}

#: Object properties of reused vocabularies that the data uses between its own resources.
EXTRA_PROPERTIES = [
    ORG.member, ORG.organization, ORG.unitOf, ORG.subOrganizationOf,
    PROV.wasAttributedTo, DCTERMS.isPartOf, DCTERMS.creator, DCTERMS.spatial,
]
#: Drawn once, in the legend, not per class: every resource points at its source.
PROVENANCE = PROV.wasDerivedFrom

# --- Areas and layout (hand-tuned) ---------------------------------------------------------

#: area key -> (title, the classes that root it; a class belongs to the first area that
#: holds it or one of its super-classes).
AREAS: dict[str, tuple[str, list[URIRef]]] = {
    "tie": ("Ties: n-ary relation nodes (status, dates, source)", [IG.Tie, IG.Outcome]),
    "org": ("Organisations", [ORG.Organization]),
    "place": ("Places", [IG.Place]),
    "ilo": (
        "ILO instruments and law",
        [IG.ILOInstrument, IG.ConventionCategory, IG.ClassificationPeriod, IG.CategoryAssignment,
         IG.LegalAct, IG.LegislativeChange, IG.PolicyDocument],
    ),
    "prog": (
        "Programme, sources, figures",
        [IG.Programme, IG.ProgrammeSection, IG.ReferenceRecord, IG.Goal, IG.TargetGroup, IG.Task,
         IG.Topic, IG.Status, IG.PlannedMeasure, IG.GoalAlignment, IG.EditorialAgent,
         IG.StatedFigure, IG.FigureMeasure, IG.Bound],
    ),
}
AREA_COLOURS = {
    "org": "#e8f1fb", "place": "#eaf6ea", "tie": "#fdf3e3", "prog": "#f3ecf8", "ilo": "#fbeaea",
}
#: Panel geometry in inches: x, top y (None: under the panel named in "below"), width.
PANELS = {
    "org": {"x": 1.5, "y": 1.0, "w": 4.55},
    "place": {"below": "org", "x": 1.5, "w": 4.55},
    "tie": {"x": 8.85, "y": 1.0, "w": 4.6},
    "prog": {"x": 16.25, "y": 1.0, "w": 5.0},
    "ilo": {"below": "prog", "x": 16.25, "w": 5.0},
}
MARGIN = 1.5  # room for the arcs between panels of one column
#: Area pairs whose panels are neighbours: properties between them are drawn as arrows.
NEIGHBOURS = {
    frozenset(p) for p in [
        ("org", "tie"), ("org", "place"), ("tie", "place"), ("tie", "prog"), ("tie", "ilo"),
        ("prog", "ilo"),
    ]
}
#: Order of siblings in the trees (others follow alphabetically).
ORDER = [
    ORG.FormalOrganization, IG.TradeUnionOrganisation, IG.NationalTradeUnionCentre,
    IG.FocalFederation, IG.ForeignNationalCentre, IG.BranchUnion, IG.TerritorialAssociation,
    IG.InternationalUnionBody, IG.InternationalConfederation, IG.RegionalUnionOrganisation,
    IG.GlobalUnionFederation, IG.IntergovernmentalOrganisation, IG.UNSystemOrganisation,
    IG.GovernmentBody, IG.DonorAgency, IG.Foundation, IG.NonGovernmentalOrganisation,
    IG.Company, IG.SocialPartnerSide, ORG.OrganizationalUnit,
    IG.Tie, IG.Membership, IG.Agreement, IG.MemorandumOfUnderstanding, IG.ProtocolOfIntentions,
    IG.GeneralAgreement, IG.CooperationArrangement, IG.Negotiation, IG.Cooperation,
    IG.Activity, IG.Event, IG.WorkingVisit, IG.Project, IG.Ratification, IG.Outcome,
    IG.Country, IG.City, IG.Region,
    DCTERMS.BibliographicResource, IG.ILOInstrument, IG.Convention, IG.Protocol, IG.LegalAct,
    IG.RatificationLaw, IG.ClassificationPeriod,
    SKOS.Concept, IG.Status, IG.Topic, IG.Goal, IG.Task, IG.TargetGroup, IG.FigureMeasure,
    IG.Bound, PROV.Entity, IG.ProgrammeSection, IG.ReferenceRecord, IG.Programme,
    IG.GoalAlignment, IG.StatedFigure, IG.PlannedMeasure, IG.EditorialAgent,
    IG.ConventionCategory, IG.LegislativeChange, IG.CategoryAssignment,
]

ROW_H = 0.205  # inches per class row
NOTE_H = 0.158  # inches per annotation row
INDENT = 0.2
TITLE_H = 0.36
GAP = 0.45


def load_graph(ontology_dir: Path, data_dir: Path) -> rdflib.Graph:
    """The OWL files of ``ontology_dir`` (SHACL shapes left out) and all of ``data_dir``."""
    g = rdflib.Graph()
    for path in sorted(ontology_dir.glob("*.ttl")):
        if not path.name.startswith("shapes"):
            g.parse(path, format="turtle")
    for path in sorted(data_dir.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def short(term: URIRef) -> str:
    s = str(term)
    for ns, prefix in PREFIXES.items():
        if s.startswith(ns):
            return prefix + s[len(ns):]
    return s


@dataclass
class Edge:
    prop: URIRef
    domain: URIRef
    range: URIRef | None  # None: untyped objects (external IRIs)
    count: int
    declared: bool
    folded: list[URIRef] = field(default_factory=list)

    def label(self) -> str:
        name = short(self.prop)
        if self.folded:
            name += " ⊃ " + ", ".join(short(p) for p in self.folded)
        return name


class Model:
    """Classes, hierarchy, areas and property edges read from the graph."""

    def __init__(self, g: rdflib.Graph) -> None:
        self.g = g
        self.parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        self.classes: set[URIRef] = set(g.subjects(RDF.type, OWL.Class))  # type: ignore[arg-type]
        for c in self.classes:
            for p in g.objects(c, RDFS.subClassOf):
                if isinstance(p, URIRef):
                    self.parents[c].add(p)
        for c, p in EXTERNAL_AXIOMS:
            self.parents[c].add(p)
        self.instances = Counter(
            o for s, o in g.subject_objects(RDF.type)
            if str(s).startswith("https://w3id.org/intlgraph/") and not str(s).startswith(str(IG))
        )
        self.area = {c: self._area_of(c) for c in self.classes}

    # hierarchy ----------------------------------------------------------------------------
    def ancestors(self, c: URIRef) -> set[URIRef]:
        seen, todo = {c}, [c]
        while todo:
            for p in self.parents.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    def _area_of(self, c: URIRef) -> str | None:
        anc = self.ancestors(c)
        for key, (_title, roots) in AREAS.items():
            if anc & set(roots):
                return key
        return None

    def types_closure(self, node: rdflib.term.Node) -> set[URIRef]:
        out: set[URIRef] = set()
        for t in self.g.objects(node, RDF.type):
            if isinstance(t, URIRef):
                out |= self.ancestors(t)
        return out

    def most_specific(self, cands: Iterable[URIRef]) -> list[URIRef]:
        cands = set(cands)
        return sorted(
            (c for c in cands if not any(c != d and c in self.ancestors(d) for d in cands)),
            key=lambda c: (-len(self.ancestors(c)), str(c)),
        )

    def shared_class(self, nodes: list[rdflib.term.Node]) -> list[URIRef] | None:
        """The class that all nodes share (most specific, own classes first); or, if they
        share only a generic class, each node's own most specific class; None if untyped."""
        closures = [self.types_closure(n) for n in nodes]
        if not any(closures):
            return None
        common = set.intersection(*closures) if all(closures) else set()
        own = [c for c in common if c in self.classes]
        if own:
            return self.most_specific(own)[:1]
        ext = [c for c in common if c not in GENERIC]
        if ext:
            return self.most_specific(ext)[:1]
        split = {self.most_specific(c & self.classes)[0] for c in closures if c & self.classes}
        return sorted(split, key=str)

    def declared(self, prop: URIRef, axis: URIRef) -> URIRef | None:
        for p in [prop, *self.g.transitive_objects(prop, RDFS.subPropertyOf)]:
            v = self.g.value(p, axis)
            if isinstance(v, URIRef):
                return v
        return None

    # edges ----------------------------------------------------------------------------------
    def edges(self) -> list[Edge]:
        props = sorted(self.g.subjects(RDF.type, OWL.ObjectProperty), key=str)
        props += [p for p in EXTRA_PROPERTIES if (None, p, None) in self.g]
        supers = {p: self.g.value(p, RDFS.subPropertyOf) for p in props}
        out: dict[tuple[URIRef, URIRef, URIRef | None], Edge] = {}
        for prop in props:
            pairs = list(self.g.subject_objects(prop))
            if not pairs:
                continue
            sup = supers.get(prop)
            own_axes = self.g.value(prop, RDFS.domain) or self.g.value(prop, RDFS.range)
            if sup in props and not own_axes:
                continue  # folded into the super-property's edge below
            dom = self.declared(prop, RDFS.domain)
            rng = self.declared(prop, RDFS.range)
            doms = [dom] if dom else self.shared_class([s for s, _ in pairs]) or []
            rngs: list[URIRef | None] = (
                [rng] if rng else list(self.shared_class([o for _, o in pairs]) or [None])
            )
            counts: Counter[tuple[URIRef, URIRef | None]] = Counter()
            for s, o in pairs:
                sd = next((d for d in doms if d in self.types_closure(s)), doms[0])
                oc = self.types_closure(o)
                orr = next((r for r in rngs if r is None or r in oc), rngs[0])
                counts[(sd, orr)] += 1
            for (d, r), n in counts.items():
                out[(prop, d, r)] = Edge(prop, d, r, n, declared=bool(dom and rng))
        # fold sub-properties (no axes of their own) into their super-property's edge
        for prop in props:
            sup = supers.get(prop)
            if sup in props and not (self.g.value(prop, RDFS.domain) or
                                     self.g.value(prop, RDFS.range)):
                n = sum(1 for _ in self.g.subject_objects(prop))
                for e in out.values():
                    if e.prop == sup and n:
                        e.folded.append(prop)
        return sorted(out.values(), key=lambda e: (short(e.prop), str(e.domain), str(e.range)))

    def provenance_counts(self) -> Counter[URIRef]:
        c: Counter[URIRef] = Counter()
        for o in self.g.objects(None, PROVENANCE):
            for t in self.g.objects(o, RDF.type):
                if isinstance(t, URIRef):
                    c[t] += 1
        return c

    def co_typed(self, a: URIRef, area: str) -> tuple[int, list[URIRef]]:
        """How many instances of class ``a`` are also typed with a class of ``area``, and the
        most specific class those share."""
        nodes = [s for s in self.g.subjects(RDF.type, a)
                 if any(self.area.get(t) == area for t in self.g.objects(s, RDF.type))]
        return len(nodes), (self.shared_class(nodes) or []) if nodes else []


# --- Tree layout ---------------------------------------------------------------------------

@dataclass
class Row:
    term: URIRef
    depth: int
    external: bool
    y: float = 0.0
    notes: list[Edge] = field(default_factory=list)
    also: list[URIRef] = field(default_factory=list)


def order_key(c: URIRef) -> tuple[int, str]:
    return (ORDER.index(c) if c in ORDER else len(ORDER), short(c))


def build_rows(model: Model, area: str) -> list[Row]:
    members = {c for c, a in model.area.items() if a == area}
    # external parents shared by two or more classes of the area become tree nodes
    ext_count = Counter(
        p for c in members for p in model.parents.get(c, ()) if p not in model.classes
    )
    ext_nodes = {p for p, n in ext_count.items() if n >= 2}
    ext_nodes |= {p for c in members for p in model.ancestors(c) if p in (ORG.Organization,)}
    for c, p in EXTERNAL_AXIOMS:
        if p in ext_nodes and any(c in model.parents.get(m, ()) for m in members):
            ext_nodes.add(c)
    nodes = members | ext_nodes

    def primary(c: URIRef) -> URIRef | None:
        ps = [p for p in model.parents.get(c, ()) if p in nodes]
        own = [p for p in ps if p in model.classes]
        if own:
            return sorted(own, key=order_key)[0]
        return sorted(ps, key=lambda p: (-ext_count.get(p, 0), order_key(p)))[0] if ps else None

    children: dict[URIRef | None, list[URIRef]] = defaultdict(list)
    for c in nodes:
        children[primary(c)].append(c)
    rows: list[Row] = []

    def walk(c: URIRef, depth: int) -> None:
        row = Row(c, depth, c not in model.classes)
        prim = primary(c)
        row.also = sorted((p for p in model.parents.get(c, ()) if p != prim), key=order_key)
        rows.append(row)
        for k in sorted(children.get(c, []), key=order_key):
            walk(k, depth + 1)

    for root in sorted(children[None], key=order_key):
        walk(root, 0)
    return rows


# --- Drawing ---------------------------------------------------------------------------------

def render(g: rdflib.Graph, outputs: list[Path]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "intlgraph"
    matplotlib.rcParams["font.family"] = "DejaVu Sans"

    model = Model(g)
    unplaced = sorted(short(c) for c, a in model.area.items() if a is None)
    if unplaced:
        print("warning: classes in no area: " + ", ".join(unplaced), file=sys.stderr)
    edges = [e for e in model.edges() if e.prop != PROVENANCE]
    rows = {a: build_rows(model, a) for a in AREAS}
    where = {r.term: a for a, rs in rows.items() for r in rs}

    arrows: list[Edge] = []
    for e in edges:
        da, ra = where.get(e.domain), where.get(e.range) if e.range is not None else None
        if da and ra and da != ra and frozenset((da, ra)) in NEIGHBOURS:
            arrows.append(e)
        else:
            row = next(r for r in rows[da or "prog"] if r.term == e.domain) if da else None
            if row is not None:
                row.notes.append(e)

    # the same nodes typed in two areas: planned measures are ties (activities, negotiations)
    n_co, shared = model.co_typed(IG.PlannedMeasure, "tie")
    co_note = (f"≡ the same {n_co} nodes are also typed with a {short(shared[0])} subclass"
               if n_co and shared else "")
    pm_row = next((r for r in rows["prog"] if r.term == IG.PlannedMeasure), None)

    # geometry
    geo: dict[str, dict[str, float]] = {}
    for a in ["org", "tie", "prog", "place", "ilo"]:
        spec = PANELS[a]
        y0 = spec["y"] if "y" in spec else geo[spec["below"]]["bottom"] + GAP  # type: ignore[index]
        y = y0 + TITLE_H
        for r in rows[a]:
            r.y = y + ROW_H / 2
            y += ROW_H + NOTE_H * (len(r.notes) + (r is pm_row and bool(co_note)))
        geo[a] = {"x": spec["x"], "w": spec["w"], "top": y0, "bottom": y + 0.08}  # type: ignore[dict-item]
    width = max(v["x"] + v["w"] for v in geo.values()) + MARGIN
    height = max(v["bottom"] for v in geo.values()) + 0.3

    fig = plt.figure(figsize=(width, height), dpi=110)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    ax.text(MARGIN, 0.42, "intlgraph ontology: classes by area and the main object properties",
            fontsize=15, weight="bold", va="center")
    ax.text(MARGIN, 0.72, "generated by scripts/render_ontology_diagram.py from ontology/*.ttl and "
            "data/*.ttl — · n = resources typed with the class in the data",
            fontsize=8.5, color="#555555", va="center")

    row_at: dict[URIRef, tuple[str, Row]] = {}
    for a, (title, _roots) in AREAS.items():
        gm = geo[a]
        ax.add_patch(FancyBboxPatch(
            (gm["x"], gm["top"]), gm["w"], gm["bottom"] - gm["top"],
            boxstyle="round,pad=0.02,rounding_size=0.08", fc=AREA_COLOURS[a], ec="#999999",
            lw=0.8))
        ax.text(gm["x"] + 0.12, gm["top"] + TITLE_H / 2 + 0.02, title, fontsize=10.5,
                weight="bold", va="center")
        for r in rows[a]:
            row_at[r.term] = (a, r)
            x = gm["x"] + 0.15 + INDENT * r.depth
            if r.depth:
                ax.plot([x - INDENT + 0.06, x - INDENT + 0.06, x - 0.03],
                        [r.y - ROW_H * 0.55, r.y, r.y], color="#aaaaaa", lw=0.6)
            name = short(r.term)
            n = 0 if r.external else model.instances.get(r.term, 0)
            text = ax.text(x, r.y, name, fontsize=8.3, va="center",
                           style="italic" if r.external else "normal",
                           color="#666666" if r.external else "#111111",
                           weight="normal" if r.external else "bold")
            suffix = []
            if n:
                suffix.append(f"· {n}")
            if r.also:
                suffix.append("⊑ " + ", ".join(short(p) for p in r.also))
            if suffix:
                ax.annotate("  " + "  ".join(suffix), xy=(1, 0.5), xycoords=text,
                            va="center", fontsize=7.3, color="#555555")
            for i, e in enumerate(r.notes):
                rng = short(e.range) if e.range is not None else "(external IRI)"
                star = "" if e.declared else "*"
                ax.text(x + 0.14, r.y + ROW_H / 2 + NOTE_H * (i + 0.45),
                        f"↳ {e.label()} → {rng}  ({e.count}){star}", fontsize=6.9,
                        color="#34495e", va="center")
            if r is pm_row and co_note:
                ax.text(x + 0.14, r.y + ROW_H / 2 + NOTE_H * (len(r.notes) + 0.45), co_note,
                        fontsize=6.9, color="#7f4f24", va="center")

    # arrows between neighbouring areas: one per (domain, range), properties merged
    merged: dict[tuple[URIRef, URIRef], list[Edge]] = defaultdict(list)
    for e in arrows:
        merged[(e.domain, e.range)].append(e)  # type: ignore[index]
    fan: Counter[tuple[str, str]] = Counter()
    spread = [0.3, 0.7, 0.5, 0.4, 0.6, 0.2, 0.8]
    for (dom, rng), group in sorted(merged.items(),
                                    key=lambda kv: (row_at[kv[0][0]][1].y, short(kv[0][1]))):
        sa, srow = row_at[dom]
        ta, trow = row_at[rng]
        gs, gt = geo[sa], geo[ta]
        k = fan[(sa, ta)]
        fan[(sa, ta)] += 1
        declared = all(e.declared for e in group)
        colour = "#1f4e79" if declared else "#8e44ad"
        ys, yt = srow.y, trow.y
        if abs(gs["x"] - gt["x"]) < 0.01:  # same column: arc in the outer margin
            left = gs["x"] < width / 2
            xs = xt = gs["x"] if left else gs["x"] + gs["w"]
            bulge = 0.45 + 0.42 * k
            rad = 2 * bulge / abs(yt - ys)
            rad = rad if (ys < yt) == left else -rad
            style = f"arc3,rad={rad:.3f}"
            lx, ly, ha = (xs - bulge if left else xs + bulge), (ys + yt) / 2 + 0.3 * k, "center"
        else:
            forward = gs["x"] < gt["x"]
            xs = gs["x"] + gs["w"] if forward else gs["x"]
            xt = gt["x"] if forward else gt["x"] + gt["w"]
            style = "arc3,rad=0.0"
            t = spread[k % len(spread)]
            lx, ly, ha = xs + (xt - xs) * t, ys + (yt - ys) * t, "center"
        ax.add_patch(FancyArrowPatch(
            (xs, ys), (xt, yt), connectionstyle=style, arrowstyle="-|>", mutation_scale=11,
            lw=1.1, color=colour, linestyle="-" if declared else (0, (4, 2.5)),
            shrinkA=2, shrinkB=2, zorder=3))
        for xx, yy in ((xs, ys), (xt, yt)):
            ax.plot([xx], [yy], "o", ms=3, color=colour, zorder=4)
        label = "\n".join(
            f"{short(e.prop)} ({e.count}){'' if e.declared else '*'}"
            + ("".join("\n  " + ln for ln in textwrap.wrap(
                "⊃ " + ", ".join(short(p) for p in e.folded), 30)) if e.folded else "")
            for e in group)
        ax.text(lx, ly, label, fontsize=7.2, ha=ha, va="center", color=colour, zorder=5,
                linespacing=1.15,
                bbox={"boxstyle": "round,pad=0.18", "fc": "white", "ec": colour, "lw": 0.5})

    # legend
    prov = model.provenance_counts()
    lx, ly = geo["tie"]["x"], geo["tie"]["bottom"] + 0.35
    lines = [
        ("—", "#1f4e79", "solid arrow: rdfs:domain and rdfs:range declared in the ontology"),
        ("- -", "#8e44ad", "dashed arrow / *: domain or range read from the data "
                           "(subject class → object class)"),
        ("(n)", "#333333", "number of triples with the property in data/*.ttl"),
        ("↳", "#34495e", "property inside one area (or between areas that are not neighbours)"),
        ("⊑", "#555555", "further super-classes (reused vocabularies in italics/prefixed)"),
        ("prov", "#333333", "every resource: prov:wasDerivedFrom → "
         + ", ".join(f"{short(c)} ({n})" for c, n in prov.most_common(2))),
    ]
    ax.text(lx, ly, "Legend", fontsize=9.5, weight="bold", va="center")
    for i, (sym, col, txt) in enumerate(lines):
        yy = ly + 0.24 * (i + 1)
        ax.text(lx, yy, sym, fontsize=8, color=col, va="center", weight="bold")
        ax.text(lx + 0.42, yy, txt, fontsize=7.6, color="#333333", va="center")

    for out in outputs:
        out.parent.mkdir(parents=True, exist_ok=True)
        meta = {"Date": None} if out.suffix == ".svg" else {"Software": None}
        fig.savefig(out, format=out.suffix[1:], metadata=meta)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", action="append", type=Path,
                    help="output file (.png or .svg); repeatable; default docs/img/ontology.*")
    ap.add_argument("--ontology", type=Path, default=REPO / "ontology")
    ap.add_argument("--data", type=Path, default=REPO / "data")
    args = ap.parse_args(argv)
    outputs = args.output or DEFAULT_OUTPUTS
    bad = [o for o in outputs if o.suffix not in (".png", ".svg")]
    if bad:
        ap.error(f"unsupported output type: {bad[0]} (use .png or .svg)")
    render(load_graph(args.ontology, args.data), outputs)
    for o in outputs:
        print(o)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
