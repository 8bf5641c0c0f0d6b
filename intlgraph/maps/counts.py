"""The counts of a cooperation network, defined once: the report's summary, the map's caption
and the map's own counter all read them from here.

- an **organisation** is a node of the network (an organisation the programme or a reference
  table names);
- a **tie** is one recorded relation between organisations — a membership, an agreement, a
  visit, a planned measure … (one tie record of the graph, however many parties it has), or
  an organisation's "part of" link to another;
- a **line** (an edge of the map) joins two organisations linked by at least one tie: one
  line can carry several ties, and a tie of three parties draws three lines;
- an organisation is **isolated** when no tie links it to another: the programme names it
  (a target, a possible partner) but records no tie with it.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("a", "b", ties=[{"tie": "t1"}, {"tie": "t2"}])
>>> G.add_edge("a", "c", ties=[{"tie": "t2"}])  # t2 has three parties: two lines
>>> G.add_node("d")
>>> counts(G)
Counts(organisations=4, linked=3, isolated=1, ties=2, lines=2)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Counts", "counts", "tie_key", "tie_records"]


@dataclass(frozen=True)
class Counts:
    """How many organisations (linked, isolated), ties and lines a network has."""

    organisations: int
    linked: int
    isolated: int
    ties: int
    lines: int


def tie_key(a: Any, b: Any, record: dict[str, Any]) -> str:
    """The identity of a tie record: its IRI, or — for a link without one ("part of") — its
    kind and the two organisations.

    >>> tie_key("a", "b", {"tie": "https://x/t1"}), tie_key("b", "a", {"kind": "structure"})
    ('https://x/t1', 'structure a b')
    """
    iri = str(record.get("tie") or "")
    if iri:
        return iri
    first, second = sorted((str(a), str(b)))
    return f"{record.get('kind', 'tie')} {first} {second}"


def tie_records(G: nx.Graph[Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each tie of ``G`` once: ``(key, record)``, in the order of the edges.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", ties=[{"tie": "t1"}])
    >>> G.add_edge("b", "c", ties=[{"tie": "t1"}])
    >>> [key for key, _ in tie_records(G)]
    ['t1']
    """
    seen: set[str] = set()
    for a, b, data in G.edges(data=True):
        for record in data.get("ties", []):
            key = tie_key(a, b, record)
            if key not in seen:
                seen.add(key)
                yield key, record


def counts(G: nx.Graph[Any]) -> Counts:
    """The :class:`Counts` of ``G`` (as :func:`intlgraph.network.project` builds it)."""
    isolated = sum(1 for node in G if G.degree(node) == 0)
    return Counts(
        organisations=G.number_of_nodes(),
        linked=G.number_of_nodes() - isolated,
        isolated=isolated,
        ties=sum(1 for _ in tie_records(G)),
        lines=G.number_of_edges(),
    )
