"""From RDF to networkx: the cooperation network as the named queries ``queries/network/*`` see it.

Nodes are organisations (and, when asked, events, countries and ILO conventions); an edge
joins two nodes that share at least one tie and keeps every tie with its kind, status, dates
and sources.

>>> import intlgraph
>>> from intlgraph import network
>>> G = network.project(intlgraph.load(engine="oxigraph"))  # any engine: the same network
>>> G.number_of_nodes(), G.number_of_edges()
(63, 72)
>>> G.nodes[network.ORG + "gtuc"]["label"], G.nodes[network.ORG + "fprk"]["short_ru"]
('Georgian Trade Unions Confederation', 'ФПРК')
>>> G.edges[network.ORG + "fprk", network.ORG + "gtuc"]["kinds"]
['agreement', 'negotiation', 'visit']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Any

from intlgraph.exc import NetworkError
from intlgraph.ontology import ClassTables, class_tables, prospective_statuses

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from intlgraph.kg import KnowledgeGraph

__all__ = [
    "INCLUDE",
    "KINDS",
    "ORG",
    "ClassTables",
    "category_of",
    "class_tables",
    "kind_of",
    "parse_as_of",
    "project",
]

ID = "https://w3id.org/intlgraph/id/"
ORG = ID + "org/"
ONT = "https://w3id.org/intlgraph/ont#"

#: Node kinds :func:`project` can include.
INCLUDE: tuple[str, ...] = ("organisation", "event", "country", "convention")

#: Tie kinds, strongest first (an edge's main ``kind`` is the first of its kinds here).
KINDS: tuple[str, ...] = (
    "membership",
    "office",
    "agreement",
    "cooperation",
    "training",
    "negotiation",
    "visit",
    "project",
    "event",
    "consultation",
    "information",
    "support",
    "initiative",
    "activity",
    "structure",
    "ratification",
    "instrument",
    "based-in",
)

_PRIORITY: tuple[str, ...] = (  # a tie of several classes takes the first kind here
    "membership",
    "office",
    "agreement",
    "training",
    "visit",
    "negotiation",
    "project",
    "event",
    "cooperation",
    "consultation",
    "information",
    "support",
    "initiative",
    "ratification",
    "activity",
)


def __getattr__(name: str) -> dict[str, str]:
    """``CATEGORIES`` (deprecated: use ``class_tables().categories``): class -> category."""
    if name == "CATEGORIES":
        from intlgraph import deprecation

        deprecation.warn("network.projection.CATEGORIES", "intlgraph.ontology.class_tables()")
        return dict(class_tables().categories)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_STRUCTURE = {
    "http://www.w3.org/ns/org#unitOf": "unitOf",
    "http://www.w3.org/ns/org#subOrganizationOf": "subOrganizationOf",
    ONT + "partOfSystem": "partOfSystem",
}


def local(iri: str) -> str:
    """The local name of an IRI (after ``#`` or the last ``/``).

    >>> from intlgraph.network.projection import local
    >>> local("https://w3id.org/intlgraph/ont#BranchUnion")
    'BranchUnion'
    >>> local("https://w3id.org/intlgraph/id/org/fprk")
    'fprk'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def kind_of(classes: Iterable[str]) -> tuple[str, str]:
    """The tie kind and the class that decides it, for a tie of ``classes`` (local names).

    >>> from intlgraph import network
    >>> network.kind_of(["WorkingVisit", "Negotiation", "PlannedMeasure"])
    ('visit', 'WorkingVisit')
    >>> network.kind_of(["ProtocolOfIntentions"]), network.kind_of(["Outcome"])
    (('agreement', 'ProtocolOfIntentions'), ('activity', 'Tie'))
    """
    return _kind_of(frozenset(classes))


@lru_cache(maxsize=1024)  # a few dozen class sets, asked once per tie and pair
def _kind_of(classes: frozenset[str]) -> tuple[str, str]:
    kinds = class_tables().kinds
    found = {kinds[c]: c for c in sorted(classes) if c in kinds}
    for kind in _PRIORITY:
        if kind in found:
            return kind, found[kind]
    return "activity", "Tie"


def category_of(node_type: str) -> str:
    """The coarse group of a node type (``"other"`` when unknown).

    >>> from intlgraph import network
    >>> network.category_of("ForeignNationalCentre"), network.category_of("GlobalUnionFederation")
    ('national-centre', 'international-union-body')
    """
    return class_tables().categories.get(node_type, "other")


def parse_as_of(as_of: str | dt.date | None) -> dt.date | None:
    """``None`` (and ``"latest"``) for the latest known view, else the day as a date.

    >>> from intlgraph import network
    >>> network.parse_as_of("2021-06-02"), network.parse_as_of("latest")
    (datetime.date(2021, 6, 2), None)
    >>> network.parse_as_of("June 2021")
    Traceback (most recent call last):
    intlgraph.exc.NetworkError: --as-of 'June 2021': expected a date YYYY-MM-DD or 'latest'
    """
    if as_of is None or isinstance(as_of, dt.date):
        return as_of
    text = str(as_of).strip()
    if text in {"", "latest"}:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise NetworkError(f"--as-of {as_of!r}: expected a date YYYY-MM-DD or 'latest'") from None


def _text(value: Any) -> str:
    """A date-like cell as text: 2021, '2022-11', date(2024, 6, 10) -> '2024-06-10'."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _source_label(section: str, reference_file: str, row: str, iri: str) -> str:
    if section:
        return f"§{section}"
    if reference_file:
        return f"{reference_file} #{row}" if row else reference_file
    return local(iri)


@dataclass
class _Tie:
    iri: str
    classes: set[str] = field(default_factory=set)
    parties: set[str] = field(default_factory=set)
    status: str = ""
    as_of: str = ""
    date: str = ""
    planned_year: str = ""
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return kind_of(self.classes)[0]

    @property
    def type(self) -> str:
        return kind_of(self.classes)[1]

    @property
    def is_activity(self) -> bool:
        return bool(self.classes & class_tables().activities)

    def record(self, labels: dict[str, str], *, kind: str | None = None) -> dict[str, Any]:
        year = (self.date or self.planned_year or self.as_of)[:4]
        return {
            "tie": self.iri,
            "label": str(labels.get(self.iri, local(self.iri))),
            "kind": kind or self.kind,
            "type": self.type,
            "status": self.status,
            "date": self.date,
            "planned_year": self.planned_year,
            "as_of": self.as_of,
            "year": int(year) if year.isdigit() else None,
            "sources": sorted(self.sources),
            "source_labels": sorted(set(self.sources.values())),
            "parties": sorted(self.parties),
        }


def _column(frame: pd.DataFrame, name: str) -> list[str]:
    """A column's cells as text (:func:`_text`), read as one list (iterating a frame's rows
    goes through pandas per cell: 4 s of the 1M world's projection)."""
    import pandas as pd

    missing = pd.NA
    return [
        v if type(v) is str else "" if v is None or v is missing else _text(v)
        for v in frame[name].to_numpy(dtype=object)
    ]


def _least(kept: str, new: str) -> str:
    """The smaller of two values as text, an empty one (unbound) aside: notations, xsd:date
    and xsd:gYear values sort as their text.

    >>> _least("", "2022-01-01"), _least("2022-01-01", "2021-06-02"), _least("held", "")
    ('2022-01-01', '2021-06-02', 'held')
    """
    return new if new and (not kept or new < kept) else kept


def _read_ties(
    ties_frame: pd.DataFrame, parties: pd.DataFrame, sources: pd.DataFrame
) -> dict[str, _Tie]:
    """The ties of ``network/ties`` with their parties (``network/tie-parties``) and their
    sources' labels (``network/sources``), joined here: one query with the parties and the
    sources' sections took 3.2 s at 1M triples, the three 2.2 s (benchmarks/README.md).

    The ties and their parties come in any order (an ORDER BY over 100,000 rows of IRIs was
    half of either query's time at 1M triples): a tie's status, dates and planned year are
    the smallest of its values, as the first row of the once-ordered query gave, and the
    ties are returned in the order of their IRIs. The sources' rows are ordered: of a
    source's sections and (file, row) pairs, the last in that order labels it."""
    ties: dict[str, _Tie] = {}
    local_of: dict[str, str] = {}  # a few dozen classes, asked once per row
    columns = (
        "tie",
        str(ties_frame.columns[1]),
        "status",
        "asOf",
        "date",
        "plannedYear",
        "source",
    )
    # of a source's sections and (file, row) pairs the last in the query's order (the one
    # query's cross product ended on both)
    sections: dict[str, str] = {}
    rows_of: dict[str, tuple[str, str]] = {}
    source_columns = (
        _column(sources, name) for name in ("source", "section", "referenceFile", "row")
    )
    for source, section, file, row in zip(*source_columns, strict=True):
        if section:
            sections[source] = section
        if file:
            rows_of[source] = (file, row)
    labels: dict[str, str] = {}
    rows = zip(*(_column(ties_frame, name) for name in columns), strict=True)
    for iri, kind, status, as_of, date, year, source in rows:
        tie = ties.get(iri)
        if tie is None:
            tie = ties[iri] = _Tie(iri)
        name = local_of.get(kind)
        if name is None:
            name = local_of[kind] = local(kind)
        tie.classes.add(name)
        tie.status = _least(tie.status, status)
        tie.as_of = _least(tie.as_of, as_of)
        tie.date = _least(tie.date, date)
        tie.planned_year = _least(tie.planned_year, year)
        if source and source not in tie.sources:
            label = labels.get(source)
            if label is None:
                file, row = rows_of.get(source, ("", ""))
                label = labels[source] = _source_label(sections.get(source, ""), file, row, source)
            tie.sources[source] = label
    for iri, party in zip(_column(parties, "tie"), _column(parties, "party"), strict=True):
        tie = ties.get(iri)
        if tie is not None:
            tie.parties.add(party)
    return dict(sorted(ties.items()))


def _keep(ties: Iterable[_Tie], cut: dt.date | None, history: bool = False) -> list[_Tie]:
    """Drop ties known only after ``cut``; of status records of the same parties and kind,
    keep the latest known at ``cut``. Activities (each one an occurrence) are all kept."""
    known = [t for t in ties if cut is None or not t.as_of or t.as_of <= cut.isoformat()]
    if history:
        return known
    latest: dict[tuple[frozenset[str], str], str] = {}
    for tie in known:
        if not tie.is_activity and tie.as_of:
            key = (frozenset(tie.parties), tie.kind)
            latest[key] = max(latest.get(key, ""), tie.as_of)
    return [
        t
        for t in known
        if t.is_activity
        or not t.as_of
        or t.as_of == latest.get((frozenset(t.parties), t.kind), t.as_of)
    ]


def project(
    kg: KnowledgeGraph,
    *,
    include: Iterable[str] = ("organisation",),
    kinds: Iterable[str] | None = None,
    as_of: str | dt.date | None = None,
    lang: str = "en",
    isolates: bool = True,
    history: bool = False,
) -> nx.Graph[Any]:
    """The cooperation network of ``kg`` as an undirected networkx graph.

    ``include`` adds node kinds to the organisations: ``"event"`` (activities become nodes
    linked to their parties, instead of edges between the parties), ``"country"`` (an
    organisation's country; ratifications with ``"convention"``) and ``"convention"`` (the
    ILO instruments ties list, address or ratify). ``kinds`` keeps only those tie kinds
    (:data:`KINDS`). ``as_of`` (a date, or ``None``/``"latest"``) drops ties known only
    later and keeps the latest status of each relation at that day (``history=True`` keeps
    every earlier status too). ``isolates=False`` drops nodes without edges.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> kg = intlgraph.load(engine="oxigraph")
    >>> fprk_ituc = network.ORG + "fprk", network.ORG + "ituc"
    >>> network.project(kg, as_of="2021-06-02", kinds=["membership"]).edges[fprk_ituc]["statuses"]
    ['sought']
    >>> network.project(kg, kinds=["membership"]).edges[fprk_ituc]["statuses"]  # latest known
    ['restored']
    >>> G = network.project(kg, include=["event"])  # activities become nodes
    >>> G.nodes["https://w3id.org/intlgraph/id/activity/visit-ituc"]["category"]
    'event'
    """
    import networkx as nx

    include = tuple(dict.fromkeys(include))
    unknown = [i for i in include if i not in INCLUDE]
    if unknown:
        raise NetworkError(f"cannot include {', '.join(unknown)}; choose from {', '.join(INCLUDE)}")
    if "organisation" not in include:
        include = ("organisation", *include)
    wanted = set(KINDS) if kinds is None else set(kinds)
    bad = sorted(wanted - set(KINDS))
    if bad:
        raise NetworkError(f"unknown tie kind {', '.join(bad)}; known kinds: {', '.join(KINDS)}")
    cut = parse_as_of(as_of)

    nodes: dict[str, dict[str, Any]] = {}
    for row in kg.query("network/organisations", labels=False).itertuples(index=False):
        node = nodes.setdefault(
            str(row.organisation), {"types": set(), "country": "", "acronyms": []}
        )
        node["types"].add(local(str(row[1])))
        node["country"] = node["country"] or _text(row.country)
        acronym = row.acronym
        if isinstance(acronym, str) and acronym not in node["acronyms"]:
            node["acronyms"].append(str(acronym))
    read = _read_ties(
        kg.query("network/ties", labels=False),
        kg.query("network/tie-parties", labels=False),
        kg.query("network/sources", labels=False),
    )
    ties = _keep(read.values(), cut, history)
    structure = kg.query("network/structure", labels=False)
    instruments = kg.query("network/instruments", labels=False) if "convention" in include else None

    edges: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    extra_nodes: dict[str, tuple[str, str]] = {}  # iri -> (type, category)
    tie_iris = {t.iri for t in ties}
    if instruments is not None:
        tie_iris |= {str(i) for i in instruments["tie"]}
    # the ties' labels in the language of the records, the nodes' in both
    labels = kg.labels(set(nodes) | tie_iris, "ru" if lang == "ru" else "en")
    other = kg.labels(set(nodes), "en" if lang == "ru" else "ru")
    labels_en, labels_ru = (other, labels) if lang == "ru" else (labels, other)

    def link(a: str, b: str, record: dict[str, Any]) -> None:
        if a != b and record["kind"] in wanted:
            edges[(a, b) if a < b else (b, a)].append(record)

    for tie in ties:
        if "event" in include and tie.is_activity:
            extra_nodes[tie.iri] = (tie.type, "event")
            for party in tie.parties:
                link(party, tie.iri, tie.record(labels))
        else:
            for a, b in combinations(sorted(tie.parties), 2):
                link(a, b, tie.record(labels))
    _link_structure(structure, link)
    if instruments is not None:
        _link_instruments(instruments, ties, include, cut, history, link, extra_nodes, labels)
    if "country" in include:
        for iri, node in nodes.items():
            if node["country"]:
                extra_nodes[node["country"]] = ("Country", "country")
                link(iri, node["country"], _plain_record("based-in", "country", []))

    graph: nx.Graph[Any] = nx.Graph(as_of=cut.isoformat() if cut else "latest", lang=lang)
    extra_iris = set(extra_nodes) - set(nodes)
    names_en = {**labels_en, **kg.labels(extra_iris, "en")}
    names_ru = {**labels_ru, **kg.labels(extra_iris, "ru")}
    for iri, node in nodes.items():
        node_type = _most_specific(node["types"])
        graph.add_node(iri, **_node_attrs(iri, node_type, node, names_en, names_ru, lang))
    for iri, (node_type, category) in extra_nodes.items():
        if iri not in graph:
            attrs = _node_attrs(iri, node_type, {"acronyms": []}, names_en, names_ru, lang)
            attrs["category"] = category
            graph.add_node(iri, **attrs)
    for (a, b), records in sorted(edges.items()):
        for end in (a, b):
            if end not in graph:
                graph.add_node(
                    end, **_node_attrs(end, "", {"acronyms": []}, names_en, names_ru, lang)
                )
        records.sort(key=lambda r: (r["as_of"], r["tie"], r["kind"]))
        kinds_here = sorted({r["kind"] for r in records}, key=KINDS.index)
        statuses = sorted({r["status"] for r in records if r["status"]})
        graph.add_edge(
            a,
            b,
            kinds=sorted(kinds_here),
            kind=kinds_here[0],
            statuses=statuses,
            planned=bool(statuses) and set(statuses) <= prospective_statuses(),
            ties=records,
            weight=len(records),
        )
    if not isolates:
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    return graph


def _plain_record(kind: str, node_type: str, sources: list[str]) -> dict[str, Any]:
    return {
        "tie": "",
        "label": "",
        "kind": kind,
        "type": node_type,
        "status": "",
        "date": "",
        "planned_year": "",
        "as_of": "",
        "year": None,
        "sources": sources,
        "source_labels": [],
        "parties": [],
    }


def _link_structure(structure: pd.DataFrame, link: Any) -> None:
    grouped: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    for row in structure.itertuples(index=False):
        sources = grouped[(str(row.child), str(row.parent), _STRUCTURE[str(row.relation)])]
        if _text(row.source):
            sources[_text(row.source)] = _source_label(
                _text(row.section), _text(row.referenceFile), _text(row.row), _text(row.source)
            )
    for (child, parent, relation), sources in grouped.items():
        record = _plain_record("structure", relation, sorted(sources))
        record["source_labels"] = sorted(set(sources.values()))
        record["parties"] = sorted((child, parent))
        link(child, parent, record)


def _link_instruments(
    instruments: pd.DataFrame,
    ties: list[_Tie],
    include: tuple[str, ...],
    cut: dt.date | None,
    history: bool,
    link: Any,
    extra_nodes: dict[str, tuple[str, str]],
    labels: dict[str, str],
) -> None:
    by_iri = {t.iri: t for t in ties}
    ratifications: dict[str, _Tie] = {}
    for row in instruments.itertuples(index=False):
        instrument, code = str(row.instrument), str(row.code)
        node_type = "Protocol" if code.startswith("P") else "Convention"
        if row.via == "ratifies":
            if "country" not in include:
                continue
            tie = ratifications.setdefault(str(row.tie), _Tie(str(row.tie), {"Ratification"}))
            tie.parties |= {str(row.state), instrument}
            tie.status, tie.as_of = _text(row.status), _text(row.asOf)
            extra_nodes[instrument] = (node_type, "convention")
            extra_nodes[str(row.state)] = ("Country", "country")
            continue
        source_tie = by_iri.get(str(row.tie))
        if source_tie is None:  # dropped by as_of, or a tie without parties
            continue
        extra_nodes[instrument] = (node_type, "convention")
        record = source_tie.record(labels, kind="instrument")
        if "event" in include and source_tie.is_activity:
            link(source_tie.iri, instrument, record)
        else:
            for party in sorted(source_tie.parties):
                link(party, instrument, record)
    for tie in _keep(ratifications.values(), cut, history):
        state, instrument = sorted(tie.parties, key=lambda p: "/instrument/" in p)
        link(state, instrument, tie.record(labels))


def _most_specific(types: set[str]) -> str:
    tables = class_tables()
    ranked = sorted(types, key=lambda t: (t not in tables.categories, -tables.depth.get(t, 0), t))
    return ranked[0] if ranked else ""


def _node_attrs(
    iri: str,
    node_type: str,
    node: dict[str, Any],
    names_en: dict[str, str],
    names_ru: dict[str, str],
    lang: str,
) -> dict[str, Any]:
    acronyms: list[str] = node["acronyms"]
    latin = [a for a in acronyms if not any("а" <= c.lower() <= "я" for c in a)]
    cyrillic = [a for a in acronyms if a not in latin]
    label_en = str(names_en.get(iri, local(iri)))
    label_ru = str(names_ru.get(iri, label_en))
    short_en = latin[0] if latin else label_en
    short_ru = cyrillic[0] if cyrillic else latin[0] if latin else label_ru
    return {
        "label": label_ru if lang == "ru" else label_en,
        "label_en": label_en,
        "label_ru": label_ru,
        "short_en": short_en,
        "short_ru": short_ru,
        "type": node_type,
        "category": category_of(node_type),
        "country": node.get("country", ""),
    }
