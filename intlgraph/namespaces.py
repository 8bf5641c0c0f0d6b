"""The IRIs intlgraph's code refers to, as plain strings (importing this loads nothing).

Whose programme a graph describes is not among them: it is read from the graph
(:mod:`intlgraph.programme`).

>>> from intlgraph.namespaces import IG, STATUS
>>> IG + "Membership", STATUS + "held"
('https://w3id.org/intlgraph/ont#Membership', 'https://w3id.org/intlgraph/vocab/status/held')
"""

from __future__ import annotations

__all__ = ["DCT", "ID", "IG", "ORG", "PROV", "RDF", "STATUS"]

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
