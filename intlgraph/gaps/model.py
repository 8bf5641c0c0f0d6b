"""What a gap finding is: the dataclasses, the JSON shape and the severity rule.

A check produces :class:`Draft` findings (IRIs only); :mod:`intlgraph.gaps.resolve` turns them
into :class:`Finding` objects with labels in both languages, types and sources.

>>> severity(Basis.GOAL_BLOCKED), severity(Basis.NO_OUTCOME), severity(Basis.DATA_GAP)
('high', 'medium', 'low')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SEVERITIES",
    "Basis",
    "Draft",
    "Entity",
    "Evidence",
    "EvidenceDraft",
    "Finding",
    "Findings",
    "Source",
    "Text",
    "severity",
]

#: Severities, most severe first.
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")


class Basis(StrEnum):
    """Why a finding matters; :func:`severity` maps each to a severity."""

    GOAL_BLOCKED = "goal-blocked"  # a stated aim of the programme (3.1) is not met
    NO_TIE = "no-tie"  # a programme target with no tie at all to the federation
    NO_OUTCOME = "no-outcome"  # a planned measure with no recorded outcome
    NO_MEASURE = "no-measure"  # a goal or task that no planned measure serves
    WEAK_TIE = "weak-tie"  # a target reached, but not by an agreement; a single broker
    DATA_GAP = "data-gap"  # the graph knows fewer individuals than a source states
    SUGGESTION = "suggestion"  # a tie the network suggests (link prediction)


_SEVERITY: dict[Basis, str] = {
    Basis.GOAL_BLOCKED: "high",
    Basis.NO_TIE: "medium",
    Basis.NO_OUTCOME: "medium",
    Basis.NO_MEASURE: "medium",
    Basis.WEAK_TIE: "low",
    Basis.DATA_GAP: "low",
    Basis.SUGGESTION: "low",
}


def severity(basis: Basis | str) -> str:
    """The severity of a finding, from why it matters (the documented rule, README).

    * **high** — a goal of the programme (3.1) is directly blocked: a General Agreement
      convention not ratified (or only pending), a membership sought and not held;
    * **medium** — a planned measure without outcome, a goal or task without a measure, a
      programme target (organisation or country) with no tie at all to the federation;
    * **low** — a target tied to the federation but without an agreement, a body reached only
      through one broker, data incompleteness (stated figure above the known individuals), a
      suggested tie.

    >>> severity("weak-tie")
    'low'
    """
    return _SEVERITY[Basis(basis)]


@dataclass(frozen=True)
class Text:
    """A text in English and Russian."""

    en: str
    ru: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``ru`` or else English).

        >>> Text("yes", "да").get("ru")
        'да'
        """
        return self.ru if lang == "ru" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "ru": self.ru}


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a programme section or a reference record (file, row, URLs)."""

    iri: str
    label: Text
    section: str | None = None
    file: str | None = None
    row: int | None = None
    urls: tuple[str, ...] = ()

    def cite(self, lang: str = "en") -> str:
        """A short citation: ``programme 4.2`` or ``affiliations.csv row 1``.

        >>> Source("x", Text("", ""), section="4.2").cite()
        'programme 4.2'
        """
        if self.section:
            return ("программа " if lang == "ru" else "programme ") + self.section
        if self.file:
            row = f" {'строка' if lang == 'ru' else 'row'} {self.row}" if self.row else ""
            return self.file + row
        return self.label.get(lang) or self.iri

    def to_dict(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "label": self.label.to_dict(),
            "section": self.section,
            "file": self.file,
            "row": self.row,
            "urls": list(self.urls),
        }


@dataclass(frozen=True)
class Entity:
    """A resource a finding is about: IRI, labels in both languages, its class (compact)."""

    iri: str
    label: Text
    type: str

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "label": self.label.to_dict(), "type": self.type}


@dataclass(frozen=True)
class Evidence:
    """A node behind a finding (a tie, a figure, a measure ...), its triples and sources.

    ``role`` says what it shows (see :data:`intlgraph.gaps.render.ROLES`).
    """

    node: str
    label: Text
    type: str
    role: str
    triples: tuple[tuple[str, str, str], ...] = ()
    sources: tuple[Source, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "label": self.label.to_dict(),
            "type": self.type,
            "role": self.role,
            "triples": [list(t) for t in self.triples],
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True)
class Finding:
    """One gap: its check id, title (en/ru), severity, entities, evidence and score.

    ``entities[0]`` is what the finding is about; ``score`` is set for suggestions only.
    """

    gap: str
    title: Text
    severity: str
    entities: tuple[Entity, ...]
    evidence: tuple[Evidence, ...] = ()
    score: float | None = None

    @property
    def subject(self) -> str:
        """The IRI of the first entity (what the finding is about)."""
        return self.entities[0].iri if self.entities else ""

    def sources(self) -> list[Source]:
        """Every source of the evidence, once each, in order."""
        seen: dict[str, Source] = {}
        for item in self.evidence:
            for source in item.sources:
                seen.setdefault(source.iri, source)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the finding (the schema in README, "Gap analysis")."""
        return {
            "gap": self.gap,
            "title": self.title.to_dict(),
            "severity": self.severity,
            "entities": [e.to_dict() for e in self.entities],
            "evidence": [e.to_dict() for e in self.evidence],
            "score": self.score,
        }


class Findings(list[Finding]):
    """The findings of one or more checks; ``lang`` is the language of :meth:`to_frame`."""

    def __init__(self, items: list[Finding] | None = None, *, lang: str = "en") -> None:
        super().__init__(items or [])
        self.lang = lang

    def only(self, gap: str) -> Findings:
        """The findings of one check."""
        return Findings([f for f in self if f.gap == gap], lang=self.lang)

    def subjects(self, gap: str | None = None) -> list[str]:
        """The subject IRIs, in order (of one check, if ``gap`` is given)."""
        return [f.subject for f in self if gap is None or f.gap == gap]

    def counts(self) -> dict[str, int]:
        """Number of findings per check id, in order of first appearance."""
        out: dict[str, int] = {}
        for finding in self:
            out[finding.gap] = out.get(finding.gap, 0) + 1
        return out

    def to_records(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self]

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON array of findings."""
        return json.dumps(self.to_records(), ensure_ascii=False, indent=indent)

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """One row per finding: gap, severity, title, subject, entities, sources, score."""
        import pandas as pd

        lang = lang or self.lang
        rows = [
            {
                "gap": f.gap,
                "severity": f.severity,
                "title": f.title.get(lang),
                "subject": f.subject,
                "entities": "; ".join(e.label.get(lang) for e in f.entities),
                "evidence": len(f.evidence),
                "sources": "; ".join(s.cite(lang) for s in f.sources()),
                "score": f.score,
            }
            for f in self
        ]
        columns = ["gap", "severity", "title", "subject", "entities", "evidence", "sources"]
        return pd.DataFrame(rows, columns=[*columns, "score"])


@dataclass
class EvidenceDraft:
    """Evidence before labels and sources are looked up."""

    node: str
    role: str
    triples: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Draft:
    """A finding before labels and sources are looked up.

    The titles are ``str.format`` templates: ``{e0}``, ``{e1}`` ... are the labels of the
    entities and ``{r0}`` ... those of ``refs`` (other resources named in the title), in the
    title's language.
    """

    gap: str
    title_en: str
    title_ru: str
    basis: Basis
    entities: list[tuple[str, str | None]]
    evidence: list[EvidenceDraft] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    score: float | None = None
