"""What the bundled ontology says that the code needs, read from the ontology, not copied.

* :func:`graph` — the ontology and vocabularies (``ontology/*.ttl`` without the shapes) as one
  rdflib graph, parsed once;
* :func:`class_tables` — per class, the network's tie kind (``ig:networkKind``) and the map's
  node category (``ig:mapCategory``), inherited along ``rdfs:subClassOf``, the activity classes
  and each class's depth;
* :func:`prospective_statuses` — the statuses of the collection ``status:prospective``
  (planned or sought, not yet in force: dashed on the maps).

A new subclass or status member in the ontology is picked up without a code change.

>>> from intlgraph import ontology
>>> sorted(ontology.prospective_statuses())
['in-negotiation', 'pending', 'planned', 'sought']
>>> ontology.class_tables().kinds["WorkingVisit"]
'visit'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from intlgraph.namespaces import IG, STATUS
from intlgraph.results import local_name as local

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["ClassTables", "class_tables", "graph", "prospective_statuses"]


@cache
def graph() -> Graph:
    """The bundled ontology and vocabularies as one rdflib graph (parsed once; do not change it).

    >>> from intlgraph import ontology
    >>> from rdflib import OWL, RDF
    >>> len(set(ontology.graph().subjects(RDF.type, OWL.Class))) > 50
    True
    """
    from rdflib import Graph

    from intlgraph import paths

    found = Graph()
    for path in paths.ontology_files():
        found.parse(path, format="turtle")
    return found


@dataclass(frozen=True)
class ClassTables:
    """What the ontology says of its classes for the network (by local name): the tie kind
    (``ig:networkKind``), the node category (``ig:mapCategory``) — each from the class or its
    nearest ancestor that states one — the classes that are activities (``ig:Activity`` and
    its subclasses) and each class's depth below its roots (the most specific type wins).

    >>> from intlgraph.network import class_tables
    >>> tables = class_tables()
    >>> tables.kinds["Seminar"], tables.categories["GlobalUnionFederation"]
    ('event', 'international-union-body')
    >>> tables.depth["FocalFederation"] > tables.depth["NationalTradeUnionCentre"]
    True
    """

    kinds: dict[str, str]
    categories: dict[str, str]
    activities: frozenset[str]
    depth: dict[str, int]

    @classmethod
    def from_graph(cls, graph: Any) -> ClassTables:
        """The tables of an rdflib graph holding the ontology.

        >>> from intlgraph import ontology
        >>> from intlgraph.ontology import ClassTables
        >>> mine = ontology.graph() + ontology.graph()  # a copy to add to
        >>> extra = ("@prefix ig: <https://w3id.org/intlgraph/ont#> . @prefix rdfs: "
        ...          "<http://www.w3.org/2000/01/rdf-schema#> . "
        ...          "ig:SummerSchool rdfs:subClassOf ig:Seminar .")
        >>> _ = mine.parse(data=extra, format="turtle")  # a user's own subclass
        >>> tables = ClassTables.from_graph(mine)
        >>> tables.kinds["SummerSchool"], "SummerSchool" in tables.activities
        ('event', True)
        """
        from rdflib import RDFS, URIRef

        kind_property, category_property = URIRef(IG + "networkKind"), URIRef(IG + "mapCategory")
        parents: dict[str, set[str]] = defaultdict(set)
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                parents[local(str(sub))].add(local(str(sup)))
        own_kind = {local(str(c)): str(v) for c, v in graph.subject_objects(kind_property)}
        own_category = {local(str(c)): str(v) for c, v in graph.subject_objects(category_property)}
        classes = set(parents) | {p for ps in parents.values() for p in ps}
        classes |= set(own_kind) | set(own_category)

        def nearest(name: str, own: dict[str, str]) -> str | None:
            level, seen = [name], {name}
            while level:  # breadth first: the closest ancestor stating one decides
                found = sorted(own[c] for c in level if c in own)
                if found:
                    return found[0]
                level = sorted({p for c in level for p in parents.get(c, ()) if p not in seen})
                seen.update(level)
            return None

        def depth(name: str, trail: frozenset[str] = frozenset()) -> int:
            above = [p for p in parents.get(name, ()) if p not in trail]
            return 1 + max((depth(p, trail | {name}) for p in above), default=-1)

        kinds = {c: k for c in classes if (k := nearest(c, own_kind)) is not None}
        categories = {c: k for c in classes if (k := nearest(c, own_category)) is not None}
        activities = frozenset(c for c in classes if _reaches(c, "Activity", parents))
        return cls(kinds, categories, activities, {c: depth(c) for c in classes})


def _reaches(name: str, target: str, parents: dict[str, set[str]]) -> bool:
    level, seen = {name}, {name}
    while level:
        if target in level:
            return True
        level = {p for c in level for p in parents.get(c, ()) if p not in seen}
        seen |= level
    return False


@cache
def class_tables() -> ClassTables:
    """The :class:`ClassTables` of the bundled ontology (read once).

    >>> from intlgraph.ontology import class_tables
    >>> tables = class_tables()
    >>> tables.kinds["MemorandumOfUnderstanding"], tables.categories["ForeignNationalCentre"]
    ('agreement', 'national-centre')
    """
    return ClassTables.from_graph(graph())


@cache
def prospective_statuses() -> frozenset[str]:
    """The notations of the statuses in ``status:prospective``: planned or sought, not yet in
    force (a tie with only these is drawn dashed).

    >>> from intlgraph import ontology
    >>> "held" in ontology.prospective_statuses(), "sought" in ontology.prospective_statuses()
    (False, True)
    """
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    found = graph()
    members = found.objects(URIRef(STATUS + "prospective"), SKOS.member)
    return frozenset(str(found.value(m, SKOS.notation) or local(str(m))) for m in members)
