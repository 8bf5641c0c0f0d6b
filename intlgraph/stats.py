"""Counts of the knowledge graph's resources by class, by source and by status.

The counting is done by the SPARQL queries in ``queries/stats/``; labels are
added here so that they follow the chosen language with the usual fallbacks.

>>> import intlgraph
>>> counts = intlgraph.load(engine="oxigraph").stats()
>>> counts.by_class[["label", "count"]].head(3).values.tolist()
[['ratification', 1647], ['reference record', 311], ['country', 187]]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from intlgraph import paths
from intlgraph.results import local_name

if TYPE_CHECKING:
    import pandas as pd

    from intlgraph.kg import KnowledgeGraph

__all__ = ["TABLES", "Stats", "stats"]

#: The tables of :class:`Stats`, in order.
TABLES: tuple[str, ...] = ("by_class", "by_source", "by_status")


@dataclass
class Stats:
    """Three tables of counts; each has a ``count`` column.

    - ``by_class``: ``class``, ``label``, ``count`` (data resources per asserted class)
    - ``by_source``: ``kind``, ``key``, ``label``, ``sources``, ``count`` (resources
      derived from each programme section, and from the records of each reference
      file; ``sources`` is the number of section / record resources in the row)
    - ``by_status``: ``status``, ``label``, ``count`` (ties per status)

    >>> import intlgraph
    >>> counts = intlgraph.load(engine="oxigraph").stats()
    >>> section = counts.by_source.set_index("key").loc["4.2"]
    >>> section["label"], int(section["count"])
    ('4.2. Initiating the ratification of ILO conventions', 30)
    """

    by_class: pd.DataFrame
    by_source: pd.DataFrame
    by_status: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """The three tables by name, in :data:`TABLES` order (e.g. to write each as CSV).

        >>> import intlgraph
        >>> for name, frame in intlgraph.load(engine="oxigraph").stats().tables().items():
        ...     print(name, list(frame.columns))
        by_class ['class', 'label', 'count']
        by_source ['kind', 'key', 'label', 'sources', 'count']
        by_status ['status', 'label', 'count']
        """
        return {name: getattr(self, name) for name in TABLES}

    def __str__(self) -> str:
        parts = []
        for name, frame in self.tables().items():
            body = frame.to_string(index=False) if len(frame) else "(none)"
            parts.append(f"{name}:\n{body}")
        return "\n\n".join(parts)


def stats(kg: KnowledgeGraph, lang: str = "en") -> Stats:
    """Count resources by class, source and status, with labels in ``lang``.

    >>> import intlgraph
    >>> counts = stats(intlgraph.load(engine="oxigraph"), lang="ru")
    >>> counts.by_class[["label", "count"]].head(3).values.tolist()
    [['ратификация', 1647], ['справочная запись', 311], ['страна', 187]]
    """
    by_class = _run(kg, "by_class")
    by_class.insert(1, "label", [kg.label(iri, lang) for iri in by_class["class"]])

    by_source = _run(kg, "by_source")
    by_source["label"] = [
        _source_label(kg, kind, key, example, lang)
        for kind, key, example in zip(
            by_source["kind"], by_source["key"], by_source["example"], strict=True
        )
    ]
    by_source["key"] = [
        key if kind != "other" else local_name(key)
        for kind, key in zip(by_source["kind"], by_source["key"], strict=True)
    ]
    by_source = by_source.iloc[
        sorted(range(len(by_source)), key=lambda i: _source_order(by_source, i))
    ]
    by_source = by_source[["kind", "key", "label", "sources", "count"]].reset_index(drop=True)

    by_status = _run(kg, "by_status")
    by_status.insert(1, "label", [kg.label(iri, lang) for iri in by_status["status"]])
    return Stats(by_class=by_class, by_source=by_source, by_status=by_status)


def _run(kg: KnowledgeGraph, name: str) -> pd.DataFrame:
    frame: pd.DataFrame = kg.query(
        paths.query_file(f"stats/{name}").read_text(encoding="utf-8"), labels=False
    )
    for column in ("count", "sources"):
        if column in frame.columns:
            frame[column] = frame[column].astype("int64")
    return frame


def _source_label(kg: KnowledgeGraph, kind: str, key: str, example: str, lang: str) -> str:
    """A section's own label; for a file of reference records, the file name."""
    return key if kind == "ReferenceRecord" else kg.label(example, lang)


_KIND_ORDER = {"ProgrammeSection": 0, "ReferenceRecord": 1}


def _source_order(
    frame: pd.DataFrame, row: int
) -> tuple[int, str, tuple[tuple[int, int | str], ...]]:
    kind = str(frame["kind"].iat[row])
    return (_KIND_ORDER.get(kind, 2), kind, _natural_key(str(frame["key"].iat[row])))


def _natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort "4.2" before "4.10": numbers compare as numbers."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )
