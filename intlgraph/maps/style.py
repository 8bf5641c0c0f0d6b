"""The maps' shared look: colours and shapes by organisation type, colours by tie kind, and
the words of the legend in English and Russian.

>>> from intlgraph.maps import style
>>> style.node_style("national-centre"), style.edge_colour("membership")
(('#1f77b4', 'dot'), '#d62728')
>>> style.name("membership", "ru"), style.UI["ru"]["title"]
('членство', 'Международное сотрудничество')
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = [
    "CATEGORY_CLASS",
    "CATEGORY_STYLE",
    "KIND_CLASS",
    "KIND_COLOURS",
    "MARKERS",
    "STATUS",
    "UI",
    "class_label",
    "display_label",
    "edge_colour",
    "name",
    "node_style",
    "status_label",
    "term_label",
]

#: category -> (colour, vis-network shape)
CATEGORY_STYLE: dict[str, tuple[str, str]] = {
    "federation": ("#d62728", "star"),
    "branch-union": ("#ff7f0e", "triangle"),
    "national-centre": ("#1f77b4", "dot"),
    "international-union-body": ("#9467bd", "hexagon"),
    "un-system": ("#17becf", "square"),
    "unit": ("#9edae5", "triangleDown"),
    "foundation": ("#2ca02c", "diamond"),
    "ngo": ("#bcbd22", "diamond"),
    "government": ("#8c564b", "square"),
    "social-partners": ("#e377c2", "triangleDown"),
    "company": ("#7f7f7f", "square"),
    "country": ("#c7c7c7", "dot"),
    "convention": ("#f7b6d2", "triangle"),
    "event": ("#ffbb78", "dot"),
    "other": ("#aaaaaa", "dot"),
}

#: vis-network shape -> matplotlib marker
MARKERS: dict[str, str] = {
    "star": "*",
    "triangle": "^",
    "dot": "o",
    "hexagon": "h",
    "square": "s",
    "triangleDown": "v",
    "diamond": "D",
}

#: tie kind -> edge colour
KIND_COLOURS: dict[str, str] = {
    "membership": "#d62728",
    "office": "#c49c94",
    "agreement": "#1f77b4",
    "cooperation": "#2ca02c",
    "training": "#9467bd",
    "negotiation": "#ff7f0e",
    "visit": "#8c564b",
    "project": "#e377c2",
    "event": "#17becf",
    "consultation": "#bcbd22",
    "information": "#7f7f7f",
    "support": "#6b8fb3",
    "initiative": "#98df8a",
    "activity": "#c5b0d5",
    "structure": "#b0b0b0",
    "ratification": "#ff9896",
    "instrument": "#f7b6d2",
    "based-in": "#dddddd",
}

#: The ontology class whose label names a node category (the map's colours) ...
CATEGORY_CLASS: dict[str, str] = {
    "federation": "FocalFederation",
    "branch-union": "BranchUnion",
    "national-centre": "NationalTradeUnionCentre",
    "international-union-body": "InternationalUnionBody",
    "un-system": "IntergovernmentalOrganisation",
    "unit": "OrganisationUnit",
    "foundation": "Foundation",
    "ngo": "NonGovernmentalOrganisation",
    "government": "GovernmentBody",
    "social-partners": "SocialPartnerSide",
    "company": "Company",
    "country": "Country",
    "convention": "Convention",
    "event": "Event",
}
#: ... and a tie kind (the colours of the lines).
KIND_CLASS: dict[str, str] = {
    "membership": "Membership",
    "office": "OfficeHeld",
    "agreement": "Agreement",
    "cooperation": "Cooperation",
    "training": "Training",
    "negotiation": "Negotiation",
    "visit": "WorkingVisit",
    "project": "Project",
    "event": "Event",
    "consultation": "Consultation",
    "information": "InformationActivity",
    "support": "SupportActivity",
    "initiative": "Initiative",
    "activity": "Activity",
    "ratification": "Ratification",
    "instrument": "ILOInstrument",
}

# words with no term in the ontology: links of structure, measures of node size
_NAMES: dict[str, tuple[str, str]] = {
    "other": ("other", "другое"),
    "structure": ("part of", "входит в состав"),
    "based-in": ("based in", "страна"),
    "degree": ("number of partners", "число партнёров"),
    "betweenness": ("betweenness", "посредничество"),
    "closeness": ("closeness", "близость"),
    "eigenvector": ("eigenvector centrality", "центральность по собственному вектору"),
    "weight": ("number of ties", "число связей"),
    "none": ("equal", "одинаковый"),
}

_ONT = "https://w3id.org/intlgraph/ont#"


@cache
def _ontology_labels() -> dict[tuple[str, str], str]:
    """``(term, lang) -> label`` of the bundled ontology's and vocabularies' terms
    (``rdfs:label``, ``skos:prefLabel``), read once."""
    import rdflib
    from rdflib.namespace import RDFS, SKOS

    from intlgraph import ontology

    graph = ontology.graph()
    found: dict[tuple[str, str], str] = {}
    for predicate in (SKOS.prefLabel, RDFS.label):
        for term, _, text in graph.triples((None, predicate, None)):
            if isinstance(text, rdflib.Literal) and text.language:
                found.setdefault((str(term), text.language), str(text))
    return found


def term_label(iri: str, lang: str = "en") -> str | None:
    """The label of an ontology or vocabulary term in ``lang`` (then English), read from the
    bundled ontology; None for a term it does not define.

    >>> term_label("https://w3id.org/intlgraph/vocab/status/sought", "ru")
    'добивается'
    >>> term_label("https://w3id.org/intlgraph/ont#UNSystemOrganisation")
    'UN-system organisation'
    """
    from intlgraph.i18n import fallback

    labels = _ontology_labels()
    for tag in fallback(lang):
        if (iri, tag) in labels:
            return labels[(iri, tag)]
    return None


def class_label(local_name: str, lang: str = "en") -> str:
    """The label of an ontology class given by its local name (the name itself if the
    ontology has none).

    >>> class_label("FocalFederation"), class_label("ForeignNationalCentre", "ru")
    ('the Federation', 'зарубежный профцентр')
    """
    return term_label(_ONT + local_name, lang) or local_name


def status_label(status: str, lang: str = "en") -> str:
    """The label of a tie status given by its local name (``planned``, ``sought`` ...).

    >>> status_label("in-negotiation"), status_label("done", "ru")
    ('in negotiation', 'проведено')
    """
    if not status:
        return ""
    return term_label(STATUS + status, lang) or status


#: The namespace of the tie statuses.
STATUS = "https://w3id.org/intlgraph/vocab/status/"


def _ui(lang: str) -> dict[str, str]:
    from intlgraph.i18n import catalogue

    words = {
        key.removeprefix("map."): text
        for key, text in catalogue(lang).items()
        if key.startswith("map.") and key != "map.title"  # map.title: the programme's
    }
    words["title"] = words.pop("plain_title")
    return words


#: The words of the page, by language (the ``map.*`` messages of
#: ``intlgraph/messages/<lang>.json``).
UI: dict[str, dict[str, str]] = {lang: _ui(lang) for lang in ("en", "ru")}


def name(key: str, lang: str = "en") -> str:
    """The display name of a node category or tie kind in ``lang``: the label of its class in
    the ontology (the key itself if unknown).

    >>> from intlgraph.maps.style import name
    >>> name("international-union-body"), name("visit", "ru"), name("betweenness", "ru")
    ('international trade-union body', 'рабочий визит', 'посредничество')
    >>> name("GlobalUnionFederation")  # not a category: as given
    'GlobalUnionFederation'
    """
    local = CATEGORY_CLASS.get(key) or KIND_CLASS.get(key)
    if local is not None:
        return class_label(local, lang)
    pair = _NAMES.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "ru" else pair[0]


def title(G: Any, lang: str = "en") -> str:
    """The default title of a map of ``G``: the international cooperation of its one focal
    organisation (category ``federation``), by its short name; else a plain title.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("x", category="federation", short_en="EXF", short_ru="ЭКФ")
    >>> title(G), title(G, "ru"), title(nx.Graph())
    ('International cooperation of the EXF', 'Международное сотрудничество ЭКФ',
     'International cooperation')
    """
    from intlgraph.i18n import message

    focal = [data for _, data in G.nodes(data=True) if data.get("category") == "federation"]
    if len(focal) != 1:
        return UI[lang]["title"] if lang in UI else UI["en"]["title"]
    data = focal[0]
    name = data.get(f"short_{lang}") or data.get("short_en") or data.get("label") or ""
    return message("map.title", lang, organisation=name) if name else UI[lang]["title"]


def node_style(category: str) -> tuple[str, str]:
    """``(colour, vis shape)`` of a node category (grey dot when unknown).

    >>> from intlgraph.maps.style import MARKERS, node_style
    >>> node_style("federation"), MARKERS[node_style("federation")[1]]  # a matplotlib star
    (('#d62728', 'star'), '*')
    >>> node_style("international-union-body"), node_style("trade-association")
    (('#9467bd', 'hexagon'), ('#aaaaaa', 'dot'))
    """
    return CATEGORY_STYLE.get(category, CATEGORY_STYLE["other"])


def edge_colour(kind: str) -> str:
    """The colour of a tie kind.

    >>> from intlgraph.maps.style import edge_colour
    >>> edge_colour("agreement"), edge_colour("no-such-kind")
    ('#1f77b4', '#999999')
    """
    return KIND_COLOURS.get(kind, "#999999")


def display_label(data: dict[str, Any], lang: str, node: Any = "", limit: int = 32) -> str:
    """The short label a map shows for a node: its acronym in ``lang`` (or English), else
    its label, cut at ``limit`` characters.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> from intlgraph.maps.style import display_label
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> display_label(G.nodes[network.ORG + "ituc"], "ru")
    'МКП'
    >>> display_label(G.nodes[network.ORG + "ilo-geneva"], "en")  # no acronym: the label, cut
    'International Labour Office, Gene…'
    """
    text = str(
        data.get(f"short_{lang}")
        or data.get("short_en")
        or data.get(f"label_{lang}")
        or data.get("label")
        or str(node).rsplit("/", 1)[-1]
    )
    return text if len(text) <= limit else text[: limit + 1].rstrip() + "…"


def full_label(data: dict[str, Any], lang: str, node: Any = "") -> str:
    """The full name of a node in ``lang``.

    >>> from intlgraph.maps.style import full_label
    >>> node = {"label_en": "International Trade Union Confederation",
    ...         "label_ru": "Международная конфедерация профсоюзов"}
    >>> full_label(node, "ru")
    'Международная конфедерация профсоюзов'
    >>> full_label({}, "en", "https://w3id.org/intlgraph/id/org/ituc")  # no label: the IRI's end
    'ituc'
    """
    return str(data.get(f"label_{lang}") or data.get("label") or str(node).rsplit("/", 1)[-1])
