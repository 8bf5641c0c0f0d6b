"""Turn draft findings into findings: labels in both languages, classes and sources.

All look-ups for a batch of drafts are made at once (three queries and two label look-ups).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from intlgraph.gaps.model import Draft, Entity, Evidence, Finding, Findings, Source, Text, severity
from intlgraph.namespaces import IG
from intlgraph.results import local_name

if TYPE_CHECKING:
    import pandas as pd

    from intlgraph.kg import KnowledgeGraph

__all__ = ["Lookup", "finalise", "type_of"]

# classes too general to name a resource by when a more specific one is asserted
_GENERAL = {IG + "PlannedMeasure", IG + "NationalTradeUnionCentre", IG + "Activity", IG + "Tie"}


def type_of(classes: Iterable[str]) -> str:
    """The class to show for a resource: its most telling asserted ``ig:`` class, compacted.

    >>> type_of([IG + "PlannedMeasure", IG + "WorkingVisit"])
    'ig:WorkingVisit'
    """
    own = sorted(c for c in classes if c.startswith(IG))
    telling = [c for c in own if c not in _GENERAL] or own
    if telling:
        return "ig:" + telling[0][len(IG) :]
    others = sorted(classes)
    return others[0] if others else ""


class Lookup:
    """Labels (en, ru), classes and sources of a set of resources, fetched in batches."""

    def __init__(self, kg: KnowledgeGraph, iris: Iterable[str]) -> None:
        wanted = sorted({i for i in iris if i.startswith(("http://", "https://"))})
        self.kg = kg
        self.types: dict[str, list[str]] = {}
        self.sources: dict[str, list[Source]] = {}
        if wanted:
            frame = kg.query("gaps/types-of", labels=False, nodes=wanted)
            for node, kind in zip(_cells(frame, "nodes"), _cells(frame, "type"), strict=True):
                self.types.setdefault(str(node), []).append(str(kind))
            self._read_sources(wanted)
        source_iris = {s.iri for found in self.sources.values() for s in found}
        every = set(wanted) | source_iris
        self.short: dict[str, dict[str, str]] = {}
        if wanted:
            frame = kg.query("gaps/acronyms-of", labels=False, nodes=wanted)
            for node, acronym, lang in zip(
                _cells(frame, "nodes"), _cells(frame, "acronym"), _cells(frame, "lang"), strict=True
            ):
                self.short.setdefault(str(node), {}).setdefault(str(lang or ""), str(acronym))
        self.en = kg.labels(every, "en")
        self.ru = kg.labels(every, "ru")
        self.sources = {
            node: [Source(s.iri, self.text(s.iri), s.section, s.file, s.row, s.urls) for s in found]
            for node, found in self.sources.items()
        }

    def _read_sources(self, wanted: Sequence[str]) -> None:
        frame = self.kg.query("gaps/sources-of", labels=False, nodes=list(wanted))
        collected: dict[str, dict[str, dict[str, object]]] = {}
        # column by column: a frame's rows as dicts cost seconds for the 1M world's 14k findings
        columns = [_cells(frame, c) for c in ("nodes", "source", "section", "file", "row", "url")]
        for node_cell, source_cell, section, file, row, url_cell in zip(*columns, strict=True):
            node, source = str(node_cell), str(source_cell)
            entry = collected.get(node, {}).get(source)
            if entry is None:
                entry = collected.setdefault(node, {})[source] = {
                    "section": _opt_str(section),
                    "file": _opt_str(file),
                    "row": _opt_int(row),
                    "urls": [],
                }
            url = _opt_str(url_cell)
            urls = entry["urls"]
            assert isinstance(urls, list)
            if url and url not in urls:
                urls.append(url)
        for node, by_source in collected.items():
            found = []
            for iri, entry in by_source.items():
                urls = entry["urls"]
                assert isinstance(urls, list)
                found.append(
                    Source(
                        iri,
                        Text("", ""),
                        section=entry["section"] if isinstance(entry["section"], str) else None,
                        file=entry["file"] if isinstance(entry["file"], str) else None,
                        row=entry["row"] if isinstance(entry["row"], int) else None,
                        urls=tuple(str(u) for u in urls),
                    )
                )
            found.sort(key=_source_order)
            self.sources[node] = found

    def text(self, iri: str) -> Text:
        """The labels of ``iri`` in English and Russian (its local name if it has none)."""
        fallback = local_name(iri)
        return Text(self.en.get(iri) or fallback, self.ru.get(iri) or self.en.get(iri) or fallback)

    def name(self, iri: str) -> Text:
        """How a title names ``iri``: its acronym in each language if it has one, else its label."""
        short = self.short.get(iri, {})
        label = self.text(iri)
        any_short = next(iter(short.values()), None)
        en = short.get("en") or any_short or label.en
        ru = short.get("ru") or any_short or label.ru
        return Text(en, ru)

    def type(self, iri: str) -> str:
        return type_of(self.types.get(iri, []))


def _cells(frame: pd.DataFrame, column: str) -> list[Any]:
    """A column's values as a list (missing ones as pandas gives them), or Nones when the
    frame lacks the column."""
    if column not in frame.columns:
        return [None] * len(frame)
    values: list[Any] = frame[column].to_numpy(dtype=object).tolist()
    return values


def _opt_str(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    return text if text and text not in {"<NA>", "nan", "None"} else None


def _opt_int(value: object) -> int | None:
    try:
        return int(value) if value is not None and str(value) not in {"<NA>", "nan"} else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _source_order(source: Source) -> tuple[int, str, str, int]:
    if source.section:
        return (0, source.section, "", 0)
    return (1, "", source.file or source.iri, source.row or 0)


def _format(template: str, labels: dict[str, str]) -> str:
    try:
        return template.format_map(labels)
    except (KeyError, IndexError, ValueError):
        return template


def finalise(kg: KnowledgeGraph, drafts: Sequence[Draft], *, lang: str = "en") -> Findings:
    """The findings of ``drafts``, with labels, classes and sources looked up in ``kg``."""
    iris: set[str] = set()
    for draft in drafts:
        iris.update(iri for iri, _ in draft.entities)
        iris.update(item.node for item in draft.evidence)
        iris.update(draft.refs)
    look = Lookup(kg, iris)
    findings = Findings(lang=lang)
    for draft in drafts:
        entities = tuple(
            Entity(iri, look.text(iri), kind or look.type(iri)) for iri, kind in draft.entities
        )
        names = [
            *(("e", look.name(e.iri)) for e in entities),
            *(("r", look.text(r)) for r in draft.refs),
        ]
        counters = {"e": 0, "r": 0}
        keyed: list[tuple[str, Text]] = []
        for prefix, text in names:
            keyed.append((f"{prefix}{counters[prefix]}", text))
            counters[prefix] += 1
        title = Text(
            _format(draft.title_en, {k: t.en for k, t in keyed}),
            _format(draft.title_ru, {k: t.ru for k, t in keyed}),
        )
        evidence = tuple(
            Evidence(
                node=item.node,
                label=look.text(item.node),
                type=look.type(item.node),
                role=item.role,
                triples=tuple(item.triples),
                sources=tuple(look.sources.get(item.node, [])),
            )
            for item in draft.evidence
        )
        findings.append(
            Finding(
                gap=draft.gap,
                title=title,
                severity=severity(draft.basis),
                entities=entities,
                evidence=evidence,
                score=draft.score,
            )
        )
    return findings
