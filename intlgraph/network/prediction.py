"""Link prediction: ties that the network's shape suggests, each with the reason.

>>> import intlgraph
>>> from intlgraph import network
>>> G = network.project(intlgraph.load(engine="oxigraph"))
>>> network.predict_links(G, "fprk", top=1).loc[0, "explanation"]
'FPRK and EI are not tied yet but share 1 partner: KTUESW (membership with FPRK, membership with
EI).'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from intlgraph.exc import NetworkError
from intlgraph.network.structure import resolve

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = ["METHODS", "predict_links"]

#: Scores :func:`predict_links` knows.
METHODS: tuple[str, ...] = ("adamic_adar", "jaccard", "common_neighbours")

COLUMNS = ["candidate", "label", "type", "score", "method", "shared", "explanation"]


def _name(G: nx.Graph[Any], node: Any) -> str:
    data = G.nodes[node]
    return str(data.get("short_en") or data.get("label") or node)


def _score(G: nx.Graph[Any], method: str, source: Any, candidate: Any, shared: list[Any]) -> float:
    if method == "common_neighbours":
        return float(len(shared))
    if method == "jaccard":
        union = set(G[source]) | set(G[candidate])
        return len(shared) / len(union) if union else 0.0
    return sum(1 / math.log(G.degree(w)) for w in shared if G.degree(w) > 1)


def predict_links(
    G: nx.Graph[Any], source: Any, *, method: str = "adamic_adar", top: int = 10
) -> pd.DataFrame:
    """Candidate new ties of ``source``: nodes it is not tied to but shares partners with,
    best first. Columns: candidate, label, type, score, method, shared (the shared partners'
    IRIs) and explanation (one sentence naming them with their ties to both sides).

    ``method`` is ``"adamic_adar"`` (shared partners weighted by 1/log(their degree)),
    ``"jaccard"`` (shared / all partners of the two) or ``"common_neighbours"``.

    >>> import intlgraph
    >>> from intlgraph import network
    >>> G = network.project(intlgraph.load(engine="oxigraph"))
    >>> found = network.predict_links(G, "ETUCE", method="jaccard")
    >>> found[["label", "score", "shared"]].round(3).values.tolist()
    [['Education International', 1.0, ['https://w3id.org/intlgraph/id/org/kz-education-union']],
    ['Federation of Trade Unions of the Republic of Kazakhstan', 0.026,
    ['https://w3id.org/intlgraph/id/org/kz-education-union']]]
    >>> found.loc[0, "explanation"]
    'ETUCE and EI are not tied yet but share 1 partner: KTUESW (membership with ETUCE, ...'
    """
    import pandas as pd

    if method not in METHODS:
        raise NetworkError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    node = resolve(G, source)
    neighbours = set(G[node])
    candidates: dict[Any, list[Any]] = {}
    for partner in neighbours:
        for other in G[partner]:
            if other != node and other not in neighbours:
                candidates.setdefault(other, []).append(partner)
    rows = []
    for candidate, shared in candidates.items():
        shared.sort(key=lambda n: _name(G, n))
        reasons = [
            f"{_name(G, w)} ({G.edges[node, w].get('kind', 'tie')} with {_name(G, node)}, "
            f"{G.edges[candidate, w].get('kind', 'tie')} with {_name(G, candidate)})"
            for w in shared
        ]
        count = f"{len(shared)} partner{'s' if len(shared) != 1 else ''}"
        rows.append(
            {
                "candidate": candidate,
                "label": G.nodes[candidate].get("label", str(candidate)),
                "type": G.nodes[candidate].get("type", ""),
                "score": _score(G, method, node, candidate, shared),
                "method": method,
                "shared": list(shared),
                "explanation": f"{_name(G, node)} and {_name(G, candidate)} are not tied yet "
                f"but share {count}: {', '.join(reasons)}.",
            }
        )
    rows.sort(key=lambda r: (-r["score"], str(r["label"])))
    return pd.DataFrame(rows[:top], columns=COLUMNS)
