"""The IRIs intlgraph's code refers to, as plain strings (importing this loads nothing).

>>> from intlgraph.namespaces import FPRK, IG, STATUS
>>> IG + "Membership", STATUS + "held"
('https://w3id.org/intlgraph/ont#Membership', 'https://w3id.org/intlgraph/vocab/status/held')
>>> FPRK
'https://w3id.org/intlgraph/id/org/fprk'
"""

from __future__ import annotations

__all__ = ["DCT", "FPRK", "ID", "IG", "ORG", "PROV", "RDF", "STATUS"]

#: The ontology.
IG = "https://w3id.org/intlgraph/ont#"
#: Resources of the data (``o:``, ``tie:``, ``src:`` ... live under it).
ID = "https://w3id.org/intlgraph/id/"
#: The closed list of statuses (``status:held``, ``status:planned`` ...).
STATUS = "https://w3id.org/intlgraph/vocab/status/"
#: The programme's focal federation, FPRK.
FPRK = ID + "org/fprk"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
