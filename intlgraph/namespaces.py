"""The IRIs intlgraph's code refers to, as plain strings (importing this loads nothing).

Whose programme a graph describes is not among them: it is read from the graph
(:mod:`intlgraph.programme`).

>>> from intlgraph.namespaces import IG, STATUS
>>> IG + "Membership", STATUS + "held"
('https://w3id.org/intlgraph/ont#Membership', 'https://w3id.org/intlgraph/vocab/status/held')

:data:`PREFIXES` is the one prefix map of the code: the standard vocabularies and the
project's own. A graph adds the prefixes its files declare
(:meth:`intlgraph.kg.KnowledgeGraph.prefixes`); :func:`compactor` writes IRIs with them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

__all__ = [
    "DCT",
    "ID",
    "IG",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "STATUS",
    "VOCAB",
    "XSD",
    "compactor",
]

#: The ontology.
IG = "https://w3id.org/intlgraph/ont#"
#: Resources of the data (``o:``, ``tie:``, ``src:`` ... live under it).
ID = "https://w3id.org/intlgraph/id/"
#: The closed list of statuses (``status:held``, ``status:planned`` ...).
STATUS = "https://w3id.org/intlgraph/vocab/status/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
#: The project's controlled vocabularies (``status:``, ``bound:``, ``category:``, ``period:``).
VOCAB = "https://w3id.org/intlgraph/vocab/"

#: Prefixes every query may use without declaring them, on every engine and in the server;
#: whose data it is (``o:``, ``tie:``, a programme's own paths) comes from the data files.
PREFIXES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dct": DCT,
    "org": ORG,
    "prov": PROV,
    "ig": IG,
    "igd": ID,
} | {name: f"{VOCAB}{name}/" for name in ("bound", "category", "period", "status")}


def compactor(prefixes: Mapping[str, str]) -> Callable[[str], str]:
    """A function writing an IRI as a prefixed name when one of ``prefixes`` covers it.

    The longest namespace wins; the local part must be a plain SPARQL/Turtle local name
    (letters, digits, ``-_.``, not starting with ``-`` or ``.`` nor ending with ``.``),
    else the IRI stays whole.

    >>> compact = compactor({"o": ID + "org/", "igd": ID})
    >>> compact(ID + "org/fprk"), compact(ID + "programme-2021/goal/g1"), compact("urn:x")
    ('o:fprk', 'https://w3id.org/intlgraph/id/programme-2021/goal/g1', 'urn:x')
    """
    namespaces = sorted(
        ((ns, prefix) for prefix, ns in prefixes.items() if prefix and ns),
        key=lambda item: -len(item[0]),
    )

    def compact(iri: str) -> str:
        for namespace, prefix in namespaces:
            if not iri.startswith(namespace):
                continue
            local = iri[len(namespace) :]
            if (
                local
                and local[0] not in "-."
                and not local.endswith(".")
                and all(c.isalnum() or c in "-_." for c in local)
            ):
                return f"{prefix}:{local}"
        return iri

    return compact
